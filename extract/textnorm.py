"""Length-preserving normalization for matching.

Matching runs on a copy of the text in which every character is replaced by at most
one character: full-width forms by ASCII, traditional by simplified script, and
markup (``[77/302](#)`` links, ``<sup>1</sup>`` markers) by spaces. Because the copy
has the same length, an offset found in it is an offset into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_MARKUP = re.compile(r"\]\(#[^)\s]*\)|<sup>[^<]{0,8}</sup>|\[(?=[\dA-Z])|</?[a-z]{1,5}>")


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII variants
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    for ch in "\u00a0\u2002\u2003\u2009\u200a\u202f":
        table[ord(ch)] = " "
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2212":  # 波斯尼亚—黑塞哥维那 is one name
        table[ord(ch)] = "-"
    for ch in "\u2018\u2019":  # Côte d’Ivoire, Lao People’s …
        table[ord(ch)] = "'"
    table[0x200B] = " "  # zero-width space
    table[0xFEFF] = " "
    return table


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to one character at a time.
    convert = _t2s().convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def _mask(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _has_traditional(text: str) -> bool:
    sample = text[:20000]
    return (
        sample != _t2s().convert(sample)
        if any("\u4e00" <= c <= "\u9fff" for c in sample)
        else False
    )


def needs_simplifying(text: str) -> bool:
    """Is `text` in traditional script (judged on its start)? A report streamed in blocks
    asks once, so every block is matched the same way."""
    return _has_traditional(_MARKUP.sub(_mask, _fold(text[:20000])))


def match_text(text: str, simplify: bool | None = None) -> str:
    """The matching copy of `text` (same length, same offsets)."""
    folded = _fold(text)
    folded = _MARKUP.sub(_mask, folded)
    if simplify is None:
        simplify = _has_traditional(folded)
    if simplify:
        folded = _to_simplified(folded)
    assert len(folded) == len(text)
    return folded


def fold_name(name: str) -> str:
    """Normalize a gazetteer name the way `match_text` normalizes text."""
    return _fold(unicodedata.normalize("NFC", name))


@cache
def _fold_pattern() -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chr(c) for c in _fold_table())) + "]")


def _fold(text: str) -> str:
    """Apply the fold table. A regex over just the characters to replace is several times
    faster than str.translate on Chinese text, where they are a few percent of the text."""
    table = _fold_table()
    return _fold_pattern().sub(lambda m: table[ord(m.group())], text)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


SAMPLE = 20000  # characters a text's language is judged on


def script_letters(text: str) -> tuple[int, int]:
    """(CJK ideographs, Latin letters) in `text`, counted in C, not in a Python loop."""
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


def language_of(cjk: int, latin: int) -> str:
    """zh or en, from the letters of a text (`script_letters`): zh when CJK ideographs are
    30 % of them or more, a Latin word counting about as much as a CJK character."""
    total = cjk + latin / 5
    return "zh" if (cjk / total if total else 0.0) >= 0.3 else "en"


def detect_language(text: str) -> str:
    """The language of `text`, judged on its first SAMPLE characters."""
    return language_of(*script_letters(text[:SAMPLE]))
