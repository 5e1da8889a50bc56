"""Exporting a store (or one report) to a file or to bytes, in a format of the registry."""

from __future__ import annotations

from pathlib import Path

from unkg.api.stores import _reader
from unkg.graph.export import EXPORTS
from unkg.graph.export import export as _export
from unkg.graph.files import atomic_write
from unkg.graph.store import Store


def export(
    store: Store | str | Path | None,
    fmt: str,
    out: str | Path | None = None,
    *,
    report: str | None = None,
) -> Path | bytes:
    """Export to a file (written atomically) or, with `out=None`, return the bytes."""
    st = _reader(store)
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTS)}")
    if out is None:
        import io

        buf = io.BytesIO()
        _export(st, fmt, buf, report)
        return buf.getvalue()
    with atomic_write(out) as fh:
        _export(st, fmt, fh, report)
    return Path(out)
