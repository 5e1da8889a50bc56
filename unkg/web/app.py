"""The web app: a SPARQL 1.1 Protocol endpoint, a Graph Store Protocol endpoint and a query page.

Routes:

- ``/sparql``: queries by GET (``?query=``), by POST form (``query=``) or by POST
  ``application/sparql-query``; SPARQL Update by POST ``application/sparql-update`` or form
  ``update=`` (only with ``allow_update`` and the bearer token). Without a query, GET answers
  with the service description (RDF) or the query page (HTML), by the Accept header.
- ``/store``: the SPARQL 1.1 Graph Store Protocol (GET ``?graph=IRI`` or ``?default``;
  PUT, POST and DELETE only with ``allow_update`` and the token).
- ``/``: the query page (YASGUI with a gallery of example queries); ``/graph``: the graph view;
  ``/health``: ``{"status", "quads", "reports"}``.

The default graph of a query is the union of all graphs (the reference graph and one per
report) unless the query says FROM / FROM NAMED, or the request gives ``default-graph-uri`` /
``named-graph-uri``, or ``Settings.union_default_graph`` is off.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import re
import tempfile
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.staticfiles import StaticFiles

from unkg import __version__
from unkg.graph.remote import RemoteStore
from unkg.graph.sparql_errors import explain
from unkg.graph.store import REPORT_GRAPH_PREFIX, Store, StoreError
from unkg.ontology.namespace import PREFIXES
from unkg.ontology.reference import LANGUAGES
from unkg.settings import Settings
from unkg.web import gallery, guard, lexer, negotiate, pages
from unkg.web.worker import (
    MEMORY_MESSAGE,
    Busy,
    Job,
    Outcome,
    ProcessRunner,
    QueryTimeout,
    Runner,
    Snapshots,
    ThreadRunner,
    UpdateJob,
    WorkerGone,
)
from unkg.web.writer import Writer

log = logging.getLogger("unkg.web")
T = TypeVar("T")

HERE = Path(__file__).parent
STATIC = HERE / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)
# The graph view is one self-contained page with inline script and style; it fetches only the
# sentences behind what the reader clicks, from its own origin (/graph/evidence).
# Its two inline scripts (vis-network and ours) are allowed by their hashes, not by
# 'unsafe-inline', so no other inline script and no inline event handler (onerror=…) runs.
GRAPH_CSP = (
    "default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)


@functools.cache
def graph_csp() -> str:
    try:
        from unkg.graph.viz import script_hashes
    except ImportError:  # a copy without the graph view: its placeholder page has no script
        return GRAPH_CSP.format(hashes="'none'")
    return GRAPH_CSP.format(hashes=script_hashes())


FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class Problem(Exception):
    """An HTTP error with a plain-text message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


# -- request parsing ------------------------------------------------------------------------------


def _media_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


