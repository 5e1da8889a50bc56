"""The SPARQL 1.1 Graph Store Protocol at ``/store``: GET ``?graph=IRI`` or ``?default``;
PUT, POST and DELETE only with ``allow_update`` and the token. Writes go through `unkg.api`."""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from unkg import api
from unkg.api import Format
from unkg.web import negotiate
from unkg.web.endpoint import Endpoint
from unkg.web.request import Problem, body, check_charset, media_type, one, query_params
from unkg.web.routes import endpoint

router = APIRouter()


def _target(request: Request) -> str | None:
    """The graph the request names: an IRI, or None for the default graph."""
    params = query_params(request)
    graph = one(params, "graph")
    if graph is not None and "default" in params:
        raise Problem(400, "give either ?graph=IRI or ?default, not both")
    if graph is not None:
        if not re.fullmatch(r"[^<>\"{}|^`\\\s]+", graph) or ":" not in graph:
            raise Problem(400, f"graph={graph!r} is not an absolute IRI")
        return graph
    if "default" in params:
        return None
    raise Problem(400, "give ?graph=IRI or ?default")


@router.get("/store")
async def store_get(request: Request) -> Response:
    ep = endpoint(request)
    graph = _target(request)
    if graph is None:
        text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    elif ep.store.oxigraph.contains_named_graph(ox.NamedNode(graph)):
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    else:
        raise Problem(404, f"no graph {graph} in the store")
    return await ep.query(request, text, {"format": query_params(request).get("format", [])})


def _syntax(request: Request) -> Format:
    """The RDF graph syntax of the request body, from its Content-Type (415 if none)."""
    media, ctparams = media_type(request)
    for f in negotiate.RDF_FORMATS:
        if media in (f.media_type, *f.aliases) and f.name != "nquads":
            check_charset(ctparams)
            return f
    raise Problem(
        415, f"Content-Type {media or 'none'} is not an RDF graph syntax this server reads"
    )


async def _triples(ep: Endpoint, request: Request) -> list[ox.Triple]:
    fmt = _syntax(request)
    data = await body(request, ep.settings.max_body_bytes, ep.settings.read_timeout_s)
    try:
        return list(ox.parse(data, format=fmt.syntax, base_iri=str(request.url)))
    except SyntaxError as exc:
        raise Problem(400, f"the {fmt.name} body does not parse: {exc}") from None


def _writable(ep: Endpoint, graph: str | None) -> None:
    """Refuse writes addressed to the default graph, which is the merge of the named graphs."""
    if graph is None and ep.store.merges:
        raise Problem(405, api.DEFAULT_GRAPH_REFUSED + " (?graph=IRI)", {"Allow": "GET"})


async def _graph_write(request: Request, replace: bool) -> Response:
    ep = endpoint(request)
    ep.authorize(request)
    graph = _target(request)
    _writable(ep, graph)
    triples = await _triples(ep, request)

    def run() -> bool:
        existed = api.write_graph(graph, triples, store=ep.store, replace=replace)
        ep.changed()
        return existed

    existed = await ep.write(run)
    request.state.note = f"graph store {len(triples)} triples"
    return Response(status_code=204 if existed else 201)


@router.put("/store")
async def store_put(request: Request) -> Response:
    return await _graph_write(request, replace=True)


@router.post("/store")
async def store_post(request: Request) -> Response:
    return await _graph_write(request, replace=False)


@router.delete("/store")
async def store_delete(request: Request) -> Response:
    ep = endpoint(request)
    ep.authorize(request)
    graph = _target(request)
    _writable(ep, graph)

    def run() -> bool:
        deleted = api.delete_graph(graph, store=ep.store)
        if deleted:
            ep.changed()
        return deleted

    if not await ep.write(run):
        raise Problem(404, f"no graph {graph} in the store")
    return Response(status_code=204)
