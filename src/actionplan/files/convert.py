"""The one converter between the model and plan-file data.

Plan files (YAML, TOML, JSON) all hold the same data: mappings, lists, text,
numbers, booleans and dates. This module turns that data into the model and back,
with one :class:`cattrs.Converter` (:data:`converter`); the model itself knows
nothing of files. File keys follow the shipped JSON Schema (``plan.schema.json``),
in its order; a few differ from the attribute names (an update's ``by`` is
``reported_by``, an extension's ``to`` is its new ``deadline``, the plan's
``number`` is its document's ``ref``, ``calendar`` is ``calendar_changes``).

Reading is strict, and every problem is kept: a wrong type, an unknown key (with
the nearest known one), a missing key, an impossible date, an unreadable deadline
phrase, a model invariant (the model's own message, with the field path) — each
becomes one :class:`~actionplan.errors.Problem`, and all are raised together.

Deadlines are written the way people write them: a date (``2024-12-15`` or
``15/12/2024``), a phrase (``Quý III/2024``, read by
:func:`actionplan.phrases.parse_deadline` and kept as written), or a mapping per
kind::

    {date: 2024-12-15, before: true}           # trước ngày 15/12/2024
    {end_of: quarter, year: 2024, index: 3}    # Quý III/2024
    {days: 10, working: true, after: issued}   # 10 ngày làm việc kể từ ngày ký
    {every: monthly, day: 19}                  # trước ngày 20 hằng tháng
    {ongoing: true}                            # thường xuyên
    {undated: asap}                            # khẩn trương
    {event: tet, year: 2025}                   # trước Tết Nguyên đán 2025

A deadline that has its text is written back as that text, so the file stays as
the user wrote it; one without text as its date or mapping.

>>> data = {"plan": {"id": "kh45", "title": "Kế hoạch 45", "issued_on": "06/8/2024"},
...         "tasks": [{"id": "t1", "title": "Báo cáo", "deadline": {"end_of": "year",
...                                                              "year": 2024}}]}
>>> plan = plan_from_data(data)
>>> plan.issued_on, plan.tasks[0].deadline.period.code
(datetime.date(2024, 8, 6), '2024')
>>> plan_to_data(plan)["tasks"]
[{'id': 't1', 'title': 'Báo cáo', 'deadline': {'end_of': 'year', 'year': 2024}}]
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import math
import re
import types
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from enum import Enum, StrEnum
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from actionplan.dates import parse_date
from actionplan.deadlines import (
    BeforePolicy,
    Deadline,
    EventDeadline,
    FixedDeadline,
    Frequency,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
    UndatedReason,
)
from actionplan.errors import (
    ActionPlanError,
    ParseError,
    PlanContentError,
    Severity,
    ValidationError,
)
from actionplan.files._issues import (
    FieldError,
    Issue,
    Segments,
    describe,
    known_list,
    nearest,
)
from actionplan.files.integrity import collect_issues
from actionplan.model import (
    DEFAULT_TIMEZONE,
    ActionPlan,
    Document,
    Extension,
    PlanPolicy,
    Priority,
    ProgressState,
    ProgressUpdate,
    Section,
    Target,
    TargetReport,
    Task,
    Unit,
    UnitKind,
)
from actionplan.periods import PeriodKind, ReportingPeriod
from actionplan.phrases import parse_deadline
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.reminders import AlarmSpec, format_alarms, parse_alarms
from actionplan.workdays import CalendarChange

__all__ = [
    "DEADLINE_KEYS",
    "KEYS",
    "PhraseContext",
    "converter",
    "deadline_from_data",
    "deadline_to_data",
    "issues_from_exception",
    "known_keys",
    "plan_from_data",
    "plan_to_data",
    "read_data",
    "unstructure_extension",
    "unstructure_update",
]

T = TypeVar("T")

# --------------------------------------------------------------------------------------
# File keys, in the order of the schema (and of the files this module writes)

KEYS: Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {
        "file": ("$schema", "plan", "units", "sections", "targets", "tasks"),
        "plan": (
            "id",
            "number",
            "title",
            "kind",
            "issuer",
            "issued_on",
            "received_on",
            "place",
            "subject",
            "implements",
            "period",
            "timezone",
            "objective",
            "policy",
            "alarms",
            "events",
            "calendar",
        ),
        "document": ("kind", "number", "issued_on", "issuer", "subject", "place"),
        "policy": ("before", "due_soon_days", "period_convention"),
        "calendar": ("date", "working", "name", "name_en", "source"),
        "unit": ("id", "name", "kind", "parent", "email", "alarms"),
        "section": ("id", "title"),
        "target": ("id", "indicator", "value", "measure", "at_least", "lead", "reports"),
        "target_report": ("date", "value", "note", "by"),
        "task": (
            "id",
            "title",
            "lead",
            "coordinating",
            "deadline",
            "deliverable",
            "section",
            "key",
            "priority",
            "tags",
            "parent",
            "depends_on",
            "updates",
            "extensions",
            "note",
        ),
        "update": ("date", "state", "percent", "note", "by"),
        "extension": ("date", "to", "by", "reason"),
    }
)
"""The keys each object of a plan file may have, in the order they are written."""

_COMMON = ("text", "assumptions")
DEADLINE_KEYS: Mapping[str, tuple[str, ...]] = types.MappingProxyType(
    {
        "date": ("date", "before", "time", *_COMMON),
        "end_of": ("end_of", "year", "index", *_COMMON),
        "days": ("days", "working", "after", *_COMMON),
        "every": (
            "every",
            "interval",
            "months",
            "day",
            "weekday",
            "first",
            "start",
            "until",
            "roll",
            "ongoing",
            *_COMMON,
        ),
        "ongoing": ("ongoing", *_COMMON),
        "undated": ("undated", "follows", *_COMMON),
        "event": ("event", "year", "before", *_COMMON),
    }
)
"""The keys of each deadline mapping, by the key that tells its kind.

