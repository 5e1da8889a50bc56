"""The typed result of extraction: what one report says, with exact provenance.

Frozen msgspec Structs so results can be shared between processes, hashed and compared
(made in C: a frozen dataclass sets each field through ``object.__setattr__``, which cost
8-10 % of extraction), untracked by the cyclic garbage collector (``gc=False``: immutable and
made of strings, numbers and other such Structs, they can hold no cycle); the report itself,
made once, stays a dataclass;
offsets are code points into `Report.text`, the decoded document, so
``report.text[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import msgspec

UNIT_KINDS = (
    *("paragraph", "heading", "footnote", "box", "caption", "preamble", "operative", "text"),
    "table",
)
# A table unit's text is its rows, one a line, each row's cells parted by this (a "|" inside
# a cell is written "¦"), so a row never runs into the next as one sentence.
CELL = " | "
# Why text outside every unit was left out: a closed vocabulary, so a reader of
# `unkg extract --format json` can tell furniture from loss.
SKIP_REASONS = (
    "table of contents",
    "running header",
    "page number",
    "web navigation",
    "page furniture",
    "markup",
    "header block",  # a PDF's symbol, distribution, date and job number lines
    "ocr noise",  # marks OCR read off a stamp, seal or smudge at a page's edge
)


class Skipped(msgspec.Struct, frozen=True, gc=False):
    """A block of the report's text that is in no unit, and why (one of SKIP_REASONS)."""

    start: int
    end: int
    reason: str

    def __post_init__(self) -> None:
        if self.reason not in SKIP_REASONS:
            raise ValueError(f"unknown skip reason {self.reason!r}; one of {SKIP_REASONS}")

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "reason": self.reason}
        if text is not None:
            out["text"] = text[self.start : self.end]
        return out


def nonblank(text: str) -> int:
    """The number of characters of `text` that are not white space."""
    return len("".join(text.split()))


class Coverage(msgspec.Struct, frozen=True, gc=False):
    """Where the non-blank characters of a report went: into units, into recorded skipped
    blocks, or nowhere (`lost`, which should be 0: nothing is dropped silently)."""

    total: int
    in_units: int
    skipped: int

    @property
    def lost(self) -> int:
        return self.total - self.in_units - self.skipped

    @property
    def kept(self) -> float:
        """The share of non-blank characters that lie in units (1.0 for an empty text)."""
        return self.in_units / self.total if self.total else 1.0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.total + other.total, self.in_units + other.in_units, self.skipped + other.skipped
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "characters": self.total,
            "in_units": self.in_units,
            "skipped": self.skipped,
            "lost": self.lost,
            "kept": round(self.kept, 5),
        }


def coverage(
    text: str, segments: Iterable[tuple[int, int]], skipped: Iterable[Skipped]
) -> Coverage:
    """Count the non-blank characters of `text`, of its units' `segments` and of `skipped`.
    Segments that do not overlap (as units' never do) part the text with the gaps between
    them, so the text's count is theirs plus the gaps': each character is counted once, not
    once for the text and again for its segment (half the cost of the count)."""
    spans = sorted(segments)
    in_units = sum(nonblank(text[s:e]) for s, e in spans)
    outside = _outside(text, spans)
    return Coverage(
        nonblank(text) if outside is None else in_units + outside,
        in_units,
        sum(nonblank(text[b.start : b.end]) for b in skipped),
    )


def _outside(text: str, spans: list[tuple[int, int]]) -> int | None:
    """The non-blank characters of `text` outside the sorted `spans`, or None when two of
    them overlap (or one ends before it starts): then they do not part the text."""
    count, pos = 0, 0
    for s, e in spans:
        if s < pos or e < s:
            return None
        count += nonblank(text[pos:s])
        pos = e
    return count + nonblank(text[pos:])


class Mention(msgspec.Struct, frozen=True, gc=False):
    """A span of text that names an entity."""

    text: str
    start: int
    end: int
    type: str  # Mission, Country, Territory, Resolution, Document, Programme, Organization, Organ
    key: str  # canonical key: acronym, ISO alpha-3, UN symbol or English name
    id: str  # entity IRI
    source: str = "gazetteer"  # the component that found it
    minted: bool = False  # True when the entity is not in the reference data
    distance: int = 0  # edits between the text and the reference name it was matched to

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "id": self.id,
            "key": self.key,
        }
        if self.distance:
            out["distance"] = self.distance
        return out


