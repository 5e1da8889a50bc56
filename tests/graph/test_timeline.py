"""Time in the graph on the development corpus built as one store: mandate acts with their
evidence, mission dates and successor links, and the missions active in every year."""

from __future__ import annotations

import calendar
import csv
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest
from support import Watch, blob, wait_ready
from typer.testing import CliRunner

import unkg
from unkg.api import timeline_text
from unkg.cli import app
from unkg.ontology.reference import load_reference

MISSION = "https://w3id.org/unkg/id/mission/"


@pytest.fixture
def store(dev_store):
    return dev_store


def _rows(st, sparql: str) -> list[dict[str, str]]:
    solutions = st.query(sparql)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in solutions]


def test_every_mandate_relation_is_an_act_with_its_evidence(store):
    relations = _rows(
        store,
        """SELECT ?ev WHERE { ?ev a unkg:Evidence ; rdf:predicate ?p . FILTER(?p IN
           (unkg:establishedBy, unkg:mandateExtendedBy, unkg:mandateModifiedBy,
            unkg:mandateTerminatedBy)) }""",
    )
    acts = _rows(
        store,
        """SELECT ?act ?ev ?kind ?m ?doc ?p ?o ?sentence WHERE {
             ?act a unkg:MandateAct ; unkg:hasEvidence ?ev ; unkg:actKind ?kind ;
                  unkg:actOn ?m ; unkg:actBy ?doc .
             ?ev rdf:subject ?m ; rdf:object ?doc ; rdf:predicate ?p ; unkg:evidenceText ?sentence .
           }""",
    )
    assert len(relations) > 20
    assert sorted(a["ev"] for a in acts) == sorted(r["ev"] for r in relations)
    kinds = {"establishedBy": "established", "mandateExtendedBy": "extended"}
    kinds |= {"mandateTerminatedBy": "terminated", "mandateModifiedBy": "modified"}
    for a in acts:
        assert a["kind"] == kinds[a["p"].rsplit("#", 1)[1]], a
        assert a["m"].startswith(MISSION) and a["sentence"], a


def test_every_act_names_its_resolution_by_symbol(store):
    """Each act's resolution or letter is described in the graph of the report that states
    the act, so timelines and gallery queries show its symbol, not its IRI."""
    acts = _rows(
        store,
        """SELECT ?act ?doc ?symbol WHERE { GRAPH ?g { ?act unkg:actBy ?doc }
             OPTIONAL { GRAPH ?g { ?doc unkg:symbol ?symbol } } }""",
    )
    assert acts and [a for a in acts if not a["symbol"]] == []
    for mission in {r["m"] for r in _rows(store, "SELECT DISTINCT ?m { ?a unkg:actOn ?m }")}:
        assert all("/" in a.resolution for a in unkg.timeline(mission, store=store)), mission


def test_timeline_shows_the_acts_each_resolution_performs_with_evidence(store):
    own = _rows(
        store,
        """SELECT DISTINCT ?symbol ?date ?m WHERE {
             ?r unkg:textOf ?doc ; dcterms:date ?date ; unkg:symbol ?symbol .
             ?act unkg:actBy ?doc ; unkg:actOn ?m ;
                  unkg:hasEvidence/unkg:inParagraph/unkg:inReport ?r .
           }""",
    )
    assert len({o["symbol"] for o in own}) >= 10  # resolutions of the corpus acting themselves
    for o in own:
        history = unkg.timeline(o["m"], store=store)
        mine = [a for a in history if a.resolution == o["symbol"] and a.report == o["symbol"]]
        assert mine, f"{o['symbol']} acts on {o['m']} but its timeline does not show it"
        for act in mine:
            assert act.date == o["date"]  # adopted: the resolution's own date
            assert act.sentence and act.paragraph and act.act, act
    dates = [a.date or "9999" for a in unkg.timeline(own[0]["m"], store=store)]
    assert dates == sorted(dates)