A mapping's kind is the first of these keys it has, in this order of precedence:
``every``, ``end_of``, ``days``, ``event``, ``undated``, ``ongoing``, ``date``.
"""

_DISCRIMINATORS = ("every", "end_of", "days", "event", "undated", "ongoing", "date")

_CLASS_KEYS: dict[type, str] = {
    Unit: "unit",
    Section: "section",
    Target: "target",
    TargetReport: "target_report",
    Task: "task",
    ProgressUpdate: "update",
    Extension: "extension",
    PlanPolicy: "policy",
    CalendarChange: "calendar",
    Document: "document",
    ActionPlan: "plan",
}
_DEADLINE_CLASS_KEYS: dict[type, str] = {
    FixedDeadline: "date",
    PeriodEndDeadline: "end_of",
    RelativeDeadline: "days",
    RecurringDeadline: "every",
    OngoingDeadline: "ongoing",
    UndatedDeadline: "undated",
    EventDeadline: "event",
}

# attribute name -> file key, where they differ
_RENAMES: dict[type, dict[str, str]] = {
    ProgressUpdate: {"reported_by": "by"},
    TargetReport: {"reported_by": "by"},
    Extension: {"deadline": "to", "approved_by": "by"},
    Document: {"ref": "number"},
    ActionPlan: {"calendar_changes": "calendar"},
    RecurringDeadline: {"frequency": "every", "month_day": "day"},
    UndatedDeadline: {"reason": "undated"},
    RelativeDeadline: {"anchor": "after", "anchor_date": "after", "anchor_task": "after"},
    PeriodEndDeadline: {"period": "end_of"},
}


class _TaskAnchor:
    """The ``after: {task: t3}`` mapping of a relative deadline (for messages)."""


def known_keys(cl: type) -> tuple[str, ...]:
    """The file keys of a model class (or a deadline kind)."""
    if cl is _TaskAnchor:
        return ("task",)
    if cl in _CLASS_KEYS:
        return KEYS[_CLASS_KEYS[cl]]
    if cl in _DEADLINE_CLASS_KEYS:
        return DEADLINE_KEYS[_DEADLINE_CLASS_KEYS[cl]]
    return ()


def file_key(cl: type | None, name: str) -> str:
    """The file key of attribute ``name`` of ``cl``."""
    if cl is None:
        return name
    return _RENAMES.get(cl, {}).get(name, name)


# --------------------------------------------------------------------------------------
# Reading context: what deadline phrases need to know about their plan


@attrs.frozen
class PhraseContext:
    """What reading a deadline phrase needs: the plan's date of issue, its year, and
    how it reads "trước ngày D"."""

    issued_on: dt.date | None = None
    year: int | None = None
    before: BeforePolicy = BeforePolicy.STRICT

    @classmethod
    def of(cls, plan: ActionPlan | None) -> PhraseContext:
        """The context of a plan (the default context for ``None``)."""
        if plan is None:
            return cls()
        issued = plan.issued_on
        year = plan.period.year if plan.period else issued.year if issued else None
        return cls(issued, year, plan.policy.before)


_context: contextvars.ContextVar[PhraseContext] = contextvars.ContextVar(
    "actionplan_files_context",
    default=PhraseContext(),  # noqa: B039  (a frozen attrs instance: immutable)
)


@contextlib.contextmanager
def _using(context: PhraseContext) -> Iterator[None]:
    token = _context.set(context)
    try:
        yield
    finally:
        _context.reset(token)


# --------------------------------------------------------------------------------------
# Structuring primitives: strict, with messages that say what was found and expected


def _nfc(text: str) -> str:
    text = str(text)  # a plain str, not a ruamel subclass
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a JSON escape such as "\ud800"
            raise FieldError(
                f"not text: a lone surrogate U+{ord(text[exc.start]):04X}",
                found=repr(text),
                expected="text",
            ) from None
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _wrong(value: Any, expected: str, hint: str | None = None) -> FieldError:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if hint is None and number and "text" in expected:
        hint = f"put it in quotes: '{value}'"
    if hint is None and value is None:
        hint = "fill in a value or remove the key"
    return FieldError("wrong type", found=describe(value), expected=expected, hint=hint)


def _text(value: Any, _: Any = None) -> str:
    if isinstance(value, str):
        return _nfc(value)
    raise _wrong(value, "text")


def _int(value: Any, _: Any = None) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    hint = "write the number without quotes" if isinstance(value, str) else None
    raise _wrong(value, "a whole number", hint)


def _float(value: Any, _: Any = None) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
        raise FieldError("not a finite number", found=describe(value), expected="a number")
    hint = "write the number without quotes" if isinstance(value, str) else None
    raise _wrong(value, "a number", hint)


def _bool(value: Any, _: Any = None) -> bool:
    if isinstance(value, bool):
        return bool(value)
    raise _wrong(value, "true or false", "write true or false (without quotes)")


DATE_EXPECTED = "a date: 2024-08-06 (ISO) or 06/8/2024 (day first)"


def _date(value: Any, _: Any = None) -> dt.date:
    if isinstance(value, dt.datetime):
        raise FieldError(
            "a date and time where a date is expected",
            found=describe(value),
            expected=DATE_EXPECTED,
            hint=f"write the date alone: {value.date().isoformat()}",
        )
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return parse_date(_nfc(value))
        except ParseError as exc:
            raise FieldError(exc.message, found=describe(value), expected=DATE_EXPECTED) from None
    raise _wrong(value, DATE_EXPECTED)


_TIME = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?")


def _time(value: Any, _: Any = None) -> dt.time:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise FieldError(
                "a time with a UTC offset", found=describe(value), expected="a local time: 20:00"
            )
        return value
    if isinstance(value, str) and (m := _TIME.fullmatch(value.strip())):
        try:
            return dt.time(int(m[1]), int(m[2]), int(m[3] or 0))
        except ValueError:
            pass
    raise FieldError("not a time of day", found=describe(value), expected="a time: 20:00")


def _strings(value: Any, _: Any = None) -> tuple[str, ...]:
    """A list of texts; a lone text is a list of one; nothing is an empty list."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (_nfc(value),)
    if not isinstance(value, list | tuple):
        raise _wrong(value, "a list of texts")
    return _items(value, _text, tuple[str, ...])


