"""The cache of parsed plans (:mod:`actionplan.files.cache`): keyed by the file's
content, so never stale; safe to delete; corrupt entries ignored."""

from __future__ import annotations

import binascii
import gc
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from actionplan.errors import PlanContentError, PlanFileError
from actionplan.files import dumps_plan, load_plan, read_plan
from actionplan.files._formats import FORMATS, Format
from actionplan.files.cache import (
    NO_CACHE_VARIABLE,
    PlanCache,
    default_cache,
    default_cache_dir,
)
from actionplan.model import ActionPlan
from strategies import plans

PLAN = """\
plan:
  id: kh45
  title: Kế hoạch số 45-KH/ĐU
  issued_on: 2024-08-06
units:
  - {id: cb1, name: Chi bộ 1}
tasks:
  - id: t1
    title: Tuyên truyền Nghị quyết
    lead: cb1
    deadline: Quý III/2024
"""

# The same plan with a warning: a deadline before the plan's date of issue.
WARNED = PLAN.replace("Quý III/2024", "2024-06-30")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "kh45.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path: Path) -> PlanCache:
    return PlanCache(tmp_path / "cache")


def _entry(cache: PlanCache) -> Path:
    (entry,) = cache.entries()
    return entry


def _key(cache: PlanCache, path: Path) -> str:
    return cache.key(path.read_bytes(), "yaml")


def _payload(data: bytes) -> bytes:
    """An entry's pickle: after the header's three fields (magic, key, checksum)."""
    return data.split(b"\0", 3)[3]


def test_a_plan_read_through_the_cache_is_the_plan_in_the_file(
    plan_file: Path, cache: PlanCache
) -> None:
    """Reading through the cache gives what reading the file gives, the first time
    (a miss, which writes an entry) and the next (a hit)."""
    expected = load_plan(plan_file)
    assert cache.load_plan(plan_file) == expected
    assert len(cache.entries()) == 1
    assert cache.load_plan(plan_file) == expected


def test_a_second_read_comes_from_the_cache(plan_file: Path, cache: PlanCache) -> None:
    """Once an entry is written, it is what a read returns: an entry planted under
    the file's key (here with another title) is read back instead of the file."""
    cache.load_plan(plan_file)
    key = _key(cache, plan_file)
    stored = cache.get(key)
    assert stored is not None
    cache.put(key, attrs.evolve(stored, plan=attrs.evolve(stored.plan, title="Từ bộ nhớ đệm")))
    assert cache.load_plan(plan_file).title == "Từ bộ nhớ đệm"


