"""The SPARQL endpoint (`unkg serve`): HTTP overhead, speed against rdflib, throughput.

    python bench/endpoint.py [--reports 200] [--kb 20] [--duration 10] [--runs 30]

Builds a store from examples/reports plus a synthetic corpus (bench/synthetic.py) in a temp
dir, starts the real server (`unkg serve`, a subprocess on a free loopback port) and compares:

1. every gallery query (unkg/web/queries/*.rq) through HTTP (the standard library's client,
   JSON results, parsed)
   against the same query in-process on the engine the server's workers use (the store
   copied into memory, as `unkg serve` does for stores of up to 1 million quads; results
   fully consumed): the HTTP overhead is the difference of the p50s.
   Target: ≤ 2 ms for small results (≤ 100 rows).
2. the same query text, with the project PREFIXES prepended, on rdflib's in-memory engine
   (the store's N-Quads loaded into a `Dataset(default_union=True)`): speed-up = rdflib p50 /
   direct p50. Target: ≥ 10× on the join-heavy queries (marked `J`).
3. throughput of a small ASK with 1, 8 and 32 concurrent clients (asyncio + httpx, each level
   bounded by --duration seconds and --max-requests). Target: ≥ 300 req/s with zero errors.

With --vs-oxigraph it instead serves each dataset (the synthetic corpus, or --store; then the
two sample reports of ../shared/seeds) with `unkg serve` and `oxigraph serve-read-only` (the
`oxigraph` package of the dev extras) on the same store folder, and measures, with one light
client (raw HTTP/1.1 on asyncio, kept-alive connections), the time until each answers its
first query, then (once the server has gone idle: its memory copies are made in the
background) a small SELECT (LIMIT 10) and an ORDER BY query at 1, 8 and 32 clients, the two
servers in turn, --rounds times. It prints the medians, their ratios and each server's CPU
time per answer (all its processes: on a busy machine the least disturbed figure).
Both servers query the store's default graph, which holds the merge of the named graphs
(each triple once), so they give the same answers (checked before timing). Oxigraph's
`--union-default-graph` would answer a different question: every triple once per graph that
holds it, so a LIMIT 10 over duplicated triples is filled sooner (on 416k quads, 146 µs of
Oxigraph's CPU per small SELECT against 460 µs on the merge).
Targets: small SELECT ≥ 0.5 × oxigraph at every level, ORDER BY ≥ 1.5 ×, ready ≤ 2 s.

Missed targets print `NO`; the exit status is non-zero only if the benchmark itself fails.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import importlib.metadata
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import rdflib
from pyoxigraph import QueryBoolean, RdfFormat
from synthetic import generate

import unkg
from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES
from unkg.web import Settings, gallery
from unkg.web.worker import open_for_queries

ROOT = Path(__file__).resolve().parents[1]
JSON = {"Accept": "application/sparql-results+json"}
# Queries that join report data over several patterns (paragraphs, mentions, evidence, phrases),
# so their cost grows with the corpus; 01, 09 and 10 read reference data or a single pattern.
JOIN_HEAVY = {f"{n:02d}" for n in (2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14)}
SMALL_ROWS = 100  # "small result" for the overhead target
SMALL_QUERY = "ASK { ?m a unkg:Mission ; unkg:operatesIn ?c }"


def timed(
    fns: list[Callable[[], int]], runs: int, budget_s: float, at_least: int = 3
) -> list[tuple[list[float], int]]:
    """Run the `fns` in turn (so they share the machine's background load) up to `runs` times,
    at least `at_least`, no more once `budget_s` is spent: per fn, ms per run and rows."""
    times: list[list[float]] = [[] for _ in fns]
    rows = [0] * len(fns)
    start = time.perf_counter()
    while len(times[0]) < runs and (
        len(times[0]) < at_least or time.perf_counter() - start < budget_s
    ):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            rows[i] = fn()
            times[i].append((time.perf_counter() - t0) * 1000)
    return list(zip(times, rows, strict=True))


def pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(tmp: Path, reports: int, kb: float) -> Path:
    corpus = tmp / "corpus"
    generate(corpus, reports, kb)
    store = tmp / "store"
    cmd = [sys.executable, "-m", "unkg", "build", str(ROOT / "examples/reports"), str(corpus)]
    done = subprocess.run(
        [*cmd, "--store", str(store)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"unkg build failed:\n{done.stderr[-2000:]}")
    return store


def start_server(store: Path, port: int, log: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "unkg", "serve", "--store", str(store), "--port", str(port)]
    with log.open("wb") as out:  # the access log must not fill an unread pipe
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer /health within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _alarm(_sig: int, _frame: object) -> None:
    raise TimeoutError


def rdflib_timed(ds: rdflib.Dataset, text: str, runs: int, budget_s: float, limit_s: float):
    """(ms, rows, failure); rdflib is pure Python, so SIGALRM stops a query past `limit_s`."""
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit_s)
        return (*timed([lambda: len(list(ds.query(text)))], runs, budget_s, 1)[0], "")
    except TimeoutError:
        return None, 0, f">{limit_s:g}s"
    except Exception as exc:  # rdflib fails some valid queries
        return None, 0, f"{type(exc).__name__}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


async def throughput(url: str, clients: int, duration: float, max_requests: int):
    """`clients` concurrent loops of the small query, each with its own connection (one
    AsyncClient each: a shared pool costs more client CPU as concurrency grows).
    Returns requests/s, errors, requests sent, and this process's CPU use (the load generator
    shares the machine with the server; near 100 % means the client is the limit)."""
    sent = ok = errors = 0
    params = {"query": SMALL_QUERY}
    deadline = time.perf_counter() + duration

    async def loop() -> None:
        nonlocal sent, ok, errors
        async with httpx.AsyncClient(headers=JSON, timeout=30) as client:
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                try:
                    r = await client.get(url, params=params)
                    if r.status_code == 200 and r.json()["boolean"] is True:
                        ok += 1
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

    t0, cpu0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(loop() for _ in range(clients)))
    elapsed = time.perf_counter() - t0
    return ok / elapsed, errors, sent, (time.process_time() - cpu0) / elapsed


def compare_queries(url: str, store: Store, ds: rdflib.Dataset, args) -> None:
    # The standard library's HTTP client on one kept-alive connection: what SPARQLWrapper
    # and urllib use underneath, and light enough not to count as the server's overhead
    # (httpx spends ~0.4 ms of client CPU per request more).
    where = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

    def over_http(text: str) -> int:
        conn.request("GET", f"{where.path}?{urllib.parse.urlencode({'query': text})}", headers=JSON)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"HTTP {r.status}: {body[:200]!r}")
        doc = json.loads(body)
        return 1 if "boolean" in doc else len(doc["results"]["bindings"])

    # The server's engine: its workers copy a store this small into memory (Settings.memory_quads)
    engine = open_for_queries(str(store.path), len(store) <= Settings().memory_quads)

    def direct(text: str) -> int:
        result = engine.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        return 1 if isinstance(result, QueryBoolean) else len([tuple(s) for s in result])

    print(
        f"\nlatency in ms, up to {args.runs} runs, HTTP and direct in turn; J = join-heavy; "
        f"targets: HTTP overhead ≤ 2 ms (≤ {SMALL_ROWS} rows), rdflib ≥ 10× (J)"
    )
    head = (
        f"{'query':<32} {'rows':>6} {'http p50/p99':>14} {'direct p50/p99':>15} "
        f"{'overhead':>9} {'rdflib p50':>10} {'speed-up':>9}  target met"
    )
    print(head + "\n" + "-" * len(head))
    for q in gallery.load():
        join = q.name[:2] in JOIN_HEAVY
        over_http(q.text)  # warm-up
        fns = [lambda t=q.text: over_http(t), lambda t=q.text: direct(t)]
        (h, rows), (d, drows) = timed(fns, args.runs, 2 * args.budget)
        r, rrows, failed = rdflib_timed(ds, prologue + q.text, 3, args.budget, args.rdflib_limit)
        overhead = pct(h, 0.5) - pct(d, 0.5)
        checks = [overhead <= 2] if rows <= SMALL_ROWS else []
        speedup = None  # rdflib failed: no ratio
        if r is not None:
            rd, speedup = f"{pct(r, 0.5):.1f}", pct(r, 0.5) / pct(d, 0.5)
        elif failed.startswith(">"):  # stopped: the ratio is a lower bound
            rd, speedup = failed, args.rdflib_limit * 1000 / pct(d, 0.5)
        else:
            rd = failed[:10]
        ratio = "-" if speedup is None else f"{'>' if r is None else ''}{speedup:.0f}×"
        if join and speedup is not None:
            checks.append(speedup >= 10)
        met = "-" if not checks else "yes" if all(checks) else "NO"
        note = "" if r is None or rrows == rows == drows else f" (rows: rdflib {rrows})"
        print(
            f"{q.name[:29] + (' J' if join else ''):<32} {rows:>6} "
            f"{pct(h, 0.5):>6.1f}/{pct(h, 0.99):<7.1f} {pct(d, 0.5):>7.1f}/{pct(d, 0.99):<7.1f} "
            f"{overhead:>+9.2f} {rd:>10} {ratio:>9}  {met}{note}"
        )
    conn.close()


ONTOLOGY = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"
VS_SMALL = ONTOLOGY + "SELECT ?m ?c WHERE { ?m a unkg:Mission ; unkg:operatesIn ?c } LIMIT 10"
VS_ORDER = (
    ONTOLOGY + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?e ?label WHERE { ?e rdfs:label ?label } ORDER BY DESC(?label) LIMIT 10"
)


async def _answer(reader: asyncio.StreamReader) -> bytes:
    """One HTTP/1.1 response's status code (its body read: Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    fields = dict(line.lower().split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
    if b"chunked" in fields.get(b"transfer-encoding", b""):
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(fields.get(b"content-length", b"0")))
    return head[9:12]


