"""The mission–country graph page and the sentences behind its nodes and edges."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from unkg.api.stores import _reader
from unkg.graph.store import Store


def viz(
    store: Store | str | Path | None = None,
    out: str | Path | None = None,
    *,
    report: str | None = None,
    types: Iterable[str] = ("Mission", "Country", "Territory"),
    layers: Iterable[str] = (),
    lang: str = "zh",
    evidence_url: str | None = None,
    chart_url: str | None = None,
) -> Path | str:
    """The interactive mission–country graph as one self-contained HTML page (see `unkg.graph.viz`).

    Writes `out` atomically and returns its path, or with `out=None` returns the HTML. A served
    page fetches its sentences from `evidence_url` and links its chart at `chart_url`.
    """
    from unkg.graph.viz import render_html, write_html

    st = _reader(store)
    kw = {"report": report, "types": tuple(types), "layers": tuple(layers), "lang": lang}
    kw |= {"evidence_url": evidence_url, "chart_url": chart_url}
    if out is None:
        return render_html(st, **kw)
    return write_html(st, out, **kw)


def viz_sentences(
    store: Store | str | Path | None = None,
    *,
    node: str | None = None,
    edge: str | None = None,
    report: str | None = None,
    offset: int = 0,
    limit: int = 10,
) -> dict:
    """One page of the sentences behind a node (an entity IRI) or an edge (``s|predicate|o``)
    of the graph page: {items: [{r, p, t}], total, offset} (see `unkg.graph.sentences`)."""
    from unkg.graph.sentences import evidence_page, mention_page

    if (node is None) == (edge is None):
        raise ValueError("give either node=IRI or edge=SUBJECT|predicate|OBJECT")
    st = _reader(store)
    page = {"report": report, "offset": offset, "limit": limit}
    if node is not None:
        return mention_page(st, node, **page)
    parts = edge.split("|") if edge else []
    if len(parts) != 3:
        raise ValueError(f"edge={edge!r} is not SUBJECT|predicate|OBJECT")
    return evidence_page(st, *parts, **page)


def timeline_chart(
    store: Store | str | Path | None = None,
    out: str | Path | None = None,
    *,
    lang: str = "zh",
    graph_url: str | None = None,
) -> Path | str:
    """The timeline chart of all missions (a bar from start to end, coloured by type, mandate
    acts as marks, a year cursor) as one self-contained HTML page (see `unkg.graph.chart`).

    Writes `out` atomically and returns its path, or with `out=None` returns the HTML, whose
    year cursor links to the graph page at `graph_url`.
    """
    from unkg.graph.chart import render_chart, write_chart

    st = _reader(store)
    if out is None:
        return render_chart(st, lang=lang, graph_url=graph_url)
    return write_chart(st, out, lang=lang, graph_url=graph_url)


def page_script_hashes(page: str) -> str:
    """The CSP sources that allow exactly the inline scripts of the served `page`
    (``graph`` or ``timeline``), for its Content-Security-Policy."""
    from unkg.graph.chart import CHART_SCRIPTS
    from unkg.graph.viz import INLINE_SCRIPTS, script_hashes

    scripts = {"graph": INLINE_SCRIPTS, "timeline": CHART_SCRIPTS}
    return script_hashes(scripts[page])
