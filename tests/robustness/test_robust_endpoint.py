"""Hostile and broken requests get a 4xx or the timeout status (503), never a 500 or a hung
worker, and the server keeps answering /health and a normal query meanwhile.

The server (conftest `robust_server`) is a real `unkg serve` on a loopback port with a 2 s
time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import inspect
import socket
import threading
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_helpers import TOKEN

NORMAL = "SELECT (COUNT(*) AS ?n) WHERE { ?m a unkg:Mission }"
OK_OR_4XX = {200, 400, 404, 406, 413, 414, 415, 422, 431}
TIMEOUT = 503


class Watch:
    """Polls /health in a thread while the test runs; records the slowest answer."""

    def __init__(self, url: str):
        self.url, self.slowest, self.failures, self.polls = url, 0.0, [], 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=10) as c:
            while not self._stop.is_set() and self.polls < 10_000:
                t0 = time.monotonic()
                try:
                    r = c.get(self.url + "/health")
                    if r.status_code != 200:
                        self.failures.append(r.status_code)
                except httpx.HTTPError as exc:
                    self.failures.append(repr(exc))
                self.slowest = max(self.slowest, time.monotonic() - t0)
                self.polls += 1
                self._stop.wait(0.05)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(15)


def raw_request(server, head: bytes, body: bytes = b"", timeout: float = 20) -> int | None:
    """Send bytes as they are (what httpx refuses to send); the status, or None if the server
    hung up without one."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head + b"\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n")
        sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body if body else b"\r\n")
        data = b""
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            while chunk := sock.recv(65536):
                data += chunk
    if not data.startswith(b"HTTP/1.1 "):
        return None
    return int(data[9:12])


def still_serving(server) -> None:
    """/health and a normal query answer promptly: no worker is hung."""
    t0 = time.monotonic()
    assert httpx.get(server.url + "/health", timeout=5).status_code == 200
    r = httpx.get(server.sparql, params={"query": NORMAL}, timeout=15)
    assert r.status_code == 200, r.text
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0
    assert time.monotonic() - t0 < 10


def no_500(server) -> None:
    assert '" 500 ' not in server.log_text()
    assert "Traceback" not in server.log_text()


@pytest.fixture
def c():
    with httpx.Client(timeout=30) as client:
        yield client


# -- fuzzed query strings ---------------------------------------------------------------------