def _ints(value: Any, _: Any = None) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        return (int(value),)
    if not isinstance(value, list | tuple):
        raise _wrong(value, "a whole number or a list of them")
    return _items(value, _int, tuple[int, ...])


def _items(value: list[Any] | tuple[Any, ...], hook: Callable[[Any], T], cl: Any) -> tuple[T, ...]:
    out: list[T] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            out.append(hook(item))
        except Exception as exc:
            exc.add_note(IterableValidationNote(f"@ index {index}", index, cl))
            errors.append(exc)
    if errors:
        raise IterableValidationError(f"While structuring {cl}", errors, cl)
    return tuple(out)


def _enum_hook(cl: type[Enum]) -> Callable[[Any, Any], Any]:
    values = [str(m.value) for m in cl]

    def structure(value: Any, _: Any = None) -> Any:
        if isinstance(value, str):
            folded = _nfc(value).strip().lower().replace("-", "_").replace(" ", "_")
            if folded in values:
                return cl(folded)
            close = nearest(folded, values)
            raise FieldError(
                "unknown value",
                found=describe(value),
                expected="one of: " + ", ".join(values),
                hint=f"did you mean {close!r}?" if close else None,
            )
        raise _wrong(value, "one of: " + ", ".join(values))

    return structure


def _ref(value: Any, _: Any = None) -> DocumentRef:
    return DocumentRef.parse(_text(value))


def _period(value: Any, _: Any = None) -> ReportingPeriod:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # `period: 2024` is the whole year
    return ReportingPeriod.parse(_text(value))


ALARMS_EXPECTED = (
    "reminders: a text such as '7wd, 1d, overdue' (7 working days and 1 day before, and "
    "the working day after the deadline), a list of such texts, or 'none'"
)


def _alarm_text(value: Any, _: Any = None) -> tuple[AlarmSpec, ...]:
    if not isinstance(value, str):
        raise _wrong(value, ALARMS_EXPECTED, hint="write them as a text, e.g. '5wd, 1d, overdue'")
    return parse_alarms(_nfc(value))  # a ParseError names the part and the forms


