"""The spaCy pipeline components of unkg, registered with ``@Language.factory``.

Each component works on a `UnitState`: the unit's text, its matching copy, the report's
context and what the components found so far. The proposing components (gazetteer, symbols,
abbreviations, open classes) append `Candidate`s (offsets, target, source) to its
``candidates``, where readings may overlap; `unkg_mentions` chooses the final non-overlapping
``mentions`` and `unkg_relations` the ``relations`` between them. No component reads tokens,
so unkg's own extraction (`unkg.extract.pipeline`) runs them on the state alone
(`processes`) and never makes a Doc; as spaCy components they work on the state a Doc
carries in ``doc.user_data["unkg_unit"]`` and expose the mentions as
``doc.spans["unkg_mentions"]`` (label = type, ``kb_id_`` = entity IRI) and the relations as
``doc._.unkg_relations``. Per-report state (short forms defined earlier in the report, the
mission in focus) is the `ReportContext`, which a Doc takes from
``doc.user_data["unkg_context"]`` when one is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import msgspec
from spacy.language import Language
from spacy.tokens import Doc

from unkg.extract.abbreviations import abbreviates, definitions, occurrences
from unkg.extract.choosing import (
    PLACES,
    TITLE,
    drop_citing_organs,
    drop_names_in_titles,
    inside_a_name,
    longest_first,
)
from unkg.extract.gazetteer import Gazetteer, Target
from unkg.extract.model import ReportMeta
from unkg.extract.naming import MissionNames, kind_of, mint, name_before, without_title
from unkg.extract.relation_sentence import Found
from unkg.extract.relation_sentence import Span as RelSpan
from unkg.extract.relations import RelationRules
from unkg.extract.symbols import classify, find_symbols
from unkg.extract.textnorm import match_text
from unkg.extract.translit import in_personal_name
from unkg.ontology.ids import type_iri
from unkg.ontology.reference import LANGS, load_reference, reference_signature

UNIT = "unkg_unit"
# A defined name that is no entity the graph models (a party, a movement): never a mention,
# but a country named inside it (安哥拉 in 争取安哥拉彻底独立全国联盟) is not one either.
NAME_ONLY = Target("Name", "", "")
MENTIONS = "unkg_mentions"

if not Doc.has_extension("unkg_relations"):
    Doc.set_extension("unkg_relations", default=())


class Candidate(msgspec.Struct, frozen=True, gc=False):
    start: int
    end: int
    target: Target
    source: str
    distance: int = 0  # edits between the text and the reference name (fuzzy matches)


@dataclass
class ReportContext:
    """What earlier units of the same report taught the pipeline."""

    learned: dict[str, Target] = field(default_factory=dict)  # short form → entity
    focus: Target | None = None  # the last mission named
    own_symbol: str | None = None  # the report's own symbol (from its metadata)
    acts_as: Target | None = None  # the report itself when its paragraphs can act on mandates
    date: str | None = None  # the report's date (ISO): names are read as of then

    @classmethod
    def of(cls, meta: ReportMeta, date: str | None = None) -> ReportContext:
        """The context a report starts with: its own symbol, and the report itself as the
        author of mandate acts when it is a resolution (or a letter: an exchange of letters
        can set up a political mission); names are read as of `date`."""
        acts_as = None
        if meta.symbol:
            etype, _ = classify(meta.symbol)
            if etype == "Resolution" or meta.kind == "letter":
                acts_as = Target(etype, meta.symbol, type_iri(etype, meta.symbol))
        return cls(own_symbol=meta.symbol, acts_as=acts_as, date=date)


@dataclass(slots=True)
class UnitState:
    """One unit as the components see it, and what they found in it."""

    text: str
    match: str  # the matching copy (`textnorm.match_text`): same length, same offsets
    ctx: ReportContext
    candidates: list[Candidate] = field(default_factory=list)  # readings, may overlap
    mentions: list[Candidate] = field(default_factory=list)  # chosen, in text order
    relations: tuple[Found, ...] = ()

    def add(self, cand: Candidate) -> None:
        """Propose a reading; overlaps are allowed until `unkg_mentions` chooses."""
        self.candidates.append(cand)


def unit_state(doc: Doc) -> UnitState:
    """The state a Doc carries, made from its text on first use (the spaCy way in)."""
    state = doc.user_data.get(UNIT)
    if state is None:
        text = doc.text
        ctx = doc.user_data.setdefault("unkg_context", ReportContext())
        state = doc.user_data[UNIT] = UnitState(text, match_text(text), ctx)
    return state


class Component:
    """A step of the pipeline: `process` reads and adds to a unit's state. Called by spaCy,
    it does so on the state the Doc carries."""

    def process(self, unit: UnitState) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.process(unit_state(doc))
        return doc


def processes(nlp: Language) -> tuple[Callable[[UnitState], None], ...]:
    """The `process` of each of `nlp`'s components, in order, to run on a unit's state alone:
    no Doc, no tokens (none reads them), which would cost more than all the components.

    unkg runs each step over all the units of a block, in order, before the next step
    (`paragraphs.unit_paragraphs`): one step at a time keeps its data (the gazetteer's automata, the
    step's regexes) in the processor's caches, where switching steps at every unit evicts
    them. That gives what running every step on one unit before the next would, because a
    step carries what it learns from unit to unit only in `ReportContext` fields that no other
    step reads (abbreviations: ``learned``; relations: ``focus``); a new step must keep it so."""
    return tuple(proc.process for _, proc in nlp.pipeline)


@cache
def _gazetteer_for(langs: tuple[str, ...], signature: tuple) -> Gazetteer:
    return Gazetteer.from_reference(load_reference(), langs)


def _gazetteer(langs: tuple[str, ...]) -> Gazetteer:
    """The gazetteer of the reference data in force (rebuilt when the data changes)."""
    return _gazetteer_for(langs, reference_signature())


@Language.factory("unkg_gazetteer", default_config={"langs": list(LANGS)})
def make_gazetteer(nlp: Language, name: str, langs: list[str]) -> GazetteerComponent:
    return GazetteerComponent(tuple(langs))


class GazetteerComponent(Component):
    """Curated names (reference data, stop phrases, ambiguity rules), longest match first."""

    def __init__(self, langs: tuple[str, ...]) -> None:
        self.langs = langs
        self.gazetteer = _gazetteer(langs)
        self.missions = MissionNames(load_reference(), self.gazetteer)

    def process(self, unit: UnitState) -> None:
        text, date = unit.match, unit.ctx.date
        add = unit.candidates.append  # (`unit.add`, without a call of Python code per name)
        for m in self.gazetteer.find(text, date):
            if m.target is None:
                continue
            if m.target.type in PLACES and in_personal_name(text, m.start, m.end):
                continue  # 马里 in 特斯法马里亚姆: part of a person's name
            add(Candidate(m.start, m.end, m.target, "gazetteer"))
        if "United Nati" in text:  # OCR-damaged names of known missions, with their distance
            known = {c.start for c in unit.candidates}
            for start, end, target, distance in self.missions.damaged(text, known, date):
                unit.add(Candidate(start, end, target, "gazetteer", distance))


@Language.factory("unkg_symbols")
def make_symbols(nlp: Language, name: str) -> SymbolComponent:
    return SymbolComponent()


class SymbolComponent(Component):
    """Resolution and document references, normalized to UN symbols."""

    def process(self, unit: UnitState) -> None:
        for m in find_symbols(unit.match, unit.ctx.own_symbol):
            unit.add(Candidate(m.start, m.end, _symbol_target(m.type, m.key), "symbols"))


@lru_cache(maxsize=4096)
def _symbol_target(etype: str, key: str) -> Target:
    """The target of a symbol: a report cites the same few resolutions again and again, and
    making the IRI (`type_iri`) costs a regex substitution."""
    return Target(etype, key, type_iri(etype, key))


@Language.factory("unkg_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationComponent:
    return AbbreviationComponent()


class AbbreviationComponent(Component):
    """Learns 全称(简称) definitions and finds the short forms learned earlier in the report;
    mints an entity when the full name is unknown."""

    def __init__(self) -> None:
        self.gazetteer = _gazetteer(LANGS)
        self.missions = MissionNames(load_reference(), self.gazetteer)

    def process(self, unit: UnitState) -> None:
        text, ctx = unit.match, unit.ctx
        # Short forms defined earlier in the report. This component both reads and writes
        # them (and no other does), so the report's units must reach it in order (they do:
        # see `processes`).
        for short, target in ctx.learned.items():
            for s in occurrences(text, short):
                unit.add(Candidate(s, s + len(short), target, "abbreviation"))
        known: set[tuple[int, int, Target]] | None = None  # made at the first definition
        for m in definitions(text):
            short = m.group(1).strip()
            if len(short) < 2 or short.isdigit():
                continue
            if known is None:
                known = {
                    (c.start, c.end, c.target)
                    for c in unit.candidates
                    if c.source in ("gazetteer", "symbols")
                }
            name_end = len(text[: m.start()].rstrip())  # "Programme (UNDP)" has a space
            full = [
                t
                for start, end, t in known
                if end == name_end and abbreviates(short, text[start:end])
            ]
            if full:
                target = full[0]
            else:
                named = self._name(text, name_end, short, ctx.date)
                if named is None:
                    continue
                target, start, distance = named
                unit.add(Candidate(start, name_end, target, "abbreviation", distance))
                if target is NAME_ONLY:
                    continue
            if short not in ctx.learned and self.gazetteer.lookup(short) is None:
                ctx.learned[short] = target
                # The definition itself and every later use in this unit.
                for s in occurrences(text, short, m.start(1)):
                    unit.add(Candidate(s, s + len(short), target, "abbreviation"))

    def _name(
        self, text: str, end: int, short: str, date: str | None
    ) -> tuple[Target, int, int] | None:
        """What the unknown name ending at `end`, defined as `short`, refers to, where it
        starts and its edit distance from the reference name: a known mission when the
        short form is one (an unfamiliar variant of its full name, never a new mission)
        or when the name is a damaged spelling of one; else a new entity."""
        name = name_before(text, end)
        if name is not None and name.text.isascii():
            name = without_title(name, short)
        if name is None or not abbreviates(short, name.text):
            return None
        known = self.gazetteer.lookup(short, date)
        if known is not None:  # (MINURCAT), (联刚特派团): the name is that entity's
            if known.type != "Mission":
                return None
            return known, name.start, self.missions.distance(known, name.text)
        if name.text.isascii() and kind_of(name.text) == "Mission":
            close = self.missions.closest(name.text, date)
            if close is not None:
                return close[0], name.start, close[1]
        target = mint(name.text)
        if target is None and not name.text.isascii():
            target = NAME_ONLY  # 争取安哥拉彻底独立全国联盟(安盟): no entity, but Angola is
        return (target, name.start, 0) if target is not None else None  # not a mention there


_QUOTED_KINDS = ("倡议", "方案", "基金", "战略", "举措")
_QUOTED = re.compile(rf"[“\"]([^“”\"]{{2,24}})[”\"]\s*({'|'.join(_QUOTED_KINDS)})")
_TITLE_KIND = re.compile(
    r"(战略|计划|框架|议程|方案|倡议|基金|系统|Strategy|Plan|Framework|Agenda)$"
)


@Language.factory("unkg_open_classes")
def make_open_classes(nlp: Language, name: str) -> OpenClassComponent:
    return OpenClassComponent()


class OpenClassComponent(Component):
    """《…》 titled programmes and “…”倡议 initiatives: linked when known, minted when not."""

    def __init__(self) -> None:
        self.gazetteer = _gazetteer(LANGS)

    def process(self, unit: UnitState) -> None:
        text = unit.match
        gaz = self.gazetteer
        for m in TITLE.finditer(text) if "《" in text else ():  # (`in`: at once in English)
            title = m.group(1)
            target = gaz.lookup(title)
            if target is None and _TITLE_KIND.search(title):
                target = Target("Programme", title, type_iri("Programme", title), minted=True)
            if target is not None:
                unit.add(Candidate(m.start(1), m.end(1), target, "open_class"))
        # (an English text has quotation marks and never the words that end a match)
        quoted = not text.isascii() and any(kind in text for kind in _QUOTED_KINDS)
        for m in _QUOTED.finditer(text) if quoted else ():
            whole = text[m.start() : m.end()]
            inner = m.group(1) + m.group(2)
            target = gaz.lookup(whole) or gaz.lookup(inner) or gaz.lookup(m.group(1))
            if target is None:
                target = Target("Programme", inner, type_iri("Programme", inner), minted=True)
            unit.add(Candidate(m.start(), m.end(), target, "open_class"))


@Language.factory("unkg_mentions")
def make_mentions(nlp: Language, name: str) -> MentionComponent:
    return MentionComponent()


class MentionComponent(Component):
    """Chooses one reading per stretch of text: symbols, then curated names, longest first."""

    def process(self, unit: UnitState) -> None:
        if not unit.candidates:  # (a fifth of English units: nothing to choose from)
            unit.mentions = []
            return
        names = [c for c in unit.candidates if c.target is NAME_ONLY]
        cands = [c for c in unit.candidates if c.target is not NAME_ONLY]
        text = unit.match
        taken = longest_first(cands, len(text)) if len(cands) > 1 else cands
        if names:
            taken = [c for c in taken if not inside_a_name(c, names)]
        taken = drop_citing_organs(text, taken)
        taken = drop_names_in_titles(text, taken)
        unit.mentions = taken

    def __call__(self, doc: Doc) -> Doc:
        """Also exposes the mentions as ``doc.spans["unkg_mentions"]`` for spaCy users."""
        unit = unit_state(doc)
        self.process(unit)
        if not unit.mentions:
            return doc
        spans = []
        for c in unit.mentions:
            span = doc.char_span(c.start, c.end, label=c.target.type, alignment_mode="expand")
            if span is not None:
                span.kb_id_ = c.target.iri
                spans.append(span)
        doc.spans[MENTIONS] = spans
        return doc


@cache
def _rules_for(signature: tuple) -> RelationRules:
    ref = load_reference()
    hosts = {
        e.iri: frozenset(h for code in e.multi("host") for h in _place_iris(ref, code))
        for e in ref.by_type("Mission")
    }
    names = {
        e.iri: tuple(n for lang in LANGS for n in e.names(lang))
        for e in ref.entities.values()
        if e.type in PLACES
    }
    missions = {
        e.iri: tuple(n for lang in LANGS for n in e.names(lang)) for e in ref.by_type("Mission")
    }
    established = {e.iri: frozenset(e.multi("established_by")) for e in ref.by_type("Mission")}
    short = {e.iri: frozenset(e.multi("short_zh")) for e in ref.by_type("Mission")}
    dated: dict[str, tuple[str, ...]] = {}
    for row in ref.dated:
        if row.iri in names and row.alias not in names[row.iri]:
            dated[row.iri] = (*dated.get(row.iri, ()), row.alias)
    return RelationRules(hosts, names, missions, established, short, dated)


def _rules() -> RelationRules:
    """The relation rules for the reference data in force."""
    return _rules_for(reference_signature())


def _place_iris(ref, code: str) -> list[str]:
    return [e.iri for e in (ref.find("Country", code), ref.find("Territory", code)) if e]


@Language.factory("unkg_relations")
def make_relations(nlp: Language, name: str) -> RelationComponent:
    return RelationComponent()


class RelationComponent(Component):
    """Relations stated in each sentence, between the mentions of `unkg_mentions`."""

    def __init__(self) -> None:
        self.rules = _rules()

    def process(self, unit: UnitState) -> None:
        ctx, text = unit.ctx, unit.match
        spans = [RelSpan(c.start, c.end, c.target, text[c.start : c.end]) for c in unit.mentions]
        unit.relations = tuple(self.rules.find(text, spans, ctx.focus, ctx.acts_as))
        missions = [s.target for s in spans if s.target.type == "Mission"]
        if missions:
            ctx.focus = missions[-1]

    def __call__(self, doc: Doc) -> Doc:
        """Also exposes the relations as ``doc._.unkg_relations`` for spaCy users."""
        unit = unit_state(doc)
        self.process(unit)
        doc._.unkg_relations = unit.relations
        return doc


PIPES = (
    "unkg_gazetteer",
    "unkg_symbols",
    "unkg_abbreviations",
    "unkg_open_classes",
    "unkg_mentions",
    "unkg_relations",
)
