"""HTML pages: the query page and the graph view. Jinja2 with autoescape: every string that
comes from a document (labels, query text) is escaped."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from unkg import __version__
from unkg.api import PREFIXES

if TYPE_CHECKING:
    from fastapi import Request

    from unkg.api import Store
    from unkg.web.endpoint import Endpoint
    from unkg.web.gallery import GalleryQuery

STATIC = Path(__file__).parent / "static"
STATIC_YASGUI = "yasgui/yasgui.min.js"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("unkg.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    )


def default_query() -> str:
    prefixes = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()))
    return (
        f"{prefixes}\n\n"
        "# Missions and the countries they operate in (the project prefixes are predefined).\n"
        "SELECT ?acronym ?country ?label WHERE {\n"
        "  ?mission a unkg:Mission ; unkg:acronym ?acronym ; unkg:operatesIn ?country .\n"
        '  OPTIONAL { ?country skos:prefLabel ?label FILTER(LANG(?label) = "en") }\n'
        "}\nORDER BY ?acronym\nLIMIT 100\n"
    )


def render_index(ep: Endpoint, request: Request, examples: list[GalleryQuery]) -> str:
    """The query page with the gallery `examples` (filled from the store by the caller)."""
    endpoint = str(request.url_for("sparql_get"))
    config = {
        "endpoint": endpoint,
        "prefixes": PREFIXES,
        "query": default_query(),
        "gallery": [q.as_dict() for q in examples],
    }
    return (
        _env()
        .get_template("index.html")
        .render(
            config=config,
            endpoint=endpoint,
            gallery=examples,
            settings=ep.settings,
            version=__version__,
            yasgui=(STATIC / STATIC_YASGUI).is_file(),
            default_query=config["query"],
        )
    )


def render_graph(store: Store, report: str | None, lang: str) -> str:
    """The graph view (``?report=`` and ``?lang=zh|en``): the page of `unkg viz` without
    sentences, which it fetches from ``/graph/evidence`` when the reader clicks."""
    from unkg.api import viz

    try:
        return viz(
            store, report=report, lang=lang, evidence_url="graph/evidence", chart_url="timeline"
        )
    except ImportError:  # a copy of unkg without the graph view
        return _env().get_template("graph.html").render(version=__version__)


def render_timeline(store: Store, lang: str) -> str:
    """The timeline chart (``?lang=zh|en``), its year cursor linked to the graph page."""
    from unkg.api import timeline_chart

    return timeline_chart(store, lang=lang, graph_url="graph")
