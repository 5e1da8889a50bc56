"""Ordinary SPARQL clients against the live server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

MONUSCO = "https://w3id.org/unkg/id/mission/MONUSCO"
PREFIX = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"
SELECT = PREFIX + 'SELECT ?m WHERE { ?m unkg:acronym "MONUSCO" }'


def _wrapper(server, fmt, query=SELECT) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.sparql)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(server):
    data = _wrapper(server, JSON).query().convert()
    assert [b["m"]["value"] for b in data["results"]["bindings"]] == [MONUSCO]


def test_sparqlwrapper_xml(server):
    doc = _wrapper(server, XML).query().convert()  # an xml.dom.minidom document
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]
    assert uris == [MONUSCO]


def test_sparqlwrapper_csv(server):
    raw = _wrapper(server, CSV).query().convert()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows == [["m"], [MONUSCO]]


def test_sparqlwrapper_post(server):
    sw = _wrapper(server, JSON)
    sw.setMethod("POST")
    data = sw.query().convert()
    assert data["results"]["bindings"][0]["m"]["value"] == MONUSCO


def test_sparqlwrapper_ask(server):
    query = PREFIX + 'ASK { ?m unkg:acronym "MONUSCO" }'
    assert _wrapper(server, JSON, query).query().convert()["boolean"] is True


def test_sparqlwrapper_construct_turtle(server):
    query = (
        PREFIX
        + 'CONSTRUCT { ?m unkg:acronym ?a } WHERE { ?m unkg:acronym ?a FILTER(?a = "MONUSCO") }'
    )
    raw = _wrapper(server, TURTLE, query).query().convert()
    g = rdflib.Graph().parse(data=raw, format="turtle")
    assert (
        rdflib.URIRef(MONUSCO),
        rdflib.URIRef("https://w3id.org/unkg/ontology#acronym"),
        rdflib.Literal("MONUSCO"),
    ) in g


def test_rdflib_sparqlstore(server):
    store = SPARQLStore(server.sparql, returnFormat="json")
    g = rdflib.Graph(store=store)
    rows = list(g.query(SELECT))
    assert [str(r[0]) for r in rows] == [MONUSCO]
    zh = list(
        g.query(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            f'SELECT ?l WHERE {{ <{MONUSCO}> skos:prefLabel ?l FILTER(LANG(?l) = "zh") }}'
        )
    )
    assert zh and str(zh[0][0]) == "联合国组织刚果民主共和国稳定特派团"
    assert g.query(PREFIX + 'ASK { ?m unkg:acronym "MONUSCO" }').askAnswer is True


def test_rdflib_sparqlstore_triples(server):
    g = rdflib.Graph(store=SPARQLStore(server.sparql))
    acronym = rdflib.URIRef("https://w3id.org/unkg/ontology#acronym")
    values = {str(o) for o in g.objects(rdflib.URIRef(MONUSCO), acronym)}
    assert values == {"MONUSCO"}
