"""Keep a plan's tasks in step with a calendar on a CalDAV server.

:func:`sync` pushes each task of a plan file to a CalDAV calendar as one to-do
(``VTODO``) object, and pulls back what people did there: a to-do ticked off in
Thunderbird, Nextcloud Tasks or a phone's task app becomes a progress update
recorded in the plan file (:func:`actionplan.files.edit.record_progress`, so the file's
comments and layout survive).

Nothing is overwritten blindly. Every object is written with a precondition
(``If-None-Match: *`` to create, ``If-Match: <etag>`` to update), and a small
state file beside the plan (``.{plan file name}.caldav.json``, see
:func:`state_path`) keeps, for each object, the ETag and the content last synced
and a fingerprint of each of its properties. When the server's ETag differs from
the recorded one, the object was changed on the server, and it is fetched and
merged before anything is written:

- progress (``STATUS``, ``PERCENT-COMPLETE``, ``COMPLETED``): the server wins; a
  change there is recorded in the plan file;
- everything else (``SUMMARY``, ``DUE``, ``DESCRIPTION`` …): the plan wins, unless
  the plan and the server both changed the same property since the last sync. That
  is a :class:`SyncConflict`: it is reported, and the server's object is left as
  it is until the two agree.

A second sync with nothing new changes nothing: an object whose bytes are those
last synced is not sent again. The state file also keeps each object's
``SEQUENCE`` and a fingerprint of its schedule and status
(:class:`~actionplan.ical.SequenceState`), so that a to-do's number grows exactly
when its due date, recurrence or status changed, a deadline edited in the plan
file directly included. A to-do whose task left the plan is deleted from
the server (again with ``If-Match``); one changed on the server since is kept and
reported.

Credentials (a user name and password, or a callable returning them, e.g. from a
keyring) are only handed to the HTTP client: they are never logged, never in a
message, and never written to the plan or the state file. A network or HTTP failure
raises :class:`~actionplan.errors.SyncError` naming the server (without
credentials) and what failed; a single object the server refuses is reported in
:attr:`SyncResult.errors` and the others are synced.

Usage (against a server of your own)::

    from actionplan.caldav_sync import Credentials, sync

    result = sync("kh45.yaml", "https://cal.example.org/dav/", calendar="Kế hoạch 45",
                  credentials=Credentials("canbo", password), as_of=dt.date.today(),
                  create=True)
    print(result.summary())
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypeAlias, TypeVar
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import attrs
from icalendar import Calendar, Component

from actionplan._atomic import atomic_write_bytes, file_lock
from actionplan.errors import (
    CalendarFileError,
    PlanContentError,
    SyncError,
    UnknownTaskError,
    ValidationError,
)
from actionplan.files import load_plan
from actionplan.files.edit import record_progress
from actionplan.ical import ProposedUpdate, SequenceState, iter_objects, read_calendar
from actionplan.ical.export import AlarmsArg
from actionplan.model import ActionPlan, ProgressUpdate

__all__ = [
    "COMPLETION_FIELDS",
    "Credentials",
    "CredentialsArg",
    "ProgressCallback",
    "SyncConflict",
    "SyncFailure",
    "SyncResult",
    "SyncedObject",
    "state_path",
    "sync",
]

log = logging.getLogger(__name__)

COMPLETION_FIELDS: Final = ("STATUS", "PERCENT-COMPLETE", "COMPLETED")
"""The properties whose change on the server is pulled into the plan (the server wins)."""

_IGNORED: Final = frozenset({"UID", "DTSTAMP", "LAST-MODIFIED", "CREATED", "SEQUENCE"})
"""Properties that clients rewrite on every save; they are not compared."""

_STATE_FORMAT: Final = "actionplan-caldav-sync/1"
_ICAL_TYPE: Final = "text/calendar; charset=utf-8"
_T = TypeVar("_T")
_MIN_SCRUBBED: Final = 4
_MALFORMED: Final = (SyntaxError, ValueError, LookupError, TypeError, AttributeError)
"""What the CalDAV client raises on an answer it cannot parse: malformed XML (lxml's
errors are SyntaxErrors), a status line, header or property of the wrong form."""


def _tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(items)


def _dict(items: Mapping[str, str]) -> dict[str, str]:
    return dict(items)


# -- credentials ------------------------------------------------------------------------


@attrs.frozen
class Credentials:
    """A user name and password for the CalDAV server. The password is kept out of
    ``repr`` (and so out of tracebacks and logs).

    >>> Credentials("canbo", "bí-mật")
    Credentials(username='canbo')
    """

    username: str
    password: str = attrs.field(repr=False)


CredentialsArg: TypeAlias = (
    "Credentials | tuple[str, str] | Callable[[], Credentials | tuple[str, str]] | None"
)
"""Credentials, a ``(username, password)`` pair, a callable returning either (called
once, when the sync connects), or ``None`` for a server without authentication."""

ProgressCallback: TypeAlias = Callable[[int, int, str], None]
"""Called after each object is synced with ``(done, total, uid)``."""


def _credentials(value: CredentialsArg) -> Credentials | None:
    if callable(value):
        value = value()
    if value is None or isinstance(value, Credentials):
        return value
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return Credentials(value[0], value[1])
    raise TypeError(
        "credentials must be a Credentials, a (username, password) pair of texts or a "
        f"callable returning one, found {type(value).__name__}"
    )


# -- the result ---------------------------------------------------------------------------


@attrs.frozen
class SyncedObject:
    """One calendar object a sync touched: its UID, the task it belongs to and where
    it is on the server."""

    uid: str
    task_id: str | None
    href: str

    def __str__(self) -> str:
        return f"task {self.task_id!r}" if self.task_id is not None else self.uid


@attrs.frozen
class SyncConflict:
    """A property changed both in the plan and on the server since the last sync.

    The server's object is left as it is; make the two agree (edit the plan or the
    to-do) and sync again. ``field`` is ``None`` when the task was removed from the
    plan while its to-do was changed on the server.

    >>> print(SyncConflict("kh45-1@actionplan", "1", "DUE", "2024-12-31", "2024-12-20"))
    task '1': DUE was changed both in the plan (2024-12-31) and on the server (2024-12-20); the server's to-do was left as it is: make the two agree and sync again
    """  # noqa: E501  (a doctest output is one line)

    uid: str
    task_id: str | None
    field: str | None
    plan_value: str | None
    server_value: str | None

    def __str__(self) -> str:
        who = f"task {self.task_id!r}" if self.task_id is not None else self.uid
        if self.field is None:
            return (
                f"{who}: removed from the plan, but its to-do was changed on the server "
                "since the last sync; it was left on the server: delete it there if it "
                "is no longer needed"
            )
        plan = self.plan_value if self.plan_value is not None else "removed"
        server = self.server_value if self.server_value is not None else "removed"
        return (
            f"{who}: {self.field} was changed both in the plan ({plan}) and on the server "
            f"({server}); the server's to-do was left as it is: make the two agree and "
            "sync again"
        )


@attrs.frozen
class SyncFailure:
    """An object the server refused, or could not be read; the others were synced."""

    uid: str
    task_id: str | None
    message: str

    def __str__(self) -> str:
        who = f"task {self.task_id!r}" if self.task_id is not None else self.uid
        return f"{who}: {self.message}"


@attrs.frozen
class SyncResult:
    """What a :func:`sync` did (or, with ``dry_run``, would do).

    ``created``, ``updated``, ``deleted``, ``unchanged``: the objects by what
    happened to them on the server; ``pulled``: the progress updates read from the
    server and recorded in the plan; ``conflicts`` and ``errors``: what needs a
    person's attention.

    >>> print(SyncResult("http://localhost/cal/").summary())
    0 created, 0 updated, 0 deleted, 0 unchanged, 0 pulled, 0 conflicts, 0 errors
    """

    calendar: str
    created: tuple[SyncedObject, ...] = attrs.field(default=(), converter=_tuple)
    updated: tuple[SyncedObject, ...] = attrs.field(default=(), converter=_tuple)
    deleted: tuple[SyncedObject, ...] = attrs.field(default=(), converter=_tuple)
    unchanged: tuple[SyncedObject, ...] = attrs.field(default=(), converter=_tuple)
    pulled: tuple[ProposedUpdate, ...] = attrs.field(default=(), converter=_tuple)
    conflicts: tuple[SyncConflict, ...] = attrs.field(default=(), converter=_tuple)
    errors: tuple[SyncFailure, ...] = attrs.field(default=(), converter=_tuple)
    calendar_created: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """Whether everything was synced: no conflicts and no errors."""
        return not self.conflicts and not self.errors

    @property
    def changed(self) -> bool:
        """Whether the sync changed anything, on the server or in the plan."""
        return bool(
            self.created or self.updated or self.deleted or self.pulled or self.calendar_created
        )

    def summary(self) -> str:
        """One line counting each outcome."""
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.deleted)} deleted, {len(self.unchanged)} unchanged, "
            f"{len(self.pulled)} pulled, {len(self.conflicts)} conflicts, "
            f"{len(self.errors)} errors"
        )


# -- the state file ---------------------------------------------------------------------------


def state_path(plan_path: str | os.PathLike[str]) -> Path:
    """The sync-state file of a plan file: ``.{name}.caldav.json`` beside it.

    >>> state_path("plans/kh45.yaml").as_posix()
    'plans/.kh45.yaml.caldav.json'
    """
    path = Path(plan_path)
    return path.with_name(f".{path.name}.caldav.json")


@attrs.frozen
class _Record:
    """What was last synced for one object."""

    task: str | None
    href: str
    etag: str
    hash: str
    fields: Mapping[str, str] = attrs.field(factory=dict, converter=_dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "href": self.href,
            "etag": self.etag,
            "hash": self.hash,
            "fields": dict(sorted(self.fields.items())),
        }


def _load_state(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"format": _STATE_FORMAT, "calendars": {}}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SyncError(
            f"{path}: the sync state cannot be read ({exc}); expected the JSON file a "
            "previous sync wrote. Delete it to start afresh: the next sync then compares "
            "every to-do with the server and reports the ones that differ"
        ) from None
    if not isinstance(data, dict) or data.get("format") != _STATE_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise SyncError(
            f"{path}: not a sync state file of this version (format {found!r}, expected "
            f"{_STATE_FORMAT!r}); delete it to start afresh"
        )
    data.setdefault("calendars", {})
    return data


def _records(state: Mapping[str, Any], calendar: str, path: Path) -> dict[str, _Record]:
    raw = state["calendars"].get(calendar, {}).get("objects", {})
    try:
        return {uid: _Record(**entry) for uid, entry in raw.items()}
    except (TypeError, AttributeError) as exc:
        raise SyncError(
            f"{path}: the entry for {calendar} is damaged ({exc}); delete the file to start afresh"
        ) from None


def _sequences(state: Mapping[str, Any], calendar: str, path: Path) -> SequenceState:
    """The SEQUENCE numbers last written to ``calendar``; a damaged entry is ignored
    with a warning (the numbers are then derived from the plan)."""
    entry = state["calendars"].get(calendar, {})
    data = entry.get("sequences") if isinstance(entry, dict) else None
    return SequenceState.from_data(data, source=f"{path} ({calendar})")


def _save_state(
    path: Path,
    state: dict[str, Any],
    calendar: str,
    records: Mapping[str, _Record],
    sequences: SequenceState,
) -> None:
    state["calendars"][calendar] = {
        "objects": {uid: records[uid].to_json() for uid in sorted(records)},
        "sequences": sequences.to_data(),
    }
    text = json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


# -- comparing objects ------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A canonical text for a property value: times in UTC, others as written."""
    moment = getattr(value, "dt", None)
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.astimezone(dt.UTC).isoformat()
    if isinstance(moment, dt.date):
        return moment.isoformat()
    if hasattr(value, "to_ical"):
        raw = value.to_ical()
        text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    else:
        text = str(value)
    params = getattr(value, "params", None) or {}
    extra = sorted(
        f"{k.upper()}={v}" for k, v in params.items() if k.upper() not in ("TZID", "VALUE")
    )
    return ";".join([text, *extra])


