"""The entry points: render and write_report, format names, lazy imports, doctests."""

from __future__ import annotations

import doctest
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import actionplan.reports
from actionplan.errors import ReportError
from actionplan.reports import FORMATS, format_for_path, render, write_report
from actionplan.status import StatusReport

BINARY = {"xlsx", "docx"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_text_or_bytes(hostile_report: StatusReport, fmt: str) -> None:
    """Text formats give str; xlsx and docx give bytes (ZIP archives)."""
    result = render(hostile_report, fmt)
    if fmt in BINARY:
        assert isinstance(result, bytes)
        assert result.startswith(b"PK")
    else:
        assert isinstance(result, str)
        assert result


@pytest.mark.parametrize(
    ("alias", "name"), [("markdown", "md"), ("HTML", "html"), ("text", "terminal")]
)
def test_format_aliases(hostile_report: StatusReport, alias: str, name: str) -> None:
    """Common spellings of a format name are accepted."""
    assert render(hostile_report, alias) == render(hostile_report, name)


def test_unknown_format_lists_the_formats(hostile_report: StatusReport) -> None:
    """An unknown format is a ReportError naming every format."""
    with pytest.raises(ReportError, match="use one of: terminal, md, html, json, csv, xlsx, docx"):
        render(hostile_report, "pdf")


def test_template_only_for_templated_formats(hostile_report: StatusReport, tmp_path: Path) -> None:
    """A template given to a format without templates is an error, not ignored."""
    with pytest.raises(ReportError, match="the docx format has no template"):
        render(hostile_report, "docx", template=tmp_path)


def test_unknown_language_is_refused(hostile_report: StatusReport) -> None:
    """Reports are written in Vietnamese or English."""
    with pytest.raises(ReportError, match="language 'fr'"):
        render(hostile_report, "md", language="fr")


def test_terminal_colour_is_optional(hostile_report: StatusReport) -> None:
    """Without colour the text has no escape codes; with colour it has."""
    plain = render(hostile_report, "terminal")
    coloured = render(hostile_report, "terminal", colour=True)
    assert isinstance(plain, str)
    assert isinstance(coloured, str)
    assert "\x1b[" not in plain
    assert "\x1b[" in coloured


def test_terminal_respects_the_width(reference_report: StatusReport) -> None:
    """No line is wider than the width asked for."""
    text = render(reference_report, "terminal", width=80)
    assert isinstance(text, str)
    assert max(len(line) for line in text.splitlines()) <= 80


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("bc.md", "md"),
        ("bc.markdown", "md"),
        ("BC.HTML", "html"),
        ("bc.htm", "html"),
        ("bc.json", "json"),
        ("bc.csv", "csv"),
        ("bc.xlsx", "xlsx"),
        ("bc.docx", "docx"),
        ("bc.txt", "terminal"),
    ],
)
def test_format_for_path(name: str, fmt: str) -> None:
    """The suffix names the format, whatever its case."""
    assert format_for_path(name) == fmt


def test_format_for_unknown_suffix() -> None:
    """An unknown suffix is a ReportError listing the known ones."""
    with pytest.raises(ReportError, match=r"from its suffix '\.pdf'"):
        format_for_path("bc.pdf")


def test_write_report_takes_the_format_from_the_suffix(
    hostile_report: StatusReport, tmp_path: Path
) -> None:
    """write_report writes the format the suffix names and returns the path."""
    path = write_report(hostile_report, tmp_path / "bc.json")
    assert path == tmp_path / "bc.json"
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "actionplan.status/1"
    docx_path = write_report(hostile_report, tmp_path / "bc.docx")
    assert docx_path.read_bytes() == render(hostile_report, "docx")


def test_write_report_csv_has_a_byte_order_mark(
    hostile_report: StatusReport, tmp_path: Path
) -> None:
    """A CSV file starts with the UTF-8 BOM so that Excel reads Vietnamese correctly."""
    path = write_report(hostile_report, tmp_path / "bc.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == render(hostile_report, "csv")


def test_write_report_format_overrides_the_suffix(
    hostile_report: StatusReport, tmp_path: Path
) -> None:
    """An explicit format wins over the suffix."""
    path = write_report(hostile_report, tmp_path / "bc.txt", "md")
    assert path.read_text(encoding="utf-8") == render(hostile_report, "md")


def test_failed_render_leaves_the_old_file(hostile_report: StatusReport, tmp_path: Path) -> None:
    """A report that cannot be rendered writes nothing: the earlier file is intact."""
    path = tmp_path / "bc.html"
    path.write_text("cũ", encoding="utf-8")
    broken = tmp_path / "broken.html.j2"
    broken.write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(ReportError):
        write_report(hostile_report, path, template=broken)
    assert path.read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.html", "broken.html.j2"]


def test_write_report_into_a_missing_folder(hostile_report: StatusReport, tmp_path: Path) -> None:
    """The error names the missing folder."""
    with pytest.raises(ReportError, match="does not exist"):
        write_report(hostile_report, tmp_path / "nope" / "bc.md")


def _imported_after(code: str) -> set[str]:
    script = (
        f"import sys\n{code}\n"
        "print(','.join(sorted(m for m in ('openpyxl', 'docx', 'jinja2', 'rich') "
        "if m in sys.modules)))"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    return set(out.split(",")) - {""}


def test_heavy_libraries_are_imported_lazily() -> None:
    """Importing the reports, the CLI, or rendering JSON loads no Office, template or
    terminal library; each format imports its own when used."""
    assert _imported_after("import actionplan.reports") == set()
    assert _imported_after("import actionplan.cli.main; import actionplan.cli.report") == set()
    render_json = (
        "import datetime as dt\n"
        "from actionplan.model import ActionPlan\n"
        "from actionplan.status import evaluate\n"
        "from actionplan.reports import render\n"
        "render(evaluate(ActionPlan('k', 'K'), as_of=dt.date(2024, 1, 1)), 'json')"
    )
    assert _imported_after(render_json) == set()
    assert _imported_after(render_json.replace("'json'", "'docx'")) == {"docx"}


MODULES = [
    "actionplan.reports",
    "actionplan.reports._zip",
    "actionplan.reports.chart",
    "actionplan.reports.csv",
    "actionplan.reports.formatting",
    "actionplan.reports.head",
    "actionplan.reports.labels",
    "actionplan.reports.templating",
    "actionplan.reports.view",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    """The examples in the docstrings run and give what they show."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_all_is_complete() -> None:
    """__all__ lists every public name of the package once, and each one exists."""
    names = actionplan.reports.__all__
    assert len(names) == len(set(names))
    for name in names:
        assert hasattr(actionplan.reports, name)
    defined_here = {
        name
        for name, value in vars(actionplan.reports).items()
        if callable(value) and getattr(value, "__module__", "") == "actionplan.reports"
    }
    assert defined_here - {n for n in defined_here if n.startswith("_")} <= set(names)
    assert {"render", "write_report", "DocumentHead", "RenderOptions", "FORMATS"} <= set(names)
