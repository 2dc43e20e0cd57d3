"""Counts and rates over a set of rows: the numbers a review report prints."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Final

import attrs

from actionplan._language import language_of
from actionplan.errors import ValidationError
from actionplan.periods import ReportingPeriod
from actionplan.status._rows import StatusRow
from actionplan.status._statuses import (
    WITHIN_DEADLINE,
    OverdueAge,
    TaskStatus,
)
from actionplan.status._table import RowTable, as_table


@attrs.frozen
class RateDefinition:
    """What a rate measures: its key, its name and its formula in both languages."""

    key: str
    label_vi: str
    label_en: str
    formula_vi: str
    formula_en: str


COMPLETION_RATE: Final = RateDefinition(
    "completion_rate",
    "Tỷ lệ hoàn thành trên số nhiệm vụ đã đến hạn",
    "Completion rate of tasks that have fallen due",
    "đã hoàn thành / (đã hoàn thành + chưa hoàn thành quá hạn)",
    "done / (done + open overdue)",
)
OVERDUE_SHARE: Final = RateDefinition(
    "overdue_share",
    "Tỷ lệ nhiệm vụ quá hạn trên tổng số nhiệm vụ được giao",
    "Overdue share of all assigned tasks",
    "chưa hoàn thành quá hạn / tổng số nhiệm vụ (trừ nhiệm vụ đã hủy)",
    "open overdue / all tasks (cancelled ones excluded)",
)
OVERDUE_SHARE_DUE_IN_PERIOD: Final = RateDefinition(
    "overdue_share_due_in_period",
    "Tỷ lệ quá hạn trên số nhiệm vụ đến hạn trong kỳ",
    "Overdue share of tasks due in the period",
    "chưa hoàn thành quá hạn, đến hạn trong kỳ / số nhiệm vụ đến hạn trong kỳ (trừ đã hủy)",
    "open overdue due in the period / tasks due in the period (cancelled ones excluded)",
)
ON_TIME_RATE: Final = RateDefinition(
    "on_time_rate",
    "Tỷ lệ hoàn thành đúng hạn",
    "On-time rate of completed tasks",
    "hoàn thành đúng hạn / (hoàn thành đúng hạn + hoàn thành quá hạn)",
    "done on time / (done on time + done late)",
)

RATE_DEFINITIONS: Final[Mapping[str, RateDefinition]] = MappingProxyType(
    {d.key: d for d in (COMPLETION_RATE, OVERDUE_SHARE, OVERDUE_SHARE_DUE_IN_PERIOD, ON_TIME_RATE)}
)
"""Every rate the library computes, by key, in the order reports show them."""

_HUNDREDTHS = Decimal("0.01")


@attrs.frozen
class Rate:
    """A rate as published: a numerator over a denominator, as a percent truncated to
    two decimals.

    Truncated, not rounded, because that is how the published figures read: the
    Government Office's 16051 / 16274 prints as 98.62 % (98.6297…) and the mid-2024
    289 / 10448 as 2.76 % (2.7660…). :attr:`value` keeps the exact fraction for
    anyone who needs another rounding.

    >>> rate = Rate(OVERDUE_SHARE, 289, 10448)
    >>> rate.percent
    Decimal('2.76')
    >>> rate.format(), rate.format("en")
    ('2,76 %', '2.76%')
    >>> Rate(COMPLETION_RATE, 0, 0).value is None
    True
    """

    definition: RateDefinition
    numerator: int
    denominator: int

    @property
    def key(self) -> str:
        """The rate's key (``"completion_rate"`` …)."""
        return self.definition.key

    @property
    def value(self) -> Fraction | None:
        """The exact ratio; ``None`` when the denominator is 0."""
        if self.denominator == 0:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def percent(self) -> Decimal | None:
        """The percent truncated (towards zero) to two decimals; ``None`` when the
        denominator is 0."""
        if self.denominator == 0:
            return None
        hundredths = self.numerator * 10000 // self.denominator
        return (Decimal(hundredths) / 100).quantize(_HUNDREDTHS)

    def label(self, language: str = "vi") -> str:
        """The rate's name in Vietnamese (``"vi"``) or English (``"en"``)."""
        lang = language_of(language, "Rate.label")
        return self.definition.label_vi if lang == "vi" else self.definition.label_en

    def formula(self, language: str = "vi") -> str:
        """How the rate is computed, in words."""
        lang = language_of(language, "Rate.formula")
        return self.definition.formula_vi if lang == "vi" else self.definition.formula_en

    def format(self, language: str = "vi") -> str:
        """The percent as a report prints it: ``98,62 %`` (Vietnamese: decimal comma,
        a space before the sign), ``98.62%`` (English), ``—`` when undefined."""
        lang = language_of(language, "Rate.format")
        percent = self.percent
        if percent is None:
            return "—"
        if lang == "vi":
            return f"{percent:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " %"
        return f"{percent:,.2f}%"


_GROUPS: Final = ("all", "unit", "coordinating", "section", "plan", "document")
_NONE_NAMES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "all": ("Tổng cộng", "Total"),
        "unit": ("(Chưa có đơn vị chủ trì)", "(No lead unit)"),
        "coordinating": ("(Không có đơn vị phối hợp)", "(No coordinating unit)"),
        "section": ("(Không thuộc mục nào)", "(No section)"),
        "plan": ("(Không có kế hoạch)", "(No plan)"),
        "document": ("(Không ghi văn bản chỉ đạo)", "(No guiding document)"),
    }
)


