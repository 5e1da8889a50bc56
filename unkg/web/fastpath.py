"""The short path for SPARQL queries: ``GET /sparql?query=…`` answered in front of FastAPI.

Small queries are most of what the query page and client libraries send, and Starlette's
middleware, FastAPI's routing and its request and response objects cost more CPU per request
than Oxigraph takes to answer one. A query sent by GET from a client without an ``Origin``
header (so no CORS is involved) is answered through the same `Endpoint.job` and
`Endpoint.run` as the FastAPI route: the same limits, runner, time limit, content negotiation,
errors and access log line. Every other request (POST, updates, the service description, the
pages, browsers' cross-origin calls) goes on to the app.

It has two faces. Under uvicorn (`unkg serve`) the HTTP protocol hands it the request before
any ASGI app runs (`serve`, called by `unkg.web.protocol.GuardedHttp`): the ASGI task, the
middleware stack and uvicorn's two writes per response (status and headers, then the body)
cost ~40 % of a small query's CPU on top of the engine. A request that the runner knows needs
no time limit (`Runner.now`) is answered right there, in one write; any other runs in a task
of its own. For an ASGI server of any other kind, `FastSparql` is also the app's middleware.
"""

from __future__ import annotations

import logging
import time
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

from starlette.datastructures import URL
from uvicorn.protocols.http.httptools_impl import (
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)

from unkg.web.accesslog import record
from unkg.web.endpoint import Endpoint, note
from unkg.web.jobs import Job, Outcome
from unkg.web.pool import Watch
from unkg.web.request import Problem, text_response

log = logging.getLogger("unkg.web")

PATH = "/sparql"
_BASES_KEPT = 64  # endpoint URLs remembered per Host header (bounded: clients choose Host)
_NOSNIFF = (b"x-content-type-options", b"nosniff")  # as `AccessLog` adds it
# uvicorn applies these (ProxyHeadersMiddleware) to the scope the app sees: the app answers
_PROXY_HEADERS = (b"x-forwarded-for", b"x-forwarded-proto")
_ERROR = (500, [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"21")])


class Wanted(NamedTuple):
    """A GET /sparql query this path answers."""

    text: str
    params: dict[str, list[str]]
    accept: str | None
    host: bytes | None


