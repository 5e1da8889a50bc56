"""The pages: the query page (``/``, and ``/sparql`` for a browser), the graph view
(``/graph``, its sentences from ``/graph/evidence``), the timeline chart (``/timeline``) and
the gallery (``/queries.json``)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from unkg.api import LANGUAGES, StoreError
from unkg.web.endpoint import Endpoint
from unkg.web.request import Problem
from unkg.web.routes import endpoint

router = APIRouter()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
# The graph view is one self-contained page with inline script and style; it fetches only the
# sentences behind what the reader clicks, from its own origin (/graph/evidence).
# Its two inline scripts (vis-network and ours) are allowed by their hashes, not by
# 'unsafe-inline', so no other inline script and no inline event handler (onerror=…) runs.
GRAPH_CSP = (
    "default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)


# The timeline chart: SVG and one inline script (the year cursor), which fetches nothing.
TIMELINE_CSP = (
    "default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@functools.cache
def graph_csp() -> str:
    from unkg.api import page_script_hashes

    try:
        return GRAPH_CSP.format(hashes=page_script_hashes("graph"))
    except ImportError:  # a copy without the graph view: its placeholder page has no script
        return GRAPH_CSP.format(hashes="'none'")


@functools.cache
def timeline_csp() -> str:
    from unkg.api import page_script_hashes

    return TIMELINE_CSP.format(hashes=page_script_hashes("timeline"))


async def query_page(ep: Endpoint, request: Request) -> HTMLResponse:
    from unkg.web.page import render_index

    body = render_index(ep, request, await ep.gallery())
    return HTMLResponse(body, headers={"Content-Security-Policy": CSP})


@router.get("/", include_in_schema=False)
async def index(request: Request) -> Response:
    return await query_page(endpoint(request), request)


def _graph_job(ep: Endpoint, report: str | None, lang: str) -> tuple[tuple, Callable[[], str]]:
    """The cache key and the computation of a graph view."""
    from unkg.web.page import render_graph

    return ("graph", report, lang), functools.partial(render_graph, ep.store, report, lang)


def warm_graph(ep: Endpoint) -> None:
    """Start preparing the default graph view (all reports, first language) when the server
    starts, on the pages' own thread: the first `/graph` visit finds it ready or under way
    (4–7 s on 1,000 reports), and no other route waits for it."""
    key, compute = _graph_job(ep, None, LANGUAGES[0])
    ep.pages.start((ep.version, *key), compute)


@router.get("/graph", include_in_schema=False)
async def graph_view(request: Request) -> Response:
    ep = endpoint(request)
    report = request.query_params.get("report") or None
    lang = request.query_params.get("lang", LANGUAGES[0])
    if lang not in LANGUAGES:
        lang = LANGUAGES[0]
    try:
        body = await ep.page(*_graph_job(ep, report, lang), "the graph view")
    except (StoreError, ValueError) as exc:
        raise Problem(404, str(exc)) from None
    return HTMLResponse(body, headers={"Content-Security-Policy": graph_csp()})


@router.get("/timeline", include_in_schema=False)
async def timeline_chart(request: Request) -> Response:
    """The timeline chart of all missions (``?lang=zh|en``), computed once per store version;
    its year cursor links to the graph page's map of that year."""
    from unkg.web.page import render_timeline

    ep = endpoint(request)
    lang = request.query_params.get("lang", LANGUAGES[0])
    if lang not in LANGUAGES:
        lang = LANGUAGES[0]
    compute = functools.partial(render_timeline, ep.store, lang)
    body = await ep.page(("timeline", lang), compute, "the timeline chart")
    return HTMLResponse(body, headers={"Content-Security-Policy": timeline_csp()})


@router.get("/graph/evidence", include_in_schema=False)
async def graph_evidence(request: Request) -> Response:
    """One page of the sentences behind a node or an edge of the graph view (JSON)."""
    from unkg.api import json_for_html, viz_sentences

    ep = endpoint(request)
    p = request.query_params
    try:
        kw = {
            "node": p.get("node"),
            "edge": p.get("edge"),
            "report": p.get("report") or None,
            "offset": int(p.get("offset", "0")),
            "limit": int(p.get("limit", "10")),
        }
        page = await asyncio.get_running_loop().run_in_executor(
            None, lambda: viz_sentences(ep.store, **kw)
        )
    except ValueError as exc:
        raise Problem(400, str(exc)) from None
    # <, > and & as \u escapes: the body stays inert even if something renders it as HTML
    return Response(json_for_html(page), media_type="application/json")


@router.get("/queries.json", include_in_schema=False)
async def queries(request: Request) -> JSONResponse:
    return JSONResponse([q.as_dict() for q in await endpoint(request).gallery()])
