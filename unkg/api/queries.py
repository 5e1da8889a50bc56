"""SPARQL queries against a store: one result type for every face."""

from __future__ import annotations

from pathlib import Path

from unkg.api.stores import _reader
from unkg.graph.results import QueryResult
from unkg.graph.store import Store
from unkg.ontology.namespace import PREFIXES


def query(
    sparql: str, *, store: Store | str | Path | None = None, union: bool = True
) -> QueryResult:
    """Run SPARQL against the store (the project prefixes are predefined).

    The result iterates over pyoxigraph's solutions or triples (an ASK result is its boolean)
    and `serialize`s to every format of `unkg.graph.formats` that carries its kind. A query
    that does not parse is a SyntaxError whose message gives the line and column, shows the
    line with a caret, and names the likely mistake (`unkg.graph.sparql_errors`).
    """
    # the hot path of a notebook's many small queries: no call or import more than needed
    st = store if isinstance(store, Store) else _reader(store)
    try:
        return QueryResult(st.query(sparql, union=union))
    except SyntaxError as exc:
        from unkg.graph.sparql_errors import explain

        hint = (
            "this is an update, not a query: `unkg query` runs SELECT, ASK, CONSTRUCT and "
            "DESCRIBE; change the store with `unkg build` and `unkg remove`, or send the update "
            "to a server started with `unkg serve --allow-update`"
        )
        raise SyntaxError(explain(sparql, str(exc), PREFIXES, update_hint=hint)) from None
