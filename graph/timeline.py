"""Time in the graph: a mission's mandate history and the missions active at a time.

The history lists the unkg:MandateAct nodes the build made from each report's mandate
relations (graph/mandates.py), each with its evidence; which missions were active comes from
the reference dates (unkg:startDate / unkg:endDate), which may be a year, a month or a day.
A partial date covers its whole period: a mission that ended in "1995-12" was active on
1995-12-20. Comparing each date with the query date cut to the same length does that in
SPARQL and in Python alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date

from pyoxigraph import Literal, NamedNode

from unkg.graph import merge
from unkg.graph.contradictions import LIST, REFRESH
from unkg.graph.store import Store
from unkg.ontology.ids import CONTRADICTIONS_GRAPH
from unkg.ontology.namespace import PREFIXES

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# the order of acts adopted on one date
ACT_ORDER = {"established": 0, "modified": 1, "extended": 2, "terminated": 3}


@dataclass(frozen=True, slots=True)
class Act:
    """One row of a mission's history: an act with its evidence."""

    mission: str  # acronym
    date: str  # adoption date (day or year), "" when unknown
    act: str  # established | extended | modified | terminated
    resolution: str  # symbol of the resolution or letter
    until: str  # the date the mandate then runs until, "" when the text gives none
    report: str  # the stating report's symbol (or id)
    paragraph: str
    sentence: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Active:
    """A mission active in the period asked about, with its reference dates and hosts."""

    mission: str  # acronym
    iri: str
    name: str
    start: str
    end: str  # "" while active
    hosts: tuple[str, ...]  # country and territory keys (ISO alpha-3 or territory key)

    def to_json(self) -> dict:
        return {**asdict(self), "hosts": list(self.hosts)}


_FIND = """
SELECT DISTINCT ?m WHERE {
  ?m a unkg:Mission .
  { ?m unkg:acronym ?name } UNION { ?m skos:prefLabel|skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = LCASE($wanted) || STR(?m) = $wanted)
} ORDER BY ?m
"""

_HISTORY = """
SELECT ?act ?kind ?doc ?symbol ?adopted ?until ?report ?paragraph ?sentence WHERE {
  ?act a unkg:MandateAct ; unkg:actOn $m ; unkg:actKind ?kind ; unkg:actBy ?doc ;
       unkg:hasEvidence ?ev .
  ?ev unkg:evidenceText ?sentence ; unkg:inParagraph ?p .
  ?p unkg:inReport ?r ; unkg:paragraphNumber ?paragraph .
  ?r dcterms:identifier ?report .
  OPTIONAL { ?doc unkg:symbol ?symbol }
  OPTIONAL { ?act unkg:adopted ?adopted }
  OPTIONAL { ?act unkg:mandateUntil ?until }
}
"""

# Missions whose reference period meets [?from, ?to]: each date against the bound cut to
# its own length, so a month or year covers all of itself.
ACTIVE = """
SELECT ?m ?acronym ?name ?start ?end (GROUP_CONCAT(DISTINCT ?hostKey; separator="|") AS ?hosts)
WHERE {
  ?m a unkg:Mission ; unkg:acronym ?acronym ; unkg:startDate ?start .
  OPTIONAL { ?m skos:prefLabel ?name FILTER(LANG(?name) = "en") }
  OPTIONAL { ?m unkg:endDate ?end }
  OPTIONAL { ?m unkg:hostCountry ?host BIND(STRAFTER(STR(?host), "/id/") AS ?hostPath)
             BIND(STRAFTER(?hostPath, "/") AS ?hostKey) }
  FILTER(STR(?start) <= SUBSTR($to, 1, STRLEN(STR(?start))))
  FILTER(!BOUND(?end) || STR(?end) >= SUBSTR($from, 1, STRLEN(STR(?end))))
} GROUP BY ?m ?acronym ?name ?start ?end ORDER BY ?start ?acronym
"""


def find_mission(store: Store, name: str) -> str:
    """The IRI of the mission called `name` (acronym, a label in any language, or its IRI);
    a ValueError naming it when there is none."""
    rows = list(store.query(_bind(_FIND, wanted=Literal(name.strip()))))
    if not rows:
        raise ValueError(
            f"no mission called {name!r} in the store; give its acronym (UNPROFOR), "
            "a name the reference data knows, or its IRI"
        )
    return rows[0]["m"].value


