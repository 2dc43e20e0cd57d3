"""Serve plans over HTTP, read-only: calendar feeds to subscribe to, and status reports.

:func:`create_app` makes a plain WSGI application from a plan file or a folder of
plan files; any WSGI server runs it (``actionplan serve`` uses waitress; gunicorn,
uWSGI or mod_wsgi do as well). It answers:

========================================== ================================= =====================
URL                                        what                              content type
========================================== ================================= =====================
``/``                                      the index: every plan and feed    text/html
``/plans/{plan}/status.html``              the status report                 text/html
``/plans/{plan}/status.json``              the status data                   application/json
``/plans/{plan}/tasks.ics``                every task as a to-do (VTODO)     text/calendar
``/plans/{plan}/events.ics``               every deadline as an event        text/calendar
``/plans/{plan}/units/{unit}/tasks.ics``   the tasks a unit leads or         text/calendar
                                           coordinates, as to-dos
``/plans/{plan}/units/{unit}/events.ics``  the same, as events               text/calendar
========================================== ================================= =====================

``{plan}`` and ``{unit}`` are the ids, as they are when made of ``A-Z a-z 0-9 . _
-``, else a safe spelling with a short hash (:func:`slug`; the index links to
each). Every URL takes ``?as_of=YYYY-MM-DD`` (the cut-off date; default: today in
the plan's time zone) and ``?lang=vi`` or ``?lang=en``.

Clients poll cheaply: every answer carries a strong ``ETag`` (a hash of the body)
and plans' answers a ``Last-Modified``; ``If-None-Match`` and ``If-Modified-Since``
get ``304 Not Modified`` with no body. Plan files are checked on every request
(one ``stat`` each) and read again only when they change; rendered bodies are
kept, keyed by the file's content, so an unchanged plan is not rendered again.

The server is hardened for an office network: only ``GET`` and ``HEAD`` (others:
405); no request body (413), no request target over 2 KiB (414), no headers over
16 KiB (431); plan and unit ids in a URL are looked up among the plans loaded and
never touch the file system, so no path leads out of the folder; every text from a
plan is escaped in the pages, which are sent with ``X-Content-Type-Options:
nosniff`` and a ``Content-Security-Policy`` that allows no script; an error is
logged, never shown (500). ``allowed_hosts`` guards against DNS rebinding.

>>> import datetime as dt, pathlib, tempfile
>>> from wsgiref.util import setup_testing_defaults
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "kh45.yaml").write_text(
...     "plan: {id: kh45, title: Kế hoạch 45}\\n"
...     "units: [{id: cb1, name: Chi bộ 1}]\\n"
...     "tasks: [{id: t1, title: Báo cáo, lead: cb1, deadline: 2024-12-15}]\\n",
...     encoding="utf-8")
>>> app = create_app(folder, as_of=dt.date(2024, 8, 6))
>>> environ = {"PATH_INFO": "/plans/kh45/units/cb1/tasks.ics"}
>>> setup_testing_defaults(environ)
>>> answer = {}
>>> body = b"".join(app(environ, lambda status, headers: answer.update(headers, status=status)))
>>> answer["status"], answer["Content-Type"], body.splitlines()[0]
('200 OK', 'text/calendar; charset=utf-8', b'BEGIN:VCALENDAR')
>>> environ["HTTP_IF_NONE_MATCH"] = answer["ETag"]
>>> list(app(environ, lambda status, headers: answer.update(status=status)))
[]
>>> answer["status"]
'304 Not Modified'
"""

from __future__ import annotations

from actionplan.web._app import CONTENT_TYPES, CacheInfo, Clock, FeedApp, create_app
from actionplan.web._catalog import PLAN_SUFFIXES, Catalog, FileProblem, ServedPlan, slug
from actionplan.web._http import MAX_HEADERS_BYTES, MAX_URL_BYTES
from actionplan.web._pages import URL_LAYOUT

__all__ = [
    "CONTENT_TYPES",
    "MAX_HEADERS_BYTES",
    "MAX_URL_BYTES",
    "PLAN_SUFFIXES",
    "URL_LAYOUT",
    "CacheInfo",
    "Catalog",
    "Clock",
    "FeedApp",
    "FileProblem",
    "ServedPlan",
    "create_app",
    "slug",
]
