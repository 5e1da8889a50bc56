"""Extraction never raises on hostile text, and every offset slices back (hypothesis).

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
    from fuzz import FRAGMENTS, check, report_texts
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
