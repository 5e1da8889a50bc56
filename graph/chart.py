"""The timeline chart: one bar per mission from its start to its end, coloured by type, with
the mandate acts the reports state as marks, and a year cursor.

The chart is plain SVG drawn here, in Python, through a Jinja2 template with autoescape: every
name and symbol from the store is escaped where it lands, a mark's tooltip is an SVG
``<title>``, and the page needs no chart library and no network. Its one inline script (the
year cursor, allowed by its hash) only moves a line and counts bars. Served by ``unkg serve``
at ``/timeline``, written by ``unkg timeline --chart FILE.html``.
"""

from __future__ import annotations

from calendar import isleap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from unkg.graph.files import write_text
from unkg.graph.network import node_info
from unkg.graph.periods import mission_acts, period
from unkg.graph.store import Store
from unkg.graph.timeline import active
from unkg.graph.viz import asset, check_lang, script_hashes, template

__all__ = ["CHART_SCRIPTS", "Bar", "chart_bars", "render_chart", "write_chart"]

CHART_SCRIPTS = ("chart.js",)
# mission type → (colour, Chinese name, English name)
KIND_STYLE = {
    "PeacekeepingOperation": ("#1565c0", "维持和平行动", "Peacekeeping operation"),
    "SpecialPoliticalMission": ("#ef6c00", "特别政治任务", "Special political mission"),
    "Mission": ("#757575", "其他特派团", "Other mission"),
}
# act → (mark drawn, Chinese name)
ACT_MARKS = {
    "established": ("▲", "设立"),
    "extended": ("●", "延长"),
    "modified": ("■", "修改"),
    "terminated": ("✕", "终止"),
}
ROW, LEFT, WIDTH, TOP = 18, 120, 1100, 28  # px: row height, label column, plot, axis


@dataclass
class Bar:
    """One mission's row: its years as days (partial dates cover their whole period) and the
    acts the reports state, each placed at its adoption date."""

    iri: str
    acronym: str
    name_zh: str
    name_en: str
    kind: str
    start: str  # the dates the bar is drawn from ("" when the acts gave the period)
    end: str
    first: int  # years, as the graph page's slider counts them
    last: int | None
    acts: list[dict[str, str]] = field(default_factory=list)


def _day(value: str, last: bool = False) -> date:
    """The first (or last) day a date known to the year, month or day covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1) if last else date(parts[0], parts[1], 1)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def _when(value: str) -> date | None:
    """Where an act's mark goes: its day, or the middle of a month or year known alone."""
    if not value:
        return None
    if len(value) == 4:
        return date(int(value), 7, 1)
    if len(value) == 7:
        return date(int(value[:4]), int(value[5:7]), 15)
    return _day(value)


