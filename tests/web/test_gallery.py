"""Every gallery query runs on the sample store, returns rows, and says what it should."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import unkg
from unkg.ontology.reference import load_reference
from unkg.web import gallery

QUERIES = {q.name: q for q in gallery.load()}
MONUSCO = "https://w3id.org/unkg/id/mission/MONUSCO"
COD = "https://w3id.org/unkg/id/country/COD"

Rows = list[dict[str, str]]


def _has(rows: Rows, **want: str) -> bool:
    return any(all(want_v in row.get(k, "") for k, want_v in want.items()) for row in rows)


CHECKS: dict[str, Callable[[Rows], bool]] = {
    "01-missions-by-host-country": lambda rows: _has(rows, host=COD, acronyms="MONUSCO"),
    "02-mandate-changes": lambda rows: _has(
        rows, mission="MINUSMA", change="terminated", resolution="S/RES/2690(2023)"
    ),
    "03-entities-in-both-reports": lambda rows: _has(rows, entity=MONUSCO),
    "04-links-only-in-one-report": lambda rows: (
        _has(rows, mission=MONUSCO, country=COD) and not _has(rows, acronym="MINUSMA")
    ),
    "05-paragraphs-mentioning-a-mission": lambda rows: _has(
        rows, report="S/2024/880", text="联刚稳定团"
    ),
    "06-programmes-supporting-missions": lambda rows: _has(rows, mission="MONUSCO"),
    "07-countries-co-mentioned-with-monusco": lambda rows: rows[0]["country"] == COD,
    "08-evidence-for-a-relation": lambda rows: _has(
        rows, report="S/2024/880", sentence="联刚稳定团"
    ),
    "09-mission-labels-zh-en": lambda rows: _has(
        rows,
        acronym="MONUSCO",
        chinese="联合国组织刚果民主共和国稳定特派团",
        chineseShortNames="联刚稳定团",
    ),
    "10-counts-by-type": lambda rows: _has(rows, type="https://w3id.org/unkg/ontology#Mission"),
    "11-most-mentioned-entities": lambda rows: MONUSCO in [r["entity"] for r in rows[:5]],
    "12-wikidata-links": lambda rows: all(
        r["wikidata"].startswith("http://www.wikidata.org/entity/Q") for r in rows
    ),
    "13-wikidata-query-text": lambda rows: (
        "VALUES ?item { wd:Q" in rows[0]["wikidataQuery"] and int(rows[0]["entities"]) > 0
    ),
    "14-reports": lambda rows: (
        {r["symbol"] for r in rows} == {"S/2024/880", "S/2023/1000", "A/78/744"}
    ),
    "15-missions-active-on-a-date": lambda rows: (
        {"UNPROFOR", "UNMIH", "UNTSO"} <= {r["acronym"] for r in rows}
        and not {"UNEF-I", "MONUSCO", "UNMIBH"} & {r["acronym"] for r in rows}
        and _has(rows, acronym="UNFICYP", hosts="CYP")
    ),
    "16-mandate-history-of-a-mission": lambda rows: _has(
        rows, act="terminated", resolution="S/RES/2690(2023)", report="S/2023/1000", adopted="2023"
    ),
    "17-resolutions-acting-on-missions": lambda rows: _has(
        rows, resolution="S/RES/1925(2010)", missions="1", acts="MONUSCO established"
    ),
    "18-mandates-ending-within-months": lambda rows: (
        {r["acronym"] for r in rows} == {"MINUSMA", "UNITAMS"}
    ),
    "19-mandate-statements-against-reference": lambda rows: _has(
        rows, acronym="MONUC", referenceResolution="S/RES/1279(1999)", agrees="true"
    ),
}


def test_gallery_is_complete():
    assert len(QUERIES) >= 12
    assert set(CHECKS) == set(QUERIES), "add a check for each gallery query"
    for q in QUERIES.values():
        assert q.title and q.description, q.name
        assert q.text.lstrip().startswith("# title:")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_gallery_query(server, client, name):
    r = client.post(server.sparql, data={"query": QUERIES[name].text})
    assert r.status_code == 200, r.text
    rows = [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]
    assert rows, f"{name} returned no rows"
    assert CHECKS[name](rows), f"{name}: unexpected rows {rows[:5]}"


def test_gallery_as_json(server, client):
    data = client.get(server.url + "/queries.json").json()
    assert [d["name"] for d in data] == sorted(QUERIES)


def test_every_example_returns_rows_on_a_store_of_real_reports(dev_store):
    filled = {q.name: q for q in gallery.fill(gallery.load(), dev_store)}
    symbols = {r.identifier for r in dev_store.reports()}
    for name, q in filled.items():
        rows = list(dev_store.query(q.text))
        assert rows, f"{name} returns nothing on the dev corpus:\n{q.text}"
        if q.fills:  # it names what the store holds, and says so
            assert "Filled from this store: " in q.description, name
            assert all(token not in q.text.split("\n\n", 1)[1] for token, _ in q.fills), name
    for token in ('"S/2024/880"', '"A/78/744"', '"S/2023/1000"'):
        assert token not in filled["03-entities-in-both-reports"].text.split("\n\n", 1)[1]
    named = filled["03-entities-in-both-reports"].description
    assert any(symbol in named for symbol in symbols)


def _rows(store, text: str) -> Rows:
    solutions = store.query(text)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in solutions]


def _in_window(value: str, lo: str, hi: str) -> bool:
    """A date known to the year, month or day against [lo, hi] cut to its length."""
    return lo[: len(value)] <= value <= hi[: len(value)]


def test_time_queries_agree_with_the_timeline_on_real_reports(dev_store):
    """On the dev corpus, the five time queries say what `unkg timeline` and the reference
    data say: active on a date, one mission's history, the missions each resolution acted on,
    the mandates ending in a window, and each establishment or termination against the
    reference."""
    q = {name[:2]: query for name, query in _filled(dev_store).items()}
    active = {m.mission for m in unkg.active_missions("1995-06-30", store=dev_store)}
    assert {r["acronym"] for r in _rows(dev_store, q["15"].text)} == active

    body = q["16"].text.split("\n\n", 1)[1]  # the header keeps the token it filled
    mission = re.search(r"<https://w3id.org/unkg/id/mission/([^>]+)>", body)[1]
    history = unkg.timeline(mission, store=dev_store)
    fields = ("act", "resolution", "report", "paragraph", "sentence")
    got = {tuple(r[f] for f in fields) for r in _rows(dev_store, q["16"].text)}
    assert got == {tuple(getattr(a, f) for f in fields) for a in history} and history

    acts = [a for m in _acted_on(dev_store) for a in unkg.timeline(m, store=dev_store)]
    by_resolution: dict[str, set[str]] = {}
    for a in acts:
        by_resolution.setdefault(a.resolution, set()).add(a.mission)
    rows = _rows(dev_store, q["17"].text)
    assert {r["resolution"]: int(r["missions"]) for r in rows} == {
        res: len(ms) for res, ms in by_resolution.items()
    }
    assert [int(r["missions"]) for r in rows] == sorted(
        (int(r["missions"]) for r in rows), reverse=True
    )

    lo, hi = "2023-10-01", "2024-04-01"
    ending = {(a.mission, a.until) for a in acts if a.until and _in_window(a.until, lo, hi)}
    ending |= {
        (e.key, e.get("end"))
        for e in load_reference().by_type("Mission")
        if e.get("end") and _in_window(e.get("end"), lo, hi)
    }
    assert {(r["acronym"], r["ends"]) for r in _rows(dev_store, q["18"].text)} == ending

    stated = {
        (a.mission, a.act, a.resolution, a.report)
        for a in acts
        if a.act in ("established", "terminated")
    }
    rows = _rows(dev_store, q["19"].text)
    assert {(r["acronym"], r["act"], r["resolution"], r["report"]) for r in rows} == stated
    contradictions = unkg.info(dev_store)["mandate_contradictions"]
    assert len([r for r in rows if r["agrees"] == "false"]) >= len(contradictions)


def _filled(store) -> dict[str, gallery.GalleryQuery]:
    return {q.name: q for q in gallery.fill(gallery.load(), store)}


def _acted_on(store) -> set[str]:
    return {r["m"] for r in _rows(store, "SELECT DISTINCT ?m WHERE { ?a unkg:actOn ?m }")}


def test_examples_as_served_are_filled_from_the_served_store(server, client):
    data = {d["name"]: d for d in client.get(server.url + "/queries.json").json()}
    links = data["04-links-only-in-one-report"]
    assert "Filled from this store: " in links["description"]
    r = client.post(server.sparql, data={"query": links["query"]})
    assert r.status_code == 200 and r.json()["results"]["bindings"]
