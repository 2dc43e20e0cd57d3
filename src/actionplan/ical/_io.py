"""Writing calendar files: atomically, and only when their content changed."""

from __future__ import annotations

import contextlib
from pathlib import Path

from actionplan._atomic import atomic_write_bytes

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` crash-safely
    (:func:`actionplan._atomic.atomic_write_bytes`: a hidden temporary file beside
    it, synced, then renamed over it).

    Returns False, and leaves the file and its modification time alone, when it
    already holds ``data``.
    """
    with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
        if path.read_bytes() == data:
            return False
    atomic_write_bytes(path, data)
    return True
