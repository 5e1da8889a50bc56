"""The gazetteer: every curated name, matched in one pass, longest match first.

An Aho–Corasick automaton over all names runs on the raw string (tens of millions of
characters a second), so the gazetteer costs less than tokenization. All overlapping
matches are found and the longest win, wherever they start: in 许多哥伦比亚 the longer
哥伦比亚 (Colombia) beats 多哥 (Togo), which a leftmost rule would pick. Stop phrases are
patterns with no target: when one wins (发展中国家), the name inside it (中国) is not a mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import ahocorasick_rs
import msgspec

from unkg.extract.textnorm import fold_name
from unkg.ontology.reference import DatedName, ReferenceData


class Target(msgspec.Struct, frozen=True, gc=False):
    """What a matched name refers to."""

    type: str
    key: str
    iri: str
    minted: bool = False


# Stands in the automaton for a name whose target depends on the text's date (dated.csv).
DATED = Target("Dated", "", "")


class Match(msgspec.Struct, frozen=True, gc=False):
    start: int
    end: int
    target: Target | None  # None: a stop phrase
    name: str


# What `_single_spaced` changes: a word hyphenated at a line end (peace-⏎keeping, Organiza-⏎tion,
# lower case on both sides) is joined; a run of white space other than one space becomes one.
# Each starts with the one character (class) it needs, with what must hold around it after
# that: the regex engine then skips to those characters instead of trying every position
# (as `\s{2,}|[^\S ]` made it do).
_HYPHENATED = re.compile(r"-(?<=[a-z]-)[ \t]*\n\s*(?=[a-z])")
_LOOSE_SPACE = re.compile(r"\s(?:\s+|(?<! ))")  # two or more, or one that is not a space
_EITHER = re.compile(f"{_HYPHENATED.pattern}|{_LOOSE_SPACE.pattern}")
# a run of two or more, or a line break or tab: a text without one is left as it is
_LINE_OR_RUN = re.compile(r"\s(?:\s|(?<=[\t\n\r\f\v]))")


class _Spacing:
    """The way back from a single-spaced copy to its text: where each stretch of the copy
    starts and how far its text lies ahead there, worked out on first use (many copies
    have no folded name to map back)."""

    __slots__ = ("_shifts", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] = []  # offsets in the copy, ascending, the first 0
        self._shifts: list[int] = []  # offset in the text - offset in the copy, from there on

    def to_text(self, offset: int) -> int:
        if not self._starts:
            self._map()
        return offset + self._shifts[bisect_right(self._starts, offset) - 1]

    def _map(self) -> None:
        starts, shifts = [0], [0]
        done = size = 0  # characters of the text consumed; of the copy made
        for m in _EITHER.finditer(self._text):
            size += m.start() - done
            if self._text[m.start()] != "-":  # white space: one space, at the run's start
                size += 1
            done = m.end()
            starts.append(size)
            shifts.append(done - size)
        self._starts, self._shifts = starts, shifts


def _respaced(text: str) -> bool:
    """Does `_single_spaced` change `text` (does _LINE_OR_RUN occur in it)? White space
    other than the space is never printable, so in a printable text (most units: one line)
    only two spaces in a row can occur: two tests in C, where the pattern stops at every
    space."""
    if text.isprintable():
        return "  " in text
    return _LINE_OR_RUN.search(text) is not None


def _single_spaced(text: str) -> tuple[str, _Spacing | None]:
    """`text` with every run of white space as one space and words hyphenated at a line end
    joined, and the way back to offsets in `text` (None when offsets in the copy are offsets
    in `text`): a name broken across lines or spaced twice (United Nations Observer Mission
    in⏎Georgia, Peace-⏎keeping Force) is still the name. Two substitutions in C make the copy
    (a hyphenated word lies between letters, so joining it never brings white space
    together). Neither lengthens the text, so a copy as long as the text changed single
    characters only (a line break that became a space: most wrapped units) and its offsets
    are the text's."""
    if not _respaced(text):
        return text, None
    if "-\n" not in text:  # (a hyphenated word is joined only where "-" meets a line break)
        # A wrapped unit: when its line breaks as spaces leave no white space but single
        # spaces (`isprintable`: no other white space is), that is the copy, made in C.
        copy = text.replace("\n", " ")
        if "  " not in copy and copy.isprintable():
            return copy, None
    copy = _LOOSE_SPACE.sub(" ", _HYPHENATED.sub("", text))
    return copy, None if len(copy) == len(text) else _Spacing(text)


