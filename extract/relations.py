"""Relation rules: which sentences state which links between the entities they name.

Rules are written from how UN reports phrase these facts in Chinese and English, and
each needs both entities (or an unambiguous pronoun for the mission) inside one
sentence, so every relation has a sentence to show as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from unkg.extract.gazetteer import Target

_SENTENCE_END = re.compile(r"[。！？；!?;]+|(?<=[a-z0-9)\]])\.(?=\s+[A-Z(])|\n")

TERMINATE = re.compile(r"终止|结束[^。；]{0,8}任务|撤出|撤离|关闭|terminat|end(?:ed|ing)? the mandate|close|withdraw")
EXTEND = re.compile(r"延长|延期|续延|extend|renew|prolong")
ESTABLISH = re.compile(r"设立|成立|建立|部署了?一个|establish|created?|set up")
MANDATE = re.compile(r"任务|授权|mandate")
SUPPORT = re.compile(r"支持|支助|援助|资助|协助|帮助|捐助|support|assist|fund(?:ed|ing|s)?\b|financ")
COOPERATE = re.compile(r"合作|伙伴关系|协作|协调|联合|cooperat|partner|coordinat|joint(?:ly)?\b|together with")
SUCCEED = re.compile(r"过渡到|过渡为|接替|继任|后续|取代|改组为|移交给|transition(?:ed)? to|succeed|replac|follow-on|successor")
LOCATIVE = re.compile(r"在|驻|境内|部署于|部署在|派驻|\bin\b|\bdeployed to\b|\bbased in\b")
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTHS = "January February March April May June July August September October November December"
_DATE_EN = re.compile(rf"(\d{{1,2}})\s+({'|'.join(_MONTHS.split())})\s+(\d{{4}})")
PRONOUN = re.compile(r"该特派团|该团|该部队|特派团|稳定团|the Mission|the Force|the Operation")


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
    date: str | None = None


def sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


def effective_date(sentence: str) -> str | None:
    m = _DATE_ZH.search(sentence)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    m = _DATE_EN.search(sentence)
    if m:
        month = _MONTHS.split().index(m[2]) + 1
        return f"{int(m[3]):04d}-{month:02d}-{int(m[1]):02d}"
    return None


def _between(text: str, a: Span, b: Span) -> str:
    lo, hi = sorted((a, b), key=lambda s: s.start)
    return text[lo.end : hi.start]


class RelationRules:
    """All relation rules, given host countries and country names from the reference data."""

    def __init__(
        self,
        hosts: dict[str, frozenset[str]],
        country_names: dict[str, tuple[str, ...]],
        mission_names: dict[str, tuple[str, ...]],
    ) -> None:
        self.hosts = hosts  # mission IRI → host country/territory IRIs
        self.country_names = country_names  # country IRI → its names (all languages)
        # mission IRI → the hosts its own official names name (联合国驻黎巴嫩临时部队 → LBN)
        self.named_hosts = {
            m: frozenset(
                h for h in hs
                if any(n in name for n in country_names.get(h, ()) for name in mission_names.get(m, ()))
            )
            for m, hs in hosts.items()
        }

    def find(self, text: str, spans: Sequence[Span], focus: Target | None) -> list[Found]:
        out: list[Found] = []
        for s, e in sentences(text):
            inside = [sp for sp in spans if sp.start >= s and sp.end <= e]
            out.extend(self._sentence(text, s, e, inside, focus))
            for sp in inside:
                if sp.target.type == "Mission":
                    focus = sp.target
        return list(dict.fromkeys(out))

    def _sentence(self, text, s, e, spans, focus) -> Iterator[Found]:
        sentence = text[s:e]
        missions = [sp for sp in spans if sp.target.type == "Mission"]
        places = [sp for sp in spans if sp.target.type in ("Country", "Territory")]
        resolutions = [sp for sp in spans if sp.target.type == "Resolution"]
        actors = [sp for sp in spans if sp.target.type in ("Programme", "Organization")]

        def found(subj: Target, pred: str, obj: Target, date: str | None = None) -> Found:
            return Found(subj, pred, obj, s, e, date)

        # A mission operates where its own name says (中非稳定团 → CAF) and where the sentence puts it.
        for m in missions:
            for host in self.named_hosts.get(m.target.iri, ()):
                yield found(m.target, "operatesIn", _country(host))
            if m.target.minted:
                for iri, names in self.country_names.items():
                    if any(n in m.text for n in names if len(n) > 1):
                        yield found(m.target, "operatesIn", _country(iri))
            hosts = self.hosts.get(m.target.iri)
            for p in places:
                if hosts and p.target.iri in hosts:
                    yield found(m.target, "operatesIn", p.target)
                elif not hosts and len(missions) == 1 and _located(text, m, p):
                    # A mission the reference data does not place: trust a locative phrase.
                    yield found(m.target, "operatesIn", p.target)
        # Resolutions that establish, extend or end a mission's mandate.
        subjects = missions or ([_pseudo(focus)] if focus and PRONOUN.search(sentence) else [])
        if resolutions and subjects:
            predicate = _mandate_predicate(sentence)
            if predicate:
                date = effective_date(sentence) if predicate == "mandateTerminatedBy" else None
                for m in _nearest_each(resolutions, subjects):
                    for r in resolutions:
                        if r.target.key.startswith("S/RES/"):
                            yield found(m.target, predicate, r.target, date)
        # Programmes and organizations that support a mission or country.
        if actors and SUPPORT.search(sentence):
            for a in actors:
                for t in missions + places:
                    if _supports(text, a, t):
                        yield found(a.target, "supports", t.target)
        # Missions that cooperate with organizations.
        if missions and actors and COOPERATE.search(sentence):
            for m in missions:
                for a in actors:
                    if a.target.type == "Organization":
                        yield found(m.target, "cooperatesWith", a.target)
        # One mission succeeded by another.
        if len(missions) >= 2 and SUCCEED.search(sentence):
            first, second = missions[0], missions[1]
            if first.target != second.target:
                cue = SUCCEED.search(_between(text, first, second) or "")
                if cue and re.match(r"接替|取代|replac", cue.group(0)):
                    first, second = second, first
                yield found(first.target, "succeededBy", second.target)


def _located(text: str, mission: Span, place: Span) -> bool:
    """M 在 P / 驻 P 的 M / M … in P: a locative word right before the place name."""
    before = text[max(0, place.start - 4) : place.start]
    return bool(LOCATIVE.search(before)) and abs(place.start - mission.end) <= 40


def _pseudo(target: Target) -> Span:
    return Span(0, 0, target, "")


def _country(iri: str) -> Target:
    kind = iri.rsplit("/", 2)[-2]
    return Target("Territory" if kind == "territory" else "Country", iri.rsplit("/", 1)[-1], iri)


def _mandate_predicate(sentence: str) -> str | None:
    if not MANDATE.search(sentence) and not ESTABLISH.search(sentence):
        return None
    if TERMINATE.search(sentence):
        return "mandateTerminatedBy"
    if EXTEND.search(sentence):
        return "mandateExtendedBy"
    if ESTABLISH.search(sentence):
        return "establishedBy"
    return None


def _nearest_each(resolutions: list[Span], missions: list[Span]) -> list[Span]:
    """With one resolution, the missions it governs; with several, those nearest to each."""
    if len(missions) <= 1 or len(resolutions) == 1 and len(missions) <= 2:
        return missions
    chosen = {min(missions, key=lambda m, r=r: abs(m.start - r.start)) for r in resolutions}
    return [m for m in missions if m in chosen]


def _supports(text: str, actor: Span, target: Span) -> bool:
    """The support cue must sit between the supporter and the supported, or frame the supporter."""
    between = _between(text, actor, target)
    if actor.start < target.start and SUPPORT.search(between) and len(between) <= 40:
        return True
    # 在开发署(和…)支持下，…刚果民主共和国… / with the support of UNDP, … Mali
    frame = text[actor.end : actor.end + 20]
    return bool(re.match(r"[^，。,;；]{0,12}(?:的)?(?:支持|支助|资助|协助)下|[^，。]{0,12}support", frame)) or (
        bool(re.search(r"(?:support|assistance) (?:of|from)\s*$", text[max(0, actor.start - 30) : actor.start]))
    )


RuleFactory = Callable[[], RelationRules]
