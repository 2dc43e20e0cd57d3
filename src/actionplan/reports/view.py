"""What every report shows, computed once: the template context of the reports.

:func:`build_view` turns a :class:`~actionplan.status.StatusReport` (or a period
:class:`~actionplan.status.Review`) into a :class:`ReportView`: plain, immutable
data with every label in the report's language. Each output format lays the same
view out; the Markdown and HTML templates receive it as ``report`` (see
:mod:`actionplan.reports.templating` for the whole template context), so a
replacement template can show exactly what the built-in ones show.

The per-unit tables and the chart group the ten statuses into the categories of
the Government Office's reports (:data:`CATEGORIES`): done on time, done late,
not done within the deadline, not done and overdue; then, only when a report has
such tasks, done without a deadline, ongoing, suspended and cancelled.

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline
>>> from actionplan.model import ActionPlan, ProgressUpdate, Task, Unit
>>> from actionplan.status import evaluate
>>> plan = ActionPlan("kh45", "Kế hoạch 45", units=[Unit("cb1", "Chi bộ 1")], tasks=[
...     Task("t1", "Báo cáo", lead="cb1", deadline=FixedDeadline(dt.date(2024, 8, 1)))])
>>> view = build_view(evaluate(plan, as_of=dt.date(2024, 8, 6)))
>>> [(c.label, c.count) for c in view.categories]
[('Hoàn thành đúng hạn', 0), ('Hoàn thành quá hạn', 0), ('Đang thực hiện trong hạn', 0), ('Chưa hoàn thành, quá hạn', 1)]
>>> view.overdue[0].days_text
'quá hạn 5 ngày'
"""  # noqa: E501  (a doctest output is one line)

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import attrs

from actionplan.deadlines import BeforePolicy
from actionplan.periods import PeriodKind, ReportingPeriod
from actionplan.reports.formatting import (
    Language,
    check_language,
    days_left,
    format_number,
    long_date,
    short_date,
)
from actionplan.reports.head import DocumentHead, default_head
from actionplan.reports.labels import LABELS
from actionplan.status import Rate, Review, StatusReport, StatusRow, Summary, TaskStatus

__all__ = [
    "CATEGORIES",
    "STATUS_COLOURS",
    "CategoryCount",
    "CategoryDef",
    "PlanView",
    "RateView",
    "ReportView",
    "ReviewView",
    "RowView",
    "StatusCount",
    "TargetView",
    "UnitView",
    "build_view",
    "report_and_review",
]

STATUS_COLOURS: Final[Mapping[TaskStatus, str]] = MappingProxyType(
    {
        TaskStatus.DONE_ON_TIME: "#1b7f3b",
        TaskStatus.DONE_LATE: "#8bc34a",
        TaskStatus.DONE_NO_DEADLINE: "#2e8b8b",
        TaskStatus.IN_PROGRESS: "#1f5fbf",
        TaskStatus.NOT_STARTED: "#9dbbe6",
        TaskStatus.IN_PROGRESS_OVERDUE: "#c62828",
        TaskStatus.NOT_STARTED_OVERDUE: "#7f0000",
        TaskStatus.ONGOING: "#6a4c93",
        TaskStatus.SUSPENDED: "#9e9e9e",
        TaskStatus.CANCELLED: "#d9d9d9",
    }
)
"""A fill colour per status (``#rrggbb``), the same in HTML, the chart and Excel."""


@attrs.frozen
class CategoryDef:
    """A column of the per-unit summary: the statuses it counts, its labels, colour.

    ``always`` categories are shown even when no task falls in them.
    """

    key: str
    statuses: tuple[TaskStatus, ...]
    label_vi: str
    label_en: str
    colour: str
    always: bool = True

    def label(self, language: str = "vi") -> str:
        """The category's name in ``language``."""
        return self.label_vi if check_language(language) == "vi" else self.label_en


