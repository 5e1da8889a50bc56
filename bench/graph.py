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
SELECT ?country (COUNT(DISTINCT ?report) AS ?reports) (COUNT(DISTINCT ?mission) AS ?missions)
WHERE {
  ?report a unkg:Report ; unkg:mentions ?mission .
  # each mission–country link once: the union default graph repeats a triple per report
  # graph that states it (pyoxigraph 0.5, oxigraph issue #1919)
  { SELECT DISTINCT ?mission ?country WHERE { ?mission unkg:operatesIn ?country } }
} GROUP BY ?country ORDER BY DESC(?reports)
"""


def reference_quads(store) -> int:
    """Quads of the reference graph, loaded when the store is opened (not part of the load)."""
    from pyoxigraph import NamedNode

    from unkg.ontology.ids import REFERENCE_GRAPH

    return sum(
        1 for _ in store.oxigraph.quads_for_pattern(None, None, None, NamedNode(REFERENCE_GRAPH))
    )


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
        print(f"extraction (1 process): {t_extract:.1f} s ({mb / t_extract:.2f} MB/s)")

        # (1) The build's own path: quads made from the reports, bulk-loaded, markers committed.
        store = unkg.open_store(Path(tmp) / "store")
        t0 = time.perf_counter()
        with store.loader(cfg) as loader:
            for r in reports:
                loader.add(r)
        t_load = time.perf_counter() - t0
        quads = len(store) - reference_quads(store)
        build_rate = quads / t_load
        print(f"load, build path (quads from reports): {t_load:.2f} s, {build_rate:,.0f} quads/s")

        # (2) The same quads from one N-Quads file: Oxigraph's bulk loader vs rdflib in memory.
        data = serialize(
            (q for r in reports for q in report_quads(r, cfg)), format=RdfFormat.N_QUADS
        )
        fresh = unkg.open_store(Path(tmp) / "file-load")
        fresh_before = len(fresh)
        t0 = time.perf_counter()
        fresh.oxigraph.bulk_load(data, format=RdfFormat.N_QUADS)
        fresh.flush()
        t_file = time.perf_counter() - t0
        file_rate = (len(fresh) - fresh_before) / t_file
        t0 = time.perf_counter()
        baseline = rdflib.Dataset()
        baseline.parse(data=data, format="nquads")
        t_rdflib = time.perf_counter() - t0
        rdf_rate = quads / t_rdflib
        print(
            f"load, N-Quads file (Oxigraph bulk loader): {t_file:.2f} s, {file_rate:,.0f} quads/s"
        )
        print(
            f"baseline, rdflib in-memory Dataset, same file: {t_rdflib:.2f} s, "
            f"{rdf_rate:,.0f} quads/s"
        )
        for name, rate in (("build path", build_rate), ("file load", file_rate)):
            print(
                f"  {name}: {rate / rdf_rate:.1f}x rdflib (target ≥ 5x: "
                f"{'yes' if rate >= 5 * rdf_rate else 'NO'}); ≥ 200,000 quads/s: "
                f"{'yes' if rate >= 200_000 else 'NO'}"
            )
        total = t_extract + t_load
        print(
            f"end to end (extract + load): {total:.1f} s for {len(corpus)} reports "
            f"(target ≤ 300 s: {'yes' if total <= 300 else 'NO'})"
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
