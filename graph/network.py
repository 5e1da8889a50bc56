"""networkx projections of the RDF graph, for analysis, Gephi exports and the viz.

The store answers the aggregations (evidence counts per pair, mentions per entity) in
SPARQL; networkx gets a small, typed graph with labels on every node.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from unkg.graph.store import Store
from unkg.ontology.ids import ENTITY_TYPES, report_graph_iri
from unkg.ontology.reference import LANGUAGES

ENTITY_CLASSES = ENTITY_TYPES  # the types extraction names, as ontology classes


def _graph_filter(report: str | None) -> str:
    return f"FILTER(?g = <{report_graph_iri(report)}>)" if report else ""


@dataclass(frozen=True)
class NodeInfo:
    iri: str
    type: str
    label_zh: str
    label_en: str
    acronym: str
    mentions: int

    def attrs(self) -> dict[str, str | int]:
        """The node attributes every projection (and the viz) carries."""
        return {
            "type": self.type,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "acronym": self.acronym,
            "label": self.acronym or self.label_en or self.label_zh or self.iri.rsplit("/", 1)[-1],
            "mentions": self.mentions,
        }


def node_info(
    store: Store,
    iris: Iterable[str] | None = None,
    report: str | None = None,
    *,
    counts: Mapping[str, int] | None = None,
) -> dict[str, NodeInfo]:
    """Type, labels and mention counts of entities (all mentioned entities when `iris` is None;
    given `iris` that are never mentioned count 0).

    Two queries: the counts, then the descriptions. One query joining both multiplies every
    mention by every label and type, which takes seconds on a few dozen reports. A caller that
    has counted the mentions already passes them as `counts` (the count query is then skipped).
    """
    if iris is not None:
        iris = list(iris)
    if counts is None:
        counts = mention_counts(store, iris, report)
    keys = iris if iris is not None else list(counts)
    if not keys:
        return {}
    ranks = " ".join(f"(unkg:{c} {i})" for i, c in enumerate(ENTITY_CLASSES))
    langs = ", ".join(f'"{lang}"' for lang in LANGUAGES)
    # one row per fact (a UNION, not a join of OPTIONALs): a minted entity is described in
    # every report that names it, and a join would multiply those copies with each other. The
    # classes are expanded to their subclasses first (a few dozen): `?e a/rdfs:subClassOf*`
    # walks the path from every type statement of every copy, 4× slower on 1,000 reports
    rows = store.query(
        f"""
        SELECT DISTINCT ?e ?k ?v WHERE {{
          VALUES ?e {{ {" ".join(f"<{i}>" for i in keys)} }}
          {{ ?e a ?cls .
             {{ SELECT DISTINCT ?cls ?v WHERE {{
                  VALUES (?top ?v) {{ {ranks} }} ?cls rdfs:subClassOf* ?top }} }}
             BIND("type" AS ?k) }}
          UNION {{ ?e skos:prefLabel ?v FILTER(LANG(?v) IN ({langs}))
                   BIND(CONCAT("label_", LANG(?v)) AS ?k) }}
          UNION {{ ?e unkg:acronym ?v BIND("acronym" AS ?k) }}
        }}
        """
    )
    facts: dict[str, dict[str, list]] = {i: {} for i in keys}
    for r in rows:
        facts[r["e"].value].setdefault(r["k"].value, []).append(r["v"].value)
    out = {}
    for iri, f in facts.items():
        out[iri] = NodeInfo(
            iri,
            ENTITY_CLASSES[min(int(x) for x in f["type"])] if "type" in f else "Entity",
            min(f.get("label_zh", [""])),
            min(f.get("label_en", [""])),
            min(f.get("acronym", [""])),
            counts.get(iri, 0),
        )
    return out


def mention_counts(
    store: Store, iris: Iterable[str] | None = None, report: str | None = None
) -> dict[str, int]:
    """{entity: mentions} of `iris` (of every mentioned entity when None), one aggregate query."""
    values = "" if iris is None else "VALUES ?e { " + " ".join(f"<{i}>" for i in iris) + " }"
    return {
        r["e"].value: int(r["n"].value)
        for r in store.query(
            f"""
            SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {{
              {values} GRAPH ?g {{ ?m itsrdf:taIdentRef ?e }} {_graph_filter(report)}
            }} GROUP BY ?e
            """
        )
    }


def _add_node(g: nx.Graph, info: NodeInfo | None, iri: str) -> None:
    g.add_node(iri, **(info or NodeInfo(iri, "Entity", "", "", "", 0)).attrs())


def relation_graph(
    store: Store, report: str | None = None, predicates: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """Entities linked by extracted relations; edge weight = evidence paragraphs."""
    pred_filter = ""
    if predicates:
        pred_filter = "VALUES ?pred { " + " ".join(f"unkg:{p}" for p in predicates) + " }"
    rows = store.query(
        f"""
        SELECT ?s ?pred ?o (COUNT(DISTINCT ?p) AS ?w)
               (GROUP_CONCAT(DISTINCT STR(?g); SEPARATOR=" ") AS ?graphs) WHERE {{
          {pred_filter}
          GRAPH ?g {{ ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate ?pred ; rdf:object ?o ;
                      unkg:inParagraph ?p }}
          {_graph_filter(report)}
        }} GROUP BY ?s ?pred ?o
        """
    )
    edges = [
        (
            r["s"].value,
            r["pred"].value.rsplit("#", 1)[-1],
            r["o"].value,
            int(r["w"].value),
            r["graphs"].value,
        )
        for r in rows
    ]
    infos = node_info(store, {e[0] for e in edges} | {e[2] for e in edges}, report)
    g = nx.MultiDiGraph()
    for s, pred, o, w, graphs in edges:
        for iri in (s, o):
            if iri not in g:
                _add_node(g, infos.get(iri), iri)
        reports = " ".join(sorted(x.rsplit("/", 1)[-1] for x in graphs.split()))
        g.add_edge(s, o, key=pred, predicate=pred, weight=w, reports=reports)
    return g


def mission_country_graph(store: Store, report: str | None = None) -> nx.Graph:
    """The bipartite mission–country graph (operatesIn), weights = evidence paragraphs."""
    multi = relation_graph(store, report, ["operatesIn"])
    g = nx.Graph()
    for n, data in multi.nodes(data=True):
        g.add_node(n, **data, bipartite=0 if data["type"] == "Mission" else 1)
    for s, o, data in multi.edges(data=True):
        g.add_edge(s, o, weight=data["weight"], reports=data["reports"])
    return g


def comention_graph(store: Store, report: str | None = None, min_weight: int = 1) -> nx.Graph:
    """Entities named in the same paragraph; weight = paragraphs naming both."""
    rows = store.query(
        f"""
        SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?w) WHERE {{
          GRAPH ?g {{ ?p a unkg:Paragraph ; unkg:mentions ?a, ?b }}
          {_graph_filter(report)}
          FILTER(STR(?a) < STR(?b))
        }} GROUP BY ?a ?b HAVING (COUNT(DISTINCT ?p) >= {int(min_weight)})
        """
    )
    pairs = [(r["a"].value, r["b"].value, int(r["w"].value)) for r in rows]
    infos = node_info(store, None, report)
    g = nx.Graph()
    for iri, info in infos.items():
        _add_node(g, info, iri)
    for a, b, w in pairs:
        g.add_edge(a, b, weight=w)
    return g


def centrality(g: nx.Graph, top: int = 10) -> list[tuple[str, float, float]]:
    """(node, degree centrality, betweenness centrality), by betweenness."""
    if g.number_of_nodes() == 0:
        return []
    simple = nx.Graph(g)
    degree = nx.degree_centrality(simple)
    between = nx.betweenness_centrality(simple, weight=None)
    ranked = sorted(simple.nodes, key=lambda n: (-between[n], -degree[n], n))
    return [(n, degree[n], between[n]) for n in ranked[:top]]


def communities(g: nx.Graph) -> list[set[str]]:
    """Communities by greedy modularity, largest first."""
    simple = nx.Graph(g)
    if simple.number_of_edges() == 0:
        return [{n} for n in simple.nodes]
    return [set(c) for c in nx.community.greedy_modularity_communities(simple, weight="weight")]


def components(g: nx.Graph) -> list[set[str]]:
    """Connected components, largest first: which missions and countries form separate clusters."""
    simple = nx.Graph(g)
    return sorted((set(c) for c in nx.connected_components(simple)), key=len, reverse=True)
