"""Reading an HTTP request the way the SPARQL protocols want it, and `Problem`, the error a
route raises to answer with a status and a plain-text message.

Every helper here answers a malformed request with a `Problem` naming what is wrong."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import PlainTextResponse
from starlette.requests import ClientDisconnect

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class Problem(Exception):
    """An HTTP error with a plain-text message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def text_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def media_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


async def body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, at most `limit` bytes, arrived within `timeout` seconds."""
    try:
        return await asyncio.wait_for(_read_body(request, limit), timeout)
    except asyncio.TimeoutError:
        raise Problem(
            408,
            f"the request body did not arrive within {timeout:g} s",
            {"Connection": "close"},  # the rest of the body may still come: not a new request
        ) from None
    except ClientDisconnect:
        request.state.note = "client went away while sending the body"
        raise Problem(400, "the request body ended before its Content-Length") from None


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise Problem(
            413,
            f"request body of {length} bytes is larger than this server's limit of {limit} bytes",
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"request body is larger than this server's limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"{what} is not valid UTF-8: {exc}") from None


def check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset and charset.replace("-", "").replace("_", "") != "utf8":
        raise Problem(415, f"charset={charset} is not supported; send UTF-8")


def form(data: bytes) -> dict[str, list[str]]:
    text = utf8(data, "the form")
    try:
        return parse_qs(
            text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError as exc:
        raise Problem(400, f"the form is not valid UTF-8: {exc}") from None


def merge(*sources: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for src in sources:
        for k, values in src.items():
            out.setdefault(k, []).extend(values)
    return out


def query_params(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        out.setdefault(k, []).append(v)
    return out


def graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """The values of a graph parameter, each checked to be an absolute IRI (400 if not)."""
    values = params.get(name)
    for value in values or ():
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise Problem(400, f"{name}={value!r} is not an absolute IRI: {exc}") from None
    return values


def one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise Problem(400, f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None
