"""The access log: one line per request, with its time and what the route noted."""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import MutableHeaders

log = logging.getLogger("unkg.web")


class AccessLog:
    """One log line per request with its time; adds `X-Content-Type-Options: nosniff`.

    A plain ASGI middleware (not Starlette's BaseHTTPMiddleware, which hides client
    disconnects from `Request.is_disconnected`, which the query runner needs).
    """

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def send_wrapper(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            record(scope, status, start, scope.get("state", {}).get("note", ""))


def record(scope: dict, status: int, start: float, note: str) -> None:
    """The request's line: client, method, path, status, ms since `start`, what was noted."""
    client = scope.get("client")
    log.info(
        '%s "%s %s" %d %.1f ms %s',
        client[0] if client else "-",
        scope.get("method", ""),
        scope.get("path", ""),
        status,
        (time.perf_counter() - start) * 1000,
        note,
    )
