"""Scaling out (issue 10): extraction in 1 and 2 processes and on Dask; embedded vs server load.

    python bench/scale.py [--reports 400] [--kb 50] [--workers 2]

Makes a synthetic corpus (bench/synthetic.py) and measures

1. extraction throughput with `unkg.parallel.extract_many`: serial, N local worker
   processes, and a Dask LocalCluster of N single-threaded worker processes. Wall time
   includes the workers' start-up and warm-up (the cluster itself is started before the
   clock, as a long-lived cluster would be); "steady" leaves out the time to the first
   result. Target: ≥ 1.7× with 2 workers on 2 cores.
2. load throughput of the extracted reports through the build's `BulkLoader`, into a fresh
   embedded store and into a fresh Oxigraph server (`oxigraph serve`, over HTTP via
   `unkg.graph.remote.RemoteStore`), and the ratio.

It prints per-report costs (CPU seconds, quads, disk bytes) that docs/scaling.md projects
to 100,000 reports.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate

import unkg
from unkg.api import config_hash
from unkg.graph.rdf import report_quads
from unkg.graph.remote import RemoteStore
from unkg.parallel import extract_many, warm_up


def timed_extraction(paths, keep: bool = False, **kw) -> tuple[float, float, list]:
    """(wall seconds, seconds after the first result, the reports if `keep`)."""
    t0 = time.perf_counter()
    first = None
    reports = []
    for item in extract_many(paths, **kw):
        assert item.report is not None, item.error
        if first is None:
            first = time.perf_counter()
        if keep:
            reports.append(item.report)
    end = time.perf_counter()
    return end - t0, end - (first or t0), reports


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def cpu_ceiling(workers: int, n: int = 10_000_000) -> float:
    """How much faster `workers` processes run a pure CPU loop than one: the most any
    parallel extraction can gain on this machine right now (other load lowers it)."""
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    for _ in range(workers):
        _burn(n)
    serial = time.perf_counter() - t0
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_burn, [10] * workers))
        t0 = time.perf_counter()
        list(pool.map(_burn, [n] * workers))
        return serial / (time.perf_counter() - t0)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    binary = Path(sys.executable).parent / "oxigraph"
    binary_name = str(binary) if binary.is_file() else shutil.which("oxigraph")
    if not binary_name:
        raise SystemExit("the oxigraph server is not installed: pip install oxigraph")
    port = free_port()
    proc = subprocess.Popen(
        [binary_name, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2).close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the oxigraph server did not start")


def load(store, reports, cfg: str) -> float:
    t0 = time.perf_counter()
    with store.loader(cfg) as loader:
        for r in reports:
            loader.add(r)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=400)
    ap.add_argument("--kb", type=float, default=50.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    n_w = args.workers
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        paths = generate(tmp / "corpus", args.reports, args.kb)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {len(paths)} reports, {mb:.1f} MB; cores: {len(os.sched_getaffinity(0))}")

        print(f"CPU ceiling now: {n_w} processes run a CPU loop {cpu_ceiling(n_w):.2f}x faster")

        # -- 1. extraction ------------------------------------------------------------------
        cpu0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime
        t0 = time.perf_counter()
        warm_up()
        t_warm = time.perf_counter() - t0
        wall_1, steady_1, reports = timed_extraction(paths, keep=True)
        wall_1 += t_warm
        gc.freeze()  # the kept reports are for the load below; don't rescan them
        cpu_1 = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu0
        per_report = steady_1 / len(paths)
        rss_1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"extraction, 1 process: {wall_1:.1f} s (warm-up {t_warm:.1f} s), "
            f"{len(paths) / wall_1:.2f} reports/s, {per_report * 1000:.0f} ms/report, "
            f"{cpu_1 / len(paths) * 1000:.0f} ms CPU/report; peak RSS {rss_1:,.0f} MB "
            "(what one worker process needs, with all the reports kept)"
        )

        # The first pool also starts the fork server (which imports spaCy once); later pools
        # (a second build in the same process, a notebook) fork from it at once.
        def speed_up(label: str, **kw) -> None:
            wall, steady, _ = timed_extraction(paths, **kw)
            print(
                f"extraction, {label}: {wall:.1f} s, {len(paths) / wall:.2f} reports/s; "
                f"speed-up {wall_1 / wall:.2f}x (steady {steady_1 / steady:.2f}x; "
                f"target ≥ 1.7x: {'yes' if wall_1 / wall >= 1.7 else 'NO'})"
            )

        for when in ("cold", "warm"):
            speed_up(f"{n_w} local processes ({when})", workers=n_w)
        if not args.no_dask:
            from distributed import Client, LocalCluster

            with (
                LocalCluster(
                    n_workers=n_w, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                # "cold": the workers import spaCy and build the pipelines during the first
                # build; "warm": a second build on the same long-lived cluster.
                for when in ("cold", "warm"):
                    speed_up(
                        f"Dask LocalCluster ({n_w} worker processes, {when})", scheduler=client
                    )
        print(f"CPU ceiling after: {cpu_ceiling(n_w):.2f}x")

        # -- 2. load -------------------------------------------------------------------------
        cfg = config_hash()
        quads = sum(1 for r in reports for _ in report_quads(r, cfg))
        embedded = unkg.open_store(tmp / "embedded")
        t_emb = load(embedded, reports, cfg)
        embedded.flush()
        disk = folder_bytes(tmp / "embedded")
        print(
            f"load, embedded store: {t_emb:.2f} s, {quads / t_emb:,.0f} quads/s "
            f"({quads / len(reports):,.0f} quads/report; store on disk {disk / 1e6:.0f} MB, "
            f"{disk / len(reports) / 1e3:.0f} kB/report incl. the reference graph)"
        )
        proc, url = start_oxigraph(tmp / "server")
        try:
            remote = RemoteStore(url)
            t_rem = load(remote, reports, cfg)
            assert len(remote) == len(embedded), (len(remote), len(embedded))
        finally:
            proc.terminate()
            proc.wait(30)
        print(
            f"load, Oxigraph server over HTTP: {t_rem:.2f} s, {quads / t_rem:,.0f} quads/s; "
            f"embedded/server ratio {t_rem / t_emb:.1f}x"
        )


if __name__ == "__main__":
    main()
