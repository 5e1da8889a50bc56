"""Extraction quality in one run: the dev corpus (zh and en) and our own gold, one table.

    python bench/quality.py                   # the table, and how it compares to the baseline
    python bench/quality.py --errors          # also every false positive / negative of the corpus
    python bench/quality.py --write-baseline  # commit the figures as the new floor

The dev corpus (../shared/dev-corpus) is scored with its own `score.py` (imported, so the
gold conventions and the matching are exactly the ones `score.py --unkg` applies), but the
extraction runs in-process (one pipeline per language instead of one CLI start per file).
Our own gold is `unkg eval tests/gold`. The headline figures are compared with
bench/quality-baseline.json; tests/extract/test_quality.py fails when one falls more than
`TOLERANCE` below it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import warnings
from pathlib import Path
from types import ModuleType

from unkg.extract.evaluate import evaluate
from unkg.extract.pipeline import iter_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "dev-corpus"
BASELINE = ROOT / "bench" / "quality-baseline.json"
GOLD = ROOT / "tests" / "gold"
GOLD_SEARCH = (
    ROOT / "examples" / "reports",
    ROOT / "tests" / "data" / "parallel",
    ROOT.parent / "shared" / "seeds",
)
LANGS = ("zh", "en")
TOLERANCE = 0.01  # a headline F1 may fall this much below the baseline before the test fails
# headline name -> (score.py field, mode)
HEADLINE = {
    "missions": ("missions", "strict"),
    "countries": ("countries", "strict"),
    "symbols": ("resolutions", "strict"),
    "mission-country": ("mission_country", "strict"),
    "mandate": ("mandate", "strict"),
    "programmes lenient": ("programmes", "lenient"),
}


def load_scorer(corpus: Path = CORPUS) -> ModuleType:
    """The corpus's own score.py, imported (never copied) so its rules stay the only ones."""
    path = corpus / "score.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is absent: the dev corpus lives in ../shared/dev-corpus")
    spec = importlib.util.spec_from_file_location("dev_corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_run(
    scorer: ModuleType, lang: str, corpus: Path = CORPUS, only: str = ""
) -> tuple[list, list]:
    """Gold paragraphs and predictions for every raw file of `lang` (whose path starts with
    `only`), extracted in-process with the records `unkg extract --format jsonl` writes."""
    golds, preds = [], []
    with warnings.catch_warnings():  # score.py leaves its gold files to the garbage collector
        warnings.simplefilter("ignore", ResourceWarning)
        gold = scorer.load_gold(lang, str(corpus))
    for raw, paras in sorted(gold.items()):
        if not raw.startswith(only):
            continue
        path = corpus / raw
        spans = scorer.locate(path.read_text(encoding="utf-8-sig"), paras)
        slug, meta, paragraphs = iter_file(path)
        records = [p.to_json(slug, meta.language or "zh") for p in paragraphs]
        golds += paras
        preds += scorer.predictions_for(records, spans)
    return golds, preds


def errors(scorer: ModuleType, golds: list, preds: list) -> list[str]:
    """score.py's --errors lines: false positives and negatives per paragraph and field."""
    lines = []
    for g, p in zip(golds, preds, strict=True):
        for f in scorer.FIELDS:
            if f in scorer.OPTIONAL and f not in g:
                continue
            gs = {scorer.norm(f, x) for x in g.get(f, [])}
            opt = set()
            for extra in scorer.LENIENT_EXTRA.get(f, []):
                opt |= {scorer.norm(f, x) for x in g.get(extra, [])}
            ps = p.get(f, set())
            fp, fn = sorted(map(str, ps - gs - opt)), sorted(map(str, gs - ps))
            if fp or fn:
                lines.append(f"{g['doc']}:{g['para']} {f} FP={fp} FN={fn}")
    return lines


def measure(corpus: Path = CORPUS, show_errors: bool = False) -> dict[str, float]:
    """Every headline F1 as `{"<lang> <name>": f1}`, plus our own gold's entity and
    relation F1 (`gold entities`, `gold relations`); rounded to 3 places."""
    scorer = load_scorer(corpus)
    out: dict[str, float] = {}
    for lang in LANGS:
        golds, preds = corpus_run(scorer, lang, corpus)
        if show_errors:
            print("\n".join(errors(scorer, golds, preds)))
        by_mode = {mode: scorer.score(golds, preds, mode) for mode in ("strict", "lenient")}
        for name, (field, mode) in HEADLINE.items():
            out[f"{lang} {name}"] = round(by_mode[mode][field][2], 3)
    own = evaluate(GOLD, GOLD_SEARCH)
    out["gold entities"] = round(own.total("entities").f1, 3)
    out["gold relations"] = round(own.total("relations").f1, 3)
    return out


def read_baseline(path: Path = BASELINE) -> dict[str, float]:
    return json.loads(path.read_text(encoding="utf-8"))


def write_baseline(figures: dict[str, float], path: Path = BASELINE) -> None:
    """Write atomically: a half-written baseline would fail every later run."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def regressions(figures: dict[str, float], baseline: dict[str, float]) -> list[str]:
    """Each figure more than TOLERANCE below its baseline (a missing figure counts as 0)."""
    return [
        f"{key}: {figures.get(key, 0.0):.3f} < baseline {base:.3f} - {TOLERANCE}"
        for key, base in sorted(baseline.items())
        if figures.get(key, 0.0) < base - TOLERANCE
    ]


def table(figures: dict[str, float], baseline: dict[str, float]) -> str:
    """A Markdown table: one row per headline, zh and en side by side, then our own gold."""
    rows = ["| field | zh | en | baseline zh | baseline en |", "|---|---|---|---|---|"]
    for name in HEADLINE:
        cells = [f"{figures[f'{lang} {name}']:.3f}" for lang in LANGS]
        base = [
            f"{baseline[f'{lang} {name}']:.3f}" if f"{lang} {name}" in baseline else "–"
            for lang in LANGS
        ]
        rows.append(f"| {name} | {' | '.join(cells)} | {' | '.join(base)} |")
    for name in ("gold entities", "gold relations"):
        base = f"{baseline[name]:.3f}" if name in baseline else "–"
        rows.append(f"| tests/gold {name.split()[1]} | {figures[name]:.3f} | | {base} | |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--errors", action="store_true", help="list the corpus's false positives and negatives"
    )
    ap.add_argument(
        "--write-baseline", action="store_true", help=f"write the figures to {BASELINE.name}"
    )
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="the dev corpus folder")
    a = ap.parse_args()
    try:
        figures = measure(a.corpus, a.errors)
    except FileNotFoundError as exc:
        sys.exit(str(exc))
    baseline = read_baseline() if BASELINE.is_file() else {}
    print(table(figures, baseline))
    if a.write_baseline:
        write_baseline(figures)
        print(f"wrote {BASELINE.relative_to(ROOT)}")
        return 0
    worse = regressions(figures, baseline)
    for line in worse:
        print(f"regression: {line}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
