"""Calendar files: a plan's deadlines as to-dos or events, and progress read back.

- :func:`to_calendar` / :func:`to_ical_bytes`: one calendar for a plan (or some of
  its units, or a status report of one plan), as VTODOs (``mode="todo"``) or
  VEVENTs (``mode="event"``); recurring tasks are judged per occurrence;
- :func:`iter_objects`: the objects one by one (:class:`CalendarObject`: a whole
  calendar holding one object), for a folder of files or a CalDAV collection;
- :func:`write_calendar`: one calendar file (or stream), with an optional
  ``SEQUENCE`` state;
- :func:`write_feeds`: one subscribable feed per unit plus one for the whole plan;
- :func:`write_vdir`: one object per file (``{uid}.ics``), the layout todoman and
  vdirsyncer read;
- :class:`SequenceState`: the ``SEQUENCE`` numbers last written, kept in a small
  file (``state=``), so that a number grows exactly when an object's schedule or
  status changed;
- :func:`read_calendar`: completions and progress recorded in a client, as
  :class:`ProposedUpdate` items for :func:`~actionplan.files.record_progress`;
- :class:`AlarmSpec` / :func:`parse_alarms`: reminders in calendar or working days
  (from :mod:`actionplan.reminders`). Without ``alarms=``, each export uses the
  plan's own reminders (``plan.alarms``) and, for the tasks a unit leads, that
  unit's (``units[].alarms``), else the default ones.
"""

from __future__ import annotations

from actionplan.ical.export import to_calendar, to_ical_bytes
from actionplan.ical.files import write_calendar, write_feeds, write_vdir
from actionplan.ical.objects import CalendarObject, iter_objects
from actionplan.ical.read import ProposedUpdate, read_calendar
from actionplan.ical.sequences import SequenceState, SequenceStateWarning
from actionplan.reminders import AlarmSpec, parse_alarms

__all__ = [
    "AlarmSpec",
    "CalendarObject",
    "ProposedUpdate",
    "SequenceState",
    "SequenceStateWarning",
    "iter_objects",
    "parse_alarms",
    "read_calendar",
    "to_calendar",
    "to_ical_bytes",
    "write_calendar",
    "write_feeds",
    "write_vdir",
]
