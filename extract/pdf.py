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
from dataclasses import dataclass, field
from itertools import pairwise

from unkg.extract.errors import ReadError
from unkg.extract.model import Skipped

SCANNED_CHARS = 20  # a page with fewer non-blank characters in its text layer is an image
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# U+FFFE is pdfium's mark for a hyphen at the end of a line (the line break itself dropped).
_BROKEN = re.compile(r"([^\W\d_]+)(?:-[ \t]*\n|\ufffe)[ \t]*([^\W\d_]+)")

_SYMBOL = (
    r"(?:[ASE]|\$)\s?/\s?(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]*\d[A-Z0-9.\-]*(?:/(?:Add|Corr|Rev)\.\d+)*"
)
# Running headers of old text layers misread the symbol's letter (h/44/661, s/20911).
_RUNNING_SYMBOL = rf"(?:{_SYMBOL}|[A-Za-z$]/\d[\w./-]*)"
_DATE = r"\d{1,2}\s+[A-Z][a-z]{2,9}\.?\s+\d{4}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_JOB = r"\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?(?:\s*/?\s*\.{0,3})?"
# What the first page's header block is made of, in both languages; a header line is one
# or more of these (old layouts print "S/1995/105 4 February 1995" on one line).
_HEADER_ITEM = rf"""(?:
    United\s+Nations|UNITED|NATIONS|联\s*合\s*国|[ASE](?=\s|$)
  | General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council
  | GENERAL\s+ASSEMBLY|SECURITY\s+COUNCIL|安全理事会|大\s*会|经济及社会理事会
  | Distr\.?\s*:?|DISTR\.?\s*:?|General|GENERAL|Limited|LIMITED|Restricted|RESTRICTED
  | (?:Original|ORIGINAL)\W{{0,3}}|Chinese|English|French|Spanish|Russian|Arabic|ENGLISH
  | 分发[:：]?|原文[:：]?|中文|英文|一般
  | {_SYMBOL}
  | {_DATE}
  | {_JOB}
  | \*\d{{7,}}\*|\*+
  | [A-Z][a-z]+(?:-[a-z]+)?\s+(?:session|year)|第[一二三四五六七八九十]+届会议
  | (?:Provisional\s+)?[Aa]genda\s+item\s+\d+\S*|Item\s+\d+\S*|议程项目\s*\d+
)"""
_HEADER = re.compile(rf"^{_HEADER_ITEM}(?:\s*{_HEADER_ITEM})*\s*$", re.X)
_HEADER_PARTS = re.compile(_HEADER_ITEM, re.X)
# Running headers and footers on every page: symbol, page number, job number, barcode.
_FURNITURE = re.compile(
    rf"""^(?:
        (?:{_RUNNING_SYMBOL}\**\s*)+(?:\S{{1,2}})?
      | (?:\d{{1,3}}\s+)?{_JOB}(?:\s+\d{{1,3}})?
      | \d{{1,3}}\s*/\s*\d{{1,3}}
      | [-–]?\s*\d{{1,3}}\s*[-–]?
      | (?:Page|PAGE|Pago|Paqe)\s*\d{{1,3}}
      | \*\d{{7,}}\*
      | English|Chinese|French|Spanish|Russian|Arabic|[A-Za-z]nglish
      | (?:{_RUNNING_SYMBOL}\s+)+(?:\w+\s+)?(?:Page\s+)?\d{{1,3}}|\d{{1,3}}(?:\s+{_RUNNING_SYMBOL})+
    )$""",
    re.X,
)
_PAGE_NUMBER = re.compile(
    r"^(?:\d{1,3}\s*/\s*\d{1,3}|[-–]?\s*\d{1,3}\s*[-–]?|(?:Page|PAGE)\s*\d{1,3})$"
)
_STARTS = re.compile(
    r"^(?:\d{1,3}\s*[.．]\s|\([a-z]{1,4}\)\s|\((?:[ivx]+|\d+)\)\s|(?:[IVX]{1,5}|[A-Z])\.\s"
    r"|[一二三四五六七八九十]+\s*[.．、]|Annex\b|ANNEX\b|附件|[•●▪–-]\s)"
)
_TERMINAL = tuple(".!?;:。！？；：”’)）")
_FOOTNOTE_START = re.compile(r"^(\d{1,3}|[*])\s*(?=\S)")


@dataclass(slots=True)
class Line:
    """One line of a page, placed as printed (points, from the top of the page)."""

    text: str
    top: float
    bottom: float
    x0: float
    height: float  # glyph height: footnotes are set smaller than the body
    confidence: float | None = None  # OCR only, 0..1

    @property
    def cjk(self) -> bool:
        return bool(_CJK.search(self.text))


