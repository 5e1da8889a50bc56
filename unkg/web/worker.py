"""Running SPARQL queries so that a slow one can really be stopped.

pyoxigraph has no way to cancel a running query, so every query runs in a separate worker
process that has the store open read-only. A worker that overruns the time limit, or whose
client went away, is killed and replaced; the others go on. The result is serialized to bytes
inside the worker (at most `max_rows` rows or triples), so the web app sends a status line only
once the whole answer exists.

A worker that is not allowed federation cannot open Internet sockets (`sandbox`), and every
query that may hold SERVICE is checked on a real parse first (`guard`): both fail closed.

This module imports only the standard library, pyoxigraph, small modules of `unkg.web` and the
query result type (`unkg.graph.results`, which serializes for the CLI and the API too), so a
new worker starts quickly (rdflib's parser is imported only when a query needs the check).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import re
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from unkg.graph.formats import GRAPH
from unkg.graph.results import QueryResult, TooManyResults
from unkg.graph.sparql_errors import explain
from unkg.web import guard, negotiate, sandbox

log = logging.getLogger("unkg.web")


@dataclass
class Job:
    """One query, with its dataset and what the client accepts."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: list[str] | None = None  # default-graph-uri
    named_graphs: list[str] | None = None  # named-graph-uri
    union: bool = True
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None  # relative IRIs in the query resolve against the endpoint's URL
    store_path: str = ""  # set by ProcessRunner: the folder the worker opens read-only
    allow_service: bool = False  # SERVICE (federation) allowed


@dataclass
class UpdateJob:
    """One SPARQL Update, tried on a writable copy of the store (`store_path`): the server
    applies it to the store itself only once it succeeded there, within the limits."""

    update: str
    store_path: str
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None
    allow_service: bool = False


@dataclass
class Outcome:
    status: int
    media_type: str
    body: bytes
    rows: int = 0
    kind: str = ""


def _error(status: int, message: str) -> Outcome:
    return Outcome(
        status, "text/plain; charset=utf-8", message.rstrip("\n").encode("utf-8") + b"\n"
    )


def _too_many(max_rows: int, what: str) -> Outcome:
    return _error(
        422,
        f"the result has more than {max_rows} {what}, the limit of this server; "
        "add LIMIT (and OFFSET to page) to the query",
    )


def execute(store: ox.Store, job: Job) -> Outcome:
    """Run one query and serialize all of its result; an error is an Outcome with its status."""
    if not job.allow_service:
        try:
            guard.check(job.query, False, job.prefixes or None, job.base_iri)
        except guard.Refused as exc:
            return _error(400, str(exc))
    options: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    else:
        options["use_default_graph_as_union"] = job.union
    try:
        result = QueryResult(
            store.query(job.query, prefixes=job.prefixes or None, base_iri=job.base_iri, **options)
        )
        kind = negotiate.GRAPH if result.kind == GRAPH else negotiate.SOLUTIONS
        fmt = negotiate.choose(kind, job.accept, job.format)
        body = result.serialize(fmt, max_rows=job.max_rows, prefixes=job.prefixes)
        return Outcome(200, fmt.media_type, body, result.rows or 0, result.kind)
    except TooManyResults as exc:
        return _too_many(exc.max_rows, exc.what)
    except SyntaxError as exc:
        return _error(400, f"query syntax error: {explain(job.query, str(exc), job.prefixes)}")
    except negotiate.NotAcceptable as exc:
        return _error(406, str(exc))
    except OSError as exc:
        return _error(500, f"the store could not be read: {exc}")
    # evaluation errors (e.g. an unsupported SERVICE) are the query's fault
    except Exception as exc:
        return _error(400, f"query failed: {exc}")


def apply_update(job: UpdateJob) -> Outcome:
    """Run the update on the copy at `job.store_path` (204, or an error Outcome)."""
    if not job.allow_service:
        try:
            guard.check(job.update, True, job.prefixes or None, job.base_iri)
        except guard.Refused as exc:
            return _error(400, str(exc))
    try:
        store = ox.Store(job.store_path)
        store.update(job.update, prefixes=job.prefixes or None, base_iri=job.base_iri)
        store.flush()
        del store  # closes the copy
    except SyntaxError as exc:
        why = explain(job.update, str(exc), job.prefixes, update_hint=None)
        return _error(400, f"update syntax error: {why}")
    except Exception as exc:  # evaluation errors are the update's fault
        return _error(400, f"update failed: {exc}")
    return Outcome(204, "text/plain; charset=utf-8", b"")


