"""The converter between plan-file data and the model (actionplan.files.convert)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from actionplan.deadlines import (
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
from actionplan.errors import PlanContentError, Problem, Severity
from actionplan.files.convert import (
    KEYS,
    deadline_from_data,
    deadline_to_data,
    plan_from_data,
    plan_to_data,
    read_data,
    unstructure_extension,
    unstructure_update,
)
from actionplan.model import (
    ActionPlan,
    Extension,
    Priority,
    ProgressUpdate,
    Task,
)
from actionplan.periods import ReportingPeriod
from actionplan.phrases import parse_deadline
from actionplan.refs import DocumentRef
from strategies import plans, structured_deadlines

D = dt.date
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_data(**tasks_and_more: Any) -> dict[str, Any]:
    """A small plan's data, with extra top-level keys."""
    data: dict[str, Any] = {
        "plan": {"id": "kh45", "title": "Kế hoạch 45", "issued_on": D(2024, 8, 6)},
        "units": [{"id": "cb1", "name": "Chi bộ 1"}, {"id": "cb2", "name": "Chi bộ 2"}],
    }
    data.update(tasks_and_more)
    return data


def problems_of(data: Any) -> list[Problem]:
    """Every problem plan_from_data raises for ``data``."""
    with pytest.raises(PlanContentError) as info:
        plan_from_data(data, source="kh45.yaml")
    return list(info.value.problems)


# --------------------------------------------------------------------------------------
# Round trips


@SETTINGS
@given(plans())
def test_data_round_trip(plan: ActionPlan) -> None:
    """Reading back the data of any coherent plan gives the same plan."""
    assert plan_from_data(plan_to_data(plan)) == plan


@SETTINGS
@given(structured_deadlines(("t1",)))
def test_deadline_round_trip(deadline: Any) -> None:
    """Every deadline kind is written as data that reads back to the same deadline."""
    assert deadline_from_data(deadline_to_data(deadline)) == deadline


# --------------------------------------------------------------------------------------
# Deadline forms

PERIOD_Q3 = PeriodEndDeadline(ReportingPeriod.quarter(2024, 3))

DEADLINE_FORMS: list[tuple[Any, Any, Any]] = [
    # (as written, the deadline, as written back)
    (D(2024, 12, 15), FixedDeadline(D(2024, 12, 15)), D(2024, 12, 15)),
    ({"date": D(2024, 12, 15)}, FixedDeadline(D(2024, 12, 15)), D(2024, 12, 15)),
    (
        {"date": "15/12/2024", "before": True},
        FixedDeadline(D(2024, 12, 15), before=True),
        {"date": D(2024, 12, 15), "before": True},
    ),
    (
        {"date": "2025-05-25", "before": True, "time": "20:00"},
        FixedDeadline(D(2025, 5, 25), before=True, time=dt.time(20, 0)),
        {"date": D(2025, 5, 25), "before": True, "time": "20:00"},
    ),
    (
        {"end_of": "quarter", "year": 2024, "index": 3},
        PERIOD_Q3,
        {"end_of": "quarter", "year": 2024, "index": 3},
    ),
    (
        {"end_of": "year", "year": 2025},
        PeriodEndDeadline(ReportingPeriod.whole_year(2025)),
        {"end_of": "year", "year": 2025},
    ),
    (
        {"end_of": "nine_months", "year": 2024},
        PeriodEndDeadline(ReportingPeriod.nine_months(2024)),
        {"end_of": "nine_months", "year": 2024},
    ),
    (
        {"days": 10, "working": True, "after": "issued"},
        RelativeDeadline(10, working=True),
        {"days": 10, "working": True},
    ),
    (
        {"days": 30, "after": "received"},
        RelativeDeadline(30, anchor="received"),
        {"days": 30, "after": "received"},
    ),
    (
        {"days": 5, "after": {"task": "t1"}},
        RelativeDeadline(5, anchor="task", anchor_task="t1"),
        {"days": 5, "after": {"task": "t1"}},
    ),
    (
        {"days": 10, "working": True, "after": "25/4/2024"},
        RelativeDeadline(10, working=True, anchor="date", anchor_date=D(2024, 4, 25)),
        {"days": 10, "working": True, "after": D(2024, 4, 25)},
    ),
    (
        {"every": "monthly", "day": 19},
        RecurringDeadline(Frequency.MONTHLY, month_day=19),
        {"every": "monthly", "day": 19},
    ),
    (
        {"every": "yearly", "months": 11},
        RecurringDeadline(Frequency.YEARLY, months=(11,)),
        {"every": "yearly", "months": [11]},
    ),
    (
        {"every": "monthly", "interval": 3, "months": [3, 6, 9, 12], "day": -1},
        RecurringDeadline(Frequency.MONTHLY, interval=3, months=(3, 6, 9, 12), month_day=-1),
        {"every": "monthly", "interval": 3, "months": [3, 6, 9, 12], "day": -1},
    ),
    (
        {"every": "weekly", "weekday": "friday", "roll": True},
        RecurringDeadline(Frequency.WEEKLY, weekday=4, roll=True),
        {"every": "weekly", "weekday": "friday", "roll": True},
    ),
    ({"ongoing": True}, OngoingDeadline(), {"ongoing": True}),
    ({"undated": "asap"}, UndatedDeadline(UndatedReason.ASAP), {"undated": "asap"}),
    (
        {"undated": "unspecified"},
        UndatedDeadline(),
        {"undated": "unspecified"},
    ),
    (
        {"undated": "follows", "follows": "t3"},
        UndatedDeadline(UndatedReason.FOLLOWS, follows="t3"),
        {"undated": "follows", "follows": "t3"},
    ),
    ({"event": "tet", "year": 2025}, EventDeadline("tet", 2025), {"event": "tet", "year": 2025}),
    (
        {"event": "dai_hoi", "before": False},
        EventDeadline("dai_hoi", before=False),
        {"event": "dai_hoi", "before": False},
    ),
]


