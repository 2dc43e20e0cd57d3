"""Hypothesis strategies for the model, for every test module that needs them.

One strategy per model class (``units()``, ``tasks()``, ``deadlines()`` …) draws any
valid object of that class; :func:`plans` draws whole plans that are also coherent
as a whole (they pass :func:`actionplan.files.check_plan` without errors: unique
ids, known units and tasks, no cycles), so they can be written to a file and read
back. Texts mix Vietnamese letters, ASCII, punctuation YAML cares about and line
breaks, always NFC-normalised (as the loader normalises them).

Import as ``from strategies import plans`` (pytest puts ``tests/`` on the path for
the test modules in it). Strategy objects are built once and reused (drawing from a
fresh ``st.none() | …`` each time is what makes composite strategies slow).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from actionplan.deadlines import (
    BeforePolicy,
    Deadline,
    EventDeadline,
    FixedDeadline,
    Frequency,
    OngoingDeadline,
    PeriodEndDeadline,
    RecurringDeadline,
    RelativeDeadline,
    UndatedDeadline,
    UndatedReason,
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
from actionplan.phrases import parse_deadline
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.reminders import AlarmSpec
from actionplan.workdays import CalendarChange

T = TypeVar("T")

__all__ = [
    "PHRASES",
    "alarm_lists",
    "alarm_specs",
    "calendar_changes",
    "dates",
    "deadlines",
    "document_refs",
    "documents",
    "extensions",
    "ids",
    "names",
    "periods",
    "plans",
    "policies",
    "sections",
    "structured_deadlines",
    "target_reports",
    "targets",
    "tasks",
    "texts",
    "units",
    "updates",
]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@functools.cache
def _opt(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``strategy`` or None: one strategy object per strategy."""
    return st.none() | strategy


@functools.cache
def _pick(items: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    """One of ``items``, or None."""
    return _opt(st.sampled_from(items)) if items else st.none()


@functools.cache
def _subset(items: tuple[str, ...], max_size: int) -> st.SearchStrategy[list[str]]:
    """Distinct items of ``items``, in any order."""
    if not items:
        return st.just([])
    return st.lists(st.sampled_from(items), max_size=max_size, unique=True)


# --------------------------------------------------------------------------------------
# Texts, ids, dates

_VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ"
_YAML_HOSTILE = (*":#-?[]{},&*!|>'\"%@`", " ", "  ", "\t", ": ", " #", "- ", "yes", "null", "1e3")
_CHARS = st.one_of(
    st.sampled_from(_VIETNAMESE),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(exclude_categories=("Cs", "Cc")),
)


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 24, lines: bool = True) -> st.SearchStrategy[str]:
    """Free text: Vietnamese, ASCII, YAML punctuation and (optionally) line breaks."""
    alphabet = _CHARS | st.just("\n") if lines else _CHARS
    chars = st.text(alphabet, max_size=max_size)
    tokens = _YAML_HOSTILE + (("\n", "\n\n") if lines else ())
    mixed = st.lists(st.sampled_from(tokens) | chars, max_size=4).map("".join)
    return (chars | mixed).map(_nfc).filter(lambda s: len(s) >= min_size)


@functools.cache
def names(*, max_size: int = 24) -> st.SearchStrategy[str]:
    """A text that is not blank (titles, names …), on one line."""
    return texts(min_size=1, max_size=max_size, lines=False).filter(lambda s: s.strip() != "")


_ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789đăâ"
_IDS = st.builds(
    lambda first, rest: _nfc(first + rest),
    st.sampled_from(_ID_FIRST),
    st.text(st.sampled_from(_ID_FIRST + "._-"), max_size=7),
)


def ids() -> st.SearchStrategy[str]:
    """An id: letters, digits, dots, dashes and underscores; Vietnamese letters too."""
    return _IDS


