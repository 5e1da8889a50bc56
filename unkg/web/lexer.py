"""Just enough SPARQL lexing to find keywords outside strings, IRIs and comments.

Used to refuse SERVICE (federation) unless the server allows it, and to notice FROM / FROM NAMED,
which must take precedence over the union default graph.
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
    """The text with strings, IRIs and comments blanked out."""
    return _NOISE.sub(" ", text)


def _keyword(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:?$\-]){word}(?![\w:\-])", re.IGNORECASE)


_SERVICE = _keyword("SERVICE")
_FROM = _keyword("FROM")


def uses_service(text: str) -> bool:
    return bool(_SERVICE.search(_code(text)))


def has_dataset_clause(text: str) -> bool:
    """True if the query says FROM or FROM NAMED itself."""
    return bool(_FROM.search(_code(text)))
