"""The user's reference folders: `unkg.reload_reference()` makes a changed
UNKG_REFERENCE_DIR take effect in-process, `--reference-dir` and `unkg.use_reference(settings)`
pass them down explicitly (to worker processes too), and the layers below read no environment."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest
from typer.testing import CliRunner

import unkg
from unkg.cli import app
from unkg.ontology import reference
from unkg.settings import Settings

TEXT = "1. 联合国乍得湖区域稳定团(乍得湖稳定团)在乍得开展工作。\n\n2. 乍得湖稳定团继续开展工作。\n"


@pytest.fixture
def user_folder(tmp_path, monkeypatch):
    """A reference folder with one mission the shipped data lacks; the environment names none,
    and the shipped data alone is in force again afterwards."""
    monkeypatch.delenv("UNKG_REFERENCE_DIR", raising=False)
    folder = tmp_path / "reference"
    folder.mkdir()
    _write_mission(folder)
    try:
        yield folder
    finally:
        unkg.use_reference(Settings())


@pytest.fixture
def user_reference(tmp_path, monkeypatch):
    _write_mission(tmp_path)
    monkeypatch.setenv("UNKG_REFERENCE_DIR", str(tmp_path))
    try:
        yield tmp_path
    finally:
        monkeypatch.delenv("UNKG_REFERENCE_DIR", raising=False)
        unkg.reload_reference()


def _write_mission(folder):
    with (files("unkg.ontology") / "data" / "missions.csv").open(encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    row = dict.fromkeys(columns, "")
    row.update(
        key="UNLCRSM",
        type="SpecialPoliticalMission",
        name_en="United Nations Lake Chad Region Stabilization Mission",
        name_zh="联合国乍得湖区域稳定团",
        short_zh="乍得湖稳定团",
        host="TCD",
        source="test",
    )
    with (folder / "missions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerow(row)


def _missions(text: str) -> set[tuple[str, bool]]:
    return {(m.key, m.minted) for m in unkg.extract_text(text).mentions() if m.type == "Mission"}


def test_reload_reference_applies_a_user_folder(user_reference):
    unkg.reload_reference()
    assert _missions(TEXT) == {("UNLCRSM", False)}
    relations = {r.triple for r in unkg.extract_text(TEXT).relations()}
    assert ("UNLCRSM", "operatesIn", "TCD") in relations


def test_reload_reference_refreshes_open_stores(user_reference, tmp_path_factory, monkeypatch):
    ask = "ASK { <https://w3id.org/unkg/id/mission/UNLCRSM> a unkg:Mission }"
    monkeypatch.delenv("UNKG_REFERENCE_DIR")
    unkg.reload_reference()
    store = unkg.open_store(tmp_path_factory.mktemp("store"))  # opened with the shipped data
    assert not unkg.query(ask, store=store)
    monkeypatch.setenv("UNKG_REFERENCE_DIR", str(user_reference))
    unkg.reload_reference()
    assert unkg.query(ask, store=store)


def test_without_reload_the_shipped_data_stays_in_force():
    unkg.reload_reference()
    assert _missions(TEXT) == {("联合国乍得湖区域稳定团", True)}


def test_use_reference_puts_the_settings_folders_in_force(user_folder):
    unkg.use_reference(Settings(reference_dirs=(user_folder,)))
    assert _missions(TEXT) == {("UNLCRSM", False)}
    unkg.use_reference(Settings())
    assert _missions(TEXT) == {("联合国乍得湖区域稳定团", True)}


def test_the_reference_data_layer_reads_no_environment(user_reference):
    unkg.use_reference(Settings())  # what the settings say wins over the environment
    assert reference.reference_dirs() == [reference.builtin_data_dir()]
    assert _missions(TEXT) == {("联合国乍得湖区域稳定团", True)}


def test_cli_reference_dir_for_extract(user_folder, tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    plain = CliRunner().invoke(app, ["extract", str(report)])
    given = CliRunner().invoke(app, ["--reference-dir", str(user_folder), "extract", str(report)])
    assert plain.exit_code == given.exit_code == 0, plain.output + given.output
    assert '"key": "UNLCRSM"' not in plain.output
    assert '"key": "UNLCRSM"' in given.output


def test_cli_reference_dir_reaches_the_build_workers(user_folder, tmp_path):
    """Worker processes get the folders from the writer, not from the environment."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for n in (1, 2, 3):
        (reports / f"r{n}.txt").write_text(f"{TEXT}\n{n + 2}. 完。\n", encoding="utf-8")
    store = tmp_path / "store"
    args = ["--reference-dir", str(user_folder), "build", str(reports), "--store", str(store)]
    result = CliRunner().invoke(app, [*args, "--workers", "2"])
    assert result.exit_code == 0, result.output
    rows = unkg.query(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) "
        "WHERE { ?r a unkg:Report ; unkg:mentions mission:UNLCRSM }",
        store=unkg.open_store(store, read_only=True),
    )
    assert [int(r["n"].value) for r in rows] == [3]


def test_editing_the_reference_folder_keeps_memory_flat(user_folder):
    """Each edit makes new reference data and pipelines; the old ones are dropped."""
    from unkg.extract import pipeline

    unkg.use_reference(Settings(reference_dirs=(user_folder,)))
    for edit in range(6):
        with (user_folder / "missions.csv").open("a", encoding="utf-8") as fh:
            fh.write("\n" * (edit + 1))  # a new size: a new signature
        assert _missions(TEXT) == {("UNLCRSM", False)}
    assert pipeline._pipeline_for.cache_info().currsize <= 4
    assert reference._cached.cache_info().currsize <= 2
