"""`unkg build` (reports into the store) and `unkg remove` (one report out of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from unkg.cli.app import api, app, err, fail, open_store, out, setting_options, table
from unkg.settings import Settings


@app.command(epilog="Example: unkg build examples/reports")
@setting_options("build")
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files or folders (searched recursively).")
    ],
    settings: Settings,
    force: Annotated[bool, typer.Option(help="Re-extract reports even if unchanged.")] = False,
) -> None:
    """Extract reports and load them into the store (one named graph per report).

    This process alone writes the store; --workers or --scheduler only spread extraction.
    An interrupted build keeps the reports it has written (committed every 5 minutes, and
    on Ctrl-C): run it again to go on."""
    files = list(api(settings).find_reports(paths))
    if not files:
        raise fail("no report files found in " + ", ".join(map(str, paths)))
    st = open_store(settings, read_only=False)
    try:
        result = _build_with_progress(
            files,
            st,
            force=force,
            workers=settings.extract_workers,
            scheduler=settings.scheduler,
        )
    except KeyboardInterrupt:
        raise fail(
            "interrupted; the reports written so far are kept: run the same build again to "
            "go on (it leaves them as they are)",
            130,
        ) from None
    out.print(_build_table(result.files))
    out.print(f"store: {result.store} ({len(st)} quads, {len(st.report_slugs())} reports)")
    if result.failed:
        raise fail(
            f"{len(result.failed)} of {len(result.files)} files failed; the others were built"
        )


def _build_with_progress(files: list[Path], st, **options):
    """`unkg.api.build` with a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from unkg.api import build as run

    with Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(files))

        def advance(f) -> None:
            bar.update(task, advance=1, description=Path(f.path).name)
            if bar.tasks[0].finished:  # the last batch, the commit and compaction follow
                bar.update(task, description="writing the store")

        return run(files, store=st, progress=advance, **options)


def _build_table(files) -> Table:
    from unkg.api import file_name

    def status(f) -> str:
        text = f"[red]failed: {escape(f.error or '')}[/]" if f.status == "failed" else f.status
        return text + (f" [yellow]({escape(f.note)})[/]" if f.note else "")

    counts = {"paragraphs": "paragraphs", "mentions": "mentions", "relations": "relations"}
    counts["OCR pages"] = "ocr_pages"

    def row(f) -> tuple[str, ...]:
        numbers = (str(getattr(f, attr)) for attr in counts.values())
        return (escape(file_name(f.path)), status(f), f.report or "", f.encoding or "", *numbers)

    columns = ("file", "status", "report", "encoding", *counts)
    return table(columns, [row(f) for f in files], "build", right=counts)


@app.command(epilog="Example: unkg remove S-2023-1000-zh")
@setting_options("remove")
def remove(
    report: Annotated[str, typer.Argument(help="The report's id, as `unkg reports` shows it.")],
    settings: Settings,
) -> None:
    """Delete one report's graph from the store."""
    if not api(settings).remove(report, store=open_store(settings, read_only=False)):
        raise fail(f"no report {report!r} in the store; `unkg reports` lists them")
    out.print(f"removed {report}")