async def raw_rate(port: int, path: str, query: str, clients: int, seconds: float):
    """Answers per second (status 200) and failures of `clients` kept-alive connections that
    each send the same GET for `seconds`: a client light enough to measure Oxigraph's server."""
    request = (
        f"GET {path}?{urllib.parse.urlencode({'query': query})} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nAccept: application/sparql-results+json\r\n\r\n"
    ).encode()
    counts = [0, 0]
    start = time.perf_counter()

    async def loop() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < start + seconds:
                writer.write(request)
                counts[await _answer(reader) != b"200"] += 1
        finally:
            writer.close()

    await asyncio.gather(*(loop() for _ in range(clients)))
    return counts[0] / (time.perf_counter() - start), counts[1]


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants still running."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICK
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def wait_idle(pid: int, most_s: float) -> float:
    """Wait until the server's processes use < 5 % of a core over a second (its memory
    copies are done), at most `most_s`; the seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < most_s:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.05:
            break
    return time.perf_counter() - start


def rate_and_cpu(proc: subprocess.Popen, port: int, path: str, query: str, clients: int, s: float):
    """(answers per second, failures, server CPU µs per answer) of one `raw_rate` run."""
    before = cpu_seconds(proc.pid)
    rate, bad = asyncio.run(raw_rate(port, path, query, clients, s))
    used = cpu_seconds(proc.pid) - before
    return rate, bad, used / max(1.0, rate * s) * 1e6


def start_and_time(
    cmd: list[str], port: int, path: str, log: Path
) -> tuple[subprocess.Popen, float]:
    """Start a server and poll a small query until it answers 200: (process, seconds)."""
    url = f"http://127.0.0.1:{port}{path}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    while time.perf_counter() - t0 < 120:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd[0]} exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(url, headers=JSON, timeout=1).status_code == 200:
                return proc, time.perf_counter() - t0
        except httpx.TransportError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"{cmd[0]} did not answer within 120 s")


def oxigraph_binary() -> Path:
    """The server binary that the `oxigraph` package (dev extras) installs with its scripts."""
    dist = importlib.metadata.distribution("oxigraph")
    for f in dist.files or []:
        if f.name == "oxigraph" and "bin" in f.parts:
            return Path(str(dist.locate_file(f))).resolve()
    raise SystemExit("the oxigraph server is not installed: pip install -e '.[dev]'")


def vs_oxigraph(store: Path, tmp: Path, args) -> None:
    oxigraph = oxigraph_binary()
    us_port, ox_port = free_port(), free_port()
    unkg_cmd = [sys.executable, "-m", "unkg", "serve", "--store", str(store)]
    ox_cmd = [str(oxigraph), "serve-read-only", "--location", str(store)]  # the merge, as ours
    ours, ready = start_and_time(
        [*unkg_cmd, "--port", str(us_port)], us_port, "/sparql", tmp / "unkg.log"
    )
    try:
        theirs, ox_ready = start_and_time(
            [*ox_cmd, "--bind", f"127.0.0.1:{ox_port}"],
            ox_port,
            "/query",
            tmp / "oxigraph.log",
        )
        try:
            print(
                f"ready to answer: unkg serve {ready:.2f} s (target ≤ 2 s: "
                f"{'yes' if ready <= 2 else 'NO'}), oxigraph serve-read-only {ox_ready:.2f} s"
            )
            waited = wait_idle(ours.pid, args.settle)
            print(f"unkg serve idle (memory copies made) after {waited:.0f} s more")
            for query in (VS_SMALL, VS_ORDER):
                same_answer(us_port, ox_port, query)
            for name, query, target in (
                ("small SELECT", VS_SMALL, 0.5),
                ("ORDER BY", VS_ORDER, 1.5),
            ):
                print(
                    f"{name}: answers/s, medians of {args.rounds} rounds of {args.duration:g} s; "
                    "server CPU µs per answer"
                )
                for clients in (1, 8, 32):
                    us, them, errors = [], [], 0
                    for _ in range(args.rounds):
                        for runs, proc, port, path in (
                            (us, ours, us_port, "/sparql"),
                            (them, theirs, ox_port, "/query"),
                        ):
                            rate, bad, cpu = rate_and_cpu(
                                proc, port, path, query, clients, args.duration
                            )
                            runs.append((rate, cpu))
                            errors += bad
                    (a, a_cpu), (b, b_cpu) = _medians(us), _medians(them)
                    ratio = a / b
                    met = "yes" if ratio >= target and errors == 0 else "NO"
                    print(
                        f"  {clients:>2} clients: unkg {a:>6.0f} ({a_cpu:>4.0f} µs)  oxigraph "
                        f"{b:>6.0f} ({b_cpu:>4.0f} µs)  ratio {ratio:.2f} "
                        f"(target ≥ {target}: {met}), {errors} errors"
                    )
        finally:
            stop_server(theirs)
    finally:
        stop_server(ours)


def same_answer(us_port: int, ox_port: int, query: str) -> None:
    """Stop the benchmark if the two servers answer `query` differently (rows as a multiset):
    a ratio between different answers means nothing."""
    answers = []
    for port, path in ((us_port, "/sparql"), (ox_port, "/query")):
        r = httpx.get(
            f"http://127.0.0.1:{port}{path}", params={"query": query}, headers=JSON, timeout=60
        )
        r.raise_for_status()
        rows = r.json()["results"]["bindings"]
        answers.append(sorted(json.dumps(row, sort_keys=True) for row in rows))
    if answers[0] != answers[1]:
        raise RuntimeError(f"unkg serve and oxigraph answer differently:\n{query}")


def _medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r for r, _ in runs), statistics.median(c for _, c in runs)


def seeds_store(tmp: Path) -> Path | None:
    """The two sample reports of ../shared/seeds built into a store, or None without them."""
    seeds = ROOT.parent / "shared" / "seeds"
    if not any(seeds.glob("*.txt")):
        print(f"no sample reports in {seeds}: that dataset is left out")
        return None
    store = tmp / "seeds-store"
    cmd = [sys.executable, "-m", "unkg", "build", str(seeds), "--store", str(store)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"unkg build of the sample reports failed:\n{done.stderr[-2000:]}")
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=200, help="synthetic reports to add")
    ap.add_argument("--kb", type=float, default=20.0, help="approximate size of each report")
    ap.add_argument("--duration", type=float, default=10.0, help="seconds per throughput level")
    ap.add_argument("--max-requests", type=int, default=20_000, help="per throughput level")
    ap.add_argument("--runs", type=int, default=30, help="runs per query and engine (at most)")
    ap.add_argument("--budget", type=float, default=3.0, help="seconds per query and engine")
    ap.add_argument("--rdflib-limit", type=float, default=60.0, help="stop an rdflib query")
    ap.add_argument("--vs-oxigraph", action="store_true", help="compare with oxigraph serve")
    ap.add_argument("--store", type=Path, help="an existing store instead of building one")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per level (--vs-oxigraph)")
    ap.add_argument("--settle", type=float, default=60.0, help="most seconds to wait for idle")
    ap.add_argument("--no-seeds", action="store_true", help="leave out the sample reports")
    args = ap.parse_args()

    if args.vs_oxigraph:
        with tempfile.TemporaryDirectory(prefix="unkg-bench-vs-") as tmp_name:
            tmp = Path(tmp_name)
            stores = [args.store or build_store(tmp, args.reports, args.kb)]
            if not args.no_seeds:
                stores.append(seeds_store(tmp))
            for path in filter(None, stores):
                print(f"\nstore: {path}, {len(unkg.open_store(path, read_only=True)):,} quads")
                vs_oxigraph(path, tmp, args)
        return
    with tempfile.TemporaryDirectory(prefix="unkg-bench-endpoint-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        path = build_store(tmp, args.reports, args.kb)
        store = unkg.open_store(path, read_only=True)
        took = time.perf_counter() - t0
        print(f"store: {len(store):,} quads, examples + {args.reports} reports, {took:.1f} s")
        t0 = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(data=store.oxigraph.dump(format=RdfFormat.N_QUADS), format="nquads")
        took = time.perf_counter() - t0
        print(f"rdflib Dataset: {len(ds):,} triples in the union, loaded in {took:.1f} s")

        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        proc = start_server(path, port, tmp / "server.log")
        try:
            compare_queries(url, store, ds, args)
            print(
                f"\nthroughput: {SMALL_QUERY!r}, up to {args.duration:g} s or "
                f"{args.max_requests} requests per level; target ≥ 300 req/s, 0 errors"
            )
            for clients in (1, 8, 32):
                rate, errors, sent, cpu = asyncio.run(
                    throughput(url, clients, args.duration, args.max_requests)
                )
                met = "yes" if rate >= 300 and errors == 0 else "NO"
                print(
                    f"  {clients:>2} clients: {rate:>7.1f} req/s, {errors} errors "
                    f"({sent} requests, client CPU {cpu:.0%})  target met: {met}"
                )
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
