"""Framing between the web app and its query workers: one pickled object per frame, after
its length (8 bytes, big-endian), over a socket pair.

The worker reads and writes blocking (`send`, `receive`); the web app reads on its event loop
(`Channel`, an asyncio protocol), so a job is handed over and its answer picked up without a
thread hop: that hop, and `multiprocessing.Connection.poll` on a thread, were a good part of
the ~1 ms a small query spent outside the engine.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct
from typing import Any

_HEADER = struct.Struct("!Q")
_SMALL = 1 << 16  # below this, header and payload go out in one write (one copy is cheaper)


def frame(obj: Any) -> bytes:
    """The frame of `obj` (header and payload), for small objects such as jobs."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def send(sock: socket.socket, obj: Any) -> None:
    """Write one frame (blocking)."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) < _SMALL:
        sock.sendall(_HEADER.pack(len(data)) + data)
    else:  # a large answer: no copy of it just to put 8 bytes in front
        sock.sendall(_HEADER.pack(len(data)))
        sock.sendall(data)


def receive(sock: socket.socket) -> Any:
    """Read one frame (blocking); EOFError once the other side has closed."""
    (size,) = _HEADER.unpack(_exactly(sock, _HEADER.size))
    return pickle.loads(_exactly(sock, size))


def _exactly(sock: socket.socket, size: int) -> bytearray:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            raise EOFError("the other side closed the connection")
        got += n
    return buf


class Closed(Exception):
    """The other side closed the channel (the worker process ended)."""


class Channel:
    """The web app's end of a worker's socket, read on the event loop: one request at a
    time, its answer a future."""

    def __init__(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        self.sock = sock
        self.loop = asyncio.get_running_loop()
        self.buffer = bytearray()
        self.need = 0  # bytes of the frame in `buffer`, once its header is in
        self.waiter: asyncio.Future[Any] | None = None
        self.closed = False
        self.sending: asyncio.Task[None] | None = None  # the rest of a large job, if any
        self.loop.add_reader(sock.fileno(), self._readable)

    def expect(self) -> asyncio.Future[Any]:
        """A future for the next frame from the worker."""
        self.waiter = self.loop.create_future()
        if self.closed:
            self.waiter.set_exception(Closed())
        return self.waiter

    def request(self, obj: Any) -> asyncio.Future[Any]:
        """Send `obj` and return a future for the answer."""
        waiter = self.expect()
        data = frame(obj)
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._lost()
            return waiter
        if sent < len(data):  # the socket buffer is full: the rest when it drains
            self.sending = self.loop.create_task(self.loop.sock_sendall(self.sock, data[sent:]))
        return waiter

    def _readable(self) -> None:
        try:
            data = self.sock.recv(1 << 18)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            self._received(data)
        else:
            self._lost()

    def _received(self, data: bytes) -> None:
        if self.buffer:  # the rest of a frame that comes in pieces: join once it is whole
            self.buffer += data
            if len(self.buffer) < self.need:
                return
            data, self.buffer = bytes(self.buffer), bytearray()
        view, pos = memoryview(data), 0
        while len(data) - pos >= _HEADER.size:
            (size,) = _HEADER.unpack_from(data, pos)
            end = pos + _HEADER.size + size
            if len(data) < end:
                break
            self._deliver(pickle.loads(view[pos + _HEADER.size : end]))
            pos = end
        if pos < len(data):
            self.buffer = bytearray(view[pos:])
            whole = len(self.buffer) >= _HEADER.size
            self.need = _HEADER.size + (_HEADER.unpack_from(self.buffer)[0] if whole else 0)

    def _deliver(self, obj: Any) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(obj)

    def _lost(self) -> None:
        """The worker closed its end (it ended): a pending request fails with `Closed`."""
        if not self.closed:
            self.closed = True
            if not self.loop.is_closed():
                self.loop.remove_reader(self.sock.fileno())
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(Closed())

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if not self.loop.is_closed():
                self.loop.remove_reader(self.sock.fileno())
        if self.sending is not None and not self.loop.is_closed():
            self.sending.cancel()
        self.sock.close()
