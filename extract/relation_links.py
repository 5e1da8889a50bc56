"""supports, cooperatesWith and succeededBy: how programmes, organizations and missions
stand to each other.

- supports: 在 A 支持下 / with the support of A; A 为/向 T 提供支持|资金|援助;
  A 支持/协助 T; A supported T.
- cooperatesWith: M 与/同/和 O … 合作|协调|协商|伙伴关系; M cooperated|worked with O.
- succeededBy: 接替, 取代, 过渡到, took over from, was succeeded by, transition to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from unkg.extract.relation_sentence import (
    Found,
    Sentence,
    Span,
    clause_end,
    first_each,
    reach,
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


def supports(sent: Sentence) -> Iterator[Found]:
    has_actor = sent.actors or sent.actor_focus is not None
    if not (has_actor and (sent.missions or sent.places)):
        return  # an actor and what it supports must both be named (the cheap test first)
    if not SUPPORT.search(sent.text, sent.s, sent.e):
        return
    actors = sent.actors + sent.pronouns(ACTOR_PRONOUN, sent.actor_focus)
    targets = _coordinated(sent.text, sorted(sent.missions + sent.places, key=lambda sp: sp.start))
    for run in _coordinated(sent.text, sorted(actors, key=lambda sp: sp.start)):
        head, last = run[0], run[-1]
        framed = _SUPPORT_FRAME.match(sent.text[last.end : sent.e]) or _SUPPORT_OF.search(
            sent.text[max(sent.s, head.start - 40) : head.start]
        )
        frame_end = last.end + (framed.end() if framed and framed.re is _SUPPORT_FRAME else 0)
        for group in targets:
            if group[-1].end <= head.start and _supports_backward(sent, group[-1], head):
                for a in run:
                    for t in group:
                        yield sent.found(a.target, "supports", t.target)
                continue
            if group[0].start < last.end:
                # "T … with the support of A": the English frame follows what it supports.
                before_frame = framed and framed.re is _SUPPORT_OF
                if before_frame and reach(sent.text[group[-1].end : head.start]) <= 30:
                    for a in run:
                        for t in group:
                            yield sent.found(a.target, "supports", t.target)
                continue
            near_frame = framed and group[0].start - frame_end <= 30
            if near_frame or _supports_forward(sent, last, group[0], group[-1]):
                for a in run:
                    for t in group:
                        if t.target != a.target:
                            yield sent.found(a.target, "supports", t.target)


def _supports_backward(sent: Sentence, target: Span, actor: Span) -> bool:
    """T 获得/得到/接受 A 的援助|支持, T received support from A."""
    between = sent.text[target.end : actor.start]
    after = sent.text[actor.end : actor.end + 12]
    return (
        len(between) <= 30
        and bool(_RECEIVE.search(between))
        and bool(SUPPORT.search(after) or SUPPORT.search(between))
    )


def _supports_forward(sent: Sentence, actor: Span, target: Span, last: Span) -> bool:
    """A 为/向 T 提供支持, A 支持 T, A supported T: a support verb right before the target,
    or 为/向 T … 提供支持 right after it, with no other entity in between."""
    between = sent.text[actor.end : target.start]
    if reach(between) > 80 or any(
        actor.end <= sp.start < target.start
        for sp in sent.spans
        if sp.target.type in ("Mission", "Programme", "Organization")
    ):
        return False
    last_cue = None
    for last_cue in SUPPORT.finditer(between):  # noqa: B007  (keep the last)
        pass
    if last_cue is not None and reach(between[last_cue.end() :]) <= 25:
        return True
    tail = sent.text[last.end : clause_end(sent.text, last.end, sent.e)][:40]
    return bool(_TO_TARGET.search(between[-6:]) and SUPPORT.search(tail))


def cooperation(sent: Sentence) -> Iterator[Found]:
    if not sent.missions:
        return
    partners = [sp for sp in sent.actors if sp.target.type == "Organization"] + sent.missions
    if len(partners) < 2 or not COOPERATE.search(sent.text, sent.s, sent.e):
        return  # a mission alone has no partner (the cheap test first)
    for m in first_each(sent.missions):
        for p in partners:
            if p.target == m.target or p.start < m.end:
                continue
            between = sent.text[m.end : p.start]
            clause = sent.text[m.end : clause_end(sent.text, p.end, sent.e)]
            linker = _PARTNER if p.target.type == "Mission" else _WITH
            if (
                reach(between) <= 30
                and linker.search(between)
                and COOPERATE.search(clause)
                and "决议" not in between
            ):
                yield sent.found(m.target, "cooperatesWith", p.target)


def succession(sent: Sentence) -> Iterator[Found]:
    if len(sent.missions) < 2:
        return  # one mission succeeds none
    missions = first_each(sent.missions)
    for a, b in pairwise(missions):
        between = sent.text[a.end : b.start]
        after = sent.text[b.end : clause_end(sent.text, b.end, sent.e)]
        cue = SUCCEED.search(between)
        if cue:
            word, before = cue.group(0), between[: cue.start()]
            passive = (
                "由" in before or "被" in before or between[cue.end() :].lstrip().startswith("by")
            )
            reverse = bool(_SUCCEED_REVERSE.match(word)) and not passive
        elif SUCCEED.search(after):  # A 由 B 接替 / A … B took over
            reverse = False
        else:
            continue
        first, second = (b, a) if reverse else (a, b)
        yield sent.found(first.target, "succeededBy", second.target)


def _coordinated(text: str, actors: list[Span]) -> list[list[Span]]:
    """Group actors named in one list (开发署、儿基会和建设和平基金 / UNDP, UNICEF and the PBF)."""
    runs: list[list[Span]] = []
    for a in actors:
        if runs and _COORD.match(text[runs[-1][-1].end : a.start]):
            runs[-1].append(a)
        else:
            runs.append([a])
    return runs
