"""What the graph page shows, prepared from the store: nodes, edges, counts and facts, and the
sentences behind them one page at a time.

`view_data` runs aggregate queries only (counts per report, labels, reference facts): its cost
grows with the number of entities and relations, not with the text of the reports, so the page of
a store of hundreds of reports is prepared in seconds. The sentences a node or an edge stands for
are not part of it: `mention_page` and `evidence_page` fetch one page of them when the reader
clicks (the server's ``/graph/evidence``), and `samples` puts the first few of each into a
written page (`unkg viz`), so the file stays small.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from unkg.graph.network import node_info
from unkg.graph.periods import mission_acts, periods
from unkg.graph.store import Store
from unkg.ontology.ids import ID_BASE, TYPE_TO_KIND, report_graph_iri

__all__ = [
    "BASE_TYPES",
    "LAYER_TYPES",
    "PAGE_MAX",
    "evidence_page",
    "mention_page",
    "samples",
    "view_data",
]

BASE_TYPES = ("Mission", "Country", "Territory")
LAYER_TYPES = ("Resolution", "Document", "Programme", "Organization")
PAGE_MAX = 50  # items per page of sentences
SNIPPET_MAX = 240  # characters of a sentence shown around a mention
_SENTENCE_END = "。！？；!?;\n"
_KIND_TO_TYPE = {kind: typ for typ, kind in TYPE_TO_KIND.items()}
_WIKIDATA = "http://www.wikidata.org/entity/"
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


# -- the graph -----------------------------------------------------------------------------------
def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _graph_filter(report: str | None) -> str:
    if report and not re.fullmatch(r"[A-Za-z0-9._-]+", report):
        raise ValueError(f"{report!r} is not a report slug (see `unkg reports`)")
    return f"FILTER(?g = <{report_graph_iri(report)}>)" if report else ""


def _slug(graph_iri: str) -> str:
    return graph_iri.rsplit("/", 1)[-1]


def _reports(store: Store, report: str | None) -> list[dict[str, str]]:
    """Slug, identifier, title and date of the reports, by identifier: one query on the report
    descriptions (`Store.reports` also counts every report's paragraphs, mentions and
    relations, half the preparation time on 1,000 reports)."""
    rows = store.query(
        f"""
        SELECT DISTINCT ?g ?id ?title ?date WHERE {{
          GRAPH ?g {{
            ?r a unkg:Report ; dcterms:identifier ?id .
            OPTIONAL {{ ?r dcterms:title ?title }} OPTIONAL {{ ?r dcterms:date ?date }}
          }} {_graph_filter(report)}
        }} ORDER BY ?id
        """,
        union=False,
    )
    return [
        {
            "slug": _slug(r["g"].value),
            "id": r["id"].value,
            "title": r["title"].value if r["title"] else "",
            "date": r["date"].value if r["date"] else "",
        }
        for r in rows
    ]


Counts = dict[str, dict[str, int]]  # {key: {report slug: count}}


def _total(per: dict[str, int]) -> int:
    """Paragraphs (or mentions) over all reports: their IRIs are per report, so the per-report
    counts add up to the distinct count."""
    return sum(per.values())


def _base_graph(
    store: Store,
    report: str | None,
    layers: Sequence[str],
    mentions: Counts,
    evidence: dict[tuple[str, str, str], dict[str, int]],
) -> nx.MultiDiGraph:
    """Missions and the places they operate in, plus the `layers` entities linked to them.

    Built from the two aggregates `view_data` has already run (mentions and evidence per
    report) and one query for the descriptions of every entity involved: each aggregate runs
    once (running them per projection took three evidence scans and four mention scans).
    """
    ends = {s for s, _, _ in evidence} | {o for _, _, o in evidence}
    totals = {e: _total(per) for e, per in mentions.items()}
    infos = node_info(store, sorted(set(totals) | ends), report, counts=totals)
    g = nx.MultiDiGraph()

    def add(iri: str, layer: bool) -> None:
        if iri not in g:
            g.add_node(iri, **infos[iri].attrs(), layer=layer)

    for (s, pred, o), per in evidence.items():
        if pred != "operatesIn":
            continue
        if infos[s].type != "Mission" and infos[o].type == "Mission":
            s, o = o, s  # the mission first
        add(s, False)
        add(o, False)
        if not g.has_edge(s, o, "operatesIn"):
            g.add_edge(s, o, key=pred, predicate=pred, weight=_total(per), layer=False)
    if not layers:
        return g
    for iri in totals:
        if infos[iri].type in layers:
            add(iri, True)
    for (s, pred, o), per in evidence.items():
        if pred == "operatesIn" and g.has_edge(s, o, "operatesIn"):
            continue
        if any(n not in g and infos[n].type not in layers for n in (s, o)):
            continue
        if s not in g and o not in g:
            continue
        add(s, True)
        add(o, True)
        g.add_edge(s, o, key=pred, predicate=pred, weight=_total(per), layer=True)
    return g


def _mention_counts(store: Store, report: str | None) -> Counts:
    """{entity: {report slug: mentions}} of every mentioned entity, one aggregate query."""
    out: Counts = defaultdict(dict)
    rows = store.query(
        f"""
        SELECT ?e ?g (COUNT(?m) AS ?n) WHERE {{
          GRAPH ?g {{ ?m itsrdf:taIdentRef ?e }} {_graph_filter(report)}
        }} GROUP BY ?e ?g
        """
    )
    for r in rows:
        out[r["e"].value][_slug(r["g"].value)] = int(r["n"].value)
    return out


def _evidence_counts(store: Store, report: str | None):
    """{(s, predicate, o): {report slug: evidence paragraphs}}, one aggregate query."""
    rows = store.query(
        f"""
        SELECT ?s ?pred ?o ?g (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          GRAPH ?g {{ ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate ?pred ;
                        rdf:object ?o ; unkg:inParagraph ?p }}
          {_graph_filter(report)}
        }} GROUP BY ?s ?pred ?o ?g
        """
    )
    out: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for r in rows:
        key = (r["s"].value, r["pred"].value.rsplit("#", 1)[-1], r["o"].value)
        out[key][_slug(r["g"].value)] = int(r["n"].value)
    return out


_ENTITY_PROPS = {
    "acronym": "unkg:acronym",
    "symbol": "unkg:symbol",
    "iso2": "unkg:iso3166Alpha2",
    "iso3": "unkg:iso3166Alpha3",
    "m49": "unkg:m49",
    "start": "unkg:startDate",
    "end": "unkg:endDate",
    "host": "unkg:hostCountry",
    "sameAs": "owl:sameAs",
    "alt": "skos:altLabel",
}


def _entity_facts(store: Store, iris: Sequence[str]) -> dict[str, dict[str, list[str]]]:
    """Reference facts of entities: identifiers, dates, host country, owl:sameAs, alt labels."""
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not iris:
        return facts
    # one block per property with the predicate written in it: a VALUES over the predicates
    # joined to `?e ?p ?o` was 2.7× slower on 1,000 reports
    facts_of = " UNION ".join(
        f'{{ ?e {p} ?o BIND("{k}" AS ?k) }}' for k, p in _ENTITY_PROPS.items()
    )
    rows = store.query(
        f"SELECT DISTINCT ?e ?k ?o WHERE {{ VALUES ?e {{ {_values(iris)} }} {facts_of} }}"
    )
    for r in rows:
        if r["k"].value == "alt" and getattr(r["o"], "language", None) not in ("zh", "en"):
            continue
        facts[r["e"].value][r["k"].value].append(r["o"].value)
    return facts


def _minted(store: Store, iris: Sequence[str]) -> dict[str, list[str]]:
    """Entities minted from report text (not in the reference data) → the reports that did."""
    out: dict[str, list[str]] = defaultdict(list)
    if not iris:
        return out
    rows = store.query(
        f"""
        SELECT DISTINCT ?e ?g WHERE {{
          VALUES ?e {{ {_values(iris)} }}
          GRAPH ?g {{ ?e unkg:minted true }}
        }} ORDER BY ?g
        """
    )
    for r in rows:
        out[r["e"].value].append(_slug(r["g"].value))
    rows = store.query(  # named only by a relation: described nowhere, so not reference data
        f"""
        SELECT ?e WHERE {{
          VALUES ?e {{ {_values(i for i in iris if i not in out)} }}
          FILTER NOT EXISTS {{ GRAPH ?g {{ ?e a ?type }} }}
        }}
        """
    )
    for r in rows:
        out[r["e"].value] = []
    return out


def _labels(store: Store, iris: Iterable[str]) -> dict[str, tuple[str, str]]:
    iris = list(iris)
    if not iris:
        return {}
    rows = store.query(
        f"""
        SELECT ?e (SAMPLE(?zh) AS ?lzh) (SAMPLE(?en) AS ?len) WHERE {{
          VALUES ?e {{ {_values(iris)} }}
          OPTIONAL {{ ?e skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }}
          OPTIONAL {{ ?e skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
        }} GROUP BY ?e
        """
    )
    return {
        r["e"].value: (r["lzh"].value if r["lzh"] else "", r["len"].value if r["len"] else "")
        for r in rows
    }


def _kind_type(iri: str) -> str:
    """The entity type its IRI names (…/id/mission/… → Mission), else Entity."""
    if iri.startswith(ID_BASE):
        return _KIND_TO_TYPE.get(iri[len(ID_BASE) :].split("/", 1)[0], "Entity")
    return "Entity"


def name_from_iri(iri: str) -> str:
    """A readable name when the store has none: the key its slug was made from, with spaces
    (`United-Nations-Mission-in-X` → `United Nations Mission in X`); hashed keys stay."""
    last = iri.rstrip("/").rsplit("/", 1)[-1]
    return last if last.startswith("x-") else last.replace("-", " ")


def _complete_node(d: dict[str, Any], iri: str) -> None:
    """Every node gets a type and a name (a minted entity described only by a relation has
    neither in the store)."""
    if d.get("type", "Entity") == "Entity":
        d["type"] = _kind_type(iri)
    if not (d.get("label_zh") or d.get("label_en") or d.get("acronym")):
        d["label_en"] = name_from_iri(iri)


def _reference_hosts(
    store: Store,
    g: nx.MultiDiGraph,
    report: str | None,
    counts: Counts,
    facts: dict[str, dict[str, list[str]]],
) -> None:
    """The year view's map: every mission of the page, and every other mentioned mission the
    reference data dates, linked to its reference host countries (edges `referenceHost`, not
    drawn where the reports give `operatesIn`). Nodes only this adds are marked ``time``: the
    page shows them and these edges in the view of one year only, so the all-years view stays
    the reports' graph."""
    missions = [n for n, d in g.nodes(data=True) if d.get("type") == "Mission"]
    extra = [e for e in counts if e not in g and _kind_type(e) == "Mission"]
    facts.update(_entity_facts(store, extra))
    extra = [e for e in extra if facts.get(e, {}).get("start")]
    hosts = {m: facts.get(m, {}).get("host", []) for m in (*missions, *extra)}
    new_hosts = sorted({h for hs in hosts.values() for h in hs} - set(g.nodes))
    facts.update(_entity_facts(store, new_hosts))
    totals = {e: _total(per) for e, per in counts.items()}
    infos = node_info(store, [*extra, *new_hosts], report, counts=totals)
    for iri in (*extra, *new_hosts):
        g.add_node(iri, **infos[iri].attrs(), layer=False, time=True)
    for m, hs in hosts.items():
        for h in hs:
            if not (g.has_edge(m, h, "operatesIn") or g.has_edge(h, m, "operatesIn")):
                g.add_edge(
                    m, h, key="referenceHost", predicate="referenceHost", weight=0,
                    reports={}, layer=False, time=True,
                )  # fmt: skip


def view_data(
    store: Store, *, report: str | None = None, layers: Iterable[str] = LAYER_TYPES
) -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    """The graph the page draws and the facts its panels show, without sentences.

    Node attributes: type, label_zh, label_en, acronym, mentions, `reports` ({slug: mentions}),
    `layer` (True outside the mission–country graph), `period` ([first, last] year of a
    mission, last None while it runs; see `unkg.graph.periods`), `time` (True for a node only
    the view of one year shows). Edges (keyed by predicate): weight = evidence paragraphs,
    `reports` ({slug: paragraphs}), `layer`, `time` (the reference host edges of the year
    view). Details per node: reference facts, other names, host countries, Wikidata ids,
    `minted` (the reports that minted it) for entities that are not in the reference data, and
    a mission's mandate `acts` (see `unkg.graph.periods.mission_acts`).
    """
    counts = _mention_counts(store, report)
    ev = _evidence_counts(store, report)
    g = _base_graph(store, report, tuple(layers), counts, ev)
    facts = _entity_facts(store, list(g.nodes))
    _reference_hosts(store, g, report, counts, facts)
    iris = list(g.nodes)
    for n, d in g.nodes(data=True):
        d["reports"] = dict(sorted(counts.get(n, {}).items()))
        _complete_node(d, n)
    for s, o, pred, d in g.edges(keys=True, data=True):
        per = ev.get((s, pred, o)) or (ev.get((o, pred, s)) if pred == "operatesIn" else None)
        d["reports"] = dict(sorted((per or {}).items()))

    minted = _minted(store, iris)
    missions = [n for n, d in g.nodes(data=True) if d["type"] == "Mission"]
    acts = mission_acts(store, missions, report)
    host_labels = _labels(store, {h for f in facts.values() for h in f.get("host", [])})
    details: dict[str, dict[str, Any]] = {}
    for n in iris:
        f = facts.get(n, {})
        info: dict[str, Any] = {
            k: v[0] for k, v in f.items() if v and k not in ("alt", "host", "sameAs")
        }
        info["alt"] = sorted(set(f.get("alt", [])))
        info["host"] = [
            {"iri": h, "zh": host_labels.get(h, ("", ""))[0], "en": host_labels.get(h, ("", ""))[1]}
            for h in f.get("host", [])
        ]
        info["wikidata"] = [
            x[len(_WIKIDATA) :] for x in f.get("sameAs", []) if x.startswith(_WIKIDATA)
        ]
        if n in minted:
            info["minted"] = minted[n]
        if n in acts:
            info["acts"] = acts[n]
        details[n] = info
    for n, p in periods({m: details[m] for m in missions}, acts).items():
        g.nodes[n]["period"] = list(p)
    return g, {"reports": _reports(store, report), "details": details}


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
          VALUES ?e {{ {_values(entities)} }}
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
    where = f"{where} {_graph_filter(report)}"
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
                items.append({"r": _slug(g), "p": pn, "t": snippet(text, marks, *bounds)})
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
                    items.append({"r": _slug(g), "p": pn, "t": snippet(text, marks, *bounds)})
            elif sentence:
                items.append({"r": _slug(g), "p": pn, "t": [sentence]})
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
