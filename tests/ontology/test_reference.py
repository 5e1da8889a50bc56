"""Reference data: counts, unique aliases, longest-match resolution, seed coverage."""

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from unkg.extract.gazetteer import Gazetteer
from unkg.extract.textnorm import match_text
from unkg.ontology.ids import TYPE_TO_KIND, slug
from unkg.ontology.reference import DatedName, load_reference

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
    assert TYPE_TO_KIND[target.type] == kind.lower()  # an Organ is an organization


@pytest.mark.parametrize(
    ("start", "end", "date", "holds"),
    [
        ("1956-11", "1973-10", "1960", True),
        ("1956-11", "1973-10", "1956", True),  # a year-only date is within a range it overlaps
        ("1956-11", "1973-10", "1956-10-31", False),
        ("1956-11", "1973-10", "1973-10-25", True),  # month precision: the end month still holds
        ("1956-11", "1973-10", "1973-11", False),
        ("", "2002-05-20", "2002-05-19", True),
        ("", "2002-05-20", "2002-05-20", False),  # the end is exclusive
        ("2002-05-20", "", "2024", True),
    ],
)
def test_a_dated_name_holds_within_its_dates(start, end, date, holds):
    row = DatedName("东帝汶", "zh", "x", start, end, "test")
    assert row.holds_on(date) is holds


def test_dated_names_are_sourced_and_never_plain_aliases(ref):
    assert len(ref.dated) >= 40
    plain = {name for lang in ("zh", "en", "fr") for name, _ in ref.aliases(lang)}
    for row in ref.dated:
        assert row.source and row.iri in ref.entities, row
        assert row.alias not in plain, row


def test_former_states_are_countries_with_their_dates_and_source(ref):
    former = {e.key: e for e in ref.entities.values() if "FormerState" in e.classes}
    assert {"YUG", "SUN", "CSK", "ZAR", "DDR", "YMD"} <= set(former)
    for e in former.values():
        assert e.type == "Country" and e.get("end") and e.get("source") and e.get("alpha2")


def test_places_that_became_states_are_territories_before(ref):
    # the territory keeps the ISO code of its time: East Timor was TMP until 2002
    for before, key in (("TMP", "TLS"), ("NAM", "NAM"), ("PSE", "PSE")):
        territory = ref.find("Territory", before)
        assert territory is not None and territory.get("end"), before
        assert ref.find("Country", key) is not None, key
    assert ref.find("Territory", "TLS") is None


def test_demonyms_name_a_country_or_territory(ref):
    assert len(ref.demonyms) >= 100
    for name, _lang, iri in ref.demonyms:
        assert ref.entities[iri].type in ("Country", "Territory"), name


def test_principal_organs_and_non_un_operations_have_their_classes(ref):
    organs = {e.key for e in ref.entities.values() if e.type == "Organ"}
    assert {"Security Council", "General Assembly", "Secretary-General"} <= organs
    assert all(
        "Organization" in e.classes and "Organ" in e.classes
        for e in ref.entities.values()
        if e.type == "Organ"
    )
    non_un = {e.get("acronym_en") for e in ref.entities.values() if "NonUNOperation" in e.classes}
    assert {"AMIS", "KFOR", "EULEX", "ECOMOG", "INTERFET", "UNITAF", "JBVMM"} <= non_un
    assert not [e for e in ref.by_type("Mission") if e.key in non_un]
