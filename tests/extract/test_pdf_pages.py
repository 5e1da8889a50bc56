"""PDFs we write here with fpdf2, read through pypdfium2 as a person reads them: a table
kept as rows and cells, two columns in reading order, footnotes at the foot of every page
as their own units anchored where they are cited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fpdf import FPDF

from unkg.extract.model import Report
from unkg.extract.pipeline import extract_file

BODY = 10
LEADING = 13


def write(path: Path, *pages: Callable[[FPDF], None]) -> Path:
    """A PDF of A4 pages, each drawn by one of `pages` (points from the top left)."""
    pdf = FPDF(format="A4", unit="pt")
    for draw in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=BODY)
        draw(pdf)
    pdf.output(str(path))
    return path


def lines(pdf: FPDF, x: float, top: float, *texts: str) -> float:
    """Body lines from `top` down; returns the next line's top."""
    for text in texts:
        pdf.text(x, top, text)
        top += LEADING
    return top


def header(pdf: FPDF) -> None:
    lines(pdf, 60, 50, "United Nations S/2099/1")
    lines(pdf, 60, 66, "Security Council Distr.: General", "1 March 2099")


def units(report: Report, kind: str) -> list:
    return [p for p in report.paragraphs if p.kind == kind]


TROOPS = [
    ("Country", "Troops", "Police"),
    ("Australia", "93", "17"),
    ("Bosnia and Herzegovina", "-", "2"),
    ("Brazil", "135", "5"),
    ("Timor-Leste", "12", "340"),
    ("Total", "240", "364"),
]


def table_page(pdf: FPDF) -> None:
    header(pdf)
    top = lines(
        pdf,
        60,
        140,
        "1. The following countries contributed troops and police to the",
        "Mission as at 31 July 2099:",
    )
    top += LEADING
    for row in TROOPS:  # a country left-aligned, figures right-aligned in their columns
        pdf.text(80, top, row[0])
        for text, right in zip(row[1:], (330, 430), strict=True):
            pdf.text(right - pdf.get_string_width(text), top, text)
        top += LEADING
    lines(pdf, 60, top + LEADING, "2. The Mission continued to support the police of Timor-Leste.")


def test_a_table_is_one_unit_with_its_rows_and_cells(tmp_path):
    report = extract_file(write(tmp_path / "table.pdf", table_page))
    (table,) = units(report, "table")
    assert table.rows == tuple(TROOPS)
    assert table.text.splitlines()[1] == "Australia | 93 | 17"
    assert table.to_json("r", "en")["rows"][2] == ["Bosnia and Herzegovina", "-", "2"]
    paragraphs = {p.number: p.text for p in units(report, "paragraph")}
    assert paragraphs["1"].endswith("as at 31 July 2099:")  # no row glued to the paragraph
    assert paragraphs["2"].startswith("2. The Mission continued")
    assert {"AUS", "BIH", "BRA", "TLS"} <= {m.key for m in table.mentions}
    assert all("\n" not in r.evidence for r in table.relations)  # a row is its own sentence
    assert report.coverage.lost == 0


def test_rows_of_a_first_cell_that_wraps_are_one_row(tmp_path):
    def page(pdf: FPDF) -> None:
        header(pdf)
        top = 140.0
        rows = [
            ("1. Military personnel", "134 428.3"),
            ("2. Assistance for disarmament and", None),
            ("demobilization", "-"),
            ("3. Civilian personnel", "101 979.8"),
            ("Total", "236 408.1"),
        ]
        for label, figure in rows:
            pdf.text(80, top, label)
            if figure:
                pdf.text(480 - pdf.get_string_width(figure), top, figure)
            top += LEADING

    report = extract_file(write(tmp_path / "wrapped.pdf", page))
    (table,) = units(report, "table")
    assert table.rows[1] == ("2. Assistance for disarmament and demobilization", "-")
    assert len(table.rows) == 4


