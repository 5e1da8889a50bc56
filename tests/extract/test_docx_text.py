"""DOCX files: all their text (tables, headers, footers), and hostile packages refused clearly."""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unkg.extract import limits
from unkg.extract.errors import ReadError
from unkg.extract.read import read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
try:
    import hostile
finally:
    sys.path.pop(0)


def test_tables_headers_and_footers_are_read():
    body = hostile.paragraphs_xml(["1. 马里稳定团在马里。"]) + hostile.table_xml(
        [["行一格一", "行一格二"], ["行二格一", ""]]
    )
    data = hostile.docx(
        hostile.document_xml(body), headers=["S/2024/1"], footers=["第 3 页", "第 3 页"]
    )
    doc = read_bytes(data, "t.docx")
    assert doc.text.split("\n\n") == [
        "1. 马里稳定团在马里。",
        "行一格一",
        "行一格二",
        "行二格一",
        "S/2024/1",
        "第 3 页",  # the same footer on every page is kept once
    ]


def test_a_text_box_is_read_once_as_its_own_paragraph():
    inner = hostile.paragraphs_xml(["框内文字"])
    body = (
        "<w:p><w:r><w:t>外段</w:t></w:r><w:r><w:pict><w:txbxContent>"
        f"{inner}</w:txbxContent></w:pict></w:r><w:r><w:t>续</w:t></w:r></w:p>"
    )
    doc = read_bytes(hostile.docx(hostile.document_xml(body)), "box.docx")
    assert doc.text.split("\n\n") == ["外段续", "框内文字"]


TEXT = st.text(alphabet="联合国马里稳定团abc XYZ0123.,;<>&", min_size=1, max_size=15)
CELLS = st.lists(TEXT, min_size=1, max_size=3)


@settings(max_examples=60, deadline=None)
@given(
    body=st.lists(st.one_of(TEXT.map(lambda t: [t]), CELLS), max_size=6),
    notes=st.lists(TEXT, max_size=4),
)
def test_every_character_of_a_generated_document_is_in_the_text(body, notes):
    """Paragraphs and table rows in the body, then headers and footers (`notes`): each
    non-blank text is a block, in order; a header or footer text seen before is not
    repeated."""
    xml = "".join(
        hostile.paragraphs_xml(item) if len(item) == 1 else hostile.table_xml([item])
        for item in body
    )
    half = len(notes) // 2
    data = hostile.docx(hostile.document_xml(xml), headers=notes[:half], footers=notes[half:])
    want = [t for item in body for t in item if t.strip()]
    for t in notes:
        if t.strip() and t not in want:
            want.append(t)
    if not want:
        with pytest.raises(ReadError, match="has no text"):
            read_bytes(data, "g.docx")
        return
    assert read_bytes(data, "g.docx").text == "\n\n".join(want)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (hostile.malformed_docx, "is not a readable DOCX file (XMLSyntaxError"),
        (hostile.laughs_docx, "is not a readable DOCX file (XMLSyntaxError"),
        (hostile.deep_docx, "Excessive depth"),
        (lambda: hostile.bomb_docx(300), "refused as a possible zip bomb"),
        (lambda: hostile.expanding_docx(100), "refused as a possible zip bomb"),
        (lambda: hostile.bomb_docx(5), "compressed"),  # small, but 1,000 times
        (lambda: b"PK\x03\x04" + bytes(200), "not a readable DOCX"),
    ],
    ids=["malformed", "billion-laughs", "deep", "bomb", "expanding-xml", "ratio", "not-a-zip"],
)
def test_hostile_packages_get_a_clear_error_fast(make, reason):
    data = make()
    t = time.perf_counter()
    with pytest.raises(ReadError) as err:
        read_bytes(data, "hostile.docx")
    assert reason in err.value.reason, err.value.reason
    assert time.perf_counter() - t < 5


@pytest.mark.parametrize("target", ["file:///etc/hostname", "http://127.0.0.1:9/x"])
def test_external_entities_are_never_resolved(target, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容")
    doc = read_bytes(
        hostile.xxe_docx(secret.as_uri() if target.startswith("file") else target), "x.docx"
    )
    assert "机密内容" not in doc.text
    assert doc.text.startswith("before") and doc.text.endswith("after")


def test_the_size_limit_is_checked_on_declared_sizes(monkeypatch):
    data = hostile.docx(hostile.document_xml(hostile.paragraphs_xml(["马里"] * 2000)))
    assert read_bytes(data, "ok.docx").text.startswith("马里")
    monkeypatch.setattr(limits, "ZIP_MEMBER_BYTES", 10_000)
    with pytest.raises(ReadError, match="zip bomb"):
        read_bytes(data, "big.docx")
    assert (
        zipfile.ZipFile(__import__("io").BytesIO(data)).getinfo("word/document.xml").file_size
        > 10_000
    )
