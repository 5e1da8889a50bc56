"""The web app's routes, one module per protocol: `sparql` (SPARQL 1.1 Protocol), `graph_store`
(SPARQL 1.1 Graph Store Protocol), `pages` (the query page and the graph view) and `health`.
Each is a FastAPI router; the shared state is the app's `Endpoint` (`endpoint(request)`)."""

from __future__ import annotations

from fastapi import Request

from unkg.web.endpoint import Endpoint


def endpoint(request: Request) -> Endpoint:
    return request.app.state.endpoint
