"""The spaCy pipeline end to end on small texts and the fixture report."""

import gc
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SEEDS

import unkg
from unkg.extract.components import PIPES
from unkg.extract.model import ReportMeta
from unkg.extract.pipeline import Extraction, build_pipeline, extract_text
from unkg.extract.read import ReadError
from unkg.ontology.ids import ENTITY_TYPES

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


@pytest.fixture(scope="module")
def mini():
    return unkg.extract_file(DATA / "mini-zh.txt")


def by_number(report):
    return {p.number: p for p in report.paragraphs}


def test_pipeline_is_a_spacy_language_with_named_components():
    nlp = build_pipeline("zh")
    assert nlp.pipe_names == list(PIPES)
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "unkg.CharTokenizer.v1"}
    assert [t.text for t in nlp.make_doc("联刚稳定团 在")] == [
        "联",
        "刚",
        "稳",
        "定",
        "团",
        " ",
        "在",
    ]
    doc = nlp("联合国组织刚果民主共和国稳定特派团(联刚稳定团)在刚果民主共和国。")
    assert [(s.text, s.label_) for s in doc.spans["unkg_mentions"]] == [
        ("联合国组织刚果民主共和国稳定特派团", "Mission"),
        ("联刚稳定团", "Mission"),
        ("刚果民主共和国", "Country"),
    ]
    with pytest.raises(ValueError, match="unsupported language"):
        build_pipeline("de")


def test_metadata_from_text_and_sidecar(mini):
    assert mini.meta.symbol == "S/2099/17"
    assert mini.slug == "S-2099-17-zh"
    assert mini.meta.title == "Test report on Mali and the Central African Republic"  # sidecar wins
    assert mini.meta.date == "2099-03-01"
    assert mini.language == "zh"


def test_offsets_slice_the_document(mini):
    for m in mini.mentions():
        assert mini.text[m.start : m.end] == m.text
    for p in mini.paragraphs:
        for m in p.mentions:
            local = p.local_offset(m.start)
            assert p.text[local : local + len(m.text)] == m.text


def test_entities_and_nested_names(mini):
    p1 = by_number(mini)["1"]
    keys = {(m.type, m.key) for m in p1.mentions}
    assert ("Mission", "MINUSMA") in keys and ("Resolution", "S/RES/2690(2023)") in keys
    # 马里 inside 马里稳定团 is not a country mention; the standalone 马里 is.
    assert [m.text for m in p1.mentions if m.key == "MLI"] == ["马里"]
    p2 = by_number(mini)["2"]
    assert {m.key for m in p2.mentions} >= {
        "United Nations Development Programme",
        "Peacebuilding Fund",
        "UNOWAS",
        "Economic Community of West African States",
        "BFA",
        "NER",
    }
    assert "CHN" not in {m.key for m in p2.mentions}  # 发展中国家 is not China
    p4 = by_number(mini)["4"]
    assert {m.key for m in p4.mentions} == {"COL"}  # 许多哥伦比亚 is not Togo; 30日本 is not Japan


def test_abbreviation_defines_and_mints(mini):
    p3 = by_number(mini)["3"]
    minted = [m for m in p3.mentions if m.minted]
    assert {m.text for m in minted} == {"联合国假想和平核查特派团", "假想核查团"}
    assert len({m.id for m in minted}) == 1 and minted[0].type == "Mission"
    again = extract_text("1. 联合国假想和平核查特派团（假想核查团）已部署。\n")
    assert {m.id for m in again.mentions() if m.minted} == {
        minted[0].id
    }  # same IRI in another report


def test_relations_with_evidence(mini):
    triples = {r.triple for r in mini.relations()}
    assert ("MINUSMA", "operatesIn", "MLI") in triples
    assert ("MINUSCA", "operatesIn", "CAF") not in triples  # 中非稳定团 alone: a short form
    assert ("United Nations Development Programme", "supports", "MLI") in triples
    for r in mini.relations():
        assert (r.evidence and r.evidence in mini.text) or r.evidence.replace("\n", "") != ""


