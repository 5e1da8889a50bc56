"""PDF input: text per page through pypdfium2, laid out so a paragraph cut by a page break
comes back whole. The PDF is written here, by hand, with the standard Helvetica font."""

from pathlib import Path

import unkg
from unkg.extract.read import read_document


def write_pdf(path: Path, pages: list[list[str]]) -> None:
    """A minimal valid PDF: one text line per entry, top to bottom."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    path.write_bytes(bytes(out))


def test_pdf_paragraphs_survive_a_page_break(tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(
        path,
        [
            [
                "S/2099/18",
                "",
                "1. MONUSCO continued to protect civilians in the Democratic Republic of the",
            ],
            [
                "Congo with the support of UNDP.",
                "",
                "2. MINUSMA completed its withdrawal from Mali on 31 December 2023.",
            ],
        ],
    )
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.ocr_pages == 0 and not doc.ocr
    report = unkg.extract_file(path)
    paragraphs = {p.number: p for p in report.paragraphs if p.kind == "paragraph"}
    assert set(paragraphs) == {"1", "2"}
    p1 = paragraphs["1"]
    # cut by the page break, joined again with a space: one span in the reader's layout
    assert "Democratic Republic of the Congo with the support" in p1.text
    assert {m.key for m in p1.mentions} >= {"MONUSCO", "United Nations Development Programme"}
    assert {m.key for m in paragraphs["2"].mentions} == {"MINUSMA", "MLI"}
    for m in report.mentions():
        assert report.text[m.start : m.end] == m.text