def _alarms(value: Any, _: Any = None) -> tuple[AlarmSpec, ...] | None:
    """Reminders: a text (``7wd, 1d, overdue``), a list of texts, ``none`` (or an
    empty list) for none; ``null`` leaves them unset."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        parts = _items(value, _alarm_text, tuple[str, ...])
        return tuple(dict.fromkeys(spec for part in parts for spec in part))
    return _alarm_text(value)


def _alarms_data(value: tuple[AlarmSpec, ...] | None) -> str | None:
    """Reminders as a file writes them: one text, ``none`` for none."""
    return None if value is None else format_alarms(value)


def _events(value: Any, _: Any = None) -> dict[str, dt.date]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _wrong(value, "a mapping of event names to dates, e.g. dai_hoi: 2025-10-15")
    out: dict[str, dt.date] = {}
    errors: list[Exception] = []
    for key, item in value.items():
        try:
            name = _text(key)
            if not name.strip():
                raise FieldError("an event needs a name", found=describe(key), expected="a name")
            out[name] = _date(item)
        except Exception as exc:
            exc.add_note(IterableValidationNote(f"@ key {key!r}", str(key), dict))
            errors.append(exc)
    if errors:
        raise IterableValidationError("While structuring events", errors, dict)
    return out


def _list_of(cl: type[T]) -> Callable[[Any, Any], tuple[T, ...]]:
    what = f"a list of {_CLASS_KEYS.get(cl, cl.__name__.lower())} mappings"

    def structure(value: Any, _: Any = None) -> tuple[T, ...]:
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            raise _wrong(value, what)
        return _items(value, lambda item: _structurer().structure(item, cl), tuple[cl, ...])  # type: ignore[valid-type]

    return structure


# --------------------------------------------------------------------------------------
# Records that the generated hooks cannot read: every error kept, cattrs-style


def _note(exc: Exception, key: str) -> Exception:
    exc.add_note(AttributeValidationNote(f"@ key {key}", key, Any))
    return exc


def _fields(
    cl: type,
    data: Any,
    hooks: Mapping[str, Callable[..., Any]],
    required: Collection[str] = (),
    what: str = "a mapping",
) -> dict[str, Any]:
    """Structure the keys of ``data`` with ``hooks``; raise every problem at once."""
    if not isinstance(data, Mapping):
        raise _wrong(data, what)
    out: dict[str, Any] = {}
    errors: list[Exception] = []
    for key, hook in hooks.items():
        if key not in data:
            if key in required:
                errors.append(_note(KeyError(key), key))
            continue
        try:
            out[key] = hook(data[key])
        except Exception as exc:
            errors.append(_note(exc, key))
    extra = {k for k in data if k not in hooks}
    if extra and not _lenient.get():
        errors.append(ForbiddenExtraKeysError("", cl, extra))
    if errors:
        raise ClassValidationError(f"While structuring {cl.__name__}", errors, cl)
    return out


def _build(cl: Callable[..., T], owner: type, /, *args: Any, **kwargs: Any) -> T:
    """Call a model constructor, its ValidationError raised cattrs-style."""
    try:
        return cl(*args, **kwargs)
    except ValidationError as exc:
        raise ClassValidationError(f"While structuring {owner.__name__}", [exc], owner) from None


def _optional(hook: Callable[..., T]) -> Callable[[Any], T | None]:
    return lambda value: None if value is None else hook(value)


# --------------------------------------------------------------------------------------
# Deadlines

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DEADLINE_EXPECTED = (
    "a date (2024-12-15, 15/12/2024), a phrase (Quý III/2024, trước ngày 15/12/2024, "
    "hằng tháng, thường xuyên …) or a mapping with one of the keys " + ", ".join(_DISCRIMINATORS)
)


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, context: PhraseContext) -> Deadline:
    """Read a deadline written as text: an ISO date alone, or a phrase."""
    if _ISO_DATE.fullmatch(text):
        return FixedDeadline(parse_date(text))
    return parse_deadline(
        text, issued_on=context.issued_on, year=context.year, before=context.before
    )


def _weekday(value: Any, _: Any = None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _WEEKDAYS:
        return _WEEKDAYS.index(value.strip().lower())
    raise FieldError(
        "not a day of the week",
        found=describe(value),
        expected="monday … sunday (or 0 = Monday … 6 = Sunday)",
    )


def _anchor(value: Any) -> dict[str, Any]:
    if value in ("issued", "received"):
        return {"anchor": value}
    if isinstance(value, Mapping):
        fields = _fields(_TaskAnchor, value, {"task": _text}, ("task",))
        return {"anchor": "task", "anchor_task": fields["task"]}
    if isinstance(value, dt.date) or (isinstance(value, str) and any(c.isdigit() for c in value)):
        return {"anchor": "date", "anchor_date": _date(value)}
    raise FieldError(
        "unknown anchor",
        found=describe(value),
        expected="issued, received, a date, or {task: <task id>}",
    )


def _period_end(data: Mapping[str, Any]) -> PeriodEndDeadline:
    fields = _fields(
        PeriodEndDeadline,
        data,
        {
            "end_of": _enum_hook(PeriodKind),
            "year": _int,
            "index": _int,
            "text": _text,
            "assumptions": _strings,
        },
        ("end_of", "year"),
    )
    kind: PeriodKind = fields["end_of"]
    if "index" not in fields and kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF):
        error = FieldError(
            f"a {kind.value} needs its index",
            expected=f"index: the {kind.value}'s number in the year",
            hint="e.g. {end_of: quarter, year: 2024, index: 3} for Quý III/2024",
        )
        raise ClassValidationError(
            "While structuring PeriodEndDeadline", [_note(error, "index")], PeriodEndDeadline
        )
    try:
        period = ReportingPeriod(kind, fields["year"], fields.get("index", 1))
    except ValidationError as exc:
        key = "year" if exc.field == "year" else "index"
        error = FieldError(exc.message)
        raise ClassValidationError(
            "While structuring PeriodEndDeadline", [_note(error, key)], PeriodEndDeadline
        ) from None
    return _build(
        PeriodEndDeadline,
        PeriodEndDeadline,
        period,
        text=fields.get("text"),
        assumptions=fields.get("assumptions", ()),
    )


def _relative(data: Mapping[str, Any]) -> RelativeDeadline:
    fields = _fields(
        RelativeDeadline,
        data,
        {
            "days": _int,
            "working": _bool,
            "after": _anchor,
            "text": _text,
            "assumptions": _strings,
        },
        ("days",),
    )
    return _build(
        RelativeDeadline,
        RelativeDeadline,
        fields["days"],
        working=fields.get("working", False),
        text=fields.get("text"),
        assumptions=fields.get("assumptions", ()),
        **fields.get("after", {}),
    )


def _ongoing(data: Mapping[str, Any]) -> OngoingDeadline:
    fields = _fields(
        OngoingDeadline,
        data,
        {"ongoing": _bool, "text": _text, "assumptions": _strings},
        ("ongoing",),
    )
    if fields["ongoing"] is not True:
        error = FieldError(
            "ongoing: false is no deadline",
            found="false",
            expected="true",
            hint="write {ongoing: true} for continuous work, or remove the deadline",
        )
        raise ClassValidationError(
            "While structuring OngoingDeadline", [_note(error, "ongoing")], OngoingDeadline
        )
    return OngoingDeadline(text=fields.get("text"), assumptions=fields.get("assumptions", ()))


def _deadline_mapping(data: Mapping[str, Any]) -> Deadline:
    kind = next((k for k in _DISCRIMINATORS if k in data), None)
    match kind:
        case "every":
            return _structurer().structure(data, RecurringDeadline)
        case "end_of":
            return _period_end(data)
        case "days":
            return _relative(data)
        case "event":
            return _structurer().structure(data, EventDeadline)
        case "undated":
            return _structurer().structure(data, UndatedDeadline)
        case "ongoing":
            return _ongoing(data)
        case "date":
            return _structurer().structure(data, FixedDeadline)
    keys = [str(k) for k in data]
    close = next((n for k in keys if (n := nearest(k, _DISCRIMINATORS))), None)
    raise FieldError(
        "a deadline mapping without its kind",
        found="a mapping with the keys " + (", ".join(keys) or "(none)"),
        expected="one of the keys " + ", ".join(_DISCRIMINATORS),
        hint=f"did you mean {close!r}?"
        if close
        else "e.g. {end_of: quarter, year: 2024, index: 3}",
    )


def deadline_from_data(value: Any, *, plan: ActionPlan | None = None) -> Deadline:
    """Read a deadline from file data: a date, a phrase, or a mapping of one kind.

    Phrases are read in the plan's context (its date of issue and year, its reading
    of "trước ngày D").

    >>> deadline_from_data({"every": "monthly", "day": 19}).rule
    'FREQ=MONTHLY;BYMONTHDAY=19'
    >>> deadline_from_data("2024-12-15")
    FixedDeadline(date=datetime.date(2024, 12, 15), before=False, time=None, text=None, assumptions=())
    """  # noqa: E501  (the repr in the example is one long line)
    with _using(PhraseContext.of(plan) if plan is not None else _context.get()):
        return _deadline(value)


def _deadline(value: Any) -> Deadline:
    if isinstance(value, dt.datetime):
        raise FieldError(
            "a date and time where a deadline is expected",
            found=describe(value),
            expected=DEADLINE_EXPECTED,
            hint=f"write the date alone ({value.date().isoformat()}), or a phrase with the "
            "time: 'trước 20h00 ngày …'",
        )
    if isinstance(value, dt.date):
        return FixedDeadline(dt.date(value.year, value.month, value.day))
    if isinstance(value, str):
        text = _nfc(value)
        if not text.strip():
            raise FieldError(
                "an empty deadline",
                found="''",
                expected=DEADLINE_EXPECTED,
                hint="remove the key if the task has no deadline",
            )
        return _parse_text(text, _context.get())
    if isinstance(value, Mapping):
        return _deadline_mapping(value)
    if isinstance(value, int) and not isinstance(value, bool):
        raise _wrong(value, DEADLINE_EXPECTED, hint=f"a year alone is written 'năm {value}'")
    raise _wrong(value, DEADLINE_EXPECTED)


def _is_deadline_type(t: Any) -> bool:
    if get_origin(t) not in (Union, types.UnionType):
        return False
    args = set(get_args(t)) - {type(None)}
    return args == set(get_args(Deadline))


def _structure_deadline(value: Any, t: Any) -> Deadline | None:
    if value is None and type(None) in get_args(t):
        return None
    return _deadline(value)


# --------------------------------------------------------------------------------------
# Deadlines, written


def _unstructure_deadline(deadline: Deadline | None) -> Any:
    if deadline is None:
        return None
    return deadline_to_data(deadline)


def deadline_to_data(deadline: Deadline, *, plan: ActionPlan | None = None) -> Any:
    """How a deadline is written in a file.

    Its text when it has one that reads back to the same deadline (the file stays as
    the user wrote it); a plain date for a plain fixed date; else the mapping of its
    kind (with the text, when the text alone would read differently).

    >>> from actionplan.periods import ReportingPeriod
    >>> deadline_to_data(PeriodEndDeadline(ReportingPeriod.quarter(2024, 3)))
    {'end_of': 'quarter', 'year': 2024, 'index': 3}
    >>> deadline_to_data(FixedDeadline(dt.date(2024, 12, 15), before=True))
    {'date': datetime.date(2024, 12, 15), 'before': True}
    """
    context = PhraseContext.of(plan) if plan is not None else _context.get()
    with _using(context):
        if deadline.text is not None:
            try:
                same = _parse_text(deadline.text, context) == deadline
            except ActionPlanError:
                same = False
            if same:
                return deadline.text
        if (
            isinstance(deadline, FixedDeadline)
            and not deadline.before
            and deadline.time is None
            and deadline.text is None
            and not deadline.assumptions
        ):
            return deadline.date
        return _active().unstructure(deadline)


def _period_end_data(omit: bool) -> Callable[[PeriodEndDeadline], dict[str, Any]]:
    def unstructure(d: PeriodEndDeadline) -> dict[str, Any]:
        out: dict[str, Any] = {"end_of": d.period.kind.value, "year": d.period.year}
        if not omit or d.period.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF):
            out["index"] = d.period.index
        return _with_common(out, d, omit)

    return unstructure


def _relative_data(omit: bool) -> Callable[[RelativeDeadline], dict[str, Any]]:
    def unstructure(d: RelativeDeadline) -> dict[str, Any]:
        out: dict[str, Any] = {"days": d.days}
        if d.working or not omit:
            out["working"] = d.working
        if d.anchor == "date":
            out["after"] = d.anchor_date
        elif d.anchor == "task":
            out["after"] = {"task": d.anchor_task}
        elif d.anchor != "issued" or not omit:
            out["after"] = d.anchor
        return _with_common(out, d, omit)

    return unstructure


def _ongoing_data(omit: bool) -> Callable[[OngoingDeadline], dict[str, Any]]:
    return lambda d: _with_common({"ongoing": True}, d, omit)


def _with_common(out: dict[str, Any], d: Deadline, omit: bool) -> dict[str, Any]:
    if d.text is not None or not omit:
        out["text"] = d.text
    if d.assumptions or not omit:
        out["assumptions"] = list(d.assumptions)
    return out


# --------------------------------------------------------------------------------------
# Documents (the plan's own, and the guiding documents it implements)


def _document(data: Any, _: Any = None) -> Document:
    fields = _fields(
        Document,
        data,
        {
            "kind": _enum_hook(DocumentKind),
            "number": _ref,
            "issued_on": _date,
            "issuer": _text,
            "subject": _text,
            "place": _text,
        },
        what="a document mapping: {kind, number, issued_on, issuer, subject}",
    )
    ref: DocumentRef | None = fields.pop("number", None)
    kind = fields.pop("kind", None)
    if kind is None:
        if ref is None:
            error = FieldError(
                "a document needs its kind or its number",
                expected="kind (resolution, directive …) or number (35-CT/TW …)",
                hint="e.g. {kind: directive, number: 35-CT/TW, issued_on: 2019-05-30}",
            )
            raise ClassValidationError("While structuring Document", [error], Document)
        kind = ref.kind
    return _build(Document, Document, kind, ref=ref, **fields)


def _document_data(omit: bool) -> Callable[[Document], dict[str, Any]]:
    def unstructure(d: Document) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not omit or d.ref is None or d.ref.kind is not d.kind:
            out["kind"] = d.kind.value
        values = {
            "number": str(d.ref) if d.ref else None,
            "issued_on": d.issued_on,
            "issuer": d.issuer,
            "subject": d.subject,
            "place": d.place,
        }
        out.update((k, v) for k, v in values.items() if v is not None or not omit)
        return out

    return unstructure


# --------------------------------------------------------------------------------------
# The converter


def _float_data(value: float) -> float | int:
    """Whole numbers are written without ``.0`` (they read back as the same float)."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _time_data(value: dt.time) -> str:
    return value.strftime("%H:%M") if not value.second else value.strftime("%H:%M:%S")


