"""Writes to a store from outside a build: SPARQL Update and the Graph Store Protocol's
PUT, POST and DELETE of one graph. `unkg.api` and the endpoint both write through these.

`graph=None` is the default graph. The functions work on the embedded store and on a remote
SPARQL server alike (both answer the same `oxigraph` calls), and leave flushing to the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES


def update(store: Store, sparql: str, base_iri: str | None = None) -> None:
    """Run a SPARQL 1.1 Update (the project prefixes are predefined)."""
    store.oxigraph.update(sparql, prefixes=PREFIXES, base_iri=base_iri)


def _target(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def has_graph(store: Store, graph: str | None) -> bool:
    """The default graph always exists; a named graph when the store holds it."""
    return graph is None or store.oxigraph.contains_named_graph(ox.NamedNode(graph))


def write_graph(
    store: Store, graph: str | None, triples: Sequence[ox.Triple], *, replace: bool
) -> bool:
    """Put `triples` into `graph`, replacing what it held (PUT) or adding to it (POST), in one
    update. An empty named graph is still created. True when the graph existed before."""
    target = _target(graph)
    existed = has_graph(store, graph)
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    where = "DEFAULT" if graph is None else f"GRAPH {target}"
    data = f"{{ {body} }}" if graph is None else f"{{ GRAPH {target} {{ {body} }} }}"
    ops = [f"DROP SILENT {where}"] if replace else []
    if triples:
        ops.append(f"INSERT DATA {data}")
    if ops:
        store.oxigraph.update(" ;\n".join(ops))
    if graph is not None and not triples:
        store.oxigraph.add_graph(target)
    return existed


def delete_graph(store: Store, graph: str | None) -> bool:
    """Empty the default graph, or remove a named graph; False when there is no such graph."""
    target = _target(graph)
    if graph is None:
        store.oxigraph.clear_graph(target)
    elif store.oxigraph.contains_named_graph(target):
        store.oxigraph.remove_graph(target)
    else:
        return False
    return True
