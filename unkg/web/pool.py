"""The web app's side of the query workers: a pool of worker processes (`ProcessRunner`), or
threads for a store in memory (`ThreadRunner`), each running jobs within a time limit.

A worker that overruns the limit, or whose client went away, is killed and replaced; the
others go on. Jobs go to a worker and answers come back over a socket read on the event loop
(`unkg.web.wire`), with one timer for the limit, so a small query costs the web app little
besides the engine's own time.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import socket
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox

from unkg.web import sandbox, wire, worker
from unkg.web.jobs import Job, Outcome, UpdateJob, execute

log = logging.getLogger("unkg.web")

# A query still running after this long starts watching its client (one task per request
# only for the slow ones): a client that goes away frees its worker.
WATCH_AFTER_S = 0.05

Watch = Callable[[], Awaitable[Any]]  # returns once the client has gone away


class QueryTimeout(Exception):
    pass


class Busy(Exception):
    """No worker became free within the time limit."""


class WorkerGone(Exception):
    """The worker process died (killed on purpose, or crashed: past its memory limit, Oxigraph
    aborts it)."""


class ClientGone(Exception):
    """The client went away while its job ran; the job was stopped."""


class _Worker:
    """One worker process and the web app's end of its socket."""

    def __init__(self, proc: Any, channel: wire.Channel, memory: bool):
        self.proc = proc
        self.channel = channel
        self.isolation = ""
        self.stale = False  # replaced: retire once idle
        self.memory = memory  # holds the store in memory

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()

    def close(self) -> None:
        """Kill the process and wait for it (blocks: call it from a thread)."""
        self.kill()
        self.proc.join(2)


class Runner:
    """Runs jobs with a time limit; `run` is a coroutine for the web app. `watch`, if given,
    returns once the client has gone away: then the job is stopped (`ClientGone`)."""

    kills = 0

    async def start(self) -> None:
        """Start what the runner needs (its workers) now rather than on the first query."""

    async def run(
        self, job: Job | UpdateJob, timeout: float, watch: Watch | None = None
    ) -> Outcome:
        raise NotImplementedError

    def now(self, job: Job) -> Outcome | None:
        """The job's outcome at once, on the caller's thread, if the runner knows it needs no
        time limit (`unkg.web.inprocess.Quick`); None: `run` it."""
        return None

    def close(self) -> None:
        pass


