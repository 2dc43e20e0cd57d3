"""The read-only HTTP server: :func:`actionplan.web.create_app` and ``actionplan serve``.

Three layers, each with the real thing:

- the WSGI application called directly, through :func:`wsgiref.validate.validator`
  (which checks every call against PEP 3333), with an injected clock;
- ``actionplan serve`` run as a subprocess (waitress on 127.0.0.1, a free port),
  fetched with :mod:`http.client` and :mod:`urllib.request`;
- the command's start-up errors through click's test runner.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import attrs
import icalendar
import pytest
from click.testing import CliRunner

from actionplan.cli.main import cli
from actionplan.errors import PlanFileError, ValidationError
from actionplan.web import FeedApp, create_app, slug

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_PLAN = ROOT / "examples" / "reference" / "plan.yaml"

XSS = "<script>alert(1)</script>"


def plan_text(
    plan_id: str = "kh45",
    *,
    title: str = "Kế hoạch 45-KH/ĐU",
    task_title: str = "Báo cáo sơ kết",
    timezone: str = "Asia/Ho_Chi_Minh",
) -> str:
    """A small plan file: two units, a task each (titles quoted as YAML strings)."""
    return (
        f"plan: {{id: {json.dumps(plan_id)}, title: {json.dumps(title)}, "
        f"issued_on: 2024-07-01, timezone: {timezone}}}\n"
        "units:\n"
        "  - {id: cb1, name: Chi bộ 1}\n"
        '  - {id: "Chi bộ 2", name: Chi bộ hai}\n'
        "tasks:\n"
        f"  - {{id: t1, title: {json.dumps(task_title)}, lead: cb1, deadline: 2024-08-09}}\n"
        '  - {id: t2, title: Hội nghị, lead: "Chi bộ 2", deadline: 2024-09-30}\n'
    )


def summaries(feed: bytes) -> list[str]:
    """The SUMMARY of every to-do or event in a feed, in order."""
    calendar = icalendar.Calendar.from_ical(feed)
    return [str(c["SUMMARY"]) for c in calendar.walk() if c.name in ("VTODO", "VEVENT")]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@attrs.frozen
class Clock:
    """A clock that always says ``now`` (an aware datetime)."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


AUG_20 = Clock(dt.datetime(2024, 8, 20, 3, 0, tzinfo=dt.UTC))


