"""The `unkg` app and what its commands share: the consoles, tables, errors, the settings of
this invocation (the main options) and opening the store.

Exit codes: 0 success, 1 some inputs failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from unkg import __version__
from unkg import settings as settings_table
from unkg.ontology.reference import LANGUAGES
from unkg.settings import DEFAULTS, Settings

app = typer.Typer(
    name="unkg",
    help="Knowledge graphs from United Nations reports: extract, link, query, explore, export.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def option(name: str, *flags: str, **extra) -> typer.Option:
    """A command-line option for the setting `name`: its help and environment variable come
    from the settings table (`unkg.settings`), so the CLI, the server and docs/cli.md agree."""
    env = settings_table.env_for(name)
    return typer.Option(*flags, help=settings_table.help_for(name), envvar=env, **extra)


StoreOpt = Annotated[
    Optional[str],  # noqa: UP045  (typer reads the annotation at run time)
    option("store", "--store", "-s", show_default=False),
]


def table(columns, rows, title: str | None = None, right=()) -> Table:
    """A table of `rows` under `columns`, the columns named in `right` aligned right."""
    t = Table(title=title)
    for col in columns:
        t.add_column(col, justify="right" if col in right else "left")
    for row in rows:
        t.add_row(*row)
    return t


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"unkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    query_url: Annotated[
        Optional[str],  # noqa: UP045
        option("query_url", "--query-url", show_default=False),
    ] = None,
    update_url: Annotated[
        Optional[str],  # noqa: UP045
        option("update_url", "--update-url", show_default=False),
    ] = None,
    gsp_url: Annotated[
        Optional[str],  # noqa: UP045
        option("gsp_url", "--gsp-url", show_default=False),
    ] = None,
) -> None:
    """unkg reads UN reports (Chinese and English; TXT, Markdown, PDF, DOCX, HTML), links the
    missions, countries, resolutions, programmes and organizations they name to one IRI each,
    and builds an RDF graph you can query with SPARQL, explore and export."""
    _Session.settings = Settings(query_url=query_url, update_url=update_url, gsp_url=gsp_url)


class _Session:
    """What the main options of this invocation gave; commands pass it down to the API."""

    settings = DEFAULTS


def session_settings() -> Settings:
    return _Session.settings


def open_store(store: str | Path | None, read_only: bool = True):
    """`unkg.api.open_store` with this invocation's settings; a store that cannot be opened
    is an error message, not a traceback."""
    from unkg import api

    try:
        return api.open_store(store, read_only=read_only, settings=session_settings())
    except api.StoreError as exc:
        raise fail(str(exc)) from None


VizLang = Enum("VizLang", {lang: lang for lang in LANGUAGES}, type=str)