SPARQL_BITS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "*",
    "WHERE",
    "{",
    "}",
    "(",
    ")",
    "?s",
    "?p",
    "?o",
    " ",
    ".",
    ";",
    ",",
    "OPTIONAL",
    "UNION",
    "FILTER",
    "BIND",
    "VALUES",
    "GRAPH",
    "SERVICE",
    "<http://x>",
    "<",
    ">",
    '"',
    "'",
    '"""',
    "#",
    "\n",
    "PREFIX",
    "unkg:",
    "a",
    "LIMIT 1",
    "ORDER BY",
    "GROUP BY",
    "COUNT(*)",
    "REGEX(",
    "\\",
    "^^",
    "@zh",
    "_:b",
    "[]",
    "0",
    "1e999",
    "\x00",
    "\ufffd",
    "马里",
]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(st.sampled_from(SPARQL_BITS), st.text(max_size=12)), min_size=1, max_size=30
    ).map("".join)
)
def test_fuzzed_queries_never_500(robust_server, c, query):
    r = c.get(robust_server.sparql, params={"query": query})
    assert r.status_code in OK_OR_4XX | {TIMEOUT}, (query, r.status_code, r.text)
    r = c.post(
        robust_server.sparql,
        content=query.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code in OK_OR_4XX | {TIMEOUT}, (query, r.status_code, r.text)


# -- hostile queries --------------------------------------------------------------------------


def nested_groups(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth + "LIMIT 1"


def nested_optionals(depth: int) -> str:
    body = "?s a unkg:Mission "
    for i in range(depth):
        body = f"?s ?p{i} ?o{i} OPTIONAL {{ {body} }}"
    return "SELECT ?s WHERE { " + body + " } LIMIT 1"


def nested_expressions(depth: int) -> str:
    return "SELECT (" + "(" * depth + "1" + ")" * depth + " AS ?x) WHERE {}"


HOSTILE = {
    "500 nested groups": nested_groups(500),
    "5000 nested groups": nested_groups(5000),
    "500 nested OPTIONALs": nested_optionals(500),
    "5000 nested parentheses": nested_expressions(5000),
    # these two, and 5000 nested groups or parentheses, killed the worker (stack overflow,
    # a 500) before it ran queries on a deep stack; the collections take minutes to parse
    "20,000 chained additions": "SELECT (" + "+".join(["1"] * 20_000) + " AS ?x) WHERE {}",
    "20,000 negations": "SELECT (" + "!" * 20_000 + "true AS ?x) WHERE {}",
    "8,000 FILTERs": "SELECT * WHERE { ?s ?p ?o " + "FILTER(?o) " * 8_000 + "}",
    "3000 nested collections": "ASK { ?s ?p " + "(" * 3000 + ")" * 3000 + " }",
    "cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "cartesian product rows": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
    "regex blow-up": (
        'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?r FILTER(REGEX(STR(?o), "(a+)+$")) }'
    ),
    "huge literal below the limit": 'ASK { ?s ?p "' + "马" * 33_000 + '" }',
    "huge CONSTRUCT": "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
    "deep property path": "ASK { ?s (<http://x>/)" + "/".join(["<http://y>"] * 2000) + " ?o }",
    "many UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 2000) + " } LIMIT 1",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_query_gets_4xx_or_timeout(robust_server, c, name):
    query = HOSTILE[name]
    with Watch(robust_server.url) as watch:
        t0 = time.monotonic()
        r = c.post(
            robust_server.sparql,
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        elapsed = time.monotonic() - t0
    print(f"{name} ({len(query.encode()):,} bytes): {r.status_code} in {elapsed:.2f} s")
    assert r.status_code in OK_OR_4XX | {TIMEOUT}, (name, r.status_code, r.text[:500])
    assert elapsed < 15, f"{name}: {elapsed:.1f} s"
    assert not watch.failures, watch.failures
    assert watch.slowest < 2.0, f"/health took {watch.slowest:.2f} s during {name!r}"
    still_serving(robust_server)
    no_500(robust_server)


def test_query_size_limit(robust_server, c):
    near = 'ASK { ?s ?p "' + "x" * (100_000 - 40) + '" }'
    assert len(near.encode()) <= 100_000
    r = c.post(robust_server.sparql, content=near, headers={"Content-Type": QUERY_TYPE})
    assert r.status_code == 200, r.text[:300]
    over = near + " " * 100
    r = c.post(robust_server.sparql, content=over, headers={"Content-Type": QUERY_TYPE})
    assert r.status_code == 413
    r = c.post(robust_server.sparql, content=b"x" * 2_000_001, headers={"Content-Type": QUERY_TYPE})
    assert r.status_code == 413


QUERY_TYPE = "application/sparql-query"


@pytest.mark.parametrize("size", [8_000, 60_000, 300_000, 2_000_000])
def test_very_long_urls(robust_server, size):
    """Sent raw: httpx itself refuses a query string over 64 kB."""
    target = b"/sparql?query=ASK%20%7B%7D%20%23" + b"x" * size
    status = raw_request(robust_server, b"GET " + target + b" HTTP/1.1")
    print(f"GET with a {len(target):,}-byte URL: {status}")
    if size < 100_000:  # a query under the 100 kB limit: answered
        assert status == 200
    else:  # 413 from the query limit, or uvicorn's 400 / hang-up on a huge line; never a 500
        assert status in (None, 400, 413, 414, 431), status
    still_serving(robust_server)
    no_500(robust_server)


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("GET raw %FF", 400),
        ("POST body", 400),
        ("POST form", 400),
        ("POST form escaped", 400),
    ],
)
def test_invalid_utf8(robust_server, c, how, expected):
    bad = b"SELECT * WHERE { ?s ?p \xff\xfe\xc3 } LIMIT 1"
    if how == "GET raw %FF":
        r = c.get(robust_server.sparql + "?query=SELECT%20*%20WHERE%20%7B%7D%FF%FE")
    elif how == "POST body":
        r = c.post(robust_server.sparql, content=bad, headers={"Content-Type": QUERY_TYPE})
    elif how == "POST form":
        r = c.post(
            robust_server.sparql,
            content=b"query=" + bad,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        r = c.post(
            robust_server.sparql,
            content=b"query=SELECT%20*%20WHERE%20%7B%7D%FF%FE",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert r.status_code == expected, (how, r.status_code, r.text)
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/json",
        "multipart/form-data; boundary=x",
        "application/sparql-query; charset=latin-1",
        "",
        "application/x-www-form-urlencoded; charset=utf-16",
        "\x00",
        "a" * 5000,
    ],
)
def test_wrong_content_types(robust_server, c, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        r = c.post(robust_server.sparql, content=NORMAL.encode(), headers=headers)
    except (httpx.LocalProtocolError, ValueError):  # the client refuses to send it: fine
        return
    assert r.status_code in (400, 415), (content_type, r.status_code, r.text)


def test_service_load_and_updates_are_refused_by_default(robust_server, c):
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = c.get(robust_server.sparql, params={"query": service})
    assert r.status_code == 400 and "SERVICE" in r.text
    for update in (
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "INSERT DATA { <http://x> <http://y> <http://z> }",
        "DROP ALL",
    ):
        for headers in ({}, {"Authorization": "Bearer " + TOKEN}):
            r = c.post(
                robust_server.sparql,
                content=update,
                headers={"Content-Type": "application/sparql-update", **headers},
            )
            assert r.status_code == 403, (update, r.status_code, r.text)
            r = c.post(robust_server.sparql, data={"update": update}, headers=headers)
            assert r.status_code == 403
    r = c.put(
        robust_server.url + "/store?default",
        content="<http://x> <http://y> <http://z> .",
        headers={"Content-Type": "text/turtle"},
    )
    assert r.status_code == 403
    still_serving(robust_server)


@pytest.fixture(scope="module")
def rw_server(example_store_path, tmp_path_factory, server_factory):
    import shutil

    copy = tmp_path_factory.mktemp("robust-rw") / "store"
    shutil.copytree(example_store_path, copy)
    return server_factory(copy, "--allow-update", env={"UNKG_TOKEN": TOKEN})


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        (None, 401),
        (b"Bearer", 401),
        (b"Bearer ", 401),
        (b"Bearer   ", 401),
        (b"Basic " + TOKEN.encode(), 401),
        (b"Bearer wrong", 403),
        (b"Bearer " + TOKEN[:-1].encode(), 403),
        (b"Bearer " + TOKEN.encode() + b"x", 403),
        (b"Bearer " + TOKEN.upper().encode(), 403),
        (b"Bearer " + "é".encode() * 10, 403),
        (b"Bearer " + b"\xff\xfe" * 10, 403),
        (b"Bearer " + b"A" * 6000, 403),
        (b"Bearer " + TOKEN.encode(), 204),
    ],
)
def test_updates_need_the_right_token(rw_server, auth, expected):
    update = b"INSERT DATA { GRAPH <http://example.org/t> { <http://x> <http://y> 1 } }"
    head = b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-update"
    if auth is not None:
        head += b"\r\nAuthorization: " + auth
    assert raw_request(rw_server, head, update) == expected


