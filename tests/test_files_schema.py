"""The JSON Schema shipped for plan files: valid, complete, and true to the loader."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import actionplan.files as F
from actionplan.errors import PlanContentError
from actionplan.files.convert import DEADLINE_KEYS, KEYS
from actionplan.model import ActionPlan
from strategies import plans

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PLANS = sorted((ROOT / "examples").rglob("*.yaml"))


@functools.cache
def validator() -> jsonschema.protocols.Validator:
    """A validator of the shipped schema (checked itself first)."""
    schema = F.plan_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def as_json(data: Any) -> Any:
    """Data as a JSON editor sees it (dates as ISO strings)."""
    return json.loads(json.dumps(data, default=str))


def test_schema_is_valid_and_shipped() -> None:
    """The schema is a valid draft 2020-12 schema, installed beside the package."""
    assert F.SCHEMA_PATH.is_file()
    assert F.SCHEMA_PATH.name == "plan.schema.json"
    assert F.plan_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    schema = F.plan_schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)


@pytest.mark.parametrize("path", REFERENCE_PLANS, ids=lambda p: str(p.relative_to(ROOT)))
def test_reference_plans_validate(path: Path) -> None:
    """The reference plans are valid by the schema (as an editor reads them)."""
    assert REFERENCE_PLANS
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in validator().iter_errors(as_json(data))]
    assert errors == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_written_plans_validate(plan: ActionPlan) -> None:
    """Whatever the library writes is valid by the schema."""
    data = json.loads(F.dumps_plan(plan, "json"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


def _properties(schema: dict[str, Any], name: str) -> list[str]:
    return list(schema["$defs"][name]["properties"])


@pytest.mark.parametrize(
    ("definition", "keys"),
    [
        ("plan", "plan"),
        ("document", "document"),
        ("policy", "policy"),
        ("calendarChange", "calendar"),
        ("unit", "unit"),
        ("section", "section"),
        ("target", "target"),
        ("targetReport", "target_report"),
        ("task", "task"),
        ("update", "update"),
        ("extension", "extension"),
    ],
)
def test_schema_keys_are_the_loader_keys(definition: str, keys: str) -> None:
    """Each object of the schema has exactly the keys the loader knows, in the order
    the library writes them, each with a description."""
    schema = F.plan_schema()
    assert _properties(schema, definition) == list(KEYS[keys])
    for key, spec in schema["$defs"][definition]["properties"].items():
        assert spec.get("description"), f"{definition}.{key} has no description"


@pytest.mark.parametrize(
    ("definition", "discriminator"),
    [
        ("fixedDeadline", "date"),
        ("periodEndDeadline", "end_of"),
        ("relativeDeadline", "days"),
        ("recurringDeadline", "every"),
        ("ongoingDeadline", "ongoing"),
        ("undatedDeadline", "undated"),
        ("eventDeadline", "event"),
    ],
)
def test_schema_deadline_keys(definition: str, discriminator: str) -> None:
    """Each deadline mapping of the schema has the loader's keys and requires the key
    that tells its kind."""
    schema = F.plan_schema()
    assert _properties(schema, definition) == list(DEADLINE_KEYS[discriminator])
    assert discriminator in schema["$defs"][definition]["required"]


def test_top_level_keys() -> None:
    """The file's top-level keys are the loader's."""
    assert list(F.plan_schema()["properties"]) == list(KEYS["file"])


@pytest.mark.parametrize(
    "data",
    [
        {"plan": {"id": "a", "title": "A"}, "tasks": [{"id": "t1", "title": "B", "dealine": "x"}]},
        {"plan": {"id": "a"}},
        {
            "plan": {"id": "a", "title": "A"},
            "tasks": [{"id": "t1", "title": "B", "priority": "urgent"}],
        },
        {
            "plan": {"id": "a", "title": "A"},
            "tasks": [{"id": "t1", "title": "B", "deadline": {"every": "hourly"}}],
        },
        {"plan": {"id": "a", "title": "A", "issued_on": "08/06/2024x"}},
    ],
    ids=["unknown key", "missing title", "unknown priority", "unknown frequency", "bad date"],
)
def test_schema_rejects_what_the_loader_rejects(data: dict[str, Any]) -> None:
    """Mistakes the loader refuses, the schema flags too (so editors show them)."""
    assert list(validator().iter_errors(data))
    with pytest.raises(PlanContentError):
        F.loads_plan(json.dumps(data), "json")
