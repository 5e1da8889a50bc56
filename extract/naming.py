"""Names written out before a short form (全称(简称), Full Name (ACRONYM)): where such a name
starts, what kind of entity it names, and whether it is a known mission under another
spelling.

An entity is minted only from a name that looks like one: a mission must be named as a
United Nations mission (联合国… / United Nations …, capitalized words, no OCR debris, no
official's title in front); forces of other organizations (European Union …, 非洲联盟…)
are organizations. A name within a few edits of a reference mission name (OCR damage,
words glued at a line break) is that mission, with the edit distance kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

import msgspec
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from unkg.extract.gazetteer import Gazetteer, Target
from unkg.ontology.ids import entity_iri, type_iri
from unkg.ontology.reference import LANGUAGES, ReferenceData

_MINT_SUFFIX = {
    "Mission": re.compile(
        r"(特派团|稳定团|援助团|支助团|核查团|观察团|维持和平部队|临时部队|综合办事处)$"
    ),
    "Programme": re.compile(r"(基金|方案|倡议|战略|计划|框架|议程|系统)$"),
    # Not 联盟 / Union: an unknown one is a party or armed movement (安盟, UNITA), which
    # reports name but the graph does not model; the unions of States are reference data.
    "Organization": re.compile(r"(署|部|厅|办事处|组织|委员会|共同体|理事会)$"),
}
_NAME_LEFT = re.compile(r"[\u4e00-\u9fff0-9]{2,30}$")
# Words that end the text before a name: function words and the verbs of UN resolutions
# (赞扬非洲统一组织 praises the OAU; the name starts after the verb).
_FUNCTION = re.compile(
    r".*(?:在|由|与|和(?!平)|向|对|为|的|同|及|是|将|把|从|经|据|通过|其中包括|包括|设立|成立"
    r"|支持|根据|赞扬|欢迎|呼吁|吁请|促请|敦促|要求|鼓励|感谢|谴责|注意到|重申|强调|回顾|表示"
    r"|赞赏|确认|授权|决定|邀请|协助|会同|请)"
)
_NON_UN = re.compile(
    r"European|African Union|\bAU\b|OSCE|NATO|ECOWAS|Commonwealth|Community|League of Arab"
    r"|非洲联盟|非盟|欧洲联盟|欧盟|欧洲共同体|欧共体|欧安组织|北约|西非|阿拉伯国家联盟"
)
_LATIN_WORD = r"(?:[A-Z][\w'’.-]*|of|the|for|in|on|and|to|de|du|des|la|le|pour|en|et)"
_LATIN_NAME = re.compile(rf"{_LATIN_WORD}(?:\s+{_LATIN_WORD}){{1,14}}$")
# A UN mission's English name: United Nations (or UN), then capitalized words and the
# small words between them, every capitalized word plainly spelled (no digits, no word
# glued to the next one at a line break: "NationsInternational").
_UN_MISSION_EN = re.compile(
    r"(?:United Nations|UN)(?: (?:[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]*)*|of|the|for|in|on|and|to))+"
)
_LATIN_KIND = (
    ("Mission", r"Mission|Force|Operation|Observer|Verification"),
    ("Programme", r"Fund|Programme|Program|Initiative|Strategy|Framework|System|Plan|Agenda"),
    ("Organization", r"Department|Office|Organization|Commission|Community|Agency"),
    ("Organization", r"Council|Authority|Centre|Center"),
)
_LATIN_KIND_RE = tuple((etype, re.compile(rf"\b(?:{words})\b")) for etype, words in _LATIN_KIND)
_SENTENCE_WORDS = frozenset(
    ["The", "A", "An", "In", "On", "Of", "For", "With", "By", "And", "Le", "La", "Les"]
)


class Name(msgspec.Struct, frozen=True, gc=False):
    """A name written out in the text: where it starts, and as written (spaces folded)."""

    text: str
    start: int


def name_before(text: str, end: int) -> Name | None:
    """The name that ends at `end`: the Chinese characters after the last function word,
    or the capitalized English words (with the small words between them)."""
    before = text[:end]
    return _latin_name(before) if before[-1:].isascii() else _chinese_name(before)


def _chinese_name(before: str) -> Name | None:
    left = _NAME_LEFT.search(before)
    if not left:
        return None
    name = left.group(0)
    if "联合国" in name:  # UN bodies' names start with 联合国: the surest left edge
        name = name[name.rindex("联合国") :]
    else:
        cut = _FUNCTION.match(name)
        if cut:
            name = name[cut.end() :]
    return Name(name, len(before) - len(name)) if len(name) >= 4 else None


# What a Latin name is made of: every character of a match of _LATIN_NAME is one of these.
_NAME_CHARS = re.compile(r"[\w\s'’.-]*")


def _latin_name(before: str) -> Name | None:
    # The name ends the text, so it starts within the run of name characters that ends it
    # (found on the reversed text): searched from there, the pattern anchored at the end is
    # not tried at every position of a long unit.
    tail = _NAME_CHARS.match(before[::-1]).end()
    m = _LATIN_NAME.search(before, len(before) - tail)
    if not m:
        return None
    words = [(w.group(), m.start() + w.start()) for w in re.finditer(r"\S+", m.group(0))]
    while words and (not words[0][0][:1].isupper() or words[0][0] in _SENTENCE_WORDS):
        words.pop(0)  # leading small words and sentence-initial articles
    if len(words) < 2:
        return None
    return Name(" ".join(w for w, _ in words), words[0][1])


_TITLE_OF = re.compile(r"((?:[A-Z][\w'’-]*\s+)+)of\s+(?:the\s+)?")


def without_title(name: Name, acronym: str) -> Name:
    """President of the Supreme National Council (SNC): an officer's title before the name
    the acronym abbreviates, dropped when the acronym starts with none of its initials
    (Office of the … High Commissioner (OHCHR) keeps its head)."""
    m = _TITLE_OF.match(name.text)
    if not m or not acronym[:1].isupper() or m.end() == len(name.text):
        return name
    if acronym[0] in {w[0] for w in m.group(1).split()}:
        return name
    return Name(name.text[m.end() :], name.start + m.end())


def kind_of(name: str) -> str | None:
    """Mission, Programme or Organization, from how the name ends (Chinese) or the words
    it has (English); None when it names none of them."""
    if name.isascii():
        for etype, pattern in _LATIN_KIND_RE:
            if pattern.search(name):
                return etype
        return None
    for etype, suffix in _MINT_SUFFIX.items():
        if suffix.search(name):
            return etype
    return None


def looks_like_un_mission(name: str) -> bool:
    """A UN mission's name: 联合国… in Chinese; United Nations … in plain capitalized
    English words. Officials' titles (Head of the …), OCR debris and glued words are not."""
    if not name.isascii():
        return name.startswith("联合国") and not _NON_UN.search(name)
    return bool(_UN_MISSION_EN.fullmatch(name)) and not _NON_UN.search(name)


