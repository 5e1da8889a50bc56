"""SPARQL syntax errors people can act on.

Oxigraph reports a syntax error as ``error at LINE:COLUMN: expected …``, where the list of what
it expected can be a page of Unicode ranges, and it says "expected CONSTRUCT" for a misspelt
SELECT or for an update sent as a query. `explain` keeps the position, shows the query's line
with a caret under the column, and names the likely mistake: a misspelt query form (did you mean
SELECT?), an undeclared prefix (with the declared ones), an update sent where a query goes.
The CLI, the endpoint (its 400 body, which the query page shows) and the API use it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["ENDPOINT_UPDATE_HINT", "explain"]

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
_QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_KEYWORDS = (*_QUERY_FORMS, *_UPDATE_FORMS, "PREFIX", "BASE", "WITH")
# the prologue and comments before the first keyword of the operation
_PROLOGUE = re.compile(
    r"(?:\s+|#[^\n]*|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.IGNORECASE
)
_PREFIXED = re.compile(r"(?<![\w<?$])([A-Za-z][\w.-]*)?:[\w.%-]*")
_RANGES = re.compile(r"\[[^\]]*\\u\{[^\]]*\]|'\\u\{[^']*'\.\.='\\u\{[^']*'")


def _first_word(query: str) -> tuple[str, int]:
    """The operation's first word (after the prologue and comments) and where it starts."""
    start = _PROLOGUE.match(query).end()
    m = re.match(r"[A-Za-z]+", query[start:])
    return (m.group() if m else ""), start


def _char_column(query: str, line: int, column: int) -> int:
    """Oxigraph counts columns in UTF-8 bytes: the same position in characters (from 1)."""
    lines = query.splitlines() or [""]
    text = lines[min(max(line, 1), len(lines)) - 1]
    return len(text.encode("utf-8")[: max(column, 1) - 1].decode("utf-8", "ignore")) + 1


def _caret(query: str, line: int, column: int) -> str:
    """The query's line `line` with a caret under character `column` (both from 1)."""
    lines = query.splitlines() or [""]
    text = lines[min(max(line, 1), len(lines)) - 1]
    col = min(max(column, 1), len(text) + 1)
    # a wide (CJK) character takes two columns in a terminal
    pad = sum(2 if "\u2e80" <= c <= "\ufe4f" else 1 for c in text[: col - 1])
    return f"  {text}\n  {' ' * pad}^"


def _where(query: str, line: int, column: int) -> str:
    return f"line {line}, column {column}:\n{_caret(query, line, column)}"


_BLANKED = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*'
)


def _position(query: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, in characters) of character `offset` of `query`."""
    return query.count("\n", 0, offset) + 1, offset - query.rfind("\n", 0, offset)


def _undeclared(query: str, declared: set[str], line: int, column: int) -> tuple[str, int] | None:
    """The first prefix used up to (`line`, `column`) that is not declared, outside strings,
    IRIs and comments, and where it starts."""
    blank = _BLANKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)
    lines = blank.splitlines()
    stop = sum(len(x) + 1 for x in lines[: line - 1]) + column
    for m in _PREFIXED.finditer(blank):
        if m.start() >= stop:
            break
        name = m.group(1) or ""
        if name not in declared and not re.match(r"PREFIX\s*$", blank[: m.start()][-8:], re.I):
            return name, m.start()
    return None


ENDPOINT_UPDATE_HINT = (
    "this is an update, not a query: POST it to /sparql as `update=` (or with Content-Type "
    "application/sparql-update) with `Authorization: Bearer <token>`, to a server started "
    "with --allow-update"
)


def explain(
    query: str,
    error: str,
    prefixes: Iterable[str] = (),
    update_hint: str | None = ENDPOINT_UPDATE_HINT,
) -> str:
    """A message for the syntax `error` Oxigraph gave for `query`; `prefixes` are the prefix
    names predefined for it (those the query declares are added); `update_hint` is what to
    say when `query` is an update sent as a query (None: `query` is meant as an update)."""
    word, start = _first_word(query)
    if update_hint and word.upper() in (*_UPDATE_FORMS, "WITH"):
        return update_hint
    m = _POSITION.match(str(error).strip())
    if not m:
        return str(error)
    line, expected = int(m[1]), m[3].strip()
    column = _char_column(query, line, int(m[2]))
    where = _where(query, line, column)
    if word and word.upper() not in _KEYWORDS:
        close = difflib.get_close_matches(word.upper(), _KEYWORDS, n=1, cutoff=0.6)
        if close:
            at = _where(query, *_position(query, start))  # the caret under the word itself
            return f"`{word}` is not a SPARQL keyword; did you mean {close[0]}?\nat {at}"
    # the query's own first, then the predefined ones in their order (unkg, mission, country…)
    own = re.findall(r"PREFIX\s+([\w.-]*):", query, flags=re.IGNORECASE)
    declared = list(dict.fromkeys([*own, *prefixes]))
    found = _undeclared(query, set(declared), line, column)
    if found is not None or "Prefix not found" in expected:
        listed = ", ".join(declared)
        what = "a prefix"
        if found is not None:
            what, where = f"`{found[0]}:`", _where(query, *_position(query, found[1]))
        return f"unknown prefix {what}; declared: {listed or 'none'}\nat {where}"
    expected = _RANGES.sub("a letter", expected)
    if len(expected) > 200:
        expected = expected[:200].rsplit(",", 1)[0] + ", …"
    return f"{expected}\nat {where}"
