"""Extraction in several processes: local worker processes or a Dask distributed cluster.

`extract_many` maps *prepare + extract* over report files with an executor and yields the
results **in input order**, each with the file's error when it failed (the `ReadError`
reason, or the type and message of whatever else a reader raised), so that one writer
(the calling process) can load them into the store through the usual `BulkLoader`.
Nothing here touches the store: the writer decides what is unchanged and links
translations (see `unkg.api.build`).

- ``workers=1`` and no scheduler: serial, in this process, lazily (one file at a time).
- ``workers=N``: a `concurrent.futures.ProcessPoolExecutor` of N processes; each loads the
  spaCy pipelines and the reference data once, in its initializer.
- ``scheduler="tcp://HOST:8786"`` (or a `distributed.Client`): tasks on a Dask cluster;
  every worker warms up once through a worker plugin. The files are read by the Dask
  workers, so their paths must be reachable there (a shared file system), and the workers
  need unkg installed at the same version. The writer's reference folders
  (`unkg.ontology.reference.user_reference_dirs`) go with every task, by path.

At most a few tasks per worker are in flight, so memory stays bounded when the writer is
slower than the workers. A worker sends its report back packed with msgspec (MessagePack
into the same frozen objects): about three times cheaper to pack and unpack than a
pickle, which is most of what a worker costs the writer.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from unkg.extract.errors import failure_reason
from unkg.extract.model import Report, ReportMeta
from unkg.ontology.reference import use_reference_dirs, user_reference_dirs

__all__ = ["Extracted", "extract_many", "extract_one", "extract_packed", "unpack", "warm_up"]


@dataclass(frozen=True)
class Extracted:
    """One file's outcome: its report, or the reason it failed, or neither when `skip`
    said the writer should look at it itself (a report that is probably unchanged)."""

    path: str
    report: Report | None = None
    error: str | None = None

    @property
    def skipped(self) -> bool:
        return self.report is None and self.error is None


def warm_up(reference_dirs: tuple[Path, ...] = (), writer: int | None = None) -> None:
    """Load the spaCy pipelines, the gazetteer, the relation rules and the reference data
    (with the user's `reference_dirs`, those of the process that started this one) of this
    process once, by extracting a tiny text in each language; a pool's worker also ends
    with its `writer` (see `exit_with`) and leaves Ctrl-C to it."""
    from unkg.extract.pipeline import LANGUAGES, extract_text

    if writer is not None:
        exit_with(writer)
        # Ctrl-C reaches every process of the terminal's group. The writer stops the build
        # and ends the pool (`_pool`); a worker interrupted too would die mid-task or on its
        # queue, and the pool's shutdown then waited for ever.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_reference_dirs(reference_dirs)

    samples = {
        "zh": "联合国刚果民主共和国稳定团在刚果民主共和国开展工作。",
        "en": "The United Nations Mission in South Sudan operates in South Sudan.",
    }
    for lang in LANGUAGES:
        extract_text(samples.get(lang, "United Nations"), meta=ReportMeta(language=lang))


def exit_with(pid: int, poll: float = 1.0) -> threading.Thread:
    """End this process when process `pid` ends. A pool's worker waits on a queue that the
    writer and the workers all hold open, so a writer that is killed (SIGKILL, the
    out-of-memory killer) leaves its workers waiting for ever; a daemon thread watches the
    writer and ends the worker when it is gone. Linux's pidfd wakes it the moment the writer
    ends; elsewhere it looks every `poll` seconds."""

    def watch() -> None:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError):  # not Linux 5.3+: look now and then
            while _alive(pid):
                time.sleep(poll)
        else:
            select.select([fd], [], [])  # readable once the process has ended
        os._exit(1)

    thread = threading.Thread(target=watch, name=f"exit-with-{pid}", daemon=True)
    thread.start()
    return thread


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or its number is another user's now
        return False
    return True


def extract_one(
    path: str | Path, meta: ReportMeta | None = None, *, keep_text: bool = True
) -> Extracted:
    """Read, prepare and extract one file; any failure becomes the result's `error`.

    A worker sends its result back to the writer (`extract_packed`): with
    ``keep_text=False`` the report's full text (which the writer does not need — paragraphs
    carry their own) is left out, halving what crosses the process boundary."""
    from dataclasses import replace

    from unkg.extract.pipeline import extract_prepared, prepare_file

    try:
        report = extract_prepared(prepare_file(path, meta))
        return Extracted(str(path), report if keep_text else replace(report, text=""))
    except Exception as exc:  # any failure is this file's, never the build's
        return Extracted(str(path), error=failure_reason(exc))


# Files per Dask task: each task costs the scheduler about a millisecond, a few files share it.
DASK_TASK_FILES = 4

Packed = tuple[str, bytes | None, str | None]  # (path, packed report, error): what crosses


def extract_packed(
    paths: list[str], meta: ReportMeta | None = None, reference_dirs: tuple[Path, ...] = ()
) -> list[Packed]:
    """`extract_one` in a worker for a few files, each report (without the full text) packed
    for the writer; the reference data is the shipped data and the writer's `reference_dirs`
    (sent with every task: a Dask worker may serve several writers)."""
    use_reference_dirs(reference_dirs)
    out = []
    for path in paths:
        item = extract_one(path, meta, keep_text=False)
        packed = None if item.report is None else msgspec.msgpack.encode(item.report)
        out.append((item.path, packed, item.error))
    return out


def unpack(result: Packed) -> Extracted:
    path, packed, error = result
    report = None if packed is None else msgspec.msgpack.decode(packed, type=Report)
    return Extracted(path, report, error)


def _context() -> multiprocessing.context.BaseContext:
    # Not fork: the parent may hold an open RocksDB store and threads.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # The fork server loads spaCy, the pipelines and the reference data once; every worker
    # (of this and later pools) is forked from it ready to extract (see unkg.preload).
    ctx.set_forkserver_preload(["__main__", "unkg.preload"])
    return ctx


def _jobs(
    paths: list[Path], size: int, skip: Callable[[Path], bool] | None
) -> Iterator[tuple[list[str], bool]]:
    """Consecutive files in tasks of at most `size`, and each skipped file on its own
    (flagged True). Larger tasks cost a cluster's scheduler less per file."""
    group: list[str] = []
    for path in paths:
        if skip and skip(path):
            if group:
                yield group, False
                group = []
            yield [str(path)], True
            continue
        group.append(str(path))
        if len(group) == size:
            yield group, False
            group = []
    if group:
        yield group, False


