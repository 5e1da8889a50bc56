"""Heavy pages: `/graph` has a time limit and is computed once per store version; `/health`
never waits behind it.

Eight different graph views (all reports, and each report, in both languages) are asked for
at once from a server with a 0.5 s limit; each takes 0.1–0.7 s on the examples store (the page
carries no sentences), and they are computed one at a time, so several outlast the limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from support import TOKEN, Server

# the named graphs listed without reading their triples: answered well inside the 0.1 s limit
REPORTS = "SELECT ?g WHERE { GRAPH ?g {} FILTER(CONTAINS(STR(?g), '/report/')) }"


@pytest.fixture(scope="module")
def page_server(built_store, tmp_path_factory, server_control) -> Iterator[Server]:
    start, stop = server_control
    s = start(built_store, tmp_path_factory.mktemp("log") / "pages.log", "--timeout", "0.1")
    yield s
    stop(s)


def graph_urls(server: Server) -> list[str]:
    # Right after start-up each serving process prepares the default graph view, in Python,
    # beside this query: on a loaded machine it may overrun the 0.1 s limit. Asked again, it
    # is answered once that work is done; the test is about the pages.
    for _ in range(50):
        r = httpx.get(server.sparql, params={"query": REPORTS})
        if r.status_code != 503:
            break
        time.sleep(0.2)
    rows = r.json()["results"]["bindings"]
    reports = [""] + [row["g"]["value"].rsplit("/", 1)[1] for row in rows]
    urls = [
        f"{server.url}/graph?lang={lang}" + (f"&report={r}" if r else "")
        for r in reports
        for lang in ("zh", "en")
    ]
    assert len(urls) == 8
    return urls


@pytest.mark.alone  # its limits (1.6 s a page, 0.5 s /health) assume nothing runs beside it
def test_health_answers_while_eight_graph_views_are_computed(page_server):
    urls = graph_urls(page_server)
    health: list[float] = []

    def fetch(url: str) -> tuple[int, float]:
        t0 = time.monotonic()
        r = httpx.get(url, timeout=60)
        return r.status_code, time.monotonic() - t0

    with ThreadPoolExecutor(len(urls)) as pool, httpx.Client(timeout=10) as c:
        pages = [pool.submit(fetch, url) for url in urls]
        # at least ten probes: the pages may all be answered (200 or 503) within a few probes
        while not all(p.done() for p in pages) or len(health) < 10:
            t0 = time.monotonic()
            assert c.get(page_server.url + "/health").status_code == 200
            health.append(time.monotonic() - t0)
            time.sleep(0.05)
        first = [p.result() for p in pages]
    statuses = sorted(status for status, _ in first)
    assert set(statuses) <= {200, 503}, statuses
    assert 503 in statuses  # the time limit holds: they are computed one at a time
    assert max(seconds for _, seconds in first) < 0.1 + 1.5
    assert max(health) < 0.5, max(health)
    # the computation went on after the 503s: every page is now served from the cache
    deadline = time.monotonic() + 30
    while True:
        again = [fetch(url) for url in urls]
        if all(status == 200 for status, _ in again) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert all(status == 200 for status, _ in again), again
    cached = [fetch(url) for url in urls]
    assert all(status == 200 for status, _ in cached)
    assert max(seconds for _, seconds in cached) < 0.5, cached


def test_a_write_makes_a_new_store_version(rw_server):
    """/health's counts are cached per store version: a write shows in the next answer."""
    before = httpx.get(rw_server.url + "/health").json()
    assert httpx.get(rw_server.url + "/health").json() == before
    r = httpx.put(
        rw_server.url + "/store?graph=http://example.org/pages-version",
        content=b"<http://a> <http://b> <http://c> , <http://d> .",
        headers={"Content-Type": "text/turtle", "Authorization": "Bearer " + TOKEN},
    )
    assert r.status_code in (201, 204), r.text
    after = httpx.get(rw_server.url + "/health").json()
    assert after["quads"] == before["quads"] + 2
    assert after["reports"] == before["reports"]
