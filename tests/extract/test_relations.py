"""Relation rules on small texts we wrote: mission–country links and mandate acts."""

from __future__ import annotations

import pytest

from unkg.extract.model import ReportMeta
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
        # nor a short form that holds a country's name (中非 in 中非稳定团)
        ("1. 中非稳定团继续在班吉巡逻。\n", set()),
        ("1. 联合国中非共和国多层面综合稳定团(中非稳定团)继续巡逻。\n", {("MINUSCA", "CAF")}),
        # the full name that contains the country, also right before its short form
        ("1. 联合国驻黎巴嫩临时部队(联黎部队)继续巡逻。\n", {("UNIFIL", "LBN")}),
        (
            "1. The mandate of the United Nations Operation in Côte d’Ivoire (UNOCI) runs on.\n",
            {("UNOCI", "CIV")},
        ),
        # the full name hard-wrapped over two lines
        (
            "1. It works with the United Nations Operation in Côte\nd’Ivoire (UNOCI) on borders.\n",
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
    ("text", "date", "expected"),
    [
        ("1. 联合国东帝汶特派团(东帝汶特派团)将监督协商。\n", "1999-06-11", ("UNAMET", "TMP")),
        (
            "1. The United Nations Mission in East Timor will organize the ballot.\n",
            "1999-07",
            ("UNAMET", "TMP"),
        ),
        ("1. 联合国东帝汶支助团继续协助东帝汶政府。\n", "2003-05-20", ("UNMISET", "TLS")),
        # its name holds the place under the name of its time (the Congo of 1960 is COD)
        (
            "1. The United Nations Force in the Congo will not intervene.\n",
            "1960-08-09",
            ("ONUC", "COD"),
        ),
    ],
)
def test_a_mission_operates_in_the_place_under_its_code_of_the_time(text, date, expected):
    lang = "en" if text.isascii() else "zh"
    report = extract_text(text, meta=ReportMeta(date=date, language=lang))
    found = {(r.subject_key, r.object_key) for r in report.paragraphs[0].relations}
    assert expected in found


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


RESOLUTION = ReportMeta(symbol="S/RES/2164(2014)", kind="resolution")
MANDATES = ("establishedBy", "mandateExtendedBy", "mandateTerminatedBy")


def acts(text: str, meta: ReportMeta | None = RESOLUTION) -> set[tuple]:
    report = extract_text(text, meta=meta)
    return {
        (r.subject_key, r.predicate, r.object_key, r.date or r.until)
        for r in report.relations()
        if r.predicate in MANDATES
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1. 回顾第1996(2011)号决议,其中安理会决定"
            "联合国苏丹特派团今后将被称为联合国南苏丹特派团,\n",
            {("UNMISS", "establishedBy", "S/RES/1996(2011)", None)},
        ),
        (
            "1. Recalling resolution 1996 (2011), by which the Council decided that the United "
            "Nations Mission in the Sudan shall henceforth be known as the United Nations Mission "
            "in the Republic of South Sudan,\n",
            {("UNMISS", "establishedBy", "S/RES/1996(2011)", None)},
        ),
        # two missions side by side: no new name
        (
            "1. Recalling resolution 1996 (2011) on the United Nations Mission in the Sudan and "
            "the United Nations Mission in the Republic of South Sudan,\n",
            set(),
        ),
    ],
)
def test_a_resolution_that_gives_a_mission_its_new_name_sets_it_up(text, expected):
    assert acts(text, meta=None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. 回顾第2100(2013)号决议设立的马里稳定团,以及第2164(2014)号决议,"
        "其中安理会将该特派团的任务延至2015年6月30日,\n",
        "1. Recalling resolution 2100 (2013) establishing MINUSMA, and resolution 2164 (2014), "
        "by which it extended the mandate of the Mission until 30 June 2015,\n",
    ],
)
def test_the_pronoun_after_a_mission_named_in_the_same_sentence(text):
    assert acts(text, meta=None) == {
        ("MINUSMA", "establishedBy", "S/RES/2100(2013)", None),
        ("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", "2015-06-30"),
    }


@pytest.mark.parametrize(
    "second",
    [
        "The Special Political Mission, established pursuant to paragraph 2 of resolution "
        "2102 (2013), advises the Federal Government.",
        "The political Mission, established by resolution 2102 (2013), advises the "
        "Federal Government.",
    ],
)
def test_the_mission_in_focus_named_by_its_kind(second):
    text = "1. The Council asked for a review of UNSOM by the end of the year. " + second + "\n"
    assert acts(text, meta=None) == {("UNSOM", "establishedBy", "S/RES/2102(2013)", None)}


