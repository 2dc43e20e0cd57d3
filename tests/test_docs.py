"""Tests for the documentation in docs/: it builds without a warning, it documents
every public name and every command, and every sample in it runs as shown.

- Python samples are doctest blocks (```pycon): every Markdown page is run with
  :func:`doctest.testfile`, in a temporary folder holding the reference example.
- Shell samples are ```console blocks: each ``$ command`` is run in order, in a
  temporary folder holding the reference example, and what it prints is compared
  with the lines shown under it (doctest rules: ``...`` matches anything, runs of
  white space are equal). ``actionplan`` commands run in-process through click's
  CliRunner; a command ending in ``; echo "exit status $?"`` must print that line
  too, and any other must exit 0. ``$NAME`` is taken from the environment.
"""

from __future__ import annotations

import datetime as dt
import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

import actionplan
from actionplan.cli import _common
from actionplan.cli.main import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = ROOT / "examples" / "reference"
REFERENCE_FILES = ("plan.yaml", "assignment-table.xlsx", "ke-hoach-45.docx")
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
EXIT_ECHO = '; echo "exit status $?"'
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")


def _page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


# --------------------------------------------------------------------------------------
# Reading Markdown


class Block(NamedTuple):
    """A fenced code block: its language, the line its first content line is on
    (1-based), and its lines."""

    language: str
    line: int
    lines: list[str]