@dataclass(slots=True)
class Page:
    lines: list[Line]
    height: float
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """A PDF's text as laid out here, with what the units must leave out."""

    text: str
    skipped: tuple[Skipped, ...]  # offsets into text
    ocr: tuple[tuple[int, int, float], ...]  # (start, end, confidence) of lines read by OCR
    pages: int
    ocr_pages: int
    ocr_engine: str | None = None


@dataclass
class _Piece:
    """A paragraph being built (`reason` None) or a skipped line (`reason` says why)."""

    lines: list[Line] = field(default_factory=list)
    reason: str | None = None
    footnote: bool = False


def read_pdf(data: bytes, name: str) -> Layout:
    """The text of a PDF as a reader sees it; scanned pages go through OCR when it is
    installed, else a `ReadError` says how to enable it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(name, f"is not a readable PDF ({exc})") from None
    try:
        pages: list[Page | None] = [_text_page(pdf[i]) for i in range(len(pdf))]
        scanned = [i for i, page in enumerate(pages) if page is None]
        engine = None
        if scanned:
            from unkg.extract import ocr

            engine = ocr.engine_or_error(name, len(scanned), len(pages))
            for i, page in zip(scanned, ocr.read_pages(pdf, scanned, name), strict=True):
                pages[i] = page
    finally:
        pdf.close()
    layout = lay_out([p for p in pages if p is not None])
    return Layout(
        layout[0], layout[1], layout[2], len(pages), len(scanned), engine if scanned else None
    )


def _text_page(page) -> Page | None:
    """The lines of a page's text layer, or None when it has (almost) none."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    if sum(1 for c in text if not c.isspace()) < SCANNED_CHARS:
        return None
    height = page.get_height()
    lines = []
    pos = 0
    for raw in text.split("\r\n"):
        start, pos = pos, pos + len(raw) + 2
        line = _text_line(textpage, raw, start, height)
        if line is not None:
            lines.append(line)
    return Page(lines, height)


def _text_line(textpage, raw: str, start: int, page_height: float) -> Line | None:
    """A `Line` from the characters raw[...] that start at index `start` of the text page,
    with citing footnote markers (raised, smaller digits) turned into superscripts."""
    stripped = raw.strip()
    if not stripped:
        return None
    boxes = [(i, textpage.get_charbox(start + i)) for i, c in enumerate(raw) if not c.isspace()]
    lefts = [b[0] for _, b in boxes]
    bottoms = [b[1] for _, b in boxes]
    tops = [b[3] for _, b in boxes]
    heights = [b[3] - b[1] for i, b in boxes if raw[i].isalpha() and raw[i].islower()]
    base = statistics.median(bottoms)
    glyph = (
        statistics.median(heights)
        if heights
        else statistics.median(t - b for t, b in zip(tops, bottoms, strict=True))
    )
    chars = list(raw)
    for i, box in boxes:
        if (
            raw[i].isdigit()
            and i > 0
            and not raw[i - 1].isspace()
            and not raw[i - 1].isdigit()
            and box[1] > base + 0.3 * glyph
        ):
            j = i
            while j < len(raw) and raw[j].isdigit():
                chars[j] = raw[j].translate(_SUP)
                j += 1
    return Line(
        "".join(chars).strip(),
        page_height - max(tops),
        page_height - min(bottoms),
        min(lefts),
        glyph,
    )


def lay_out(pages: list[Page]) -> tuple[str, tuple, tuple]:
    """Text, skipped spans and OCR spans of the pages (see the module docstring)."""
    pieces = list(_pieces(pages))
    vocabulary = Counter(
        w.lower() for piece in pieces for line in piece.lines for w in _WORD.findall(line.text)
    )
    out: list[str] = []
    skipped, ocr = [], []
    pos = 0
    out_reason: str | None = None
    for piece in pieces:
        if out:
            sep = "\n" if piece.reason and out_reason else "\n\n"
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
        text = _join(piece.lines, vocabulary)
        if piece.footnote:
            text = _FOOTNOTE_START.sub(lambda m: m[1].translate(_SUP) + " ", text, count=1)
        out.append(text)
        confidences = [ln.confidence for ln in piece.lines if ln.confidence is not None]
        if confidences:
            ocr.append((pos, pos + len(text), round(statistics.fmean(confidences), 3)))
        pos += len(text)
    return "".join(out), tuple(skipped), tuple(ocr)


def _join(lines: list[Line], vocabulary: Counter) -> str:
    """The lines of one paragraph as one line: a space between them (none between Chinese
    characters), a word broken by a hyphen at a line end whole again when the document
    writes it whole elsewhere."""
    text = lines[0].text
    for line in lines[1:]:
        if text.endswith("-") and line.text[:1].isalpha():
            text += "\n" + line.text  # decided below with the vocabulary
        elif _CJK.match(text[-1:]) and _CJK.match(line.text[:1]):
            text += line.text
        else:
            text += " " + line.text
    return _BROKEN.sub(lambda m: _unbroken(m[1], m[2], vocabulary), text)