def _values(todo: Component) -> dict[str, str]:
    """Each compared property of a to-do, as one canonical text."""
    out: dict[str, str] = {}
    for name in {str(key).upper() for key in todo}:
        if name in _IGNORED or name.startswith("X-"):
            continue
        value = todo[name]
        items = value if isinstance(value, list) else [value]
        out[name] = " | ".join(sorted(_text(item) for item in items))
    alarms = sorted(
        f"{_text(a.get('ACTION', ''))} {_text(a.get('TRIGGER', ''))}"
        for a in todo.subcomponents
        if a.name == "VALARM"
    )
    if alarms:
        out["VALARM"] = " | ".join(alarms)
    return out


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _fingerprints(values: Mapping[str, str]) -> dict[str, str]:
    return {name: _digest(text) for name, text in values.items()}


_DTSTAMP = re.compile(rb"^DTSTAMP[;:][^\r\n]*\r?\n", re.MULTILINE)


def _content_hash(data: bytes) -> str:
    """The hash of an object's bytes, ``DTSTAMP`` aside (it only says when it was made)."""
    return hashlib.sha256(_DTSTAMP.sub(b"", data)).hexdigest()


@attrs.frozen
class _Local:
    """One object as the plan makes it."""

    uid: str
    task_id: str | None
    data: bytes
    values: Mapping[str, str]
    hash: str