def _is(t: Any) -> Callable[[Any], bool]:
    return lambda other: bool(other == t)


def _make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=forbid_extra_keys)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook(dt.time, _time)
    conv.register_structure_hook_func(_is(tuple[str, ...]), _strings)
    conv.register_structure_hook_func(_is(tuple[int, ...]), _ints)
    conv.register_structure_hook(DocumentRef, _ref)
    conv.register_structure_hook(ReportingPeriod, _period)
    conv.register_structure_hook(Document, _document)
    conv.register_structure_hook_func(_is_deadline_type, _structure_deadline)
    for enum in (
        UnitKind,
        ProgressState,
        Priority,
        BeforePolicy,
        Frequency,
        UndatedReason,
        DocumentKind,
        PeriodKind,
    ):
        conv.register_structure_hook(enum, _enum_hook(enum))
    for item in (ProgressUpdate, Extension, TargetReport, CalendarChange, Document):
        conv.register_structure_hook_func(_is(tuple[item, ...]), _list_of(item))  # type: ignore[valid-type]

    def gen(cl: type, **overrides: Any) -> None:
        renames = {a: override(rename=k) for a, k in _RENAMES.get(cl, {}).items()}
        conv.register_structure_hook(
            cl, make_dict_structure_fn(cl, conv, **{**renames, **overrides})
        )

    for cl in (Section, TargetReport, Target, ProgressUpdate, Extension, Task):
        gen(cl)
    gen(Unit, alarms=override(struct_hook=_alarms))
    gen(PlanPolicy)
    gen(CalendarChange)
    gen(FixedDeadline)
    gen(EventDeadline)
    gen(UndatedDeadline)
    gen(RecurringDeadline, weekday=override(struct_hook=_weekday))
    return conv