def _fraction(d: date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / (366 if isleap(d.year) else 365)


def _kinds(store: Store) -> dict[str, str]:
    rows = store.query(
        """SELECT ?m ?type WHERE { ?m a ?type .
             FILTER(?type IN (unkg:PeacekeepingOperation, unkg:SpecialPoliticalMission)) }"""
    )
    return {r["m"].value: r["type"].value.rsplit("#", 1)[-1] for r in rows}


def chart_bars(store: Store, today: date | None = None) -> list[Bar]:
    """Every mission the store dates: by its reference dates (`unkg.graph.timeline.active`
    from 1945 to `today`), or, for one the reference data does not date, by the acts the
    reports state (`unkg.graph.periods.period`); ordered by start."""
    today = today or date.today()
    acts = mission_acts(store)
    dated = active(store, "1945", today.isoformat())
    undated = [m for m in acts if m not in {a.iri for a in dated}]
    infos = node_info(store, [*(a.iri for a in dated), *undated])
    kinds = _kinds(store)
    bars = []
    for a in dated:
        first, last = period(a.start, a.end, [])
        bars.append(_bar(a.iri, infos, kinds, a.start, a.end, first, last, acts))
    for iri in undated:
        first, last = period("", "", acts[iri])
        if first is not None:
            bars.append(_bar(iri, infos, kinds, str(first), str(last or ""), first, last, acts))
    return sorted(bars, key=lambda b: (_day(b.start), b.acronym))


def _bar(iri, infos, kinds, start, end, first, last, acts) -> Bar:
    info = infos.get(iri)
    acronym = (info.acronym if info else "") or iri.rsplit("/", 1)[-1]
    return Bar(
        iri=iri,
        acronym=acronym,
        name_zh=info.label_zh if info else "",
        name_en=info.label_en if info else "",
        kind=kinds.get(iri, "Mission"),
        start=start,
        end=end,
        first=first,
        last=last,
        acts=acts.get(iri, []),
    )


def _layout(bars: list[Bar], today: date, reports: dict[str, str]) -> dict[str, Any]:
    """Pixel positions of the bars, marks and year ticks."""
    y0 = min((b.first for b in bars), default=today.year)
    y1 = today.year + 1
    scale = WIDTH / max(1, y1 - y0)

    def x(d: date) -> float:
        return round(LEFT + (_fraction(d) - y0) * scale, 1)

    rows = []
    for i, b in enumerate(bars):
        top = TOP + i * ROW
        begin = x(_day(b.start))
        end = x(_day(b.end, last=True) if b.end else today)
        marks = []
        for a in b.acts:
            when = _when(a["date"])
            if when is None:
                continue
            title = " · ".join(
                s
                for s in (
                    a["act"],
                    a["res"],
                    a["date"],
                    f"until {a['until']}" if a["until"] else "",
                    f"{reports.get(a['r'], a['r'])} ¶{a['p']}" if a["p"] else "",
                )
                if s
            )
            marks.append({"x": x(when), "act": a["act"], "title": title})
        rows.append(
            {
                "bar": b,
                "y": top,
                "x": begin,
                "w": max(2.0, end - begin),
                "color": KIND_STYLE.get(b.kind, KIND_STYLE["Mission"])[0],
                "marks": marks,
                "undated_acts": sum(1 for a in b.acts if not a["date"]),
            }
        )
    step = 5 if y1 - y0 <= 60 else 10
    ticks = [
        {"year": y, "x": round(LEFT + (y - y0) * scale, 1)}
        for y in range(y0 - y0 % step + step, y1 + 1, step)
    ]
    return {
        "rows": rows,
        "ticks": ticks,
        "first": y0,
        "last": today.year,
        "x0": LEFT,
        "scale": scale,
        "height": TOP + len(bars) * ROW + 10,
        "width": LEFT + WIDTH + 20,
    }


def _report_names(store: Store) -> dict[str, str]:
    return {r.slug: r.identifier for r in store.reports()}


def render_chart(
    store: Store, *, lang: str = "zh", graph_url: str | None = None, today: date | None = None
) -> str:
    """The chart page of `store`, self-contained; `graph_url` (relative to the page) is the
    graph page the year cursor links to (the map of that year)."""
    check_lang(lang)
    today = today or date.today()
    bars = chart_bars(store, today)
    layout = _layout(bars, today, _report_names(store))
    acts = sum(len(r["marks"]) for r in layout["rows"])
    return template("chart.html").render(
        lang=lang,
        script_hashes=script_hashes(CHART_SCRIPTS),
        chart_js=asset("chart.js"),
        css=asset("chart.css"),
        kinds=KIND_STYLE,
        marks=ACT_MARKS,
        shown_kinds=sorted({b.kind for b in bars}),
        n_acts=acts,
        undated_acts=sum(r["undated_acts"] for r in layout["rows"]),
        graph_url=graph_url,
        **layout,
    )


def write_chart(store: Store, path: str | Path, **kw: Any) -> Path:
    """`render_chart` written to `path` atomically."""
    return write_text(path, render_chart(store, **kw))
