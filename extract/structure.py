"""Report structure: numbered paragraphs, headings, footnotes, boxes and captions.

UN reports keep their paragraph numbers across languages and editions, so the source
number ("52") is the paragraph's identity. Page breaks and footnotes that interrupt a
paragraph are undone by joining the pieces again (`Unit.segments` keeps where each
piece lies in the document, so offsets stay exact).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from unkg.extract.leading import (
    BOX,
    CAPTION,
    CHAPTER,
    FOOTNOTE,
    MD_HEADING,
    SUPERSCRIPTS,
)
from unkg.extract.lines import (
    SHORT_HEADING,
    closed_preamble,
    ended_short,
    ends_open,
    heading_level,
    headline,
    is_navigation,
    split_lines,
    toc_lines,
    wide,
)
from unkg.extract.model import Skipped

_SUP_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")

_NUMBERED = re.compile(r"^(\d{1,3})\s*[.．]\s*(\S.*)$")

_RESOLUTION_HEAD = re.compile(
    r"S/RES/\d+|第\s*\d+\s*(?:[(（]\d{4}[)）])?\s*[号號]\s*[决決][议議]\s*$|[决決][议議]案[〇零一二三四五六七八九十百]+"
    r"|^\s*(?:United Nations Security Council\s+)?Resolution \d+(?: \(\d{4}\))?\s*$",
    re.M | re.I,
)
_ORGAN = r"^\s*(?:The\s+)?(?:Security Council|General Assembly|安全理事[会會]|大[会會])\s*"
_RESOLUTION_OPENING = re.compile(  # the organ, a comma, then a preambular paragraph
    rf"{_ORGAN}[,，]\s*\n\s*(?:-\s*)?(?!\d{{1,3}}\s*[.．])\S"
    rf"|{_ORGAN}\n\s*(?:-\s*)?(?!\d{{1,3}}\s*[.．])\S[^\n]*[,，]\s*$",
    re.M,
)
_ORGAN_LINE = re.compile(rf"{_ORGAN}[,，]?\s*$")
_PREAMBLE_LINE = re.compile(r"[,，]\s*$")  # a preambular paragraph ends in a comma


@dataclass
class Unit:
    """A paragraph-like unit while the structure is being parsed."""

    number: str
    kind: str
    segments: list[tuple[int, int]]
    section: tuple[str, ...] = ()
    anchor: str | None = None
    marker: str | None = None  # footnote marker number, for anchoring

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    def text(self, doc: str) -> str:
        if len(self.segments) == 1:  # most units: one slice, no join
            s, e = self.segments[0]
            return doc[s:e]
        return "".join(doc[s:e] for s, e in self.segments)


def is_resolution_text(text: str) -> bool:
    """Resolutions number operative paragraphs only; their opening names them: a symbol or
    heading (S/RES/…, 第1701(2006)号决议, 第1246号决议, Resolution 425, RESOLUTION 231 (1966)),
    or the organ's line that opens them (安全理事会， / The Security Council,) followed by
    an unnumbered paragraph."""
    head = text[:1500]
    return bool(_RESOLUTION_HEAD.search(head) or _RESOLUTION_OPENING.search(head))


def parse_units(
    text: str, skip: Iterable[Skipped] = (), tables: Iterable[tuple[int, int]] = ()
) -> list[Unit]:
    """Split a decoded report into units with their numbers, kinds and section paths;
    lines that start a `skip` block (a PDF's page furniture) belong to no unit, and each
    of `tables` (a PDF's, as (start, end)) is one table unit."""
    return Structure(is_resolution_text(text)).units(text, skip, tables)


class Structure:
    """The structure parser, which keeps its state (section path, unit numbers, the unit a
    continuation may extend) between calls, so that a long report can be parsed block by
    block (see `unit_boundary`) with the same result as in one piece."""

    def __init__(self, resolution: bool = False, reflowed: bool = False) -> None:
        self.resolution = resolution
        # The reader has put each paragraph on one line (a PDF): a line never continues
        # the one before it across a blank line, and a line right below one (a paragraph's
        # sub-paragraph, (a) …) belongs to the same unit, as one span.
        self.reflowed = reflowed
        self.headings: list[tuple[int, str]] = []  # (level, text) stack
        self.section: tuple[str, ...] = ()  # the current section path, rebuilt on headings
        self.counters: dict[str, int] = {}  # generated ids: h3, t2, box1 …
        self.seen: dict[str, int] = {}  # source numbers ("52", "fn1", "OP3") and how often
        self.seen_operative = False
        self.last_number = 0  # of the last numbered paragraph
        # a resolution's header (title, adoption line, web navigation) ends at the organ's
        # line that opens it (安全理事会， / The Security Council,), or at its first paragraph
        self.opened = False
        self.skipped: list[Skipped] = []  # text left out of every unit, with the reason

    def _new_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]}"

    def _numbered_heading(self, line: str, number: int) -> bool:
        """A numbered line that reads as a title: short and open, or a little longer and
        out of the paragraphs' sequence (``1. Support to the justice system`` between
        paragraphs 10 and 11)."""
        if not ends_open(line):
            return False
        return len(line) <= SHORT_HEADING or (
            len(line) <= 2 * SHORT_HEADING and number != self.last_number + 1
        )

    def _push_heading(self, level: int, title: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, title))
        self.section = tuple(h for _, h in self.headings)

    def units(
        self, text: str, skip: Iterable[Skipped] = (), tables: Iterable[tuple[int, int]] = ()
    ) -> list[Unit]:
        """The units of `text`, a whole report or the next block of one (offsets into `text`).
        A paragraph cut by a page break is joined only within one call. A line that starts
        a `skip` block (the reader's furniture: a PDF's header block, running headers) is
        recorded as skipped with that block's reason; one that starts a table (the reader
        found it: rows, one a line) opens a table unit that holds all its rows."""
        units: list[Unit] = []
        resolution = self.resolution
        open_unit: Unit | None = None  # the last body unit, which a continuation may extend
        in_box: Unit | None = None

        def add(unit: Unit, generated: bool = False) -> Unit:
            if not generated:  # a number seen before gets a suffix: 52, 52-2, 52-3 …
                times = self.seen[unit.number] = self.seen.get(unit.number, 0) + 1
                if times > 1:
                    unit.number = f"{unit.number}-{times}"
            units.append(unit)
            if unit.kind == "operative":
                self.seen_operative = True
            return unit

        lines = split_lines(text)
        toc = toc_lines(text, lines)
        furniture = {block.start: block.reason for block in skip}
        table_ends = dict(tables)
        table_end = 0  # the end of the table being read
        for i, (start, end, after_blank) in enumerate(lines):
            line = text[start:end]
            if start < table_end:
                continue
            if start in table_ends:
                table_end = table_ends[start]
                unit = Unit(self._new_id("table"), "table", [(start, table_end)], self.section)
                add(unit, generated=True)
                in_box = open_unit = None  # nothing continues across a table
                continue
            if start in furniture:
                self._skip(text, start, end, furniture[start])
                continue
            if i in toc:
                self._skip(text, start, end, "table of contents")
                in_box = open_unit = None  # nothing continues across a table of contents
                continue
            if is_navigation(line):
                self._skip(text, start, end, "web navigation")
                in_box = open_unit = None  # nor across a navigation line
                continue
            if self.reflowed and open_unit is not None and not after_blank:
                open_unit.segments[-1] = (open_unit.segments[-1][0], end)
                continue
            md = MD_HEADING.match(line)
            foot = FOOTNOTE.match(line)
            numbered = _NUMBERED.match(line)
            if foot and not numbered:
                marker = foot.group(1) or (foot.group(2) or "").translate(_SUP_DIGITS) or "*"
                anchor = _find_anchor(units, text, marker)
                add(Unit(f"fn{marker}", "footnote", [(start, end)], self.section, anchor, marker))
                continue
            if md:
                title = md.group(2)
                if not title:
                    self._skip(text, start, end, "markup")
                    continue
                level = len(md.group(1))
                if BOX.match(title):
                    in_box = add(
                        Unit(self._new_id("box"), "box", [(start, end)], self.section), True
                    )
                    open_unit = in_box
                    continue
                self._push_heading(level, title)
                in_box = open_unit = None
                add(Unit(self._new_id("h"), "heading", [(start, end)], self.section), True)
                continue
            organ = resolution and not self.opened and bool(_ORGAN_LINE.match(line))
            if resolution and not self.opened and not organ and _PREAMBLE_LINE.search(line):
                self.opened = True  # an excerpt that starts in the preamble
            if organ:  # 安全理事会， / The Security Council, opens a resolution: its own unit
                self.opened = True
                in_box = None
                open_unit = add(Unit(self._new_id("t"), "text", [(start, end)], self.section), True)
                continue
            if (
                open_unit is not None
                and not self.reflowed
                and (self.opened or not resolution)
                and not numbered  # (most lines: asked before the costlier tests)
                and _continues(open_unit, text, line, resolution and self.opened)
                and not (CHAPTER.match(line) or CAPTION.match(line))
            ):
                _join(open_unit, text, start, end)
                continue
            if numbered and not self._numbered_heading(line, int(numbered.group(1))):
                self.opened = True
                number = numbered.group(1)
                self.last_number = int(number)
                kind = "operative" if resolution else "paragraph"
                open_unit = add(
                    Unit(
                        f"OP{number}" if resolution else number,
                        kind,
                        [(start, end)],
                        self.section,
                    )
                )
                in_box = None
                continue
            if BOX.match(line) and len(line) <= SHORT_HEADING * 2:
                in_box = open_unit = add(
                    Unit(self._new_id("box"), "box", [(start, end)], self.section), True
                )
                continue
            # in a resolution's body a short line is a wrapped paragraph, never a heading
            body = resolution and self.opened
            heading = heading_level(line, numbered is not None, short=not body)
            if heading:
                self._push_heading(heading, line)
                in_box = open_unit = None
                add(Unit(self._new_id("h"), "heading", [(start, end)], self.section), True)
                continue
            if CAPTION.match(line):
                add(Unit(self._new_id("fig"), "caption", [(start, end)], self.section), True)
                continue
            if in_box is not None:
                _join(in_box, text, start, end)
                open_unit = in_box
                continue
            if (
                open_unit is not None
                and open_unit.kind == "paragraph"
                and not (resolution or self.reflowed)
            ):
                # UN reports put all body text in numbered paragraphs: unnumbered text right
                # after one (no heading between) is its continuation after a page break that
                # happened to fall between two sentences.
                _join(open_unit, text, start, end)
                continue
            preamble = resolution and self.opened and not self.seen_operative
            kind = "preamble" if preamble else "text"
            prefix = "PP" if kind == "preamble" else "t"
            open_unit = add(Unit(self._new_id(prefix), kind, [(start, end)], self.section), True)
        return units

    def take_skipped(self) -> list[Skipped]:
        """The blocks skipped since the last call (offsets into the text then parsed)."""
        out, self.skipped = self.skipped, []
        return out

    def _skip(self, text: str, start: int, end: int, reason: str) -> None:
        """Record a skipped line, extending the previous block when it has the same reason
        and only blank text lies between them."""
        last = self.skipped[-1] if self.skipped else None
        if last is not None and last.reason == reason and not text[last.end : start].strip():
            self.skipped[-1] = Skipped(last.start, end, reason)
        else:
            self.skipped.append(Skipped(start, end, reason))


