"""`unkg serve` on a read-only store: a supervisor and `workers` processes that each answer
HTTP themselves, on one listening socket (pre-fork, as gunicorn does).

A small query used to cross two process boundaries (the server handed it to a query worker
process and took the answer back): on this kind of machine each hand-off cost more than the
engine's own time. Here the process that accepts a connection runs its queries on its own
threads (`unkg.web.inprocess`). pyoxigraph cannot cancel a query, so the time limit works
by replacement: a process whose query overruns (or whose client went away) answers the 503
itself, tells the supervisor, which starts a new process at once, stops accepting, and exits
once its connections have ended (each after its next answer, which says `Connection: close`:
closing a kept-alive connection under its client would fail the request it was sending).
A process that dies (past the hard memory limit Oxigraph aborts it: its open connections
are reset) is logged and replaced.

The supervisor binds the socket and forks each process after the imports but before any
store is open or any thread exists, so a replacement answers within about a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import os
import select
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import uvicorn

from unkg.api import PREFIXES, Store, StoreError, open_store
from unkg.settings import Settings
from unkg.web import sandbox
from unkg.web.acceptor import Acceptor
from unkg.web.app import create_app
from unkg.web.fastpath import FastSparql
from unkg.web.inprocess import LocalRunner
from unkg.web.protocol import OpenConnections, guarded

log = logging.getLogger("unkg.web")

READY, RETIRING, FAILED = b"+", b"-", b"!"  # what a process tells its supervisor
QUERY_THREADS = 4  # per process: queries in flight at once before one waits for a thread
RESTART_PAUSE_S = 1.0  # before replacing a process that died before it was ready
_PR_SET_PDEATHSIG = 1  # prctl option: the signal a process gets when its parent ends


class Stop(Exception):
    """SIGTERM: stop the processes and return."""


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every process accepts on (SO_REUSEADDR, as uvicorn binds)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    """Starts the serving processes, replaces each one that retires or dies, stops them all."""

    def __init__(self, sock: socket.socket, path: str, settings: Settings, log_level: str):
        self.sock = sock
        self.path = path
        self.settings = settings
        self.log_level = log_level
        self.pipes: dict[int, int] = {}  # pid -> the read end of its pipe
        # a slot per process, with room for those still finishing after they retired
        self.connections = OpenConnections(4 * settings.workers + 16)
        self.slots: dict[int, int] = {}  # pid -> its slot in `connections`
        self.ready: set[int] = set()
        self.retired: set[int] = set()
        self.serving = False  # past start-up: a process that ends is replaced

    def serve(self, announce: Callable[[], None]) -> None:
        """Start the processes, `announce` once they all answer, keep them going until SIGTERM
        or Ctrl-C, then stop them all (also when starting failed: `StoreError`)."""
        previous = signal.signal(signal.SIGTERM, _raise_stop)
        try:
            self._start()
            announce()
            self.serving = True
            while True:
                for _ in self._messages(1.0):
                    pass
        except (Stop, KeyboardInterrupt):
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.stop()

    def _start(self) -> None:
        """Start `settings.workers` processes and wait until each answers (raises what the
        first one that failed to open the store said)."""
        for _ in range(self.settings.workers):
            self._fork()
        while len(self.ready) < len(self.pipes):
            for said in self._messages(None):
                if said.startswith(FAILED):
                    raise StoreError(said[1:].decode("utf-8", "replace"))

    def _messages(self, timeout: float | None) -> Iterator[bytes]:
        """What the processes say within `timeout`; replaces those that retire or end."""
        readable, _, _ = select.select(list(self.pipes.values()), [], [], timeout)
        for fd in readable:
            pid = next(p for p, f in self.pipes.items() if f == fd)
            said = os.read(fd, 4096)
            if not said:
                self._ended(pid)
                yield FAILED + b"the serving process ended before it was ready"
                continue
            if said.startswith(FAILED):
                yield said
                continue
            if READY in said:
                self.ready.add(pid)
            if RETIRING in said and pid not in self.retired:
                self.retired.add(pid)
                self._fork()
            yield said

    def _ended(self, pid: int) -> None:
        os.close(self.pipes.pop(pid))
        _, status = os.waitpid(pid, 0)
        self.connections.counts[self.slots.pop(pid)] = 0  # its connections closed with it
        was_ready = pid in self.ready
        self.ready.discard(pid)
        if pid in self.retired:
            self.retired.discard(pid)
            return
        if not self.serving:
            return
        log.error(
            "serving process %d ended (%s); starting another. Past its memory limit a process "
            "is aborted and its open connections are reset.",
            pid,
            _status(status),
        )
        if not was_ready:
            time.sleep(RESTART_PAUSE_S)
        self._fork()

    def _fork(self) -> None:
        taken = set(self.slots.values())
        slot = next(i for i in range(len(self.connections.counts)) if i not in taken)
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the new process
            code = 1
            try:
                _end_with(parent)
                self.connections.slot = slot
                os.close(read)
                for fd in self.pipes.values():
                    os.close(fd)
                code = _serve(
                    self.sock,
                    write,
                    self.path,
                    self.settings,
                    self.log_level,
                    self.connections,
                    not self.serving,
                )
            except KeyboardInterrupt:  # Ctrl-C reaches the whole process group
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                logging.shutdown()
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)  # its query threads may still run a query: do not wait for them
        os.close(write)
        self.pipes[pid] = read
        self.slots[pid] = slot

    def stop(self) -> None:
        """SIGTERM to every process; SIGKILL to those still running after their grace."""
        grace = time.monotonic() + self.settings.timeout_s + 5
        for pid in self.pipes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid, fd in list(self.pipes.items()):
            while os.waitpid(pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > grace:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    break
                time.sleep(0.05)
            os.close(fd)
        self.pipes.clear()
        self.sock.close()


def _raise_stop(_sig: int, _frame: object) -> None:
    raise Stop


def _end_with(parent: int) -> None:
    """Have this process get SIGTERM when `parent` (its supervisor) ends, however it ends
    (Linux); exit now if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(0)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


