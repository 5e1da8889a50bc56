"""The `unkg` app and what its commands share: the consoles, tables, errors, the settings of
this invocation (the main options), the options made from the settings table, and opening
the store.

Exit codes: 0 success, 1 some inputs failed (the rest was done), 2 usage error.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from unkg import __version__
from unkg import settings as settings_table
from unkg.settings import DEFAULTS, Settings

Command = TypeVar("Command", bound=Callable[..., Any])

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


def setting_options(command: str) -> Callable[[Command], Command]:
    """Give `command` the options of its rows of the settings table (`unkg.settings`), each
    with the table's flags, type, default, help and environment variable, so that the CLI, the
    Python API and docs/cli.md cannot disagree. The command's `settings` parameter receives
    them, laid over those of the main options (`unkg --reference-dir DIR build …`)."""
    names = settings_table.names_for(command)

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func, eval_str=True)
        params: list[inspect.Parameter] = []
        for p in signature.parameters.values():  # the table's options where `settings` is
            params += map(_parameter, names) if p.name == "settings" else [_keyword(p)]

        @functools.wraps(func)
        def run(**values: Any) -> Any:
            given = {n: _value(values.pop(n)) for n in names}
            base = DEFAULTS if command == settings_table.MAIN else _Session.settings
            try:
                settings = base.with_(**given)
            except ValueError as exc:  # the token rule, a language not in the table's
                raise fail(str(exc), 2) from None
            return func(**values, settings=settings)

        run.__signature__ = signature.replace(parameters=params)  # what typer reads
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate


def _keyword(p: inspect.Parameter) -> inspect.Parameter:
    return p.replace(kind=inspect.Parameter.KEYWORD_ONLY)


def _parameter(name: str) -> inspect.Parameter:
    """The typer option of the setting `name`."""
    row = settings_table.FIELDS[name]
    meta, hint, default = row.metadata, settings_table.HINTS[name], row.default
    flags = meta["flags"] or ("--" + name.replace("_", "-"),)
    listed = get_origin(hint) is tuple  # repeat the option; typer wants a list
    if meta["choices"]:
        kind: Any = Literal[meta["choices"]]
        kind = kind | None if default is None else kind
    elif listed:
        kind = list[get_args(hint)[0]] | None
    else:
        kind = hint
    option = typer.Option(
        *flags,
        help=meta["help"],
        envvar=meta["env"],
        show_default=default is not None and not listed,
        **meta["option"],
    )
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None if listed else default,
        annotation=Annotated[kind, option],
    )


def _value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@app.callback()
@setting_options(settings_table.MAIN)
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    settings: Settings = DEFAULTS,
) -> None:
    """unkg reads UN reports (Chinese and English; TXT, Markdown, PDF, DOCX, HTML), links the
    missions, countries, resolutions, programmes and organizations they name to one IRI each,
    and builds an RDF graph you can query with SPARQL, explore and export."""
    _Session.settings = settings


class _Session:
    """What the main options of this invocation gave; commands lay their own over it."""

    settings = DEFAULTS


def api(settings: Settings) -> ModuleType:
    """`unkg.api`, imported when a command runs (so that `--help` stays fast), with the
    reference data of `settings` in force."""
    from unkg import api as unkg_api

    unkg_api.use_reference(settings)
    return unkg_api


def open_store(settings: Settings, read_only: bool = True) -> Any:
    """The store of `settings` (`unkg.api.open_store`); one that cannot be opened is an
    error message, not a traceback."""
    unkg_api = api(settings)
    try:
        return unkg_api.open_store(read_only=read_only, settings=settings)
    except unkg_api.StoreError as exc:
        raise fail(str(exc)) from None
