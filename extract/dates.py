"""Dates as UN documents write them (2020年7月24日, 一九七八年十二月十四日, 29 January 1997,
January 29, 1997, 22-Oct-99), and the document's own date among those of its opening: the
adoption, meeting or letter date, a heading's date, or a header line that is only a date.
"""

from __future__ import annotations

import datetime
import re

from unkg.extract.lines import is_navigation
from unkg.extract.symbols import chinese_numeral as chinese_number

_CN_NUMBER = "〇零一二三四五六七八九十百"
MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
MONTHS = {m.lower(): i for i, m in enumerate(MONTH.strip("()").split("|"), 1)}  # january: 1

DATE_ZH = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_CN = rf"([{_CN_NUMBER}]{{4}})年([{_CN_NUMBER}]{{1,3}})月([{_CN_NUMBER}]{{1,3}})日"
DATE_EN = rf"(\d{{1,2}})\s+{MONTH}\s*,?\s*\(?(\d{{4}})\)?"
_DATE_US = rf"{MONTH}\s+(\d{{1,2}}),\s*(\d{{4}})"
# Dates that say they are the document's own, wherever they stand in its opening.
_OWN_DATES = (
    # 1999年6月11日安全理事会第4013次会议通过 / 安全理事会2006年4月25日第5421次会议通过
    re.compile(rf"{DATE_ZH}\s*安全理事[会會]第\s*\d+\s*次[会會][议議](?:通过|通過)"),
    re.compile(rf"安全理事[会會]\s*{DATE_ZH}\s*第\s*\d+\s*次[会會][议議](?:通过|通過)"),
    # 安全理事会主席在2015年12月31日安全理事会第7599次会议上 … 发表声明
    re.compile(rf"主席在\s*{DATE_ZH}\s*(?:安全理事[会會])?第\s*\d+\s*次[会會][议議]上"),
    re.compile(rf"Adopted by the Security Council(?: at its \d+\w* meeting,)? on {DATE_EN}", re.I),
    re.compile(rf"^Letter dated {DATE_EN}", re.I),
    re.compile(rf"Distr\.:?\s*General\s+{DATE_EN}", re.I),
)
# Header lines that date the document they head: 146 (1960). Resolution of 9 August 1960,
# Resolution 629 (1989) of 16 January 1989, 一六九(一九六一).一九六一年十一月二十四日决议案.
_HEADING_DATES = (
    re.compile(rf"[Rr]esolution(?: \d+ \(\d{{4}}\))? of {DATE_EN}$"),
    re.compile(rf"{_DATE_CN}[决決][议議]案?$"),
    re.compile(rf"{DATE_ZH}[决決][议議]案?$"),
)
# A header line that is nothing but a date: [2020年7月24日], 一九七八年十二月十四日,
# 29 January 1997, of 19 March 1978, Date: 29 January 1997, 22-Oct-99.
DATE_LINES = (
    re.compile(rf"^[\[［(（]?\s*{DATE_ZH}\s*[\]］)）]?$"),
    re.compile(rf"^[\[［(（]?\s*{_DATE_CN}\s*[\]］)）]?$"),
    re.compile(rf"^(?:of |Date:\s*|Dated?\s+)?{DATE_EN}$", re.I),
    re.compile(rf"^[(（]?{_DATE_US}[)）]?$", re.I),
)
DATE_SHORT = re.compile(r"^(\d{1,2})-([A-Z][a-z]{2})-(\d{2})$")  # press releases: 22-Oct-99


def iso_date(year: int, month: int, day: int) -> str | None:
    """The ISO date, or None for a day no calendar has (31 February: an OCR slip) or a year
    outside 1901-2099 (a number read as a year)."""
    if not 1900 < year < 2100:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_of(groups: tuple[str, ...]) -> str | None:
    """ISO date from the groups of one of the date patterns (y m d, or d Month y)."""
    if groups[0].lower() in MONTHS:  # Month D, YYYY
        return iso_date(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
    if groups[1].lower() in MONTHS:  # D Month YYYY
        return iso_date(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
    if groups[0].isdigit():
        return iso_date(int(groups[0]), int(groups[1]), int(groups[2]))
    y, m, d = (chinese_number(g) for g in groups)
    return iso_date(y, m, d) if y and m and d else None


def own_date(opening: str, head: list[str]) -> str | None:
    """The document's own date: an adoption, meeting or letter date in its opening, else a
    header line that is only a date (`opening`: the text's first characters, `head`: its
    header lines). Never a date from the body's paragraphs."""
    for pattern in _OWN_DATES:
        for line in opening.splitlines()[:40]:
            m = pattern.search(line.strip())
            if m and (date := date_of(m.groups())):
                return date
    joined = "\n".join(head)
    m = re.search(rf"Distr\.:?\s*General\s+{DATE_EN}", joined, re.I)
    if m and (date := date_of(m.groups())):
        return date
    for line in head:
        for pattern in _HEADING_DATES:
            m = pattern.search(line)
            if m and (date := date_of(m.groups())):
                return date
    for i, line in enumerate(head):
        for pattern in DATE_LINES:
            m = pattern.match(line)
            if m and (date := date_of(m.groups())):
                return date
        if line.rstrip(":：") in ("Date", "日期") and i + 1 < len(head):
            m = DATE_LINES[2].match(head[i + 1])
            if m and (date := date_of(m.groups())):
                return date
        m = DATE_SHORT.match(line)
        if m and m[2].lower() in {k[:3] for k in MONTHS}:
            month = next(i for k, i in MONTHS.items() if k.startswith(m[2].lower()))
            year = int(m[3]) + (1900 if int(m[3]) > 40 else 2000)
            return iso_date(year, month, int(m[1]))
    # A web copy's navigation names the previous, this and the next document; only this
    # one's cell carries a date (← | 第597号决议 | 第598号决议 1987年7月20日 |).
    for line in head:
        if is_navigation(line) and (m := re.search(DATE_ZH, line)):
            return date_of(m.groups())
    return None
