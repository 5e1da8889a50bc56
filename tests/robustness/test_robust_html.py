"""The HTML pages escape document text and send a Content-Security-Policy that blocks inline
event handlers.

The store holds tests/data/xss: a report whose paragraphs and title sidecar contain
``<script>alert(1)</script>`` and ``"><img src=x onerror=alert(1)>``.
"""

from __future__ import annotations

import re

import httpx
import pytest
from robust_helpers import XSS, cli_build

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<script>alert(2)")
SLUG = "S-2099-666-zh"


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory, server_factory):
    store = tmp_path_factory.mktemp("xss") / "store"
    done = cli_build(XSS, store=store)
    assert done.returncode == 0, done.stderr
    return server_factory(store, "--timeout", "5")


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def blocks_inline_handlers(csp: str) -> bool:
    """script-src (or default-src) without 'unsafe-inline', or with a nonce or hash (which
    makes browsers ignore 'unsafe-inline'), and without 'unsafe-hashes'."""
    d = directives(csp)
    sources = d.get("script-src", d.get("default-src"))
    assert sources is not None, f"no script-src or default-src in {csp!r}"
    keyed = any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources)
    return ("'unsafe-inline'" not in sources or keyed) and "'unsafe-hashes'" not in sources


def test_the_fixture_really_carries_the_payloads():
    text = (XSS / "xss-zh.txt").read_text("utf-8") + (XSS / "xss-zh.meta.json").read_text("utf-8")
    assert "<script>alert(1)</script>" in text and "onerror=alert(1)>" in text


def test_the_store_holds_the_payloads_verbatim(xss_server):
    r = httpx.get(
        xss_server.sparql,
        params={"query": "SELECT ?t WHERE { ?r dcterms:title ?t }", "format": "json"},
        timeout=30,
    )
    titles = [b["t"]["value"] for b in r.json()["results"]["bindings"]]
    assert any("<script>alert(1)</script>" in t and "onerror=alert(1)>" in t for t in titles)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/sparql",
        "/graph",
        "/graph?lang=en",
        f"/graph?report={SLUG}",
        f"/graph?report={SLUG}&lang=en",
    ],
)
def test_pages_escape_document_text_and_send_a_strict_csp(xss_server, path):
    r = httpx.get(xss_server.url + path, headers={"Accept": "text/html"}, timeout=60)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["x-content-type-options"] == "nosniff"
    csp = r.headers["content-security-policy"]
    assert blocks_inline_handlers(csp), csp
    d = directives(csp)
    assert d.get("frame-ancestors") == ["'none'"] and d.get("base-uri") == ["'none'"]
    assert "'unsafe-eval'" not in d.get("script-src", [])
    body = r.text
    for payload in PAYLOADS:
        assert payload not in body, (path, payload)
    assert "onerror=alert" not in body.replace("onerror=alert(1)\\u003e", "")  # only escaped
    if path.startswith("/graph"):
        # the report's text is in the page, but only inside the JSON blob, escaped
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in body
        assert "src=x onerror=alert(1)\\u003e" in body
        scripts = re.findall(r"<script\b[^>]*>", body, flags=re.IGNORECASE)
        assert scripts == [
            '<script type="application/json" id="unkg-data">',
            "<script>",
            "<script>",
        ]


def test_the_graph_views_hashes_match_its_scripts(xss_server):
    """The hashes in script-src are those of the page's two inline scripts, so the page works
    (tests/web/test_browser.py loads it in Chromium) while nothing else inline may run."""
    import base64
    import hashlib

    r = httpx.get(xss_server.url + "/graph", timeout=60)
    allowed = set(directives(r.headers["content-security-policy"])["script-src"])
    bodies = re.findall(r"<script>(.*?)</script>", r.text, flags=re.DOTALL)
    assert len(bodies) == 2
    for text in bodies:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed
    assert allowed <= {
        f"'sha256-{d}'"
        for d in [base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in bodies]
    }


@pytest.mark.parametrize(
    "path",
    [
        "/graph?report=%3Cscript%3Ealert(1)%3C/script%3E",
        "/sparql?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/store?graph=%3Cscript%3Ealert(1)%3C/script%3E",
        "/nope%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_errors_echoing_input_are_plain_text(xss_server, path):
    r = httpx.get(xss_server.url + path, headers={"Accept": "text/html"}, timeout=30)
    assert 400 <= r.status_code < 500
    if "<script>" in r.text:  # echoed back: then never as HTML, and never sniffed as HTML
        assert not r.headers["content-type"].startswith("text/html")
        assert r.headers["x-content-type-options"] == "nosniff"