CATEGORIES: Final[tuple[CategoryDef, ...]] = (
    CategoryDef(
        "done_on_time",
        (TaskStatus.DONE_ON_TIME,),
        "Hoàn thành đúng hạn",
        "Done on time",
        STATUS_COLOURS[TaskStatus.DONE_ON_TIME],
    ),
    CategoryDef(
        "done_late",
        (TaskStatus.DONE_LATE,),
        "Hoàn thành quá hạn",
        "Done late",
        STATUS_COLOURS[TaskStatus.DONE_LATE],
    ),
    CategoryDef(
        "within_deadline",
        (TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED),
        "Đang thực hiện trong hạn",
        "Not done, within deadline",
        STATUS_COLOURS[TaskStatus.IN_PROGRESS],
    ),
    CategoryDef(
        "overdue",
        (TaskStatus.IN_PROGRESS_OVERDUE, TaskStatus.NOT_STARTED_OVERDUE),
        "Chưa hoàn thành, quá hạn",
        "Not done, overdue",
        STATUS_COLOURS[TaskStatus.IN_PROGRESS_OVERDUE],
    ),
    CategoryDef(
        "done_no_deadline",
        (TaskStatus.DONE_NO_DEADLINE,),
        "Hoàn thành (không hạn)",
        "Done (no deadline)",
        STATUS_COLOURS[TaskStatus.DONE_NO_DEADLINE],
        always=False,
    ),
    CategoryDef(
        "ongoing",
        (TaskStatus.ONGOING,),
        "Thường xuyên",
        "Ongoing",
        STATUS_COLOURS[TaskStatus.ONGOING],
        always=False,
    ),
    CategoryDef(
        "suspended",
        (TaskStatus.SUSPENDED,),
        "Tạm dừng",
        "Suspended",
        STATUS_COLOURS[TaskStatus.SUSPENDED],
        always=False,
    ),
    CategoryDef(
        "cancelled",
        (TaskStatus.CANCELLED,),
        "Hủy",
        "Cancelled",
        STATUS_COLOURS[TaskStatus.CANCELLED],
        always=False,
    ),
)
"""The per-unit summary's columns, in order; they partition the ten statuses."""


@attrs.frozen
class CategoryCount:
    """A category of the report with its label, colour and number of tasks."""

    key: str
    label: str
    colour: str
    count: int


@attrs.frozen
class StatusCount:
    """A status with its label, colour and number of tasks."""

    status: TaskStatus
    key: str
    label: str
    colour: str
    count: int


@attrs.frozen
class RateView:
    """A rate: its name, formula in words, numerator and denominator, printed value."""

    key: str
    label: str
    formula: str
    numerator: int
    denominator: int
    percent: Decimal | None
    text: str
    numerator_text: str
    denominator_text: str

    @property
    def equation(self) -> str:
        """``289 / 10.448 = 2,76 %`` (the value alone when the denominator is 0)."""
        if not self.denominator:
            return self.text
        return f"{self.numerator_text} / {self.denominator_text} = {self.text}"


@attrs.frozen
class UnitView:
    """One line of the per-unit table (or the total line): counts per category."""

    key: str | None
    name: str
    total: int
    counts: tuple[int, ...]
    done: int
    overdue: int
    due_soon: int
    completion: RateView
    rates: tuple[RateView, ...]
    status_counts: tuple[StatusCount, ...]


@attrs.frozen
class RowView:
    """One task (or one occurrence of a recurring task) as reports print it.

    Dates are ``datetime.date`` (format them with the ``date`` filter) and also
    given as text in the report's language (``*_text``).
    """

    number: int
    id: str
    task_id: str
    plan_id: str
    plan_title: str
    title: str
    section: str
    key: bool
    lead: str | None
    lead_name: str
    coordinating: tuple[str, ...]
    coordinating_names: tuple[str, ...]
    deadline_text: str
    due: dt.date | None
    due_text: str
    original_due: dt.date | None
    original_due_text: str
    extended: bool
    status: TaskStatus
    status_key: str
    status_label: str
    colour: str
    done_on: dt.date | None
    done_on_text: str
    percent: int | None
    days_text: str
    days_left: int | None
    days_overdue: int | None
    days_late: int | None
    due_soon: bool
    note: str
    deliverable: str