@attrs.frozen
class Answer:
    """A response from the application: status code, headers, body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8")


def call(
    app: FeedApp,
    path: str,
    *,
    method: str = "GET",
    query: str = "",
    headers: dict[str, str] | None = None,
    environ: dict[str, Any] | None = None,
) -> Answer:
    """One request through PEP 3333's validator (which fails the test on a violation)."""
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
    }
    for name, value in (headers or {}).items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    env.update(environ or {})
    setup_testing_defaults(env)
    seen: dict[str, Any] = {}

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: object = None
    ) -> Callable[[bytes], object]:
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(response_headers)
        return lambda data: None

    result = validator(app)(env, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # type: ignore[attr-defined]
    return Answer(seen["status"], seen["headers"], body)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    return write(tmp_path / "kh45.yaml", plan_text())


@pytest.fixture
def app(plan_file: Path) -> FeedApp:
    return create_app(plan_file, clock=AUG_20)


# --------------------------------------------------------------------------------------
# The application, called directly


@pytest.mark.parametrize(
    ("path", "content_type", "starts"),
    [
        ("/", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("/plans/kh45/status.html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("/plans/kh45/status.json", "application/json", b"{"),
        ("/plans/kh45/tasks.ics", "text/calendar; charset=utf-8", b"BEGIN:VCALENDAR"),
        ("/plans/kh45/events.ics", "text/calendar; charset=utf-8", b"BEGIN:VCALENDAR"),
        ("/plans/kh45/units/cb1/tasks.ics", "text/calendar; charset=utf-8", b"BEGIN:VCALENDAR"),
        ("/plans/kh45/units/cb1/events.ics", "text/calendar; charset=utf-8", b"BEGIN:VCALENDAR"),
    ],
)
def test_every_url_answers_with_its_content_type(
    app: FeedApp, path: str, content_type: str, starts: bytes
) -> None:
    """Each URL of the layout answers 200 with its documented content type and a body
    of that kind, plus the security headers."""
    answer = call(app, path)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == content_type
    assert answer.body.startswith(starts)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Security-Policy"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    assert answer.headers["Content-Length"] == str(len(answer.body))


def test_task_feed_holds_todos_and_event_feed_events(app: FeedApp) -> None:
    """tasks.ics is the VTODO feed and events.ics the VEVENT feed of the same tasks."""
    tasks = call(app, "/plans/kh45/tasks.ics").text()
    events = call(app, "/plans/kh45/events.ics").text()
    assert tasks.count("BEGIN:VTODO") == 2
    assert "BEGIN:VEVENT" not in tasks
    assert events.count("BEGIN:VEVENT") == 2
    assert "BEGIN:VTODO" not in events


def test_unit_feed_holds_only_that_units_tasks(app: FeedApp) -> None:
    """A unit's feed lists the tasks it leads, not the other unit's."""
    feed = call(app, "/plans/kh45/units/cb1/tasks.ics").text()
    assert "UID:kh45-t1@actionplan" in feed
    assert "kh45-t2@actionplan" not in feed


def test_unit_with_unsafe_id_is_served_under_its_slug(app: FeedApp) -> None:
    """A unit id with spaces and Vietnamese letters gets a safe URL segment (its
    slug) that the index links to, and that URL serves the unit's feed."""
    unit_slug = slug("Chi bộ 2")
    assert re.fullmatch(r"[A-Za-z0-9._-]+", unit_slug)
    assert f"/plans/kh45/units/{unit_slug}/tasks.ics" in call(app, "/").text()
    feed = call(app, f"/plans/kh45/units/{unit_slug}/tasks.ics").text()
    assert "UID:kh45-t2@actionplan" in feed
    assert "kh45-t1@actionplan" not in feed


@pytest.mark.parametrize(
    ("timezone", "today"),
    [("Asia/Ho_Chi_Minh", "2024-08-06"), ("Europe/Paris", "2024-08-05")],
)
def test_today_is_taken_in_the_plans_time_zone(tmp_path: Path, timezone: str, today: str) -> None:
    """Without as_of the cut-off is the clock's date in the plan's zone: 18:30 UTC on
    5 August is already 6 August in Hà Nội (UTC+7), still 5 August in Paris."""
    path = write(tmp_path / "kh45.yaml", plan_text(timezone=timezone))
    app = create_app(path, clock=Clock(dt.datetime(2024, 8, 5, 18, 30, tzinfo=dt.UTC)))
    data = json.loads(call(app, "/plans/kh45/status.json").body)
    assert data["as_of"] == today


def test_today_is_read_on_every_request(plan_file: Path) -> None:
    """The clock is read per request: when the day changes the figures, the ETag and
    Last-Modified (the start of the new day) change with it, with no restart."""
    written = dt.datetime(2024, 7, 1, tzinfo=dt.UTC).timestamp()
    os.utime(plan_file, (written, written))
    times = [dt.datetime(2024, 8, 9, 10, 0, tzinfo=dt.UTC)]
    app = create_app(plan_file, clock=lambda: times[0])
    before = call(app, "/plans/kh45/status.json")
    times[0] = dt.datetime(2024, 8, 10, 10, 0, tzinfo=dt.UTC)
    after = call(app, "/plans/kh45/status.json")
    assert json.loads(before.body)["tasks"][0]["status"] == "not_started"
    assert json.loads(after.body)["tasks"][0]["status"] == "not_started_overdue"
    assert before.headers["ETag"] != after.headers["ETag"]
    # 10 August 00:00 in Hà Nội is 9 August 17:00 UTC
    assert after.headers["Last-Modified"] == "Fri, 09 Aug 2024 17:00:00 GMT"


def test_fixed_as_of_and_query_as_of(plan_file: Path) -> None:
    """create_app's as_of fixes the cut-off whatever the clock; ?as_of= overrides it."""
    app = create_app(plan_file, as_of=dt.date(2024, 8, 1), clock=AUG_20)
    assert json.loads(call(app, "/plans/kh45/status.json").body)["as_of"] == "2024-08-01"
    answer = call(app, "/plans/kh45/status.json", query="as_of=2024-12-31")
    assert json.loads(answer.body)["as_of"] == "2024-12-31"


def test_language_from_app_and_query(plan_file: Path) -> None:
    """The app's language is the default; ?lang= chooses per request, for the data,
    the report and the index."""
    app = create_app(plan_file, language="en", clock=AUG_20)
    assert json.loads(call(app, "/plans/kh45/status.json").body)["language"] == "en"
    vi = call(app, "/plans/kh45/status.json", query="lang=vi")
    assert json.loads(vi.body)["language"] == "vi"
    assert '<html lang="vi"' in call(app, "/", query="lang=vi").text()
    assert "?lang=vi" in call(app, "/", query="lang=vi").text()  # carried into the links


def test_if_none_match_gives_304_without_body(app: FeedApp) -> None:
    """The ETag sent back in If-None-Match (also weak, or in a list) gets 304 with no
    body and no content type, and the same validators."""
    first = call(app, "/plans/kh45/tasks.ics")
    etag = first.headers["ETag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = call(app, "/plans/kh45/tasks.ics", headers={"If-None-Match": header})
        assert again.status == 304
        assert again.body == b""
        assert "Content-Type" not in again.headers
        assert again.headers["ETag"] == etag
    other = call(app, "/plans/kh45/tasks.ics", headers={"If-None-Match": '"other"'})
    assert other.status == 200


def test_if_modified_since(app: FeedApp) -> None:
    """If-Modified-Since at or after Last-Modified gets 304; before it, 200; an
    unreadable date is ignored; If-None-Match, when sent, decides alone."""
    last_modified = call(app, "/plans/kh45/status.html").headers["Last-Modified"]

    def status(**headers: str) -> int:
        named = {name.replace("_", "-"): value for name, value in headers.items()}
        return call(app, "/plans/kh45/status.html", headers=named).status

    assert status(If_Modified_Since=last_modified) == 304
    assert status(If_Modified_Since="Mon, 01 Jan 2001 00:00:00 GMT") == 200
    assert status(If_Modified_Since="yesterday") == 200
    assert status(If_Modified_Since=last_modified, If_None_Match='"stale"') == 200


def test_index_has_an_etag_too(app: FeedApp) -> None:
    """The index page can be revalidated like a feed."""
    etag = call(app, "/").headers["ETag"]
    assert call(app, "/", headers={"If-None-Match": etag}).status == 304


def test_head_has_the_headers_of_get_and_no_body(app: FeedApp) -> None:
    """HEAD answers like GET, Content-Length included, without the body."""
    get = call(app, "/plans/kh45/events.ics")
    head = call(app, "/plans/kh45/events.ics", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers == get.headers


def test_unchanged_plan_is_not_rendered_again(app: FeedApp, plan_file: Path) -> None:
    """A second request is served from the cache; touching the file (a new mtime, the
    same bytes) is noticed, hashed, and still served from the cache."""
    first = call(app, "/plans/kh45/status.html")
    assert app.cache_info().misses == 1
    call(app, "/plans/kh45/status.html")
    assert (app.cache_info().hits, app.cache_info().misses) == (1, 1)
    later = time.time() + 5
    os.utime(plan_file, (later, later))
    again = call(app, "/plans/kh45/status.html")
    assert (app.cache_info().hits, app.cache_info().misses) == (2, 1)
    assert again.headers["ETag"] == first.headers["ETag"]


def test_edited_plan_is_served_at_once(app: FeedApp, plan_file: Path) -> None:
    """Editing the file changes the content and the ETag on the next request, also
    when the size and the modification time stay the same."""
    first = call(app, "/plans/kh45/tasks.ics")
    assert summaries(first.body)[0] == "Báo cáo sơ kết"
    stat = plan_file.stat()
    write(plan_file, plan_text(task_title="Báo cáo sơ kếT"))  # same size in bytes
    os.utime(plan_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert plan_file.stat().st_size == stat.st_size
    second = call(app, "/plans/kh45/tasks.ics")
    assert summaries(second.body)[0] == "Báo cáo sơ kếT"
    assert second.headers["ETag"] != first.headers["ETag"]


def test_cache_is_bounded(plan_file: Path) -> None:
    """Many cut-off dates never hold more than cache_bytes of rendered bodies."""
    app = create_app(plan_file, clock=AUG_20, cache_bytes=20_000)
    for day in range(1, 29):
        assert call(app, "/plans/kh45/tasks.ics", query=f"as_of=2024-02-{day:02d}").status == 200
    info = app.cache_info()
    assert 0 < info.size <= 20_000
    assert info.entries < 28


def test_broken_edit_keeps_serving_the_last_good_version(
    app: FeedApp, plan_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A file saved with an error keeps serving the version that loaded, the index
    shows the problem (located), a warning is logged; fixing the file clears it."""
    good = call(app, "/plans/kh45/tasks.ics")
    with caplog.at_level(logging.WARNING, logger="actionplan.web"):
        write(plan_file, plan_text().replace("lead: cb1", "lead: [cb1"))
        stale = call(app, "/plans/kh45/tasks.ics")
        index = call(app, "/").text()
    assert stale.status == 200
    assert stale.body == good.body
    assert "kh45.yaml:" in index
    assert "vẫn phục vụ bản đọc được gần nhất" in index
    assert any("kh45.yaml" in r.getMessage() for r in caplog.records)
    write(plan_file, plan_text(task_title="Đã sửa"))
    assert "Đã sửa" in call(app, "/plans/kh45/tasks.ics").text()
    assert "kh45.yaml:" not in call(app, "/").text()


def test_folder_serves_every_plan_file(tmp_path: Path) -> None:
    """A folder serves each *.yaml, *.yml, *.toml and *.json plan in it; other files,
    hidden files and sub-folders are ignored; files added or removed show at once."""
    write(tmp_path / "a.yaml", plan_text("kh-a"))
    write(tmp_path / "b.YML", plan_text("kh-b"))
    (tmp_path / "c.json").write_text(
        json.dumps({"plan": {"id": "kh-c", "title": "C"}, "tasks": []}), encoding="utf-8"
    )
    write(tmp_path / "d.toml", 'plan = {id = "kh-d", title = "D"}\n')
    write(tmp_path / ".a.yaml.tmp.yaml", plan_text("hidden"))
    write(tmp_path / "notes.txt", "not a plan")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "e.yaml", plan_text("kh-e"))
    app = create_app(tmp_path, clock=AUG_20)
    assert list(app.catalog().plans) == ["kh-a", "kh-b", "kh-c", "kh-d"]
    assert call(app, "/plans/kh-d/events.ics").status == 200
    write(tmp_path / "f.yaml", plan_text("kh-f"))
    (tmp_path / "a.yaml").unlink()
    assert call(app, "/plans/kh-f/tasks.ics").status == 200
    assert call(app, "/plans/kh-a/tasks.ics").status == 404


def test_two_files_with_one_plan_id(tmp_path: Path) -> None:
    """When two files hold the same plan id, the first by name is served and the
    other is listed as a problem saying why."""
    write(tmp_path / "a.yaml", plan_text("kh45", title="Bản A"))
    write(tmp_path / "b.yaml", plan_text("kh45", title="Bản B"))
    app = create_app(tmp_path, clock=AUG_20)
    assert app.catalog().plans["kh45"].file == "a.yaml"
    [problem] = app.catalog().problems
    assert problem.file == "b.yaml"
    assert "already served from a.yaml" in problem.message


def test_titles_are_escaped_in_served_pages(tmp_path: Path) -> None:
    """HTML in a plan's and a task's title is escaped in the index, the status report
    and the error pages: no script element reaches the browser."""
    write(tmp_path / "x.yaml", plan_text("xss", title=XSS, task_title=XSS))
    app = create_app(tmp_path, clock=AUG_20)
    pages = [
        call(app, "/").text(),
        call(app, "/plans/xss/status.html").text(),
        call(app, "/plans/nope/status.html").text(),  # lists the plans by title
    ]
    for page in pages:
        assert "<script" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert XSS in json.loads(call(app, "/plans/xss/status.json").body)["tasks"][0]["title"]


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/plans/nope/tasks.ics", "No plan “nope” is served here."),
        ("/plans/kh45/units/nope/tasks.ics", "The plan “kh45” has no unit “nope”."),
        ("/plans/kh45/tasks.ical", "There is no page “/plans/kh45/tasks.ical”."),
        ("/plans/kh45/units/cb1/status.html", "There is no page"),
        ("/plans/kh45", "There is no page"),
        ("/plans/kh45/tasks.ics/", "There is no page"),
        ("/etc/passwd", "There is no page"),
        ("/favicon.ico", "There is no page"),
    ],
)
def test_unknown_urls_get_a_helpful_404(plan_file: Path, path: str, says: str) -> None:
    """An unknown plan, unit or page gets 404 with a page saying what was not found
    and linking to what there is."""
    app = create_app(plan_file, language="en", clock=AUG_20)
    answer = call(app, path)
    assert answer.status == 404
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert says in answer.text()
    assert 'href="/"' in answer.text()


def test_404_for_unknown_plan_lists_the_plans(app: FeedApp) -> None:
    """The 404 of an unknown plan links to the plans that are served."""
    assert 'href="/plans/kh45/status.html"' in call(app, "/plans/nope/tasks.ics").text()


@pytest.mark.parametrize(
    "path",
    ["/plans/../../etc/passwd", "/plans/kh45/../../../etc/passwd", "/./plans/kh45/tasks.ics"],
)
def test_dot_segments_are_refused(app: FeedApp, path: str) -> None:
    """A path with "." or ".." segments is a bad request; nothing is read from disk."""
    answer = call(app, path)
    assert answer.status == 400
    assert "root:" not in answer.text()


@pytest.mark.filterwarnings("ignore:Unknown REQUEST_METHOD:wsgiref.validate.WSGIWarning")
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods_get_405(app: FeedApp, method: str) -> None:
    """The server is read-only: every method but GET and HEAD gets 405 with Allow."""
    answer = call(app, "/plans/kh45/tasks.ics", method=method)
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "environ",
    [{"CONTENT_LENGTH": "5"}, {"HTTP_TRANSFER_ENCODING": "chunked"}],
)
def test_a_request_body_gets_413(app: FeedApp, environ: dict[str, str]) -> None:
    """A GET that announces a body (by length or chunked) is refused."""
    assert call(app, "/", environ=environ).status == 413


def test_long_url_gets_414(app: FeedApp) -> None:
    """A request target over 2 KiB is refused before anything else."""
    assert call(app, "/plans/" + "a" * 2100).status == 414
    assert call(app, "/", query="lang=" + "x" * 2100).status == 414


def test_long_headers_get_431(app: FeedApp) -> None:
    """One header over 8 KiB, or headers over 16 KiB in all, are refused."""
    assert call(app, "/", headers={"X-Big": "a" * 9000}).status == 431
    many = {f"X-H{i}": "a" * 4000 for i in range(5)}
    assert call(app, "/", headers=many).status == 431


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("asof=2024-08-06", "There is no parameter “asof”"),
        ("as_of=2024-08-06&as_of=2024-08-07", "given more than once"),
        ("as_of=06/08/2024", "as_of must be a date written YYYY-MM-DD"),
        ("as_of=2024-02-30", "as_of must be a date written YYYY-MM-DD"),
        ("as_of=9999-12-31", "as_of must fall in the years 1900-2199"),
        ("lang=fr", "lang must be vi or en (found “fr”)"),
        ("as_of", "cannot be read"),
        ("lang=%ff", "cannot be read"),
        ("&".join(f"x{i}=1" for i in range(20)), "cannot be read"),
    ],
)
def test_bad_query_gets_400(plan_file: Path, query: str, says: str) -> None:
    """A query with an unknown, repeated or malformed parameter gets 400 saying which
    and what is expected."""
    app = create_app(plan_file, language="en", clock=AUG_20)
    answer = call(app, "/plans/kh45/status.json", query=query)
    assert answer.status == 400
    assert says in answer.text()


def test_host_allow_list(plan_file: Path) -> None:
    """With allowed_hosts, another Host header gets 400 (DNS rebinding); the port,
    case and IPv6 brackets do not matter."""
    app = create_app(plan_file, clock=AUG_20, allowed_hosts=["localhost", "::1"])
    assert call(app, "/", headers={"Host": "LOCALHOST:8080"}).status == 200
    assert call(app, "/", headers={"Host": "[::1]:8080"}).status == 200
    refused = call(app, "/", headers={"Host": "attacker.example:8080"})
    assert refused.status == 400
    assert "attacker.example" in refused.text()
    anyone = create_app(plan_file, clock=AUG_20)
    assert call(anyone, "/", headers={"Host": "attacker.example"}).status == 200


def test_internal_error_is_logged_not_shown(
    plan_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception while answering gives a 500 page without the traceback; the
    traceback goes to the log (stderr)."""

    def broken_clock() -> dt.datetime:
        raise RuntimeError("secret detail")

    app = create_app(plan_file, clock=broken_clock)
    with caplog.at_level(logging.ERROR, logger="actionplan.web"):
        answer = call(app, "/plans/kh45/tasks.ics")
    assert answer.status == 500
    assert "secret detail" not in answer.text()
    assert "Traceback" not in answer.text()
    assert "RuntimeError: secret detail" in caplog.text


def test_mounted_under_a_prefix_links_include_it(app: FeedApp) -> None:
    """Mounted at /lich (SCRIPT_NAME), the index links under /lich/."""
    page = call(app, "/", environ={"SCRIPT_NAME": "/lich"}).text()
    assert 'href="/lich/plans/kh45/tasks.ics"' in page


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"language": "fr"}, ValidationError, "unknown language 'fr'; expected 'vi'"),
        ({"as_of": dt.datetime(2024, 8, 6)}, ValidationError, "expected a datetime.date"),
        ({"allowed_hosts": []}, ValidationError, "pass None to answer any Host"),
        ({"cache_bytes": -1}, ValidationError, "expected a number of bytes"),
    ],
)
def test_create_app_checks_its_options(
    plan_file: Path, kwargs: dict[str, Any], error: type[Exception], says: str
) -> None:
    """Bad options raise at once, saying what was expected."""
    with pytest.raises(error, match=re.escape(says)):
        create_app(plan_file, **kwargs)


def test_create_app_needs_a_plan_file_or_folder(tmp_path: Path) -> None:
    """A missing path, or a file that is not a plan file, raises PlanFileError."""
    with pytest.raises(PlanFileError, match="no such file or folder"):
        create_app(tmp_path / "missing.yaml")
    with pytest.raises(PlanFileError, match="cannot tell the format"):
        create_app(write(tmp_path / "plan.txt", "x"))


def test_removed_single_file_keeps_serving(app: FeedApp, plan_file: Path) -> None:
    """When the one file served disappears, its last version is still served and the
    index says the file cannot be read."""
    plan_file.unlink()
    assert call(app, "/plans/kh45/tasks.ics").status == 200
    assert "the file cannot be read" in call(app, "/").text()
    write(plan_file, plan_text(task_title="Trở lại"))
    assert "Trở lại" in call(app, "/plans/kh45/tasks.ics").text()


# --------------------------------------------------------------------------------------
# ``actionplan serve``, a real waitress server, real HTTP clients


@attrs.frozen
class Server:
    """``actionplan serve`` running in a subprocess."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def get(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request on a new connection: status, headers (any case), body."""
        conn = self.connection()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        assert match is not None
        return int(match.group(1))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode


def start_server(target: Path, log: Path, *args: str) -> Server:
    """Start ``actionplan serve TARGET --port 0 ARGS`` and wait for its address line."""
    stream = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "actionplan", "serve", str(target), "--port", "0", *args],
        stdout=stream,
        stderr=stream,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    stream.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"at http://127\.0\.0\.1:(\d+)/", log.read_text("utf-8"))
        if match:
            return Server(process, int(match.group(1)), log)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"actionplan serve did not start:\n{log.read_text('utf-8')}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    """One server for this module's HTTP tests, on a folder the tests add plans to."""
    folder = tmp_path_factory.mktemp("served")
    shutil.copy(REFERENCE_PLAN, folder / "reference.yaml")
    write(folder / "kh45.yaml", plan_text())
    write(folder / "xss.yaml", plan_text("xss", title=XSS, task_title=XSS))
    server = start_server(folder, folder.parent / "served.log", "--as-of", "2024-08-20")
    yield server, folder
    server.stop()


@pytest.fixture
def server(served: tuple[Server, Path]) -> Server:
    return served[0]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/plans/kh-45-2024/status.html", "text/html; charset=utf-8"),
        ("/plans/kh-45-2024/status.json", "application/json"),
        ("/plans/kh-45-2024/tasks.ics", "text/calendar; charset=utf-8"),
        ("/plans/kh-45-2024/events.ics", "text/calendar; charset=utf-8"),
        ("/plans/kh-45-2024/units/cb-van-phong/tasks.ics", "text/calendar; charset=utf-8"),
        ("/plans/kh-45-2024/units/cb-van-phong/events.ics", "text/calendar; charset=utf-8"),
    ],
)
def test_http_urls_answer_with_content_types(server: Server, path: str, content_type: str) -> None:
    """Over HTTP (urllib), every URL answers 200 with its content type and no-sniff."""
    with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == content_type
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert len(response.read()) == int(response.headers["Content-Length"])


