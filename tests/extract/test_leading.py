"""The line kinds of structure parsing: each `Led` pattern matches what its pattern alone
matches, on any line (it only skips lines that cannot start a match)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract import leading
from unkg.extract.leading import Led

KINDS = {name: v for name, v in vars(leading).items() if isinstance(v, Led)}
# starts of real lines of each kind, and pieces that are none
_PIECES = [
    "# ",
    "### Title",
    "<sup>1</sup> ",
    "¹ ",
    "** ",
    "三. ",
    "第二章 ",
    "A. ",
    "IV. ",
    "Annex II",
    "附件",
    "Figure 3",
    "表二",
    "**Box 1:** ",
    "亮点：",
    "Highlight",
    "Contents",
    "目 录",
    "Page",
    "Chapter Paragraphs",
    "Jump to navigation Jump to search",
    "跳转到导航",
    "The Council",
    " ",
    "1. ",
    "x",
    "\t",
    ".",
]


def test_every_line_kind_is_led():
    assert {"MD_HEADING", "FOOTNOTE", "CHAPTER", "CAPTION", "NAV_SITE", "TOC_HEAD"} <= set(KINDS)


@pytest.mark.parametrize("name", sorted(KINDS))
@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=4), tail=st.text(max_size=8))
def test_a_led_pattern_matches_as_its_pattern(name, pieces, tail):
    line = "".join(pieces) + tail
    led = KINDS[name]
    plain = led.pattern.match(line)
    got = led.match(line)
    assert (got and (got.span(), got.groups())) == (plain and (plain.span(), plain.groups()))