def test_running_text_with_wide_gaps_is_no_table(tmp_path):
    """Gaps between sentences that fall at no one place (a typewriter's double spaces)
    make no table."""

    def page(pdf: FPDF) -> None:
        header(pdf)
        top = 140.0
        for k, x in enumerate((250, 180, 300, 210)):
            pdf.text(60, top, f"{k + 1}. The Mission observed the area.")
            pdf.text(x + 40, top, "It reported to the Council on the events.")
            top += 2 * LEADING

    report = extract_file(write(tmp_path / "gaps.pdf", page))
    assert not units(report, "table")
    assert [p.number for p in units(report, "paragraph")] == ["1", "2", "3", "4"]


LEFT = [
    "1. The United Nations Integrated Mission",
    "in Timor-Leste supported the police of",
    "Timor-Leste throughout the period.",
    "",
    "2. The Mission also helped the national",
    "electoral commission prepare for the",
    "elections held in the country in 2099.",
]
RIGHT = [
    "3. The United Nations Mission in South",
    "Sudan protected civilians in its camps",
    "across South Sudan during the period.",
    "",
    "4. The Council renewed the mandate of",
    "the Mission until the end of next year",
    "as the Secretary-General recommended.",
]


def test_two_columns_are_read_left_column_first(tmp_path):
    """The columns are written row by row across the page (pdfium then gives a row of
    both as one line): the reader reads the left column whole, then the right."""

    def page(pdf: FPDF) -> None:
        header(pdf)
        pdf.text(60, 130, "Report of the Secretary-General on two missions and their work")
        top = 160
        for left, right in zip(LEFT, RIGHT, strict=True):
            pdf.text(60, top, left)
            pdf.text(320, top, right)
            top += LEADING

    report = extract_file(write(tmp_path / "columns.pdf", page))
    paragraphs = units(report, "paragraph")
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4"]
    assert paragraphs[0].text == " ".join(LEFT[:3])
    assert paragraphs[2].text == " ".join(RIGHT[:3])
    assert "two missions and their work" in report.paragraphs[0].text  # the title spans both
    assert {m.key for m in paragraphs[2].mentions} >= {"UNMISS", "SSD"}


def cited(pdf: FPDF, top: float, text: str, marker: str) -> None:
    """A body line ending in a raised, smaller footnote marker."""
    pdf.text(60, top, text)
    pdf.set_font("Helvetica", size=6)
    pdf.text(60 + pdf.get_string_width(text) * BODY / 6, top - 4, marker)
    pdf.set_font("Helvetica", size=BODY)


def footnote(pdf: FPDF, top: float, *texts: str) -> None:
    """Footnotes after a short rule at the foot of the page, in 8-point type."""
    pdf.line(60, top - 12, 200, top - 12)
    pdf.set_font("Helvetica", size=8)
    lines(pdf, 60, top, *texts)
    pdf.set_font("Helvetica", size=BODY)


def test_footnotes_on_every_page_are_units_anchored_where_cited(tmp_path):
    def first(pdf: FPDF) -> None:
        header(pdf)
        top = lines(pdf, 60, 140, "1. The Council extended the mandate of the Mission in its")
        cited(pdf, top, "resolution 2703 (2099).", "1")
        lines(pdf, 60, top + 2 * LEADING, "2. The Mission supported the elections.")
        footnote(
            pdf, 760, "1 See S/2099/628, adopted on 25 August 2099 by the Council", "unanimously."
        )

    def second(pdf: FPDF) -> None:
        top = lines(pdf, 60, 80, "3. The Mission in South Sudan protected civilians, as")
        cited(pdf, top, "the Council had asked.", "2")
        lines(pdf, 60, top + 2 * LEADING, "4. The Council thanked the troop contributors.")
        footnote(pdf, 780, "2 See S/2099/700.")

    report = extract_file(write(tmp_path / "notes.pdf", first, second))
    notes = [(n.number, n.anchor, n.text) for n in units(report, "footnote")]
    assert notes == [
        ("fn1", "1", "¹ See S/2099/628, adopted on 25 August 2099 by the Council unanimously."),
        ("fn2", "3", "² See S/2099/700."),
    ]
    paragraphs = {p.number: p.text for p in units(report, "paragraph")}
    assert paragraphs["1"].endswith("resolution 2703 (2099).¹")
    assert "See S/2099" not in paragraphs["2"] + paragraphs["4"]
    assert report.coverage.lost == 0 and report.coverage.skipped > 0
