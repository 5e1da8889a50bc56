"""establishedBy / mandateExtendedBy / mandateTerminatedBy (and mandateModifiedBy): the
acts of resolutions on missions' mandates.

A resolution and a mission next to each other in a sentence (no other mission or
resolution between them), with the verb in the stretch that joins them (依照第 1925(2010)号决议
设立的…; 第 2690(2023)号决议终止了…的任务). "该决议" / "that resolution" stands for the last
resolution named in the paragraph, "该特派团" / "the Mission" for the last mission, when there
is one. The document's own operative paragraphs act too (`unkg.extract.acts`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from unkg.extract.acts import ADOPTING, MODIFIES, cue_matches, own_act, sets_up_a_part
from unkg.extract.relation_sentence import (
    CLAUSE_END,
    MISSION_PRONOUN,
    RESOLUTION_PRONOUN,
    Found,
    Screened,
    Sentence,
    Span,
    clause_end,
    effective_date,
)

# "Resolution 2144 extended the mandate", 第N号决议将任务期限延长: the focus mission's mandate
_ITS_MANDATE = Screened(
    r"\b(?:the|its) mandate\b(?! of)|任务期限|任期", ("mandate", "任期", "任务期限")
)
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
# X 将被称为 Y, X (此后称为 Y), X shall be known as Y, X (hereinafter referred to as Y): a new name
_RENAMED = re.compile(
    r"\s*[(（]?\s*(?:此后|今后)?将?被?改?称为\s*"
    r"|\s*,?\s*(?:which\s+)?(?:shall|will|would|is to|are to)\s+(?:henceforth\s+|hereafter\s+)?"
    r"be\s+(?:known|referred to|renamed)\s+as\s+(?:the\s+)?"
    r"|\s*[(,]\s*(?:hereinafter|hereafter|henceforth|thereafter)\s+"
    r"(?:referred to as|known as|called)\s+(?:the\s+)?",
    re.I,
)
_AND_VERB = re.compile(r"and (?:decided|requested|called|urged|noted|welcomed)\b")
# in an operative paragraph, the mission in focus under a common noun (决定观察团的成立期限…)
GENERIC_MISSION = re.compile(r"特派团|观察团|行动|部队|\b(?:Mission|Force|Operation|Group)\b")
# "until 30 June 2024", "延长至2024年6月30日": the date a cited extension makes the mandate run to
_UNTIL = re.compile(r"\b(?:until|through)\s+(?:the\s+)?|至\s*", re.I)


def mandate_until(text: str, start: int, end: int) -> str | None:
    """The date right after the first `until` / 至 in text[start:end], if one follows it."""
    m = _UNTIL.search(text, start, end)
    return effective_date(text[m.end() : min(end, m.end() + 20)]) if m else None


def _pronouns_after_missions(sent: Sentence) -> list[Span]:
    """该部队 / the Force after a mission named in the same sentence: that mission (…第983号
    决议…预防性部署部队,以及第1142号决议,其中安理会将该部队的任务延至…)."""
    if not sent.missions:
        return []
    out = []
    for p in sent.pronouns(MISSION_PRONOUN, sent.missions[0].target):
        named = [m for m in sent.missions if m.end <= p.start]
        if named:
            out.append(Span(p.start, p.end, named[-1].target, p.text))
    return out


def mandates(sent: Sentence) -> Iterator[Found]:
    resolutions = [sp for sp in sent.resolutions if sp.target.key.startswith("S/RES/")]
    letters = [
        sp for sp in sent.spans if sp.target.key[:2] == "S/" and _LETTER_SYMBOL.match(sp.target.key)
    ]
    if letters and _LETTER.search(sent.text, sent.s, sent.e):  # letters can act too
        resolutions += letters
    resolutions += sent.pronouns(RESOLUTION_PRONOUN, sent.resolution)
    if not resolutions:
        return  # every act pairs a mission with a resolution (or letter) named here
    missions = (
        sent.missions + _pronouns_after_missions(sent)
        or sent.pronouns(MISSION_PRONOUN, sent.focus)
        or sent.pronouns(_ITS_MANDATE, sent.focus)
    )
    items = sorted([*resolutions, *missions], key=lambda sp: sp.start)
    yield from _renamed(sent, items)
    for a, b in pairwise(items):
        if (a.target.type == "Mission") == (b.target.type == "Mission"):
            continue
        window_end = clause_end(sent.text, b.end, sent.e)
        window = _english_clause(sent.text[a.start : window_end])
        # the verb between the two (第N号决议所设X…延长) before one after the later one
        predicate, cue_at = _mandate_cue(window[: b.start - a.start])
        if predicate is None:
            predicate, cue_at = _mandate_cue(window)
        if predicate is None and a.target.type == "Mission":
            predicate, cue_at = _verb_before(sent, a, b)
        if predicate is None:
            continue
        boundary = CLAUSE_END.search(sent.text, a.end, b.start)
        if (
            boundary
            and a.start + cue_at < boundary.end()
            and not _BY_RESOLUTION.match(sent.text, boundary.end(), b.start)
        ):
            continue  # the verb belongs to the first clause, not to the mission named after it
        mission = a if a.target.type == "Mission" else b
        res = b if mission is a else a
        if mission is b and _OTHER_OBJECT.search(sent.text, a.start + cue_at, b.start):
            continue  # "extend its authorization of the forces supporting X": not X's mandate
        if sent.acting and mission is a and _MANDATE_UNDER.fullmatch(sent.text, a.end, b.start):
            continue  # the document acts (`own_acts`); resolution N set out the mandate
        if MODIFIES.search(sent.text, a.end, b.start) or MODIFIES.match(
            sent.text[res.end : res.end + 8].lstrip("号決决议議 ")
        ):
            continue  # "as set out in resolution N", 第N号决议规定的: N does not act here
        date = until = None
        if predicate == "mandateTerminatedBy":
            date = effective_date(
                sent.text[a.start + cue_at - 30 if cue_at > 30 else a.start : sent.e]
            )
        elif predicate == "mandateExtendedBy":
            until = mandate_until(sent.text, a.start + cue_at, window_end)
        for each in _listed_with(sent, res, resolutions):
            yield Found(mission.target, predicate, each.target, sent.s, sent.e, date, until)


def _renamed(sent: Sentence, items: list[Span]) -> Iterator[Found]:
    """第983(1995)号决议,其中安理会决定…联合国保护部队将被称为联合国预防性部署部队, resolution N
    decided that X shall be known as Y: the resolution set up the mission under its new
    name (Y, a mission of its own in the reference data)."""
    for a, b in pairwise(items):
        if a.target.type == "Mission" or b.target.type != "Mission":
            continue
        if MODIFIES.search(sent.text, a.end, b.start):
            continue
        for c in sent.missions:
            if c.start >= b.end and c.target != b.target:
                if _RENAMED.fullmatch(sent.text, b.end, c.start):
                    yield sent.found(c.target, "establishedBy", a.target)
                break


def _verb_before(sent: Sentence, mission: Span, res: Span) -> tuple[str | None, int]:
    """ "The Council extended the Mission for 12 months in resolution 2040 (2012)", "the
    establishment of UNOWAS (S/2016/89)", 关于设立X的第N号决议: the verb right before the
    mission, when the resolution or letter follows as its means, in brackets or as the
    resolution "on" that act."""
    between = sent.text[mission.end : res.start]
    if not (
        _IN_RESOLUTION.search(between)
        or _BRACKET.fullmatch(between)
        or _OF_RESOLUTION.fullmatch(between)
    ):
        return None, -1
    lead = sent.text[max(sent.s, mission.start - 30) : mission.start]
    lead = CLAUSE_END.split(lead)[-1]
    predicate, _ = _mandate_cue(lead)
    return predicate, 0


def _listed_with(sent: Sentence, res: Span, resolutions: list[Span]) -> list[Span]:
    """`res` and the references listed right before it (第1270(1999)号和第1289(2000)号
    决议所设, S/2001/1128 and S/2001/1129): one act of them all."""
    out = [res]
    for prev in sorted((r for r in resolutions if r.end <= res.start), key=lambda r: -r.end):
        between = sent.text[prev.end : out[-1].start]
        if len(between) > 24 or not _LIST_JOIN.search(between) or CLAUSE_END.search(between):
            break
        out.append(prev)
    return out


def own_acts(sent: Sentence) -> Iterator[Found]:
    """The act of the document itself (an operative paragraph) or of the resolution a
    headline says was adopted (`…, Adopting Resolution 2690 (2023)`)."""
    resolutions = [r for r in sent.resolutions if r.target.key.startswith(("S/RES/", "A/RES/"))]
    acting = sent.acting
    if acting is None:
        if not resolutions:
            return  # no resolution named that a headline could say was adopted
        adopted = ADOPTING.search(sent.text, sent.s, sent.e)
        named = [r for r in resolutions if adopted and r.start >= adopted.end()]
        if not named:
            return
        acting = named[0].target
    others = [r for r in resolutions if r.target.key != acting.key]
    missions = (
        sent.missions
        or sent.pronouns(MISSION_PRONOUN, sent.focus)
        or (sent.acting and sent.pronouns(GENERIC_MISSION, sent.focus))
    )
    act = own_act(sent.text, sent.s, sent.e, missions, others)
    if act is None:
        return
    if sent.acting is None and not _close_after(act):
        return  # a headline's verb names the mission it acts on right after it
    date = effective_date(sent.text[act.cue_at : sent.e])
    if act.predicate == "mandateTerminatedBy":
        yield Found(act.mission, act.predicate, acting, sent.s, sent.e, date=date)
    elif act.predicate == "mandateModifiedBy":
        yield Found(act.mission, act.predicate, acting, sent.s, sent.e)
    else:
        yield Found(act.mission, act.predicate, acting, sent.s, sent.e, until=date)


def _close_after(act) -> bool:
    """ "Extends Mandate of X", "Closure of X", "Mandate Extension for X": the mission within a
    few words after the verb (not "extend its authorization of the forces supporting X")."""
    return act.mission_at >= act.cue_at and act.mission_at - act.cue_at <= 28


def _english_clause(window: str) -> str:
    """Cut an English window at the next coordinated verb phrase (… and decided that …), at
    the white space before it. (The pattern starts with the literal "and ", which the regex
    engine skips to; starting with the white space, it would stop at every space.)"""
    for m in _AND_VERB.finditer(window):
        head = window[: m.start()]
        if head[-1:].isspace():
            return head.rstrip()
    return window


def _mandate_cue(window: str) -> tuple[str | None, int]:
    """The mandate verb in `window` that sits closest to its end (the later mention)."""
    best: tuple[str | None, int] = (None, -1)
    for predicate, m in cue_matches(window):
        if m.start() > best[1] and not sets_up_a_part(window, m.start(), m.end()):
            best = (predicate, m.start())
    return best
