"""The read-only server's processes (`unkg.web.prefork`): a serving process that dies is
logged and replaced, and the server goes on answering on the same socket; stopping the server
stops them all."""

from __future__ import annotations

import os
import re
import signal
import time

import httpx
from support import Server


def serving_pids(server: Server) -> list[int]:
    """The processes uvicorn announced in the log, in order."""
    return [int(p) for p in re.findall(r"Started server process \[(\d+)\]", server.log_text())]


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_process_that_dies_is_replaced(built_store, tmp_path, server_control):
    start, stop = server_control
    s = start(built_store, tmp_path / "prefork.log", "--workers", "1")
    try:
        (first,) = serving_pids(s)
        os.kill(first, signal.SIGKILL)
        r = httpx.get(s.sparql, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert f"serving process {first} ended (signal SIGKILL)" in s.log_text()
        pids = serving_pids(s)
        assert len(pids) == 2 and running(pids[1])
    finally:
        stop(s)
    deadline = time.monotonic() + 10
    while running(pids[1]):
        assert time.monotonic() < deadline, "a serving process outlived the server"
        time.sleep(0.1)
    assert s.proc.returncode is not None


def test_a_retiring_process_ends_its_kept_alive_connections_after_their_next_answer(
    built_store, tmp_path, server_control
):
    """A query past the time limit retires its process. A client kept alive on that process
    is not cut off under a request it sends next: that request is answered, with
    `Connection: close`, and the client's following request goes to the replacement."""
    start, stop = server_control
    s = start(built_store, tmp_path / "retire.log", "--workers", "1", "--timeout", "1")
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        with httpx.Client(timeout=30) as kept, httpx.Client(timeout=30) as other:
            assert kept.get(s.url + "/health").status_code == 200  # connection now kept alive
            assert other.get(s.sparql, params={"query": runaway}).status_code == 503
            (first, *_) = serving_pids(s)
            r = kept.get(s.sparql, params={"query": "ASK { ?s ?p ?o }"})
            assert r.status_code == 200 and r.json()["boolean"] is True
            assert r.headers["connection"] == "close"
            again = kept.get(s.sparql, params={"query": "ASK { ?s ?p ?o }"})
            assert again.status_code == 200 and "connection" not in again.headers
        deadline = time.monotonic() + 15
        while running(first):  # its connections ended: it exits (well before its grace)
            assert time.monotonic() < deadline, "a retired process did not end"
            time.sleep(0.1)
    finally:
        stop(s)
