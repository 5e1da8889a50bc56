"""Linking names to reference entities the way UN texts of every period write them: names
read as of the report's date, demonyms, personal names, unfamiliar full names before a
known short form, damaged spellings, non-UN operations and the UN's principal organs.
Every sentence here is written for the test."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.gazetteer import (
    _HYPHENATED,
    _LINE_OR_RUN,
    _LOOSE_SPACE,
    _WORD_CHARS,
    Gazetteer,
    _bounded,
    _respaced,
    _single_spaced,
    headline_name,
)
from unkg.extract.model import ReportMeta
from unkg.extract.naming import _LATIN_NAME, _NAME_CHARS, _latin_name
from unkg.extract.pipeline import extract_text, names_date
from unkg.extract.textnorm import match_text
from unkg.ontology.reference import load_reference


def found(text: str, date: str | None = None, lang: str | None = None) -> list[tuple]:
    lang = lang or ("en" if text.isascii() else "zh")
    report = extract_text(text, meta=ReportMeta(date=date, language=lang))
    return [(m.text, m.type, m.key, m.distance) for p in report.paragraphs for m in p.mentions]


def keys(text: str, date: str | None = None) -> set[tuple[str, str]]:
    return {(t, k) for _, t, k, _ in found(text, date)}


@pytest.mark.parametrize(
    ("text", "date", "expected"),
    [
        ("1. 秘书长报告了联合国紧急部队的部署。\n", "1960-05-02", ("Mission", "UNEF-I")),
        ("1. 秘书长报告了联合国紧急部队的部署。\n", "1975", ("Mission", "UNEF-II")),
        ("1. The United Nations Emergency Force withdrew.\n", "1967-05", ("Mission", "UNEF-I")),
        ("1. 东帝汶人民将举行协商。\n", "1999-08-01", ("Territory", "TMP")),  # ISO code then
        ("1. 东帝汶人民将举行协商。\n", "2006-08-01", ("Country", "TLS")),
        ("1. Namibia will hold elections.\n", "1989-04-01", ("Territory", "NAM")),
        ("1. Namibia will hold elections.\n", "1995-04-01", ("Country", "NAM")),
        (
            "1. Noting the plan for an emergency international United Nations Force,\n",
            "1956-11-07",
            ("Mission", "UNEF-I"),
        ),  # its name before it had one
        ("1. 部队撤出刚果共和国。\n", "1961-02-21", ("Country", "COD")),
        ("1. 部队撤出刚果共和国。\n", "2015-02-21", ("Country", "COG")),
    ],
)
def test_a_shared_name_resolves_by_the_date_of_the_report(text, date, expected):
    assert expected in keys(text, date)


def test_a_name_of_its_time_names_nothing_later():
    text = "1. They asked for an emergency international United Nations Force in the region.\n"
    assert not any(t == "Mission" for t, _ in keys(text, "2015-03-01"))


def test_an_organization_is_not_named_before_it_existed():
    text = "1. The AU observers met ECOWAS.\n"
    assert ("Organization", "African Union") in keys(text, "2005-01-01")
    assert ("Organization", "African Union") not in keys(text, "1998-02-10")


def test_without_a_date_a_name_means_what_it_means_today():
    assert ("Country", "TLS") in keys("1. 东帝汶人民将举行协商。\n")
    assert ("Country", "COG") in keys("1. 部队撤出刚果共和国。\n")


def test_former_states_keep_their_own_codes():
    text = "1. The Soviet Union, Yugoslavia and Czechoslovakia voted; Zaire abstained.\n"
    assert {k for t, k in keys(text, "1985") if t == "Country"} == {"SUN", "YUG", "CSK", "ZAR"}


def test_english_demonyms_name_the_country():
    text = "1. The Afghan people and the Lebanese armed forces met Greek Cypriot leaders.\n"
    assert {k for t, k in keys(text) if t == "Country"} == {"AFG", "LBN", "CYP"}


def test_a_country_name_inside_a_transliterated_personal_name_is_not_a_country():
    text = "1. 特使阿卜杜马里亚诺先生访问了马里和乍得。\n"
    mentions = found(text)
    assert [(m[0], m[2]) for m in mentions if m[1] == "Country"] == [
        ("马里", "MLI"),
        ("乍得", "TCD"),
    ]


def test_an_unfamiliar_full_name_before_a_known_short_form_links_to_the_known_mission():
    zh = found("1. 安理会赞扬联合国刚果新稳定特派团(联刚稳定团)的工作。\n", "2012")
    variant = [m for m in zh if m[0] == "联合国刚果新稳定特派团"]
    assert variant and variant[0][1:3] == ("Mission", "MONUSCO") and variant[0][3] > 0
    ocr = found(
        "1. The United Netions Good Offices Mission in Afghanistan and Pakistan (UNGOMAP).\n"
    )
    assert (
        "United Netions Good Offices Mission in Afghanistan and Pakistan",
        "Mission",
        "UNGOMAP",
        1,
    ) in ocr
    en = found(
        "1. The United Nations Mission for Stabilisation of Chad and the Central African "
        "Republic (MINURCAT) deployed.\n",
        "2008",
    )
    minted = [m for m in en if m[1] == "Mission" and m[2] != "MINURCAT"]
    assert minted == []
    assert any(m[2] == "MINURCAT" and m[0].startswith("United Nations Mission") for m in en)


def test_a_damaged_spelling_of_a_known_mission_links_with_its_edit_distance():
    mentions = found("1. The United Nati0ns Observer Mision in Georgla (UNOM) reported.\n")
    hits = [m for m in mentions if m[1] == "Mission"]
    assert hits and all(m[2] == "UNOMIG" for m in hits)
    assert hits[0][0].startswith("United Nati0ns") and hits[0][3] == 3


def test_a_damaged_name_starts_at_a_word_boundary():
    """The scan skips to each "United" and checks the boundary after it: glued to a word
    before it (a line run together), the words are no mission's name."""
    text = "1. Its report on the {}United Nati0ns Observer Mision in Georgla was read.\n"
    assert any(h[3] == 3 for h in found(text.format("")))
    assert not any(h[3] for h in found(text.format("Council")))


