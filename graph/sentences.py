"""The sentences behind the graph page's nodes and edges, one page at a time.

`mention_page` and `evidence_page` fetch one page of them when the reader clicks (the server's
``/graph/evidence``), and `samples` puts the first few of each into a written page (`unkg viz`),
so the file stays small; each sentence comes cut around its marks (`snippet`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from unkg.graph.store import Store
from unkg.graph.view import graph_filter, graph_slug, iri_values

__all__ = ["PAGE_MAX", "evidence_page", "mention_page", "samples", "sentence_bounds", "snippet"]

PAGE_MAX = 50  # items per page of sentences
SNIPPET_MAX = 240  # characters of a sentence shown around a mention
_SENTENCE_END = "。！？；!?;\n"
# a paragraph number or heading mark at the start of its text ("25.\n", "(a) ", "# "): not
# part of the sentence
_LEADING_NUMBER = re.compile(r"^(?:\s*(?:#{1,6}|\d{1,4}(?:\.\d{1,3})*\.|\(\w{1,4}\))\s+)+")


# -- text around a mention ---------------------------------------------------------------------
def _ends_sentence(text: str, i: int) -> bool:
    """Whether text[i] ends a sentence: Chinese stops always, ASCII ones before a space."""
    c = text[i]
    if c in "!?;":
        return i + 1 == len(text) or text[i + 1].isspace()
    return c in _SENTENCE_END


def sentence_bounds(text: str, begin: int, end: int) -> tuple[int, int]:
    """The sentence around text[begin:end]: from after the previous stop to the next stop,
    without the paragraph number the paragraph starts with."""
    start = begin
    while start > 0 and not _ends_sentence(text, start - 1):
        start -= 1
    stop = end
    while stop < len(text) and not _ends_sentence(text, stop):
        stop += 1
    if stop < len(text):
        stop += 1  # keep the full stop
    return _skip_number(text, start, begin), stop


def _skip_number(text: str, start: int, limit: int) -> int:
    """`start` moved past a paragraph number written there (never past `limit`)."""
    m = _LEADING_NUMBER.match(text, start)
    return min(m.end(), limit) if m else start


def snippet(text: str, spans: Iterable[tuple[int, int]], start: int, stop: int) -> list[str]:
    """`text[start:stop]` cut into [plain, marked, plain, marked, …, plain] around `spans`."""
    spans = sorted(
        (max(b, start), min(e, stop)) for b, e in spans if b < stop and e > start and b < e
    )
    if stop - start > SNIPPET_MAX and spans:
        first, last = spans[0][0], spans[-1][1]
        pad = max(20, (SNIPPET_MAX - (last - first)) // 2)
        start, stop = max(start, first - pad), min(stop, last + pad)
    parts: list[str] = []
    pos = start
    for b, e in spans:
        if b < pos:  # overlapping spans: merge into the previous mark
            if e > pos and parts:
                parts[-1] += text[pos:e]
                pos = e
            continue
        parts += [text[pos:b], text[b:e]]
        pos = e
    parts.append(text[pos:stop])
    if start > 0 and text[start - 1] not in _SENTENCE_END and not _LEADING_NUMBER.match(text):
        parts[0] = "…" + parts[0]
    if stop < len(text) and text[stop - 1] not in _SENTENCE_END:
        parts[-1] += "…"
    return parts


# -- sentences, one page at a time ---------------------------------------------------------------
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s]+")


def _iri(text: str) -> str:
    """`text` if it is an absolute IRI that can be written as <text> in a query."""
    if not _IRI.fullmatch(text):
        raise ValueError(f"{text!r} is not an absolute IRI")
    return text


def _in_paragraphs(found: Sequence[tuple[str, str]], pattern: str) -> str:
    """`pattern` (which names the paragraph as ``$p``) matched in each (graph, paragraph) of
    `found`, binding ?p: a UNION of constant blocks, which Oxigraph answers from its indexes
    (a VALUES join over the graph would scan every report)."""
    return " UNION ".join(
        f"{{ GRAPH <{g}> {{ {pattern.replace('$p', f'<{p}>')} }} BIND(<{p}> AS ?p) }}"
        for g, p in found
    )


def _spans(store: Store, found: Sequence[tuple[str, str]], entities: Sequence[str]):
    """{(paragraph, entity): [(begin, end)]}: where the entities are named in the paragraphs."""
    out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    if not found:
        return out
    pattern = (
        "?m nif:referenceContext $p ; itsrdf:taIdentRef ?e ; nif:beginIndex ?b ; nif:endIndex ?end"
    )
    rows = store.query(
        f"""
        SELECT ?p ?e ?b ?end WHERE {{
          VALUES ?e {{ {iri_values(entities)} }}
          {{ {_in_paragraphs(found, pattern)} }}
        }}
        """
    )
    for r in rows:
        out[(r["p"].value, r["e"].value)].append((int(r["b"].value), int(r["end"].value)))
    return out


def _texts(store: Store, found: Sequence[tuple[str, str]]) -> dict[str, str]:
    """{paragraph: text}."""
    if not found:
        return {}
    rows = store.query(
        f"""
        SELECT ?p ?text WHERE {{
          {_in_paragraphs(found, "$p nif:isString ?text")}
        }}
        """
    )
    return {r["p"].value: r["text"].value for r in rows}


def _paragraphs(
    store: Store, where: str, report: str | None, offset: int, limit: int
) -> tuple[int, list[tuple[str, str, str]]]:
    """How many paragraphs `where` binds (?g, ?p), and one page of them in report and
    paragraph order (2 before 10): [(graph, paragraph, number)]."""
    where = f"{where} {graph_filter(report)}"
    total = store.query(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ {where} }}")
    limit = max(1, min(int(limit), PAGE_MAX))
    rows = store.query(
        f"""
        SELECT ?g ?p ?pn WHERE {{
          {{ SELECT DISTINCT ?g ?p WHERE {{ {where} }} }}
          OPTIONAL {{ GRAPH ?g {{ ?p unkg:paragraphNumber ?pn }} }}
        }} ORDER BY ?g (!BOUND(?pn)) (xsd:integer(?pn)) ?pn ?p
        LIMIT {limit} OFFSET {max(0, int(offset))}
        """
    )
    found = [(r["g"].value, r["p"].value, r["pn"].value if r["pn"] else "") for r in rows]
    return int(next(iter(total))["n"].value), found


def mention_page(
    store: Store, iri: str, *, report: str | None = None, offset: int = 0, limit: int = 10
) -> dict[str, Any]:
    """One page of the paragraphs that mention `iri`, in report and paragraph order: each item
    {r: report slug, p: paragraph number, t: [plain, marked, plain, …]} is a sentence with
    every mention of the entity marked; `total` counts the paragraphs."""
    iri = _iri(iri)
    where = f"GRAPH ?g {{ ?m itsrdf:taIdentRef <{iri}> ; nif:referenceContext ?p }}"
    total, found = _paragraphs(store, where, report, offset, limit)
    pairs = [(g, p) for g, p, _ in found]
    texts = _texts(store, pairs)
    spans = _spans(store, pairs, [iri])
    items = []
    for g, p, pn in found:
        text = texts.get(p, "")
        marks = sorted(s for s in spans.get((p, iri), []) if 0 <= s[0] < s[1] <= len(text))
        done: set[tuple[int, int]] = set()
        for b, e in marks or [(-1, -1)]:
            bounds = sentence_bounds(text, b, e) if b >= 0 else (0, min(len(text), SNIPPET_MAX))
            if bounds not in done:
                done.add(bounds)
                items.append({"r": graph_slug(g), "p": pn, "t": snippet(text, marks, *bounds)})
    return {"items": items, "total": total, "offset": offset}


def evidence_page(
    store: Store,
    s: str,
    pred: str,
    o: str,
    *,
    report: str | None = None,
    offset: int = 0,
    limit: int = 10,
) -> dict[str, Any]:
    """One page of the evidence for the relation `s pred o` (either direction for operatesIn):
    items {r, p, t} as in `mention_page`, the evidence sentence with both ends marked; `total`
    counts the paragraphs."""
    if not re.fullmatch(r"[A-Za-z]+", pred):
        raise ValueError(f"{pred!r} is not a relation name (such as operatesIn)")
    s, o = _iri(s), _iri(o)
    pairs = f"(<{s}> <{o}>)" + (f" (<{o}> <{s}>)" if pred == "operatesIn" else "")
    statement = f"""?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate unkg:{pred} ;
                        rdf:object ?o ; unkg:inParagraph $p"""
    where = f"VALUES (?s ?o) {{ {pairs} }} GRAPH ?g {{ {statement.replace('$p', '?p')} }}"
    total, found = _paragraphs(store, where, report, offset, limit)
    gp = [(g, p) for g, p, _ in found]
    details = (
        f"{statement} OPTIONAL {{ ?ev unkg:evidenceText ?text }} "
        "OPTIONAL { ?ev nif:beginIndex ?b ; nif:endIndex ?e }"
    )
    rows = (
        store.query(
            f"""
        SELECT ?p ?text ?b ?e WHERE {{
          VALUES (?s ?o) {{ {pairs} }}
          {{ {_in_paragraphs(gp, details)} }}
        }}
        """
        )
        if gp
        else []
    )
    statements: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for r in rows:
        b, e = (int(r["b"].value), int(r["e"].value)) if r["b"] and r["e"] else (-1, -1)
        statements[r["p"].value].append((b, e, r["text"].value if r["text"] else ""))
    texts = _texts(store, gp)
    spans = _spans(store, gp, [s, o])
    items = []
    for g, p, pn in found:
        text = texts.get(p, "")
        marks = spans.get((p, s), []) + spans.get((p, o), [])
        seen: set[tuple[int, int]] = set()
        for b, e, sentence in sorted(statements.get(p, [])):
            if 0 <= b < e <= len(text):
                bounds = (_skip_number(text, b, e), e)
                if bounds not in seen:
                    seen.add(bounds)
                    items.append({"r": graph_slug(g), "p": pn, "t": snippet(text, marks, *bounds)})
            elif sentence:
                items.append({"r": graph_slug(g), "p": pn, "t": [sentence]})
    return {"items": items, "total": total, "offset": offset}


def samples(
    store: Store, g: nx.MultiDiGraph, *, report: str | None = None, per_item: int = 3
) -> dict[str, dict[str, Any]]:
    """The first `per_item` sentences of every node and edge, for a page written to a file
    (which cannot ask the store): {"mentions": {iri: page}, "evidence": {edge id: page}}."""
    mentions = {n: mention_page(store, n, report=report, limit=per_item) for n in g.nodes}
    evidence = {
        f"{s}|{pred}|{o}": evidence_page(store, s, pred, o, report=report, limit=per_item)
        for s, o, pred, time in g.edges(keys=True, data="time")
        if not time  # the reference host edges have no sentences
    }
    return {"mentions": mentions, "evidence": evidence}
