"""The query page in headless Chromium: YASGUI loads from the server alone, the gallery runs
queries, and markup in the data is shown as text."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SAME_HOST = re.compile(r"^(?:data:|blob:|about:|https?://127\.0\.0\.1(?::\d+)?/)")
TOKEN = "test-token-5f1c"  # the token conftest starts rw_server with


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("browser test needs /usr/bin/chromium (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("browser test needs Playwright for Python (pip install playwright)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    def __init__(self, browser, url: str):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)

    def wait_text(self, selector: str, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            el = self.page.query_selector(selector)
            content = el.inner_text() if el else ""
            if text in content:
                return content
            assert time.monotonic() < deadline, (
                f"{text!r} never appeared in {selector}: {content[:500]}"
            )
            time.sleep(0.1)

    def external(self) -> list[str]:
        return [u for u in self.requests if not SAME_HOST.match(u)]

    def run_query(self, query: str) -> None:
        """Type `query` into the query page's editor (as the gallery loads one) and run it."""
        self.page.evaluate(
            "(q) => document.querySelector('.yasqe .CodeMirror').CodeMirror.setValue(q)", query
        )
        self.page.click(".yasqe_queryButton")


@pytest.mark.browser
def test_query_page_runs_a_gallery_query(browser, server):
    p = Page(browser, server.url + "/")
    p.wait_text("#yasgui", "Query")
    button = p.page.query_selector("button.example >> text=Countries co-mentioned with MONUSCO")
    button.click()
    results = p.wait_text(".yasr", "country/COD")
    assert "Democratic Republic of the Congo" in results
    assert "MONUSCO" in p.page.inner_text("#description")
    assert p.errors == []
    assert p.external() == []
    p.page.close()


