"""Deciding, on a real parse, whether a query or update reaches the network (SERVICE, LOAD).

A keyword scan over SPARQL text has blind spots (an escaped quote in a prefixed name such as
``unkg:a\\'`` read as the start of a string hid everything after it), so the decision is made
on rdflib's SPARQL grammar, and a text that does not parse is refused: the check fails closed.
Parsing costs milliseconds, so it runs only on texts that could hold the keyword at all: those
that contain ``service`` (or ``load`` in an update) in any case, or a ``\\u`` escape, which
SPARQL expands before parsing. The query workers run this inside their process, where a slow
parse is bounded by the time limit; they also cannot open Internet sockets (`sandbox`).
"""

from __future__ import annotations

from typing import Any

_QUERY_WORDS = ("service", "\\u")
_UPDATE_WORDS = ("service", "load", "\\u")
# rdflib's names for the grammar rules that fetch from the network
_NETWORK_RULES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


class Refused(Exception):
    """The text reaches the network (or could not be checked); the message says which."""


def check(text: str, update: bool = False) -> None:
    """Raise `Refused` if the query (or update) uses SERVICE or LOAD, or may and does not parse."""
    folded = text.casefold()
    if not any(word in folded for word in (_UPDATE_WORDS if update else _QUERY_WORDS)):
        return
    found = network_operations(text, update)
    if found:
        what = " and ".join(sorted(found))
        raise Refused(
            f"{what} (which {'fetch' if len(found) > 1 else 'fetches'} from the network) "
            "is disabled on this server; run the query against the remote endpoint itself, "
            "or start the server with federation allowed"
        )


def network_operations(text: str, update: bool = False) -> set[str]:
    """The network operations ('SERVICE', 'LOAD') in the parse of `text`; `Refused` if it does
    not parse (then nothing can be said about it)."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except RecursionError:
        raise Refused("the text nests too deeply to be checked for SERVICE / LOAD") from None
    except Exception as exc:  # pyparsing's ParseException and whatever a hostile text raises
        kind = "update" if update else "query"
        raise Refused(
            f"{kind} syntax error (checked because it may use SERVICE or LOAD): "
            f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    found: set[str] = set()
    _walk(tree, found)
    return found


def _walk(node: Any, found: set[str]) -> None:
    """Collect the network rules anywhere in rdflib's parse tree (iteratively: trees are deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in _NETWORK_RULES:
                found.add(_NETWORK_RULES[item.name])
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