@attrs.frozen
class TargetView:
    """A target with its latest reported value and whether it is met."""

    plan_id: str
    indicator: str
    target_text: str
    latest_text: str
    latest_date: dt.date | None
    met: bool | None
    met_text: str


@attrs.frozen
class PlanView:
    """A plan of the report: its title, the citation of its document, its policy."""

    id: str
    title: str
    citation: str
    issuer: str
    due_soon_days: int
    before: BeforePolicy
    before_text: str


@attrs.frozen
class ReviewView:
    """The headline numbers of a period review and the rows carried over."""

    counts: tuple[tuple[str, str, int], ...]
    carried_over: tuple[RowView, ...]


@attrs.frozen
class ReportView:
    """Everything a report shows, ready to lay out.

    - ``language``; ``labels`` (every heading and column name, see
      :mod:`actionplan.reports.labels`); ``head`` (the official head,
      :class:`~actionplan.reports.head.DocumentHead`); ``title`` and ``subject``;
    - ``as_of`` and ``as_of_text``; ``period`` (or ``None``), ``period_label``,
      ``period_range``; ``plans`` (:class:`PlanView`);
    - ``total`` (the number of rows); ``categories`` (:class:`CategoryCount`, the
      per-unit columns, with the report's totals); ``statuses`` (every status
      with its count, :class:`StatusCount`); ``units`` (:class:`UnitView`, one per
      lead unit) and ``total_unit`` (the total line);
    - ``rates`` (:class:`RateView`); ``overdue`` and ``due_soon`` (:class:`RowView`,
      overdue longest first, due soon earliest first); ``overdue_ages`` (label,
      count); ``rows`` (every row, numbered); ``targets`` (:class:`TargetView`);
      ``review`` (:class:`ReviewView` for a period review, else ``None``);
    - ``summary`` (the results in sentences) and ``notes`` (how deadlines and
      rates were read, stated in every report).
    """

    language: Language
    labels: Mapping[str, str] = attrs.field(hash=False)
    head: DocumentHead
    title: str
    subject: str
    as_of: dt.date
    as_of_text: str
    period: ReportingPeriod | None
    period_label: str
    period_range: str
    plans: tuple[PlanView, ...]
    total: int
    categories: tuple[CategoryCount, ...]
    statuses: tuple[StatusCount, ...]
    units: tuple[UnitView, ...]
    total_unit: UnitView
    rates: tuple[RateView, ...]
    overdue: tuple[RowView, ...]
    due_soon: tuple[RowView, ...]
    overdue_ages: tuple[tuple[str, int], ...]
    rows: tuple[RowView, ...]
    targets: tuple[TargetView, ...]
    review: ReviewView | None
    summary: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def multi_plan(self) -> bool:
        """Whether the report covers more than one plan (rows then show their plan)."""
        return len(self.plans) > 1


def report_and_review(report: StatusReport | Review) -> tuple[StatusReport, Review | None]:
    """The status report of ``report`` and, for a review, the review itself."""
    if isinstance(report, Review):
        return report.report, report
    return report, None


def _rate(rate: Rate, lang: Language) -> RateView:
    return RateView(
        key=rate.key,
        label=rate.label(lang),
        formula=rate.formula(lang),
        numerator=rate.numerator,
        denominator=rate.denominator,
        percent=rate.percent,
        text=rate.format(lang),
        numerator_text=format_number(rate.numerator, lang),
        denominator_text=format_number(rate.denominator, lang),
    )


def _categories(report: StatusReport) -> tuple[CategoryDef, ...]:
    totals = report.totals
    return tuple(c for c in CATEGORIES if c.always or any(totals.get(s, 0) for s in c.statuses))


