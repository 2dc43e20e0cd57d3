"""Plan files: YAML (the main format), TOML and JSON, read and written losslessly.

- :func:`load_plan` / :func:`loads_plan` read a plan; :func:`read_plan` /
  :func:`reads_plan` also return its warnings (:class:`LoadResult`);
- :func:`dump_plan` / :func:`dumps_plan` write one (atomically; a YAML file keeps
  its comments);
- :func:`check_plan` checks a plan as a whole;
- :func:`record_progress` / :func:`extend_deadline` add an update or an extension
  to a plan file in place, atomically and under a lock;
- :func:`load_document` / :func:`save_document` edit a YAML file in place
  (:class:`PlanDocument`: ruamel round-trip data and the plan);
- :func:`plan_schema` is the JSON Schema of plan files, for editors;
- :class:`PlanCache` keeps plans already read, by the content of their file
  (``load_plan(path, cache=True)`` reads through it).

Every problem in a file is reported at once, each with its file, line, column and
field path: :class:`~actionplan.errors.PlanSyntaxError` for a file that is not
well-formed, :class:`~actionplan.errors.PlanContentError` for a plan that is not
valid.

Names are loaded on first use, so that reading a plan from the cache loads none of
the YAML, TOML and JSON machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "FORMATS": "actionplan.files._formats",
    "MAX_BYTES": "actionplan.files._formats",
    "LoadResult": "actionplan.files._formats",
    "format_of": "actionplan.files._formats",
    "PlanCache": "actionplan.files.cache",
    "PlanDocument": "actionplan.files.document",
    "dumps_document": "actionplan.files.document",
    "load_document": "actionplan.files.document",
    "loads_document": "actionplan.files.document",
    "save_document": "actionplan.files.document",
    "dump_plan": "actionplan.files.dump",
    "dumps_plan": "actionplan.files.dump",
    "extend_deadline": "actionplan.files.edit",
    "record_progress": "actionplan.files.edit",
    "check_plan": "actionplan.files.integrity",
    "load_plan": "actionplan.files.load",
    "loads_plan": "actionplan.files.load",
    "read_plan": "actionplan.files.load",
    "reads_plan": "actionplan.files.load",
    "SCHEMA_PATH": "actionplan.files.schema",
    "plan_schema": "actionplan.files.schema",
}

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "SCHEMA_PATH",
    "LoadResult",
    "PlanCache",
    "PlanDocument",
    "check_plan",
    "dump_plan",
    "dumps_document",
    "dumps_plan",
    "extend_deadline",
    "format_of",
    "load_document",
    "load_plan",
    "loads_document",
    "loads_plan",
    "plan_schema",
    "read_plan",
    "reads_plan",
    "record_progress",
    "save_document",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from actionplan.files._formats import FORMATS, MAX_BYTES, LoadResult, format_of
    from actionplan.files.cache import PlanCache
    from actionplan.files.document import (
        PlanDocument,
        dumps_document,
        load_document,
        loads_document,
        save_document,
    )
    from actionplan.files.dump import dump_plan, dumps_plan
    from actionplan.files.edit import extend_deadline, record_progress
    from actionplan.files.integrity import check_plan
    from actionplan.files.load import load_plan, loads_plan, read_plan, reads_plan
    from actionplan.files.schema import SCHEMA_PATH, plan_schema
