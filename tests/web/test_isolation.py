"""Updates run like queries: first in a worker process (deep stack, memory limit, time limit,
no network), where a crash or a memory bomb costs only that worker; the server stays up. On a
read-only server the process that answers HTTP runs the query itself: a bomb there still gets
its 503, and that process is replaced.

The servers here have a small memory limit (`--worker-memory 256`), so a bomb fails fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import httpx
import pytest
from support import TOKEN, Server

from unkg.web import lexer

AUTH = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/sparql-update"}


def doubling(levels: int) -> str:
    """BINDs that double a 1,000-character string `levels` times (30: a terabyte)."""
    binds = " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(levels))
    return f'BIND("{"x" * 1000}" AS ?v0) {binds}'


def hidden_parentheses(depth: int) -> str:
    """A FILTER (true) nesting `depth` parentheses between a less-than and a greater-than,
    which the keyword scan takes for an IRI `<'a'…2>`. (An error `&&` false is false.)"""
    return f"FILTER(!(1<'a'&&{'(' * depth}false{')' * depth}&&2>1))"


@pytest.fixture(scope="module")
def small_server(built_store, tmp_path_factory, server_control) -> Iterator[Server]:
    start, stop = server_control
    copy = tmp_path_factory.mktemp("isolation") / "store"
    shutil.copytree(built_store, copy)
    log = tmp_path_factory.mktemp("log") / "isolation.log"
    s = start(
        copy, log, "--allow-update", "--worker-memory", "256", "--timeout", "20",
        env={"UNKG_TOKEN": TOKEN},
    )  # fmt: skip
    yield s
    stop(s)


@pytest.fixture(scope="module")
def read_only_server(built_store, tmp_path_factory, server_control) -> Iterator[Server]:
    start, stop = server_control
    log = tmp_path_factory.mktemp("log") / "isolation-ro.log"
    s = start(built_store, log, "--worker-memory", "256", "--timeout", "20", "--workers", "1")
    yield s
    stop(s)


def alive(server: Server, client: httpx.Client) -> None:
    assert server.proc.poll() is None, server.log_text()
    assert client.get(server.url + "/health").status_code == 200
    r = client.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def graph_exists(server: Server, client: httpx.Client, graph: str) -> bool:
    r = client.get(server.sparql, params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    return r.json()["boolean"]


def test_a_memory_bomb_query_is_a_503(small_server, client):
    query = f"SELECT (STRLEN(?v30) AS ?n) WHERE {{ {doubling(30)} }}"
    assert len(query) < 6_000
    r = client.get(small_server.sparql, params={"query": query})
    assert r.status_code == 503, r.text
    assert "256 MB" in r.text
    alive(small_server, client)
    small = f"SELECT (STRLEN(?v10) AS ?n) WHERE {{ {doubling(10)} }}"  # 1 MB: within the limit
    r = client.get(small_server.sparql, params={"query": small})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "1024000"


def test_a_memory_bomb_on_a_read_only_server_is_a_503(read_only_server, client):
    """The bomb's process answers its 503 itself, says it retires, and another answers next
    (one serving process: the next query cannot be answered by a sibling)."""
    query = f"SELECT (STRLEN(?v30) AS ?n) WHERE {{ {doubling(30)} }}"
    for _ in range(2):  # the replacement holds the limit too
        r = client.get(read_only_server.sparql, params={"query": query})
        assert r.status_code == 503, r.text
        assert "256 MB" in r.text
        alive(read_only_server, client)
    assert read_only_server.log_text().count("ran into the memory limit") == 2
    small = f"SELECT (STRLEN(?v10) AS ?n) WHERE {{ {doubling(10)} }}"
    r = client.get(read_only_server.sparql, params={"query": small})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "1024000"


def test_a_memory_bomb_update_is_a_503_and_writes_nothing(small_server, client):
    graph = "http://example.org/bomb"
    update = (
        f"INSERT {{ GRAPH <{graph}> {{ <http://a> <http://b> ?v30 }} }} WHERE {{ {doubling(30)} }}"
    )
    r = client.post(small_server.sparql, content=update.encode(), headers=AUTH)
    assert r.status_code == 503, r.text
    alive(small_server, client)
    assert not graph_exists(small_server, client, graph)
    fine = f"INSERT {{ GRAPH <{graph}> {{ <http://a> <http://b> ?v3 }} }} WHERE {{ {doubling(3)} }}"
    assert client.post(small_server.sparql, content=fine.encode(), headers=AUTH).status_code == 204
    assert graph_exists(small_server, client, graph)


def test_deep_nesting_hidden_from_the_scan_does_not_crash_the_server(small_server, client):
    graph = "http://example.org/deep"
    where = hidden_parentheses(10_000)
    update = f"INSERT {{ GRAPH <{graph}> {{ <http://a> <http://b> 1 }} }} WHERE {{ {where} }}"
    assert lexer.nesting(update) < 256  # the early check is blind to it: the stacks must hold
    r = client.post(small_server.sparql, content=update.encode(), headers=AUTH)
    assert r.status_code == 204, r.text
    alive(small_server, client)
    assert graph_exists(small_server, client, graph)
    r = client.get(small_server.sparql, params={"query": f"ASK {{ {where} }}"})
    assert r.status_code == 200 and r.json()["boolean"] is True
    alive(small_server, client)