class _CloseWhenRetiring:
    """ASGI wrapper: once its process retires (`fast.closing`, which the short path also
    reads), every response says `Connection: close`, so each kept-alive connection ends after
    its next answer and its client opens a new one (on another process) instead of finding it
    closed under a request it has just sent."""

    CLOSE = (b"connection", b"close")

    def __init__(self, app: Any, fast: FastSparql):
        self.app = app
        self.fast = fast

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def closing(message: dict) -> None:
            if self.fast.closing and message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if self.CLOSE not in headers:
                    message = {**message, "headers": [*headers, self.CLOSE]}
            await send(message)

        await self.app(scope, receive, closing)


class _Server(uvicorn.Server):
    """uvicorn's server that accepts in turns with the other processes (`Acceptor`), tells
    the supervisor once it answers, and can retire."""

    def __init__(
        self,
        config: uvicorn.Config,
        pipe: int,
        closer: _CloseWhenRetiring,
        grace: float,
        connections: OpenConnections,
        processes: int,
    ):
        super().__init__(config)
        self.pipe = pipe
        self.closer = closer
        self.grace = grace  # most seconds a retiring process waits for its connections to end
        self.connections = connections
        self.processes = processes
        self.acceptor: Acceptor | None = None
        self.draining: asyncio.Task[None] | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup([])  # the app's start-up, without a uvloop server: ours accepts
        if self.should_exit or not sockets:
            return
        config = self.config
        protocol = functools.partial(
            config.http_protocol_class,
            config=config,
            server_state=self.server_state,
            app_state=self.lifespan.state,
        )
        self.acceptor = Acceptor(sockets[0], protocol, self.connections, self.processes)
        self.acceptor.start()
        os.write(self.pipe, READY)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.acceptor is not None:
            self.acceptor.close()
        await super().shutdown(sockets)

    def retire(self, why: str) -> None:
        """Stop accepting now and exit once the connections have ended; the supervisor starts
        the replacement at once. Connections are not closed under their clients: each ends
        after its next answer (`_CloseWhenRetiring`) or when idle for the keep-alive time."""
        if self.draining is not None or self.should_exit:
            return
        log.warning("serving process %d retires (%s); another takes its place", os.getpid(), why)
        os.write(self.pipe, RETIRING)
        if self.acceptor is not None:
            self.acceptor.close()
        self.closer.fast.closing = True
        self.draining = asyncio.get_running_loop().create_task(self._exit_when_idle())

    async def _exit_when_idle(self) -> None:
        deadline = time.monotonic() + self.grace
        while self.server_state.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.should_exit = True


def _serve(
    sock: socket.socket,
    pipe: int,
    path: str,
    settings: Settings,
    log_level: str,
    connections: OpenConnections,
    warm: bool,
) -> int:
    """One serving process: give up the network, open the store, answer until retired. The
    first processes prepare the default graph view (`warm`); their replacements, which may
    follow each other after runaway queries, prepare it only when it is asked for."""
    os.environ["RUST_BACKTRACE"] = "0"  # past its memory limit it says so in one line
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    isolation = "allowed" if settings.allow_service else sandbox.deny_network()
    if isolation == sandbox.NONE:
        log.warning(
            "the serving processes could not be cut off from the network (no libseccomp, no "
            "network namespace): only the parse check refuses SERVICE and LOAD"
        )
    try:
        store = open_store(path, read_only=True, settings=settings)
    except Exception as exc:
        os.write(pipe, FAILED + str(exc).encode("utf-8"))
        return 1
    runner = LocalRunner(
        store.oxigraph,
        QUERY_THREADS,
        _to_copy(store, settings.memory_quads),
        settings.worker_memory_mb * 2**20,
        PREFIXES,
    )
    app = create_app(store, settings, runner, warm)
    fast = FastSparql(None, app.state.endpoint)
    closer = _CloseWhenRetiring(app, fast)
    server = _Server(
        uvicorn.Config(
            closer,
            log_level=log_level,
            access_log=False,
            server_header=False,
            http=guarded(settings.read_timeout_s, settings.max_connections, connections, fast),
            timeout_keep_alive=settings.keep_alive_s,
            timeout_graceful_shutdown=settings.timeout_s + 2,
        ),
        pipe,
        closer,
        settings.keep_alive_s + settings.timeout_s + 2,
        connections,
        settings.workers,
    )
    runner.on_stuck = server.retire
    if settings.worker_memory_mb and not sandbox.catch_abort(runner.out_of_memory):
        log.warning("a query past the memory limit will reset its process's connections")
    server.run(sockets=[sock])
    return 0


# the quads of the named graphs, as `len(store)` counts them, but counted by the engine
# without the GIL (`len` held it: 0.6 s on 788k quads, during which nothing was answered)
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _to_copy(store: Store, most: int) -> Callable[[], int]:
    """How many quads to copy into memory: all of them if at most `most` (0: none)."""

    def count() -> int:
        if most <= 0:
            return 0
        (row,) = store.oxigraph.query(_COUNT)
        quads = int(row[0].value)
        return quads if quads <= most else 0

    return count


def can_fork() -> bool:
    """Whether this process may fork its serving processes: the system has fork, and the
    process only its main thread (forking copies other threads' locks, not the threads)."""
    return hasattr(os, "fork") and threading.active_count() == 1
