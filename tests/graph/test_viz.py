"""The HTML graph page: self-contained, data in one JSON blob, document text never as markup."""

import html
import json
import re
import time
from pathlib import Path

import pytest
from support import ROOT, Watch, blob, wait_ready
from typer.testing import CliRunner

import unkg
from unkg.graph.network import mission_country_graph
from unkg.graph.sentences import sentence_bounds, snippet
from unkg.graph.store import StoreError
from unkg.graph.view import view_data
from unkg.graph.viz import (
    LARGE_GRAPH,
    SAMPLES,
    json_for_html,
    render_html,
    render_networkx,
    synthetic_graph,
    write_html,
)
from unkg.ontology.ids import ID_BASE, report_graph_iri

HERE = Path(__file__).resolve().parent
XSS_DIR = ROOT / "tests" / "data" / "xss"
ARTIFACTS = ROOT / "tests" / "artifacts"
ID = "https://w3id.org/unkg/id/"
MONUSCO, MINUSMA = ID + "mission/MONUSCO", ID + "mission/MINUSMA"
MONUC = ID + "mission/MONUC"
COD, MLI = ID + "country/COD", ID + "country/MLI"
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')
BLOB = re.compile(r'<script type="application/json" id="unkg-data">(.*?)</script>', re.S)


def outside_blob(html: str) -> str:
    m = BLOB.search(html)
    return html[: m.start(1)] + html[m.end(1) :]


@pytest.fixture(scope="module")
def page(example_store) -> str:
    return render_html(example_store)


@pytest.fixture(scope="module")
def data(page) -> dict:
    return blob(page)


@pytest.fixture(scope="module")
def xss_store(tmp_path_factory):
    store = unkg.open_store(tmp_path_factory.mktemp("xss-store"))
    result = unkg.build([XSS_DIR], store=store)
    assert result.ok, result.failed
    return store


@pytest.fixture(scope="module")
def xss_page(xss_store) -> str:
    return render_html(xss_store, layers=("Resolution", "Document", "Programme", "Organization"))


