"""The lines of a report's text, and what a line's shape says about it: a heading and its
level, a table-of-contents entry, a web copy's navigation, a title-case headline, an end that
the next line continues. Structure parsing (`unkg.extract.structure`) asks these of every
line; they look at one line (or the lines' list) and keep no state.
"""

from __future__ import annotations

import re

from unkg.extract.leading import (
    ANNEX,
    CAPTION,
    CHAPTER,
    LETTER,
    NAV_SITE,
    ROMAN,
    SUPERSCRIPTS,
    TOC_HEAD,
)

TERMINAL = (*tuple("。！？；：.!?;:”’」』）)】》"), "……")
# A table-of-contents entry ends in a leader (dots, ellipses, a tab) and a page number; a
# line that merely contains "……" (an elided quotation) is body text.
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|\t)\s*\d{1,4}\s*$")
TOC_MIN_ENTRIES = 2  # a table of contents is a block of entries, never a lone line
_NAV_TARGET = re.compile(r"[决決][议議]|[声聲]明|[Rr]esolution|Statement")

SHORT_HEADING = 40  # characters: a line this short without final punctuation reads as a heading


# A line with its end (a line break or a form feed), or the text's last line without one:
# runs of a character class, where splitting at a look-behind tries every position.
_RAW_LINE = re.compile(r"[^\n\f]*[\n\f]|[^\n\f]+")


