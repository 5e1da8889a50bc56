"""`unkg.reload_reference()` makes a changed UNKG_REFERENCE_DIR take effect in-process."""

from __future__ import annotations

import csv
from importlib.resources import files

import pytest

import unkg

TEXT = "1. 联合国乍得湖区域稳定团(乍得湖稳定团)在乍得开展工作。\n\n2. 乍得湖稳定团继续开展工作。\n"


@pytest.fixture
def user_reference(tmp_path, monkeypatch):
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
    with (tmp_path / "missions.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerow(row)
    monkeypatch.setenv("UNKG_REFERENCE_DIR", str(tmp_path))
    try:
        yield tmp_path
    finally:
        monkeypatch.delenv("UNKG_REFERENCE_DIR", raising=False)
        unkg.reload_reference()


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