def test_evidence_starts_after_the_paragraph_number():
    """A numbered unit's number is its own field, never the start of the evidence sentence."""
    text = (
        "S/2099/1\n\n安全理事会\n\n"
        "25.\n联合国马里多层面综合稳定团(马里稳定团)继续在马里北部执行任务。\n\n"
        "26. (a) 联合国组织刚果民主共和国稳定特派团在刚果民主共和国部署部队。\n"
    )
    relations = [(p.number, r) for p in extract_text(text).paragraphs for r in p.relations]
    assert {r.triple for _, r in relations} >= {
        ("MINUSMA", "operatesIn", "MLI"),
        ("MONUSCO", "operatesIn", "COD"),
    }
    for number, r in relations:
        assert not r.evidence.lstrip().startswith((f"{number}.", "(a)")), r.evidence
        assert r.evidence.startswith("联合国"), r.evidence


def test_list_of_resolutions_and_termination_date():
    report = extract_text(
        "1. 安全理事会第 2690(2023)号决议决定自 2023 年 6 月 30 日起终止马里稳定团的任务。\n"
    )
    rel = [r for r in report.relations() if r.predicate == "mandateTerminatedBy"]
    assert [(r.subject_key, r.object_key, r.date) for r in rel] == [
        ("MINUSMA", "S/RES/2690(2023)", "2023-06-30")
    ]


def test_jsonl_contract(mini):
    records = list(mini.to_jsonl_records())
    line = json.loads(json.dumps(records[3], ensure_ascii=False))
    assert set(line) >= {"report", "paragraph", "start", "end", "text", "mentions", "relations"}
    for rec in records:
        for m in rec["mentions"]:
            assert set(m) == {"text", "start", "end", "type", "id", "key"}
            assert m["type"] in ENTITY_TYPES
        for r in rec["relations"]:
            assert {
                "subject",
                "predicate",
                "object",
                "subject_key",
                "object_key",
                "evidence",
                "start",
                "end",
            } <= set(r)


def test_traditional_script_and_full_width_forms_match_with_original_offsets():
    text = "1. 聯合國組織剛果民主共和國穩定特派團（聯剛穩定團）在剛果民主共和國開展工作。\n"
    report = extract_text(text)
    found = [(m.text, m.key) for m in report.mentions()]
    assert ("聯合國組織剛果民主共和國穩定特派團", "MONUSCO") in found
    assert ("剛果民主共和國", "COD") in found
    for m in report.mentions():
        assert text[m.start : m.end] == m.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(
            [
                *"联刚稳定团马里第号决议()（）()，。、 \n1234567890/SRESA中非共和国“”《》倡议基金",
                "\ud7ff",
                "x",
            ]
        ),
        max_size=200,
    )
)
def test_extraction_never_raises_and_offsets_hold(text):
    if not text.strip():
        return
    report = extract_text(text)
    for m in report.mentions():
        assert text[m.start : m.end] == m.text


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text):
    if not text.strip() or "\x00" in text:
        return
    try:
        report = extract_text(text)
    except ReadError:
        return
    for m in report.mentions():
        assert report.text[m.start : m.end] == m.text


def test_pipeline_serializes_and_loads_back(tmp_path):
    import spacy

    build_pipeline("zh").to_disk(tmp_path / "zh")
    nlp = spacy.load(tmp_path / "zh")
    assert nlp.pipe_names == list(PIPES)
    doc = nlp("中非稳定团在中非共和国。")
    assert [(s.text, s.kb_id_.rsplit("/", 1)[-1]) for s in doc.spans["unkg_mentions"]] == [
        ("中非稳定团", "MINUSCA"),
        ("中非共和国", "CAF"),
    ]
    assert [r.predicate for r in doc._.unkg_relations] == ["operatesIn"]


