"""Every text format of the reference plan's report, against its golden file.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/reports``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from actionplan.reports import render
from actionplan.status import StatusReport

CASES = [
    ("terminal", "vi", "reference-2024-09-30.vi.txt"),
    ("md", "vi", "reference-2024-09-30.vi.md"),
    ("md", "en", "reference-2024-09-30.en.md"),
    ("html", "vi", "reference-2024-09-30.vi.html"),
    ("json", "vi", "reference-2024-09-30.vi.json"),
    ("csv", "vi", "reference-2024-09-30.vi.csv"),
]


@pytest.mark.parametrize(("fmt", "language", "name"), CASES)
def test_text_format_matches_golden(
    reference_report: StatusReport,
    golden: Callable[[str, str | bytes], None],
    fmt: str,
    language: str,
    name: str,
) -> None:
    """The reference report renders exactly as its reviewed golden file."""
    text = render(reference_report, fmt, language=language, width=120)
    assert isinstance(text, str)
    golden(name, text)


@pytest.mark.parametrize(("fmt", "language", "name"), CASES)
def test_rendering_twice_gives_the_same_text(
    reference_report: StatusReport, fmt: str, language: str, name: str
) -> None:
    """A report is reproducible: the same report renders to the same text."""
    assert render(reference_report, fmt, language=language) == render(
        reference_report, fmt, language=language
    )