def unit_boundary(text: str, after: int) -> int:
    """Where to cut `text` into blocks for `Structure`: the start of the last line at or after
    `after` that opens a numbered paragraph or a heading, so that no paragraph spans the cut;
    else the start of the last line at or after `after`; 0 when there is none."""
    fallback = 0
    newline = len(text)
    while (newline := text.rfind("\n", 0, newline)) >= 0:
        start = newline + 1
        if start < after:
            break
        fallback = fallback or start
        stop = text.find("\n", start)
        line = text[start : stop if stop >= 0 else len(text)].strip()
        if _NUMBERED.match(line) or CHAPTER.match(line) or MD_HEADING.match(line):
            return start
    return fallback


def _join(unit: Unit, text: str, start: int, end: int) -> None:
    """Add the line text[start:end] to `unit`. A hard-wrapped line of Latin text keeps the
    line break before it as the space between its words (the last segment grows over it,
    so "its\nresolutions" never reads "itsresolutions"); Chinese lines join directly. What
    a blank line, a page break or other text (a footnote, page furniture) separates is a
    new segment; between Latin words the last segment keeps the line break that ends it,
    so "its" and "work" joined across a page of a text copied from a PDF read "its\nwork"."""
    s, e = unit.segments[-1]
    wrapped = text[e:start].strip(" \t\r") == "\n"  # one line break: no blank line, no page
    latin = not (wide(text[e - 1]) or wide(text[start]))
    if wrapped and not (wide(text[e - 1]) and wide(text[start])):
        unit.segments[-1] = (s, end)
        return
    if latin and text[e : e + 1].isspace():
        unit.segments[-1] = (s, e + 1)
    unit.segments.append((start, end))