def test_the_resolution_that_set_a_mission_up_established_it_whatever_the_verb():
    # the reference data says which resolution established MINUSMA (2100 (2013))
    text = (
        "1. Unanimously adopting resolution 2100 (2013), the Council decided that the mandate "
        "of MINUSMA — to be renewed as needed — would include support to the "
        "transition.\n\n2. By resolution 2164 (2014), the Council renewed the mandate of "
        "MINUSMA.\n"
    )
    assert acts(text, meta=None) == {
        ("MINUSMA", "establishedBy", "S/RES/2100(2013)", None),
        ("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "1. 决定将马里稳定团的任务期限延长至2014年6月30日。\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", "2014-06-30")},
        ),
        # older resolutions write their dates in Chinese numerals
        (
            "1. 决定将马里稳定团的任务期限延长至二〇一四年六月三十日为止。\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", "2014-06-30")},
        ),
        (
            "2. 決定終止馬里穩定團的任務,自二〇一四年十二月三十一日起生效。\n",
            {("MINUSMA", "mandateTerminatedBy", "S/RES/2164(2014)", "2014-12-31")},
        ),
        (
            "2. Decides to establish the United Nations Multidimensional Integrated Stabilization "
            "Mission in Mali (MINUSMA) until 30 June 2014;\n",
            {("MINUSMA", "establishedBy", "S/RES/2164(2014)", "2014-06-30")},
        ),
        (
            "3. Further decides to terminate the mandate of MINUSMA as of 30 June 2014;\n",
            {("MINUSMA", "mandateTerminatedBy", "S/RES/2164(2014)", "2014-06-30")},
        ),
        # a reference that qualifies the mandate does not act
        (
            "4. Decides to extend the mandate of MINUSMA as set out in resolution 2085 (2012) "
            "until 30 June 2015;\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", "2015-06-30")},
        ),
        (
            "4. 决定将第2085(2012)号决议规定的马里稳定团任务延长一年；\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None)},
        ),
        # the mission named as the verb's subject is the one it acts on, not one named after
        (
            "10. Decides that UNAMSIL will take over the functions of UNOMSIL, and to that end "
            "decides that the mandate of UNOMSIL shall terminate on the deployment of UNAMSIL;\n",
            {("UNOMSIL", "mandateTerminatedBy", "S/RES/2164(2014)", None)},
        ),
        (
            "10. 决定联塞观察团的任务应在联塞特派团部署后立即终止;\n",
            {("UNOMSIL", "mandateTerminatedBy", "S/RES/2164(2014)", None)},
        ),
        # "the mandate of X under resolution N": N is the mandate acted on, not the actor
        (
            "1. Decides to terminate the mandate of MINUSMA under resolution 2100 (2013) on "
            "30 June 2015;\n",
            {("MINUSMA", "mandateTerminatedBy", "S/RES/2164(2014)", "2015-06-30")},
        ),
        (
            "2. Decides to extend the mandate of MINUSMA under Security Council resolution "
            "2100 (2013) until 30 June 2015;\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", "2015-06-30")},
        ),
        # a verb bound to another resolution is that resolution's act
        (
            "5. 决定将第2085(2012)号和第2090(2013)号决议所设马里稳定团的任期延长一年；\n",
            {
                ("MINUSMA", "establishedBy", "S/RES/2085(2012)", None),
                ("MINUSMA", "establishedBy", "S/RES/2090(2013)", None),
                ("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None),
            },
        ),
    ],
)
def test_an_operative_paragraph_is_an_act_of_the_resolution_itself(text, expected):
    assert acts(text) == expected


def modified(text: str, meta: ReportMeta | None = RESOLUTION) -> set[tuple[str, str]]:
    report = extract_text(text, meta=meta)
    return {
        (r.subject_key, r.object_key)
        for r in report.relations()
        if r.predicate == "mandateModifiedBy"
    }


@pytest.mark.parametrize(
    "text",
    [
        "3. Decides to adjust the mandate of MINUSMA to include the protection of civilians;\n",
        "3. Decides to increase the authorized troop strength of MINUSMA to 15,000;\n",
        "3. Further decides to expand the mandate of MINUSMA to cover the north;\n",
        "3. 决定调整马里稳定团的任务授权，使其包括保护平民；\n",
        "3. 决定将马里稳定团的核定兵力上限提高到15000人；\n",
        "3. 决定修改马里稳定团的任务规定；\n",
    ],
)
def test_a_decided_change_of_the_mandate_is_a_modified_act(text):
    assert modified(text) == {("MINUSMA", RESOLUTION.symbol)}
    assert acts(text) == set()  # neither established, extended nor terminated


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        # someone is asked to change it: nothing is decided
        ("3. Requests the Secretary-General to adjust the mandate of MINUSMA;\n", RESOLUTION),
        (
            "3. Decides to request the Secretary-General to revise the mandate of MINUSMA;\n",
            RESOLUTION,
        ),
        ("3. 请秘书长调整马里稳定团的任务授权；\n", RESOLUTION),
        # a change of something else than the mandate or the strength
        ("3. Decides to increase its support to MINUSMA and the Government;\n", RESOLUTION),
        # a preambular paragraph recalls; a report is no resolution
        ("Recalling its decision to adjust the mandate of MINUSMA,\n", RESOLUTION),
        ("3. The Council decided to adjust the mandate of MINUSMA.\n", None),
    ],
)
def test_no_modified_act_where_nothing_is_decided(text, meta):
    assert modified(text, meta) == set()