def split_lines(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, follows_blank) for each non-blank line, stripped of outer spaces."""
    if "\f" not in text:  # (most texts) `str.split` in C, where the pattern stops at each line
        return _lines_without_pages(text)
    out = []
    pos, blank = 0, True
    for raw in _RAW_LINE.findall(text):
        line = raw.rstrip("\r\n\f")
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), blank))
            blank = raw.endswith("\f")
        else:
            blank = True
        pos += len(raw)
    return out


def _lines_without_pages(text: str) -> list[tuple[int, int, bool]]:
    """`split_lines` of a text without form feeds: each line is followed by a line break but the
    last, which no line break ends."""
    out = []
    pos, blank = 0, True
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


# A footnote marker after a line's last punctuation: superscript, <sup>, or (in web copies
# that lost the superscript) plain digits glued to the mark (…的有关报告,2 / …Questions;1),
# never a number such as "3.2" whose mark follows a digit.
_END_MARKER = re.compile(
    r"(?:<sup>\s*\d+\s*</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[^\d\s][。！？；：.!?;:”’」』）)】》,，、])\d{1,3})$"
)


def without_end_marker(text: str) -> str:
    """`text` (right-stripped) less a footnote marker at its end. The pattern has no fixed
    start, so the regex engine would try it at every position of a long line: it runs only
    when the last character is one a marker ends with."""
    text = text.rstrip()
    last = text[-1:]
    if last and (last == ">" or last in SUPERSCRIPTS or last.isdecimal()):  # \d is Nd
        return _END_MARKER.sub("", text)
    return text


def ends_open(text: str) -> bool:
    t = without_end_marker(text)
    return bool(t) and not t.endswith(TERMINAL)


def closed_preamble(line: str) -> bool:
    """A resolution's preambular paragraph ends in a comma (回顾…，), its footnote marker
    aside."""
    return without_end_marker(line).endswith(("，", ",", "、"))


def is_navigation(line: str) -> bool:
    """A web copy's navigation line: links to the previous and next documents
    (``← | 第1245(1999)号决议 | …``, ``第1247(1999)号决议 |``, a lone ``|``) or the site's
    ``Jump to navigation`` links. Not the document's text. (A Markdown table row starts
    with ``|``, a navigation line does not.)"""
    line = line.strip()
    if line.startswith(("←", "→")) or line.endswith(("→", "←")) or line == "|":
        return True
    if line.endswith("|") and not line.startswith("|") and _NAV_TARGET.search(line):
        return True
    return bool(NAV_SITE.match(line))


def toc_lines(text: str, lines: list[tuple[int, int, bool]]) -> set[int]:
    """Indices of the lines that form a table of contents: a run of at least TOC_MIN_ENTRIES
    entries (leader + page number), with its "Contents" / "Page" heads and the first lines of
    entries whose title wraps, and nothing else."""
    found: set[int] = set()
    run: list[int] = []  # the current candidate block
    entries = 0
    pending: list[int] = []  # wrapped title lines waiting for the entry that ends them

    def close() -> None:
        nonlocal run, entries
        if entries >= TOC_MIN_ENTRIES:
            found.update(run)
        run, entries = [], 0

    for i, (s, e, _blank) in enumerate(lines):
        # an entry ends in a page number: the pattern runs only on lines that end in a digit
        # (a line is stripped: its last character is text[e - 1]); most lines are read no
        # further, so the line is cut from the text only for the tests that need it
        if text[e - 1].isdecimal() and _TOC_ENTRY.search(text, s, e):
            run.extend(pending)
            run.append(i)
            entries += 1
            pending = []
            continue
        if not run and text[s] not in TOC_HEAD.firsts:
            pending = []  # (and nothing to close)
            continue
        line = text[s:e]
        if TOC_HEAD.match(line):
            run.extend(pending)
            run.append(i)
            pending = []
        elif run and not pending and len(line) <= SHORT_HEADING * 2 and ends_open(line):
            pending = [i]  # perhaps the first line of an entry whose title wraps
        else:
            pending = []
            close()
    close()
    return found


def wide(c: str) -> bool:
    """A CJK character or full-width punctuation: Chinese lines join without a space."""
    return c >= "\u2e80"


# a long word, its first letter captured: `findall` then gives one-letter strings (Python keeps
# one of each), not a new string per word
_WORD = re.compile(r"([A-Za-z])[A-Za-z'’-]{3,}")
HEADLINE_WORDS = 3  # a line of this many long words or more, nearly all capitalized, is a title


def headline(text: str) -> bool:
    """A title-case line (Security Council Extends Mission in …): a title, never the start
    of a paragraph that the next line continues."""
    firsts = _WORD.findall(text)
    if len(firsts) < HEADLINE_WORDS:
        return False
    capitals = sum(map(str.isupper, firsts))
    return capitals >= 0.8 * len(firsts)


def ended_short(last: str, line: str) -> bool:
    """A sentence-case title over a paragraph written on one line: a line wrapper moves a word
    down only when it does not fit, so when the next (Latin) line is far longer than this one
    plus that line's first word, this one was ended on purpose. Both must start a sentence
    (a link cut out of a web copy leaves "by its resolution" over "1545 of 21 May 2004, …").
    The slack allows for proportional fonts, whose lines differ in characters at one width."""
    if not (last[:1].isupper() and line[:1].isupper()) or wide(last[-1]) or wide(line[0]):
        return False
    first = line.split(maxsplit=1)[0]
    return len(last) + 1 + len(first) + max(10, len(line) // 5) <= len(line)


# Plain-text headings nest below Markdown ones (# title, then 一. chapter, A. section …).
_PLAIN = 10


def heading_level(line: str, numbered: bool, short: bool = True) -> int:
    """The heading level of a plain-text line, 0 for body text; `short`: whether a short
    line without final punctuation reads as a heading."""
    if line.rstrip().endswith(("，", ",", "、")):  # headings never end in a comma
        return 0
    if ANNEX.match(line):  # an annex is a section above the chapters it may have
        return _PLAIN
    if CHAPTER.match(line) and len(line) <= SHORT_HEADING * 2:
        return _PLAIN + 1
    if (LETTER.match(line) or ROMAN.match(line)) and len(line) <= SHORT_HEADING * 2:
        return _PLAIN + 2
    if numbered:
        return _PLAIN + 3
    if short and len(line) <= SHORT_HEADING and ends_open(line) and not CAPTION.match(line):
        return _PLAIN + 4
    return 0