def _in_order(
    jobs: Iterator[tuple[list[str], bool]],
    submit: Callable[[list[str]], Any],
    window: int,
    cancel: Callable[[list[Any]], None] | None = None,
) -> Iterator[Extracted]:
    """Submit up to `window` tasks ahead and yield their files' results in input order;
    when the caller stops early, `cancel` gets the tasks still pending."""
    pending: deque[tuple[list[str], Any]] = deque()

    def fill() -> None:
        while len(pending) < window:
            job = next(jobs, None)
            if job is None:
                return
            paths, skipped = job
            pending.append((paths, None if skipped else submit(paths)))

    try:
        fill()
        while pending:
            paths, future = pending.popleft()
            fill()
            if future is None:
                yield Extracted(paths[0])
            else:
                yield from map(unpack, future.result())
    finally:
        if cancel and pending:
            cancel([f for _, f in pending if f is not None])


def _dask_client(scheduler: Any):
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the extra
        raise RuntimeError("--scheduler needs Dask distributed: pip install 'unkg[dask]'") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    return Client(scheduler), True


def _dask_warm_up(client, reference_dirs: tuple[Path, ...]) -> None:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        name = "unkg-warm-up"

        def setup(self, worker) -> None:
            warm_up(reference_dirs)

    client.register_plugin(WarmUp())


