"""Fixtures for the robustness tests (issue #11): built stores and real `unkg serve` processes.

Kept separate from tests/web/conftest.py (this folder has no __init__.py, and importing one
conftest from another is fragile), but the servers start the same way: `python -m unkg serve`
in a subprocess on a free loopback port, polled on /health until it answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"
XSS = ROOT / "tests" / "data" / "xss"
TOKEN = "robustness-token-9d2e"


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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> Server:
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


def cli_build(*paths: Path, store: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """`unkg build PATHS --store STORE` in a subprocess (so this process holds no store lock)."""
    return subprocess.run(
        [sys.executable, "-m", "unkg", "build", *map(str, paths), "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture(scope="session")
def example_store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("robust-examples") / "store"
    done = cli_build(EXAMPLES, store=path)
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="session")
def robust_server(example_store_path, tmp_path_factory) -> Iterator[Server]:
    """Read-only, 2 s time limit (so hostile queries end fast), default row limit."""
    log = tmp_path_factory.mktemp("robust-log") / "server.log"
    s = start_server(example_store_path, log, "--timeout", "2")
    yield s
    stop_server(s)


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory) -> Iterator[Callable[..., Server]]:
    """Start extra servers; all are stopped at the end of the session."""
    started: list[Server] = []

    def make(store: Path, *args: str, env: dict[str, str] | None = None) -> Server:
        log = tmp_path_factory.mktemp("robust-log") / "server.log"
        s = start_server(store, log, *args, env=env)
        started.append(s)
        return s

    yield make
    for s in started:
        stop_server(s)
