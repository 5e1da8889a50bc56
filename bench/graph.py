"""Building the graph at scale: the writer against Oxigraph's bulk loader, and the build cost per
report as the store grows.

    python bench/graph.py [--reports 100 1000] [--kb 50] [--reference-max 1000]

For each size N, makes a synthetic corpus of N reports (bench/synthetic.py) and builds it the way
`unkg build` does, one report at a time: extraction, the quads (RDF generation) and the build's
loader writing them into a fresh on-disk store (with the default graph's merged copy), each
timed. Then, for sizes up to --reference-max, exports the store's N-Quads (the named graphs)
and loads that file into another fresh store with pyoxigraph's `bulk_load`: the reference.

Prints, per size: the writer's ratio to `bulk_load` (the bulk load's time over the writer's,
for the same dataset in the same run; target ≥ 1.0), the build cost per report (extraction +
quads + load, in ms) and its ratio to the smallest size (target ≤ 1.1 up to 10,000 reports),
the cost of the last tenth of the reports against the first (how the writer slows as the store
grows), the store's size on disk, the 2-hop aggregation and the peak memory. Ratios, because
absolute rates on a shared machine drift.
"""

from __future__ import annotations

import argparse
import resource
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
    per_report: list[float] = field(default_factory=list)  # extraction + quads + load

    @property
    def cost_ms(self) -> float:
        return 1000 * (self.extract + self.rdf + self.load) / self.reports

    def tenth_ratio(self) -> float:
        """Cost of the last tenth of the reports over the first tenth."""
        k = max(1, self.reports // 10)
        return sum(self.per_report[-k:]) / sum(self.per_report[:k])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(corpus: list[Path], folder: Path) -> tuple[Run, unkg.api.Store]:
    """Extract, make the quads and load them report by report, as `unkg build` does."""
    run = Run(len(corpus))
    cfg = config_hash()
    store = unkg.open_store(folder)
    clock = time.perf_counter
    with store.loader(cfg) as loader:
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
            done = len(run.per_report)
            if done % max(1, run.reports // 10) == 0:  # progress: a long run reports as it goes
                tenth = run.per_report[-max(1, run.reports // 10) :]
                ms = 1000 * sum(tenth) / len(tenth)
                print(
                    f"  {done} reports built; the last {len(tenth)}: {ms:.1f} ms/report", flush=True
                )
        t0 = clock()
    run.load += clock() - t0  # the last batch and the commit markers, written on exit
    run.per_report[-1] += clock() - t0
    return run, store


def reference(store, tmp: Path) -> tuple[int, float]:
    """(quads, seconds) of pyoxigraph's bulk_load of the store's exported N-Quads."""
    nquads = tmp / "export.nq"
    unkg.export(store, "nquads", nquads)
    fresh = OxStore(str(tmp / "bulk-load"))
    t0 = time.perf_counter()
    fresh.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    fresh.flush()
    took = time.perf_counter() - t0
    n = len(fresh)
    nquads.unlink()
    return n, took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--kb", type=float, default=50.0)
    ap.add_argument(
        "--reference-max",
        type=int,
        default=1000,
        help="measure the bulk_load reference up to this many reports (it needs the N-Quads file)",
    )
    args = ap.parse_args()
    runs: list[Run] = []
    for n in sorted(args.reports):
        with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent) as name:
            tmp = Path(name)
            corpus = generate(tmp / "corpus", n, args.kb)
            mb = sum(p.stat().st_size for p in corpus) / 1e6
            print(f"\n{n} reports:", flush=True)
            run, store = build(corpus, tmp / "store")
            runs.append(run)
            stored = len(store)
            print(f"{n} reports, {mb:.1f} MB, {run.quads:,} quads ({stored:,} in the store)")
            print(
                f"  extraction {run.extract:.1f} s, quads {run.rdf:.1f} s, "
                f"writer {run.load:.1f} s ({run.quads / run.load:,.0f} quads/s)"
            )
            tenths = run.tenth_ratio()
            print(
                f"  build cost per report: {run.cost_ms:.1f} ms; last tenth / first: {tenths:.2f}"
            )
            disk = sum(f.stat().st_size for f in (tmp / "store").rglob("*") if f.is_file())
            print(f"  store on disk: {disk / 1e6:,.0f} MB ({disk / 1e3 / n:,.0f} kB per report)")
            if n <= args.reference_max:
                quads, took = reference(store, tmp)
                ratio = took / run.load  # the same dataset written: the time ratio
                held = "yes" if ratio >= 1.0 else "NO"
                print(
                    f"  pyoxigraph bulk_load of the exported N-Quads ({quads:,} quads): "
                    f"{took:.1f} s; writer / bulk_load: {ratio:.2f} (target ≥ 1.0: {held})"
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


if __name__ == "__main__":
    main()
