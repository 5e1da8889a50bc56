"""The one thread that writes to the store of a server with updates on.

Every write (SPARQL Update, Graph Store PUT/POST/DELETE) runs here, one at a time, so no lock
is needed around them. The thread has the query workers' deep stack (a parser that recurses
once per nesting level cannot overflow it) and cannot open Internet sockets (`sandbox`, for this
thread only): even an update that got past the parse check could not LOAD a URL. (Over a
remote SPARQL store it keeps the network: that server runs the update.)
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from unkg.web import sandbox
from unkg.web.worker import STACK_BYTES

T = TypeVar("T")


class Writer:
    """A single thread that runs submitted functions in order."""

    def __init__(self, offline: bool = True) -> None:
        """`offline`: the thread gives up Internet sockets (not for a store that is itself a
        remote SPARQL server, which the writes must reach)."""
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self.isolation = ""
        ready = threading.Event()
        previous = threading.stack_size(STACK_BYTES)
        try:
            self._thread = threading.Thread(
                target=self._run, args=(ready, offline), name="unkg-writer", daemon=True
            )
            self._thread.start()
        finally:
            threading.stack_size(previous)
        ready.wait()

    def _run(self, ready: threading.Event, offline: bool) -> None:
        self.isolation = sandbox.deny_network(whole_process=False) if offline else "allowed"
        ready.set()
        while (item := self._jobs.get()) is not None:
            fn, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to the waiting request
                future.set_exception(exc)

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        return future

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(10)
