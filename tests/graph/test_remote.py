"""A store on a real Oxigraph server process (issue 10): build, query, export, remove, serve."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.compare import isomorphic
from support import ROOT, free_port, graph_of

import unkg
from unkg.graph.remote import RemoteStore, endpoints, is_url
from unkg.graph.store import StoreError
from unkg.settings import Settings

INPUTS = [ROOT / "examples" / "reports", ROOT / "tests" / "data" / "parallel"]
MALI = "SELECT ?m WHERE { ?m unkg:operatesIn country:MLI }"


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh `oxigraph serve` on a free loopback port; its base URL."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    try:
        proc = subprocess.Popen(
            [binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    except OSError as exc:
        pytest.skip(f"the oxigraph server binary cannot start: {exc}")
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.skip(
                "the oxigraph server exited at start: "
                + (tmp_path / "oxigraph.log").read_text(errors="replace")[-500:]
            )
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.skip("the oxigraph server did not answer within 30 s")
            time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
    log.close()


@pytest.fixture(scope="module")
def embedded():
    store = unkg.open_store(memory=True)
    assert unkg.build(INPUTS, store=store).ok
    return store


def test_urls_and_conventions(monkeypatch):
    for var in ("UNKG_QUERY_URL", "UNKG_UPDATE_URL", "UNKG_GSP_URL"):
        monkeypatch.delenv(var, raising=False)
    assert is_url("http://h:7878") and is_url("fuseki+https://h/ds") and not is_url("store/x")
    assert not is_url("/tmp/http://x")
    ox = endpoints("http://h:7878/")
    assert (ox.query, ox.update, ox.gsp) == (
        "http://h:7878/query",
        "http://h:7878/update",
        "http://h:7878/store",
    )
    fu = endpoints("fuseki+http://h:3030/ds")
    assert (fu.query, fu.update, fu.gsp, fu.flavour) == (
        "http://h:3030/ds/query",
        "http://h:3030/ds/update",
        "http://h:3030/ds/data",
        "fuseki",
    )
    vi = endpoints("http://h:8890/sparql")
    assert (vi.query, vi.gsp, vi.flavour) == (
        "http://h:8890/sparql",
        "http://h:8890/sparql-graph-crud",
        "virtuoso",
    )
    assert endpoints("http://h", query_url="http://q/sparql").query == "http://q/sparql"
    monkeypatch.setenv("UNKG_GSP_URL", "http://g/store")  # read once, by the settings
    assert endpoints("http://h", gsp_url=Settings.from_env().gsp_url).gsp == "http://g/store"


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot reach"):
        unkg.open_store(f"http://127.0.0.1:{free_port()}")


@pytest.mark.slow
def test_build_query_export_remove_against_oxigraph_server(oxigraph_server, embedded):
    store = unkg.open_store(oxigraph_server)
    assert isinstance(store, RemoteStore)
    first = unkg.build(INPUTS, store=store)
    assert first.ok and {f.status for f in first.files} == {"added"}
    assert store.report_slugs() == embedded.report_slugs()
    assert len(store) == len(embedded)
    assert isomorphic(graph_of(store), graph_of(embedded))
    assert store.reports() == embedded.reports()
    assert store.report_fingerprint("S-2023-1000-zh") == embedded.report_fingerprint(
        "S-2023-1000-zh"
    )
    assert store.slug_for_source("sg-drc-monusco-2024.txt") == "S-2024-880-zh"

    def rows(st):
        return Counter(r["m"].value for r in unkg.query(MALI, store=st))

    assert rows(store) and rows(store) == rows(embedded)
    assert bool(unkg.query("ASK { ?m a unkg:PeacekeepingOperation }", store=store))
    triples = unkg.query("CONSTRUCT { ?m a unkg:Mission } WHERE { ?m a unkg:Mission }", store=store)
    assert len(list(triples)) > 0

    again = unkg.build(INPUTS, store=store)
    assert {f.status for f in again.files} == {"unchanged"}
    forced = unkg.build(INPUTS, store=store, force=True)  # DROP + INSERT DATA, one update each
    assert {f.status for f in forced.files} == {"replaced"}
    assert isomorphic(graph_of(store), graph_of(embedded))
    one = rdflib.Graph().parse(data=unkg.export(store, "ntriples", report="S-2024-880-en"))
    assert len(one) > 100

    assert unkg.remove("S-2024-880-en", store=store)
    assert not unkg.remove("S-2024-880-en", store=store)
    assert "S-2024-880-en" not in store.report_slugs()
    html = unkg.viz(store)
    assert "MINUSMA" in html


@pytest.mark.slow
def test_cli_and_web_app_against_oxigraph_server(oxigraph_server, tmp_path):
    from typer.testing import CliRunner

    from unkg.cli import app
    from unkg.web import Settings, create_app

    runner = CliRunner()
    res = runner.invoke(app, ["build", str(INPUTS[0]), "--store", oxigraph_server])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["query", MALI, "--store", oxigraph_server, "--format", "json"])
    assert res.exit_code == 0 and "MINUSMA" in res.output
    out = tmp_path / "g.nq"
    res = runner.invoke(app, ["export", "-f", "nquads", "-o", str(out), "-s", oxigraph_server])
    assert res.exit_code == 0 and out.stat().st_size > 10_000
    res = runner.invoke(app, ["reports", "--json", "--store", oxigraph_server])
    assert res.exit_code == 0 and "S-2023-1000-zh" in res.output

    web = create_app(unkg.open_store(oxigraph_server, read_only=True), Settings(timeout_s=20))

    async def go():
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            return await c.get("/sparql", params={"query": MALI}), await c.get("/health")

    try:
        answer, health = asyncio.run(go())
    finally:
        web.state.endpoint.close()
    assert answer.status_code == 200
    values = {b["m"]["value"] for b in answer.json()["results"]["bindings"]}
    assert values == {"https://w3id.org/unkg/id/mission/MINUSMA"}
    assert health.json()["reports"] == 3


def test_web_app_updates_reach_a_remote_store(oxigraph_server):
    """The web app's writer thread gives up the network only over a local store: over a
    remote one, the SPARQL server it writes to must stay reachable."""
    from unkg.web import Settings, create_app

    web = create_app(unkg.open_store(oxigraph_server), Settings(allow_update=True, token="t"))
    update = "INSERT DATA { GRAPH <http://example.org/w> { <http://a> <http://b> 'writer' } }"
    ask = "ASK { GRAPH <http://example.org/w> { <http://a> <http://b> 'writer' } }"

    async def go():
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            headers = {"Authorization": "Bearer t", "Content-Type": "application/sparql-update"}
            wrote = await c.post("/sparql", content=update, headers=headers)
            return wrote, await c.get("/sparql", params={"query": ask})

    try:
        wrote, answer = asyncio.run(go())
    finally:
        web.state.endpoint.close()
    assert wrote.status_code == 204, wrote.text
    assert answer.json()["boolean"] is True
