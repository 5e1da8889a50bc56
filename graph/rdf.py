"""Extraction results and reference data as RDF quads (see docs/data-model.md)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse
from rdflib import RDFS

from unkg import __version__
from unkg.extract.model import Mention, Paragraph, Relation, Report
from unkg.extract.symbols import classify
from unkg.graph import terms as t
from unkg.graph.contradictions import against_reference
from unkg.graph.mandates import act_iri, act_quads, adopted
from unkg.ontology.ids import (
    REFERENCE_GRAPH,
    SOFTWARE_BASE,
    entity_iri,
    report_graph_iri,
    report_iri,
    type_iri,
)
from unkg.ontology.namespace import ontology_path
from unkg.ontology.reference import Entity, ReferenceData, load_reference


@cache
def superclasses() -> dict[NamedNode, tuple[NamedNode, ...]]:
    """Every class of the ontology → all the classes it is a subclass of (transitively), read
    from ``unkg.ttl``: the types RDFS entailment adds to an instance (rule rdfs9)."""
    subclass_of = t.node(RDFS.subClassOf)
    parents: dict[NamedNode, set[NamedNode]] = {}
    for triple in parse(path=str(ontology_path()), format=RdfFormat.TURTLE):
        if triple.predicate == subclass_of and isinstance(triple.object, NamedNode):
            parents.setdefault(triple.subject, set()).add(triple.object)
    closure: dict[NamedNode, tuple[NamedNode, ...]] = {}
    for cls in parents:
        seen: set[NamedNode] = set()
        todo = list(parents[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen and sup != cls:
                seen.add(sup)
                todo.extend(parents.get(sup, ()))
        closure[cls] = tuple(sorted(seen, key=lambda n: n.value))
    return closure


def with_superclasses(quads: Iterable[Quad]) -> Iterator[Quad]:
    """`quads`, and after each ``?x rdf:type C`` the types C's superclasses give ?x, in the
    same graph, so ``?r a unkg:Resolution`` finds a SecurityCouncilResolution without
    reasoning at query time."""
    supers = superclasses()
    for q in quads:
        yield q
        if q.predicate == t.TYPE and q.object in supers:
            for sup in supers[q.object]:
                yield Quad(q.subject, t.TYPE, sup, q.graph_name)


def _entailing(make: Callable[..., Iterable[Quad]]) -> Callable[..., Iterator[Quad]]:
    @functools.wraps(make)
    def wrapper(*args, **kwargs) -> Iterator[Quad]:
        return with_superclasses(make(*args, **kwargs))

    return wrapper


def software_iri() -> NamedNode:
    return NamedNode(SOFTWARE_BASE + __version__)


def place_iri(key: str) -> str:
    """A host key is a country or a territory: the reference data says which."""
    ref = load_reference()
    for kind in ("Country", "Territory"):
        entity = ref.find(kind, key)
        if entity is not None:
            return entity.iri
    return entity_iri("country", key)


def _entity_quads(e: Entity, g: NamedNode) -> Iterator[Quad]:
    s = NamedNode(e.iri)
    for cls in e.classes:
        yield Quad(s, t.TYPE, t.u(cls), g)
    for lang, label in e.labels.items():
        yield Quad(s, t.PREF_LABEL, t.lit(label, lang), g)
    for lang, names in e.aliases.items():
        for name in names:
            yield Quad(s, t.ALT_LABEL, t.lit(name, lang), g)
    qid = e.get("wikidata")
    if qid:
        yield Quad(s, t.SAME_AS, NamedNode(t.WIKIDATA + qid), g)
    if e.get("source"):
        yield Quad(s, t.DC_SOURCE, t.lit(e.get("source")), g)
    yield from _kind_quads(e, s, g)


def _kind_quads(e: Entity, s: NamedNode, g: NamedNode) -> Iterator[Quad]:
    if e.type in ("Country", "Territory"):
        for column, prop in (
            ("alpha2", "iso3166Alpha2"),
            ("alpha3", "iso3166Alpha3"),
            ("m49", "m49"),
        ):
            if e.get(column):
                yield Quad(s, t.u(prop), t.lit(e.get(column)), g)
    elif e.type == "Mission":
        yield Quad(
            s,
            t.u("acronym"),
            t.lit(e.key),
            g,  # the key is the acronym (UNEF-II)
        )
        for host in e.multi("host"):
            yield Quad(s, t.u("hostCountry"), NamedNode(place_iri(host)), g)
        for column, prop in (("start", "startDate"), ("end", "endDate")):
            if e.get(column):
                yield Quad(s, t.u(prop), t.date(e.get(column)), g)
        if e.get("established_by"):
            symbol = e.get("established_by")
            res = NamedNode(entity_iri("resolution", symbol))
            yield Quad(s, t.u("establishedBy"), res, g)
            yield from _symbol_quads(res, symbol, g)
        for column, prop in (("successor", "succeededBy"), ("predecessor", "precededBy")):
            for other in e.multi(column):  # UNPROFOR → UNCRO|UNPREDEP|UNMIBH
                yield Quad(s, t.u(prop), NamedNode(entity_iri("mission", other)), g)
    else:
        if e.get("acronym_en"):
            yield Quad(s, t.u("acronym"), t.lit(e.get("acronym_en")), g)
        if e.get("category"):
            yield Quad(s, t.u("category"), t.lit(e.get("category")), g)
        if e.get("parent"):
            parent = e.get("parent")
            yield Quad(s, t.u("parentOrganization"), NamedNode(_org_iri(parent)), g)


def _org_iri(key: str) -> str:
    return entity_iri("organization", key)


def _symbol_quads(s: NamedNode, symbol: str, g: NamedNode) -> Iterator[Quad]:
    _, cls = classify(symbol)
    yield Quad(s, t.TYPE, t.u(cls), g)
    yield Quad(s, t.u("symbol"), t.lit(symbol), g)
    yield Quad(s, t.PREF_LABEL, t.lit(symbol, "en"), g)


@_entailing
def reference_quads(ref: ReferenceData) -> Iterator[Quad]:
    """The curated entities, in the reference graph."""
    g = NamedNode(REFERENCE_GRAPH)
    parents = {
        e.key: e.iri for e in ref.entities.values() if e.type in ("Programme", "Organization")
    }
    for e in ref.entities.values():
        for q in _entity_quads(e, g):
            if q.predicate == t.u("parentOrganization"):
                parent = parents.get(e.get("parent"))
                if parent is None:
                    continue
                q = Quad(q.subject, q.predicate, NamedNode(parent), g)
            yield q


@_entailing
def report_quads(report: Report, config_hash: str = "", when: str | None = None) -> Iterator[Quad]:
    """Everything one report says, in its own named graph."""
    g = NamedNode(report_graph_iri(report.slug))
    r = NamedNode(report_iri(report.slug))
    meta = report.meta
    yield Quad(r, t.TYPE, t.u("Report"), g)
    yield Quad(r, t.DC_IDENTIFIER, t.lit(meta.symbol or report.slug), g)
    if meta.symbol:
        yield Quad(r, t.u("symbol"), t.lit(meta.symbol), g)
    if meta.title:
        yield Quad(r, t.DC_TITLE, t.lit(meta.title, report.language), g)
    if meta.date:
        yield Quad(r, t.DC_DATE, t.date(meta.date), g)
    yield Quad(r, t.DC_LANGUAGE, t.lit(report.language), g)
    yield Quad(r, t.u("sha256"), t.lit(report.sha256), g)
    yield Quad(r, t.DC_SOURCE, t.lit(report.source), g)
    if meta.years:  # no date printed: the session's years
        yield Quad(r, t.DC_TEMPORAL, t.lit(meta.years), g)
    if meta.session:
        yield Quad(r, t.u("session"), t.lit(meta.session), g)
    if meta.agenda_item:
        yield Quad(r, t.u("agendaItem"), t.lit(meta.agenda_item), g)
    if meta.translation_of:
        yield Quad(r, t.u("translationOf"), NamedNode(report_iri(meta.translation_of)), g)
    described: set[str] = set()
    yield from _document_quads(report, r, g, described)
    activity = NamedNode(str(r.value) + "/activity")
    yield Quad(r, t.PROV_GENERATED_BY, activity, g)
    yield Quad(activity, t.TYPE, t.PROV_ACTIVITY, g)
    yield Quad(activity, t.PROV_USED, t.lit("sha256:" + report.sha256), g)
    yield Quad(activity, t.PROV_ASSOCIATED, software_iri(), g)
    yield Quad(activity, t.u("softwareVersion"), t.lit(__version__), g)
    if when:  # the build's start time (left out where a test needs identical graphs)
        yield Quad(activity, t.PROV_STARTED, Literal(when, datatype=t.XSD_DATETIME), g)
    if config_hash:
        yield Quad(activity, t.u("configHash"), t.lit(config_hash), g)
    for p in report.paragraphs:
        yield from _paragraph_quads(report, p, r, g, described)
    yield from _short_form_quads(report, g)


# The class of the document node by the report's kind; a resolution's comes from its symbol.
KIND_CLASSES = {
    "presidential statement": "PresidentialStatement",
    "Secretary-General report": "SecretaryGeneralReport",
    "letter": "Letter",
    "press release": "PressRelease",
}


def kind_class(report: Report) -> str:
    """The ontology class of the report's kind: a resolution's from its symbol."""
    symbol = report.meta.symbol
    if symbol and classify(symbol)[0] == "Resolution":
        return classify(symbol)[1]
    if report.meta.kind == "resolution":
        return "Resolution"
    return KIND_CLASSES.get(report.meta.kind or "", "Document")


def _document_quads(
    report: Report, r: NamedNode, g: NamedNode, described: set[str]
) -> Iterator[Quad]:
    """The report's kind (dcterms:type, a class), and, when it has a symbol, unkg:textOf
    the document node that symbol names wherever it is cited (resolution:S-RES-1701-2006),
    typed with that class too: a resolution's own acts and every citation of it meet there."""
    cls = t.u(kind_class(report))
    yield Quad(r, t.DC_TYPE, cls, g)
    symbol = report.meta.symbol
    if not symbol:
        return
    doc = NamedNode(type_iri(classify(symbol)[0], symbol))
    yield Quad(r, t.u("textOf"), doc, g)
    described.add(doc.value)
    yield from _symbol_quads(doc, symbol, g)
    yield Quad(doc, t.TYPE, cls, g)


