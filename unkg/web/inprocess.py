"""Queries answered inside the process that serves their HTTP requests (`unkg serve` on a
read-only store, `unkg.web.prefork`): on query threads, which pyoxigraph lets run without
the GIL, so the event loop keeps answering while a query runs.

Handing a small query to a worker process and its answer back cost more than the engine
itself (docs/scaling.md): here a request crosses no process boundary. pyoxigraph cannot
cancel a query, so when one overruns the time limit, or its client goes away, its answer
(the 503, or nothing) is given at once and the process *retires* (`on_stuck`): it stops
accepting connections, finishes its other requests and exits, and its supervisor has
already started the process that replaces it.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from unkg.web import sandbox, worker
from unkg.web.jobs import MEMORY_MESSAGE, Job, Outcome, UpdateJob, error, execute
from unkg.web.pool import (
    Busy,
    ClientGone,
    QueryTimeout,
    Runner,
    Watch,
    Watching,
    WorkerGone,
    fail,
)

log = logging.getLogger("unkg.web")

# What the copy into memory may take beyond the query memory limit while it is made: the
# setting's own estimate (~0.5 GB per million quads) doubled, and the 200 MB buffer that
# Oxigraph's bulk loader takes whatever the size.
COPY_BYTES_PER_QUAD = 1024
COPY_BUFFER_BYTES = 256 * 2**20

# A request that answered within this much CPU time, `QUICK_TRIES` times in a row (same text,
# dataset, format and store), is answered on the event loop from then on: the store never
# changes, so neither does its cost, and the hand-off to a query thread and back (~100 µs of
# CPU and two wake-ups) cost as much as such a query itself. Its cost is CPU time (the thread's
# own): wall time counts the other threads and processes the machine ran meanwhile, and on a
# loaded machine sent every small query back to the threads, where it cost more again. Within
# QUICK_WALL_S of wall time too, so that one which waits (reading the disk) stays off the loop.
QUICK_S = 0.002
QUICK_WALL_S = 0.02
QUICK_TRIES = 3
# Functions whose value changes from run to run, and with it what a query does (a FILTER on
# RAND() may pass its first row or none): such a query's cost is not fixed, so it always
# runs on a query thread, under the time limit.
_UNSTABLE = re.compile(r"\b(?:RAND|UUID|STRUUID)\s*\(", re.IGNORECASE)

_Reply = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Outcome]"]
_Task = tuple[Job, ox.Store, bool, tuple]  # the job, the store that answers it, on disk, its key


class Quick:
    """The requests seen to answer within `QUICK_S` of CPU (and `QUICK_WALL_S`) each time, at
    least `QUICK_TRIES` times: they need no time limit. One slower answer sends the request
    back to the query threads until it is quick again that many times."""

    KEPT = 1024  # requests remembered; the table starts again when full

    def __init__(self) -> None:
        self.runs: dict[tuple, int] = {}

    def ready(self, key: tuple) -> bool:
        return self.runs.get(key, 0) >= QUICK_TRIES

    def record(self, key: tuple, cpu_s: float, wall_s: float) -> None:
        if cpu_s > QUICK_S or wall_s > QUICK_WALL_S:
            self.runs.pop(key, None)
            return
        runs = self.runs.get(key)
        if runs is None:  # first seen quick: is its cost fixed?
            if _UNSTABLE.search(key[0]):
                return
            if len(self.runs) >= self.KEPT:
                self.runs.clear()
            runs = 0
        self.runs[key] = runs + 1


def _key(job: Job, disk: bool) -> tuple:
    """What a request's cost depends on, besides the store, which never changes."""
    graphs = [None if g is None else tuple(g) for g in (job.default_graphs, job.named_graphs)]
    return (job.query, job.accept, job.format, *graphs, job.union, job.max_rows, disk)


