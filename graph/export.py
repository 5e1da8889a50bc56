"""Exports: RDF serializations through pyoxigraph (streaming), graph formats through networkx."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

import networkx as nx
from pyoxigraph import Quad, Triple, serialize

from unkg.graph import formats
from unkg.graph.network import relation_graph
from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES

EXPORTS = tuple(f.name for f in formats.exportable())


def _triples(quads: Iterator[Quad]) -> Iterator[Triple]:
    """The quads as triples, each once (a triple stated in two reports is one triple)."""
    seen: set[Triple] = set()
    for q in quads:
        tr = Triple(q.subject, q.predicate, q.object)
        if tr not in seen:
            seen.add(tr)
            yield tr


def export(store: Store, fmt: str, out: BinaryIO, report: str | None = None) -> None:
    """Write the store (or one report's graph) to `out` in `fmt` (a name of `formats.exportable`).

    A format that keeps graph names gets the quads; one that does not gets each triple once.
    """
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTS)}")
    spec = formats.FORMATS[fmt]
    if spec.carries & {formats.GRAPH, formats.DATASET}:
        quads = store.quads(report)
        data = quads if formats.DATASET in spec.carries else _triples(quads)
        prefixes = None if fmt in ("ntriples", "nquads") else PREFIXES
        serialize(data, out, spec.syntax, prefixes=prefixes)
        return
    graph = relation_graph(store, report)
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow(
            ["source", "source_label", "predicate", "target", "target_label", "weight", "reports"]
        )
        for s, o, data in graph.edges(data=True):
            writer.writerow(
                [
                    s,
                    graph.nodes[s]["label"],
                    data["predicate"],
                    o,
                    graph.nodes[o]["label"],
                    data["weight"],
                    data["reports"],
                ]
            )
        text.flush()
        text.detach()
    elif fmt == "graphml":
        nx.write_graphml(graph, out)
    else:
        nx.write_gexf(graph, out)
