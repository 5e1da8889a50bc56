"""A query worker process: opens the store read-only (or copies it into memory), gives up the
network and bounds its memory, then answers jobs (`unkg.web.jobs`) until its socket closes.

pyoxigraph has no way to cancel a running query, so every query runs in such a process,
which the web app kills and replaces when it overruns the time limit or its client went away
(`unkg.web.pool`). A worker that is not allowed federation cannot open Internet sockets
(`sandbox`); every query that may hold SERVICE is also checked on a real parse (`guard`).

This module imports only the standard library, pyoxigraph and small modules of `unkg.web`
and `unkg.graph` (no web framework, no spaCy), so a new worker starts quickly.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from unkg.web import sandbox, wire
from unkg.web.jobs import MEMORY_MESSAGE, UpdateJob, apply_update, error, execute

READY = "ready"  # what a worker sends once its store is open

# Parsing and planning recurse once per nesting level (and once per operand of a long chain
# such as 1+1+…+1): with the usual 8 MB main-thread stack a query of ~2,500 nested groups, or
# 20,000 chained FILTERs, overflowed it and the worker died (a 500). Inside the 100 kB query
# limit, 512 MB of stack (address space, touched only as used) is enough for any of them.
STACK_BYTES = 512 * 2**20


def main(
    sock: socket.socket,
    path: str,
    memory: bool,
    network: bool,
    memory_limit: int,
    prefixes: dict[str, str] | None,
) -> None:
    """A worker process: give up the network (unless allowed), then answer jobs on a thread
    with a deep stack until the socket closes."""
    os.environ["RUST_BACKTRACE"] = "0"  # a worker past its memory limit says so in one line
    isolation = "allowed" if network else sandbox.deny_network()
    threading.stack_size(STACK_BYTES)
    thread = threading.Thread(
        target=_serve,
        args=(sock, path, memory, isolation, memory_limit, prefixes),
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
    return copy_to_memory(on_disk)


def copy_to_memory(on_disk: ox.Store) -> ox.Store:
    """A copy of the store in memory, made through an N-Quads file: writing and loading a file
    both run without the GIL, while copying quad by quad (`bulk_extend` over an iterator)
    held it for the whole copy (32 s on 788k quads under load), and a process that serves
    HTTP while it copies (`unkg.web.inprocess`) answered nothing meanwhile. The file way also
    took 8.7 s instead. Blank nodes get new labels in the copy (labels are scoped to one
    result anyway)."""
    copy = ox.Store()
    with tempfile.TemporaryDirectory(prefix="unkg-copy-") as folder:
        path = Path(folder) / "store.nq"
        on_disk.dump(path, format=ox.RdfFormat.N_QUADS)
        copy.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
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


@lru_cache(maxsize=1024)  # asked for every request: clients send the same texts again
def stops_early(query: str) -> bool:
    """Whether the query likely ends after its first rows (then the on-disk store is faster)."""
    return _LIMITED.search(query) is not None and _READS_ALL.search(query) is None


class Faster:
    """For queries that stop early (`stops_early`), which of the worker's two stores answers
    each query text faster, measured.

    The on-disk store usually wins for them, but not always: a store whose last writes are
    still in RocksDB's log (not yet compacted) answers lookups from that log 5× slower than the
    copy in memory (the two sample reports: 0.5 vs 0.1 ms for a LIMIT 10). So such a text is
    run `TRIES` times on each store, in turn, and from then on on the one with the shortest
    time (the least disturbed run: the first on disk may read cold files). Other queries
    always read the copy: trying them on disk could cost 20× and their time limit."""

    TRIES = 3  # runs on each store before choosing
    KEPT = 1024  # query texts remembered; the table starts again when full

    def __init__(self) -> None:
        # query -> [best seconds on disk, in memory, runs on disk, in memory]
        self.times: dict[str, list[float]] = {}

    def use_disk(self, query: str) -> bool:
        if not stops_early(query):
            return False
        seen = self.times.get(query)
        if seen is None:
            return True
        disk, memory, on_disk, in_memory = seen
        if on_disk < self.TRIES or in_memory < self.TRIES:
            return on_disk <= in_memory
        return disk <= memory

    def record(self, query: str, disk: bool, seconds: float) -> None:
        seen = self.times.get(query)
        if seen is None:
            if len(self.times) >= self.KEPT:
                self.times.clear()
            seen = self.times[query] = [float("inf"), float("inf"), 0, 0]
        side = 0 if disk else 1
        seen[side] = min(seen[side], seconds)
        seen[side + 2] += 1


def _serve(
    sock: socket.socket,
    path: str,
    memory: bool,
    isolation: str,
    memory_limit: int,
    prefixes: dict[str, str] | None,
) -> None:
    """Open the store, cap memory from there on, say so (with how the network is denied), and
    answer jobs until the socket closes. A worker with the store in memory keeps the on-disk
    store open too, for the queries that stop early (`Faster`)."""
    try:
        disk, opened = ox.Store.read_only(path), path
        copy = copy_to_memory(disk) if memory else None
        sandbox.limit_memory(memory_limit)
        wire.send(sock, (READY, isolation))
    except OSError:
        return
    faster = Faster()
    while True:
        try:
            job = wire.receive(sock)
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if isinstance(job, UpdateJob):
                outcome = apply_update(job, prefixes)
            else:
                if job.store_path != opened:  # a newer snapshot (on disk only: ProcessRunner)
                    disk = copy = None
                    disk, opened = ox.Store.read_only(job.store_path), job.store_path
                if copy is None:
                    outcome = execute(disk, job, prefixes)
                else:
                    use_disk = faster.use_disk(job.query)
                    start = time.perf_counter()
                    outcome = execute(disk if use_disk else copy, job, prefixes)
                    faster.record(job.query, use_disk, time.perf_counter() - start)
        except MemoryError:
            outcome = error(503, MEMORY_MESSAGE.format(mb=memory_limit // 2**20))
        except Exception as exc:
            outcome = error(500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            wire.send(sock, outcome)
        except OSError:
            return