def test_an_edited_file_is_read_again(plan_file: Path, cache: PlanCache) -> None:
    """Never stale: after an edit the new content is read, even when the file keeps
    its size and its modification time (the key is the content, not the file's
    name, size or date)."""
    assert cache.load_plan(plan_file).title == "Kế hoạch số 45-KH/ĐU"
    info = plan_file.stat()
    plan_file.write_text(PLAN.replace("số 45-KH/ĐU", "số 46-KH/ĐU"), encoding="utf-8")
    os.utime(plan_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert plan_file.stat().st_size == info.st_size
    assert cache.load_plan(plan_file).title == "Kế hoạch số 46-KH/ĐU"
    assert len(cache.entries()) == 2


def test_editing_back_finds_the_first_entry(plan_file: Path, cache: PlanCache) -> None:
    """Content that was read before is found again under its key after an edit and
    an undo: two entries, no third."""
    cache.load_plan(plan_file)
    plan_file.write_text(PLAN.replace("Quý III", "Quý IV"), encoding="utf-8")
    cache.load_plan(plan_file)
    plan_file.write_text(PLAN, encoding="utf-8")
    assert cache.load_plan(plan_file) == load_plan(plan_file)
    assert len(cache.entries()) == 2


def test_deleting_the_cache_folder_is_safe(plan_file: Path, cache: PlanCache) -> None:
    """The folder can go at any time: the next read parses the file and writes the
    folder again."""
    expected = cache.load_plan(plan_file)
    shutil.rmtree(cache.directory)
    assert cache.load_plan(plan_file) == expected
    assert len(cache.entries()) == 1


def test_clear_deletes_every_entry(tmp_path: Path, cache: PlanCache) -> None:
    """clear() removes the entries and counts them; reading still works after it."""
    paths = []
    for number in (45, 46, 47):
        path = tmp_path / f"kh{number}.yaml"
        path.write_text(PLAN.replace("45", str(number)), encoding="utf-8")
        cache.load_plan(path)
        paths.append(path)
    assert cache.clear() == 3
    assert cache.entries() == []
    assert cache.load_plan(paths[0]).id == "kh45"


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _garbage(data: bytes) -> bytes:
    return bytes(range(256)) * 4


def _empty(data: bytes) -> bytes:
    return b""


def _rehashed(data: bytes, payload: bytes) -> bytes:
    """The entry with another payload and the checksum that matches it."""
    magic, key, _, _ = data.split(b"\0", 3)
    return b"\0".join([magic, key, b"%08x" % binascii.crc32(payload), payload])


def _other_object(data: bytes) -> bytes:
    return _rehashed(data, pickle.dumps({"plan": "not a plan"}))


def _flipped_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def _unpickles_to_an_error(data: bytes) -> bytes:
    return _rehashed(data, b"cbuiltins\nint\n(S'x'\ntR.")  # int('x') fails when loaded


def _other_key(data: bytes) -> bytes:
    magic, _, rest = data.split(b"\0", 2)
    return b"\0".join([magic, b"0" * 64, rest])


def _first_format(data: bytes) -> bytes:
    """The entry as the first format of the cache marked it (attrs' own pickles)."""
    _, rest = data.split(b"\0", 1)
    return b"\0".join([b"actionplan-plan-cache/1", rest])


def _other_layout(data: bytes) -> bytes:
    """The entry as code where a task's fields were others would have written it
    (with a checksum that matches)."""
    payload = _payload(data)
    assert b"id,title,lead," in payload
    return _rehashed(data, payload.replace(b"id,title,lead,", b"id,title,head,"))


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _garbage,
        _empty,
        _other_object,
        _flipped_byte,
        _unpickles_to_an_error,
        _other_key,
        _first_format,
        _other_layout,
    ],
)
def test_a_corrupt_entry_is_ignored_and_replaced(
    plan_file: Path, cache: PlanCache, damage: object
) -> None:
    """A damaged entry (cut short, overwritten, emptied, holding something else, a
    flipped byte, a pickle that fails, another key's header, the first format's
    mark, a pickle for another shape of the model) is a miss, never an error: the
    file is read again and a good entry replaces the damaged one."""
    expected = cache.load_plan(plan_file)
    entry = _entry(cache)
    assert callable(damage)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load_plan(plan_file) == expected
    assert cache.load_plan(plan_file) == expected
    assert pickle.loads(_payload(entry.read_bytes())).plan == expected


def test_a_folder_others_may_write_to_is_not_used(plan_file: Path, cache: PlanCache) -> None:
    """Entries are pickles: in a folder that other users could write to, none is
    read (a planted one is ignored) and none is written."""
    cache.load_plan(plan_file)
    key = _key(cache, plan_file)
    stored = cache.get(key)
    assert stored is not None
    cache.put(key, attrs.evolve(stored, plan=attrs.evolve(stored.plan, title="Cài cắm")))
    entry = _entry(cache)
    cache.directory.chmod(0o777)
    try:
        assert cache.load_plan(plan_file).title == "Kế hoạch số 45-KH/ĐU"
        other = plan_file.with_name("kh46.yaml")
        other.write_text(PLAN.replace("45", "46"), encoding="utf-8")
        cache.load_plan(other)
        assert cache.entries() == [entry]
    finally:
        cache.directory.chmod(0o700)


def test_a_cache_that_cannot_be_made_is_no_cache(plan_file: Path, tmp_path: Path) -> None:
    """Where the folder cannot be made (a file stands in its way), plans are read
    from their files as without a cache."""
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = PlanCache(blocker / "cache")
    assert cache.load_plan(plan_file) == load_plan(plan_file)
    assert cache.entries() == []


def test_the_cache_folder_is_private(plan_file: Path, cache: PlanCache) -> None:
    """The folder the cache makes, and its entries, are readable by their owner only."""
    cache.load_plan(plan_file)
    assert cache.directory.stat().st_mode & 0o777 == 0o700
    assert _entry(cache).stat().st_mode & 0o777 == 0o600


def test_errors_are_reported_each_time_and_never_cached(tmp_path: Path, cache: PlanCache) -> None:
    """A plan with problems raises on every read, with its problems, and leaves no entry."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(PLAN.replace("lead: cb1", "lead: cb9"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PlanContentError, match="cb9"):
            cache.load_plan(broken)
    assert cache.entries() == []


def test_warnings_name_the_file_they_were_read_from(tmp_path: Path, cache: PlanCache) -> None:
    """Two files with the same bytes share an entry, and each result's warnings
    name its own file."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text(WARNED, encoding="utf-8")
    results = [cache.read_plan(path) for path in (first, second, first)]
    assert len(cache.entries()) == 1
    for result, path in zip(results, (first, second, first), strict=True):
        assert result.file == str(path)
        assert result.warnings
        assert all(w.file == str(path) for w in result.warnings)
        assert result == read_plan(path)


