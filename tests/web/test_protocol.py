"""SPARQL 1.1 Protocol over raw HTTP: methods, content negotiation, datasets, errors, CORS."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

MONUSCO = "https://w3id.org/unkg/id/mission/MONUSCO"
SELECT = 'SELECT ?m ?label WHERE { ?m unkg:acronym "MONUSCO" ; skos:prefLabel ?label }'
ASK = 'ASK { ?m unkg:acronym "MONUSCO" }'
CONSTRUCT = 'CONSTRUCT { ?m unkg:acronym ?a } WHERE { ?m unkg:acronym ?a FILTER(?a = "MONUSCO") }'
DESCRIBE = f"DESCRIBE <{MONUSCO}>"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def report_graph(server) -> str:
    """The named graph of report S/2024/880 (found by its symbol: slugs may change)."""
    import httpx

    q = 'SELECT ?g WHERE { GRAPH ?g { ?r a unkg:Report ; dcterms:identifier "S/2024/880" } }'
    rows = httpx.get(server.sparql, params={"query": q}).json()["results"]["bindings"]
    assert len(rows) == 1
    return rows[0]["g"]["value"]


def _json_rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return response.json()["results"]["bindings"]


# -- the three ways to send a query ------------------------------------------------------------


def test_get(server, client):
    rows = _json_rows(client.get(server.sparql, params={"query": SELECT}))
    assert {r["m"]["value"] for r in rows} == {MONUSCO}
    assert any(r["label"].get("xml:lang") == "zh" for r in rows)


def test_post_form(server, client):
    rows = _json_rows(client.post(server.sparql, data={"query": SELECT}))
    assert {r["m"]["value"] for r in rows} == {MONUSCO}


def test_post_direct(server, client):
    r = client.post(
        server.sparql, content=SELECT.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert {row["m"]["value"] for row in _json_rows(r)} == {MONUSCO}


def test_post_direct_with_charset(server, client):
    headers = {"Content-Type": "application/sparql-query; charset=UTF-8"}
    r = client.post(server.sparql, content=SELECT.encode(), headers=headers)
    assert r.status_code == 200


# -- content negotiation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        (
            "application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9",
            "text/tab-separated-values",
        ),
        ("text/*;q=0.3, application/sparql-results+json;q=0", "text/csv"),
    ],
)
def test_select_formats(server, client, accept, media):
    headers = {"Accept": accept} if accept else {}
    r = client.get(server.sparql, params={"query": SELECT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers.get("vary", "")
    body = r.text
    if media.endswith("json"):
        assert json.loads(body)["head"]["vars"] == ["m", "label"]
    elif media.endswith("xml"):
        root = ET.fromstring(r.content)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert [v.get("name") for v in root.iter(ns + "variable")] == ["m", "label"]
        assert MONUSCO in [u.text for u in root.iter(ns + "uri")]
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["m", "label"]
        assert rows[1][0] == MONUSCO
    else:
        lines = body.splitlines()
        assert lines[0] == "?m\t?label"
        assert lines[1].startswith(f"<{MONUSCO}>\t")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_ask_formats(server, client, fmt):
    r = client.get(server.sparql, params={"query": ASK, "format": fmt})
    assert r.status_code == 200, r.text
    if fmt == "json":
        assert r.json() == {"head": {}, "boolean": True}
    elif fmt == "xml":
        assert "<boolean>true</boolean>" in r.text
    else:
        assert "true" in r.text


@pytest.mark.parametrize(
    ("accept", "media", "rdf_format"),
    [
        (None, "text/turtle", ox.RdfFormat.TURTLE),
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/rdf+xml;q=0.2, text/turtle;q=0.9", "text/turtle", ox.RdfFormat.TURTLE),
    ],
)
def test_construct_formats(server, client, accept, media, rdf_format):
    headers = {"Accept": accept} if accept else {}
    r = client.get(server.sparql, params={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    parsed = list(ox.parse(r.content, format=rdf_format))
    assert len(parsed) == 1
    assert parsed[0].subject == ox.NamedNode(MONUSCO)
    assert parsed[0].object == ox.Literal("MONUSCO")


def test_describe(server, client):
    r = client.get(
        server.sparql, params={"query": DESCRIBE}, headers={"Accept": "application/n-triples"}
    )
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
    assert any(t.predicate.value.endswith("#acronym") for t in triples)


def test_format_parameter_wins_over_accept(server, client):
    r = client.get(
        server.sparql, params={"query": SELECT, "format": "tsv"}, headers={"Accept": "text/csv"}
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [
        (SELECT, "image/png", None),
        (SELECT, "text/turtle", None),
        (CONSTRUCT, "application/sparql-results+json", None),
        (SELECT, None, "turtle"),
        (SELECT, "application/sparql-results+json;q=0, text/csv;q=0", None),
    ],
)
def test_not_acceptable(server, client, query, accept, fmt):
    headers = {"Accept": accept} if accept else {}
    params = {"query": query, **({"format": fmt} if fmt else {})}
    r = client.get(server.sparql, params=params, headers=headers)
    assert r.status_code == 406
    assert r.headers["content-type"].startswith("text/plain")


# -- datasets ----------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(server, client, **params) -> int:
    rows = _json_rows(client.get(server.sparql, params={"query": COUNT, **params}))
    return int(rows[0]["n"]["value"])


def test_default_graph_is_the_merge(server, client, report_graph):
    total = _count(server, client)
    one = _count(server, client, **{"default-graph-uri": report_graph})
    distinct = (
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } } }"
    )
    rows = _json_rows(client.get(server.sparql, params={"query": distinct}))
    health = client.get(server.url + "/health").json()
    assert total == int(rows[0]["n"]["value"]) < health["quads"]  # each triple once
    assert 0 < one < total


def test_a_triple_two_reports_state_is_one_row(server, client):
    link = "mission:MINUSMA unkg:operatesIn country:MLI"
    graphs = _json_rows(
        client.get(server.sparql, params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ {link} }} }}"})
    )
    assert len(graphs) >= 2
    rows = _json_rows(
        client.get(
            server.sparql, params={"query": "SELECT ?m WHERE { ?m unkg:operatesIn country:MLI }"}
        )
    )
    assert [r["m"]["value"] for r in rows] == ["https://w3id.org/unkg/id/mission/MINUSMA"]


def test_default_graph_uri(server, client, report_graph):
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{report_graph}> {{ ?s ?p ?o }} }}"
    in_graph = int(_json_rows(client.get(server.sparql, params={"query": query}))[0]["n"]["value"])
    assert _count(server, client, **{"default-graph-uri": report_graph}) == in_graph


def test_default_graph_uri_by_post(server, client, report_graph):
    r = client.post(server.sparql, data={"query": COUNT, "default-graph-uri": report_graph})
    assert int(_json_rows(r)[0]["n"]["value"]) > 0


def test_unknown_graph_is_empty(server, client):
    assert _count(server, client, **{"default-graph-uri": "http://example.org/no-such-graph"}) == 0


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("default-graph-uri", "a b"),
        ("default-graph-uri", "relative"),
        ("named-graph-uri", "<x>"),
        ("named-graph-uri", ""),
    ],
)
def test_bad_graph_iri_is_a_400(server, client, param, value):
    r = client.get(server.sparql, params={"query": COUNT, param: value})
    assert r.status_code == 400, r.text
    assert param in r.text and "absolute IRI" in r.text
    r = client.post(server.sparql, data={"query": COUNT, param: value})
    assert r.status_code == 400, r.text


def test_named_graph_uri(server, client, report_graph):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    all_graphs = {
        r["g"]["value"] for r in _json_rows(client.get(server.sparql, params={"query": query}))
    }
    assert report_graph in all_graphs and len(all_graphs) >= 4
    r = client.get(server.sparql, params={"query": query, "named-graph-uri": report_graph})
    assert {row["g"]["value"] for row in _json_rows(r)} == {report_graph}


def test_from_clause_is_honoured(server, client, report_graph):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{report_graph}> WHERE {{ ?s ?p ?o }}"
    n = int(_json_rows(client.get(server.sparql, params={"query": query}))[0]["n"]["value"])
    assert n == _count(server, client, **{"default-graph-uri": report_graph})


# -- service description, pages, health --------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_service_description(server, client, report_graph):
    r = client.get(server.sparql, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    service = g.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert service is not None
    assert g.value(service, SD.endpoint) == rdflib.URIRef(server.sparql)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    formats = set(g.objects(service, SD.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/TriG") in formats  # from the registry
    assert len(formats) == 10  # 4 for solutions, 6 RDF syntaxes for graphs
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    dataset = g.value(service, SD.defaultDataset)
    names = {g.value(n, SD.name) for n in g.objects(dataset, SD.namedGraph)}
    assert rdflib.URIRef(report_graph) in names
    assert len(names) == client.get(server.url + "/health").json()["reports"] + 1


def test_service_description_default_is_rdf(server, client):
    r = client.get(server.sparql)
    assert r.headers["content-type"].startswith("text/turtle")
    r = client.get(server.sparql, headers={"Accept": "application/n-triples"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert "sparql-service-description#Service" in r.text


def test_browser_gets_the_query_page(server, client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = client.get(server.sparql, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "yasgui" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_query_page(server, client):
    r = client.get(server.url + "/")
    assert r.status_code == 200
    page = r.text
    assert "Missions by host country" in page
    assert page.count('class="example"') >= 12
    # document text and query text are escaped: the PREFIX lines' IRIs never appear raw
    assert "&lt;https://w3id.org/unkg/ontology#&gt;" in page
    assert "<https://w3id.org/unkg/ontology#>" not in page
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for asset in ("static/yasgui/yasgui.min.js", "static/yasgui/yasgui.min.css", "static/unkg.js"):
        assert asset in page
        assert client.get(f"{server.url}/{asset}").status_code == 200
    assert "http://" not in page.split("<script", 1)[0].split("</head>")[0].replace(
        "http://127.0.0.1", ""
    )


def test_no_cdn_in_page(server, client):
    page = client.get(server.url + "/").text
    for host in ("cdn.", "unpkg", "jsdelivr", "googleapis"):
        assert host not in page


def test_graph_view(server, client):
    r = client.get(server.url + "/graph")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in r.headers


MONUSCO = "https://w3id.org/unkg/id/mission/MONUSCO"
COD = "https://w3id.org/unkg/id/country/COD"


def test_graph_view_is_cached_and_carries_no_sentences(server, client):
    first = client.get(server.url + "/graph")
    again = client.get(server.url + "/graph")
    assert first.text == again.text  # the same page for the same store version
    blob = first.text.split('id="unkg-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(blob)
    assert data["evidenceUrl"] == "graph/evidence" and data["samples"] == {}
    assert "connect-src 'self'" in first.headers["content-security-policy"]


def test_graph_evidence_pages(server, client):
    url = server.url + "/graph/evidence"
    first = client.get(url, params={"node": MONUSCO, "limit": 2})
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    page = first.json()
    assert page["total"] > 2 and page["offset"] == 0 and page["items"]
    assert {len(it["t"]) % 2 for it in page["items"]} == {1}  # plain, marked, …, plain
    second = client.get(url, params={"node": MONUSCO, "limit": 2, "offset": 2}).json()
    assert second["items"] and second["items"] != page["items"]
    edge = client.get(url, params={"edge": f"{MONUSCO}|operatesIn|{COD}"}).json()
    assert edge["total"] >= 1 and all(it["p"] for it in edge["items"])
    for it in edge["items"]:  # the sentence, without its paragraph number or heading mark
        assert not "".join(it["t"]).startswith((f"{it['p']}.", "#")), it
    for bad in (
        {"node": "not an iri"},
        {"edge": "a|b"},
        {"node": MONUSCO, "edge": f"{MONUSCO}|operatesIn|{COD}"},
        {"node": MONUSCO, "report": "x> } DROP"},
        {"node": MONUSCO, "offset": "x"},
    ):
        r = client.get(url, params=bad)
        assert r.status_code == 400, (bad, r.text)


def test_health(server, client):
    r = client.get(server.url + "/health")
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "ok"
    assert data["quads"] > 1000
    assert data["reports"] == 3


def test_access_log(server, client):
    client.get(server.sparql, params={"query": ASK})
    assert '"GET /sparql" 200' in server.log_text()
    assert " ms " in server.log_text()


# -- errors ------------------------------------------------------------------------------------


def test_syntax_error(server, client):
    r = client.get(server.sparql, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert "syntax" in r.text and "Traceback" not in r.text
    assert "line 1, column" in r.text  # the parser's position …
    assert "  SELECT ?x WHERE { ?x ?y }\n" in r.text and r.text.rstrip().endswith("^")  # … shown


def test_undefined_prefix_is_a_syntax_error(server, client):
    r = client.get(server.sparql, params={"query": "SELECT * WHERE { ?x nope:p ?y }"})
    assert r.status_code == 400
    assert "unknown prefix `nope:`; declared: unkg, mission, country" in r.text


def test_misspelt_select_and_an_update_sent_as_a_query(server, client):
    r = client.get(server.sparql, params={"query": "SELEC ?x WHERE { ?x ?y ?z }"})
    assert r.status_code == 400 and "did you mean SELECT?" in r.text
    r = client.get(server.sparql, params={"query": "INSERT DATA { <http://a> <http://b> 1 }"})
    assert r.status_code == 400
    assert "this is an update, not a query: POST it to /sparql as `update=`" in r.text


def test_query_too_large(server, client):
    big = "# " + "x" * 150_000 + "\n" + ASK
    r = client.post(
        server.sparql, content=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413
    assert "limit" in r.text


def test_body_too_large(server, client):
    r = client.post(server.sparql, content=b"query=" + b"x" * 1_200_000, headers=FORM)
    assert r.status_code == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_wrong_content_type(server, client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post(server.sparql, content=ASK.encode(), headers=headers)
    assert r.status_code == 415


def test_non_utf8(server, client):
    r = client.post(
        server.sparql,
        content='ASK { ?s ?p "é" }'.encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 400
    r = client.post(
        server.sparql,
        content=ASK.encode(),
        headers={"Content-Type": "application/sparql-query; charset=ISO-8859-1"},
    )
    assert r.status_code == 415


def test_service_refused(server, client):
    q = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } } LIMIT 1"
    r = client.get(server.sparql, params={"query": q})
    assert r.status_code == 400
    assert "SERVICE" in r.text


def test_service_in_string_is_fine(server, client):
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://x>" AS ?x) } # SERVICE'
    assert client.get(server.sparql, params={"query": q}).status_code == 200


def test_two_queries(server, client):
    r = client.get(server.sparql + "?query=ASK%7B%7D&query=ASK%7B%7D")
    assert r.status_code == 400


def test_query_and_update(server, client):
    r = client.post(server.sparql, data={"query": ASK, "update": "CLEAR ALL"})
    assert r.status_code == 400


def test_update_by_get(server, client):
    r = client.get(server.sparql, params={"update": "CLEAR ALL"})
    assert r.status_code == 400


def test_method_not_allowed(server, client):
    assert client.put(server.sparql, content=ASK).status_code == 405


# -- CORS --------------------------------------------------------------------------------------


def test_cors_any_origin(server, client):
    r = client.get(
        server.sparql, params={"query": ASK}, headers={"Origin": "https://someone.example"}
    )
    assert r.headers["access-control-allow-origin"] == "*"


def test_cors_preflight(server, client):
    headers = {
        "Origin": "https://someone.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    r = client.options(server.sparql, headers=headers)
    assert r.status_code == 200
    assert "POST" in r.headers["access-control-allow-methods"]


def test_cors_configured_origin(limited_server, client):
    ok = client.get(
        limited_server.sparql, params={"query": ASK}, headers={"Origin": "https://example.org"}
    )
    assert ok.headers["access-control-allow-origin"] == "https://example.org"
    other = client.get(
        limited_server.sparql, params={"query": ASK}, headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers
