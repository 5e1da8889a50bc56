"""The lines, pages and pieces the PDF reader (`unkg.extract.pdf`) works on, shared by its
text layer, OCR, furniture, table and paragraph modules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
FOOTNOTE_START = re.compile(r"^(\d{1,3}|[*])\s*(?=\S)")


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
        return bool(CJK.search(self.text))


@dataclass(slots=True)
class Page:
    lines: list[Line]
    height: float
    ocr: bool = False


@dataclass
class Piece:
    """A paragraph being built (`reason` None) or a skipped line (`reason` says why)."""

    lines: list[Line] = field(default_factory=list)
    reason: str | None = None
    footnote: bool = False
    table: int = 0  # a table's rows (see `Line.table`)
    attached: bool = False  # a sub-paragraph ((a) …): on the next line, no blank line between
