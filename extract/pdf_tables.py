"""Tables on a PDF page: runs of lines whose cells line up in columns, written a row a line."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from unkg.extract.model import CELL
from unkg.extract.pdf_lines import Line

TABLE_ROWS = 3  # a table has at least this many rows whose cells line up in columns
ALIGN = 3.0  # points: the cells of a column start, or end, within this of each other
TABLE_CELL = 25  # characters: cells longer than this (median) are running text


def mark_tables(lines: list[Line], count: int) -> int:
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


def table_rows(lines: list[Line]) -> Iterator[str]:
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
