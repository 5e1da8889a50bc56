"""English reports: the same pipeline and output as Chinese, and one identity across languages."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ROOT

import unkg
from unkg.extract.abbreviations import DEFINITION, DEFINITION_ASCII
from unkg.extract.pipeline import build_pipeline, extract_text

ZH = ROOT / "examples" / "reports" / "sg-drc-monusco-2024.txt"
EN = ROOT / "tests" / "data" / "parallel" / "sg-drc-monusco-2024.en.txt"


def per_paragraph(report):
    return {
        p.number: ({m.key for m in p.mentions}, {r.triple for r in p.relations})
        for p in report.paragraphs
        if p.kind in ("paragraph", "footnote")
    }


@pytest.fixture(scope="module")
def editions():
    return unkg.extract_file(ZH), unkg.extract_file(EN)


def test_english_uses_a_blank_english_pipeline(editions):
    _, en = editions
    assert en.language == "en"
    assert build_pipeline("en").lang == "en"
    assert en.slug == "S-2024-880-en"


def test_parallel_editions_agree_paragraph_by_paragraph(editions):
    zh, en = per_paragraph(editions[0]), per_paragraph(editions[1])
    assert set(zh) == set(en)
    for number in zh:
        a, b = zh[number][0], en[number][0]
        jaccard = len(a & b) / len(a | b) if a | b else 1.0
        assert jaccard >= 0.95, (number, a ^ b)
        assert zh[number][1] == en[number][1], (number, zh[number][1] ^ en[number][1])


def test_english_symbols_and_names():
    report = extract_text(
        "1. Pursuant to Security Council resolutions 2320 (2016) and 2378 (2017) and General "
        "Assembly resolution 77/302, the United Nations Multidimensional Integrated Stabilization "
        "Mission in Mali (MINUSMA) worked in Mali; see S/PRST/2022/6 and ST/AI/2023/3.\n"
    )
    keys = {(m.type, m.key) for m in report.mentions()}
    assert keys >= {
        ("Resolution", "S/RES/2320(2016)"),
        ("Resolution", "S/RES/2378(2017)"),
        ("Resolution", "A/RES/77/302"),
        ("Document", "S/PRST/2022/6"),
        ("Document", "ST/AI/2023/3"),
        ("Mission", "MINUSMA"),
        ("Country", "MLI"),
    }
    assert report.language == "en"


def test_english_definition_mints_a_new_mission_with_a_stable_iri():
    text = (
        "1. The United Nations Hypothetical Verification Mission in Colombia (UNHVMC) worked "
        "with the United Nations Development Programme (UNDP). UNHVMC continued its work in "
        "Colombia with the support of UNDP.\n"
    )
    report = extract_text(text)
    minted = [m for m in report.mentions() if m.minted]
    assert {m.text for m in minted} == {
        "United Nations Hypothetical Verification Mission in Colombia",
        "UNHVMC",
    }
    assert {m.type for m in minted} == {"Mission"}
    triples = {r.triple for r in report.relations()}
    name = "United Nations Hypothetical Verification Mission in Colombia"
    assert (name, "operatesIn", "COL") in triples
    assert ("United Nations Development Programme", "supports", name) in triples
    again = extract_text("2. " + text[3:])
    assert {m.id for m in again.mentions() if m.minted} == {minted[0].id}


def test_english_mandate_verbs():
    report = extract_text(
        "1. By its resolution 2690 (2023), the Security Council terminated the mandate of "
        "MINUSMA with effect from 30 June 2023. In resolution 2717 (2023), the Council "
        "extended the mandate of MONUSCO until 20 December 2024.\n"
    )
    rel = {(r.subject_key, r.predicate, r.object_key, r.date) for r in report.relations()}
    assert ("MINUSMA", "mandateTerminatedBy", "S/RES/2690(2023)", "2023-06-30") in rel
    assert ("MONUSCO", "mandateExtendedBy", "S/RES/2717(2023)", None) in rel


def test_one_node_per_entity_with_both_labels(tmp_path):
    store = unkg.open_store(tmp_path / "s")
    result = unkg.build([ZH, EN], store=store)
    assert result.ok
    rows = list(
        store.query(
            """SELECT ?e (COUNT(DISTINCT ?r) AS ?reports)
                      (SAMPLE(?zh) AS ?lzh) (SAMPLE(?en) AS ?len)
               WHERE { ?r a unkg:Report ; unkg:mentions ?e .
                       OPTIONAL { ?e skos:prefLabel ?zh FILTER(LANG(?zh) = "zh") }
                       OPTIONAL { ?e skos:prefLabel ?en FILTER(LANG(?en) = "en") } }
               GROUP BY ?e"""
        )
    )
    by_iri = {r["e"].value.rsplit("/", 1)[-1]: r for r in rows}
    for key in ("MONUSCO", "COD", "United-Nations-Development-Programme", "African-Union"):
        row = by_iri[key]
        assert int(row["reports"].value) == 2  # the same node in both editions
        assert row["lzh"] is not None and row["len"] is not None
    link = store.query("ASK { report:S-2024-880-en unkg:translationOf report:S-2024-880-zh }")
    assert bool(link)


def test_language_per_paragraph_in_a_mixed_document(tmp_path):
    text = (
        "1. 联刚稳定团在刚果民主共和国开展工作，保护平民并支持政治进程。\n\n"
        "2. MONUSCO continued to protect civilians in the Democratic Republic of the Congo.\n"
    )
    report = extract_text(text)
    assert report.language == "zh"
    assert [(p.number, p.language) for p in report.paragraphs] == [("1", None), ("2", "en")]
    records = {r["paragraph"]: r["language"] for r in report.to_jsonl_records()}
    assert records == {"1": "zh", "2": "en"}
    assert {m.key for m in report.paragraphs[1].mentions} == {"MONUSCO", "COD"}
    store = unkg.open_store(tmp_path / "s")
    store.add_report(report)
    assert unkg.validate(store) == []


def test_hyphen_and_case_variants_of_english_names():
    report = extract_text(
        "1. UN Women, UN-Women and the African Union - United Nations Hybrid Operation in "
        "Darfur worked with the african union in the sudan.\n"
    )
    keys = [m.key for m in report.mentions()]
    women = "United Nations Entity for Gender Equality and the Empowerment of Women"
    assert keys.count(women) == 2
    assert "UNAMID" in keys and "African Union" in keys


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="( )（）Ab9+-. 联\n", max_size=30))
def test_the_ascii_definition_pattern_finds_what_the_full_one_finds(text):
    """An ASCII unit's short-form definitions are read with a pattern of ASCII classes
    that starts with a literal bracket: the same matches as the full pattern's."""
    if text.isascii():
        spans = [(m.span(), m.span(1)) for m in DEFINITION.finditer(text)]
        assert [(m.span(), m.span(1)) for m in DEFINITION_ASCII.finditer(text)] == spans
