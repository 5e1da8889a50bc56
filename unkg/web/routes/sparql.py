"""The SPARQL 1.1 Protocol: queries and updates at ``/sparql``.

Queries by GET (``?query=``), by POST form (``query=``) or by POST ``application/sparql-query``;
updates by POST ``application/sparql-update`` or form ``update=`` (only with ``allow_update``
and the bearer token). Without a query, GET answers with the service description (RDF) or the
query page (HTML), by the Accept header.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from unkg.web import negotiate
from unkg.web.endpoint import Endpoint
from unkg.web.request import (
    FORM,
    QUERY_TYPE,
    UPDATE_TYPE,
    Problem,
    body,
    check_charset,
    form,
    media_type,
    merge,
    one,
    query_params,
    utf8,
)
from unkg.web.routes import endpoint
from unkg.web.routes.pages import query_page

router = APIRouter()


@router.get("/sparql", name="sparql_get")
async def sparql_get(request: Request) -> Response:
    ep = endpoint(request)
    params = query_params(request)
    if params.get("update"):
        raise Problem(400, "SPARQL Update must be sent with POST")
    text = one(params, "query")
    if text is None:
        if negotiate.prefers_html(request.headers.get("accept")):
            return await query_page(ep, request)
        return _sd_response(ep, request, one(params, "format"))
    return await ep.query(request, text, params)


@router.post("/sparql")
async def sparql_post(request: Request) -> Response:
    ep = endpoint(request)
    media, ctparams = media_type(request)
    url_params = query_params(request)
    if media not in (FORM, QUERY_TYPE, UPDATE_TYPE):
        shown = media or "none"
        raise Problem(
            415, f"Content-Type {shown} is not accepted: send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
        )
    check_charset(ctparams)
    data = await body(request, ep.settings.max_body_bytes, ep.settings.read_timeout_s)
    if media == FORM:
        return await _form_operation(ep, request, merge(url_params, form(data)))
    if "query" in url_params or "update" in url_params:
        raise Problem(
            400,
            "with a direct POST the body is the operation; "
            "do not also give query/update parameters",
        )
    text = utf8(data, "the body")
    if media == QUERY_TYPE:
        return await ep.query(request, text, url_params)
    return await ep.update(request, text, url_params)


async def _form_operation(ep: Endpoint, request: Request, params: dict[str, list[str]]) -> Response:
    queries, updates = params.get("query") or [], params.get("update") or []
    if queries and updates:
        raise Problem(400, "give either query or update, not both")
    if updates:
        return await ep.update(request, one(params, "update") or "", params)
    if not queries:
        raise Problem(400, "the form has no query (or update) parameter")
    return await ep.query(request, one(params, "query") or "", params)


def service_description(ep: Endpoint, endpoint_url: str) -> str:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
        "[] a sd:Service ;",
        f"  sd:endpoint <{endpoint_url}> ;",
        "  sd:supportedLanguage sd:SPARQL11Query"
        + (", sd:SPARQL11Update" if ep.settings.allow_update else "")
        + " ;",
        "  sd:resultFormat "
        + ", ".join(f"<{f.sd_iri}>" for f in (*negotiate.RESULT_FORMATS, *negotiate.RDF_FORMATS))
        + " ;",
    ]
    if ep.settings.union_default_graph:
        lines.append("  sd:feature sd:UnionDefaultGraph ;")
    lines.append("  sd:defaultDataset [ a sd:Dataset ;")
    if ep.settings.union_default_graph:
        what = (
            "the merge of all named graphs (each triple once): the reference graph and one "
            "graph per report"
        )
    else:
        what = "empty: name the graphs with GRAPH, FROM or default-graph-uri"
    lines.append(f'    dcterms:description "The default graph is {what}." ;')
    lines.append("    sd:defaultGraph [ a sd:Graph ]")
    for g in ep.store.graphs():
        lines.append(f"    ; sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ]")
    lines.append("  ] .")
    return "\n".join(lines) + "\n"


def _sd_response(ep: Endpoint, request: Request, fmt_param: str | None) -> Response:
    try:
        fmt = negotiate.choose(negotiate.GRAPH, request.headers.get("accept"), fmt_param)
    except negotiate.NotAcceptable as exc:
        raise Problem(406, str(exc)) from None
    turtle = service_description(ep, str(request.url_for("sparql_get")))
    if fmt.name == "turtle":
        body = turtle.encode()
    else:
        triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
        items: list[Any] = triples
        if fmt.name == "nquads":
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        body = ox.serialize(items, format=fmt.syntax)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})