@attrs.frozen
class Summary:
    """The counts and rates of a group of rows: a whole report, one unit, one section,
    one plan or one guiding document.

    ``group`` says which kind of group (``"all"``, ``"unit"``, ``"coordinating"``,
    ``"section"``, ``"plan"``, ``"document"``); ``key`` is the unit, section, plan or
    document id (``None`` for the rows that have none, and for ``"all"``);
    ``plan_id`` is set for sections, which belong to one plan. ``totals`` has every
    status, with 0 where none; ``overdue_ages`` buckets the overdue rows by calendar
    days overdue; ``due_soon`` counts the rows flagged due soon.
    """

    group: str
    key: str | None
    name: str
    totals: Mapping[TaskStatus, int] = attrs.field(hash=False)
    overdue_ages: Mapping[OverdueAge, int] = attrs.field(hash=False)
    rates: Mapping[str, Rate] = attrs.field(hash=False)
    due_soon: int = 0
    plan_id: str | None = None
    rows: Sequence[StatusRow] = attrs.field(default=(), repr=False, hash=False, converter=as_table)

    @property
    def count(self) -> int:
        """The number of rows."""
        return sum(self.totals.values())

    @property
    def done(self) -> int:
        """The rows completed (on time, late or without a deadline)."""
        return sum(n for status, n in self.totals.items() if status.is_done)

    @property
    def overdue(self) -> int:
        """The open rows past their deadline."""
        return sum(n for status, n in self.totals.items() if status.is_overdue)

    @property
    def open(self) -> int:
        """The rows on which work is still expected (ongoing ones included)."""
        return sum(n for status, n in self.totals.items() if status.is_open)

    def display_name(self, language: str = "vi") -> str:
        """The name to print: the group's name, or a placeholder for the rows that
        have no unit, section or document."""
        if self.name:
            return self.name
        vi, en = _NONE_NAMES.get(self.group, ("", ""))
        return vi if language_of(language, "Summary.display_name") == "vi" else en


def summarize(
    rows: Iterable[StatusRow],
    *,
    period: ReportingPeriod | None = None,
    group: str = "all",
    key: str | None = None,
    name: str = "",
    plan_id: str | None = None,
) -> Summary:
    """Count ``rows`` by status and compute the rates of DOMAIN §2 over them.

    The rates:

    - ``completion_rate``: done / (done + open overdue), over the tasks that have
      fallen due (every done task counts, whatever its deadline);
    - ``overdue_share``: open overdue / all rows except cancelled ones;
    - ``overdue_share_due_in_period`` (only with a ``period``): open overdue rows due
      within the period / rows due within the period, cancelled ones excluded;
    - ``on_time_rate``: done on time / (done on time + done late); rows done without a
      deadline are neither.

    >>> summarize([]).totals[TaskStatus.DONE_LATE]
    0
    """
    if group not in _GROUPS:
        raise ValidationError(
            "summarize", "group", f"unknown group {group!r}; expected one of {', '.join(_GROUPS)}"
        )
    table = RowTable.of(rows)
    statuses = table.statuses()
    counted = Counter(statuses)
    totals = {status: counted[status] for status in TaskStatus}
    ages = dict.fromkeys(OverdueAge, 0)
    due_soon = 0
    in_period = overdue_in_period = 0
    # Without a period, an empty one: no row is due in it.
    start, end = (period.start, period.end) if period is not None else (dt.date.max, dt.date.min)
    overdue = (TaskStatus.IN_PROGRESS_OVERDUE, TaskStatus.NOT_STARTED_OVERDUE)
    cancelled, age_of = TaskStatus.CANCELLED, OverdueAge.of
    for status, due, ev in zip(statuses, table.dues(), table.evaluations(), strict=True):
        if due is None:
            continue
        if status in overdue:
            ages[age_of((ev.as_of - due).days)] += 1
        elif status in WITHIN_DEADLINE and due <= ev.due_soon_until:
            due_soon += 1
        if start <= due <= end and status is not cancelled:
            in_period += 1
            overdue_in_period += status in overdue
    done = (
        totals[TaskStatus.DONE_ON_TIME]
        + totals[TaskStatus.DONE_LATE]
        + totals[TaskStatus.DONE_NO_DEADLINE]
    )
    open_overdue = totals[TaskStatus.IN_PROGRESS_OVERDUE] + totals[TaskStatus.NOT_STARTED_OVERDUE]
    assigned = len(statuses) - totals[TaskStatus.CANCELLED]
    rates = {
        COMPLETION_RATE.key: Rate(COMPLETION_RATE, done, done + open_overdue),
        OVERDUE_SHARE.key: Rate(OVERDUE_SHARE, open_overdue, assigned),
    }
    if period is not None:
        rates[OVERDUE_SHARE_DUE_IN_PERIOD.key] = Rate(
            OVERDUE_SHARE_DUE_IN_PERIOD, overdue_in_period, in_period
        )
    on_time = totals[TaskStatus.DONE_ON_TIME]
    rates[ON_TIME_RATE.key] = Rate(ON_TIME_RATE, on_time, on_time + totals[TaskStatus.DONE_LATE])
    return Summary(
        group=group,
        key=key,
        name=name,
        totals=MappingProxyType(totals),
        overdue_ages=MappingProxyType(ages),
        rates=MappingProxyType(rates),
        due_soon=due_soon,
        plan_id=plan_id,
        rows=table,
    )
