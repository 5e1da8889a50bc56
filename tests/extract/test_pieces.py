"""Units of bounded size: a report on one line is cut at sentence ends, in linear time."""

from __future__ import annotations

import time

import pytest

from unkg.extract import limits
from unkg.extract.pieces import bounded
from unkg.extract.pipeline import extract_text, pipeline
from unkg.extract.structure import parse_units

SENTENCE = "联合国马里多层面综合稳定团在马里开展工作。"


def nonblank(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE * 2000,  # one line of Chinese sentences
        "The Mission operates in Mali. " * 1500,  # English sentences
        "马" * 45_000,  # no sentence end, no space: cut at the limit
        "word " * 9000,  # no sentence end: cut at a space
        "1. " + SENTENCE * 700 + "\n" + SENTENCE * 900,  # a paragraph over two lines
    ],
    ids=["zh", "en", "no-break", "spaces", "two-segments"],
)
def test_long_units_are_cut_into_bounded_pieces_that_keep_every_character(text):
    limit = 5_000
    units = bounded(parse_units(text), text, limit)
    assert len(units) > 1
    assert all(sum(e - s for s, e in u.segments) <= limit for u in units)
    assert nonblank("".join(u.text(text) for u in units)) == nonblank(text)
    numbers = [u.number for u in units]
    assert len(set(numbers)) == len(numbers)
    assert numbers[1].startswith(numbers[0] + "-part")


def test_cuts_fall_at_sentence_ends():
    text = SENTENCE * 2000
    for unit in bounded(parse_units(text), text, 5_000)[:-1]:
        assert unit.text(text).endswith("。")


def test_short_units_are_left_alone():
    text = "1. 马里稳定团在马里。\n\n2. 第二段。"
    units = parse_units(text)
    assert bounded(units, text, 5_000) == units


def test_a_unit_longer_than_spacys_limit_is_extracted(monkeypatch):
    """`unkg build` reads a file whole: a line over spaCy's max_length (E088) is cut into
    pieces first, so build accepts what `unkg extract` (which reads in blocks) accepts."""
    monkeypatch.setattr(pipeline("zh"), "max_length", 3_000)
    monkeypatch.setattr(limits, "UNIT_CHARS", 2_000)
    report = extract_text(SENTENCE * 1000)
    assert len(report.paragraphs) >= 10
    assert report.coverage.lost == 0
    assert {m.key for m in report.mentions()} >= {"MINUSMA"}


def _timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


@pytest.mark.parametrize(
    "make",
    [
        lambda n: SENTENCE * (n // len(SENTENCE)),  # one line
        # a numbered paragraph, then lines that each continue it (none ends a sentence)
        lambda n: "1. " + "马里稳定团" * 10 + "\n" + "续行没有句号\n" * (n // 7),
    ],
    ids=["one-line", "many-continuation-lines"],
)
def test_structure_and_pieces_are_linear(make):
    """n and 4n in one test: quadratic work takes 16 times as long, linear 4 (bound 8)."""

    def run(text: str) -> None:
        bounded(parse_units(text), text)

    small, large = make(200_000), make(800_000)
    t_small, t_large = _timed(run, small), _timed(run, large)
    assert t_large < 8 * t_small + 0.2, (t_small, t_large)
