"""UN document symbols and resolution references, in Chinese and English forms.

Every reference is normalized to the symbol without spaces, which is the entity key:
第 2690(2023)号决议 and "resolution 2690 (2023)" both become ``S/RES/2690(2023)``;
大会第 77/302 号决议 becomes ``A/RES/77/302``. The numbering scheme itself tells the
organ apart (Security Council: number(year); General Assembly: session/number), and the
words around a reference settle the rest (人权理事会, 经社理事会, 决定/decision).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

import msgspec

SERIES = (
    "A|S|E|SC|ST|CCPR|CRC|CEDAW|CERD|CAT|CMW|CRPD|CED|TD|DP|UNEP|UNW|ICEF|FCCC|SPLOS|ISBA|ATT|"
    "BWC|CD|CCW|APLC|NPT|PBC|ECE|IDB|JIU|UNODC"
)
_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
# "186 (1964) of 4 March, 187 (1964) of 13 March": a date may follow each member of a list
_OF_DATE = rf"(?:\s+of\s*\d{{1,2}}\s*(?:{_MONTH})(?:\s*\d{{4}})?)?"  # lines run together too
_SEP = r"(?:\s*(?:、|，|,|和|及|以及|与|and|,?\s*and)\s*(?:第\s*)?)"
# 2690 (2023); web pages also write 2009 (September 2011), 2040 (12 March 2012)
_SC_ITEM = rf"(\d{{1,4}})\s*\(\s*(?:(?:\d{{1,2}}\s+)?(?:{_MONTH})\s+)?((?:19[4-9]|20\d)\d)\s*\)"
# General Assembly resolutions of the early sessions: 1592 (XV), 997 (ES-I), 1874 (S-IV)
_GA_OLD_ITEM = r"(\d{1,4})\s*\(\s*((?:ES|S)-?[IVXL]+|[IVXL]+)\s*\)"  # also 1874(SIV)
_GA_ITEM = r"([A-Z]?-?\d{1,4})\s*/\s*(\d{1,4}(?:\s?[A-H](?![A-Za-z]))?)"
# RESOLUTION 231, the odd "resolutioon", and web text whose lines were run together
# ("…NationsResolution 425 (1978)"). The R comes first, as a class, so that the regex engine
# skips to the R's of a text instead of trying every position; what must precede it is
# checked after it.
_RESOLUTION_EN = r"[Rr](?:(?<![A-Za-z][Rr])(?i:esolutio+ns?)|(?<=[a-z]R)esolutions?)"

# Explicit symbols: S/RES/2690 (2023), A/77/573, S/PRST/2022/6, ST/SGB/2019/8, A/HRC/RES/43/1 …
# Each series is spelled first and the boundary before it checked after it (one look-behind
# per series, in SERIES's order): the regex engine then skips to the series' first letters,
# where a leading look-behind made it try every position.
_SERIES_AT_BOUNDARY = "|".join(f"{s}(?<![A-Za-z0-9/.]{s})" for s in SERIES.split("|"))
_EXPLICIT = re.compile(
    rf"(?:{_SERIES_AT_BOUNDARY})(?:/(?:[A-Z][A-Za-z0-9.\-]*|\d[\d.\-]*[A-Z]?))+"
    r"(?:\s?\((?:19[4-9]|20\d)\d\))?"
    r"(?:/(?:Add|Rev|Corr|Amend)\.\d+)*"
)
# S/2001/983 和 Corr.1; S/7611 and Corr. 1 and Add. 1: parts named after their document
_PARTS = re.compile(r"(?:\s*(?:和|及|、|,|，|and)\s*(Add|Rev|Corr|Amend)\.\s?(\d+))+")
_PART = re.compile(r"(Add|Rev|Corr|Amend)\.\s?(\d+)")
# 第 2690(2023)号决议, 第 2320(2016)号和第 2378(2017)号决议, 第 2320(2016)、2378(2017)号决议,
# and lists run together: 第425(1978)426(1978)号决议. A 决定 (decision) is no resolution.
_ZH_SC = re.compile(
    rf"第\s*{_SC_ITEM}\s*号?(?:(?:{_SEP}|\s*){_SC_ITEM}\s*号?)*\s*(决议|主席声明|决定)?"
)
# 第1246号决议 (no year): the year comes from a date just before or the report's own symbol
_ZH_SC_BARE = re.compile(r"第\s*(\d{1,4})\s*号决议")
# (大会)第 77/302 号决议 / 决定; 人权理事会第 43/1 号决议; 经社理事会第 2019/30 号决议
_ZH_SESSION = re.compile(rf"第\s*{_GA_ITEM}\s*号?(?:(?:{_SEP}{_GA_ITEM}\s*号?)*)\s*(决议|决定)")
# resolution 2690 (2023); resolutions 2320 (2016) and 2378 (2017); 1378 (2001) of 14 November …
_EN_SC = re.compile(
    rf"{_RESOLUTION_EN}\s*{_SC_ITEM}(?:{_OF_DATE}(?:{_SEP}|\s*,\s*|\s+and\s+){_SC_ITEM})*"
)
# resolution 2476 of 25 June 2019; resolution 1533 (no year: the report's own number, or none)
_EN_BARE = re.compile(
    rf"{_RESOLUTION_EN}\s*(\d{{1,4}})(?![\d(/]|\s*[(/])(?:\s+of\s+\d{{1,2}}\s+(?:{_MONTH})\s+(\d{{4}}))?"
)
# 第1874(S-IV)号决议
_ZH_GA_OLD = re.compile(rf"第\s*{_GA_OLD_ITEM}\s*号?(?:{_SEP}{_GA_OLD_ITEM}\s*号?)*\s*决议")
# Resolution 997 (ES-I) of 2 November 1956; 决议案一五九二(十五) is handled with the numerals
_EN_GA_OLD = re.compile(
    rf"{_RESOLUTION_EN}\s*{_GA_OLD_ITEM}(?:{_OF_DATE}(?:{_SEP}){_GA_OLD_ITEM})*"
)
# General Assembly resolution 77/302; decision 77/555
# (The word's first letter comes first, as a class, so that the engine skips to those letters;
# the word boundary before it is checked after it.)
_EN_SESSION = re.compile(
    rf"([RrDd](?<!\w[RrDd])(?:(?<=[Rr])esolutions?|(?<=[Dd])ecisions?))\s*{_GA_ITEM}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){_GA_ITEM})*"
)
# 主席声明2001年第32号 = S/PRST/2001/32
_ZH_PRST = re.compile(r"主席声明\s*(\d{4})\s*年\s*第\s*(\d{1,3})\s*号")
# 决议案五十四(一九四八), 决议案一四三(一九六〇), 决议案一五九二(十五), 决议案一四七四(紧特四),
# 决议案一七一 (no year)
_CN_NUM = "〇零一二三四五六七八九十百千"
_ZH_NUMERAL = re.compile(
    rf"决议案\s*([{_CN_NUM}]+)(?:\s*\(\s*(?:([〇零一二三四五六七八九]{{4}})|(紧特|特)?([一二三四五六七八九十]+))\s*\))?"
)
# A numbered resolution heading at the start of a line: "146 (1960). Resolution of …",
# "一八六(一九六四).一九六四年三月四日决议案", "53/228. 联合国…经费的筹措"
_HEADING = re.compile(
    rf"^[ \t]*(?:(\d{{1,4}})\s*\(\s*((?:19[4-9]|20\d)\d)\s*\)"
    rf"|([{_CN_NUM}]+)\s*\(\s*([〇零一二三四五六七八九]{{4}})\s*\))\s*[.．]"
    rf"(?=[^\n]{{0,20}}(?:决议案|[Rr]esolution))"
    r"|^[ \t]*(\d{2})/(\d{1,3})\.\s*(?=[\u4e00-\u9fffA-Z])",
    re.M,
)
# a heading line "1312(2000)号决议" (no 第)
_ZH_SC_HEADING = re.compile(rf"^[ \t]*{_SC_ITEM}\s*号\s*决议", re.M)
# A line that opens with a number, as each heading above does: asked before those patterns,
# which begin with ^ and so are tried at every position (this one skips to the line breaks).
_NUMBER_OPENS = f"\\d{_CN_NUM}"
_NUMBER_LINE = re.compile(rf"\n[ \t]*[{_NUMBER_OPENS}]")
_NUMBER_FIRST = re.compile(rf"[ \t]*[{_NUMBER_OPENS}]")
# Where an English resolution word stands before a number, as in every match of _EN_SC,
# _EN_GA_OLD and _EN_BARE: found in one pass, then each of them is tried only there.
_RESOLUTION_NUMBER = re.compile(rf"{_RESOLUTION_EN}\s*\d")
_ITEM_SC = re.compile(_SC_ITEM)
_ITEM_GA_OLD = re.compile(_GA_OLD_ITEM)
# What every reference holds: \d\s*[/(（] | /\s*\d | 第\s*\d | 决议案, the first character of each
# as one class (the engine skips to those characters), or one of the words below, looked for
# only in a text that holds one's letters (an English text has an r or a d every few letters).
_HINT = re.compile(r"[\d/第决](?:(?<=\d)\s*[/(（]|(?<=/)\s*\d|(?<=第)\s*\d|(?<=决)议案)")
# _HINT in an ASCII text, where \d is [0-9] and no 第, 决 or （ occurs: the class of ASCII
# characters is a table lookup, where \d asks each character's Unicode category.
_HINT_ASCII = re.compile(r"[0-9/](?:(?<=[0-9])\s*[/(]|(?<=/)\s*[0-9])")
_HINT_WORD = re.compile(
    r"[RrDd](?:(?<=[Rr])esolutio+ns?\s*\d|(?<=[Dd])ecisions?\s*\d|(?<=R)ESOLUTION)"
)
_HINT_LETTERS = ("esolutio", "ecision", "ESOLUTION")  # in every match of _HINT_WORD
_ITEM_GA = re.compile(_GA_ITEM)
# What the English patterns need in a text, looked for before they scan it: they begin with
# no literal text, so the regex engine tries them at every position, and most units hold none.
_RESOLUTION_WORD = re.compile(r"(?i:resolutio)")  # in every match of _RESOLUTION_EN
# in every match of _EN_SESSION, right after its first letter
_SESSION_WORDS = ("esolution", "ecision")
# "On 14 March 2014, Resolution 2144 extended …": the year just before a bare reference
_EN_DATE_BEFORE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTH})\s+(\d{{4}}),?\s*(?:[Ii]n\s+|[Bb]y\s+)?(?:its\s+)?$"
)
_DATE_BEFORE = re.compile(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


class SymbolMatch(msgspec.Struct, frozen=True, gc=False):
    start: int
    end: int
    type: str  # Resolution or Document
    key: str  # the normalized symbol


def normalize_symbol(symbol: str) -> str:
    """The canonical form of a written symbol: no spaces, ASCII, Security Council year in ()."""
    s = re.sub(r"\s+", "", symbol)
    return s.replace("（", "(").replace("）", ")").replace("／", "/")


# the year a Security Council symbol carries: S/RES/186(1964), S/PRST/2002/37, S/2001/1128
_SYMBOL_YEAR = re.compile(r"\((\d{4})\)$|^S/(?:PRST/)?(\d{4})/")


def symbol_year(symbol: str) -> str | None:
    """The year a Security Council document's normalized symbol carries (a resolution's in
    brackets, a letter's or presidential statement's after `S/`), else None."""
    m = _SYMBOL_YEAR.search(symbol)
    return (m.group(1) or m.group(2)) if m else None


def classify(symbol: str) -> tuple[str, str]:
    """(extraction type, ontology class) of a normalized symbol."""
    if symbol.startswith("S/RES/"):
        return "Resolution", "SecurityCouncilResolution"
    if re.match(r"^A/(?:[A-Z]+-?\d+/)?RES/", symbol) or symbol.startswith("A/RES/"):
        return "Resolution", "GeneralAssemblyResolution"
    if "/RES/" in symbol:
        return "Resolution", "Resolution"
    if symbol.startswith("S/PRST/"):
        return "Document", "PresidentialStatement"
    return "Document", "Document"


def _make(start: int, end: int, symbol: str) -> SymbolMatch:
    return SymbolMatch(start, end, classify(symbol)[0], symbol)


def _context_before(text: str, start: int, width: int = 12) -> str:
    return text[max(0, start - width) : start]


def _session_symbol(text: str, start: int, first: str, second: str, decision: bool) -> str:
    second = second.replace(" ", "")  # 第51/154 B号决议 → A/RES/51/154B
    before = _context_before(text, start)
    if "人权理事会" in before or "Human Rights Council" in before:
        return f"A/HRC/{'DEC' if decision else 'RES'}/{first}/{second}"
    if re.search(r"经社理事会|经济及社会理事会|Economic and Social Council", before):
        return f"E/{'DEC' if decision else 'RES'}/{first}/{second}"
    return f"A/{'DEC' if decision else 'RES'}/{first}/{second}"


def chinese_numeral(text: str) -> int | None:
    """一四三 → 143 (digit by digit, as old resolutions are numbered), 五十四 → 54,
    一九六〇 → 1960; None when `text` is not a numeral."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if not text or any(c not in digits and c not in "十百千" for c in text):
        return None
    if not any(c in "十百千" for c in text):
        return int("".join(str(digits[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in "十百千":
            total += (current or 1) * {"十": 10, "百": 100, "千": 1000}[c]
            current = 0
        else:
            current = digits[c]
    return total + current


def roman(n: int) -> str:
    """15 → XV: the session of early General Assembly resolutions, 1592 (XV)."""
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while n >= value:
            out, n = out + letters, n - value
    return out + "I" * n


def _sc(number: str, year: str) -> str:
    return f"S/RES/{int(number)}({year})"


def _bare(number: str, year: str | None, own: str | None) -> str | None:
    """The symbol of a Security Council resolution written without its year: the year
    given with it, or the report's own symbol when the numbers agree; else unknown."""
    if year:
        return _sc(number, year)
    if own:
        m = re.match(r"^(?:S|A)/RES/(\d+)\(", own)
        if m and int(m.group(1)) == int(number):
            return own
    return None


def _has_hint(text: str) -> bool:
    """Could `text` hold a reference? Every one has a digit next to a slash, a bracket or 第,
    or a word for it before a number."""
    if text.isascii():  # every match holds a slash or a bracket (an English unit may not)
        if ("/" in text or "(" in text) and _HINT_ASCII.search(text):
            return True
    elif _HINT.search(text):
        return True
    first, second, third = _HINT_LETTERS  # (three `in` tests: `any` of a generator costs more)
    letters = first in text or second in text or third in text
    return letters and _HINT_WORD.search(text) is not None


def find_symbols(text: str, own: str | None = None) -> Iterator[SymbolMatch]:
    """Every document and resolution reference in `text` (a matching copy, see textnorm).
    `own` is the report's own symbol: a reference to its number without a year is to it."""
    if not _has_hint(text):
        return
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def claim(s: int, e: int, symbol: str | None) -> Iterator[SymbolMatch]:
        if symbol and free(s, e):
            taken.append((s, e))
            yield _make(s, e, symbol)

    explicit = _EXPLICIT.finditer(text) if "/" in text else ()  # every symbol has a slash
    for m in explicit:
        written = m.group(0).rstrip(".")
        symbol = _explicit(normalize_symbol(written), own)
        if symbol is None or not re.search(r"\d", symbol):
            continue
        end = m.start() + len(written)
        yield from claim(m.start(), end, symbol)
        parts = _PARTS.match(text, end)
        base = re.sub(r"/(?:Add|Rev|Corr|Amend)\.\d+$", "", symbol)
        for part in _PART.finditer(parts.group(0)) if parts else ():
            s = end + part.start()
            yield from claim(s, s + len(part.group(0)), f"{base}/{part[1]}.{part[2]}")
    # Each Chinese pattern starts with a literal, looked for with `in` first: in an English
    # unit that costs nothing (a text of Latin characters cannot hold 第), where each pattern
    # would scan it.
    ordinal = "第" in text  # in every match of _ZH_SC, _ZH_SC_BARE, _ZH_GA_OLD, _ZH_SESSION
    for m in _ZH_PRST.finditer(text) if "主席声明" in text else ():
        yield from claim(m.start(), m.end(), f"S/PRST/{m[1]}/{int(m[2])}")
    numbered = _NUMBER_FIRST.match(text) is not None or _NUMBER_LINE.search(text) is not None
    for m in _HEADING.finditer(text) if numbered else ():
        if m[1]:
            yield from claim(m.start(1), m.end(2) + 1, _sc(m[1], m[2]))
        elif m[3]:
            number, year = chinese_numeral(m[3]), chinese_numeral(m[4])
            if number and year:
                yield from claim(m.start(3), m.end(4) + 1, _sc(str(number), str(year)))
        elif m[5]:
            yield from claim(m.start(5), m.end(6), f"A/RES/{m[5]}/{m[6]}")
    for m in _ZH_SC_HEADING.finditer(text) if numbered else ():
        yield from claim(m.start(1), m.end(2) + 1, _sc(m[1], m[2]))
    for m in _ZH_SC.finditer(text) if ordinal else ():
        if m.group(m.lastindex or 0) in ("主席声明", "决定"):
            continue
        yield from _items(text, m, _ITEM_SC, free, taken, lambda a, b, s: _sc(a, b))
    for m in _ZH_SC_BARE.finditer(text) if ordinal else ():
        before = _DATE_BEFORE.search(text, max(0, m.start() - 16), m.start())
        yield from claim(m.start(), m.end(), _bare(m[1], before and before[1], own))
    for m in _ZH_NUMERAL.finditer(text) if "决议案" in text else ():
        yield from claim(m.start(), m.end(), _numeral_symbol(m, own))
    words = _resolution_numbers(text)
    for m in _matches_at(_EN_SC, text, words):
        yield from _items(text, m, _ITEM_SC, free, taken, lambda a, b, s: _sc(a, b))
    zh_old = _ZH_GA_OLD.finditer(text) if ordinal else ()
    for m in (*zh_old, *_matches_at(_EN_GA_OLD, text, words)):
        yield from _items(text, m, _ITEM_GA_OLD, free, taken, lambda a, b, s: _ga_old(a, b))
    for m in _matches_at(_EN_BARE, text, words):
        before = _EN_DATE_BEFORE.search(text, max(0, m.start() - 40), m.start())
        year = m[2] or (before and before[1])
        yield from claim(m.start(1), m.end(), _bare(m[1], year, own))
    zh = (
        (m, m.group(m.lastindex or 0) == "决定")
        for m in (_ZH_SESSION.finditer(text) if ordinal else ())
    )
    en = (
        (m, m.group(1).lower().startswith("decision"))
        for m in _matches_at(_EN_SESSION, text, _session_heads(text))
    )
    for m, decision in chain(zh, en):  # a decision or a resolution of a session
        yield from _items(
            text,
            m,
            _ITEM_GA,
            free,
            taken,
            lambda a, b, s, d=decision: _session_symbol(text, s, a, b, d),
        )


def _resolution_numbers(text: str) -> list[int]:
    """Where _RESOLUTION_NUMBER finds a resolution word before a number, ascending. Its [Rr]
    first stops the regex engine at every r; in an ASCII text (most English units' matching
    copies) ignoring case is lower-casing, so it is tried only at the letter before each
    "esolutio" of the lower-cased text, which every match holds there."""
    if not text.isascii():
        if _RESOLUTION_WORD.search(text) is None:
            return []
        return [m.start() for m in _RESOLUTION_NUMBER.finditer(text)]
    low = text.lower()
    heads: list[int] = []
    free = 0  # where the last match ended: matches do not overlap
    at = low.find("esolutio", 1)
    while at >= 0:
        if at - 1 >= free and (m := _RESOLUTION_NUMBER.match(text, at - 1)):
            heads.append(at - 1)
            free = m.end()
        at = low.find("esolutio", at + 1)
    return heads


def _session_heads(text: str) -> list[int]:
    """Where a match of _EN_SESSION can start, ascending: at the letter before each of
    _SESSION_WORDS (resolution, decision). Its pattern starts with [RrDd], at which the regex
    engine stops at every r and d of a text."""
    heads = []
    for word in _SESSION_WORDS:
        at = text.find(word, 1)
        while at >= 0:
            heads.append(at - 1)
            at = text.find(word, at + 1)
    return sorted(heads)


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern whose matches can only start at `starts`
    (ascending): it is tried there alone, left to right, never inside a match it made."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            end = m.end()
            yield m


def _ga_old(number: str, session: str) -> str:
    """1874 (S-IV) → A/RES/1874(S-IV); the hyphen is restored when a copy lost it (SIV)."""
    session = re.sub(r"^(ES|S)-?", r"\1-", session)
    return f"A/RES/{number}({session})"


def _explicit(symbol: str, own: str | None) -> str | None:
    """S/RES/0619(1988) → S/RES/619(1988); S/RES/743 (no year) → the report's own symbol
    when the numbers agree, else nothing (a Security Council symbol needs its year)."""
    m = re.match(r"^S/RES/0*(\d+)(\(\d{4}\))?$", symbol)
    if not m:
        return symbol
    return f"S/RES/{m[1]}{m[2]}" if m[2] else _bare(m[1], None, own)


def _numeral_symbol(m: re.Match[str], own: str | None) -> str | None:
    """决议案五十四(一九四八) → S/RES/54(1948); 决议案一五九二(十五) → A/RES/1592(XV);
    决议案一四七四(紧特四) → A/RES/1474(ES-IV); 决议案一七一 → the own symbol if it is 171."""
    number = chinese_numeral(m[1])
    if number is None:
        return None
    if m[2]:
        year = chinese_numeral(m[2])
        return _sc(str(number), str(year)) if year else None
    if m[4]:
        session = chinese_numeral(m[4])
        prefix = {"紧特": "ES-", "特": "S-"}.get(m[3] or "", "")
        return f"A/RES/{number}({prefix}{roman(session)})" if session else None
    return _bare(str(number), None, own)


def _items(text, match, item_re, free, taken, build) -> Iterator[SymbolMatch]:
    """Each numbered item of a (possibly listed) reference becomes its own match."""
    base = match.start()
    for item in item_re.finditer(match.group(0)):
        s, e = base + item.start(), base + item.end()
        if not free(s, e):
            continue
        taken.append((s, e))
        yield _make(s, e, build(item.group(1), item.group(2), match.start()))
