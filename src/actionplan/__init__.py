"""actionplan: track how action plans implementing resolutions and directives are
carried out.

Model guiding documents, plans, tasks, units and deadlines; read plans from files
and from the assignment tables offices keep; compute where every task stands on any
date; export status reports and calendar files.

>>> import actionplan
>>> deadline = actionplan.parse_deadline("Quý III/2024")
>>> deadline.period.label(), deadline.period.end
('Quý III/2024', datetime.date(2024, 9, 30))

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
    "Convention": "actionplan.periods",
    "PeriodKind": "actionplan.periods",
    "ReportingPeriod": "actionplan.periods",
    "date_line": "actionplan.dates",
    "format_date": "actionplan.dates",
    "parse_date": "actionplan.dates",
    "DocumentKind": "actionplan.refs",
    "DocumentRef": "actionplan.refs",
    "RefSystem": "actionplan.refs",
    "parse_ref": "actionplan.refs",
    "OFFICIAL_CHANGES": "actionplan.workdays",
    "CalendarChange": "actionplan.workdays",
    "DayInfo": "actionplan.workdays",
    "DayType": "actionplan.workdays",
    "WorkCalendar": "actionplan.workdays",
    "default_calendar": "actionplan.workdays",
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
    "OverdueAge": "actionplan.status",
    "Rate": "actionplan.status",
    "Review": "actionplan.status",
    "StatusReport": "actionplan.status",
    "StatusRow": "actionplan.status",
    "Summary": "actionplan.status",
    "TargetStatus": "actionplan.status",
    "TaskStatus": "actionplan.status",
    "evaluate": "actionplan.status",
    "report_to_data": "actionplan.status",
    "review": "actionplan.status",
    "deadline_context": "actionplan.schedule",
    "work_calendar": "actionplan.schedule",
    "DocumentHead": "actionplan.reports",
    "render": "actionplan.reports",
    "write_report": "actionplan.reports",
    "ImportResult": "actionplan.importers",
    "ImportRow": "actionplan.importers",
    "import_table": "actionplan.importers",
    "AlarmSpec": "actionplan.ical",
    "ProposedUpdate": "actionplan.ical",
    "parse_alarms": "actionplan.ical",
    "read_calendar": "actionplan.ical",
    "to_calendar": "actionplan.ical",
    "to_ical_bytes": "actionplan.ical",
    "write_feeds": "actionplan.ical",
    "write_vdir": "actionplan.ical",
    "create_app": "actionplan.web",
}

__all__ = [
    "DEADLINE_FORMS",
    "OFFICIAL_CHANGES",
    "ActionPlan",
    "ActionPlanError",
    "AlarmSpec",
    "BeforePolicy",
    "CalendarChange",
    "CalendarDataError",
    "CalendarFileError",
    "ConcurrentUpdateError",
    "Convention",
    "DayInfo",
    "DayType",
    "Deadline",
    "DeadlineContext",
    "DeadlineParseError",
    "Document",
    "DocumentHead",
    "DocumentKind",
    "DocumentRef",
    "DocumentRefError",
    "EventDeadline",
    "Extension",
    "FixedDeadline",
    "Frequency",
    "ImportResult",
    "ImportRow",
    "OngoingDeadline",
    "OverdueAge",
    "ParseError",
    "PeriodEndDeadline",
    "PeriodKind",
    "PeriodParseError",
    "PlanContentError",
    "PlanFileError",
    "PlanPolicy",
    "PlanSyntaxError",
    "Priority",
    "Problem",
    "ProgressState",
    "ProgressUpdate",
    "ProposedUpdate",
    "Rate",
    "RecurringDeadline",
    "RefSystem",
    "RelativeDeadline",
    "ReportError",
    "ReportingPeriod",
    "Review",
    "Section",
    "Severity",
    "StatusReport",
    "StatusRow",
    "Summary",
    "SyncError",
    "TableImportError",
    "Target",
    "TargetReport",
    "TargetStatus",
    "Task",
    "TaskStatus",
    "UndatedDeadline",
    "UndatedReason",
    "Unit",
    "UnitKind",
    "UnknownTaskError",
    "ValidationError",
    "WorkCalendar",
    "__version__",
    "create_app",
    "date_line",
    "deadline_context",
    "default_calendar",
    "describe_deadline",
    "due_date",
    "evaluate",
    "format_date",
    "import_table",
    "occurrences",
    "parse_alarms",
    "parse_date",
    "parse_deadline",
    "parse_ref",
    "read_calendar",
    "render",
    "report_to_data",
    "review",
    "to_calendar",
    "to_ical_bytes",
    "work_calendar",
    "write_feeds",
    "write_report",
    "write_vdir",
]


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
    from actionplan.ical import (
        AlarmSpec,
        ProposedUpdate,
        parse_alarms,
        read_calendar,
        to_calendar,
        to_ical_bytes,
        write_feeds,
        write_vdir,
    )
    from actionplan.importers import ImportResult, ImportRow, import_table
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
    from actionplan.reports import DocumentHead, render, write_report
    from actionplan.schedule import deadline_context, work_calendar
    from actionplan.status import (
        OverdueAge,
        Rate,
        Review,
        StatusReport,
        StatusRow,
        Summary,
        TargetStatus,
        TaskStatus,
        evaluate,
        report_to_data,
        review,
    )
    from actionplan.web import create_app
    from actionplan.workdays import (
        OFFICIAL_CHANGES,
        CalendarChange,
        DayInfo,
        DayType,
        WorkCalendar,
        default_calendar,
    )
