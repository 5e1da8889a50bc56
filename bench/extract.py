"""Extraction throughput against spaCy's blank tokenizer, both languages in one run.

    python bench/extract.py [--mb 2] [--lang zh|en|both]
    python bench/extract.py --stream --mb 100     # memory: flat on a 100 MB input?

Real UN text, repeated to the requested size: in Chinese the seed reports (../shared/seeds)
and the dev corpus's Chinese excerpts, in English the dev corpus's English excerpts and the
English parallel fixture (tests/data/parallel). For each language it prints characters per
second for (a) ``spacy.blank(lang)``'s tokenizer alone on each paragraph and (b) unkg's whole
extraction (reading, structure, pipeline, result objects), and their ratio. The two are timed
in turn in CPU time, best of `--repeat` each, so a load that changes during the run weighs on
both.
Targets (issue 20): extraction ≥ 0.8 × the tokenizer in Chinese, ≥ 0.4 × in English.
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
SHARED = ROOT.parent / "shared"
# language -> (folder, pattern) of the files its corpus is made of; seeds first (simplified script)
SOURCES = {
    "zh": ((SHARED / "seeds", "*.txt"), (SHARED / "dev-corpus" / "raw" / "zh", "*.txt")),
    "en": (
        (SHARED / "dev-corpus" / "raw" / "en", "*.txt"),
        (ROOT / "tests" / "data" / "parallel", "*.en.txt"),
    ),
}
TARGETS = {"zh": 0.8, "en": 0.4}  # issue 20: extraction / tokenizer


def corpus(mb: float, lang: str = "zh") -> str:
    """The real texts of `lang` (see SOURCES), repeated to `mb` MB (at least once)."""
    paths = [p for folder, glob in SOURCES[lang] for p in sorted(folder.glob(glob))]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if not texts:
        sys.exit(f"no {lang} text to benchmark (looked in {[str(f) for f, _ in SOURCES[lang]]})")
    one = "\n\n".join(texts)
    return "\n\n".join([one] * max(1, int(mb * 1_000_000 / len(one.encode("utf-8")))))


def timed(fn) -> float:
    """CPU seconds of `fn`: on a shared machine the wall clock also counts the time spent
    waiting for a core, which other people's work decides."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def best_in_turn(first, second, repeat: int) -> tuple[float, float]:
    """The best time of each of two functions run in turn `repeat` times."""
    times = [(timed(first), timed(second)) for _ in range(repeat)]
    return min(t for t, _ in times), min(t for _, t in times)


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


def ratio(lang: str, mb: float, repeat: int) -> float:
    """Print extraction against the tokenizer on `mb` MB of `lang`; return the ratio."""
    text = corpus(mb, lang)
    units = [u.text(text) for u in parse_units(text)]
    nlp = spacy.blank(lang)
    pipeline(lang)  # load reference data and build automata before timing
    extract_text(text[:20_000], "bench.txt")
    tok, full = best_in_turn(
        lambda: [nlp.make_doc(u) for u in units],
        lambda: extract_text(text, "bench.txt"),
        repeat,
    )
    chars = len(text)
    tok_cps, full_cps = chars / tok, chars / full
    got = full_cps / tok_cps
    print(
        f"{lang}: {chars:,} characters ({len(text.encode('utf-8')) / 1e6:.1f} MB), "
        f"{len(units):,} units"
    )
    print(f"  spaCy blank {lang} tokenizer only : {tok_cps:12,.0f} chars/s  ({tok:.2f} s)")
    print(f"  unkg extraction (end to end)  : {full_cps:12,.0f} chars/s  ({full:.2f} s)")
    print(f"  ratio extraction / tokenizer  : {got:.2f}  (target ≥ {TARGETS[lang]})")
    return got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of UTF-8 (default 2)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    ap.add_argument("--lang", choices=("zh", "en", "both"), default="both")
    ap.add_argument(
        "--stream",
        action="store_true",
        help="stream a file of --mb/10 and one of --mb MB (as unkg extract --format jsonl "
        "does) and report peak memory",
    )
    args = ap.parse_args()
    if args.stream:
        stream(args.mb, "zh" if args.lang == "both" else args.lang)
        return
    langs = ("zh", "en") if args.lang == "both" else (args.lang,)
    ratios = {lang: ratio(lang, args.mb, args.repeat) for lang in langs}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "ratios: "
        + ", ".join(
            f"{lang} {r:.2f} (≥ {TARGETS[lang]}: {'yes' if r >= TARGETS[lang] else 'NO'})"
            for lang, r in ratios.items()
        )
        + f"; peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