def test_non_un_operations_are_organizations_never_missions():
    mentions = found(
        "1. The European Union Rule of Law Mission in Kosovo (EULEX) and the "
        "European Union Advisory Mission in Freedonia (EUAMF) met the Kosovo Force.\n"
    )
    assert not [m for m in mentions if m[1] == "Mission"]
    orgs = {m[2] for m in mentions if m[1] == "Organization"}
    assert {"European Union Rule of Law Mission in Kosovo", "Kosovo Force"} <= orgs
    assert "European Union Advisory Mission in Freedonia" in orgs  # minted, as an organization


@pytest.mark.parametrize(
    "text",
    [
        "1. He met the Head of the Special Monitoring Mission in Freedonia (HSMMF).\n",
        "1. The United NationsTemporary Assistance Mission in Freedonia (UNTAMF) opened.\n",
        "1. The United Nations Mission 1n Freed0nia (UNMF) opened.\n",
    ],
)
def test_titles_and_damaged_text_never_mint_a_mission(text):
    assert not [m for m in found(text) if m[1] == "Mission"]


def test_a_genuine_unknown_un_mission_is_minted():
    mentions = found("1. The United Nations Assistance Mission in Freedonia (UNAMF) opened.\n")
    assert ("United Nations Assistance Mission in Freedonia", "Mission") in {
        (m[0], m[1]) for m in mentions
    }


def test_minted_chinese_names_start_after_the_verb():
    mentions = found("1. 安理会赞扬弗里多尼亚和平监测组织(弗监组织)的工作。\n")
    orgs = [m for m in mentions if m[1] == "Organization"]
    assert (
        orgs and orgs[0][0] == "弗里多尼亚和平监测组织" and orgs[0][2] == "弗里多尼亚和平监测组织"
    )


def test_minted_english_names_leave_an_officers_title_out():
    text = (
        "1. I met the President of the Freedonian Unity Council (FUC) and the Office of the "
        "Freedonian Peace Commissioner (OFPC).\n"
    )
    orgs = {m[0] for m in found(text) if m[1] == "Organization" and " " in m[0]}
    assert orgs == {"Freedonian Unity Council", "Office of the Freedonian Peace Commissioner"}


