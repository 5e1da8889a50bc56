"""Load: concurrent clients mixing the gallery queries get no error, also while one more client
keeps sending a query that runs into the time limit. Full run (64 clients x 30 s):
bench/load.py; its figures are in docs/robustness.md."""

from __future__ import annotations

import sys

import pytest
from robust_helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
try:
    from load import run_load
finally:
    sys.path.remove(str(ROOT / "bench"))

# Their limits (p99 under 2 s, /health under 1 s) assume nothing runs beside them.
pytestmark = pytest.mark.alone


@pytest.fixture(scope="module")
def load_server(example_store_path, server_factory):
    return server_factory(example_store_path, "--timeout", "2")


@pytest.mark.slow
def test_16_clients_for_5_s(load_server):
    s = run_load(load_server.url, clients=16, duration=5)
    summary = s.summary()
    print("16 clients x 5 s:", summary)
    assert s.errors == [], s.errors[:5]
    assert summary["requests"] > 100
    assert summary["p99_ms"] < 2000


@pytest.mark.slow
def test_16_clients_for_5_s_beside_a_timing_out_query(load_server):
    s = run_load(load_server.url, clients=16, duration=5, slow=True)
    summary = s.summary()
    print("16 clients x 5 s + 1 timing out:", summary)
    assert s.errors == [], s.errors[:5]
    assert s.slow_statuses and set(s.slow_statuses) == {503}, s.slow_statuses
    assert summary["requests"] > 50
    assert summary["health_max_ms"] < 1000
    assert " 500 " not in load_server.log_text()
