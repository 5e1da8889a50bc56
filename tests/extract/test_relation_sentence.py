"""The screened patterns of the relation rules: searched only where a literal they need occurs,
they must find exactly what the pattern alone finds."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.acts import ADOPTING
from unkg.extract.relation_mandates import _ITS_MANDATE
from unkg.extract.relation_sentence import (
    _CASED,
    _SENTENCE_END,
    _SENTENCE_END_NO_CELLS,
    MISSION_PRONOUN,
    RESOLUTION_PRONOUN,
    Screened,
    effective_date,
)

# fmt: off
_PIECES = [
    "the ", "The ", "the Mission", "The Force", "the Operation", "the Special Political Mission",
    "the political Mission", "the peacekeeping Force", "the Peacekeeping Operation", "Mission",
    "Force", "Operations", "Missions", "the mandate", "its mandate", "mandate of", " of",
    "mandates", "该特派团", "该团", "该部队", "任务期限", "任期", "任务", "Special ", "its", "s",
    " ", ", ", ".", "x", "adopt", "Adopting", "ADOPTED", "adopts", " resolution", " Resolution",
    "\nresolution", "readopted", "ADOPT", "\u0130", "\u017f", "Adopting Resolution",
    "adopted resolution", "ADOPTS\nRESOLUTION", "adopts reſolution", "that resolution",
    "this resolution", "the same resolution", "该决议", "上述决议", "决议", "该项决议", "这项",
]
# fmt: on


def _spans(pattern, text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, pos, endpos)]


@pytest.mark.parametrize("screened", [MISSION_PRONOUN, _ITS_MANDATE, ADOPTING, RESOLUTION_PRONOUN])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=20), st.integers(0, 15), st.integers(0, 15))
def test_a_screened_pattern_finds_what_its_pattern_finds(screened: Screened, pieces, a, b):
    text = "".join(pieces)
    pos, endpos = min(a, len(text)), max(0, len(text) - b)
    for start, end in ((0, len(text)), (pos, endpos)):
        assert _spans(screened, text, start, end) == _spans(screened.pattern, text, start, end)
        found, expected = (
            screened.search(text, start, end),
            screened.pattern.search(text, start, end),
        )
        assert (found and found.span()) == (expected and expected.span())


def test_a_text_without_the_literals_is_not_searched():
    """What the screen is for: a sentence that names no mission noun is not searched at all."""
    assert not MISSION_PRONOUN.holds("the Council noted the report of the Secretary-General")
    assert MISSION_PRONOUN.holds("the Council thanked the Mission")


def test_ignoring_case_the_needs_are_spelled_with_every_character_that_matches():
    """A need of a case-insensitive pattern is spelled as classes of the characters that match
    each letter when case is ignored: every such character of Unicode must be among them."""
    letter = re.compile("[a-z]", re.I)
    matching = {chr(c) for c in range(sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert matching == set(_CASED)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "A", " ", ".", "\n", "- ", "(a) ", "|", " |", "。", "1"])))
def test_sentence_ends_without_cells_are_the_ends_of_a_text_without_a_cell(pieces):
    """A text without " | " is split by the pattern that has no table-row ends: where the
    full pattern finds the same ends."""
    text = "".join(pieces)
    if " | " in text:
        return
    full = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert [m.span() for m in _SENTENCE_END_NO_CELLS.finditer(text)] == full


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("until 9 July 2031", "2031-07-09"),
        ("至2031年7月9日", "2031-07-09"),
        ("至二〇三一年七月九日", "2031-07-09"),
        ("until 31 February 2031", None),  # no calendar's day: an OCR slip, not a date
        ("至2031年2月30日", None),
        ("for six months", None),
    ],
)
def test_effective_date_is_a_calendar_day(text, date):
    assert effective_date(text) == date
