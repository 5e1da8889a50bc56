"""rdflib namespace objects for unkg and the vocabularies it uses.

`UNKG` lists every term of the unkg ontology (``unkg.ttl``) as an annotated attribute. It is a
closed rdflib ``DefinedNamespace`` (``_fail = True``), so a misspelt term such as
``UNKG.operatesin`` raises ``AttributeError`` where it is written, instead of quietly producing an
IRI that no query will ever match. A test checks that the attributes and the terms declared in
``unkg.ttl`` are the same set.

The IRI bases themselves are spelt out once, in `unkg.ontology.ids` (which has no rdflib dependency,
so extraction code can use it); this module only wraps them.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

from unkg.ontology.ids import GRAPH_BASE, ID_BASE, KINDS, ONTOLOGY_NS, SOFTWARE_BASE

__all__ = [
    "ITSRDF",
    "NIF",
    "PREFIXES",
    "SH_UNKG",
    "UNKG",
    "UNKG_GRAPH",
    "UNKG_ID",
    "UNKG_SOFTWARE",
    "WD",
    "bind_prefixes",
    "ontology_path",
    "shapes_path",
]


class UNKG(DefinedNamespace):
    """The unkg ontology, ``https://w3id.org/unkg/ontology#`` (closed: unknown names raise)."""

    _NS = Namespace(ONTOLOGY_NS)
    _fail = True

    # Classes: reports and their text
    Report: URIRef
    Paragraph: URIRef
    Evidence: URIRef
    # Classes: missions
    Mission: URIRef
    PeacekeepingOperation: URIRef
    SpecialPoliticalMission: URIRef
    # Classes: countries and territories
    Country: URIRef
    MemberState: URIRef
    ObserverState: URIRef
    FormerState: URIRef
    Territory: URIRef
    # Classes: documents
    Document: URIRef
    Resolution: URIRef
    SecurityCouncilResolution: URIRef
    GeneralAssemblyResolution: URIRef
    PresidentialStatement: URIRef
    SecretaryGeneralReport: URIRef
    Letter: URIRef
    PressRelease: URIRef
    # Classes: programmes
    Programme: URIRef
    Fund: URIRef
    Initiative: URIRef
    Strategy: URIRef
    Framework: URIRef
    System: URIRef
    Agenda: URIRef
    Plan: URIRef
    # Classes: organizations
    Organization: URIRef
    UNEntity: URIRef
    UNDepartment: URIRef
    UNOrgan: URIRef
    Organ: URIRef
    NonUNOperation: URIRef
    RegionalOrganization: URIRef
    IntergovernmentalOrganization: URIRef
    MandateAct: URIRef
    Contradiction: URIRef

    # Object properties
    operatesIn: URIRef
    hostCountry: URIRef
    establishedBy: URIRef
    mandateExtendedBy: URIRef
    mandateTerminatedBy: URIRef
    mandateModifiedBy: URIRef
    concerns: URIRef
    supports: URIRef
    cooperatesWith: URIRef
    succeededBy: URIRef
    precededBy: URIRef
    mentions: URIRef
    inReport: URIRef
    inParagraph: URIRef
    parentOrganization: URIRef
    translationOf: URIRef
    textOf: URIRef
    actOn: URIRef
    actBy: URIRef
    hasEvidence: URIRef
    claim: URIRef
    otherClaim: URIRef
    disputedProperty: URIRef
    claimedValue: URIRef
    otherValue: URIRef

    # Datatype properties: paragraphs and evidence
    paragraphNumber: URIRef
    unitKind: URIRef
    sectionPath: URIRef
    offset: URIRef
    editDistance: URIRef
    evidenceText: URIRef
    effectiveDate: URIRef
    actKind: URIRef
    adopted: URIRef
    mandateUntil: URIRef
    # Datatype properties: entities
    acronym: URIRef
    symbol: URIRef
    session: URIRef
    agendaItem: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    m49: URIRef
    startDate: URIRef
    endDate: URIRef
    category: URIRef
    minted: URIRef
    # Datatype properties: provenance
    sha256: URIRef
    configHash: URIRef
    softwareVersion: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
WD = Namespace("http://www.wikidata.org/entity/")
UNKG_ID = Namespace(ID_BASE)
UNKG_GRAPH = Namespace(GRAPH_BASE)
UNKG_SOFTWARE = Namespace(SOFTWARE_BASE)
SH_UNKG = Namespace("https://w3id.org/unkg/shapes#")

# Prefix → namespace, for Turtle/TriG output and the prefixes shown on the query page.
PREFIXES: dict[str, str] = {
    "unkg": ONTOLOGY_NS,
    # One prefix per kind of entity, so IRIs read as mission:MONUSCO, country:COD,
    # resolution:S-RES-2690-2023 in Turtle and SPARQL.
    **{kind: f"{ID_BASE}{kind}/" for kind in KINDS},
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
    "org": str(ORG),
    "sh": str(SH),
}


def bind_prefixes(graph) -> None:
    """Bind every prefix of `PREFIXES` on an rdflib Graph or Dataset, replacing other bindings."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def ontology_path() -> Traversable:
    """The shipped OWL ontology, ``unkg.ttl``."""
    return files("unkg.ontology") / "unkg.ttl"


def shapes_path() -> Traversable:
    """The shipped SHACL shapes, ``shapes.ttl``."""
    return files("unkg.ontology") / "shapes.ttl"