def test_http_status_json_is_the_plans_status_on_as_of(server: Server) -> None:
    """--as-of fixes the cut-off of the served data."""
    status, _, body = server.get("/plans/kh-45-2024/status.json")
    assert status == 200
    data = json.loads(body)
    assert data["as_of"] == "2024-08-20"
    assert data["plans"][0]["id"] == "kh-45-2024"


def test_http_etag_then_304_on_one_connection(server: Server) -> None:
    """On one keep-alive connection: a 200 with an ETag, then If-None-Match gets 304
    with an empty body, and the connection stays usable."""
    conn = server.connection()
    try:
        conn.request("GET", "/plans/kh-45-2024/tasks.ics")
        first = conn.getresponse()
        assert first.status == 200
        assert first.read().startswith(b"BEGIN:VCALENDAR")
        etag = first.getheader("ETag")
        assert etag is not None
        conn.request("GET", "/plans/kh-45-2024/tasks.ics", headers={"If-None-Match": etag})
        second = conn.getresponse()
        assert second.status == 304
        assert second.read() == b""
        assert second.getheader("ETag") == etag
        conn.request("HEAD", "/plans/kh-45-2024/tasks.ics")
        head = conn.getresponse()
        assert head.status == 200
        assert head.read() == b""
        assert head.getheader("ETag") == etag
    finally:
        conn.close()


