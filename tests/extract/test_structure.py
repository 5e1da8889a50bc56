"""Structure: paragraph numbers, headings, footnotes, boxes, joined paragraphs."""

from collections import Counter
from pathlib import Path

import pytest

from unkg.extract.structure import parse_units

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def units(text: str):
    return {u.number: u for u in parse_units(text)}


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
