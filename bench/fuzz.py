"""Fuzz extraction with hypothesis for a while, outside CI; or fuzz whole files.

    python bench/fuzz.py [--minutes 3] [--seed N]
    python bench/fuzz.py --files [--minutes 10] [--case-seconds 240] [--seed N] [--scale 1]

Texts are arbitrary Unicode mixed with fragments that stress the recognizers: malformed UN
symbols (S/RES/, 第 2690(2023 号, resolution 12 (20 …), unbalanced parentheses and quotes in
both scripts, abbreviation definitions cut short, names from the reference data, numbered
paragraphs, headings, page breaks. The property (`check`): `extract_text` returns a report, or
raises `ReadError` only for text that is blank or looks binary; every mention's offsets slice
the report text back to the mention, and every relation's offsets span its evidence (exactly
for one-segment units; a unit joined across a break skips what lies between). The CI version
is tests/robustness/test_robust_fuzz.py (200 cases); this runs batches of 1,000 with fresh
seeds until the time is up and prints how many cases it tried.

`--files` reads and extracts whole files instead (`file_check`): first the hostile files of
issue #22 at full size (`--scale 4` makes them 4 times smaller), then random ones
(`bench/hostile.py`: unbalanced HTML in several encodings, DOCX with random paragraphs,
tables, headers, footers and cut XML, DOCX and PDF bytes mutated, text in the encodings users
meet and random bytes). Each file runs in a worker process; a file that takes longer than
`--case-seconds` is a hang (the worker is killed and replaced), an exception other than
`ReadError` is a traceback. It prints the counts per kind and exits 1 on any traceback or hang.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from unkg.extract.pipeline import extract_document, extract_text
from unkg.extract.read import ReadError, read_bytes

FRAGMENTS = [
    # symbols, whole and broken
    "S/RES/2690(2023)",
    "S/RES/",
    "S/RES/2690 (2023",
    "S/2023/1000/Add.",
    "A/77/",
    "A/RES/77/302",
    "A//RES//",
    "ST/SGB/2019/8",
    "S/PRST/2022/",
    "第 2690(2023)号决议",
    "第 2690(2023",
    "第 2320(2016)号和第 2378(",
    "第 77/ 号决议",
    "第77/302号决定",
    "resolution 2690 (2023)",
    "resolution 12 (20",
    "resolutions 2320 (2016) and",
    "decision 77/",
    "（2023）",
    # parentheses and quotes, balanced or not
    "(",
    ")",
    "（",
    "）",
    "((((",
    "))))",
    "《",
    "》",
    "《联合国宪章",
    "“",
    "”",
    "“一带一路”倡议",
    "“倡议",
    # abbreviation definitions, whole and cut short
    "联合国马里多层面综合稳定团(马里稳定团)",
    "联合国马里多层面综合稳定团(",
    "某某全新特派团（新团",
    "United Nations Stabilization Mission (MONUSCO",
    "(MONUSCO)",
    # names
    "联刚稳定团",
    "联合国组织刚果民主共和国稳定特派团",
    "MONUSCO",
    "MINUSMA",
    "刚果民主共和国",
    "马里",
    "中国",
    "发展中国家",
    "Democratic Republic of the Congo",
    "聯合國",
    "安理会",
    "部署于",
    "任务自 2023 年 6 月 30 日起终止",
    # structure
    "\n\n",
    "\n",
    "1. ",
    "\n\n12. ",
    "# ",
    "一. 导言\n\n",
    "\f",
    "注：",
    "亮点",
    "\u3000",
    "\ufeff",
    "\r\n",
    "\u200b",
]


def report_texts(max_parts: int = 40) -> st.SearchStrategy[str]:
    unicode = st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)),  # lone surrogates cannot be UTF-8
        max_size=80,
    )
    part = st.one_of(st.sampled_from(FRAGMENTS), unicode, st.sampled_from(FRAGMENTS))
    return st.lists(part, max_size=max_parts).map("".join)


def _may_refuse(text: str) -> bool:
    """What the reader refuses: blank text, NUL bytes, or more than 5 % control characters."""
    body = text.removeprefix("\ufeff")  # read as UTF-8 with a BOM, which is dropped
    if not body.strip() or "\x00" in text:
        return True
    sample = body[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bool(sample) and controls / len(sample) > 0.05


def check(text: str) -> int:
    """The property; returns the number of mentions checked."""
    try:
        report = extract_text(text)
    except ReadError as exc:
        assert _may_refuse(text), f"refused a readable text: {exc.reason}"
        return 0
    n = 0
    for p in report.paragraphs:
        for m in p.mentions:
            assert report.text[m.start : m.end] == m.text, (m, p.number)
            n += 1
        for r in p.relations:  # evidence of a unit joined from segments skips what lies between
            assert 0 <= r.start <= r.end <= len(report.text), (r, p.number)
            assert _subsequence(r.evidence, report.text[r.start : r.end]), (r, p.number)
    return n


def _subsequence(evidence: str, source: str) -> bool:
    """Every non-space character of `evidence`, in order, within `source`."""
    rest = iter("".join(source.split()))
    return all(c in rest for c in "".join(evidence.split()))


def file_check(name: str, data: bytes) -> str:
    """Read and extract one file: "read" or "refused: <reason>"; any other exception
    propagates (a traceback). The report's offsets must slice its text back."""
    try:
        report = extract_document(read_bytes(data, name))
    except ReadError as exc:
        return f"refused: {exc.reason}"
    for p in report.paragraphs:
        for m in p.mentions:
            assert report.text[m.start : m.end] == m.text, (name, m)
    assert report.coverage.lost == 0, (name, report.coverage)
    return "read"


