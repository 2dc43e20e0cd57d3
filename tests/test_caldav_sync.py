"""CalDAV sync against a real server: Radicale, started by the ``radicale_server`` fixture.

Each test works in a calendar of its own (named after a plan id no other test uses),
so the tests share one server and stay independent.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import caldav
import pytest
from click.testing import CliRunner
from icalendar import Calendar, Component

from actionplan.caldav_sync import Credentials, SyncResult, state_path, sync
from actionplan.cli.main import cli
from actionplan.errors import SyncError, ValidationError
from actionplan.files import load_plan
from actionplan.ical.names import task_uid
from actionplan.model import ProgressState
from conftest_radicale import RadicaleServer

AS_OF = dt.date(2024, 9, 2)
EDITED_AT = dt.datetime(2024, 10, 28, 9, 30, tzinfo=dt.UTC)

PLAN = """\
# Kế hoạch 45: the plan file of the CalDAV sync tests.
plan:
  id: {plan_id}
  title: Kế hoạch số 45-KH/ĐU
  issued_on: 2024-08-06
units:
  - {{id: cb1, name: Chi bộ 1}}  # the only party cell
tasks:
  # Nhiệm vụ trọng tâm: this comment must survive a pull.
  - id: t1
    title: Tuyên truyền Nghị quyết 57
    lead: cb1
    deadline: 2024-12-15
  - id: t2
    title: Báo cáo sơ kết 6 tháng
    lead: cb1
    deadline: 2024-10-31  # cuối tháng 10
  - id: t3
    title: Rà soát đảng viên
    deadline: 2025-03-31
"""

_numbers = itertools.count(1)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """A plan file whose id (and so whose calendar) no other test uses."""
    path = tmp_path / "kh45.yaml"
    path.write_text(PLAN.format(plan_id=f"kh45-{next(_numbers)}"), encoding="utf-8")
    return path


def run(path: Path, server: RadicaleServer, **options: object) -> SyncResult:
    """Sync the plan as the test user, as of AS_OF."""
    return sync(  # type: ignore[arg-type]
        path,
        server.url,
        credentials=Credentials(server.username, server.password),
        as_of=AS_OF,
        **options,
    )


def uid(path: Path, task_id: str) -> str:
    return task_uid(load_plan(path).id, task_id)


def dav(server: RadicaleServer) -> caldav.DAVClient:
    """A caldav client of our own, standing for another calendar app."""
    return caldav.DAVClient(
        server.url, username=server.username, password=server.password, enable_rfc6764=False
    )


def server_etags(server: RadicaleServer, calendar: str) -> dict[str, str]:
    """The ETag of each object in the calendar, read with a plain PROPFIND."""
    response = dav(server).propfind(calendar, props=["{DAV:}getetag"], depth=1)
    return {
        r.href: r.properties["{DAV:}getetag"] for r in response.results if not r.href.endswith("/")
    }


def server_todo(server: RadicaleServer, calendar: str, todo_uid: str) -> Component:
    """The VTODO stored on the server under ``todo_uid``."""
    found = dav(server).calendar(url=calendar).get_todo_by_uid(todo_uid)
    return Calendar.from_ical(found.data).walk("VTODO")[0]


def edit_on_server(
    server: RadicaleServer, calendar: str, todo_uid: str, edit: Callable[[Component], None]
) -> None:
    """Change a to-do the way Thunderbird does: the edit, a new LAST-MODIFIED and
    DTSTAMP, an X- property, SEQUENCE bumped, saved with If-Match."""
    todo = dav(server).calendar(url=calendar).get_todo_by_uid(todo_uid)
    with todo.edit_icalendar_component() as component:
        edit(component)
        for prop in ("LAST-MODIFIED", "DTSTAMP", "X-MOZ-GENERATION"):
            component.pop(prop, None)
        component.add("last-modified", EDITED_AT)
        component.add("dtstamp", EDITED_AT)
        component.add("x-moz-generation", "2")
    todo.save()


def replace(component: Component, name: str, value: object) -> None:
    component.pop(name, None)
    component.add(name, value)


def complete(component: Component) -> None:
    replace(component, "status", "COMPLETED")
    replace(component, "completed", EDITED_AT)
    replace(component, "percent-complete", 100)


def tasks(items: tuple[object, ...]) -> set[str | None]:
    return {getattr(item, "task_id", None) for item in items}


# -- push ------------------------------------------------------------------------------


def test_push_creates_one_todo_per_task(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """The first sync makes the calendar (a task list named after the plan) and stores
    each task as one VTODO object, without METHOD, under its deterministic UID."""
    result = run(plan_path, radicale_server, create=True)
    assert result.calendar_created
    assert tasks(result.created) == {"t1", "t2", "t3"}
    assert result.ok
    assert not result.updated
    assert not result.unchanged

    calendar = dav(radicale_server).calendar(url=result.calendar)
    assert calendar.get_display_name() == "Kế hoạch số 45-KH/ĐU"
    assert calendar.get_supported_components() == ["VTODO"]
    stored = calendar.get_todos(include_completed=True)
    assert {str(t.icalendar_component["UID"]) for t in stored} == {
        uid(plan_path, t) for t in ("t1", "t2", "t3")
    }
    for todo in stored:
        assert "METHOD" not in todo.icalendar_instance
        assert len(todo.icalendar_instance.walk("VTODO")) == 1
    t1 = server_todo(radicale_server, result.calendar, uid(plan_path, "t1"))
    assert str(t1["SUMMARY"]) == "Tuyên truyền Nghị quyết 57"
    assert t1.decoded("DUE") == dt.date(2024, 12, 15)


def test_second_sync_puts_nothing(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A second sync with nothing changed sends no PUT: every object is reported
    unchanged, and every ETag on the server is the same as before."""
    first = run(plan_path, radicale_server, create=True)
    before = server_etags(radicale_server, first.calendar)
    again = run(plan_path, radicale_server)
    assert not again.changed
    assert tasks(again.unchanged) == {"t1", "t2", "t3"}
    assert server_etags(radicale_server, first.calendar) == before


