"""RocksDB's background threads, which flush and compact what a build writes into the store:
given the lowest CPU priority while the build runs, and waited for when it ends.

Seen through /proc/self/task (Linux: one folder per thread of this process, whose ``stat``
gives its name, state and CPU time: `threads`); elsewhere both steps do nothing and the store
compacts as RocksDB decides.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

TASKS = Path("/proc/self/task")
BACKGROUND = 19  # the nice value of RocksDB's threads during a build: the lowest priority
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_BUSY = frozenset("RD")  # running (or ready to), or waiting on the disk


class Thread(NamedTuple):
    """One thread of this process, as /proc/self/task/TID/stat tells it (proc(5))."""

    tid: int
    name: str  # comm: RocksDB names its threads rocksdb:low, rocksdb:high …
    state: str  # R running, S sleeping, D waiting on the disk …
    cpu: float  # seconds: utime + stime

    @property
    def of_store(self) -> bool:
        return self.name.startswith("rocksdb")


def threads() -> Iterator[Thread]:
    """The threads of this process (none where there is no /proc/self/task)."""
    try:
        tasks = list(TASKS.iterdir())
    except OSError:
        return
    for task in tasks:
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 1 :]
        state, *rest = fields.split()  # from field 3 on; utime and stime are fields 14 and 15
        yield Thread(int(task.name), name, state, (int(rest[10]) + int(rest[11])) / _TICK)


def background_store_threads(done: set[int]) -> None:
    """Give RocksDB's background threads (flushes and compaction) the lowest CPU priority, so
    the build's own threads take the cores first and the store compacts in the time left.

    Each bulk write lands in level 0 of every index; at normal priority RocksDB merges it into
    the level below as soon as two are waiting, rewriting that level (all of an index, up to
    512 MB) every other batch, on the cores the build needs. At the lowest priority it runs
    when a core is idle and merges many batches at once: on 1,000 synthetic reports its CPU
    fell by half (53 to 20, 47 to 22 ms per report, counting what it did after the build;
    docs/scaling.md).
    RocksDB bounds the delay: a transactional write (the commit markers, a replaced report)
    waits while level 0 holds too many files; and the build waits for the rest at its end
    (`settle`).
    The threads are RocksDB's, shared by every store of the process, and keep the priority (an
    unprivileged process cannot raise it again); they still take any idle core. `done` collects
    the threads already looked at."""
    for thread in threads():
        if thread.tid in done:
            continue
        try:
            if thread.of_store:
                os.setpriority(os.PRIO_PROCESS, thread.tid, BACKGROUND)
        except OSError:  # the thread ended meanwhile
            continue
        done.add(thread.tid)


def store_activity() -> tuple[float, bool]:
    """(CPU seconds RocksDB's threads have used so far, whether one of them is at work now)."""
    store = [thread for thread in threads() if thread.of_store]
    return sum(thread.cpu for thread in store), any(thread.state in _BUSY for thread in store)


def settle(quiet: float = 0.1, most: float = 900.0, tick: float = 0.02) -> tuple[float, float]:
    """Wait until RocksDB's threads have been idle for `quiet` seconds, or `most` have passed:
    (the CPU seconds they used meanwhile, the seconds until their last work).

    Why a build waits: with its threads at the lowest priority, the store defers compaction
    while the build runs, and a build that returned at once would leave that work behind,
    uncounted and in the way: the endpoint opens the store read-only, and read-only RocksDB
    never compacts, so what a build left in level 0 would slow every query until the next
    write. Waiting makes a build of any size pay for what it wrote, and hands the next
    reader a compacted store. Interrupting the wait is safe: the build's reports are
    committed before it."""
    clock = time.perf_counter
    start = last_work = clock()
    first = last = store_activity()[0]
    while clock() - last_work < quiet and clock() - start < most:
        time.sleep(tick)
        used, busy = store_activity()
        if busy or used > last:
            last, last_work = used, clock()
    return last - first, last_work - start
