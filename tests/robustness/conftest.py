"""Fixtures for the robustness tests: built stores and real `unkg serve` processes
(helpers in robust_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from robust_helpers import EXAMPLES, Server, cli_build, start_server, stop_server


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
