"""Relation rules: which sentences state which links between the entities they name.

The rules follow how UN reports phrase these facts, in Chinese and English:

- operatesIn: the mission's name as written names its host (联合国驻黎巴嫩临时部队 → LBN;
  never the short form 联黎部队 alone), or the paragraph names the mission together with one
  of its host countries, or "the Force in Cyprus" follows the mission in focus; a mission
  the reference data does not place needs a locative phrase (在/驻 P, in P).
- establishedBy / mandateExtendedBy / mandateTerminatedBy: a resolution and a mission
  next to each other in a sentence (no other mission or resolution between them), with
  the verb in the stretch that joins them (依照第 1925(2010)号决议设立的…; 第 2690(2023)号决议
  终止了…的任务). "该决议" / "that resolution" stands for the last resolution named in the
  paragraph, "该特派团" / "the Mission" for the last mission, when there is one.
- supports: 在 A 支持下 / with the support of A; A 为/向 T 提供支持|资金|援助;
  A 支持/协助 T; A supported T.
- cooperatesWith: M 与/同/和 O … 合作|协调|协商|伙伴关系; M cooperated|worked with O.
- succeededBy: 接替, 取代, 过渡到, took over from, was succeeded by, transition to.
Every relation carries the sentence as evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from unkg.extract.acts import (
    ADOPTING,
    MODIFIES,
    OPERATIVE_LEAD,
    cue_matches,
    own_act,
    sets_up_a_part,
)
from unkg.extract.gazetteer import Target
from unkg.extract.symbols import chinese_numeral

PLACES = ("Country", "Territory")
_WORD = re.compile(r"[^\W\d_]")
# A line break inside a unit is a wrapped line (structure keeps it as the space between
# words): it ends a sentence only before a list item, or before a table's row (cells
# parted by " | ": each row is a sentence of its own). Written as one character class first
# and then, per character, what must hold around it (…。…, x. Y, ⏎- ), so that the regex
# engine skips to those characters instead of trying every position.
_SENTENCE_END = re.compile(
    r"[。！？；!?;.\n](?:(?<=[。！？；!?;])[。！？；!?;]*|(?<=[a-z0-9)\]]\.)(?=\s+[A-Z(])"
    r"|(?<=\n)(?=\s*(?:[-•·*]|\(\w{1,4}\))\s|[^\n]* \| ))"
)
_CLAUSE_END = re.compile(r"[，,：:]")
# "Resolution 2144 extended the mandate", 第N号决议将任务期限延长: the focus mission's mandate
_ITS_MANDATE = re.compile(r"\b(?:the|its) mandate\b(?! of)|任务期限|任期")
# what a verb before the mission acts on instead of the mission's mandate
_OTHER_OBJECT = re.compile(
    r"\b(?:authori[sz]ation|sanctions|measures|embargo|Panel of Experts|Group of Experts)\b"
    r"|授权|制裁|禁运|专家小组",
    re.I,
)
# 关于设立X的第N号决议: the resolution "on establishing X"
_OF_RESOLUTION = re.compile(r"\s*[)）]?\s*的\s*第?\s*")
_BRACKET = re.compile(r"\s*[(（]\s*")
_IN_RESOLUTION = re.compile(
    r"\b(?:in|by|under|through)\s+(?:its\s+)?(?:Security Council\s+)?resolution\s*$", re.I
)
# "Decides to terminate the mandate of MINUSMA under resolution 2640 (2022)": in the document's
# own operative paragraph, the resolution right after the mission names the mandate it acts on
_MANDATE_UNDER = re.compile(
    r"\s*under\s+(?:(?:the\s+)?Security Council\s+)?(?:its\s+)?resolutions?\s*", re.I
)
_LETTER = re.compile(r"\bletters?\b|信", re.I)
_LETTER_SYMBOL = re.compile(r"^S/\d{4}/\d+$")  # a letter to or from the Security Council
_LIST_JOIN = re.compile(r"和|及|、|\band\b")
# "…, in accordance with (Security Council) resolution N": the clause names who acted
_BY_RESOLUTION = re.compile(
    r"\s*(?:in accordance with|pursuant to|under|by)\s+(?:the\s+)?(?:Security Council\s+)?"
    r"(?:its\s+)?resolution",
    re.I,
)

SUCCEED = re.compile(
    r"接替|取代|过渡到|改组为|移交给"
    r"|took over from|taken over by|succeeded by|succeeded|replaced|transition(?:ed)? (?:from|to)"
)
_SUCCEED_REVERSE = re.compile(r"^(?:接替|取代|took over from|succeeded|replaced)$")
COOPERATE = re.compile(
    r"合作|协调|协商|伙伴关系|协作|共同|cooperat|coordinat|collaborat|partnership"
    r"|worked (?:closely )?with|consult|jointly|together with"
)
_WITH = re.compile(r"与|同|和|及|\bwith\b|\band\b")
_PARTNER = re.compile(r"与|同|\bwith\b")  # 和/and between two missions usually lists them
SUPPORT = re.compile(
    r"支持|支助|支援|资助|资金|拨款|供资|援助|协助|帮助|support|assist|help|fund(?:ed|ing|s)?\b|financ"
)
ACTOR_PRONOUN = re.compile(
    r"该(?:方案|基金|系统|倡议|平台|机制|组织|署|机构|战略)"
    r"|(?:the|this) (?:Fund|Programme|system|platform|initiative)\b"
)
_SUPPORT_FRAME = re.compile(r"^[^，。,;；]{0,16}?(?:的)?(?:支持|支助|资助|协助|援助)下")
_SUPPORT_OF = re.compile(r"(?:support|assistance|funding) (?:of|from)\s*(?:the\s*)?$")
_TO_TARGET = re.compile(r"为|向|对|给|\bto\b|\bfor\b")
_RECEIVE = re.compile(r"获得|得到|接受|受益于|received|benefit(?:ed)? from")
_COORD = re.compile(r"^\s*(?:[、,，]|和|及|以及|与|and|, and)\s*(?:the\s+)?$")
LOCATIVE = re.compile(
    r"在|驻|境内|部署于|部署在|派驻|\bin\b|\b(?:deployed|stationed) (?:to|in)\b|\bbased in\b"
)
# the Force in Cyprus, the Mission deployed in Haiti, 该特派团在马里: a mission in focus, and where
_PRONOUN_AT = re.compile(
    r"^\s*(?:(?:deployed|stationed|based|operating)\s+)?(?:in|to)\s+(?:the\s+)?$|^\s*(?:在|驻)$"
)
# X 将被称为 Y, X (此后称为 Y), X shall be known as Y, X (hereinafter referred to as Y): a new name
_RENAMED = re.compile(
    r"\s*[(（]?\s*(?:此后|今后)?将?被?改?称为\s*"
    r"|\s*,?\s*(?:which\s+)?(?:shall|will|would|is to|are to)\s+(?:henceforth\s+|hereafter\s+)?"
    r"be\s+(?:known|referred to|renamed)\s+as\s+(?:the\s+)?"
    r"|\s*[(,]\s*(?:hereinafter|hereafter|henceforth|thereafter)\s+"
    r"(?:referred to as|known as|called)\s+(?:the\s+)?",
    re.I,
)
RESOLUTION_PRONOUN = re.compile(
    r"该决议|上述决议|这项决议|该项决议|(?:that|this|the same) resolution"
)
# in an operative paragraph, the mission in focus under a common noun (决定观察团的成立期限…)
GENERIC_MISSION = re.compile(r"特派团|观察团|行动|部队|\b(?:Mission|Force|Operation|Group)\b")
# the mission in focus: 该特派团, the Mission, the Special Political Mission, the Peacekeeping Force
# (every alternative starts with a literal (The, the: not [Tt]he), so that the regex engine skips
# to the characters 该, T and t instead of trying every position of every sentence)
_MISSION_NOUN = r"(?:(?:Special )?[Pp]olitical |[Pp]eacekeeping )?(?:Mission|Force|Operation)\b"
MISSION_PRONOUN = re.compile(rf"该(?:特派团|团|部队)|The {_MISSION_NOUN}|the {_MISSION_NOUN}")
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 一九七九年六月十五日: the dates of older Chinese resolutions, in Chinese numerals
_DATE_ZH_NUMERALS = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日"
)
_MONTHS = "January February March April May June July August September October November December"
_DATE_EN = re.compile(rf"(\d{{1,2}})\s+({'|'.join(_MONTHS.split())})\s+(\d{{4}})")


@dataclass(frozen=True, slots=True)
class Span:
    """A mention inside a unit: local offsets into the unit text."""

    start: int
    end: int
    target: Target
    text: str


@dataclass(frozen=True, slots=True)
class Found:
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
    for m in _SENTENCE_END.finditer(text, start):
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def effective_date(text: str) -> str | None:
    m = _DATE_ZH.search(text)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _DATE_ZH_NUMERALS.search(text)
    if m:
        year, month, day = (chinese_numeral(g.replace("○", "〇")) for g in m.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    m = _DATE_EN.search(text)
    if m:
        month = _MONTHS.split().index(m[2]) + 1
        return f"{int(m[3]):04d}-{month:02d}-{int(m[1]):02d}"
    return None


# "until 30 June 2024", "延长至2024年6月30日": the date a cited extension makes the mandate run to
_UNTIL = re.compile(r"\b(?:until|through)\s+(?:the\s+)?|至\s*", re.I)


def mandate_until(text: str, start: int, end: int) -> str | None:
    """The date right after the first `until` / 至 in text[start:end], if one follows it."""
    m = _UNTIL.search(text, start, end)
    return effective_date(text[m.end() : min(end, m.end() + 20)]) if m else None


def _reach(stretch: str) -> float:
    """How far apart two mentions are, in Chinese characters: an English word spans several
    letters where Chinese uses one or two characters, so Latin letters count for less."""
    latin = len(stretch.encode("ascii", "ignore"))  # the ASCII characters, counted in C
    return (len(stretch) - latin) + latin / 2.5


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _first_each(spans: Sequence[Span]) -> list[Span]:
    """One span per entity, the first, in text order."""
    seen: dict[str, Span] = {}
    for sp in spans:
        seen.setdefault(sp.target.iri, sp)
    return sorted(seen.values(), key=lambda s: s.start)


class RelationRules:
    """All relation rules, given host countries and names from the reference data."""

    def __init__(
        self,
        hosts: dict[str, frozenset[str]],
        country_names: dict[str, tuple[str, ...]],
        mission_names: dict[str, tuple[str, ...]],
        established: dict[str, frozenset[str]] | None = None,
        short_names: dict[str, frozenset[str]] | None = None,
        dated_names: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.hosts = hosts  # mission IRI → host country/territory IRIs
        # mission IRI → its short forms (中非稳定团, 东帝汶过渡当局): a short form is an
        # abbreviation of the name, so a country inside it (中非) names no host
        self.short_names = short_names or {}
        # mission IRI → the symbols that established it (reference data): such a resolution
        # can only have established the mission, whatever verb the sentence uses of it
        self.established = established or {}
        self.country_names = country_names  # country IRI → its names (all languages)
        # … and the names it had in other times (the Congo of ONUC for COD, dated.csv), which
        # a mission of that time carries in its name: looked for only among a mission's hosts
        dated_names = dated_names or {}
        self.host_names = {
            place: names + dated_names.get(place, ()) for place, names in country_names.items()
        }
        # mission IRI → the hosts its own official names name (联合国驻黎巴嫩临时部队 → LBN)
        self.named_hosts = {
            m: frozenset(
                h
                for h in hs
                if any(
                    n in name
                    for n in self.host_names.get(h, ())
                    for name in mission_names.get(m, ())
                )
            )
            for m, hs in hosts.items()
        }

    def names_place(self, written: str, place: str) -> bool:
        """Does the name as written (联合国驻黎巴嫩临时部队, not 联黎部队) name `place`?"""
        written = written.replace("’", "'")  # Côte d’Ivoire is Côte d'Ivoire
        written = " ".join(written.split())  # hard-wrapped: … in the Democratic⏎Republic
        return any(len(n) > 1 and n in written for n in self.host_names.get(place, ()))

    def find(
        self,
        text: str,
        spans: Sequence[Span],
        focus: Target | None,
        acting: Target | None = None,
    ) -> list[Found]:
        """The relations the unit `text` states between its mentions `spans`. `focus` is
        the mission named last before this unit; `acting` the document itself when it can
        act on mandates (a resolution): then an operative paragraph's first sentence is an
        act of that document (see `unkg.extract.acts`)."""
        acting = acting if acting is not None and OPERATIVE_LEAD.match(text) else None
        if not spans and (focus is None or not (acting or RESOLUTION_PRONOUN.search(text))):
            return []  # nothing named, and no 该决议 that could pair with the mission in focus
        out: list[Found] = []
        resolution: Target | None = None
        actor: Target | None = None
        # The spans of each sentence by bisection over their starts (a scan of every span
        # per sentence is quadratic in a long unit), in their given order.
        order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        starts = [spans[i].start for i in order]
        bounds = list(sentences(text))
        for s, e in bounds:
            within = order[bisect_left(starts, s) : bisect_right(starts, e)]
            inside = [spans[i] for i in sorted(within) if spans[i].end <= e]
            # One entity other than a mission, a resolution or a place (which may pair with
            # 该特派团 / the Force) can relate to nothing named in the sentence.
            lone = len(inside) == 1 and inside[0].target.type not in ("Mission", "Resolution")
            if lone and inside[0].target.type in PLACES:
                lone = not (focus and MISSION_PRONOUN.search(text, s, e))
            if (
                (inside and not lone)
                or (focus and (inside or resolution) and RESOLUTION_PRONOUN.search(text, s, e))
                or acting
            ):
                sentence = _Sentence(self, text, s, e, inside, focus, resolution, actor, acting)
                out.extend(sentence.relations())
            if _WORD.search(text, s, e):  # "1." alone is no sentence yet
                acting = None  # the operative verb governs its own sentence
            for sp in inside:
                if sp.target.type == "Mission":
                    focus = sp.target
                elif sp.target.type == "Resolution" and sp.target.key.startswith("S/RES/"):
                    resolution = sp.target
                elif sp.target.type in ("Programme", "Organization"):
                    actor = sp.target
        out.extend(self._hosts_named_in_paragraph(bounds, spans, out))
        return list(dict.fromkeys(self._as_established(f) for f in out))

    def _as_established(self, found: Found) -> Found:
        """ "Adopting resolution 2102 (2013), the Council decided that the mandate of UNSOM —
        which it intended to renew — would include …": the resolution that set the mission up
        (reference data) established it, it did not extend it."""
        if found.predicate == "mandateExtendedBy" and found.object.key in self.established.get(
            found.subject.iri, ()
        ):
            return replace(found, predicate="establishedBy")
        return found

    def _hosts_named_in_paragraph(
        self, bounds: list[tuple[int, int]], spans: Sequence[Span], found: list[Found]
    ) -> Iterator[Found]:
        """A mission and one of its hosts named in the same paragraph, in different
        sentences: the paragraph speaks of the mission there (evidence: the mission's
        first sentence)."""
        places = {sp.target.iri: sp.target for sp in spans if sp.target.type in PLACES}
        if not places:
            return
        have = {(f.subject.iri, f.object.iri) for f in found if f.predicate == "operatesIn"}
        for m in _first_each([sp for sp in spans if sp.target.type == "Mission"]):
            for host in sorted(self.hosts.get(m.target.iri, ())):
                if host in places and (m.target.iri, host) not in have:
                    s, e = next((s, e) for s, e in bounds if s <= m.start < e)
                    yield Found(m.target, "operatesIn", places[host], s, e)


class _Sentence:
    def __init__(self, rules, text, s, e, spans, focus, resolution, actor, acting=None) -> None:
        self.rules, self.text, self.s, self.e = rules, text, s, e
        self.acting = acting
        self.spans = list(spans)
        self.focus, self.resolution, self.actor_focus = focus, resolution, actor
        self.missions = [sp for sp in spans if sp.target.type == "Mission"]
        self.places = [sp for sp in spans if sp.target.type in ("Country", "Territory")]
        self.actors = [sp for sp in spans if sp.target.type in ("Programme", "Organization")]

    def found(self, subj: Target, pred: str, obj: Target, date: str | None = None) -> Found:
        return Found(subj, pred, obj, self.s, self.e, date)

    def relations(self) -> Iterator[Found]:
        yield from self.operates_in()
        yield from self.mandates()
        yield from self.own_acts()
        yield from self.supports()
        yield from self.cooperation()
        yield from self.succession()

    def operates_in(self) -> Iterator[Found]:
        rules = self.rules
        for m in self.missions:
            written = self._written_name(m)
            short = written in rules.short_names.get(m.target.iri, ())
            for host in sorted(rules.named_hosts.get(m.target.iri, ())):
                # 联合国驻黎巴嫩临时部队, never 联黎部队 nor 中非稳定团 (its short form)
                if not short and rules.names_place(written, host):
                    yield self.found(m.target, "operatesIn", _place(host))
            if m.target.minted:
                for iri, names in rules.country_names.items():
                    if any(len(n) > 1 and n in m.text for n in names):
                        yield self.found(m.target, "operatesIn", _place(iri))
            hosts = rules.hosts.get(m.target.iri)
            for p in self.places:
                if (hosts and p.target.iri in hosts) or (
                    not hosts and len(_first_each(self.missions)) == 1 and self._located(m, p)
                ):
                    yield self.found(m.target, "operatesIn", p.target)
        yield from self._pronoun_at_place()

    def _pronoun_at_place(self) -> Iterator[Found]:
        """The Force in Cyprus, the Mission deployed in Haiti: the mission in focus where
        its pronoun stands right before one of its hosts (or any place, hosts unknown)."""
        if not self.places:
            return
        for pron in self._pronouns(MISSION_PRONOUN, self.focus):
            hosts = self.rules.hosts.get(pron.target.iri)
            for p in self.places:
                at = p.start >= pron.end and _PRONOUN_AT.match(self.text[pron.end : p.start])
                if at and (not hosts or p.target.iri in hosts):
                    yield self.found(pron.target, "operatesIn", p.target)

    def _written_name(self, mission: Span) -> str:
        """The mission's name as the sentence writes it: a short form in brackets right
        after its full name (Mission in Afghanistan (UNAMA), 联合国驻黎巴嫩临时部队(联黎部队))
        carries that full name with it."""
        before = self.text[self.s : mission.start].rstrip()
        if not before.endswith(("(", "（")):
            return mission.text
        clause = _CLAUSE_END.split(before[:-1])[-1]
        return clause[-80:] + mission.text

    def _located(self, mission: Span, place: Span) -> bool:
        before = self.text[max(self.s, place.start - 4) : place.start]
        return bool(LOCATIVE.search(before)) and abs(place.start - mission.end) <= 40

    def _pronouns(self, pattern: re.Pattern[str], target: Target | None) -> list[Span]:
        if target is None:
            return []
        return [
            Span(m.start(), m.end(), target, m.group(0))
            for m in pattern.finditer(self.text, self.s, self.e)
            if not any(sp.start <= m.start() < sp.end for sp in self.spans)
        ]

    def _pronouns_after_missions(self) -> list[Span]:
        """该部队 / the Force after a mission named in the same sentence: that mission (…第983号
        决议…预防性部署部队,以及第1142号决议,其中安理会将该部队的任务延至…)."""
        if not self.missions:
            return []
        out = []
        for p in self._pronouns(MISSION_PRONOUN, self.missions[0].target):
            named = [m for m in self.missions if m.end <= p.start]
            if named:
                out.append(Span(p.start, p.end, named[-1].target, p.text))
        return out

    def mandates(self) -> Iterator[Found]:
        resolutions = [
            sp
            for sp in self.spans
            if sp.target.type == "Resolution" and sp.target.key.startswith("S/RES/")
        ]
        letters = [sp for sp in self.spans if _LETTER_SYMBOL.match(sp.target.key)]
        if letters and _LETTER.search(self.text, self.s, self.e):  # letters can act too
            resolutions += letters
        resolutions += self._pronouns(RESOLUTION_PRONOUN, self.resolution)
        if not resolutions:
            return  # every act pairs a mission with a resolution (or letter) named here
        missions = (
            self.missions + self._pronouns_after_missions()
            or self._pronouns(MISSION_PRONOUN, self.focus)
            or self._pronouns(_ITS_MANDATE, self.focus)
        )
        items = sorted([*resolutions, *missions], key=lambda sp: sp.start)
        yield from self._renamed(items)
        for a, b in pairwise(items):
            if (a.target.type == "Mission") == (b.target.type == "Mission"):
                continue
            window_end = _clause_end(self.text, b.end, self.e)
            window = _english_clause(self.text[a.start : window_end])
            # the verb between the two (第N号决议所设X…延长) before one after the later one
            predicate, cue_at = _mandate_cue(window[: b.start - a.start])
            if predicate is None:
                predicate, cue_at = _mandate_cue(window)
            if predicate is None and a.target.type == "Mission":
                predicate, cue_at = self._verb_before(a, b)
            if predicate is None:
                continue
            boundary = _CLAUSE_END.search(self.text, a.end, b.start)
            if (
                boundary
                and a.start + cue_at < boundary.end()
                and not _BY_RESOLUTION.match(self.text, boundary.end(), b.start)
            ):
                continue  # the verb belongs to the first clause, not to the mission named after it
            mission = a if a.target.type == "Mission" else b
            res = b if mission is a else a
            if mission is b and _OTHER_OBJECT.search(self.text, a.start + cue_at, b.start):
                continue  # "extend its authorization of the forces supporting X": not X's mandate
            if self.acting and mission is a and _MANDATE_UNDER.fullmatch(self.text, a.end, b.start):
                continue  # the document acts (`own_acts`); resolution N set out the mandate
            if MODIFIES.search(self.text, a.end, b.start) or MODIFIES.match(
                self.text[res.end : res.end + 8].lstrip("号決决议議 ")
            ):
                continue  # "as set out in resolution N", 第N号决议规定的: N does not act here
            date = until = None
            if predicate == "mandateTerminatedBy":
                date = effective_date(
                    self.text[a.start + cue_at - 30 if cue_at > 30 else a.start : self.e]
                )
            elif predicate == "mandateExtendedBy":
                until = mandate_until(self.text, a.start + cue_at, window_end)
            for each in self._listed_with(res, resolutions):
                yield Found(mission.target, predicate, each.target, self.s, self.e, date, until)

    def _renamed(self, items: list[Span]) -> Iterator[Found]:
        """第983(1995)号决议,其中安理会决定…联合国保护部队将被称为联合国预防性部署部队, resolution N
        decided that X shall be known as Y: the resolution set up the mission under its new
        name (Y, a mission of its own in the reference data)."""
        for a, b in pairwise(items):
            if a.target.type == "Mission" or b.target.type != "Mission":
                continue
            if MODIFIES.search(self.text, a.end, b.start):
                continue
            for c in self.missions:
                if c.start >= b.end and c.target != b.target:
                    if _RENAMED.fullmatch(self.text, b.end, c.start):
                        yield self.found(c.target, "establishedBy", a.target)
                    break

    def _verb_before(self, mission: Span, res: Span) -> tuple[str | None, int]:
        """ "The Council extended the Mission for 12 months in resolution 2040 (2012)", "the
        establishment of UNOWAS (S/2016/89)", 关于设立X的第N号决议: the verb right before the
        mission, when the resolution or letter follows as its means, in brackets or as the
        resolution "on" that act."""
        between = self.text[mission.end : res.start]
        if not (
            _IN_RESOLUTION.search(between)
            or _BRACKET.fullmatch(between)
            or _OF_RESOLUTION.fullmatch(between)
        ):
            return None, -1
        lead = self.text[max(self.s, mission.start - 30) : mission.start]
        lead = _CLAUSE_END.split(lead)[-1]
        predicate, _ = _mandate_cue(lead)
        return predicate, 0

    def _listed_with(self, res: Span, resolutions: list[Span]) -> list[Span]:
        """`res` and the references listed right before it (第1270(1999)号和第1289(2000)号
        决议所设, S/2001/1128 and S/2001/1129): one act of them all."""
        out = [res]
        for prev in sorted((r for r in resolutions if r.end <= res.start), key=lambda r: -r.end):
            between = self.text[prev.end : out[-1].start]
            if len(between) > 24 or not _LIST_JOIN.search(between) or _CLAUSE_END.search(between):
                break
            out.append(prev)
        return out

    def own_acts(self) -> Iterator[Found]:
        """The act of the document itself (an operative paragraph) or of the resolution a
        headline says was adopted (`…, Adopting Resolution 2690 (2023)`)."""
        resolutions = [
            sp
            for sp in self.spans
            if sp.target.type == "Resolution" and sp.target.key.startswith(("S/RES/", "A/RES/"))
        ]
        acting = self.acting
        if acting is None:
            if not resolutions:
                return  # no resolution named that a headline could say was adopted
            adopted = ADOPTING.search(self.text, self.s, self.e)
            named = [r for r in resolutions if adopted and r.start >= adopted.end()]
            if not named:
                return
            acting = named[0].target
        others = [r for r in resolutions if r.target.key != acting.key]
        missions = (
            self.missions
            or self._pronouns(MISSION_PRONOUN, self.focus)
            or (self.acting and self._pronouns(GENERIC_MISSION, self.focus))
        )
        act = own_act(self.text, self.s, self.e, missions, others)
        if act is None:
            return
        if self.acting is None and not _close_after(self.text, act):
            return  # a headline's verb names the mission it acts on right after it
        date = effective_date(self.text[act.cue_at : self.e])
        if act.predicate == "mandateTerminatedBy":
            yield Found(act.mission, act.predicate, acting, self.s, self.e, date=date)
        elif act.predicate == "mandateModifiedBy":
            yield Found(act.mission, act.predicate, acting, self.s, self.e)
        else:
            yield Found(act.mission, act.predicate, acting, self.s, self.e, until=date)

    def supports(self) -> Iterator[Found]:
        has_actor = self.actors or self.actor_focus is not None
        if not (has_actor and (self.missions or self.places)):
            return  # an actor and what it supports must both be named (the cheap test first)
        if not SUPPORT.search(self.text, self.s, self.e):
            return
        actors = self.actors + self._pronouns(ACTOR_PRONOUN, self.actor_focus)
        targets = _coordinated(
            self.text, sorted(self.missions + self.places, key=lambda sp: sp.start)
        )
        for run in _coordinated(self.text, sorted(actors, key=lambda sp: sp.start)):
            head, last = run[0], run[-1]
            framed = _SUPPORT_FRAME.match(self.text[last.end : self.e]) or _SUPPORT_OF.search(
                self.text[max(self.s, head.start - 40) : head.start]
            )
            frame_end = last.end + (framed.end() if framed and framed.re is _SUPPORT_FRAME else 0)
            for group in targets:
                if group[-1].end <= head.start and self._supports_backward(group[-1], head):
                    for a in run:
                        for t in group:
                            yield self.found(a.target, "supports", t.target)
                    continue
                if group[0].start < last.end:
                    # "T … with the support of A": the English frame follows what it supports.
                    before_frame = framed and framed.re is _SUPPORT_OF
                    if before_frame and _reach(self.text[group[-1].end : head.start]) <= 30:
                        for a in run:
                            for t in group:
                                yield self.found(a.target, "supports", t.target)
                    continue
                near_frame = framed and group[0].start - frame_end <= 30
                if near_frame or self._supports_forward(last, group[0], group[-1]):
                    for a in run:
                        for t in group:
                            if t.target != a.target:
                                yield self.found(a.target, "supports", t.target)

    def _supports_backward(self, target: Span, actor: Span) -> bool:
        """T 获得/得到/接受 A 的援助|支持, T received support from A."""
        between = self.text[target.end : actor.start]
        after = self.text[actor.end : actor.end + 12]
        return (
            len(between) <= 30
            and bool(_RECEIVE.search(between))
            and bool(SUPPORT.search(after) or SUPPORT.search(between))
        )

    def _supports_forward(self, actor: Span, target: Span, last: Span) -> bool:
        """A 为/向 T 提供支持, A 支持 T, A supported T: a support verb right before the target,
        or 为/向 T … 提供支持 right after it, with no other entity in between."""
        between = self.text[actor.end : target.start]
        if _reach(between) > 80 or any(
            actor.end <= sp.start < target.start
            for sp in self.spans
            if sp.target.type in ("Mission", "Programme", "Organization")
        ):
            return False
        last_cue = None
        for last_cue in SUPPORT.finditer(between):  # noqa: B007  (keep the last)
            pass
        if last_cue is not None and _reach(between[last_cue.end() :]) <= 25:
            return True
        tail = self.text[last.end : _clause_end(self.text, last.end, self.e)][:40]
        return bool(_TO_TARGET.search(between[-6:]) and SUPPORT.search(tail))

    def cooperation(self) -> Iterator[Found]:
        if not self.missions or not COOPERATE.search(self.text, self.s, self.e):
            return
        partners = [sp for sp in self.actors if sp.target.type == "Organization"] + self.missions
        for m in _first_each(self.missions):
            for p in partners:
                if p.target == m.target or p.start < m.end:
                    continue
                between = self.text[m.end : p.start]
                clause = self.text[m.end : _clause_end(self.text, p.end, self.e)]
                linker = _PARTNER if p.target.type == "Mission" else _WITH
                if (
                    _reach(between) <= 30
                    and linker.search(between)
                    and COOPERATE.search(clause)
                    and "决议" not in between
                ):
                    yield self.found(m.target, "cooperatesWith", p.target)

    def succession(self) -> Iterator[Found]:
        missions = _first_each(self.missions)
        for a, b in pairwise(missions):
            between = self.text[a.end : b.start]
            after = self.text[b.end : _clause_end(self.text, b.end, self.e)]
            cue = SUCCEED.search(between)
            if cue:
                word, before = cue.group(0), between[: cue.start()]
                passive = (
                    "由" in before
                    or "被" in before
                    or between[cue.end() :].lstrip().startswith("by")
                )
                reverse = bool(_SUCCEED_REVERSE.match(word)) and not passive
            elif SUCCEED.search(after):  # A 由 B 接替 / A … B took over
                reverse = False
            else:
                continue
            first, second = (b, a) if reverse else (a, b)
            yield self.found(first.target, "succeededBy", second.target)


def _close_after(text: str, act) -> bool:
    """ "Extends Mandate of X", "Closure of X", "Mandate Extension for X": the mission within a
    few words after the verb (not "extend its authorization of the forces supporting X")."""
    return act.mission_at >= act.cue_at and act.mission_at - act.cue_at <= 28


def _coordinated(text: str, actors: list[Span]) -> list[list[Span]]:
    """Group actors named in one list (开发署、儿基会和建设和平基金 / UNDP, UNICEF and the PBF)."""
    runs: list[list[Span]] = []
    for a in actors:
        if runs and _COORD.match(text[runs[-1][-1].end : a.start]):
            runs[-1].append(a)
        else:
            runs.append([a])
    return runs


def _english_clause(window: str) -> str:
    """Cut an English window at the next coordinated verb phrase (… and decided that …)."""
    m = re.search(r"\s+and (?:decided|requested|called|urged|noted|welcomed)\b", window)
    return window[: m.start()] if m else window


def _mandate_cue(window: str) -> tuple[str | None, int]:
    """The mandate verb in `window` that sits closest to its end (the later mention)."""
    best: tuple[str | None, int] = (None, -1)
    for predicate, m in cue_matches(window):
        if m.start() > best[1] and not sets_up_a_part(window, m.start(), m.end()):
            best = (predicate, m.start())
    return best


def _place(iri: str) -> Target:
    kind = iri.rsplit("/", 2)[-2]
    return Target("Territory" if kind == "territory" else "Country", iri.rsplit("/", 1)[-1], iri)
