"""networkx projections of a store built from examples/reports, checked against SPARQL."""

from collections import Counter, defaultdict

import pytest

from unkg.graph.network import (
    ENTITY_CLASSES,
    comention_graph,
    mission_country_graph,
    node_info,
    relation_graph,
)

ID = "https://w3id.org/unkg/id/"
MONUSCO, MINUSMA = ID + "mission/MONUSCO", ID + "mission/MINUSMA"
COD, MLI = ID + "country/COD", ID + "country/MLI"


@pytest.fixture(scope="module")
def mc(example_store):
    return mission_country_graph(example_store)


def _evidence_paragraphs(store, predicate="operatesIn") -> dict[frozenset, set[str]]:
    """Raw evidence rows, counted here in Python rather than by the projection's GROUP BY."""
    rows = store.query(
        f"""SELECT ?s ?o ?p WHERE {{ GRAPH ?g {{
              ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate unkg:{predicate} ;
                  rdf:object ?o ; unkg:inParagraph ?p }} }}"""
    )
    out: dict[frozenset, set[str]] = defaultdict(set)
    for r in rows:
        out[frozenset((r["s"].value, r["o"].value))].add(r["p"].value)
    return out


def _type_of(store, iri: str) -> str:
    for cls in ENTITY_CLASSES:
        if bool(store.query(f"ASK {{ <{iri}> a/rdfs:subClassOf* unkg:{cls} }}")):
            return cls
    return "Entity"


def test_known_mission_country_edges(mc):
    assert mc.has_edge(MONUSCO, COD)
    assert mc.edges[MONUSCO, COD]["weight"] >= 1
    assert mc.has_edge(MINUSMA, MLI)
    assert mc.edges[MINUSMA, MLI]["weight"] >= 1
    assert mc.nodes[MONUSCO]["type"] == "Mission"
    assert mc.nodes[MONUSCO]["acronym"] == "MONUSCO"
    assert mc.nodes[MONUSCO]["label_zh"] == "联合国组织刚果民主共和国稳定特派团"
    assert mc.nodes[COD]["type"] == "Country"
    assert mc.nodes[COD]["label_zh"] == "刚果民主共和国"
    assert mc.nodes[COD]["mentions"] >= 1


def test_weights_are_distinct_evidence_paragraphs(example_store, mc):
    expected = _evidence_paragraphs(example_store)
    assert expected, "the examples should yield operatesIn evidence"
    got = {frozenset((a, b)): d["weight"] for a, b, d in mc.edges(data=True)}
    assert got == {pair: len(paragraphs) for pair, paragraphs in expected.items()}


def test_bipartite_and_counts_by_type(example_store, mc):
    expected_nodes = set().union(*_evidence_paragraphs(example_store))
    assert set(mc.nodes) == expected_nodes
    by_type = Counter(d["type"] for _, d in mc.nodes(data=True))
    assert by_type == Counter(_type_of(example_store, n) for n in expected_nodes)
    assert by_type["Mission"] >= 5
    assert by_type["Country"] >= 3
    assert by_type["Territory"] >= 1
    for a, b in mc.edges:
        assert {mc.nodes[a]["bipartite"], mc.nodes[b]["bipartite"]} == {0, 1}


def test_report_filter(example_store, mc):
    slugs = example_store.report_slugs()
    per_report = [mission_country_graph(example_store, slug) for slug in slugs]
    assert sum(g.number_of_edges() for g in per_report) >= mc.number_of_edges()
    for g in per_report:
        for a, b, d in g.edges(data=True):
            assert d["weight"] <= mc.edges[a, b]["weight"]
    slug = next(r.slug for r in example_store.reports() if r.identifier == "S/2024/880")
    drc = mission_country_graph(example_store, slug)
    assert drc.has_edge(MONUSCO, COD)
    assert not drc.has_edge(MINUSMA, MLI)


def test_relation_graph_has_all_predicates(example_store):
    g = relation_graph(example_store)
    predicates = {k for _, _, k in g.edges(keys=True)}
    assert "operatesIn" in predicates
    assert predicates <= {
        "operatesIn",
        "hostCountry",
        "establishedBy",
        "mandateExtendedBy",
        "mandateTerminatedBy",
        "concerns",
        "supports",
        "cooperatesWith",
        "succeededBy",
        "precededBy",
    }
    for s, o, k, d in g.edges(keys=True, data=True):
        expected = _evidence_paragraphs(example_store, k)[frozenset((s, o))]
        assert d["weight"] == len(expected)
    only = relation_graph(example_store, predicates=["operatesIn"])
    assert {k for _, _, k in only.edges(keys=True)} == {"operatesIn"}


def test_node_info_types_follow_subclasses(example_store):
    info = node_info(example_store)
    resolution = info.get(ID + "resolution/S-RES-2690-2023")
    assert resolution is not None and resolution.type == "Resolution"  # a SecurityCouncilResolution
    assert info[MONUSCO].type == "Mission"  # a PeacekeepingOperation and a Mission
    assert info[COD].type == "Country"  # a MemberState
    assert all(i.type in (*ENTITY_CLASSES, "Entity") for i in info.values())
    for iri in list(info)[:10]:
        assert info[iri].type == _type_of(example_store, iri)


def test_comention_graph(example_store):
    g = comention_graph(example_store)
    assert g.has_edge(MONUSCO, COD)
    rows = example_store.query(
        f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH ?g {{
              ?p a unkg:Paragraph ; unkg:mentions <{MONUSCO}>, <{COD}> }} }}"""
    )
    assert g.edges[MONUSCO, COD]["weight"] == int(next(iter(rows))["n"].value)