@functools.cache
def dates(
    min_value: dt.date = dt.date(2000, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """A date of the years plans are about."""
    return st.dates(min_value=min_value, max_value=max_value)


_REFS = (
    "45-KH/ĐU",
    "05-QC/BTCTU-BDVTU",
    "123/KH-UBND",
    "30/2020/NĐ-CP",
    "2450/VPCP-KGVX",
    "45/2019/QH14",
    "35-CT/TW",
    "57-NQ/TW",
)
_DOCUMENT_REFS = st.sampled_from(_REFS).map(DocumentRef.parse)


def document_refs() -> st.SearchStrategy[DocumentRef]:
    """A document number and symbol, party or state."""
    return _DOCUMENT_REFS


@st.composite
def _periods(draw: st.DrawFn, conventions: tuple[str, ...]) -> ReportingPeriod:
    kind = draw(st.sampled_from(tuple(PeriodKind)))
    top = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}.get(kind, 1)
    return ReportingPeriod(
        kind,
        draw(st.integers(1990, 2100)),
        draw(st.integers(1, top)),
        Convention(draw(st.sampled_from(conventions))),
    )


@functools.cache
def periods(
    *, conventions: tuple[str, ...] = ("calendar", "window")
) -> st.SearchStrategy[ReportingPeriod]:
    """A reporting period of any kind."""
    return _periods(conventions)


# --------------------------------------------------------------------------------------
# Deadlines

PHRASES = (
    "Quý III/2024",
    "trước ngày 15/12/2024",
    "Chậm nhất ngày 30/11/2024",
    "Tháng 10/2024",
    "6 tháng cuối năm 2024",
    "Năm 2025",
    "Thường xuyên",
    "Hằng tháng",
    "Trước ngày 20 hằng tháng",
    "Trong thời hạn 30 ngày kể từ ngày ký",
    "10 ngày làm việc kể từ ngày ký",
    "Trước Tết Nguyên đán 2025",
    "15/12/2024",
    "Khẩn trương",
    "Quý IV/2025 - Quý II/2026",
)
"""Deadline phrases as plans write them (all readable without a plan context)."""


@functools.cache
def structured_deadlines(task_ids: tuple[str, ...] = ()) -> st.SearchStrategy[Deadline]:
    """A deadline of any kind, with no text (as code builds them). A relative deadline
    anchored to a task names one of ``task_ids``."""
    fixed = st.builds(
        FixedDeadline,
        dates(),
        before=st.booleans(),
        time=_opt(st.times().map(lambda t: t.replace(microsecond=0))),
    )
    period_end = periods(conventions=("calendar",)).map(PeriodEndDeadline)
    anchors = [
        st.fixed_dictionaries({"anchor": st.sampled_from(("issued", "received"))}),
        st.fixed_dictionaries({"anchor": st.just("date"), "anchor_date": dates()}),
    ]
    if task_ids:
        anchors.append(
            st.fixed_dictionaries(
                {"anchor": st.just("task"), "anchor_task": st.sampled_from(task_ids)}
            )
        )
    relative = st.builds(
        lambda days, working, anchor: RelativeDeadline(days, working=working, **anchor),
        st.integers(0, 400),
        st.booleans(),
        st.one_of(anchors),
    )
    recurring = st.builds(
        RecurringDeadline,
        st.sampled_from(tuple(Frequency)),
        interval=st.integers(1, 12),
        months=st.lists(st.integers(1, 12), max_size=3, unique=True).map(sorted),
        month_day=_opt(st.integers(-31, 31).filter(bool)),
        weekday=_opt(st.integers(0, 6)),
        first=_opt(dates()),
        start=_opt(dates()),
        until=_opt(dates()),
        roll=st.booleans(),
        ongoing=st.booleans(),
    )
    undated = st.builds(
        UndatedDeadline, st.sampled_from(tuple(UndatedReason)), follows=_opt(names())
    )
    event = st.builds(
        EventDeadline,
        st.sampled_from(("tet", "dai_hoi")) | ids(),
        year=_opt(st.integers(2000, 2100)),
        before=st.booleans(),
    )
    return st.one_of(
        fixed, period_end, relative, recurring, st.just(OngoingDeadline()), undated, event
    )


_PHRASE_DEADLINES = st.sampled_from(PHRASES).map(lambda text: parse_deadline(text, year=2024))


@functools.cache
def deadlines(task_ids: tuple[str, ...] = ()) -> st.SearchStrategy[Deadline]:
    """Any deadline: structured; read from a phrase (its text kept); or structured with
    a text that would read otherwise (as an importer may leave it)."""
    mismatched = st.builds(
        lambda d, text: attrs.evolve(d, text=text), structured_deadlines(task_ids), names()
    )
    return st.one_of(structured_deadlines(task_ids), _PHRASE_DEADLINES, mismatched)


# --------------------------------------------------------------------------------------
# Reminders

_ALARM_SPECS = st.builds(
    AlarmSpec,
    st.integers(0, 3660),
    working=st.booleans(),
    after=st.booleans(),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
_ALARM_LISTS = _opt(st.lists(_ALARM_SPECS, max_size=4, unique=True).map(tuple))


def alarm_specs() -> st.SearchStrategy[AlarmSpec]:
    """One reminder, before or after the deadline, at any minute of the day."""
    return _ALARM_SPECS


def alarm_lists() -> st.SearchStrategy[tuple[AlarmSpec, ...] | None]:
    """A plan's or a unit's reminders: none set (None), none at all (()), or some."""
    return _ALARM_LISTS


# --------------------------------------------------------------------------------------
# Units, sections, targets


@functools.cache
def units(
    unit_ids: st.SearchStrategy[str] | None = None, parents: tuple[str, ...] = ()
) -> st.SearchStrategy[Unit]:
    """A unit; its parent (if any) one of ``parents``."""
    return st.builds(
        Unit,
        unit_ids if unit_ids is not None else ids(),
        names(),
        kind=st.sampled_from(tuple(UnitKind)),
        parent=_pick(parents),
        email=_opt(st.from_regex(r"[a-z]{1,6}@[a-z]{1,6}\.vn", fullmatch=True)),
        alarms=_ALARM_LISTS,
    )


@functools.cache
def sections(section_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Section]:
    """A plan section."""
    return st.builds(Section, section_ids if section_ids is not None else ids(), names())


def _by_date(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.date)


_NUMBERS = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)


@functools.cache
def target_reports() -> st.SearchStrategy[TargetReport]:
    """A value reported for a target."""
    return st.builds(
        TargetReport,
        dates(),
        _NUMBERS,
        note=_opt(texts()),
        reported_by=_opt(names(max_size=8)),
    )


@functools.cache
def targets(
    target_ids: st.SearchStrategy[str] | None = None, unit_ids: tuple[str, ...] = ()
) -> st.SearchStrategy[Target]:
    """A measurable target; its lead (if any) one of ``unit_ids``."""
    return st.builds(
        Target,
        target_ids if target_ids is not None else ids(),
        names(),
        value=_NUMBERS,
        measure=_opt(names(max_size=6)),
        at_least=st.booleans(),
        lead=_pick(unit_ids),
        reports=st.lists(target_reports(), max_size=3).map(_by_date),
    )


# --------------------------------------------------------------------------------------
# Tasks

_PERCENTS = {
    ProgressState.DONE: st.sampled_from((None, 100)),
    ProgressState.NOT_STARTED: st.sampled_from((None, 0)),
}


@st.composite
def _updates(draw: st.DrawFn, state: ProgressState | None) -> ProgressUpdate:
    chosen = state if state is not None else draw(st.sampled_from(tuple(ProgressState)))
    percent = draw(_PERCENTS.get(chosen, _opt(st.integers(0, 100))))
    return ProgressUpdate(
        draw(dates()),
        chosen,
        percent,
        note=draw(_opt(texts())),
        reported_by=draw(_opt(names(max_size=8))),
    )


@functools.cache
def updates(state: ProgressState | None = None) -> st.SearchStrategy[ProgressUpdate]:
    """A progress update, its percent consistent with its state."""
    return _updates(state)


@st.composite
def _update_lists(draw: st.DrawFn) -> list[ProgressUpdate]:
    """Updates in date order, a done one (if any) last: what a coherent plan holds."""
    items = [u for u in draw(st.lists(updates(), max_size=3)) if u.state is not ProgressState.DONE]
    if draw(st.booleans()):
        done = draw(updates(ProgressState.DONE))
        items = [u for u in items if u.date <= done.date] + [done]
    return _by_date(items)


_UPDATE_LISTS = _update_lists()


@functools.cache
def extensions(
    task_ids: tuple[str, ...] = (), after: dt.date | None = None
) -> st.SearchStrategy[Extension]:
    """A deadline extension, dated on or after ``after``."""
    return st.builds(
        Extension,
        dates(min_value=after) if after is not None else dates(),
        deadlines(task_ids),
        approved_by=_opt(document_refs()),
        reason=_opt(texts()),
    )


@st.composite
def tasks(
    draw: st.DrawFn,
    task_id: str | None = None,
    *,
    unit_ids: tuple[str, ...] = (),
    section_ids: tuple[str, ...] = (),
    earlier: tuple[str, ...] = (),
    task_ids: tuple[str, ...] = (),
    issued_on: dt.date | None = None,
) -> Task:
    """A task. Its units, section, parent and dependencies come from the ids given
    (``earlier`` tasks only, so that a plan has no cycles); a deadline anchored to a
    task names one of ``task_ids``; extensions are dated on or after ``issued_on``."""
    ident = task_id if task_id is not None else draw(ids())
    lead = draw(_pick(unit_ids))
    others = tuple(u for u in unit_ids if u != lead)
    prior = tuple(t for t in earlier if t != ident)
    return Task(
        ident,
        draw(names()),
        lead=lead,
        coordinating=draw(_subset(others, 3)),
        deadline=draw(_opt(deadlines(task_ids))),
        deliverable=draw(_opt(texts())),
        section=draw(_pick(section_ids)),
        key=draw(st.booleans()),
        priority=draw(st.sampled_from(tuple(Priority))),
        tags=draw(st.lists(names(max_size=6), max_size=2)),
        parent=draw(_pick(prior)),
        depends_on=draw(_subset(prior, 2)),
        updates=draw(_UPDATE_LISTS),
        extensions=_by_date(draw(st.lists(extensions(task_ids, issued_on), max_size=2))),
        note=draw(_opt(texts())),
    )


# --------------------------------------------------------------------------------------
# Documents, policies, calendars, plans


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    ref = draw(_opt(document_refs()))
    kind = (
        ref.kind
        if ref is not None and draw(st.booleans())
        else draw(st.sampled_from(tuple(DocumentKind)))
    )
    return Document(
        kind,
        ref=ref,
        issuer=draw(_opt(names())),
        issued_on=draw(_opt(dates())),
        subject=draw(_opt(texts())),
        place=draw(_opt(names(max_size=10))),
    )


_DOCUMENTS = _documents()


def documents() -> st.SearchStrategy[Document]:
    """A document: its kind given, or the one its number tells."""
    return _DOCUMENTS


_POLICIES = st.builds(
    PlanPolicy,
    before=st.sampled_from(tuple(BeforePolicy)),
    due_soon_days=st.integers(0, 30),
    period_convention=st.sampled_from(("calendar", "window")),
)


def policies() -> st.SearchStrategy[PlanPolicy]:
    """How a plan reads its deadlines."""
    return _POLICIES


@functools.cache
def calendar_changes(days: tuple[dt.date, ...] = ()) -> st.SearchStrategy[CalendarChange]:
    """A day off or make-up working day (on one of ``days``, when given)."""
    return st.builds(
        CalendarChange,
        st.sampled_from(days) if days else dates(),
        st.booleans(),
        names(),
        name_en=_opt(names()),
        source=_opt(st.sampled_from(_REFS)),
    )


@functools.cache
def _unique_ids(max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids(), max_size=max_size, unique=True)


@st.composite
def plans(draw: st.DrawFn, *, max_tasks: int = 5) -> ActionPlan:
    """A whole plan, coherent: it passes :func:`~actionplan.files.check_plan` without
    errors (warnings may remain), so it can be written to a file and read back."""
    unit_ids: Sequence[str] = tuple(draw(_unique_ids(4)))
    section_ids = tuple(draw(_unique_ids(3)))
    task_ids = tuple(draw(_unique_ids(max_tasks)))
    document = draw(_opt(documents()))
    issued_on = document.issued_on if document else None
    received_on = (
        None
        if issued_on is None
        else draw(_opt(st.integers(0, 60).map(lambda days: issued_on + dt.timedelta(days))))
    )
    return ActionPlan(
        draw(ids()),
        draw(names()),
        document=document,
        implements=draw(st.lists(documents(), max_size=2)),
        period=draw(_opt(periods())),
        timezone=draw(st.sampled_from(("Asia/Ho_Chi_Minh", "Asia/Bangkok", "UTC"))),
        objective=draw(_opt(texts())),
        policy=draw(policies()),
        units=[
            draw(units(st.just(uid), parents=tuple(unit_ids[:index])))
            for index, uid in enumerate(unit_ids)
        ],
        sections=[draw(sections(st.just(sid))) for sid in section_ids],
        targets=[draw(targets(st.just(tid), tuple(unit_ids))) for tid in draw(_unique_ids(2))],
        tasks=[
            draw(
                tasks(
                    tid,
                    unit_ids=tuple(unit_ids),
                    section_ids=section_ids,
                    earlier=task_ids[:index],
                    task_ids=task_ids,
                    issued_on=issued_on,
                )
            )
            for index, tid in enumerate(task_ids)
        ],
        events=draw(st.dictionaries(names(max_size=8), dates(), max_size=2)),
        calendar_changes=[
            draw(calendar_changes((day,)))
            for day in draw(st.lists(dates(), max_size=3, unique=True))
        ],
        received_on=received_on,
        alarms=draw(_ALARM_LISTS),
    )
