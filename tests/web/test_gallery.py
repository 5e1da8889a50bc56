"""Every gallery query runs on the sample store, returns rows, and says what it should."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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
