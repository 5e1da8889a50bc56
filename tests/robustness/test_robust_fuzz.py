"""Extraction never raises on hostile text, and every offset slices back (hypothesis); whole
hostile and random files are read or refused with a `ReadError`, never anything else.

The strategy and the property live in bench/fuzz.py, which runs the same check with a much
bigger budget outside CI (see docs/robustness.md for its last count).
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, given, settings
from robust_helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
try:
    import hostile
    from fuzz import FRAGMENTS, check, file_check, report_texts
finally:
    sys.path.remove(str(ROOT / "bench"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_texts())
def test_extraction_of_hostile_text(text):
    check(text)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_fragment_alone_and_repeated(fragment):
    check(fragment)
    check(("1. " + fragment + "马里稳定团在马里。\n\n") * 3)
    check(fragment * 200)


def test_deeply_unbalanced_parentheses():
    check("联合国" + "(" * 5000 + "马里稳定团" + ")" * 10)
    check("（" * 3000 + "第 2690(2023)号决议" + "）" * 3001)
    check("S/RES/" * 2000)


@pytest.mark.parametrize("case", list(hostile.fixed_cases(scale=50)), ids=lambda c: c[1])
def test_each_hostile_file_is_read_or_refused_clearly(case):
    _, name, data = case
    outcome = file_check(name, data)
    assert outcome == "read" or outcome.startswith("refused: "), outcome


def test_random_files_are_read_or_refused_clearly():
    """40 random files (HTML, DOCX, mutated DOCX and PDF bytes, encoded text): `file_check`
    raises on anything but a `ReadError`; bench/fuzz.py --files runs thousands."""
    import random

    outcomes = []
    for seed in range(40):
        _, name, data = hostile.random_case(random.Random(seed))
        outcomes.append(file_check(name, data))
    assert "read" in outcomes and any(o.startswith("refused") for o in outcomes)
