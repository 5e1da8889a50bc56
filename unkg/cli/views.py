"""`unkg viz` (the graph view as one HTML file) and `unkg serve` (the endpoint and pages)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from unkg.cli.app import StoreOpt, VizLang, app, err, fail, open_store, option, session_settings
from unkg.ontology.reference import LANGUAGES
from unkg.settings import DEFAULTS


def _type_list(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())


@app.command(
    epilog="Example: unkg viz -o graph.html --types Mission,Country,Territory,Resolution --lang zh"
)
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
    lang: Annotated[
        VizLang, typer.Option(help="Language of the node labels (the page has a switch).")
    ] = VizLang[LANGUAGES[0]],
    store: StoreOpt = None,
) -> None:
    """Write the interactive mission–country graph: one HTML page that works offline."""
    from unkg.api import StoreError
    from unkg.api import viz as run

    st = open_store(store)
    try:
        path = run(st, output, report=report, types=_type_list(types), lang=lang.value)
    except (StoreError, ValueError) as exc:
        raise fail(str(exc), 2 if isinstance(exc, ValueError) else 1) from None
    err.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB); open it in a browser")


@app.command(epilog="Example: unkg serve --port 8000  (then open http://127.0.0.1:8000/)")
def serve(
    store: StoreOpt = None,
    host: Annotated[str, option("host", "--host")] = DEFAULTS.host,
    port: Annotated[int, option("port", "--port")] = DEFAULTS.port,
    timeout: Annotated[float, option("timeout_s", "--timeout")] = DEFAULTS.timeout_s,
    max_rows: Annotated[int, option("max_rows", "--max-rows")] = DEFAULTS.max_rows,
    allow_update: Annotated[
        bool, option("allow_update", "--allow-update/--no-allow-update")
    ] = DEFAULTS.allow_update,
    token: Annotated[
        Optional[str],  # noqa: UP045
        option("token", "--token", show_default=False),
    ] = DEFAULTS.token,
    cors_origin: Annotated[
        Optional[list[str]],  # noqa: UP045
        option("cors_origins", "--cors-origin"),
    ] = None,
    memory_quads: Annotated[
        int, option("memory_quads", "--memory-quads", min=0)
    ] = DEFAULTS.memory_quads,
    worker_memory: Annotated[
        int, option("worker_memory_mb", "--worker-memory", min=0)
    ] = DEFAULTS.worker_memory_mb,
    read_timeout: Annotated[
        float, option("read_timeout_s", "--read-timeout")
    ] = DEFAULTS.read_timeout_s,
    max_connections: Annotated[
        int, option("max_connections", "--max-connections", min=1)
    ] = DEFAULTS.max_connections,
) -> None:
    """Serve the store: SPARQL 1.1 endpoint (/sparql), query page (/) and graph view (/graph)."""
    from unkg.api import StoreError
    from unkg.web import PortInUse
    from unkg.web import serve as run

    origins = tuple(cors_origin) if cors_origin else DEFAULTS.cors_origins
    if origins == ("none",):
        origins = ()
    try:
        settings = session_settings().with_(
            store=store,
            host=host,
            port=port,
            timeout_s=timeout,
            max_rows=max_rows,
            allow_update=allow_update,
            token=token,
            cors_origins=origins,
            memory_quads=memory_quads,
            worker_memory_mb=worker_memory,
            read_timeout_s=read_timeout,
            max_connections=max_connections,
        )
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    try:
        run(settings=settings)
    except PortInUse as exc:
        raise fail(str(exc), 2) from None
    except (StoreError, ValueError) as exc:
        raise fail(str(exc)) from None
