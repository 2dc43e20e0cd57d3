"""Fuzzing the plan-file readers: YAML, TOML and JSON, as text and as bytes.

Four kinds of input reach different depths of the reader:

- arbitrary bytes and text (the decoder and the parsers' error paths);
- text made of each format's own syntax (YAML anchors, aliases, tags, flow and
  block collections, escapes; TOML tables and arrays; JSON objects) — the safety
  gate and the locators that place errors;
- the reference plan written in each format with its bytes flipped, cut or
  duplicated;
- the reference plan's data with its values swapped for values of the wrong type,
  keys dropped, added or duplicated, then written in each format — the converter
  and the plan-wide checks.

Each test proves that :func:`~actionplan.files.loads_plan` (and the round-trip
reader :func:`~actionplan.files.loads_document`, which edits files in place)
either returns a plan or raises :class:`~actionplan.errors.PlanFileError`
(:class:`~actionplan.errors.PlanSyntaxError`,
:class:`~actionplan.errors.PlanContentError`); and that a plan it returns can be
written in every format and read back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import tomli_w
import yaml
from fuzz_support import attempt, fuzz_settings, mutated, phrase_text
from hypothesis import given
from hypothesis import strategies as st

from actionplan.errors import PlanFileError
from actionplan.files import dumps_plan, loads_document, loads_plan
from actionplan.files.load import Format
from actionplan.model import ActionPlan

REFERENCE = Path(__file__).parents[2] / "examples" / "reference" / "plan.yaml"
REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")
REFERENCE_PLAN = loads_plan(REFERENCE_TEXT)
FORMS: dict[Format, bytes] = {
    "yaml": REFERENCE_TEXT.encode("utf-8"),
    "toml": dumps_plan(REFERENCE_PLAN, "toml").encode("utf-8"),
    "json": dumps_plan(REFERENCE_PLAN, "json").encode("utf-8"),
}
FORMATS: tuple[Format, ...] = ("yaml", "toml", "json")


def _plain(value: Any) -> Any:
    """YAML data as JSON data: dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


REFERENCE_DATA: dict[str, Any] = _plain(yaml.safe_load(REFERENCE_TEXT))

KEYS = (
    "plan", "units", "tasks", "sections", "targets", "id", "title", "name", "kind",
    "lead", "coordinating", "deadline", "deliverable", "note", "updates", "extensions",
    "depends_on", "section", "parent", "key", "priority", "tags", "date", "state",
    "percent", "to", "by", "reason", "issued_on", "issuer", "number", "implements",
    "period", "policy", "before", "due_soon_days", "period_convention", "timezone",
    "calendar", "events", "text", "every", "months", "day", "weekday", "first",
    "start", "until", "ongoing", "undated", "follows", "after", "days", "working",
    "end_of", "year", "index", "event", "time", "roll", "interval", "indicator",
    "measure", "value", "at_least", "reports", "objective", "place", "subject",
    "email", "name_en", "source", "assumptions", "$schema", "dealine", "",
)  # fmt: skip
ENUMS = (
    "plan", "resolution", "directive", "done", "in_progress", "not_started",
    "suspended", "cancelled", "strict", "inclusive", "calendar", "window", "monthly",
    "yearly", "weekly", "daily", "quarter", "half", "nine_months", "month", "year",
    "issued", "received", "asap", "on_request", "follows", "unspecified", "high",
    "low", "normal", "party_cell", "monday", "friday", "tet", "dai_hoi", "other",
)  # fmt: skip
WEIRD_TEXT = (
    "2024-02-30", "2024-12-15", "31/02/2025", "Quý III/2024", "2024-H2", "2024-Q5",
    "45-KH/ĐU", "t1", "t2", "cb1", "dang-uy", "kh-45-2024", "Asia/Ho_Chi_Minh",
    "Mars/Olympus", "FREQ=MONTHLY;BYMONTHDAY=19", "trước ngày 20 hằng tháng",
    "thường xuyên", " ", "", "x" * 300, "\u0000", "\x01", "\ud800", "\ufeff", "NaN",
    "1e400", "-0", "9" * 5000, "a\nb", "{", "*a", "&a", "!!python/object", "<<",
)  # fmt: skip

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, 1, 12, 13, 100, 101, 1899, 2024, 10000, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(KEYS + ENUMS + WEIRD_TEXT),
    st.text(max_size=20),
)
VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (the root excluded)."""
    out: list[tuple[Any, ...]] = []
    if isinstance(data, dict | list):
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            out.append((*prefix, key))
            out.extend(_paths(value, (*prefix, key)))
    return out


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The reference plan's data with a few values replaced, removed, added or
    duplicated (ids then clash)."""
    data = json.loads(json.dumps(REFERENCE_DATA))
    for _ in range(draw(st.integers(1, 6))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _at(data, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "replace", "delete", "add", "duplicate"]))
        if op == "replace":
            parent[key] = draw(VALUES)
        elif op == "delete":
            del parent[key]
        elif op == "add":
            target = parent[key]
            if isinstance(target, dict):
                target[draw(st.sampled_from(KEYS))] = draw(VALUES)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), draw(VALUES))
            else:
                parent[key] = draw(VALUES)
        elif isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
    return data


