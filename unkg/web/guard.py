"""Deciding, on a real parse, whether a query or update reaches the network (SERVICE, LOAD).

A keyword scan over SPARQL text has blind spots (an escaped quote in a prefixed name such as
``unkg:a\\'`` read as the start of a string hid everything after it), so the decision is made
by parsers, and a text that cannot be decided is refused: the check fails closed.

1. A text that does not contain ``service`` (or ``load`` in an update) in any case, nor a
   ``\\u`` escape, cannot use them: nothing more to do (~6 µs).
2. Otherwise, if it has no ``\\u`` escape, Oxigraph's own parser, the one that will run the
   text, is asked about a copy in which every ``service`` / ``load`` is made a non-word
   (``xervice``): where they stood as keywords the copy no longer parses (no bare word is valid
   SPARQL there), while inside strings, IRIs, names and comments they change nothing. If the
   copy parses (on an empty store, ~0.3 ms for the gallery's queries), the text has no such
   keyword.
3. Otherwise rdflib's SPARQL grammar decides (tens of ms): SERVICE or LOAD in its parse, or a
   text that it cannot parse, is refused.

The query workers run this inside their process, where a slow parse is bounded by the time
limit; they also cannot open Internet sockets (`sandbox`).
"""

from __future__ import annotations

import re
from typing import Any

_QUERY_WORDS = ("service", "\\u")
_UPDATE_WORDS = ("service", "load", "\\u")
_QUERY_MASK = re.compile("service", re.IGNORECASE)
_UPDATE_MASK = re.compile("service|load", re.IGNORECASE)
# rdflib's names for the grammar rules that fetch from the network
_NETWORK_RULES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


class Refused(Exception):
    """The text reaches the network (or could not be checked); the message says which."""


def check(
    text: str,
    update: bool = False,
    prefixes: dict[str, str] | None = None,
    base_iri: str | None = None,
) -> None:
    """Raise `Refused` if the query (or update) uses SERVICE or LOAD, or may and does not parse.
    `prefixes` and `base_iri` are those the text will run with."""
    folded = text.casefold()
    if not any(word in folded for word in (_UPDATE_WORDS if update else _QUERY_WORDS)):
        return
    # SPARQL expands \u escapes before parsing; Oxigraph (0.5) does not, but if a later one did,
    # an escaped keyword would slip past the mask: such texts go to step 3
    if "\\u" not in folded and _parses_masked(text, update, prefixes, base_iri):
        return
    found = network_operations(text, update)
    if found:
        what = " and ".join(sorted(found))
        raise Refused(
            f"{what} (which {'fetch' if len(found) > 1 else 'fetches'} from the network) "
            "is disabled on this server; run the query against the remote endpoint itself, "
            "or start the server with federation allowed"
        )


def _parses_masked(
    text: str, update: bool, prefixes: dict[str, str] | None, base_iri: str | None
) -> bool:
    """True if Oxigraph parses the text with every service/load made a non-word (step 2)."""
    import pyoxigraph as ox

    mask = _UPDATE_MASK if update else _QUERY_MASK
    masked = mask.sub(lambda m: "x" + m.group(0)[1:], text)
    try:
        if update:
            ox.Store().update(masked, prefixes=prefixes, base_iri=base_iri)
        else:  # a SELECT or CONSTRUCT is only parsed and planned until it is read
            ox.Store().query(masked, prefixes=prefixes, base_iri=base_iri)
    except SyntaxError:
        return False
    except Exception:  # parsed, then failed on the empty store: no keyword either
        return True
    return True


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
