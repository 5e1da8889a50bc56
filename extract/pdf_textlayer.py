"""A PDF page's text layer as `Line`s: pypdfium2's lines split into rows, with their glyph
height, table cells and raised footnote markers; and the share of OCR-garbled words that
sends a text layer to OCR again."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Iterator
from itertools import pairwise

from unkg.extract.pdf_columns import in_columns
from unkg.extract.pdf_lines import SUP, Line, Page

SCANNED_CHARS = 20  # a page with fewer non-blank characters in its text layer is an image
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


def text_page(page) -> Page | None:
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
                chars[j] = raw[j].translate(SUP)
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
