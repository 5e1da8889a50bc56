"""Relation rules on small texts we wrote: mission–country links and mandate acts."""

from __future__ import annotations

import pytest

from unkg.extract.pipeline import extract_text


def operates_in(text: str) -> dict[str, set[tuple[str, str]]]:
    report = extract_text(text)
    return {
        p.number: {
            (r.subject_key, r.object_key) for r in p.relations if r.predicate == "operatesIn"
        }
        for p in report.paragraphs
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short form alone names no country
        ("1. 联黎部队继续在蓝线沿线巡逻。\n", set()),
        ("1. UNOCI continued its patrols along the border.\n", set()),
        # the full name that contains the country, also right before its short form
        ("1. 联合国驻黎巴嫩临时部队(联黎部队)继续巡逻。\n", {("UNIFIL", "LBN")}),
        (
            "1. The mandate of the United Nations Operation in Côte d’Ivoire (UNOCI) runs on.\n",
            {("UNOCI", "CIV")},
        ),
        # the country named in another sentence of the same paragraph
        ("1. 联黎部队继续巡逻。黎巴嫩政府对此表示欢迎。\n", {("UNIFIL", "LBN")}),
        ("1. UNFICYP met both sides. Cyprus welcomed the talks.\n", {("UNFICYP", "CYP")}),
    ],
)
def test_a_mission_operates_where_the_paragraph_names_its_country(text, expected):
    assert operates_in(text)["1"] == expected


@pytest.mark.parametrize(
    "second",
    [
        "2. The Force in Cyprus remains essential.\n",
        "2. The Force stationed in Cyprus remains essential.\n",
    ],
)
def test_the_mission_in_focus_where_its_pronoun_names_the_place(second):
    found = operates_in("1. UNFICYP met both sides.\n\n" + second)
    assert found["1"] == set()
    assert found["2"] == {("UNFICYP", "CYP")}


def test_the_pronoun_names_no_place_of_another_country():
    found = operates_in(
        "1. UNFICYP met both sides.\n\n2. The Force in Lebanon was not concerned.\n"
    )
    assert found["2"] == set()
