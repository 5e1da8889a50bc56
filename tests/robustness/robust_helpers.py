"""Helpers for the robustness tests (issue #11): the CLI build and real `unkg serve` processes.

A module with its own name (not conftest.py, which every test folder has) so that the tests
and bench/load.py can import it; the server and build helpers are tests/support.py's.
"""

from __future__ import annotations

from support import (
    ROOT,
    Server,
    cli_build,
    free_port,
    run_watched,
    start_server,
    stop_server,
)

EXAMPLES = ROOT / "examples" / "reports"
XSS = ROOT / "tests" / "data" / "xss"
TOKEN = "robustness-token-9d2e"

__all__ = [
    "EXAMPLES",
    "ROOT",
    "TOKEN",
    "XSS",
    "Server",
    "cli_build",
    "free_port",
    "run_watched",
    "start_server",
    "stop_server",
]
