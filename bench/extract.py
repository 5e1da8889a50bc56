"""Extraction throughput against spaCy's blank Chinese tokenizer, measured in one run.

    python bench/extract.py [--mb 10] [--lang zh|en]

Reads the seed reports from ../shared/seeds (or, with --lang en, the English parallel
fixture under tests/data/parallel), repeats them to the requested size, and
prints characters per second for (a) spaCy's tokenizer alone on each paragraph and (b)
unkg's whole extraction (structure, pipeline, result objects), with the ratio.
Targets (issue 4): extraction ≥ 0.5 × tokenizer speed and ≥ 500,000 characters/s.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import spacy

from unkg.extract.pipeline import extract_text, pipeline
from unkg.extract.structure import parse_units

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def corpus(mb: float, lang: str = "zh") -> str:
    """The seed reports (zh) or the English parallel fixture (en), repeated to `mb` MB."""
    if lang == "zh":
        paths = sorted(SEEDS.glob("*.txt"))
    else:
        paths = sorted((ROOT / "tests" / "data" / "parallel").glob("*.en.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        sys.exit(f"no {lang} reports to benchmark (looked in {SEEDS} and tests/data/parallel)")
    one = "\n\n".join(texts)
    return "\n\n".join([one] * max(1, int(mb * 1_000_000 / len(one.encode("utf-8")))))


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def stream(text: str) -> None:
    """Peak memory while streaming: the text and its matching copy, plus a batch of units."""
    from unkg.extract.pipeline import iter_paragraphs, prepare_document
    from unkg.extract.read import read_bytes

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    prepared = prepare_document(read_bytes(text.encode("utf-8"), "bench.txt"))
    start = time.perf_counter()
    n = sum(1 for _ in iter_paragraphs(prepared))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(text.encode("utf-8")) / 1e6
    print(f"streamed {n:,} paragraphs of a {size:.0f} MB report in {seconds:.1f} s")
    print(f"peak RSS {peak:,.0f} MB (before: {base:,.0f} MB); {(peak - base) / size:.1f} MB per MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)"
    )
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument(
        "--stream",
        action="store_true",
        help="stream paragraphs (as unkg extract --format jsonl does) and report peak memory",
    )
    args = ap.parse_args()
    text = corpus(args.mb, args.lang)
    if args.stream:
        stream(text)
        return
    units = [u.text(text) for u in parse_units(text)]
    nlp = spacy.blank(args.lang)
    pipeline(args.lang)  # load reference data and build automata before timing
    extract_text("1. 联刚稳定团在刚果民主共和国。\n")
    extract_text("1. MONUSCO in the Democratic Republic of the Congo.\n")

    tok = best_of(lambda: [nlp.make_doc(u) for u in units], args.repeat)
    full = best_of(lambda: extract_text(text, "bench.txt"), args.repeat)
    chars = len(text)
    tok_cps, full_cps = chars / tok, chars / full
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {chars:,} characters ({len(text.encode('utf-8')) / 1e6:.1f} MB), "
        f"{len(units):,} units"
    )
    print(f"spaCy blank {args.lang} tokenizer only : {tok_cps:12,.0f} chars/s  ({tok:.2f} s)")
    print(f"unkg extraction (end to end)  : {full_cps:12,.0f} chars/s  ({full:.2f} s)")
    print(f"ratio extraction / tokenizer  : {full_cps / tok_cps:.2f}  (target ≥ 0.5)")
    print(f"extraction ≥ 500,000 chars/s  : {'yes' if full_cps >= 500_000 else 'NO'}")
    print(f"peak RSS                      : {peak:,.0f} MB")


if __name__ == "__main__":
    main()
