"""Writing plan files: YAML (readable, comments kept), TOML and JSON.

Files are short: defaults are left out (empty lists, nothing, ``false``, normal
priority). YAML is written in block style with Vietnamese text as is, dates as
plain ISO dates, keys in the schema's order, short lists and deadline mappings in
flow style, and texts of several lines as literal blocks. Writing to a YAML file
that exists keeps its comments, key order, quoting and layout
(``keep_comments=True``): only what changed is rewritten.

Every write is atomic: a temporary file in the same directory, synced, then renamed
over the target; a reader never sees half a file.

>>> from actionplan.model import ActionPlan, Task
>>> print(dumps_plan(ActionPlan("kh45", "Kế hoạch 45", tasks=[
...     Task("t1", "Tuyên truyền", lead="cb1", coordinating=["cb2", "vp"])])), end="")
plan:
  id: kh45
  title: Kế hoạch 45
<BLANKLINE>
tasks:
  - id: t1
    title: Tuyên truyền
    lead: cb1
    coordinating: [cb2, vp]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any, Final

import tomli_w

from actionplan._atomic import atomic_write_bytes
from actionplan.files import _yaml
from actionplan.files._formats import FORMATS, MAX_BYTES, Format, _check_format, format_of
from actionplan.files.convert import plan_to_data
from actionplan.files.document import merged_yaml
from actionplan.model import ActionPlan

__all__ = ["dump_plan", "dumps_plan"]


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")  # pragma: no cover


_KEEP_HEADER: Final = re.compile(r"(?:^|[:-] )[|>](?:[1-9]?\+|\+[1-9]?)$")
"""The header of a block scalar that keeps its final line breaks (``note: |+``)."""


def _yaml_text(data: dict[str, Any]) -> str:
    """The YAML text of ``data``, with a blank line before each top-level key after
    the first, for the eye.

    No blank line is added after a ``|+`` block, whose trailing blank lines are part
    of its text (one more would change it), nor before the document end ``...``:

    >>> print(_yaml_text({"plan": {"id": "a", "objective": "x\\n\\n"}, "tasks": []}))
    plan:
      id: a
      objective: |+
        x
    <BLANKLINE>
    tasks: []
    <BLANKLINE>
    """
    out: list[str] = []
    keep_column: int | None = None  # the column of the open ``|+`` block's header line
    for line in _yaml.dump_text(_yaml.fresh(data)).split("\n"):
        body = line.lstrip(" ")
        column = len(line) - len(body)
        after_keep = False
        if body and keep_column is not None and column <= keep_column:
            after_keep, keep_column = True, None
        if out and body and not column and body[0] not in "-#." and not after_keep:
            out.append("")
        if body and keep_column is None and _KEEP_HEADER.search(body):
            keep_column = column
        out.append(line)
    return "\n".join(out)


def dumps_plan(plan: ActionPlan, format: Format = "yaml") -> str:
    """The plan as the text of a plan file in ``format`` (``yaml``, ``toml``, ``json``).

    Reading the text back gives the same plan.
    """
    fmt = _check_format(format, None)
    data = plan_to_data(plan)
    if fmt == "yaml":
        return _yaml_text(data)
    if fmt == "toml":
        return tomli_w.dumps(data)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def dump_plan(
    plan: ActionPlan,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    keep_comments: bool = True,
) -> None:
    """Write the plan to a file, atomically; the format comes from the suffix.

    When the file exists and is YAML, ``keep_comments`` (the default) keeps its
    comments, key order, quoting and layout and rewrites only what changed; a file
    that is not readable YAML is replaced.
    """
    fmt = _check_format(format, os.fspath(path)) if format is not None else format_of(path)
    assert fmt in FORMATS
    data: bytes | None = None
    if fmt == "yaml" and keep_comments:
        try:
            with open(path, "rb") as stream:
                existing = stream.read(MAX_BYTES + 1)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            existing = None
        if existing is not None and len(existing) <= MAX_BYTES:
            data = merged_yaml(existing, plan)
    if data is None:
        data = dumps_plan(plan, fmt).encode("utf-8")
    atomic_write_bytes(path, data)