@pytest.mark.parametrize(("written", "deadline", "canonical"), DEADLINE_FORMS)
def test_deadline_forms(written: Any, deadline: Any, canonical: Any) -> None:
    """Each deadline kind has a readable mapping, read and written back canonically."""
    assert deadline_from_data(written) == deadline
    assert deadline_to_data(deadline) == canonical
    assert deadline_from_data(canonical) == deadline


def test_iso_string_deadline_has_no_text() -> None:
    """An ISO date given as a string (as JSON must) is the plain date, without text."""
    assert deadline_from_data("2024-12-15") == FixedDeadline(D(2024, 12, 15))


@pytest.mark.parametrize("text", ["15/12/2024", "Quý III/2024", "Trước ngày 20 hằng tháng"])
def test_phrase_deadline_keeps_its_text(text: str) -> None:
    """A day-first date or a phrase is read by the phrase reader and written back as
    the text the user wrote."""
    deadline = deadline_from_data(text)
    assert deadline == parse_deadline(text)
    assert deadline.text == text
    assert deadline_to_data(deadline) == text


def test_phrase_read_in_the_plan_context() -> None:
    """A phrase without a year takes the plan's year (its period's, else its issue
    date's)."""
    plan = plan_from_data(
        {
            "plan": {"id": "kh", "title": "KH", "issued_on": D(2024, 8, 6), "period": "2025-H1"},
            "tasks": [{"id": "t1", "title": "A", "deadline": "6 tháng đầu năm"}],
        }
    )
    deadline = plan.tasks[0].deadline
    assert isinstance(deadline, PeriodEndDeadline)
    assert deadline.period.code == "2025-H1"
    assert plan_to_data(plan)["tasks"][0]["deadline"] == "6 tháng đầu năm"


def test_text_that_reads_otherwise_is_kept_in_a_mapping() -> None:
    """A deadline whose text would read as another deadline (an importer's guess, an
    edited date) is written as its mapping with the text, so nothing is lost."""
    edited = attrs.evolve(parse_deadline("Quý III/2024"), period=ReportingPeriod.quarter(2024, 4))
    data = deadline_to_data(edited)
    assert data == {"end_of": "quarter", "year": 2024, "index": 4, "text": "Quý III/2024"}
    assert deadline_from_data(data) == edited


# --------------------------------------------------------------------------------------
# Writing


