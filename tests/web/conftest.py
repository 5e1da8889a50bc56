"""Fixtures for the web tests: real `unkg serve` processes on free loopback ports.

Each server runs in its own subprocess against a store built from examples/reports in a
temporary folder, exactly as `make demo` runs it; the tests talk HTTP to it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support import ROOT, TOKEN, Server, start_server, stop_server

EXAMPLES = ROOT / "examples" / "reports"


_start, _stop = start_server, stop_server


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
    """Read-only, with a 1 s time limit and at most 50 rows; its workers read the store on
    disk (the default server copies this small store into memory)."""
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
        "--memory-quads",
        "0",
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