def test_an_extension_with_a_change_stays_an_extension():
    text = "3. Decides to extend the mandate of MINUSMA until 30 June 2014 and to increase its "
    text += "authorized strength;\n"
    assert modified(text) == set()
    assert acts(text) == {("MINUSMA", "mandateExtendedBy", RESOLUTION.symbol, "2014-06-30")}


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        # a preambular paragraph recalls, it does not act
        ("Recalling its decision to extend the mandate of MINUSMA,\n", RESOLUTION),
        # a report is no resolution: its paragraphs act on nothing
        (
            "1. Decides to extend the mandate of MINUSMA;\n",
            ReportMeta(symbol="S/2013/100", kind="Secretary-General report"),
        ),
    ],
)
def test_no_act_outside_a_resolutions_operative_paragraphs(text, meta):
    assert acts(text, meta) == set()


def test_a_headline_reports_the_act_of_the_resolution_it_adopts():
    headline = (
        "Security Council Terminates Mandate of United Nations Multidimensional Integrated "
        "Stabilization Mission in Mali, Unanimously Adopting Resolution 2690 (2023)\n"
    )
    assert acts(headline, None) == {("MINUSMA", "mandateTerminatedBy", "S/RES/2690(2023)", None)}


def test_completed_its_mandate_in_accordance_with_a_resolution():
    text = (
        "1. MINUSMA was deployed in 2013.\n\n"
        "2. The Mission completed its mandate on 31 December 2023, in accordance with "
        "Security Council resolution 2690 (2023).\n"
    )
    assert acts(text, None) == {
        ("MINUSMA", "mandateTerminatedBy", "S/RES/2690(2023)", "2023-12-31")
    }


def test_an_exchange_of_letters_establishes():
    text = (
        "1. I refer to the exchange of letters (S/2013/10 and S/2013/11) relating to the "
        "establishment of the United Nations Office for West Africa (UNOWA).\n"
    )
    assert acts(text, None) == {
        ("UNOWA", "establishedBy", "S/2013/10", None),
        ("UNOWA", "establishedBy", "S/2013/11", None),
    }


def test_an_operative_paragraph_names_its_mission_by_a_common_noun():
    text = "1. 决定设立马里稳定团。\n\n2. 决定观察团的成立期限为六个月。\n"
    report = extract_text(text, meta=RESOLUTION)
    second = next(p for p in report.paragraphs if p.number == "2")
    assert {(r.subject_key, r.predicate, r.object_key) for r in second.relations} == {
        ("MINUSMA", "establishedBy", "S/RES/2164(2014)")
    }


def test_the_verb_before_the_mission_with_the_resolution_as_its_means():
    text = (
        "1. MINUSMA was deployed in 2013.\n\n"
        "2. The Security Council extended the Mission for 12 more months in Resolution 2164 "
        "(25 June 2014).\n"
    )
    assert acts(text, None) == {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None)}


def test_a_report_says_which_resolution_acted_under_resolution():
    """Outside the resolution's own text, "under resolution N" is the means: N acted."""
    text = "1. The Council extended the mandate of MINUSMA under resolution 2164 (2014).\n"
    assert acts(text, None) == {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None)}


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (
            "2. On 25 June 2014, Resolution 2164 extended the mandate for 12 months.\n",
            {("MINUSMA", "mandateExtendedBy", "S/RES/2164(2014)", None)},
        ),
        # the mandate of something else is not the mission's
        ("2. Resolution 2100 (2013) extended the mandate of the Panel of Experts.\n", set()),
    ],
)
def test_the_mandate_of_the_mission_in_focus(second, expected):
    assert acts("1. MINUSMA was deployed in 2013.\n\n" + second, None) == expected


def test_the_act_named_before_the_mission_and_its_letter_in_brackets():
    text = "Letter of the Security Council on the establishment of UNOWA (S/2013/10)\n"
    assert acts(text, None) == {("UNOWA", "establishedBy", "S/2013/10", None)}


def test_a_verb_acting_on_something_else_named_before_the_mission():
    text = (
        "Adopting resolution 2100 (2013), the Council decided to extend its authorization of "
        "the forces supporting MINUSMA until 30 June 2014.\n"
    )
    assert acts(text, None) == set()


def test_the_resolution_on_establishing_a_mission():
    text = "重申其2013年4月25日关于设立马里稳定团的第2100(2013)号决议，\n"
    assert acts(text, None) == {("MINUSMA", "establishedBy", "S/RES/2100(2013)", None)}
