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
from unkg.extract.model import CELL, Skipped

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
# A job number line as an old OCR'd text layer gives it (89..25237 12!i!jh (E;) / . . .).
_DAMAGED_JOB = r"\d{2}\s?[-.–]{1,2}\s?\d{5}\b.{0,30}"
_DISTRIBUTION = r"(?i:General|Limited|Restricted)"
_LANGUAGE_ZH = r"(?:中文|英文|法文|俄文|西班牙文|阿拉伯文)"
_LANGUAGE = r"(?i:Chinese|English|French|Spanish|Russian|Arabic)"
# What the first page's header block is made of, in both languages; a header line is one
# or more of these (old layouts print "S/1995/105 4 February 1995" on one line).
_HEADER_ITEM = rf"""(?:
    United\s+Nations|UNITED|NATIONS|联\s*合\s*国|[ASE](?=\s|$)
  | General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council
  | GENERAL\s+ASSEMBLY|SECURITY\s+COUNCIL|安全理事会|大\s*会|经济及社会理事会
  | (?:Distr|DISTR)\.?\s*:?(?:\s*{_DISTRIBUTION})?|{_DISTRIBUTION}
  | (?:Original|[OC0]RIGINAL)\W{{0,3}}(?:\s*{_LANGUAGE})?|{_LANGUAGE}
  | 分发[:：]?\s*(?:一般)?|原文[:：]?\s*(?:{_LANGUAGE_ZH})?|{_LANGUAGE_ZH}|一般
  | {_SYMBOL}
  | {_DATE}
  | {_JOB}
  | \*\d{{7,}}\*|\*+
  | [A-Z][a-z]+(?:-[a-z]+)?\s+(?:session|year)|第[一二三四五六七八九十]+届会议
  | (?:Provisional\s+)?[Aa]genda\s+item\s+\d+\S*|Item\s+\d+\S*|议程项目\s*\d+
)"""
# OCR adds stray marks around header items (' Distr., UNITED | S).
_HEADER = re.compile(rf"^[^\w*$]{{0,2}}\s*{_HEADER_ITEM}(?:\s*\|?\s*{_HEADER_ITEM})*\s*$", re.X)
# The UN emblem beside the header, read by OCR, leaves a token or two before an item.
_OCR_HEADER = re.compile(rf"^(?:\S{{1,3}}\s+){{1,2}}{_HEADER_ITEM}(?:\s*{_HEADER_ITEM})*\s*$", re.X)
NOISE = 0.5  # OCR confidence below which a line in the header zone is the emblem's noise
_HEADER_PARTS = re.compile(_HEADER_ITEM, re.X)
# Running headers and footers on every page: symbol, page number, job number, barcode.
_FURNITURE = re.compile(
    rf"""^(?:
        (?:{_RUNNING_SYMBOL}\**\s*)+(?:\S{{1,2}})?
      | (?:\d{{1,3}}\s+)?{_JOB}(?:\s+\d{{1,3}})?
      | {_DAMAGED_JOB}.*
      | (?:[A-Z$]/|\$7?)\d[\d/]*\b.{{0,25}}
      | \d{{1,3}}\s*/\s*\d{{1,3}}
      | [-–]?\s*\d{{1,3}}\s*[-–]?
      | (?:Page|PAGE|Pago|Paqe)\s*\d{{1,3}}
      | P[a-z]{{2}}[eo][.,]?\s*\S{{1,2}}  # "Page 5" as OCR reads it: Paye ¢, Page §
      | \*\d{{7,}}\*
      | /\s*(?:\.\s*){{2,3}}
      | English|Chinese|French|Spanish|Russian|Arabic|[A-Za-z]nglish
      | (?:{_RUNNING_SYMBOL}\s+)+(?:\w+\s+)?(?:Page\s+)?\d{{1,3}}|\d{{1,3}}(?:\s+{_RUNNING_SYMBOL})+
    )$""",
    re.X,
)
_PAGE_NUMBER = re.compile(
    r"^(?:\d{1,3}\s*/\s*\d{1,3}|[-–]?\s*\d{1,3}\s*[-–]?|(?:Page|PAGE)\s*\d{1,3})$"
)
_STARTS = re.compile(
    r"^(?:\d{1,3}\s*[.．]\s|\([a-z]{1,4}\)\s|\((?:[ivx]+|\d{1,2})\)\s|(?:[IVX]{1,5}|[A-Z])\.\s"
    r"|[一二三四五六七八九十]+\s*[.．、]|Annex\b|ANNEX\b|附件|[•●▪–-]\s)"
)
_HEADING = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.\s")
_SUBPARAGRAPH = re.compile(r"^(?:\((?:[a-z]{1,4}|[ivx]+|\d{1,2})\)|[•●▪–-])\s")
_NUMBERED_LINE = re.compile(r"^\d{1,3}\s*[.．]\s")
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
    # The line's cells (text, left, right) where wide gaps part it, as in a table row;
    # empty for a line of running text.
    cells: tuple[tuple[str, float, float], ...] = ()
    table: int = 0  # the table the line is a row of (numbered from 1 in the document)
    x1: float = 0.0  # right edge (text layers only)

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
    tables: tuple[tuple[int, int], ...] = ()  # (start, end) of each table, a row a line