def test_an_extension_carries_the_date_the_mandate_runs_until(store):
    rows = _rows(store, "SELECT ?m ?until WHERE { ?act unkg:actOn ?m ; unkg:mandateUntil ?until }")
    assert rows
    mission = rows[0]["m"]
    history = unkg.timeline(mission, store=store)
    assert {r["until"] for r in rows if r["m"] == mission} <= {a.until for a in history}


def _covers(start: str, end: str, first: date, last: date) -> bool:
    """Independently of the SPARQL: a partial date spans its whole month or year."""

    def lo(v: str) -> date:
        y, m, d = [*v.split("-"), "1", "1"][:3]
        return date(int(y), int(m), int(d))

    def hi(v: str) -> date:
        parts = v.split("-")
        y, m = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12
        d = int(parts[2]) if len(parts) > 2 else calendar.monthrange(y, m)[1]
        return date(y, m, d)

    return lo(start) <= last and (not end or hi(end) >= first)


def test_missions_active_in_every_year_agree_with_the_reference_dates(store):
    missions = [e for e in load_reference().by_type("Mission") if e.get("start")]
    for year in range(1948, 2024):
        first, last = date(year, 1, 1), date(year, 12, 31)
        want = {e.key for e in missions if _covers(e.get("start"), e.get("end"), first, last)}
        got = {m.mission for m in unkg.active_missions(year=year, store=store)}
        assert got == want, f"{year}: only timeline {got - want}, only reference {want - got}"


def test_missions_active_on_a_day_use_the_whole_month_of_a_partial_date(store):
    missions = [e for e in load_reference().by_type("Mission") if e.get("start")]
    for day in ("1995-06-30", "1995-12-31", "1996-01-01", "2010-06-30", "2010-07-01"):
        d = date.fromisoformat(day)
        want = {e.key for e in missions if _covers(e.get("start"), e.get("end"), d, d)}
        assert {m.mission for m in unkg.active_missions(day, store=store)} == want, day


def test_missions_active_in_a_period_are_those_of_its_years(store):
    period = {m.mission for m in unkg.active_missions("1990", until="1992-06", store=store)}
    years = {m.mission for y in (1990, 1991) for m in unkg.active_missions(year=y, store=store)}
    assert years <= period
    assert "UNPROFOR" in period and "UNCRO" not in period  # UNPROFOR 1992-03, UNCRO 1995-03


def test_missions_active_in_1995(store):
    rows = {m.mission: m for m in unkg.active_missions(year=1995, store=store)}
    named = {"UNTSO", "UNMOGIP", "UNFICYP", "UNDOF", "UNIFIL", "UNPROFOR", "MINURSO", "UNOMIG"}
    named.add("UNMIH")
    assert named <= set(rows)
    assert rows["UNPROFOR"].hosts == ("BIH", "HRV", "MKD", "SRB")
    assert "UNEF-I" not in rows and "MONUSCO" not in rows


def test_predecessors_and_successors_from_the_reference_data(store):
    links = {
        (r["a"].rsplit("/", 1)[1], r["p"].rsplit("#", 1)[1], r["b"].rsplit("/", 1)[1])
        for r in _rows(
            store,
            "SELECT ?a ?p ?b WHERE { VALUES ?p { unkg:succeededBy unkg:precededBy } ?a ?p ?b }",
        )
    }
    for old, new in (("UNAMSIL", "UNIOSIL"), ("MONUC", "MONUSCO")):
        assert (old, "succeededBy", new) in links and (new, "precededBy", old) in links
    assert {("UNPROFOR", "succeededBy", m) for m in ("UNCRO", "UNPREDEP")} <= links
    assert not any("|" in b for _a, _p, b in links)
    assert {"UNEF-I", "UNEF-II"} <= {
        m.mission for y in (1957, 1974) for m in unkg.active_missions(year=y, store=store)
    }


runner = CliRunner()


def _cli(*args: str):
    return runner.invoke(app, ["timeline", *args], env={"COLUMNS": "250"})


