"""`unkg build` (reports into the store) and `unkg remove` (one report out of it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from unkg.cli.app import StoreOpt, app, err, fail, open_store, out, table


@app.command(epilog="Example: unkg build examples/reports")
def build(
    paths: Annotated[
        list[Path], typer.Argument(help="Report files or folders (searched recursively).")
    ],
    store: StoreOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract reports even if unchanged.")] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", "-j", min=1, help="Extract in this many local processes."),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Extract on a Dask cluster: the scheduler's address (tcp://host:8786). "
            "Needs unkg\\[dask]; the workers must see the same files.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract reports and load them into the store (one named graph per report).

    This process alone writes the store; --workers or --scheduler only spread extraction."""
    from unkg.api import find_reports

    files = list(find_reports(paths))
    if not files:
        raise fail("no report files found in " + ", ".join(map(str, paths)))
    st = open_store(store, read_only=False)
    result = _build_with_progress(files, st, force=force, workers=workers, scheduler=scheduler)
    out.print(_build_table(result.files))
    out.print(f"store: {result.store} ({len(st)} quads, {len(st.report_slugs())} reports)")
    if result.failed:
        raise fail(
            f"{len(result.failed)} of {len(result.files)} files failed; the others were built"
        )


def _build_with_progress(files: list[Path], st, **options):
    """`unkg.api.build` with a progress bar on stderr."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from unkg.api import build as run

    with Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(files))
        return run(
            files,
            store=st,
            progress=lambda f: bar.update(task, advance=1, description=Path(f.path).name),
            **options,
        )


def _build_table(files) -> Table:
    from unkg.api import file_name

    def status(f) -> str:
        text = f"[red]failed: {escape(f.error or '')}[/]" if f.status == "failed" else f.status
        return text + (f" [yellow]({escape(f.note)})[/]" if f.note else "")

    counts = {"paragraphs": "paragraphs", "mentions": "mentions", "relations": "relations"}
    counts["OCR pages"] = "ocr_pages"

    def row(f) -> tuple[str, ...]:
        numbers = (str(getattr(f, attr)) for attr in counts.values())
        return (escape(file_name(f.path)), status(f), f.report or "", f.encoding or "", *numbers)

    columns = ("file", "status", "report", "encoding", *counts)
    return table(columns, [row(f) for f in files], "build", right=counts)


@app.command(epilog="Example: unkg remove A-75-1")
def remove(
    report: Annotated[str, typer.Argument(help="The report's id, as `unkg reports` shows it.")],
    store: StoreOpt = None,
) -> None:
    """Delete one report's graph from the store."""
    from unkg.api import remove as run

    if not run(report, store=open_store(store, read_only=False)):
        raise fail(f"no report {report!r} in the store; `unkg reports` lists them")
    out.print(f"removed {report}")