@pytest.mark.browser
def test_markup_in_data_is_text(browser, rw_server):
    hostile = '<img src=x onerror="alert(1)">'
    update = (
        "INSERT DATA { GRAPH <http://example.org/xss> { <http://example.org/x> "
        f"<http://www.w3.org/2004/02/skos/core#prefLabel> '{hostile}' }} }}"
    )
    r = httpx.post(
        rw_server.sparql, data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code in (200, 204), r.text
    p = Page(browser, rw_server.url + "/")
    p.wait_text("#yasgui", "Query")
    query = "SELECT ?label WHERE { <http://example.org/x> skos:prefLabel ?label }"
    p.run_query(query)  # through YASGUI
    shown = p.wait_text(".yasr", "onerror")
    assert hostile in shown  # the markup is displayed as text
    assert p.dialogs == []
    assert p.page.query_selector(".yasr img[src='x']") is None
    httpx.post(
        rw_server.sparql,
        data={"update": "DROP SILENT GRAPH <http://example.org/xss>"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    p.page.close()


@pytest.mark.browser
def test_graph_view_loads_offline(browser, server):
    p = Page(browser, server.url + "/graph")
    p.page.wait_for_timeout(1500)
    assert p.errors == []
    assert p.external() == []
    assert p.dialogs == []
    p.page.close()


@pytest.mark.browser
def test_graph_view_fetches_sentences_on_click(browser, server):
    """The served page carries no sentences: a click fetches the first page from
    /graph/evidence, and "More" the next."""
    monusco = "https://w3id.org/unkg/id/mission/MONUSCO"
    p = Page(browser, server.url + "/graph?lang=en")
    deadline = time.monotonic() + 60
    while not p.page.evaluate("() => !!(window.unkgViz && window.unkgViz.ready)"):
        assert time.monotonic() < deadline, "the graph did not finish its layout"
        time.sleep(0.1)
    stats = p.page.inner_text("#stats")
    assert "nodes and" in stats and "Hidden:" in stats
    p.page.evaluate(f"() => unkgViz.select({monusco!r})")
    p.wait_text("#panel-body", "Paragraphs mentioning it (")
    deadline = time.monotonic() + 20
    while p.page.eval_on_selector_all("#panel-body .sentences li", "els => els.length") < 1:
        assert time.monotonic() < deadline, p.page.inner_text("#panel-body")
        time.sleep(0.1)
    first = p.page.eval_on_selector_all("#panel-body .sentences li", "els => els.length")
    assert p.page.eval_on_selector_all("#panel-body mark", "els => els.length") >= 1
    assert any("/graph/evidence?node=" in u for u in p.requests)
    more = p.page.query_selector("#panel-body .load-more")
    if more is not None:  # more paragraphs than one page
        more.click()
        deadline = time.monotonic() + 20
        while p.page.eval_on_selector_all("#panel-body .sentences li", "e => e.length") <= first:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    assert p.errors == [] and p.external() == [] and p.dialogs == []
    p.page.close()


@pytest.mark.browser
def test_query_page_shows_the_helpful_syntax_error(browser, server):
    """The endpoint's error body (line, caret, likely mistake) is what the page shows."""
    p = Page(browser, server.url + "/")
    p.wait_text("#yasgui", "Query")
    p.run_query("SELECT * WHERE { ?x nope:p ?y }")
    shown = p.wait_text(".yasr", "unknown prefix `nope:`")
    assert "declared: unkg, mission, country" in shown
    assert p.external() == []
    p.page.close()


@pytest.mark.browser
def test_query_page_shows_literals_as_people_read_them(browser, server):
    """A typed literal is its value with the type on hover; row numbers have room."""
    p = Page(browser, server.url + "/")
    p.wait_text("#yasgui", "Query")
    p.run_query(
        'SELECT ?n ?label WHERE { VALUES (?n ?label) { (7 "联刚稳定团"@zh) (12 "MONUSCO"@en) } }'
    )
    p.wait_text(".yasr", "联刚稳定团")
    table = p.page.inner_text(".yasr table.dataTable tbody")
    assert "^^" not in table and '"7"' not in table and "@zh" not in table
    titles = p.page.eval_on_selector_all(
        ".yasr span.typed", "els => els.map(e => [e.textContent, e.title])"
    )
    assert ["7", "xsd:integer"] in titles and ["联刚稳定团", "@zh"] in titles
    number, first = p.page.eval_on_selector_all(
        ".yasr table.dataTable tbody tr:first-child td",
        "tds => tds.slice(0, 2).map(td => td.getBoundingClientRect())"
        ".map(r => ({left: r.left, right: r.right}))",
    )
    row_text = p.page.eval_on_selector(
        ".yasr table.dataTable tbody tr:first-child td:first-child",
        "td => { const r = document.createRange(); r.selectNodeContents(td); "
        "return r.getBoundingClientRect().right; }",
    )
    assert row_text <= number["right"] <= first["left"] + 0.5  # the number stays in its column
    assert p.errors == [] and p.external() == []
    p.page.close()


def _wait_ready(p: Page) -> None:
    deadline = time.monotonic() + 60
    while not p.page.evaluate("() => !!(window.unkgViz && window.unkgViz.ready)"):
        assert time.monotonic() < deadline, "the graph did not finish its layout"
        time.sleep(0.1)


@pytest.mark.browser
def test_graph_view_year_and_mission_timeline(browser, server):
    """The served page opens on the year its URL names; a mission's mandate history links
    each act to its evidence, fetched from /graph/evidence."""
    mission = "https://w3id.org/unkg/id/mission/"
    p = Page(browser, server.url + "/graph?lang=en#year=2005")
    _wait_ready(p)
    shown = p.page.evaluate("() => unkgViz.visibleNodeIds()")
    assert p.page.evaluate("() => unkgViz.year") == 2005
    assert mission + "MONUC" in shown and mission + "MONUSCO" not in shown
    assert p.page.input_value("#year") == "2005"
    p.page.evaluate(f"() => unkgViz.select({mission + 'MONUSCO'!r})")
    assert p.page.evaluate("() => unkgViz.year") == 2010  # moved to a year it is on the map
    assert p.page.url.endswith("#year=2010")
    p.wait_text("#panel-body", "Mandate history (2)")
    p.page.click("#panel-body table.acts tr[data-act=established] a.evidence")
    assert p.page.evaluate("() => unkgViz.panelEdge()").startswith(
        mission + "MONUSCO|establishedBy|"
    )
    deadline = time.monotonic() + 20
    while p.page.eval_on_selector_all("#panel-body .sentences li", "els => els.length") < 1:
        assert time.monotonic() < deadline, p.page.inner_text("#panel-body")
        time.sleep(0.1)
    assert any("/graph/evidence?edge=" in u for u in p.requests)
    assert p.errors == [] and p.external() == [] and p.dialogs == []
    p.page.close()


@pytest.mark.browser
def test_timeline_chart_page_linked_with_the_graph_page(browser, server):
    """The query page and the graph page link to /timeline; its bars and marks are drawn under
    the server's policy, and its year cursor links to the graph page's map of that year."""
    p = Page(browser, server.url + "/")
    p.wait_text("#yasgui", "Query")
    assert p.page.get_attribute("a[href=timeline]", "href") == "timeline"
    p.page.goto(server.url + "/graph?lang=en#year=1999")
    _wait_ready(p)
    assert p.page.get_attribute("#chart-link", "href") == "timeline?lang=en#year=1999"
    p.page.click("#chart-link")
    p.page.wait_for_selector("#active-count[data-active]")
    assert p.page.url == server.url + "/timeline?lang=en#year=1999"
    assert p.page.input_value("#year") == "1999"
    bars = p.page.eval_on_selector_all("g.mission rect.bar", "els => els.length")
    marks = p.page.eval_on_selector_all("g.mission .act-mark", "els => els.length")
    assert bars > 50 and marks > 0
    assert p.page.get_attribute("#map-link", "href") == "graph?lang=en#year=1999"
    p.page.click("#map-link")
    _wait_ready(p)
    assert p.page.evaluate("() => unkgViz.year") == 1999
    assert p.errors == [] and p.external() == [] and p.dialogs == []
    p.page.close()
