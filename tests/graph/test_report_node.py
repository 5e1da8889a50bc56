"""The report node: its kind as a class, and the one node a resolution's text, its own acts
and every citation of it share (docs/data-model.md, "The report and its document")."""

from pathlib import Path

import pytest
from support import built_in_memory

import unkg
from unkg.api import validate

DATA = Path(__file__).resolve().parents[1] / "data" / "identity"


@pytest.fixture(scope="module")
def store():
    return built_in_memory(DATA)


def rows(store, sparql):
    result = unkg.query(sparql, store=store)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_a_resolution_text_is_the_text_of_the_resolution_node(store):
    found = rows(
        store,
        "SELECT ?r ?type WHERE { ?r unkg:textOf resolution:S-RES-2999-2031 ; dcterms:type ?type }",
    )
    assert found == [
        {
            "r": "https://w3id.org/unkg/id/report/S-RES-2999-2031-zh",
            "type": "https://w3id.org/unkg/ontology#SecurityCouncilResolution",
        }
    ]


def test_what_did_resolution_n_do(store):
    """Facts about resolution 2999 (2031), whoever states them, and its own text, on one node."""
    found = rows(
        store,
        """SELECT ?m ?p ?text WHERE {
             ?m ?p resolution:S-RES-2999-2031 FILTER(?p != unkg:mentions && ?p != itsrdf:taIdentRef)
             OPTIONAL { ?text unkg:textOf resolution:S-RES-2999-2031 }
           }""",
    )
    facts = {(r["m"].rsplit("/", 1)[-1], r["p"].rsplit("#", 1)[-1]) for r in found}
    assert ("UNIFIL", "mandateExtendedBy") in facts
    assert ("S-RES-2999-2031-zh", "textOf") in facts
    assert all(r["text"].endswith("S-RES-2999-2031-zh") for r in found)


def test_reports_that_cite_the_resolution_that_established_a_mission(store):
    found = rows(
        store,
        """SELECT DISTINCT ?r ?res WHERE {
             mission:UNIFIL unkg:establishedBy ?res .
             ?p unkg:mentions ?res ; unkg:inReport ?r .
           } ORDER BY ?r""",
    )
    assert {r["r"].rsplit("/", 1)[-1] for r in found} == {"S-RES-2999-2031-zh", "S-2031-900-en"}
    assert {r["res"] for r in found} == {"https://w3id.org/unkg/id/resolution/S-RES-425-1978"}


def test_kinds_are_classes_and_a_report_without_symbol_has_no_document_node(store):
    found = rows(
        store,
        "SELECT ?id ?type ?doc WHERE { ?r a unkg:Report ; dcterms:identifier ?id ; "
        "dcterms:type ?type OPTIONAL { ?r unkg:textOf ?doc } }",
    )
    kinds = {r["id"]: r["type"].rsplit("#", 1)[-1] for r in found}
    assert kinds["S/2031/900"] == "SecretaryGeneralReport"
    assert kinds["S/RES/2999(2031)"] == "SecurityCouncilResolution"
    unnamed = [r for r in found if r["id"].startswith("sha-")]
    assert [(r["type"].rsplit("#", 1)[-1], r.get("doc")) for r in unnamed] == [("Document", None)]
    doc_types = rows(store, "SELECT ?t WHERE { document:S-2031-900 a ?t }")
    assert {r["t"].rsplit("#", 1)[-1] for r in doc_types} == {
        "Document",
        "SecretaryGeneralReport",
        "http://purl.org/dc/terms/BibliographicResource",  # entailed (rdfs:subClassOf)
    }


def test_a_report_graph_with_its_document_node_conforms(store):
    violations = [
        v for v in validate(store, report="S-RES-2999-2031-zh") if v.severity == "Violation"
    ]
    assert violations == []


def test_a_resolution_a_relation_names_is_described_without_a_mention_of_its_own():
    """A symbol split by blank lines (`resolution⏎⏎2715⏎⏎(2023)`, as copied from a web page)
    gives no phrase, yet the termination names the resolution: the report's graph still says
    what the node is, so a timeline shows the symbol, not a bare IRI."""
    from unkg.extract.model import ReportMeta
    from unkg.extract.pipeline import extract_text
    from unkg.graph.rdf import report_quads

    text = (
        "The Secretary-General takes note of resolution\n\n2715\n\n(2023), by which the Security "
        "Council decided to terminate the mandate of UNITAMS as of 3 December.\n"
    )
    report = extract_text(text, "note.txt", ReportMeta(language="en", date="2024-01-02"))
    res = "https://w3id.org/unkg/id/resolution/S-RES-2715-2023"
    assert not [m for p in report.paragraphs for m in p.mentions if m.id == res]
    assert [(r.predicate, r.object) for p in report.paragraphs for r in p.relations][-1] == (
        "mandateTerminatedBy",
        res,
    )
    said = {
        (q.predicate.value.rsplit("#", 1)[-1], q.object.value)
        for q in report_quads(report)
        if q.subject.value == res
    }
    assert ("symbol", "S/RES/2715(2023)") in said
    assert ("type", "https://w3id.org/unkg/ontology#SecurityCouncilResolution") in said