def test_http_if_modified_since(server: Server) -> None:
    """Last-Modified sent back as If-Modified-Since gets 304."""
    _, headers, _ = server.get("/plans/kh45/status.html")
    status, _, body = server.get(
        "/plans/kh45/status.html", headers={"If-Modified-Since": headers["Last-Modified"]}
    )
    assert (status, body) == (304, b"")


def test_http_edit_changes_etag_and_content(served: tuple[Server, Path]) -> None:
    """Editing a served plan file changes the ETag and the content of its feed; the
    old ETag then gets the new content, not 304."""
    server, folder = served
    path = write(folder / "edited.yaml", plan_text("edited", task_title="Bản đầu"))
    status, headers, body = server.get("/plans/edited/tasks.ics")
    assert status == 200
    assert "Bản đầu" in body.decode()
    write(path, plan_text("edited", task_title="Bản sau"))
    status, new_headers, new_body = server.get(
        "/plans/edited/tasks.ics", headers={"If-None-Match": headers["ETag"]}
    )
    assert status == 200
    assert new_headers["ETag"] != headers["ETag"]
    assert "Bản sau" in new_body.decode()


@pytest.mark.parametrize(
    "path",
    ["/plans/nope/tasks.ics", "/plans/kh45/units/nope/events.ics", "/plans/kh45/secret.yaml"],
)
def test_http_unknown_ids_get_404(server: Server, path: str) -> None:
    """Unknown plans, units and pages get 404."""
    status, headers, _ = server.get(path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    "path",
    [
        "/plans/../../etc/passwd",
        "/plans/%2e%2e/%2e%2e/etc/passwd",
        "/plans/kh45/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/plans/..%2f..%2f..%2fetc%2fpasswd/tasks.ics",
        "/plans/kh45/units/..%2F..%2Fkh45.yaml/tasks.ics",
        "/../kh45.yaml",
        "/plans/%00/tasks.ics",
    ],
)
def test_http_traversal_attempts_fail(server: Server, path: str) -> None:
    """Traversal attempts, raw or percent-encoded, get 400 or 404 and never a file."""
    status, _, body = server.get(path)
    assert status in (400, 404)
    assert b"root:" not in body
    assert b"plan:" not in body


