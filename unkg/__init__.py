"""unkg: knowledge graphs from United Nations reports.

The Python API is what the CLI and the web app call; everything the CLI does is one
function here::

    import unkg
    report = unkg.extract_file("report.txt")     # typed extraction result
    store = unkg.open_store("my-store")          # embedded Oxigraph store
    unkg.build(["reports/"], store=store)         # extract, link and load
    rows = unkg.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5", store=store)
    unkg.export(store, "turtle", "graph.ttl")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = (
    "BuildResult",
    "FileResult",
    "build",
    "diff",
    "export",
    "extract_file",
    "extract_text",
    "info",
    "open_store",
    "query",
    "reload_reference",
    "remove",
    "reports",
    "serve",
    "Settings",
    "timeline",
    "active_missions",
    "update",
    "use_reference",
    "validate",
    "viz",
)

__all__ = ["__version__", *_API]

if TYPE_CHECKING:  # pragma: no cover
    from unkg.api import (  # noqa: F401
        BuildResult,
        FileResult,
        Settings,
        active_missions,
        build,
        diff,
        export,
        extract_file,
        extract_text,
        info,
        open_store,
        query,
        reload_reference,
        remove,
        reports,
        timeline,
        update,
        use_reference,
        validate,
        viz,
    )
    from unkg.web import serve  # noqa: F401


def __getattr__(name: str) -> Any:
    """Load the API on first use, so `unkg --help` and imports stay fast."""
    if name == "serve":  # the web app is a face above the API
        from unkg.web import serve as value
    elif name in _API:
        from unkg import api

        value = getattr(api, name)
    else:
        raise AttributeError(f"module 'unkg' has no attribute {name!r}")
    globals()[name] = value  # later uses are plain attribute reads (queries are called often)
    return value
