"""The PDF reader's layout on pages we write ourselves as lines with their positions (what
pypdfium2 or OCR gives): header block and page furniture in both languages, hyphens at line
ends, paragraphs across page breaks, sub-paragraphs, footnotes; and a scanned Chinese page
we draw ourselves, read by OCR."""

from __future__ import annotations

from pathlib import Path

import pytest

from unkg.extract import ocr
from unkg.extract.pdf import lay_out
from unkg.extract.pdf_lines import Line, Page
from unkg.extract.pipeline import extract_document
from unkg.extract.read import Document, read_document

BODY = 10.0  # glyph height of body lines


def page(*rows: tuple[float, str], height: float = 792, size: float = BODY) -> Page:
    """A page of lines at the given distances from the top (points)."""
    return Page([Line(text, top, top + size, 72, size) for top, text in rows], height)


def document(*pages: Page) -> Document:
    text, skipped, ocr, tables = lay_out(list(pages))
    return Document(
        "r.pdf", text, "pdf", "pdf", "0" * 64, skipped, ocr, reflowed=True, tables=tables
    )


def skipped(doc: Document) -> list[tuple[str, str]]:
    return [(doc.text[b.start : b.end], b.reason) for b in doc.skipped]


ENGLISH = (
    page(
        (40, "United Nations S/2012/765"),
        (56, "Security Council Distr.: General"),
        (70, "15 October 2012"),
        (84, "Original: English"),
        (140, "Report of the Secretary-General on the United Nations"),
        (152, "Integrated Mission in Timor-Leste"),
        (180, "I. Introduction"),
        (206, "1. The present report covers the peace-"),
        (218, "keeping operation in Timor-"),
        (230, "Leste and the work of the"),
        (700, "12-53815 (E) 181012"),
        (714, "*1253815*"),
    ),
    page(
        (40, "S/2012/765"),
        (80, "Mission in the country. A peacekeeping force remains."),
        (106, "2. The Council decided:"),
        (118, "(a) To extend the mandate;"),
        (130, "(b) To review it in Timor-Leste."),
        (744, "2/14"),
    ),
)


def test_header_block_and_furniture_are_skipped_with_their_reason():
    doc = document(*ENGLISH)
    assert skipped(doc) == [
        ("United Nations", "header block"),
        ("S/2012/765", "header block"),
        ("Security Council", "header block"),
        ("Distr.: General", "header block"),
        ("15 October 2012", "header block"),
        ("Original: English", "header block"),
        ("12-53815 (E) 181012", "page furniture"),
        ("*1253815*", "page furniture"),
        ("S/2012/765", "running header"),
        ("2/14", "page number"),
    ]
    report = extract_document(doc)
    assert report.meta.symbol == "S/2012/765"
    assert report.meta.date == "2012-10-15"
    units = {p.number: p for p in report.paragraphs}
    assert [p.text for p in report.paragraphs if p.kind == "heading"] == ["I. Introduction"]
    assert set(units) >= {"1", "2"}
    for p in report.paragraphs:
        assert "12-53815" not in p.text and "2/14" not in p.text and "Distr." not in p.text
    assert report.coverage.lost == 0


def test_lines_join_and_hyphens_follow_the_documents_vocabulary():
    report = extract_document(document(*ENGLISH))
    units = {p.number: p for p in report.paragraphs}
    # peace-|keeping: "peacekeeping" is written whole elsewhere; Timor-|Leste is not
    assert units["1"].text == (
        "1. The present report covers the peacekeeping operation in Timor-Leste and the work"
        " of the Mission in the country. A peacekeeping force remains."
    )  # and the paragraph cut by the page break is whole again, without the furniture
    assert len(units["1"].segments) == 1
    # sub-paragraphs stay in their paragraph, each on its own line
    assert units["2"].text == (
        "2. The Council decided:\n(a) To extend the mandate;\n(b) To review it in Timor-Leste."
    )
    assert {m.key for m in units["2"].mentions} == {"TLS"}


