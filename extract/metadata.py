"""Report metadata from the text itself, its file name, a sidecar file, or the caller.

The caller's values win over the sidecar's, the sidecar's over what the text says, and the
text over the file name, so a user can always correct what the heuristics read. Only the
document's own header is read (the lines before its body starts, see `header`), so a date
or a symbol quoted in a numbered paragraph never becomes the report's own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

from unkg.extract.dates import DATE_LINES, DATE_SHORT, own_date
from unkg.extract.errors import ReadError
from unkg.extract.lines import is_navigation
from unkg.extract.model import ReportMeta
from unkg.extract.structure import is_resolution_text
from unkg.extract.symbols import chinese_numeral as chinese_number
from unkg.extract.symbols import classify, normalize_symbol
from unkg.extract.textnorm import detect_language

REPORT_KINDS = (
    "resolution",
    "presidential statement",
    "Secretary-General report",
    "letter",
    "press release",
    "other",
)
HEAD_CHARS = 3000  # the header is never longer than this

# --- where the body starts -------------------------------------------------------------
_NUMBERED = re.compile(r"^\d{1,3}\s*[.．]\s*\S")
_ORGAN = re.compile(
    r"^(?:The\s+)?(?:Security Council|General Assembly|安全理事[会會]|大[会會])\s*([,，]?)$"
)

# --- symbols -----------------------------------------------------------------------------
_SYMBOL_LINE = re.compile(
    r"^\s*((?:A|S|E)/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]+(?:\s?\(\d{4}\))?"
    r"|(?:SC|GA|SG/SM|SG/A)/\d{3,5})\s*\**\s*$"
)
_SYMBOL_IN_TITLE = re.compile(r"\(((?:A|S)/(?:[A-Z0-9.\-]+/)*\d[A-Z0-9.\-]*)\)\s*(?:\[[^\]]*\])?$")
TITLE_LINES = 3  # a title's symbol in parentheses is looked for in the first header lines
_RES_ZH = re.compile(
    r"^(?:联合国安理会|聯合國安理會|安全理事[会會])?\s*第\s*(\d{1,4})\s*"
    r"(?:[(（]\s*(\d{4})\s*[)）])?\s*[号號]\s*[决決][议議](?!案)"
)
_RES_ZH_NUMERALS = re.compile(
    r"^(?:联合国安理会|聯合國安理會)?[决決][议議]案\s*([〇零一二三四五六七八九十百]+)"
)
_RES_EN = re.compile(
    r"^(?:(?:UN |United Nations )?Security Council (?:Resolutions?:\s*)?)?Resolution\s+(\d{1,4})"
    r"(?:\s*\(\s*(\d{4})\s*\))?(?!\s*/)",
    re.I,
)
_TITLE_START = re.compile(r"\s+(?=联合国安理会|聯合國安理會|United Nations Security Council)")
# 146 (1960). Resolution of … / 一六九(一九六一).一九六一年…决议案
_RES_NUMBERED = re.compile(r"^(\d{1,4})\s*\((\d{4})\)\.\s*Resolution\b")
_RES_NUMBERED_CN = re.compile(
    r"^([〇零一二三四五六七八九十百]+)\s*[(（]([〇零一二三四五六七八九]{4})[)）]\s*[.．].*[决決][议議]"
)
# 53/228. 某特派团经费的筹措 — a General Assembly resolution's heading
_RES_GA = re.compile(r"^(\d{1,2})/(\d{1,3})\s*[.．]\s*\S")
_PRST_ZH = re.compile(r"主席[声聲]明\s*(\d{4})\s*年\s*第\s*(\d{1,3})\s*[号號]")

# --- session, agenda item, title -----------------------------------------------------------
_SESSION_ZH = re.compile(r"第([一二三四五六七八九十百]+)届(?:常会|会议|特别会议|紧急特别会议)")
_SESSION_EN = re.compile(r"^([A-Za-z]+(?:-[a-z]+)?) session$", re.I)
_SUPPLEMENT_ZH = re.compile(r"补编第\s*(\d+)\s*号")
_AGENDA = re.compile(
    r"^(?:临时)?议程项目\s*(\d+(?:\s*[(（][a-z][)）])?)"
    r"|^(?:Provisional )?agenda item\s+(\d+(?:\s*\([a-z]\))?)"
    r"|^Item\s+(\d+(?:\s*\([a-z]\))?) of the (?:provisional )?agenda",
    re.I,
)
_TITLE_MD = re.compile(r"^#\s+(.+)$", re.M)
_NOT_TITLE = re.compile(
    r"^(?:联合国|聯合國|United Nations|大会|大會|安全理事[会會]|General Assembly|Security Council"
    r"|正式记录|Official Records|摘要|Summary|说明|Note|From Wikisource|Distr\..*|General"
    r"|Chinese|English|Original:.*|Jump to .*)$",
    re.I,
)

_KIND_CUES = (
    (
        "presidential statement",
        re.compile(r"主席[声聲]明|^Statement by the President", re.I | re.M),
    ),
    (
        "letter",
        re.compile(r"^(?:Identical )?letters? (?:dated|of|from)|的信$|信函|函$", re.I | re.M),
    ),
    (
        "press release",
        re.compile(
            r"^Press Release|^(?:SC|GA|SG/SM)/\d+$|新闻稿|Department of Public Information"
            r"|Meetings Coverage|^Security Council (?:Adopts|Extends|Establishes|Authorizes)",
            re.I | re.M,
        ),
    ),
    (
        "Secretary-General report",
        re.compile(
            r"秘书长的报告|^秘书长关于.*报告|[Rr]eport of the Secretary-General",
            re.M,
        ),
    ),
)
KIND_LINES = 8  # the header lines whose words tell the kind

_ORDINAL_UNITS = {
    w: i
    for i, w in enumerate(
        (
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        ),
        1,
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2
    )
}
_TENS_ORDINAL = {w[:-1] + "ieth": n for w, n in _TENS.items()}
_LANGUAGE_TOKENS = {"ZH", "CH", "EN", "FR", "ES", "AR", "RU", "ZHS", "ZHT"}


def english_ordinal(text: str) -> int | None:
    """seventy-eighth → 78, first → 1."""
    words = text.lower().split("-")
    if len(words) == 1:
        w = words[0]
        return _ORDINAL_UNITS.get(w) or _TENS_ORDINAL.get(w)
    if len(words) == 2 and words[0] in _TENS and _ORDINAL_UNITS.get(words[1], 10) < 10:
        return _TENS[words[0]] + _ORDINAL_UNITS[words[1]]
    return None


def header(text: str) -> list[str]:
    """The stripped, non-blank lines of the document's header: those before its body starts
    (the first numbered paragraph, or a resolution's ``The Security Council,``)."""
    lines = [raw.strip() for raw in text[:HEAD_CHARS].splitlines() if raw.strip()]
    for i, line in enumerate(lines):
        if _NUMBERED.match(line):
            return lines[:i]
        organ = _ORGAN.match(line)
        # 安全理事会， opens a resolution; without the comma only when a preambular
        # paragraph (ending in a comma) follows, as the title page's 大会 does not.
        if organ and (organ[1] or (i + 1 < len(lines) and lines[i + 1].endswith((",", "，")))):
            return lines[:i]
    return lines


def _heading_symbol(line: str, year: str | None) -> str | None:
    """The symbol a header line names as the document's title: a resolution heading
    (第1701(2006)号决议, Resolution 425 (1978), 决议案一七一) or a presidential statement's
    title (安理会主席声明2015年第26号); `year` completes a heading without one."""
    if m := _PRST_ZH.search(line):
        return f"S/PRST/{m[1]}/{int(m[2])}"
    if m := _RES_GA.match(line):
        return f"A/RES/{m[1]}/{m[2]}"
    number, y = None, None
    if m := _RES_ZH.match(line) or _RES_EN.match(line) or _RES_NUMBERED.match(line):
        number, y = m[1], m[2]
    elif m := _RES_NUMBERED_CN.match(line):
        number, y = str(chinese_number(m[1])), str(chinese_number(m[2]))
    elif m := _RES_ZH_NUMERALS.match(line):
        number = str(chinese_number(m[1]))
    if number is None or not (y or year):
        return None
    return f"S/RES/{int(number)}({y or year})"


_YEARLESS = re.compile(r"^S/RES/\d+$")


def _canonical(symbol: str) -> str:
    """S/RES/0619(1988) → S/RES/619(1988): resolution numbers have no leading zeros."""
    return re.sub(r"^(S/RES/)0+(?=\d)", r"\1", symbol)


def own_symbol(head: list[str], date: str | None) -> str | None:
    """The document's own symbol: a header line that is only a symbol (S/2019/485, SC/6742),
    else the symbol in its title line's parentheses (a letter), else the resolution or
    statement its headings name. Web navigation lines (previous / next) are not read; a
    heading line that lists the previous and next documents around this one is resolved
    to the middle one."""
    lines = [line for line in head if not is_navigation(line)]
    year = date[:4] if date else None
    for line in lines:
        if m := _SYMBOL_LINE.match(line):
            symbol = _canonical(normalize_symbol(m[1]))
            if not _YEARLESS.match(symbol):
                return symbol
    for line in lines[:TITLE_LINES]:
        if m := _SYMBOL_IN_TITLE.search(line):
            return normalize_symbol(m[1])
    named: Counter[str] = Counter()
    for line in lines:
        # one line may hold several titles (previous and current): read each
        for part in re.split(
            r"\s+(?=联合国安理会|聯合國安理會|United Nations Security Council)", line
        ):
            if symbol := _heading_symbol(part, year):
                named[symbol] += 1
    if not named:
        return None
    top = named.most_common()
    if len(top) == 1 or top[0][1] > top[1][1]:
        return top[0][0]
    ordered = sorted(named, key=lambda s: int(re.search(r"\d+", s.split("/")[-1])[0]))
    return ordered[len(ordered) // 2]


def from_name(name: str) -> ReportMeta:
    """The symbol a file name spells (A_75_1.pdf, S-2023-282-ZH.docx, UNMIT_S_2008_501.pdf,
    S_2001_983_Corr.1.txt, en_S_RES_425_1978.txt), the least trusted source."""
    stem = name
    for suffix in (".meta.json", ".txt", ".md", ".pdf", ".docx", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    if m := re.search(r"(?:^|[_\-\s])A[_-]RES[_-](\d{1,4})[_-]((?:ES|S)-[IVX]+|[IVX]+)$", stem):
        return ReportMeta(symbol=f"A/RES/{m[1]}({m[2]})")
    tokens = [t for t in re.split(r"[_\-\s]+", stem) if t]
    for i, token in enumerate(tokens):
        if token not in ("A", "S", "E", "SC", "GA"):
            continue
        rest = []
        for t in tokens[i + 1 :]:
            if t.upper() in _LANGUAGE_TOKENS:
                break
            rest.append(t)
        if not rest or not any(c.isdigit() for c in rest[0] + (rest[1] if len(rest) > 1 else "")):
            continue
        if token == "S" and rest[0] == "RES" and len(rest) == 3 and re.fullmatch(r"\d{4}", rest[2]):
            return ReportMeta(symbol=f"S/RES/{rest[1]}({rest[2]})")
        return ReportMeta(symbol=normalize_symbol("/".join([token, *rest])))
    return ReportMeta()


def kind_of(symbol: str | None, text: str, head: list[str]) -> str:
    """What the document is: from its symbol's series first, else from its header's words."""
    if symbol:
        if classify(symbol)[0] == "Resolution":
            return "resolution"
        if symbol.startswith("S/PRST/"):
            return "presidential statement"
        if re.match(r"^(?:SC|GA|SG/SM|SG/A)/\d", symbol):
            return "press release"
    lines = [line.lstrip("#* ") for line in head if not is_navigation(line)]
    title = "\n".join(lines[:KIND_LINES])
    for kind, cue in _KIND_CUES:
        if cue.search(title):
            return kind
    return "resolution" if is_resolution_text(text) else "other"


def _session(head: list[str]) -> int | None:
    for line in head:
        if m := _SESSION_ZH.search(line):
            return chinese_number(m[1])
        if m := _SESSION_EN.match(line):
            return english_ordinal(m[1])
    return None


def session_years(session: int) -> str:
    """The years a regular session of the General Assembly spans (it opens in September:
    the 78th session is 2023/2024), as an ISO 8601 interval of years."""
    return f"{1945 + session}/{1946 + session}"


def _agenda_item(head: list[str]) -> tuple[str | None, int | None]:
    """The agenda item number and the index of its line in the header."""
    for i, line in enumerate(head):
        if m := _AGENDA.match(line):
            return re.sub(r"\s+", "", next(g for g in m.groups() if g)), i
    return None, None


def _title(text: str, head: list[str]) -> str | None:
    """The Markdown title, else the first header line that is a title: not navigation,
    furniture, a symbol, a date, the session or the agenda item (nor the item's title)."""
    if m := _TITLE_MD.search(text[:HEAD_CHARS]):
        return m[1].strip().rstrip("*")
    _, agenda_at = _agenda_item(head)
    for i, line in enumerate(head):
        clean = line.strip("#* ").strip()
        if (
            is_navigation(line)
            or (agenda_at is not None and i <= agenda_at + 1)
            or _NOT_TITLE.match(clean)
            or _SYMBOL_LINE.match(clean)
            or _SESSION_ZH.search(clean)
            or _SESSION_EN.match(clean)
            or any(p.match(clean) for p in DATE_LINES)
            or DATE_SHORT.match(clean)
            or not 2 <= len(clean) <= 200
        ):
            continue
        return clean
    return None


def from_text(text: str) -> ReportMeta:
    """What the document's header says about itself."""
    head = header(text)
    date = own_date(text[:HEAD_CHARS], head)
    symbol = own_symbol(head, date)
    number = _session(head)
    session = str(number) if number else None
    supplement = _SUPPLEMENT_ZH.search("\n".join(head))
    if symbol is None and number and supplement and any("大会" in line for line in head):
        # Official Records of the General Assembly, Supplement No. N is A/<session>/N.
        symbol = f"A/{number}/{supplement[1]}"
    agenda, _ = _agenda_item(head)
    return ReportMeta(
        symbol=symbol,
        title=_title(text, head),
        date=date,
        session=session,
        language=detect_language(text),
        kind=kind_of(symbol, text, head),
        agenda_item=agenda,
        years=session_years(number) if number and not date else None,
    )


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def from_sidecar(path: Path) -> ReportMeta | None:
    side = sidecar_path(path)
    if not side.is_file():
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReadError(side, f"is not a valid metadata sidecar ({exc})") from None
    if not isinstance(data, dict):
        raise ReadError(side, "must hold a JSON object")
    names = {f.name for f in fields(ReportMeta)}
    meta = ReportMeta(**{k: str(v) for k, v in data.items() if k in names and v is not None})
    if meta.kind and meta.kind not in REPORT_KINDS:
        raise ReadError(side, f"kind {meta.kind!r} is not one of {', '.join(REPORT_KINDS)}")
    return meta


def merge(*metas: ReportMeta | None) -> ReportMeta:
    """Later metadata wins field by field."""
    out = ReportMeta()
    for meta in metas:
        if meta is None:
            continue
        out = replace(out, **{f.name: v for f in fields(meta) if (v := getattr(meta, f.name))})
    return out


def settle(text: str, name: str, given: ReportMeta | None) -> ReportMeta:
    """The report's metadata: the file name, then the text, then `given` (sidecar, caller),
    each winning over the one before; the kind follows the symbol finally chosen unless
    it was given."""
    read = from_text(text)
    merged = merge(from_name(name), read, given)
    if merged.symbol != read.symbol and not (given and given.kind):
        merged = replace(merged, kind=kind_of(merged.symbol, text, header(text)))
    if merged.date:
        merged = replace(merged, years=None)
    return merged


def missing(meta: ReportMeta, source: str | None = None) -> dict[str, str]:
    """What the report lacks and how to set it, for the build table, `unkg reports` and
    `unkg info`; `source` (the report's file name) names the sidecar to write."""
    sidecar = sidecar_path(Path(source)).name if source else "<file>.meta.json"
    out = {}
    if not meta.symbol:
        out["symbol"] = (
            f'none in the header or file name: add "symbol" to {sidecar} (or unkg extract --symbol)'
        )
    if not meta.date:
        out["date"] = (
            f"none in the header; the session spans {meta.years}"
            if meta.years
            else f'none in the header: add "date" to {sidecar}'
        )
    return out
