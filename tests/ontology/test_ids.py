import pytest

from unkg.ontology.ids import entity_iri, report_slug, slug, type_iri


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("MONUSCO", "MONUSCO"),
        ("S/RES/2690(2023)", "S-RES-2690-2023"),
        ("A/RES/77/302", "A-RES-77-302"),
        ("S/2023/282", "S-2023-282"),
        ("Peacebuilding Fund", "Peacebuilding-Fund"),
        ("UNEF-I", "UNEF-I"),
    ],
)
def test_slug_is_readable_for_ascii_keys(key, expected):
    assert slug(key) == expected


def test_minted_chinese_names_hash_stably_and_fold_width_and_spaces():
    a = slug("联合国某某特派团")
    assert a.startswith("x-") and len(a) == 18
    assert slug("联合国某某特派团") == a
    assert slug("联合国 某某特派团") == a  # spaces do not make a new entity
    assert slug("联合国某某稳定团") != a


def test_entity_iris():
    assert entity_iri("mission", "MONUSCO") == "https://w3id.org/unkg/id/mission/MONUSCO"
    assert type_iri("Resolution", "S/RES/2690(2023)").endswith("/id/resolution/S-RES-2690-2023")
    with pytest.raises(ValueError, match="unknown entity kind"):
        entity_iri("person", "x")
    with pytest.raises(ValueError, match="cannot make an identifier"):
        slug("///")


def test_report_slug_prefers_symbol_else_text_hash():
    assert report_slug("A/75/1", "text") == "A-75-1"
    assert report_slug("A/75/1", "text", "zh") == "A-75-1-zh"  # editions share symbols
    h = report_slug(None, "some text")
    assert h.startswith("sha-") and h == report_slug(None, "some text")
    assert h != report_slug(None, "other text")