def _local_objects(
    plan: ActionPlan,
    as_of: dt.date | None,
    language: str,
    alarms: AlarmsArg,
    sequences: SequenceState,
) -> tuple[dict[str, _Local], SequenceState]:
    """The plan's to-dos, by UID, as they are stored on the server (one object per
    resource, from :func:`actionplan.ical.iter_objects`), and ``sequences`` updated
    with the numbers they carry."""
    objects = list(
        iter_objects(
            plan, mode="todo", as_of=as_of, language=language, alarms=alarms, sequences=sequences
        )
    )
    out: dict[str, _Local] = {}
    for item in objects:
        todo = Calendar.from_ical(item.data).walk("VTODO")[0]
        out[item.uid] = _Local(
            item.uid, item.task_id, item.data, _values(todo), _content_hash(item.data)
        )
    return out, sequences.updated(objects)


# -- the server -----------------------------------------------------------------------


def _split_userinfo(url: str) -> tuple[str, Credentials | None]:
    """The URL without user and password, and the credentials it carried."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            "sync",
            "url",
            f"{_redact(url)!r} is not a CalDAV server address; expected an http:// or "
            "https:// URL such as https://cal.example.org/dav/",
        )
    if parts.username is None and parts.password is None:
        return url, None
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    found = Credentials(unquote(parts.username or ""), unquote(parts.password or ""))
    return clean, found


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


class _Server:
    """The CalDAV exchanges a sync needs, each turning failures into SyncError."""

    def __init__(self, url: str, credentials: Credentials | None, timeout: float) -> None:
        from caldav.davclient import DAVClient

        self.url = url
        # Messages are scrubbed of the password as a last line of defence (none is
        # meant to hold it); a very short one would garble them, and say nothing.
        password = credentials.password if credentials is not None else ""
        self._secrets = tuple(
            {s for s in (password, quote(password, safe="")) if len(s) >= _MIN_SCRUBBED}
        )
        self.client = DAVClient(
            url=url,
            username=credentials.username if credentials else None,
            password=credentials.password if credentials else None,
            timeout=int(max(1, timeout)),
            enable_rfc6764=False,
        )

    def close(self) -> None:
        self.client.close()

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def call(self, what: str, url: str, action: Callable[[], _T]) -> _T:
        """Run one exchange; a failure becomes a SyncError naming the URL and the step."""
        from caldav.lib import error as dav_error

        log.debug("CalDAV: %s %s", what, url)
        try:
            return action()
        except dav_error.AuthorizationError as exc:
            status = getattr(exc, "status", None) or 401
            raise SyncError(
                f"CalDAV server {url}: {what} failed: the server refused the credentials "
                f"(HTTP {status}); check the user name and password (--user, --password-env)"
            ) from None
        except dav_error.DAVError as exc:
            detail = self._scrub(_dav_detail(exc))
            raise SyncError(
                f"CalDAV server {url}: {what} failed: {detail}; check that the URL is the "
                "address of a CalDAV server"
            ) from None
        except OSError as exc:
            detail = self._scrub(_network_detail(exc))
            raise SyncError(
                f"CalDAV server {url}: {what} failed: {detail}; check the URL and that the "
                "server is running and reachable"
            ) from None
        except _MALFORMED as exc:
            detail = self._scrub(f"{type(exc).__name__}: {str(exc)[:200]}")
            raise SyncError(
                f"CalDAV server {url}: {what} failed: the answer cannot be read ({detail}); "
                "check that the URL is the address of a CalDAV server"
            ) from None

    def request(
        self,
        what: str,
        url: str,
        method: str,
        body: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        return self.call(
            what, url, lambda: self.client.request(url, method, body, dict(headers or {}))
        )

    # -- collections --------------------------------------------------------------------

    def properties(self, url: str, props: list[str], depth: int) -> list[Any]:
        """PROPFIND results (``[]`` when there is nothing at ``url``)."""
        response = self.call(
            f"reading the properties of {url}",
            url,
            lambda: self.client.propfind(url, props=props, depth=depth),
        )
        if response.status == 404:
            return []
        if response.status not in (200, 207):
            raise SyncError(
                f"CalDAV server {self.url}: reading the properties of {url} failed: HTTP "
                f"{response.status}; expected 207 Multi-Status"
            )
        return list(response.results or [])

    def calendar_home(self) -> str:
        principal = self.call("finding the user's principal", self.url, self.client.principal)
        home = self.call(
            "finding the calendar home", str(principal.url), lambda: principal.calendar_home_set
        )
        return str(home.url)

    def make_calendar(self, url: str, name: str) -> None:
        from caldav.collection import CalendarSet

        parent = url.rstrip("/").rpartition("/")[0] + "/"
        cal_id = unquote(url.rstrip("/").rpartition("/")[2])
        calendars = CalendarSet(client=self.client, url=parent)
        self.call(
            f"creating the calendar {url}",
            url,
            lambda: calendars.make_calendar(
                name=name, cal_id=cal_id, supported_calendar_component_set=["VTODO"]
            ),
        )

    def etags(self, calendar: str) -> dict[str, str]:
        """The ETag of every object in the calendar, by unquoted path."""
        base = urlsplit(calendar).path
        out: dict[str, str] = {}
        for result in self.properties(calendar, ["{DAV:}getetag"], depth=1):
            path = unquote(urlsplit(urljoin(calendar, result.href)).path)
            etag = result.properties.get("{DAV:}getetag")
            if path.rstrip("/") != unquote(base).rstrip("/") and etag:
                out[path] = str(etag)
        return out

    # -- objects --------------------------------------------------------------------------

    def get(self, url: str) -> tuple[bytes, str | None]:
        response = self.request(f"reading {url}", url, "GET")
        if response.status != 200:
            raise _ObjectError(f"reading it failed: HTTP {response.status}")
        return str(response.raw or "").encode("utf-8"), _header(response, "ETag")

    def put(self, url: str, data: bytes, etag: str | None) -> tuple[int, str | None]:
        headers = {"Content-Type": _ICAL_TYPE}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        response = self.request(f"writing {url}", url, "PUT", data.decode("utf-8"), headers)
        new_etag = _header(response, "ETag")
        if response.status in (200, 201, 204) and new_etag is None:
            results = self.properties(url, ["{DAV:}getetag"], depth=0)
            found = results[0].properties.get("{DAV:}getetag") if results else None
            new_etag = str(found) if found else None
        return int(response.status), new_etag

    def delete(self, url: str, etag: str) -> int:
        response = self.request(f"deleting {url}", url, "DELETE", "", {"If-Match": etag})
        return int(response.status)


class _ObjectError(Exception):
    """One object could not be synced; the message says why."""


def _header(response: Any, name: str) -> str | None:
    value = response.headers.get(name) if response.headers is not None else None
    return str(value) if value else None


def _dav_detail(exc: Exception) -> str:
    """What a caldav error says: its reason and HTTP status, where it gives them."""
    reason = str(getattr(exc, "reason", "") or "")
    status = getattr(exc, "status", None)
    parts = [reason] if reason and reason != "no reason" else [type(exc).__name__]
    if status is not None and str(status) not in reason:
        parts.append(f"(HTTP {status})")
    return " ".join(parts)


def _network_detail(exc: OSError) -> str:
    text = str(exc)
    for marker, meaning in (
        ("Connection refused", "the connection was refused"),
        ("timed out", "the server did not answer in time"),
        ("Name or service not known", "the host name is unknown"),
        ("nodename nor servname", "the host name is unknown"),
        ("CERTIFICATE_VERIFY_FAILED", "the server's TLS certificate is not trusted"),
    ):
        if marker in text:
            return meaning
    return f"{type(exc).__name__}: {text}"


# -- finding the calendar --------------------------------------------------------------


_CALENDAR_TYPE: Final = "{urn:ietf:params:xml:ns:caldav}calendar"
_COMPONENTS: Final = "{urn:ietf:params:xml:ns:caldav}supported-calendar-component-set"
_CAL_PROPS: Final = ["{DAV:}resourcetype", "{DAV:}displayname", _COMPONENTS]


def _is_calendar(result: Any) -> bool:
    return _CALENDAR_TYPE in (result.properties.get("{DAV:}resourcetype") or [])


def _check_todos(server: _Server, url: str, result: Any) -> None:
    components = result.properties.get(_COMPONENTS)
    if components and "VTODO" not in components:
        raise SyncError(
            f"CalDAV server {server.url}: the calendar {url} does not accept to-dos (VTODO); "
            f"it accepts {', '.join(components)}. Choose a task list, or name a new calendar "
            "with --calendar and let sync create it (--create)"
        )


def _slug(text: str) -> str:
    """A collection name for the URL: ASCII letters, digits, ``-`` and ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-").lower()
    return slug or hashlib.sha256(text.encode()).hexdigest()[:12]