def test_defaults_are_left_out() -> None:
    """Empty lists, nothing, false, normal priority and default policy are not written."""
    plan = ActionPlan("kh45", "KH", tasks=[Task("t1", "A", priority=Priority.NORMAL)])
    assert plan_to_data(plan) == {
        "plan": {"id": "kh45", "title": "KH"},
        "tasks": [{"id": "t1", "title": "A"}],
    }


def test_keys_follow_the_schema_order() -> None:
    """Keys are written in the order of KEYS (the schema's), whatever the model's."""
    task = Task("t1", "A", lead="cb1", deadline=FixedDeadline(D(2024, 1, 2)), note="n", key=True)
    data = plan_to_data(ActionPlan("kh", "KH", tasks=[task]))["tasks"][0]
    order = KEYS["task"]
    assert list(data) == sorted(data, key=order.index)


def test_verbose_data_has_every_key() -> None:
    """With omit_defaults=False every key is written (used to merge into a document)."""
    data = plan_to_data(ActionPlan("kh", "KH", tasks=[Task("t1", "A")]), omit_defaults=False)
    assert list(data["tasks"][0]) == list(KEYS["task"])
    assert list(data["plan"]) == list(KEYS["plan"])


def test_unstructure_update() -> None:
    """An update is written with its file keys (reported_by as by), defaults left out."""
    update = ProgressUpdate(D(2024, 8, 10), "in_progress", 40, reported_by="cb1")
    assert unstructure_update(update) == {
        "date": D(2024, 8, 10),
        "state": "in_progress",
        "percent": 40,
        "by": "cb1",
    }


def test_unstructure_extension_phrase_in_plan_context() -> None:
    """An extension's new deadline is written as its phrase when it reads back the same
    in the plan's context."""
    plan = ActionPlan("kh", "KH")
    extension = Extension(
        D(2024, 12, 10),
        parse_deadline("Quý I/2025"),
        approved_by=DocumentRef.parse("112-CV/ĐU"),
        reason="Chờ ý kiến",
    )
    assert unstructure_extension(extension, plan=plan) == {
        "date": D(2024, 12, 10),
        "to": "Quý I/2025",
        "by": "112-CV/ĐU",
        "reason": "Chờ ý kiến",
    }


# --------------------------------------------------------------------------------------
# Reading: what is accepted


def test_lone_text_is_a_list_of_one() -> None:
    """``coordinating: cb2`` is the list [cb2]; nothing (null) is the empty list."""
    plan = plan_from_data(
        plan_data(tasks=[{"id": "t1", "title": "A", "coordinating": "cb2", "tags": None}])
    )
    assert plan.tasks[0].coordinating == ("cb2",)
    assert plan.tasks[0].tags == ()


def test_text_is_nfc_and_plain() -> None:
    """Decomposed Vietnamese is normalised to NFC, and ruamel's string subclasses become
    plain str."""
    title = unicodedata.normalize("NFD", "Tuyên truyền Nghị quyết")
    plan = plan_from_data({"plan": {"id": DoubleQuotedScalarString("kh"), "title": title}})
    assert plan.title == unicodedata.normalize("NFC", title)
    assert type(plan.id) is str


def test_enum_values_are_forgiving() -> None:
    """Enumerated values accept other cases, spaces and dashes (In Progress)."""
    plan = plan_from_data(
        plan_data(
            tasks=[
                {
                    "id": "t1",
                    "title": "A",
                    "priority": "High",
                    "updates": [{"date": D(2024, 8, 10), "state": "In Progress"}],
                }
            ]
        )
    )
    assert plan.tasks[0].priority is Priority.HIGH
    assert plan.tasks[0].updates[0].state.value == "in_progress"


def test_document_kind_is_read_from_its_number() -> None:
    """A document with a number needs no kind; the plan's own defaults to a plan."""
    plan = plan_from_data(
        {
            "plan": {
                "id": "kh",
                "title": "KH",
                "issued_on": "06/8/2024",
                "implements": [{"number": "35-CT/TW", "issued_on": "30/5/2019"}],
            }
        }
    )
    assert plan.implements[0].kind.value == "directive"
    assert plan.document is not None
    assert plan.document.kind.value == "plan"
    assert plan.document.issued_on == D(2024, 8, 6)