def test_mission_pronoun_in_a_later_sentence():
    report = extract_text(
        "1. 联刚稳定团在刚果民主共和国开展工作。"
        "安全理事会第 2717(2023)号决议延长了该特派团的任务。\n"
    )
    assert ("MONUSCO", "mandateExtendedBy", "S/RES/2717(2023)") in {
        r.triple for r in report.relations()
    }


@pytest.mark.parametrize("name", ["000_24c59e389beef106.txt", "003_3791017346abe246.txt"])
@pytest.mark.parametrize("block", [3_000, 50_000])
def test_streaming_in_blocks_gives_the_whole_file_result(name, block):
    """Blocks cut before numbered paragraphs and headings, with the parser's state and the
    abbreviations learned carried over, give exactly the paragraphs of a whole-file read."""
    from unkg.extract.pipeline import (
        iter_paragraphs,
        prepare_file,
        prepare_stream,
        stream_paragraphs,
    )

    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"{SEEDS} is not there")
    streamed = prepare_stream(path)
    whole = prepare_file(path)
    assert (streamed.slug, streamed.meta) == (whole.slug, whole.meta)
    paragraphs = list(stream_paragraphs(streamed, block))
    assert paragraphs == list(iter_paragraphs(whole))
    text = whole.document.text
    for p in paragraphs:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text


def test_iter_file_falls_back_to_a_whole_read_for_legacy_encodings(tmp_path):
    from unkg.extract.pipeline import iter_file

    path = tmp_path / "fr.txt"
    path.write_bytes(
        "Rapport — café\n\n1. La MONUSCO opère en République démocratique du Congo.\n".encode(
            "cp1252"
        )
    )
    slug, meta, paragraphs = iter_file(path)
    assert meta.language == "en"  # unkg reads zh and en: Latin script reads as en
    keys = [m.key for p in paragraphs for m in p.mentions]
    assert slug.startswith("sha-") and "MONUSCO" in keys


def test_the_reports_own_symbol_in_its_header_is_a_mention():
    text = "S/RES/2100 (2013)\n\n安全理事会，\n\n1. 决定延长第2100号决议的期限。\n"
    report = extract_text(text, meta=ReportMeta(symbol="S/RES/2100(2013)"))
    keys = [m.key for p in report.paragraphs for m in p.mentions if m.type == "Resolution"]
    assert keys == ["S/RES/2100(2013)", "S/RES/2100(2013)"]


@pytest.mark.parametrize("was_on", [True, False])
def test_extraction_runs_with_the_cyclic_collector_paused_and_puts_it_back(was_on):
    """Extraction's own code runs with gc paused (its collections walked every object of the
    process), the caller's between paragraphs does not, and the collector ends as it was,
    also when extraction fails."""
    seen = []

    def paragraphs(_extraction):
        seen.append(gc.isenabled())
        yield "first"
        seen.append(gc.isenabled())
        raise ValueError("broken report")

    (gc.enable if was_on else gc.disable)()
    try:
        extraction = Extraction(paragraphs)
        assert next(extraction) == "first"
        seen.append(gc.isenabled())  # the caller's turn
        with pytest.raises(ValueError, match="broken report"):
            next(extraction)
        assert seen == [False, was_on, False]
        assert gc.isenabled() is was_on
    finally:
        gc.enable()


@pytest.mark.parametrize("was_on", [True, False])
def test_the_rest_of_an_extraction_is_made_with_the_collector_paused_once(was_on):
    """`Extraction.rest` (a whole report at once) makes every paragraph with gc paused and puts
    the collector back as it was, also when extraction fails."""
    seen = []

    def paragraphs(_extraction):
        for p in ("first", "second"):
            seen.append(gc.isenabled())
            yield p

    def broken(_extraction):
        yield "first"
        raise ValueError("broken report")

    (gc.enable if was_on else gc.disable)()
    try:
        assert Extraction(paragraphs).rest() == ("first", "second")
        assert seen == [False, False]
        assert gc.isenabled() is was_on
        with pytest.raises(ValueError, match="broken report"):
            Extraction(broken).rest()
        assert gc.isenabled() is was_on
    finally:
        gc.enable()
