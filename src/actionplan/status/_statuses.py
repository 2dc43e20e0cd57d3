"""The status categories, the overdue-age buckets and their labels."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from actionplan._language import Language, language_of
from actionplan.errors import ValidationError


class TaskStatus(StrEnum):
    """Where a task (or one occurrence of a recurring task) stands on a date.

    The categories of the Government Office's reports (done on time or late; not
    done within the deadline or overdue), split by whether work has started, plus
    the trackers' extra ones: done without a deadline, ongoing, suspended and
    cancelled. "Due soon" is not a status but a flag on open rows within their
    deadline (:attr:`StatusRow.due_soon <actionplan.status.StatusRow.due_soon>`).

    >>> TaskStatus.DONE_LATE.label()
    'Hoàn thành quá hạn'
    >>> TaskStatus.NOT_STARTED_OVERDUE.label("en")
    'Not started, overdue'
    >>> TaskStatus.IN_PROGRESS_OVERDUE.is_overdue, TaskStatus.DONE_LATE.is_overdue
    (True, False)
    """

    DONE_ON_TIME = "done_on_time"
    """Completed on or before the deadline in force."""
    DONE_LATE = "done_late"
    """Completed after the deadline in force."""
    DONE_NO_DEADLINE = "done_no_deadline"
    """Completed; the task has no (resolvable) due date."""
    IN_PROGRESS = "in_progress"
    """Work reported under way; the deadline has not passed (or there is none)."""
    IN_PROGRESS_OVERDUE = "in_progress_overdue"
    """Work reported under way; the deadline has passed."""
    NOT_STARTED = "not_started"
    """No work reported yet; the deadline has not passed (or there is none)."""
    NOT_STARTED_OVERDUE = "not_started_overdue"
    """No work reported yet; the deadline has passed."""
    ONGOING = "ongoing"
    """Continuous work with no due date ("thường xuyên")."""
    SUSPENDED = "suspended"
    """The latest report says the task is suspended."""
    CANCELLED = "cancelled"
    """The latest report says the task is cancelled."""

    def label(self, language: str = "vi") -> str:
        """The status's name for people, in Vietnamese (``"vi"``) or English (``"en"``)."""
        return _STATUS_LABELS[language_of(language, "TaskStatus.label")][self]

    @property
    def is_done(self) -> bool:
        """Whether the task is completed (on time, late or without a deadline)."""
        return self in _DONE

    @property
    def is_overdue(self) -> bool:
        """Whether the task is open and its deadline has passed. A done task never is."""
        return self in _OVERDUE

    @property
    def is_open(self) -> bool:
        """Whether work on the task is still expected: not done, not suspended, not
        cancelled (ongoing tasks are open)."""
        return self in _OPEN


_DONE: Final = frozenset(
    {TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.DONE_NO_DEADLINE}
)
_OVERDUE: Final = frozenset({TaskStatus.IN_PROGRESS_OVERDUE, TaskStatus.NOT_STARTED_OVERDUE})
_OPEN: Final = frozenset(
    {
        TaskStatus.IN_PROGRESS,
        TaskStatus.IN_PROGRESS_OVERDUE,
        TaskStatus.NOT_STARTED,
        TaskStatus.NOT_STARTED_OVERDUE,
        TaskStatus.ONGOING,
    }
)
WITHIN_DEADLINE: Final = frozenset({TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED})
"""The open statuses within the deadline: the ones a row can be due soon in."""

_STATUS_LABELS: Final[Mapping[Language, Mapping[TaskStatus, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                TaskStatus.DONE_ON_TIME: "Hoàn thành đúng hạn",
                TaskStatus.DONE_LATE: "Hoàn thành quá hạn",
                TaskStatus.DONE_NO_DEADLINE: "Đã hoàn thành (không hạn)",
                TaskStatus.IN_PROGRESS: "Đang thực hiện trong hạn",
                TaskStatus.IN_PROGRESS_OVERDUE: "Đang thực hiện quá hạn",
                TaskStatus.NOT_STARTED: "Chưa thực hiện (trong hạn)",
                TaskStatus.NOT_STARTED_OVERDUE: "Chưa thực hiện, quá hạn",
                TaskStatus.ONGOING: "Thường xuyên",
                TaskStatus.SUSPENDED: "Tạm dừng",
                TaskStatus.CANCELLED: "Hủy",
            }
        ),
        "en": MappingProxyType(
            {
                TaskStatus.DONE_ON_TIME: "Done on time",
                TaskStatus.DONE_LATE: "Done late",
                TaskStatus.DONE_NO_DEADLINE: "Done (no deadline)",
                TaskStatus.IN_PROGRESS: "In progress, within deadline",
                TaskStatus.IN_PROGRESS_OVERDUE: "In progress, overdue",
                TaskStatus.NOT_STARTED: "Not started (within deadline)",
                TaskStatus.NOT_STARTED_OVERDUE: "Not started, overdue",
                TaskStatus.ONGOING: "Ongoing",
                TaskStatus.SUSPENDED: "Suspended",
                TaskStatus.CANCELLED: "Cancelled",
            }
        ),
    }
)


class OverdueAge(StrEnum):
    """How long an open task has been overdue, in calendar days after its deadline.

    >>> OverdueAge.of(8), OverdueAge.of(31)
    (<OverdueAge.DAYS_8_30: '8-30'>, <OverdueAge.OVER_30: 'over_30'>)
    >>> OverdueAge.OVER_30.label()
    'Trên 30 ngày'
    """

    DAYS_1_7 = "1-7"
    DAYS_8_30 = "8-30"
    OVER_30 = "over_30"

    @classmethod
    def of(cls, days_overdue: int) -> OverdueAge:
        """The bucket of a task overdue by ``days_overdue`` (1 or more) days."""
        if days_overdue < 1:
            raise ValidationError(
                "OverdueAge",
                "days_overdue",
                f"an overdue task is 1 or more days late, got {days_overdue}",
            )
        if days_overdue <= 7:
            return cls.DAYS_1_7
        if days_overdue <= 30:
            return cls.DAYS_8_30
        return cls.OVER_30

    def label(self, language: str = "vi") -> str:
        """The bucket's name in Vietnamese (``"vi"``) or English (``"en"``)."""
        return _AGE_LABELS[language_of(language, "OverdueAge.label")][self]


_AGE_LABELS: Final[Mapping[Language, Mapping[OverdueAge, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                OverdueAge.DAYS_1_7: "1–7 ngày",
                OverdueAge.DAYS_8_30: "8–30 ngày",
                OverdueAge.OVER_30: "Trên 30 ngày",
            }
        ),
        "en": MappingProxyType(
            {
                OverdueAge.DAYS_1_7: "1–7 days",
                OverdueAge.DAYS_8_30: "8–30 days",
                OverdueAge.OVER_30: "Over 30 days",
            }
        ),
    }
)