def _unbroken(left: str, right: str, vocabulary: Counter) -> str:
    whole = (left + right).lower()
    if vocabulary.get(whole, 0) > 0 and vocabulary.get(f"{left}-{right}".lower(), 0) == 0:
        return left + right
    return f"{left}-{right}"


def _pieces(pages: list[Page]) -> Iterator[_Piece]:
    """Paragraphs and skipped lines in reading order; what interrupts a paragraph at a page
    break (furniture, footnotes) follows the paragraph."""
    open_piece: _Piece | None = None
    pending: list[_Piece] = []
    for number, page in enumerate(pages):
        furniture, body, notes = _classify(page, first=number == 0)
        if number == 0:  # the header block opens the text, where metadata looks for it
            yield from (p for p in furniture if p.reason == "header block")
            furniture = [p for p in furniture if p.reason != "header block"]
        pitch = _pitch(body)
        previous: Line | None = None
        for line in body:
            new = (
                open_piece is None
                or _STARTS.match(line.text)
                or (previous is not None and line.top - previous.bottom > pitch)
                or (previous is None and not _continues(open_piece))
                or (previous is not None and _heading_like(previous, open_piece))
            )
            if new:
                if open_piece is not None:
                    yield open_piece
                yield from pending
                pending = []
                open_piece = _Piece([line])
            else:
                open_piece.lines.append(line)
            previous = line
        pending += furniture + notes
    if open_piece is not None:
        yield open_piece
    yield from pending


def _continues(piece: _Piece) -> bool:
    """Does the paragraph go on at the top of the next page?"""
    last = piece.lines[-1].text
    return bool(last) and not last.endswith(_TERMINAL) and len(piece.lines) > 1


def _heading_like(previous: Line, piece: _Piece) -> bool:
    """A one-line piece that is a numbered heading (I. Introduction) ends at its line."""
    return len(piece.lines) == 1 and bool(re.match(r"^(?:[IVX]{1,5}|[A-Z])\.\s", previous.text))


def _pitch(lines: list[Line]) -> float:
    """The gap between lines above which a new paragraph starts."""
    gaps = [b.top - a.bottom for a, b in pairwise(lines) if b.top >= a.bottom]
    heights = [ln.height for ln in lines] or [10.0]
    typical = statistics.median(gaps) if gaps else 0.0
    return typical + 0.5 * statistics.median(heights)


def _classify(page: Page, first: bool) -> tuple[list[_Piece], list[Line], list[_Piece]]:
    """(furniture, body lines, footnotes) of a page."""
    band = 0.1 * page.height
    furniture, body = [], []
    for line in page.lines:
        text = line.text
        edge = line.top < band or line.bottom > page.height - band
        if first and line.top < 0.35 * page.height and _HEADER.match(text):
            for part in _HEADER_PARTS.finditer(text):
                furniture.append(_Piece([_part(line, part[0].strip())], "header block"))
        elif edge and _FURNITURE.match(text):
            reason = (
                "page number"
                if _PAGE_NUMBER.match(text)
                else "running header"
                if line.top < band
                else "page furniture"
            )
            furniture.append(_Piece([line], reason))
        else:
            body.append(line)
    body, notes = _footnotes(body, page.height)
    return furniture, body, notes


def _part(line: Line, text: str) -> Line:
    return Line(text, line.top, line.bottom, line.x0, line.height, line.confidence)


def _footnotes(lines: list[Line], height: float) -> tuple[list[Line], list[_Piece]]:
    """Split off the footnotes: from the lowest run of lines in the bottom half set smaller
    than the body, the first of which opens with a marker."""
    if len(lines) < 3:
        return lines, []
    body_height = statistics.median(ln.height for ln in lines)
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.top < height / 2 or line.height >= 0.9 * body_height:
            break
        if _FOOTNOTE_START.match(line.text) or line.text[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            start = i
    notes: list[_Piece] = []
    for line in lines[start:]:
        if (_FOOTNOTE_START.match(line.text) or line.text[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹") or not notes:
            notes.append(_Piece([_plain_marker(line)], footnote=True))
        else:
            notes[-1].lines.append(line)
    return lines[:start], notes


def _plain_marker(line: Line) -> Line:
    """A footnote's own marker, whichever way the text layer gives it, as plain digits
    (turned into a superscript when the footnote is written out)."""
    digits = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    head = re.match(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+", line.text)
    if head:
        text = head[0].translate(digits) + " " + line.text[head.end() :].lstrip()
        return _part(line, text)
    return line


def words(texts: Iterable[str]) -> set[str]:
    """The words of `texts` (letters, inner hyphens kept), for the glued-word check."""
    return {w for t in texts for w in _WORD.findall(t)}