def _paragraph_quads(
    report: Report, p: Paragraph, r: NamedNode, g: NamedNode, described: set[str]
) -> Iterator[Quad]:
    pn = NamedNode(f"{r.value}/p/{p.number}")
    yield Quad(pn, t.TYPE, t.u("Paragraph"), g)
    yield Quad(pn, t.TYPE, t.NIF_CONTEXT, g)
    yield Quad(pn, t.u("inReport"), r, g)
    yield Quad(pn, t.u("paragraphNumber"), t.lit(p.number), g)
    yield Quad(pn, t.u("unitKind"), t.lit(p.kind), g)
    yield Quad(pn, t.u("offset"), t.count(p.start), g)
    yield Quad(pn, t.NIF_IS_STRING, t.lit(p.text), g)
    if p.language:  # only when it differs from the report's
        yield Quad(pn, t.DC_LANGUAGE, t.lit(p.language), g)
    if p.section:
        yield Quad(pn, t.u("sectionPath"), t.lit(" / ".join(p.section)), g)
    for m in p.mentions:
        yield from _mention_quads(m, p, pn, r, g, described)
    own = _own_document(report)
    acts = []
    for rel in p.relations:
        yield from _relation_quads(rel, p, pn, r, g)
        yield from _cited_object_quads(rel, g, described)
        ev = _evidence_iri(rel, r)
        when = adopted(rel, own, report.meta.date)
        yield from act_quads(rel, ev, when, g)
        acts.append((rel, act_iri(ev), when))
    yield from against_reference(acts, g)


