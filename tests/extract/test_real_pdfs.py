"""Real UN report PDFs from ../shared/real-pdfs (text layers and scanned images), read as a
person reads them: symbol from the header, numbered paragraphs 1..N, no words glued across
lines, page furniture recorded as skipped and never in a unit, scanned pages through OCR.
The PDFs are read from there at run time, never copied into the repository."""

from __future__ import annotations

import csv
import re
import sys
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from support import ROOT, SHARED

from unkg.api import build
from unkg.extract import ocr
from unkg.extract.errors import ReadError
from unkg.extract.model import Report
from unkg.extract.pdf import words
from unkg.extract.pipeline import extract_document, extract_file
from unkg.extract.read import read_pdf_document
from unkg.ontology.reference import load_reference

sys.path.insert(0, str(ROOT / "bench"))
import pdf_checks  # the bench and the tests read paragraphs and dates alike

REAL = SHARED / "real-pdfs"
OCR_PAGES = 2  # of each scanned file in CI; the benchmark reads them all
MAX_GLUED = 0.005

pytestmark = pytest.mark.skipif(
    not (REAL / "sources.csv").is_file(), reason=f"{REAL} is absent (CI has it beside the repo)"
)


def _sources() -> list[dict[str, str]]:
    if not (REAL / "sources.csv").is_file():
        return []
    with (REAL / "sources.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


SOURCES = _sources()
TEXT = [r["file"] for r in SOURCES if r["text_layer"] == "yes"]
SCANNED = [r["file"] for r in SOURCES if r["text_layer"] != "yes"]
SYMBOLS = {r["file"]: r["symbol"].split() for r in SOURCES}
needs_ocr = pytest.mark.skipif(ocr.engine() is None, reason="OCR (unkg[ocr], tesseract) absent")


@cache
def report(name: str) -> Report:
    return extract_file(REAL / name)


def header_date(rep: Report) -> str:
    """The date line of the report's header block, as ISO (read as the bench reads it)."""
    date = pdf_checks.header_date(rep)
    assert date, f"no date line in the header block of {rep.source}"
    return date


@pytest.mark.parametrize("name", TEXT)
def test_text_pdf_has_its_symbol_date_and_paragraphs_1_to_n(name):
    rep = report(name)
    assert rep.meta.symbol in SYMBOLS[name]
    assert rep.meta.date == header_date(rep)
    numbers = pdf_checks.main_body(rep)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    assert len(numbers) >= 2


@pytest.mark.parametrize("name", TEXT)
def test_no_words_glued_across_lines(name):
    """Words in units that the PDF library's own text never has (`Councilinformed`)."""
    rep = report(name)
    layer = [p for p in rep.paragraphs if p.ocr_confidence is None]  # OCR'd ones have no reference
    if not layer:
        pytest.skip("read whole by OCR (a garbled text layer): no text layer to compare with")
    pdf = pdfium.PdfDocument(REAL / name)
    raw = words(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    units = [w for p in layer for w in re.findall(r"[^\W\d_]+", p.text)]
    raw_parts = {part for w in raw for part in re.findall(r"[^\W\d_]+", w)}
    glued = [w for w in units if w not in raw_parts]
    assert len(glued) / len(units) < MAX_GLUED, glued[:10]


FURNITURE = re.compile(r"\d{2}-\d{5} \(E\)|\*\d{7}\*|\bDistr\.|^(?:[AS]/\S+|\d+/\d+|Page \d+)$")


def furniture_in_units(rep: Report, name: str) -> list[str]:
    """Units that are page furniture: as printed, or as OCR misreads a running header
    (`foes 8&/24090 Eng-ish Page 3`, `fuae Baglien Paye ¢`), which ends with its page
    number or carries the report's own number, also inside a paragraph it interrupts
    (`… an §/1995/390 English Page 2`); and headings OCR made of a stamp's marks."""
    number = re.escape(SYMBOLS[name][-1].split("/")[-1])
    found = []
    for p in rep.paragraphs:
        misread = p.kind != "paragraph" and (
            re.search(r"\bPa[gyq][eo]\s*\S{1,2}$", p.text)
            or re.search(rf"\S/\W?{number}\b", p.text)
        )
        noise = p.kind == "heading" and p.ocr_confidence is not None and p.ocr_confidence < 0.5
        header = re.search(rf"/\W?{number}\s+\S+\s+Pa[gyq][eo]\b", p.text)  # in a paragraph
        if FURNITURE.search(p.text) or misread or noise or header:
            found.append(p.text[:80])
    return found


@pytest.mark.parametrize("name", TEXT)
def test_furniture_is_skipped_not_in_units(name):
    rep = report(name)
    assert furniture_in_units(rep, name) == []
    reasons = {b.reason for b in rep.skipped}
    assert "header block" in reasons
    if len(pdfium.PdfDocument(REAL / name)) > 2:
        assert reasons & {"running header", "page furniture", "page number"}
    assert rep.coverage.lost == 0  # every character is in a unit or a recorded block


def test_headings_stay_headings():
    rep = report("UNMIT_S_2012_765.pdf")
    headings = [p.text for p in rep.paragraphs if p.kind == "heading"]
    assert headings[:2] == ["I. Introduction", "II. Political developments since 7 January 2012"]
    assert all(not FURNITURE.search(h) for h in headings)


# The tables of the text-layer files, as seen on their pages: contributors by country
# (UNGOMAP, UNMISET), seats by province and violations by month (UNTAC), cost estimates
# (UNTAET Add.1). No other file has one.
TABLES = {
    "UNGOMAP_A_44_661&S_20911.pdf": [5],
    "UNMISET_S_2004_669.pdf": [31],
    "UNMISET_S_2005_99.pdf": [32],
    "UNTAC_S_25719.pdf": [22, 3],
    "UNTAET_S_2002_432_Add.1.pdf": [20],
}


@pytest.mark.parametrize("name", TEXT)
def test_tables_are_units_of_rows_and_cells(name):
    tables = [p for p in report(name).paragraphs if p.kind == "table"]
    assert [len(t.rows) for t in tables] == TABLES.get(name, [])
    for table in tables:
        assert all(len(row) >= 2 and all(cell.strip() for cell in row) for row in table.rows)


def test_a_contributors_table_names_its_countries_row_by_row():
    (table,) = [p for p in report("UNMISET_S_2004_669.pdf").paragraphs if p.kind == "table"]
    assert table.rows[1] == ("Argentina", "1", "-", "-", "1")
    assert table.rows[-1][0] == "Total"
    countries = {m.key for m in table.mentions if m.type == "Country"}
    assert len(countries) >= 25 and {"ARG", "AUS", "ZWE"} <= countries


@cache
def _hosts() -> dict[str, set[str]]:
    return {e.key: set(e.multi("host")) for e in load_reference().by_type("Mission")}


@needs_ocr
@pytest.mark.parametrize("name", SCANNED)
def test_scanned_pdf_is_read_by_ocr(name):
    data = (REAL / name).read_bytes()
    doc = read_pdf_document(data, name, pages=OCR_PAGES)
    assert doc.ocr_pages == OCR_PAGES
    rep = extract_document(doc)
    mission = name.split("_")[0]
    keys = {m.key for m in rep.mentions()}
    assert mission in keys
    assert _hosts()[mission] & keys
    assert rep.meta.symbol in SYMBOLS[name]
    assert rep.meta.date == header_date(rep)
    numbers = pdf_checks.main_body(rep)
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and numbers
    read = [p for p in rep.paragraphs if p.ocr_confidence is not None]
    assert read and all(0 < p.ocr_confidence <= 1 for p in read)
    assert len(read) == len(rep.paragraphs)
    assert furniture_in_units(rep, name) == []
    assert rep.coverage.lost == 0


def test_scanned_pdf_without_ocr_says_how_to_enable_it(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "engine", lambda: None)
    scanned, text = REAL / SCANNED[0], REAL / "UNTAET_S_2001_436.pdf"
    with pytest.raises(ReadError, match=r"scanned PDF .*pip install 'unkg\[ocr\]'"):
        read_pdf_document(scanned.read_bytes(), scanned.name, pages=1)
    result = build([scanned, text], store=tmp_path / "store")
    status = {Path(f.path).name: f for f in result.files}
    assert status[text.name].status == "added" and status[text.name].ocr_pages == 0
    assert status[scanned.name].status == "failed"
    assert "unkg[ocr]" in status[scanned.name].error


@pytest.mark.parametrize("name", ["UNMOT_S_1997_56.pdf", "UNTAET_S_2002_432_Add.1.pdf"])
def test_annexes_are_sections(name):
    units = report(name).paragraphs
    first = next(
        i for i, p in enumerate(units) if p.kind == "heading" and p.text.startswith("Annex")
    )
    assert all(not p.section or not p.section[0].startswith("Annex") for p in units[:first])
    assert all(p.section[0].startswith("Annex") for p in units[first:])