def test_plan_change_is_pushed(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A task retitled in the plan is updated on the server; the others are not sent."""
    first = run(plan_path, radicale_server, create=True)
    before = server_etags(radicale_server, first.calendar)
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace("Rà soát đảng viên", "Rà soát, phân loại đảng viên"))
    result = run(plan_path, radicale_server)
    assert tasks(result.updated) == {"t3"}
    assert tasks(result.unchanged) == {"t1", "t2"}
    t3 = server_todo(radicale_server, first.calendar, uid(plan_path, "t3"))
    assert str(t3["SUMMARY"]) == "Rà soát, phân loại đảng viên"
    after = server_etags(radicale_server, first.calendar)
    changed = {href for href in after if after[href] != before[href]}
    assert changed == {result.updated[0].href.removeprefix(radicale_server.url.rstrip("/"))}


def test_plan_file_alarms_are_pushed(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """The reminders the plan file gives (plan.alarms; units[].alarms for the tasks a
    unit leads) are the ones stored; changing a unit's sends its tasks again."""

    def triggers(result: SyncResult, task_id: str) -> list[str]:
        todo = server_todo(radicale_server, result.calendar, uid(plan_path, task_id))
        return [str(a["TRIGGER"].to_ical(), "ascii") for a in todo.walk("VALARM")]

    text = plan_path.read_text(encoding="utf-8")
    text = text.replace("  issued_on: 2024-08-06\n", "  issued_on: 2024-08-06\n  alarms: 1d\n")
    plan_path.write_text(text.replace("name: Chi bộ 1}", "name: Chi bộ 1, alarms: 0d}"))
    first = run(plan_path, radicale_server, create=True)
    # Date deadlines: triggers related to DUE, 00:00 of the due day.
    assert [triggers(first, t) for t in ("t1", "t2", "t3")] == [["PT9H"], ["PT9H"], ["-PT15H"]]
    plan_path.write_text(text.replace("name: Chi bộ 1}", "name: Chi bộ 1, alarms: overdue}"))
    again = run(plan_path, radicale_server)
    assert tasks(again.updated) == {"t1", "t2"}
    assert triggers(again, "t1") == ["P1DT9H"]  # due Sun 15/12/2024: Mon 16/12 at 09:00


# -- pull ------------------------------------------------------------------------------


def test_completion_on_server_is_recorded_in_plan(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A to-do ticked off on the server (STATUS:COMPLETED, COMPLETED, 100 %) becomes a
    done update in the plan file, dated by COMPLETED; the file keeps its comments,
    and the sync after it changes nothing."""
    first = run(plan_path, radicale_server, create=True)
    edit_on_server(radicale_server, first.calendar, uid(plan_path, "t2"), complete)

    result = run(plan_path, radicale_server)
    assert [(p.task_id, p.update.state, p.update.date) for p in result.pulled] == [
        ("t2", ProgressState.DONE, dt.date(2024, 10, 28))
    ]
    assert not result.conflicts
    t2 = load_plan(plan_path).task("t2")
    assert t2.updates[-1].state is ProgressState.DONE
    assert t2.updates[-1].date == dt.date(2024, 10, 28)
    text = plan_path.read_text(encoding="utf-8")
    assert "# Nhiệm vụ trọng tâm: this comment must survive a pull." in text
    assert "# cuối tháng 10" in text
    assert "# the only party cell" in text
    on_server = server_todo(radicale_server, first.calendar, uid(plan_path, "t2"))
    assert str(on_server["STATUS"]) == "COMPLETED"

    quiet = run(plan_path, radicale_server)
    assert not quiet.changed
    assert quiet.ok
    assert load_plan(plan_path).task("t2").updates == t2.updates


def test_percent_on_server_is_recorded(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A to-do set to 40 % in progress on the server becomes an in-progress update at
    40 %, dated by the client's LAST-MODIFIED."""
    first = run(plan_path, radicale_server, create=True)

    def advance(component: Component) -> None:
        replace(component, "status", "IN-PROCESS")
        replace(component, "percent-complete", 40)

    edit_on_server(radicale_server, first.calendar, uid(plan_path, "t1"), advance)
    result = run(plan_path, radicale_server)
    assert [(p.task_id, p.update.state, p.update.percent) for p in result.pulled] == [
        ("t1", ProgressState.IN_PROGRESS, 40)
    ]
    last = load_plan(plan_path).task("t1").updates[-1]
    assert (last.date, last.state, last.percent) == (
        dt.date(2024, 10, 28),
        ProgressState.IN_PROGRESS,
        40,
    )


def test_server_edit_of_plan_field_is_undone(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A SUMMARY changed only on the server is a plan field: the plan wins, the to-do
    is written back (with If-Match on the server's new ETag) and nothing is pulled."""
    first = run(plan_path, radicale_server, create=True)
    edit_on_server(
        radicale_server,
        first.calendar,
        uid(plan_path, "t3"),
        lambda c: replace(c, "summary", "Tên do người dùng sửa"),
    )
    result = run(plan_path, radicale_server)
    assert tasks(result.updated) == {"t3"}
    assert not result.pulled
    assert not result.conflicts
    t3 = server_todo(radicale_server, first.calendar, uid(plan_path, "t3"))
    assert str(t3["SUMMARY"]) == "Rà soát đảng viên"


# -- conflicts -------------------------------------------------------------------------


def test_same_field_changed_on_both_sides_is_a_conflict(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """DUE moved both in the plan and on the server: reported as a conflict naming both
    values, and the server's object is not overwritten (its ETag is unchanged). Once
    the plan agrees with the server, the next sync goes through."""
    first = run(plan_path, radicale_server, create=True)
    todo_uid = uid(plan_path, "t1")
    edit_on_server(
        radicale_server,
        first.calendar,
        todo_uid,
        lambda c: replace(c, "due", dt.date(2024, 12, 20)),
    )
    edited = server_etags(radicale_server, first.calendar)
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace("deadline: 2024-12-15", "deadline: 2024-12-31"))

    result = run(plan_path, radicale_server)
    assert [(c.task_id, c.field, c.plan_value, c.server_value) for c in result.conflicts] == [
        ("t1", "DUE", "2024-12-31", "2024-12-20")
    ]
    assert not result.ok
    assert "t1" not in tasks(result.updated)
    assert server_etags(radicale_server, first.calendar) == edited
    assert server_todo(radicale_server, first.calendar, todo_uid).decoded("DUE") == dt.date(
        2024, 12, 20
    )

    plan_path.write_text(text.replace("deadline: 2024-12-15", "deadline: 2024-12-20"))
    resolved = run(plan_path, radicale_server)
    assert resolved.ok
    assert run(plan_path, radicale_server).changed is False


def test_removed_task_is_deleted_from_server(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A task removed from the plan has its to-do deleted from the server."""
    first = run(plan_path, radicale_server, create=True)
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.split("  - id: t3")[0])
    result = run(plan_path, radicale_server)
    assert tasks(result.deleted) == {"t3"}
    assert len(server_etags(radicale_server, first.calendar)) == 2


def test_removed_task_changed_on_server_is_kept(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A task removed from the plan whose to-do was changed on the server since is not
    deleted: it is reported as a conflict."""
    first = run(plan_path, radicale_server, create=True)
    edit_on_server(radicale_server, first.calendar, uid(plan_path, "t3"), complete)
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.split("  - id: t3")[0])
    result = run(plan_path, radicale_server)
    assert not result.deleted
    assert [(c.task_id, c.field) for c in result.conflicts] == [("t3", None)]
    assert len(server_etags(radicale_server, first.calendar)) == 3


def test_lost_state_adopts_objects_without_rewriting(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """With the state file gone, objects already on the server that match the plan
    are adopted as they are (no PUT), and the state file is written again."""
    first = run(plan_path, radicale_server, create=True)
    before = server_etags(radicale_server, first.calendar)
    state_path(plan_path).unlink()
    result = run(plan_path, radicale_server)
    assert result.ok
    assert not result.created
    assert not result.updated
    assert tasks(result.unchanged) == {"t1", "t2", "t3"}
    assert server_etags(radicale_server, first.calendar) == before
    assert state_path(plan_path).exists()


# -- options ---------------------------------------------------------------------------


def test_dry_run_changes_nothing(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A dry run reports what it would do but creates no calendar, writes no object,
    no state file, and leaves the plan file as it was."""
    original = plan_path.read_bytes()
    result = run(plan_path, radicale_server, create=True, dry_run=True)
    assert result.dry_run
    assert result.calendar_created
    assert tasks(result.created) == {"t1", "t2", "t3"}
    response = dav(radicale_server).propfind(result.calendar, props=["{DAV:}getetag"], depth=0)
    assert response.status == 404
    assert not state_path(plan_path).exists()
    assert plan_path.read_bytes() == original


def test_dry_run_reports_pull_without_recording(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A dry run shows the progress it would pull, and leaves the plan file and the
    server's to-do as they are."""
    first = run(plan_path, radicale_server, create=True)
    edit_on_server(radicale_server, first.calendar, uid(plan_path, "t1"), complete)
    edited = server_etags(radicale_server, first.calendar)
    original = plan_path.read_bytes()
    result = run(plan_path, radicale_server, dry_run=True)
    assert [p.task_id for p in result.pulled] == ["t1"]
    assert plan_path.read_bytes() == original
    assert server_etags(radicale_server, first.calendar) == edited


def test_calendar_by_name_is_found_again(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A calendar created under a display name is found again by that name, whatever
    its case."""
    first = run(plan_path, radicale_server, calendar="Việc của Chi bộ", create=True)
    assert first.calendar.endswith("/viec-cua-chi-bo/")
    again = run(plan_path, radicale_server, calendar="việc của chi bộ")
    assert again.calendar == first.calendar
    assert not again.changed


def test_default_calendar_is_found_again(radicale_server: RadicaleServer, tmp_path: Path) -> None:
    """Without --calendar, the calendar made for a plan whose id is not URL-safe
    (capitals, Vietnamese letters) is found again by the next sync."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(plan_id=f"KH45-Đợt{next(_numbers)}"), encoding="utf-8")
    first = run(path, radicale_server, create=True)
    assert "/kh45-dot" in first.calendar
    again = run(path, radicale_server)
    assert again.calendar == first.calendar
    assert not again.changed


def test_calendar_by_url(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A calendar given by URL is used (and made, with create) at that URL."""
    url = radicale_server.calendar_url(f"by-url-{next(_numbers)}")
    result = run(plan_path, radicale_server, calendar=url, create=True)
    assert result.calendar == url
    assert len(server_etags(radicale_server, url)) == 3
    assert run(plan_path, radicale_server, calendar=url).changed is False


def test_missing_calendar_without_create(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """Without create, a missing calendar is a SyncError that says how to fix it."""
    with pytest.raises(SyncError, match=r"no calendar named 'kh45-\d+'.*--create"):
        run(plan_path, radicale_server)


# -- credentials and failures -------------------------------------------------------------


def test_credentials_never_written(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """The password (given through a callable) reaches the server but never the
    state file, the plan file or the result."""
    first = run(plan_path, radicale_server, create=True)
    server = radicale_server
    edit_on_server(server, first.calendar, uid(plan_path, "t1"), complete)
    result = sync(
        plan_path,
        server.url,
        credentials=lambda: (server.username, server.password),
        as_of=AS_OF,
    )
    assert result.pulled
    for text in (
        state_path(plan_path).read_text(encoding="utf-8"),
        plan_path.read_text(encoding="utf-8"),
        repr(result),
        repr(Credentials(server.username, server.password)),
    ):
        assert server.password not in text


def test_credentials_never_logged(
    radicale_server: RadicaleServer, plan_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Even at DEBUG level, no log record (ours or the HTTP libraries') holds the
    password or the Basic authorization made from it."""
    basic = base64.b64encode(
        f"{radicale_server.username}:{radicale_server.password}".encode()
    ).decode()
    with caplog.at_level(logging.DEBUG):
        run(plan_path, radicale_server, create=True)
    assert caplog.records
    assert radicale_server.password not in caplog.text
    assert basic not in caplog.text


def test_wrong_password_is_a_sync_error(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """Refused credentials raise SyncError naming the server, not the password."""
    secret = "sai-mật-khẩu-7d1e"
    with pytest.raises(SyncError) as caught:
        sync(
            plan_path,
            radicale_server.url,
            credentials=Credentials(radicale_server.username, secret),
            create=True,
        )
    message = str(caught.value)
    assert radicale_server.url in message
    assert "refused the credentials" in message
    assert secret not in message


def test_unreachable_server_is_a_sync_error(plan_path: Path, unused_port: int) -> None:
    """A server that is not running raises SyncError naming the URL and what failed,
    without the password (even one written in the URL)."""
    url = f"http://canbo:bi-mat-123@127.0.0.1:{unused_port}/dav/"
    with pytest.raises(SyncError) as caught:
        sync(plan_path, url, create=True, timeout=2)
    message = str(caught.value)
    assert f"http://127.0.0.1:{unused_port}/dav/" in message
    assert "connection was refused" in message
    assert "bi-mat-123" not in message
    assert not state_path(plan_path).exists() or "bi-mat" not in state_path(plan_path).read_text()


# -- command line ------------------------------------------------------------------------


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_cli_sync_json(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """`actionplan sync --format json` reports each created object; the password is
    read from the variable --password-env names and printed nowhere."""
    args = [
        "sync",
        str(plan_path),
        "--url",
        radicale_server.url,
        "--user",
        radicale_server.username,
        "--password-env",
        "AP_TEST_CALDAV_PASSWORD",
        "--create",
        "--as-of",
        "02/9/2024",
        "--format",
        "json",
    ]
    env = {"AP_TEST_CALDAV_PASSWORD": radicale_server.password}
    code, out, err = invoke(*args, env=env)
    assert code == 0, err
    data = json.loads(out)
    assert {o["task_id"] for o in data["created"]} == {"t1", "t2", "t3"}
    assert data["calendar_created"] is True
    assert data["conflicts"] == []
    assert radicale_server.password not in out + err

    code, out, err = invoke(*args[:-2], env=env)
    assert code == 0, err
    assert "0 created, 0 updated, 0 deleted, 3 unchanged" in out


def test_cli_exit_4_when_server_down(plan_path: Path, unused_port: int) -> None:
    """An unreachable server exits 4 with one line naming the URL, not the password."""
    code, out, err = invoke(
        "sync",
        str(plan_path),
        "--url",
        f"http://127.0.0.1:{unused_port}/",
        "--user",
        "canbo",
        "--password-env",
        "AP_TEST_CALDAV_PASSWORD",
        env={"AP_TEST_CALDAV_PASSWORD": "khong-lo-ra-42"},
    )
    assert code == 4
    assert f"http://127.0.0.1:{unused_port}/" in err
    assert err.startswith("actionplan: error: ")
    assert err.count("\n") == 1
    assert "khong-lo-ra-42" not in out + err


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--url", "http://u:secret@127.0.0.1:1/"], {}, "--url holds a password"),
        (["--url", "http://127.0.0.1:1/", "--user", "u"], {}, "--user needs --password-env"),
        (
            ["--url", "http://127.0.0.1:1/", "--user", "u", "--password-env", "AP_NOT_SET_X"],
            {},
            "AP_NOT_SET_X is not set",
        ),
        (["--url", "http://127.0.0.1:1/", "--password-env", "X"], {}, "needs --user"),
    ],
)
def test_cli_password_options(
    plan_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    """Password misuse on the command line exits 2 with one line saying how to fix it."""
    code, _out, err = invoke("sync", str(plan_path), *args, env=env)
    assert code == 2
    assert message in err
    assert "secret" not in err


@pytest.mark.parametrize("url", ["ftp://cal.example.org/dav/", "cal.example.org/dav/", "http://"])
def test_cli_a_url_that_is_no_server_address_is_bad_input(plan_path: Path, url: str) -> None:
    """A --url that is not an http(s) address is bad input (exit 2, one line saying
    what is expected), not a server that failed (4): nothing was asked of a server."""
    code, _out, err = invoke("sync", str(plan_path), "--url", url)
    assert code == 2, err
    assert "is not a CalDAV server address; expected an http:// or https:// URL" in err
    assert err.count("\n") == 1


def test_a_url_that_is_no_server_address_is_a_value_error(plan_path: Path) -> None:
    """In Python, such a url raises ValidationError (a ValueError), not SyncError."""
    with pytest.raises(ValidationError, match="not a CalDAV server address") as caught:
        sync(plan_path, "ftp://cal.example.org/dav/")
    assert not isinstance(caught.value, SyncError)


def test_cli_defaults_to_today_in_the_plan_time_zone(
    radicale_server: RadicaleServer, tmp_path: Path
) -> None:
    """Without --as-of, sync exports as of today in the plan's time zone, not the
    computer's: a second sync given that date explicitly finds nothing to change,
    though the task was reported done on the one of the two dates that is later."""
    here = dt.date.today()
    zone = next(
        z for z in ("Etc/GMT-14", "Etc/GMT+12") if dt.datetime.now(ZoneInfo(z)).date() != here
    )  # 26 hours apart: one of the two always has another date than the computer
    there = dt.datetime.now(ZoneInfo(zone)).date()
    path = tmp_path / "kh.yaml"
    path.write_text(
        f"plan: {{id: kh-today-{next(_numbers)}, title: Kế hoạch, timezone: {zone}}}\n"
        "tasks:\n  - id: t1\n    title: Báo cáo\n    deadline: 2099-06-30\n"
        f"    updates:\n      - {{date: {max(here, there).isoformat()}, state: done}}\n",
        encoding="utf-8",
    )
    args = [
        "sync", str(path), "--url", radicale_server.url, "--user", radicale_server.username,
        "--password-env", "AP_TEST_CALDAV_PASSWORD", "--format", "json",
    ]  # fmt: skip
    env = {"AP_TEST_CALDAV_PASSWORD": radicale_server.password}
    code, out, err = invoke(*args, "--create", env=env)
    assert code == 0, err
    assert tasks_of(json.loads(out)["created"]) == {"t1"}
    if dt.datetime.now(ZoneInfo(zone)).date() != there:  # pragma: no cover - midnight there
        pytest.skip("the date changed in the plan's time zone during the test")
    code, out, err = invoke(*args, "--as-of", there.isoformat(), env=env)
    assert code == 0, err
    data = json.loads(out)
    assert (data["updated"], tasks_of(data["unchanged"])) == ([], {"t1"})


def tasks_of(objects: list[dict[str, str]]) -> set[str]:
    return {o["task_id"] for o in objects}


# -- preconditions ---------------------------------------------------------------------


def test_update_uses_if_match(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """An update is sent with If-Match on the ETag read at the start of the sync: a
    to-do another app changes while the sync runs is refused by the server (412),
    reported, and keeps the other app's change."""
    first = run(plan_path, radicale_server, create=True)
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text.replace("title: ", "title: Sửa, "), encoding="utf-8")
    t2 = uid(plan_path, "t2")

    def meanwhile(done: int, total: int, current: str) -> None:
        if done == 1:  # t1 is written; t2 is next
            edit_on_server(radicale_server, first.calendar, t2, lambda c: replace(c, "priority", 1))

    result = run(plan_path, radicale_server, progress=meanwhile)
    assert tasks(result.updated) == {"t1", "t3"}
    assert [(e.task_id, "412" in e.message) for e in result.errors] == [("t2", True)]
    on_server = server_todo(radicale_server, first.calendar, t2)
    assert int(on_server["PRIORITY"]) == 1
    assert str(on_server["SUMMARY"]) == "Báo cáo sơ kết 6 tháng"


def test_create_uses_if_none_match(radicale_server: RadicaleServer, plan_path: Path) -> None:
    """A new object is sent with If-None-Match: one another app stored under the same
    name while the sync runs is not overwritten (412), and is reported."""
    calendar = radicale_server.calendar_url(f"race-{next(_numbers)}")
    t2 = uid(plan_path, "t2")
    theirs = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other app//EN\r\nBEGIN:VTODO\r\n"
        f"UID:{t2}\r\nDTSTAMP:20241028T093000Z\r\nSUMMARY:Của ứng dụng khác\r\n"
        "END:VTODO\r\nEND:VCALENDAR\r\n"
    )

    def meanwhile(done: int, total: int, current: str) -> None:
        if done == 1:
            href = calendar + t2 + ".ics"
            response = dav(radicale_server).put(href, theirs, {"Content-Type": "text/calendar"})
            assert response.status == 201

    result = run(plan_path, radicale_server, calendar=calendar, create=True, progress=meanwhile)
    assert tasks(result.created) == {"t1", "t3"}
    assert [(e.task_id, "412" in e.message) for e in result.errors] == [("t2", True)]
    assert str(server_todo(radicale_server, calendar, t2)["SUMMARY"]) == "Của ứng dụng khác"


def test_lost_state_with_differing_object_is_a_conflict(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """Without a state file, an object on the server whose SUMMARY differs from the
    plan cannot be judged (who changed it?): a conflict, and the object is kept."""
    first = run(plan_path, radicale_server, create=True)
    edit_on_server(
        radicale_server, first.calendar, uid(plan_path, "t1"), lambda c: replace(c, "summary", "X")
    )
    state_path(plan_path).unlink()
    edited = server_etags(radicale_server, first.calendar)
    result = run(plan_path, radicale_server)
    assert [(c.task_id, c.field, c.server_value) for c in result.conflicts] == [
        ("t1", "SUMMARY", "X")
    ]
    assert server_etags(radicale_server, first.calendar) == edited


def test_cli_prints_server_texts_without_control_sequences(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A conflict names the server's value; printed by `actionplan sync`, a value
    another client wrote cannot retitle the window or clear the terminal."""
    first = run(plan_path, radicale_server, create=True)
    hostile = "\x1b]0;pwned\x07\x1b[2Jđã sửa\x9b31m"
    edit_on_server(
        radicale_server,
        first.calendar,
        uid(plan_path, "t1"),
        lambda c: replace(c, "summary", hostile),
    )
    state_path(plan_path).unlink()
    code, out, err = invoke(
        "sync", str(plan_path), "--url", radicale_server.url, "--user", radicale_server.username,
        "--password-env", "AP_TEST_CALDAV_PASSWORD", "--as-of", AS_OF.isoformat(),
        env={"AP_TEST_CALDAV_PASSWORD": radicale_server.password},
    )  # fmt: skip
    assert code == 1, err
    assert "SUMMARY was changed both in the plan" in out
    assert "đã sửa" in out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


def test_progress_the_plan_refuses_is_reported_every_time(
    radicale_server: RadicaleServer, plan_path: Path
) -> None:
    """A to-do reopened on the server after the plan recorded the task done cannot be
    recorded (a done task takes no later updates): an error, the plan file and the
    server's to-do are left as they are, and the next sync reports it again."""
    text = plan_path.read_text(encoding="utf-8")
    done = "deadline: 2024-12-15\n    updates:\n      - {date: 2024-08-20, state: done}"
    plan_path.write_text(text.replace("deadline: 2024-12-15", done), encoding="utf-8")
    first = run(plan_path, radicale_server, create=True)
    todo_uid = uid(plan_path, "t1")
    assert str(server_todo(radicale_server, first.calendar, todo_uid)["STATUS"]) == "COMPLETED"

    def reopen(component: Component) -> None:
        replace(component, "status", "NEEDS-ACTION")
        replace(component, "percent-complete", 0)
        component.pop("COMPLETED")

    edit_on_server(radicale_server, first.calendar, todo_uid, reopen)
    reopened = server_etags(radicale_server, first.calendar)
    original = plan_path.read_bytes()
    for _ in range(2):
        result = run(plan_path, radicale_server)
        assert [(e.task_id, "cannot be recorded" in e.message) for e in result.errors] == [
            ("t1", True)
        ]
        assert not result.pulled
        assert plan_path.read_bytes() == original
        assert server_etags(radicale_server, first.calendar) == reopened
