"""The output formats: each declared once, with what it can carry.

Export (`unkg export`), query output (`unkg query`, `unkg.api.query`), the endpoint's content
negotiation and service description, and docs/cli.md all read this table, as rdflib's plugin
registry is read by every parser and serializer entry point. It imports only the standard
library, so the CLI builds its options from it without loading an RDF library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# What a result can be: the kinds of result a format may carry.
GRAPH = "graph"  # triples: CONSTRUCT, DESCRIBE, an export without graph names
DATASET = "dataset"  # quads: an export that keeps the report graphs apart
SOLUTIONS = "solutions"  # SELECT
BOOLEAN = "boolean"  # ASK
NETWORK = "network"  # the entity–relation network (networkx), for Gephi and spreadsheets

_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    name: str  # what --format and format= take
    title: str
    media_type: str  # what a response says in Content-Type
    extension: str  # without the dot
    carries: frozenset[str]
    writer: str = ""  # pyoxigraph's format that writes it ("RdfFormat.TURTLE"); "" for networkx
    aliases: tuple[str, ...] = ()  # other media types and names that select it
    sd_iri: str = ""  # its http://www.w3.org/ns/formats/ IRI, for the service description

    @property
    def syntax(self) -> Any:
        """pyoxigraph's `RdfFormat` or `QueryResultsFormat` for this format (None if neither)."""
        if not self.writer:
            return None
        import pyoxigraph

        kind, _, name = self.writer.partition(".")
        return getattr(getattr(pyoxigraph, kind), name)


_RESULTS = frozenset({SOLUTIONS, BOOLEAN})
_TRIPLES = frozenset({GRAPH})
_QUADS = frozenset({GRAPH, DATASET})

# Order matters: for each kind of result the first format that carries it is its default, and
# the endpoint breaks ties between equally acceptable formats in this order.
_TABLE = (
    Format(
        "json",
        "SPARQL results JSON",
        "application/sparql-results+json",
        "srj",
        _RESULTS,
        "QueryResultsFormat.JSON",
        ("application/json", "srj"),
        _W3C + "SPARQL_Results_JSON",
    ),
    Format(
        "xml",
        "SPARQL results XML",
        "application/sparql-results+xml",
        "srx",
        _RESULTS,
        "QueryResultsFormat.XML",
        ("application/xml", "text/xml", "srx"),
        _W3C + "SPARQL_Results_XML",
    ),
    Format(
        "csv",
        "CSV (SPARQL results; the network's edges on export)",
        "text/csv",
        "csv",
        _RESULTS | {NETWORK},
        "QueryResultsFormat.CSV",
        (),
        _W3C + "SPARQL_Results_CSV",
    ),
    Format(
        "tsv",
        "SPARQL results TSV",
        "text/tab-separated-values",
        "tsv",
        _RESULTS,
        "QueryResultsFormat.TSV",
        (),
        _W3C + "SPARQL_Results_TSV",
    ),
    Format(
        "turtle",
        "Turtle",
        "text/turtle",
        "ttl",
        _TRIPLES,
        "RdfFormat.TURTLE",
        ("ttl", "application/x-turtle"),
        _W3C + "Turtle",
    ),
    Format(
        "ntriples",
        "N-Triples",
        "application/n-triples",
        "nt",
        _TRIPLES,
        "RdfFormat.N_TRIPLES",
        ("nt", "text/plain"),
        _W3C + "N-Triples",
    ),
    Format(
        "jsonld",
        "JSON-LD",
        "application/ld+json",
        "jsonld",
        _QUADS,
        "RdfFormat.JSON_LD",
        ("json-ld", "json", "application/json"),
        _W3C + "JSON-LD",
    ),
    Format(
        "rdfxml",
        "RDF/XML",
        "application/rdf+xml",
        "rdf",
        _TRIPLES,
        "RdfFormat.RDF_XML",
        ("xml", "rdf", "application/xml", "text/xml"),
        _W3C + "RDF_XML",
    ),
    Format(
        "nquads",
        "N-Quads",
        "application/n-quads",
        "nq",
        _QUADS,
        "RdfFormat.N_QUADS",
        ("nq",),
        _W3C + "N-Quads",
    ),
    Format("trig", "TriG", "application/trig", "trig", _QUADS, "RdfFormat.TRIG", (), _W3C + "TriG"),
    Format("graphml", "GraphML", "application/graphml+xml", "graphml", frozenset({NETWORK})),
    Format("gexf", "GEXF (Gephi)", "application/gexf+xml", "gexf", frozenset({NETWORK})),
)

FORMATS: dict[str, Format] = {f.name: f for f in _TABLE}


def formats_for(*kinds: str) -> tuple[Format, ...]:
    """The formats that carry every one of `kinds`, in the table's order."""
    return tuple(f for f in _TABLE if f.carries.issuperset(kinds))


def names_for(*kinds: str) -> tuple[str, ...]:
    return tuple(f.name for f in formats_for(*kinds))


def exportable() -> tuple[Format, ...]:
    """What `unkg export` writes: a whole graph or dataset, then the network's formats."""
    chosen = [f for f in _TABLE if f.carries & {GRAPH, DATASET, NETWORK}]
    return tuple(sorted(chosen, key=lambda f: NETWORK in f.carries))


def get(name: str, kind: str | None = None) -> Format:
    """The format called `name`, checked to carry `kind`; a ValueError names the choices."""
    fmt = FORMATS.get(name)
    choices = names_for(kind) if kind else tuple(FORMATS)
    if fmt is None or (kind and kind not in fmt.carries):
        what = f"a {kind} result" if kind else "output"
        raise ValueError(f"format {name!r} cannot hold {what}; choose one of {', '.join(choices)}")
    return fmt
