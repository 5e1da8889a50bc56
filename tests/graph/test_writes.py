"""Writes outside a build (SPARQL Update, Graph Store PUT/POST/DELETE), through `unkg.api`."""

import pyoxigraph as ox
import pytest

import unkg
from unkg import api

G = "https://example.org/g"
A = ox.Triple(
    ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("1")
)
B = ox.Triple(
    ox.NamedNode("https://example.org/b"), ox.NamedNode("https://example.org/p"), ox.Literal("2")
)


def _graph(store, graph: str) -> set:
    rows = unkg.query(f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", store=store)
    return {r["s"].value for r in rows}


def test_update_uses_the_project_prefixes_and_refuses_bad_syntax():
    assert unkg.update is api.update
    store = unkg.open_store(memory=True)
    api.update(f'INSERT DATA {{ GRAPH <{G}> {{ mission:X unkg:acronym "X" }} }}', store=store)
    assert _graph(store, G) == {"https://w3id.org/unkg/id/mission/X"}
    with pytest.raises(SyntaxError):
        api.update("INSERT DATA {", store=store)


def test_put_replaces_post_adds_delete_removes():
    store = unkg.open_store(memory=True)
    assert api.write_graph(G, [A], store=store, replace=True) is False  # created
    assert api.write_graph(G, [B], store=store, replace=False) is True
    assert _graph(store, G) == {"https://example.org/a", "https://example.org/b"}
    assert api.write_graph(G, [B], store=store, replace=True) is True
    assert _graph(store, G) == {"https://example.org/b"}
    assert api.delete_graph(G, store=store) is True
    assert api.delete_graph(G, store=store) is False
    assert G not in store.graphs()


def test_an_empty_put_still_creates_the_named_graph():
    store = unkg.open_store(memory=True)
    assert api.write_graph(G, [], store=store) is False
    assert G in store.graphs()
