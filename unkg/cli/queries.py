"""`unkg query` (SPARQL over the store) and `unkg export` (the graph as a file)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from unkg.cli.app import app, err, fail, open_store, out, setting_options
from unkg.graph import formats
from unkg.settings import Settings

QueryFormat = Enum(  # "table" for people, then every format a query result can be written in
    "QueryFormat",
    {
        n: n
        for n in ("table", *formats.names_for(formats.SOLUTIONS), *formats.names_for(formats.GRAPH))
    },
    type=str,
)


def _read_query(sparql: str) -> str:
    if sparql == "-":
        return sys.stdin.read()
    if sparql.startswith("@"):
        return Path(sparql[1:]).read_text("utf-8")
    return sparql


@app.command(
    epilog="Example: unkg query 'SELECT ?m WHERE { ?m a unkg:PeacekeepingOperation } LIMIT 5'"
)
@setting_options("query")
def query(
    sparql: Annotated[
        str, typer.Argument(help="The query, @FILE to read it from a file, or - for stdin.")
    ],
    settings: Settings,
    format: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format: table, or one that carries the result (SELECT, ASK: "
            f"{', '.join(formats.names_for(formats.SOLUTIONS))}; CONSTRUCT, DESCRIBE: "
            f"{', '.join(formats.names_for(formats.GRAPH))}).",
        ),
    ] = QueryFormat["table"],
) -> None:
    """Run a SPARQL 1.1 query (the project prefixes are predefined)."""
    from unkg.api import PREFIXES
    from unkg.api import query as run

    try:
        result = run(_read_query(sparql), store=open_store(settings))
    except SyntaxError as exc:
        raise fail(f"query syntax: {exc}") from None
    if format.value == "table":
        _print_result(result)
        return
    try:
        result.serialize(format.value, sys.stdout.buffer, prefixes=PREFIXES)
    except ValueError as exc:
        raise fail(f"--format {format.value}: {exc}", 2) from None


def _print_result(result) -> None:
    """A result as people read it: true/false, a table of solutions, or Turtle."""
    from unkg.api import PREFIXES

    if result.kind == formats.BOOLEAN:
        out.print("true" if result else "false")
    elif result.kind == formats.SOLUTIONS:
        variables = [v.value for v in result.variables]
        table = Table()
        for v in variables:
            table.add_column(v)
        n = 0
        for row in result:
            table.add_row(*(_short(row[v], PREFIXES) for v in variables))
            n += 1
        out.print(table)
        out.print(f"{n} rows")
    else:
        result.serialize("turtle", sys.stdout.buffer, prefixes=PREFIXES)


def _short(term, prefixes: dict[str, str]) -> str:
    if term is None:
        return ""
    value = term.value
    for prefix, ns in prefixes.items():
        if value.startswith(ns) and type(term).__name__ == "NamedNode":
            return f"{prefix}:{value[len(ns) :]}"
    return value


ExportFormat = Enum("ExportFormat", {f.name: f.name for f in formats.exportable()}, type=str)


@app.command(epilog="Example: unkg export --format turtle -o graph.ttl")
@setting_options("export")
def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat["turtle"],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write (atomically); stdout if omitted."),
    ] = None,
    report: Annotated[
        str | None, typer.Option(help="Only this report's graph (see `unkg reports`).")
    ] = None,
    *,
    settings: Settings,
) -> None:
    """Export the graph as RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML) or for Gephi."""
    from unkg.api import StoreError
    from unkg.api import export as run

    st = open_store(settings)
    try:
        if output is None:
            sys.stdout.buffer.write(run(st, format.value, None, report=report))
        else:
            run(st, format.value, output, report=report)
            err.print(f"wrote {output}")
    except StoreError as exc:
        raise fail(str(exc)) from None
