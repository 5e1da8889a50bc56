"""Load on the SPARQL endpoint: many concurrent clients mixing the gallery queries.

    python bench/load.py [--clients 64] [--duration 30] [--timeout 5] [--reports 20] [--kb 20]

Builds a store from examples/reports plus --reports synthetic reports (bench/synthetic.py) in a
temp dir, starts the real server (`unkg serve --timeout T`, a subprocess on a free loopback
port) and runs two rounds of --clients clients for --duration seconds each, every client sending
the gallery queries (unkg/web/queries/*.rq) in turn over its own keep-alive connection:

1. the clients alone;
2. the same while one more client sends, again and again, a query that runs into the time
   limit (a three-way cartesian product counted), which must come back as 503 each time.

Prints requests, errors (any status but 200, or a transport error), throughput and latency
percentiles, and /health latency polled during round 2. Exit status 1 if there was any error.
The CI version (16 clients x 5 s) is tests/robustness/test_robust_load.py.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MAX_REQUESTS_PER_CLIENT = 1_000_000  # every loop is bounded in count as well as in time


def gallery_queries() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from unkg.web import gallery

    return [(q.name, q.text) for q in gallery.load()]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    slow_statuses: list[int] = field(default_factory=list)
    slow_seconds: list[float] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    elapsed: float = 0.0

    def pct(self, p: float, values: list[float] | None = None) -> float:
        v = sorted(self.latencies if values is None else values)
        if not v:
            return float("nan")
        return v[min(len(v) - 1, round(p / 100 * (len(v) - 1)))]

    def summary(self) -> dict[str, float | int]:
        n = len(self.latencies)
        out: dict[str, float | int] = {
            "requests": n,
            "errors": len(self.errors),
            "req_per_s": round(n / self.elapsed, 1) if self.elapsed else 0,
            "p50_ms": round(self.pct(50) * 1000, 1),
            "p95_ms": round(self.pct(95) * 1000, 1),
            "p99_ms": round(self.pct(99) * 1000, 1),
            "max_ms": round(max(self.latencies, default=0) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if n else 0,
        }
        if self.slow_statuses:
            out["slow_queries"] = len(self.slow_statuses)
            out["slow_503"] = self.slow_statuses.count(503)
            out["slow_mean_s"] = round(statistics.fmean(self.slow_seconds), 2)
        if self.health:
            out["health_p99_ms"] = round(self.pct(99, self.health) * 1000, 1)
            out["health_max_ms"] = round(max(self.health) * 1000, 1)
        return out


async def _repeat(
    deadline: float,
    timeout: float,
    request: Callable[[httpx.AsyncClient, int], Awaitable[None]],
    times: list[float],
    pause: float = 0.0,
) -> None:
    """Send `request` (given the client and its count) until the deadline, at most
    MAX_REQUESTS_PER_CLIENT times on one connection, timing each into `times`."""
    async with httpx.AsyncClient(timeout=timeout) as c:
        for i in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            t0 = time.monotonic()
            await request(c, i)
            times.append(time.monotonic() - t0)
            if pause:
                await asyncio.sleep(pause)


async def _client(url: str, queries: list[tuple[str, str]], offset: int, deadline: float, s: Stats):
    async def gallery_query(c: httpx.AsyncClient, i: int) -> None:
        name, text = queries[(offset + i) % len(queries)]
        try:
            r = await c.post(
                url + "/sparql",
                content=text.encode(),
                headers={
                    "Content-Type": "application/sparql-query",
                    "Accept": "application/sparql-results+json",
                },
            )
            await r.aread()
            if r.status_code != 200:
                s.errors.append(f"{name}: {r.status_code} {r.text[:100]}")
        except httpx.HTTPError as exc:
            s.errors.append(f"{name}: {exc!r}")

    await _repeat(deadline, 60, gallery_query, s.latencies)


async def _slow_client(url: str, deadline: float, s: Stats) -> None:
    async def slow_query(c: httpx.AsyncClient, _i: int) -> None:
        try:
            r = await c.get(url + "/sparql", params={"query": SLOW_QUERY})
            s.slow_statuses.append(r.status_code)
        except httpx.HTTPError:
            s.slow_statuses.append(0)

    await _repeat(deadline, 120, slow_query, s.slow_seconds)


async def _health(url: str, deadline: float, s: Stats) -> None:
    async def probe(c: httpx.AsyncClient, _i: int) -> None:
        try:
            r = await c.get(url + "/health")
            if r.status_code != 200:
                s.errors.append(f"/health: {r.status_code}")
        except httpx.HTTPError as exc:
            s.errors.append(f"/health: {exc!r}")

    await _repeat(deadline, 30, probe, s.health, pause=0.1)


async def _run(url: str, clients: int, duration: float, slow: bool) -> Stats:
    queries = gallery_queries()
    s = Stats()
    start = time.monotonic()
    deadline = start + duration
    tasks = [_client(url, queries, i, deadline, s) for i in range(clients)]
    if slow:
        tasks += [_slow_client(url, deadline, s), _health(url, deadline, s)]
    await asyncio.gather(*tasks)
    s.elapsed = time.monotonic() - start
    return s


def run_load(url: str, clients: int, duration: float, slow: bool = False) -> Stats:
    """`clients` concurrent clients for `duration` s against the server at `url`."""
    return asyncio.run(_run(url, clients, duration, slow))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's query time limit")
    ap.add_argument("--reports", type=int, default=20, help="synthetic reports added")
    ap.add_argument("--kb", type=float, default=20.0)
    args = ap.parse_args()

    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "robustness")]
    sys.path.insert(0, str(ROOT / "bench"))
    from robust_helpers import EXAMPLES, cli_build, start_server, stop_server
    from synthetic import generate

    with tempfile.TemporaryDirectory(prefix="unkg-load-") as tmp:
        base = Path(tmp)
        if args.reports:
            generate(base / "corpus", args.reports, args.kb, seed=3)
        paths = [EXAMPLES, *([base / "corpus"] if args.reports else [])]
        done = cli_build(*paths, store=base / "store")
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        server = start_server(base / "store", base / "server.log", "--timeout", str(args.timeout))
        try:
            health = httpx.get(server.url + "/health").json()
            print(f"store: {health['quads']} quads, {health['reports']} reports")
            print(f"{len(gallery_queries())} gallery queries, server timeout {args.timeout:g} s")
            failed = False
            for slow in (False, True):
                s = run_load(server.url, args.clients, args.duration, slow)
                label = "with a timing-out client" if slow else "gallery only"
                print(f"{args.clients} clients x {args.duration:g} s, {label}: {s.summary()}")
                for e in s.errors[:10]:
                    print("  error:", e)
                failed |= bool(s.errors) or (slow and set(s.slow_statuses) != {503})
            log = server.log_text()
            print(f"500s in the server log: {log.count(' 500 ')}")
        finally:
            stop_server(server)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