def _mention_quads(
    m: Mention, p: Paragraph, pn: NamedNode, r: NamedNode, g: NamedNode, described: set[str]
) -> Iterator[Quad]:
    entity = NamedNode(m.id)
    phrase = NamedNode(f"{r.value}#char={m.start},{m.end}")
    begin = p.local_offset(m.start)
    yield Quad(phrase, t.TYPE, t.NIF_PHRASE, g)
    yield Quad(phrase, t.NIF_ANCHOR_OF, t.lit(m.text), g)
    yield Quad(phrase, t.NIF_BEGIN, t.count(begin), g)
    yield Quad(phrase, t.NIF_END, t.count(begin + len(m.text)), g)
    yield Quad(phrase, t.NIF_REFERENCE, pn, g)
    yield Quad(phrase, t.TA_IDENT, entity, g)
    yield Quad(phrase, t.TA_CLASS, t.u(m.type), g)
    if m.distance:  # a fuzzy link (OCR damage): how far the text is from the name it matched
        yield Quad(phrase, t.u("editDistance"), t.count(m.distance), g)
    yield Quad(pn, t.u("mentions"), entity, g)
    yield Quad(r, t.u("mentions"), entity, g)
    if m.id in described:
        return
    described.add(m.id)
    if m.type in ("Resolution", "Document"):
        yield from _symbol_quads(entity, m.key, g)
    elif m.minted:
        yield Quad(entity, t.TYPE, t.u(m.type), g)
        yield Quad(entity, t.PREF_LABEL, t.lit(m.key, _lang_of(m.key)), g)
        yield Quad(entity, t.u("minted"), Literal("true", datatype=t.XSD_BOOLEAN), g)


