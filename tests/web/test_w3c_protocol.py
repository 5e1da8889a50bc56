"""The W3C SPARQL 1.1 Protocol (34 tests) and Service Description (3 tests) suites against a
live `unkg serve`.

Runs the npm package rdf-test-suite (installed by the test with `npm ci --prefix tests/web/node`
when npm is there and UNKG_NPM_INSTALL is not 0; the folder is git-ignored) on
the manifest in ../shared/w3c-rdf-tests/sparql11-protocol, mapped onto that local folder, so
nothing is fetched. The suite loads its data and runs updates without credentials, so the
server (updates on, token required) is reached through a small proxy that adds the token.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support import W3C

SUITE = W3C / "sparql11-protocol"
SD_SUITE = W3C / "sparql11-service-description"
TOOLS = Path(__file__).resolve().parent / "node"
RUNNER = TOOLS / "node_modules" / ".bin" / "rdf-test-suite"
BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
TOKEN = "w3c-protocol-test"

pytestmark = pytest.mark.slow


class _TokenProxy(http.server.BaseHTTPRequestHandler):
    target = ""

    def _forward(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else None
        skip = {"host", "content-length", "connection"}
        headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
        headers["Authorization"] = f"Bearer {TOKEN}"
        r = httpx.request(
            self.command, self.target + self.path, content=body, headers=headers, timeout=60
        )
        self.send_response(r.status_code)
        drop = {"content-length", "transfer-encoding", "connection", "content-encoding"}
        for k, v in r.headers.items():
            if k.lower() not in drop:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(r.content)))
        self.end_headers()
        self.wfile.write(r.content)

    do_GET = do_POST = do_PUT = do_DELETE = _forward

    def log_message(self, *args) -> None:
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def _install_runner() -> str | None:
    """`npm ci` into tests/web/node (git-ignored) when the runner is missing; None when it works,
    else why not. Set UNKG_NPM_INSTALL=0 to never install."""
    if RUNNER.exists():
        return None
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None or os.environ.get("UNKG_NPM_INSTALL") == "0":
        return "rdf-test-suite is not installed: run `npm ci --prefix tests/web/node`"
    try:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return f"could not install rdf-test-suite ({exc}); run `npm ci --prefix tests/web/node`"
    return None if RUNNER.exists() else "npm ci did not install rdf-test-suite"


def _need(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the W3C tests live in ../shared/w3c-rdf-tests)")
    problem = _install_runner()
    if problem:
        pytest.skip(problem)


def _run_suite(name: str, folder: Path, options: str) -> tuple[int, int, str]:
    cmd = [
        str(RUNNER),
        "engine.js",
        f"{BASE}{name}/manifest.ttl",
        "-m",
        f"{BASE}{name}/~{folder}/",
        "-i",
        options,
    ]
    run = subprocess.run(cmd, cwd=TOOLS, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    m = re.search(r"(\d+) / (\d+) tests succeeded", output)
    assert m, output[-3000:]
    return int(m.group(1)), int(m.group(2)), output


@pytest.fixture
def proxied_endpoint(tmp_path, server_control) -> Iterator[str]:
    _need(SUITE)
    start, stop = server_control
    store = tmp_path / "store"
    store.mkdir()
    server = start(store, tmp_path / "w3c.log", "--allow-update", env={"UNKG_TOKEN": TOKEN})
    handler = type("Proxy", (_TokenProxy,), {"target": server.url})
    proxy = _ThreadingServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_address[1]}/sparql"
    finally:
        proxy.shutdown()
        proxy.server_close()
        stop(server)


def test_w3c_sparql11_protocol(proxied_endpoint):
    options = f'{{ "protocolEndpoint": "{proxied_endpoint}" }}'
    passed, total, output = _run_suite("protocol", SUITE, options)
    assert total == 34
    assert passed == total, output[-5000:]


def test_w3c_sparql11_service_description(server):
    _need(SD_SUITE)
    options = f'{{ "serviceDescriptionEndpoint": "{server.sparql}" }}'
    passed, total, output = _run_suite("service-description", SD_SUITE, options)
    assert total == 3
    assert passed == total, output[-5000:]
