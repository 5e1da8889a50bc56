"""Building the graph at scale: extraction, store load against an rdflib baseline, a 2-hop query.

    python bench/graph.py [--reports 1000] [--kb 50]

Makes a synthetic corpus (bench/synthetic.py), extracts every report, loads the quads into
a fresh embedded Oxigraph store the way `unkg build` does (one transaction per report), and
in the same run loads the same quads into an in-memory rdflib Dataset as the baseline.
Prints times, throughput, peak memory and the ratios. Targets (issue 6): store load
≥ 200,000 triples/s and ≥ 5× rdflib; 1,000 reports in ≤ 5 minutes; the 2-hop aggregation
≤ 100 ms.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rdflib
from pyoxigraph import RdfFormat, serialize
from synthetic import generate

import unkg
from unkg.api import config_hash
from unkg.extract.pipeline import extract_file
from unkg.graph.rdf import report_quads

TWO_HOP = """
SELECT ?country (COUNT(DISTINCT ?paragraph) AS ?paragraphs)
       (COUNT(DISTINCT ?mission) AS ?missions) WHERE {
  ?paragraph unkg:mentions ?mission .
  ?mission unkg:operatesIn ?country .
} GROUP BY ?country ORDER BY DESC(?paragraphs)
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--kb", type=float, default=50.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(Path(tmp) / "corpus", args.reports, args.kb)
        mb = sum(p.stat().st_size for p in corpus) / 1e6
        print(f"corpus: {len(corpus)} reports, {mb:.1f} MB")

        t0 = time.perf_counter()
        reports = [extract_file(p) for p in corpus]
        t_extract = time.perf_counter() - t0
        cfg = config_hash()
        per_report = [list(report_quads(r, cfg)) for r in reports]
        quads = sum(len(q) for q in per_report)
        print(f"extraction: {t_extract:.1f} s ({mb / t_extract:.2f} MB/s); {quads:,} quads")

        store = unkg.open_store(Path(tmp) / "store")
        t0 = time.perf_counter()
        for r in reports:
            store.add_report(r, cfg)
        store.flush()
        t_load = time.perf_counter() - t0
        ox_rate = quads / t_load
        print(
            f"Oxigraph store load (one transaction per report): {t_load:.2f} s, "
            f"{ox_rate:,.0f} quads/s"
        )

        data = serialize((q for qs in per_report for q in qs), format=RdfFormat.N_QUADS)
        t0 = time.perf_counter()
        baseline = rdflib.Graph()
        baseline.parse(data=data, format="nquads")
        t_rdflib = time.perf_counter() - t0
        rdf_rate = quads / t_rdflib
        print(
            f"rdflib in-memory baseline (parse N-Quads): {t_rdflib:.2f} s, {rdf_rate:,.0f} quads/s"
        )
        print(
            f"ratio Oxigraph / rdflib load: {ox_rate / rdf_rate:.1f}x   "
            "(target ≥ 5x; ≥ 200,000 quads/s: "
            f"{'yes' if ox_rate >= 200_000 else 'NO'})"
        )
        total = t_extract + t_load
        print(
            f"end to end (extract + load): {total:.1f} s for {len(corpus)} reports (target ≤ 300 s)"
        )

        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            rows = list(store.query(TWO_HOP))
            times.append(time.perf_counter() - t0)
        print(
            f"2-hop aggregation: best {min(times) * 1000:.1f} ms over {len(store):,} quads, "
            f"{len(rows)} rows (target ≤ 100 ms)"
        )
        print(f"peak RSS: {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
