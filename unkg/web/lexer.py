"""Just enough SPARQL lexing to find keywords outside strings, IRIs and comments.

Used to notice FROM / FROM NAMED (which must take precedence over the union default graph), to
place the protocol's USING clauses and to refuse absurdly deep nesting early. It approximates
the grammar, so nothing that must hold for safety depends on it: SERVICE and LOAD are refused on
a real parse (`guard`), and the query workers cannot reach the network (`sandbox`).
"""

from __future__ import annotations

import re

_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)


def _code(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length, so positions hold)."""
    return _NOISE.sub(lambda m: " " * len(m.group(0)), text)


def _keyword(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:?$\-]){word}(?![\w:\-])", re.IGNORECASE)


_FROM = _keyword("FROM")
_USING_OR_WITH = _keyword("(?:USING|WITH)")
_WHERE = _keyword("WHERE")
_DELETE_BEFORE = re.compile(r"(?<![\w:?$\-])DELETE\s*$", re.IGNORECASE)


def nesting(text: str) -> int:
    """How deeply groups, expressions and lists nest ({ ( [), outside strings and IRIs.

    The SPARQL parser recurses once per level, so a query nested thousands deep can
    exhaust a worker's stack; the server refuses such a query before parsing it."""
    depth = deepest = 0
    for c in _code(text):
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    return deepest


def openers(text: str) -> int:
    """How many `{`, `(` and `[` the text holds anywhere: no nesting is deeper, and this
    count costs a small fraction of `nesting` (a check on every query)."""
    return text.count("{") + text.count("(") + text.count("[")


def has_dataset_clause(text: str) -> bool:
    """True if the query says FROM or FROM NAMED itself."""
    # Blanking strings, IRIs and comments only ever removes matches, so a text without the
    # word anywhere needs no blanking (most queries).
    return _FROM.search(text) is not None and _FROM.search(_code(text)) is not None


def has_using_or_with(update: str) -> bool:
    return bool(_USING_OR_WITH.search(_code(update)))


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` before the WHERE of each DELETE/INSERT
    operation: how the protocol's using-graph-uri / using-named-graph-uri apply to it.
    (DELETE WHERE has no USING; it is left as it is.)"""
    clause = "".join(f"USING <{g}> " for g in default) + "".join(
        f"USING NAMED <{g}> " for g in named
    )
    code = _code(update)
    depth = 0
    cuts = []
    i = 0
    while i < len(code):
        c = code[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and c in "wW":
            m = _WHERE.match(code, i)
            if m and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] in ":?$-_")):
                if not _DELETE_BEFORE.search(code[:i]):
                    cuts.append(i)
                i = m.end()
                continue
        i += 1
    for pos in reversed(cuts):
        update = update[:pos] + clause + update[pos:]
    return update