class Reply(NamedTuple):
    """A response: status, headers (Content-Length included), body, the access log's note."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    note: str


class FastSparql:
    """Answers GET /sparql queries; as ASGI middleware, passes everything else to `app`."""

    def __init__(self, app: Any, endpoint: Endpoint):
        self.app = app
        self.endpoint = endpoint
        self.bases: dict[tuple[Any, ...], str] = {}
        self.content_types: dict[str, bytes] = {}
        self.closing = False  # every response says `Connection: close` (a retiring process)

    # -- as ASGI middleware --------------------------------------------------------------------
    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        wanted = self.wanted(scope) if scope["type"] == "http" else None
        if wanted is None:
            return await self.app(scope, receive, send)

        async def gone() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        reply = self.start(scope, wanted)
        if isinstance(reply, Job):
            reply = await self.finish(reply, gone)
        scope.setdefault("state", {})["note"] = reply.note
        start = {"type": "http.response.start", "status": reply.status, "headers": reply.headers}
        await send(start)
        await send({"type": "http.response.body", "body": reply.body})

    # -- in uvicorn's HTTP protocol ------------------------------------------------------------
    def serve(self, http: HttpToolsProtocol, cycle: RequestResponseCycle) -> bool:
        """Answer the request of `cycle` on `http`'s connection if it is one for this path
        (False: the app answers it): at once if the runner knows it needs no time limit, else
        in a task that `http`'s server waits for on shutdown, as for the app's."""
        started = time.perf_counter()
        scope: dict = cycle.scope  # type: ignore[assignment]
        try:
            wanted = self.wanted(scope, proxied=False)
            if wanted is None:
                return False
            reply = self.start(scope, wanted)
        except Exception:
            log.exception("internal error answering a query")
            reply = Reply(*_ERROR, b"Internal Server Error", "error 500")
            cycle.keep_alive = False
        if isinstance(reply, Job):
            task = http.loop.create_task(self._later(http, cycle, reply, started))
            task.add_done_callback(http.tasks.discard)
            http.tasks.add(task)
        else:
            self._write(http, cycle, reply, started)
        return True

    async def _later(
        self, http: HttpToolsProtocol, cycle: RequestResponseCycle, job: Job, started: float
    ) -> None:
        async def gone() -> None:
            while (await cycle.receive())["type"] != "http.disconnect":
                pass

        try:
            reply = await self.finish(job, gone)
            if cycle.flow.write_paused and not cycle.disconnected:
                await cycle.flow.drain()
        except Exception:
            log.exception("internal error answering a query")
            reply = Reply(*_ERROR, b"Internal Server Error", "error 500")
            cycle.keep_alive = False
        self._write(http, cycle, reply, started)

    def _write(
        self, http: HttpToolsProtocol, cycle: RequestResponseCycle, reply: Reply, started: float
    ) -> None:
        """The whole response in one write, then what uvicorn does once a response is sent
        (close the connection or wait for its next request), then the access log line."""
        keep = cycle.keep_alive and not self.closing
        if not cycle.disconnected:
            content = [STATUS_LINE[reply.status]]
            for name, value in (*http.server_state.default_headers, *reply.headers, _NOSNIFF):
                content += (name, b": ", value, b"\r\n")
                if name == b"connection" and b"close" in value.lower():
                    keep = False
            if not keep and not any(n == b"connection" for n, _ in reply.headers):
                content.append(b"connection: close\r\n")
            content += (b"\r\n", reply.body)
            http.transport.write(b"".join(content))
        cycle.response_complete = True
        cycle.message_event.set()
        if not keep:
            http.transport.close()
        record(cycle.scope, reply.status, started, reply.note)  # type: ignore[arg-type]
        cycle.on_response()

    # -- what both faces do --------------------------------------------------------------------
    def wanted(self, scope: dict, proxied: bool = True) -> Wanted | None:
        """The query of a GET /sparql request this path answers; None: the app answers it.
        `proxied`: uvicorn has applied the proxy headers to `scope` (else the app must)."""
        if scope["path"] != PATH or scope["method"] != "GET":
            return None
        accept = host = None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value.decode("latin-1")
            elif name == b"host":
                host = value
            # a browser's cross-origin call (CORS answers it), or proxy headers to apply
            elif name == b"origin" or (not proxied and name in _PROXY_HEADERS):
                return None
        params: dict[str, list[str]] = {}
        for k, v in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
            params.setdefault(k, []).append(v)
        texts = params.get("query")
        if not texts or len(texts) > 1 or "update" in params:
            return None  # the route explains, or answers
        return Wanted(texts[0], params, accept, host)

    def start(self, scope: dict, wanted: Wanted) -> Reply | Job:
        """The reply if it is known now (refused, or answered by `Runner.now`), else the job
        to `finish`."""
        try:
            base = self._base(scope, wanted.host)
            job = self.endpoint.job(wanted.text, wanted.params, wanted.accept, base)
            outcome = self.endpoint.runner.now(job)
        except Problem as exc:
            return _refused(exc)
        return job if outcome is None else self._reply(outcome)

    async def finish(self, job: Job, gone: Watch) -> Reply:
        """The job run within the server's limits (`Endpoint.run`)."""
        try:
            outcome = await self.endpoint.run(job, gone)
        except Problem as exc:
            return _refused(exc)
        if outcome is None:  # we stopped it: its client went away
            return Reply(499, [(b"content-length", b"0")], b"", "client went away")
        return self._reply(outcome)

    def _reply(self, outcome: Outcome) -> Reply:
        headers = [(b"content-type", self._content_type(outcome.media_type))]
        if outcome.status == 200:
            headers.append((b"vary", b"Accept"))
        headers.append((b"content-length", str(len(outcome.body)).encode()))
        return Reply(outcome.status, headers, outcome.body, note(outcome))

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


def _refused(exc: Problem) -> Reply:
    response = text_response(exc.status, exc.message, exc.headers)
    body = bytes(response.body)
    return Reply(exc.status, list(response.raw_headers), body, f"error {exc.status}")