def _same_name(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).casefold() == unicodedata.normalize("NFC", b).casefold()


def _find_calendar(
    server: _Server, calendar: str | None, plan: ActionPlan, *, create: bool, dry_run: bool
) -> tuple[str, bool]:
    """The calendar's URL, and whether it was (or, in a dry run, would be) created."""
    if calendar is not None and (
        calendar.startswith("/") or urlsplit(calendar).scheme in ("http", "https")
    ):
        url = urljoin(server.url, calendar).rstrip("/") + "/"
        found = server.properties(url, _CAL_PROPS, depth=0)
        if found:
            if not _is_calendar(found[0]):
                raise SyncError(
                    f"CalDAV server {server.url}: {url} is not a calendar; give the URL of a "
                    "calendar collection, or a calendar name"
                )
            _check_todos(server, url, found[0])
            return url, False
        return _create(server, url, plan.title, create=create, dry_run=dry_run)
    if calendar is None:
        here = server.properties(server.url, _CAL_PROPS, depth=0)
        if here and _is_calendar(here[0]):
            _check_todos(server, server.url, here[0])
            return server.url, False
    wanted = calendar if calendar is not None else plan.id
    home = server.calendar_home()
    names: list[str] = []
    for result in server.properties(home, _CAL_PROPS, depth=1):
        if not _is_calendar(result):
            continue
        url = urljoin(home, result.href)
        segment = unquote(url.rstrip("/").rpartition("/")[2])
        display = str(result.properties.get("{DAV:}displayname") or "")
        names.append(display or segment)
        if _same_name(display, wanted) or segment in (wanted, _slug(wanted)):
            _check_todos(server, url, result)
            return url, False
    if not create:
        known = ", ".join(repr(n) for n in sorted(names)) or "none"
        raise SyncError(
            f"CalDAV server {server.url}: no calendar named {wanted!r} under {home} (found: "
            f"{known}); give an existing one with --calendar, or let sync create it (--create)"
        )
    url = urljoin(home, quote(_slug(wanted)) + "/")
    name = plan.title if calendar is None else calendar
    return _create(server, url, name, create=create, dry_run=dry_run)


