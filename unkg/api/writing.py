"""Changing a store outside a build: SPARQL Update, Graph Store Protocol writes, removing a
report. Each recomputes the contradictions between reports and flushes before it returns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pyoxigraph import Triple

from unkg.api.stores import _store
from unkg.graph import writes
from unkg.graph.store import Store
from unkg.graph.timeline import refresh_contradictions


def update(
    sparql: str, *, store: Store | str | Path | None = None, base_iri: str | None = None
) -> None:
    """Run a SPARQL 1.1 Update on the store (the project prefixes are predefined) and flush it.
    A malformed update is a SyntaxError."""
    st = _store(store)
    writes.update(st, sparql, base_iri)
    refresh_derived(st)


def write_graph(
    graph: str | None,
    triples: Sequence[Triple],
    *,
    store: Store | str | Path | None = None,
    replace: bool = True,
) -> bool:
    """Graph Store Protocol PUT (`replace`) or POST of `triples` into `graph` (None: the default
    graph), then flush. True when the graph existed before."""
    st = _store(store)
    existed = writes.write_graph(st, graph, triples, replace=replace)
    refresh_derived(st)
    return existed


def delete_graph(graph: str | None, *, store: Store | str | Path | None = None) -> bool:
    """Graph Store Protocol DELETE: remove a named graph (empty the default one), then flush.
    False when there is no such graph."""
    st = _store(store)
    deleted = writes.delete_graph(st, graph)
    refresh_derived(st)
    return deleted


def remove(slug: str, *, store: Store | str | Path | None = None) -> bool:
    st = _store(store)
    removed = st.remove_report(slug)
    refresh_derived(st)
    return removed


def refresh_derived(st: Store) -> None:
    """After a write: recompute what several report graphs together imply (the contradictions
    between reports, `unkg.graph.contradictions`), so a replaced or removed report takes its
    share with it; then flush."""
    refresh_contradictions(st)
    st.flush()
