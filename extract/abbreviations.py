"""What an abbreviation is: 全称(简称) definitions, short forms that abbreviate a name, and
where a learned short form occurs (the rules of `components.AbbreviationComponent`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

# 全称(简称): a name followed by a short form in either parenthesis style.
DEFINITION = re.compile(
    r"[(（]\s*([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9+\-. ]{0,14}?)\s*[)）]"
)
# DEFINITION in an ASCII text (no Chinese character or bracket there): a pattern that starts
# with a literal, which the regex engine skips to, where a class is tried at every character.
DEFINITION_ASCII = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9+\-. ]{0,14}?)\s*\)")


def definitions(text: str) -> Iterator[re.Match[str]]:
    """The bracketed short forms of `text`, left to right (group 1: the short form)."""
    return (DEFINITION_ASCII if text.isascii() else DEFINITION).finditer(text)


def occurrences(text: str, word: str, start: int = 0) -> Iterator[int]:
    """Where `word` (not empty) occurs in `text` from `start` on, left to right, without
    overlaps. `str.find` in C: a report learns many short forms, and most units hold none."""
    at = text.find(word, start)
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


def _initials_match(acronym: str, name: str) -> bool:
    initials = {w[0].upper() for w in name.split() if w[:1].isalpha()}
    letters = [c for c in acronym.upper() if c.isalpha()]
    return bool(letters) and sum(c in initials for c in letters) / len(letters) >= 0.6


def abbreviates(short: str, full: str) -> bool:
    """Is `short` an abbreviation of `full`? Chinese short forms reuse the full name's
    characters (马里稳定团 ← 联合国马里多层面综合稳定团); Latin ones are acronyms (MONUSCO).
    A parenthetical remark (包括所有多层面维持和平行动) is neither."""
    if short.isascii():
        acronym = short.replace("-", "").replace("+", "").isalnum() and short[:1].isupper()
        if not acronym or len(short) > 12:
            return False
        return _initials_match(short, full) if full.isascii() else True
    cjk = [c for c in short if "\u4e00" <= c <= "\u9fff"]
    if not cjk or len(short) >= len(full):
        return False
    return sum(c in full for c in cjk) / len(cjk) >= 0.6
