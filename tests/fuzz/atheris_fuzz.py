"""Coverage-guided fuzzing of the entry points that read outside data, with atheris.

Not collected by pytest (the Hypothesis tests beside it run in CI); run it by hand
for long runs, one target at a time::

    pip install atheris
    python tests/fuzz/atheris_fuzz.py deadline -max_total_time=3600
    python tests/fuzz/atheris_fuzz.py xlsx -max_total_time=3600 corpus-xlsx/

Targets: ``deadline``, ``ref``, ``period``, ``date``, ``plan-yaml``, ``plan-toml``,
``plan-json``, ``document``, ``ics``, ``csv``, ``xlsx``, ``docx``. A corpus folder
given after the options is filled with the reference example's files first (for
``plan-*``, ``ics``, ``xlsx`` and ``docx``), so mutation starts from valid input.

Every target feeds the fuzzer's bytes to one entry point and lets only its documented
error through; anything else (a ``KeyError``, a ``UnicodeEncodeError`` …) is a crash
that libFuzzer reports, with the input saved as ``crash-*``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["actionplan"]):
    from actionplan.dates import parse_date
    from actionplan.errors import (
        CalendarFileError,
        DeadlineParseError,
        DocumentRefError,
        ParseError,
        PeriodParseError,
        PlanFileError,
        TableImportError,
    )
    from actionplan.files import dumps_plan, load_plan, loads_document, loads_plan
    from actionplan.ical import read_calendar, to_ical_bytes
    from actionplan.importers import import_table
    from actionplan.periods import ReportingPeriod
    from actionplan.phrases import parse_deadline
    from actionplan.refs import DocumentRef

REFERENCE = Path(__file__).resolve().parents[2] / "examples" / "reference"
PLAN = load_plan(REFERENCE / "plan.yaml")
WORK = Path(tempfile.mkdtemp(prefix="actionplan-atheris-"))


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def _deadline(data: bytes) -> None:
    with contextlib.suppress(DeadlineParseError):
        parse_deadline(_text(data), issued_on=dt.date(2024, 8, 6))


def _ref(data: bytes) -> None:
    with contextlib.suppress(DocumentRefError):
        DocumentRef.parse(_text(data))


def _period(data: bytes) -> None:
    with contextlib.suppress(PeriodParseError):
        ReportingPeriod.parse(_text(data))


def _date(data: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_date(_text(data))


def _plan(fmt: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        with contextlib.suppress(PlanFileError):
            loads_plan(data, fmt)  # type: ignore[arg-type]

    return target


def _document(data: bytes) -> None:
    with contextlib.suppress(PlanFileError):
        loads_document(data)


def _ics(data: bytes) -> None:
    with contextlib.suppress(CalendarFileError):
        read_calendar(data, PLAN)


def _table(suffix: str) -> Callable[[bytes], None]:
    path = WORK / f"table{suffix}"

    def target(data: bytes) -> None:
        path.write_bytes(data)
        with contextlib.suppress(TableImportError):
            import_table(path, year=2024)

    return target


TARGETS: dict[str, Callable[[bytes], None]] = {
    "deadline": _deadline,
    "ref": _ref,
    "period": _period,
    "date": _date,
    "plan-yaml": _plan("yaml"),
    "plan-toml": _plan("toml"),
    "plan-json": _plan("json"),
    "document": _document,
    "ics": _ics,
    "csv": _table(".csv"),
    "xlsx": _table(".xlsx"),
    "docx": _table(".docx"),
}


def _seeds(target: str) -> dict[str, bytes]:
    """Valid inputs of the target, to start the corpus from."""
    yaml_text = (REFERENCE / "plan.yaml").read_bytes()
    return {
        "plan-yaml": {"plan.yaml": yaml_text},
        "document": {"plan.yaml": yaml_text},
        "plan-toml": {"plan.toml": dumps_plan(PLAN, "toml").encode()},
        "plan-json": {"plan.json": dumps_plan(PLAN, "json").encode()},
        "ics": {"plan.ics": to_ical_bytes(PLAN, as_of=dt.date(2025, 1, 31))},
        "xlsx": {"table.xlsx": (REFERENCE / "assignment-table.xlsx").read_bytes()},
        "docx": {"table.docx": (REFERENCE / "ke-hoach-45.docx").read_bytes()},
    }.get(target, {})


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(
            f"usage: {argv[0]} TARGET [libFuzzer options] [CORPUS]; TARGET: {', '.join(TARGETS)}"
        )
    target = argv[1]
    corpora = [Path(a) for a in argv[2:] if not a.startswith("-")]
    for corpus in corpora[:1]:
        corpus.mkdir(parents=True, exist_ok=True)
        for name, data in _seeds(target).items():
            if not (corpus / name).exists():
                (corpus / name).write_bytes(data)
    atheris.Setup([argv[0], *argv[2:]], TARGETS[target])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