def _short_form_quads(report: Report, g: NamedNode) -> Iterator[Quad]:
    """The short forms the report defined for the entities it minted (联合国南极观察团(南极观察团)),
    as their `skos:altLabel`s: the report uses them more than the full name, so the graph page
    lists them as other names and searches and draws a minted mission by them, as it does a
    reference mission by its short name."""
    seen: set[tuple[str, str]] = set()
    for m in report.mentions():
        if not m.minted or (m.id, m.text) in seen:
            continue
        seen.add((m.id, m.text))
        if len("".join(m.text.split())) < len("".join(m.key.split())):  # not the full name
            yield Quad(NamedNode(m.id), t.ALT_LABEL, t.lit(m.text, _lang_of(m.text)), g)


def _cited_object_quads(rel: Relation, g: NamedNode, described: set[str]) -> Iterator[Quad]:
    """The resolution or document a relation names, described like a mention of it: its
    symbol may have no mention of its own (one split by a blank line, `resolution⏎⏎2715⏎⏎
    (2023)`, is a relation's object but no phrase), and an undescribed object would show as
    a bare IRI in timelines and queries."""
    if rel.object in described or rel.object != type_iri(
        classify(rel.object_key)[0], rel.object_key
    ):
        return  # described already, or no symbol's node (a country, a mission …)
    described.add(rel.object)
    yield from _symbol_quads(NamedNode(rel.object), rel.object_key, g)


def _lang_of(name: str) -> str:
    return "en" if name.isascii() else "zh"


def _evidence_iri(rel: Relation, r: NamedNode) -> NamedNode:
    """The evidence node of a relation: one per relation and sentence in the report."""
    digest = hashlib.sha1(
        f"{rel.subject} {rel.predicate} {rel.object} {rel.start} {rel.end}".encode()
    ).hexdigest()[:16]
    return NamedNode(f"{r.value}/evidence/{digest}")


def _own_document(report: Report) -> str | None:
    """The IRI of the document the report is the text of (its symbol's node), if any."""
    symbol = report.meta.symbol
    return type_iri(classify(symbol)[0], symbol) if symbol else None


def _relation_quads(
    rel: Relation, para: Paragraph, pn: NamedNode, r: NamedNode, g: NamedNode
) -> Iterator[Quad]:
    s, p, o = NamedNode(rel.subject), t.u(rel.predicate), NamedNode(rel.object)
    yield Quad(s, p, o, g)
    ev = _evidence_iri(rel, r)
    yield Quad(ev, t.TYPE, t.STATEMENT, g)
    yield Quad(ev, t.TYPE, t.u("Evidence"), g)
    yield Quad(ev, t.SUBJECT, s, g)
    yield Quad(ev, t.PREDICATE, p, g)
    yield Quad(ev, t.OBJECT, o, g)
    yield Quad(ev, t.u("inParagraph"), pn, g)
    yield Quad(ev, t.u("evidenceText"), t.lit(rel.evidence), g)
    begin = para.local_offset(rel.start)
    yield Quad(ev, t.NIF_BEGIN, t.count(begin), g)
    yield Quad(ev, t.NIF_END, t.count(begin + len(rel.evidence)), g)
    if rel.date:
        yield Quad(ev, t.u("effectiveDate"), t.date(rel.date), g)