def mint(name: str) -> Target | None:
    """A new entity for an unknown name, typed by `kind_of`; a mission-like name that is
    not a UN mission's is an organization when another body runs it, else nothing."""
    kind = kind_of(name)
    if kind == "Mission" and not looks_like_un_mission(name):
        kind = "Organization" if _NON_UN.search(name) else None
    return Target(kind, name, type_iri(kind, name), minted=True) if kind else None


def _squeeze(name: str) -> str:
    """Compare names without case, spaces or punctuation: OCR and line breaks damage those."""
    return re.sub(r"[\W_]+", "", name.lower())


# A UN body's name as OCR or a line break may have left it: United Nati0ns Fmergency Force.
# "United" first, the word boundary before it checked after it: the regex engine then skips
# to each "United" of a text instead of trying the pattern at every position (as \b made it).
_UN_NAME_LOOSE = re.compile(
    r"United(?<!\wUnited)\s+Nati\w*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|in|on|and|to)){2,12}"
)
_MISSION_IRI = entity_iri("mission", "x").removesuffix("x")
_SMALL_WORDS = frozenset(["of", "the", "for", "in", "on", "and", "to"])


class MissionNames:
    """The reference missions' English names, for fuzzy lookup of damaged spellings."""

    def __init__(self, ref: ReferenceData, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._names: list[str] = []
        self._targets: list[Target | str] = []  # a mission, or a dated name to resolve
        self._own: dict[str, list[str]] = {}  # mission IRI → all its names, squeezed
        for e in ref.by_type("Mission"):
            self._own[e.iri] = [_squeeze(n) for lang in LANGUAGES for n in e.names(lang)]
            for name in e.names("en"):
                if " " in name:  # full names only: acronyms are too short to fuzz
                    self._names.append(_squeeze(name))
                    self._targets.append(Target(e.type, e.key, e.iri))
        for row in ref.dated:  # United Nations Emergency Force: UNEF I or II by the date
            if row.lang == "en" and " " in row.alias and row.iri.startswith(_MISSION_IRI):
                self._names.append(_squeeze(row.alias))
                self._targets.append(row.alias)
        # (name, date) → `_closest`: reports write the same United Nations … names again and
        # again (United Nations High Commissioner for Human Rights, each prefix of it tried
        # by `damaged`), and a fuzzy lookup over every mission's name costs ~30 µs
        self.closest = lru_cache(maxsize=4096)(self._closest)

    def _closest(self, name: str, date: str | None = None) -> tuple[Target, int] | None:
        """The known mission `name` spells with at most one edit in ten characters (and
        at least 1), with the edit distance; None when none is that close, or two are.
        A dated name is read as of `date`."""
        squeezed = _squeeze(name)
        if len(squeezed) < 12:
            return None
        limit = max(1, len(squeezed) // 10)
        hits = process.extract(
            squeezed, self._names, scorer=Levenshtein.distance, score_cutoff=limit, limit=4
        )
        best: dict[Target, int] = {}
        for _, distance, i in hits:
            target = self._targets[i]
            if isinstance(target, str):
                target = self._gazetteer.lookup(target, date)
                if target is None:
                    continue
            best[target] = min(best.get(target, int(distance)), int(distance))
        ranked = sorted(best.items(), key=lambda kv: kv[1])
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0]

    def distance(self, mission: Target, name: str) -> int:
        """Edits between `name` and the nearest of the mission's reference names."""
        squeezed = _squeeze(name)
        return min(
            (Levenshtein.distance(squeezed, n) for n in self._own.get(mission.iri, ())), default=0
        )

    def damaged(
        self, text: str, known: set[int], date: str | None = None
    ) -> list[tuple[int, int, Target, int]]:
        """(start, end, mission, distance) for each United Nations … name in `text` that is
        not a known name (none starts at its offset in `known`) but is a damaged spelling of
        a reference mission's: the closest of its prefixes that end in a capitalized word."""
        out = []
        for m in _UN_NAME_LOOSE.finditer(text):
            if m.start() in known:
                continue
            words = list(re.finditer(r"\S+", m.group(0)))
            best: tuple[int, int, Target, int] | None = None
            for w in words[3:]:
                if w.group(0) in _SMALL_WORDS:
                    continue
                end = m.start() + w.end()
                close = self.closest(text[m.start() : end], date)
                if close is not None and (best is None or close[1] < best[3]):
                    best = (m.start(), end, close[0], close[1])
            if best is not None:
                out.append(best)
        return out