def _worker(conn) -> None:
    """Run `file_check` on each (name, data) received; send back (outcome, traceback)."""
    import traceback

    from unkg.parallel import warm_up

    warm_up()
    conn.send(("ready", None))
    while True:
        name, data = conn.recv()
        try:
            conn.send((file_check(name, data), None))
        except Exception:
            conn.send(("traceback", traceback.format_exc()))


class _Runner:
    """A worker process that reads files one at a time, replaced when a file hangs it."""

    def __init__(self) -> None:
        self.proc = self.conn = None
        self.start()

    def start(self) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()
        self.conn.recv()  # ready: the pipelines are loaded

    def run(self, name: str, data: bytes, seconds: float) -> tuple[str, str | None, float]:
        t = time.monotonic()
        self.conn.send((name, data))
        if not self.conn.poll(seconds):
            self.proc.kill()
            self.proc.join()
            self.start()
            return "hang", None, time.monotonic() - t
        if not self.proc.is_alive() and not self.conn.poll():
            self.start()
            return "crash", None, time.monotonic() - t
        try:
            outcome, trace = self.conn.recv()
        except EOFError:  # the worker died (killed for memory, a crash in C)
            self.start()
            return "crash", None, time.monotonic() - t
        return outcome, trace, time.monotonic() - t


def fuzz_files(minutes: float, case_seconds: float, seed: int | None, scale: int) -> int:
    """Fixed hostile files, then random ones until the time is up; returns the exit code."""
    import collections

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import hostile

    rng = random.Random(seed)
    runner = _Runner()
    deadline = time.monotonic() + minutes * 60
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    bad = 0
    for kind, name, data in hostile.fixed_cases(scale):
        outcome, trace, took = runner.run(name, data, case_seconds)
        print(f"{name:22} {len(data):>12,} B  {took:7.1f} s  {outcome[:100]}", flush=True)
        counts[kind][outcome.split(":")[0]] += 1
        if outcome in ("hang", "crash", "traceback"):
            bad += 1
            print(trace or "", flush=True)
    n = 0
    while time.monotonic() < deadline:
        case_seed = rng.randrange(2**32)
        kind, name, data = hostile.random_case(random.Random(case_seed))
        outcome, trace, _ = runner.run(name, data, case_seconds)
        counts[kind][outcome.split(":")[0]] += 1
        n += 1
        if outcome in ("hang", "crash", "traceback"):
            bad += 1
            print(f"{outcome} on {kind} (case seed {case_seed}):\n{trace or ''}", flush=True)
    runner.proc.kill()
    for kind, c in sorted(counts.items()):
        print(f"{kind:12} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    total = sum(counts["hostile"].values()) + n
    print(f"{total} files ({n} random) in {minutes:g} min: {bad} tracebacks, hangs or crashes")
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--files", action="store_true", help="fuzz whole files (see above)")
    ap.add_argument("--case-seconds", type=float, default=240.0, help="a hang, for --files")
    ap.add_argument("--scale", type=int, default=1, help="hostile files this many times smaller")
    args = ap.parse_args()
    if args.files:
        sys.exit(fuzz_files(args.minutes, args.case_seconds, args.seed, args.scale))
    rng = random.Random(args.seed)
    cases = mentions = 0
    deadline = time.monotonic() + args.minutes * 60

    @settings(
        max_examples=1000,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(report_texts())
    def run(text: str) -> None:
        nonlocal cases, mentions
        if time.monotonic() > deadline:
            return
        cases += 1
        mentions += check(text)

    start = time.monotonic()
    batches = 0
    while time.monotonic() < deadline:
        seed = rng.randrange(2**32)
        try:
            hypothesis.seed(seed)(run)()  # a fresh seed for every batch
        except Exception:
            print(f"FAILED in batch {batches + 1} (seed {seed}) after {cases} cases", flush=True)
            raise
        batches += 1
    elapsed = time.monotonic() - start
    print(
        f"{cases} cases in {elapsed:.0f} s ({cases / elapsed:.0f}/s, {batches} batches), "
        f"{mentions} mention offsets checked, no failure"
    )


if __name__ == "__main__":
    main()
