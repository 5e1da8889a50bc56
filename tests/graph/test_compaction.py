"""RocksDB's background threads: the lowest priority during a build, and waited for at its end.

The waiting is checked on a /proc/self/task of our own making (threads whose work we script),
and on a real build."""

import os
import threading
import time
from pathlib import Path

import pytest
from support import ROOT

import unkg
from unkg.api import config_hash, extract_file
from unkg.graph import compaction

EXAMPLES = ROOT / "examples" / "reports"
LINUX = Path("/proc/self/task").is_dir()


class Tasks:
    """A /proc/self/task with one thread per name, whose state and CPU ticks a test sets."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def set(self, tid: int, name: str, state: str, ticks: int) -> None:
        folder = self.root / str(tid)
        folder.mkdir(parents=True, exist_ok=True)
        # proc(5): pid (comm) state ppid … utime stime: utime and stime are fields 14 and 15
        fields = [state, "1", *["0"] * 9, str(ticks), "0", *["0"] * 10]
        (folder / "stat.new").write_text(f"{tid} ({name}) {' '.join(fields)}\n")
        (folder / "stat.new").replace(folder / "stat")  # whole, as the kernel's files read


@pytest.fixture
def tasks(tmp_path, monkeypatch) -> Tasks:
    monkeypatch.setattr(compaction, "TASKS", tmp_path / "task")
    (tmp_path / "task").mkdir()
    return Tasks(tmp_path / "task")


def test_store_activity_counts_rocksdb_threads_only(tasks):
    tick = os.sysconf("SC_CLK_TCK")
    tasks.set(1, "python", "R", 5 * tick)  # the build itself: neither counted nor busy
    tasks.set(2, "rocksdb:low", "S", 2 * tick)
    tasks.set(3, "rocksdb:high", "S", tick)
    assert compaction.store_activity() == (3.0, False)
    tasks.set(3, "rocksdb:high", "D", tick)  # writing to disk
    assert compaction.store_activity() == (3.0, True)


def test_settle_waits_until_the_threads_are_idle(tasks):
    tasks.set(2, "rocksdb:low", "R", 0)

    def compact() -> None:  # 0.5 s of work, a tick every 20 ms, then asleep
        for ticks in range(1, 26):
            time.sleep(0.02)
            tasks.set(2, "rocksdb:low", "R", ticks)
        tasks.set(2, "rocksdb:low", "S", 25)

    worker = threading.Thread(target=compact)
    start = time.perf_counter()
    worker.start()
    used, until = compaction.settle(quiet=0.2)
    waited = time.perf_counter() - start
    worker.join()
    assert used == pytest.approx(25 / os.sysconf("SC_CLK_TCK"))
    assert 0.45 <= until <= waited
    assert waited >= until + 0.2  # then idle for `quiet` seconds


def test_settle_returns_at_once_when_nothing_is_left(tasks):
    tasks.set(2, "rocksdb:low", "S", 40)
    assert compaction.settle(quiet=0.1) == (0.0, 0.0)


def test_settle_is_bounded(tasks):
    tasks.set(2, "rocksdb:low", "R", 40)  # a compaction that never ends
    start = time.perf_counter()
    assert compaction.settle(quiet=0.1, most=0.5)[1] >= 0.4
    assert time.perf_counter() - start < 5


def test_settle_without_proc_does_not_wait(tmp_path, monkeypatch):
    monkeypatch.setattr(compaction, "TASKS", tmp_path / "none")  # not Linux
    assert compaction.settle() == (0.0, 0.0)


def test_a_build_returns_once_the_store_has_compacted(tmp_path, monkeypatch):
    """The build's last step is the wait, after every write (the commit, the contradictions)."""
    from unkg.graph import store as store_module

    store = unkg.open_store(tmp_path / "s")
    seen: list[int] = []

    def settle(*args, **kwargs):
        seen.append(len(store))
        return compaction.settle(*args, **kwargs)

    monkeypatch.setattr(store_module, "settle", settle)
    unkg.api.build([EXAMPLES], store=store)
    assert seen == [len(store)] and seen[0] > 0
    assert unkg.open_store(tmp_path / "s", read_only=True).settle() == 0.0  # a reader never waits


@pytest.mark.skipif(not LINUX, reason="thread priorities are set through Linux's /proc")
def test_the_store_compacts_at_the_lowest_priority_during_a_build(tmp_path):
    """RocksDB's background threads yield the cores to the build (docs/scaling.md)."""
    store = unkg.open_store(tmp_path / "s")
    with store.loader(config_hash(), batch=1000) as loader:
        for path in sorted(EXAMPLES.glob("*.txt")):
            loader.add(extract_file(path))
    rocksdb = [thread.tid for thread in compaction.threads() if thread.of_store]
    niced = [tid for tid in rocksdb if tid in loader._seen_threads]
    assert niced
    assert all(os.getpriority(os.PRIO_PROCESS, tid) == compaction.BACKGROUND for tid in niced)
