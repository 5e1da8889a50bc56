"""Slow and lying clients, with raw sockets on loopback: a connection that does not finish its
request headers in time is closed, a body that stalls gets a 408, a body cut short logs one
line (no traceback), and connections past the cap get a 503 while the server keeps answering.

The server has `--read-timeout 1 --max-connections 20`; every socket has a time limit.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from support import Server


@pytest.fixture(scope="module")
def slow_server(built_store, tmp_path_factory, server_control) -> Iterator[Server]:
    start, stop = server_control
    log = tmp_path_factory.mktemp("log") / "slow.log"
    s = start(built_store, log, "--read-timeout", "1", "--max-connections", "20")
    yield s
    stop(s)


def connect(server: Server, timeout: float = 5) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=timeout)


def read_all(sock: socket.socket) -> bytes:
    """Everything until the server closes (or the socket's time limit raises)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def closed_after(sock: socket.socket) -> tuple[bytes, float]:
    t0 = time.monotonic()
    try:
        data = read_all(sock)
    except ConnectionResetError:
        data = b""
    return data, time.monotonic() - t0


def test_a_silent_connection_is_closed(slow_server):
    with connect(slow_server) as sock:
        data, seconds = closed_after(sock)
    assert data == b"" and seconds < 3


def test_headers_that_never_end_are_closed(slow_server):
    with connect(slow_server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        for _ in range(3):  # a header line now and then (slowloris) does not extend the time
            time.sleep(0.3)
            sock.sendall(b"X-a: b\r\n")
        data, seconds = closed_after(sock)
    assert data == b"" and seconds < 3


def test_a_stalled_body_gets_a_408(slow_server):
    with connect(slow_server) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\n\r\nASK {"
        )
        data, seconds = closed_after(sock)
    assert data.startswith(b"HTTP/1.1 408 "), data[:200]
    assert seconds < 3


def test_a_body_cut_short_logs_one_line(slow_server):
    before = slow_server.log_text()
    with connect(slow_server) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\nASK {"
        )
        time.sleep(0.2)
    time.sleep(0.5)
    new = slow_server.log_text()[len(before) :]
    assert "Traceback" not in new
    lines = [line for line in new.splitlines() if "POST /sparql" in line]
    assert len(lines) == 1 and "went away" in lines[0], new
    assert len(new.strip().splitlines()) == 1, new


def test_connections_past_the_cap_get_a_503(slow_server):
    idle = [connect(slow_server) for _ in range(20)]
    try:
        time.sleep(0.2)
        with connect(slow_server) as extra:
            data, seconds = closed_after(extra)
        assert data.startswith(b"HTTP/1.1 503 "), data[:200]
        assert seconds < 1
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.3)
    assert httpx.get(slow_server.url + "/health", timeout=5).status_code == 200


def test_a_kept_alive_connection_still_works(slow_server):
    """The header deadline is per request: a client that keeps its connection and asks again
    within the keep-alive time is answered each time."""
    with httpx.Client(timeout=5) as c:
        for _ in range(3):
            assert c.get(slow_server.url + "/health").status_code == 200
            time.sleep(1.5)  # longer than the header deadline, shorter than keep-alive (5 s)
