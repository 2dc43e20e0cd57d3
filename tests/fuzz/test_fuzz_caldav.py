"""Fuzzing CalDAV sync against a server that answers badly.

A tiny CalDAV server runs on 127.0.0.1 (no other address is ever contacted). It
keeps a calendar of to-dos and answers PROPFIND, GET, PUT, DELETE and MKCALENDAR as
a real server would, except where the example tells it to misbehave: a request
then gets a wrong status code, garbage instead of its body, damaged XML or
calendar data, an ETag missing or odd, or a connection closed without an answer.
The objects already on the server can be damaged too.

Each test proves that :func:`~actionplan.caldav_sync.sync` either returns a
:class:`~actionplan.caldav_sync.SyncResult` (objects it could not sync listed in
its ``errors`` or ``conflicts``) or raises :class:`~actionplan.errors.SyncError`;
nothing else escapes, and the plan file is still a valid plan afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.sax.saxutils import escape

import attrs
import pytest
from fuzz_support import attempt, fuzz_settings
from hypothesis import example, given
from hypothesis import strategies as st

from actionplan.caldav_sync import sync
from actionplan.errors import SyncError
from actionplan.files import load_plan, loads_plan
from actionplan.ical import to_ical_bytes
from actionplan.ical.names import task_uid

PLAN = """\
plan: {id: kh45, title: Kế hoạch 45, issued_on: 2024-08-06}
units: [{id: cb1, name: Chi bộ 1}]
tasks:
  - {id: t1, title: Tuyên truyền, lead: cb1, deadline: 2024-12-15}
  - {id: t2, title: Báo cáo quý, lead: cb1, deadline: hằng quý}
  - id: t3
    title: Rà soát
    deadline: 2024-10-31
    updates: [{date: 2024-09-01, state: in_progress, percent: 40}]
