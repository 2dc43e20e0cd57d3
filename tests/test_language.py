"""One reading of a ``language`` argument everywhere: ``vi`` and ``en``, or a tag
whose primary subtag is one of them; anything else is refused with an
``ActionPlanError`` naming the argument."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan._language import language_of, parse_language
from actionplan.dates import format_date
from actionplan.deadlines import DeadlineContext
from actionplan.errors import ActionPlanError, ValidationError
from actionplan.periods import ReportingPeriod
from actionplan.phrases import describe_deadline, parse_deadline
from actionplan.refs import DocumentKind, DocumentRef
from actionplan.reports.formatting import check_language
from actionplan.status import Rate, TaskStatus
from actionplan.status._statuses import OverdueAge
from actionplan.status._summary import COMPLETION_RATE
from actionplan.workdays import DayType, WorkCalendar


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("vi", "vi"),
        ("en", "en"),
        ("VI", "vi"),
        ("vi-VN", "vi"),
        ("vi_VN", "vi"),
        ("vi_VN.UTF-8", "vi"),
        ("vie", "vi"),
        ("en-GB", "en"),
        ("en_US", "en"),
        ("EN-us", "en"),
        ("en_US.UTF-8@euro", "en"),
        (" en ", "en"),
        ("eng", "en"),
        ("fr", None),
        ("fr-VN", None),
        ("vietnamese", None),
        ("", None),
        ("v", None),
        ("vi VN", None),
        ("en-", None),
        ("vi_", None),
        (None, None),
        (1, None),
        (b"vi", None),
    ],
)
def test_parse_language(value: object, expected: str | None) -> None:
    """The catalogue of language arguments and what they are read as."""
    assert parse_language(value) == expected


@given(st.one_of(st.text(max_size=20), st.none(), st.integers()))
def test_any_value_is_read_or_refused_with_a_validation_error(value: object) -> None:
    """Whatever is passed, the result is "vi", "en", or a ValidationError that
    names the owner and the language field."""
    if parse_language(value) is not None:
        assert language_of(value, "owner") == parse_language(value)
        return
    with pytest.raises(ValidationError) as info:
        language_of(value, "owner")
    assert info.value.obj == "owner"
    assert info.value.field == "language"


DATE = dt.date(2024, 8, 6)
USES: dict[str, Callable[[str], str]] = {
    "format_date": lambda lang: format_date(DATE, lang),
    "ReportingPeriod.label": lambda lang: ReportingPeriod.half(2024, 1).label(lang),
    "TaskStatus.label": lambda lang: TaskStatus.DONE_LATE.label(lang),
    "OverdueAge.label": lambda lang: next(iter(OverdueAge)).label(lang),
    "Rate.format": lambda lang: Rate(COMPLETION_RATE, 1, 3).format(lang),
    "DocumentKind.label": lambda lang: DocumentKind.PLAN.label(lang),
    "DocumentRef.cite": lambda lang: DocumentRef.parse("45-KH/ĐU").cite(DATE, language=lang),
    "describe_deadline": lambda lang: describe_deadline(
        parse_deadline("Quý III/2024"), DeadlineContext(), language=lang
    ),
    "DayType.label": lambda lang: DayType.DAY_OFF.label(lang),
    "WorkCalendar": lambda lang: WorkCalendar(language=lang).language,
    "check_language": check_language,
}


@pytest.mark.parametrize("use", USES.values(), ids=USES.keys())
def test_every_language_argument_reads_tags_alike(use: Callable[[str], str]) -> None:
    """Each function taking a language gives for a regional tag what it gives for
    the bare code, and writes something different in the two languages."""
    assert use("vi-VN") == use("vi")
    assert use("en_US") == use("en")
    assert use("vi") != use("en")


@pytest.mark.parametrize("use", USES.values(), ids=USES.keys())
def test_every_language_argument_refuses_other_languages(use: Callable[[str], str]) -> None:
    """An unknown language is refused by an ActionPlanError that says what is
    expected, never silently read as English."""
    with pytest.raises(ActionPlanError, match="'fr'") as info:
        use("fr")
    assert "vi" in str(info.value)
    assert "en" in str(info.value)
