"""The mandate act as docs/data-model.md shows it is what the builder makes: the documented
Turtle is compared with the act and evidence built from tests/data/mandates/terminate-en.txt,
so the example cannot drift from the code."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from rdflib import XSD, Graph, Literal, URIRef
from support import ROOT

from unkg.extract.pipeline import extract_file
from unkg.graph.rdf import report_quads
from unkg.ontology.namespace import UNKG

DATA_MODEL = ROOT / "docs" / "data-model.md"
FIXTURE = ROOT / "tests" / "data" / "mandates" / "terminate-en.txt"
UNKG_ADOPTED = NamedNode(str(UNKG.adopted))


def documented() -> Graph:
    """The first Turtle block of the section on time."""
    section = DATA_MODEL.read_text(encoding="utf-8").split("## Time: mandate acts", 1)[1]
    return Graph().parse(data=re.search(r"```turtle\n(.*?)```", section, re.S)[1], format="turtle")


def built() -> Graph:
    """The act and evidence nodes the builder makes of the fixture."""
    report = extract_file(FIXTURE)
    triples = {
        Triple(q.subject, q.predicate, q.object)
        for q in report_quads(report)
        if re.search(r"/(act|evidence)/[0-9a-f]+$", q.subject.value)
    }
    return Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


def test_the_documented_mandate_act_is_what_the_builder_makes():
    doc, made = documented(), built()
    missing, extra = set(doc) - set(made), set(made) - set(doc)
    turtle = made.serialize(format="turtle")
    assert (missing, extra) == (set(), set()), f"docs/data-model.md should show:\n{turtle}"


def test_the_documented_dates_are_xsd_dates():
    doc = documented()
    act = next(doc.subjects(predicate=UNKG.actKind, object=Literal("terminated")))
    assert doc.value(act, URIRef(UNKG.adopted)).datatype == XSD.date
    evidence = doc.value(act, URIRef(UNKG.hasEvidence))
    assert doc.value(evidence, URIRef(UNKG.effectiveDate)) == Literal(
        "2023-06-30", datatype=XSD.date
    )


def test_an_act_by_letter_is_dated_by_the_letters_symbol():
    """An exchange of letters acts too (UNOWA, S/2001/1128): its symbol carries its year, so
    the act has one, as an act by resolution N (YYYY) has YYYY."""
    from unkg.extract.pipeline import extract_text

    text = (
        "1. I refer to the exchange of letters (S/2013/10 and S/2013/11) relating to the "
        "establishment of the United Nations Office for West Africa (UNOWA).\n"
    )
    quads = list(report_quads(extract_text(text, "letter.txt")))
    years = {q.object.value for q in quads if q.predicate == UNKG_ADOPTED}
    kinds = {q.object.value for q in quads if q.predicate.value == str(UNKG.actKind)}
    assert (years, kinds) == ({"2013"}, {"established"})
