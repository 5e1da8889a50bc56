"""``/health``: ``{"status", "quads", "reports"}``, counted once per store version on a thread
of its own, so it never waits behind a heavy page or a query."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from unkg.web.request import Problem
from unkg.web.routes import endpoint

router = APIRouter()


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    try:
        quads, reports = await endpoint(request).health_counts()
    except asyncio.TimeoutError:
        raise Problem(503, "the store is still being counted; try again in a moment") from None
    return JSONResponse({"status": "ok", "quads": quads, "reports": reports})
