"""Pieces of the endpoint without a server: negotiation, the SPARQL keyword scan, the gallery
parser, settings checks and the in-memory app."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import unkg
from unkg.graph.store import Store
from unkg.web import Settings, create_app, gallery, lexer
from unkg.web.negotiate import GRAPH, SOLUTIONS, NotAcceptable, choose, parse_accept, prefers_html


@pytest.mark.parametrize(
    ("kind", "accept", "fmt", "name"),
    [
        (SOLUTIONS, None, None, "json"),
        (SOLUTIONS, "", None, "json"),
        (SOLUTIONS, "text/csv", None, "csv"),
        (SOLUTIONS, "text/csv;q=0.2, application/sparql-results+xml;q=0.4", None, "xml"),
        (SOLUTIONS, "application/*", None, "json"),
        (SOLUTIONS, "text/*", None, "csv"),
        (SOLUTIONS, "*/*;q=0.1, text/tab-separated-values", None, "tsv"),
        (SOLUTIONS, "text/csv", "xml", "xml"),
        (SOLUTIONS, None, "application/sparql-results+json", "json"),
        (GRAPH, None, None, "turtle"),
        (GRAPH, "application/ld+json", None, "jsonld"),
        (GRAPH, "application/json", None, "jsonld"),
        (GRAPH, "text/plain", None, "ntriples"),
        (GRAPH, "application/rdf+xml;q=0.9, text/turtle;q=0.8", None, "rdfxml"),
        (GRAPH, "*/*", "nt", "ntriples"),
    ],
)
def test_choose(kind, accept, fmt, name):
    assert choose(kind, accept, fmt).name == name


@pytest.mark.parametrize(
    ("kind", "accept", "fmt"),
    [
        (SOLUTIONS, "image/png", None),
        (SOLUTIONS, "text/turtle", None),
        (SOLUTIONS, "*/*;q=0", None),
        (GRAPH, "application/sparql-results+json", None),
        (SOLUTIONS, None, "turtle"),
        (GRAPH, None, "csv"),
    ],
)
def test_not_acceptable(kind, accept, fmt):
    with pytest.raises(NotAcceptable):
        choose(kind, accept, fmt)


def test_parse_accept_q_values():
    assert parse_accept("text/csv;q=0.5, */*;q=x") == [("text/csv", 0.5, 0), ("*/*", 0.0, 1)]


def test_prefers_html():
    assert prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not prefers_html("*/*")
    assert not prefers_html(None)
    assert not prefers_html("text/turtle")
    assert not prefers_html("text/html;q=0.5, text/turtle")


def test_has_dataset_clause():
    assert lexer.has_dataset_clause("SELECT * FROM <http://g> { ?s ?p ?o }")
    assert lexer.has_dataset_clause("select * from named <http://g> { graph ?g { ?s ?p ?o } }")
    assert not lexer.has_dataset_clause('SELECT * { ?s ?p "FROM" }')
    assert not lexer.has_dataset_clause("SELECT ?from { ?from ?p ?o }")


def test_gallery_header_parsing():
    q = gallery.parse("99-x", "# title: T\n# description: one\n#   two\nSELECT * {}\n")
    assert (q.title, q.description) == ("T", "one two")
    with pytest.raises(ValueError):
        gallery.parse("98-y", "SELECT * {}")


def test_update_needs_token():
    with pytest.raises(ValueError, match="token"):
        create_app(Store(memory=True), Settings(allow_update=True))


class _Client:
    """Calls the ASGI app in-process (no server, no lifespan)."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.request(method, url, **kw)

        return asyncio.run(go())

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)


@pytest.fixture
def memory_client():
    store = Store(memory=True)
    unkg.api.update(  # through the API, which keeps the default graph the merge
        "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> "
        '<http://www.w3.org/2004/02/skos/core#prefLabel> "<script>alert(1)</script>" } }',
        store=store,
    )
    app = create_app(store, Settings(timeout_s=5))
    yield _Client(app)
    app.state.endpoint.close()


def test_in_memory_app_runs_queries(memory_client):
    r = memory_client.get("/sparql", params={"query": "SELECT ?l WHERE { ?s skos:prefLabel ?l }"})
    assert r.status_code == 200
    labels = [b["l"]["value"] for b in r.json()["results"]["bindings"]]
    assert "<script>alert(1)</script>" in labels


