"""Report metadata from the text itself, a sidecar file, or the caller.

The caller's values win over the sidecar's, and the sidecar's over what the text
says, so a user can always correct what the heuristics read.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace
from pathlib import Path

from unkg.extract.model import ReportMeta
from unkg.extract.read import ReadError
from unkg.extract.symbols import normalize_symbol
from unkg.extract.textnorm import detect_language

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_SYMBOL_LINE = re.compile(
    r"^\s*((?:A|S|E)/(?:[A-Z0-9.\-]+/)*[A-Z0-9.\-]+(?:\s?\(\d{4}\))?)\s*$", re.M
)
_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SESSION_ZH = re.compile(r"第([一二三四五六七八九十]+)届会议")
_SUPPLEMENT_ZH = re.compile(r"补编第\s*(\d+)\s*号")
_SESSION_EN = re.compile(r"(\w+)(?:-\w+)? session", re.I)
_TITLE_MD = re.compile(r"^#\s+(.+)$", re.M)


def chinese_number(text: str) -> int | None:
    """七十五 → 75: enough for session numbers."""
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[c]
    return total + current


def from_text(text: str) -> ReportMeta:
    head = text[:3000]
    symbol = None
    m = _SYMBOL_LINE.search(head)
    if m:
        symbol = normalize_symbol(m.group(1))
    session = None
    sm = _SESSION_ZH.search(head)
    if sm:
        number = chinese_number(sm.group(1))
        session = str(number) if number else None
        supplement = _SUPPLEMENT_ZH.search(head)
        if symbol is None and number and supplement and "大会" in head:
            # Official Records of the General Assembly, Supplement No. N is A/<session>/N.
            symbol = f"A/{number}/{supplement.group(1)}"
    date = None
    dm = _DATE_ZH.search(head)
    if dm:
        date = f"{int(dm[1]):04d}-{int(dm[2]):02d}-{int(dm[3]):02d}"
    title = None
    tm = _TITLE_MD.search(head)
    if tm:
        title = tm.group(1).strip()
    else:
        for line in head.splitlines():
            if ("报告" in line or "Report" in line) and 4 <= len(line.strip()) <= 80:
                title = line.strip().rstrip("*")
                break
    return ReportMeta(symbol, title, date, session, detect_language(text))


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
    return ReportMeta(**{k: str(v) for k, v in data.items() if k in names and v is not None})


def merge(*metas: ReportMeta | None) -> ReportMeta:
    """Later metadata wins field by field."""
    out = ReportMeta()
    for meta in metas:
        if meta is None:
            continue
        out = replace(out, **{f.name: v for f in fields(meta) if (v := getattr(meta, f.name))})
    return out
