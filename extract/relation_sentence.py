"""What every relation rule shares: the sentence it reads, its mentions, the relation it
finds, and the measures of distance and dates the rule families all use.

The rule families (`relation_hosts`, `relation_mandates`, `relation_links`) are functions
of one `Sentence`; `relations.RelationRules` splits a unit into sentences and runs them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence

import msgspec

from unkg.extract.dates import DATE_ZH, MONTH, MONTHS, iso_date
from unkg.extract.gazetteer import Target
from unkg.extract.symbols import chinese_numeral

PLACES = ("Country", "Territory")
# A line break inside a unit is a wrapped line (structure keeps it as the space between
# words): it ends a sentence only before a list item, or before a table's row (cells
# parted by " | ": each row is a sentence of its own). Written as one character class first
# and then, per character, what must hold around it (…。…, x. Y, ⏎- ), so that the regex
# engine skips to those characters instead of trying every position.
_ENDS = (
    r"[。！？；!?;.\n](?:(?<=[。！？；!?;])[。！？；!?;]*|(?<=[a-z0-9)\]]\.)(?=\s+[A-Z(])"
    r"|(?<=\n)(?=\s*(?:[-•·*]|\(\w{1,4}\))\s{cells}))"
)
_SENTENCE_END = re.compile(_ENDS.replace("{cells}", r"|[^\n]* \| "))
# … for a text without " | " (no table row can follow a line break): the same ends, without
# reading each line after a line break to its end in search of a cell
_SENTENCE_END_NO_CELLS = re.compile(_ENDS.replace("{cells}", ""))
CLAUSE_END = re.compile(r"[，,：:]")


class Screened:
    """A pattern searched only in text that holds one of `needs`, literals of which every
    match holds one: the regex engine skips to the first letters of rare words (Mission,
    mandate, adopt) where it would stop at every common letter a match may start with (each
    t of an English sentence, for "the Mission"), or try every position (a case-insensitive
    pattern, one that starts with \\b). Searched as a compiled pattern is (`search`,
    `finditer`). With `re.I` in `flags` the needs are matched ignoring case too, spelled as
    character classes (adopt: [Aa][Dd][Oo][Pp][Tt]) so that the engine keeps a first character
    to skip to."""

    def __init__(
        self, pattern: str, needs: tuple[str, ...], flags: int = 0, *, leads: bool = False
    ) -> None:
        self.pattern = re.compile(pattern, flags)
        self.needs = needs
        self._any_case = bool(flags & re.I)
        spell = _any_case if self._any_case else re.escape
        self._needed = re.compile("|".join(map(spell, needs)))
        # every match starts with a need: `search` tries the pattern only there (a pattern
        # that starts with \b or ignores case is otherwise tried at every position)
        self.leads = leads

    def holds(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        if self._any_case:
            return self._needed.search(text, pos, endpos) is not None
        # `str.find` (C, no copy of the stretch), where an alternation of the needs would
        # stop the regex engine at each of their first letters (each r, for "resolution")
        for need in self.needs:  # noqa: SIM110  (a loop: `any` of a generator costs a frame)
            if text.find(need, pos, endpos) >= 0:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self.leads:
            return self._search_at_needs(text, pos, endpos)
        return self.pattern.search(text, pos, endpos) if self.holds(text, pos, endpos) else None

    def _search_at_needs(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        """`search` of a pattern whose matches start where a need does: the first match at
        an occurrence of one, left to right (\b and look-behinds still see the text before
        it, as in a search from `pos`)."""
        while (need := self._needed.search(text, pos, endpos)) is not None:
            m = self.pattern.match(text, need.start(), endpos)
            if m is not None:
                return m
            pos = need.start() + 1
        return None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if not self.holds(text, pos, endpos):
            return iter(())
        return self.pattern.finditer(text, pos, endpos)


def _any_case(word: str) -> str:
    """`word` as a case-sensitive pattern that matches what `re.I` matches: each letter a
    class of the characters that match it when case is ignored (s: sSſ, k: kKK)."""
    return "".join(
        "[" + "".join(sorted({c for c in _CASED if re.fullmatch(re.escape(ch), c, re.I)})) + "]"
        if ch.isalpha()
        else re.escape(ch)
        for ch in word
    )


# the characters that match an ASCII letter when case is ignored: the letters, and the four
# others that do (İ ı ſ and the Kelvin sign)
_CASED = "".join(map(chr, [*range(0x41, 0x5B), *range(0x61, 0x7B)])) + "\u0130\u0131\u017f\u212a"


# (searched only where 决议 or "resolution" occurs: its English alternatives start with t)
RESOLUTION_PRONOUN = Screened(
    r"该决议|上述决议|这项决议|该项决议|(?:that|this|the same) resolution", ("决议", "resolution")
)
# the mission in focus: 该特派团, the Mission, the Special Political Mission, the Peacekeeping Force
# (every alternative starts with a literal (The, the: not [Tt]he), so that the regex engine skips
# to the characters 该, T and t instead of trying every position of every sentence; and only a
# sentence that names one of the nouns is searched)
_MISSION_NOUN = r"(?:(?:Special )?[Pp]olitical |[Pp]eacekeeping )?(?:Mission|Force|Operation)\b"
MISSION_PRONOUN = Screened(
    rf"该(?:特派团|团|部队)|The {_MISSION_NOUN}|the {_MISSION_NOUN}",
    ("该", "Mission", "Force", "Operation"),
)
_DATE_ZH = re.compile(DATE_ZH)
# 一九七九年六月十五日: the dates of older Chinese resolutions, in Chinese numerals
_DATE_ZH_NUMERALS = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DATE_EN = re.compile(rf"(\d{{1,2}})\s+{MONTH}\s+(\d{{4}})")


# Span and Found are frozen msgspec Structs, made in C: a frozen dataclass sets each field
# through object.__setattr__, and the rules make one for every mention and every relation.
class Span(msgspec.Struct, frozen=True):
    """A mention inside a unit: local offsets into the unit text."""

    start: int
    end: int
    target: Target
    text: str


class Found(msgspec.Struct, frozen=True):
    subject: Target
    predicate: str
    object: Target
    start: int  # sentence offsets, local to the unit
    end: int
    date: str | None = None  # effective date (a termination's "as of")
    until: str | None = None  # the date a mandate now runs until (establishment, extension)


# the number a unit's text may start with ("25.\n", "3. ", "(a) "): the paragraph's own field,
# never part of its first sentence (nor of the evidence quoted from it)
_UNIT_NUMBER = re.compile(r"(?:\s*(?:\d{1,4}(?:\.\d{1,3})*\.|\(\w{1,4}\))\s+)+")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of a unit's text as (start, end) offsets; the first starts after the
    unit's number."""
    m = _UNIT_NUMBER.match(text)
    start = m.end() if m else 0
    ends = _SENTENCE_END if " | " in text else _SENTENCE_END_NO_CELLS
    for m in ends.finditer(text, start):
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def effective_date(text: str) -> str | None:
    """The first date the text writes (2011年7月9日, 一九七九年六月十五日, 9 July 2011) as ISO,
    None when there is none or it is no calendar's day (an OCR slip)."""
    m = _DATE_ZH.search(text)
    if m:
        return iso_date(int(m[1]), int(m[2]), int(m[3]))
    m = _DATE_ZH_NUMERALS.search(text)
    if m:
        year, month, day = (chinese_numeral(g.replace("○", "〇")) for g in m.groups())
        return iso_date(year, month, day)
    m = _DATE_EN.search(text)
    if m:
        return iso_date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    return None


