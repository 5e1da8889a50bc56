"""Fixtures for the web tests: real `unkg serve` processes on free loopback ports.

Each server runs in its own subprocess against a store built from examples/reports in a
temporary folder, exactly as `make demo` runs it; the tests talk HTTP to it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"
TOKEN = "test-token-5f1c"  # test_update.py sends the same


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(store: Path, log: Path, *args: str, env: dict[str, str] | None = None) -> Server:
    port = _free_port()
    cmd = [sys.executable, "-m", "unkg", "serve", "--store", str(store), "--port", str(port), *args]
    full_env = {**os.environ, **(env or {})}
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=full_env, cwd=ROOT)
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


def _stop(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """examples/reports built into a store by the CLI (in a subprocess, so no lock is held here)."""
    path = tmp_path_factory.mktemp("web") / "store"
    subprocess.run(
        [sys.executable, "-m", "unkg", "build", str(EXAMPLES), "--store", str(path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return path


@pytest.fixture(scope="session")
def server(built_store, tmp_path_factory) -> Iterator[Server]:
    """The default, read-only server."""
    s = _start(built_store, tmp_path_factory.mktemp("log") / "server.log")
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def limited_server(built_store, tmp_path_factory) -> Iterator[Server]:
    """Read-only, with a 1 s time limit and at most 50 rows."""
    log = tmp_path_factory.mktemp("log") / "limited.log"
    s = _start(
        built_store,
        log,
        "--timeout",
        "1",
        "--max-rows",
        "50",
        "--cors-origin",
        "https://example.org",
    )
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def rw_server(built_store, tmp_path_factory) -> Iterator[Server]:
    """Updates allowed with the token (from $UNKG_TOKEN), on its own copy of the store."""
    copy = tmp_path_factory.mktemp("rw") / "store"
    shutil.copytree(built_store, copy)
    log = tmp_path_factory.mktemp("log") / "rw.log"
    s = _start(copy, log, "--allow-update", env={"UNKG_TOKEN": TOKEN})
    yield s
    _stop(s)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def server_control():
    """(start, stop) for tests that need a server of their own."""
    return _start, _stop
