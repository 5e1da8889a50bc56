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

This module reads a unit sentence by sentence and keeps what is in focus; the rules
themselves are the families `relation_hosts` (operatesIn), `relation_mandates` (the acts on
mandates) and `relation_links` (supports, cooperatesWith, succeededBy), each a function of
one `relation_sentence.Sentence`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

import msgspec

from unkg.extract.acts import OPERATIVE_LEAD
from unkg.extract.gazetteer import Target
from unkg.extract.relation_hosts import hosts_named_in_paragraph, operates_in
from unkg.extract.relation_links import cooperation, succession, supports
from unkg.extract.relation_mandates import mandates, own_acts
from unkg.extract.relation_sentence import (
    MISSION_PRONOUN,
    PLACES,
    RESOLUTION_PRONOUN,
    Found,
    Sentence,
    Span,
    sentences,
)

_WORD = re.compile(r"[^\W\d_]")
# what a lone entity of a sentence may still relate to (see `lone` in `RelationRules.find`)
_PAIRED = ("Mission", "Resolution", *PLACES)


def _rules_for(sent: Sentence) -> list[Callable[[Sentence], Iterator[Found]]]:
    """The rule families that can find something in `sent`, in the order their relations are
    listed. Each needs certain mentions (or what stands for them) and returns at once without
    them; asked here, since a rule's generator costs more to make and run than the test."""
    rules: list[Callable[[Sentence], Iterator[Found]]] = []
    missions, places = sent.missions, sent.places
    if missions or places:
        rules.append(operates_in)
    if sent.cites or sent.resolution is not None:  # S/RES/…, a letter S/…, or 该决议
        rules.append(mandates)
    if sent.resolutions or sent.acting is not None:
        rules.append(own_acts)
    if (sent.actors or sent.actor_focus is not None) and (missions or places):
        rules.append(supports)
    if missions and len(missions) + len(sent.actors) > 1:  # a mission and a partner
        rules.append(cooperation)
    if len(missions) > 1:
        rules.append(succession)
    return rules


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
        # (mission IRI, its name as written) → the hosts that name names: a report writes a
        # mission's name the same way again and again, so each is read once
        self.hosts_named_as = lru_cache(maxsize=4096)(self._hosts_named_as)

    def _hosts_named_as(self, mission: str, written: str) -> tuple[str, ...]:
        """The hosts of `mission` (sorted) that its name as written names: 联合国驻黎巴嫩临时部队
        names LBN, 联黎部队 names none."""
        written = written.replace("’", "'")  # Côte d’Ivoire is Côte d'Ivoire
        written = " ".join(written.split())  # hard-wrapped: … in the Democratic⏎Republic
        return tuple(
            host
            for host in sorted(self.named_hosts.get(mission, ()))
            if any(len(n) > 1 and n in written for n in self.host_names.get(host, ()))
        )

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
        if (
            acting is None
            and len(spans) == 1
            and spans[0].target.type not in _PAIRED
            and (focus is None or not RESOLUTION_PRONOUN.search(text))
        ):
            return []  # one entity, which relates to nothing (a `lone` one in every sentence)
        out: list[Found] = []
        resolution: Target | None = None
        actor: Target | None = None
        # The spans of each sentence by bisection over their starts (a scan of every span
        # per sentence is quadratic in a long unit), in their given order. Mentions come in
        # text order, so the sort by start is needed only for spans given otherwise.
        starts = [sp.start for sp in spans]
        order: Sequence[int] = range(len(spans))
        if starts != sorted(starts):
            order = sorted(order, key=lambda i: spans[i].start)
            starts = [spans[i].start for i in order]
        in_order = isinstance(order, range)  # (a slice of it is in the given order already)
        bounds = list(sentences(text))
        for s, e in bounds:
            within = order[bisect_left(starts, s) : bisect_right(starts, e)]
            inside = [
                spans[i] for i in (within if in_order else sorted(within)) if spans[i].end <= e
            ]
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
                sentence = Sentence(self, text, s, e, inside, focus, resolution, actor, acting)
                for rule in _rules_for(sentence):
                    out.extend(rule(sentence))
            if acting is not None and _WORD.search(text, s, e):  # "1." alone is no sentence yet
                acting = None  # the operative verb governs its own sentence
            for sp in inside:
                if sp.target.type == "Mission":
                    focus = sp.target
                elif sp.target.type == "Resolution" and sp.target.key.startswith("S/RES/"):
                    resolution = sp.target
                elif sp.target.type in ("Programme", "Organization"):
                    actor = sp.target
        out.extend(hosts_named_in_paragraph(self.hosts, bounds, spans, out))
        if not out:
            return out
        return list(dict.fromkeys(self._as_established(f) for f in out))

    def _as_established(self, found: Found) -> Found:
        """ "Adopting resolution 2102 (2013), the Council decided that the mandate of UNSOM —
        which it intended to renew — would include …": the resolution that set the mission up
        (reference data) established it, it did not extend it."""
        if found.predicate == "mandateExtendedBy" and found.object.key in self.established.get(
            found.subject.iri, ()
        ):
            return msgspec.structs.replace(found, predicate="establishedBy")
        return found
