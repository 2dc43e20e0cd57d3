"""The model guards its own invariants and names the object and field when it refuses."""

import datetime as dt

import attrs
import pytest

from actionplan.deadlines import FixedDeadline, OngoingDeadline
from actionplan.errors import UnknownTaskError, ValidationError
from actionplan.model import (
    ActionPlan,
    Extension,
    PlanPolicy,
    Priority,
    ProgressState,
    ProgressUpdate,
    Target,
    TargetReport,
    Task,
    Unit,
    UnitKind,
)

D = dt.date


def test_models_are_frozen() -> None:
    """Model objects cannot be changed in place; evolve makes a changed copy."""
    task = Task("t1", "Tuyên truyền")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        task.title = "x"  # type: ignore[misc]
    assert attrs.evolve(task, title="x").title == "x"


def test_evolve_runs_validators() -> None:
    """attrs.evolve re-checks invariants."""
    task = Task("t1", "Báo cáo", lead="cb1")
    with pytest.raises(ValidationError, match="coordinating"):
        attrs.evolve(task, coordinating=("cb1",))


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_percent_out_of_range(percent: int) -> None:
    """Percent must be 0–100, and the error names the field."""
    with pytest.raises(ValidationError) as info:
        ProgressUpdate(D(2024, 7, 1), "in_progress", percent=percent)
    assert info.value.field == "percent"
    assert str(percent) in str(info.value)


def test_done_update_is_full() -> None:
    """A done update cannot say it is half done."""
    with pytest.raises(ValidationError, match="100"):
        ProgressUpdate(D(2024, 7, 1), "done", percent=50)
    assert ProgressUpdate(D(2024, 7, 1), "done").effective_percent == 100
    assert ProgressUpdate(D(2024, 7, 1), "not_started").effective_percent == 0
    assert ProgressUpdate(D(2024, 7, 1), "in_progress").effective_percent is None


def test_lead_cannot_coordinate() -> None:
    """A task cannot coordinate with its own lead unit; the message names the task."""
    with pytest.raises(ValidationError, match=r"Task 't2': coordinating: the lead unit 'cb1'"):
        Task("t2", "Báo cáo", lead="cb1", coordinating=["cb1", "cb2"])


def test_coordinating_listed_twice() -> None:
    """A coordinating unit listed twice is refused; the message names the unit and
    says to keep it once."""
    with pytest.raises(
        ValidationError,
        match=r"^Task 't2': coordinating: lists the unit 'cb3' twice; list each unit once$",
    ):
        Task("t2", "Báo cáo", lead="cb1", coordinating=["cb2", "cb3", "cb3"])


def test_updates_must_be_in_date_order() -> None:
    """Progress updates must come in date order; the error names the field and dates."""
    ups = [
        ProgressUpdate(D(2024, 8, 1), "in_progress"),
        ProgressUpdate(D(2024, 7, 1), "in_progress"),
    ]
    with pytest.raises(ValidationError, match=r"updates: must be in date order: 2024-07-01"):
        Task("t1", "x", updates=ups)


