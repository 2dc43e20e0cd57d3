"""JSON Schemas (draft 2020-12) of what the commands print with ``--format json``.

One file per output, installed with the package beside this module: ``status.json``
(``actionplan.status/1``, also ``report --format json``), ``due.json``
(``actionplan.due/1``), ``validate.json``, ``import.json``, ``deadline.json``,
``ref.json``, ``workdays-add.json``, ``workdays-check.json``, ``workdays-list.json``,
``update.json``, ``extend.json``, ``ics.json``, ``report.json`` (``report -o FILE
--summary json``), ``init.json`` and ``sync.json``. Each has an ``$id`` under
:data:`BASE_URI`; ``due.json`` refers to ``status.json`` for its rows.

The schemas do not forbid keys they do not name: within a version, a new key may
be added to an output, and tools should ignore keys they do not know.

>>> output_schema("status")["properties"]["schema"]
{'const': 'actionplan.status/1'}
>>> "workdays-list" in OUTPUTS
True
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any, Final

__all__ = ["BASE_URI", "OUTPUTS", "output_schema"]

BASE_URI: Final = "https://github.com/actionplan/actionplan/raw/main/src/actionplan/cli/schemas/"
"""The base of every schema's ``$id``: ``BASE_URI + "status.json"``."""

OUTPUTS: Final = (
    "deadline",
    "due",
    "extend",
    "ics",
    "import",
    "init",
    "ref",
    "report",
    "status",
    "sync",
    "update",
    "validate",
    "workdays-add",
    "workdays-check",
    "workdays-list",
)
"""The outputs that have a schema, by file name without ``.json``."""


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the output ``name`` (one of :data:`OUTPUTS`), as a fresh
    dictionary.

    >>> output_schema("ref")["$id"] == BASE_URI + "ref.json"
    True
    >>> output_schema("nothing")
    Traceback (most recent call last):
    ...
    ValueError: no JSON Schema for the output 'nothing'; the outputs with one are: deadline, ...
    """
    if name not in OUTPUTS:
        raise ValueError(
            f"no JSON Schema for the output {name!r}; the outputs with one are: "
            + ", ".join(OUTPUTS)
        )
    resource = importlib.resources.files(__name__).joinpath(f"{name}.json")
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data
