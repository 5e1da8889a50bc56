"""Helpers shared by several test folders (importable as `support`: pytest puts tests/ on
sys.path for tests/conftest.py): real `unkg serve` and `unkg build` processes, and a
store's triples for isomorphism checks.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import rdflib
from rdflib.namespace import PROV

import unkg

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # seeds, dev corpus, real PDFs, W3C tests (CI has it there)
SEEDS = SHARED / "seeds"
DEV_CORPUS = SHARED / "dev-corpus"  # raw/ (zh, en, parallel texts) and gold/
W3C = SHARED / "w3c-rdf-tests"
TOKEN = "test-token-5f1c"  # the update token of the test servers (tests/web)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    proc: subprocess.Popen

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


def start_server(store: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    """`python -m unkg serve` on a free loopback port, once /health answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "unkg", "serve", "--store", str(store), "--port", str(port), *args]
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            cmd, stdout=fh, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, cwd=ROOT
        )
    server = Server(f"http://127.0.0.1:{port}", log, proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"unkg serve exited with {proc.returncode}:\n{server.log_text()}")
        try:
            if httpx.get(server.url + "/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"unkg serve did not come up:\n{server.log_text()}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


def cli_build(*paths: Path, store: Path) -> subprocess.CompletedProcess:
    """`unkg build PATHS --store STORE` in a subprocess (so this process holds no store lock)."""
    return run_watched(
        [sys.executable, "-m", "unkg", "build", *map(str, paths), "--store", str(store)],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )


# run_watched calls a command hung when its processes used less than IDLE CPU seconds in STALL
# seconds: a hung build still ticks (its progress bar redraws: 0.25 s a minute at load 8), a
# build niced to 10 beside 8 busy processes on 2 cores gets at least 1.5 s a minute.
STALL, IDLE = 180, 3.0


def group_cpu(pgid: int) -> float | None:
    """CPU seconds used so far by the live processes of process group `pgid` and by the
    children they have reaped; None without Linux's /proc."""
    if not Path("/proc/self/stat").exists():
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process has just ended
            continue
        if int(fields[2]) == pgid:  # pgrp; utime, stime, cutime, cstime are 11-14
            ticks += sum(int(f) for f in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def run_watched(cmd: list[str], *, stall: float = STALL, **kwargs) -> subprocess.CompletedProcess:
    """`subprocess.run(cmd, capture_output=True, text=True)` that gives up on the command
    only when it stops making progress: when its processes (those it started too, such as
    a build's worker pool and fork server, which hold its output open) used less than IDLE
    s of CPU in `stall` s. A fixed time limit fails a slow run on a busy machine; a hang (a
    process waiting for one that never ends) uses next to no CPU and is caught."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, which the pool's processes join
        **kwargs,
    )
    used, since = group_cpu(proc.pid), time.monotonic()
    while True:
        try:
            out, err = proc.communicate(timeout=1)
            return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            now, cpu = time.monotonic(), group_cpu(proc.pid)
            if cpu is None or used is None or cpu - used >= IDLE:
                used, since = cpu, now
            elif now - since > stall:
                os.killpg(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
                raise AssertionError(
                    f"{cmd} hung: less than {IDLE} s of CPU in {stall} s; stderr:\n{err[-3000:]}"
                ) from None


class LoadsFail:
    """An Oxigraph store whose bulk loads fail (a full disk), the rest as it is: set it as a
    `unkg.graph.store.Store`'s ``_store``."""

    def __init__(self, inner):
        self._inner = inner

    def bulk_load(self, *args, **kwargs):
        raise OSError("no space left on device")

    def __getattr__(self, name):
        return getattr(self._inner, name)


def graph_of(store) -> rdflib.Graph:
    """The store's triples, less the build times (the only thing a rebuild may change)."""
    g = rdflib.Graph().parse(data=unkg.export(store, "ntriples"), format="nt")
    g.remove((None, PROV.startedAtTime, None))
    return g


# -- pages in headless Chromium (tests/graph) ---------------------------------------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL = re.compile(r"^(?:file:|data:|blob:|about:|https?://(?:localhost|127\.0\.0\.1)(?::\d+)?/)")


class Watch:
    """What a page did: console errors, requests (`external` lists those off this machine),
    dialogs (dismissed)."""

    def __init__(self, page):
        self.errors, self.requests, self.dialogs = [], [], []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def external(self):
        return [u for u in self.requests if not LOCAL.match(u)]


def wait_ready(page, timeout: float = 60) -> None:
    """Until the graph page has laid out its graph; polled from Python: the page's CSP forbids
    the eval that page.wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate("() => !!(window.unkgViz && window.unkgViz.ready)"):
        assert time.monotonic() < deadline, "the graph did not finish its layout"
        time.sleep(0.1)


_BLOB = re.compile(r'<script type="application/json" id="unkg-data">(.*?)</script>', re.S)


def blob(html: str) -> dict:
    """The graph page's data: its one JSON blob."""
    m = _BLOB.search(html)
    assert m, "no JSON blob"
    return json.loads(m.group(1))


def built_in_memory(folder: Path):
    """An in-memory store with every report of `folder` built, each one built without error."""
    import unkg

    store = unkg.open_store(memory=True)
    result = unkg.build([folder], store=store)
    assert result.ok, result.failed
    return store
