"""Mandate acts a document performs itself, as opposed to the acts it cites.

An operative paragraph of a resolution (`3. Decides to extend the mandate of UNAMI until …`,
`1. 决定设立联合国…特派团`) establishes, extends, modifies (`Decides to adjust the mandate of
X`, `决定调整…的任务授权`) or ends a mandate by that very resolution:
the object of the act is the document's own symbol, which only its metadata knows. A press
release headline (`Security Council Terminates Mandate of …, Adopting Resolution 2690 (2023)`)
reports the act of the resolution it names. A verb bound to another resolution
(`established under resolution 186 (1964)`, `第1270(1999)号决议所设`) and a reference that only
qualifies the mandate (`as set out in resolution 2100 (2013)`, `第2100号决议规定的`) are that
other resolution's business, not this document's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from unkg.extract.gazetteer import Target
from unkg.extract.relation_sentence import Screened, Span

# The verb that opens an operative paragraph (after its number).
OPERATIVE_LEAD = re.compile(
    r"^\W*(?:[\d一二三四五六七八九十]+\s*[.．、]\s*)?"
    r"(?:(?:又|还|并|再次|进一步)?(?:决定|建议|核可|赞同|延长|设立|成立|建立|终止)"
    r"|(?:(?:further|also)\s+)?(?:decides|extends|establishes|terminates|renews|endorses"
    r"|approves|recommends|authorizes|modifies|adjusts|expands|revises)\b)",
    re.I,
)
# A headline or sentence reporting the act of the resolution it names (tried only where
# "adopt" starts: the case-insensitive pattern gives the regex engine no first character).
ADOPTING = Screened(r"\badopt(?:s|ing|ed)\s+resolution\b", ("adopt",), re.I, leads=True)
# The act, in the order a tie is broken (the first cue in the sentence decides), with the
# lower-case words one of which each English match of the cue begins with (see `cue_matches`).
CUES = (
    (
        "mandateTerminatedBy",
        re.compile(
            r"终止|结束[^，。；]{0,6}任务|任务[^，。；]{0,12}(?:终止|结束|到期)|terminat"
            r"|\bend(?:ed|s)? (?:the|its) mandate|\bend to the mandate|completed its mandate"
            r"|\bclosure\b|\bclose down",
            re.I,
        ),
        ("terminat", "end", "completed its mandate", "closure", "close down"),
    ),
    (
        "mandateExtendedBy",
        re.compile(r"延长|延期|续延|延至|extend|extension|renew|prolong", re.I),
        ("exten", "renew", "prolong"),
    ),
    (
        "establishedBy",
        re.compile(r"设立|成立|建立|所设|establish|set up|creat|entrust\w* a new mandate", re.I),
        ("establish", "set up", "creat", "entrust"),
    ),
)


# English text beyond ASCII (’ “ ” – é ô …): no character in it lower-cases to two characters
# or matches a Latin letter when case is ignored (İ, ı, ſ and the Kelvin sign do, and lie
# outside), and none starts a Chinese cue; so there too a cue starts only where a word does.
_LATIN_TEXT = re.compile(r"[\x00-\u012f\u2000-\u206f]*")


def cue_matches(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[str, re.Match[str]]]:
    """(predicate, match) of every mandate verb in text[start:end], cue by cue in CUES order.
    A case-insensitive pattern gives the regex engine no first character to skip to, so it is
    tried at every position. In an English stretch (ASCII, or see `_LATIN_TEXT`) a cue can only
    match where one of its words starts (each English alternative begins with one; its Chinese
    alternatives need Chinese characters; there ignoring case is lower-casing), so the pattern
    is tried only there, left to right, as `finditer` would find them."""
    end = len(text) if end is None else end
    stretch = text[start:end]
    if not (stretch.isascii() or _LATIN_TEXT.fullmatch(stretch)):
        for predicate, pattern, _words in CUES:
            for m in pattern.finditer(text, start, end):
                yield predicate, m
        return
    low = stretch.lower()
    for predicate, pattern, words in CUES:
        free = start  # where the last match ended: matches do not overlap
        for at in _word_starts(low, words):
            if start + at >= free:
                m = pattern.match(text, start + at, end)
                if m:
                    free = m.end()
                    yield predicate, m


def _word_starts(low: str, words: tuple[str, ...]) -> list[int]:
    """Where each of `words` occurs in `low`, in order."""
    out = []
    for w in words:
        at = low.find(w)
        while at >= 0:
            out.append(at)
            at = low.find(w, at + 1)
    return sorted(set(out)) if len(words) > 1 else out


# "the quick reaction force established within X": the verb sets up a part of the mission,
# not the mission. (Chinese 在…内设立 also says "set up in a country", so it is left alone.)
_WITHIN_AFTER = re.compile(r"\w*\s+(?:within|inside)\b", re.I)


def sets_up_a_part(text: str, start: int, end: int) -> bool:
    """Is the mandate verb at text[start:end] about a unit inside the mission (`established
    within`) rather than the mission itself?"""
    return bool(_WITHIN_AFTER.match(text, end))


# A change of the mandate or the authorized strength that neither establishes, extends nor
# ends it (`decides to adjust the mandate of X`, `决定调整…的任务授权`, `决定将…的核定兵力增加`):
# only where no other mandate verb is free, and only with its object (the mandate, the
# authorized strength or ceiling) within `_MODIFY_REACH` characters of the verb.
MODIFY = re.compile(
    r"调整|修改|修订|扩大|扩充|增加|提高|\bmodif(?:y|ies|ied|ication)\b|\badjust(?:s|ed|ment)?\b"
    r"|\bexpand(?:s|ed)?\b|\brevis(?:e|es|ed|ion)\b|\bincreas(?:e|es|ed)\b|\breconfigur\w*",
    re.I,
)
_MODIFY_OBJECT = re.compile(
    r"任务授权|任务规定|授权任务|任务|核定兵力|授权兵力|兵力上限|人数上限|员额上限"
    r"|\bmandate\b|\bauthori[sz]ed (?:\w+ ){0,2}(?:strength|ceiling|level)s?\b"
    r"|\btroop ceiling|\bforce levels?\b",
    re.I,
)
_MODIFY_REACH = 40
# "requests the Secretary-General to adjust …", "请秘书长调整…": someone is asked, nothing is done.
_REQUESTS = re.compile(r"\brequest|\binvit|\bcalls? (?:up)?on\b|请秘书长|要求秘书长|请求", re.I)


def modify_cue(text: str, start: int, end: int) -> int | None:
    """Where a change of the mandate or authorized strength is decided in text[start:end]:
    the verb with its object near it, no request before it; None when there is none."""
    for m in MODIFY.finditer(text, start, end):
        near = text[max(start, m.start() - _MODIFY_REACH) : min(end, m.end() + _MODIFY_REACH)]
        if _MODIFY_OBJECT.search(near) and not _REQUESTS.search(text, start, m.start()):
            return m.start()
    return None


# "as set out in resolution N", "第N号决议规定的": the reference qualifies, it does not act.
MODIFIES = re.compile(r"as (?:set out|defined|outlined|specified|described) in|规定|所载", re.I)
# "established under (Security Council) resolution N": the verb belongs to resolution N.
_BOUND_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:under|by|in|pursuant to)\s+(?:(?:the\s+)?Security Council\s+)?"
    r"(?:its\s+)?resolutions?\s*$",
    re.I,
)
_BOUND_BEFORE = 12  # 第186(1964)号决议成立的: the verb within this many characters after it
# "decides that the mandate of UNOMSIL shall terminate …", 联塞观察团的任务应终止: the mission
# named right before the verb, as its subject, is the one acted on (not one named after it)
_SUBJECT_GAP = re.compile(
    r"(?:\s*\([^()]{1,16}\))?(?:\s*'s\s+mandate)?(?:\s+(?:shall|will|should|would|is|are|to|be))*\s*"
    r"|\s*的\s*",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Act:
    mission: Target
    predicate: str
    cue_at: int  # where the verb stands (unit offset)
    mission_at: int  # where the mission is named


def first_free_cue(
    text: str, start: int, end: int, resolutions: Sequence[Span]
) -> tuple[str, int] | None:
    """The first mandate verb in text[start:end] that no other resolution owns; where the
    text has none at all, a decided change of the mandate (`mandateModifiedBy`)."""
    hits = sorted(
        (m.start(), predicate)
        for predicate, m in cue_matches(text, start, end)
        if not sets_up_a_part(text, m.start(), m.end())
    )
    for at, predicate in hits:
        if not _bound(text, at, resolutions):
            return predicate, at
    if hits:
        return None  # another resolution's act: no change of this one's either
    at = modify_cue(text, start, end)
    if at is not None and not _bound(text, at, resolutions):
        return "mandateModifiedBy", at
    return None


def _bound(text: str, at: int, resolutions: Sequence[Span]) -> bool:
    """Is the verb at `at` another resolution's (just after it, or followed by `under it`)?"""
    for r in resolutions:
        if at - _BOUND_BEFORE <= r.end <= at:
            return True
        if r.start >= at and _BOUND_AFTER.match(text[at : r.start].split(" ", 1)[-1]):
            return True
    return False


def own_act(
    text: str,
    start: int,
    end: int,
    missions: Sequence[Span],
    resolutions: Sequence[Span],
) -> Act | None:
    """The act text[start:end] performs on a mission, if any: the first free mandate verb,
    and the mission it has as subject right before it, else the one named nearest after it
    (else before it)."""
    cue = first_free_cue(text, start, end, resolutions)
    if cue is None or not missions:
        return None
    predicate, at = cue
    before = [m for m in missions if m.end <= at]
    after = [m for m in missions if m.start >= at]
    if before and _SUBJECT_GAP.fullmatch(text, before[-1].end, at):
        mission = before[-1]
    else:
        mission = after[0] if after else missions[-1]
    return Act(mission.target, predicate, at, mission.start)
