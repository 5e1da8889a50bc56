"""Extraction quality does not fall: every headline F1 of the dev corpus (zh and en) and of
our own gold stays within `TOLERANCE` of bench/quality-baseline.json.

Raise the floor after an improvement with `python bench/quality.py --write-baseline`."""

from __future__ import annotations

import sys

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
try:
    import quality
finally:
    sys.path.remove(str(ROOT / "bench"))

CORPUS = quality.CORPUS


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    if not (CORPUS / "score.py").is_file():
        pytest.skip(f"the dev corpus {CORPUS} is absent (CI has ../shared/dev-corpus)")
    return quality.measure(CORPUS)


def test_baseline_covers_every_headline():
    baseline = quality.read_baseline()
    expected = {f"{lang} {name}" for lang in quality.LANGS for name in quality.HEADLINE}
    assert expected | {"gold entities", "gold relations"} <= set(baseline)


@pytest.mark.slow
def test_no_headline_f1_falls_below_the_baseline(figures):
    assert quality.regressions(figures, quality.read_baseline()) == []


def test_a_drop_beyond_the_tolerance_is_a_regression():
    base = {"zh symbols": 0.9, "en mandate": 0.5}
    assert quality.regressions({"zh symbols": 0.895, "en mandate": 0.5}, base) == []
    worse = quality.regressions({"zh symbols": 0.88, "en mandate": 0.5}, base)
    assert len(worse) == 1 and worse[0].startswith("zh symbols")
    assert quality.regressions({"zh symbols": 0.9}, base)  # a figure that vanished fails too
