"""Writing output files atomically: a temporary file beside the target, then a rename.

A crash or a full disk never leaves a half-written export where the user expects a
whole one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask can only be read by setting it


@contextlib.contextmanager
def atomic_write(path: str | Path) -> Iterator[BinaryIO]:
    """Open a binary stream whose content replaces `path` only when the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(0o666 & ~_UMASK)  # mkstemp makes it private; give the usual mode
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(tmp).unlink()
        raise


def write_text(path: str | Path, text: str) -> Path:
    """`text` written to `path` atomically, in UTF-8; the path written."""
    with atomic_write(path) as fh:
        fh.write(text.encode("utf-8"))
    return Path(path)
