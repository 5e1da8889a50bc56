"""pyoxigraph terms for the vocabulary, made once from the rdflib namespace objects.

The store speaks pyoxigraph; the vocabulary is defined once, in
`unkg.ontology.namespace`. This module only converts, so no IRI is spelled twice.
"""

from __future__ import annotations

from functools import cache

from pyoxigraph import Literal, NamedNode
from rdflib import DCTERMS, OWL, PROV, RDF, SKOS, XSD, URIRef

from unkg.ontology.namespace import ITSRDF, NIF, UNKG, WD


@cache
def node(term: URIRef | str) -> NamedNode:
    return NamedNode(str(term))


@cache
def u(name: str) -> NamedNode:
    """An ontology term by local name; unknown names fail like `UNKG.name` does."""
    return NamedNode(str(getattr(UNKG, name)))


TYPE = node(RDF.type)
STATEMENT = node(RDF.Statement)
SUBJECT, PREDICATE, OBJECT = node(RDF.subject), node(RDF.predicate), node(RDF.object)
PREF_LABEL, ALT_LABEL = node(SKOS.prefLabel), node(SKOS.altLabel)
SAME_AS = node(OWL.sameAs)
DC_IDENTIFIER, DC_TITLE, DC_DATE = node(DCTERMS.identifier), node(DCTERMS.title), node(DCTERMS.date)
DC_LANGUAGE, DC_SOURCE = node(DCTERMS.language), node(DCTERMS.source)
DC_TEMPORAL, DC_TYPE = node(DCTERMS.temporal), node(DCTERMS.type)
PROV_ACTIVITY, PROV_GENERATED_BY = node(PROV.Activity), node(PROV.wasGeneratedBy)
PROV_USED, PROV_ASSOCIATED = node(PROV.used), node(PROV.wasAssociatedWith)
PROV_STARTED = node(PROV.startedAtTime)
NIF_CONTEXT, NIF_PHRASE = node(NIF.Context), node(NIF.Phrase)
NIF_IS_STRING, NIF_ANCHOR_OF = node(NIF.isString), node(NIF.anchorOf)
NIF_BEGIN, NIF_END, NIF_REFERENCE = (
    node(NIF.beginIndex),
    node(NIF.endIndex),
    node(NIF.referenceContext),
)
TA_IDENT, TA_CLASS = node(ITSRDF.taIdentRef), node(ITSRDF.taClassRef)
XSD_DATE, XSD_YEAR_MONTH, XSD_YEAR = node(XSD.date), node(XSD.gYearMonth), node(XSD.gYear)
XSD_NNI, XSD_BOOLEAN = node(XSD.nonNegativeInteger), node(XSD.boolean)
XSD_DATETIME = node(XSD.dateTime)
WIKIDATA = str(WD)


def lit(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def count(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_NNI)


def date(value: str) -> Literal:
    """An ISO date, year-month or year, typed by its precision."""
    datatype = {10: XSD_DATE, 7: XSD_YEAR_MONTH, 4: XSD_YEAR}.get(len(value), XSD_DATE)
    return Literal(value, datatype=datatype)
