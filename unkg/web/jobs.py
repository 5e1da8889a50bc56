"""What a query worker does with one job: run the query (or try the update) and serialize the
answer, an error being an `Outcome` with its status.

The result is serialized to bytes here, inside the worker (at most `max_rows` rows or
triples), so the web app sends a status line only once the whole answer exists. Every query
that may hold SERVICE is checked on a real parse first (`guard`) unless federation is allowed.

Imports only the standard library, pyoxigraph, the query result type and small modules of
`unkg.web`, so a worker process starts quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from unkg.graph.formats import GRAPH
from unkg.graph.results import QueryResult, TooManyResults
from unkg.graph.sparql_errors import explain
from unkg.web import guard, negotiate


@dataclass
class Job:
    """One query, with its dataset and what the client accepts. The prefixes it may use are
    the runner's (given once to each worker, not sent with every job)."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: list[str] | None = None  # default-graph-uri
    named_graphs: list[str] | None = None  # named-graph-uri
    union: bool = True  # False: an empty default graph (the setting off, and no FROM)
    max_rows: int = 10_000
    base_iri: str | None = None  # relative IRIs in the query resolve against the endpoint's URL
    store_path: str = ""  # set by ProcessRunner: the folder the worker opens read-only
    allow_service: bool = False  # SERVICE (federation) allowed


@dataclass
class UpdateJob:
    """One SPARQL Update, tried on a writable copy of the store (`store_path`): the server
    applies it to the store itself only once it succeeded there, within the limits."""

    update: str
    store_path: str
    base_iri: str | None = None
    allow_service: bool = False


@dataclass
class Outcome:
    status: int
    media_type: str
    body: bytes
    rows: int = 0
    kind: str = ""


# Clients send the same few Accept headers again and again: parsing one cost ~10 % of a small
# query's time in the worker. (A refusal, NotAcceptable, is not remembered: it is raised again.)
_choose = lru_cache(maxsize=256)(negotiate.choose)

MEMORY_MESSAGE = (
    "the query process stopped: it needed more than this server's {mb} MB per query "
    "(or crashed); narrow the query down and try again"
)


def error(status: int, message: str) -> Outcome:
    return Outcome(
        status, "text/plain; charset=utf-8", message.rstrip("\n").encode("utf-8") + b"\n"
    )


def _too_many(max_rows: int, what: str) -> Outcome:
    return error(
        422,
        f"the result has more than {max_rows} {what}, the limit of this server; "
        "add LIMIT (and OFFSET to page) to the query",
    )


def execute(store: ox.Store, job: Job, prefixes: dict[str, str] | None = None) -> Outcome:
    """Run one query and serialize all of its result; an error is an Outcome with its status."""
    if not job.allow_service:
        try:
            guard.check(job.query, False, prefixes, job.base_iri)
        except guard.Refused as exc:
            return error(400, str(exc))
    options: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    elif not job.union:  # the store's default graph is the merge of its named graphs
        options["default_graph"] = []
    try:
        result = QueryResult(
            store.query(job.query, prefixes=prefixes, base_iri=job.base_iri, **options)
        )
        kind = negotiate.GRAPH if result.kind == GRAPH else negotiate.SOLUTIONS
        fmt = _choose(kind, job.accept, job.format)
        body = result.serialize(fmt, max_rows=job.max_rows, prefixes=prefixes)
        return Outcome(200, fmt.media_type, body, result.rows or 0, result.kind)
    except TooManyResults as exc:
        return _too_many(exc.max_rows, exc.what)
    except SyntaxError as exc:
        return error(400, f"query syntax error: {explain(job.query, str(exc), prefixes or {})}")
    except negotiate.NotAcceptable as exc:
        return error(406, str(exc))
    except OSError as exc:
        return error(500, f"the store could not be read: {exc}")
    # evaluation errors (e.g. an unsupported SERVICE) are the query's fault
    except Exception as exc:
        return error(400, f"query failed: {exc}")


def apply_update(job: UpdateJob, prefixes: dict[str, str] | None = None) -> Outcome:
    """Run the update on the copy at `job.store_path` (204, or an error Outcome)."""
    if not job.allow_service:
        try:
            guard.check(job.update, True, prefixes, job.base_iri)
        except guard.Refused as exc:
            return error(400, str(exc))
    try:
        store = ox.Store(job.store_path)
        store.update(job.update, prefixes=prefixes, base_iri=job.base_iri)
        store.flush()
        del store  # closes the copy
    except SyntaxError as exc:
        why = explain(job.update, str(exc), prefixes or {}, update_hint=None)
        return error(400, f"update syntax error: {why}")
    except Exception as exc:  # evaluation errors are the update's fault
        return error(400, f"update failed: {exc}")
    return Outcome(204, "text/plain; charset=utf-8", b"")