def test_principal_organs_and_officers_are_organs():
    zh = found("1. 安全理事会请秘书长向大会报告，副秘书长出席。\n")
    assert {m[2] for m in zh if m[1] == "Organ"} == {
        "Security Council",
        "Secretary-General",
        "General Assembly",
    }
    en = found("1. The Secretary-General informed the President of the Security Council.\n")
    assert {m[2] for m in en if m[1] == "Organ"} == {
        "Secretary-General",
        "President of the Security Council",
    }


@pytest.mark.parametrize(
    ("meta", "text", "date"),
    [
        (ReportMeta(date="1975-03-01", symbol="S/RES/1(1946)"), "", "1975-03-01"),
        (ReportMeta(symbol="S/RES/186(1964)"), "", "1964"),
        (ReportMeta(symbol="S/2023/282"), "", "2023"),
        (ReportMeta(), "决议案一六九\n一六九(一九六一).决议案\n", "1961"),
        (ReportMeta(), "RESOLUTION 231 (1966)\nof 15 December 1966", "1966"),
        (ReportMeta(), "The Council met.", None),
    ],
)
def test_names_are_read_as_of_the_report_date_or_the_year_its_head_names(meta, text, date):
    assert names_date(meta, text) == date


def test_a_country_inside_a_defined_name_of_no_modelled_entity_is_not_a_mention():
    text = "1. 安理会谴责争取弗里多尼亚与马里全面解放联盟(弗马解盟)的袭击，并访问了马里。\n"
    mentions = found(text)
    assert [(m[0], m[2]) for m in mentions if m[1] == "Country"] == [("马里", "MLI")]
    assert not [m for m in mentions if m[1] in ("Organization", "Mission")]


def test_a_country_in_an_agreement_title_is_named_and_other_titles_hide_their_names():
    # an agreement's title names its parties, as "Peace Agreement for Mali" does in English;
    # a report's or guideline's title is another document's name
    agreement = "1. 各方应履行《马里与布基纳法索边界和平协定》并支持停火。\n"
    assert {k for t, k in keys(agreement) if t == "Country"} == {"MLI", "BFA"}
    report = "1. 安理会欢迎《关于马里局势的报告》并支持停火。\n"
    assert not {k for t, k in keys(report) if t == "Country"}
    english = "1. Welcomes the Peace Agreement for Mali and Burkina Faso.\n"
    assert {k for t, k in keys(english) if t == "Country"} == {"MLI", "BFA"}


def test_a_name_is_a_name_across_line_breaks_hyphenation_and_spellings():
    gazetteer = Gazetteer.from_reference(load_reference(), ("zh", "en", "fr"))
    text = (
        "The United Nations Peace-\nkeeping Force in Cyprus, the UN Interim Force in\n"
        "Lebanon and the United Nations Organisation Stabilisation Mission in the  Democratic "
        "Republic of\nthe Congo met in Côte d’Ivoire."
    )
    found_keys = [m.target.key for m in gazetteer.find(match_text(text)) if m.target]
    assert found_keys == ["UNFICYP", "UNIFIL", "MONUSCO", "CIV"]


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("United Nations Support Mission in Libya", "Libya Support Mission"),
        ("United Nations Assistance Mission for Iraq", "Iraq Assistance Mission"),
        (
            "United Nations Integrated Peacebuilding Office in the Central African Republic",
            "Central African Republic Integrated Peacebuilding Office",
        ),
        ("United Nations Mission in South Sudan", None),  # "South Sudan Mission": which one?
        ("United Nations Mission for the Referendum in Western Sahara", None),
        ("United Nations Angola Verification Mission I", None),
    ],
)
def test_the_headline_form_of_a_mission_name(name, headline):
    assert headline_name(name) == headline


def test_a_press_headline_names_the_mission_place_first():
    text = "Security Council Extends Mandate of Libya Support Mission for One Year\n"
    assert ("Mission", "UNSMIL") in keys(text, "2030")
    assert ("Country", "LBY") not in keys(text, "2030")  # part of the mission's name


def test_french_country_names_are_not_english_words():
    text = "1. A grenade attack hit Grenada's embassy; Maurice Baril visited Chile.\n"
    assert {k for t, k in keys(text) if t == "Country"} == {"GRD", "CHL"}
    assert [m[0] for m in found(text) if m[1] == "Country"] == ["Grenada", "Chile"]