def _table_key(raw: str) -> tuple[bool, str]:
    """(case-folded?, automaton key) of a name: Latin names with lower-case letters match
    in any case, the rest (acronyms, Chinese) exactly."""
    name = fold_name(raw).strip()
    cased = any(c.islower() for c in name) and name.isascii()
    return cased, _lower(name) if cased else name


def _target(ref: ReferenceData, iri: str) -> Target:
    entity = ref.entities[iri]
    return Target(entity.type, entity.key, entity.iri)


def _lower(text: str) -> str:
    """Lower-case without changing the length (a few characters lower to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_LATIN = re.compile(r"[A-Za-z]{2}")
_DATE_DAY = re.compile(r"月\s*\d{1,2}\s*$")
_WORD_AFTER = re.compile(r"[A-Za-z0-9]+")


# The characters a Latin word is made of (ASCII letters and digits), as a set: a membership
# test per boundary, for every Latin name found.
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _is_plain(name: str) -> bool:
    """A name that needs no boundary check: no Latin letter or digit at either end, no 日
    first."""
    return not (name[0] in _WORD_CHARS or name[-1] in _WORD_CHARS or name[0] == "日")


def _bounded(text: str, start: int, end: int, name: str) -> bool:
    """Latin names must not start or end inside a word (UN in UNDP, Mali in Somalia);
    a name starting with 日 must not be the 日 of a date (6月30日本… is not Japan)."""
    if name[0] == "日" and _DATE_DAY.search(text, max(0, start - 8), start):
        return False
    if text[start] in _WORD_CHARS and start > 0 and text[start - 1] in _WORD_CHARS:
        return False
    if not (end < len(text) and text[end - 1] in _WORD_CHARS and text[end] in _WORD_CHARS):
        return True  # (the name ends the text, or ends in no word character, or no word follows)
    after = _WORD_AFTER.match(text, end)
    # A footnote number glued to a name (Lebanon1) does not make it another word.
    return after is None or (text[end - 1].isalpha() and after.group().isdigit())


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")
_PART_AFTER = re.compile(r"-([A-Z][A-Za-z0-9]*)")
_PART_BEFORE = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9]*)-$")
_NUMERAL = re.compile(r"[IVX]+|\d+")
# Parts of a compound that name something the gazetteer has no entry for: UN in AU-UN.
_GENERIC_PARTS = frozenset({"UN"})

_SPELLINGS = (
    (re.compile(r"(?i)\bpeace(?=keeping)"), ("Peace-", "Peace ")),  # Peace-keeping Force
    (re.compile(r"(?<=[a-z])iz(?=ation)"), ("is",)),  # Organisation, Stabilisation
    (re.compile(r"^United Nations "), ("UN ",)),  # UN Interim Force in Lebanon
)


def latin_variants(name: str) -> list[str]:
    """Spellings of a Latin-script name that UN texts of other times and houses use: hyphen
    and spacing variants (UN-Women / UN Women, African Union-United Nations … / African
    Union - United Nations …), Peace-keeping, British -isation, UN for United Nations.
    Case is folded at match time already."""
    if not name.isascii():
        return []
    variants = {name}
    for pattern, replacements in _SPELLINGS:
        variants |= {pattern.sub(r, v) for v in variants for r in replacements}
    if "-" in name:
        for v in list(variants):
            variants |= {v.replace("-", " "), v.replace(" - ", "-"), v.replace("-", " - ")}
    variants.discard(name)
    return sorted(v for v in variants if "  " not in v)


# United Nations <Kind words> in/for <Place>: capitalized words only between the two, so
# "Mission for the Referendum in Western Sahara" has no headline form.
_PLACED_NAME = re.compile(
    r"^United Nations ((?:[A-Z][a-z]+ )*?[A-Z][a-z]+ (?:Mission|Force|Office|Operation|Group))"
    r" (?:in|for) (?:the )?([A-Z][\w'’-]*(?: (?:of the |of )?[A-Z][\w'’-]*)*)$"
)


def headline_name(name: str) -> str | None:
    """The name UN press releases give a mission in their headlines, its place first and
    "United Nations" dropped: United Nations Assistance Mission for Iraq → Iraq Assistance
    Mission, United Nations Peacekeeping Force in Cyprus → Cyprus Peacekeeping Force. Only
    when words stand between "United Nations" and the kind: "South Sudan Mission" alone
    could be any mission there."""
    m = _PLACED_NAME.match(name)
    if not m or " " not in m.group(1):
        return None
    return f"{m.group(2)} {m.group(1)}"


class Gazetteer:
    """Names → targets, matched leftmost-longest with word boundaries for Latin names."""

    def __init__(
        self,
        names: Iterable[tuple[str, Target | None]],
        dated: Iterable[tuple[DatedName, Target]] = (),
    ) -> None:
        exact: dict[str, Target | None] = {}
        folded: dict[str, Target | None] = {}
        self.conflicts: list[tuple[str, Target | None, Target | None]] = []
        # automaton name → (row, target) of every dated reading of it
        self._dated: dict[str, list[tuple[DatedName, Target]]] = {}
        for row, target in dated:
            self._dated.setdefault(_table_key(row.alias)[1], []).append((row, target))
        names = [*names, *((row.alias, DATED) for row, _ in dated)]
        for raw, target in names:
            cased, key = _table_key(raw)
            if len(key) < 2:
                continue
            table = folded if cased else exact
            if key in table and table[key] != target:
                self.conflicts.append((raw, table[key], target))
                continue
            table[key] = target
        self._exact_names = list(exact)
        self._exact_targets = list(exact.values())
        self._folded_names = list(folded)
        self._folded_targets = list(folded.values())
        kind = ahocorasick_rs.MatchKind.Standard  # with overlapping=True: every match
        self._exact = (
            ahocorasick_rs.AhoCorasick(self._exact_names, matchkind=kind) if exact else None
        )
        self._folded = (
            ahocorasick_rs.AhoCorasick(self._folded_names, matchkind=kind) if folded else None
        )
        self.index: dict[str, Target] = {k: v for k, v in {**folded, **exact}.items() if v}
        # The names that are acronyms (UN, SPLM), which a hyphen may join to a longer one
        self._acronyms = frozenset(n for n in self._exact_names if _ACRONYM.fullmatch(n))
        # Per name of each automaton: does it need no boundary check (no Latin letter or digit
        # at either end, no 日 first)?
        self._exact_plain = [_is_plain(n) for n in self._exact_names]
        self._exact_undated = [n[0] != "日" for n in self._exact_names]  # no date check
        self._folded_plain = [_is_plain(n) for n in self._folded_names]

    def __len__(self) -> int:
        return len(self._exact_names) + len(self._folded_names)

    def lookup(self, name: str, date: str | None = None) -> Target | None:
        """The target of one whole name, if the gazetteer knows it."""
        name = fold_name(name).strip()
        key = name if name in self.index else _lower(name)
        target = self.index.get(key)
        return self.resolve(key, date) if target is DATED else target

    def resolve(self, name: str, date: str | None) -> Target | None:
        """What a dated name means in a text of `date`: of the readings that hold then, the
        one that began last (联合国紧急部队 in 1975 is UNEF II, the force of the time). A
        text without a date reads the name as it is meant today (a reading with no end)."""
        rows = self._dated.get(name, [])
        holding = [
            (row.start, target)
            for row, target in rows
            if (row.holds_on(date) if date else not row.end)
        ]
        return max(holding, key=lambda h: h[0])[1] if holding else None

    def find(self, text: str, date: str | None = None) -> list[Match]:
        """Non-overlapping matches in `text` (a matching copy): longest first, then leftmost.
        Dated names are read as of `date`; one with no reading then names nothing (and
        still keeps the names inside it from matching)."""
        # Every hit as (start, end, name, target) until the winners are known: a Match is made
        # only for those.
        # A name that needs a boundary check passes at once when no word character stands on
        # either side of it (most hits, a call of `_bounded` each otherwise), unless it starts
        # with 日 (the date check): `_bounded` would say so too.
        hits: list[tuple[int, int, str, Target | None]] = []
        n, w = len(text), _WORD_CHARS
        if self._exact is not None:
            names, targets, plain = self._exact_names, self._exact_targets, self._exact_plain
            undated = self._exact_undated
            hits += [
                (s, e, names[i], targets[i])
                for i, s, e in self._exact.find_matches_as_indexes(text, overlapping=True)
                if plain[i]
                or (
                    undated[i] and (s == 0 or text[s - 1] not in w) and (e == n or text[e] not in w)
                )
                or _bounded(text, s, e, names[i])
            ]
        if self._folded is not None and _LATIN.search(text):  # cased names are Latin-script
            names, targets, plain = self._folded_names, self._folded_targets, self._folded_plain
            low, spacing = _single_spaced(_lower(text))
            found = self._folded.find_matches_as_indexes(low, overlapping=True)
            if spacing is None:  # (most units: offsets in the copy are offsets in `text`)
                hits += [  # (no folded name starts with 日)
                    (s, e, names[i], targets[i])
                    for i, s, e in found
                    if plain[i]
                    or ((s == 0 or text[s - 1] not in w) and (e == n or text[e] not in w))
                    or _bounded(text, s, e, names[i])
                ]
            for i, s, e in found if spacing is not None else ():
                s, e = spacing.to_text(s), spacing.to_text(e - 1) + 1  # back to `text`
                if plain[i] or _bounded(text, s, e, names[i]):
                    hits.append((s, e, names[i], targets[i]))
        if "-" in text:
            acronyms = self._acronyms
            hits = [
                h
                for h in hits
                if h[2] not in acronyms or not self._in_compound(text, h[0], h[1], h[2])
            ]
        if len(hits) < 2:  # (most units: nothing to choose between)
            return [
                Match(s, e, self.resolve(name, date) if target is DATED else target, name)
                for s, e, name, target in hits
            ]
        hits.sort(key=lambda h: (h[0] - h[1], h[0]))  # stable: exact before folded at a tie
        taken = bytearray(len(text))
        out: list[Match] = []
        for s, e, name, target in hits:
            if taken.find(1, s, e) >= 0:
                continue
            taken[s:e] = b"\x01" * (e - s)
            out.append(Match(s, e, self.resolve(name, date) if target is DATED else target, name))
        out.sort(key=lambda m: m.start)
        return out

    def _in_compound(self, text: str, start: int, end: int, name: str) -> bool:
        """CPD in CPD-RDTL, SPLM in SPLM-N, RCD in RCD-Goma: an acronym (`name` is one of
        `_acronyms`) joined by a hyphen to a part that is no known name is a piece of another,
        longer acronym (AU-UN still names the African Union; UNEF-II keeps its numeral)."""
        after = _PART_AFTER.match(text, end)
        before = _PART_BEFORE.search(text, max(0, start - 24), start)
        return any(
            part is not None and not self._known_part(part.group(1)) for part in (after, before)
        )

    def _known_part(self, part: str) -> bool:
        return part in self.index or part in _GENERIC_PARTS or bool(_NUMERAL.fullmatch(part))

    @classmethod
    def from_reference(cls, ref: ReferenceData, langs: Iterable[str]) -> Gazetteer:
        langs = tuple(langs)
        names: list[tuple[str, Target | None]] = []
        for stop in ref.stopphrases:
            if stop.lang in langs:
                names.append((stop.phrase, None))
        for amb in ref.ambiguities:
            if amb.lang not in langs:
                continue
            if amb.rule == "prefer-first" and amb.candidates:
                entity = ref.entities[amb.candidates[0]]
                names.append((amb.alias, Target(entity.type, entity.key, entity.iri)))
            else:
                names.append((amb.alias, None))
        spelled: list[tuple[str, Target | None]] = []
        headlines: dict[str, set[Target]] = {}
        for lang in langs:
            for name, entity in ref.aliases(lang):
                if lang == "fr" and entity.type in ("Country", "Territory"):
                    # Reports are Chinese or English: there a French country name is an
                    # English word or first name (grenade, chili, Maurice), or stands inside
                    # the French name of a mission, which is a name of its own.
                    continue
                target = Target(entity.type, entity.key, entity.iri)
                names.append((name, target))
                spelled += [(v, target) for v in latin_variants(name)]
                headline = headline_name(name) if entity.type == "Mission" else None
                if headline:
                    headlines.setdefault(headline, set()).add(target)
        # A headline form two missions share (successive missions of one name) names neither.
        spelled += [(h, next(iter(ts))) for h, ts in sorted(headlines.items()) if len(ts) == 1]
        known = {fold_name(n) for n, _ in names}
        dated = [(row, _target(ref, row.iri)) for row in ref.dated if row.lang in langs]
        known |= {fold_name(row.alias) for row, _ in dated}
        # Spelling variants never override a name the data states (first one wins).
        names += [(v, t) for v, t in spelled if fold_name(v) not in known]
        return cls(names, dated)
