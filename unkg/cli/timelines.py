"""`unkg timeline`: a mission's mandate history, the missions active at a time, the chart."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from unkg.cli.app import app, err, fail, open_store, out, setting_options, table
from unkg.settings import Settings


class TimelineFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command(
    epilog="Example: unkg timeline UNPROFOR --format csv; unkg timeline --year 1995; "
    "unkg timeline --date 1995-06-30; unkg timeline --chart timeline.html"
)
@setting_options("timeline")
def timeline(
    mission: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="A mission's acronym or name: its mandate history.", show_default=False
        ),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="The missions active at any time in this year.", show_default=False),
    ] = None,
    date: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The missions active on this date (YYYY-MM-DD).", show_default=False),
    ] = None,
    format: Annotated[TimelineFormat, typer.Option("--format", "-f")] = TimelineFormat.table,
    chart: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            help="Write the timeline chart of all missions to this HTML file (works offline).",
            show_default=False,
        ),
    ] = None,
    *,
    settings: Settings,  # the store; the language of the chart
) -> None:
    """Mandate history of a mission, missions active at a time, or the chart of all missions.

    A MISSION: its mandate acts (date, act, resolution, until, report and paragraph).
    --year or --date: the missions active then, with their hosts. --chart: the chart."""
    from unkg.api import active_missions, timeline_chart, timeline_text
    from unkg.api import timeline as history

    if sum(x is not None for x in (mission, year, date, chart)) != 1:
        raise fail("give a MISSION, --year, --date or --chart (one of them)", 2)
    if chart is not None:
        path = timeline_chart(open_store(settings), chart, lang=settings.lang)
        err.print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB); open it in a browser")
        return
    try:
        st = open_store(settings)
        rows = history(mission, store=st) if mission else active_missions(date, year=year, store=st)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    if format is not TimelineFormat.table:
        kind = "history" if mission else "active"
        sys.stdout.write(timeline_text(rows, format.value, kind))
        return
    if mission:
        columns = ("date", "act", "resolution", "until", "report", "paragraph")
        cells = [(r.date, r.act, r.resolution, r.until, r.report, r.paragraph) for r in rows]
        title = f"mandate history of {mission} ({len(rows)} act{'' if len(rows) == 1 else 's'})"
    else:
        columns = ("mission", "start", "end", "hosts", "name")
        cells = [(r.mission, r.start, r.end, ", ".join(r.hosts), r.name) for r in rows]
        title = f"missions active {'in ' + str(year) if year else 'on ' + str(date)} ({len(rows)})"
    out.print(table(columns, [tuple(escape(c) for c in row) for row in cells], title))