def test_page_escapes(memory_client):
    hostile = gallery.GalleryQuery(
        "00-x", '<img src=x onerror="alert(1)">', "</script><b>", "SELECT * {}"
    )
    memory_client.app.state.endpoint.gallery_files = [hostile]
    page = memory_client.get("/").text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=" in page
    assert "</script><b>" not in page


def test_cli_serve_refuses_updates_without_token(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from unkg.cli import app

    monkeypatch.delenv("UNKG_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path), "--allow-update"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_cli_serve_help():
    from typer.testing import CliRunner

    from unkg.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--timeout",
        "--max-rows",
        "--allow-update",
        "--token",
        "--cors-origin",
        "UNKG_TOKEN",
        "Example",
    ):
        assert option in result.output, option


def test_nesting_depth_counts_code_only():
    from unkg.web.lexer import nesting

    assert nesting("SELECT * WHERE { ?s ?p ?o }") == 1
    assert nesting("ASK { { { ?s ?p ?o } } }") == 3
    assert nesting('ASK { ?s ?p "{{{{{{" FILTER((1)) }') == 3  # braces in strings do not count
    assert nesting("ASK { " + "{" * 300 + "}" * 300 + " }") == 301


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o }",
        'ASK { ?s ?p "{{{{{{" FILTER((1)) } # (((',
        "ASK { " + "{" * 300 + "}" * 300 + " }",
        "SELECT * WHERE { ?s ?p [ ?q ( 1 2 ( 3 ) ) ] }",
    ],
)
def test_openers_bound_the_nesting(text):
    """The endpoint scans for the depth only when the count of openers could exceed it."""
    from unkg.web.lexer import nesting, openers

    assert nesting(text) <= openers(text)


def test_workers_answer_the_same_from_memory_and_from_disk(built_store):
    import json

    from unkg.ontology.namespace import PREFIXES
    from unkg.web.jobs import Job, execute
    from unkg.web.worker import open_for_queries

    disk, memory = (
        open_for_queries(str(built_store), False),
        open_for_queries(str(built_store), True),
    )
    assert len(memory) == len(disk) > 1000
    for q in gallery.load():
        job = Job(q.text, accept="application/sparql-results+json")
        a, b = execute(disk, job, PREFIXES), execute(memory, job, PREFIXES)
        assert a.status == b.status == 200, q.name
        if a.kind == "solutions":  # SAMPLE and GROUP_CONCAT may pick differently: keys only
            heads = [json.loads(o.body) for o in (a, b)]
            first = heads[0]["head"]["vars"][0]
            keys = [sorted(str(row.get(first)) for row in h["results"]["bindings"]) for h in heads]
            assert keys[0] == keys[1], q.name


