"""uvicorn's HTTP protocol with the limits a slow or hostile client needs.

uvicorn closes a kept-alive connection that stays idle after a response (`timeout_keep_alive`),
but not one that never completes its request headers: 5,000 half-open connections stayed open
for over a minute, and about 20,000 used up the file descriptors. This protocol closes a
connection whose request headers have not all arrived `header_timeout_s` after it opened or
after the request began, and answers `503` and closes any connection past `max_connections`
(counted over all the serving processes, `OpenConnections`, when several accept on one
socket). The body's own time limit is the app's (`app._body`). With `fast`, a GET /sparql
query is answered by `unkg.web.fastpath.FastSparql.serve` without the ASGI app.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
from typing import TYPE_CHECKING, Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

if TYPE_CHECKING:
    from unkg.web.fastpath import FastSparql

log = logging.getLogger("unkg.web")

_TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 45\r\nretry-after: 1\r\nconnection: close\r\n\r\n"
    b"this server has too many open connections now\n"
)


class OpenConnections:
    """The open connections of every process that accepts on one socket, in memory they
    share: one slot per process, written only by it, so the supervisor can clear the count
    of a process that died (`slot` is this process's, set after the fork)."""

    def __init__(self, slots: int):
        self.counts = multiprocessing.RawArray("q", slots)
        self.slot = 0

    def total(self) -> int:
        return sum(self.counts)

    def add(self, n: int) -> None:
        self.counts[self.slot] += n


class GuardedHttp(HttpToolsProtocol):
    """A connection with a deadline for each request's headers, within a connection cap."""

    header_timeout_s = 10.0
    max_connections = 1000
    shared: OpenConnections | None = None  # the count over all serving processes
    fast: FastSparql | None = None  # answers GET /sparql queries without the ASGI app

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._header_timer: asyncio.TimerHandle | None = None
        self._counted = False
        shared = self.shared
        if (len(self.connections) if shared is None else shared.total()) >= self.max_connections:
            self.transport = transport  # connection_lost closes it
            transport.write(_TOO_MANY)
            transport.close()
            return
        if shared is not None:
            shared.add(1)
            self._counted = True
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        # `app` is another one when uvicorn refuses the request (its concurrency limit)
        if self.fast is None or app is not self.app or not self.fast.serve(self, cycle):
            super()._start_asgi_task(cycle, app)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._counted and self.shared is not None:
            self._counted = False
            self.shared.add(-1)
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._header_timer = self.loop.call_later(self.header_timeout_s, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            log.debug("closed a connection: no complete request within %g s", self.header_timeout_s)
            self.transport.close()


def guarded(
    header_timeout_s: float,
    max_connections: int,
    shared: OpenConnections | None = None,
    fast: FastSparql | None = None,
) -> type[GuardedHttp]:
    """The protocol class with these limits; the connection cap is kept below half the file
    descriptors this process may open (raised to the hard limit first), so that the store and
    the workers' pipes always have theirs. With `shared`, the cap counts the connections of
    every process that shares it; with `fast`, GET /sparql queries skip the ASGI app."""
    fds = _raise_open_files()
    attrs: dict[str, Any] = {
        "header_timeout_s": header_timeout_s,
        "max_connections": max(1, min(max_connections, fds // 2)),
        "shared": shared,
        "fast": fast,
    }
    return type("GuardedHttp", (GuardedHttp,), attrs)


def _raise_open_files() -> int:
    """Raise the soft limit of open files to the hard one; the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 20