def _register_unstructure(conv: cattrs.Converter, omit: bool) -> None:
    # StrEnum before str in the method resolution order: members are written as values.
    conv.register_unstructure_hook(StrEnum, lambda member: str(member.value))
    conv.register_unstructure_hook(float, _float_data)
    conv.register_unstructure_hook(dt.time, _time_data)
    conv.register_unstructure_hook(DocumentRef, str)
    conv.register_unstructure_hook(ReportingPeriod, lambda p: p.code)
    conv.register_unstructure_hook(Document, _document_data(omit))
    conv.register_unstructure_hook(PeriodEndDeadline, _period_end_data(omit))
    conv.register_unstructure_hook(RelativeDeadline, _relative_data(omit))
    conv.register_unstructure_hook(OngoingDeadline, _ongoing_data(omit))
    conv.register_unstructure_hook_func(_is_deadline_type, _unstructure_deadline)

    def gen(cl: type, **overrides: Any) -> None:
        renames = {a: override(rename=k) for a, k in _RENAMES.get(cl, {}).items()}
        conv.register_unstructure_hook(
            cl,
            make_dict_unstructure_fn(
                cl, conv, _cattrs_omit_if_default=omit, **{**renames, **overrides}
            ),
        )

    deadline = override(unstruct_hook=_unstructure_deadline)
    for cl in (Section, TargetReport, Target, ProgressUpdate, PlanPolicy, CalendarChange):
        gen(cl)
    gen(Unit, alarms=override(unstruct_hook=_alarms_data))
    gen(Extension, deadline=override(rename="to", unstruct_hook=_unstructure_deadline))
    gen(Task, deadline=deadline)
    gen(FixedDeadline)
    gen(EventDeadline)
    # The key that tells the kind is always written, even at its default.
    gen(UndatedDeadline, reason=override(rename="undated", omit_if_default=False))
    gen(
        RecurringDeadline,
        weekday=override(unstruct_hook=lambda w: None if w is None else _WEEKDAYS[w]),
    )


converter: cattrs.Converter = _make_converter()
"""The converter between plan-file data and the model (defaults left out when writing)."""

_lenient_converter = _make_converter(forbid_extra_keys=False)
_full_converter = converter.copy()
_register_unstructure(converter, omit=True)
_register_unstructure(_full_converter, omit=False)

_lenient: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "actionplan_files_lenient", default=False
)


def _structurer() -> cattrs.Converter:
    """The converter reading now: the strict one, or the one that skips unknown keys
    (used to read an item again after its problems were recorded, so that the
    plan-wide check still sees it)."""
    return _lenient_converter if _lenient.get() else converter


@contextlib.contextmanager
def _leniently() -> Iterator[None]:
    token = _lenient.set(True)
    try:
        yield
    finally:
        _lenient.reset(token)


_verbose: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "actionplan_files_verbose", default=False
)


def _active() -> cattrs.Converter:
    return _full_converter if _verbose.get() else converter


def unstructure_update(update: ProgressUpdate) -> dict[str, Any]:
    """A progress update as written in a plan file (defaults left out).

    >>> unstructure_update(ProgressUpdate(dt.date(2024, 8, 10), "in_progress", 40,
    ...                                   reported_by="cb1"))
    {'date': datetime.date(2024, 8, 10), 'state': 'in_progress', 'percent': 40, 'by': 'cb1'}
    """
    data: dict[str, Any] = converter.unstructure(update)
    return data


def unstructure_extension(
    extension: Extension, *, plan: ActionPlan | None = None
) -> dict[str, Any]:
    """A deadline extension as written in a plan file; ``plan`` gives the context its
    deadline phrase is read in (so that a phrase is written as text when it reads back
    the same).

    >>> from actionplan.refs import DocumentRef
    >>> unstructure_extension(Extension(dt.date(2024, 9, 1), FixedDeadline(
    ...     dt.date(2024, 12, 31)), approved_by=DocumentRef.parse("50-TB/ĐU")))
    {'date': datetime.date(2024, 9, 1), 'to': datetime.date(2024, 12, 31), 'by': '50-TB/ĐU'}
    """
    with _using(PhraseContext.of(plan) if plan is not None else _context.get()):
        data: dict[str, Any] = converter.unstructure(extension)
    return data


# --------------------------------------------------------------------------------------
# The whole plan, written


def plan_to_data(plan: ActionPlan, *, omit_defaults: bool = True) -> dict[str, Any]:
    """The plan as plan-file data: mappings, lists, text, numbers, booleans, dates.

    Keys come in the schema's order. With ``omit_defaults`` (the default), empty
    lists, ``None``, ``false`` and default values are left out so files stay short.
    """
    token = _verbose.set(not omit_defaults)
    try:
        with _using(PhraseContext.of(plan)):
            return _plan_data(plan, omit_defaults)
    finally:
        _verbose.reset(token)