# -- worker processes ---------------------------------------------------------------------------


# Parsing and planning recurse once per nesting level (and once per operand of a long chain
# such as 1+1+…+1): with the usual 8 MB main-thread stack a query of ~2,500 nested groups, or
# 20,000 chained FILTERs, overflowed it and the worker died (a 500). Inside the 100 kB query
# limit, 512 MB of stack (address space, touched only as used) is enough for any of them.
STACK_BYTES = 512 * 2**20


def _worker_main(conn: Any, path: str, memory: bool, network: bool, memory_limit: int) -> None:
    """A worker process: give up the network (unless allowed), then answer jobs on a thread
    with a deep stack until the pipe closes."""
    os.environ["RUST_BACKTRACE"] = "0"  # a worker past its memory limit says so in one line
    isolation = "allowed" if network else sandbox.deny_network()
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(
        target=_serve,
        args=(conn, path, memory, isolation, memory_limit),
        name="unkg-query-worker",
    )
    thread.start()
    thread.join()


def open_for_queries(path: str, memory: bool) -> ox.Store:
    """The store folder read-only, or copied into memory: Oxigraph answers the gallery's
    join-heavy queries 2–20× faster from memory than from its read-only on-disk store."""
    on_disk = ox.Store.read_only(path)
    if not memory:
        return on_disk
    return _copy(on_disk)


