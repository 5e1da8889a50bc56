"""The default graph is the RDF merge of the named graphs: each triple once, on every write path."""

import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import unkg
from unkg import api
from unkg.cli import app
from unkg.graph import merge
from unkg.graph.writes import DefaultGraphWrite
from unkg.ontology.ids import report_graph_iri

EX = "https://example.org/"
SHARED = ox.Triple(ox.NamedNode(EX + "m"), ox.NamedNode(EX + "operatesIn"), ox.NamedNode(EX + "c"))
ONCE = f"SELECT ?o WHERE {{ <{EX}m> <{EX}operatesIn> ?o }}"


def _own(slug: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(EX + slug), ox.NamedNode(EX + "p"), ox.Literal(slug))


def _quads(slug: str, *triples: ox.Triple) -> list[ox.Quad]:
    g = ox.NamedNode(report_graph_iri(slug))
    return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]


def _rows(store, query: str = ONCE) -> int:
    return len(list(unkg.query(query, store=store)))


def _merged(store) -> set[ox.Triple]:
    return {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, merge.DEFAULT)}


def _named(store) -> set[ox.Triple]:
    every = store.oxigraph.quads_for_pattern(None, None, None, None)
    return {q.triple for q in every if not isinstance(q.graph_name, ox.DefaultGraph)}


def _loaded(store, *slugs: str) -> None:
    with store.loader() as loader:
        for slug in slugs:
            loader.add_quads(slug, _quads(slug, SHARED, _own(slug)))


def test_the_example_store_answers_each_triple_once(example_store):
    every = example_store.oxigraph.quads_for_pattern(None, None, None, None)
    named = [q for q in every if not isinstance(q.graph_name, ox.DefaultGraph)]
    distinct = {q.triple for q in named}
    assert len(distinct) < len(named)  # reports do repeat triples: the test can fail
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(unkg.query(count, store=example_store)))["n"].value) == len(distinct)
    mali = "SELECT ?m WHERE { ?m unkg:operatesIn country:MLI }"
    per_graph = "SELECT ?g WHERE { GRAPH ?g { mission:MINUSMA unkg:operatesIn country:MLI } }"
    assert _rows(example_store, per_graph) >= 2
    rows = [r["m"].value for r in unkg.query(mali, store=example_store)]
    assert len(rows) == len(set(rows)) >= 1


def test_removing_one_report_keeps_a_shared_triple_and_removing_both_drops_it(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    _loaded(store, "one", "two")
    assert _rows(store) == 1
    assert store.remove_report("one")
    assert _rows(store) == 1
    assert _own("one") not in _merged(store)
    assert store.remove_report("two")
    assert _rows(store) == 0
    assert _merged(store) == _named(store)


def test_replacing_a_report_keeps_the_merge(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    _loaded(store, "one", "two")
    with store.loader() as loader:  # a changed report: replaced in one transaction
        assert loader.add_quads("two", _quads("two", _own("two-new"))) == "replaced"
    assert _rows(store) == 1  # "one" still says it
    with store.loader(replace_limit=1) as loader:  # a large one: dropped, then bulk-loaded
        assert loader.add_quads("one", _quads("one", _own("one-new"), _own("x"))) == "replaced"
    assert _rows(store) == 0
    assert _merged(store) == _named(store)


def test_a_failed_report_leaves_no_copy(tmp_path):
    store = unkg.open_store(tmp_path / "s")

    def broken():
        yield from _quads("bad", SHARED, _own("bad"))
        raise ValueError("making the quads failed")

    with store.loader(batch=2) as loader, pytest.raises(ValueError):
        loader.add_quads("bad", broken())
    assert _rows(store) == 0
    assert _merged(store) == _named(store)


def test_the_bulk_loader_copies_what_text_could_confuse(tmp_path):
    """The loader hands Oxigraph N-Quads text with each copy made by cutting the graph from its
    line: a literal that looks like a line end, a language tag and a blank node (which a bulk
    load would rename, so such quads go as objects) must come out as given, in both graphs."""
    tricky = ox.Literal(f'a "quote"\n<{report_graph_iri("one")}> .\n', language="en")
    node = ox.BlankNode("b1")
    triples = [
        ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), tricky),
        ox.Triple(node, ox.NamedNode(EX + "p"), ox.Literal("1", datatype=ox.NamedNode(EX + "t"))),
        SHARED,
    ]
    store = unkg.open_store(tmp_path / "s")
    with store.loader(batch=4) as loader:  # a batch written mid-report, and the last on exit
        loader.add_quads("one", _quads("one", *triples[:1], SHARED))
        loader.add_quads("two", _quads("two", *triples))
    for slug, expected in (("one", {triples[0], SHARED}), ("two", set(triples))):
        graph = ox.NamedNode(report_graph_iri(slug))
        assert {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, graph)} == (
            expected
        )
    assert _merged(store) == _named(store)
    blank = list(store.oxigraph.quads_for_pattern(node, None, None, None))
    assert {type(q.graph_name) for q in blank} == {ox.NamedNode, ox.DefaultGraph}


