"""Serving processes take connections in turns (`unkg.web.acceptor`): one that holds more than
its share of the open connections leaves a waiting connection to the others once, and takes it
itself if nobody else does."""

from __future__ import annotations

import asyncio
import socket

from unkg.web import acceptor
from unkg.web.acceptor import Acceptor
from unkg.web.protocol import OpenConnections


class _Made(asyncio.Protocol):
    """Notes each connection it is made for in `into`."""

    def __init__(self, into: list[asyncio.BaseTransport]):
        self.into = into

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        self.into.append(transport)


def _scenario(holding: tuple[int, int], turns: list[int]) -> list[int]:
    """One client connects; two processes' acceptors over one count of open connections
    (`holding`: each one's), wake in the order of `turns` (0: the first, 1: the second): the
    connections each has taken after each wake-up."""
    first, second = OpenConnections(4), OpenConnections(4)
    second.counts, second.slot = first.counts, 1
    first.counts[0], first.counts[1] = holding
    made: list[list[asyncio.BaseTransport]] = [[], []]

    async def run() -> list[int]:
        listener = socket.create_server(("127.0.0.1", 0))
        listener.setblocking(False)
        acceptors = [
            Acceptor(listener, lambda i=i: _Made(made[i]), counts, 2)
            for i, counts in enumerate((first, second))
        ]
        client = socket.create_connection(listener.getsockname())
        seen = []
        try:
            for turn in turns:  # woken by hand: neither listens to the socket by itself
                acceptors[turn]._ready()
                await asyncio.sleep(0.05)  # the accepted connection reaches its protocol
                seen.append(len(made[turn]))
        finally:
            for acceptor in acceptors:
                acceptor.close()
            for transport in made[0] + made[1]:
                transport.close()
            client.close()
            listener.close()
        return seen

    return asyncio.run(run())


def test_a_process_over_its_share_leaves_the_connection_to_the_others(monkeypatch):
    monkeypatch.setattr(acceptor, "DEFER_S", 60.0)  # it stays away for the whole test
    # the first holds both open connections: it waits, and the second takes the new one
    assert _scenario((2, 0), [0, 1]) == [0, 1]


def test_a_process_over_its_share_takes_the_connection_if_nobody_else_does(monkeypatch):
    monkeypatch.setattr(acceptor, "DEFER_S", 60.0)
    assert _scenario((2, 0), [0, 0]) == [0, 1]


def test_a_process_within_its_share_takes_the_connection_at_once():
    assert _scenario((0, 0), [0]) == [1]
    assert _scenario((3, 3), [0]) == [1]
    assert _scenario((2, 3), [0]) == [1]
