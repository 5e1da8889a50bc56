"""The store: one transaction per report, idempotent rebuilds, replace and remove."""

import shutil
from pathlib import Path

from rdflib.compare import isomorphic
from support import ROOT, graph_of

import unkg
from unkg.api import build, config_hash

EXAMPLES = ROOT / "examples" / "reports"
MINI = ROOT / "tests" / "data" / "reports" / "mini-zh.txt"


def test_build_loads_reference_and_reports(example_store):
    slugs = example_store.report_slugs()
    assert slugs == ["A-78-744-zh", "S-2023-1000-zh", "S-2024-880-zh"]
    infos = {r.slug: r for r in example_store.reports()}
    assert infos["S-2023-1000-zh"].language == "zh"
    assert infos["S-2023-1000-zh"].mentions > 40
    ask = example_store.query(
        "ASK { <https://w3id.org/unkg/id/mission/MINUSMA> unkg:operatesIn "
        "<https://w3id.org/unkg/id/country/MLI> }"
    )
    assert bool(ask)


def test_rebuild_is_idempotent(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    first = build([EXAMPLES], store=store)
    assert {f.status for f in first.files} == {"added"}
    before = graph_of(store)
    n = len(store)
    second = build([EXAMPLES], store=store)
    assert {f.status for f in second.files} == {"unchanged"}
    forced = build([EXAMPLES], store=store, force=True)
    assert {f.status for f in forced.files} == {"replaced"}
    times = store.query("SELECT DISTINCT ?t WHERE { ?a prov:startedAtTime ?t }")
    assert len(list(times)) >= 1  # each build records when it ran
    assert len(store) == n
    assert isomorphic(before, graph_of(store))


def test_changed_report_replaces_old_version_and_remove_deletes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MINI, folder / "r.txt")
    store = unkg.open_store(tmp_path / "s")
    build([folder], store=store)
    slug = "S-2099-17-zh"
    assert store.report_slugs() == [slug]
    text = (folder / "r.txt").read_text(encoding="utf-8").replace("布基纳法索和尼日尔", "乍得")
    (folder / "r.txt").write_text(text, encoding="utf-8")
    result = build([folder], store=store)
    assert result.files[0].status == "replaced"
    mentioned = {
        r["e"].value.rsplit("/", 1)[-1]
        for r in store.query(
            f"SELECT ?e WHERE {{ GRAPH <https://w3id.org/unkg/graph/report/{slug}> "
            "{ ?r unkg:mentions ?e } }",
            union=False,
        )
    }
    assert "TCD" in mentioned and "BFA" not in mentioned
    assert unkg.remove(slug, store=store)
    assert store.report_slugs() == []
    assert not unkg.remove(slug, store=store)


def test_bad_files_are_reported_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MINI, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    store = unkg.open_store(tmp_path / "s")
    result = build([folder], store=store)
    status = {Path(f.path).name: (f.status, f.error) for f in result.files}
    assert status["good.txt"][0] == "added"
    assert status["empty.txt"] == ("failed", "is empty")
    assert "binary" in status["binary.txt"][1]
    assert "PDF" in status["broken.pdf"][1]
    assert store.report_slugs() == ["S-2099-17-zh"]


def test_reference_graph_reloads_only_when_data_changes(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    assert not store.ensure_reference()  # loaded when opened, unchanged since
    assert len(config_hash()) == 16


def test_a_built_store_opens_read_only(tmp_path):
    ro_path = tmp_path / "ro"
    writer = unkg.open_store(ro_path)
    build([MINI], store=writer)
    writer.flush()
    del writer
    ro = unkg.open_store(ro_path, read_only=True)
    assert ro.report_slugs() == ["S-2099-17-zh"]


def test_an_unfinished_bulk_load_is_replaced_by_the_next_build(tmp_path):
    """A build killed mid-way leaves report bodies without their commit marker."""
    from unkg.api import extract_file
    from unkg.graph.loader import _MARKERS
    from unkg.graph.rdf import report_quads

    report = extract_file(MINI)
    body = [q for q in report_quads(report, config_hash()) if q.predicate not in _MARKERS]
    store = unkg.open_store(tmp_path / "s")
    store.oxigraph.bulk_extend(body[: len(body) // 2])  # the process died here
    assert store.report_fingerprint(report.slug) == (None, None)
    result = build([MINI], store=store)
    assert result.files[0].status == "replaced"
    clean = unkg.open_store(tmp_path / "clean")
    build([MINI], store=clean)
    assert isomorphic(graph_of(store), graph_of(clean))


def test_network_components_and_communities(example_store):
    from unkg.graph.network import communities, components, mission_country_graph

    g = mission_country_graph(example_store)
    comps = components(g)
    assert sum(len(c) for c in comps) == g.number_of_nodes()
    congo = next(c for c in comps if "https://w3id.org/unkg/id/mission/MONUSCO" in c)
    assert "https://w3id.org/unkg/id/country/COD" in congo
    assert "https://w3id.org/unkg/id/country/MLI" not in congo
    assert sum(len(c) for c in communities(g)) == g.number_of_nodes()
