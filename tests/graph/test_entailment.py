"""RDFS subclass entailment at build time: every instance carries the types its class's
superclasses give it, for every class of the ontology, so `?r a unkg:Resolution` finds a
Security Council resolution."""

import pytest
import rdflib
from pyoxigraph import NamedNode, Quad
from rdflib import RDFS

from unkg.graph.rdf import superclasses, with_superclasses
from unkg.graph.terms import TYPE
from unkg.ontology.namespace import UNKG, ontology_path

ONTOLOGY = rdflib.Graph().parse(str(ontology_path()), format="turtle")
CLASSES = sorted(
    {s for s in ONTOLOGY.subjects(RDFS.subClassOf, None) if isinstance(s, rdflib.URIRef)}
)


def expected(cls: rdflib.URIRef) -> set[str]:
    """The superclasses by rdflib's own transitive walk (an independent oracle)."""
    return {str(c) for c in ONTOLOGY.transitive_objects(cls, RDFS.subClassOf)} - {str(cls)}


def test_every_subclass_of_the_ontology_is_covered():
    assert len(CLASSES) >= 30
    assert {NamedNode(str(c)) for c in CLASSES} == set(superclasses())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.split("#")[-1])
def test_an_instance_gets_every_superclass_type(cls):
    g = NamedNode("https://w3id.org/unkg/graph/report/x")
    x = NamedNode("https://w3id.org/unkg/id/thing/x")
    quads = list(with_superclasses([Quad(x, TYPE, NamedNode(str(cls)), g)]))
    assert {q.object.value for q in quads} == {str(cls)} | expected(cls)
    assert all(q.subject == x and q.predicate == TYPE and q.graph_name == g for q in quads)


def test_the_store_holds_the_entailed_types(example_store):
    for cls, supers in superclasses().items():
        for sup in supers:
            pattern = f"?x a <{cls.value}> FILTER NOT EXISTS {{ ?x a <{sup.value}> }}"
            missing = example_store.query(f"ASK {{ GRAPH ?g {{ {pattern} }} }}")
            assert not bool(missing), f"an instance of {cls.value} is not a {sup.value}"
    rows = list(example_store.query(f"SELECT DISTINCT ?r WHERE {{ ?r a <{UNKG.Resolution}> }}"))
    assert rows, "?r a unkg:Resolution finds the Security Council resolutions"
    missions = example_store.query(
        f"ASK {{ <https://w3id.org/unkg/id/mission/MONUSCO> a <{UNKG.Mission}> }}"
    )
    assert bool(missions)
