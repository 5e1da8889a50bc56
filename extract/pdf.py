"""PDF reports read as a person reads them: pypdfium2's text layer (or OCR for scanned
pages, `unkg.extract.ocr`), laid out again as one line per paragraph.

pypdfium2 was chosen by measurement on real UN reports (docs/extraction.md, PDF section):
it is ten times faster than pypdf and glues no words across lines. What it gives is a page
of lines in content-stream order, with their boxes. Here those lines become text:

- the header block of the first page (symbol, Distr., date, Original, job number, barcode)
  and the running headers, footers and page numbers of every page are kept as lines of
  their own and recorded as skipped (`Layout.skipped`), so they never become units, while
  the metadata reader still sees the symbol and date lines;
- lines of one paragraph are joined with a space, or without the hyphen of a word broken
  at the end of a line when the document's own vocabulary has the word unbroken;
- a paragraph cut by a page break is joined again, and what lies between (furniture,
  footnotes) follows it;
- footnotes (smaller type at the foot of a page) become lines of their own whose marker is
  a superscript, as are the citing markers in the body, so the structure parser makes
  them footnote units anchored where they are cited.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from unkg.extract.errors import ReadError
from unkg.extract.model import Skipped
from unkg.extract.pdf_furniture import NOISE
from unkg.extract.pdf_lines import CJK, FOOTNOTE_START, SUP, Line, Page, Piece
from unkg.extract.pdf_paragraphs import NUMBERED_LINE, read_pieces
from unkg.extract.pdf_tables import table_rows
from unkg.extract.pdf_textlayer import GARBLED, garbled_share, text_page

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# U+FFFE is pdfium's mark for a hyphen at the end of a line (the line break itself dropped).
_BROKEN = re.compile(r"([^\W\d_]+)(?:-[ \t]*\n|\ufffe)[ \t]*([^\W\d_]+)")


@dataclass(frozen=True, slots=True)
class Layout:
    """A PDF's text as laid out here, with what the units must leave out."""

    text: str
    skipped: tuple[Skipped, ...]  # offsets into text
    ocr: tuple[tuple[int, int, float], ...]  # (start, end, confidence) of lines read by OCR
    pages: int
    ocr_pages: int
    ocr_engine: str | None = None
    tables: tuple[tuple[int, int], ...] = ()  # (start, end) of each table, a row a line


def read_pdf(data: bytes, name: str, pages: int | None = None) -> Layout:
    """The text of a PDF (its first `pages` pages, or all) as a reader sees it. Pages
    without a text layer, and all pages when the text layer is an old OCR too garbled to
    read (`garbled_share`), go through OCR when it is installed; a scanned PDF without it
    gets a `ReadError` saying how to enable it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(name, f"is not a readable PDF ({exc})") from None
    try:
        count = min(len(pdf), pages) if pages else len(pdf)
        read: list[Page | None] = [text_page(pdf[i]) for i in range(count)]
        scanned = [i for i, page in enumerate(read) if page is None]
        engine = None
        if scanned or garbled_share(p for p in read if p is not None) > GARBLED:
            from unkg.extract import ocr

            engine = ocr.engine() if not scanned else ocr.engine_or_error(name, len(scanned), count)
            if engine and not scanned:
                scanned = list(range(count))
            for i, page in zip(scanned, ocr.read_pages(pdf, scanned, name), strict=True):
                read[i] = page
    finally:
        pdf.close()
    text, skipped, confidences, tables = lay_out([p for p in read if p is not None])
    engine = engine if scanned else None
    return Layout(text, skipped, confidences, count, len(scanned), engine, tables)


def lay_out(pages: list[Page]) -> tuple[str, tuple, tuple, tuple]:
    """Text, skipped spans, OCR spans and table spans of the pages (see the module
    docstring)."""
    pieces = list(read_pieces(pages))
    vocabulary = Counter(
        w.lower() for piece in pieces for line in piece.lines for w in _WORD.findall(line.text)
    )
    out: list[str] = []
    skipped, ocr, tables = [], [], []
    pos = 0
    out_reason: str | None = None
    for piece in _noise_apart(pieces):
        if out:
            sep = "\n" if (piece.reason and out_reason) or piece.attached else "\n\n"
            out.append(sep)
            pos += len(sep)
        out_reason = piece.reason
        if piece.reason:
            for n, line in enumerate(piece.lines):
                text = line.text if not n else "\n" + line.text
                out.append(text)
                start = pos + (0 if not n else 1)
                pos += len(text)
                skipped.append(Skipped(start, pos, piece.reason))
                if line.confidence is not None:
                    ocr.append((start, pos, line.confidence))
            continue
        if piece.table:
            text = "\n".join(table_rows(piece.lines))
            tables.append((pos, pos + len(text)))
            out.append(text)
            pos += len(text)
            continue
        text = _join(piece.lines, vocabulary)
        if piece.footnote:
            text = FOOTNOTE_START.sub(lambda m: m[1].translate(SUP) + " ", text, count=1)
        out.append(text)
        confidences = [ln.confidence for ln in piece.lines if ln.confidence is not None]
        if confidences:
            ocr.append((pos, pos + len(text), round(statistics.fmean(confidences), 3)))
        pos += len(text)
    return "".join(out), tuple(skipped), tuple(ocr), tuple(tables)


WELL_READ = 0.8  # OCR confidence of a line kept from a block that is noise (body text: ~0.95)


def _noise_apart(pieces: list[Piece]) -> Iterator[Piece]:
    """The pieces, each block OCR read as marks (`_unreadable`: a map turned sideways, a
    stamp) split into its well-read lines (a table's last row before the map), still a
    unit, and the rest, skipped as `ocr noise`."""
    for piece in pieces:
        if not _unreadable(piece):
            yield piece
            continue
        kept = [ln for ln in piece.lines if (ln.confidence or 0) >= WELL_READ]
        if kept:
            yield Piece(kept, attached=piece.attached)
        yield Piece([ln for ln in piece.lines if (ln.confidence or 0) < WELL_READ], "ocr noise")


def _unreadable(piece: Piece) -> bool:
    """A block OCR read with a mean confidence below `NOISE` that no paragraph number
    opens."""
    if piece.reason or piece.table or NUMBERED_LINE.match(piece.lines[0].text):
        return False
    confidences = [ln.confidence for ln in piece.lines]
    return None not in confidences and statistics.fmean(confidences) < NOISE


def _join(lines: list[Line], vocabulary: Counter) -> str:
    """The lines of one paragraph as one line: a space between them (none between Chinese
    characters), a word broken by a hyphen at a line end whole again when the document
    writes it whole elsewhere."""
    text = lines[0].text
    for line in lines[1:]:
        if text.endswith("-") and line.text[:1].isalpha():
            text += "\n" + line.text  # decided below with the vocabulary
        elif CJK.match(text[-1:]) and CJK.match(line.text[:1]):
            text += line.text
        else:
            text += " " + line.text
    return _BROKEN.sub(lambda m: _unbroken(m[1], m[2], vocabulary), text)


def _unbroken(left: str, right: str, vocabulary: Counter) -> str:
    whole = (left + right).lower()
    if vocabulary.get(whole, 0) > 0 and vocabulary.get(f"{left}-{right}".lower(), 0) == 0:
        return left + right
    return f"{left}-{right}"


def words(texts: Iterable[str]) -> set[str]:
    """The words of `texts` (letters, inner hyphens kept), for the glued-word check."""
    return {w for t in texts for w in _WORD.findall(t)}
