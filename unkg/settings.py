"""Every setting of unkg in one table: name, default, environment variable, help, and the
commands whose options it makes.

`Settings` is that table (one dataclass field per setting; the rest is in the field's
metadata), as Datasette keeps one settings table for its CLI, its server and its docs. The CLI
makes its options from it (`unkg.cli.app.setting_options`, docs/cli.md), the environment is
read where a `Settings` is made (`Settings.from_env`, or the CLI's options), and the object is
passed down (`unkg.api.open_store`, `unkg.api.use_reference`, the web app): no layer below
reads `os.environ` for these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args, get_type_hints

from unkg.ontology.reference import LANGUAGES

# The commands that work on a store, so take --store.
STORE_COMMANDS = (
    "build", "remove", "query", "export", "reports", "diff", "validate", "info", "timeline",
    "viz", "serve",
)  # fmt: skip
MAIN = "unkg"  # the options of `unkg` itself, before the command


def _setting(
    default: Any,
    help: str,
    env: str | None = None,
    *,
    commands: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    choices: tuple[str, ...] = (),
    **option: Any,
) -> Any:
    """One row: `commands` take it as the option `flags` (default: --the-name), limited to
    `choices` if given; `option` holds typer.Option's other arguments (such as `min`)."""
    meta = {"help": help, "env": env, "commands": commands, "flags": flags, "choices": choices}
    return field(default=default, metadata={**meta, "option": option})


