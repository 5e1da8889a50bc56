"""Mandate statements that the reference data or another report contradicts, stored as
unkg:Contradiction nodes so that a reader learns which report to trust.

Two places, each kept correct by how it is made:

- *Against the reference data*: made at build time, in the report's graph, from the report's
  mandate acts and the reference row of the mission (`against_reference`). It goes when the
  report goes, and a rebuild (which a change of the reference data forces, through the
  configuration hash) makes it again.
- *Between reports*: one report's act against another's, so it cannot live in either graph. It
  lives in the derived graph `CONTRADICTIONS_GRAPH`, which the update `REFRESH` drops and
  recomputes from the report graphs in one transaction; `unkg.api` runs it after every build,
  remove and write (`unkg.graph.timeline.refresh_contradictions`), so a replaced or removed
  report takes its contradictions with it.

`LIST` reads both back, with the sentence of each side (`unkg.graph.timeline.contradictions`):
`unkg info` and the gallery query list what is stored, never a second computation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from unkg.extract.model import Relation
from unkg.graph import terms as t
from unkg.graph.mandates import ACTS
from unkg.ontology.ids import CONTRADICTIONS_GRAPH, ID_BASE, entity_iri
from unkg.ontology.reference import Entity, load_reference

# A mission set up in December deploys in January; one ended in January was ended the year
# before: an act adopted in the year of the reference date or the year before agrees.
_SLACK_YEARS = 1


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One property on which a report's act and the reference row of its mission differ."""

    prop: str  # ontology local name: establishedBy, startDate, endDate
    stated: NamedNode | Literal
    reference: NamedNode | Literal


def against_reference(acts: Sequence[tuple[Relation, NamedNode, str | None]], g: NamedNode):
    """The unkg:Contradiction nodes of one paragraph's mandate acts, each given as (relation,
    act node, adoption date), against the reference rows of their missions."""
    if not any(rel.predicate in ACTS for rel, _act, _when in acts):
        return  # most paragraphs: then not even `load_reference`'s look at its files
    reference = load_reference()
    # "set up by resolutions 1270 (1999) and 1289 (2000)": the sentence agrees when any of
    # the resolutions it names for the mission is the reference's.
    named: dict[tuple[str, int], set[str]] = {}
    for rel, _act, _when in acts:
        if rel.predicate == "establishedBy":
            named.setdefault((rel.subject, rel.start), set()).add(rel.object_key)
    for rel, act, when in acts:
        mission = reference.entities.get(rel.subject)
        if mission is None or rel.predicate not in ACTS:
            continue
        listed = named.get((rel.subject, rel.start), set())
        for d in disagreements(ACTS[rel.predicate], rel, when, mission, listed):
            yield from _reference_node(act, d, mission, g)


def disagreements(
    kind: str, rel: Relation, when: str | None, mission: Entity, listed: set[str]
) -> Iterator[Disagreement]:
    """Where an act of `kind` disagrees with the mission's reference row: another establishing
    resolution (none of those `listed` with it is the reference's); where the reference names
    none, an establishment adopted outside the start year (or the year before); a termination
    adopted outside the end year (or the year before); an extension or change adopted before
    the mission began or after it ended."""
    established, start, end = (mission.get(c) for c in ("established_by", "start", "end"))
    if kind == "established" and established:
        if established not in listed:
            yield Disagreement(
                "establishedBy",
                NamedNode(rel.object),
                NamedNode(entity_iri("resolution", established)),
            )
        return  # the same resolution: its date is the reference's
    if not when:
        return
    year = int(when[:4])
    if kind == "established" and start and not _near(year, start):
        yield Disagreement("startDate", t.date(when), t.date(start))
    elif kind == "terminated" and end and not _near(year, end):
        yield Disagreement("endDate", t.date(when), t.date(end))
    elif kind in ("extended", "modified"):
        if start and year < int(start[:4]) - _SLACK_YEARS:
            yield Disagreement("startDate", t.date(when), t.date(start))
        elif end and year > int(end[:4]):
            yield Disagreement("endDate", t.date(when), t.date(end))


def _near(year: int, reference: str) -> bool:
    return int(reference[:4]) - _SLACK_YEARS <= year <= int(reference[:4])