def _copy(on_disk: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.bulk_extend(on_disk.quads_for_pattern(None, None, None, None))
    return copy


# A query that stops after its first rows (a LIMIT and nothing that must read every solution
# first) is 2–4× faster on the read-only RocksDB store than on the in-memory copy: the copy
# pays for each lookup what it saves on long scans (bench/endpoint.py, small SELECT). Which
# store answers changes only the speed, never the answer: both hold the same quads.
_LIMITED = re.compile(r"\bLIMIT\s+\d", re.IGNORECASE)
_READS_ALL = re.compile(
    r"\b(ORDER\s+BY|GROUP\s+BY|HAVING|DISTINCT|REDUCED|COUNT|SUM|AVG|MIN|MAX|SAMPLE|"
    r"GROUP_CONCAT|MINUS|EXISTS|OPTIONAL|UNION)\b",
    re.IGNORECASE,
)


def stops_early(query: str) -> bool:
    """Whether the query likely ends after its first rows (then the on-disk store is faster)."""
    return _LIMITED.search(query) is not None and _READS_ALL.search(query) is None


def _serve(conn: Any, path: str, memory: bool, isolation: str, memory_limit: int) -> None:
    """Open the store, cap memory from there on, say so (with how the network is denied), and
    answer jobs until the pipe closes. A worker with the store in memory keeps the on-disk
    store open too, for the queries that stop early (`stops_early`)."""
    try:
        disk, opened = ox.Store.read_only(path), path
        copy = _copy(disk) if memory else None
        sandbox.limit_memory(memory_limit)
        conn.send((READY, isolation))
    except (OSError, BrokenPipeError):
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if isinstance(job, UpdateJob):
                outcome = apply_update(job)
            else:
                if job.store_path != opened:  # a newer snapshot (on disk only: ProcessRunner)
                    disk = copy = None
                    disk, opened = ox.Store.read_only(job.store_path), job.store_path
                use_disk = copy is None or stops_early(job.query)
                outcome = execute(disk if use_disk else copy, job)
        except MemoryError:
            outcome = _error(503, MEMORY_MESSAGE.format(mb=memory_limit // 2**20))
        except Exception as exc:
            outcome = _error(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except (BrokenPipeError, OSError):
            return


class QueryTimeout(Exception):
    pass


class Busy(Exception):
    """No worker became free within the time limit."""


class WorkerGone(Exception):
    """The worker process died (killed on purpose, or crashed: past its memory limit, Oxigraph
    aborts it)."""


MEMORY_MESSAGE = (
    "the query process stopped: it needed more than this server's {mb} MB per query "
    "(or crashed); narrow the query down and try again"
)


READY = "ready"  # what a worker sends once its store is open


class _Worker:
    def __init__(self, ctx: Any, path: str, memory: bool, network: bool, memory_limit: int):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(child, path, memory, network, memory_limit), daemon=True
        )
        self.proc.start()
        child.close()
        self.isolation = ""
        self.stale = False  # replaced: retire once idle
        self.memory = memory  # holds the store in memory

    def wait_ready(self) -> None:
        """Block until the store is open (copying it into memory takes a few seconds for a
        million quads), so that no query's time limit is spent on it."""
        try:
            said, self.isolation = self.conn.recv()
            if said != READY:
                raise WorkerGone
        except (EOFError, OSError, ValueError, TypeError):
            raise WorkerGone from None

    def call(self, job: Job | UpdateJob, timeout: float) -> Outcome:
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout):
                raise QueryTimeout
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            raise WorkerGone from None

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()

    def close(self) -> None:
        self.kill()
        self.proc.join(2)
        self.conn.close()


class Runner:
    """Runs jobs with a time limit; `run` is a coroutine for the web app."""

    kills = 0

    async def run(
        self,
        job: Job | UpdateJob,
        timeout: float,
        disconnected: Callable[[], Awaitable[bool]] | None = None,
    ) -> Outcome:
        raise NotImplementedError

    def close(self) -> None:
        pass


class ProcessRunner(Runner):
    """A pool of worker processes over a store folder that no process writes to while they
    read it: the store opened read-only, or a snapshot of a writable one (`Snapshots`)."""

    def __init__(
        self,
        path: str,
        size: int = 2,
        memory: bool = False,
        network: bool = False,
        memory_limit: int = 0,
    ):
        self.ctx = multiprocessing.get_context("spawn")
        self.path = path
        self.memory = memory  # each worker copies the store into memory (read-only serving)
        self.network = network  # federation allowed: the workers keep their network access
        self.memory_limit = memory_limit  # bytes a worker may add once its store is open
        self.size = max(1, size)
        self.threads = ThreadPoolExecutor(
            max_workers=self.size + 2, thread_name_prefix="unkg-query"
        )
        self.lock = threading.Lock()
        self.all: list[_Worker] = []
        self.idle: asyncio.LifoQueue[_Worker] | None = None
        self._replacing: set[asyncio.Task[None]] = set()  # kept referenced until done
        self.kills = 0

    def _new(self, memory: bool | None = None) -> _Worker:
        """A new worker, once it is ready (blocks: call it from a thread); `memory` defaults to
        whether this runner serves from memory."""
        memory = self.memory if memory is None else memory
        w = _Worker(self.ctx, self.path, memory, self.network, self.memory_limit)
        with self.lock:
            self.all.append(w)
        w.wait_ready()
        if w.isolation == sandbox.NONE and not self.network:
            log.warning(
                "query workers could not be cut off from the network (no libseccomp, no "
                "network namespace): only the parse check refuses SERVICE and LOAD"
            )
        return w

    def _retire(self, w: _Worker, killed: bool = True) -> None:
        self.kills += killed
        with self.lock:
            if w in self.all:
                self.all.remove(w)
        w.close()

    async def start(self) -> None:
        """Start the worker processes now rather than on the first query."""
        await self._idle()

    async def _idle(self) -> asyncio.LifoQueue[_Worker]:
        if self.idle is None:
            # Last in, first out: the worker that just answered is the one whose caches are
            # warm; alternating between workers made a small query ~0.3 ms slower.
            self.idle = asyncio.LifoQueue()
            loop = asyncio.get_running_loop()
            # Workers that read the store on disk are ready in well under a second; those
            # that copy it into memory (seconds per million quads) replace them once ready.
            workers = await asyncio.gather(
                *(loop.run_in_executor(self.threads, self._new, False) for _ in range(self.size))
            )
            for w in workers:
                self.idle.put_nowait(w)
            if self.memory:
                self._background(self._swap_in_memory(workers))
        return self.idle

    def _background(self, coro: Awaitable[None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)  # type: ignore[arg-type]
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _swap_in_memory(self, on_disk: list[_Worker]) -> None:
        """Start the workers that hold the store in memory and retire the on-disk ones, each
        as soon as it is idle (a busy one finishes its query first)."""
        loop = asyncio.get_running_loop()
        for old in on_disk:
            try:
                fresh = await loop.run_in_executor(self.threads, self._new, True)
            except WorkerGone:
                log.error("a query worker could not copy the store at %s", self.path)
                return
            if old not in self.all:  # died meanwhile: its replacement already reads memory
                await loop.run_in_executor(self.threads, self._retire, fresh, False)
                continue
            old.stale = True
            idle = await self._idle()
            kept = []
            while not idle.empty():
                w = idle.get_nowait()
                if w.stale:
                    await loop.run_in_executor(self.threads, self._retire, w, False)
                else:
                    kept.append(w)
            for w in [*reversed(kept), fresh]:
                idle.put_nowait(w)

    async def run(self, job, timeout, disconnected=None):
        idle = await self._idle()
        loop = asyncio.get_running_loop()
        if isinstance(job, Job):
            job.store_path = self.path
        try:
            worker = await asyncio.wait_for(idle.get(), timeout)
        except asyncio.TimeoutError:
            raise Busy from None
        future = loop.run_in_executor(self.threads, worker.call, job, timeout)
        healthy = False
        try:
            while True:
                done, _ = await asyncio.wait({future}, timeout=0.1)
                if done:
                    break
                if disconnected is not None and await disconnected():
                    log.info("client went away: stopping its query")
                    worker.kill()
            outcome = future.result()
            healthy = True
            return outcome
        finally:
            if healthy and worker.stale:  # replaced by a worker with the store in memory
                loop.run_in_executor(self.threads, self._retire, worker, False)
            elif healthy:
                idle.put_nowait(worker)
            else:  # timed out, cancelled, client gone or crashed: replace the process
                worker.kill()
                # in the background: a new worker may take seconds to copy the store into
                # memory, and this request's answer (an error) should not wait for it
                self._background(self._replace(worker))

    async def _replace(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.threads, self._retire, worker)
        try:
            fresh = await loop.run_in_executor(self.threads, self._new)
        except WorkerGone:
            log.error("a query worker could not open the store at %s", self.path)
            return
        (await self._idle()).put_nowait(fresh)

    def use(self, path: str) -> None:
        """Later jobs read the store folder at `path` (a newer snapshot)."""
        if self.memory:
            raise ValueError("a store served from memory does not change")
        self.path = path

    def close(self) -> None:
        with self.lock:
            workers, self.all = self.all, []
        for w in workers:
            w.close()
        self.threads.shutdown(wait=False, cancel_futures=True)


class ThreadRunner(Runner):
    """For an in-memory store (tests, notebooks): same limits, but a query that overruns
    the timeout cannot be stopped, only abandoned; use a store on disk to serve."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="unkg-query")

    async def run(self, job, timeout, disconnected=None):
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.threads, execute, self.store, job)
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout from None

    def close(self) -> None:
        self.threads.shutdown(wait=False, cancel_futures=True)


class Snapshots:
    """Read-only snapshots (RocksDB checkpoints: hard links, cheap) of a store that this
    process writes to, for the query workers.

    A read-only RocksDB instance must not share its folder with a live writer: compaction
    deletes files that it still lists. So with updates enabled the workers read a checkpoint,
    and each update takes a new one. An old checkpoint is deleted once no query can still be
    reading it (`grace_s` after it was replaced).
    """

    def __init__(self, store: ox.Store, folder: str, grace_s: float):
        self.store = store
        self.folder = folder
        self.grace_s = grace_s
        self.count = 0
        self.retired: list[tuple[float, str]] = []
        self.current: str | None = None
        self.lock = threading.Lock()

    def take(self) -> str:
        import shutil
        import time
        from pathlib import Path

        with self.lock:
            self.count += 1
            path = str(Path(self.folder) / f"snapshot-{self.count}")
            self.store.backup(path)
            now = time.monotonic()
            if self.current is not None:
                self.retired.append((now, self.current))
            self.current = path
            keep = []
            for when, old in self.retired:
                if now - when > self.grace_s:
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    keep.append((when, old))
            self.retired = keep
            return path

    def scratch(self) -> str:
        """A writable copy of the store as it is now, to try an update on; the caller removes
        it (`discard`)."""
        from pathlib import Path

        with self.lock:
            self.count += 1
            path = str(Path(self.folder) / f"update-{self.count}")
        self.store.backup(path)
        return path

    @staticmethod
    def discard(path: str) -> None:
        import shutil

        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