def test_http_post_gets_405_and_a_body_413(server: Server) -> None:
    """POST gets 405 (read-only); a request with a body is refused (413) before it is
    read."""
    status, headers, _ = server.get("/plans/kh45/tasks.ics", method="POST")
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"
    status, _, _ = server.get("/plans/kh45/tasks.ics", method="POST", body=b"x" * 100)
    assert status == 413


def test_http_long_url_and_headers(server: Server) -> None:
    """A 3 KiB URL gets 414; 20 KiB of headers get 431."""
    assert server.get("/plans/" + "a" * 3000)[0] == 414
    headers = {f"X-Padding-{i}": "b" * 5000 for i in range(4)}
    assert server.get("/", headers=headers)[0] == 431


def test_http_foreign_host_header_is_refused(server: Server) -> None:
    """On 127.0.0.1 the server answers only for local names (DNS rebinding)."""
    assert server.get("/", headers={"Host": "attacker.example"})[0] == 400
    assert server.get("/", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_http_titles_are_escaped(server: Server) -> None:
    """A task titled <script>alert(1)</script> is escaped in the served pages."""
    for path in ("/", "/plans/xss/status.html"):
        status, headers, body = server.get(path)
        assert status == 200
        assert b"<script" not in body
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "default-src 'none'" in headers["Content-Security-Policy"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_http_10000_requests_with_stable_memory(tmp_path: Path) -> None:
    """10,000 requests on one keep-alive connection (feeds, reports, 304s, 404s, a few
    cut-off dates, the clock read each time) leave the server's RSS within 20 MB of
    what it was after a warm-up."""
    shutil.copy(REFERENCE_PLAN, tmp_path / "reference.yaml")
    server = start_server(tmp_path, tmp_path.parent / f"{tmp_path.name}.log")
    try:
        conn = server.connection()
        etags: dict[str, str] = {}
        paths = [
            "/plans/kh-45-2024/tasks.ics",
            "/plans/kh-45-2024/events.ics",
            "/plans/kh-45-2024/units/cb-van-phong/tasks.ics",
            "/plans/kh-45-2024/status.json",
            "/plans/kh-45-2024/status.html",
            "/plans/kh-45-2024/tasks.ics?as_of=2024-09-30",
            "/plans/kh-45-2024/events.ics?as_of=2024-12-31&lang=en",
            "/",
            "/plans/nope/tasks.ics",
        ]

        def run(count: int) -> None:
            for i in range(count):
                path = paths[i % len(paths)]
                headers = {}
                if i % 2 and path in etags:
                    headers["If-None-Match"] = etags[path]
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                assert response.status in (200, 304, 404), (path, response.status)
                if response.status == 200:
                    etags[path] = response.getheader("ETag") or ""

        run(500)
        before = server.rss_kib()
        started = time.monotonic()
        run(10_000)
        elapsed = time.monotonic() - started
        after = server.rss_kib()
        conn.close()
    finally:
        assert server.stop() == 0
    assert after - before < 20 * 1024, f"RSS grew from {before} to {after} KiB"
    assert elapsed < 60
    assert "actionplan: stopped" in server.log.read_text("utf-8")


# --------------------------------------------------------------------------------------
# ``actionplan serve``: start-up errors


def test_cli_port_in_use_exits_2(plan_file: Path) -> None:
    """A port another program listens on: exit 2 and one line naming the port."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(plan_file), "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["serve", "missing.yaml"], "does not exist"),
        (["serve", "{plan}", "--port", "70000"], "70000 is not in the range"),
        (["serve", "{plan}", "--as-of", "tomorrow"], "--as-of"),
        (["serve", "{plan}", "--language", "fr"], "'fr' is not one of"),
    ],
)
def test_cli_bad_input_exits_2(plan_file: Path, args: list[str], says: str) -> None:
    """Bad arguments exit 2 with one line saying what is wrong."""
    argv = [a.replace("{plan}", str(plan_file)) for a in args]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 2
    assert says in result.output


def test_cli_help_names_the_options() -> None:
    """``serve --help`` documents host, port, as-of, language and allowed hosts."""
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--as-of", "--language", "--threads", "--allow-host"):
        assert option in result.output
    assert "127.0.0.1" in result.output


def test_cli_refuses_a_non_plan_file(tmp_path: Path) -> None:
    """A file whose suffix is not a plan format exits 2 with the loader's message."""
    result = CliRunner().invoke(cli, ["serve", str(write(tmp_path / "plan.txt", "x"))])
    assert result.exit_code == 2
    assert "cannot tell the format" in result.output
