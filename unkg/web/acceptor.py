"""Accepting connections on the socket that every serving process shares, in turns.

uvloop's server accepts every connection waiting on the socket at once, so clients that
connect together all land on the serving process that woke first: with 8 clients, one
process held all 8 connections and the other none, and the server ran on one core. Here each
process accepts one connection per wake-up, and one that holds more than its share of the
open connections (`OpenConnections`, counted over all the processes) first leaves a waiting
connection to the others for `DEFER_S`, then takes it itself if it is still there: a
connection waits at most that long when the others are busy, retiring or gone.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

from unkg.web.protocol import OpenConnections

log = logging.getLogger("unkg.web")

DEFER_S = 0.001  # how long a process over its share leaves a connection to the others
PAUSE_S = 0.1  # after a failed accept (out of file descriptors): let connections end first


class Acceptor:
    """Accepts connections on `sock` for this process (`start`), in turns with the others."""

    def __init__(
        self,
        sock: socket.socket,
        protocol: Callable[[], asyncio.Protocol],
        connections: OpenConnections,
        processes: int,
    ):
        self.sock = sock
        self.protocol = protocol
        self.connections = connections
        self.processes = max(1, processes)
        self.pending = 0  # accepted, not yet counted by their protocol (`connection_made`)
        self.deferred = False  # the waiting connection was left to the others once
        self.later: asyncio.TimerHandle | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.sock.setblocking(False)
        self.loop.add_reader(self.sock.fileno(), self._ready)

    def close(self) -> None:
        """Accept no more (a retiring or stopping process)."""
        if self.later is not None:
            self.later.cancel()
            self.later = None
        if self.loop is not None:
            self.loop.remove_reader(self.sock.fileno())
            self.loop = None

    def _ready(self) -> None:
        if not self.deferred and self._over_share():
            self.deferred = True
            self._pause(DEFER_S)
            return
        self.deferred = False
        try:
            conn, _ = self.sock.accept()
        except (BlockingIOError, InterruptedError):
            return  # another process took it
        except OSError as exc:
            log.warning("could not accept a connection (%s); pausing %g s", exc, PAUSE_S)
            self._pause(PAUSE_S)
            return
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending += 1
        asyncio.get_running_loop().create_task(self._connect(conn))

    async def _connect(self, conn: socket.socket) -> None:
        try:
            await asyncio.get_running_loop().connect_accepted_socket(self.protocol, conn)
        except OSError:
            conn.close()  # the client reset it already
        finally:
            self.pending -= 1

    def _over_share(self) -> bool:
        counts = self.connections
        mine = counts.counts[counts.slot] + self.pending
        return mine * self.processes > counts.total() + self.pending

    def _pause(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        loop.remove_reader(self.sock.fileno())
        self.later = loop.call_later(seconds, self._resume)

    def _resume(self) -> None:
        self.later = None
        if self.loop is not None:
            self.loop.add_reader(self.sock.fileno(), self._ready)
