"""What a plan file is, before it is read: its formats, its size limit, and what
reading one gives (:class:`LoadResult`).

Kept apart from the readers (:mod:`actionplan.files.load`) and their YAML, TOML and
JSON machinery, so that what only needs these — the cache of parsed plans
(:mod:`actionplan.files.cache`) reading a plan it has seen before — loads none of it.
Everything here is re-exported by :mod:`actionplan.files.load`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final, Literal, TypeAlias

import attrs

from actionplan.errors import PlanFileError, Problem
from actionplan.model import ActionPlan

__all__ = ["FORMATS", "MAX_BYTES", "Format", "LoadResult", "format_of", "read_limited"]

Format: TypeAlias = Literal["yaml", "toml", "json"]
FORMATS: Final[tuple[Format, ...]] = ("yaml", "toml", "json")
"""The plan-file formats."""

_SUFFIXES: Final[dict[str, Format]] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".json": "json",
}

MAX_BYTES: Final = 16 * 1024 * 1024
"""The largest plan file read by default (16 MiB; a plan of 20,000 tasks is about 6 MiB).

A larger file is refused before it is parsed; pass ``max_bytes`` to read one.
"""


@attrs.frozen
class LoadResult:
    """A plan read from a file, with the warnings found on the way.

    ``warnings`` are problems of severity warning (a deadline before the plan's date
    of issue …), each located in the file; errors are raised, never returned.
    """

    plan: ActionPlan
    warnings: tuple[Problem, ...] = ()
    file: str | None = None
    format: Format = "yaml"


def format_of(path: str | os.PathLike[str]) -> Format:
    """The format a file name's suffix says: ``.yaml``/``.yml``, ``.toml``, ``.json``.

    >>> format_of("plans/kh45.yml")
    'yaml'
    """
    suffix = Path(path).suffix.lower()
    fmt = _SUFFIXES.get(suffix)
    if fmt is None:
        raise PlanFileError(
            [
                Problem(
                    f"cannot tell the format of the file from its suffix {suffix or '(none)'!r}",
                    file=os.fspath(path),
                    expected="a name ending in .yaml, .yml, .toml or .json",
                    hint="rename the file, or pass format='yaml' (or 'toml', 'json')",
                )
            ],
            file=os.fspath(path),
        )
    return fmt


def _check_format(fmt: str, source: str | None) -> Format:
    if fmt not in FORMATS:
        raise PlanFileError(
            [
                Problem(
                    f"unknown plan-file format {fmt!r}",
                    file=source,
                    expected="yaml, toml or json",
                )
            ],
            file=source,
        )
    return fmt


def _check_size(size: int, max_bytes: int, source: str | None) -> None:
    if size > max_bytes:
        raise PlanFileError(
            [
                Problem(
                    f"the file is larger than {max_bytes:,} bytes, the limit for plan files",
                    file=source,
                    hint="split the plan into several files, or pass max_bytes= to read it",
                )
            ],
            file=source,
        )


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a file, at most ``max_bytes + 1`` of them (one more than allowed,
    so that :func:`_check_size` can tell a file that is too large).

    The buffer is sized from the file's own size, not from the limit: reading a small
    plan does not set aside the whole limit (16 MiB) first.
    """
    limit = max_bytes + 1
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        raw = stream.read(min(size + 1, limit) if size > 0 else limit)
        if len(raw) < limit and size > 0 and len(raw) > size:  # it grew meanwhile
            raw += stream.read(limit - len(raw))
    return raw
