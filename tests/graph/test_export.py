"""Exports re-parse (strictly) to the same graph; graph formats carry labels and weights."""

import csv
import io

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import unkg


@pytest.fixture(scope="module")
def reference_nt(example_store):
    return rdflib.Graph().parse(data=unkg.export(example_store, "ntriples"), format="nt")


@pytest.mark.parametrize(
    ("fmt", "ox_format", "rdflib_format"),
    [
        ("turtle", ox.RdfFormat.TURTLE, "turtle"),
        ("rdfxml", ox.RdfFormat.RDF_XML, "xml"),
    ],
)
def test_triple_formats_reparse_to_an_isomorphic_graph(
    example_store, reference_nt, fmt, ox_format, rdflib_format
):
    data = unkg.export(example_store, fmt)
    strict = list(ox.parse(data, format=ox_format))  # pyoxigraph: the strict parser
    assert len(strict) == len(reference_nt)
    assert isomorphic(rdflib.Graph().parse(data=data, format=rdflib_format), reference_nt)


def test_turtle_is_pretty_with_prefixes(example_store):
    head = unkg.export(example_store, "turtle")[:3000].decode("utf-8", "ignore")  # may cut a char
    assert "@prefix unkg: <https://w3id.org/unkg/ontology#> ." in head
    assert "@prefix skos:" in head


@pytest.mark.parametrize(
    ("fmt", "ox_format"), [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)]
)
def test_quad_formats_keep_named_graphs(example_store, fmt, ox_format):
    quads = list(ox.parse(unkg.export(example_store, fmt), format=ox_format))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert "https://w3id.org/unkg/graph/reference" in graphs
    assert "https://w3id.org/unkg/graph/report/S-2024-880-zh" in graphs
    assert len(quads) == len(example_store)


def test_jsonld_parses(example_store):
    quads = list(ox.parse(unkg.export(example_store, "jsonld"), format=ox.RdfFormat.JSON_LD))
    assert len(quads) == len(example_store)


def test_one_report_only(example_store):
    quads = list(
        ox.parse(
            unkg.export(example_store, "nquads", report="S-2023-1000-zh"),
            format=ox.RdfFormat.N_QUADS,
        )
    )
    assert {q.graph_name.value for q in quads} == {
        "https://w3id.org/unkg/graph/report/S-2023-1000-zh"
    }


def test_graphml_and_gexf_for_gephi(example_store, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = unkg.export(example_store, fmt, tmp_path / f"g.{fmt}")
        g = reader(path)
        monusco = "https://w3id.org/unkg/id/mission/MONUSCO"
        assert g.nodes[monusco]["type"] == "Mission"
        assert g.nodes[monusco]["label_zh"] == "联合国组织刚果民主共和国稳定特派团"
        weights = [
            d["weight"] for _, v, d in g.out_edges(monusco, data=True) if v.endswith("/country/COD")
        ]
        assert weights and int(weights[0]) >= 2


def test_csv_edge_list(example_store):
    rows = list(csv.DictReader(io.StringIO(unkg.export(example_store, "csv").decode("utf-8"))))
    assert {"source", "predicate", "target", "weight"} <= set(rows[0])
    assert any(
        r["source_label"] == "MINUSMA"
        and r["predicate"] == "operatesIn"
        and r["target"].endswith("/MLI")
        for r in rows
    )


def test_export_to_file_is_atomic(example_store, tmp_path):
    out = tmp_path / "g.ttl"
    out.write_text("old")
    unkg.export(example_store, "turtle", out)
    assert out.read_bytes().startswith(b"@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]  # no temporary file left
    with pytest.raises(ValueError, match="unknown export format"):
        unkg.export(example_store, "yaml", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_diff_between_reports(example_store):
    d = unkg.diff("S-2023-1000-zh", "S-2024-880-zh", store=example_store)
    assert d.only_a == [("MINUSMA", "Mali")]
    assert ("MONUSCO", "Democratic Republic of the Congo") in d.only_b
    assert {"AU", "PBF", "UNDP"} <= set(d.shared_entities)
