"""The gallery of example queries: `queries/NN-name.rq`, each with a comment header::

    # title: Missions by host country
    # description: One line, or several `#` lines that continue it.

The files are plain SPARQL (they declare the prefixes they use), so they also run on other
endpoints, e.g. with `unkg query @unkg/web/queries/01-missions-by-host-country.rq`.

A query written for the sample reports names them (``"S/2024/880"``, MONUSCO); on another store
it would return nothing. A header line ``# fill: TOKEN = KIND`` says that TOKEN (a term of the
query, written without spaces) stands for something the store holds: `fill` replaces it with what
the user's store has of that KIND (`KINDS`: the latest report, the most-mentioned mission, a
relation that has evidence, …) and says in the description what it was filled with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unkg.api import Store

_HEADER = re.compile(r"#\s*(title|description)\s*:\s*(.*)")
_FILL = re.compile(r"#\s*fill\s*:\s*(\S+)\s*=\s*([\w-]+)\s*$")


@dataclass(frozen=True)
class GalleryQuery:
    name: str  # file stem, e.g. 01-missions-by-host-country
    title: str
    description: str
    text: str
    fills: tuple[tuple[str, str], ...] = field(default=())  # (token, kind)

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "query": self.text,
        }


def parse(name: str, text: str) -> GalleryQuery:
    fields: dict[str, str] = {}
    fills: list[tuple[str, str]] = []
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        f = _FILL.match(stripped)
        if f:
            if f.group(2) not in KINDS:
                raise ValueError(f"gallery query {name}: unknown fill kind {f.group(2)!r}")
            fills.append((f.group(1), f.group(2)))
            current = None
            continue
        m = _HEADER.match(stripped)
        if m:
            current = m.group(1)
            fields[current] = m.group(2).strip()
        elif current == "description":
            fields[current] += " " + stripped.lstrip("#").strip()
    if "title" not in fields:
        raise ValueError(f"gallery query {name} has no '# title:' line")
    description = fields.get("description", "").strip()
    return GalleryQuery(name, fields["title"], description, text, tuple(fills))


def load() -> list[GalleryQuery]:
    folder = files("unkg.web") / "queries"
    entries = sorted((p for p in folder.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name)
    return [parse(p.name[:-3], p.read_text("utf-8")) for p in entries]


# -- filling the examples from the user's store ---------------------------------------------------
Term = tuple[str, str]  # (SPARQL term, what to call it in the description)


def _one(store: Store, query: str) -> dict | None:
    for row in store.query(query):
        return row
    return None


def _iri(iri: str, sep: str = "/") -> Term:
    """An IRI as a term, called by its last segment (after `sep`)."""
    return f"<{iri}>", iri.rsplit(sep, 1)[-1]


def _report(row: dict | None) -> Term | None:
    if row is None:
        return None
    symbol = row["id"].value
    return '"' + symbol.replace("\\", "\\\\").replace('"', '\\"') + '"', symbol


def _latest_report(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    return _report(
        _one(
            store,
            """SELECT DISTINCT ?id ?d WHERE { GRAPH ?g { ?r a unkg:Report ; dcterms:identifier ?id ;
                  unkg:mentions ?e OPTIONAL { ?r dcterms:date ?d } } }
               ORDER BY DESC(?d) DESC(?id) LIMIT 1""",
        )
    )


def _report_sharing(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    first = ctx.get("latest-report")
    if first is None:
        return None
    return _report(
        _one(
            store,
            f"""SELECT ?id (MAX(?date) AS ?d) WHERE {{
                  GRAPH ?a {{ ?ra a unkg:Report ; dcterms:identifier {first[0]} ;
                               unkg:mentions ?e }}
                  GRAPH ?b {{ ?rb a unkg:Report ; dcterms:identifier ?id ; unkg:mentions ?e
                              OPTIONAL {{ ?rb dcterms:date ?date }} }}
                  FILTER(?a != ?b)
                }} GROUP BY ?id ORDER BY DESC(?d) DESC(?id) LIMIT 1""",
        )
    )


def _report_with_links(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    return _report(
        _one(
            store,
            """SELECT ?id (COUNT(DISTINCT ?m) AS ?n) WHERE {
                 GRAPH ?g { ?r a unkg:Report ; dcterms:identifier ?id . ?m unkg:operatesIn ?c }
               } GROUP BY ?id ORDER BY DESC(?n) ?id LIMIT 1""",
        )
    )


def _other_report(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    first = ctx.get("report-with-links")
    if first is None:
        return None
    return _report(
        _one(
            store,
            f"""SELECT DISTINCT ?id ?d WHERE {{
                  GRAPH ?g {{ ?r a unkg:Report ; dcterms:identifier ?id
                              OPTIONAL {{ ?r dcterms:date ?d }} }}
                  FILTER(?id != {first[0]})
                }} ORDER BY DESC(?d) DESC(?id) LIMIT 1""",
        )
    )


def _mission(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    row = _one(
        store,
        """SELECT ?m (COUNT(DISTINCT ?p) AS ?n) WHERE {
             GRAPH ?g { ?p a unkg:Paragraph ; unkg:mentions ?m, ?c }
             ?m a unkg:Mission . ?c a unkg:Country .
           } GROUP BY ?m ORDER BY DESC(?n) ?m LIMIT 1""",
    )
    return None if row is None else _iri(row["m"].value)


def _relation(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    if "most-mentioned-mission" not in ctx:
        ctx["most-mentioned-mission"] = _mission(store, ctx)
    mission = ctx["most-mentioned-mission"]
    own = f"DESC(?s = {mission[0]})" if mission else ""  # that mission's, when it has one
    row = _one(
        store,
        f"""SELECT ?s ?p ?o (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
              GRAPH ?g {{ ?ev a unkg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ;
                          rdf:object ?o }}
            }} GROUP BY ?s ?p ?o ORDER BY {own} DESC(?n) ?s ?p ?o LIMIT 1""",
    )
    if row is None:
        return None
    ctx["relation-predicate"] = _iri(row["p"].value, "#")
    ctx["relation-object"] = _iri(row["o"].value)
    return _iri(row["s"].value)


def _mission_with_acts(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    row = _one(
        store,
        """SELECT ?m (COUNT(DISTINCT ?act) AS ?n) WHERE {
             GRAPH ?g { ?act a unkg:MandateAct ; unkg:actOn ?m }
           } GROUP BY ?m ORDER BY DESC(?n) ?m LIMIT 1""",
    )
    return None if row is None else _iri(row["m"].value)


def _set_by_relation(store: Store, ctx: dict[str, Term | None]) -> Term | None:
    return None  # set together with relation-subject


KINDS: dict[str, tuple[str, Callable[[Store, dict[str, Term | None]], Term | None]]] = {
    "latest-report": ("the latest report", _latest_report),
    "report-sharing-entities": ("the latest report naming something it names", _report_sharing),
    "report-with-links": ("the report with the most mission–country links", _report_with_links),
    "other-report": ("the latest other report", _other_report),
    "most-mentioned-mission": ("the mission named with a country most often", _mission),
    "mission-with-acts": ("the mission with the most mandate acts", _mission_with_acts),
    "relation-subject": ("the relation with the most evidence", _relation),
    "relation-predicate": ("its relation", _set_by_relation),
    "relation-object": ("its object", _set_by_relation),
}


def fill(queries: list[GalleryQuery], store: Store) -> list[GalleryQuery]:
    """The examples with their `# fill:` terms replaced by what `store` holds, each saying in
    its description what it was filled with; a term the store has nothing for stays as is."""
    ctx: dict[str, Term | None] = {}
    out = []
    for q in queries:
        body, said = q.text, []
        for token, kind in q.fills:
            if kind not in ctx:
                ctx[kind] = KINDS[kind][1](store, ctx)
            value = ctx.get(kind)
            if value is None or value[0] == token:
                continue
            head, sep, rest = body.partition("\n\n")  # the header keeps its fill lines
            body = head + sep + rest.replace(token, value[0]) if sep else body
            said.append(f"{value[1]} ({KINDS[kind][0]})")
        if said:
            note = "Filled from this store: " + "; ".join(said) + "."
            out.append(replace(q, text=body, description=f"{q.description} {note}"))
        else:
            out.append(q)
    return out
