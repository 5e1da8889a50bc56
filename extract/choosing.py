"""How `unkg_mentions` chooses the mentions of a unit among the candidates the proposing
components made (`components.Candidate`): the longest reading of each stretch of text, less
the names that are part of a longer one (a defined name, a citation, a title, a summit)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unkg.extract.components import Candidate

PRIORITY = {"symbols": 0, "gazetteer": 1, "abbreviation": 2, "open_class": 3}
TITLE = re.compile(r"《([^《》]{2,40})》")
PLACES = ("Country", "Territory")  # what a place mention may be


def longest_first(cands: list[Candidate], size: int) -> list[Candidate]:
    """The candidates that no longer one overlaps, in text order: longest first, whichever
    component proposed it (a minted 联合国…特派团 beats the country named inside it); at
    equal length, symbols before curated names. (`size`: the length of the unit's text.)"""
    used = bytearray(size)
    taken: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, PRIORITY[c.source], c.start)):
        if used.find(1, c.start, c.end) < 0:
            used[c.start : c.end] = b"\x01" * (c.end - c.start)
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


_CITATION_GAP = re.compile(
    r"^\s*(?:(?:关于[^。；，,]{0,60}的\s*)?第\s*"  # 安全理事会(关于…的)第 N 号决议
    r"|(?:resolutions?|decisions?|presidential statement)\s*)$",  # Security Council resolution N
    re.I,
)
_EVENT_AFTER = re.compile(r"\s*(?:峰会|首脑会议|Summit)")  # used with .match(text, pos)
# 《莫桑比克全面和平协定》, 《以色列和黎巴嫩全面停战协定》: an agreement's title names its parties
# and place, as "the General Peace Agreement for Mozambique" does in English
_AGREEMENT = re.compile(r"(?:协议|协定|協議|協定|条约|條約|公约|公約|议定书|議定書|和约|和約)$")


def inside_a_name(c: Candidate, names: list[Candidate]) -> bool:
    """A place named inside a longer defined name (`components.NAME_ONLY`)."""
    return c.target.type in PLACES and any(n.start <= c.start and c.end <= n.end for n in names)


_CITING = ("Organization", "Organ")  # who cites a resolution by its own name


def drop_citing_organs(text: str, mentions: list[Candidate]) -> list[Candidate]:
    """安全理事会第 2690(2023)号决议 names one thing, the resolution: the organ is part of it."""
    for c in mentions:  # (a loop: `any` of a generator costs more, in every unit)
        if c.target.type in _CITING:
            break
    else:
        return mentions  # (most units name no organ or organization: no pairs to read)
    out = []
    for i, c in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            c.target.type in _CITING
            and nxt is not None
            and nxt.target.type in ("Resolution", "Document")
            and _CITATION_GAP.match(text[c.end : nxt.start])
        ):
            continue
        out.append(c)
    return out


def drop_names_in_titles(text: str, mentions: list[Candidate]) -> list[Candidate]:
    """《增强城市安全准则》 names guidelines; 可持续发展目标峰会 names a summit. A name inside a
    《…》 title (other than the title itself) or at the head of a summit's name is part of that
    other name, except a country or territory in an agreement's title (《马里和平与和解协议》
    names Mali, a party to it: the same mention the English title gives)."""
    titles = list(TITLE.finditer(text)) if "《" in text else []
    if not titles and not any(c.target.type == "Programme" for c in mentions):
        return mentions
    out = []
    for c in mentions:
        place = c.target.type in PLACES
        inside = any(
            t.start() < c.start
            and c.end < t.end()
            and (c.start, c.end) != (t.start() + 1, t.end() - 1)
            and not (place and _AGREEMENT.search(t.group(1)))
            for t in titles
        )
        event = c.target.type == "Programme" and _EVENT_AFTER.match(text, c.end)
        if not inside and not event:
            out.append(c)
    return out
