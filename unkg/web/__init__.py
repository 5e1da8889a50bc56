"""The SPARQL 1.1 endpoint and query page (`unkg serve`).

`create_app(store, settings)` builds the FastAPI application; `unkg.web.serve` runs it with
uvicorn. Attributes load lazily so that query worker processes, which import
`unkg.web.worker`, do not pay for FastAPI.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PortInUse", "Settings", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    if name in ("serve", "PortInUse"):
        from unkg.web import server

        return getattr(server, name)
    if name in __all__:
        from unkg.web import app

        return getattr(app, name)
    raise AttributeError(f"module 'unkg.web' has no attribute {name!r}")