"""
AS_OF = dt.date(2024, 9, 2)
CALENDAR = "/dav/user/kh45/"
UIDS = [task_uid("kh45", t) for t in ("t1", "t2", "t3")] + ["other-1@example.org"]
EXPORT = to_ical_bytes(loads_plan(PLAN), as_of=AS_OF, method=None)

FAULTS = (
    "status", "body", "xml", "ics", "etag", "no-etag", "close", "type", "empty",
)  # fmt: skip
STATUSES = (200, 201, 204, 207, 301, 400, 401, 403, 404, 405, 409, 412, 415, 500, 503)
ODD_ETAGS = ("", '""', "W/", '"a', "*", "x" * 300, '"\u1ec7"', "\t", "null")


@attrs.frozen
class Fault:
    """How the server spoils one answer (``None``: it answers well); ``seed`` drives
    the damage."""

    kind: str | None
    seed: int


FAULT = st.builds(Fault, st.none() | st.sampled_from(FAULTS), st.integers(0, 2**32))


def _damage(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few bytes flipped, inserted or removed, or cut short."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            break
        at = rng.randrange(len(out))
        op = rng.choice(["flip", "insert", "delete", "cut"])
        if op == "flip":
            out[at] ^= 1 << rng.randrange(8)
        elif op == "insert":
            out[at:at] = rng.choice([b"<", b">", b"&", b"\x00", b"\xff", b"]]>", b"\r\n", b":"])
        elif op == "delete":
            del out[at : at + rng.randint(1, 24)]
        else:
            del out[at:]
    return bytes(out)


def _ics_of(uid: str, rng: random.Random | None) -> bytes:
    """The object for ``uid`` as the plan exports it (damaged with ``rng``)."""
    start = EXPORT.find(f"UID:{uid}".encode())
    data = EXPORT
    if start >= 0:
        begin = EXPORT.rfind(b"BEGIN:VTODO", 0, start)
        end = EXPORT.find(b"END:VTODO\r\n", start) + len(b"END:VTODO\r\n")
        head = EXPORT[: EXPORT.find(b"BEGIN:V", 10)]
        data = head + EXPORT[begin:end] + b"END:VCALENDAR\r\n"
    else:
        data = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VTODO\r\n"
            + f"UID:{uid}\r\n".encode()
            + b"DTSTAMP:20240901T000000Z\r\nSUMMARY:Other\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
        )
    if rng is not None:
        data = data.replace(
            b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED\r\nCOMPLETED:20240901T020000Z"
        )
        data = _damage(data, rng) if rng.random() < 0.7 else data
    return data


def _response(href: str, props: dict[str, str]) -> str:
    body = "".join(props.values())
    return (
        f"<d:response><d:href>{escape(href)}</d:href><d:propstat><d:prop>{body}</d:prop>"
        "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )


def _multistatus(responses: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">'
        + "".join(responses)
        + "</d:multistatus>"
    ).encode()


class FaultyCalDAV:
    """The state of the fake server: its objects and the faults still to play."""

    def __init__(self, faults: list[Fault], objects: dict[str, bytes]) -> None:
        self.faults = list(faults)
        self.objects = dict(objects)  # path -> data
        self.etags = {path: f'"{n}"' for n, path in enumerate(objects)}
        self.counter = len(objects)
        self.lock = threading.Lock()

    def next_fault(self) -> Fault:
        return self.faults.pop(0) if self.faults else Fault(None, 0)

    def answer(
        self, method: str, path: str, depth: str, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        """The well-behaved answer to a request."""
        if method == "PROPFIND":
            if path.rstrip("/") == CALENDAR.rstrip("/"):
                collection = _response(
                    CALENDAR,
                    {
                        "type": "<d:resourcetype><d:collection/><c:calendar/></d:resourcetype>",
                        "name": "<d:displayname>Kế hoạch 45</d:displayname>",
                        "comp": '<c:supported-calendar-component-set><c:comp name="VTODO"/>'
                        "</c:supported-calendar-component-set>",
                    },
                )
                items = [
                    _response(p, {"etag": f"<d:getetag>{escape(e)}</d:getetag>"})
                    for p, e in self.etags.items()
                ]
                return 207, {}, _multistatus([collection, *(items if depth == "1" else [])])
            if path in self.objects:
                etag = f"<d:getetag>{escape(self.etags[path])}</d:getetag>"
                return 207, {}, _multistatus([_response(path, {"etag": etag})])
            return 404, {}, b""
        if method in ("GET", "HEAD"):
            if path not in self.objects:
                return 404, {}, b""
            return (
                200,
                {"ETag": self.etags[path], "Content-Type": "text/calendar"},
                self.objects[path],
            )
        if method == "PUT":
            self.counter += 1
            self.objects[path] = body
            self.etags[path] = f'"{self.counter}"'
            return 201, {"ETag": self.etags[path]}, b""
        if method == "DELETE":
            self.objects.pop(path, None)
            self.etags.pop(path, None)
            return 204, {}, b""
        return 201 if method == "MKCALENDAR" else 405, {}, b""

    def spoil(
        self, fault: Fault, status: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes] | None:
        """The answer spoiled by ``fault``; ``None`` to close the connection unanswered."""
        rng = random.Random(fault.seed)
        match fault.kind:
            case "status":
                status = rng.choice(STATUSES)
            case "body":
                body = rng.randbytes(rng.randint(0, 300))
            case "xml" | "ics":
                body = _damage(body or _multistatus([]), rng)
            case "etag":
                headers["ETag"] = rng.choice(ODD_ETAGS)
            case "no-etag":
                headers.pop("ETag", None)
            case "type":
                headers["Content-Type"] = rng.choice(["text/html", "application/xml", "\x7f", ""])
            case "empty":
                body = b""
            case "close":
                return None
        return status, headers, body


def _handler(server_state: FaultyCalDAV) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = unquote(urlsplit(self.path).path)
            with server_state.lock:
                status, headers, data = server_state.answer(
                    self.command, path, self.headers.get("Depth", "0"), body
                )
                spoiled = server_state.spoil(server_state.next_fault(), status, headers, data)
            if spoiled is None:
                self.close_connection = True
                self.connection.close()
                return
            status, headers, data = spoiled
            self.send_response(status)
            if status == 207 or "Content-Type" not in headers:
                headers.setdefault("Content-Type", "application/xml; charset=utf-8")
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Date", formatdate(usegmt=True))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_HEAD = do_PUT = do_DELETE = do_PROPFIND = do_MKCALENDAR = _serve
        do_REPORT = do_OPTIONS = do_POST = do_PROPPATCH = do_MKCOL = _serve

    return Handler


@pytest.fixture(scope="module")
def fake_server() -> Iterator[dict[str, Any]]:
    """A CalDAV server on 127.0.0.1 whose state each example replaces."""
    holder: dict[str, Any] = {"state": FaultyCalDAV([], {})}

    def handler(*args: Any, **kwargs: Any) -> BaseHTTPRequestHandler:
        return _handler(holder["state"])(*args, **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)  # type: ignore[arg-type]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    holder["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield holder
    finally:
        server.shutdown()
        server.server_close()


@st.composite
def server_objects(draw: st.DrawFn) -> dict[str, bytes]:
    """The objects on the server before the sync: some of the plan's to-dos (ticked
    off, or damaged) and maybe one no task knows."""
    out: dict[str, bytes] = {}
    for uid in draw(st.lists(st.sampled_from(UIDS), unique=True, max_size=4)):
        seed = draw(st.none() | st.integers(0, 2**32))
        out[CALENDAR + quote(uid, safe="@") + ".ics"] = _ics_of(
            uid, None if seed is None else random.Random(seed)
        )
    return out


@fuzz_settings(40)
@example(faults=[Fault("body", 0)], objects={}, dry_run=False, twice=False)  # found
@example(faults=[Fault("xml", 1)], objects={}, dry_run=True, twice=False)
@given(
    faults=st.lists(FAULT, max_size=20),
    objects=server_objects(),
    dry_run=st.booleans(),
    twice=st.booleans(),
)
def test_sync_against_a_misbehaving_server_returns_or_raises_sync_error(
    fake_server: dict[str, Any],
    faults: list[Fault],
    objects: dict[str, bytes],
    dry_run: bool,
    twice: bool,
) -> None:
    """Whatever the server answers, sync returns a result or raises SyncError, and
    the plan file stays a valid plan (a second sync, reading the state the first one
    left, too)."""
    fake_server["state"] = FaultyCalDAV(faults, objects)
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "kh45.yaml"
        plan_path.write_text(PLAN, encoding="utf-8")
        for _ in range(2 if twice else 1):
            result = attempt(
                lambda: sync(
                    plan_path,
                    fake_server["url"] + CALENDAR,
                    calendar=CALENDAR,
                    as_of=AS_OF,
                    dry_run=dry_run,
                    timeout=5,
                ),
                SyncError,
            )
            if isinstance(result, SyncError):
                assert str(result)
                assert "Traceback" not in str(result)
            else:
                assert result.summary()
                assert all(str(item) for item in (*result.errors, *result.conflicts))
            assert load_plan(plan_path).id == "kh45"


def test_sync_reads_a_server_copy_that_gives_sequence_twice(fake_server: dict[str, Any]) -> None:
    """A to-do a client saved with two SEQUENCE lines (found by this fuzzing) is synced
    (the highest of them counts), not stopped by a TypeError; the server keeps a
    SEQUENCE no lower."""
    data = _ics_of(UIDS[0], None).replace(b"SEQUENCE:0\r\n", b"SEQUENCE:5\r\nSEQUENCE:7\r\n")
    assert b"SEQUENCE:7" in data
    fake_server["state"] = FaultyCalDAV([], {CALENDAR + quote(UIDS[0], safe="@") + ".ics": data})
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "kh45.yaml"
        plan_path.write_text(PLAN, encoding="utf-8")
        result = sync(plan_path, fake_server["url"] + CALENDAR, calendar=CALENDAR, as_of=AS_OF)
    assert result.ok
    stored = fake_server["state"].objects[CALENDAR + quote(UIDS[0], safe="@") + ".ics"]
    assert b"SEQUENCE:7" in stored