def test_extensions_must_be_in_date_order() -> None:
    """Extensions too."""
    exts = [
        Extension(D(2024, 9, 1), FixedDeadline(D(2024, 12, 1))),
        Extension(D(2024, 8, 1), FixedDeadline(D(2024, 11, 1))),
    ]
    with pytest.raises(ValidationError, match="extensions"):
        Task("t1", "x", extensions=exts)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"id": "", "title": "x"}, "id"),
        ({"id": " t1", "title": "x"}, "id"),
        ({"id": "t1", "title": "  "}, "title"),
        ({"id": "t1", "title": "x", "parent": "t1"}, "parent"),
        ({"id": "t1", "title": "x", "depends_on": ["t1"]}, "depends_on"),
    ],
)
def test_task_field_invariants(kwargs: dict[str, object], field: str) -> None:
    """Each invariant names its field."""
    with pytest.raises(ValidationError) as info:
        Task(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_converters_normalise_cheaply() -> None:
    """Lists become tuples and a lone string is one item."""
    task = Task("t1", "x", coordinating="cb2", tags=["a", "b"], priority="high")
    assert task.coordinating == ("cb2",)
    assert task.tags == ("a", "b")
    assert task.priority is Priority.HIGH


def test_effective_deadline_is_latest_extension() -> None:
    """The deadline in force is the latest extension's."""
    original = FixedDeadline(D(2024, 9, 30))
    task = Task(
        "t1",
        "x",
        deadline=original,
        extensions=[
            Extension(D(2024, 9, 1), FixedDeadline(D(2024, 10, 31))),
            Extension(D(2024, 10, 20), FixedDeadline(D(2024, 11, 30))),
        ],
    )
    assert task.effective_deadline == FixedDeadline(D(2024, 11, 30))
    assert task.extensions_until(D(2024, 9, 15))[-1].deadline == FixedDeadline(D(2024, 10, 31))
    assert Task("t2", "y", deadline=original).effective_deadline is original


def test_updates_until_ignores_later_updates() -> None:
    """Updates dated after as_of are not seen."""
    task = Task(
        "t1",
        "x",
        updates=[
            ProgressUpdate(D(2024, 7, 1), ProgressState.IN_PROGRESS, 30),
            ProgressUpdate(D(2024, 8, 1), ProgressState.DONE),
        ],
    )
    assert [u.date for u in task.updates_until(D(2024, 7, 15))] == [D(2024, 7, 1)]
    assert len(task.updates_until(D(2024, 8, 1))) == 2


def test_unit_invariants() -> None:
    """Units check their e-mail and parent."""
    assert Unit("cb1", "Chi bộ 1", kind="party_cell").kind is UnitKind.PARTY_CELL
    with pytest.raises(ValidationError, match="email"):
        Unit("cb1", "Chi bộ 1", email="not-an-address")
    with pytest.raises(ValidationError, match="parent"):
        Unit("cb1", "Chi bộ 1", parent="cb1")


def test_target_met() -> None:
    """A target compares its latest report with its value, as floor or ceiling."""
    target = Target(
        "new-members",
        "Kết nạp đảng viên mới",
        value=3,
        measure="đảng viên",
        reports=[TargetReport(D(2024, 9, 30), 1), TargetReport(D(2024, 12, 15), 3)],
    )
    assert target.met() is True
    assert target.met(D(2024, 10, 1)) is False
    assert target.met(D(2024, 1, 1)) is None
    ceiling = Target(
        "overdue",
        "Tỷ lệ quá hạn",
        value=2.0,
        at_least=False,
        reports=[TargetReport(D(2024, 12, 1), 2.5)],
    )
    assert ceiling.met() is False


def test_plan_lookups() -> None:
    """A plan finds its tasks and units by id, and names unknown tasks helpfully."""
    plan = ActionPlan(
        "kh45",
        "Kế hoạch",
        units=[Unit("cb1", "Chi bộ 1")],
        tasks=[Task("t1", "x", lead="cb1", deadline=OngoingDeadline())],
    )
    assert plan.task("t1").lead == "cb1"
    assert plan.unit_name("cb1") == "Chi bộ 1"
    assert plan.unit_name("zz") == "zz"
    assert plan.unit("zz") is None
    with pytest.raises(UnknownTaskError, match="known tasks: t1"):
        plan.task("t9")


def test_policy_validation() -> None:
    """Plan policies refuse unknown conventions and negative windows."""
    with pytest.raises(ValidationError, match="period_convention"):
        PlanPolicy(period_convention="lunar")
    with pytest.raises(ValidationError, match="due_soon_days"):
        PlanPolicy(due_soon_days=-1)


@pytest.mark.parametrize("days", [2.5, "5", True])
def test_policy_due_soon_days_is_a_whole_number(days: object) -> None:
    """A due-soon window that is not a whole number of working days is refused, saying
    what was found (a fraction would flag every open task as due soon)."""
    with pytest.raises(ValidationError, match=r"due_soon_days: expected a whole number .* found"):
        PlanPolicy(due_soon_days=days)  # type: ignore[arg-type]


def test_alarms_are_unset_by_default() -> None:
    """A plan and a unit have no reminders of their own unless given (None), which
    is not the same as none at all (())."""
    assert ActionPlan("kh", "KH").alarms is None
    assert Unit("cb1", "Chi bộ 1").alarms is None
    assert Unit("cb1", "Chi bộ 1", alarms=[]).alarms == ()
    assert Unit("cb1", "Chi bộ 1", alarms="none").alarms == ()


def test_alarms_take_specs_or_their_text() -> None:
    """Reminders are AlarmSpec items, or the text --alarm takes ('7wd, 1d, overdue')."""
    from actionplan.reminders import AlarmSpec

    specs = (AlarmSpec(7, working=True), AlarmSpec(1), AlarmSpec(1, working=True, after=True))
    assert ActionPlan("kh", "KH", alarms="7wd, 1d, overdue").alarms == specs
    assert Unit("cb1", "Chi bộ 1", alarms=specs[:1]).alarms == specs[:1]


def test_alarms_refuse_what_is_not_a_spec() -> None:
    """An item that is not an AlarmSpec is refused, naming the object and field; a
    text that cannot be read raises ParseError listing the forms."""
    from actionplan.errors import ParseError

    with pytest.raises(ValidationError, match=r"Unit 'cb1': alarms: expected reminders"):
        Unit("cb1", "Chi bộ 1", alarms=["7wd"])  # type: ignore[list-item]
    with pytest.raises(ParseError, match="overdue"):
        ActionPlan("kh", "KH", alarms="7 ngày")


def test_received_on_is_kept() -> None:
    """The date a plan was received is a plain date beside its date of issue."""
    assert ActionPlan("kh", "KH", received_on=D(2024, 8, 9)).received_on == D(2024, 8, 9)
    assert ActionPlan("kh", "KH").received_on is None
