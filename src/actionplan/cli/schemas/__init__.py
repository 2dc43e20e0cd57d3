"""JSON Schemas (draft 2020-12) of what the commands print with ``--format json``.

One file per output, installed with the package beside this module: ``status.json``
(also ``report --format json``), ``due.json``, ``validate.json``, ``import.json``,
``deadline.json``, ``ref.json``, ``workdays-add.json``, ``workdays-check.json``,
``workdays-list.json``, ``update.json``, ``extend.json``, ``ics.json``,
``report.json`` (``report -o FILE --summary json``), ``init.json`` and
``sync.json``. Each has an ``$id`` under :data:`BASE_URI`; ``due.json`` refers to
``status.json`` for its rows.

Every output is a JSON object whose first key, ``schema``, names its shape and
version: ``"actionplan.<output>/<version>"`` (:data:`SCHEMA_IDS`). A change that
removes or renames a key bumps the version; a new key does not. The schemas do not
forbid keys they do not name: tools should ignore keys they do not know.

>>> output_schema("status")["properties"]["schema"]
{'const': 'actionplan.status/1'}
>>> schema_id("workdays-list")
'actionplan.workdays-list/1'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from actionplan.errors import ReportError

__all__ = ["BASE_URI", "OUTPUTS", "SCHEMA_IDS", "output_schema", "schema_id"]

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

SCHEMA_IDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "deadline": "actionplan.deadline/1",
        "due": "actionplan.due/1",
        "extend": "actionplan.extend/1",
        "ics": "actionplan.ics/1",
        "import": "actionplan.import/1",
        "init": "actionplan.init/1",
        "ref": "actionplan.ref/1",
        "report": "actionplan.report/1",
        "status": "actionplan.status/1",
        "sync": "actionplan.sync/1",
        "update": "actionplan.update/1",
        "validate": "actionplan.validate/1",
        "workdays-add": "actionplan.workdays-add/1",
        "workdays-check": "actionplan.workdays-check/1",
        "workdays-list": "actionplan.workdays-list/1",
    }
)
"""The ``schema`` key of each output: its name and the version of its shape."""


def _unknown(name: str) -> ReportError:
    return ReportError(
        f"no JSON Schema for the output {name!r}; the outputs with one are: " + ", ".join(OUTPUTS)
    )


def schema_id(name: str) -> str:
    """The ``schema`` key that the output ``name`` (one of :data:`OUTPUTS`) carries.

    >>> schema_id("due")
    'actionplan.due/1'
    """
    found = SCHEMA_IDS.get(name)
    if found is None:
        raise _unknown(name)
    return found


def output_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the output ``name`` (one of :data:`OUTPUTS`), as a fresh
    dictionary. Raises :class:`~actionplan.errors.ReportError` (a ``ValueError``)
    for another name, listing the outputs that have a schema.

    >>> output_schema("ref")["$id"] == BASE_URI + "ref.json"
    True
    >>> output_schema("nothing")
    Traceback (most recent call last):
    ...
    actionplan.errors.ReportError: no JSON Schema for the output 'nothing'; the outputs with one are: deadline, ...
    """  # noqa: E501  (a doctest traceback is one line)
    if name not in OUTPUTS:
        raise _unknown(name)
    import importlib.resources  # here: the commands only need schema_id
    import json

    resource = importlib.resources.files(__name__).joinpath(f"{name}.json")
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data
