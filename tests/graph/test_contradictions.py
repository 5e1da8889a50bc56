"""Contradicted mandate statements stored in the graph: against the reference data in the
report's graph at build time, between reports in the derived graph every write recomputes.

The fixtures (tests/data/contradictions) are written for these tests: report A agrees with
the reference data, report B names another establishing resolution for UNPROFOR and another
"until" date for the same extension of UNMIH, and a resolution ends UNMIH's mandate two years
after the reference end date."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import DEV_CORPUS
from typer.testing import CliRunner

import unkg
from unkg.api import delete_graph
from unkg.cli import app
from unkg.graph.timeline import Contradiction
from unkg.ontology.ids import CONTRADICTIONS_GRAPH, REFERENCE_GRAPH
from unkg.ontology.namespace import UNKG, shapes_path
from unkg.ontology.reference import load_reference

DATA = Path(__file__).resolve().parents[1] / "data" / "contradictions"
GOLD = DEV_CORPUS / "gold"
REF = "reference data"


def _build(tmp_path: Path, *names: str):
    st = unkg.open_store(tmp_path / "store")
    files = [DATA / n for n in names] if names else [DATA]
    result = unkg.build(files, store=st)
    assert result.ok, result.failed
    return st


def _found(st) -> set[tuple[str, str, str, str, str, str]]:
    rows = [Contradiction(**c) for c in unkg.info(st)["mandate_contradictions"]]
    return {(c.mission, c.property, c.report, c.claim, c.other, c.other_source) for c in rows}


EXPECTED = {
    ("UNPROFOR", "establishedBy", "S/1999/9002", "S/RES/757(1992)", "S/RES/743(1992)", REF),
    (
        "UNPROFOR",
        "establishedBy",
        "S/1999/9001",
        "S/RES/743(1992)",
        "S/RES/757(1992)",
        "S/1999/9002",
    ),
    ("UNMIH", "mandateUntil", "S/1999/9001", "1996-06-30", "1996-02-29", "S/1999/9002"),
    ("UNMIH", "endDate", "S/RES/9001(1998)", "1998-03-01", "1996-06", REF),
}


def test_contradictions_with_the_reference_and_between_reports_are_stored(tmp_path):
    st = _build(tmp_path)
    assert _found(st) == EXPECTED
    # both sentences side by side, with their paragraphs
    rows = [Contradiction(**c) for c in unkg.info(st)["mandate_contradictions"]]
    between = next(c for c in rows if c.property == "mandateUntil")
    assert "until 30 June 1996" in between.sentence and between.paragraph == "2"
    assert "until 29 February 1996" in between.other_sentence and between.other_paragraph == "2"
    against = next(c for c in rows if c.property == "endDate")
    assert against.other_sentence == "" and "terminate the mandate" in against.sentence
    # stored as nodes, the reference's with its source, and valid against the shapes
    sources = st.query(
        "SELECT ?s WHERE { ?c a unkg:Contradiction ; dcterms:source ?s ; "
        "unkg:disputedProperty unkg:endDate }"
    )
    assert [r["s"].value for r in sources] == [
        load_reference().find("Mission", "UNMIH").get("source")
    ]
    assert _violations(st) == set()
    dropped = _violations(st, drop=UNKG.claimedValue)  # the shape sees a node that lacks one
    assert len(dropped) == 4 and all("/contradiction/" in focus for focus in dropped)


def _violations(st, drop=None) -> set[str]:
    """The focus nodes that break a SHACL shape among the contradictions, checked on the
    report and contradiction graphs (the reference graph left out: validating it takes half
    a minute and is `unkg validate`'s job)."""
    import rdflib
    from pyoxigraph import RdfFormat, Triple, serialize
    from pyshacl import validate
    from rdflib.namespace import SH

    quads = st.quads()  # the named graphs
    kept = {
        Triple(q.subject, q.predicate, q.object)
        for q in quads
        if q.graph_name.value != REFERENCE_GRAPH and q.predicate.value != str(drop)
    }
    data = rdflib.Graph().parse(data=serialize(kept, format=RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph().parse(str(shapes_path()), format="turtle")
    _ok, results, _text = validate(data, shacl_graph=shapes, inference="none")
    focus = {str(results.value(r, SH.focusNode)) for r in results.objects(None, SH.result)}
    return {f for f in focus if "/contradiction/" in f}


def test_a_report_that_agrees_with_the_reference_alone_contradicts_nothing(tmp_path):
    st = _build(tmp_path, "report-a.txt")
    assert _found(st) == set()
    assert CONTRADICTIONS_GRAPH not in st.graphs()


def test_remove_and_replace_keep_the_stored_contradictions_true(tmp_path):
    st = _build(tmp_path)
    b = next(r.slug for r in st.reports() if r.identifier == "S/1999/9002")
    assert unkg.remove(b, store=st)
    assert _found(st) == {c for c in EXPECTED if c[2] == "S/RES/9001(1998)"}
    assert CONTRADICTIONS_GRAPH not in st.graphs()
    unkg.build([DATA], store=st, force=True)  # B again, the others replaced
    assert _found(st) == EXPECTED
    (ra,) = (r.slug for r in st.reports() if r.identifier == "S/RES/9001(1998)")
    delete_graph(f"https://w3id.org/unkg/graph/report/{ra}", store=st)
    assert _found(st) == {c for c in EXPECTED if c[2] != "S/RES/9001(1998)"}


def test_info_lists_them_with_both_sentences(tmp_path):
    st = _build(tmp_path)
    shown = CliRunner().invoke(app, ["info", "-s", str(st.path)], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    assert "contradicted mandate statements (4)" in shown.output
    assert "until 29 February 1996" in shown.output and "S/1999/9002 ¶2" in shown.output


def _gold_disagreements() -> set[tuple[str, str]]:
    """(mission, property) where a hand-checked gold paragraph of the dev corpus states a
    mandate act that the reference data contradicts: an establishment by a resolution list
    without the reference's, a termination outside the reference end year or the year before."""
    missions = {e.key: e for e in load_reference().by_type("Mission")}
    out = set()
    for path in GOLD.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            acts = json.loads(line).get("mandate") or []
            for name, kind, symbol in acts:
                e = missions.get(name.replace(" ", "-"))
                if e is None:
                    continue
                listed = {s for n, k, s in acts if n == name and k == kind}
                if kind == "establishedBy" and e.get("established_by") not in listed | {""}:
                    out.add((e.key, "establishedBy"))
                year = re.search(r"\((\d{4})\)", symbol)
                end = e.get("end")
                late = year and end and not int(end[:4]) - 1 <= int(year[1]) <= int(end[:4])
                if kind == "terminatedBy" and late:
                    out.add((e.key, "endDate"))
    return out


@pytest.mark.slow
def test_no_contradiction_on_the_dev_corpus_where_report_and_reference_agree(dev_store):
    """Built as one store, the real texts of the dev corpus (whose gold agrees with the
    reference data wherever it states a mandate act) hold no contradiction the gold does
    not show."""
    st = dev_store
    acts = st.query("SELECT (COUNT(*) AS ?n) WHERE { ?a a unkg:MandateAct }")
    assert int(next(iter(acts))["n"].value) > 20
    stored = {(c[0], c[1]) for c in _found(st) if c[1] in ("establishedBy", "endDate")}
    assert stored <= _gold_disagreements()
    assert {c for c in _found(st) if c[1] not in ("establishedBy", "endDate")} == set()


def test_gallery_query_shows_both_sentences_side_by_side(tmp_path):
    from unkg.web import gallery

    st = _build(tmp_path)
    (q,) = (q for q in gallery.load() if q.name.startswith("19-"))
    solutions = st.query(q.text)
    names = [v.value for v in solutions.variables]
    rows = [{n: (s[n].value if s[n] is not None else "") for n in names} for s in solutions]
    wrong = [r for r in rows if r["agrees"] == "false"]
    stated = {(m, p, report, other) for m, p, report, _c, _o, other in EXPECTED}
    mirrored = {(m, p, other, report) for m, p, report, other in stated if other != REF}
    got = {(r["acronym"], r["disputed"], r["report"], r["otherSource"]) for r in wrong}
    assert got == stated | mirrored  # a row for each side of two reports that disagree
    until = next(
        r for r in wrong if r["report"] == "S/1999/9002" and r["disputed"] == "mandateUntil"
    )
    assert (until["claimed"], until["otherValue"]) == ("1996-02-29", "1996-06-30")
    assert "30 June 1996" in until["otherSentence"] and "29 February" in until["sentence"]
    assert rows.index(wrong[-1]) == len(wrong) - 1  # disagreements first


def test_making_a_reports_quads_reads_the_reference_only_for_paragraphs_with_acts(monkeypatch):
    """`load_reference` looks at every reference file (a stat each) to see whether it changed:
    called for every paragraph it took about half the time spent making a report's quads."""
    from unkg.api import config_hash, extract_file
    from unkg.graph import contradictions
    from unkg.graph.mandates import ACTS
    from unkg.graph.rdf import report_quads

    calls = []
    real = contradictions.load_reference
    monkeypatch.setattr(contradictions, "load_reference", lambda: calls.append(1) or real())
    report = extract_file(DATA / "report-b.txt")
    with_acts = sum(any(r.predicate in ACTS for r in p.relations) for p in report.paragraphs)
    assert list(report_quads(report, config_hash()))
    assert 0 < len(calls) <= with_acts < len(report.paragraphs)
