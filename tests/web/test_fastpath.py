"""The short path for GET /sparql answers exactly as the FastAPI route does.

A request with an `Origin` header goes through the route (CORS answers it), one without
through `unkg.web.fastpath`; the same query sent both ways must give the same status, headers
(less CORS's) and body, and only the second must reach the route.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from unkg.graph.store import Store
from unkg.web import Settings, create_app

CORS_HEADERS = ("access-control-allow-origin", "access-control-allow-credentials", "vary")
SELECT = 'SELECT ?m ?label WHERE { ?m unkg:acronym "MONUSCO" ; skos:prefLabel ?label }'
CASES = [
    ({"query": SELECT}, "application/sparql-results+json"),
    ({"query": SELECT}, "text/csv"),
    ({"query": SELECT, "format": "xml"}, None),
    ({"query": "SELECT (<relative/iri> AS ?i) WHERE {}"}, None),  # resolves against the URL
    ({"query": 'ASK { ?m unkg:acronym "MONUSCO" }'}, "text/tab-separated-values"),
    ({"query": "CONSTRUCT WHERE { ?m unkg:acronym ?a } LIMIT 3"}, "text/turtle"),
    ({"query": "SELECT ?x WHERE { ?x ?y }"}, None),  # syntax error: 400 from the worker
    ({"query": SELECT}, "image/png"),  # 406
    ({"query": SELECT, "default-graph-uri": "not an iri"}, None),  # 400 before any worker
    ({"query": "SELECT * WHERE { ?s ?p ?o }"}, None),  # past max_rows: 422
    ({"query": "ASK { " + "{" * 40 + "}" * 40 + " }"}, None),  # past max_nesting: 400
    ({"query": "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"}, None),
]


@pytest.fixture
def app(built_store):
    settings = Settings(max_rows=500, max_nesting=30, memory_quads=0, workers=1)
    application = create_app(Store(built_store, read_only=True), settings)
    yield application
    application.state.endpoint.close()


def test_fast_path_answers_as_the_route_does(app, monkeypatch):
    ep = app.state.endpoint
    routed = []
    real = ep.query

    async def spy(request, text, params):
        routed.append(text)
        return await real(request, text, params)

    monkeypatch.setattr(ep, "query", spy)

    async def both() -> list[tuple[httpx.Response, httpx.Response]]:
        transport = httpx.ASGITransport(app=app)
        pairs = []
        async with httpx.AsyncClient(transport=transport, base_url="http://unkg.test") as c:
            for params, accept in CASES:
                headers = {"Accept": accept} if accept else {}
                fast = await c.get("/sparql", params=params, headers=headers)
                assert routed == [], params  # no Origin: the route never saw it
                slow = await c.get(
                    "/sparql", params=params, headers={**headers, "Origin": "https://x.example"}
                )
                assert routed == [params["query"]], params
                routed.clear()
                pairs.append((fast, slow))
        return pairs

    statuses = set()
    pairs = asyncio.run(both())
    for (params, _), (fast, slow) in zip(CASES, pairs, strict=True):
        statuses.add(fast.status_code)
        assert fast.status_code == slow.status_code, (params, fast.text, slow.text)
        assert fast.content == slow.content, params
        ours = {k: v for k, v in fast.headers.items() if k not in CORS_HEADERS}
        theirs = {k: v for k, v in slow.headers.items() if k not in CORS_HEADERS}
        assert ours == theirs, params
        assert fast.headers.get("vary") == ("Accept" if fast.status_code == 200 else None)
        assert fast.headers["x-content-type-options"] == "nosniff"
    assert statuses == {200, 400, 406, 422}
    assert b"http://unkg.test/relative/iri" in pairs[3][0].content


def test_requests_the_fast_path_leaves_to_the_app(app):
    """Updates, the service description, POST and other paths are the app's."""

    async def send() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://unkg.test") as c:
            return [
                await c.get("/sparql", params={"update": "CLEAR ALL"}),
                await c.get("/sparql", headers={"Accept": "text/turtle"}),
                await c.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]),
                await c.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}),
            ]

    update, description, two, wrong_type = asyncio.run(send())
    assert update.status_code == 400 and "POST" in update.text
    assert description.status_code == 200 and "sd:Service" in description.text
    assert two.status_code == 400 and "one query" in two.text
    assert wrong_type.status_code == 415
