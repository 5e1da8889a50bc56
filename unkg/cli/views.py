"""`unkg viz` (the graph view as one HTML file) and `unkg serve` (the endpoint and pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from unkg.cli.app import api, app, err, fail, open_store, setting_options
from unkg.settings import Settings


def _type_list(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())


@app.command(
    epilog="Example: unkg viz -o graph.html --types Mission,Country,Territory,Resolution --lang zh"
)
@setting_options("viz")
def viz(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="HTML file to write (atomically).")
    ] = Path("graph.html"),
    report: Annotated[
        str | None, typer.Option(help="Only this report's graph (see `unkg reports`).")
    ] = None,
    types: Annotated[
        str,
        typer.Option(
            help="Node types shown at first, comma-separated; Resolution, Document, "
            "Programme and Organization switch those layers on."
        ),
    ] = "Mission,Country,Territory",
    *,
    settings: Settings,  # the store, the language of the labels
) -> None:
    """Write the interactive mission–country graph: one HTML page that works offline."""
    from unkg.api import StoreError
    from unkg.api import viz as run

    st = open_store(settings)
    try:
        path = run(st, output, report=report, types=_type_list(types), lang=settings.lang)
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), 2 if isinstance(exc, ValueError) else 1) from None
    err.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")


@app.command(epilog="Example: unkg serve --port 8000  (then open http://127.0.0.1:8000/)")
@setting_options("serve")
def serve(*, settings: Settings) -> None:
    """Serve the store: SPARQL 1.1 endpoint (/sparql), query page (/) and graph view (/graph)."""
    from unkg.web import PortInUse
    from unkg.web import serve as run

    unkg = api(settings)
    try:
        run(settings=settings)
    except PortInUse as exc:
        raise fail(str(exc), 2) from None
    except (unkg.StoreError, ValueError) as exc:
        raise fail(str(exc)) from None
