"""Reference data: counts, unique aliases, longest-match resolution, seed coverage."""

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from unkg.extract.gazetteer import Gazetteer
from unkg.extract.textnorm import match_text
from unkg.ontology.ids import slug
from unkg.ontology.reference import load_reference

SEED_NAMES = Path(__file__).resolve().parents[1] / "data" / "seed-names"


@pytest.fixture(scope="module")
def ref():
    return load_reference()


@pytest.fixture(scope="module")
def gazetteer(ref):
    return Gazetteer.from_reference(ref, ("zh", "en", "fr"))


def test_counts_meet_the_floor(ref):
    classes = Counter(c for e in ref.entities.values() for c in e.classes)
    assert classes["MemberState"] == 193
    assert classes["ObserverState"] == 2
    assert classes["PeacekeepingOperation"] >= 71
    assert classes["SpecialPoliticalMission"] >= 30
    assert len(ref.by_type("Programme")) + len(ref.by_type("Organization")) >= 150


def test_every_entity_has_zh_and_en_labels(ref):
    missing = [e.key for e in ref.entities.values() if not {"zh", "en"} <= set(e.labels)]
    assert missing == []


def test_every_alias_maps_to_one_entity_or_is_declared_ambiguous(ref):
    owners = defaultdict(set)
    for lang in ("zh", "en", "fr"):
        for name, entity in ref.aliases(lang):
            owners[(lang, name)].add(entity.iri)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert clashes == {}
    for amb in ref.ambiguities:
        assert amb.candidates or amb.rule == "skip", amb


def test_gazetteer_has_no_conflicting_names(gazetteer):
    assert gazetteer.conflicts == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("马里稳定团在马里", [("马里稳定团", "MINUSMA"), ("马里", "MLI")]),
        ("刚果民主共和国和刚果", [("刚果民主共和国", "COD"), ("刚果", "COG")]),
        ("联合国组织刚果民主共和国稳定特派团", [("联合国组织刚果民主共和国稳定特派团", "MONUSCO")]),
        ("发展中国家和中国", [("中国", "CHN")]),
        ("南苏丹和苏丹", [("南苏丹", "SSD"), ("苏丹", "SDN")]),
        ("许多哥伦比亚专家", [("哥伦比亚", "COL")]),
        ("6月30日本着合作精神", []),
        (
            "UNDP and Mali, not Somalia's UN",
            [("UNDP", "United Nations Development Programme"), ("Mali", "MLI")],
        ),
    ],
)
def test_longest_match_and_blocking(gazetteer, text, expected):
    found = [
        (text[m.start : m.end], m.target.key) for m in gazetteer.find(match_text(text)) if m.target
    ]
    assert [f for f in found if f[1] in {k for _, k in expected} or not expected] == expected


def _seed_rows():
    for path in sorted(SEED_NAMES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield pytest.param(
                    row["name"], row["kind"], row["key"], id=f"{path.stem}:{row['name']}"
                )


@pytest.mark.parametrize(("name", "kind", "key"), list(_seed_rows()))
def test_every_name_in_the_seed_reports_is_in_the_reference_data(ref, gazetteer, name, kind, key):
    """The list in tests/data/seed-names is every name the two seed reports use."""
    skipped = {a.alias for a in ref.ambiguities if a.rule == "skip"}
    if name in skipped:  # deliberately not linked (联合国 alone): declared with its reason
        assert any(
            iri.endswith("/" + slug(key))
            for a in ref.ambiguities
            if a.alias == name
            for iri in a.candidates
        )
        return
    target = gazetteer.lookup(name)
    assert target is not None, f"{name} is not in the reference data"
    assert target.key == key
    assert target.type.lower() == kind.lower()
