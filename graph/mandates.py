"""Mandate acts as nodes of their own, built from the extracted relations at build time.

A relation `mission unkg:mandateExtendedBy resolution` says that an act happened; an analyst
asks when it was adopted, until when the mandate then ran, and which sentence says so. One
unkg:MandateAct node per extracted establishment, extension, modification or termination
holds all of that, next to the relation's unkg:Evidence, so a mission's history is one
pattern to query.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode, Quad

from unkg.extract.model import Relation
from unkg.extract.symbols import symbol_year
from unkg.graph import terms as t

# The relation each act is built from, and the act's name (unkg:actKind).
ACTS = {
    "establishedBy": "established",
    "mandateExtendedBy": "extended",
    "mandateModifiedBy": "modified",
    "mandateTerminatedBy": "terminated",
}


def adopted(rel: Relation, own_document: str | None, own_date: str | None) -> str | None:
    """When the acting document was adopted: the report's own date when the report is that
    document, else the year its Security Council symbol carries (S/RES/1270(1999), a
    letter's S/2001/1128)."""
    if rel.object == own_document and own_date:
        return own_date
    return symbol_year(rel.object_key)


def act_iri(evidence: NamedNode) -> NamedNode:
    """The act built from a relation shares its evidence's identifier."""
    return NamedNode(evidence.value.replace("/evidence/", "/act/", 1))


def act_quads(rel: Relation, evidence: NamedNode, when: str | None, g: NamedNode) -> Iterator[Quad]:
    """The unkg:MandateAct of one mandate relation (none for other relations); `when` is the
    acting document's adoption date as `adopted` gives it."""
    kind = ACTS.get(rel.predicate)
    if kind is None:
        return
    act = act_iri(evidence)
    yield Quad(act, t.TYPE, t.u("MandateAct"), g)
    yield Quad(act, t.u("actOn"), NamedNode(rel.subject), g)
    yield Quad(act, t.u("actKind"), t.lit(kind), g)
    yield Quad(act, t.u("actBy"), NamedNode(rel.object), g)
    if when:
        yield Quad(act, t.u("adopted"), t.date(when), g)
    if rel.until:
        yield Quad(act, t.u("mandateUntil"), t.date(rel.until), g)
    yield Quad(act, t.u("hasEvidence"), evidence, g)