def test_service_and_load_stay_refused_with_updates_on(rw_server, c):
    auth = {"Authorization": "Bearer " + TOKEN}
    r = c.get(rw_server.sparql, params={"query": "ASK { SERVICE <http://127.0.0.1:9/> {} }"})
    assert r.status_code == 400
    for update in (
        "INSERT { GRAPH <http://g> { ?s ?p ?o } } "
        "WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        f"LOAD <{rw_server.url}/health> INTO GRAPH <http://example.org/loaded>",
    ):
        r = c.post(
            rw_server.sparql,
            content=update,
            headers={"Content-Type": "application/sparql-update", **auth},
        )
        assert r.status_code in (400, 403), (update, r.status_code, r.text)
        assert "LOAD" in r.text or "SERVICE" in r.text
    before = rw_server.log_text().count('"GET /health"')
    r = c.post(
        rw_server.sparql,
        content=f"LOAD SILENT <{rw_server.url}/health>",
        headers={"Content-Type": "application/sparql-update", **auth},
    )
    assert r.status_code == 400
    time.sleep(0.3)
    assert rw_server.log_text().count('"GET /health"') == before  # nothing was fetched


def test_token_comparison_is_constant_time(monkeypatch):
    """The source uses hmac.compare_digest, and a request really goes through it."""
    import unkg
    from unkg.web import app as web_app
    from unkg.web import endpoint as web_endpoint

    source = inspect.getsource(web_endpoint.Endpoint.authorize)
    assert "hmac.compare_digest(" in source
    assert "== s.token" not in source and "s.token ==" not in source
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(web_endpoint.hmac, "compare_digest", spy)
    store = unkg.open_store(memory=True)
    app = web_app.create_app(store, web_app.Settings(allow_update=True, token=TOKEN))

    async def send() -> list[int]:
        statuses = []
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for token in ("nope", TOKEN):
                r = await client.post(
                    "/sparql",
                    content="INSERT DATA { <http://x> <http://y> 1 }",
                    headers={
                        "Content-Type": "application/sparql-update",
                        "Authorization": f"Bearer {token}",
                    },
                )
                statuses.append(r.status_code)
        return statuses

    assert asyncio.run(send()) == [403, 204]
    assert calls == [(b"nope", TOKEN.encode()), (TOKEN.encode(), TOKEN.encode())]