class LocalRunner(Runner):
    """Runs queries on `threads` threads of this process over the read-only store `disk`,
    and, once `to_copy` (called in the background: counting 400k quads takes ~1 s) gives
    the number of quads to copy into memory, over that copy too (`worker.Faster` picks the
    faster one per query text); 0 quads: the store stays on disk."""

    def __init__(
        self,
        disk: ox.Store,
        threads: int = 4,
        to_copy: Callable[[], int] | None = None,
        memory_limit: int = 0,
        prefixes: dict[str, str] | None = None,
    ):
        self.disk = disk
        self.copy: ox.Store | None = None
        self.to_copy = to_copy
        self.memory_limit = memory_limit  # bytes the queries of this process may add
        self.prefixes = prefixes
        self.faster = worker.Faster()
        self.quick = Quick()
        self.on_stuck: Callable[[str], None] = lambda why: None  # set by the serving process
        self.jobs: queue.SimpleQueue[tuple[_Task, _Reply] | None] = queue.SimpleQueue()
        self.running: dict[int, _Reply] = {}  # query thread -> the reply it works on
        self.copying = 0  # the thread that copies the store into memory, while it does
        self.loop: asyncio.AbstractEventLoop | None = None
        self.size = max(1, threads)
        self.free: asyncio.Semaphore | None = None  # made on the event loop (`start`)
        # Deep stacks, as in a worker process (`worker.STACK_BYTES`), made now: once the
        # memory limit is in force a new 512 MB stack might no longer fit under it.
        previous = threading.stack_size(worker.STACK_BYTES)
        try:
            self.threads = [
                threading.Thread(target=self._serve, name="unkg-query", daemon=True)
                for _ in range(self.size)
            ]
            for t in self.threads:
                t.start()
        finally:
            threading.stack_size(previous)
        sandbox.limit_memory(memory_limit, keep_hard=True)

    async def start(self) -> None:
        self.free = asyncio.Semaphore(self.size)
        self.loop = asyncio.get_running_loop()
        if self.to_copy is not None:
            threading.Thread(target=self._copy, name="unkg-copy", daemon=True).start()

    def _copy(self) -> None:
        """Copy the store into memory if it fits, within a memory limit widened for it."""
        assert self.to_copy is not None
        quads = self.to_copy()
        if not quads:
            return
        if self.memory_limit:
            allowance = COPY_BUFFER_BYTES + quads * COPY_BYTES_PER_QUAD
            sandbox.limit_memory(self.memory_limit + allowance, keep_hard=True)
        self.copying = threading.get_ident()
        try:
            copy = worker.copy_to_memory(self.disk)
        except MemoryError:
            log.error("the store could not be copied into memory: queries read it on disk")
            return
        finally:
            self.copying = 0
            sandbox.limit_memory(self.memory_limit, keep_hard=True)
        self.copy = copy

    def _serve(self) -> None:
        """A query thread: answer jobs until told to stop (None)."""
        me = threading.get_ident()
        while (item := self.jobs.get()) is not None:
            task, (loop, reply) = item
            self.running[me] = (loop, reply)
            outcome = self._execute(*task)
            del self.running[me]
            try:
                loop.call_soon_threadsafe(self._done, reply, outcome)
            except RuntimeError:  # the loop is closed: the process is ending
                return

    def _task(self, job: Job) -> _Task:
        """The job with the store that answers it (`worker.Faster` picks, once there is a
        copy) and the request's key (`Quick`)."""
        copy = self.copy
        disk = copy is None or self.faster.use_disk(job.query)
        return job, self.disk if disk or copy is None else copy, disk, _key(job, disk)

    def _execute(self, job: Job, store: ox.Store, disk: bool, key: tuple) -> Outcome:
        try:
            start, cpu = time.perf_counter(), time.thread_time()
            outcome = execute(store, job, self.prefixes)
            seconds = time.perf_counter() - start
            if self.copy is not None:
                self.faster.record(job.query, disk, seconds)
            self.quick.record(key, time.thread_time() - cpu, seconds)
            return outcome
        except MemoryError:
            return error(503, MEMORY_MESSAGE.format(mb=self.memory_limit // 2**20))
        except Exception as exc:
            return error(500, f"internal error: {type(exc).__name__}: {exc}")

    def out_of_memory(self) -> bool:
        """On the thread whose query ran into the memory limit (`sandbox.catch_abort`): fail
        its request with `WorkerGone` (a 503) and keep the thread there (True). The copy into
        memory running into it (a query in flight took the room) keeps its thread there too,
        and the process retires: its replacement copies again. False on any other thread:
        the abort goes on."""
        me = threading.get_ident()
        if me == self.copying and self.loop is not None:
            why = "the copy of the store into memory ran into the memory limit"
            self.loop.call_soon_threadsafe(self.on_stuck, why)
            return True
        running = self.running.get(me)
        if running is None:
            return False
        loop, reply = running
        loop.call_soon_threadsafe(fail, reply, WorkerGone)
        return True

    def _done(self, reply: asyncio.Future[Outcome], outcome: Outcome) -> None:
        assert self.free is not None
        self.free.release()
        if not reply.done():
            reply.set_result(outcome)

    def now(self, job: Job) -> Outcome | None:
        task = self._task(job)
        return self._execute(*task) if self.quick.ready(task[3]) else None

    async def run(
        self, job: Job | UpdateJob, timeout: float, watch: Watch | None = None
    ) -> Outcome:
        if not isinstance(job, Job):
            raise TypeError("a read-only server runs no updates")
        assert self.free is not None, "start() first"
        task = self._task(job)
        if self.quick.ready(task[3]):  # on the event loop: no hand-off, no time limit needed
            return self._execute(*task)
        if self.free.locked():
            try:
                await asyncio.wait_for(self.free.acquire(), timeout)
            except TimeoutError:
                raise Busy from None
        else:
            await self.free.acquire()
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[Outcome] = loop.create_future()
        self.jobs.put((task, (loop, reply)))
        limit = loop.call_later(timeout, fail, reply, QueryTimeout)
        watching = Watching(loop, reply, watch) if watch is not None else None
        done = False
        try:
            outcome = await reply
            done = True
            return outcome
        finally:
            limit.cancel()
            if watching is not None:
                watching.cancel()
            if not done:  # its thread still runs the query, and nothing can stop it
                self.on_stuck(_why(reply))

    def close(self) -> None:
        for _ in self.threads:
            self.jobs.put(None)


def _why(reply: asyncio.Future[Any]) -> str:
    if reply.done() and not reply.cancelled():
        if isinstance(reply.exception(), QueryTimeout):
            return "a query ran past the time limit"
        if isinstance(reply.exception(), ClientGone):
            return "a query's client went away"
        if isinstance(reply.exception(), WorkerGone):
            return "a query ran into the memory limit"
    return "a query was abandoned"
