"""One type for every SPARQL result, and its serialization to every format that can carry it.

`unkg.api.query`, `unkg query` and the endpoint's query workers all hand results out through
`QueryResult`, so a format that works in one place works in all of them (the formats are in
`unkg.graph.formats`). It imports only pyoxigraph and the standard library: the endpoint's
query workers use it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any, BinaryIO

import pyoxigraph as ox

from unkg.graph.formats import BOOLEAN, GRAPH, SOLUTIONS, Format, get

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


_KINDS = {ox.QueryBoolean: BOOLEAN, ox.QuerySolutions: SOLUTIONS}  # else triples


class TooManyResults(ValueError):
    """A result longer than the caller's `max_rows`."""

    def __init__(self, max_rows: int, what: str):
        super().__init__(f"the result has more than {max_rows} {what}")
        self.max_rows = max_rows
        self.what = what


class QueryResult:
    """A SPARQL result: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).

    Iterating gives pyoxigraph's solutions or triples, as they come from the engine (the
    wrapper adds no work per row); `bool()` of an ASK result is its answer; `serialize`
    writes any format of the registry that carries this kind of result.
    """

    __slots__ = ("kind", "raw", "rows")

    def __init__(self, raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples):
        self.raw = raw
        self.rows: int | None = None  # rows or triples written by the last `serialize`, if counted
        self.kind = _KINDS.get(type(raw), GRAPH)

    @property
    def variables(self) -> list[ox.Variable]:
        """The projected variables of a SELECT (pyoxigraph `Variable`s); empty otherwise."""
        return list(self.raw.variables) if self.kind == SOLUTIONS else []

    def __iter__(self) -> Iterator[Any]:
        if self.kind == BOOLEAN:
            raise TypeError("an ASK result is a boolean: use bool(result)")
        return iter(self.raw)

    def __bool__(self) -> bool:
        return bool(self.raw) if self.kind == BOOLEAN else True

    def serialize(
        self,
        fmt: str | Format,
        out: BinaryIO | None = None,
        *,
        max_rows: int | None = None,
        prefixes: dict[str, str] | None = None,
    ) -> bytes | None:
        """Write the result in `fmt` to `out`, or return the bytes when `out` is None.

        `max_rows` bounds the rows (or triples) read (`TooManyResults` beyond it). `prefixes`
        shorten IRIs in Turtle and TriG: only those the result uses are declared.
        A format that cannot carry this kind of result is a ValueError naming the ones that can.
        """
        fmt = fmt if isinstance(fmt, Format) else get(fmt, self.kind)
        if self.kind not in fmt.carries:
            get(fmt.name, self.kind)  # raises with the list of choices
        if self.kind == BOOLEAN:
            body, self.rows = self.raw.serialize(format=fmt.syntax), 1
        elif self.kind == SOLUTIONS:
            body, self.rows = _solutions(self.raw, fmt, max_rows)
        else:
            body, self.rows = _triples(self.raw, fmt, max_rows, prefixes or {})
        if out is None:
            return body
        out.write(body)
        return None


def _solutions(
    result: ox.QuerySolutions, fmt: Format, max_rows: int | None
) -> tuple[bytes, int | None]:
    if max_rows is None:
        return result.serialize(format=fmt.syntax), None
    # A bounded result is in memory anyway: JSON is written directly; for the other formats
    # pyoxigraph's serializer reads that JSON back and writes them.
    doc, rows = solutions_json(result, max_rows)
    if fmt.syntax == ox.QueryResultsFormat.JSON:
        return doc, rows
    parsed = ox.parse_query_results(doc, ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt.syntax), rows


def _triples(
    result: ox.QueryTriples, fmt: Format, max_rows: int | None, prefixes: dict[str, str]
) -> tuple[bytes, int]:
    triples = list(result if max_rows is None else islice(result, max_rows + 1))
    if max_rows is not None and len(triples) > max_rows:
        raise TooManyResults(max_rows, "triples")
    items: list[Any] = triples
    if fmt.syntax in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    used = used_prefixes(prefixes, triples) if fmt.syntax in _PREFIXED else None
    buf = io.BytesIO()
    if used:
        ox.serialize(items, buf, format=fmt.syntax, prefixes=used)
    else:
        ox.serialize(items, buf, format=fmt.syntax)
    return buf.getvalue(), len(triples)


_PREFIXED = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


def used_prefixes(prefixes: dict[str, str], triples: list[Any]) -> dict[str, str]:
    """The prefixes that some IRI of the result starts with, so Turtle output is short but clean."""
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def term_json(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


_quote = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept as is


def _encode(term: Any) -> str:
    """One term as SPARQL JSON. IRIs and language tags need no escaping (Oxigraph only
    accepts valid ones: no quotes, backslashes or control characters)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":"' + term.value + '"}'
    if kind is ox.Literal:
        value = '{"type":"literal","value":' + _quote(term.value)
        if term.language:
            return value + ',"xml:lang":"' + term.language + '"}'
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return value + "}"
        return value + ',"datatype":"' + datatype + '"}'
    return json.dumps(term_json(term), ensure_ascii=False)


def solutions_json(result: ox.QuerySolutions, max_rows: int) -> tuple[bytes, int]:
    """SPARQL JSON results of at most `max_rows` rows (`TooManyResults` beyond), and the count.

    Each distinct term is encoded once: results repeat the same IRIs and labels row after
    row, and encoding them was most of the cost of answering a small query."""
    names = [v.value for v in result.variables]
    keys = [json.dumps(name) + ":" for name in names]
    encoded: dict[Any, str] = {}
    rows = []
    for solution in islice(result, max_rows + 1):
        fields = []
        for i, key in enumerate(keys):
            term = solution[i]
            if term is None:
                continue
            value = encoded.get(term)
            if value is None:
                value = encoded[term] = _encode(term)
            fields.append(key + value)
        rows.append("{" + ",".join(fields) + "}")
    if len(rows) > max_rows:
        raise TooManyResults(max_rows, "rows")
    head = json.dumps({"vars": names}, ensure_ascii=False)
    doc = '{"head":' + head + ',"results":{"bindings":[' + ",".join(rows) + "]}}"
    return doc.encode("utf-8"), len(rows)