async def _body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, at most `limit` bytes, arrived within `timeout` seconds."""
    try:
        return await asyncio.wait_for(_read_body(request, limit), timeout)
    except asyncio.TimeoutError:
        raise Problem(
            408,
            f"the request body did not arrive within {timeout:g} s",
            {"Connection": "close"},  # the rest of the body may still come: not a new request
        ) from None
    except ClientDisconnect:
        request.state.note = "client went away while sending the body"
        raise Problem(400, "the request body ended before its Content-Length") from None


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise Problem(
            413,
            f"request body of {length} bytes is larger than this server's limit of {limit} bytes",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"request body is larger than this server's limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"{what} is not valid UTF-8: {exc}") from None


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset.replace("-", "").replace("_", "") != "utf8":
        raise Problem(415, f"charset={charset} is not supported; send UTF-8")


def _form(data: bytes) -> dict[str, list[str]]:
    text = _utf8(data, "the form")
    try:
        return parse_qs(
            text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError as exc:
        raise Problem(400, f"the form is not valid UTF-8: {exc}") from None


def _merge(*sources: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for src in sources:
        for k, values in src.items():
            out.setdefault(k, []).extend(values)
    return out


def _query_params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """The values of a graph parameter, each checked to be an absolute IRI (400 if not)."""
    values = params.get(name)
    for value in values or ():
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise Problem(400, f"{name}={value!r} is not an absolute IRI: {exc}") from None
    return values


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise Problem(400, f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


# -- the application ----------------------------------------------------------------------------


class Endpoint:
    """State shared by the routes: the store, the settings, the query runner."""

    def __init__(self, store: Store, settings: Settings):
        if settings.allow_update and store.read_only:
            raise ValueError("allow_update needs the store opened read-write")
        self.store = store
        self.settings = settings
        remote = isinstance(store, RemoteStore)
        self.writer: Writer | None = Writer(offline=not remote) if settings.allow_update else None
        self.snapshots: Snapshots | None = None
        limit = settings.worker_memory_mb * 2**20
        if store.path is None:  # in memory: threads (a query past its time cannot be stopped)
            self.runner: Runner = ThreadRunner(store.oxigraph)
        elif isinstance(store, RemoteStore):  # the SPARQL server runs the queries: threads wait
            self.runner = ThreadRunner(store.oxigraph)
        elif store.read_only:
            memory = settings.memory_quads > 0 and len(store) <= settings.memory_quads
            self.runner = ProcessRunner(
                str(store.path), settings.workers, memory, settings.allow_service, limit
            )
        else:  # writable: the workers read checkpoints, renewed after each write
            folder = tempfile.mkdtemp(
                prefix=f".{store.path.name}-snapshots-", dir=store.path.parent
            )
            self.snapshots = Snapshots(store.oxigraph, folder, grace_s=2 * settings.timeout_s + 5)
            self.runner = ProcessRunner(
                self.snapshots.take(), settings.workers, False, settings.allow_service, limit
            )
        self.gallery_files = gallery.load()
        self.galleries: pages.Cache[list[gallery.GalleryQuery]] = pages.Cache("gallery", size=2)
        self.version = 0  # bumped by every write: the key of the page caches
        self.pages: pages.Cache[str] = pages.Cache("page", keep=(StoreError, ValueError))
        self.counts: pages.Cache[tuple[int, int]] = pages.Cache("health", size=1)

    # -- queries ---------------------------------------------------------------------------------
    async def query(self, request: Request, text: str, params: dict[str, list[str]]) -> Response:
        s = self.settings
        size = len(text.encode("utf-8"))
        if size > s.max_query_bytes:
            raise Problem(
                413,
                f"the query is {size} bytes, larger than this server's limit of "
                f"{s.max_query_bytes} bytes",
            )
        depth = lexer.nesting(text)
        if depth > s.max_nesting:
            raise Problem(
                400,
                f"the query nests groups or expressions {depth} levels deep; this server "
                f"accepts at most {s.max_nesting}",
            )
        default_graphs = _graph_iris(params, "default-graph-uri")
        named_graphs = _graph_iris(params, "named-graph-uri")
        job = Job(
            query=text,
            accept=request.headers.get("accept"),
            format=_one(params, "format"),
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            union=s.union_default_graph and not lexer.has_dataset_clause(text),
            max_rows=s.max_rows,
            prefixes=PREFIXES,
            base_iri=str(request.url_for("sparql_get")),
            allow_service=s.allow_service,
        )
        outcome = await self.run(request, job)
        if outcome is None:  # we stopped it: its client went away
            return Response(status_code=499)
        request.state.note = (
            f"{outcome.kind or 'error'} {outcome.rows} rows" if outcome.status == 200 else "error"
        )
        if outcome.status != 200:
            return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type)
        return Response(outcome.body, media_type=outcome.media_type, headers={"Vary": "Accept"})

    async def run(self, request: Request, job: Job | UpdateJob) -> Outcome | None:
        """The job's outcome from the runner, its limits turned into 503s; None if the client
        went away (and the job was stopped)."""
        s = self.settings
        try:
            return await self.runner.run(job, s.timeout_s, request.is_disconnected)
        except QueryTimeout:
            raise Problem(
                503,
                f"the query was stopped after {s.timeout_s:g} s, the time limit of this server; "
                "narrow it down (LIMIT, more specific patterns) and try again",
                {"Retry-After": "1"},
            ) from None
        except Busy:
            raise Problem(
                503,
                f"every query worker stayed busy for {s.timeout_s:g} s; try again later",
                {"Retry-After": str(max(1, round(s.timeout_s)))},
            ) from None
        except WorkerGone:
            if await request.is_disconnected():
                request.state.note = "client went away"
                return None
            raise Problem(503, MEMORY_MESSAGE.format(mb=s.worker_memory_mb)) from None

    async def write(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the writer thread (the only one that writes to the store)."""
        assert self.writer is not None  # authorize() let only servers with updates on here
        return await asyncio.wrap_future(self.writer.submit(fn))

    def changed(self) -> None:
        """After a write, on the writer thread: later queries see it."""
        self.store.flush()
        if self.snapshots is not None and isinstance(self.runner, ProcessRunner):
            self.runner.use(self.snapshots.take())
        self.version += 1

    async def page(self, key: tuple, compute: Callable[[], str], what: str) -> str:
        """A heavy page from the cache of this store version, within the time limit."""
        try:
            return await self.pages.get((self.version, *key), compute, self.settings.timeout_s)
        except asyncio.TimeoutError:
            raise Problem(
                503,
                f"{what} took longer than {self.settings.timeout_s:g} s, the time limit of this "
                "server; it is still being prepared: try again in a moment",
                {"Retry-After": str(max(1, round(self.settings.timeout_s)))},
            ) from None

    async def health_counts(self) -> tuple[int, int]:
        """(quads, report graphs) of this store version, on a thread that serves only this."""

        def count() -> tuple[int, int]:
            graphs = self.store.graphs()
            return len(self.store), sum(1 for g in graphs if g.startswith(REPORT_GRAPH_PREFIX))

        return await self.counts.get(self.version, count, self.settings.timeout_s)

    async def gallery(self) -> list[gallery.GalleryQuery]:
        """The examples filled from this store version (`gallery.fill`); as written while the
        filling takes longer than the time limit or fails (e.g. on a remote store)."""

        def filled() -> list[gallery.GalleryQuery]:
            try:
                return gallery.fill(self.gallery_files, self.store)
            except Exception as exc:  # the examples as written still work on the samples
                log.warning("gallery not filled from the store: %s", exc)
                return self.gallery_files

        try:
            return await self.galleries.get(self.version, filled, self.settings.timeout_s)
        except TimeoutError:
            return self.gallery_files

    def close(self) -> None:
        self.runner.close()
        self.galleries.close()
        self.pages.close()
        self.counts.close()
        if self.writer is not None:
            self.writer.close()
        if self.snapshots is not None:
            self.snapshots.close()

    # -- updates ---------------------------------------------------------------------------------
    def authorize(self, request: Request) -> None:
        s = self.settings
        if not s.allow_update:
            raise Problem(
                403,
                "this server is read-only: updates are disabled "
                "(start it with --allow-update and --token)",
            )
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise Problem(
                401,
                "updates need `Authorization: Bearer <token>`",
                {"WWW-Authenticate": 'Bearer realm="unkg"'},
            )
        if not hmac.compare_digest(given.strip().encode(), (s.token or "").encode()):
            raise Problem(403, "wrong token")

    async def update(self, request: Request, text: str, params: dict[str, list[str]]) -> Response:
        self.authorize(request)
        size = len(text.encode("utf-8"))
        if size > self.settings.max_query_bytes:
            raise Problem(
                413,
                f"the update is {size} bytes, larger than this server's limit of "
                f"{self.settings.max_query_bytes} bytes",
            )
        using = params.get("using-graph-uri") or []
        using_named = params.get("using-named-graph-uri") or []
        if using or using_named:
            if lexer.has_using_or_with(text):
                raise Problem(
                    400,
                    "give the dataset either with using-graph-uri / using-named-graph-uri "
                    "or with USING / WITH in the update, not both",
                )
            text = lexer.add_using(text, using, using_named)
        if lexer.nesting(text) > self.settings.max_nesting:
            raise Problem(
                400,
                f"the update nests deeper than this server's limit of {self.settings.max_nesting}",
            )
        base = str(request.url_for("sparql_get"))
        tried = await self.try_update(request, text, base)
        if tried is not None:
            return tried

        def run() -> None:
            if not self.settings.allow_service:  # again (cheap): in memory, no worker tried it
                guard.check(text, True, PREFIXES, base)
            self.store.oxigraph.update(text, prefixes=PREFIXES, base_iri=base)
            self.changed()

        try:
            await self.write(run)
        except guard.Refused as exc:
            raise Problem(400, str(exc)) from None
        except SyntaxError as exc:
            why = explain(text, str(exc), PREFIXES, update_hint=None)
            raise Problem(400, f"update syntax error: {why}") from None
        except OSError as exc:
            raise Problem(500, f"the store could not be written: {exc}") from None
        request.state.note = "update"
        return Response(status_code=204)

    async def try_update(self, request: Request, text: str, base: str) -> Response | None:
        """Run the update first in a query worker, on a writable copy of the store: with the
        workers' limits (time, memory, stack, no network) and where a crash costs only that
        worker. The error response if it failed there; None if it may be applied."""
        if self.snapshots is None:  # in memory (tests, notebooks): no worker to try it in
            return None
        snapshots = self.snapshots
        copy = await self.write(snapshots.scratch)
        try:
            job = UpdateJob(text, copy, PREFIXES, base, self.settings.allow_service)
            outcome = await self.run(request, job)
        finally:
            await asyncio.get_running_loop().run_in_executor(None, snapshots.discard, copy)
        if outcome is None:
            return Response(status_code=499)
        if outcome.status != 204:
            request.state.note = "error"
            return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type)
        return None

    # -- description -------------------------------------------------------------------------------
    def service_description(self, endpoint_url: str) -> str:
        lines = [
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
            "@prefix dcterms: <http://purl.org/dc/terms/> .",
            "",
            "[] a sd:Service ;",
            f"  sd:endpoint <{endpoint_url}> ;",
            "  sd:supportedLanguage sd:SPARQL11Query"
            + (", sd:SPARQL11Update" if self.settings.allow_update else "")
            + " ;",
            "  sd:resultFormat "
            + ", ".join(
                f"<{f.sd_iri}>" for f in (*negotiate.RESULT_FORMATS, *negotiate.RDF_FORMATS)
            )
            + " ;",
        ]
        if self.settings.union_default_graph:
            lines.append("  sd:feature sd:UnionDefaultGraph ;")
        lines.append("  sd:defaultDataset [ a sd:Dataset ;")
        if self.settings.union_default_graph:
            what = "the union of all named graphs: the reference graph and one graph per report"
        else:
            what = "the store's own (usually empty) default graph"
        lines.append(f'    dcterms:description "The default graph is {what}." ;')
        lines.append("    sd:defaultGraph [ a sd:Graph ]")
        for g in self.store.graphs():
            lines.append(f"    ; sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ]")
        lines.append("  ] .")
        return "\n".join(lines) + "\n"


