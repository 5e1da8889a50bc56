"""Running the web app: `unkg serve` and `unkg.serve` come here.

It lives with the web app, above `unkg.api` (which it calls to open the store), so that the
API never imports the faces built on it.
"""

from __future__ import annotations

import errno
import logging
import socket
from pathlib import Path

import uvicorn

from unkg import __version__
from unkg.api import Store, open_store, store_location
from unkg.settings import Settings
from unkg.web import prefork
from unkg.web.app import create_app
from unkg.web.fastpath import FastSparql
from unkg.web.protocol import guarded


class PortInUse(OSError):
    """The address the server should listen on is taken (a usage error: choose another)."""


def check_port(host: str, port: int) -> None:
    """Bind `host`:`port` as the server will (SO_REUSEADDR, like uvicorn) and let it go again,
    so a taken port is reported before anything is announced or started."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(f"port {port} is in use; choose another with --port") from None
            raise


def serve(
    store: Store | str | Path | None = None,
    host: str | None = None,
    port: int | None = None,
    settings: Settings | None = None,
    *,
    log_level: str = "info",
) -> None:
    """Serve the store over HTTP: the SPARQL 1.1 endpoint, the query page and the graph view.

    `store`, `host` and `port` override those of `settings` (default: `Settings.from_env()`).
    The store is opened read-only unless `settings.allow_update` (which needs `settings.token`).
    Blocks until the server stops (Ctrl-C). See docs/deploy.md for running it in production.
    Raises `PortInUse` before announcing anything when `port` is taken.
    """
    settings = settings or Settings.from_env()
    host, port = host or settings.host, port or settings.port
    _logging(log_level)
    where = None if isinstance(store, Store) else store_location(store, settings)
    if isinstance(where, Path) and not settings.allow_update and prefork.can_fork():
        _serve_prefork(where, host, port, settings, log_level)
        return
    check_port(host, port)
    st = (
        store
        if isinstance(store, Store)
        else open_store(store, read_only=not settings.allow_update, settings=settings)
    )
    app = create_app(st, settings)
    _announce(st.path or ":memory:", host, port, settings)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        server_header=False,
        http=guarded(
            settings.read_timeout_s,
            settings.max_connections,
            fast=FastSparql(None, app.state.endpoint),
        ),
        timeout_keep_alive=settings.keep_alive_s,
    )


def _serve_prefork(path: Path, host: str, port: int, settings: Settings, log_level: str) -> None:
    """A store folder served read-only: by processes that each answer HTTP and run its
    queries (`unkg.web.prefork`). A `Store` already open in this process (a notebook's), a
    writable store (its workers read snapshots), a remote one, or a call from a process that
    runs other threads or cannot fork (`prefork.can_fork`) keep the server that
    hands queries to worker processes (`unkg.web.pool`)."""
    try:
        sock = prefork.listen(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is in use; choose another with --port") from None
        raise
    supervisor = prefork.Supervisor(sock, str(path), settings, log_level)
    supervisor.serve(lambda: _announce(path, host, port, settings))


def _logging(log_level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _announce(path: object, host: str, port: int, settings: Settings) -> None:
    base = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    mode = "read-write" if settings.allow_update else "read-only"
    print(f"unkg {__version__} serving {path} ({mode})")
    print(f"  SPARQL endpoint  {base}/sparql")
    print(f"  query page       {base}/")
    print(f"  graph view       {base}/graph")
    print("  press Ctrl-C to stop", flush=True)
