"""`unkg info`: what the store holds, in numbers."""

from __future__ import annotations

from typing import Any

from unkg.graph.network import centrality, comention_graph
from unkg.graph.store import Store

_TYPES = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?m itsrdf:taIdentRef ?e ; itsrdf:taClassRef ?cls }
  BIND(STRAFTER(STR(?cls), "#") AS ?type)
} GROUP BY ?type ORDER BY DESC(?n)
"""
_TOP = """
SELECT ?e (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?e } }
GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT %d
"""


def summarize(store: Store, top: int = 10) -> dict[str, Any]:
    from unkg.graph.network import node_info

    types = {r["type"].value: int(r["n"].value) for r in store.query(_TYPES)}
    top_rows = [(r["e"].value, int(r["n"].value)) for r in store.query(_TOP % top)]
    infos = node_info(store, [iri for iri, _ in top_rows]) if top_rows else {}

    def label(iri: str) -> str:
        i = infos.get(iri)
        return (i and (i.acronym or i.label_en or i.label_zh)) or iri.rsplit("/", 1)[-1]

    graph = comention_graph(store)
    central = centrality(graph, top)
    return {
        "store": str(store.path or ":memory:"),
        "quads": len(store),
        "reports": [r.__dict__ for r in store.reports()],
        "entities_by_type": types,
        "top_mentioned": [
            {"entity": iri, "label": label(iri), "mentions": n} for iri, n in top_rows
        ],
        "top_central": [
            {
                "entity": n,
                "label": graph.nodes[n].get("label", n),
                "degree": round(d, 4),
                "betweenness": round(b, 4),
            }
            for n, d, b in central
        ],
    }