def test_the_text_of_quads_and_their_copies():
    g = ox.NamedNode(report_graph_iri("one"))
    quads = _quads("one", SHARED, _own("one"))
    text = merge.nquads(g, quads, copies=True)
    parsed = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    assert parsed == quads + [ox.Quad(*q.triple) for q in quads]
    assert merge.nquads(g, quads, copies=False) == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert merge.nquads(g, _quads("two", SHARED), copies=True) is None  # another graph's quads
    blank = [ox.Quad(ox.BlankNode("x"), SHARED.predicate, SHARED.object, g)]
    assert merge.nquads(g, blank, copies=True) is None


def test_the_cli_prints_a_shared_triple_once(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    _loaded(store, "one", "two")
    store.flush()
    result = CliRunner().invoke(
        app, ["query", ONCE, "--store", str(store.path), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]["bindings"]) == 1


def test_graph_store_writes_and_updates_keep_the_merge():
    store = unkg.open_store(memory=True)
    g1, g2 = EX + "g1", EX + "g2"
    api.write_graph(g1, [SHARED, _own("a")], store=store)  # PUT
    api.write_graph(g2, [SHARED], store=store, replace=False)  # POST
    assert _rows(store) == 1
    api.write_graph(g1, [_own("b")], store=store)  # PUT replaces: SHARED stays, from g2
    assert _rows(store) == 1 and _own("a") not in _merged(store)
    api.delete_graph(g2, store=store)
    assert _rows(store) == 0
    api.update(f"INSERT DATA {{ GRAPH <{g2}> {{ {SHARED} . }} }}", store=store)
    api.update(f"INSERT DATA {{ GRAPH <{g1}> {{ {SHARED} . }} }} ;", store=store)
    assert _rows(store) == 1
    api.update(f"DELETE WHERE {{ GRAPH <{g1}> {{ ?s ?p ?o }} }} # comment", store=store)
    assert _rows(store) == 1
    api.update(f"DROP GRAPH <{g2}>", store=store)
    assert _rows(store) == 0
    assert _merged(store) == _named(store)


def test_writes_to_the_default_graph_itself():
    store = unkg.open_store(memory=True)
    with pytest.raises(DefaultGraphWrite, match="write into a named graph"):
        api.write_graph(None, [SHARED], store=store)
    with pytest.raises(DefaultGraphWrite):
        api.delete_graph(None, store=store)
    # an update's own writes into the default graph give way to the merge
    api.update(f"INSERT DATA {{ {SHARED} . }}", store=store)
    assert _rows(store) == 0
    assert _merged(store) == _named(store)


def test_exports_carry_the_named_graphs_once(example_store):
    nquads = list(ox.parse(unkg.export(example_store, "nquads"), format=ox.RdfFormat.N_QUADS))
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in nquads)
    assert len(nquads) == len(example_store)
    triples = list(ox.parse(unkg.export(example_store, "ntriples"), format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(set(triples)) == len({q.triple for q in nquads})


def test_a_store_loaded_from_an_export_gets_its_merge(example_store, tmp_path):
    nquads = unkg.export(example_store, "nquads")
    assert b"store-format" not in nquads  # the marker stays with the store
    loaded = ox.Store(str(tmp_path / "loaded"))
    loaded.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    loaded.flush()
    del loaded
    store = unkg.api.Store(tmp_path / "loaded", read_only=True)
    assert _merged(store) == _named(store)
    assert len(_named(store)) == len(_named(example_store))  # blank nodes differ, not counts


def _old_store(path) -> None:
    """A store as an older unkg wrote it: named graphs only, and a triple in the default graph."""
    old = ox.Store(str(path))
    old.extend(_quads("one", SHARED) + _quads("two", SHARED, _own("two")))
    old.add(ox.Quad(*_own("legacy")))
    old.flush()
    del old


@pytest.mark.parametrize("read_only", [False, True])
def test_an_older_store_is_upgraded_when_opened(tmp_path, read_only):
    path = tmp_path / "old"
    _old_store(path)
    store = unkg.api.Store(path, read_only=read_only)
    assert merge.FORMAT_MARKER in store.oxigraph
    assert _rows(store) == 1
    legacy = store.oxigraph.quads_for_pattern(None, None, None, merge.LEGACY_DEFAULT)
    assert [q.triple for q in legacy] == [_own("legacy")]  # moved, not lost
    assert _merged(store) == _named(store)
    assert store.read_only is read_only


def test_an_older_store_locked_by_a_writer_cannot_be_opened_read_only(tmp_path):
    path = tmp_path / "old"
    _old_store(path)
    writer = ox.Store(str(path))  # another process builds it: the lock is held
    with pytest.raises(unkg.api.StoreError, match="older unkg and must be upgraded"):
        unkg.api.Store(path, read_only=True)
    del writer