def test_an_acronym_inside_a_longer_hyphenated_acronym_is_not_a_mention():
    text = "1. The CPD-RDTL and the SPLM-N met AU-UN and UNDP-UNICEF teams; the CPD met.\n"
    assert [m[2] for m in found(text)] == [
        "African Union",
        "United Nations Development Programme",
        "United Nations Children's Fund",
        "Commission on Population and Development",
    ]


def test_an_ocr_damaged_name_in_running_text_links_with_its_distance_and_date():
    text = "1. Decides to set up a United Nations Fmergency Force of personnel.\n"
    assert ("United Nations Fmergency Force", "Mission", "UNEF-II", 1) in found(text, "1973")
    assert ("United Nations Fmergency Force", "Mission", "UNEF-I", 1) in found(text, "1960")
    assert not [m for m in found("1. The United Nations Freedonia Office opened.\n") if m[3]]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -\n\t\u2028A.联", max_size=40))
def test_the_single_spaced_copy_maps_back_to_the_text(text):
    """Every character of the copy the folded names are matched on (white space runs as one
    space, line-end hyphenation joined) comes from the text at the offset `to_text` gives, or
    at its own offset when no way back is given (the copy changed single characters only)."""
    copy, spacing = _single_spaced(text)
    assert not re.search(r"\s{2,}|[\t\n\r\f\v]", copy)
    if spacing is None:
        assert len(copy) == len(text)
    offsets = [i if spacing is None else spacing.to_text(i) for i in range(len(copy))]
    assert offsets == sorted(set(offsets))
    for c, i in zip(copy, offsets, strict=True):
        assert c == text[i] or (c == " " and text[i].isspace())
    # what is left out is white space after the kept space, or a hyphen and the line break after it
    for i in set(range(len(text))) - set(offsets):
        assert text[i].isspace() or (text[i] == "-" and "\n" in text[i : i + 40])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab -\n\t\r\x00\xa0\u2028A.联", max_size=30))
def test_the_copy_of_a_wrapped_unit_is_the_copy_the_substitutions_make(text):
    """A unit whose line breaks, made spaces, leave single spaces only is copied by
    `str.replace`: the same copy the two substitutions make."""
    copy, _spacing = _single_spaced(text)
    expected = _LOOSE_SPACE.sub(" ", _HYPHENATED.sub("", text)) if _respaced(text) else text
    assert copy == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab -\n\t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000A.联", max_size=30))
def test_the_quick_check_for_respacing_agrees_with_its_pattern(text):
    """`_respaced` answers a printable text with `in` tests: as the pattern answers it."""
    assert _respaced(text) == (_LINE_OR_RUN.search(text) is not None)


def test_no_white_space_but_the_space_is_printable():
    """What `_respaced` relies on, for every character Python and its regexes call space."""
    spaces = [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [c for c in map(chr, range(0x110000)) if c.isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="Ab o,f(\n\t'’.-é", max_size=40),
    st.sampled_from(["", "United Nations Mission in Haiti", " of the Sudan", "ab Cd Ef"]),
)
def test_a_latin_name_is_found_as_the_plain_search_finds_it(lead, name):
    """`_latin_name` searches the pattern only from the run of name characters that ends the
    text: the same name as a search of the whole text."""
    before = lead + name
    m = _LATIN_NAME.search(before)
    got = _latin_name(before)
    if m is None:
        assert got is None
    elif got is not None:
        assert got.start >= m.start() and got.text in " ".join(m.group(0).split())
    # the search itself, from where `_latin_name` starts it
    tail = len(before) - _NAME_CHARS.match(before[::-1]).end()
    plain, fast = m, _LATIN_NAME.search(before, tail)
    assert (plain and plain.span()) == (fast and fast.span())


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="aZ9 -.(日月1", min_size=1, max_size=12),
    st.integers(0, 11),
    st.integers(1, 12),
    st.sampled_from(["Mali", "UN", "Mali 1", "日本", "1990"]),
)
def test_a_name_between_non_word_characters_is_bounded(text, start, size, name):
    """What `Gazetteer.find` accepts without calling `_bounded` (no word character on either
    side, a name not starting with 日), `_bounded` accepts too."""
    start, end = min(start, len(text) - 1), min(start + size, len(text))
    before = start == 0 or text[start - 1] not in _WORD_CHARS
    after = end == len(text) or text[end] not in _WORD_CHARS
    if before and after and name[0] != "日":
        assert _bounded(text, start, end, name)