# --------------------------------------------------------------------------------------
# Reading: every problem, with its path


def _task(**fields: Any) -> dict[str, Any]:
    return {"id": "t1", "title": "Tuyên truyền", **fields}


CONTENT_PROBLEMS: list[tuple[str, Any, str, str, dict[str, str]]] = [
    # (case, data, path, message fragment, other fields that must contain text)
    (
        "a number for a text",
        plan_data(tasks=[_task(title=12)]),
        "tasks[0].title",
        "wrong type",
        {"found": "12", "expected": "text", "hint": "quotes"},
    ),
    (
        "text for a boolean",
        plan_data(tasks=[_task(key="yes")]),
        "tasks[0].key",
        "wrong type",
        {"found": "'yes'", "expected": "true or false"},
    ),
    (
        "a quoted number",
        plan_data(
            tasks=[
                _task(updates=[{"date": D(2024, 9, 1), "state": "in_progress", "percent": "50"}])
            ]
        ),
        "tasks[0].updates[0].percent",
        "wrong type",
        {"hint": "without quotes"},
    ),
    (
        "an impossible date",
        plan_data(tasks=[_task(updates=[{"date": "31/02/2024", "state": "done"}])]),
        "tasks[0].updates[0].date",
        "not a real date",
        {"found": "'31/02/2024'", "expected": "2024-08-06"},
    ),
    (
        "a date and time",
        plan_data(
            tasks=[_task(updates=[{"date": dt.datetime(2024, 9, 1, 8, 0), "state": "done"}])]
        ),
        "tasks[0].updates[0].date",
        "date and time",
        {"hint": "2024-09-01"},
    ),
    (
        "an unknown enumerated value",
        plan_data(tasks=[_task(priority="hihg")]),
        "tasks[0].priority",
        "unknown value",
        {"expected": "high, normal, low", "hint": "'high'"},
    ),
    (
        "an unknown key",
        plan_data(tasks=[_task(dealine="Quý III/2024")]),
        "tasks[0].dealine",
        "unknown key 'dealine'; did you mean 'deadline'?",
        {"expected": "deadline"},
    ),
    (
        "an unknown top-level key",
        plan_data(task=[]),
        "task",
        "did you mean 'tasks'?",
        {},
    ),
    (
        "a missing key",
        plan_data(tasks=[{"id": "t1"}]),
        "tasks[0].title",
        "required key is missing",
        {"hint": "title"},
    ),
    (
        "an unreadable phrase",
        plan_data(tasks=[_task(deadline="khi nào xong thì thôi")]),
        "tasks[0].deadline",
        "khi nào xong thì thôi",
        {"expected": "Quý"},
    ),
    (
        "a deadline mapping of no kind",
        plan_data(tasks=[_task(deadline={"dat": D(2024, 1, 1)})]),
        "tasks[0].deadline",
        "without its kind",
        {"hint": "'date'"},
    ),
    (
        "an unknown key in a deadline",
        plan_data(tasks=[_task(deadline={"every": "monthly", "dya": 19})]),
        "tasks[0].deadline.dya",
        "did you mean 'day'?",
        {},
    ),
    (
        "a quarter without its index",
        plan_data(tasks=[_task(deadline={"end_of": "quarter", "year": 2024})]),
        "tasks[0].deadline.index",
        "needs its index",
        {},
    ),
    (
        "an index out of range",
        plan_data(tasks=[_task(deadline={"end_of": "quarter", "year": 2024, "index": 5})]),
        "tasks[0].deadline.index",
        "between 1 and 4",
        {},
    ),
    (
        "a bad anchor",
        plan_data(tasks=[_task(deadline={"days": 5, "after": "signed"})]),
        "tasks[0].deadline.after",
        "unknown anchor",
        {"expected": "issued, received"},
    ),
    (
        "a bad weekday",
        plan_data(tasks=[_task(deadline={"every": "weekly", "weekday": "funday"})]),
        "tasks[0].deadline.weekday",
        "not a day of the week",
        {},
    ),
    (
        "ongoing false",
        plan_data(tasks=[_task(deadline={"ongoing": False})]),
        "tasks[0].deadline.ongoing",
        "no deadline",
        {},
    ),
    (
        "the model's own rule (lead also coordinating)",
        plan_data(tasks=[_task(lead="cb1", coordinating=["cb1"])]),
        "tasks[0].coordinating",
        "the lead unit 'cb1' cannot also coordinate",
        {},
    ),
    (
        "a percent out of range (the model's message)",
        plan_data(
            tasks=[_task(updates=[{"date": D(2024, 9, 1), "state": "in_progress", "percent": 150}])]
        ),
        "tasks[0].updates[0].percent",
        "between 0 and 100",
        {},
    ),
    (
        "updates out of date order",
        plan_data(
            tasks=[
                _task(
                    updates=[
                        {"date": D(2024, 9, 2), "state": "in_progress"},
                        {"date": D(2024, 9, 1), "state": "in_progress"},
                    ]
                )
            ]
        ),
        "tasks[0].updates",
        "date order",
        {},
    ),
    (
        "a malformed document number",
        {"plan": {"id": "kh", "title": "KH", "number": "45-KH"}},
        "plan.number",
        "45-KH",
        {"expected": "45-KH/ĐU"},
    ),
    (
        "a malformed period",
        {"plan": {"id": "kh", "title": "KH", "period": "2024-H3"}},
        "plan.period",
        "2024-H3",
        {},
    ),
    (
        "a bad event date",
        {"plan": {"id": "kh", "title": "KH", "events": {"dai_hoi": "sắp tới"}}},
        "plan.events.dai_hoi",
        "not a date",
        {},
    ),
    (
        "a document with neither kind nor number",
        {"plan": {"id": "kh", "title": "KH", "implements": [{"issuer": "TW"}]}},
        "plan.implements[0]",
        "kind or its number",
        {},
    ),
    (
        "a mapping where a list is expected",
        plan_data(tasks={"t1": {"title": "A"}}),
        "tasks",
        "wrong type",
        {"found": "a mapping", "expected": "list"},
    ),
    (
        "a key that is not text",
        plan_data(tasks=[{**_task(), 1: "x"}]),
        "tasks[0]",
        "unknown key 1",
        {},
    ),
    (
        "no plan key",
        {"tasks": []},
        "plan",
        "required key is missing",
        {},
    ),
    (
        "a list for the whole file",
        [1, 2],
        "",
        "a plan file holds a mapping",
        {"found": "a list"},
    ),
    ("nothing at all", None, "", "the file is empty", {}),
    (
        "an alarm spec that cannot be read",
        {"plan": {"id": "kh45", "title": "KH", "alarms": "7wd, 3 ngày"}},
        "plan.alarms",
        "cannot read '3 ngày' (part 2)",
        {"expected": "overdue"},
    ),
    (
        "an alarm spec in a unit's list",
        plan_data(units=[{"id": "cb1", "name": "Chi bộ 1", "alarms": ["7wd", "1x"]}]),
        "units[0].alarms[1]",
        "cannot read '1x'",
        {"expected": "7wd"},
    ),
    (
        "a number for alarms",
        {"plan": {"id": "kh45", "title": "KH", "alarms": 7}},
        "plan.alarms",
        "wrong type",
        {"expected": "7wd, 1d, overdue", "hint": "as a text"},
    ),
    (
        "a bad date received",
        {"plan": {"id": "kh45", "title": "KH", "received_on": "31/02/2024"}},
        "plan.received_on",
        "",
        {"expected": "a date"},
    ),
]


