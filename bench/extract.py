"""Extraction throughput against spaCy's blank Chinese tokenizer, measured in one run.

    python bench/extract.py [--mb 10] [--lang zh|en]
    python bench/extract.py --stream --mb 100     # memory: flat on a 100 MB input?

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


def write_corpus(path: Path, mb: float, lang: str) -> None:
    """The corpus written to `path` piece by piece (never whole in memory)."""
    one = corpus(0, lang)
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(max(1, int(mb * 1_000_000 / len(one.encode("utf-8"))))):
            fh.write(one + "\n\n")


def stream(mb: float, lang: str) -> None:
    """Peak memory of `unkg extract --format jsonl` (`iter_file`: the file read and extracted
    block by block) on a file of 1/10 of `mb`, then on one of `mb`: flat means the second
    adds (almost) nothing to the first's high-water mark."""
    import tempfile

    from unkg.extract.pipeline import iter_file

    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    extract_text("1. 联刚稳定团在刚果民主共和国。\n")  # pipelines and reference data loaded
    extract_text("1. MONUSCO in the Democratic Republic of the Congo.\n")
    base = rss()
    print(f"peak RSS before: {base:,.0f} MB (pipelines and reference data loaded)")
    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (mb / 10, mb):
            path = Path(tmp) / f"report-{size:g}mb.txt"
            write_corpus(path, size, lang)
            real = path.stat().st_size / 1e6
            start = time.perf_counter()
            _slug, _meta, paragraphs = iter_file(path)
            n = mentions = 0
            for p in paragraphs:
                n += 1
                mentions += len(p.mentions)
            seconds = time.perf_counter() - start
            peaks.append(rss())
            print(
                f"{real:6.1f} MB file: {n:,} paragraphs, {mentions:,} mentions in {seconds:.1f} s; "
                f"peak RSS {peaks[-1]:,.0f} MB (+{peaks[-1] - base:,.0f} MB)"
            )
            path.unlink()
    grew = peaks[1] - peaks[0]
    flat = "yes" if grew < 0.1 * mb else "NO"
    print(
        f"memory flat: a 10x larger input raised the peak by {grew:,.0f} MB "
        f"({grew / (0.9 * mb):.2f} MB per extra MB of input; target: flat: {flat})"
    )


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
        help="stream a file of --mb/10 and one of --mb MB (as unkg extract --format jsonl "
        "does) and report peak memory",
    )
    args = ap.parse_args()
    if args.stream:
        stream(args.mb, args.lang)
        return
    text = corpus(args.mb, args.lang)
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