class ProcessRunner(Runner):
    """A pool of worker processes over a store folder that no process writes to while they
    read it: the store opened read-only, or a snapshot of a writable one (`Snapshots`)."""

    def __init__(
        self,
        path: str,
        size: int = 2,
        memory: bool | Callable[[], bool] = False,
        network: bool = False,
        memory_limit: int = 0,
        prefixes: dict[str, str] | None = None,
    ):
        self.ctx = multiprocessing.get_context("spawn")
        self.path = path
        # Each worker copies the store into memory (read-only serving). A callable decides it
        # in the background (counting 400k quads took ~1 s): start-up does not wait for it.
        self.memory = memory
        self.network = network  # federation allowed: the workers keep their network access
        self.memory_limit = memory_limit  # bytes a worker may add once its store is open
        self.prefixes = prefixes  # predefined for every query, given once to each worker
        self.size = max(1, size)
        self.threads = ThreadPoolExecutor(
            max_workers=self.size + 2, thread_name_prefix="unkg-query"
        )
        self.lock = threading.Lock()
        self.all: list[_Worker] = []
        self.idle: asyncio.LifoQueue[_Worker] | None = None
        self._replacing: set[asyncio.Task[None]] = set()  # kept referenced until done
        self.kills = 0

    async def _new(self, memory: bool | None = None) -> _Worker:
        """A new worker, once it is ready; `memory` defaults to whether this runner serves
        from memory. Its store is open before it gets a job, so no query's time limit is
        spent on opening or copying it."""
        memory = self.memory is True if memory is None else memory
        ours, theirs = socket.socketpair()
        proc = self.ctx.Process(
            target=worker.main,
            args=(theirs, self.path, memory, self.network, self.memory_limit, self.prefixes),
            daemon=True,
        )
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self.threads, proc.start)
        finally:
            theirs.close()  # the worker's end is the worker's: its death closes the socket
        channel = wire.Channel(ours)
        w = _Worker(proc, channel, memory)
        with self.lock:
            self.all.append(w)
        try:
            said, w.isolation = await channel.expect()
        except wire.Closed:
            said = None
        if said != worker.READY:
            await self._retire(w, killed=False)
            raise WorkerGone
        if w.isolation == sandbox.NONE and not self.network:
            log.warning(
                "query workers could not be cut off from the network (no libseccomp, no "
                "network namespace): only the parse check refuses SERVICE and LOAD"
            )
        return w

    async def _retire(self, w: _Worker, killed: bool = True) -> None:
        self.kills += killed
        with self.lock:
            if w in self.all:
                self.all.remove(w)
        w.channel.close()
        await asyncio.get_running_loop().run_in_executor(self.threads, w.close)

    async def start(self) -> None:
        """Start the worker processes now rather than on the first query."""
        await self._idle()

    async def _idle(self) -> asyncio.LifoQueue[_Worker]:
        if self.idle is None:
            # Last in, first out: the worker that just answered is the one whose caches are
            # warm; alternating between workers made a small query ~0.3 ms slower.
            self.idle = asyncio.LifoQueue()
            # Workers that read the store on disk are ready in well under a second; those
            # that copy it into memory (seconds per million quads) replace them once ready.
            workers = await asyncio.gather(*(self._new(False) for _ in range(self.size)))
            for w in workers:
                self.idle.put_nowait(w)
            if self.memory is not False:
                self._background(self._swap_in_memory(workers))
        return self.idle

    def _background(self, coro: Awaitable[None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)  # type: ignore[arg-type]
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _swap_in_memory(self, on_disk: list[_Worker]) -> None:
        """Start the workers that hold the store in memory and retire the on-disk ones, each
        as soon as it is idle (a busy one finishes its query first)."""
        if callable(self.memory):
            decide = self.memory
            self.memory = await asyncio.get_running_loop().run_in_executor(self.threads, decide)
        if not self.memory:
            return
        for old in on_disk:
            try:
                fresh = await self._new(True)
            except WorkerGone:
                log.error("a query worker could not copy the store at %s", self.path)
                return
            if old not in self.all:  # died meanwhile: its replacement already reads memory
                await self._retire(fresh, False)
                continue
            old.stale = True
            idle = await self._idle()
            kept = []
            while not idle.empty():
                w = idle.get_nowait()
                if w.stale:
                    await self._retire(w, False)
                else:
                    kept.append(w)
            for w in [*reversed(kept), fresh]:
                idle.put_nowait(w)

    async def run(self, job, timeout, watch=None):
        idle = await self._idle()
        if isinstance(job, Job):
            job.store_path = self.path
        if idle.empty():
            try:
                w = await asyncio.wait_for(idle.get(), timeout)
            except asyncio.TimeoutError:
                raise Busy from None
        else:
            w = idle.get_nowait()
        loop = asyncio.get_running_loop()
        reply = w.channel.request(job)
        limit = loop.call_later(timeout, fail, reply, QueryTimeout)
        watching = Watching(loop, reply, watch) if watch is not None else None
        healthy = False
        try:
            outcome = await reply
            healthy = True
            return outcome
        except wire.Closed:
            raise WorkerGone from None
        finally:
            limit.cancel()
            if watching is not None:
                watching.cancel()
            if healthy and w.stale:  # replaced by a worker with the store in memory
                self._background(self._retire(w, False))
            elif healthy:
                idle.put_nowait(w)
            else:  # timed out, cancelled, client gone or crashed: replace the process
                w.kill()
                # in the background: a new worker may take seconds to copy the store into
                # memory, and this request's answer (an error) should not wait for it
                self._background(self._replace(w))

    async def _replace(self, w: _Worker) -> None:
        await self._retire(w)
        try:
            fresh = await self._new()
        except WorkerGone:
            log.error("a query worker could not open the store at %s", self.path)
            return
        (await self._idle()).put_nowait(fresh)

    def use(self, path: str) -> None:
        """Later jobs read the store folder at `path` (a newer snapshot)."""
        if self.memory is not False:
            raise ValueError("a store served from memory does not change")
        self.path = path

    def close(self) -> None:
        with self.lock:
            workers, self.all = self.all, []
        for w in workers:
            w.channel.close()
            w.close()
        self.threads.shutdown(wait=False, cancel_futures=True)


def fail(reply: asyncio.Future[Any], why: type[Exception]) -> None:
    if not reply.done():
        reply.set_exception(why())


class Watching:
    """Watches the client of a job that runs longer than `WATCH_AFTER_S`: if it goes away,
    the job fails with `ClientGone` (and its worker is replaced)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, reply: asyncio.Future[Any], watch: Watch):
        self.reply = reply
        self.watch = watch
        self.task: asyncio.Task[Any] | None = None
        self.timer = loop.call_later(WATCH_AFTER_S, self._start, loop)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self.reply.done():
            self.task = loop.create_task(self.watch())
            self.task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is None and not self.reply.done():
            log.info("client went away: stopping its query")
            self.reply.set_exception(ClientGone())

    def cancel(self) -> None:
        self.timer.cancel()
        if self.task is not None:
            self.task.cancel()


class ThreadRunner(Runner):
    """For an in-memory store (tests, notebooks): same limits, but a query that overruns
    the timeout cannot be stopped, only abandoned; use a store on disk to serve."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str] | None = None):
        self.store = store
        self.prefixes = prefixes
        self.threads = ThreadPoolExecutor(max_workers=4, thread_name_prefix="unkg-query")

    async def run(self, job, timeout, watch=None):
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.threads, execute, self.store, job, self.prefixes)
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout from None

    def close(self) -> None:
        self.threads.shutdown(wait=False, cancel_futures=True)
