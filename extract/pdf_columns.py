"""Reading order of a two-column page: the left column, then the right, band by band."""

from __future__ import annotations

import statistics

from unkg.extract.pdf_lines import Line

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