@dataclass
class _Piece:
    """A paragraph being built (`reason` None) or a skipped line (`reason` says why)."""

    lines: list[Line] = field(default_factory=list)
    reason: str | None = None
    footnote: bool = False
    table: int = 0  # a table's rows (see `Line.table`)
    attached: bool = False  # a sub-paragraph ((a) …): on the next line, no blank line between


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
        read: list[Page | None] = [_text_page(pdf[i]) for i in range(count)]
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


GARBLED = 0.03  # share of garbled words above which a text layer is read again by OCR
# A word as only OCR writes it: a capital, digit or symbol inside lower-case letters
# (ROpr86ent8tiVe, c&ear, day8).
_GARBLED = re.compile(r"^(?=.*[a-z])(?:.*[a-z][A-Z]|.*[A-Za-z]\d|.*\d[a-z]|.*[a-z][&$?~;!|][a-z])")


def garbled_share(pages: Iterable[Page]) -> float:
    """The share of words (three letters or more) that are garbled in the pages' text."""
    words = [
        w.strip(".,;:()\"'")
        for page in pages
        for line in page.lines
        for w in line.text.split()
        if sum(c.isalpha() for c in w) >= 3
    ]
    return sum(1 for w in words if _GARBLED.match(w)) / len(words) if words else 0.0


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
        if not raw.strip():
            continue
        wanted, one_row = _wanted(textpage, raw, start)
        boxes = [(i, textpage.get_charbox(start + i)) for i in wanted]
        rows = [boxes] if one_row else list(_rows(boxes))
        ends = [row[0][0] - 1 for row in rows[1:]] + [boxes[-1][0]]
        for row, end in zip(rows, ends, strict=True):
            lines.append(_text_line(raw, row, end, height))
    return Page(in_columns(lines, page.get_width()), height)


COLUMN_ROWS = 3  # lines of text on both sides of a gutter that make a page two-column
COLUMN_TEXT = 30  # characters on each side of the gutter in such a line
SPANNING = 0.2  # at most this share of a two-column page's long lines span both (titles)


