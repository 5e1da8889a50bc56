"""The short path for GET /sparql answers exactly as the FastAPI route does.

A request with an `Origin` header goes through the route (CORS answers it), one without
through `unkg.web.fastpath`; the same query sent both ways must give the same status, headers
(less CORS's) and body, and only the second must reach the route. Under uvicorn the HTTP
protocol hands such a request to the short path before any ASGI app runs: one write per
response, kept-alive and pipelined requests as uvicorn serves them.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from unkg.graph.store import Store
from unkg.web import Settings, create_app
from unkg.web.fastpath import FastSparql
from unkg.web.inprocess import LocalRunner
from unkg.web.protocol import guarded

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


class _Transport:
    """What the protocol writes, as a socket would carry it."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5555)}.get(name)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def _get(query: str, version: str = "1.1", extra: str = "") -> bytes:
    target = httpx.URL("/sparql", params={"query": query}).raw_path.decode()
    return (
        f"GET {target} HTTP/{version}\r\nHost: unkg.test\r\n"
        f"Accept: application/sparql-results+json\r\n{extra}\r\n"
    ).encode()


def _responses(
    path: object, requests: list[bytes], closing: bool = False
) -> tuple[list[bytes], bool, list]:
    """Feed `requests` (in one piece: pipelined) to the protocol of a server with the short
    path, over a store on threads as `unkg serve` runs it: (the writes, whether the
    connection was closed, the requests the ASGI app saw)."""
    import uvicorn
    from uvicorn.server import ServerState

    from unkg.api import PREFIXES

    seen: list = []
    store = Store(path, read_only=True)
    runner = LocalRunner(store.oxigraph, 2, None, 0, PREFIXES)
    app = create_app(store, Settings(workers=1), runner, warm=False)

    async def asgi(scope: dict, receive: object, send: object) -> None:
        seen.append(scope["path"])
        await app(scope, receive, send)

    async def run() -> tuple[list[bytes], bool]:
        await runner.start()
        fast = FastSparql(None, app.state.endpoint)
        fast.closing = closing
        cls = guarded(10, 100, None, fast)
        config = uvicorn.Config(asgi, http=cls, log_level="warning")
        config.load()
        http = cls(config=config, server_state=ServerState(), app_state={})
        transport = _Transport()
        http.connection_made(transport)  # type: ignore[arg-type]
        http.data_received(b"".join(requests))
        for _ in range(500):  # until every answer is written (each on a query thread)
            if len(transport.writes) >= len(requests) or transport.closed:
                break
            await asyncio.sleep(0.01)
        closed = transport.closed
        http.connection_lost(None)
        return transport.writes, closed

    try:
        writes, closed = asyncio.run(run())
    finally:
        runner.close()
    return writes, closed, seen


def test_the_protocol_answers_each_query_in_one_write(built_store):
    """Pipelined on a kept-alive connection: each answer whole in one write, in order, and
    no request reaches the ASGI app; a query the app must see (an Origin) still goes there."""
    asks = ['ASK { ?m unkg:acronym "MONUSCO" }', 'ASK { ?m unkg:acronym "NO-SUCH" }']
    writes, closed, seen = _responses(built_store, [_get(asks[0]), _get(asks[1])])
    assert len(writes) == 2 and not closed and seen == []
    for write, answer in zip(writes, (b"true", b"false"), strict=True):
        head, _, body = write.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 OK\r\n")
        assert b"\r\ncontent-length: %d\r\n" % len(body) in head
        assert b"x-content-type-options: nosniff" in head and b"connection" not in head
        assert json.loads(body)["boolean"] is (answer == b"true")
    _, _, seen = _responses(built_store, [_get(asks[0], extra="Origin: https://x.example\r\n")])
    assert seen == ["/sparql"]


def test_the_protocol_closes_when_the_client_or_the_process_asks(built_store):
    """HTTP/1.0 without keep-alive, or a retiring process (`closing`): `Connection: close`,
    then the connection ends after the answer."""
    for request, closing in ((_get("ASK {}", "1.0"), False), (_get("ASK {}"), True)):
        writes, closed, _ = _responses(built_store, [request], closing)
        assert len(writes) == 1 and closed
        assert b"\r\nconnection: close\r\n" in writes[0]
        assert writes[0].endswith(b'"boolean":true}')
