"""Content negotiation for the SPARQL endpoint: Accept headers (with q-values) and `format=`.

Pure functions with no dependency beyond the standard library, so the query worker processes
can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # short name for the `format` parameter
    media_type: str  # what the response says in Content-Type
    aliases: tuple[str, ...] = ()  # other media types and names that select it
    sd_iri: str = ""  # http://www.w3.org/ns/formats/… for the service description


_W3C = "http://www.w3.org/ns/formats/"

# The first entry of each tuple is the default for its kind of result.
RESULT_FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "application/sparql-results+json",
        ("application/json", "srj"),
        _W3C + "SPARQL_Results_JSON",
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        ("application/xml", "text/xml", "srx"),
        _W3C + "SPARQL_Results_XML",
    ),
    Format("csv", "text/csv", (), _W3C + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", (), _W3C + "SPARQL_Results_TSV"),
)
RDF_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("ttl", "application/x-turtle"), _W3C + "Turtle"),
    Format("ntriples", "application/n-triples", ("nt", "text/plain"), _W3C + "N-Triples"),
    Format(
        "jsonld", "application/ld+json", ("json-ld", "json", "application/json"), _W3C + "JSON-LD"
    ),
    Format(
        "rdfxml",
        "application/rdf+xml",
        ("xml", "rdf", "application/xml", "text/xml"),
        _W3C + "RDF_XML",
    ),
    Format("nquads", "application/n-quads", ("nq",), _W3C + "N-Quads"),
)

SOLUTIONS = "solutions"  # SELECT and ASK
GRAPH = "graph"  # CONSTRUCT and DESCRIBE


def formats_for(kind: str) -> tuple[Format, ...]:
    return RESULT_FORMATS if kind == SOLUTIONS else RDF_FORMATS


class NotAcceptable(Exception):
    """Nothing the client accepts can be produced; the message lists what can."""


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header; a missing header is */*."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    out = []
    for pos, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        out.append((media, q, pos))
    return out


def _quality(media_types: tuple[str, ...], accept: list[tuple[str, float, int]]) -> float:
    """The q the client gives to a format: from its most specific matching media range."""
    best_spec, best_q = -1, 0.0
    for media in media_types:
        if "/" not in media:
            continue
        kind = media.split("/", 1)[0]
        for rng, q, _ in accept:
            if rng == media:
                spec = 3
            elif rng == f"{kind}/*":
                spec = 2
            elif rng == "*/*":
                spec = 1
            else:
                continue
            if spec > best_spec or (spec == best_spec and q > best_q):
                best_spec, best_q = spec, q
    return best_q if best_spec >= 0 else 0.0


def choose(kind: str, accept_header: str | None, format_param: str | None = None) -> Format:
    """The format for a result of `kind`: `format=` wins over Accept; server order breaks ties."""
    offers = formats_for(kind)
    names = ", ".join(f.media_type for f in offers)
    if format_param:
        wanted = format_param.strip().lower()
        for f in offers:
            if wanted in (f.name, f.media_type, *f.aliases):
                return f
        raise NotAcceptable(
            f"format={format_param!r} cannot be produced for this query; use one of: {names}"
        )
    accept = parse_accept(accept_header)
    best, best_q = None, 0.0
    for f in offers:
        # A format's own media type only; aliases such as application/json count when named exactly.
        q = _quality((f.media_type,), accept)
        q_alias = max(
            (q2 for alias in f.aliases if "/" in alias for rng, q2, _ in accept if rng == alias),
            default=0.0,
        )
        q = max(q, q_alias)
        if q > best_q:
            best, best_q = f, q
    if best is None:
        raise NotAcceptable(
            f"none of the accepted media types can be produced; this query gives: {names}"
        )
    return best


def prefers_html(accept_header: str | None) -> bool:
    """True when the client (a browser) ranks text/html above every RDF syntax."""
    accept = parse_accept(accept_header)
    html = _quality(("text/html", "application/xhtml+xml"), accept)
    rdf = max(_quality((f.media_type,), accept) for f in RDF_FORMATS)
    return html > rdf
