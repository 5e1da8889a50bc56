"""Writes to a store from outside a build: SPARQL Update and the Graph Store Protocol's
PUT, POST and DELETE of one graph. `unkg.api` and the endpoint both write through these.

`graph=None` is the default graph. The functions work on the embedded store and on a remote
SPARQL server alike (both answer the same `oxigraph` calls), and leave flushing to the caller.

On the embedded store the default graph is the merge of the named graphs (`unkg.graph.merge`):
a Graph Store write addressed to it is refused (`DefaultGraphWrite`), and every SPARQL Update
is followed, in the same transaction, by re-deriving the merge, so what an update writes into
the default graph itself does not last.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from unkg.graph import merge
from unkg.graph.store import Store, StoreError
from unkg.ontology.namespace import PREFIXES


class DefaultGraphWrite(StoreError):
    """A write addressed to the default graph of a store whose default graph is the merge."""


def update(store: Store, sparql: str, base_iri: str | None = None) -> None:
    """Run a SPARQL 1.1 Update (the project prefixes are predefined), then re-derive the merge
    in the same request (a pass over the store: see docs/scaling.md)."""
    if store.merges:
        sparql = merge.then_rederive(sparql)
    store.oxigraph.update(sparql, prefixes=PREFIXES, base_iri=base_iri)


def _target(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def _refuse_default(store: Store, graph: str | None) -> None:
    if graph is None and store.merges:
        raise DefaultGraphWrite(merge.REFUSED + " (?graph=IRI)")


def has_graph(store: Store, graph: str | None) -> bool:
    """The default graph always exists; a named graph when the store holds it."""
    return graph is None or store.oxigraph.contains_named_graph(ox.NamedNode(graph))


def write_graph(
    store: Store, graph: str | None, triples: Sequence[ox.Triple], *, replace: bool
) -> bool:
    """Put `triples` into `graph`, replacing what it held (PUT) or adding to it (POST), in one
    update. An empty named graph is still created. True when the graph existed before."""
    _refuse_default(store, graph)
    target = _target(graph)
    existed = has_graph(store, graph)
    ops = []
    if store.merges:
        if replace:
            ops.append(merge.drop(target))
        if triples:
            ops.append(merge.insert(target, triples))
    else:
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
    """Remove a named graph (empty the default one of a remote store); False when there is no
    such graph."""
    _refuse_default(store, graph)
    target = _target(graph)
    if graph is None:
        store.oxigraph.clear_graph(target)
    elif store.oxigraph.contains_named_graph(target):
        store._drop_graph(target)
    else:
        return False
    return True
