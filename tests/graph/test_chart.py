"""The timeline chart: one bar per dated mission, its acts as marks, every string escaped,
nothing fetched; the year cursor in a browser."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from pyoxigraph import Literal, NamedNode, Triple
from support import ROOT, Watch
from typer.testing import CliRunner

import unkg
from unkg.graph.chart import chart_bars, render_chart
from unkg.graph.periods import mission_acts
from unkg.graph.timeline import active
from unkg.ontology.ids import report_graph_iri

TODAY = date(2026, 6, 30)
ARTIFACTS = ROOT / "tests" / "artifacts"
MISSION = "https://w3id.org/unkg/id/mission/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
BAR = re.compile(r'<g class="mission" data-iri="([^"]+)"')
MARK = re.compile(r'<text class="act-mark" data-act="(\w+)"')


@pytest.fixture(scope="module")
def chart(example_store) -> str:
    return render_chart(example_store, lang="en", today=TODAY)


def test_one_bar_per_dated_mission_with_its_acts_as_marks(example_store, chart):
    dated = active(example_store, "1945", TODAY.isoformat())
    bars = BAR.findall(chart)
    assert len(bars) == len(set(bars)) == len(dated) > 50  # every mission of the reference data
    assert set(bars) == {a.iri for a in dated}
    acts = mission_acts(example_store)
    drawn = sum(len([a for a in rows if a["date"]]) for rows in acts.values())
    assert len(MARK.findall(chart)) == drawn > 0
    monusco = chart[chart.index(f'data-iri="{MISSION}MONUSCO"') :]
    monusco = monusco[: monusco.index("</g>")]
    assert MARK.findall(monusco) == ["established", "extended"]
    extended = next(a for a in acts[MISSION + "MONUSCO"] if a["act"] == "extended")
    until = f" · until {extended['until']}" if extended["until"] else ""
    tooltip = f"extended · S/RES/2717(2023) · 2023{until} · S/2024/880 ¶{extended['p']}"
    assert f"<title>{tooltip}</title>" in html.unescape(monusco)
    # ordered by start; a mission still running reaches today, one that ended stops
    starts = [b.start for b in chart_bars(example_store, TODAY)]
    assert starts == sorted(starts, key=lambda s: (s + "-01-01")[:10])
    bars_by = {b.acronym: b for b in chart_bars(example_store, TODAY)}
    assert (bars_by["MONUC"].first, bars_by["MONUC"].last) == (1999, 2010)
    assert bars_by["MONUSCO"].last is None
    assert bars_by["UNEF-I"].kind == "PeacekeepingOperation"
    assert bars_by["UNAMA"].kind == "SpecialPoliticalMission"


def test_legend_and_self_contained(chart):
    assert 'data-kind="PeacekeepingOperation"' in chart and "Special political mission" in chart
    for act in ("established", "extended", "terminated"):
        assert f'<span class="act" data-act="{act}">' in chart
    for tag in re.findall(r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*>", chart, re.I):
        assert not re.search(r"\b(?:src|href)\s*=", tag, re.I), tag
    policy = html.unescape(re.search(r'"Content-Security-Policy" content="([^"]+)"', chart)[1])
    assert "default-src 'none'" in policy and re.search(r"script-src 'sha256-[^' ]+';", policy)
    assert chart.count("<script") == 1


def test_document_strings_are_escaped(tmp_path):
    """A mission minted from report text, named with markup, whose acts the store holds: the
    chart shows its name and its resolution as text."""
    store = unkg.open_store(memory=True)
    hostile = '<img src=x onerror="alert(1)">'
    g = NamedNode(report_graph_iri("x-test"))
    m, act = NamedNode(MISSION + "x-0001"), NamedNode("http://example.org/act/1")
    doc, ev = NamedNode("https://w3id.org/unkg/id/document/x"), NamedNode("http://example.org/ev")
    u = "https://w3id.org/unkg/ontology#".__add__
    quads = [
        (m, NamedNode(u("acronym")), Literal(hostile)),
        (act, NamedNode(RDF_TYPE), NamedNode(u("MandateAct"))),
        (act, NamedNode(u("actOn")), m),
        (act, NamedNode(u("actKind")), Literal("established")),
        (act, NamedNode(u("actBy")), doc),
        (act, NamedNode(u("adopted")), Literal("2001")),
        (act, NamedNode(u("hasEvidence")), ev),
        (ev, NamedNode(RDF_PREDICATE), NamedNode(u("establishedBy"))),
        (ev, NamedNode(u("inParagraph")), NamedNode("http://example.org/p/1")),
        (doc, NamedNode(u("symbol")), Literal("</title><script>alert(2)</script>")),
    ]
    unkg.api.write_graph(g.value, [Triple(s, p, o) for s, p, o in quads], store=store)
    page = render_chart(store, lang="en", today=TODAY)
    assert MISSION + "x-0001" in BAR.findall(page)
    assert hostile not in page and "<script>alert(2)" not in page
    labels = [html.unescape(x) for x in re.findall(r'<text class="label"[^>]*>([^<]*)<', page)]
    assert hostile in labels  # shown as text
    titles = [html.unescape(x) for x in re.findall(r"<title>([^<]*)</title>", page)]
    assert "established · </title><script>alert(2)</script> · 2001" in titles
    assert page.count("<script") == 1


def test_a_language_unkg_does_not_read_is_refused(example_store):
    with pytest.raises(ValueError, match="lang must be one of zh, en, not 'fr'"):
        render_chart(example_store, lang="fr", today=TODAY)


def test_api_and_cli_write_the_chart(example_store, tmp_path):
    out = unkg.api.timeline_chart(example_store, tmp_path / "t.html", lang="en", graph_url="g.html")
    assert len(BAR.findall(out.read_text("utf-8"))) > 50
    assert 'id="map-link" class="nav" href="g.html"' in out.read_text("utf-8")  # not dropped
    assert not list(tmp_path.glob("*.tmp"))
    from unkg.cli import app

    target = tmp_path / "cli.html"
    args = ["timeline", "--chart", str(target), "--store", str(example_store.path)]
    r = CliRunner().invoke(app, args)
    if r.exit_code != 0 and "lock" in (r.output or "").lower():
        pytest.skip("the store is open read-write in this process")
    assert r.exit_code == 0, r.output
    assert BAR.findall(target.read_text("utf-8")) == BAR.findall(out.read_text("utf-8"))
    r = CliRunner().invoke(app, [*args, "--year", "1995"])
    assert r.exit_code == 2


@pytest.mark.browser
def test_browser_chart_cursor(browser, chart, example_store, tmp_path):
    path = tmp_path / "chart.html"
    path.write_text(chart, "utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page)
    try:
        page.goto(path.as_uri() + "#year=1995")
        bars = page.eval_on_selector_all("g.mission rect.bar", "els => els.length")
        assert bars == len(BAR.findall(chart))
        assert page.eval_on_selector_all("g.mission .act-mark", "e => e.length") == len(
            MARK.findall(chart)
        )
        count = int(page.get_attribute("#active-count", "data-active"))
        shown = page.eval_on_selector_all("g.mission:not(.inactive)", "els => els.length")
        assert count == shown == len(active(example_store, "1995")) and 0 < count < bars
        assert page.input_value("#year") == "1995"
        page.eval_on_selector(
            "#year", "el => { el.value = 2024; el.dispatchEvent(new Event('input')); }"
        )
        assert page.url.endswith("#year=2024")
        monuc = page.get_attribute(f'g.mission[data-iri="{MISSION}MONUC"]', "class")
        monusco = page.get_attribute(f'g.mission[data-iri="{MISSION}MONUSCO"]', "class")
        assert "inactive" in monuc and "inactive" not in monusco
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timeline-chart.png"))
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        page.close()