def _unit(summary: Summary, categories: Sequence[CategoryDef], lang: Language) -> UnitView:
    totals = summary.totals
    rates = tuple(_rate(rate, lang) for rate in summary.rates.values())
    return UnitView(
        key=summary.key,
        name=summary.display_name(lang),
        total=summary.count,
        counts=tuple(sum(totals.get(s, 0) for s in c.statuses) for c in categories),
        done=summary.done,
        overdue=summary.overdue,
        due_soon=summary.due_soon,
        completion=next(r for r in rates if r.key == "completion_rate"),
        rates=rates,
        status_counts=tuple(
            StatusCount(s, s.value, s.label(lang), STATUS_COLOURS[s], totals.get(s, 0))
            for s in TaskStatus
        ),
    )


def _days_text(row: StatusRow, lang: Language) -> str:
    if row.days_overdue is not None:
        return days_left(-row.days_overdue, lang)
    if row.days_left is not None:
        return days_left(row.days_left, lang)
    if row.days_late is not None and row.days_late > 0:
        n = format_number(row.days_late, lang)
        if lang == "vi":
            return f"chậm {n} ngày"
        return f"{n} day late" if row.days_late == 1 else f"{n} days late"
    return ""


def _row(number: int, row: StatusRow, lang: Language) -> RowView:
    update = row.last_update
    extended = row.extension is not None
    return RowView(
        number=number,
        id=row.id,
        task_id=row.task.id,
        plan_id=row.plan_id,
        plan_title=row.plan_title,
        title=row.title,
        section=row.section_title,
        key=row.key,
        lead=row.lead,
        lead_name=row.lead_name,
        coordinating=row.coordinating,
        coordinating_names=row.coordinating_names,
        deadline_text=row.deadline_text or "",
        due=row.due,
        due_text=short_date(row.due, lang),
        original_due=row.original_due,
        original_due_text=short_date(row.original_due, lang) if extended else "",
        extended=extended,
        status=row.status,
        status_key=row.status.value,
        status_label=row.status.label(lang),
        colour=STATUS_COLOURS[row.status],
        done_on=row.done_on,
        done_on_text=short_date(row.done_on, lang),
        percent=row.percent,
        days_text=_days_text(row, lang),
        days_left=row.days_left,
        days_overdue=row.days_overdue,
        days_late=row.days_late,
        due_soon=row.due_soon,
        note=(update.note or "") if update is not None else "",
        deliverable=row.deliverable or "",
    )


