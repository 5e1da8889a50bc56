"""Structure: paragraph numbers, headings, footnotes, boxes, joined paragraphs."""

from collections import Counter
from pathlib import Path

import pytest

from unkg.extract.model import Skipped
from unkg.extract.structure import parse_units

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def units(text: str, skip: list[Skipped] | tuple = ()):
    return {u.number: u for u in parse_units(text, skip)}


def test_fixture_structure():
    text = (DATA / "mini-zh.txt").read_text(encoding="utf-8")
    us = units(text)
    assert [n for n, u in us.items() if u.kind == "paragraph"] == ["1", "2", "3", "4"]
    # Paragraph 2 is interrupted by footnote 1 and joined again.
    p2 = us["2"]
    assert len(p2.segments) == 2
    assert p2.text(text).endswith("而发展中国家的代表也参加了会议。")
    assert us["fn1"].kind == "footnote" and us["fn1"].anchor == "2"
    box = next(u for u in us.values() if u.kind == "box")
    assert "“以行动促维和”倡议继续指导" in box.text(text)
    assert us["1"].section == ("秘书长关于马里和中非共和国局势的报告", "一. 导言")
    assert us["2"].section[-1] == "A. 政治局势"


def test_resolution_paragraphs_are_preambular_and_operative():
    text = (
        "第 2999(2099)号决议\n\n安全理事会，\n\n回顾其以往各项决议，\n\n"
        "1. 决定延长联刚稳定团的任务；\n\n2. 请秘书长提出报告。\n"
    )
    kinds = {n: u.kind for n, u in units(text).items()}
    assert kinds["t1"] == "text"  # 安全理事会， opens the resolution
    assert kinds["PP1"] == "preamble"
    assert kinds["OP1"] == "operative" and kinds["OP2"] == "operative"


def test_seed_2020_paragraphs(seed_2020):
    text = seed_2020.read_text(encoding="utf-8")
    us = parse_units(text)
    numbers = [int(u.number) for u in us if u.kind == "paragraph"]
    assert numbers == list(range(1, 133))
    p7 = next(u for u in us if u.number == "7")
    assert len(p7.segments) == 2  # split by footnote 1, joined again
    assert "1870" in p7.text(text)
    fn1 = next(u for u in us if u.number == "fn1")
    assert fn1.anchor == "6"
    assert Counter(u.kind for u in us)["box"] >= 14


def test_seed_2023_paragraphs(seed_2023):
    text = seed_2023.read_text(encoding="utf-8")
    us = parse_units(text)
    numbers = [int(u.number) for u in us if u.kind == "paragraph"]
    assert numbers == list(range(1, 170))
    feet = {u.number: u.anchor for u in us if u.kind == "footnote"}
    assert set(feet) >= {"fn1", "fn2", "fn3", "fn4", "fn5"}
    assert all(anchor for anchor in feet.values())


@pytest.mark.parametrize("text", ["", "\n\n\n", "。。。", "(((", "1.", "# ", "<sup>1</sup>"])
def test_degenerate_text_does_not_crash(text):
    for u in parse_units(text):
        assert 0 <= u.start <= u.end <= len(text)


def test_hard_wrapped_english_keeps_the_space_between_words():
    text = (
        "1. In the period under review the Security Council recalled its\n"
        "resolutions on the region and, by its resolution\n"
        "2999 (2031), extended the mission.\n\n2. Next paragraph.\n"
    )
    p1 = units(text)["1"]
    assert p1.text(text) == text[p1.start : p1.end]  # one slice of the document
    assert "its\nresolutions" in p1.text(text) and "resolution\n2999 (2031)" in p1.text(text)


@pytest.mark.parametrize(
    "between",
    ["\n\n", "\n\f\n", "\n\nS/2031/12\n\f\n"],  # a blank line, a page break, a running header
    ids=["blank-line", "page-break", "furniture"],
)
def test_english_copied_from_a_pdf_keeps_words_apart_where_pages_join(between):
    """A paragraph of a TXT copied from a PDF continues after a blank line or a page (and
    its running header): the pieces are segments of one unit, and the words at the join
    stay apart (the line break that ends the first piece is kept with it)."""
    text = (
        "1. In the period under review the Security Council recalled its"
        f"{between}resolutions on the region and extended the mission.\n"
    )
    skip = []
    if "S/2031" in between:
        start = text.index("S/2031")
        skip = [Skipped(start, start + len("S/2031/12"), "running header")]
    p1 = units(text, skip)["1"]
    body = "".join(text[s:e] for s, e in p1.segments)
    assert len(p1.segments) == 2
    assert "itsresolutions" not in body and "its\nresolutions" in body
    assert "S/2031" not in body


