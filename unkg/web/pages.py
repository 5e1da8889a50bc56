"""Results that are slow to compute from the store (the graph view, /health's counts): each is
computed once per store version, on a thread of its own, and waited for with a time limit.

Without this, a few `/graph` requests on a large store (26–58 s each on 86k quads) filled the
shared thread pool and `/health` went unanswered for minutes. Now concurrent requests for the
same page share one computation; one that outlasts the time limit gets a 503 while the
computation goes on and fills the cache for the next try; and the health counts have their own
thread, so they never wait behind a page.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


class Cache(Generic[T]):
    """At most `size` results by key (the key holds the store version), computed one at a time
    on this cache's own thread. Exceptions of the `keep` types are results too (a 404 stays a
    404 until the store changes); any other is dropped so the next request tries again."""

    def __init__(self, name: str, size: int = 16, keep: tuple[type[BaseException], ...] = ()):
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"unkg-{name}")
        self.size = size
        self.keep = keep
        self.futures: OrderedDict[Hashable, Future[T]] = OrderedDict()
        self.lock = threading.Lock()

    def _future(self, key: Hashable, compute: Callable[[], T]) -> Future[T]:
        with self.lock:
            future = self.futures.get(key)
            if future is None or _failed_anew(future, self.keep):
                future = self.pool.submit(compute)
                self.futures[key] = future
                while len(self.futures) > self.size:
                    self.futures.popitem(last=False)
            self.futures.move_to_end(key)
            return future

    def start(self, key: Hashable, compute: Callable[[], T]) -> Future[T]:
        """Start computing the result for `key` (unless it is cached or under way), without
        waiting for it."""
        return self._future(key, compute)

    async def get(self, key: Hashable, compute: Callable[[], T], timeout: float) -> T:
        """The result for `key`, computing it if needed; `TimeoutError` after `timeout` s (the
        computation goes on)."""
        future = asyncio.wrap_future(self._future(key, compute))
        return await asyncio.wait_for(asyncio.shield(future), timeout)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _failed_anew(future: Future[T], keep: tuple[type[BaseException], ...]) -> bool:
    """True if the future ended in an exception that is not to be kept."""
    if not future.done() or future.cancelled():
        return future.cancelled()
    exc = future.exception()
    return exc is not None and not isinstance(exc, keep)
