"""What a PDF page prints around its text: the first page's header block, running headers,
footers and page numbers, OCR noise at the edges, and the footnotes at the foot."""

from __future__ import annotations

import re
import statistics

from unkg.extract.pdf_lines import FOOTNOTE_START, Line, Page, Piece

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


EDGE = 0.2  # running headers and footers lie in the top and bottom fifth of a page


def classify(page: Page, first: bool) -> tuple[list[Piece], list[Line], list[Piece]]:
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
                furniture.append(Piece([_part(line, part)], "header block"))
        elif header_zone and line.confidence is not None and line.confidence < NOISE:
            furniture.append(Piece([line], "header block"))
        elif n in edge:
            furniture.append(Piece([line], edge[n]))
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


def _footnotes(lines: list[Line], height: float) -> tuple[list[Line], list[Piece]]:
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
    notes: list[Piece] = []
    for line in lines[start:]:
        if _opens_footnote(line.text) or not notes:
            notes.append(Piece([_plain_marker(line)], footnote=True))
        else:
            notes[-1].lines.append(line)
    return lines[:start], notes


def _opens_footnote(text: str) -> bool:
    """A marker, then words (a chart's axis labels, `10 0`, are no footnote)."""
    marked = FOOTNOTE_START.match(text) or text[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹"
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