def test_chinese_wrapped_lines_join_without_a_gap():
    first = (
        "1. 在本报告所述期间，安全理事会在审议了秘书长的报告和各方的意见之后决定延长联合国驻某地"
    )
    text = first + "\n特派团的任务期限至明年。\n"
    p1 = units(text)["1"]
    assert p1.text(text) == first + "特派团的任务期限至明年。"
    assert len(p1.segments) == 2


def test_a_resolution_header_without_its_year_and_one_unit_per_preambular_paragraph():
    text = (
        "联合国安理会第2997号决议\n2031年5月2日安全理事会第9997次会议通过\n"
        "联合国安理会第2998(2031)号决议 |\n\n安全理事会\n\n回顾其以往各项决议\n"
        "又回顾其主席声明，\n深表关切\n地注意到局势，\n1. 决定延长任务期限；\n"
    )
    us = parse_units(text)
    kinds = [(u.kind, u.text(text)) for u in us]
    assert [t for _, t in kinds[:3]] == [
        "联合国安理会第2997号决议",
        "2031年5月2日安全理事会第9997次会议通过",
        "安全理事会",
    ]
    assert all(k != "preamble" for k, _ in kinds[:3])
    preamble = [t for k, t in kinds if k == "preamble"]
    assert preamble == ["回顾其以往各项决议又回顾其主席声明，", "深表关切地注意到局势，"]
    assert kinds[-1] == ("operative", "1. 决定延长任务期限；")


def test_a_footnote_marker_after_the_comma_still_ends_a_preambular_paragraph():
    # web copies lose the superscript: the marker is a plain number glued to the comma
    zh = (
        "大会，\n\n审议了秘书长关于某特派团经费的报告1及咨询委员会的报告,2\n\n"
        "回顾其以往各项决议，\n\n1. 决定延长任务期限；\n"
    )
    preamble = [u.text(zh) for u in parse_units(zh) if u.kind == "preamble"]
    assert preamble == [
        "审议了秘书长关于某特派团经费的报告1及咨询委员会的报告,2",
        "回顾其以往各项决议，",
    ]
    en = (
        "The General Assembly,\n\nHaving considered the reports of the Advisory Committee,3\n"
        "Recalling section 3.2\nof its resolution,\n\n1. Decides to extend the mandate;\n"
    )
    preamble = [u.text(en) for u in parse_units(en) if u.kind == "preamble"]
    assert preamble == [
        "Having considered the reports of the Advisory Committee,3",
        "Recalling section 3.2\nof its resolution,",  # 3.2 is no marker: the line wraps
    ]


def test_a_sentence_case_title_over_a_paragraph_on_one_line_is_its_own_unit():
    body = (
        "The Example Mission (EXMIS) was set up by resolution 2999 (2031) on 1 May 2031 to"
        " support the peace process, the protection of civilians and the rule of law."
    )
    text = "Supporting peace, the rule of law and regional cooperation\n" + body + "\n"
    assert [u.text(text) for u in parse_units(text)][-1] == body
    # a hard-wrapped paragraph, and a web copy whose link broke a line, stay whole
    wrapped = (
        "The Council decided to extend the mandate of the Mission until 30 June 2032 and\n"
        "requested the Secretary-General to report on the situation every three months.\n"
        "Having considered the report, by its resolution\n"
        "2999 (2031) of 1 May 2031 the Council welcomed the work of the Mission on the ground"
        " and its support to the Government in the preparations for elections.\n"
    )
    assert len(parse_units(wrapped)) == 2


def test_an_english_resolution_in_capitals_is_a_resolution():
    text = (
        "RESOLUTION 2996 (2031)\n\nAdopted by the Security Council on 1 May 2031\n\n"
        "The Security Council,\n\nNoting the report of the Secretary-General,\n\n"
        "Recalling its earlier resolutions,\n\n1. Decides to extend the mandate;\n"
    )
    kinds = [u.kind for u in parse_units(text)]
    assert kinds.count("preamble") == 2 and kinds[-1] == "operative"


def test_a_title_case_headline_and_a_navigation_line_are_never_continued():
    text = (
        "Council Extends Mission In Somewhere Until Next Year, Adopting Resolution 2990\n"
        "The Council today decided to extend the mandate of the mission\n"
        "Resolution 2989 (2031) |\n"
        "until the end of next year.\n"
    )
    texts = [u.text(text) for u in parse_units(text)]
    assert texts[0].endswith("Resolution 2990")
    assert "The Council today decided to extend the mandate of the mission" in texts
    assert "until the end of next year." in texts
