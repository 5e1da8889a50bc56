"""Exports: RDF serializations through pyoxigraph (streaming), graph formats through networkx."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

import networkx as nx
from pyoxigraph import Quad, RdfFormat, Triple, serialize

from unkg.graph.network import relation_graph
from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES

RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "nquads": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
GRAPH_FORMATS = ("graphml", "gexf", "csv")
FORMATS = (*RDF_FORMATS, *GRAPH_FORMATS)
EXTENSIONS = {
    "turtle": "ttl",
    "ntriples": "nt",
    "nquads": "nq",
    "trig": "trig",
    "jsonld": "jsonld",
    "rdfxml": "rdf",
    "graphml": "graphml",
    "gexf": "gexf",
    "csv": "csv",
}
KEEPS_GRAPHS = {"nquads", "trig", "jsonld"}


def _triples(quads: Iterator[Quad]) -> Iterator[Triple]:
    """The quads as triples, each once (a triple stated in two reports is one triple)."""
    seen: set[Triple] = set()
    for q in quads:
        tr = Triple(q.subject, q.predicate, q.object)
        if tr not in seen:
            seen.add(tr)
            yield tr


def export(store: Store, fmt: str, out: BinaryIO, report: str | None = None) -> None:
    """Write the store (or one report's graph) to `out` in `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in RDF_FORMATS:
        quads = store.quads(report)
        data = quads if fmt in KEEPS_GRAPHS else _triples(quads)
        prefixes = None if fmt in ("ntriples", "nquads") else PREFIXES
        serialize(data, out, RDF_FORMATS[fmt], prefixes=prefixes)
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