def _sd_response(ep: Endpoint, request: Request, fmt_param: str | None) -> Response:
    try:
        fmt = negotiate.choose(negotiate.GRAPH, request.headers.get("accept"), fmt_param)
    except negotiate.NotAcceptable as exc:
        raise Problem(406, str(exc)) from None
    turtle = ep.service_description(str(request.url_for("sparql_get")))
    if fmt.name == "turtle":
        body = turtle.encode()
    else:
        triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
        items: list[Any] = triples
        if fmt.name == "nquads":
            items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
        body = ox.serialize(items, format=fmt.syntax)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


class AccessLog:
    """One log line per request with its time; adds `X-Content-Type-Options: nosniff`.

    A plain ASGI middleware (not Starlette's BaseHTTPMiddleware, which hides client
    disconnects from `Request.is_disconnected`, which the query runner needs).
    """

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def send_wrapper(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            ms = (time.perf_counter() - start) * 1000
            note = scope.get("state", {}).get("note", "")
            client = scope.get("client")
            log.info(
                '%s "%s %s" %d %.1f ms %s',
                client[0] if client else "-",
                scope.get("method", ""),
                scope.get("path", ""),
                status,
                ms,
                note,
            )


async def _page(ep: Endpoint, request: Request) -> HTMLResponse:
    from unkg.web.page import render_index

    body = render_index(ep, request, await ep.gallery())
    return HTMLResponse(body, headers={"Content-Security-Policy": CSP})


def create_app(store: Store, settings: Settings | None = None) -> FastAPI:
    """The FastAPI app serving `store` with `settings` (default: read-only, 10 s, 10 000 rows)."""
    settings = settings or Settings()
    ep = Endpoint(store, settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if isinstance(ep.runner, ProcessRunner):
            await ep.runner.start()
        yield
        ep.close()

    app = FastAPI(
        title="unkg SPARQL endpoint",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.endpoint = ep

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        prior = getattr(request.state, "note", "")
        request.state.note = f"error {exc.status}" + (f" ({prior})" if prior else "")
        return _text(exc.status, exc.message, exc.headers)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PUT", "DELETE", "OPTIONS"]
            if settings.allow_update
            else ["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            max_age=600,
        )

    @app.get("/", include_in_schema=False)
    async def index(request: Request) -> Response:
        return await _page(ep, request)

    @app.get("/sparql", name="sparql_get")
    async def sparql_get(request: Request) -> Response:
        params = _query_params(request)
        if params.get("update"):
            raise Problem(400, "SPARQL Update must be sent with POST")
        text = _one(params, "query")
        if text is None:
            if negotiate.prefers_html(request.headers.get("accept")):
                return await _page(ep, request)
            return _sd_response(ep, request, _one(params, "format"))
        return await ep.query(request, text, params)

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        media, ctparams = _media_type(request)
        url_params = _query_params(request)
        if media not in (FORM, QUERY_TYPE, UPDATE_TYPE):
            shown = media or "none"
            raise Problem(
                415,
                f"Content-Type {shown} is not accepted: send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}",
            )
        _check_charset(ctparams)
        data = await _body(request, settings.max_body_bytes, settings.read_timeout_s)
        if media == FORM:
            params = _merge(url_params, _form(data))
            queries, updates = params.get("query") or [], params.get("update") or []
            if queries and updates:
                raise Problem(400, "give either query or update, not both")
            if updates:
                return await ep.update(request, _one(params, "update") or "", params)
            if not queries:
                raise Problem(400, "the form has no query (or update) parameter")
            return await ep.query(request, _one(params, "query") or "", params)
        if "query" in url_params or "update" in url_params:
            raise Problem(
                400,
                "with a direct POST the body is the operation; "
                "do not also give query/update parameters",
            )
        text = _utf8(data, "the body")
        if media == QUERY_TYPE:
            return await ep.query(request, text, url_params)
        return await ep.update(request, text, url_params)

    @app.get("/health")
    async def health() -> JSONResponse:
        try:
            quads, reports = await ep.health_counts()
        except asyncio.TimeoutError:
            raise Problem(503, "the store is still being counted; try again in a moment") from None
        return JSONResponse({"status": "ok", "quads": quads, "reports": reports})

    # -- graph store protocol ----------------------------------------------------------------
    def _target(request: Request) -> ox.NamedNode | ox.DefaultGraph:
        params = _query_params(request)
        graph = _one(params, "graph")
        if graph is not None and "default" in params:
            raise Problem(400, "give either ?graph=IRI or ?default, not both")
        if graph is not None:
            if not re.fullmatch(r"[^<>\"{}|^`\\\s]+", graph) or ":" not in graph:
                raise Problem(400, f"graph={graph!r} is not an absolute IRI")
            return ox.NamedNode(graph)
        if "default" in params:
            return ox.DefaultGraph()
        raise Problem(400, "give ?graph=IRI or ?default")

    @app.get("/store")
    async def store_get(request: Request) -> Response:
        target = _target(request)
        if isinstance(target, ox.NamedNode):
            if not store.oxigraph.contains_named_graph(target):
                raise Problem(404, f"no graph {target.value} in the store")
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {target} {{ ?s ?p ?o }} }}"
        else:
            text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        return await ep.query(request, text, {"format": _query_params(request).get("format", [])})

    async def _graph_write(request: Request, replace: bool) -> Response:
        ep.authorize(request)
        target = _target(request)
        media, ctparams = _media_type(request)
        fmt = next(
            (
                f
                for f in negotiate.RDF_FORMATS
                if media in (f.media_type, *f.aliases) and f.name != "nquads"
            ),
            None,
        )
        if fmt is None:
            raise Problem(
                415, f"Content-Type {media or 'none'} is not an RDF graph syntax this server reads"
            )
        _check_charset(ctparams)
        data = await _body(request, settings.max_body_bytes, settings.read_timeout_s)
        try:
            triples = list(ox.parse(data, format=fmt.syntax, base_iri=str(request.url)))
        except SyntaxError as exc:
            raise Problem(400, f"the {fmt.name} body does not parse: {exc}") from None
        g = "DEFAULT" if isinstance(target, ox.DefaultGraph) else f"GRAPH {target}"
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        wrap = (
            (lambda b: f"{{ {b} }}")
            if isinstance(target, ox.DefaultGraph)
            else (lambda b: f"{{ GRAPH {target} {{ {b} }} }}")
        )
        ops = [f"DROP SILENT {g}"] if replace else []
        if triples:
            ops.append(f"INSERT DATA {wrap(body)}")

        def run() -> bool:
            existed = isinstance(target, ox.DefaultGraph) or store.oxigraph.contains_named_graph(
                target
            )
            if ops:
                store.oxigraph.update(" ;\n".join(ops))
            if not isinstance(target, ox.DefaultGraph) and not triples:
                store.oxigraph.add_graph(target)
            ep.changed()
            return existed

        existed = await ep.write(run)
        request.state.note = f"graph store {len(triples)} triples"
        return Response(status_code=204 if existed else 201)

    @app.put("/store")
    async def store_put(request: Request) -> Response:
        return await _graph_write(request, replace=True)

    @app.post("/store")
    async def store_post(request: Request) -> Response:
        return await _graph_write(request, replace=False)

    @app.delete("/store")
    async def store_delete(request: Request) -> Response:
        ep.authorize(request)
        target = _target(request)

        def run() -> bool:
            if isinstance(target, ox.DefaultGraph):
                store.oxigraph.clear_graph(target)
            elif store.oxigraph.contains_named_graph(target):
                store.oxigraph.remove_graph(target)
            else:
                return False
            ep.changed()
            return True

        if not await ep.write(run):
            raise Problem(404, f"no graph {target.value} in the store")
        return Response(status_code=204)

    # -- pages -------------------------------------------------------------------------------------
    @app.get("/graph", include_in_schema=False)
    async def graph_view(request: Request) -> Response:
        from unkg.web.page import render_graph

        report = request.query_params.get("report") or None
        lang = request.query_params.get("lang", LANGUAGES[0])
        if lang not in LANGUAGES:
            lang = LANGUAGES[0]
        try:
            body = await ep.page(
                ("graph", report, lang),
                functools.partial(render_graph, ep.store, report, lang),
                "the graph view",
            )
        except (StoreError, ValueError) as exc:
            raise Problem(404, str(exc)) from None
        return HTMLResponse(body, headers={"Content-Security-Policy": graph_csp()})

    @app.get("/graph/evidence", include_in_schema=False)
    async def graph_evidence(request: Request) -> Response:
        """One page of the sentences behind a node or an edge of the graph view (JSON)."""
        from unkg.api import viz_sentences
        from unkg.graph.viz import json_for_html

        p = request.query_params
        try:
            kw = {
                "node": p.get("node"),
                "edge": p.get("edge"),
                "report": p.get("report") or None,
                "offset": int(p.get("offset", "0")),
                "limit": int(p.get("limit", "10")),
            }
            page = await asyncio.get_running_loop().run_in_executor(
                None, lambda: viz_sentences(ep.store, **kw)
            )
        except ValueError as exc:
            raise Problem(400, str(exc)) from None
        # <, > and & as \u escapes: the body stays inert even if something renders it as HTML
        return Response(json_for_html(page), media_type="application/json")

    @app.get("/queries.json", include_in_schema=False)
    async def queries() -> JSONResponse:
        return JSONResponse([q.as_dict() for q in await ep.gallery()])

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(AccessLog)  # outermost: times everything, CORS included
    return app


__all__ = ["Settings", "create_app"]
