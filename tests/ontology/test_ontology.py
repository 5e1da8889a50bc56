"""The vocabulary contract: unkg.ttl, shapes.ttl, the UNKG namespace, the data-model examples."""

import inspect
import re
from pathlib import Path

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from unkg.ontology.ids import (
    GRAPH_BASE,
    ID_BASE,
    KINDS,
    ONTOLOGY_NS,
    REFERENCE_GRAPH,
    report_graph_iri,
    type_iri,
)
from unkg.ontology.namespace import (
    NIF,
    PREFIXES,
    SH_UNKG,
    UNKG,
    UNKG_GRAPH,
    UNKG_ID,
    bind_prefixes,
    ontology_path,
    shapes_path,
)

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "ontology"
DATA_MODEL_DOC = HERE.parents[1] / "docs" / "data-model.md"

ONTOLOGY_IRI = URIRef(ONTOLOGY_NS.rstrip("#"))  # the ontology document
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
SKOS_DEFINITION = SKOS.definition


def iri(path: str) -> URIRef:
    return URIRef(ID_BASE + path)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(source=str(ontology_path()), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(source=str(shapes_path()), format="turtle")


def load(name: str) -> Graph:
    return Graph().parse(source=str(DATA / name), format="turtle")


def violations(data: Graph, shapes: Graph, **kwargs) -> tuple[bool, set[tuple]]:
    conforms, report, _text = validate(data, shacl_graph=shapes, **kwargs)
    found = {
        (
            report.value(result, SH.focusNode),
            report.value(result, SH.resultPath),
            report.value(result, SH.sourceConstraintComponent),
        )
        for result in report.objects(None, SH.result)  # top-level results, not their sh:detail
    }
    return conforms, found


def unkg_terms() -> set[str]:
    return set(inspect.get_annotations(UNKG))


# --------------------------------------------------------------------------------------------------
# unkg.ttl


@pytest.mark.parametrize("path", [ontology_path, shapes_path], ids=["unkg.ttl", "shapes.ttl"])
def test_turtle_parses_strictly_with_pyoxigraph(path):
    quads = list(pyoxigraph.parse(path=str(path()), format=pyoxigraph.RdfFormat.TURTLE))
    assert quads
    assert len(quads) == len(Graph().parse(source=str(path()), format="turtle"))


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert (
        ONTOLOGY_IRI,
        DCTERMS.license,
        URIRef("https://www.apache.org/licenses/LICENSE-2.0"),
    ) in ontology
    for prop in ("title", "description"):
        langs = {o.language for o in ontology.objects(ONTOLOGY_IRI, DCTERMS[prop])}
        assert {"en", "zh"} <= langs, prop


def test_declared_terms_are_the_namespace_terms(ontology):
    declared = {
        str(s)[len(ONTOLOGY_NS) :]
        for kind in TERM_TYPES
        for s in ontology.subjects(RDF.type, kind)
        if str(s).startswith(ONTOLOGY_NS)
    }
    assert declared == unkg_terms()


def test_every_unkg_iri_used_in_the_ontology_is_declared(ontology):
    used = {
        str(term)[len(ONTOLOGY_NS) :]
        for triple in ontology
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(ONTOLOGY_NS)
    }
    assert used <= unkg_terms()


def test_each_term_has_exactly_one_kind(ontology):
    for name in unkg_terms():
        kinds = [k for k in TERM_TYPES if (UNKG[name], RDF.type, k) in ontology]
        assert len(kinds) == 1, (name, kinds)


@pytest.mark.parametrize("name", sorted(unkg_terms()))
def test_every_term_is_documented_in_english_and_chinese(ontology, name):
    term = UNKG[name]
    for prop in (RDFS.label, RDFS.comment, SKOS_DEFINITION):
        langs = [o.language for o in ontology.objects(term, prop)]
        assert sorted(langs) == ["en", "zh"], (name, prop, langs)
        assert all(str(o).strip() for o in ontology.objects(term, prop))
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


def test_class_hierarchy_and_alignments(ontology):
    org = ORG.Organization
    expected = [
        (UNKG.PeacekeepingOperation, UNKG.Mission),
        (UNKG.SpecialPoliticalMission, UNKG.Mission),
        (UNKG.MemberState, UNKG.Country),
        (UNKG.ObserverState, UNKG.Country),
        (UNKG.SecurityCouncilResolution, UNKG.Resolution),
        (UNKG.GeneralAssemblyResolution, UNKG.Resolution),
        (UNKG.Resolution, UNKG.Document),
        (UNKG.PresidentialStatement, UNKG.Document),
        (UNKG.Fund, UNKG.Programme),
        (UNKG.Plan, UNKG.Programme),
        (UNKG.UNEntity, UNKG.Organization),
        (UNKG.RegionalOrganization, UNKG.Organization),
        (UNKG.Mission, org),
        (UNKG.Organization, org),
        (UNKG.Report, PROV.Entity),
        (UNKG.Country, DCTERMS.Location),
        (UNKG.Territory, DCTERMS.Location),
        (UNKG.Evidence, RDF.Statement),
    ]
    for sub, sup in expected:
        assert (sub, RDFS.subClassOf, sup) in ontology, (sub, sup)
    assert (UNKG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ontology
    assert (UNKG.translationOf, RDF.type, OWL.SymmetricProperty) in ontology
    assert (UNKG.succeededBy, OWL.inverseOf, UNKG.precededBy) in ontology


# --------------------------------------------------------------------------------------------------
# namespace.py


def test_namespace_is_closed():
    assert UNKG.operatesIn == URIRef(ONTOLOGY_NS + "operatesIn")
    with pytest.raises(AttributeError):
        UNKG.operatesin  # noqa: B018 - the typo is the point


def test_namespaces_come_from_ids():
    assert str(UNKG) == ONTOLOGY_NS
    assert str(UNKG_ID) == ID_BASE
    assert str(UNKG_GRAPH) == GRAPH_BASE
    assert UNKG_GRAPH.reference == URIRef(REFERENCE_GRAPH)
    assert PREFIXES["unkg"] == ONTOLOGY_NS
    assert PREFIXES["mission"] == ID_BASE + "mission/"
    assert PREFIXES["country"] == ID_BASE + "country/"
    assert {kind: PREFIXES.get(kind) for kind in KINDS} == {k: f"{ID_BASE}{k}/" for k in KINDS}
    assert {
        "unkg",
        *("skos", "dcterms", "prov", "nif", "itsrdf", "owl", "rdf", "rdfs", "xsd"),
        *("wd", "org", "sh"),
    } <= set(PREFIXES)


def test_bind_prefixes():
    graph = Graph()
    bind_prefixes(graph)
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    for prefix, ns in PREFIXES.items():
        assert bound[prefix] == ns


def test_resource_paths_exist():
    assert ontology_path().is_file()
    assert shapes_path().is_file()


# --------------------------------------------------------------------------------------------------
# shapes.ttl


def test_shapes_are_valid_shacl(shapes):
    # meta_shacl checks the shapes against the SHACL-SHACL shapes first, and raises if they fail.
    conforms, _found = violations(load("valid.ttl"), shapes, meta_shacl=True)
    assert conforms


def test_every_ontology_class_is_a_shape_target(ontology, shapes):
    targets = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(ONTOLOGY_NS)}
    assert classes <= targets, classes - targets
    assert NIF.Phrase in targets


def test_unit_kinds_are_the_ones_the_shapes_accept(shapes):
    """One vocabulary of unit kinds: what extraction writes (`UNIT_KINDS`) is what SHACL takes."""
    from rdflib.collection import Collection

    from unkg.extract.model import UNIT_KINDS

    lists = [shapes.value(p, SH["in"]) for p in shapes.subjects(SH.path, UNKG.unitKind)]
    accepted = [{str(v) for v in Collection(shapes, node)} for node in lists if node]
    assert accepted == [set(UNIT_KINDS)]


def test_shape_iris_are_in_the_shapes_namespace(shapes):
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and str(shape).startswith(str(SH_UNKG)), shape


def test_valid_graph_conforms(shapes):
    conforms, found = violations(load("valid.ttl"), shapes)
    assert conforms, found


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_valid_graph_conforms_with_the_ontology_mixed_in(ontology, shapes, inference):
    conforms, found = violations(load("valid.ttl"), shapes, ont_graph=ontology, inference=inference)
    assert conforms, found


PHRASE = "report/A-75-1#char=10235,10240"
EVIDENCE = "report/A-75-1/evidence/37639594ef67dbf0"


@pytest.mark.parametrize(
    ("fixture", "focus", "path", "component"),
    [
        (
            "broken-mission-no-zh.ttl",
            "mission/MONUSCO",
            SKOS.prefLabel,
            SH.SPARQLConstraintComponent,
        ),
        (
            "broken-country-iso.ttl",
            "country/COD",
            UNKG.iso3166Alpha2,
            SH.PatternConstraintComponent,
        ),
        ("broken-phrase-offsets.ttl", PHRASE, NIF.anchorOf, SH.SPARQLConstraintComponent),
        (
            "broken-phrase-zero-distance.ttl",
            PHRASE,
            UNKG.editDistance,
            SH.MinInclusiveConstraintComponent,
        ),
        (
            "broken-report-no-sha256.ttl",
            "report/A-75-1",
            UNKG.sha256,
            SH.MinCountConstraintComponent,
        ),
        (
            "broken-paragraph-negative-offset.ttl",
            "report/A-75-1/p/52",
            UNKG.offset,
            SH.MinInclusiveConstraintComponent,
        ),
        ("broken-evidence-not-asserted.ttl", EVIDENCE, RDF.predicate, SH.SPARQLConstraintComponent),
        (
            "broken-organization-no-en.ttl",
            "organization/African-Union",
            SKOS.prefLabel,
            SH.SPARQLConstraintComponent,
        ),
    ],
)
def test_broken_graph_violates_exactly_one_constraint(shapes, fixture, focus, path, component):
    conforms, found = violations(load(fixture), shapes)
    assert not conforms
    assert found == {(iri(focus), path, component)}


def test_minted_entity_needs_no_english_label(shapes):
    data = load("valid.ttl")
    minted = iri("programme/x-9eda980f4ccaa974")
    assert not any(label.language == "en" for label in data.objects(minted, SKOS.prefLabel))
    conforms, found = violations(data, shapes)
    assert conforms, found
    data.remove((minted, UNKG.minted, None))
    conforms, found = violations(data, shapes)
    assert found == {(minted, SKOS.prefLabel, SH.SPARQLConstraintComponent)}


def test_minted_mission_needs_only_the_name_found(shapes):
    data = load("valid.ttl")
    name = "欧洲联盟训练特派团"
    mission = URIRef(type_iri("Mission", name))
    data.add((mission, RDF.type, UNKG.Mission))
    data.add((mission, SKOS.prefLabel, Literal(name, lang="zh")))
    data.add((mission, UNKG.minted, Literal(True)))
    conforms, found = violations(data, shapes)
    assert conforms, found
    data.remove((mission, UNKG.minted, None))
    conforms, found = violations(data, shapes)
    assert found == {
        (mission, SKOS.prefLabel, SH.SPARQLConstraintComponent),
        (mission, UNKG.acronym, SH.SPARQLConstraintComponent),
    }


def test_partial_dates_are_accepted_and_other_types_are_not(shapes):
    data = load("valid.ttl")
    mission = iri("mission/MONUSCO")
    data.set(
        (
            mission,
            UNKG.startDate,
            Literal("2010-07", datatype=XSD.gYearMonth),
        )
    )
    data.set(
        (
            mission,
            UNKG.endDate,
            Literal("2030", datatype=XSD.gYear),
        )
    )
    assert violations(data, shapes)[0]
    data.set((mission, UNKG.endDate, Literal("2030-12-31")))
    _conforms, found = violations(data, shapes)
    assert {(f, p) for f, p, _c in found} == {(mission, UNKG.endDate)}


# --------------------------------------------------------------------------------------------------
# docs/data-model.md


def load_named_graphs(data: Graph, ontology: Graph) -> pyoxigraph.Store:
    """Put valid.ttl in named graphs as docs/data-model.md describes, plus a second report A/76/1.

    The report graph gets the report's own nodes, the plain triples that evidence describes, and the
    minted entities; everything else is reference data.
    """
    reified = {
        (data.value(e, RDF.subject), data.value(e, RDF.predicate), data.value(e, RDF.object))
        for e in data.subjects(RDF.type, UNKG.Evidence)
    }
    minted = set(data.subjects(UNKG.minted, Literal(True)))
    reference, report = Graph(), Graph()
    for triple in data:
        in_report = (
            str(triple[0]).startswith(ID_BASE + "report/")
            or triple in reified
            or triple[0] in minted
        )
        (report if in_report else reference).add(triple)
    reference += ontology
    store = pyoxigraph.Store()
    nt = pyoxigraph.RdfFormat.N_TRIPLES
    store.load(
        reference.serialize(format="nt"), format=nt, to_graph=pyoxigraph.NamedNode(REFERENCE_GRAPH)
    )
    text = report.serialize(format="nt")
    store.load(text, format=nt, to_graph=pyoxigraph.NamedNode(report_graph_iri("A-75-1")))
    other = text.replace("/report/A-75-1", "/report/A-76-1").replace('"A/75/1"', '"A/76/1"')
    store.load(other, format=nt, to_graph=pyoxigraph.NamedNode(report_graph_iri("A-76-1")))
    return store


def documented_queries() -> list[str]:
    return re.findall(
        r"```sparql\n(.*?)```", DATA_MODEL_DOC.read_text(encoding="utf-8"), flags=re.S
    )


def test_data_model_has_five_queries():
    assert len(documented_queries()) == 5


@pytest.mark.parametrize("number", range(5))
def test_documented_query_runs_and_answers(ontology, number):
    query = documented_queries()[number]
    store = load_named_graphs(load("valid.ttl"), ontology)
    rows = list(store.query(query))
    assert rows, f"query {number + 1} returned nothing:\n{query}"


def test_documented_queries_answer_what_they_say(ontology):
    store = load_named_graphs(load("valid.ttl"), ontology)
    q1, q2, q3, q4, q5 = documented_queries()
    missions = [row["acronym"].value for row in store.query(q1)]
    assert missions == ["MONUSCO"]
    both = {row["entity"].value for row in store.query(q2)}
    assert both == {
        ID_BASE + "mission/MONUSCO",
        ID_BASE + "country/COD",
        ID_BASE + "programme/x-9eda980f4ccaa974",
    }
    evidence = list(store.query(q3))  # one row per report graph that asserts the relation
    assert [row["report"].value for row in evidence] == [
        ID_BASE + "report/A-75-1",
        ID_BASE + "report/A-76-1",
    ]
    assert {(row["sentence"].value, row["number"].value) for row in evidence} == {
        ("联刚稳定团继续在刚果民主共和国东部保护平民。", "52")
    }
    mention = next(iter(store.query(q4)))
    text, begin, end = mention["text"].value, int(mention["begin"].value), int(mention["end"].value)
    assert text[begin:end] == mention["anchor"].value == "联刚稳定团"
    assert int(mention["reportBegin"].value) == 10234
    names = {
        # an empty GROUP_CONCAT is "" in the SPARQL spec and unbound in some engines: both mean none
        row["entity"].value: tuple(
            (row[v].value if row[v] is not None else "") or None for v in ("zh", "en", "otherZh")
        )
        for row in store.query(q5)
    }
    assert names == {
        ID_BASE + "mission/MONUSCO": (
            "联合国组织刚果民主共和国稳定特派团",
            "United Nations Organization Stabilization Mission in the Democratic Republic of the"
            " Congo",
            "联刚稳定团",
        ),
        ID_BASE + "country/COD": (
            "刚果民主共和国",
            "Democratic Republic of the Congo",
            "刚果（金）",
        ),
        ID_BASE + "programme/x-9eda980f4ccaa974": (
            "解除武装、复员、社区恢复和稳定方案",
            None,
            None,
        ),
    }


def _mandate_act_example() -> Graph:
    text = DATA_MODEL_DOC.read_text(encoding="utf-8").split("## Time: mandate acts", 1)[1]
    return Graph().parse(
        data=re.search(r"```turtle\n(.*?)```", text, flags=re.S)[1], format="turtle"
    )


def test_documented_mandate_act_conforms_and_a_wrong_one_does_not(shapes):
    data = _mandate_act_example()
    act = next(data.subjects(RDF.type, UNKG.MandateAct))
    _conforms, found = violations(data, shapes)
    assert not {f for f, _p, _c in found if f == act}
    data.set((act, UNKG.actKind, Literal("renewed")))
    data.add((act, UNKG.mandateUntil, Literal("2024", datatype=XSD.gYear)))
    _conforms, found = violations(data, shapes)
    assert {p for f, p, _c in found if f == act} == {UNKG.actKind, UNKG.mandateUntil}
