"""Mentions as NIF phrases in the graph: a fuzzy link (an OCR-damaged name of a known mission)
carries its edit distance, so the graph says which links to audit (docs/data-model.md)."""

from pathlib import Path

import pytest
from support import built_in_memory

import unkg
from unkg.api import validate

DATA = Path(__file__).resolve().parents[1] / "data" / "fuzzy"
REPORT = "S-1988-90001-en"


@pytest.fixture(scope="module")
def store():
    return built_in_memory(DATA)


def phrases(store) -> dict[str, tuple[str, int | None]]:
    """Each mission phrase's text → (the mission's key, its edit distance or None)."""
    result = unkg.query(
        """SELECT ?text ?mission ?distance WHERE {
             ?phrase a nif:Phrase ; nif:anchorOf ?text ; itsrdf:taIdentRef ?mission .
             ?mission a unkg:Mission .
             OPTIONAL { ?phrase unkg:editDistance ?distance }
           }""",
        store=store,
    )
    return {
        row["text"].value: (
            row["mission"].value.rsplit("/", 1)[-1],
            int(row["distance"].value) if row["distance"] is not None else None,
        )
        for row in result
    }


def test_a_damaged_name_links_to_the_known_mission_with_its_edit_distance(store):
    found = phrases(store)
    assert found["United Nations Good Offices Mision in Afghanistan and Pakistan"] == (
        "UNGOMAP",
        1,
    )
    assert found["United Nations Iran-lraq Militery Observer Group"] == ("UNIIMOG", 2)


def test_a_line_break_costs_nothing_only_the_damaged_letters_count(store):
    found = phrases(store)
    assert found["United Nations Transition\nAssistance Gruup"] == ("UNTAG", 1)
    assert found["United Nations Good Offices Mission in Afghanis-\ntan and Pakistan"] == (
        "UNGOMAP",
        None,
    )


def test_an_exact_mention_has_no_edit_distance(store):
    found = phrases(store)
    assert found["United Nations Iran-Iraq Military Observer Group"] == ("UNIIMOG", None)
    result = unkg.query("SELECT (MIN(?d) AS ?min) WHERE { ?p unkg:editDistance ?d }", store=store)
    assert int(next(iter(result))["min"].value) == 1  # never a distance of 0


def test_the_report_graph_with_edit_distances_conforms(store):
    violations = [v for v in validate(store, report=REPORT) if v.severity == "Violation"]
    assert violations == []
