"""Mandate cues (`unkg.extract.acts`): the word test that spares English text the regexes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract.acts import CUES, cue_matches


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex source (split at `|` outside brackets)."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(pattern):
        if c in "([" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif c in ")]" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    return [*out, pattern[start:]]


@pytest.mark.parametrize(("predicate", "pattern", "words"), CUES)
def test_every_english_alternative_begins_with_one_of_its_cue_words(predicate, pattern, words):
    """`cue_matches` tries a cue on ASCII text only where one of its words starts, so each
    Latin alternative must begin with one of them (a new alternative needs its word)."""
    latin = [
        re.match(r"[A-Za-z ]*", alt.removeprefix(r"\b")).group(0)
        for alt in _alternatives(pattern.pattern)
        if alt.removeprefix(r"\b")[:1].isascii()
    ]
    assert latin, predicate
    for literal in latin:
        assert literal.lower().startswith(words), (predicate, literal)


SENTENCES = [
    "The Council TERMINATES the mandate of UNAMSIL as of 31 December 2005.",
    "By resolution 2690 (2023) the Council ended its mandate; the Mission completed its mandate.",
    "The closure of the Mission and the plan to close down its offices were noted.",
    "The Security Council Extended the mandate until 30 June 2024 (an extension of a year).",
    "It decided to renew and to Prolong the mandate, to set up a Force and to establish a Group.",
    "The Council entrusted it with a new mandate and created an office.",
    "Nothing here acts on anything at all.",
    "安全理事会决定将任务期限延长至2024年6月30日,并终止联合国特派团的任务。",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_cue_matches_finds_what_every_pattern_finds(text):
    expected = [(p, m.span()) for p, pattern, _ in CUES for m in pattern.finditer(text)]
    assert [(p, m.span()) for p, m in cue_matches(text)] == expected
    s, e = 4, len(text) - 3  # a stretch of the text, as the relation rules pass it
    inner = [(p, m.span()) for p, pattern, _ in CUES for m in pattern.finditer(text, s, e)]
    assert [(p, m.span()) for p, m in cue_matches(text, s, e)] == inner


# Pieces English mandate sentences are made of: the cue words in several cases, the words
# that hold them without being one (attend, recommend, "extends"), spaces and punctuation.
# fmt: off
_PIECES = [
    "end", "End", "ends ", "ended ", "end the mandate", "Ended its Mandate", "end to the mandate",
    "the ", "its ", "mandate", " to ", "terminat", "TERMINATE", "completed its mandate",
    "closure", "close down", "Close", "extend", "exten", "sion", "Extension", "renew",
    "prolong", "establish", "set up", "Set Up", "creat", "entrust", "ed a new mandate",
    "recommend", "attend", "agenda", " ", ", ", ".", "(", "a", "x",
    # beyond ASCII: English punctuation and accents, the letters that match Latin ones when
    # case is ignored (ſ, K, İ, ı), Chinese cues
    "’", "—", "é", "\u00a0", "ſet up", "K", "İ", "ı", "终止", "延长", "设立",
]
# fmt: on


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.integers(0, 12), st.integers(0, 12))
def test_cue_matches_is_finditer(pieces, cut_start, cut_end):
    """On English text `cue_matches` tries the patterns only where a cue word starts: it must
    find exactly what `finditer` finds, in the whole text and in a stretch of it."""
    text = "".join(pieces)
    s, e = min(cut_start, len(text)), max(0, len(text) - cut_end)
    for start, end in ((0, len(text)), (s, max(s, e))):
        expected = [
            (p, m.span()) for p, pattern, _ in CUES for m in pattern.finditer(text, start, end)
        ]
        assert [(p, m.span()) for p, m in cue_matches(text, start, end)] == expected
