"""The error of the store and of its loader (`unkg.graph.store`, `unkg.graph.loader`), here so
the loader, which the store hands out, can raise it without importing the store."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be opened or changed; the message says which and why."""
