"""Where tasks stand on a date: statuses, rates, per-unit summaries and reviews.

:func:`evaluate` turns one or more plans and a cut-off date ``as_of`` into a
:class:`StatusReport`: one :class:`StatusRow` per task (one per occurrence for a
recurring task) with its :class:`TaskStatus`, and the counts and rates of
DOMAIN §2, overall and per unit, section, plan or guiding document.
:func:`review` builds the period review (sơ kết, tổng kết) on top, and
:func:`follow_up` the follow-up list (đôn đốc): what is overdue or due soon.

Status is computed, never stored, from the task's deadline, its extensions, its
progress updates and ``as_of``. The rules:

1. **Only what was known on** ``as_of`` **counts.** Updates dated after ``as_of``
   and extensions granted after it are ignored, so a review made on 14/6 can be
   made again later with the same numbers.
2. **The deadline in force** is the latest extension's granted on or before
   ``as_of`` (else the original); "on time" is judged against it. The original
   due date is kept beside it (``original_due``). An extension granted after the
   original deadline passed turns an overdue task back into one within its
   deadline from the day it is granted.
3. **The latest update decides** (on or before ``as_of``): ``done`` → done,
   completed on the date of the first of the consecutive "done" updates that end
   the list; ``suspended`` / ``cancelled`` → suspended / cancelled whatever the
   dates; ``in_progress`` → in progress; ``not_started`` or no update → not
   started.
4. **On time or late, within the deadline or overdue**, by date: done on the due
   date is on time, the day after is late; an open task is overdue from the day
   after its due date (on the due date itself it is still within it). A deadline
   with a time of day ("trước 20h00 ngày 25/5/2025") is judged by its date.
   Due dates come from :func:`actionplan.deadlines.due_date` with the plan's
   working calendar and policy (:mod:`actionplan.schedule`): a period counted in
   days that ends on a non-working day ends on the next working day.
5. **No due date** (no deadline, an undated one such as "theo yêu cầu", an event
   or anchor whose date is not known yet): done → ``done_no_deadline``; else in
   progress or not started, never overdue.
6. **Ongoing** deadlines ("thường xuyên") are ``ongoing`` unless suspended or
   cancelled, even after a "done" update: continuous work has no end, and a
   "done" report closes a reporting cycle, not the task (counting it as done
   would inflate the completion rate every cycle). The update still shows as the
   row's ``last_update``. To close an ongoing task for good, cancel it or give it
   a dated deadline by an extension.
7. **Recurring** deadlines are judged per occurrence. Each occurrence *D* owns the
   updates dated from just after the midpoint between the previous occurrence and
   *D* up to the midpoint between *D* and the next one, so a report counts for
   the nearest due date: before *D* (on time), or a little after it (late) — a
   monthly report due on the 19th and sent on the 22nd is that month's, sent on
   the 5th of the next month it is the next month's. The first "done" update in
   its slot completes the occurrence; otherwise it is in progress when the latest
   update in its slot says so, else not started, and overdue once *D* has passed.
   When the task's latest update suspends or cancels it, its open occurrences
   are suspended or cancelled. Each update counts for one occurrence at most.

   Which occurrences get a row: with a ``period``, those due within it; without
   one, those from the start of the plan's period (1 January of ``as_of``'s year
   when the plan has none) to ``as_of``, plus the next one after ``as_of`` (the
   cycle under way) unless it falls after the end of the plan's period. Either
   way none due before the plan's date of issue: a plan asks for nothing before
   it exists (a series' own ``start`` bounds it further). A recurring task with no
   occurrence there has no row. The row id is
   ``"<task id>@<ISO due date>"``. When an extension changes a recurring schedule,
   the occurrences follow the schedule in force and ``original_due`` is ``None``.
8. **Due soon** is a flag, not a status: an open row within its deadline is due
   soon when at most ``due_soon`` working days (``policy.due_soon_days`` of the
   plan by default) lie after ``as_of`` up to its due date — due today, or due on
   a weekend or holiday right after the window, is due soon.

The rates (:func:`summarize`, on every summary): the completion rate over the
tasks that have fallen due, done / (done + open overdue); the overdue share of all
tasks (cancelled ones left out); with a period, the overdue share of the tasks
due in it; and the on-time rate of the tasks done with a deadline. A
:class:`Rate` keeps its exact fraction and prints its percent truncated to two
decimals, not rounded, as the published figures are (16051 / 16274 → 98,62 %).

Helper predicates: :attr:`TaskStatus.is_done`, :attr:`TaskStatus.is_overdue`
(never true of a done task) and :attr:`TaskStatus.is_open` (not done, not
suspended, not cancelled), on the rows too.

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline
>>> from actionplan.model import ActionPlan, ProgressUpdate, Task, Unit
>>> plan = ActionPlan("kh45", "Kế hoạch 45-KH/ĐU", units=[Unit("cb1", "Chi bộ 1")], tasks=[
...     Task("t1", "Báo cáo", lead="cb1", deadline=FixedDeadline(dt.date(2024, 8, 15)),
...          updates=[ProgressUpdate(dt.date(2024, 8, 16), "done")])])
>>> row = evaluate(plan, as_of=dt.date(2024, 8, 20)).rows[0]
>>> row.status.label(), row.days_late, row.lead_name
('Hoàn thành quá hạn', 1, 'Chi bộ 1')
"""

from __future__ import annotations

from actionplan.status._data import (
    SCHEMA,
    rate_to_data,
    report_to_data,
    row_to_data,
    summary_to_data,
    target_to_data,
)
from actionplan.status._engine import classify, evaluate
from actionplan.status._follow_up import follow_up
from actionplan.status._report import StatusReport, TargetStatus
from actionplan.status._review import Review, review
from actionplan.status._rows import Occurrence, PlanEvaluation, StatusRow
from actionplan.status._statuses import OverdueAge, TaskStatus
from actionplan.status._summary import (
    COMPLETION_RATE,
    ON_TIME_RATE,
    OVERDUE_SHARE,
    OVERDUE_SHARE_DUE_IN_PERIOD,
    RATE_DEFINITIONS,
    Rate,
    RateDefinition,
    Summary,
    summarize,
)

__all__ = [
    "COMPLETION_RATE",
    "ON_TIME_RATE",
    "OVERDUE_SHARE",
    "OVERDUE_SHARE_DUE_IN_PERIOD",
    "RATE_DEFINITIONS",
    "SCHEMA",
    "Occurrence",
    "OverdueAge",
    "PlanEvaluation",
    "Rate",
    "RateDefinition",
    "Review",
    "StatusReport",
    "StatusRow",
    "Summary",
    "TargetStatus",
    "TaskStatus",
    "classify",
    "evaluate",
    "follow_up",
    "rate_to_data",
    "report_to_data",
    "review",
    "row_to_data",
    "summarize",
    "summary_to_data",
    "target_to_data",
]
