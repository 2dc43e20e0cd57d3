"""Hypothesis strategies for plans that stress calendar export: Vietnamese text
with the characters iCalendar escapes (``, ; \\ :`` and line breaks), long texts
that fold mid-character, date and timed deadlines, recurring deadlines with and
without rolling, progress updates and extensions."""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import strategies as st

from actionplan.deadlines import (
    Deadline,
    FixedDeadline,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    UndatedDeadline,
)
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    Priority,
    ProgressState,
    ProgressUpdate,
    Section,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind, DocumentRef

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯỜNGỆ"
)
SPECIAL = ",;\\:\n \"'"
ISSUED = dt.date(2024, 8, 6)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


texts = (
    st.text(
        alphabet=st.sampled_from(VIETNAMESE + SPECIAL + "0123456789NnQ/"),
        min_size=1,
        max_size=90,
    )
    .map(_nfc)
    .filter(lambda t: t.strip() != "")
)
"""Texts with escapes, line breaks and multi-byte letters (long enough to fold)."""

ids = st.one_of(
    st.from_regex(r"[a-z0-9][a-z0-9._-]{0,6}", fullmatch=True),
    st.text(alphabet=st.sampled_from("ađệ/ 1.~%"), min_size=1, max_size=6).filter(
        lambda t: t == t.strip() and t.strip() != ""
    ),
)

dates = st.dates(min_value=dt.date(2024, 8, 1), max_value=dt.date(2026, 6, 30))


@st.composite
def fixed_deadlines(draw: st.DrawFn) -> FixedDeadline:
    timed = draw(st.booleans())
    time = dt.time(draw(st.integers(7, 22)), draw(st.sampled_from([0, 30]))) if timed else None
    return FixedDeadline(
        draw(dates), before=draw(st.booleans()), time=time, text=draw(st.none() | texts)
    )


@st.composite
def recurring_deadlines(draw: st.DrawFn) -> RecurringDeadline:
    frequency = draw(st.sampled_from(["monthly", "yearly"]))
    if frequency == "monthly":
        interval = draw(st.sampled_from([1, 1, 3, 6]))
        months: tuple[int, ...] = ()
    else:
        interval = draw(st.sampled_from([1, 1, 2]))
        months = tuple(draw(st.sets(st.integers(1, 12), min_size=1, max_size=3)))
    day = draw(st.sampled_from([None, -1, 1, 10, 15, 19, 20, 28]))
    first = draw(st.none() | dates)
    return RecurringDeadline(
        frequency,
        interval=interval,
        months=months,
        month_day=day,
        first=first,
        roll=draw(st.booleans()),
        text=draw(st.none() | texts),
    )


deadlines: st.SearchStrategy[Deadline | None] = st.one_of(
    st.none(),
    fixed_deadlines(),
    st.builds(
        PeriodEndDeadline,
        st.builds(ReportingPeriod.quarter, st.sampled_from([2024, 2025]), st.integers(1, 4)),
    ),
    recurring_deadlines(),
    st.just(OngoingDeadline(text="thường xuyên")),
    st.just(UndatedDeadline(text="khi có yêu cầu")),
)


@st.composite
def updates(draw: st.DrawFn) -> tuple[ProgressUpdate, ...]:
    days = sorted(draw(st.lists(dates, max_size=3)))
    out = []
    for day in days:
        state = draw(st.sampled_from(list(ProgressState)))
        if state is ProgressState.IN_PROGRESS:
            percent = draw(st.none() | st.integers(1, 99))
        elif state is ProgressState.DONE:
            percent = draw(st.sampled_from([None, 100]))
        elif state is ProgressState.NOT_STARTED:
            percent = draw(st.sampled_from([None, 0]))
        else:
            percent = None
        out.append(ProgressUpdate(day, state, percent, note=draw(st.none() | texts)))
    return tuple(out)


@st.composite
def plans(draw: st.DrawFn, max_tasks: int = 6) -> ActionPlan:
    """A plan with a few units and tasks, everything drawn."""
    unit_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    units = [Unit(u, draw(texts)) for u in unit_ids]
    task_ids = draw(st.lists(ids, min_size=1, max_size=max_tasks, unique=True))
    tasks = []
    for index, task_id in enumerate(task_ids):
        lead = draw(st.none() | st.sampled_from(unit_ids))
        others = [u for u in unit_ids if u != lead]
        coordinating = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
        earlier = task_ids[:index]
        parent = draw(st.none() | st.sampled_from(earlier)) if earlier else None
        depends = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        extension_days = sorted(draw(st.lists(dates, max_size=2)))
        extensions = [Extension(d, draw(fixed_deadlines())) for d in extension_days]
        tasks.append(
            Task(
                task_id,
                draw(texts),
                lead=lead,
                coordinating=coordinating,
                deadline=draw(deadlines),
                deliverable=draw(st.none() | texts),
                section=draw(st.sampled_from([None, "I", "II"])),
                key=draw(st.booleans()),
                priority=draw(st.sampled_from(list(Priority))),
                tags=draw(st.lists(texts, max_size=2)),
                parent=parent,
                depends_on=depends,
                updates=draw(updates()),
                extensions=extensions,
                note=draw(st.none() | texts),
            )
        )
    return ActionPlan(
        draw(ids),
        draw(texts),
        document=Document(
            DocumentKind.PLAN,
            ref=DocumentRef.parse("45-KH/ĐU"),
            issuer=unit_ids[0],
            issued_on=ISSUED,
        ),
        units=units,
        sections=[Section("I", "I. Mục đích, yêu cầu"), Section("II", "II. Nhiệm vụ, giải pháp")],
        tasks=tasks,
    )


@st.composite
def recurring_updates(draw: st.DrawFn) -> tuple[ProgressUpdate, ...]:
    """Updates of a recurring task: several, mostly completions and work under way,
    spread over the months its occurrences fall in."""
    days = sorted(
        draw(
            st.lists(
                st.dates(min_value=dt.date(2024, 8, 1), max_value=dt.date(2025, 9, 30)),
                max_size=8,
            )
        )
    )
    out = []
    for day in days:
        state = draw(
            st.sampled_from(
                [ProgressState.DONE] * 4
                + [ProgressState.IN_PROGRESS] * 2
                + [ProgressState.NOT_STARTED, ProgressState.SUSPENDED, ProgressState.CANCELLED]
            )
        )
        percent = (
            draw(st.none() | st.integers(1, 99)) if state is ProgressState.IN_PROGRESS else None
        )
        out.append(ProgressUpdate(day, state, percent))
    return tuple(out)


@st.composite
def recurring_plans(draw: st.DrawFn) -> ActionPlan:
    """A plan of recurring tasks (exact rules and rolled or first-dated ones) whose
    occurrences are done, under way, overdue, suspended or cancelled; some with an
    extension that replaces the schedule."""
    count = draw(st.integers(1, 4))
    tasks = []
    for index in range(count):
        extensions = []
        if draw(st.integers(0, 4)) == 0:
            granted = draw(st.dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2025, 6, 30)))
            extensions.append(Extension(granted, draw(recurring_deadlines())))
        tasks.append(
            Task(
                f"t{index}",
                draw(texts),
                deadline=draw(recurring_deadlines()),
                updates=draw(recurring_updates()),
                extensions=extensions,
            )
        )
    return ActionPlan(
        "kh",
        "Kế hoạch",
        document=Document(DocumentKind.PLAN, issued_on=ISSUED),
        tasks=tasks,
    )