def _create(
    server: _Server, url: str, name: str, *, create: bool, dry_run: bool
) -> tuple[str, bool]:
    if not create:
        raise SyncError(
            f"CalDAV server {server.url}: there is no calendar at {url}; check the URL, or "
            "let sync create it (--create)"
        )
    if not dry_run:
        server.make_calendar(url, name)
    return url, True


# -- the sync ---------------------------------------------------------------------------


def _apply(plan: ActionPlan, pulled: Iterable[ProposedUpdate]) -> ActionPlan:
    """The plan with the pulled updates recorded, in memory (for a dry run)."""
    by_task: dict[str, list[ProgressUpdate]] = {}
    for item in pulled:
        if item.task_id is not None:
            by_task.setdefault(item.task_id, []).append(item.update)
    if not by_task:
        return plan
    tasks = [
        attrs.evolve(t, updates=sorted([*t.updates, *by_task[t.id]], key=lambda u: u.date))
        if t.id in by_task
        else t
        for t in plan.tasks
    ]
    return attrs.evolve(plan, tasks=tasks)


@attrs.define
class _Run:
    """The working state of one sync."""

    server: _Server
    calendar: str
    records: dict[str, _Record]
    etags: dict[str, str]
    dry_run: bool
    sequences: SequenceState = attrs.Factory(SequenceState)
    created: list[SyncedObject] = attrs.Factory(list)
    updated: list[SyncedObject] = attrs.Factory(list)
    deleted: list[SyncedObject] = attrs.Factory(list)
    unchanged: list[SyncedObject] = attrs.Factory(list)
    conflicts: list[SyncConflict] = attrs.Factory(list)
    errors: list[SyncFailure] = attrs.Factory(list)

    def href(self, uid: str) -> str:
        record = self.records.get(uid)
        if record is not None:
            return record.href
        return urlsplit(self.calendar).path + quote(uid, safe="@") + ".ics"

    def url(self, href: str) -> str:
        return urljoin(self.calendar, href)

    def server_etag(self, uid: str) -> str | None:
        return self.etags.get(unquote(self.href(uid)))

    def remember(self, local: _Local, href: str, etag: str | None) -> None:
        """Record what the server now holds: ``local``'s values under ``etag``."""
        if etag is None:  # the server gave no ETag: compare with it next time
            self.records.pop(local.uid, None)
            return
        self.records[local.uid] = _Record(
            local.task_id, href, etag, local.hash, _fingerprints(local.values)
        )


