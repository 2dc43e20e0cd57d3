"""actionplan: track how action plans implementing resolutions and directives are
carried out.

Model guiding documents, plans, tasks, units and deadlines; read plans from files
and from the assignment tables offices keep; compute where every task stands on any
date; export status reports and calendar files.

>>> import actionplan
>>> actionplan.parse_deadline("Quý III/2024")
PeriodEndDeadline(period=ReportingPeriod(kind=<PeriodKind.QUARTER: 'quarter'>, year=2024, index=3, convention=<Convention.CALENDAR: 'calendar'>), text='Quý III/2024', assumptions=())

Every public name is importable from this module. Names are loaded on first use,
so ``import actionplan`` stays quick and never loads the Word, Excel or calendar
libraries until they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from actionplan._version import __version__

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "ActionPlanError": "actionplan.errors",
    "CalendarDataError": "actionplan.errors",
    "CalendarFileError": "actionplan.errors",
    "ConcurrentUpdateError": "actionplan.errors",
    "DeadlineParseError": "actionplan.errors",
    "DocumentRefError": "actionplan.errors",
    "ParseError": "actionplan.errors",
    "PeriodParseError": "actionplan.errors",
    "PlanContentError": "actionplan.errors",
    "PlanFileError": "actionplan.errors",
    "PlanSyntaxError": "actionplan.errors",
    "Problem": "actionplan.errors",
    "ReportError": "actionplan.errors",
    "Severity": "actionplan.errors",
    "SyncError": "actionplan.errors",
    "TableImportError": "actionplan.errors",
    "UnknownTaskError": "actionplan.errors",
    "ValidationError": "actionplan.errors",
    # dates and periods
    "Convention": "actionplan.periods",
    "PeriodKind": "actionplan.periods",
    "ReportingPeriod": "actionplan.periods",
    "date_line": "actionplan.dates",
    "format_date": "actionplan.dates",
    "parse_date": "actionplan.dates",
    # document numbers
    "DocumentKind": "actionplan.refs",
    "DocumentRef": "actionplan.refs",
    "RefSystem": "actionplan.refs",
    "parse_ref": "actionplan.refs",
    # working days
    "OFFICIAL_CHANGES": "actionplan.workdays",
    "CalendarChange": "actionplan.workdays",
    "DayInfo": "actionplan.workdays",
    "DayType": "actionplan.workdays",
    "WorkCalendar": "actionplan.workdays",
    "default_calendar": "actionplan.workdays",
    # deadlines
    "BeforePolicy": "actionplan.deadlines",
    "Deadline": "actionplan.deadlines",
    "DeadlineContext": "actionplan.deadlines",
    "EventDeadline": "actionplan.deadlines",
    "FixedDeadline": "actionplan.deadlines",
    "Frequency": "actionplan.deadlines",
    "OngoingDeadline": "actionplan.deadlines",
    "PeriodEndDeadline": "actionplan.deadlines",
    "RecurringDeadline": "actionplan.deadlines",
    "RelativeDeadline": "actionplan.deadlines",
    "UndatedDeadline": "actionplan.deadlines",
    "UndatedReason": "actionplan.deadlines",
    "due_date": "actionplan.deadlines",
    "occurrences": "actionplan.deadlines",
    "DEADLINE_FORMS": "actionplan.phrases",
    "describe_deadline": "actionplan.phrases",
    "parse_deadline": "actionplan.phrases",
    # model
    "ActionPlan": "actionplan.model",
    "Document": "actionplan.model",
    "Extension": "actionplan.model",
    "PlanPolicy": "actionplan.model",
    "Priority": "actionplan.model",
    "ProgressState": "actionplan.model",
    "ProgressUpdate": "actionplan.model",
    "Section": "actionplan.model",
    "Target": "actionplan.model",
    "TargetReport": "actionplan.model",
    "Task": "actionplan.model",
    "Unit": "actionplan.model",
    "UnitKind": "actionplan.model",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'actionplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from actionplan.dates import date_line, format_date, parse_date
    from actionplan.deadlines import (
        BeforePolicy,
        Deadline,
        DeadlineContext,
        EventDeadline,
        FixedDeadline,
        Frequency,
        OngoingDeadline,
        PeriodEndDeadline,
        RecurringDeadline,
        RelativeDeadline,
        UndatedDeadline,
        UndatedReason,
        due_date,
        occurrences,
    )
    from actionplan.errors import (
        ActionPlanError,
        CalendarDataError,
        CalendarFileError,
        ConcurrentUpdateError,
        DeadlineParseError,
        DocumentRefError,
        ParseError,
        PeriodParseError,
        PlanContentError,
        PlanFileError,
        PlanSyntaxError,
        Problem,
        ReportError,
        Severity,
        SyncError,
        TableImportError,
        UnknownTaskError,
        ValidationError,
    )
    from actionplan.model import (
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
    from actionplan.periods import Convention, PeriodKind, ReportingPeriod
    from actionplan.phrases import DEADLINE_FORMS, describe_deadline, parse_deadline
    from actionplan.refs import DocumentKind, DocumentRef, RefSystem, parse_ref
    from actionplan.workdays import (
        OFFICIAL_CHANGES,
        CalendarChange,
        DayInfo,
        DayType,
        WorkCalendar,
        default_calendar,
    )