def _plain_number(value: float, lang: Language) -> str:
    """``2.5`` -> ``2,5``; ``100.0`` -> ``100``: the decimals the value has, up to 4."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, lang, places=min(places, 4))


def _targets(report: StatusReport, labels: Mapping[str, str], lang: Language) -> list[TargetView]:
    result = []
    for status in report.targets:
        target = status.target
        measure = f" {target.measure}" if target.measure else ""
        sign = "≥" if target.at_least else "≤"
        latest = status.latest
        met = status.met
        result.append(
            TargetView(
                plan_id=status.plan_id,
                indicator=target.indicator,
                target_text=f"{sign} {_plain_number(target.value, lang)}{measure}",
                latest_text=""
                if latest is None
                else f"{_plain_number(latest.value, lang)}{measure} "
                f"({short_date(latest.date, lang)})",
                latest_date=None if latest is None else latest.date,
                met=met,
                met_text=labels["met_unknown" if met is None else "met_yes" if met else "met_no"],
            )
        )
    return result


def _plan_phrase(plans: Sequence[PlanView], lang: Language) -> str:
    if len(plans) == 1:
        return plans[0].citation
    if lang == "vi":
        return f"{format_number(len(plans), lang)} kế hoạch"
    return f"{format_number(len(plans), lang)} plans"


def default_subject(
    plans: Sequence[PlanView], period: ReportingPeriod | None, as_of: dt.date, lang: Language
) -> str:
    """The subject line: ``Sơ kết 6 tháng đầu năm 2024 thực hiện Kế hoạch số 45-KH/ĐU …``."""
    what = _plan_phrase(plans, lang)
    if period is not None:
        final = period.kind is PeriodKind.YEAR
        if lang == "vi":
            review = "Tổng kết" if final else "Sơ kết"
            return f"{review} {period.label(lang)} thực hiện {what}"
        review = "Final review" if final else "Interim review"
        return f"{review} of {period.label(lang)}: implementation of {what}"
    if lang == "vi":
        return f"Tình hình thực hiện {what} (tính đến {long_date(as_of, lang)})"
    return f"Implementation of {what} as of {long_date(as_of, lang)}"


def _count(n: int, lang: Language, noun: bool = True) -> str:
    text = format_number(n, lang)
    if not noun:
        return text
    if lang == "vi":
        return f"{text} nhiệm vụ"
    return f"{text} task" if n == 1 else f"{text} tasks"


def _summary_sentences(
    report: StatusReport, plans: Sequence[PlanView], rates: Iterable[RateView], lang: Language
) -> list[str]:
    t = report.totals
    total = len(report.rows)
    s = TaskStatus
    done = t[s.DONE_ON_TIME] + t[s.DONE_LATE] + t[s.DONE_NO_DEADLINE]
    within = t[s.IN_PROGRESS] + t[s.NOT_STARTED]
    overdue = t[s.IN_PROGRESS_OVERDUE] + t[s.NOT_STARTED_OVERDUE]
    due_soon = report.summary.due_soon
    what = _plan_phrase(plans, lang)

    def n(value: int) -> str:
        return format_number(value, lang)

    out: list[str] = []
    if lang == "vi":
        out.append(
            f"Tính đến ngày {short_date(report.as_of, lang)}, {what} có tổng số "
            f"{_count(total, lang)}."
        )
        no_deadline = (
            f", {n(t[s.DONE_NO_DEADLINE])} không có thời hạn" if t[s.DONE_NO_DEADLINE] else ""
        )
        out.append(
            f"Đã hoàn thành {_count(done, lang)}, trong đó {n(t[s.DONE_ON_TIME])} đúng hạn, "
            f"{n(t[s.DONE_LATE])} quá hạn{no_deadline}."
        )
        soon = f"; {_count(due_soon, lang)} sắp đến hạn" if due_soon else ""
        out.append(
            f"Đang thực hiện trong hạn {_count(within, lang)} (trong đó "
            f"{n(t[s.NOT_STARTED])} chưa triển khai){soon}."
        )
        out.append(
            f"Chưa hoàn thành, quá hạn {_count(overdue, lang)} (đang thực hiện "
            f"{n(t[s.IN_PROGRESS_OVERDUE])}, chưa thực hiện {n(t[s.NOT_STARTED_OVERDUE])})."
        )
        extra = [
            f"{label} {n(t[status])}"
            for status, label in (
                (s.ONGOING, "thường xuyên"),
                (s.SUSPENDED, "tạm dừng"),
                (s.CANCELLED, "hủy"),
            )
            if t[status]
        ]
        if extra:
            out.append("Ngoài ra: " + ", ".join(extra) + ".")
    else:
        out.append(f"As of {long_date(report.as_of, lang)}, {what} has {_count(total, lang)}.")
        no_deadline = (
            f", {n(t[s.DONE_NO_DEADLINE])} without a deadline" if t[s.DONE_NO_DEADLINE] else ""
        )
        out.append(
            f"{_count(done, lang)[:1].upper()}{_count(done, lang)[1:]} done: "
            f"{n(t[s.DONE_ON_TIME])} on time, {n(t[s.DONE_LATE])} late{no_deadline}."
        )
        soon = f"; {n(due_soon)} due soon" if due_soon else ""
        out.append(
            f"{_count(within, lang)} not done and within the deadline "
            f"({n(t[s.NOT_STARTED])} not started){soon}."
        )
        out.append(
            f"{_count(overdue, lang)} not done and overdue ({n(t[s.IN_PROGRESS_OVERDUE])} in "
            f"progress, {n(t[s.NOT_STARTED_OVERDUE])} not started)."
        )
        extra = [
            f"{n(t[status])} {label}"
            for status, label in (
                (s.ONGOING, "ongoing"),
                (s.SUSPENDED, "suspended"),
                (s.CANCELLED, "cancelled"),
            )
            if t[status]
        ]
        if extra:
            out.append("Also: " + ", ".join(extra) + ".")
    for rate in rates:
        if rate.denominator:
            out.append(f"{rate.label}: {rate.equation} ({rate.formula}).")
    return out


def build_view(
    report: StatusReport | Review,
    *,
    language: str = "vi",
    head: DocumentHead | None = None,
    subject: str | None = None,
) -> ReportView:
    """The :class:`ReportView` of ``report`` in ``language``.

    ``head`` replaces the official head derived from the first plan
    (:func:`~actionplan.reports.head.default_head`); ``subject`` the subject line
    (by default: the review and period, or "implementation … as of …").
    """
    lang = check_language(language)
    labels = LABELS[lang]
    status_report, review = report_and_review(report)
    period = review.period if review is not None else status_report.period
    as_of = status_report.as_of

    plans = tuple(
        PlanView(
            id=ev.plan.id,
            title=ev.plan.title,
            citation=ev.plan.document.citation(lang)
            if ev.plan.document is not None and ev.plan.document.ref is not None
            else ev.plan.title,
            issuer=(ev.plan.document.issuer or "") if ev.plan.document is not None else "",
            due_soon_days=ev.due_soon_days,
            before=ev.plan.policy.before,
            before_text=labels[
                "before_strict"
                if ev.plan.policy.before is BeforePolicy.STRICT
                else "before_inclusive"
            ],
        )
        for ev in status_report.plans
    )
    subject_text = subject or (head.subject if head is not None else None)
    subject_text = subject_text or default_subject(plans, period, as_of, lang)
    if head is not None:
        head = attrs.evolve(head, subject=subject_text, language=lang)
    elif status_report.plans:
        head = default_head(
            status_report.plans[0].plan, date=as_of, subject=subject_text, language=lang
        )
    else:
        head = DocumentHead("state", as_of, subject=subject_text, language=lang)

    categories = _categories(status_report)
    total_summary = status_report.summary
    total_unit = attrs.evolve(_unit(total_summary, categories, lang), name=labels["total_row"])
    rates = tuple(_rate(rate, lang) for rate in status_report.rates.values())
    rows = tuple(_row(i, row, lang) for i, row in enumerate(status_report.rows, start=1))
    by_id = {(r.plan_id, r.id): r for r in rows}

    def numbered(items: Iterable[StatusRow]) -> tuple[RowView, ...]:
        return tuple(by_id.get((row.plan_id, row.id)) or _row(0, row, lang) for row in items)

    review_view = None
    if review is not None:
        counts = review.counts
        review_view = ReviewView(
            counts=tuple((key, labels[key], counts[key]) for key in counts),
            carried_over=numbered(review.carried_over),
        )
    notes = list(dict.fromkeys(p.before_text for p in plans))
    notes.append(labels["truncation"])
    return ReportView(
        language=lang,
        labels=labels,
        head=head,
        title=head.title_text(),
        subject=subject_text,
        as_of=as_of,
        as_of_text=short_date(as_of, lang),
        period=period,
        period_label=period.label(lang) if period is not None else "",
        period_range=f"{short_date(period.start, lang)} – {short_date(period.end, lang)}"
        if period is not None
        else "",
        plans=plans,
        total=len(status_report.rows),
        categories=tuple(
            CategoryCount(c.key, c.label(lang), c.colour, n)
            for c, n in zip(categories, total_unit.counts, strict=True)
        ),
        statuses=total_unit.status_counts,
        units=tuple(_unit(s, categories, lang) for s in status_report.by_unit()),
        total_unit=total_unit,
        rates=rates,
        overdue=numbered(status_report.overdue),
        due_soon=numbered(status_report.due_soon),
        overdue_ages=tuple((age.label(lang), n) for age, n in status_report.overdue_ages.items()),
        rows=rows,
        targets=tuple(_targets(status_report, labels, lang)),
        review=review_view,
        summary=tuple(_summary_sentences(status_report, plans, rates, lang)),
        notes=tuple(notes),
    )
