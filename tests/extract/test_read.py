"""Reading files: encodings, formats and clear errors."""

from pathlib import Path

import pytest

from unkg.extract.read import ReadError, read_bytes, read_document

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
TEXT = (DATA / "mini-zh.txt").read_text(encoding="utf-8")
ENCODINGS = [  # (Python codec, as unkg reports it)
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8 (BOM)"),
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16 (BOM)"),
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
]


@pytest.mark.parametrize(("encoding", "reported"), ENCODINGS)
def test_encodings_are_detected_and_reported(encoding, reported):
    doc = read_bytes(TEXT.encode(encoding), "r.txt")
    assert doc.text == TEXT
    assert doc.encoding == reported


def test_docx_gives_the_same_paragraphs(tmp_path):
    import docx

    d = docx.Document()
    for block in TEXT.split("\n\n"):
        d.add_paragraph(block.strip())
    path = tmp_path / "r.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.format == "docx"
    assert "联合国马里多层面综合稳定团(马里稳定团)" in doc.text
    assert doc.text.count("\n\n") >= 10


def test_html_blocks_become_paragraphs_and_scripts_are_dropped():
    html = (
        "<html><body><script>var x='马里';</script><h1>报告</h1>"
        "<p>1. 马里稳定团在马里。</p><div><p>2. 第二段</p></div></body></html>"
    )
    doc = read_bytes(html.encode("utf-8"), "r.html")
    assert doc.text == "报告\n\n1. 马里稳定团在马里。\n\n2. 第二段"


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "is empty"),
        (b"   \n\n", "blank.txt", "is empty"),
        (bytes(range(256)) * 20, "binary.txt", "binary"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "broken.pdf", "not a readable PDF"),
        (b"PK\x03\x04 not really a zip", "broken.docx", "not a readable DOCX"),
    ],
)
def test_bad_inputs_raise_a_specific_error(data, name, reason):
    with pytest.raises(ReadError, match=reason) as info:
        read_bytes(data, name)
    assert info.value.path == name


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(ReadError, match="does not exist") as info:
        read_document(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


@pytest.mark.parametrize(("encoding", "reported"), ENCODINGS)
def test_a_stream_reads_what_the_whole_file_read_gives(tmp_path, encoding, reported):
    from unkg.extract.read import open_text_stream

    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode(encoding))
    whole, stream = read_document(path), open_text_stream(path)
    assert "".join(stream.chunks()) == whole.text
    assert (stream.encoding, stream.sha256, stream.head) == (reported, whole.sha256, whole.text)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        (bytes(range(256)) * 8, "looks binary"),
        ("café au lait, 1. MONUSCO".encode("cp1252"), "is not UTF-8, UTF-16, GB18030 or Big5"),
    ],
)
def test_a_stream_refuses_with_the_reason(tmp_path, content, reason):
    from unkg.extract.read import open_text_stream

    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError, match=reason) as err:
        open_text_stream(path)
    assert err.value.path == str(path)
    with pytest.raises(ReadError, match="does not exist"):
        open_text_stream(tmp_path / "missing.txt")