def in_columns(lines: list[Line], width: float) -> list[Line]:
    """The lines of a two-column page in reading order: in each band between lines that
    span the page (a title, a table), the left column, then the right. pdfium gives a
    row of both columns as one line when they were written so (cut at the gutter here)."""
    gutter = _gutter(lines, width)
    if gutter is None:
        return lines
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        parts = _split(line, gutter)
        if parts is None:  # across the gutter: the band ends
            out += left + right + [line]
            left, right = [], []
            continue
        for part, side in zip(parts, (left, right), strict=True):
            if part is not None:
                side.append(part)
    return out + left + right


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gutter between two columns of text, or None on a one-column page:
    where at least `COLUMN_ROWS` lines have `COLUMN_TEXT` characters on both sides of a
    wide gap (both columns on one line), or of the page's middle (each on lines of its
    own)."""
    gaps = []
    for line in lines:
        for k in range(1, len(line.cells)):
            before = sum(len(c[0]) for c in line.cells[:k])
            after = sum(len(c[0]) for c in line.cells[k:])
            if min(before, after) >= COLUMN_TEXT:
                gaps.append((line.cells[k - 1][2] + line.cells[k][1]) / 2)
    wide = [ln for ln in lines if len(ln.text) >= COLUMN_TEXT and ln.x1]
    gutter = statistics.median(gaps) if len(gaps) >= COLUMN_ROWS else width / 2
    sides = [_split(ln, gutter) for ln in wide]
    left, right = (
        sum(1 for parts in sides if parts and parts[k] and len(parts[k].text) >= COLUMN_TEXT)
        for k in (0, 1)
    )
    across = sum(1 for parts in sides if parts is None)
    # a typewriter's double spaces make gaps too, but at no one place: text crosses there
    if min(left, right) < COLUMN_ROWS or across > SPANNING * len(wide):
        return None
    return gutter


def _split(line: Line, gutter: float) -> tuple[Line | None, Line | None] | None:
    """A line as its parts left and right of the gutter, or None when text crosses it."""
    if line.x1 and line.x1 < gutter:
        return line, None
    if line.x0 > gutter:
        return None, line
    cells = line.cells
    if not cells or any(c[1] < gutter < c[2] for c in cells):
        return None
    left = tuple(c for c in cells if c[2] < gutter)
    right = tuple(c for c in cells if c[1] > gutter)
    return (_part_of(line, left) if left else None), (_part_of(line, right) if right else None)


def _part_of(line: Line, cells: tuple[tuple[str, float, float], ...]) -> Line:
    text = " ".join(c[0] for c in cells)
    x0, x1 = cells[0][1], cells[-1][2]
    kept = cells if len(cells) > 1 else ()
    return Line(text, line.top, line.bottom, x0, line.height, line.confidence, kept, x1=x1)


Box = tuple[int, tuple[float, float, float, float]]  # index in the line, (left, bottom, right, top)
SAMPLE = 12  # lower-case letters of a line whose boxes give its glyph height and baseline
_SPACES = re.compile(r"\s+")
# A gap between words wider than this many glyph heights parts two cells of a table row
# (a justified line's widest word space is about two; a typewriter's double space three).
CELL_GAP = 3.0


def _wanted(textpage, raw: str, start: int) -> tuple[list[int], bool]:
    """The characters of a line whose boxes are needed (a box costs a call into pdfium):
    all of them when pdfium's text rectangles say the line spans two rows, else its ends,
    a sample of its letters, the characters on both sides of each space (whose gap tells a
    table's cells apart) and the digits that may be a raised footnote marker with the
    character before each. True with them when the line is one row."""
    chars = [i for i, c in enumerate(raw) if not c.isspace()]
    rects = [textpage.get_rect(k) for k in range(textpage.count_rects(start, len(raw)))]
    if len({round(r[1] / max(r[3] - r[1], 1.0) / 1.5) for r in rects}) > 1:
        return chars, False
    letters = [i for i in chars if raw[i].islower()]
    step = max(1, len(letters) // SAMPLE)
    wanted = {chars[0], chars[-1], *letters[::step]}
    for m in _SPACES.finditer(raw, chars[0], chars[-1]):
        wanted.update((m.start() - 1, m.end()))
    for i in chars[1:]:
        if raw[i].isdigit() and not raw[i - 1].isspace() and not raw[i - 1].isdigit():
            wanted.update((i - 1, i))
    return sorted(wanted), True


def _rows(boxes: list[Box]) -> Iterator[list[Box]]:
    """The characters of what pdfium gives as one line, split where the text jumps back
    to the left on another row (a footer run into the last line of the body); a slanted
    map label, which climbs to the right, stays whole."""
    row: list[Box] = []
    for box in boxes:
        if row:
            prev = row[-1][1]
            size = max(prev[3] - prev[1], box[1][3] - box[1][1], 1.0)
            if abs(box[1][1] - prev[1]) > 1.5 * size and box[1][0] < prev[0]:
                yield row
                row = []
        row.append(box)
    if row:
        yield row


def _text_line(raw: str, boxes: list[Box], last: int, page_height: float) -> Line:
    """A `Line` from the characters of `raw` from the first of `boxes` to `last`, with
    citing footnote markers (raised, smaller digits) turned into superscripts."""
    bottoms = [b[1] for _, b in boxes]
    tops = [b[3] for _, b in boxes]
    heights = [b[3] - b[1] for i, b in boxes if raw[i].isalpha() and raw[i].islower()]
    base = statistics.median(bottoms)
    glyph = statistics.median(heights or [t - b for t, b in zip(tops, bottoms, strict=True)])
    first = boxes[0][0]
    chars = list(raw)
    for i, box in boxes:
        if (
            raw[i].isdigit()
            and i > first
            and not raw[i - 1].isspace()
            and not raw[i - 1].isdigit()
            and box[1] > base + 0.3 * glyph
        ):
            j = i
            while j <= last and raw[j].isdigit():
                chars[j] = raw[j].translate(_SUP)
                j += 1
    return Line(
        "".join(chars[first : last + 1]).strip(),
        page_height - max(tops),
        page_height - min(bottoms),
        min(b[0] for _, b in boxes),
        glyph,
        cells=_cells(chars, boxes, glyph),
        x1=max(b[2] for _, b in boxes),
    )


def _cells(
    chars: list[str], boxes: list[Box], glyph: float
) -> tuple[tuple[str, float, float], ...]:
    """The cells of a line parted by gaps wider than `CELL_GAP` glyph heights: (text, left,
    right) each, or none when the line has no such gap. `boxes` holds the characters on
    both sides of every space (see `_wanted`)."""
    cells: list[tuple[str, float, float]] = []
    first = boxes[0]
    for (i, box), (j, after) in pairwise(boxes):
        between = "".join(chars[i + 1 : j])
        if between.isspace() and after[0] - box[2] > CELL_GAP * max(glyph, 1.0):
            cells.append(("".join(chars[first[0] : i + 1]).strip(), first[1][0], box[2]))
            first = (j, after)
    if not cells:
        return ()
    last = boxes[-1]
    cells.append(("".join(chars[first[0] : last[0] + 1]).strip(), first[1][0], last[1][2]))
    return tuple(cells)


def lay_out(pages: list[Page]) -> tuple[str, tuple, tuple, tuple]:
    """Text, skipped spans, OCR spans and table spans of the pages (see the module
    docstring)."""
    pieces = list(_pieces(pages))
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
            text = "\n".join(_table_rows(piece.lines))
            tables.append((pos, pos + len(text)))
            out.append(text)
            pos += len(text)
            continue
        text = _join(piece.lines, vocabulary)
        if piece.footnote:
            text = _FOOTNOTE_START.sub(lambda m: m[1].translate(_SUP) + " ", text, count=1)
        out.append(text)
        confidences = [ln.confidence for ln in piece.lines if ln.confidence is not None]
        if confidences:
            ocr.append((pos, pos + len(text), round(statistics.fmean(confidences), 3)))
        pos += len(text)
    return "".join(out), tuple(skipped), tuple(ocr), tuple(tables)


WELL_READ = 0.8  # OCR confidence of a line kept from a block that is noise (body text: ~0.95)


def _noise_apart(pieces: list[_Piece]) -> Iterator[_Piece]:
    """The pieces, each block OCR read as marks (`_unreadable`: a map turned sideways, a
    stamp) split into its well-read lines (a table's last row before the map), still a
    unit, and the rest, skipped as `ocr noise`."""
    for piece in pieces:
        if not _unreadable(piece):
            yield piece
            continue
        kept = [ln for ln in piece.lines if (ln.confidence or 0) >= WELL_READ]
        if kept:
            yield _Piece(kept, attached=piece.attached)
        yield _Piece([ln for ln in piece.lines if (ln.confidence or 0) < WELL_READ], "ocr noise")


def _unreadable(piece: _Piece) -> bool:
    """A block OCR read with a mean confidence below `NOISE` that no paragraph number
    opens."""
    if piece.reason or piece.table or _NUMBERED_LINE.match(piece.lines[0].text):
        return False
    confidences = [ln.confidence for ln in piece.lines]
    return None not in confidences and statistics.fmean(confidences) < NOISE


def _table_rows(lines: list[Line]) -> Iterator[str]:
    """A table's rows, each as one line with its cells parted by `CELL`; the wrapped lines
    of a first cell open the first cell of the row below them, whose figures stand on its
    last line."""
    wrapped: list[str] = []
    for line in lines:
        if not line.cells:
            wrapped.append(line.text)
            continue
        cells = [text.replace("|", "¦") for text, _, _ in line.cells]
        cells[0] = " ".join([*wrapped, cells[0]])
        wrapped = []
        yield CELL.join(cells)


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
    numbering = _Numbering()
    tables = 0
    for number, page in enumerate(pages):
        furniture, body, notes = _classify(page, first=number == 0)
        tables = _mark_tables(body, tables)
        if number == 0:  # the header block opens the text, where metadata looks for it
            yield from (p for p in furniture if p.reason == "header block")
            furniture = [p for p in furniture if p.reason != "header block"]
        pitch = _pitch(body)
        previous: Line | None = None
        for line in body:
            if line.table:  # a table's rows are one piece
                if open_piece is None or open_piece.table != line.table:
                    if open_piece is not None:
                        yield open_piece
                    yield from pending
                    pending = []
                    open_piece = _Piece(table=line.table)
                open_piece.lines.append(line)
                previous = line
                continue
            numbered = numbering.opens(line, previous, open_piece)
            new = (
                open_piece is None
                or open_piece.table
                or numbered
                or (
                    numbered is not None
                    and _STARTS.match(line.text)
                    and not _initial(line, previous)
                )
                or (previous is not None and line.top - previous.bottom > pitch)
                or (previous is None and not _continues(open_piece))
                or (previous is not None and _heading_like(previous, open_piece))
            )
            if new:
                attached = bool(
                    open_piece is not None
                    and _SUBPARAGRAPH.match(line.text)
                    and (open_piece.attached or _NUMBERED_LINE.match(open_piece.lines[0].text))
                )
                if open_piece is not None:
                    yield open_piece
                if not attached:  # furniture and footnotes wait for the paragraph's end
                    yield from pending
                    pending = []
                open_piece = _Piece([line], attached=attached)
            else:
                open_piece.lines.append(line)
            previous = line
        pending += furniture + notes
    if open_piece is not None:
        yield open_piece
    yield from pending


class _Numbering:
    """The numbered paragraphs seen so far, to know a paragraph number that OCR misread
    (`15,`, `i7.`, `ll.` or `Si.` where 15., 17., 11. or 51. is due) and write it as printed."""

    _NUMBER = re.compile(r"^(\d{1,3})\s?\.\s")
    _MISREAD = re.compile(r"^([\dilI|oOS]{1,3})\s?[.,]\s")
    _DIGITS = str.maketrans("ilI|oOS", "1111005")

    def __init__(self) -> None:
        self.expected = 1

    def opens(self, line: Line, previous: Line | None, piece: _Piece | None) -> bool | None:
        """Does `line` open a numbered paragraph? Repairs its number when it is the one due.
        None for a number that OCR put at the start of a line inside a sentence of the
        paragraph above (`1. November` where 9. is due after an unfinished line)."""
        if m := self._NUMBER.match(line.text):
            inside = (
                int(m[1]) != self.expected
                and previous is not None
                and piece is not None
                and _NUMBERED_LINE.match(piece.lines[0].text)
                and not previous.text.endswith(_TERMINAL)
            )
            if inside:
                return None
            self.expected = int(m[1]) + 1
            return True
        m = self._MISREAD.match(line.text)
        # I. is a chapter, not paragraph 1: a misread number has a digit or a lower-case l, i, o
        misread = m and any(c.isdigit() or c.islower() for c in m[1])
        if misread and m[1].translate(self._DIGITS) == str(self.expected):
            line.text = f"{self.expected}. {line.text[m.end() :]}"
            self.expected += 1
            return True
        return False


def _continues(piece: _Piece) -> bool:
    """Does the paragraph go on at the top of the next page?"""
    last = piece.lines[-1].text
    heading = len(piece.lines) == 1 and _HEADING.match(last)
    return piece.reason is None and not heading and not last.endswith(_TERMINAL)


def _initial(line: Line, previous: Line | None) -> bool:
    """`S. Abdullo Nuri …` inside a sentence: a name's initial, not heading S."""
    return bool(
        previous is not None and _HEADING.match(line.text) and not previous.text.endswith(_TERMINAL)
    )


def _heading_like(previous: Line, piece: _Piece) -> bool:
    """A one-line piece that is a numbered heading (I. Introduction) ends at its line."""
    return len(piece.lines) == 1 and bool(_HEADING.match(previous.text))


TABLE_ROWS = 3  # a table has at least this many rows whose cells line up in columns
ALIGN = 3.0  # points: the cells of a column start, or end, within this of each other
TABLE_CELL = 25  # characters: cells longer than this (median) are running text


def _mark_tables(lines: list[Line], count: int) -> int:
    """Number the rows of each table among a page's `lines`: a run of lines parted into
    cells, enough of which line up in columns, with the lines of a first cell that wraps
    (`_wrapped`) between them. `count` is the number of tables before the page; the count
    after it is returned."""
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and len(line.cells) >= 2:
            run.append(line)
            continue
        if line is not None and run and len(run[-1].cells) >= 2 and _wrapped(line, run):
            run.append(line)
            continue
        while run and not run[-1].cells:
            run.pop()
        rows = [row for row in run if row.cells]
        if _is_table(rows):
            count += 1
            for row in run:
                row.table = count
        run = [line] if line is not None and _wrapped(line, run) else []
    return count


def _wrapped(line: Line, run: list[Line]) -> bool:
    """A line of a table's first cell that wraps (`16. Assistance for disarmament and`
    above `demobilization | -`): no cells, and left of the columns after the first."""
    columns = [cell[1] for row in run for cell in row.cells[1:]]
    return not line.cells and bool(columns) and line.x1 < min(columns)


def _is_table(rows: list[Line]) -> bool:
    """Do `rows` make a table? Most of them have every cell after the first in a column
    with a cell of another row (so a typewriter's double spaces between sentences, which
    fall anywhere, make none), and the cells are short (not two columns of text)."""
    if len(rows) < TABLE_ROWS:
        return False
    if statistics.median(len(c[0]) for row in rows for c in row.cells) > TABLE_CELL:
        return False
    aligned = sum(all(_in_column(cell, row, rows) for cell in row.cells[1:]) for row in rows)
    return aligned >= max(TABLE_ROWS, 0.6 * len(rows))


def _in_column(cell: tuple[str, float, float], row: Line, rows: list[Line]) -> bool:
    return any(
        abs(cell[1] - other[1]) <= ALIGN or abs(cell[2] - other[2]) <= ALIGN
        for line in rows
        if line is not row
        for other in line.cells[1:]
    )


def _pitch(lines: list[Line]) -> float:
    """The gap between lines above which a new paragraph starts."""
    gaps = [b.top - a.bottom for a, b in pairwise(lines) if b.top >= a.bottom]
    heights = [ln.height for ln in lines] or [10.0]
    typical = statistics.median(gaps) if gaps else 0.0
    return typical + 0.5 * statistics.median(heights)


EDGE = 0.2  # running headers and footers lie in the top and bottom fifth of a page


def _classify(page: Page, first: bool) -> tuple[list[_Piece], list[Line], list[_Piece]]:
    """(furniture, body lines, footnotes) of a page. Furniture is the run of lines at the
    top and at the bottom of the page that read as furniture, the header block the lines
    of the first page's upper part that read as one."""
    edge = _edge_lines(page)
    furniture, body = [], []
    for n, line in enumerate(page.lines):
        header_zone = first and line.top < 0.35 * page.height
        ocr_header = line.confidence is not None and _OCR_HEADER.match(line.text)
        if header_zone and (_HEADER.match(line.text) or ocr_header):
            for part in _header_parts(line.text):
                furniture.append(_Piece([_part(line, part)], "header block"))
        elif header_zone and line.confidence is not None and line.confidence < NOISE:
            furniture.append(_Piece([line], "header block"))
        elif n in edge:
            furniture.append(_Piece([line], edge[n]))
        else:
            body.append(line)
    body, notes = _footnotes(body, page.height)
    return furniture, body, notes


def _edge_lines(page: Page) -> dict[int, str]:
    """The furniture lines at the top and bottom of a page, by index, with their reason.
    Lines OCR read as noise (a stamp, a seal, a smudge: confidence below `NOISE`) belong
    to the run wherever they stand, so a stamp below the last paragraph is no heading; so
    does a line between two furniture lines (`English`, misread, between symbol and page)."""
    found: dict[int, str] = {}
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
    for at_top, indices in ((True, order), (False, order[::-1])):
        lines = [page.lines[i] for i in indices]
        for k, (i, line) in enumerate(zip(indices, lines, strict=True)):
            near = _near(line, page.height, at_top)
            if near and _PAGE_NUMBER.match(line.text):
                found[i] = "page number"
            elif near and (
                _FURNITURE.match(line.text)
                or (k and indices[k - 1] in found and _furniture_next(lines[k + 1 :], page, at_top))
                or (not at_top and _ocr_mark(line, page.height))
            ):
                found[i] = "running header" if at_top else "page furniture"
            elif line.confidence is not None and line.confidence < NOISE:
                found[i] = "ocr noise"
            else:
                break
    return found


def _near(line: Line, height: float, at_top: bool) -> bool:
    return line.top < EDGE * height if at_top else line.bottom > (1 - EDGE) * height


def _furniture_next(lines: list[Line], page: Page, at_top: bool) -> bool:
    return (
        bool(lines)
        and _near(lines[0], page.height, at_top)
        and bool(_FURNITURE.match(lines[0].text))
    )


def _ocr_mark(line: Line, height: float) -> bool:
    """The continuation mark `/...` at a page's foot as OCR reads it (`foes`, `/.-.`): one
    short token on an OCR'd line that starts in the right half of the page, where the mark
    stands (a page is about 0.7 times as wide as it is high)."""
    return (
        line.confidence is not None
        and bool(re.fullmatch(r"\S{1,5}", line.text))
        and line.x0 > 0.35 * height
    )


def _header_parts(text: str) -> list[str]:
    """A header line cut into its items, one per line, so the metadata reader finds the
    symbol and date lines on their own; every character is kept."""
    cuts = [m.start() for m in _HEADER_PARTS.finditer(text) if m.start() > 0]
    bounds = zip([0, *cuts], [*cuts, len(text)], strict=True)
    return [part for a, b in bounds if (part := text[a:b].strip())]


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
        if _opens_footnote(line.text):
            start = i
    notes: list[_Piece] = []
    for line in lines[start:]:
        if _opens_footnote(line.text) or not notes:
            notes.append(_Piece([_plain_marker(line)], footnote=True))
        else:
            notes[-1].lines.append(line)
    return lines[:start], notes


def _opens_footnote(text: str) -> bool:
    """A marker, then words (a chart's axis labels, `10 0`, are no footnote)."""
    marked = _FOOTNOTE_START.match(text) or text[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹"
    return bool(marked) and sum(c.isalpha() for c in text) >= 2


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
