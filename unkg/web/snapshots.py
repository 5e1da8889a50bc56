"""Read-only snapshots of a store that the server writes to, for its query workers."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pyoxigraph as ox


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
        with self.lock:
            self.count += 1
            path = str(Path(self.folder) / f"update-{self.count}")
        self.store.backup(path)
        return path

    @staticmethod
    def discard(path: str) -> None:
        shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
