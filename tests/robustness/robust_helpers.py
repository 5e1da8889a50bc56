"""Helpers for the robustness tests (issue #11): the CLI build and real `unkg serve` processes.

A module with its own name (not conftest.py, which every test folder has) so that the tests
and bench/load.py can import it. The servers start as in tests/web/conftest.py:
`python -m unkg serve` in a subprocess on a free loopback port, polled on /health.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

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
