"""The error every reader raises for a file it cannot read as a report."""

from __future__ import annotations

from pathlib import Path


def printable(path: str | Path) -> str:
    """A path as valid Unicode: bytes of a name that are not UTF-8 (a file named on a GBK or
    Big5 system) become \\xNN escapes, so the name can be stored, printed and serialized."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class ReadError(Exception):
    """A file could not be read as a report."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{printable(path)}: {reason}")
        self.path = str(path)
        self.reason = reason


def failure_reason(exc: BaseException) -> str:
    """Why one file failed, for the build table: a `ReadError`'s reason as it is; any other
    exception (a reader library's NotImplementedError, a RecursionError …) with its type,
    because to the user it is still that one file's failure, not the build's."""
    if isinstance(exc, ReadError):
        return exc.reason
    if isinstance(exc, (ValueError, OSError)):
        return str(exc) or type(exc).__name__
    detail = f": {exc}" if str(exc) else ""
    return f"could not be read ({type(exc).__name__}{detail})"