def reach(stretch: str) -> float:
    """How far apart two mentions are, in Chinese characters: an English word spans several
    letters where Chinese uses one or two characters, so Latin letters count for less."""
    latin = len(stretch.encode("ascii", "ignore"))  # the ASCII characters, counted in C
    return (len(stretch) - latin) + latin / 2.5


def clause_end(text: str, pos: int, limit: int) -> int:
    m = CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def first_each(spans: Sequence[Span]) -> list[Span]:
    """One span per entity, the first, in text order."""
    seen: dict[str, Span] = {}
    for sp in spans:
        seen.setdefault(sp.target.iri, sp)
    return sorted(seen.values(), key=lambda s: s.start)


class Sentence:
    """One sentence of a unit, its mentions and what is in focus when it is read."""

    def __init__(self, rules, text, s, e, spans, focus, resolution, actor, acting=None) -> None:
        self.rules, self.text, self.s, self.e = rules, text, s, e  # rules: RelationRules
        self.acting = acting
        self.spans = list(spans)
        self.focus, self.resolution, self.actor_focus = focus, resolution, actor
        self.missions: list[Span] = []
        self.places: list[Span] = []
        self.actors: list[Span] = []
        self.resolutions: list[Span] = []
        kinds = {
            "Mission": self.missions,
            "Country": self.places,
            "Territory": self.places,
            "Programme": self.actors,
            "Organization": self.actors,
            "Resolution": self.resolutions,
        }
        # does a span cite a Security Council symbol (S/…: a resolution or a letter)?
        self.cites = False
        for sp in self.spans:
            kind = kinds.get(sp.target.type)
            if kind is not None:
                kind.append(sp)
            if sp.target.key[:2] == "S/":
                self.cites = True
        # pattern → its matches outside the named mentions: several rules look for the same
        # pronoun (the Mission) in one sentence, so each pattern is searched once
        self._hits: dict[re.Pattern[str] | Screened, list[tuple[int, int, str]]] = {}

    def found(self, subj: Target, pred: str, obj: Target, date: str | None = None) -> Found:
        return Found(subj, pred, obj, self.s, self.e, date)

    def pronouns(self, pattern: re.Pattern[str] | Screened, target: Target | None) -> list[Span]:
        """The matches of `pattern` (该特派团, that resolution) outside the named mentions,
        standing for `target`."""
        if target is None:
            return []
        return [Span(start, end, target, text) for start, end, text in self._outside(pattern)]

    def _outside(self, pattern: re.Pattern[str] | Screened) -> list[tuple[int, int, str]]:
        hits = self._hits.get(pattern)
        if hits is None:
            hits = self._hits[pattern] = []
            for m in pattern.finditer(self.text, self.s, self.e):
                at = m.start()
                if not any(sp.start <= at < sp.end for sp in self.spans):
                    hits.append((at, m.end(), m.group(0)))
        return hits
