"""Mandate histories and the missions active at a date, as rows or CSV/JSON text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from unkg.api.stores import _reader
from unkg.graph.store import Store
from unkg.graph.timeline import Act, Active


def timeline(mission: str, *, store: Store | str | Path | None = None) -> list[Act]:
    """The mandate history of `mission` (acronym, name or IRI): each act the reports state
    (established, extended, modified, terminated), its resolution, adoption date, the date the
    mandate then runs until, and the report, paragraph and sentence that state it; oldest first.
    A ValueError names a mission the store does not know."""
    from unkg.graph.timeline import history

    return history(_reader(store), mission)


def active_missions(
    date: str | None = None,
    *,
    year: int | None = None,
    until: str | None = None,
    store: Store | str | Path | None = None,
) -> list[Active]:
    """The missions active on `date` (YYYY, YYYY-MM or YYYY-MM-DD), at any time from `date` to
    `until`, or at any time in `year`, by the reference dates, with their hosts."""
    from unkg.graph.timeline import active

    if (date is None) == (year is None):
        raise ValueError("give a date or a year, not both")
    if year is not None:
        return active(_reader(store), f"{year:04d}")
    return active(_reader(store), date, until)


def timeline_text(rows: Sequence[Act] | Sequence[Active], fmt: str, kind: str | None = None) -> str:
    """`timeline` or `active_missions` rows as CSV or JSON text, for spreadsheets and plotting;
    `kind` ("history" or "active") says which, so that a CSV of no rows has the right header."""
    from unkg.graph.timeline import serialize

    return serialize(rows, fmt, kind)