def test_pdfium_hyphen_mark_is_decided_the_same_way():
    doc = document(
        page(
            (100, "1. The five\ufffeyear plan and the peace\ufffekeeping mission."),
            (140, "2. A five-year plan for peacekeeping."),
        )
    )
    assert "1. The five-year plan and the peacekeeping mission." in doc.text


def test_chinese_header_and_lines_joined_without_space():
    doc = document(
        page(
            (40, "联合国 S/2020/123"),
            (56, "安全理事会 Distr.: General"),
            (70, "2020年7月24日"),
            (84, "原文：中文"),
            (200, "1. 联合国组织刚果民主共和国稳定特派团在刚果"),
            (214, "民主共和国保护平民。"),
        )
    )
    assert [r for _, r in skipped(doc)] == ["header block"] * 6
    report = extract_document(doc)
    assert report.meta.symbol == "S/2020/123"
    assert report.meta.date == "2020-07-24"
    (p1,) = [p for p in report.paragraphs if p.kind == "paragraph"]
    assert p1.text == "1. 联合国组织刚果民主共和国稳定特派团在刚果民主共和国保护平民。"
    assert {m.key for m in p1.mentions} == {"MONUSCO", "COD"}


def test_footnotes_at_the_foot_of_the_page_are_their_own_units():
    small = 7.0
    foot = page(
        (100, "1. The Council adopted resolution 1704 (2006).¹"),
        (112, "It did so unanimously."),
        (680, "1 See S/2006/628."),
        (690, "Adopted on 25 August 2006."),
        size=BODY,
    )
    for line in foot.lines[2:]:
        line.height = small
    report = extract_document(document(foot))
    notes = [p for p in report.paragraphs if p.kind == "footnote"]
    assert [(n.number, n.anchor, n.text) for n in notes] == [
        ("fn1", "1", "¹ See S/2006/628. Adopted on 25 August 2006.")
    ]
    (p1,) = [p for p in report.paragraphs if p.kind == "paragraph"]
    assert p1.text.endswith("(2006).¹ It did so unanimously.")


def test_ocr_lines_carry_their_confidence_into_units():
    scanned = page((100, "1. UNMOT observed the cease-fire in Tajikistan."))
    scanned.lines[0].confidence = 0.87
    scanned.ocr = True
    report = extract_document(document(scanned))
    (p1,) = report.paragraphs
    assert p1.ocr_confidence == 0.87
    assert p1.to_json("r", "en")["ocr_confidence"] == 0.87


def ocr_page(*rows: tuple[float, str, float], height: float = 792) -> Page:
    """A page as OCR gives it: lines at the given distances from the top, with their
    confidence."""
    scanned = page(*((top, text) for top, text, _ in rows), height=height)
    scanned.ocr = True
    for line, (_, _, confidence) in zip(scanned.lines, rows, strict=True):
        line.confidence = confidence
    return scanned


def test_ocr_running_headers_and_stamps_are_skipped_not_headings():
    """What OCR makes of a 1992 report's page: the running header's lines misread, a stamp
    below the last paragraph read as low-confidence marks, the `/...` mark at the foot."""
    scanned = ocr_page(
        (40, "S/24090", 0.72),
        (52, "Baglish", 0.66),  # English, between two furniture lines
        (64, "Paye ¢", 0.37),  # Page 5
        (100, "3. However, in the days following the announcement, it became clear.", 0.9),
        (112, "4. The Council met again.", 0.9),
        (480, "ae rn igggth z hee ic a a eh EB en a a", 0.22),
        (494, "ER. CEE", 0.19),
        (705, "foes", 0.6),  # the /... mark, at the right
    )
    scanned.lines[-1].x0 = 470
    doc = document(page((100, "1. UNTAC began."), (112, "2. It went on.")), scanned)
    assert skipped(doc)[-6:] == [
        ("S/24090", "running header"),
        ("Baglish", "running header"),
        ("Paye ¢", "running header"),
        ("ae rn igggth z hee ic a a eh EB en a a", "ocr noise"),
        ("ER. CEE", "ocr noise"),
        ("foes", "page furniture"),
    ]
    report = extract_document(doc)
    assert [(p.kind, p.number) for p in report.paragraphs] == [
        ("paragraph", str(n)) for n in range(1, 5)
    ]
    assert report.coverage.lost == 0


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("§/1995/390 English Page 2", "S/1995/390 English Page 2"),
        ("see 8/2001/42.", "see S/2001/42."),
        ("$/1998/113", "S/1998/113"),
        ("S 2003/243", "S/2003/243"),
        ("on 8/12/2001 and 18/2001/42", "on 8/12/2001 and 18/2001/42"),
    ],
)
def test_symbols_ocr_misreads_are_written_as_printed(read, printed):
    assert ocr._symbols(read) == printed