def test_cli_timeline_table_csv_and_json(store):
    mission = next(iter(_rows(store, "SELECT ?m WHERE { ?a unkg:actOn ?m } LIMIT 1")))["m"]
    acronym = mission.rsplit("/", 1)[1]
    table = _cli(acronym, "--store", str(store.path))
    assert table.exit_code == 0, table.output
    assert f"mandate history of {acronym}" in table.output
    rows = list(
        csv.DictReader(io.StringIO(_cli(acronym, "-s", str(store.path), "-f", "csv").output))
    )
    want = unkg.timeline(acronym, store=store)
    assert [r["sentence"] for r in rows] == [a.sentence for a in want] and rows
    header = "mission,date,act,resolution,until,report,paragraph,sentence"
    assert list(rows[0]) == header.split(",")
    year = json.loads(_cli("--year", "1995", "-s", str(store.path), "-f", "json").output)
    assert {"UNPROFOR", "UNMIH"} <= {m["mission"] for m in year}
    day = _cli("--date", "1995-06-30", "-s", str(store.path))
    assert day.exit_code == 0 and "UNPROFOR" in day.output
    # no mission yet in 1947: the CSV still has the columns of the missions of a year
    empty = _cli("--year", "1947", "-s", str(store.path), "-f", "csv")
    assert empty.exit_code == 0 and empty.output == "mission,iri,name,start,end,hosts\n"
    assert _cli("UNMIH", "-s", str(store.path), "-f", "csv").output == header + "\n"
    year = list(
        csv.DictReader(
            io.StringIO(_cli("--year", "1948", "-s", str(store.path), "-f", "csv").output)
        )
    )
    assert [(r["mission"], r["hosts"]) for r in year] == [("UNTSO", "EGY|ISR|JOR|LBN|SYR")]


@pytest.mark.parametrize(
    "args",
    [("NO-SUCH-MISSION",), ("--date", "1995-02-30"), ("--year", "1995", "UNMIH"), ()],
)
def test_cli_timeline_usage_errors_exit_2(store, args):
    result = _cli(*args, "-s", str(store.path))
    assert result.exit_code == 2, result.output


MANDATES = Path(__file__).resolve().parents[1] / "data" / "mandates"


def test_a_modified_act_is_in_the_timeline_in_both_languages(tmp_path):
    st = unkg.open_store(tmp_path / "store")
    assert unkg.build([MANDATES], store=st).ok
    acts = [a for a in unkg.timeline("MINUSMA", store=st) if a.resolution == "S/RES/9002(2015)"]
    assert {(a.act, a.date, a.paragraph) for a in acts} == {("modified", "2015-04-01", "1")}
    assert {a.sentence[:6] for a in acts} == {"Decide", "决定调整马里"}
    rows = json.loads(timeline_text(acts, "json"))
    assert {r["act"] for r in rows} == {"modified"}
    assert unkg.info(st)["mandate_contradictions"] == []  # adopted while MINUSMA was active


def _set_year(page, year: int) -> None:
    page.eval_on_selector(
        "#year", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", year
    )


