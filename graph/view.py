"""What the graph page shows, prepared from the store: nodes, edges, counts and facts.

`view_data` runs aggregate queries only (counts per report, labels, reference facts): its cost
grows with the number of entities and relations, not with the text of the reports, so the page of
a store of hundreds of reports is prepared in seconds. The sentences a node or an edge stands for
are not part of it: `unkg.graph.sentences` fetches them a page at a time.
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
from unkg.ontology.reference import LANGUAGES

__all__ = ["BASE_TYPES", "LAYER_TYPES", "graph_filter", "graph_slug", "iri_values", "view_data"]

BASE_TYPES = ("Mission", "Country", "Territory")
LAYER_TYPES = ("Resolution", "Document", "Programme", "Organization")
_KIND_TO_TYPE = {kind: typ for typ, kind in TYPE_TO_KIND.items()}
_WIKIDATA = "http://www.wikidata.org/entity/"


# -- the graph -----------------------------------------------------------------------------------
def iri_values(iris: Iterable[str]) -> str:
    """The IRIs as the terms of a VALUES block."""
    return " ".join(f"<{i}>" for i in iris)


def graph_filter(report: str | None) -> str:
    """A FILTER keeping ?g to the graph of the report `report` (nothing without one)."""
    if report and not re.fullmatch(r"[A-Za-z0-9._-]+", report):
        raise ValueError(f"{report!r} is not a report slug (see `unkg reports`)")
    return f"FILTER(?g = <{report_graph_iri(report)}>)" if report else ""


def graph_slug(graph_iri: str) -> str:
    """The report slug of a report graph's IRI."""
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
          }} {graph_filter(report)}
        }} ORDER BY ?id
        """,
        union=False,
    )
    return [
        {
            "slug": graph_slug(r["g"].value),
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
          GRAPH ?g {{ ?m itsrdf:taIdentRef ?e }} {graph_filter(report)}
        }} GROUP BY ?e ?g
        """
    )
    for r in rows:
        out[r["e"].value][graph_slug(r["g"].value)] = int(r["n"].value)
    return out


def _evidence_counts(store: Store, report: str | None):
    """{(s, predicate, o): {report slug: evidence paragraphs}}, one aggregate query."""
    rows = store.query(
        f"""
        SELECT ?s ?pred ?o ?g (COUNT(DISTINCT ?p) AS ?n) WHERE {{
          GRAPH ?g {{ ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate ?pred ;
                        rdf:object ?o ; unkg:inParagraph ?p }}
          {graph_filter(report)}
        }} GROUP BY ?s ?pred ?o ?g
        """
    )
    out: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for r in rows:
        key = (r["s"].value, r["pred"].value.rsplit("#", 1)[-1], r["o"].value)
        out[key][graph_slug(r["g"].value)] = int(r["n"].value)
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
        f"SELECT DISTINCT ?e ?k ?o WHERE {{ VALUES ?e {{ {iri_values(iris)} }} {facts_of} }}"
    )
    for r in rows:
        if r["k"].value == "alt" and getattr(r["o"], "language", None) not in LANGUAGES:
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
          VALUES ?e {{ {iri_values(iris)} }}
          GRAPH ?g {{ ?e unkg:minted true }}
        }} ORDER BY ?g
        """
    )
    for r in rows:
        out[r["e"].value].append(graph_slug(r["g"].value))
    rows = store.query(  # named only by a relation: described nowhere, so not reference data
        f"""
        SELECT ?e WHERE {{
          VALUES ?e {{ {iri_values(i for i in iris if i not in out)} }}
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
          VALUES ?e {{ {iri_values(iris)} }}
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
