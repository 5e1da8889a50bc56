"""Content negotiation for the SPARQL endpoint: Accept headers (with q-values) and `format=`.

Pure functions over the format registry (`unkg.graph.formats`, standard library only), so the
query worker processes can import them cheaply.
"""

from __future__ import annotations

from unkg.graph import formats
from unkg.graph.formats import Format

# What each kind of result can be sent as: the formats of the registry that carry it, in its
# order (the first is the default).
RESULT_FORMATS: tuple[Format, ...] = formats.formats_for(formats.SOLUTIONS, formats.BOOLEAN)
RDF_FORMATS: tuple[Format, ...] = formats.formats_for(formats.GRAPH)

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
