"""Plan files: YAML (the main format), TOML and JSON, read and written losslessly.

- :func:`load_plan` / :func:`loads_plan` read a plan; :func:`read_plan` /
  :func:`reads_plan` also return its warnings (:class:`LoadResult`);
- :func:`dump_plan` / :func:`dumps_plan` write one (atomically; a YAML file keeps
  its comments);
- :func:`check_plan` checks a plan as a whole;
- :func:`load_document` / :func:`save_document` edit a YAML file in place
  (:class:`PlanDocument`: ruamel round-trip data and the plan);
- :func:`plan_schema` is the JSON Schema of plan files, for editors.

Every problem in a file is reported at once, each with its file, line, column and
field path: :class:`~actionplan.errors.PlanSyntaxError` for a file that is not
well-formed, :class:`~actionplan.errors.PlanContentError` for a plan that is not
valid.
"""

from __future__ import annotations

from actionplan.files.document import (
    PlanDocument,
    dumps_document,
    load_document,
    loads_document,
    save_document,
)
from actionplan.files.dump import dump_plan, dumps_plan
from actionplan.files.integrity import check_plan
from actionplan.files.load import (
    FORMATS,
    MAX_BYTES,
    LoadResult,
    format_of,
    load_plan,
    loads_plan,
    read_plan,
    reads_plan,
)
from actionplan.files.schema import SCHEMA_PATH, plan_schema

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "SCHEMA_PATH",
    "LoadResult",
    "PlanDocument",
    "check_plan",
    "dump_plan",
    "dumps_document",
    "dumps_plan",
    "format_of",
    "load_document",
    "load_plan",
    "loads_document",
    "loads_plan",
    "plan_schema",
    "read_plan",
    "reads_plan",
    "save_document",
]