def _continues(unit: Unit, text: str, line: str, resolution: bool) -> bool:
    """Does `line` continue `unit` (wrapped, or cut by a page break or a footnote)? Not
    after a title-case headline or the organ's line that opens a resolution, nor, outside a
    resolution's body (`resolution`), after a short unit (a title, a date or adoption line)
    unless the line starts in lower case, mid-sentence. Looks at the unit's last line only,
    so a long run of continuation lines costs linear time."""
    s, e = unit.segments[-1]
    last = text[max(s, text.rfind("\n", s, e) + 1) : e]
    one_line = len(unit.segments) == 1 and len(last) == e - s
    if not ends_open(last) or (one_line and (headline(last) or _ORGAN_LINE.match(last))):
        return False
    if not resolution and one_line and len(last) <= SHORT_HEADING and not line[:1].islower():
        return False
    if one_line and ended_short(last, line):
        return False
    # Resolution paragraphs end in commas (回顾…，): only a bare word cut mid-way continues.
    return not (resolution and closed_preamble(last))


def _find_anchor(units: list[Unit], text: str, marker: str) -> str | None:
    sup = f"<sup>{marker}</sup>"
    glyphs = marker.translate(str.maketrans("0123456789", SUPERSCRIPTS))
    for unit in reversed(units[-12:]):
        if unit.kind == "footnote":
            continue
        body = unit.text(text)
        if sup in body or (marker.isdigit() and glyphs in body) or (marker == "*" and "*" in body):
            return unit.number
    return None
