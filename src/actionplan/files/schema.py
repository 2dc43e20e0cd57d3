"""The JSON Schema of plan files, shipped in the package for editors.

Point an editor at it to have plan files checked and completed as you type. In VS
Code with the YAML extension, put this first line in a YAML plan file, with the path
:data:`SCHEMA_PATH` holds::

    # yaml-language-server: $schema=/path/to/actionplan/files/plan.schema.json

In a JSON plan file, a top-level ``"$schema"`` key does the same (the loader ignores
that key).

>>> plan_schema()["title"]
'actionplan plan file'
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from pathlib import Path
from typing import Any, Final

__all__ = ["SCHEMA_PATH", "plan_schema"]

_RESOURCE = importlib.resources.files("actionplan.files").joinpath("plan.schema.json")

SCHEMA_PATH: Final = Path(str(_RESOURCE))
"""Where the schema file is installed (``plan.schema.json`` beside this module)."""


@functools.cache
def _schema_text() -> str:
    return _RESOURCE.read_text(encoding="utf-8")


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of plan files, as a fresh dictionary."""
    data: dict[str, Any] = json.loads(_schema_text())
    return data
