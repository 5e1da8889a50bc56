"""SERVICE and LOAD fail closed: a corpus of escape tricks, checked by the parse (`guard`)
and against live servers on loopback with a listener that must never receive a connection.

The tricks are those that fooled the keyword scan (an escaped quote in a prefixed name read as
the start of a string, which hid the rest of the query) and their relatives: escaped quotes and
backslashes in names, strings and IRIs, comments, unicode escapes, long strings and nested
sub-queries.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from support import TOKEN

from unkg.web import guard

URL = "http://127.0.0.1:{port}/sparql"
LONG = "x" * 50_000

# Queries that reach {url}; each must be refused.
ATTACKS = {
    "escaped quote in a prefixed name": (
        "SELECT * WHERE { BIND(unkg:a\\' AS ?o) SERVICE <{url}> { ?x ?y ?z } FILTER(?o != 'z') }"
    ),
    "escaped double quote in a prefixed name": (
        'SELECT * WHERE { BIND(unkg:a\\" AS ?o) SERVICE <{url}> { ?x ?y ?z } FILTER(?o != "z") }'
    ),
    "escaped backslash ending a string": (
        'SELECT * WHERE { BIND("a\\\\" AS ?o) SERVICE <{url}> { ?x ?y ?z } }'
    ),
    "escaped quote inside a string": (
        "SELECT * WHERE { BIND('a\\'b' AS ?o) SERVICE <{url}> { ?x ?y ?z } }"
    ),
    "quotes inside a long string": (
        "SELECT * WHERE { BIND('''a ' '' \\''' AS ?o) SERVICE <{url}> { ?x ?y ?z } }"
    ),
    "quote in a comment": "SELECT * WHERE { # it's \"here\nSERVICE <{url}> { ?x ?y ?z } }",
    "hash inside an IRI": "SELECT * WHERE { <http://x/#> ?p ?o . SERVICE <{url}> { ?x ?y ?z } }",
    "lower case, silent": "select * where { service silent <{url}> { ?x ?y ?z } }",
    "unicode escape": "SELECT * WHERE { \\u0053ERVICE <{url}> { ?x ?y ?z } }",
    "endpoint in a variable": (
        "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE SILENT ?e { ?x ?y ?z } }"
    ),
    "nested sub-queries": (
        "SELECT * WHERE { { SELECT * WHERE { { SELECT * WHERE { "
        "SERVICE SILENT <{url}> { ?x ?y ?z } } } } } }"
    ),
    "after a long string": "SELECT * WHERE { BIND('"
    + LONG
    + "' AS ?o) SERVICE <{url}> { ?x ?y ?z } }",
    "syntax error hides it": "SELECT * WHERE { SERVICE <{url}> { ?x ?y ?z } } }",
}
UPDATE_ATTACKS = {
    "LOAD after an escaped quote": (
        "INSERT DATA { <http://a> <http://b> unkg:c\\' } ; LOAD <{url}> ; "
        "INSERT DATA { <http://a> <http://b> 'x' }"
    ),
    "LOAD SILENT, lower case": "load silent <{url}> into graph <http://example.org/g>",
    "LOAD by unicode escape": "\\u004cOAD <{url}>",
    "SERVICE in an update's WHERE": (
        "INSERT { GRAPH <http://g> { ?x ?y ?z } } WHERE { BIND(unkg:a\\' AS ?o) "
        "SERVICE SILENT <{url}> { ?x ?y ?z } }"
    ),
}
# Look like them, reach nothing: answered as usual.
HARMLESS = [
    'SELECT * WHERE { ?s ?p "customer service" } LIMIT 1',
    "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
    "SELECT * WHERE { ?s unkg:service ?o } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o != 'a\\'b SERVICE <http://x/>') } LIMIT 1",
    "SELECT * WHERE { <http://x/service> ?p ?o } # SERVICE <http://x/>",
]


def fill(text: str, url: str) -> str:
    return text.replace("{url}", url)


@pytest.mark.parametrize("name", ATTACKS)
def test_the_parse_finds_service(name):
    with pytest.raises(guard.Refused):
        guard.check(fill(ATTACKS[name], "http://127.0.0.1:9/x"))


@pytest.mark.parametrize("name", UPDATE_ATTACKS)
def test_the_parse_finds_load_and_service_in_updates(name):
    with pytest.raises(guard.Refused):
        guard.check(fill(UPDATE_ATTACKS[name], "http://127.0.0.1:9/x"), update=True)


@pytest.mark.parametrize("query", HARMLESS)
def test_harmless_look_alikes_pass(query):
    guard.check(query)
    if "service" in query.casefold():  # it was really parsed, and nothing was found
        assert guard.network_operations(query) == set()


def test_too_deep_to_check_is_refused():
    query = "SELECT * WHERE { FILTER(" + "(" * 1000 + "1" + ")" * 1000 + ") SERVICE <x:> {} }"
    with pytest.raises(guard.Refused, match=r"deep|syntax"):
        guard.check(query)


class Listener:
    """A TCP listener on loopback that records every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    ear = Listener()
    yield ear
    ear.close()


def test_no_query_reaches_the_listener(server, client, listener):
    url = URL.format(port=listener.port)
    for name, text in ATTACKS.items():
        r = client.post(server.sparql, data={"query": fill(text, url)})
        assert r.status_code == 400, (name, r.status_code, r.text)
    for query in HARMLESS:
        r = client.get(server.sparql, params={"query": query})
        assert r.status_code == 200, (query, r.text)
    time.sleep(0.3)
    assert listener.accepted == 0


def test_no_update_reaches_the_listener(rw_server, client, listener):
    url = URL.format(port=listener.port)
    auth = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/sparql-update"}
    for name, text in UPDATE_ATTACKS.items():
        r = client.post(rw_server.sparql, content=fill(text, url).encode(), headers=auth)
        assert r.status_code == 400, (name, r.status_code, r.text)
    r = client.get(rw_server.sparql, params={"query": "ASK { <http://a> <http://b> 'x' }"})
    assert r.json()["boolean"] is False  # the operations around the LOAD did not run either
    time.sleep(0.3)
    assert listener.accepted == 0


def test_a_worker_cannot_connect_even_without_the_check(listener):
    """The engine layer on its own: in a worker process that gave up the network, Oxigraph's
    SERVICE and LOAD fail (SILENT: an answer without data) and the listener hears nothing."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        how, answers = pool.apply(_service_in_a_sandbox, (URL.format(port=listener.port),))
    assert how in ("seccomp", "network namespace"), how
    assert answers == ["error", "ok", "error"], answers
    time.sleep(0.3)
    assert listener.accepted == 0
    socket.create_connection(("127.0.0.1", listener.port)).close()  # the listener does hear
    time.sleep(0.5)
    assert listener.accepted == 1


def _service_in_a_sandbox(url: str) -> tuple[str, list[str]]:
    import pyoxigraph as ox

    from unkg.web import sandbox

    how = sandbox.deny_network()
    store, answers = ox.Store(), []
    for run in (
        lambda: list(store.query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")),
        lambda: list(store.query(f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}")),
        lambda: store.update(f"LOAD <{url}>"),
    ):
        try:
            run()
            answers.append("ok")
        except OSError:
            answers.append("error")
    return how, answers
