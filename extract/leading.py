"""The kinds of line structure parsing tells by how they start (a Markdown heading, a
footnote, a chapter, a caption …), as patterns anchored at a line's start.

Structure parsing asks a dozen of them of every line, and nearly every line fails each at
its first character. A call into the regex engine costs several times a look at that
character in Python, so each pattern is `Led` by the characters a match can start with.
"""

from __future__ import annotations

import re
import string

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CN_NUMERALS = "一二三四五六七八九十"


class Led:
    """`pattern` (anchored at the start: every match begins at position 0) with `firsts`,
    the characters a match can begin with; `match` is the pattern's, for lines that start
    with one of them (an empty line is asked of the pattern too)."""

    __slots__ = ("firsts", "pattern")

    def __init__(self, pattern: str, firsts: str) -> None:
        self.pattern = re.compile(pattern)
        self.firsts = firsts

    def match(self, line: str) -> re.Match[str] | None:
        return self.pattern.match(line) if line[:1] in self.firsts else None


MD_HEADING = Led(r"^(#{1,6})\s*(.*?)\s*#*\s*$", "#")
_TOC_COLUMN = r"(?:章次|页次|页码|段次|Chapter|Page|Paragraphs)"
TOC_HEAD = Led(
    rf"^(?:目\s*录|Contents|CONTENTS|Table of contents|{_TOC_COLUMN}(?:\s+{_TOC_COLUMN})*)$",
    "目CT章页段P",
)
FOOTNOTE = Led(
    rf"^(?:<sup>\s*(\d+)\s*</sup>|([{SUPERSCRIPTS}]+)|(\*{{1,3}})(?=\s))\s*(\S.*)$",
    f"<*{SUPERSCRIPTS}",
)
CHAPTER = Led(
    rf"^(?:([{CN_NUMERALS}]+)\s*[.．、]|第[{CN_NUMERALS}]+章)\s*(.*)$", f"{CN_NUMERALS}第"
)
LETTER = Led(r"^([A-Z])\s*[.．]\s+(\S.*)$", string.ascii_uppercase)
ROMAN = Led(r"^(I{1,3}|IV|V|VI{0,3}|IX|X{1,2}I{0,3})\s*[.．]\s+(\S.*)$", "IVX")
ANNEX = Led(
    r"^(?:Annex|ANNEX|Appendix|APPENDIX|附件)(?:\s+[IVXLC\d一二三四五六七八九十]+)?\s*$", "A附"
)
CAPTION = Led(rf"^(?:图|表|Figure|Table)\s*[{CN_NUMERALS}\dIVX]+\b", "图表FT")
BOX = Led(r"^[*_]*(?:亮点|Highlight|Box)\s*[:：]?\s*", "*_亮HB")
NAV_SITE = Led(
    r"^(?:Jump to navigation|Jump to search|跳转到导航|跳到导航)"
    r"(?:\s+(?:Jump to search|跳转到搜索|跳到搜索))?$",
    "J跳",
)
