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
from dataclasses import dataclass

SERIES = (
    "A|S|E|ST|CCPR|CRC|CEDAW|CERD|CAT|CMW|CRPD|CED|TD|DP|UNEP|UNW|ICEF|FCCC|SPLOS|ISBA|ATT|"
    "BWC|CD|CCW|APLC|NPT|PBC|ECE|IDB|JIU|UNODC"
)
_SEP = r"(?:\s*(?:、|，|,|和|及|以及|与|and|,?\s*and)\s*(?:第\s*)?)"
_SC_ITEM = r"(\d{1,4})\s*\(\s*((?:19[4-9]|20\d)\d)\s*\)"
_GA_ITEM = r"([A-Z]?-?\d{1,4})\s*/\s*(\d{1,4})"

# Explicit symbols: S/RES/2690 (2023), A/77/573, S/PRST/2022/6, ST/SGB/2019/8, A/HRC/RES/43/1 …
_EXPLICIT = re.compile(
    rf"(?<![A-Za-z0-9/.])(?:{SERIES})(?:/(?:[A-Z][A-Za-z0-9.\-]*|\d[\d.\-]*[A-Z]?))+"
    r"(?:\s?\((?:19[4-9]|20\d)\d\))?"
    r"(?:/(?:Add|Rev|Corr|Amend)\.\d+)*"
)
# 第 2690(2023)号决议, 第 2320(2016)号和第 2378(2017)号决议, 第 2320(2016)、2378(2017)号决议
_ZH_SC = re.compile(rf"第\s*{_SC_ITEM}\s*号?(?:(?:{_SEP}{_SC_ITEM}\s*号?)*)\s*(决议|主席声明)?")
# (大会)第 77/302 号决议 / 决定; 人权理事会第 43/1 号决议; 经社理事会第 2019/30 号决议
_ZH_SESSION = re.compile(rf"第\s*{_GA_ITEM}\s*号?(?:(?:{_SEP}{_GA_ITEM}\s*号?)*)\s*(决议|决定)")
# resolution 2690 (2023); resolutions 2320 (2016) and 2378 (2017)
_EN_SC = re.compile(rf"\b[Rr]esolutions?\s+{_SC_ITEM}(?:(?:{_SEP}|\s*,\s*|\s+and\s+){_SC_ITEM})*")
# General Assembly resolution 77/302; decision 77/555
_EN_SESSION = re.compile(
    rf"\b([Rr]esolutions?|[Dd]ecisions?)\s+{_GA_ITEM}(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+){_GA_ITEM})*"
)
_ITEM_SC = re.compile(_SC_ITEM)
_HINT = re.compile(r"\d\s*[/(（]|/\s*\d|第\s*\d|[Rr]esolutions?\s+\d|[Dd]ecisions?\s+\d")
_ITEM_GA = re.compile(_GA_ITEM)


@dataclass(frozen=True, slots=True)
class SymbolMatch:
    start: int
    end: int
    type: str  # Resolution or Document
    key: str  # the normalized symbol
    rdf_class: str  # SecurityCouncilResolution, GeneralAssemblyResolution, PresidentialStatement …


def normalize_symbol(symbol: str) -> str:
    """The canonical form of a written symbol: no spaces, ASCII, Security Council year in ()."""
    s = re.sub(r"\s+", "", symbol)
    return s.replace("（", "(").replace("）", ")").replace("／", "/")


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
    etype, cls = classify(symbol)
    return SymbolMatch(start, end, etype, symbol, cls)


def _context_before(text: str, start: int, width: int = 12) -> str:
    return text[max(0, start - width) : start]


def _session_symbol(text: str, start: int, first: str, second: str, decision: bool) -> str:
    before = _context_before(text, start)
    if "人权理事会" in before or "Human Rights Council" in before:
        return f"A/HRC/{'DEC' if decision else 'RES'}/{first}/{second}"
    if re.search(r"经社理事会|经济及社会理事会|Economic and Social Council", before):
        return f"E/{'DEC' if decision else 'RES'}/{first}/{second}"
    return f"A/{'DEC' if decision else 'RES'}/{first}/{second}"


def find_symbols(text: str) -> Iterator[SymbolMatch]:
    """Every document and resolution reference in `text` (a matching copy, see textnorm)."""
    if not _HINT.search(text):  # every reference has a digit next to a slash, a bracket or 第
        return
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _EXPLICIT.finditer(text):
        symbol = normalize_symbol(m.group(0)).rstrip(".")
        if not re.search(r"\d", symbol):
            continue
        end = m.start() + len(m.group(0).rstrip("."))
        taken.append((m.start(), end))
        yield _make(m.start(), end, symbol)
    for m in _ZH_SC.finditer(text):
        if m.group(m.lastindex or 0) == "主席声明":
            continue
        yield from _items(text, m, _ITEM_SC, free, taken, lambda a, b, s: f"S/RES/{a}({b})")
    for m in _EN_SC.finditer(text):
        yield from _items(text, m, _ITEM_SC, free, taken, lambda a, b, s: f"S/RES/{a}({b})")
    for m in _ZH_SESSION.finditer(text):
        decision = m.group(m.lastindex or 0) == "决定"
        yield from _items(
            text,
            m,
            _ITEM_GA,
            free,
            taken,
            lambda a, b, s, d=decision: _session_symbol(text, s, a, b, d),
        )
    for m in _EN_SESSION.finditer(text):
        decision = m.group(1).lower().startswith("decision")
        yield from _items(
            text,
            m,
            _ITEM_GA,
            free,
            taken,
            lambda a, b, s, d=decision: _session_symbol(text, s, a, b, d),
        )


def _items(text, match, item_re, free, taken, build) -> Iterator[SymbolMatch]:
    """Each numbered item of a (possibly listed) reference becomes its own match."""
    base = match.start()
    for item in item_re.finditer(match.group(0)):
        s, e = base + item.start(), base + item.end()
        if not free(s, e):
            continue
        taken.append((s, e))
        yield _make(s, e, build(item.group(1), item.group(2), match.start()))