def history(store: Store, mission: str) -> list[Act]:
    """The mandate acts the reports state about `mission` (a name or IRI), oldest first,
    each with the report, paragraph and sentence that state it."""
    iri = find_mission(store, mission)
    rows = store.query(_bind(_HISTORY, m=NamedNode(iri)))
    acts = {
        Act(
            mission=_acronym(store, iri),
            date=_value(r["adopted"]),
            act=r["kind"].value,
            resolution=_value(r["symbol"]) or r["doc"].value.rsplit("/", 1)[-1],
            until=_value(r["until"]),
            report=r["report"].value,
            paragraph=r["paragraph"].value,
            sentence=r["sentence"].value,
        )
        for r in rows
    }
    return sorted(
        acts,
        key=lambda a: (
            a.date or "9999",
            ACT_ORDER.get(a.act, 9),
            a.resolution,
            a.report,
            a.paragraph,
        ),
    )


def active(store: Store, start: str, end: str | None = None) -> list[Active]:
    """The missions whose reference dates meet the period from `start` to `end` (one day
    when `end` is left out); `start` and `end` are ISO dates, year-months or years."""
    end = end or start
    for value in (start, end):
        _check_date(value)
    lo, hi = _first_day(start), _last_day(end)
    return [
        Active(
            mission=r["acronym"].value,
            iri=r["m"].value,
            name=_value(r["name"]),
            start=r["start"].value,
            end=_value(r["end"]),
            hosts=tuple(sorted(h for h in r["hosts"].value.split("|") if h)),
        )
        for r in store.query(_bind(ACTIVE, **{"from": Literal(lo), "to": Literal(hi)}))
    ]


def _check_date(value: str) -> None:
    """A ValueError naming `value` unless it is a real YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        if not _DATE.match(value):
            raise ValueError
        date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD") from None


def _first_day(value: str) -> str:
    return value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value


def _last_day(value: str) -> str:
    return value + "-12-31"[len(value) - 4 :] if len(value) < 10 else value


def _acronym(store: Store, iri: str) -> str:
    for r in store.query(_bind("SELECT ?a WHERE { $m unkg:acronym ?a } LIMIT 1", m=NamedNode(iri))):
        return r["a"].value
    return iri.rsplit("/", 1)[-1]


def _bind(sparql: str, **terms: Literal | NamedNode) -> str:
    """The query with each `$name` replaced by its term written as SPARQL (escaped by
    pyoxigraph), so it runs the same on an embedded and a remote store."""
    for name, term in terms.items():
        sparql = sparql.replace(f"${name}", str(term))
    return sparql


def _value(term) -> str:
    return term.value if term is not None else ""


ROWS = {"history": Act, "active": Active}  # what `serialize` is given, by name


def serialize(rows: Sequence[Act] | Sequence[Active], fmt: str, kind: str | None = None) -> str:
    """The rows as CSV (a header, hosts joined by |) or JSON (a list of objects), for
    spreadsheets and plotting. `kind` ("history" or "active") names the columns of the CSV
    header when there are no rows to tell (else the rows' own)."""
    if kind is not None and kind not in ROWS:
        raise ValueError(f"unknown kind of timeline rows {kind!r}; choose history or active")
    records = [r.to_json() for r in rows]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown timeline format {fmt!r}; choose csv or json")
    names = [f.name for f in fields(type(rows[0]) if rows else ROWS[kind or "history"])]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in record.items()})
    return buf.getvalue()


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A report's mandate statement that the reference data or another report contradicts,
    with both sides: a reader sees which to trust."""

    mission: str  # acronym
    act: str  # established | extended | modified | terminated
    property: str  # the disputed property: establishedBy, startDate, endDate, mandateUntil
    claim: str  # what the report says: a resolution's symbol or a date
    report: str
    paragraph: str
    sentence: str
    other: str  # what the other side says
    other_source: str  # "reference data" or the other report's symbol
    other_paragraph: str  # "" for the reference data
    other_sentence: str  # "" for the reference data

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def refresh_contradictions(store: Store) -> None:
    """Recompute the contradictions between reports from the report graphs as they are now,
    in one update (the derived graph is absent when there are none)."""
    graph = NamedNode(CONTRADICTIONS_GRAPH)
    update = merge.around(graph, REFRESH) if store.merges else REFRESH
    store.oxigraph.update(update, prefixes=PREFIXES)


def contradictions(store: Store) -> list[Contradiction]:
    """The stored contradictions, against the reference data and between reports, each with
    the report, paragraph and sentence of each side."""
    rows = {
        Contradiction(
            mission=r["acronym"].value,
            act=r["act"].value,
            property=r["property"].value,
            claim=r["claim"].value,
            report=r["report"].value,
            paragraph=r["paragraph"].value,
            sentence=r["sentence"].value,
            other=r["other"].value,
            other_source=r["otherSource"].value,
            other_paragraph=_value(r["otherParagraph"]),
            other_sentence=_value(r["otherSentence"]),
        )
        for r in store.query(LIST)
    }
    return sorted(rows, key=lambda c: (c.mission, c.report, c.paragraph, c.other_source))
