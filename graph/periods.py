"""When each mission was active, and the mandate acts the reports state about it: the data of
the graph page's year slider and mission timeline, and of the timeline chart.

A mission's period is its reference dates (unkg:startDate, unkg:endDate) cut to years; what
the reference data leaves open comes from the mandate acts in the store: a mission minted from
report text starts with its first act and ends with its termination, else with the last date
a mandate was extended until (still running when no act names one). Acts never move a
reference date: where they disagree, `unkg info` lists the contradiction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from unkg.graph.network import _graph_filter
from unkg.graph.store import Store
from unkg.graph.timeline import ACT_ORDER

__all__ = ["Period", "mission_acts", "period", "periods"]

Period = tuple[int | None, int | None]  # first and last year; None: unknown / still running
_YEAR = re.compile(r"^(\d{4})")


def mission_acts(
    store: Store, missions: Iterable[str] | None = None, report: str | None = None
) -> dict[str, list[dict[str, str]]]:
    """{mission IRI: acts, oldest first}, one query for all missions (of `report` alone when
    given). Each act: date (adopted), act, res (symbol), resIri, until, r (report slug), p
    (paragraph number), pred (the relation it was built from, whose evidence is its source)."""
    values = (
        "" if missions is None else "VALUES ?m { " + " ".join(f"<{m}>" for m in missions) + " }"
    )
    rows = store.query(
        f"""
        SELECT DISTINCT ?m ?kind ?doc ?symbol ?adopted ?until ?pred ?g ?paragraph WHERE {{
          {values}
          GRAPH ?g {{
            ?act a unkg:MandateAct ; unkg:actOn ?m ; unkg:actKind ?kind ; unkg:actBy ?doc ;
                 unkg:hasEvidence ?ev .
            ?ev rdf:predicate ?pred ; unkg:inParagraph ?p .
            OPTIONAL {{ ?p unkg:paragraphNumber ?paragraph }}
            OPTIONAL {{ ?act unkg:adopted ?adopted }}
            OPTIONAL {{ ?act unkg:mandateUntil ?until }}
          }} {_graph_filter(report)}
          OPTIONAL {{ ?doc unkg:symbol ?symbol }}
        }}
        """
    )
    acts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        acts[r["m"].value].append(
            {
                "date": _text(r["adopted"]),
                "act": r["kind"].value,
                "res": _text(r["symbol"]) or r["doc"].value.rsplit("/", 1)[-1],
                "resIri": r["doc"].value,
                "until": _text(r["until"]),
                "r": r["g"].value.rsplit("/", 1)[-1],
                "p": _text(r["paragraph"]),
                "pred": r["pred"].value.rsplit("#", 1)[-1],
            }
        )
    for rows_of in acts.values():
        rows_of.sort(
            key=lambda a: (
                a["date"] or "9999",
                ACT_ORDER.get(a["act"], 9),
                a["res"],
                a["r"],
                a["p"],
            )
        )
    return dict(acts)


def _text(term) -> str:
    return term.value if term is not None else ""


def _year(value: str) -> int | None:
    m = _YEAR.match(value or "")
    return int(m[1]) if m else None


def period(start: str, end: str, acts: Sequence[Mapping[str, str]]) -> Period:
    """The years a mission was active: its reference `start` and `end` ("" when the reference
    data has none), and where one is missing, what its `acts` say (see the module)."""
    first, last = _year(start), _year(end)
    dated = [y for a in acts if (y := _year(a["date"])) is not None]
    if first is None and dated:
        first = min(dated)
    if last is None and not start:  # no reference period at all: the acts bound it
        ended = [y for a in acts if a["act"] == "terminated" and (y := _year(a["date"]))]
        if ended:
            last = max(ended)
        else:
            until = [y for a in acts if (y := _year(a["until"]))]
            last = max([*dated, *until]) if until else None
    return first, last


def periods(
    details: Mapping[str, Mapping[str, Any]], acts: Mapping[str, Sequence[Mapping[str, str]]]
) -> dict[str, Period]:
    """`period` of every mission in `details` (reference facts with start/end, as the graph
    view has them) or in `acts`; missions neither dates nor acts bound are left out."""
    out = {}
    for iri in set(details) | set(acts):
        d = details.get(iri, {})
        p = period(d.get("start", ""), d.get("end", ""), acts.get(iri, ()))
        if p[0] is not None:
            out[iri] = p
    return out