def _plan_data(plan: ActionPlan, omit: bool) -> dict[str, Any]:
    conv = _active()
    header: dict[str, Any] = {}

    def put(target: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
        if omit and (value == default or (isinstance(value, list | dict) and not value)):
            return
        target[key] = value

    doc = plan.document
    header["id"] = plan.id
    put(header, "number", str(doc.ref) if doc and doc.ref else None)
    header["title"] = plan.title
    if doc is not None:
        inferred = doc.ref.kind if doc.ref else DocumentKind.PLAN
        bare = all(v is None for v in (doc.ref, doc.issuer, doc.issued_on, doc.place, doc.subject))
        if not omit or doc.kind is not inferred or bare:
            header["kind"] = doc.kind.value
    elif not omit:
        header["kind"] = None
    put(header, "issuer", doc.issuer if doc else None)
    put(header, "issued_on", doc.issued_on if doc else None)
    put(header, "received_on", plan.received_on)
    put(header, "place", doc.place if doc else None)
    put(header, "subject", doc.subject if doc else None)
    put(header, "implements", [conv.unstructure(d, Document) for d in plan.implements])
    put(header, "period", plan.period.code if plan.period else None)
    put(header, "timezone", plan.timezone, DEFAULT_TIMEZONE)
    put(header, "objective", plan.objective)
    put(header, "policy", conv.unstructure(plan.policy), conv.unstructure(PlanPolicy()))
    put(header, "alarms", _alarms_data(plan.alarms))
    put(header, "events", dict(plan.events))
    put(header, "calendar", [conv.unstructure(c) for c in plan.calendar_changes])
    out: dict[str, Any] = {"plan": header}
    put(out, "units", [conv.unstructure(u) for u in plan.units])
    put(out, "sections", [conv.unstructure(s) for s in plan.sections])
    put(out, "targets", [conv.unstructure(t) for t in plan.targets])
    put(out, "tasks", [conv.unstructure(t) for t in plan.tasks])
    return out


# --------------------------------------------------------------------------------------
# The whole plan, read


def plan_from_data(data: Any, *, source: str | None = None) -> ActionPlan:
    """Read a plan from plan-file data, and check it as a whole.

    Raises :class:`~actionplan.errors.PlanContentError` with every problem found
    (wrong types, unknown keys, model invariants and the plan-wide checks of
    :func:`~actionplan.files.check_plan`), each with its field path; ``source`` names
    the file in messages. Warnings are dropped: :func:`~actionplan.files.reads_plan`
    returns them.
    """
    plan, issues = read_data(data)
    errors = [i for i in issues if i.severity is Severity.ERROR]
    if errors or plan is None:
        raise PlanContentError([i.problem(source) for i in issues], file=source)
    return plan


def read_data(data: Any) -> tuple[ActionPlan | None, list[Issue]]:
    """Read a plan from data, collecting every problem instead of raising.

    Returns the plan (``None`` when its header cannot be read) and the issues:
    structure problems, then those of the plan-wide check. Where some units, tasks …
    could not be read, the plan holds the others and is checked without them; it is
    only good to use when no issue is an error.
    """
    return _Reader().read(data)


_LISTS: tuple[tuple[str, type], ...] = (
    ("units", Unit),
    ("sections", Section),
    ("targets", Target),
    ("tasks", Task),
)


class _Reader:
    """One reading of plan data: the issues found so far, and where items came from."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.indices: dict[str, list[int]] = {}
        self.unread_ids: dict[str, set[str]] = {}

    def read(self, data: Any) -> tuple[ActionPlan | None, list[Issue]]:
        if data is None:
            self.issues.append(
                Issue(
                    (),
                    "the file is empty",
                    expected="a mapping with the keys plan, units, sections, targets, tasks",
                    hint="start with 'plan:' and the plan's id and title",
                )
            )
            return None, self.issues
        if not isinstance(data, Mapping):
            self.issues.append(
                Issue(
                    (),
                    "a plan file holds a mapping",
                    found=describe(data),
                    expected="a mapping with the keys plan, units, sections, targets, tasks",
                )
            )
            return None, self.issues
        self._unknown_keys((), data, KEYS["file"])
        header = self._header(data)
        context = PhraseContext()
        if header is not None:
            issued = header["document"].issued_on if header["document"] else None
            period: ReportingPeriod | None = header["period"]
            year = period.year if period else issued.year if issued else None
            context = PhraseContext(issued, year, header["policy"].before)
        with _using(context):
            lists: dict[str, tuple[Any, ...]] = {
                key: self._list(data, key, cl) for key, cl in _LISTS
            }
        if header is None:
            return None, self.issues
        try:
            plan = ActionPlan(
                **header,
                units=lists["units"],
                sections=lists["sections"],
                targets=lists["targets"],
                tasks=lists["tasks"],
            )
        except ValidationError as exc:
            self.issues.append(Issue(("plan", file_key(ActionPlan, exc.field)), exc.message))
            return None, self.issues
        self._check(plan)
        return plan, self.issues

    # -- pieces ----------------------------------------------------------------------
    def _unknown_keys(self, at: Segments, data: Mapping[Any, Any], known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                self.issues.append(_unknown_key(at, key, known))

    def _header(self, data: Mapping[str, Any]) -> dict[str, Any] | None:
        if "plan" not in data:
            self.issues.append(
                Issue(
                    ("plan",),
                    "required key is missing",
                    expected="plan: the plan's own document, with at least its id and title",
                    hint="add 'plan:' with 'id:' and 'title:' under it",
                )
            )
            return None
        raw = data["plan"]
        hooks: dict[str, Callable[..., Any]] = {
            "id": _text,
            "number": _ref,
            "title": _text,
            "kind": _enum_hook(DocumentKind),
            "issuer": _text,
            "issued_on": _date,
            "received_on": _date,
            "place": _text,
            "subject": _text,
            "implements": _list_of(Document),
            "period": _period,
            "timezone": _text,
            "objective": _text,
            "policy": lambda v: _structurer().structure(v, PlanPolicy),
            "alarms": _alarms,
            "events": _events,
            "calendar": _list_of(CalendarChange),
        }
        hooks = {k: _optional(h) if k not in ("id", "title") else h for k, h in hooks.items()}
        try:
            fields = _fields(
                ActionPlan, raw, hooks, ("id", "title"), what="a mapping: the plan's document"
            )
        except Exception as exc:
            self.issues.extend(issues_from_exception(exc, ("plan",)))
            try:  # again without the unknown keys, for the plan-wide check
                with _leniently():
                    fields = _fields(ActionPlan, raw, hooks, ("id", "title"))
            except Exception:
                return None
        document_keys = ("kind", "number", "issuer", "issued_on", "place", "subject")
        document: Document | None = None
        if any(fields.get(k) is not None for k in document_keys):
            ref = fields.get("number")
            kind = fields.get("kind") or (ref.kind if ref else DocumentKind.PLAN)
            document = Document(
                kind,
                ref=ref,
                issuer=fields.get("issuer"),
                issued_on=fields.get("issued_on"),
                subject=fields.get("subject"),
                place=fields.get("place"),
            )
        header: dict[str, Any] = {
            "id": fields["id"],
            "title": fields["title"],
            "document": document,
            "implements": fields.get("implements") or (),
            "period": fields.get("period"),
            "timezone": fields.get("timezone") or DEFAULT_TIMEZONE,
            "objective": fields.get("objective"),
            "policy": fields.get("policy") or PlanPolicy(),
            "events": fields.get("events") or {},
            "calendar_changes": fields.get("calendar") or (),
            "received_on": fields.get("received_on"),
            "alarms": fields.get("alarms"),
        }
        return header

    def _list(self, data: Mapping[str, Any], key: str, cl: type[T]) -> tuple[T, ...]:
        raw = data.get(key)
        self.indices[key] = []
        self.unread_ids[key] = set()
        if raw is None:
            return ()
        if not isinstance(raw, list | tuple):
            self.issues.append(
                Issue(
                    (key,),
                    "wrong type",
                    found=describe(raw),
                    expected=f"a list of {key}, each item starting with '- '",
                )
            )
            return ()
        out: list[T] = []
        for index, item in enumerate(raw):
            try:
                out.append(converter.structure(item, cl))
            except Exception as exc:
                self.issues.extend(issues_from_exception(exc, (key, index)))
                try:  # again without the unknown keys, for the plan-wide check
                    with _leniently():
                        out.append(_lenient_converter.structure(item, cl))
                except Exception:
                    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                        self.unread_ids[key].add(str(item["id"]))
                    continue
            self.indices[key].append(index)
        return tuple(out)

    def _check(self, plan: ActionPlan) -> None:
        for issue in collect_issues(plan, unread=self.unread_ids):
            segments = issue.segments
            if segments and segments[0] in self.indices and len(segments) > 1:
                index = segments[1]
                assert isinstance(index, int)
                segments = (segments[0], self.indices[str(segments[0])][index], *segments[2:])
            self.issues.append(issue.moved(segments))


# --------------------------------------------------------------------------------------
# cattrs errors -> issues


def _unknown_key(at: Segments, key: Any, known: tuple[str, ...]) -> Issue:
    shown = [k for k in known if k != "$schema"]
    if not isinstance(key, str):
        return Issue(
            (*at, str(key)),
            f"unknown key {describe(key)}",
            expected="one of the keys " + known_list(shown, 20),
            hint="keys are names such as 'title'",
            at_key=True,
        )
    close = nearest(key, shown)
    return Issue(
        (*at, key),
        f"unknown key {key!r}" + (f"; did you mean {close!r}?" if close else ""),
        expected="one of the keys " + known_list(shown, 20),
        at_key=True,
    )


def issues_from_exception(exc: BaseException, at: Segments, cl: type | None = None) -> list[Issue]:
    """Every problem inside a (cattrs) structuring error, each at its path."""
    out: list[Issue] = []
    _walk(exc, at, cl, out)
    return out


def _walk(exc: BaseException, at: Segments, cl: type | None, out: list[Issue]) -> None:
    if isinstance(exc, ClassValidationError):
        for sub in exc.exceptions:
            note = next(
                (
                    n
                    for n in getattr(sub, "__notes__", ())
                    if isinstance(n, AttributeValidationNote)
                ),
                None,
            )
            if note is None:
                _walk(sub, at, exc.cl, out)
            elif (
                isinstance(sub, KeyError)
                and sub.args
                and sub.args[0] in (note.name, file_key(exc.cl, note.name))
            ):
                key = file_key(exc.cl, note.name)
                out.append(
                    Issue(
                        (*at, key),
                        "required key is missing",
                        expected=f"{key}: …",
                        hint=f"add '{key}:' to this {_what(exc.cl)}",
                    )
                )
            else:
                _walk(sub, (*at, file_key(exc.cl, note.name)), None, out)
        return
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            inote = next(
                (n for n in getattr(sub, "__notes__", ()) if isinstance(n, IterableValidationNote)),
                None,
            )
            _walk(sub, at if inote is None else (*at, inote.index), None, out)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        known = known_keys(exc.cl)
        for key in sorted(exc.extra_fields, key=str):
            out.append(_unknown_key(at, key, known))
        return
    if isinstance(exc, FieldError):
        out.append(Issue(at, exc.message, exc.found, exc.expected, exc.hint))
        return
    if isinstance(exc, ValidationError):
        fields = {a.name for a in attrs.fields(cl)} if cl is not None and attrs.has(cl) else set()
        where = (*at, file_key(cl, exc.field)) if exc.field in fields else at
        out.append(Issue(where, exc.message))
        return
    if isinstance(exc, ParseError):
        found = None if exc.text and repr(exc.text) in exc.message else describe(exc.text)
        expected = "; ".join(exc.expected) if exc.expected else None
        out.append(Issue(at, exc.message, found=found, expected=expected))
        return
    out.append(Issue(at, str(exc) or type(exc).__name__))


def _what(cl: type | None) -> str:
    name = _CLASS_KEYS.get(cl) if cl is not None else None
    if name is None and cl is not None:
        name = "deadline" if cl in _DEADLINE_CLASS_KEYS else cl.__name__
    return (name or "mapping").replace("_", " ")
