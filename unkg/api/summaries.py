"""What a store holds: its reports, counts and central entities, SHACL violations, and what
one report says that another does not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unkg.api.stores import _reader
from unkg.graph.store import ReportInfo, Store, StoreError
from unkg.graph.validate import Violation, validate_store


def reports(store: Store | str | Path | None = None) -> list[ReportInfo]:
    return _reader(store).reports()


@dataclass(frozen=True)
class Diff:
    a: str
    b: str
    only_a: list[tuple[str, str]]  # mission–country links (labels) only in a
    only_b: list[tuple[str, str]]
    shared_entities: list[str]
    entities_only_a: list[str]
    entities_only_b: list[str]


_LINKS = """
SELECT DISTINCT ?m ?c WHERE { GRAPH <%s> { ?m unkg:operatesIn ?c } }
"""

_ENTITIES = """
SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?r a unkg:Report ; unkg:mentions ?e } }
"""


def _label(store: Store, iri: str) -> str:
    rows = list(
        store.query(
            f"""SELECT ?acr ?en ?zh WHERE {{
              OPTIONAL {{ <{iri}> unkg:acronym ?acr }}
              OPTIONAL {{ <{iri}> skos:prefLabel ?en FILTER(LANG(?en) = "en") }}
              OPTIONAL {{ <{iri}> skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }} }} LIMIT 1"""
        )
    )
    if rows:
        for var in ("acr", "en", "zh"):
            if rows[0][var] is not None:
                return rows[0][var].value
    return iri.rsplit("/", 1)[-1]


def diff(a: str, b: str, *, store: Store | str | Path | None = None) -> Diff:
    """What report `a` says that `b` does not, and back: mission–country links and entities."""
    from unkg.ontology.ids import report_graph_iri

    st = _reader(store)
    known = set(st.report_slugs())
    for slug in (a, b):
        if slug not in known:
            raise StoreError(f"no report {slug!r} in the store; `unkg reports` lists them")
    ga, gb = report_graph_iri(a), report_graph_iri(b)

    def links(g: str) -> set[tuple[str, str]]:
        return {(r["m"].value, r["c"].value) for r in st.query(_LINKS % g, union=False)}

    def entities(g: str) -> set[str]:
        return {r["e"].value for r in st.query(_ENTITIES % g, union=False)}

    la, lb = links(ga), links(gb)
    ea, eb = entities(ga), entities(gb)

    def named(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
        return sorted((_label(st, m), _label(st, c)) for m, c in pairs)

    return Diff(
        a,
        b,
        named(la - lb),
        named(lb - la),
        sorted(_label(st, e) for e in ea & eb),
        sorted(_label(st, e) for e in ea - eb),
        sorted(_label(st, e) for e in eb - ea),
    )


def validate(
    store: Store | str | Path | None = None, *, report: str | None = None
) -> list[Violation]:
    """SHACL validation (pyshacl, ontology + shapes).

    Of the whole store, or of one report together with the reference graph.
    """
    return validate_store(_reader(store), report)


def info(store: Store | str | Path | None = None, top: int = 10) -> dict:
    """Counts by type, most-mentioned and most central entities, the reports, and the
    mandate statements that the reference data or another report contradicts."""
    from unkg.graph.summary import summarize
    from unkg.graph.timeline import contradictions

    st = _reader(store)
    data = summarize(st, top)
    data["mandate_contradictions"] = [c.to_json() for c in contradictions(st)]
    return data