@attrs.frozen
class _Remote:
    """An object as the server holds it (fetched because it changed there)."""

    data: bytes
    etag: str
    todo: Component
    values: Mapping[str, str]

    def progress_changed(self, record: _Record | None) -> bool:
        """Whether its progress differs from the last sync's (always, without one)."""
        if record is None:
            return True
        mine = _fingerprints(self.values)
        return any(mine.get(f) != record.fields.get(f) for f in COMPLETION_FIELDS)


def _fetch(run: _Run, uids: Iterable[str]) -> dict[str, _Remote]:
    """The objects changed on the server since the last sync (or never synced)."""
    fetched: dict[str, _Remote] = {}
    for uid in uids:
        etag = run.server_etag(uid)
        record = run.records.get(uid)
        if etag is None or (record is not None and record.etag == etag):
            continue
        task = record.task if record else None
        try:
            data, got = run.server.get(run.url(run.href(uid)))
            todos = Calendar.from_ical(data).walk("VTODO")
        except _ObjectError as exc:
            run.errors.append(SyncFailure(uid, task, str(exc)))
            continue
        except ValueError as exc:
            message = f"the server's copy is not a calendar object ({exc}); it was left alone"
            run.errors.append(SyncFailure(uid, task, message))
            continue
        if len(todos) != 1:
            message = (
                f"the server's copy holds {len(todos)} VTODOs, expected one; it was left alone"
            )
            run.errors.append(SyncFailure(uid, task, message))
            continue
        fetched[uid] = _Remote(data, got or etag, todos[0], _values(todos[0]))
    return fetched


def _pull(run: _Run, plan: ActionPlan, fetched: Mapping[str, _Remote]) -> list[ProposedUpdate]:
    """The progress changed on the server, as updates for the plan (the server wins)."""
    pulled: list[ProposedUpdate] = []
    for uid, remote in fetched.items():
        record = run.records.get(uid)
        if not remote.progress_changed(record):
            continue  # progress unchanged on the server: the plan's stands
        try:
            proposals = read_calendar(remote.data, plan)
        except CalendarFileError as exc:
            run.errors.append(SyncFailure(uid, record.task if record else None, str(exc)))
            continue
        for proposal in proposals:
            if proposal.uid == uid and proposal.task_id is not None:
                pulled.append(attrs.evolve(proposal, source=run.url(run.href(uid)), line=None))
    return pulled


