"""The state the routes share: the store, the settings, the query runner and the writer, and
what every protocol does with them (run a query or an update within the server's limits,
write, cache heavy pages per store version)."""

from __future__ import annotations

import asyncio
import hmac
import logging
import tempfile
from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from fastapi.responses import Response

from unkg.api import (
    PREFIXES,
    REPORT_GRAPH_PREFIX,
    RemoteStore,
    Store,
    StoreError,
    explain,
    update,
)
from unkg.settings import Settings
from unkg.web import gallery, guard, lexer, pages
from unkg.web.jobs import MEMORY_MESSAGE, Job, Outcome, UpdateJob
from unkg.web.pool import (
    Busy,
    ClientGone,
    ProcessRunner,
    QueryTimeout,
    Runner,
    ThreadRunner,
    Watch,
    WorkerGone,
)
from unkg.web.request import Problem, graph_iris, one
from unkg.web.snapshots import Snapshots
from unkg.web.writer import Writer

log = logging.getLogger("unkg.web")
T = TypeVar("T")


class Endpoint:
    """State shared by the routes: the store, the settings, the query runner."""

    def __init__(self, store: Store, settings: Settings, runner: Runner | None = None):
        if settings.allow_update and store.read_only:
            raise ValueError("allow_update needs the store opened read-write")
        self.store = store
        self.settings = settings
        remote = isinstance(store, RemoteStore)
        self.writer: Writer | None = Writer(offline=not remote) if settings.allow_update else None
        self.snapshots: Snapshots | None = None
        limit = settings.worker_memory_mb * 2**20
        if runner is not None:  # given by the process that serves (`unkg.web.prefork`)
            self.runner: Runner = runner
        elif store.path is None or isinstance(store, RemoteStore):
            # in memory (a query past its time cannot be stopped), or the SPARQL server runs
            # the queries: threads
            self.runner = ThreadRunner(store.oxigraph, PREFIXES)
        elif store.read_only:

            def fits() -> bool:  # decided in the background: counting 400k quads takes ~1 s
                return settings.memory_quads > 0 and len(store) <= settings.memory_quads

            self.runner = ProcessRunner(
                str(store.path), settings.workers, fits, settings.allow_service, limit, PREFIXES
            )
        else:  # writable: the workers read checkpoints, renewed after each write
            folder = tempfile.mkdtemp(
                prefix=f".{store.path.name}-snapshots-", dir=store.path.parent
            )
            self.snapshots = Snapshots(store.oxigraph, folder, grace_s=2 * settings.timeout_s + 5)
            self.runner = ProcessRunner(
                self.snapshots.take(),
                settings.workers,
                False,
                settings.allow_service,
                limit,
                PREFIXES,
            )
        self.gallery_files = gallery.load()
        self.galleries: pages.Cache[list[gallery.GalleryQuery]] = pages.Cache("gallery", size=2)
        self.version = 0  # bumped by every write: the key of the page caches
        self.pages: pages.Cache[str] = pages.Cache("page", keep=(StoreError, ValueError))
        self.counts: pages.Cache[tuple[int, int]] = pages.Cache("health", size=1)

    # -- queries ---------------------------------------------------------------------------------
    async def query(self, request: Request, text: str, params: dict[str, list[str]]) -> Response:
        """The FastAPI route's answer (`answer`, as a Response)."""
        outcome = await self.answer(
            text,
            params,
            request.headers.get("accept"),
            str(request.url_for("sparql_get")),
            lambda: _until_disconnected(request),
        )
        if outcome is None:  # we stopped it: its client went away
            request.state.note = "client went away"
            return Response(status_code=499)
        request.state.note = note(outcome)
        if outcome.status != 200:
            return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type)
        return Response(outcome.body, media_type=outcome.media_type, headers={"Vary": "Accept"})

    async def answer(
        self,
        text: str,
        params: dict[str, list[str]],
        accept: str | None,
        base_iri: str,
        watch: Watch | None = None,
    ) -> Outcome | None:
        """Run a query within the server's limits: its outcome (the answer, or an error the
        worker found), None if the client went away (`watch`), a `Problem` for what the
        server refuses. `base_iri` is the endpoint's URL as the client called it."""
        return await self.run(self.job(text, params, accept, base_iri), watch)

    def job(
        self, text: str, params: dict[str, list[str]], accept: str | None, base_iri: str
    ) -> Job:
        """The query as a job within the server's limits; a `Problem` for what the server
        refuses before running it (too large, nested too deep, a bad graph IRI)."""
        s = self.settings
        size = len(text.encode("utf-8"))
        if size > s.max_query_bytes:
            raise Problem(
                413,
                f"the query is {size} bytes, larger than this server's limit of "
                f"{s.max_query_bytes} bytes",
            )
        if lexer.openers(text) > s.max_nesting:
            depth = lexer.nesting(text)
            if depth > s.max_nesting:
                raise Problem(
                    400,
                    f"the query nests groups or expressions {depth} levels deep; this server "
                    f"accepts at most {s.max_nesting}",
                )
        return Job(
            query=text,
            accept=accept,
            format=one(params, "format"),
            default_graphs=graph_iris(params, "default-graph-uri"),
            named_graphs=graph_iris(params, "named-graph-uri"),
            union=s.union_default_graph or lexer.has_dataset_clause(text),
            max_rows=s.max_rows,
            base_iri=base_iri,
            allow_service=s.allow_service,
        )

    async def run(self, job: Job | UpdateJob, watch: Watch | None = None) -> Outcome | None:
        """The job's outcome from the runner, its limits turned into 503s; None if the client
        went away (`watch` returned, and the job was stopped)."""
        s = self.settings
        try:
            return await self.runner.run(job, s.timeout_s, watch)
        except ClientGone:
            return None
        except QueryTimeout:
            raise Problem(
                503,
                f"the query was stopped after {s.timeout_s:g} s, the time limit of this server; "
                "narrow it down (LIMIT, more specific patterns) and try again",
                # the process that ran it may retire (`unkg.web.inprocess`): a new connection
                {"Retry-After": "1", "Connection": "close"},
            ) from None
        except Busy:
            raise Problem(
                503,
                f"every query worker stayed busy for {s.timeout_s:g} s; try again later",
                {"Retry-After": str(max(1, round(s.timeout_s)))},
            ) from None
        except WorkerGone:
            raise Problem(
                503, MEMORY_MESSAGE.format(mb=s.worker_memory_mb), {"Connection": "close"}
            ) from None

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
            update(text, store=self.store, base_iri=base)
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
            job = UpdateJob(text, copy, base, self.settings.allow_service)
            outcome = await self.run(job, lambda: _until_disconnected(request))
        finally:
            await asyncio.get_running_loop().run_in_executor(None, snapshots.discard, copy)
        if outcome is None:
            request.state.note = "client went away"
            return Response(status_code=499)
        if outcome.status != 204:
            request.state.note = "error"
            return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type)
        return None


def note(outcome: Outcome) -> str:
    """What the access log says about a query's outcome."""
    return f"{outcome.kind or 'error'} {outcome.rows} rows" if outcome.status == 200 else "error"


async def _until_disconnected(request: Request) -> None:
    """Returns once the client of `request` has gone away (polled, as Starlette offers)."""
    while not await request.is_disconnected():
        await asyncio.sleep(0.1)