def fenced_blocks(text: str) -> Iterator[Block]:
    """The fenced code blocks of a Markdown page, outermost only."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if opened is None:
            i += 1
            continue
        fence = opened["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not (
            lines[j].startswith(fence[0] * len(fence)) and not lines[j].strip(fence[0]).strip()
        ):
            body.append(lines[j])
            j += 1
        yield Block(opened["info"].strip("{}"), i + 2, body)
        i = j + 1


class MarkdownParser(doctest.DocTestParser):
    """Finds doctest examples only inside ```pycon and ```python blocks.

    Everything else (prose, fences, other blocks) is blanked out, keeping line
    numbers, so that a closing fence is never read as expected output.
    """

    def parse(self, string: str, name: str = "<string>") -> list[str | doctest.Example]:
        lines = [""] * len(string.splitlines())
        for block in fenced_blocks(string):
            if block.language in ("pycon", "python"):
                for offset, line in enumerate(block.lines):
                    lines[block.line - 1 + offset] = line
        return super().parse("\n".join(lines) + "\n", name)


def page_files(text: str) -> dict[str, str]:
    """The files a page shows: ```{code-block} blocks with a ``:caption:`` naming
    the file. The tests write them into the working folder before running the
    page's samples, so that the samples read exactly what the page shows."""
    files: dict[str, str] = {}
    for block in fenced_blocks(text):
        if block.language != "code-block":
            continue
        options = [line for line in block.lines if line.startswith(":")]
        caption = next(
            (o.split(":", 2)[2].strip() for o in options if o.startswith(":caption:")), ""
        )
        if caption:
            content = block.lines[len(options) :]
            if content and not content[0].strip():
                content = content[1:]
            files[caption] = "\n".join(content) + "\n"
    return files


def pages_with(language: str) -> list[Path]:
    """The pages that have at least one block in ``language``."""
    return [
        p
        for p in PAGES
        if any(b.language == language for b in fenced_blocks(p.read_text(encoding="utf-8")))
    ]


# --------------------------------------------------------------------------------------
# Running shell samples


class Command(NamedTuple):
    """A ``$ command`` of a console block, with the output shown under it."""

    line: int
    text: str
    want: str


def console_commands(text: str) -> Iterator[Command]:
    """The commands of every ```console block of a page, in order."""
    for block in fenced_blocks(text):
        if block.language != "console":
            continue
        current: list[str] | None = None
        start = 0
        output: list[str] = []
        continued = False
        for offset, line in enumerate(block.lines):
            if continued and current is not None:
                current.append(line.strip())
            elif line.startswith("$ "):
                if current is not None:
                    yield Command(start, _joined(current), "\n".join(output))
                current, start, output = [line[2:]], block.line + offset, []
            else:
                output.append(line)
            continued = line.endswith("\\")
        if current is not None:
            yield Command(start, _joined(current), "\n".join(output))


def _joined(pieces: list[str]) -> str:
    """Lines continued with a backslash, as one command line."""
    return " ".join(p.removesuffix("\\").strip() for p in pieces)


def run_command(command: str, cwd: Path) -> str:
    """Run one shown command in ``cwd``; what it prints (stdout and stderr)."""
    text = command
    echo_status = text.endswith(EXIT_ECHO)
    if echo_status:
        text = text[: -len(EXIT_ECHO)]
    args = [os.path.expandvars(arg) for arg in shlex.split(text)]
    if args[0] == "actionplan":
        runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
        result = runner.invoke(cli, args[1:], prog_name="actionplan", catch_exceptions=False)
        output, code = result.output, result.exit_code
    else:
        done = subprocess.run(
            args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
        )
        output, code = done.stdout + done.stderr, done.returncode
    if echo_status:
        return f"{output}exit status {code}\n"
    assert code == 0, f"{command!r} exited with {code}:\n{output}"
    return output


@pytest.fixture
def reference_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working folder holding the reference example's files."""
    for name in REFERENCE_FILES:
        shutil.copy(REFERENCE / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write_page_files(page: Path, folder: Path) -> None:
    for name, content in page_files(page.read_text(encoding="utf-8")).items():
        (folder / name).write_text(content, encoding="utf-8")


def _caldav_environment(page: Path, request: pytest.FixtureRequest) -> None:
    """Point $CALDAV_URL, $CALDAV_USER and $CALDAV_PASSWORD at a real CalDAV server
    (Radicale on 127.0.0.1) for the pages whose samples use them."""
    if "CALDAV_URL" not in page.read_text(encoding="utf-8"):
        return
    server = request.getfixturevalue("radicale_server")
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("CALDAV_URL", server.url)
    monkeypatch.setenv("CALDAV_USER", server.username)
    monkeypatch.setenv("CALDAV_PASSWORD", server.password)


@pytest.mark.parametrize("page", pages_with("console"), ids=_page_id)
def test_shell_samples_print_what_they_show(
    page: Path, reference_folder: Path, request: pytest.FixtureRequest
) -> None:
    """Every ``$ command`` of the page runs (exit 0, unless the sample shows its
    exit status) and prints what the page shows under it."""
    _caldav_environment(page, request)
    _write_page_files(page, reference_folder)
    checker = doctest.OutputChecker()
    commands = list(console_commands(page.read_text(encoding="utf-8")))
    assert commands, "no command in the page's console blocks"
    for command in commands:
        got = run_command(command.text, reference_folder)
        want = command.want.strip() + "\n" if command.want.strip() else ""
        assert checker.check_output(want, got, FLAGS), (
            f"{_page_id(page)}:{command.line}: $ {command.text}\n"
            + checker.output_difference(doctest.Example(command.text, want), got, FLAGS)
        )


@pytest.mark.parametrize("page", pages_with("pycon"), ids=_page_id)
def test_python_samples_pass_as_doctests(
    page: Path, reference_folder: Path, request: pytest.FixtureRequest
) -> None:
    """Every ``>>>`` example of the page gives the output shown."""
    _caldav_environment(page, request)
    _write_page_files(page, reference_folder)
    failed, attempted = doctest.testfile(
        str(page),
        module_relative=False,
        name=_page_id(page),
        globs={},
        report=True,
        optionflags=FLAGS,
        parser=MarkdownParser(),
        encoding="utf-8",
    )
    assert attempted > 0
    assert failed == 0, f"{failed} of {attempted} examples failed in {_page_id(page)}"


def test_readme_python_sample_runs_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's ``>>>`` example, run from a checkout as the README says, gives
    the output shown; none is skipped."""
    readme = ROOT / "README.md"
    examples = MarkdownParser().get_examples(readme.read_text(encoding="utf-8"))
    assert examples
    assert not [e.source for e in examples if e.options.get(doctest.SKIP)]
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(
        str(readme),
        module_relative=False,
        globs={},
        optionflags=FLAGS,
        parser=MarkdownParser(),
        encoding="utf-8",
    )
    assert failed == 0, f"{failed} of {attempted} examples failed in README.md"


def test_samples_use_known_block_languages() -> None:
    """Python samples are doctest blocks (```pycon): a ```python block must hold
    ``>>>`` examples, so that no Python sample escapes the tests; shell samples
    are ```console blocks of ``$`` commands."""
    for page in PAGES:
        for block in fenced_blocks(page.read_text(encoding="utf-8")):
            where = f"{_page_id(page)}:{block.line}"
            if block.language in ("python", "pycon"):
                assert any(line.startswith(">>> ") for line in block.lines), where
            if block.language in ("console", "shell", "bash", "sh"):
                assert block.language == "console", f"{where}: use ```console"
                assert block.lines, where
                assert block.lines[0].startswith("$ "), where


# --------------------------------------------------------------------------------------
# Building the docs


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML docs, built with warnings as errors; their folder."""
    out = tmp_path_factory.mktemp("docs")
    html = out / "html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(DOCS),
            str(html),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, f"sphinx-build failed:\n{done.stdout}\n{done.stderr}"
    return html


def test_docs_build_without_warnings(built_docs: Path) -> None:
    """sphinx-build -W (warnings as errors) builds every page."""
    for page in PAGES:
        html = built_docs / page.relative_to(DOCS).with_suffix(".html")
        assert html.is_file(), f"{_page_id(page)} was not built"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_cli_reference(built_docs: Path, command: str) -> None:
    """The CLI reference documents every command of actionplan.cli.main.COMMANDS,
    with its options."""
    page = (built_docs / "reference" / "cli.html").read_text(encoding="utf-8")
    assert f'id="actionplan-{command}"' in page


@pytest.mark.parametrize("name", sorted(set(actionplan.__all__) - {"__version__"}))
def test_every_public_name_is_in_the_api_reference(built_docs: Path, name: str) -> None:
    """The API reference documents every name ``actionplan`` exports, under the
    public module that defines it."""
    pages = (built_docs / "reference" / "api").glob("*.html")
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert re.search(rf'id="actionplan(?:\.[a-z_]+)+\.{re.escape(name)}"', text), name


def test_exit_codes_are_the_cli_s() -> None:
    """The exit-code table of the CLI reference gives every code the CLI uses, with
    the meaning its constant names."""
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    shown = {int(m[1]) for m in re.finditer(r"^\| `(\d+)` \|", text, re.MULTILINE)}
    codes = {value for name, value in vars(_common).items() if name.startswith("EXIT_")}
    assert shown == codes


def _form_examples() -> list[str]:
    """The example phrases that ``DEADLINE_FORMS`` lists (those the reader accepts;
    "đầu / giữa / cuối tháng 10/2025" stands for three phrases, not one)."""
    examples: list[str] = []
    for form in actionplan.DEADLINE_FORMS:
        for example in form.split(": ", 1)[1].split(", "):
            try:
                actionplan.parse_deadline(example, issued_on=dt.date(2024, 8, 6))
            except actionplan.DeadlineParseError:
                continue
            examples.append(example)
    return examples


@pytest.mark.parametrize("example", _form_examples())
def test_the_deadline_guide_shows_every_form(example: str) -> None:
    """Every example of actionplan.phrases.DEADLINE_FORMS (the forms listed in
    error messages) is read in the deadline guide's executed table."""
    text = (DOCS / "howto" / "deadlines.md").read_text(encoding="utf-8")
    assert f'"{example}"' in text


def _schema_keys() -> list[tuple[str, str]]:
    """(definition, key) for every key of every object the plan-file schema defines."""
    from actionplan.files import plan_schema

    schema = plan_schema()
    keys = [("file", key) for key in schema["properties"] if key != "$schema"]
    for name, definition in schema["$defs"].items():
        keys += [(name, key) for key in definition.get("properties", {})]
    return keys


@pytest.mark.parametrize("page", ["reference/plan-format.md", "vi/plan-format.md"])
def test_the_plan_format_pages_name_every_key(page: str) -> None:
    """Both plan-format references (English, Vietnamese) describe every key of the
    shipped JSON Schema, so that a key added to the format cannot go undocumented."""
    text = (DOCS / page).read_text(encoding="utf-8")
    missing = [
        f"{definition}.{key}"
        for definition, key in _schema_keys()
        if f"`{key}`" not in text and f"`{key}:" not in text
    ]
    assert missing == []