def _url(what: str, env: str) -> Any:
    return _setting(
        None,
        f"{what} URL of a remote --store, when not the Oxigraph server's convention.",
        env,
        commands=(MAIN,),
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
        commands=STORE_COMMANDS,
        flags=("--store", "-s"),
    )
    query_url: str | None = _url("SPARQL query endpoint", "UNKG_QUERY_URL")
    update_url: str | None = _url("SPARQL update endpoint", "UNKG_UPDATE_URL")
    gsp_url: str | None = _url("Graph Store Protocol endpoint", "UNKG_GSP_URL")
    # -- the reference data and extraction
    reference_dirs: tuple[Path, ...] = _setting(
        (),
        "Folder of your own reference data (files named and laid out as ontology/data's), "
        "read after the shipped data; repeat it. In the environment: folders separated by "
        "the path separator (':' on Linux and macOS). See ontology/data/README.md.",
        "UNKG_REFERENCE_DIR",
        commands=(MAIN,),
        flags=("--reference-dir",),
        metavar="DIR",
    )
    language: str | None = _setting(
        None,
        "The report's language, if detection gets it wrong.",
        commands=("extract",),
        choices=LANGUAGES,
    )
    extract_workers: int = _setting(
        1,
        "Extract in this many local processes.",
        commands=("build",),
        flags=("--workers", "-j"),
        min=1,
    )
    scheduler: str | None = _setting(
        None,
        "Extract on a Dask cluster: the scheduler's address (tcp://host:8786). "
        "Needs unkg\\[dask]; the workers must see the same files.",
        commands=("build",),
    )
    # -- the pages (unkg viz, unkg timeline --chart, unkg serve)
    lang: str = _setting(
        LANGUAGES[0],
        "Language of the labels of the graph view (it has a switch) or of the timeline "
        "chart (timeline --chart).",
        commands=("viz", "timeline"),
        choices=LANGUAGES,
    )
    # -- the endpoint (unkg serve)
    host: str = _setting(
        "127.0.0.1",
        "Address to listen on (keep 127.0.0.1 behind a reverse proxy).",
        commands=("serve",),
    )
    port: int = _setting(8000, "TCP port.", commands=("serve",))
    timeout_s: float = _setting(
        10.0,
        "Seconds a query may run before it is stopped.",
        commands=("serve",),
        flags=("--timeout",),
    )
    max_rows: int = _setting(
        10_000, "Most rows (or triples) one result may have.", commands=("serve",)
    )
    max_query_bytes: int = _setting(
        100_000, "Largest query or update accepted, in bytes.", commands=("serve",), min=1
    )
    max_nesting: int = _setting(
        256,
        "Deepest nesting of groups or expressions accepted (checked before parsing).",
        commands=("serve",),
        min=1,
    )
    max_body_bytes: int = _setting(
        1_000_000, "Largest request body accepted, in bytes.", commands=("serve",), min=1
    )
    allow_update: bool = _setting(
        False,
        "Accept SPARQL Update and Graph Store writes (needs --token).",
        commands=("serve",),
        flags=("--allow-update/--no-allow-update",),
    )
    token: str | None = _setting(
        None, "Bearer token that updates must send.", "UNKG_TOKEN", commands=("serve",)
    )
    cors_origins: tuple[str, ...] = _setting(
        ("*",),
        "Origin allowed to call the endpoint from a browser; repeat it; "
        "'none' for no CORS (default: any origin).",
        commands=("serve",),
        flags=("--cors-origin",),
    )
    union_default_graph: bool = _setting(
        True,
        "The default graph of a query is the merge of all named graphs (each triple once); "
        "off: it is empty, and queries name their graphs (GRAPH, FROM).",
        commands=("serve",),
        flags=("--union-default-graph/--no-union-default-graph",),
    )
    allow_service: bool = _setting(False, "Allow SERVICE and LOAD (federation: network access).")
    workers: int = _setting(
        2,
        "Serving processes (read-only: each answers HTTP and runs its queries), "
        "or query worker processes (--allow-update).",
        commands=("serve",),
        min=1,
    )
    memory_quads: int = _setting(
        1_000_000,
        "Copy a read-only store of at most this many quads into the memory of each process "
        "that runs queries (faster joins, ~0.5 GB per process per million quads); "
        "0: read from disk.",
        commands=("serve",),
        min=0,
    )
    worker_memory_mb: int = _setting(
        2048,
        "MB of memory one query (or update) may take in its worker beyond the store; "
        "past it the client gets a 503; 0: no limit.",
        commands=("serve",),
        flags=("--worker-memory",),
        min=0,
    )
    read_timeout_s: float = _setting(
        10.0,
        "Seconds a client has to send a request's headers, and then its body; "
        "slower connections are closed (headers) or answered 408 (body).",
        commands=("serve",),
        flags=("--read-timeout",),
    )
    keep_alive_s: float = _setting(
        5.0,
        "Seconds an idle kept-alive connection stays open.",
        commands=("serve",),
        flags=("--keep-alive",),
        min=0,
    )
    max_connections: int = _setting(
        1000,
        "Open connections at most (kept below half the open-file limit); "
        "past it a new connection gets a 503 and is closed.",
        commands=("serve",),
        min=1,
    )

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:  # the token rule, written once
            raise ValueError(
                "allow_update needs a token (--token or $UNKG_TOKEN): updates are accepted "
                "only with `Authorization: Bearer <token>`"
            )
        for name in ("language", "lang"):
            value = getattr(self, name)
            if value is not None and value not in LANGUAGES:
                raise ValueError(f"{name} {value!r} is not one of {', '.join(LANGUAGES)}")
        if self.cors_origins == ("none",):  # as the help says: no CORS at all
            object.__setattr__(self, "cors_origins", ())
        object.__setattr__(self, "reference_dirs", tuple(Path(p) for p in self.reference_dirs))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **given: Any) -> Settings:
        """`given` values, else the environment variables of the table, else the defaults.

        A given value of None counts as not given."""
        environ = os.environ if environ is None else environ
        values = {k: v for k, v in given.items() if v is not None}
        for f in fields(cls):
            env = f.metadata.get("env")
            if f.name not in values and env and environ.get(env):
                values[f.name] = _from_text(HINTS[f.name], environ[env])
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with `changes` (None values ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _from_text(hint: Any, text: str) -> Any:
    """An environment variable's text as a value of the setting's type; a list's items are
    separated by os.pathsep, as in PATH (and as click splits a list of paths)."""
    if hint is bool:
        return text.strip().lower() in ("1", "true", "yes", "on")
    if hint in (int, float):
        return hint(text)
    if getattr(hint, "__origin__", None) is tuple:
        item = get_args(hint)[0]
        return tuple(item(part) for part in text.split(os.pathsep) if part)
    return text


DEFAULTS = Settings()
HINTS = get_type_hints(Settings)  # each setting's type, as the CLI's options need it
FIELDS = {f.name: f for f in fields(Settings)}


def help_for(name: str) -> str:
    return FIELDS[name].metadata["help"]


def env_for(name: str) -> str | None:
    return FIELDS[name].metadata.get("env")


def names_for(command: str) -> list[str]:
    """The settings that `command` (or `MAIN`) takes as options, in table order."""
    return [f.name for f in fields(Settings) if command in f.metadata["commands"]]
