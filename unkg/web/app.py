"""The web app: a SPARQL 1.1 Protocol endpoint, a Graph Store Protocol endpoint and a query page.

`create_app` puts together the routes of `unkg.web.routes` (one module per protocol):

- ``/sparql``: queries by GET (``?query=``), by POST form (``query=``) or by POST
  ``application/sparql-query``; SPARQL Update by POST ``application/sparql-update`` or form
  ``update=`` (only with ``allow_update`` and the bearer token). Without a query, GET answers
  with the service description (RDF) or the query page (HTML), by the Accept header.
- ``/store``: the SPARQL 1.1 Graph Store Protocol (GET ``?graph=IRI`` or ``?default``;
  PUT, POST and DELETE only with ``allow_update`` and the token).
- ``/``: the query page (YASGUI with a gallery of example queries); ``/graph``: the graph view;
  ``/health``: ``{"status", "quads", "reports"}``.

The default graph of a query is the merge of all named graphs (the reference graph and one per
report; each triple once) unless the query says FROM / FROM NAMED, or the request gives
``default-graph-uri`` / ``named-graph-uri``; with ``Settings.union_default_graph`` off it is
empty. Writes addressed to the default graph itself are refused (`unkg.graph.merge`).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from unkg import __version__
from unkg.api import Store
from unkg.settings import Settings
from unkg.web.accesslog import AccessLog
from unkg.web.endpoint import Endpoint
from unkg.web.fastpath import FastSparql
from unkg.web.page import STATIC
from unkg.web.pool import Runner
from unkg.web.request import Problem, text_response
from unkg.web.routes import graph_store, health, pages, sparql


def create_app(
    store: Store,
    settings: Settings | None = None,
    runner: Runner | None = None,
    warm: bool = True,
) -> FastAPI:
    """The FastAPI app serving `store` with `settings` (default: read-only, 10 s, 10 000 rows);
    its queries run on `runner`, by default the one `Endpoint` chooses for the store. `warm`:
    prepare the default graph view at start-up (seconds of CPU on a large store)."""
    settings = settings or Settings()
    ep = Endpoint(store, settings, runner)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await ep.runner.start()
        if warm:
            pages.warm_graph(ep)
        yield
        ep.close()

    app = FastAPI(
        title="unkg SPARQL endpoint",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.endpoint = ep
    app.add_exception_handler(Problem, _problem)
    if settings.cors_origins:
        _allow_cors(app, settings)
    for routes in (pages, sparql, health, graph_store):
        app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(FastSparql, endpoint=ep)  # GET /sparql queries, in front of the app
    app.add_middleware(AccessLog)  # outermost: times everything, CORS included
    return app


async def _problem(request: Request, exc: Problem) -> Response:
    prior = getattr(request.state, "note", "")
    request.state.note = f"error {exc.status}" + (f" ({prior})" if prior else "")
    return text_response(exc.status, exc.message, exc.headers)


def _allow_cors(app: FastAPI, settings: Settings) -> None:
    methods = ["GET", "POST", "PUT", "DELETE"] if settings.allow_update else ["GET", "POST"]
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=[*methods, "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "Authorization"],
        max_age=600,
    )


__all__ = ["Settings", "create_app"]