class Relation(msgspec.Struct, frozen=True, gc=False):
    """A typed link between two entities, with the sentence that states it."""

    subject: str  # IRI
    predicate: str  # ontology local name: operatesIn, mandateTerminatedBy …
    object: str  # IRI
    subject_key: str
    object_key: str
    evidence: str  # the sentence
    start: int  # sentence offsets in the report text
    end: int
    date: str | None = None  # effective date (ISO) when the sentence gives one
    until: str | None = None  # the date a mandate now runs until (establishment, extension)

    def to_json(self) -> dict[str, Any]:
        out = {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "subject_key": self.subject_key,
            "object_key": self.object_key,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
        }
        if self.date:
            out["date"] = self.date
        if self.until:
            out["until"] = self.until
        return out

    @property
    def triple(self) -> tuple[str, str, str]:
        return (self.subject_key, self.predicate, self.object_key)


class Paragraph(msgspec.Struct, frozen=True, gc=False):
    """One unit of a report: a numbered paragraph, heading, footnote, box or caption."""

    number: str  # as in the source: "52", "fn1", "OP3"; generated ("h3", "t2") when unnumbered
    kind: str  # one of UNIT_KINDS
    start: int
    end: int
    text: str
    section: tuple[str, ...] = ()
    anchor: str | None = None  # for footnotes: the number of the paragraph that cites it
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    # Where the pieces of `text` lie in the report: more than one when a page break or
    # an interposed footnote split the paragraph and it was joined again.
    segments: tuple[tuple[int, int], ...] = ()
    language: str | None = None  # set when the unit's language differs from the report's
    ocr_confidence: float | None = None  # set when the unit was read by OCR: the engine's, 0..1

    def to_json(self, report: str, report_language: str) -> dict[str, Any]:
        """The paragraph's JSONL record (see `Report.to_jsonl_records`)."""
        ocr = {} if self.ocr_confidence is None else {"ocr_confidence": self.ocr_confidence}
        rows = {"rows": [list(row) for row in self.rows]} if self.kind == "table" else {}
        return {
            "report": report,
            "paragraph": self.number,
            "kind": self.kind,
            "section": list(self.section),
            "language": self.language or report_language,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "mentions": [m.to_json() for m in self.mentions],
            "relations": [r.to_json() for r in self.relations],
            **rows,
            **ocr,
        }

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        """A table unit's cells, row by row (empty for other units)."""
        if self.kind != "table":
            return ()
        return tuple(tuple(line.split(CELL)) for line in self.text.split("\n"))

    def local_offset(self, offset: int) -> int:
        """The position in `text` of a report offset inside this paragraph."""
        consumed = 0
        for s, e in self.segments or ((self.start, self.end),):
            if s <= offset <= e:
                return consumed + offset - s
            consumed += e - s
        raise ValueError(f"offset {offset} is outside paragraph {self.number}")


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What a report says about itself, or what a sidecar or the user says of it."""

    symbol: str | None = None
    title: str | None = None
    date: str | None = None
    session: str | None = None
    language: str | None = None
    translation_of: str | None = None
    kind: str | None = None  # one of metadata.REPORT_KINDS
    agenda_item: str | None = None  # "51", "68(a)"
    years: str | None = None  # when no date is printed: the session's years, "2023/2024"

    def to_json(self) -> dict[str, Any]:
        """The fields that are set."""
        return {k: v for k, v in asdict(self).items() if v}


@dataclass(frozen=True, slots=True)
class Report:
    """A whole report after extraction."""

    slug: str  # identifier segment: from the symbol, else a text hash
    source: str  # file name (no directories: they are private to the user)
    sha256: str  # of the source bytes
    encoding: str
    format: str  # txt, md, pdf, docx, html
    text: str
    meta: ReportMeta
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)
    skipped: tuple[Skipped, ...] = ()  # text in no unit, each block with its reason
    ocr_pages: int = 0  # pages of a PDF read by OCR

    @property
    def coverage(self) -> Coverage:
        segments = (seg for p in self.paragraphs for seg in (p.segments or ((p.start, p.end),)))
        return coverage(self.text, segments, self.skipped)

    @property
    def language(self) -> str:
        return self.meta.language or "zh"

    def mentions(self) -> Iterator[Mention]:
        for p in self.paragraphs:
            yield from p.mentions

    def relations(self) -> Iterator[Relation]:
        for p in self.paragraphs:
            yield from p.relations

    def to_jsonl_records(self) -> Iterator[dict[str, Any]]:
        """One record per paragraph: the `unkg extract --format jsonl` contract."""
        for p in self.paragraphs:
            yield p.to_json(self.slug, self.language)

    def summary(self) -> dict[str, Any]:
        return {
            "report": self.slug,
            "source": self.source,
            "encoding": self.encoding,
            "format": self.format,
            **self.meta.to_json(),
            "paragraphs": len(self.paragraphs),
            "mentions": sum(len(p.mentions) for p in self.paragraphs),
            "relations": sum(len(p.relations) for p in self.paragraphs),
            "ocr_pages": self.ocr_pages,
            "coverage": self.coverage.to_json(),
            "skipped": [b.to_json(self.text) for b in self.skipped],
        }
