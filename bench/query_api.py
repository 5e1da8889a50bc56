"""The Python query API against raw pyoxigraph: what `unkg.api.query` adds per query.

    python bench/query_api.py [STORE] [--rounds 7]

Runs the same queries through `unkg.query` and through `pyoxigraph.Store.query` (same prefixes,
same union default graph), reading every row, alternating the two so that a busy machine
slows both alike, and prints the ratio of the best rounds (the least disturbed by other work
on a shared machine) and of the medians. Target (issue 20): ≤ 1.05.
Without STORE it builds examples/reports into a temporary store first.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

import unkg
from unkg.ontology.namespace import PREFIXES

QUERIES = {
    "small SELECT": "SELECT ?m ?a WHERE { ?m unkg:acronym ?a } LIMIT 10",
    "all labels": "SELECT ?s ?l WHERE { ?s skos:prefLabel ?l }",
    "ASK": "ASK { ?m unkg:operatesIn ?c }",
    "CONSTRUCT": "CONSTRUCT { ?m unkg:operatesIn ?c } WHERE { ?m unkg:operatesIn ?c }",
}


def _time(run, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        result = run()
        if isinstance(result, ox.QueryBoolean) or getattr(result, "kind", "") == "boolean":
            bool(result)
        else:
            for _row in result:
                pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", nargs="?")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if args.store:
        store = unkg.open_store(args.store, read_only=True)
    else:
        store = unkg.open_store(Path(tempfile.mkdtemp(prefix="unkg-bench-")))
        unkg.build([Path(__file__).resolve().parents[1] / "examples" / "reports"], store=store)
    raw = store.oxigraph
    print(f"{len(store)} quads; {args.rounds} rounds of {args.repeat} runs; ms per query")
    print(f"{'query':<14} {'unkg.query':>10} {'pyoxigraph':>10} {'best':>6} {'median':>7}")
    for name, q in QUERIES.items():
        runs = {
            "ours": lambda q=q: unkg.query(q, store=store),
            "theirs": lambda q=q: raw.query(q, prefixes=PREFIXES, use_default_graph_as_union=True),
        }
        times: dict[str, list[float]] = {"ours": [], "theirs": []}
        for i in range(args.rounds):  # the two alternate, each going first every other round
            for side in ("ours", "theirs") if i % 2 == 0 else ("theirs", "ours"):
                times[side].append(_time(runs[side], args.repeat))
        ours, theirs = times["ours"], times["theirs"]
        a, b = min(ours) / args.repeat * 1e3, min(theirs) / args.repeat * 1e3
        median = statistics.median(ours) / statistics.median(theirs)
        print(f"{name:<14} {a:>10.3f} {b:>10.3f} {a / b:>6.3f} {median:>7.3f}")


if __name__ == "__main__":
    main()
