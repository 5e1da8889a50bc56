"""The error every reader raises for a file it cannot read as a report."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """A file could not be read as a report."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