def test_a_map_read_by_ocr_is_noise_but_a_well_read_row_before_it_stays():
    table_end = ocr_page((600, "Total 134 428 41 603", 0.88), (618, "a PP Sy SY", 0.17))
    sideways_map = ocr_page(
        (300, "866L AUVNYESJ JO SV LNAINAO1d4d", 0.55),
        (320, "uolleg o14ydeiBoyed", 0.005),
        (340, "XBLOBW BH UA iseeg", 0.1),
        (360, "LHOOHW 981m", 0.73),
        (380, "rogestueuegy", 0.0),
        (400, "5007 Aew", 0.56),
    )
    doc = document(page((100, "1. UNMISET began.")), table_end, sideways_map)
    report = extract_document(doc)
    assert [p.text for p in report.paragraphs] == ["1. UNMISET began.", "Total 134 428 41 603"]
    assert {r for _, r in skipped(doc)} == {"ocr noise"}
    assert report.coverage.lost == 0


def test_a_low_confidence_line_inside_the_text_stays_in_its_paragraph():
    scanned = ocr_page(
        (100, "1. The Mission observed the cease-fire", 0.9),
        (112, "aiong tne bordcr and reported.", 0.3),
        (124, "2. It went on.", 0.9),
    )
    doc = document(page((300, "Report of the Secretary-General")), scanned)
    assert not doc.skipped
    assert "1. The Mission observed the cease-fire aiong tne bordcr and reported." in doc.text


CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # fonts-noto-cjk


@pytest.mark.skipif(ocr.engine() is None, reason="OCR (unkg[ocr], tesseract) absent")
@pytest.mark.skipif(not CJK_FONT.is_file(), reason="fonts-noto-cjk absent (CI installs it)")
def test_a_scanned_chinese_page_is_read_as_chinese(tmp_path):
    """A page image we draw ourselves, saved as a PDF without a text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), 36)
    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    rows = [
        (150, "联合国  S/2020/123"),
        (210, "安全理事会"),
        (270, "2020年7月24日"),
        (450, "秘书长关于马里局势的报告"),
        (560, "1. 联合国马里多层面综合稳定团在马里北部开展工作，"),
        (615, "保护平民并支持和平进程。"),
        (720, "2. 联合国南苏丹特派团继续在南苏丹保护平民。"),
    ]
    for top, text in rows:
        draw.text((150, top), text, font=font, fill=0)
    path = tmp_path / "scanned-zh.pdf"
    image.save(path, resolution=200)
    doc = read_document(path)
    assert doc.ocr_pages == 1
    report = extract_document(doc)
    assert (report.meta.language, report.meta.symbol, report.meta.date) == (
        "zh",
        "S/2020/123",
        "2020-07-24",
    )
    units = {p.number: p for p in report.paragraphs if p.kind == "paragraph"}
    assert "保护平民并支持和平进程" in units["1"].text  # lines joined without a space
    assert {m.key for m in units["1"].mentions} == {"MINUSMA", "MLI"}
    assert {m.key for m in units["2"].mentions} == {"UNMISS", "SSD"}
    assert all(0.5 < p.ocr_confidence <= 1 for p in report.paragraphs)
