"""Units of bounded size: a paragraph longer than `limits.UNIT_CHARS` is cut into pieces.

A report that is one 50 MB line is one unit to the structure parser; spaCy refuses a text
over its `max_length` (E088), and every component's cost grows with a unit's length. Real
UN paragraphs stay far below the limit, so this only touches text without paragraph breaks.
Cuts fall after the last sentence end in the second half of the room left (。！？；!?; or a
full stop before a space), else at the last space, else at the limit; the pieces keep the
unit's kind and section and are numbered `52`, `52-part2`, `52-part3` …
"""

from __future__ import annotations

import re
from dataclasses import replace

from unkg.extract import limits
from unkg.extract.structure import Unit

_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?=\s)")


def _cut(text: str, start: int, stop: int) -> int:
    """Where to end a piece that may reach `stop` at the latest (start < stop)."""
    low = start + (stop - start) // 2
    ends = [m.end() for m in _SENTENCE_END.finditer(text, low, stop)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", low, stop)
    return space + 1 if space > low else stop


def _pieces(unit: Unit, text: str, limit: int) -> list[list[tuple[int, int]]]:
    """The unit's segments regrouped into pieces of at most `limit` characters."""
    pieces: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    size = 0
    for start, end in unit.segments:
        while start < end:
            room = limit - size
            if end - start <= room:
                current.append((start, end))
                size += end - start
                break
            cut = _cut(text, start, start + room)
            current.append((start, cut))
            pieces.append(current)
            current, size = [], 0
            start = cut
            while start < end and text[start].isspace():
                start += 1
    if current:
        pieces.append(current)
    return pieces


def bounded(units: list[Unit], text: str, limit: int | None = None) -> list[Unit]:
    """`units` with each one longer than `limit` characters cut into pieces (offsets and
    every character kept: the pieces' segments cover exactly the unit's, less the spaces
    at a cut)."""
    limit = limit or limits.UNIT_CHARS
    out: list[Unit] = []
    for unit in units:
        if sum(e - s for s, e in unit.segments) <= limit:
            out.append(unit)
            continue
        for k, segments in enumerate(_pieces(unit, text, limit), 1):
            number = unit.number if k == 1 else f"{unit.number}-part{k}"
            out.append(replace(unit, number=number, segments=segments))
    return out
