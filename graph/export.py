"""Exports: RDF serializations through pyoxigraph (streaming), graph formats through networkx."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

import networkx as nx
from pyoxigraph import serialize

from unkg.graph import formats
from unkg.graph.network import relation_graph
from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES

EXPORTS = tuple(f.name for f in formats.exportable())


def export(store: Store, fmt: str, out: BinaryIO, report: str | None = None) -> None:
    """Write the store (or one report's graph) to `out` in `fmt` (a name of `formats.exportable`).

    A format that keeps graph names gets the quads of the named graphs; one that does not
    gets each triple once (the default graph: their merge).
    """
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTS)}")
    spec = formats.FORMATS[fmt]
    if spec.carries & {formats.GRAPH, formats.DATASET}:
        data = store.quads(report) if formats.DATASET in spec.carries else store.triples(report)
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
