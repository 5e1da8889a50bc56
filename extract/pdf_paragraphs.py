"""Paragraphs of a PDF in reading order: where a paragraph starts (numbers, headings, gaps),
how it goes on across a page break, and what waits for its end (furniture, footnotes)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from itertools import pairwise

from unkg.extract.pdf_furniture import classify
from unkg.extract.pdf_lines import Line, Page, Piece
from unkg.extract.pdf_tables import mark_tables

_STARTS = re.compile(
    r"^(?:\d{1,3}\s*[.．]\s|\([a-z]{1,4}\)\s|\((?:[ivx]+|\d{1,2})\)\s|(?:[IVX]{1,5}|[A-Z])\.\s"
    r"|[一二三四五六七八九十]+\s*[.．、]|Annex\b|ANNEX\b|附件|[•●▪–-]\s)"
)
_HEADING = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.\s")
_SUBPARAGRAPH = re.compile(r"^(?:\((?:[a-z]{1,4}|[ivx]+|\d{1,2})\)|[•●▪–-])\s")
NUMBERED_LINE = re.compile(r"^\d{1,3}\s*[.．]\s")
_TERMINAL = tuple(".!?;:。！？；：”’)）")


def read_pieces(pages: list[Page]) -> Iterator[Piece]:
    """Paragraphs and skipped lines in reading order; what interrupts a paragraph at a page
    break (furniture, footnotes) follows the paragraph."""
    open_piece: Piece | None = None
    pending: list[Piece] = []
    numbering = _Numbering()
    tables = 0
    for number, page in enumerate(pages):
        furniture, body, notes = classify(page, first=number == 0)
        tables = mark_tables(body, tables)
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
                    open_piece = Piece(table=line.table)
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
                    and (open_piece.attached or NUMBERED_LINE.match(open_piece.lines[0].text))
                )
                if open_piece is not None:
                    yield open_piece
                if not attached:  # furniture and footnotes wait for the paragraph's end
                    yield from pending
                    pending = []
                open_piece = Piece([line], attached=attached)
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

    def opens(self, line: Line, previous: Line | None, piece: Piece | None) -> bool | None:
        """Does `line` open a numbered paragraph? Repairs its number when it is the one due.
        None for a number that OCR put at the start of a line inside a sentence of the
        paragraph above (`1. November` where 9. is due after an unfinished line)."""
        if m := self._NUMBER.match(line.text):
            inside = (
                int(m[1]) != self.expected
                and previous is not None
                and piece is not None
                and NUMBERED_LINE.match(piece.lines[0].text)
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


def _continues(piece: Piece) -> bool:
    """Does the paragraph go on at the top of the next page?"""
    last = piece.lines[-1].text
    heading = len(piece.lines) == 1 and _HEADING.match(last)
    return piece.reason is None and not heading and not last.endswith(_TERMINAL)


def _initial(line: Line, previous: Line | None) -> bool:
    """`S. Abdullo Nuri …` inside a sentence: a name's initial, not heading S."""
    return bool(
        previous is not None and _HEADING.match(line.text) and not previous.text.endswith(_TERMINAL)
    )


def _heading_like(previous: Line, piece: Piece) -> bool:
    """A one-line piece that is a numbered heading (I. Introduction) ends at its line."""
    return len(piece.lines) == 1 and bool(_HEADING.match(previous.text))


def _pitch(lines: list[Line]) -> float:
    """The gap between lines above which a new paragraph starts."""
    gaps = [b.top - a.bottom for a, b in pairwise(lines) if b.top >= a.bottom]
    heights = [ln.height for ln in lines] or [10.0]
    typical = statistics.median(gaps) if gaps else 0.0
    return typical + 0.5 * statistics.median(heights)
