"""Every non-blank character lies in a unit or in a skipped block recorded with its reason."""

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import DEV_CORPUS, SEEDS, SHARED

from unkg.extract.model import SKIP_REASONS, Skipped, coverage, nonblank
from unkg.extract.read import read_document
from unkg.extract.structure import Structure, is_resolution_text


def account(text: str):
    structure = Structure(is_resolution_text(text))
    units = structure.units(text)
    skipped = structure.take_skipped()
    return units, skipped, coverage(text, (s for u in units for s in u.segments), skipped)


def test_an_elided_quotation_is_body_text():
    text = "12. 报告指出，“……各方应当克制”，\n并且……继续努力。\n\n13. Next paragraph.\n"
    units, skipped, cov = account(text)
    assert skipped == []
    assert cov.in_units == cov.total
    assert any("并且……继续努力" in u.text(text) for u in units)


def test_a_table_of_contents_is_skipped_with_its_reason():
    text = (
        "目录\n章次\t页次\n一. 导言 .....\t4\n二. 工作 .....\t8\n"
        "三. 一个很长的标题，\n换行之后 ……… 10\n\n1. 正文第一段。\n"
    )
    units, skipped, cov = account(text)
    assert [b.reason for b in skipped] == ["table of contents"]
    block = text[skipped[0].start : skipped[0].end]
    assert block.startswith("目录") and block.endswith("10")
    assert [u.number for u in units] == ["1"]
    assert cov.lost == 0 and cov.skipped + cov.in_units == cov.total


def test_a_lone_leader_line_is_kept():
    text = "Annex ........ 12\n\n1. The Council met.\n"
    units, skipped, _ = account(text)
    assert skipped == []
    assert units[0].text(text) == "Annex ........ 12"


def test_skip_reasons_are_a_closed_vocabulary():
    assert Skipped(0, 1, "web navigation").reason in SKIP_REASONS
    try:
        Skipped(0, 1, "boring")
    except ValueError as exc:
        assert "boring" in str(exc)
    else:
        raise AssertionError("an unknown reason was accepted")


LINE = st.one_of(
    st.text(st.sampled_from("abc 一二。，,.…\t#*0123456789¹"), max_size=30),
    st.sampled_from(["目录", "Contents", "1. 段落。", "## ", "A. Heading", "一. 导言 ....\t4"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=25), st.sampled_from(["\n", "\n\n", "\f"]))
def test_no_text_is_lost_silently(lines, sep):
    text = sep.join(lines)
    units, skipped, cov = account(text)
    assert cov.lost == 0
    spans = sorted([s for u in units for s in u.segments] + [(b.start, b.end) for b in skipped])
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start  # nothing counted twice


# Skipped blocks that may hold real characters of a text: furniture, never its prose.
FURNITURE = {"web navigation", "table of contents"}
_SENTENCE = re.compile(
    r"[\u4e00-\u9fff，,]{12,}[。！？]|(?:\b[A-Za-z]+,?\s+){6,}[A-Za-z]+[.!?](?:\s|$)"
)


def corpus_texts() -> list[Path]:
    texts = sorted((DEV_CORPUS / "raw").glob("*/*.txt")) + sorted(SEEDS.glob("*.txt"))
    if not texts:
        pytest.skip(f"{SHARED} is absent (CI and developers have ../shared beside the repo)")
    return texts


def test_every_character_of_the_seeds_and_the_dev_corpus_is_accounted_for():
    """≥ 99.5 % of the non-blank characters outside web navigation and tables of contents
    lie in units; nothing is lost; no skipped block holds a sentence."""
    short = []
    for path in corpus_texts():
        text = read_document(path).text
        _units, skipped, cov = account(text)
        assert cov.lost == 0, path.name
        assert {b.reason for b in skipped} <= FURNITURE, path.name
        for b in skipped:
            block = text[b.start : b.end]
            assert not _SENTENCE.search(block), f"{path.name}: {b.reason} holds {block!r}"
        furniture = sum(nonblank(text[b.start : b.end]) for b in skipped)
        if cov.in_units < 0.995 * (cov.total - furniture):
            short.append(path.name)
    assert short == []


_SPACED = st.text(alphabet=st.sampled_from("ab \t\n\u3000\xa0中"), max_size=60)


@given(
    _SPACED,
    st.lists(st.tuples(st.integers(-3, 70), st.integers(-3, 70)), max_size=8),
)
@settings(max_examples=300, deadline=None)
def test_coverage_counts_as_the_plain_count_does(text, segments):
    """`coverage` counts the text from its segments and the gaps between them when the
    segments lie apart: the same count as the whole text's, for any segments (apart,
    overlapping, reversed or out of the text)."""
    got = coverage(text, segments, [])
    assert got.total == nonblank(text)
    assert got.in_units == sum(nonblank(text[s:e]) for s, e in segments)