def _reference_node(act: NamedNode, d: Disagreement, mission: Entity, g: NamedNode):
    node = NamedNode(f"{act.value.replace('/act/', '/contradiction/', 1)}-{d.prop}")
    yield Quad(node, t.TYPE, t.u("Contradiction"), g)
    yield Quad(node, t.u("claim"), act, g)
    yield Quad(node, t.u("disputedProperty"), t.u(d.prop), g)
    yield Quad(node, t.u("claimedValue"), d.stated, g)
    yield Quad(node, t.u("otherValue"), d.reference, g)
    yield Quad(node, t.DC_SOURCE, t.lit(mission.get("source") or "ontology/data/missions.csv"), g)


# Two report graphs' acts on one mission that disagree: different establishing resolutions (unless
# the paragraph of either also names the other's, a list), or one resolution's act on the
# mandate with different "until" dates. The node is named by the pair, so it is the same IRI
# at every refresh.
REFRESH = f"""
DROP SILENT GRAPH <{CONTRADICTIONS_GRAPH}> ;
INSERT {{ GRAPH <{CONTRADICTIONS_GRAPH}> {{
  ?c a unkg:Contradiction ; unkg:claim ?a ; unkg:otherClaim ?b ; unkg:disputedProperty ?prop ;
     unkg:claimedValue ?stated ; unkg:otherValue ?other .
}} }}
WHERE {{
  {{
    GRAPH ?ga {{ ?a unkg:actOn ?m ; unkg:actKind "established" ; unkg:actBy ?stated ;
                   unkg:hasEvidence/unkg:inParagraph ?pa . }}
    GRAPH ?gb {{ ?b unkg:actOn ?m ; unkg:actKind "established" ; unkg:actBy ?other ;
                   unkg:hasEvidence/unkg:inParagraph ?pb . }}
    FILTER(?stated != ?other)
    FILTER NOT EXISTS {{ GRAPH ?ga {{ ?x unkg:actOn ?m ; unkg:actKind "established" ;
      unkg:actBy ?other ; unkg:hasEvidence/unkg:inParagraph ?pa }} }}
    FILTER NOT EXISTS {{ GRAPH ?gb {{ ?y unkg:actOn ?m ; unkg:actKind "established" ;
      unkg:actBy ?stated ; unkg:hasEvidence/unkg:inParagraph ?pb }} }}
    BIND(unkg:establishedBy AS ?prop)
  }} UNION {{
    GRAPH ?ga {{ ?a unkg:actOn ?m ; unkg:actKind ?kind ; unkg:actBy ?doc ;
                   unkg:mandateUntil ?stated . }}
    GRAPH ?gb {{ ?b unkg:actOn ?m ; unkg:actKind ?kind ; unkg:actBy ?doc ;
                   unkg:mandateUntil ?other . }}
    FILTER(?stated != ?other)
    BIND(unkg:mandateUntil AS ?prop)
  }}
  FILTER(?ga != ?gb && STR(?a) < STR(?b))
  BIND(IRI(CONCAT("{ID_BASE}contradiction/", SHA1(CONCAT(STR(?a), " ", STR(?b), " ", STR(?prop)))))
       AS ?c)
}}
"""


LIST = """
SELECT ?acronym ?act ?property ?claim ?report ?paragraph ?sentence ?other ?otherSource
       ?otherParagraph ?otherSentence WHERE {
  ?c a unkg:Contradiction ; unkg:claim ?a ; unkg:disputedProperty ?prop ;
     unkg:claimedValue ?claimed ; unkg:otherValue ?othered .
  ?a unkg:actOn/unkg:acronym ?acronym ; unkg:actKind ?act ;
     unkg:hasEvidence [ unkg:evidenceText ?sentence ; unkg:inParagraph ?p ] .
  ?p unkg:paragraphNumber ?paragraph ; unkg:inReport/dcterms:identifier ?report .
  OPTIONAL { ?c unkg:otherClaim/unkg:hasEvidence [ unkg:evidenceText ?otherSentence ;
                                                  unkg:inParagraph ?q ] .
             ?q unkg:paragraphNumber ?otherParagraph ;
                unkg:inReport/dcterms:identifier ?otherReport }
  OPTIONAL { ?claimed unkg:symbol ?claimedSymbol }
  OPTIONAL { ?othered unkg:symbol ?otherSymbol }
  BIND(STRAFTER(STR(?prop), "#") AS ?property)
  BIND(COALESCE(?claimedSymbol, STR(?claimed)) AS ?claim)
  BIND(COALESCE(?otherSymbol, STR(?othered)) AS ?other)
  BIND(COALESCE(?otherReport, "reference data") AS ?otherSource)
}
"""