def _open(browser, html: str, path: Path):
    path.write_text(html, "utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page)
    page.goto(path.as_uri())
    return page, watch


def _click_node(page, iri: str, timeout: float = 20) -> None:
    """Click the node where it is drawn, once the layout has stopped moving it (a change of
    year may move nodes on a loaded machine), until its panel opens."""
    deadline = time.monotonic() + timeout
    where = None
    while page.evaluate("() => unkgViz.panelNode()") != iri:
        assert time.monotonic() < deadline, f"clicking {iri} never opened its panel"
        pos = page.evaluate(f"() => unkgViz.domPosition({json.dumps(iri)})")
        if pos == where:  # still: click it
            page.mouse.click(pos["x"], pos["y"])
        where = pos
        page.wait_for_timeout(300)


@pytest.mark.browser
def test_browser_graph_page_year_by_year_on_the_dev_corpus(browser, store, tmp_path):
    """On the dev corpus, the slider's map of every year 1948-2023 shows the missions the
    reports mention that the reference dates make active that year; play moves on; clicking a
    mission opens its mandate history, whose source links open the evidence."""
    from unkg.graph.viz import render_html

    html = render_html(store)
    mentioned = {n["id"] for n in blob(html)["nodes"] if n["t"] == "Mission"}
    dated = {e.iri for e in load_reference().by_type("Mission") if e.get("start")}
    page, watch = _open(browser, html, tmp_path / "dev.html")
    try:
        wait_ready(page)
        seen = set()
        for year in range(1948, 2024):
            _set_year(page, year)
            shown = {i for i in page.evaluate("() => unkgViz.visibleNodeIds()") if MISSION in i}
            want = {m.iri for m in unkg.active_missions(year=year, store=store)} & mentioned
            assert shown & dated == want, year
            seen |= shown
        assert len(seen) > 30  # the years show most of the corpus's missions, not a few
        _set_year(page, 1995)
        assert {MISSION + m for m in ("UNTSO", "UNFICYP", "UNPROFOR")} <= set(
            page.evaluate("() => unkgViz.visibleNodeIds()")
        )
        page.click("#play")
        deadline = time.monotonic() + 10
        while page.evaluate("() => unkgViz.year") < 1997:
            assert time.monotonic() < deadline, "play did not advance the year"
            time.sleep(0.1)
        page.click("#play")  # pause
        _set_year(page, 1995)
        unficyp = MISSION + "UNFICYP"
        _click_node(page, unficyp)
        rows = page.eval_on_selector_all(
            "#panel-body table.acts tbody tr", "trs => trs.map(tr => tr.dataset.act)"
        )
        history = unkg.timeline("UNFICYP", store=store)
        assert sorted(rows) == sorted(a.act for a in history) and len(rows) >= 3
        page.click("#panel-body table.acts tr[data-act=extended] a.evidence")
        assert page.evaluate("() => unkgViz.panelEdge()").startswith(
            f"{unficyp}|mandateExtendedBy|"
        )
        assert "¶" in page.inner_text("#panel-body .sentences")
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        page.close()


@pytest.mark.browser
def test_browser_chart_on_the_dev_corpus(browser, store, tmp_path):
    """The chart draws a bar per dated mission and a mark per dated act of the dev corpus; its
    cursor counts, in every year, the missions the reference dates make active."""
    from unkg.graph.chart import chart_bars, render_chart

    html = render_chart(store, lang="en")
    bars = chart_bars(store)
    page, watch = _open(browser, html, tmp_path / "chart.html")
    try:
        assert page.eval_on_selector_all("g.mission rect.bar", "els => els.length") == len(bars)
        marks = page.eval_on_selector_all("g.mission .act-mark", "els => els.length")
        assert marks == sum(1 for b in bars for a in b.acts if a["date"]) > 40
        for year in (1948, 1960, 1995, 2010, 2023):
            page.evaluate(f"() => unkgChart.setYear({year})")
            count = int(page.get_attribute("#active-count", "data-active"))
            assert count == len(unkg.active_missions(year=year, store=store)), year
        assert page.url.endswith("#year=2023")
        assert watch.errors == [] and watch.external() == [] and watch.dialogs == []
    finally:
        page.close()


def test_a_resolution_acting_on_two_missions(tmp_path):
    """One resolution sets up a mission and ends its predecessor's mandate: both histories show
    it, and the gallery query of resolutions acting on missions lists it first, with both."""
    from unkg.web import gallery

    st = unkg.open_store(tmp_path / "store")
    assert unkg.build([Path(__file__).resolve().parents[1] / "data" / "succession"], store=st).ok
    acts = {(a.mission, a.act) for m in ("UNAMSIL", "UNOMSIL") for a in unkg.timeline(m, store=st)}
    assert acts == {("UNAMSIL", "established"), ("UNOMSIL", "terminated")}
    (q,) = (q for q in gallery.load() if q.name.startswith("17-"))
    first = _rows(st, q.text)[0]
    assert (first["resolution"], first["missions"]) == ("S/RES/1270(1999)", "2")
    assert set(first["acts"].split(", ")) == {"UNAMSIL established", "UNOMSIL terminated"}
    assert unkg.info(st)["mandate_contradictions"] == []
