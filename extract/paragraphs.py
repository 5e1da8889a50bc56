"""A report's units through the pipeline's components, step by step, and what they found as
`Paragraph`s with offsets in the report (a unit's text is its segments joined, so every
offset is mapped back through them)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language

from unkg.extract.components import Candidate, ReportContext, UnitState, processes
from unkg.extract.model import Mention, Paragraph, Relation
from unkg.extract.structure import Unit
from unkg.extract.textnorm import SAMPLE, detect_language, language_of, match_text, script_letters

_LATIN_WORD = re.compile(r"[A-Za-z]{3}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _local_to_doc(unit: Unit, offset: int) -> int:
    """Map an offset in the unit's joined text to the document."""
    for s, e in unit.segments:
        if offset <= e - s:
            return s + offset
        offset -= e - s
    return unit.end


def _span_in_doc(unit: Unit, start: int, end: int) -> tuple[int, int] | None:
    """Document offsets of a local span, or None when a page break cuts it."""
    if len(unit.segments) == 1:
        return unit.start + start, unit.start + end
    s, e = _local_to_doc(unit, start), _local_to_doc(unit, end)
    return (s, e) if e - s == end - start else None


def _mentions(text: str, unit: Unit, chosen: list[Candidate], base: int) -> tuple[Mention, ...]:
    """The unit's chosen candidates as mentions with offsets in the report; a unit of one
    segment (most) shifts them all by its start, without a call per mention."""
    if len(unit.segments) == 1:
        at = unit.start
        shifted = at + base
        return tuple(
            [  # (a list first: `tuple` of a generator costs more)
                Mention(
                    text[at + c.start : at + c.end],
                    shifted + c.start,
                    shifted + c.end,
                    c.target.type,
                    c.target.key,
                    c.target.iri,
                    c.source,
                    c.target.minted,
                    c.distance,
                )
                for c in chosen
            ]
        )
    spans = [(c, *where) for c in chosen if (where := _span_in_doc(unit, c.start, c.end))]
    return tuple(
        Mention(
            text[s:e],
            s + base,
            e + base,
            c.target.type,
            c.target.key,
            c.target.iri,
            c.source,
            c.target.minted,
            c.distance,
        )
        for c, s, e in spans
    )


def _unit_language(body: str, report_language: str) -> str | None:
    """A unit in another language than its report (a quoted English paragraph in a
    Chinese report): only said when the unit has enough letters to tell."""
    other = _LATIN_WORD if report_language == "zh" else _CJK_CHAR
    if not other.search(body):  # nothing of another script
        return None
    letters = script_letters(body)  # counted once, for both questions (most units are short)
    if sum(letters) < 20:
        return None
    lang = language_of(*letters) if len(body) <= SAMPLE else detect_language(body)
    return lang if lang != report_language else None


def unit_paragraphs(
    text: str,
    units: list[Unit],
    nlp: Language,
    language: str = "zh",
    *,
    base: int = 0,
    ctx: ReportContext | None = None,
    simplify: bool | None = None,
) -> Iterator[Paragraph]:
    """The paragraphs of `text`: a whole report, or a block of one that starts at offset
    `base` (then `ctx` and `simplify` carry over from block to block)."""
    ctx = ctx or ReportContext()
    matching = match_text(text, simplify)
    steps = processes(nlp)
    # Any letter of the other script in the text? Asked once, so that a report in one script
    # (most English ones) is not searched unit by unit (see `_unit_language`).
    mixed = (_LATIN_LETTER if language == "zh" else _CJK_CHAR).search(text) is not None
    states = [_state(unit, text, matching, ctx) for unit in units]
    # Step by step, each over the units in order (abbreviations learned and the mission in
    # focus carry over): see `processes`.
    for step in steps:
        for state in states:
            step(state)
    for unit, state in zip(units, states, strict=True):
        language_of_unit = _unit_language(state.text, language) if mixed else None
        yield _paragraph(text, unit, state, base, language_of_unit)


def _state(unit: Unit, text: str, matching: str, ctx: ReportContext) -> UnitState:
    """The unit's state for the components: its text and matching copy (one slice each for a
    unit of one segment, most: `Unit.text` without a call)."""
    segments = unit.segments
    if len(segments) == 1:
        s, e = segments[0]
        return UnitState(text[s:e], matching[s:e], ctx)
    return UnitState(unit.text(text), unit.text(matching), ctx)


def _paragraph(
    text: str, unit: Unit, state: UnitState, base: int, unit_language: str | None
) -> Paragraph:
    """A unit and what the components found in it as a `Paragraph` of the report (offsets
    in the report: `base` is where the block `text` starts in it)."""
    body = state.text
    relations = []
    for f in state.relations:
        raw = body[f.start : f.end]
        lead = len(raw) - len(raw.lstrip())
        evidence = raw.strip()
        s = _local_to_doc(unit, f.start + lead)
        e = _local_to_doc(unit, f.start + lead + len(evidence))
        relations.append(
            Relation(
                f.subject.iri,
                f.predicate,
                f.object.iri,
                f.subject.key,
                f.object.key,
                evidence,
                s + base,
                e + base,
                f.date,
                f.until,
            )
        )
    return Paragraph(
        unit.number,
        unit.kind,
        unit.start + base,
        unit.end + base,
        body,
        unit.section,
        unit.anchor,
        _mentions(text, unit, state.mentions, base),
        tuple(relations),
        tuple(unit.segments) if not base else tuple((s + base, e + base) for s, e in unit.segments),
        unit_language,
    )
