"""operatesIn: where a mission works.

The mission's name as written names its host (联合国驻黎巴嫩临时部队 → LBN; never the short
form 联黎部队 alone), or the sentence or paragraph names the mission together with one of its
host countries, or "the Force in Cyprus" follows the mission in focus; a mission the
reference data does not place needs a locative phrase (在/驻 P, in P).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from unkg.extract.gazetteer import Target
from unkg.extract.relation_sentence import (
    CLAUSE_END,
    MISSION_PRONOUN,
    PLACES,
    Found,
    Sentence,
    Span,
    first_each,
)

LOCATIVE = re.compile(
    r"在|驻|境内|部署于|部署在|派驻|\bin\b|\b(?:deployed|stationed) (?:to|in)\b|\bbased in\b"
)
# the Force in Cyprus, the Mission deployed in Haiti, 该特派团在马里: a mission in focus, and where
_PRONOUN_AT = re.compile(
    r"^\s*(?:(?:deployed|stationed|based|operating)\s+)?(?:in|to)\s+(?:the\s+)?$|^\s*(?:在|驻)$"
)


def operates_in(sent: Sentence) -> Iterator[Found]:
    rules = sent.rules
    for m in sent.missions:
        written = _written_name(sent, m)
        short = written in rules.short_names.get(m.target.iri, ())
        if not short:  # 联合国驻黎巴嫩临时部队, never 联黎部队 nor 中非稳定团 (its short form)
            for host in rules.hosts_named_as(m.target.iri, written):
                yield sent.found(m.target, "operatesIn", _place(host))
        if m.target.minted:
            for iri, names in rules.country_names.items():
                if any(len(n) > 1 and n in m.text for n in names):
                    yield sent.found(m.target, "operatesIn", _place(iri))
        hosts = rules.hosts.get(m.target.iri)
        for p in sent.places:
            if (hosts and p.target.iri in hosts) or (
                not hosts and len(first_each(sent.missions)) == 1 and _located(sent, m, p)
            ):
                yield sent.found(m.target, "operatesIn", p.target)
    yield from _pronoun_at_place(sent)


def _pronoun_at_place(sent: Sentence) -> Iterator[Found]:
    """The Force in Cyprus, the Mission deployed in Haiti: the mission in focus where
    its pronoun stands right before one of its hosts (or any place, hosts unknown)."""
    if not sent.places:
        return
    for pron in sent.pronouns(MISSION_PRONOUN, sent.focus):
        hosts = sent.rules.hosts.get(pron.target.iri)
        for p in sent.places:
            at = p.start >= pron.end and _PRONOUN_AT.match(sent.text[pron.end : p.start])
            if at and (not hosts or p.target.iri in hosts):
                yield sent.found(pron.target, "operatesIn", p.target)


def _written_name(sent: Sentence, mission: Span) -> str:
    """The mission's name as the sentence writes it: a short form in brackets right
    after its full name (Mission in Afghanistan (UNAMA), 联合国驻黎巴嫩临时部队(联黎部队))
    carries that full name with it."""
    before = sent.text[sent.s : mission.start].rstrip()
    if not before.endswith(("(", "（")):
        return mission.text
    clause = CLAUSE_END.split(before[:-1])[-1]
    return clause[-80:] + mission.text


def _located(sent: Sentence, mission: Span, place: Span) -> bool:
    before = sent.text[max(sent.s, place.start - 4) : place.start]
    return bool(LOCATIVE.search(before)) and abs(place.start - mission.end) <= 40


def hosts_named_in_paragraph(
    hosts: dict[str, frozenset[str]],
    bounds: list[tuple[int, int]],
    spans: Sequence[Span],
    found: list[Found],
) -> Iterator[Found]:
    """A mission and one of its `hosts` named in the same paragraph, in different
    sentences: the paragraph speaks of the mission there (evidence: the mission's
    first sentence)."""
    missions = [sp for sp in spans if sp.target.type == "Mission"]
    places = {sp.target.iri: sp.target for sp in spans if sp.target.type in PLACES}
    if not (missions and places):
        return
    have = {(f.subject.iri, f.object.iri) for f in found if f.predicate == "operatesIn"}
    for m in first_each(missions):
        for host in sorted(hosts.get(m.target.iri, ())):
            if host in places and (m.target.iri, host) not in have:
                s, e = next((s, e) for s, e in bounds if s <= m.start < e)
                yield Found(m.target, "operatesIn", places[host], s, e)


@cache
def _place(iri: str) -> Target:
    kind = iri.rsplit("/", 2)[-2]
    return Target("Territory" if kind == "territory" else "Country", iri.rsplit("/", 1)[-1], iri)