@pytest.mark.parametrize(
    ("data", "path", "fragment", "fields"),
    [pytest.param(*case[1:], id=case[0]) for case in CONTENT_PROBLEMS],
)
def test_content_problem(data: Any, path: str, fragment: str, fields: dict[str, str]) -> None:
    """Each problem is reported at its field path, saying what was found and expected."""
    problems = problems_of(data)
    matching = [p for p in problems if p.path.startswith(path) and fragment in p.message]
    assert matching, "\n".join(str(p) for p in problems)
    problem = matching[0]
    assert problem.file == "kh45.yaml"
    for name, text in fields.items():
        value = getattr(problem, name)
        assert value is not None
        assert text in value, (name, value)


def test_every_problem_is_reported_together() -> None:
    """Problems in several tasks, and plan-wide ones, come out in one error."""
    data = plan_data(
        tasks=[
            _task(id="t1", title=3),
            _task(id="t2", lead="cb9"),
            _task(id="t3", dealine="x", lead="cb8"),
            _task(id="t4", depends_on=["t5"]),
            _task(id="t5", depends_on=["t4"]),
        ]
    )
    paths = {p.path for p in problems_of(data)}
    assert {
        "tasks[0].title",
        "tasks[1].lead",
        "tasks[2].dealine",
        "tasks[2].lead",  # the task is read again without the unknown key
        "tasks[3].depends_on",
    } <= paths


