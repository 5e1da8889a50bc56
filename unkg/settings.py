"""Every setting of unkg in one table: name, default, environment variable and help.

`Settings` is that table (one dataclass field per setting; the help and the environment
variable are in the field's metadata), as Datasette keeps one settings table for its CLI, its
server and its docs. The CLI makes its options from it (`unkg serve --help`, docs/cli.md), the
environment is read in one place (`Settings.from_env`), and the object is passed down to
`unkg.api.open_store` and the web app: no layer below reads `os.environ` for these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any


def _setting(default: Any, help: str, env: str | None = None) -> Any:
    return field(default=default, metadata={"help": help, "env": env})


def _url(what: str, env: str) -> Any:
    return _setting(
        None, f"{what} URL of a remote --store, when not the Oxigraph server's convention.", env
    )


@dataclass(frozen=True)
class Settings:
    """Where the store is, and the limits and switches of the endpoint (see docs/deploy.md)."""

    # -- the store
    store: str | None = _setting(
        None,
        "Store folder, or the URL of a SPARQL 1.1 store such as an Oxigraph server "
        "(http://host:7878; see docs/scaling.md). Default: the user data folder.",
        "UNKG_STORE",
    )
    query_url: str | None = _url("SPARQL query endpoint", "UNKG_QUERY_URL")
    update_url: str | None = _url("SPARQL update endpoint", "UNKG_UPDATE_URL")
    gsp_url: str | None = _url("Graph Store Protocol endpoint", "UNKG_GSP_URL")
    # -- the endpoint (unkg serve)
    host: str = _setting(
        "127.0.0.1", "Address to listen on (keep 127.0.0.1 behind a reverse proxy)."
    )
    port: int = _setting(8000, "TCP port.")
    timeout_s: float = _setting(10.0, "Seconds a query may run before it is stopped.")
    max_rows: int = _setting(10_000, "Most rows (or triples) one result may have.")
    max_query_bytes: int = _setting(100_000, "Largest query or update accepted, in bytes.")
    max_nesting: int = _setting(
        256, "Deepest nesting of groups or expressions accepted (checked before parsing)."
    )
    max_body_bytes: int = _setting(1_000_000, "Largest request body accepted, in bytes.")
    allow_update: bool = _setting(
        False, "Accept SPARQL Update and Graph Store writes (needs --token)."
    )
    token: str | None = _setting(None, "Bearer token that updates must send.", "UNKG_TOKEN")
    cors_origins: tuple[str, ...] = _setting(
        ("*",),
        "Origin allowed to call the endpoint from a browser; repeat it; "
        "'none' for no CORS (default: any origin).",
    )
    union_default_graph: bool = _setting(
        True,
        "The default graph of a query is the merge of all named graphs (each triple once); "
        "off: it is empty, and queries name their graphs (GRAPH, FROM).",
    )
    allow_service: bool = _setting(False, "Allow SERVICE and LOAD (federation: network access).")
    workers: int = _setting(2, "Query worker processes.")
    memory_quads: int = _setting(
        1_000_000,
        "Copy a read-only store of at most this many quads into each query worker's memory "
        "(faster joins, ~0.5 GB per worker per million quads); 0: read from disk.",
    )
    worker_memory_mb: int = _setting(
        2048,
        "MB of memory one query (or update) may take in its worker beyond the store; "
        "past it the client gets a 503; 0: no limit.",
    )
    read_timeout_s: float = _setting(
        10.0,
        "Seconds a client has to send a request's headers, and then its body; "
        "slower connections are closed (headers) or answered 408 (body).",
    )
    keep_alive_s: float = _setting(5.0, "Seconds an idle kept-alive connection stays open.")
    max_connections: int = _setting(
        1000,
        "Open connections at most (kept below half the open-file limit); "
        "past it a new connection gets a 503 and is closed.",
    )

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:  # the token rule, written once
            raise ValueError(
                "allow_update needs a token (--token or $UNKG_TOKEN): updates are accepted "
                "only with `Authorization: Bearer <token>`"
            )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **given: Any) -> Settings:
        """`given` values, else the environment variables of the table, else the defaults.

        A given value of None counts as not given."""
        environ = os.environ if environ is None else environ
        values = {k: v for k, v in given.items() if v is not None}
        for f in fields(cls):
            env = f.metadata.get("env")
            if f.name not in values and env and environ.get(env):
                values[f.name] = environ[env]
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with `changes` (None values ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


DEFAULTS = Settings()


def help_for(name: str) -> str:
    return _FIELDS[name].metadata["help"]


def env_for(name: str) -> str | None:
    return _FIELDS[name].metadata.get("env")


_FIELDS = {f.name: f for f in fields(Settings)}