# -- self-contained ----------------------------------------------------------------------------
def test_no_external_resources(page):
    assert page.startswith("<!DOCTYPE html>")
    for tag in re.findall(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", page, re.I):
        assert not re.search(r"\b(?:src|href)\s*=", tag, re.I), tag
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "sourceMappingURL" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # Only the page's own two scripts may run: no 'unsafe-inline', so an event handler that
    # slipped into document text could not run either.
    policy = html.unescape(re.search(r'"Content-Security-Policy" content="([^"]+)"', page)[1])
    script_src = re.search(r"script-src ([^;]+)", policy)[1]
    assert "unsafe-inline" not in script_src and script_src.count("'sha256-") == 2
    assert "vis-network" in page and "new vis.Network" in page


def test_blob_parses_and_holds_the_graph(example_store, data):
    ids = {n["id"] for n in data["nodes"]}
    assert {MONUSCO, COD, MINUSMA, MLI} <= ids
    mc = mission_country_graph(example_store)
    base = [n for n in data["nodes"] if not n["layer"] and not n["time"]]
    assert {n["id"] for n in base} == set(mc.nodes)
    edges = {e["id"]: e for e in data["edges"]}
    e = edges[f"{MONUSCO}|operatesIn|{COD}"]
    assert e["weight"] == mc.edges[MONUSCO, COD]["weight"] >= 1
    assert e["value"] == e["weight"]
    assert sum(e["reports"].values()) == e["weight"]
    assert edges[f"{MINUSMA}|operatesIn|{MLI}"]["weight"] >= 1
    monusco = next(n for n in data["nodes"] if n["id"] == MONUSCO)
    assert monusco["zh"] == "联刚稳定团"  # the short Chinese name is drawn
    assert monusco["en"] == "MONUSCO" and monusco["acr"] == "MONUSCO"
    assert monusco["fullEn"].startswith("United Nations Organization Stabilization Mission")
    assert monusco["label"] == "联刚稳定团"
    assert monusco["value"] == monusco["mentions"] == mc.nodes[MONUSCO]["mentions"]
    assert sum(monusco["reports"].values()) == monusco["mentions"]
    assert data["types"] == ["Mission", "Country", "Territory"] and data["layers"] == []
    # distinct colour and shape per type
    styles = [(s["color"], s["shape"]) for s in data["typeStyle"].values()]
    assert len(set(styles)) == len(styles)
    assert {n["shape"] for n in base if n["t"] == "Mission"} == {
        data["typeStyle"]["Mission"]["shape"]
    }


def test_details_and_evidence(data):
    d = data["details"][MONUSCO]
    assert d["acronym"] == "MONUSCO"
    assert d["start"].startswith("2010")
    assert d["host"][0]["iri"] == COD and d["host"][0]["zh"] == "刚果民主共和国"
    assert "联刚稳定团" in d["alt"]
    assert "minted" not in d  # reference data
    mentions = data["samples"]["mentions"][MONUSCO]
    assert len(mentions["items"]) > 0 and mentions["total"] >= 1
    reports = {r["slug"]: r for r in data["reports"]}
    for m in mentions["items"]:
        assert m["r"] in reports
        assert len(m["t"]) % 2 == 1 and len(m["t"]) >= 3
        assert any("联刚稳定团" in x or "稳定特派团" in x or "MONUSCO" in x for x in m["t"][1::2])
    cod = data["details"][COD]
    assert cod["iso3"] == "COD" and cod["iso2"] == "CD"
    assert cod["wikidata"] == ["Q974"]
    page = data["samples"]["evidence"][f"{MONUSCO}|operatesIn|{COD}"]
    ev = page["items"]
    paragraphs = {(x["r"], x["p"]) for x in ev}
    assert 1 <= len(paragraphs) <= SAMPLES and page["total"] >= len(paragraphs)
    assert all(x["r"] in reports and x["p"] for x in ev)
    text = ["".join(x["t"]) for x in ev]
    assert any("联刚稳定团" in t or "稳定特派团" in t for t in text)
    assert any(len(x["t"]) >= 3 for x in ev), "subject/object mentions marked in the sentence"


def test_missions_carry_their_years_and_mandate_acts(data):
    """The slider's data: each mission's years from the reference dates, its acts from the
    store, and the reference hosts of the year view, none of them in the all-years graph."""
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[MONUC]["period"] == [1999, 2010]  # 1999-11 … 2010-06
    assert nodes[MINUSMA]["period"] == [2013, 2023]
    assert nodes[MONUSCO]["period"] == [2010, None]  # still running
    assert data["years"][0] == min(n["period"][0] for n in nodes.values() if n["period"])
    assert data["years"][1] >= 2023
    acts = data["details"][MONUSCO]["acts"]
    assert [(a["date"], a["act"], a["res"]) for a in acts] == [
        ("2010", "established", "S/RES/1925(2010)"),
        ("2023", "extended", "S/RES/2717(2023)"),
    ]
    edges = {e["id"] for e in data["edges"]}
    reports = {r["slug"] for r in data["reports"]}
    for a in acts:  # each act's source is the evidence of a relation the page has
        assert f"{MONUSCO}|{a['pred']}|{a['resIri']}" in edges
        assert a["r"] in reports and a["p"]
    timed = [e for e in data["edges"] if e["time"]]
    assert timed and all(e["pred"] == "referenceHost" for e in timed)
    for e in timed:
        assert nodes[e["from"]]["t"] == "Mission"
        assert e["to"] in {h["iri"] for h in data["details"][e["from"]]["host"]}
        assert f"{e['from']}|operatesIn|{e['to']}" not in edges
    assert all(n["t"] != "Mission" or n["period"] for n in nodes.values() if n["time"])


def test_layers_types_and_language(example_store, data):
    types = {n["t"] for n in data["nodes"] if n["layer"]}
    assert "Resolution" in types  # in the page, hidden until the box is ticked
    layer_edges = [e for e in data["edges"] if e["layer"]]
    assert all(e["pred"] != "operatesIn" for e in layer_edges)
    assert all(e["dashes"] for e in layer_edges)
    en = blob(render_html(example_store, lang="en", types=("Mission", "Resolution")))
    assert en["lang"] == "en"
    assert en["types"] == ["Mission"] and en["layers"] == ["Resolution"]
    assert next(n for n in en["nodes"] if n["id"] == MONUSCO)["label"] == "MONUSCO"
    with pytest.raises(ValueError, match="unknown types"):
        render_html(example_store, types=("Planet",))
    with pytest.raises(ValueError, match="lang"):
        render_html(example_store, lang="fr")
    with pytest.raises(StoreError):
        render_html(example_store, report="no-such-report")


def test_one_report(example_store):
    slug = next(r.slug for r in example_store.reports() if r.identifier == "S/2024/880")
    d = blob(render_html(example_store, report=slug))
    assert [r["slug"] for r in d["reports"]] == [slug]
    ids = {n["id"] for n in d["nodes"]}
    assert MONUSCO in ids and MINUSMA not in ids
    for n in d["nodes"]:
        assert set(n["reports"]) <= {slug}


def test_write_html_api_and_cli(example_store, tmp_path):
    out = write_html(example_store, tmp_path / "sub" / "g.html", lang="en")
    assert out.is_file() and blob(out.read_text("utf-8"))["lang"] == "en"
    assert not list((tmp_path / "sub").glob("*.tmp"))
    html = unkg.api.viz(example_store)
    assert isinstance(html, str) and blob(html)["nodes"]
    from unkg.cli import app

    target = tmp_path / "cli.html"
    r = CliRunner().invoke(
        app,
        [
            "viz",
            "-o",
            str(target),
            "--store",
            str(example_store.path),
            "--types",
            "Mission,Country",
        ],
    )
    if r.exit_code != 0 and "lock" in (r.output or "").lower():
        pytest.skip("the store is open read-write in this process")
    assert r.exit_code == 0, r.output
    assert blob(target.read_text("utf-8"))["types"] == ["Mission", "Country"]
    r = CliRunner().invoke(
        app, ["viz", "-o", str(target), "--store", str(example_store.path), "--types", "Foo"]
    )
    assert r.exit_code == 2


def test_view_data_graph(example_store):
    g, details = view_data(example_store)
    assert g.has_edge(MONUSCO, COD, "operatesIn")
    assert set(details) == {"reports", "details"}
    assert all("reports" in d for _, _, d in g.edges(data=True))
    assert all(d["type"] != "Entity" for _, d in g.nodes(data=True))


def test_operates_in_of_an_untyped_mission_is_one_edge_from_the_mission():
    """A mission minted from text that the store has no type for (named only by a relation)
    still gets one operatesIn edge, mission → country, in the mission–country graph."""
    store = unkg.open_store(memory=True)
    ns, rdf = "https://w3id.org/unkg/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    mission, country = f"{ID_BASE}mission/A-Mission-in-X", f"{ID_BASE}country/XXX"
    graph = report_graph_iri("r1")
    store.oxigraph.update(
        f"""INSERT DATA {{ GRAPH <{graph}> {{
          <{country}> a <{ns}Country> .
          <{graph}#ev1> a <{ns}Evidence> ; <{rdf}subject> <{mission}> ;
            <{rdf}predicate> <{ns}operatesIn> ; <{rdf}object> <{country}> ;
            <{ns}inParagraph> <{graph}#p1> .
        }} }}"""
    )
    g, _ = view_data(store)
    edges = [
        (s, o, k, d["layer"], d["weight"], d["reports"])
        for s, o, k, d in g.edges(keys=True, data=True)
    ]
    assert edges == [(mission, country, "operatesIn", False, 1, {"r1": 1})]
    assert g.nodes[mission]["type"] == "Mission" and g.nodes[country]["type"] == "Country"


# -- text helpers ------------------------------------------------------------------------------
def test_sentence_and_snippet():
    text = "第一句。联刚稳定团在刚果民主共和国部署！第三句<!-- x -->仍在。"
    b = text.index("联刚稳定团")
    start, stop = sentence_bounds(text, b, b + 5)
    assert text[start:stop] == "联刚稳定团在刚果民主共和国部署！"
    c = text.index("刚果民主共和国")
    parts = snippet(text, [(c, c + 7), (b, b + 5)], start, stop)
    assert parts == ["", "联刚稳定团", "在", "刚果民主共和国", "部署！"]
    b = text.index("第三句")
    start, stop = sentence_bounds(text, b, b + 3)
    assert text[start:stop] == "第三句<!-- x -->仍在。"  # ASCII "!" inside markup is no full stop
    long = "甲" * 500 + "联刚稳定团" + "乙" * 500
    parts = snippet(long, [(500, 505)], 0, len(long))
    assert parts[1] == "联刚稳定团" and parts[0].startswith("…") and parts[2].endswith("…")
    assert len("".join(parts)) < 300


def test_json_for_html_escapes():
    s = json_for_html({"a": "</script><!-- & -->", "b": "<\u2028>"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"a": "</script><!-- & -->", "b": "<\u2028>"}


# -- markup in documents -----------------------------------------------------------------------
def test_xss_payload_only_inside_the_blob(xss_page):
    outside = outside_blob(xss_page)
    for payload in (*PAYLOADS, "alert(1)", "alert(2)", "onerror"):
        assert payload not in outside
    raw = BLOB.search(xss_page).group(1)
    assert "</script" not in raw.lower() and "<!--" not in raw and "<" not in raw
    assert "\\u003c/script" in raw
    # the text survives, escaped: the page will show it literally
    d = json.loads(raw)
    texts = json.dumps(d["samples"], ensure_ascii=False)
    for payload in PAYLOADS:
        assert payload in texts.replace('\\"', '"')
    assert any(PAYLOADS[0] in r["title"] for r in d["reports"])
    assert f"{MONUSCO}|operatesIn|{COD}" in d["samples"]["evidence"]


def test_vendored_js_is_inlinable():
    from unkg.graph.viz import asset

    for name in ("vis-network.min.js", "viz.js"):
        js = asset(name)
        assert "</script" not in js.lower() and "<!--" not in js
    assert "innerHTML" not in asset("viz.js")
    assets = ROOT / "graph" / "assets"
    assert (assets / "LICENSE-MIT").is_file() and (assets / "LICENSE-APACHE-2.0").is_file()


# -- size --------------------------------------------------------------------------------------
def test_large_graph_freezes_physics_and_size():
    g, details = synthetic_graph(LARGE_GRAPH)
    html = render_networkx(g, details)
    d = blob(html)
    assert d["large"] is True and len(d["nodes"]) == LARGE_GRAPH
    assert d["options"]["physics"]["stabilization"]["iterations"] <= 300
    assert d["options"]["edges"]["smooth"] is False
    assert "setOptions({ physics: false })" in html
    assert len(html.encode()) < 10_000_000  # measured: about 6 MB for 2,000 nodes / 4,000 edges
    small = blob(render_networkx(*synthetic_graph(50)))
    assert small["large"] is False


# -- in a browser ------------------------------------------------------------------------------
def open_page(browser, html: str, path: Path):
    path.write_text(html, "utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    watch = Watch(page)
    page.goto(path.as_uri())
    wait_ready(page)
    return page, watch


@pytest.mark.browser
def test_browser_graph(browser, page, data, tmp_path):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    p, watch = open_page(browser, page, tmp_path / "graph.html")
    try:
        base = [n for n in data["nodes"] if not n["layer"] and not n["time"]]
        assert p.evaluate("() => unkgViz.visibleNodeCount()") == len(base)
        p.wait_for_timeout(300)
        p.screenshot(path=str(ARTIFACTS / "graph-default.png"))

        # search by Chinese short name → MONUSCO selected, focused, panel with evidence
        p.fill("#search", "联刚稳定团")
        p.wait_for_timeout(600)
        assert p.evaluate("() => unkgViz.selectedNodes()") == [MONUSCO]
        assert p.evaluate("() => unkgViz.panelNode()") == MONUSCO
        panel = p.inner_text("#panel-body")
        assert "MONUSCO" in panel and "刚果民主共和国" in panel
        marks = p.eval_on_selector_all("#panel-body mark", "els => els.map(e => e.textContent)")
        assert any("联刚稳定团" in m or "稳定特派团" in m for m in marks)
        p.screenshot(path=str(ARTIFACTS / "graph-search-monusco.png"))

        # by acronym too
        p.fill("#search", "")
        p.click("#panel-close")
        assert p.evaluate("() => unkgViz.panelNode()") is None
        p.fill("#search", "minusma")
        p.press("#search", "Enter")
        p.wait_for_timeout(600)
        assert p.evaluate("() => unkgViz.selectedNodes()") == [MINUSMA]

        # clicking MONUSCO on the canvas opens its panel
        p.click("#panel-close")
        p.click("#reset")
        p.wait_for_timeout(600)
        pos = p.evaluate(f"() => unkgViz.domPosition({json.dumps(MONUSCO)})")
        p.mouse.click(pos["x"], pos["y"])
        p.wait_for_timeout(300)
        assert p.evaluate("() => unkgViz.panelNode()") == MONUSCO

        # an edge's panel shows its evidence sentences with report and paragraph
        edge = f"{MONUSCO}|operatesIn|{COD}"
        p.evaluate(f"() => unkgViz.selectEdge({json.dumps(edge)})")
        assert p.evaluate("() => unkgViz.panelEdge()") == edge
        items = p.eval_on_selector_all(
            "#panel-body li .where", "els => els.map(e => e.textContent)"
        )
        assert items and all("¶" in x for x in items)

        # clicking the edge itself (its middle) opens the same panel
        p.click("#panel-close")
        mid = p.evaluate(f"() => unkgViz.edgeDomPosition({json.dumps(edge)})")
        assert mid is not None
        p.mouse.click(mid["x"], mid["y"])
        p.wait_for_timeout(300)
        assert p.evaluate("() => unkgViz.panelEdge()") == edge

        # one report: only what it mentions, edge widths from its own evidence
        slug = next(r["slug"] for r in data["reports"] if r["id"] == "S/2023/1000")
        in_report = {n["id"] for n in base if n["reports"].get(slug)}
        expected = {
            x
            for e in data["edges"]
            if not e["layer"] and e["reports"].get(slug)
            for x in (e["from"], e["to"])
            if e["from"] in in_report and e["to"] in in_report
        }
        p.select_option("#report", slug)
        assert set(p.evaluate("() => unkgViz.visibleNodeIds()")) == expected
        assert len(expected) < len(base)
        assert MINUSMA in p.evaluate("() => unkgViz.visibleNodeIds()")
        assert MONUSCO not in p.evaluate("() => unkgViz.visibleNodeIds()")
        p.select_option("#report", "")
        assert p.evaluate("() => unkgViz.visibleNodeCount()") == len(base)

        # the Country filter hides the countries, their edges, and what is left without an edge
        before = p.evaluate("() => unkgViz.visibleNodeCount()")
        kinds = {n["id"]: n["t"] for n in base}
        p.click("#type-Country")
        shown = p.evaluate("() => unkgViz.visibleNodeIds()")
        assert shown and all(kinds[x] != "Country" for x in shown)
        stats = p.get_attribute("#stats", "data-unlinked")
        assert int(stats) > 0  # missions only in countries are now without an edge
        p.check("#unlinked")  # … and come back on request
        assert p.evaluate("() => unkgViz.visibleNodeCount()") > len(shown)
        p.uncheck("#unlinked")
        p.click("#type-Country")
        assert p.evaluate("() => unkgViz.visibleNodeCount()") == before

        # layers, minimum evidence, English labels
        p.click("#type-Resolution")
        assert p.evaluate("() => unkgViz.visibleNodeCount()") > before
        p.click("#type-Resolution")
        p.eval_on_selector(
            "#min-evidence", "el => { el.value = el.max; el.dispatchEvent(new Event('input')); }"
        )
        assert p.evaluate("() => unkgViz.visibleNodeCount()") < before
        p.eval_on_selector(
            "#min-evidence", "el => { el.value = 1; el.dispatchEvent(new Event('input')); }"
        )
        p.check("input[name=lang][value=en]")
        label = p.evaluate(
            f"() => unkgViz.network.body.data.nodes.get({json.dumps(MONUSCO)}).label"
        )
        assert label == "MONUSCO"
        p.screenshot(path=str(ARTIFACTS / "graph-english.png"))
        assert p.evaluate("() => unkgViz.year") is None  # all years: the reports' graph

        assert watch.external() == [], watch.external()
        assert watch.errors == []
        assert watch.dialogs == []
    finally:
        p.close()


def year_of(page) -> int | None:
    return page.evaluate("() => unkgViz.year")


def set_slider(page, value: int) -> None:
    page.eval_on_selector(
        "#year", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", value
    )


@pytest.mark.browser
def test_browser_year_slider_and_play(browser, page, data, tmp_path):
    """The map of a year: MONUC (1999-2010) is on it in 1999 and gone in 2015, where MINUSMA
    (from 2013) is; the URL keeps the year; play steps through the years; the last position
    is all years again."""
    p, watch = open_page(browser, page, tmp_path / "years.html")
    try:
        all_years = p.evaluate("() => unkgViz.visibleNodeIds()")
        first, last = data["years"]
        assert p.get_attribute("#year", "min") == str(first)
        assert p.get_attribute("#year", "max") == str(last + 1)
        set_slider(p, 1999)
        shown = set(p.evaluate("() => unkgViz.visibleNodeIds()"))
        assert year_of(p) == 1999 and p.inner_text("#year-value") == "1999"
        assert MONUC in shown and COD in shown and MINUSMA not in shown and MONUSCO not in shown
        assert p.url.endswith("#year=1999")
        set_slider(p, 2015)
        shown = set(p.evaluate("() => unkgViz.visibleNodeIds()"))
        assert MONUC not in shown and MONUSCO in shown and MINUSMA in shown and MLI in shown
        missions = {n["id"]: n for n in data["nodes"] if n["t"] == "Mission"}
        for m, n in missions.items():  # no mission outside its years
            if m in shown:
                assert n["period"][0] <= 2015 and (n["period"][1] is None or n["period"][1] >= 2015)
        assert "2015" in p.inner_text("#stats")
        p.screenshot(path=str(ARTIFACTS / "graph-year-2015.png"))

        set_slider(p, last + 1)
        assert year_of(p) is None and p.url.endswith("years.html")
        assert sorted(p.evaluate("() => unkgViz.visibleNodeIds()")) == sorted(all_years)

        p.click("#play")  # from all years, play starts at the first year and steps on
        assert year_of(p) == first and p.evaluate("() => unkgViz.playing")
        deadline = time.monotonic() + 10
        while year_of(p) < first + 2:
            assert time.monotonic() < deadline, "play did not advance the year"
            time.sleep(0.1)
        p.click("#play")  # pause
        paused = year_of(p)
        p.wait_for_timeout(1200)
        assert year_of(p) == paused and not p.evaluate("() => unkgViz.playing")

        # a shared URL opens on its year
        p.goto((tmp_path / "years.html").as_uri() + "#year=2000")
        wait_ready(p)
        assert year_of(p) == 2000 and p.input_value("#year") == "2000"
        assert MONUC in p.evaluate("() => unkgViz.visibleNodeIds()")
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        p.close()


@pytest.mark.browser
def test_browser_mission_timeline_panel(browser, page, data, tmp_path):
    """A mission's panel lists its mandate acts; a source opens the evidence of the act."""
    p, watch = open_page(browser, page, tmp_path / "panel.html")
    try:
        pos = p.evaluate(f"() => unkgViz.domPosition({json.dumps(MONUSCO)})")
        p.mouse.click(pos["x"], pos["y"])
        p.wait_for_timeout(300)
        assert p.evaluate("() => unkgViz.panelNode()") == MONUSCO
        reports = {r["slug"]: r["id"] for r in data["reports"]}
        expected = [
            [a["date"], a["act"], a["res"], a["until"], f"{reports[a['r']]} ¶{a['p']}"]
            for a in data["details"][MONUSCO]["acts"]
        ]
        p.check("input[name=lang][value=en]")
        rows = p.eval_on_selector_all(
            "#panel-body table.acts tbody tr",
            "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))",
        )
        assert rows == expected and len(rows) == 2
        p.click("#panel-body table.acts tr[data-act=extended] a.evidence")
        edge = p.evaluate("() => unkgViz.panelEdge()")
        assert edge.startswith(f"{MONUSCO}|mandateExtendedBy|")
        sentences = p.inner_text("#panel-body .sentences")
        assert "S/RES/2717(2023)" in p.inner_text("#panel-body") and "¶" in sentences
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        p.close()


@pytest.mark.browser
def test_browser_shows_markup_as_text(browser, xss_page, tmp_path):
    p, watch = open_page(browser, xss_page, tmp_path / "xss.html")
    try:
        p.fill("#search", "MONUSCO")
        p.press("#search", "Enter")
        p.wait_for_timeout(400)
        text = p.inner_text("#panel-body")
        assert PAYLOADS[0] in text and PAYLOADS[1] in text
        p.evaluate(f"() => unkgViz.selectEdge({json.dumps(f'{MONUSCO}|operatesIn|{COD}')})")
        assert PAYLOADS[0] in p.inner_text("#panel-body")
        assert PAYLOADS[0] in p.inner_text("#report")
        assert p.evaluate("() => document.querySelectorAll('img, iframe, object').length") == 0
        assert p.evaluate("() => document.scripts.length") == 3  # blob, vis-network, ours
        p.wait_for_timeout(300)
        assert watch.dialogs == []
        assert watch.errors == []
        assert watch.external() == []
        p.screenshot(path=str(ARTIFACTS / "graph-xss.png"))
    finally:
        p.close()


def test_empty_store_renders():
    d = blob(render_html(unkg.open_store(memory=True)))
    assert d["nodes"] == [] and d["edges"] == [] and d["reports"] == []


@pytest.mark.browser
def test_browser_empty_page(browser, tmp_path):
    html = render_html(unkg.open_store(memory=True))
    p, watch = open_page(browser, html, tmp_path / "empty.html")
    try:
        assert p.evaluate("() => unkgViz.visibleNodeCount()") == 0
        assert "unkg build" in p.inner_text("#loading")
        assert watch.errors == [] and watch.external() == []
    finally:
        p.close()


def test_a_minted_mission_lists_the_short_forms_its_report_defined(tmp_path):
    """全称(简称) and Full Name (ACRONYM) of a mission the reference data lacks: the short form
    is one of its other names (never the full name itself), the page draws the mission by it
    as it does a reference mission, and the report graph still conforms to the shapes."""
    english = tmp_path / "en"
    english.mkdir()
    (english / "r.txt").write_text(
        "S/2031/78\n\nSecurity Council\n\n1 March 2031\n\n"
        "1. By its resolution 9999 (2030), the Security Council established the United Nations "
        "Antarctic Observer Mission (UNAOBS). UNAOBS works in Chile.\n\n"
        "2. UNAOBS continued its work in Chile.\n",
        encoding="utf-8",
    )
    store = unkg.open_store(tmp_path / "store")
    assert unkg.build([ROOT / "tests" / "data" / "minted", english], store=store).ok
    g, info = view_data(store)
    alt = {g.nodes[n]["label_zh"] or g.nodes[n]["label_en"]: d["alt"] for n, d in
           info["details"].items() if "minted" in d}  # fmt: skip
    assert alt == {
        "联合国南极观察团": ["南极观察团"],
        "United Nations Antarctic Observer Mission": ["UNAOBS"],
    }
    labels = {n["label"] for n in blob(render_html(store))["nodes"]}
    assert "南极观察团" in labels and "联合国南极观察团" not in labels
    for report in ("S-2031-77-zh", "S-2031-78-en"):
        assert [
            v for v in unkg.api.validate(store, report=report) if v.severity == "Violation"
        ] == []


@pytest.mark.browser
def test_browser_minted_entity_says_so_with_its_report(browser, tmp_path):
    """A mission the reference data lacks, minted from a report's 全称(简称): named as the
    report writes it, typed, and its panel says it was minted from which report."""
    store = unkg.open_store(tmp_path / "store")
    result = unkg.build([ROOT / "tests" / "data" / "minted"], store=store)
    assert result.ok, result.failed
    html = render_html(store)
    data = blob(html)
    node = next(n for n in data["nodes"] if "minted" in data["details"][n["id"]])
    assert node["t"] == "Mission" and node["label"] == "南极观察团"  # the short form it defined
    assert data["details"][node["id"]]["minted"] == ["S-2031-77-zh"]
    p, watch = open_page(browser, html, tmp_path / "minted.html")
    try:
        p.evaluate(f"() => unkgViz.select({json.dumps(node['id'])})")
        assert p.evaluate("() => unkgViz.panelNode()") == node["id"]
        assert "不在参考数据中：由 S/2031/77 的文本新建" in p.inner_text("#panel-body")
        assert "其他名称" in p.inner_text("#panel-body")
        assert p.locator("#panel-body details").text_content() == "1 个南极观察团"
        p.check("input[name=lang][value=en]")
        p.evaluate(f"() => unkgViz.select({json.dumps(node['id'])})")
        text = p.inner_text("#panel-body")
        assert "not in the reference data: minted from the text of S/2031/77" in text
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        p.close()