def _write(data: Any, fmt: Format) -> str | None:
    """``data`` as text in ``fmt``; ``None`` when the format cannot hold it (TOML has
    no null, and needs a table at the top)."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False)
    if fmt == "yaml":
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        return tomli_w.dumps(data) if isinstance(data, dict) else None
    except (TypeError, ValueError):
        return None


def _load(text: str | bytes, fmt: Format) -> ActionPlan | None:
    """The plan read from ``text``; ``None`` when a PlanFileError was raised."""
    plan = attempt(lambda: loads_plan(text, fmt, source=f"fuzz.{fmt}"), PlanFileError)
    if isinstance(plan, PlanFileError):
        assert plan.problems, "a PlanFileError names at least one problem"
        assert str(plan)
        return None
    return plan


def _round_trips(plan: ActionPlan) -> None:
    """A plan that was read can be written in every format and read back the same."""
    for fmt in FORMATS:
        assert loads_plan(dumps_plan(plan, fmt), fmt) == plan, fmt


YAML_SYNTAX = (
    "plan:", "tasks:", "units:", "id:", "title:", "- ", "-", ": ", ":", "? ", "{", "}",
    "[", "]", ",", "&a ", "*a", "&b", "*b", "<<: ", "<<: *a", "!!python/object:os.system",
    "!!python/name:eval", "!!binary", "!!set", "!!omap", "!foo", "!<tag:x>", "!!str ",
    "!!int", "!!timestamp", "|", ">", "|-", ">+", "'", '"', '"\\x01"', '"\\ud800"',
    '"\\U0010ffff"', '"\\0"', "#", "%YAML 1.1", "%TAG ! tag:x,2024:", "---", "...",
    "\n", "\n  ", "\n    ", "\t", "2024-02-30", "2024-12-15", "0x1F", "0o17", "010",
    "1e400", ".nan", ".inf", "yes", "no", "~", "null", "9" * 4400, "t1", "cb1",
)  # fmt: skip
TOML_SYNTAX = (
    "[plan]", "[[tasks]]", "[[units]]", "[plan.policy]", "id = ", "title = ", "=", "\n",
    '"', "'", '"""', "'''", "[", "]", "{", "}", ",", ".", "2024-12-15", "2024-02-30",
    "1979-05-27T07:32:00Z", "07:32:00", "inf", "nan", "+", "-", "0x", "1_000",
    "9" * 4400, '"\\u0001"', '"\\ud800"', "true", "t1", "#",
)  # fmt: skip
JSON_SYNTAX = (
    "{", "}", "[", "]", ",", ":", '"plan"', '"tasks"', '"id"', '"title"', '"t1"',
    '"units"', '"deadline"', "null", "true", "false", "NaN", "Infinity", "-Infinity",
    "1e400", "-0", "9" * 4400, '"\\ud800"', '"\\u0000"', '"\\x"', '"', "\\", " ", "\n",
)  # fmt: skip
SYNTAX: dict[Format, tuple[str, ...]] = {
    "yaml": YAML_SYNTAX,
    "toml": TOML_SYNTAX,
    "json": JSON_SYNTAX,
}


@fuzz_settings(300)
@given(fmt=st.sampled_from(FORMATS), data=st.data())
def test_loads_plan_on_format_syntax_reads_or_raises_plan_file_error(
    fmt: Format, data: st.DataObject
) -> None:
    """Text made of the format's own syntax is read as a plan or refused with a
    PlanFileError; a plan read can be written and read back."""
    text = data.draw(phrase_text(SYNTAX[fmt], max_parts=40))
    plan = _load(text, fmt)
    if plan is not None:
        _round_trips(plan)


@fuzz_settings(200)
@given(fmt=st.sampled_from(FORMATS), raw=st.binary(max_size=300) | st.text(max_size=100))
def test_loads_plan_on_arbitrary_input_raises_plan_file_error(
    fmt: Format, raw: bytes | str
) -> None:
    """Arbitrary bytes or text are read as a plan (an empty-looking document may be
    one) or refused with a PlanFileError."""
    _load(raw, fmt)


@fuzz_settings(300)
@given(fmt=st.sampled_from(FORMATS), data=st.data())
def test_loads_plan_on_mutated_files_reads_or_raises_plan_file_error(
    fmt: Format, data: st.DataObject
) -> None:
    """The reference plan's file with bytes flipped, cut or duplicated is read or
    refused with a PlanFileError; a plan read can be written and read back."""
    raw = data.draw(mutated(FORMS[fmt]))
    plan = _load(raw, fmt)
    if plan is not None:
        _round_trips(plan)


@fuzz_settings(300)
@given(fmt=st.sampled_from(FORMATS), plan_data=mutated_data())
def test_loads_plan_on_mutated_data_reads_or_raises_plan_file_error(
    fmt: Format, plan_data: Any
) -> None:
    """The reference plan's data with values of the wrong type, missing or extra keys
    and clashing ids is read or refused with a PlanFileError, in every format; a
    plan read can be written and read back."""
    text = _write(plan_data, fmt)
    if text is None:
        return
    plan = _load(text, fmt)
    if plan is not None:
        _round_trips(plan)


@fuzz_settings(150)
@given(data=st.data())
def test_loads_document_on_mutated_yaml_reads_or_raises_plan_file_error(
    data: st.DataObject,
) -> None:
    """The round-trip reader (used to edit a file in place) reads or refuses what the
    fast reader does: a mutated reference file, or YAML syntax soup."""
    raw = data.draw(mutated(FORMS["yaml"]) | phrase_text(YAML_SYNTAX, max_parts=40))
    fast_ok = _load(raw, "yaml") is not None
    document = attempt(lambda: loads_document(raw), PlanFileError)
    if isinstance(document, PlanFileError):
        assert not fast_ok, "the round-trip reader refused what the fast reader read"
        return
    assert fast_ok, "the round-trip reader read what the fast reader refused"
    assert document.plan == loads_plan(raw)


def test_the_mutations_start_from_a_plan_that_loads() -> None:
    """The reference plan reads in every format, so the mutations start from a valid
    plan (a fuzz test over an unreadable seed would prove little)."""
    for fmt, raw in FORMS.items():
        assert loads_plan(raw, fmt) == REFERENCE_PLAN
    assert len(REFERENCE_DATA["tasks"]) > 10
