"""Time limit, row limit and client disconnects: a runaway query is really stopped."""

from __future__ import annotations

import contextlib
import time

import httpx

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_timeout_stops_the_query(limited_server, client):
    start = time.monotonic()
    r = client.get(limited_server.sparql, params={"query": CARTESIAN})
    elapsed = time.monotonic() - start
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("text/plain")
    assert "time limit" in r.text
    assert "retry-after" in r.headers
    assert elapsed < 10
    # the server answers right after, and queries work again (the worker was replaced)
    t0 = time.monotonic()
    health = client.get(limited_server.url + "/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert time.monotonic() - t0 < 2
    ok = client.get(limited_server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_timeouts_in_a_row_leave_a_working_pool(limited_server, client):
    for _ in range(3):
        assert client.get(limited_server.sparql, params={"query": CARTESIAN}).status_code == 503
    ok = client.get(limited_server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert ok.status_code == 200
    assert len(ok.json()["results"]["bindings"]) == 3


def test_too_many_rows(limited_server, client):
    r = client.get(limited_server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 422
    assert "50" in r.text and "LIMIT" in r.text
    r = client.get(limited_server.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 422
    r = client.get(limited_server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert r.status_code == 200


def test_client_disconnect_stops_the_query(server):
    """The default server has a 10 s limit; a client that gives up after 0.5 s frees the worker."""
    with contextlib.suppress(httpx.TimeoutException):
        httpx.get(server.sparql, params={"query": CARTESIAN}, timeout=0.5)
    deadline = time.monotonic() + 5
    while "client went away" not in server.log_text():
        assert time.monotonic() < deadline, server.log_text()[-2000:]
        time.sleep(0.1)
    # both workers are free again well before the 10 s limit would have ended the query
    for _ in range(2):
        r = httpx.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
        assert r.status_code == 200


def test_more_runaway_queries_than_workers(limited_server):
    """Two workers, four runaway queries at once: all end in 503 (stopped or busy), none hangs."""
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        return httpx.get(limited_server.sparql, params={"query": CARTESIAN}, timeout=30)

    start = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(one, range(4)))
    assert [r.status_code for r in responses] == [503] * 4
    assert any("busy" in r.text for r in responses) or all(
        "time limit" in r.text for r in responses
    )
    assert time.monotonic() - start < 15
    assert httpx.get(limited_server.sparql, params={"query": "ASK {}"}).status_code == 200