def test_solutions_json_matches_oxigraph_and_stops_at_the_row_limit(built_store):
    import json

    import pyoxigraph as ox

    from unkg.graph.results import TooManyResults, solutions_json
    from unkg.ontology.namespace import PREFIXES
    from unkg.web.worker import open_for_queries

    store = open_for_queries(str(built_store), True)
    q = "SELECT ?s ?label ?n WHERE { ?s skos:prefLabel ?label BIND(STRLEN(?label) AS ?n) }"

    def run():
        return store.query(q, prefixes=PREFIXES, use_default_graph_as_union=True)

    body, rows = solutions_json(run(), 100_000)
    ours = json.loads(body)
    theirs = json.loads(run().serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == theirs and rows == len(theirs["results"]["bindings"]) > 500
    assert any("xml:lang" in b["label"] for b in ours["results"]["bindings"])
    with pytest.raises(TooManyResults):
        solutions_json(run(), rows - 1)
    assert solutions_json(run(), rows) is not None


def test_a_store_served_from_memory_does_not_take_new_snapshots(built_store):
    from unkg.web.pool import ProcessRunner

    runner = ProcessRunner(str(built_store), 1, memory=True)
    with pytest.raises(ValueError, match="memory"):
        runner.use(str(built_store))
    runner.close()


def test_a_memory_runner_answers_from_disk_until_its_copies_are_ready(built_store):
    """Start-up does not wait for the memory copy: on-disk workers answer first and are
    retired (not counted as kills) once the workers holding the store in memory are ready."""
    from unkg.web.jobs import Job
    from unkg.web.pool import ProcessRunner

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    async def scenario(runner: ProcessRunner) -> tuple[list[bool], bytes, list[bool], bytes]:
        await runner.start()
        first = [w.memory for w in runner.all]
        early = (await runner.run(Job(query), 30)).body
        while runner._replacing:
            await asyncio.gather(*runner._replacing)
        later = (await runner.run(Job(query), 30)).body
        return first, early, [w.memory for w in runner.all], later

    runner = ProcessRunner(str(built_store), 2, memory=True)
    try:
        first, early, after, later = asyncio.run(scenario(runner))
    finally:
        runner.close()
    assert first == [False, False]
    assert after == [True, True]
    assert runner.kills == 0
    assert early == later and b'"n"' in early


def test_start_up_does_not_wait_for_the_memory_decision(built_store):
    """The runner's workers answer before it has decided (by counting the store: seconds on
    a large one) whether to copy the store into memory; deciding no keeps them on disk."""
    import threading

    from unkg.web.jobs import Job
    from unkg.web.pool import ProcessRunner

    release = threading.Event()

    def decide() -> bool:
        release.wait(30)
        return False

    async def scenario(runner: ProcessRunner) -> tuple[bytes, bool, list[bool]]:
        await runner.start()
        first = (await runner.run(Job("ASK {}"), 30)).body
        undecided = callable(runner.memory)
        release.set()
        while runner._replacing:
            await asyncio.gather(*runner._replacing)
        return first, undecided, [w.memory for w in runner.all]

    runner = ProcessRunner(str(built_store), 1, memory=decide)
    try:
        first, undecided, after = asyncio.run(scenario(runner))
        runner.use(str(built_store))  # served from disk: it may take newer snapshots
    finally:
        release.set()
        runner.close()
    assert b"true" in first and undecided
    assert runner.memory is False and after == [False]


@pytest.mark.parametrize(
    ("query", "early"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", True),
        ("select * where { ?s ?p ?o } limit 10", True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 10", False),
        ("SELECT DISTINCT ?s WHERE { ?s ?p ?o } LIMIT 10", False),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } LIMIT 1", False),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } } LIMIT 5", False),
    ],
)
def test_queries_that_stop_early_are_told_apart(query, early):
    from unkg.web.worker import stops_early

    assert stops_early(query) is early


def test_gallery_queries_read_the_memory_copy():
    """Every gallery query reads all its solutions: the copy in memory answers them faster."""
    from unkg.web.worker import stops_early

    assert not any(stops_early(q.text) for q in gallery.load())


def test_the_default_graph_view_is_prepared_when_the_server_starts(built_store):
    """Start-up begins the default /graph (all reports, first language) on the pages' thread
    without waiting for it; the first visit gets that very page from the cache."""
    app = create_app(Store(built_store, read_only=True), Settings(timeout_s=30))
    ep = app.state.endpoint
    assert not ep.pages.futures  # nothing before start-up

    async def scenario() -> tuple[list, str, str]:
        async with app.router.lifespan_context(app):
            started = list(ep.pages.futures)
            prepared = await asyncio.wrap_future(ep.pages.futures[started[0]])
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                served = (await c.get("/graph")).text
        return started, prepared, served

    try:
        started, prepared, served = asyncio.run(scenario())
    finally:
        ep.close()
    assert started == [(ep.version, "graph", None, "zh")]
    assert 'id="unkg-data"' in prepared
    assert served == prepared
    assert list(ep.pages.futures) == started  # the visit computed nothing new


def test_a_worker_reads_a_query_that_stops_early_from_the_store_that_answered_it_faster():
    from unkg.web.worker import Faster

    early, full = "SELECT * WHERE { ?s ?p ?o } LIMIT 10", "SELECT * WHERE { ?s ?p ?o }"
    faster = Faster()
    sides = []
    for _ in range(2 * Faster.TRIES):  # tried on each store in turn, disk first
        disk = faster.use_disk(early)
        sides.append(disk)
        # the first run on disk is slow (cold files), later ones beat memory
        faster.record(early, disk, (0.009 if len(sides) == 1 else 0.001) if disk else 0.002)
    assert sides == [True, False] * Faster.TRIES
    assert faster.use_disk(early)  # its best time, not its first, counts
    faster.record(early, True, 0.005)  # a disturbed run does not change the choice
    assert faster.use_disk(early)
    slow = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"
    for _ in range(2 * Faster.TRIES):
        disk = faster.use_disk(slow)
        faster.record(slow, disk, 0.005 if disk else 0.001)
    assert not faster.use_disk(slow)  # this one is faster in memory
    assert not faster.use_disk(full)  # a query that reads everything never tries the disk
    for i in range(Faster.KEPT + 1):
        faster.record(f"{early} OFFSET {i}", True, 0.001)
    assert len(faster.times) <= Faster.KEPT