def test_the_same_bytes_in_another_format_are_another_entry(
    tmp_path: Path, cache: PlanCache
) -> None:
    """The key includes the format: a JSON text (which is also YAML) read as JSON and
    as YAML makes two entries."""
    text = '{"plan": {"id": "kh45", "title": "Kế hoạch 45"}}\n'
    for name in ("kh45.json", "kh45.yaml"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert cache.load_plan(tmp_path / name).id == "kh45"
    assert len(cache.entries()) == 2


def test_the_default_folder_follows_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a folder given, the cache lives in $XDG_CACHE_HOME/actionplan/plans
    (~/.cache when XDG_CACHE_HOME is unset or not absolute)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "actionplan" / "plans"
    assert PlanCache().directory == default_cache_dir()
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "actionplan" / "plans"


def test_the_environment_can_turn_the_command_lines_cache_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ACTIONPLAN_NO_CACHE set (to anything but an empty text) turns the command
    line's cache off."""
    monkeypatch.delenv(NO_CACHE_VARIABLE, raising=False)
    assert isinstance(default_cache(), PlanCache)
    monkeypatch.setenv(NO_CACHE_VARIABLE, "")
    assert isinstance(default_cache(), PlanCache)
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert default_cache() is None


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=plans())
def test_any_plan_reads_the_same_through_the_cache(tmp_path: Path, plan: ActionPlan) -> None:
    """Whatever the plan, written in any format, a miss and a hit both give the
    plan that reading the file gives, and so does load_plans."""
    cache = PlanCache(tmp_path / "cache-any")
    for fmt in FORMATS:
        path = tmp_path / f"plan.{fmt}"
        path.write_text(dumps_plan(plan, fmt), encoding="utf-8")
        expected = read_plan(path)
        assert cache.read_plan(path) == expected
        assert cache.read_plan(path) == expected
        assert cache.load_plans([path, path]) == [expected.plan, expected.plan]


# -- the working calendar's holiday data --------------------------------------------------

_CALENDAR_RUN = """
import json, sys
import datetime as dt
from actionplan.files.cache import PlanCache
from actionplan.workdays import WorkCalendar
with PlanCache(sys.argv[1]).calendar():
    cal = WorkCalendar()
    days = [d.date.isoformat() for year in (2024, 2025) for d in cal.changes(year)]
    tet = cal.tet(2025).isoformat()
print(json.dumps({"days": days, "tet": tet, "holidays": "holidays" in sys.modules}))
"""


def _calendar_run(folder: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CALENDAR_RUN, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_holiday_data_is_kept_for_the_next_run(cache: PlanCache) -> None:
    """The first run reads the holidays package and keeps what it read; the next one
    gives the same days off and Tết without importing the package at all."""
    first = _calendar_run(cache.directory)
    second = _calendar_run(cache.directory)
    assert first["holidays"] is True
    assert second["holidays"] is False
    assert second["days"] == first["days"]
    assert second["tet"] == first["tet"] == "2025-01-29"
    assert cache.entries() == []  # calendar data is no plan entry
    cache.clear()
    assert _calendar_run(cache.directory)["holidays"] is True


def test_damaged_holiday_data_is_ignored(cache: PlanCache) -> None:
    """A damaged calendar entry is read as none: the package is read again, with the
    same days as a result."""
    first = _calendar_run(cache.directory)
    (entry,) = cache.directory.glob("*.calendar")
    entry.write_bytes(_flipped_byte(entry.read_bytes()))
    again = _calendar_run(cache.directory)
    assert again["holidays"] is True
    assert again["days"] == first["days"]


def test_load_plans_reads_each_file_as_load_plan(tmp_path: Path, cache: PlanCache) -> None:
    """load_plans gives, in order, what load_plan gives for each file, in any format,
    from the files the first time and from the cache the next."""
    paths = []
    cases: tuple[tuple[int, Format], ...] = ((45, "yaml"), (46, "json"), (47, "toml"))
    for number, fmt in cases:
        plan = load_plan(_write(tmp_path / f"kh{number}.yaml", PLAN.replace("45", str(number))))
        path = tmp_path / f"kh{number}.{fmt}"
        path.write_text(dumps_plan(plan, fmt), encoding="utf-8")
        paths.append(path)
    expected = [load_plan(path) for path in paths]
    assert cache.load_plans(paths) == expected
    assert len(cache.entries()) == 3
    assert cache.load_plans(paths) == expected


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_plans_makes_one_object_of_what_plans_share(tmp_path: Path, cache: PlanCache) -> None:
    """Read from the cache together, plans with the same unit and the same deadline
    phrase share one object of each, and are still the plans in their files."""
    paths = [_write(tmp_path / f"kh{n}.yaml", PLAN.replace("kh45", f"kh{n}")) for n in (45, 46)]
    expected = [load_plan(path) for path in paths]
    cache.load_plans(paths)
    first, second = cache.load_plans(paths)
    assert [first, second] == expected
    assert first.units[0] is second.units[0]
    assert first.tasks[0].deadline is second.tasks[0].deadline
    assert cache.load_plan(paths[0]).units[0] is not first.units[0]


@pytest.fixture
def young_collections() -> Iterator[list[dict[str, int]]]:
    """The collections of the young generation that run while the collector is off
    (as load_plans runs them in its pause), recorded through gc.callbacks; the
    collector's threshold lowered to 1 so that one is due after every plan."""
    seen: list[dict[str, int]] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 0 and not gc.isenabled():
            seen.append(info)

    threshold = gc.get_threshold()
    gc.set_threshold(1, *threshold[1:])
    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*threshold)


