"""`actionplan init` writes a plan file to fill in: it loads, validates, explains every
field and deadline form in comments, and never overwrites a file unasked."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.cli.main import cli
from actionplan.cli.scaffold import scaffold_text
from actionplan.files import load_plan, loads_plan, read_plan
from actionplan.files.convert import deadline_from_data
from actionplan.files.schema import plan_schema


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="actionplan")


def test_the_scaffold_loads_and_validates(tmp_path: Path) -> None:
    """The file written loads with load_plan and passes validate without a warning."""
    path = tmp_path / "kh46.yaml"
    result = invoke("init", str(path), "--issued-on", "10/01/2025")
    assert result.exit_code == 0, result.output
    assert read_plan(path).warnings == ()
    plan = load_plan(path)
    assert (plan.id, plan.issued_on) == ("kh46", dt.date(2025, 1, 10))
    assert [t.id for t in plan.tasks] == ["t1", "t2", "t3", "t4"]
    checked = invoke("validate", str(path))
    assert (checked.exit_code, checked.stdout) == (0, f"{path}: ok\n")


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_toml_and_json_get_the_same_plan(tmp_path: Path, suffix: str) -> None:
    """A .toml or .json path gets the plan the YAML scaffold holds, without comments."""
    args = ("--issued-on", "2025-01-10", "--number", "46-KH/ĐU")
    assert invoke("init", str(tmp_path / "a.yaml"), *args).exit_code == 0
    assert invoke("init", str(tmp_path / f"a{suffix}"), *args).exit_code == 0
    assert load_plan(tmp_path / f"a{suffix}") == load_plan(tmp_path / "a.yaml")


def test_options_fill_the_plan(tmp_path: Path) -> None:
    """--title, --number and --issued-on go into the plan; the id comes from the number
    and the year; a title YAML would misread is quoted."""
    path = tmp_path / "plan.yaml"
    title = 'Thực hiện Chỉ thị 35-CT/TW: "đại hội" # 2025'
    result = invoke(
        "init", str(path), "--title", title, "--number", "Số 46-kh/đu", "--issued-on", "10/1/2025"
    )
    assert result.exit_code == 0, result.output
    plan = load_plan(path)
    assert plan.id == "kh-46-2025"
    assert plan.title == title
    assert plan.document is not None
    assert str(plan.document.ref) == "46-KH/ĐU"
    assert plan.tasks[1].deadline.text == "Quý II/2025"


def test_plan_id_option(tmp_path: Path) -> None:
    """--plan-id sets the id; without it and without a number, the file name gives it."""
    assert invoke("init", str(tmp_path / "Kế hoạch 46.yaml"), "--issued-on", "2025-01-10")
    assert load_plan(tmp_path / "Kế hoạch 46.yaml").id == "ke-hoach-46"
    path = tmp_path / "b.yaml"
    assert invoke("init", str(path), "--plan-id", "kh46-2025").exit_code == 0
    assert load_plan(path).id == "kh46-2025"


def test_the_default_path_and_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PATH the file is plan.yaml; without --issued-on the plan is dated today."""
    monkeypatch.chdir(tmp_path)
    result = invoke("init")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote plan.yaml: plan 'plan' with 2 units")
    issued = load_plan(tmp_path / "plan.yaml").issued_on
    assert issued is not None
    assert abs((issued - dt.date.today()).days) <= 1


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    """An existing file is left alone (exit 2, one line); --force overwrites it."""
    path = tmp_path / "plan.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = invoke("init", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"actionplan: error: {path}: the file exists; use --force to overwrite it\n"
    )
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert invoke("init", str(path), "--force").exit_code == 0
    assert load_plan(path).tasks


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--title", "  "), "Invalid value for '--title': the title is empty"),
        (("--number", "foo"), "Invalid value for '--number': in 'foo'"),
        (("--issued-on", "2025-13-01"), "Invalid value for '--issued-on'"),
    ],
)
def test_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    """A bad option exits 2 with one line naming it, and writes nothing."""
    path = tmp_path / "plan.yaml"
    result = invoke("init", str(path), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not path.exists()


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """A path in a folder that does not exist: exit 2, one line naming both."""
    path = tmp_path / "no" / "plan.yaml"
    result = invoke("init", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"actionplan: error: {path}: the folder {path.parent} does not exist; create it first\n"
    )


def test_an_unknown_suffix_is_refused(tmp_path: Path) -> None:
    """A path that is not .yaml, .yml, .toml or .json: exit 2, nothing written."""
    result = invoke("init", str(tmp_path / "plan.txt"))
    assert result.exit_code == 2
    assert "'.txt'" in result.stderr
    assert not (tmp_path / "plan.txt").exists()


def test_json_report(tmp_path: Path) -> None:
    """--format json reports the file written and what the plan holds."""
    path = tmp_path / "plan.yaml"
    result = invoke("init", str(path), "--issued-on", "2025-01-10", "--format", "json")
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout) == {
        "schema": "actionplan.init/1",
        "file": str(path),
        "format": "yaml",
        "plan": "plan",
        "units": 2,
        "sections": 1,
        "targets": 1,
        "tasks": 4,
    }


