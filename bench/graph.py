"""Building the graph at scale: extraction, store load against an rdflib baseline, a 2-hop query.

    python bench/graph.py [--reports 1000] [--kb 50]

Makes a synthetic corpus (bench/synthetic.py), extracts every report, makes the quads
(RDF generation) and writes them into a fresh on-disk Oxigraph store with the build's
loader (store load), timing each step; then loads the same quads as one N-Quads file with
Oxigraph's bulk loader and, as the baseline, into an in-memory rdflib Dataset (parsing the
file, rdflib's way of loading data; and `addN` of ready-made rdflib terms, for reference).
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

        # (1) RDF generation: the quads the build makes from the extracted reports.
        t0 = time.perf_counter()
        graphs = [(r.slug, list(report_quads(r, cfg))) for r in reports]
        t_quads = time.perf_counter() - t0
        quads = sum(len(q) for _, q in graphs)
        print(
            f"RDF generation (quads from reports): {t_quads:.2f} s, {quads / t_quads:,.0f} quads/s"
        )

        # (2) Store load: the build's loader (Oxigraph's bulk writer, batches, commit markers)
        # writing those quads into a fresh on-disk store.
        store = unkg.open_store(Path(tmp) / "store")
        t0 = time.perf_counter()
        with store.loader(cfg) as loader:
            for slug, qs in graphs:
                loader.add_quads(slug, qs)
        t_load = time.perf_counter() - t0
        assert len(store) - reference_quads(store) == len({q for _, qs in graphs for q in qs})
        load_rate = quads / t_load
        print(f"store load (the build's loader): {t_load:.2f} s, {load_rate:,.0f} quads/s")
        build_rate = quads / (t_quads + t_load)
        print(f"  RDF generation + store load: {build_rate:,.0f} quads/s")

        # (3) The same quads as one N-Quads file: Oxigraph's bulk loader, and the baselines.
        data = serialize((q for _, qs in graphs for q in qs), format=RdfFormat.N_QUADS)
        fresh = unkg.open_store(Path(tmp) / "file-load")
        t0 = time.perf_counter()
        fresh.oxigraph.bulk_load(data, format=RdfFormat.N_QUADS)
        fresh.flush()
        file_rate = quads / (time.perf_counter() - t0)
        print(f"N-Quads file, Oxigraph bulk loader (one call): {file_rate:,.0f} quads/s")
        del graphs
        t0 = time.perf_counter()
        baseline = rdflib.Dataset()
        baseline.parse(data=data, format="nquads")
        rdf_rate = quads / (time.perf_counter() - t0)
        print(
            f"baseline: rdflib in-memory Dataset loading the N-Quads file: {rdf_rate:,.0f} quads/s"
        )
        terms = [(s, p, o, baseline.graph(g)) for s, p, o, g in baseline.quads()]
        added = rdflib.Dataset()
        t0 = time.perf_counter()
        added.addN(terms)
        add_rate = quads / (time.perf_counter() - t0)
        del terms, added, baseline
        print(
            f"         rdflib in-memory Dataset.addN of ready-made terms: {add_rate:,.0f} quads/s"
        )
        print(
            f"store load: {load_rate / rdf_rate:.1f}x rdflib loading the file (target ≥ 5x: "
            f"{'yes' if load_rate >= 5 * rdf_rate else 'NO'}), {load_rate / add_rate:.1f}x "
            f"rdflib adding ready-made terms; ≥ 200,000 quads/s: "
            f"{'yes' if load_rate >= 200_000 else 'NO'}"
        )
        print(f"N-Quads file: Oxigraph {file_rate / rdf_rate:.1f}x rdflib on the same file")
        total = t_extract + t_quads + t_load
        print(
            f"end to end (extract + RDF + load): {total:.1f} s for {len(corpus)} reports "
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
