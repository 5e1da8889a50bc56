"""The short path for SPARQL queries: ``GET /sparql?query=…`` answered in front of FastAPI.

Small queries are most of what the query page and client libraries send, and Starlette's
middleware, FastAPI's routing and its request and response objects cost more CPU per request
than Oxigraph takes to answer one. This ASGI middleware answers a query sent by GET from a
client without an ``Origin`` header (so no CORS is involved) through the same
`Endpoint.answer` as the FastAPI route: the same limits, worker processes, time limit,
content negotiation, errors and access log line (it sits inside `AccessLog`). Every other
request (POST, updates, the service description, the pages, browsers' cross-origin calls)
goes on to the app.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import URL

from unkg.web.endpoint import Endpoint, note
from unkg.web.request import Problem, text_response

PATH = "/sparql"
_BASES_KEPT = 64  # endpoint URLs remembered per Host header (bounded: clients choose Host)


class FastSparql:
    """ASGI middleware: answers GET /sparql queries, passes everything else to `app`."""

    def __init__(self, app: Any, endpoint: Endpoint):
        self.app = app
        self.endpoint = endpoint
        self.bases: dict[tuple[Any, ...], str] = {}
        self.content_types: dict[str, bytes] = {}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        accept = host = None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value.decode("latin-1")
            elif name == b"host":
                host = value
            elif name == b"origin":  # a browser's cross-origin call: CORS answers it
                return await self.app(scope, receive, send)
        params: dict[str, list[str]] = {}
        for k, v in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
            params.setdefault(k, []).append(v)
        texts = params.get("query")
        if not texts or len(texts) > 1 or "update" in params:
            return await self.app(scope, receive, send)  # the route explains, or answers
        state = scope.setdefault("state", {})

        async def gone() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        try:
            outcome = await self.endpoint.answer(
                texts[0], params, accept, self._base(scope, host), gone
            )
        except Problem as exc:
            prior = state.get("note", "")
            state["note"] = f"error {exc.status}" + (f" ({prior})" if prior else "")
            return await text_response(exc.status, exc.message, exc.headers)(scope, receive, send)
        if outcome is None:  # we stopped it: its client went away
            state["note"] = "client went away"
            return await _respond(send, 499, b"", [])
        state["note"] = note(outcome)
        headers = [(b"content-type", self._content_type(outcome.media_type))]
        if outcome.status == 200:
            headers.append((b"vary", b"Accept"))
        await _respond(send, outcome.status, outcome.body, headers)

    def _base(self, scope: dict, host: bytes | None) -> str:
        """The endpoint's URL as Starlette's `url_for` gives it to the route (relative IRIs in
        a query resolve against it), remembered per scheme, Host header and address."""
        key = (scope.get("scheme"), host, scope.get("server"), scope.get("root_path"))
        base = self.bases.get(key)
        if base is None:
            if len(self.bases) >= _BASES_KEPT:
                self.bases.clear()
            root = dict(scope, path=scope.get("root_path", "") + "/", query_string=b"")
            base = self.bases[key] = str(URL(scope=root)).rstrip("/") + PATH
        return base

    def _content_type(self, media_type: str) -> bytes:
        """As Starlette's Response writes it: text types get their charset."""
        value = self.content_types.get(media_type)
        if value is None:
            full = media_type
            if full.startswith("text/") and "charset=" not in full.lower():
                full += "; charset=utf-8"
            value = self.content_types[media_type] = full.encode("latin-1")
        return value


async def _respond(send: Any, status: int, body: bytes, headers: list) -> None:
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
