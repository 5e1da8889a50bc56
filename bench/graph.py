"""Building the graph at scale: the writer against Oxigraph's bulk loader, and the build cost per
report as the store grows.

    python bench/graph.py [--reports 100 1000] [--kb 50] [--reference-max 1000] [--batch N]
        [--dir DIR]

For each size N, makes a synthetic corpus of N reports (bench/synthetic.py) and builds it the way
`unkg build` does, one report at a time: extraction, the quads (RDF generation) and the build's
loader writing them into a fresh on-disk store (with the default graph's merged copy), each
timed. Then, for sizes up to --reference-max, loads the same dataset into fresh stores with
pyoxigraph's `bulk_load`, the references:

- the store's whole content (the named graphs and the merged default graph, dumped as N-Quads):
  the like-for-like reference, since it ends with the same store the writer made, and the
  ratio the target is checked on;
- the exported N-Quads (the named graphs only, as `unkg export` writes them), the reference of
  earlier runs, which leaves the merged copy out and so asks the writer for twice the
  triples the reference loads; printed too, to compare with them.

Prints, per size: the writer's ratio to each `bulk_load` (the bulk load's time over the
writer's, for the same dataset in the same run; target ≥ 1.0), the build cost per report
(extraction + quads + load + the build's wait for compaction at its end, in ms; the writer's
ratio leaves that wait out, as the reference's does) and its ratio to the smallest size (target
≤ 1.1 up to 10,000 reports), the writer's time per report in each tenth of the build (how it
grows with the store), the store's size on disk, the 2-hop aggregation and the peak memory.
Ratios, because absolute rates on a shared machine drift.

Where the CPU goes, per report, over the build and in each tenth (from /proc/self/task): the
main thread (extraction, the quads, the loader's Python), RocksDB's background threads (flushes
and compaction of the ingested batches) and the rest (the loader's write threads). A build ends
by waiting until the store has compacted what it wrote (`Store.settle`, as `unkg build` does),
so builds of every size pay for their own compaction; the benchmark then waits for RocksDB's
threads to stay idle for 3 s and prints any compaction still left behind (CPU, and how long it
ran on; about nothing when the build's wait works), and the cost per report counting it. The
corpora and stores go to a temporary folder in --dir (default: beside this file), removed at the
end.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pyoxigraph import RdfFormat
from pyoxigraph import Store as OxStore
from synthetic import generate

import unkg
from unkg.api import config_hash
from unkg.extract.pipeline import extract_file
from unkg.graph.compaction import settle, threads
from unkg.graph.rdf import report_quads

TWO_HOP = """
SELECT ?country (COUNT(DISTINCT ?report) AS ?reports) (COUNT(DISTINCT ?mission) AS ?missions)
WHERE {
  ?report a unkg:Report ; unkg:mentions ?mission .
  ?mission unkg:operatesIn ?country .
} GROUP BY ?country ORDER BY DESC(?reports)
"""


@dataclass
class Run:
    """The timings of one build of N reports."""

    reports: int
    quads: int = 0
    extract: float = 0.0
    rdf: float = 0.0
    load: float = 0.0
    settle: float = 0.0  # the build's wait, at its end, for the store's compaction
    per_report: list[float] = field(default_factory=list)  # extraction + quads + load
    per_load: list[float] = field(default_factory=list)  # load alone
    wall: float = 0.0  # the whole build
    cpu: float = 0.0  # the process's CPU time over the build, every thread's
    split: Cpu | None = None  # the build's CPU by thread
    left_cpu: float = 0.0  # RocksDB's work after the build: CPU seconds
    left_wall: float = 0.0  # … and the seconds until it ended
    tenths: list[Cpu] = field(default_factory=list)  # CPU by thread in each tenth
    main_tenths: list[tuple[float, float]] = field(default_factory=list)  # extract, quads (s)

    @property
    def cost_ms(self) -> float:
        return 1000 * (self.extract + self.rdf + self.load + self.settle) / self.reports

    @property
    def settled_ms(self) -> float:
        """The cost per report counting any compaction the build still leaves behind."""
        return self.cost_ms + 1000 * self.left_wall / self.reports

    def tenth_ratio(self) -> float:
        """Cost of the last tenth of the reports over the first tenth."""
        k = max(1, self.reports // 10)
        return sum(self.per_report[-k:]) / sum(self.per_report[:k])

    def load_tenths(self) -> list[float]:
        """The writer's ms per report in each tenth of the build."""
        k = max(1, self.reports // 10)
        return [1000 * sum(self.per_load[i : i + k]) / k for i in range(0, self.reports, k)]


@dataclass
class Cpu:
    """CPU seconds of the process so far, split by thread: the main thread (extraction, the
    quads, the loader's Python), RocksDB's background threads (flushes and compaction), and the
    rest (the loader's write threads, which end after each batch, and anything else)."""

    main: float
    store: float
    rest: float

    @classmethod
    def now(cls) -> Cpu:
        main = store = 0.0
        for thread in threads():
            if thread.tid == os.getpid():
                main = thread.cpu
            elif thread.of_store:
                store += thread.cpu
        return cls(main, store, time.process_time() - main - store)

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(self.main - other.main, self.store - other.store, self.rest - other.rest)

    def per_report(self, n: int) -> str:
        return "/".join(f"{1000 * x / n:.0f}" for x in (self.main, self.store, self.rest))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(corpus: list[Path], folder: Path, batch: int) -> tuple[Run, unkg.api.Store]:
    """Extract, make the quads and load them report by report, as `unkg build` does."""
    run = Run(len(corpus))
    cfg = config_hash()
    store = unkg.open_store(folder)
    clock = time.perf_counter
    wall, cpu = clock(), time.process_time()
    start = mark = Cpu.now()
    marked = (0.0, 0.0)
    with store.loader(cfg, batch=batch) as loader:
        for path in corpus:
            t0 = clock()
            report = extract_file(path)
            t1 = clock()
            quads = list(report_quads(report, cfg))
            t2 = clock()
            loader.add_quads(report.slug, quads)
            t3 = clock()
            run.extract, run.rdf, run.load = (
                run.extract + t1 - t0,
                run.rdf + t2 - t1,
                run.load + t3 - t2,
            )
            run.quads += len(quads)
            run.per_report.append(t3 - t0)
            run.per_load.append(t3 - t2)
            done = len(run.per_report)
            if done % max(1, run.reports // 10) == 0:  # progress: a long run reports as it goes
                tenth = run.per_report[-max(1, run.reports // 10) :]
                ms = 1000 * sum(tenth) / len(tenth)
                now = Cpu.now()
                run.tenths.append(now - mark)
                run.main_tenths.append((run.extract - marked[0], run.rdf - marked[1]))
                mark, marked = now, (run.extract, run.rdf)
                print(
                    f"  {done} reports built; the last {len(tenth)}: {ms:.1f} ms/report; CPU "
                    f"ms/report main/store/write {run.tenths[-1].per_report(len(tenth))}; "
                    f"extraction {1000 * run.main_tenths[-1][0] / len(tenth):.1f}, quads "
                    f"{1000 * run.main_tenths[-1][1] / len(tenth):.1f} ms/report",
                    flush=True,
                )
        t0 = clock()
    run.load += clock() - t0  # the last batch and the commit markers, written on exit
    run.per_report[-1] += clock() - t0
    run.per_load[-1] += clock() - t0
    t0 = clock()
    store.settle()  # as `unkg build` does
    run.settle = clock() - t0
    run.wall, run.cpu = clock() - wall, time.process_time() - cpu
    run.split = Cpu.now() - start
    return run, store


def bulk_load_time(nquads: Path, folder: Path) -> tuple[int, float]:
    """(quads, seconds) of pyoxigraph's bulk_load of an N-Quads file into a fresh store."""
    fresh = OxStore(str(folder))
    t0 = time.perf_counter()
    fresh.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    fresh.flush()
    took = time.perf_counter() - t0
    n = len(fresh)
    nquads.unlink()
    return n, took


def references(store, tmp: Path) -> dict[str, tuple[int, float]]:
    """The bulk_load references: the store's whole content, then the exported named graphs."""
    whole = tmp / "whole.nq"
    store.oxigraph.dump(str(whole), RdfFormat.N_QUADS)
    named = tmp / "export.nq"
    unkg.export(store, "nquads", named)
    return {
        "the store's whole content (named graphs + merged default graph)": bulk_load_time(
            whole, tmp / "bulk-load-whole"
        ),
        "the exported N-Quads (named graphs only)": bulk_load_time(named, tmp / "bulk-load-named"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--kb", type=float, default=50.0)
    ap.add_argument(
        "--dir",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="where the temporary corpora and stores go (GBs at 1,000 reports and more)",
    )
    ap.add_argument(
        "--reference-max",
        type=int,
        default=1000,
        help="measure the bulk_load reference up to this many reports (it needs the N-Quads file)",
    )
    ap.add_argument(
        "--batch", type=int, default=100_000, help="the loader's batch, in quads (its default)"
    )
    args = ap.parse_args()
    # A kill ends the run like Ctrl-C does, so the temporary folder (GBs) is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runs: list[Run] = []
    for n in sorted(args.reports):
        with tempfile.TemporaryDirectory(dir=args.dir) as name:
            tmp = Path(name)
            corpus = generate(tmp / "corpus", n, args.kb)
            mb = sum(p.stat().st_size for p in corpus) / 1e6
            print(f"\n{n} reports:", flush=True)
            run, store = build(corpus, tmp / "store", args.batch)
            runs.append(run)
            stored = len(store)
            print(f"{n} reports, {mb:.1f} MB, {run.quads:,} quads ({stored:,} in the store)")
            print(
                f"  extraction {run.extract:.1f} s, quads {run.rdf:.1f} s, "
                f"writer {run.load:.1f} s ({run.quads / run.load:,.0f} quads/s)"
            )
            print(
                f"  the build: {run.wall:.1f} s, {run.cpu:.1f} s of CPU (all threads: the "
                "loader writes a batch on a thread while the next reports are made)"
            )
            print(f"  CPU ms/report main/store/write: {run.split.per_report(n)}")
            print(f"  the build's wait for the store's compaction at its end: {run.settle:.1f} s")
            run.left_cpu, run.left_wall = settle(quiet=3.0)
            print(
                f"  left behind: RocksDB's threads worked {run.left_wall:.1f} s more after the "
                f"build, {run.left_cpu:.1f} s of CPU ({1000 * run.left_cpu / n:.0f} ms/report)",
                flush=True,
            )
            tenths = run.tenth_ratio()
            print(
                f"  build cost per report: {run.cost_ms:.1f} ms; last tenth / first: {tenths:.2f}"
            )
            disk = sum(f.stat().st_size for f in (tmp / "store").rglob("*") if f.is_file())
            print(f"  store on disk: {disk / 1e6:,.0f} MB ({disk / 1e3 / n:,.0f} kB per report)")
            tenths = " ".join(f"{ms:.0f}" for ms in run.load_tenths())
            print(f"  writer ms/report in each tenth of the build: {tenths}")
            if n <= args.reference_max:
                for i, (what, (quads, took)) in enumerate(references(store, tmp).items()):
                    ratio = took / run.load  # the same dataset written: the time ratio
                    target = f" (target ≥ 1.0: {'yes' if ratio >= 1.0 else 'NO'})" if i == 0 else ""
                    print(
                        f"  pyoxigraph bulk_load of {what}, {quads:,} quads: {took:.1f} s; "
                        f"writer / bulk_load: {ratio:.2f}{target}"
                    )
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                rows = list(store.query(TWO_HOP))
                times.append(time.perf_counter() - t0)
            print(f"  2-hop aggregation: best {min(times) * 1000:.0f} ms, {len(rows)} rows")
            print(f"  peak RSS so far: {peak_mb():,.0f} MB")
            del store
    base = runs[0]
    print(f"\nbuild cost per report against {base.reports} reports (target ≤ 1.1):")
    for run in runs:
        print(f"  {run.reports:>6} reports: {run.cost_ms:.1f} ms, {run.cost_ms / base.cost_ms:.2f}")
    print("… counting the compaction each build leaves behind (until RocksDB's threads are idle):")
    for run in runs:
        ratio = run.settled_ms / base.settled_ms
        print(f"  {run.reports:>6} reports: {run.settled_ms:.1f} ms, {ratio:.2f}")


if __name__ == "__main__":
    main()
