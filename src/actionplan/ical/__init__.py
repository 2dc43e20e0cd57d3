"""Calendar files: a plan's deadlines as to-dos or events, and progress read back.

- :func:`to_calendar` / :func:`to_ical_bytes`: one calendar for a plan (or some of
  its units), as VTODOs (``mode="todo"``) or VEVENTs (``mode="event"``);
- :func:`write_feeds`: one subscribable feed per unit plus one for the whole plan;
- :func:`write_vdir`: one object per file (``{uid}.ics``), the layout todoman and
  vdirsyncer read;
- :func:`read_calendar`: completions and progress recorded in a client, as
  :class:`ProposedUpdate` items for :func:`~actionplan.files.record_progress`;
- :class:`AlarmSpec` / :func:`parse_alarms`: reminders in calendar or working days.
"""

from __future__ import annotations

from actionplan.ical.alarms import AlarmSpec, parse_alarms
from actionplan.ical.export import to_calendar, to_ical_bytes
from actionplan.ical.files import write_feeds, write_vdir
from actionplan.ical.read import ProposedUpdate, read_calendar

__all__ = [
    "AlarmSpec",
    "ProposedUpdate",
    "parse_alarms",
    "read_calendar",
    "to_calendar",
    "to_ical_bytes",
    "write_feeds",
    "write_vdir",
]