def test_unreadable_item_is_no_unknown_reference() -> None:
    """A task that cannot be read is still known by its id: no "unknown task" for it."""
    data = plan_data(tasks=[_task(id="t1", title=None), _task(id="t2", depends_on=["t1"])])
    problems = problems_of(data)
    assert [p.path for p in problems] == ["tasks[0].title"]


def test_integrity_paths_follow_the_file() -> None:
    """When an item cannot be read, later items' problems keep their index in the file."""
    data = plan_data(tasks=[_task(id="t1", title=None), _task(id="t2", lead="nope")])
    assert "tasks[1].lead" in {p.path for p in problems_of(data)}


def test_warnings_do_not_fail_reading() -> None:
    """Warnings are returned by read_data and do not stop plan_from_data."""
    data = plan_data(tasks=[_task(deadline=D(2024, 1, 1))])
    plan, issues = read_data(data)
    assert plan is not None
    assert [i.severity for i in issues] == [Severity.WARNING]
    assert plan_from_data(data) == plan


_KEYS = sorted({k for keys in KEYS.values() for k in keys} | {"every", "end_of", "days", "x"})
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["cb1", "t1", "15/12/2024", "Quý III/2024", "monthly", "done", "quarter"]),
    st.dates(),
    st.datetimes(),
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"plan": st.dictionaries(st.sampled_from(_KEYS), _DATA, max_size=8)},
        optional=dict.fromkeys(("units", "sections", "targets", "tasks"), _DATA),
    )
    | _DATA
)
def test_any_data_gives_issues_not_crashes(data: Any) -> None:
    """Any data at all is read into a plan or a list of issues, never an exception; a
    plan read without errors writes and reads back the same."""
    plan, issues = read_data(data)
    if plan is not None and all(i.severity is not Severity.ERROR for i in issues):
        assert plan_from_data(plan_to_data(plan)) == plan


# --------------------------------------------------------------------------------------
# Reminders and the date received


def test_alarms_and_the_date_received_are_read() -> None:
    """plan.alarms (a text), units[].alarms (a list of texts, or none) and
    plan.received_on are read into the model; a unit without alarms keeps None."""
    data = plan_data()
    data["plan"] |= {"received_on": "09/8/2024", "alarms": "7wd, 1d, overdue"}
    data["units"][0]["alarms"] = ["3wd", "overdue@14:00"]
    data["units"].append({"id": "cb3", "name": "Chi bộ 3", "alarms": "none"})
    plan = plan_from_data(data)
    assert plan.received_on == D(2024, 8, 9)
    assert [str(a) for a in plan.alarms or ()] == ["7wd", "1d", "overdue"]
    assert [str(a) for a in plan.units[0].alarms or ()] == ["3wd", "overdue@14:00"]
    assert (plan.units[1].alarms, plan.units[2].alarms) == (None, ())


def test_alarms_are_written_as_text() -> None:
    """Reminders are written as one text, as --alarm takes them; no reminders is
    'none'; reminders not set are left out."""
    data = plan_data()
    data["plan"] |= {"received_on": D(2024, 8, 9), "alarms": ["7wd", "1d", "+1wd"]}
    data["units"][0]["alarms"] = []
    written = plan_to_data(plan_from_data(data))
    assert written["plan"]["received_on"] == D(2024, 8, 9)
    assert written["plan"]["alarms"] == "7wd, 1d, overdue"
    assert written["units"][0]["alarms"] == "none"
    assert "alarms" not in written["units"][1]
    assert "received_on" not in plan_to_data(plan_from_data(plan_data()))["plan"]