def extract_many(
    paths: Iterable[str | Path],
    meta: ReportMeta | None = None,
    *,
    workers: int = 1,
    scheduler: Any = None,
    skip: Callable[[Path], bool] | None = None,
) -> Iterator[Extracted]:
    """Extract every file of `paths`, yielding one `Extracted` per file in input order.

    `workers` > 1 runs N local processes; `scheduler` (a Dask scheduler address such as
    ``tcp://host:8786``, or a `distributed.Client`) runs the work on a Dask cluster instead.
    `skip(path)` true means: don't extract, yield an empty `Extracted` (the writer checks
    it itself). Closing the generator early cancels the work still queued.
    """
    paths = [Path(p) for p in paths]
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if scheduler is not None:
        client, own = _dask_client(scheduler)
        dirs = user_reference_dirs()  # sent with every task, by path
        try:
            _dask_warm_up(client, dirs)
            info = client.scheduler_info()["workers"].values()
            n = max(1, sum(w.get("nthreads", 1) for w in info))
            yield from _in_order(
                _jobs(paths, DASK_TASK_FILES, skip),
                lambda job: client.submit(extract_packed, job, meta, dirs, pure=False),
                4 * n,
                client.cancel,
            )
        finally:
            if own:
                client.close()
        return
    if workers == 1 or len(paths) <= 1:
        for path in paths:
            yield Extracted(str(path)) if skip and skip(path) else extract_one(path, meta)
        return
    yield from _local(paths, meta, min(workers, len(paths)), skip)


WORKER_DIED = "the worker process extracting it died (a crash in a library, or out of memory)"


def _local(
    paths: list[Path], meta: ReportMeta | None, workers: int, skip: Callable[[Path], bool] | None
) -> Iterator[Extracted]:
    """`extract_many` in a local process pool. A worker that dies (a crash in a C library,
    the kernel's out-of-memory killer) breaks the pool: the first file without a result is
    then extracted alone in a fresh one-process pool and fails if it kills that one too, and
    the files after it go on in a new pool. One file never takes the build down."""
    rest = paths
    while rest:
        done = 0
        try:
            for item in _pool(rest, meta, workers, skip):
                yield item
                done += 1
            return
        except BrokenProcessPool:
            rest = rest[done:]
        try:
            yield from _pool(rest[:1], meta, 1, skip)
        except BrokenProcessPool:
            yield Extracted(str(rest[0]), error=WORKER_DIED)
        rest = rest[1:]


def _pool(
    paths: list[Path], meta: ReportMeta | None, workers: int, skip: Callable[[Path], bool] | None
) -> Iterator[Extracted]:
    dirs = user_reference_dirs()  # the workers are told this process's reference folders
    with ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=warm_up, initargs=(dirs, os.getpid())
    ) as pool:
        try:
            yield from _in_order(
                _jobs(paths, 1, skip),
                lambda job: _submit(pool, job, meta, dirs),
                4 * workers,
            )
        except (BrokenProcessPool, GeneratorExit):
            # A broken pool; or the writer stopped (interrupted, or failed) and wants no
            # more results: the files being extracted are not waited for.
            _kill_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, job: list[str], meta: ReportMeta | None, dirs: tuple[Path, ...]
) -> Any:
    """`pool.submit`, where a worker that cannot start breaks the pool like one that died.

    The pool starts its workers as tasks arrive: when one dies while `submit` starts
    another, the pool may already have closed the queue the new one would read, and
    starting it raises OSError ("handle is closed") instead of BrokenProcessPool."""
    try:
        return pool.submit(extract_packed, job, meta, dirs)
    except OSError as exc:
        raise BrokenProcessPool(f"a worker process could not start: {exc}") from exc


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill what is left of a broken pool's workers, so that shutting it down cannot wait
    forever. A worker started while another one died escapes the pool's own clean-up (it
    ends the workers it knew of, then waits for all of them): it would wait for work, and
    the pool for it, for ever. Python 3.14 names this `kill_workers`; before, the pool keeps
    its processes in `_processes`."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.exitcode is None:
            process.kill()
