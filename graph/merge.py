"""The default graph is the RDF merge of the named graphs: each triple once.

Oxigraph's union default graph returns a triple once per named graph that holds it, so a
query over the default graph saw duplicate rows. The store therefore keeps a copy of every
named graph's triples in its real default graph, written in the same transaction as the named
graph, and queries it with the union off. The copy is derived data: every write path keeps it
(the store's add, replace and remove of a graph, the bulk loader, the Graph Store Protocol,
SPARQL Update), writes addressed to the default graph itself are refused, and exports of
named graphs leave it out. This module holds the SPARQL those write paths share.

A store whose reference graph lacks `FORMAT_MARKER` was written before the copy existed; it
is upgraded once when opened (`rebuild`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Triple, serialize
from rdflib import DCTERMS

from unkg.ontology.ids import GRAPH_BASE, REFERENCE_GRAPH

DEFAULT = DefaultGraph()
# Where an older store's own default-graph triples go when it is upgraded (nothing is lost).
LEGACY_DEFAULT = NamedNode(GRAPH_BASE + "default")
# Store format 2: the embedded store's default graph holds the merge. Every store's reference
# graph states it (a remote one too, so both hold the same dataset); only the embedded store
# relies on it.
STORE_FORMAT = NamedNode("https://w3id.org/unkg/store-format/2")
FORMAT_MARKER = Quad(
    NamedNode(REFERENCE_GRAPH), NamedNode(str(DCTERMS.conformsTo)), STORE_FORMAT,
    NamedNode(REFERENCE_GRAPH),
)  # fmt: skip

REFUSED = (
    "the default graph is the merge of the named graphs (each triple once) and cannot be "
    "written itself; write into a named graph"
)

# After an update whose effect is unknown: remove the copies no named graph holds any more,
# then add those of triples new to the named graphs (a pass over the store).
REDERIVE = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
)
_ENDS_WITH_SEPARATOR = re.compile(r";(?:\s|#[^\n]*)*\Z")


def orphans(graph: NamedNode) -> str:
    """The update deleting from the default graph the triples that only `graph` holds: run it
    before dropping or replacing `graph`, in the same request (one transaction)."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph}) }} }}"
    )


def drop(graph: NamedNode) -> str:
    """Drop a named graph and the default-graph copies no other graph holds."""
    return f"{orphans(graph)} ;\nDROP SILENT GRAPH {graph}"


def around(graph: NamedNode, update: str) -> str:
    """An update that rewrites `graph` (and only it), with the merge kept: the copies only
    `graph` held go first, the copies of what it holds afterwards are added last."""
    copy = f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    return f"{orphans(graph)} ;\n{update} ;\n{copy}"


def insert(graph: NamedNode, triples: Iterable[Triple | Quad]) -> str:
    """INSERT DATA of `triples` into `graph` and into the default graph (one operation, so a
    blank node is the same node in both)."""
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}}\n{body}\n}}"


def copies(quads: Iterable[Quad]) -> list[Quad]:
    """The default-graph copies of named-graph quads."""
    return [Quad(q.subject, q.predicate, q.object) for q in quads]


def nquads(graph: NamedNode, quads: Sequence[Quad], *, copies: bool) -> bytes | None:
    """`quads`, all in `graph`, as N-Quads for a bulk load, followed by their default-graph
    copies when `copies`. pyoxigraph writes a quad on one line that ends with its graph (a
    newline inside a literal is escaped), so the copies are the same lines without it: one
    `bytes.replace` instead of a Python object per copy. None when the text cannot stand for
    the quads: a blank node (a bulk load renames it) or a quad outside `graph`."""
    text = serialize(quads, format=RdfFormat.N_QUADS)
    if b"_:" in text:  # a literal may hold these two characters too: then the objects are used
        return None
    if not copies:
        return text
    end = f" {graph} .\n".encode()
    if text.count(end) != len(quads):
        return None
    return text + text.replace(end, b" .\n")


def then_rederive(update: str) -> str:
    """A user's SPARQL Update followed, in the same request, by `REDERIVE`."""
    separator = "\n" if _ENDS_WITH_SEPARATOR.search(update) else "\n;\n"
    return update + separator + REDERIVE


def rebuild(has_default: bool) -> str:
    """The one-off upgrade of a store written before the copy existed: its own default-graph
    triples (if any) move to `LEGACY_DEFAULT`, then the default graph becomes the merge."""
    ops = [f"ADD DEFAULT TO GRAPH {LEGACY_DEFAULT}"] if has_default else []
    ops += [
        "CLEAR DEFAULT",
        "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"INSERT DATA {{ GRAPH {FORMAT_MARKER.graph_name} {{ {_triple(FORMAT_MARKER)} }} "
        f"{_triple(FORMAT_MARKER)} }}",
    ]
    return " ;\n".join(ops)


def _triple(q: Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} ."