def _merge(local: _Local, remote: _Remote, record: _Record | None) -> _Local:
    """``local`` made to overwrite ``remote``: the server's progress kept when it changed
    there (the server wins; even an update after the cut-off date stays), and a
    SEQUENCE no lower than the server's. The hash stays that of the plan's bytes."""
    calendar = Calendar.from_ical(local.data)
    todo = calendar.walk("VTODO")[0]
    if remote.progress_changed(record):
        for name in COMPLETION_FIELDS:
            todo.pop(name, None)
            if name in remote.todo:
                todo[name] = remote.todo[name]
    theirs = remote.todo.get("SEQUENCE")
    if isinstance(theirs, list):  # a client wrote it twice: the highest counts
        theirs = max(theirs)
    if theirs is not None and int(theirs) > int(todo.get("SEQUENCE", 0)):
        todo.pop("SEQUENCE", None)
        todo.add("sequence", int(theirs))
    return attrs.evolve(local, data=calendar.to_ical(), values=_values(todo))


def _conflicts(local: _Local, remote: _Remote, record: _Record | None) -> list[SyncConflict]:
    """The plan's properties changed both in the plan and on the server since the last
    sync (without a last sync: the ones that differ)."""
    out: list[SyncConflict] = []
    names = sorted((set(local.values) | set(remote.values)) - set(COMPLETION_FIELDS))
    for name in names:
        mine, theirs = local.values.get(name), remote.values.get(name)
        if mine == theirs:
            continue
        if record is None:
            if mine is None:
                continue  # a property only a client adds: the plan wins
        else:
            base = record.fields.get(name)
            mine_changed = (None if mine is None else _digest(mine)) != base
            theirs_changed = (None if theirs is None else _digest(theirs)) != base
            if not (mine_changed and theirs_changed):
                continue
        out.append(SyncConflict(local.uid, local.task_id, name, mine, theirs))
    return out


def _push(run: _Run, local: _Local, remote: _Remote | None) -> None:
    """Create or update one object on the server, or leave it, and record the outcome."""
    uid, record = local.uid, run.records.get(local.uid)
    href = run.href(uid)
    item = SyncedObject(uid, local.task_id, run.url(href))
    precondition = run.server_etag(uid)
    if remote is not None:
        conflicts = _conflicts(local, remote, record)
        if conflicts:
            run.conflicts.extend(conflicts)
            return
        local = _merge(local, remote, record)
        precondition = remote.etag
        if remote.values == local.values:
            run.unchanged.append(item)
            if not run.dry_run:
                run.remember(local, href, remote.etag)
            return
    elif precondition is not None and record is not None and record.hash == local.hash:
        run.unchanged.append(item)
        return
    if run.dry_run:
        (run.created if precondition is None else run.updated).append(item)
        return
    status, new_etag = run.server.put(run.url(href), local.data, precondition)
    if status in (200, 201, 204):
        (run.created if precondition is None else run.updated).append(item)
        run.remember(local, href, new_etag)
    elif status == 412:
        message = (
            "changed on the server during the sync (HTTP 412 Precondition Failed); "
            "nothing was overwritten: sync again"
            if precondition is not None
            else "appeared on the server during the sync (HTTP 412 Precondition Failed); "
            "nothing was overwritten: sync again"
        )
        run.errors.append(SyncFailure(uid, local.task_id, message))
    else:
        message = f"the server refused the to-do: HTTP {status}"
        run.errors.append(SyncFailure(uid, local.task_id, message))


def _remove(run: _Run, uid: str) -> None:
    record = run.records[uid]
    server_etag = run.server_etag(uid)
    item = SyncedObject(uid, record.task, run.url(record.href))
    if server_etag is None:
        if not run.dry_run:
            del run.records[uid]
        return
    if server_etag != record.etag:
        run.conflicts.append(SyncConflict(uid, record.task, None, None, None))
        return
    if run.dry_run:
        run.deleted.append(item)
        return
    status = run.server.delete(run.url(record.href), record.etag)
    if status in (200, 204, 404):
        run.deleted.append(item)
        del run.records[uid]
    else:
        run.errors.append(SyncFailure(uid, record.task, f"deleting it failed: HTTP {status}"))