# -- the comments --------------------------------------------------------------------------

TEXT = scaffold_text(plan_id="kh46", title="Kế hoạch", issued_on=dt.date(2025, 1, 10))


def _commented_keys(section: str) -> set[str]:
    """The keys written or shown in a comment under a top-level section."""
    block = TEXT.split(f"\n{section}:", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"^\s+(?:#\s+)?(?:- )?([a-z_]+):", block, re.MULTILINE))


@pytest.mark.parametrize(
    ("section", "definition"),
    [
        ("plan", "plan"),
        ("plan", "policy"),
        ("plan", "document"),
        ("plan", "calendarChange"),
        ("units", "unit"),
        ("sections", "section"),
        ("targets", "target"),
        ("targets", "targetReport"),
        ("tasks", "task"),
        ("tasks", "update"),
        ("tasks", "extension"),
    ],
)
def test_every_field_is_shown(section: str, definition: str) -> None:
    """Every key the plan schema allows appears in the scaffold, as a value or in a
    comment, in the section it belongs to."""
    keys = set(plan_schema()["$defs"][definition]["properties"])
    assert keys <= _commented_keys(section)


def _phrases() -> list[str]:
    """The phrases the comment block lists, one per example."""
    block = TEXT.split("Every form, with an example:", 1)[1].split("# or as a mapping", 1)[0]
    found: list[str] = []
    for line in block.splitlines():
        text = line.strip().lstrip("#").strip()
        if ":" in text:
            text = text.split(":", 1)[1]
        found += [p.strip() for p in text.split(",") if p.strip()]
    return found


def _mappings() -> list[str]:
    block = TEXT.split("# or as a mapping", 1)[1].split("- id: t1", 1)[0]
    return re.findall(r"^\s+#\s+(\{.*?\})", block, re.MULTILINE)


def test_every_phrase_in_the_comments_is_read() -> None:
    """Each deadline phrase the comments show is one the plan files read (a phrase
    they cannot read raises)."""
    plan = loads_plan(TEXT)
    phrases = _phrases()
    assert len(phrases) >= 25
    for phrase in phrases:
        assert deadline_from_data(phrase, plan=plan).text in (phrase, None)


def test_every_mapping_in_the_comments_is_read() -> None:
    """Each deadline mapping the comments show is one the plan files read, and every
    kind of deadline is shown."""
    plan = loads_plan(TEXT)
    mappings = [yaml.safe_load(m) for m in _mappings()]
    kinds = {type(deadline_from_data(m, plan=plan)).__name__ for m in mappings}
    assert kinds == {
        "FixedDeadline",
        "PeriodEndDeadline",
        "RelativeDeadline",
        "RecurringDeadline",
        "OngoingDeadline",
        "UndatedDeadline",
        "EventDeadline",
    }


_TITLES = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1
).map(lambda s: unicodedata.normalize("NFC", " ".join(s.split())))


@settings(max_examples=100, deadline=None)
@given(title=_TITLES.filter(bool))
def test_any_title_is_written_so_that_it_reads_back(title: str) -> None:
    """Whatever the title (quotes, colons, '#', numbers, 'yes'), the scaffold reads
    back with exactly that title."""
    text = scaffold_text(plan_id="kh", title=title, issued_on=dt.date(2025, 1, 10))
    assert loads_plan(text).title == title