def _plan_files(folder: Path, count: int) -> list[Path]:
    return [_write(folder / f"kh{n}.yaml", PLAN.replace("kh45", f"kh{n}")) for n in range(count)]


def test_load_plans_collects_each_plans_young_objects(
    tmp_path: Path, cache: PlanCache, young_collections: list[dict[str, int]]
) -> None:
    """With the collector on, load_plans keeps it paused but collects the young
    generation after each plan that brings it to the collector's threshold, and
    leaves the collector on."""
    paths = _plan_files(tmp_path, 4)
    cache.load_plans(paths)
    young_collections.clear()
    assert gc.isenabled()
    cache.load_plans(paths)
    assert gc.isenabled()
    assert len(young_collections) == len(paths)


def test_load_plans_collects_nothing_when_the_collector_is_off(
    tmp_path: Path, cache: PlanCache, young_collections: list[dict[str, int]]
) -> None:
    """A caller that turned the collector off finds it off, and nothing collected."""
    paths = _plan_files(tmp_path, 4)
    cache.load_plans(paths)
    young_collections.clear()
    gc.disable()
    try:
        cache.load_plans(paths)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert young_collections == []


def test_a_file_over_the_size_limit_is_refused_through_the_cache(
    plan_file: Path, cache: PlanCache
) -> None:
    """The size limit holds through the cache as without it, for load_plan and
    load_plans, whether the file's bytes are in the cache or not."""
    limit = plan_file.stat().st_size - 1
    for read in (cache.load_plan, lambda path, **kw: cache.load_plans([path], **kw)):
        with pytest.raises(PlanFileError, match="larger than"):
            read(plan_file, max_bytes=limit)
        cache.load_plan(plan_file)
        with pytest.raises(PlanFileError, match="larger than"):
            read(plan_file, max_bytes=limit)
    assert cache.load_plans([plan_file], max_bytes=limit + 1)[0].id == "kh45"


def test_a_missing_file_raises_as_without_the_cache(tmp_path: Path, cache: PlanCache) -> None:
    """A file that does not exist raises FileNotFoundError naming it, as load_plan does."""
    missing = tmp_path / "missing.yaml"
    with pytest.raises(FileNotFoundError, match=r"missing\.yaml"):
        cache.load_plans([missing])
    with pytest.raises(FileNotFoundError, match=r"missing\.yaml"):
        load_plan(missing)


def test_a_planted_entry_in_a_shared_folder_is_not_read_by_load_plans(
    plan_file: Path, cache: PlanCache
) -> None:
    """load_plans, which asks about the folder once for all its files, reads no
    entry from a folder that others may write to either."""
    cache.load_plan(plan_file)
    key = _key(cache, plan_file)
    stored = cache.get(key)
    assert stored is not None
    cache.put(key, attrs.evolve(stored, plan=attrs.evolve(stored.plan, title="Cài cắm")))
    assert cache.load_plans([plan_file])[0].title == "Cài cắm"
    cache.directory.chmod(0o777)
    try:
        assert cache.load_plans([plan_file])[0].title == "Kế hoạch số 45-KH/ĐU"
    finally:
        cache.directory.chmod(0o700)