def sync(
    plan_path: str | os.PathLike[str],
    url: str,
    *,
    calendar: str | None = None,
    credentials: CredentialsArg = None,
    as_of: dt.date | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    create: bool = False,
    language: str = "vi",
    alarms: AlarmsArg = None,
    timeout: float = 30.0,
) -> SyncResult:
    """Sync the plan file at ``plan_path`` with a calendar on the CalDAV server ``url``.

    ``calendar``: the calendar, by display name, by its name in the URL, or by URL
    (absolute, or a path on the server). Without it, ``url`` itself when it is a
    calendar, else the user's calendar named after the plan's id. ``create``: make
    the calendar (a task list: ``VTODO`` only) when it is missing, with the plan's
    title as its display name. ``credentials``: see :data:`CredentialsArg`; a user
    and password written in ``url`` are used when none are given. ``as_of``: the
    cut-off date of the export (updates after it are ignored, and reminders already
    past are left out). ``dry_run``: read the server and report what would be done,
    but change nothing, neither on the server nor in the plan or the state file.
    ``progress``: called after each object. ``language``, ``alarms``: as for
    :func:`actionplan.ical.to_calendar`. ``timeout``: seconds to wait for each answer.

    Raises :class:`~actionplan.errors.SyncError` when the server cannot be reached or
    a request on the calendar fails; a single to-do the server refuses is reported in
    :attr:`SyncResult.errors` instead. A ``url`` that is no http(s) address raises
    :class:`~actionplan.errors.ValidationError` (a ``ValueError``). Pulled progress is
    written into the plan file with :func:`actionplan.files.edit.record_progress` (one
    it refuses, such as an update after the task was reported done, is reported in
    :attr:`SyncResult.errors` and that to-do left alone); a plan file changed meanwhile
    by someone else raises :class:`~actionplan.errors.ConcurrentUpdateError`, and so
    does a sync of the same plan still running elsewhere after 10 seconds.

    >>> import pathlib, tempfile
    >>> plan_file = pathlib.Path(tempfile.mkdtemp()) / "kh45.yaml"
    >>> _ = plan_file.write_text("plan: {id: kh45, title: Kế hoạch 45}\\n", encoding="utf-8")
    >>> sync(plan_file, "cal.example.org/dav/")
    Traceback (most recent call last):
    ...
    actionplan.errors.ValidationError: sync: url: 'cal.example.org/dav/' is not a CalDAV server address; expected an http:// or https:// URL such as https://cal.example.org/dav/
    """  # noqa: E501  (a doctest traceback is one line)
    path = Path(plan_path)
    plan = load_plan(path)
    clean_url, in_url = _split_userinfo(url)
    creds = _credentials(credentials) if credentials is not None else in_url
    state_file = state_path(path)
    with file_lock(state_file):
        state = _load_state(state_file)
        server = _Server(clean_url, creds, timeout)
        try:
            cal_url, made = _find_calendar(server, calendar, plan, create=create, dry_run=dry_run)
            records = _records(state, cal_url, state_file)
            sequences = _sequences(state, cal_url, state_file)
            etags = {} if made else server.etags(cal_url)
            run = _Run(server, cal_url, records, etags, dry_run, sequences)
            try:
                pulled = _sync_objects(run, path, plan, as_of, language, alarms, progress)
            finally:
                if not dry_run:
                    _save_state(state_file, state, cal_url, run.records, run.sequences)
        finally:
            server.close()
    return SyncResult(
        calendar=cal_url,
        created=run.created,
        updated=run.updated,
        deleted=run.deleted,
        unchanged=run.unchanged,
        pulled=pulled,
        conflicts=run.conflicts,
        errors=run.errors,
        calendar_created=made,
        dry_run=dry_run,
    )


def _record(
    run: _Run, path: Path, plan: ActionPlan, pulled: Iterable[ProposedUpdate]
) -> tuple[ActionPlan, list[ProposedUpdate]]:
    """Record the pulled updates in the plan file; the new plan and those recorded.

    An update the plan refuses (one after the task was reported done, a done update
    dated before updates already recorded …) is reported as an error, and its object
    is left alone until a person settles it: the next sync reports it again.
    """
    recorded: list[ProposedUpdate] = []
    for item in pulled:
        assert item.task_id is not None
        try:
            plan = record_progress(path, item.task_id, item.update)
        except (ValidationError, UnknownTaskError, PlanContentError) as exc:
            change = item.update.state.value
            if item.update.percent is not None:
                change += f" {item.update.percent} %"
            message = (
                f"the server reports {change} on {item.update.date.isoformat()}, which "
                f"cannot be recorded in {path}: {exc}"
            )
            run.errors.append(SyncFailure(item.uid, item.task_id, message))
            continue
        recorded.append(item)
    return plan, recorded


def _sync_objects(
    run: _Run,
    path: Path,
    plan: ActionPlan,
    as_of: dt.date | None,
    language: str,
    alarms: AlarmsArg,
    progress: ProgressCallback | None,
) -> list[ProposedUpdate]:
    """Pull, then push every object of the plan, then remove the ones it no longer has."""
    local, sequences = _local_objects(plan, as_of, language, alarms, run.sequences)
    fetched = _fetch(run, local)
    pulled = _pull(run, plan, fetched)
    if pulled:
        if run.dry_run:
            plan = _apply(plan, pulled)
        else:
            plan, pulled = _record(run, path, plan, pulled)
        local, sequences = _local_objects(plan, as_of, language, alarms, run.sequences)
    run.sequences = sequences
    gone = [uid for uid in run.records if uid not in local]
    total = len(local) + len(gone)
    failed = {e.uid for e in run.errors}
    for done, uid in enumerate([*local, *gone], start=1):
        if uid in failed:
            pass
        elif uid in local:
            _push(run, local[uid], fetched.get(uid))
        else:
            _remove(run, uid)
        if progress is not None:
            progress(done, total, uid)
    return pulled
