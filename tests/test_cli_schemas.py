"""What the commands print with ``--format json`` follows the JSON Schemas shipped in
actionplan/cli/schemas/, and the schemas name every key the commands print."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from referencing import Registry, Resource

from actionplan.cli.main import cli
from actionplan.cli.schemas import BASE_URI, OUTPUTS, SCHEMA_IDS, output_schema, schema_id
from actionplan.errors import ReportError
from actionplan.importers import RowOutcome
from actionplan.model import ProgressState
from actionplan.refs import DocumentKind
from actionplan.status import SCHEMA, OverdueAge, TaskStatus
from actionplan.workdays import DayType
from conftest_radicale import RadicaleServer

EXAMPLES = Path(__file__).parent.parent / "examples" / "reference"
REFERENCE = EXAMPLES / "plan.yaml"


def _closed(schema: Any) -> Any:
    """``schema`` with ``additionalProperties: false`` on every object that names its
    properties and says nothing of others: the shipped schemas let tools meet new
    keys, but here every key printed must be one the schema describes. An ``if`` is a
    test, not a shape: it stays as written."""
    if isinstance(schema, dict):
        out = {key: value if key == "if" else _closed(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


def _registry() -> Registry:
    resources = [
        (BASE_URI + f"{name}.json", Resource.from_contents(_closed(output_schema(name))))
        for name in OUTPUTS
    ]
    return Registry().with_resources(resources)


REGISTRY = _registry()


def check(name: str, data: Any) -> None:
    """Validate ``data`` against the (closed) schema of output ``name``, whose first key
    must be its ``schema``."""
    assert next(iter(data)) == "schema", list(data)
    schema = _closed(output_schema(name))
    validator = jsonschema.Draft202012Validator(
        schema, registry=REGISTRY, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def run_json(*args: str, code: int = 0) -> Any:
    """Run the command line and read what it printed as JSON."""
    result = CliRunner().invoke(cli, list(args), prog_name="actionplan")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(REFERENCE, path)
    return path


def test_every_output_names_its_schema_first() -> None:
    """Each schema requires a ``schema`` key, first, holding the output's id from
    SCHEMA_IDS: ``actionplan.<name>/<version>``; status's is the library's SCHEMA."""
    assert sorted(SCHEMA_IDS) == sorted(OUTPUTS)
    for name in OUTPUTS:
        schema = output_schema(name)
        assert schema["type"] == "object"
        assert schema["required"][0] == "schema"
        assert next(iter(schema["properties"])) == "schema"
        assert schema["properties"]["schema"] == {"const": SCHEMA_IDS[name]}
        assert schema_id(name) == SCHEMA_IDS[name]
        assert SCHEMA_IDS[name].startswith(f"actionplan.{name}/")
        assert SCHEMA_IDS[name] in schema["title"]
    assert SCHEMA_IDS["status"] == SCHEMA


@pytest.mark.parametrize("lookup", [output_schema, schema_id])
def test_an_unknown_output_lists_the_known_ones(lookup: Any) -> None:
    """An output without a schema raises ReportError (a ValueError) listing those with
    one."""
    with pytest.raises(ReportError, match="no JSON Schema for the output 'nothing'") as caught:
        lookup("nothing")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).endswith("the outputs with one are: " + ", ".join(OUTPUTS))


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    """Each shipped file is a valid JSON Schema with its own $id, and the outputs
    listed are exactly the files shipped."""
    folder = Path(output_schema.__code__.co_filename).parent
    assert sorted(p.stem for p in folder.glob("*.json")) == sorted(OUTPUTS)
    for name in OUTPUTS:
        schema = output_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == f"{BASE_URI}{name}.json"


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "2024-12-31"),
        ("--as-of", "2024-09-30", "--period", "2024-Q3", "--language", "en"),
        ("--as-of", "2024-12-31", "--unit", "btv"),
    ],
)
def test_status(plan: Path, args: tuple[str, ...]) -> None:
    """status --format json follows status.json (actionplan.status/1)."""
    check("status", run_json("status", str(plan), *args, "--format", "json"))


def test_report_as_json(plan: Path) -> None:
    """report --format json prints the same shape as status."""
    data = run_json("report", str(plan), "--as-of", "2024-12-31", "--format", "json")
    check("status", data)


@pytest.mark.parametrize("unit", [(), ("--unit", "vp-dang-uy")])
def test_review_as_json(plan: Path, unit: tuple[str, ...]) -> None:
    """report --period --format json adds the review's key, which status.json names."""
    data = run_json(
        "report", str(plan), "--as-of", "2024-12-31", "--period", "2024-H2", *unit,
        "--format", "json",
    )  # fmt: skip
    assert data["review"]["period"] == "2024-H2"
    check("status", data)


@pytest.mark.parametrize("within", [None, "10"])
def test_due(plan: Path, within: str | None) -> None:
    """due --format json follows due.json, whose rows are status.json's."""
    extra = ("--within", within) if within else ()
    data = run_json("due", str(plan), "--as-of", "2024-12-16", *extra, "--format", "json")
    assert data["tasks"]
    check("due", data)


def test_validate(plan: Path, tmp_path: Path) -> None:
    """validate --format json follows validate.json, for a good and a broken plan."""
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "plan: {id: kh, title: K}\ntasks:\n  - {id: t1, title: T, lead: x, deadline: 31/02/2024}\n",
        encoding="utf-8",
    )
    data = run_json("validate", str(plan), str(broken), "--format", "json", code=1)
    assert [f["ok"] for f in data["files"]] == [True, False]
    check("validate", data)


@pytest.mark.parametrize("table", ["ke-hoach-45.docx", "assignment-table.xlsx"])
def test_import(tmp_path: Path, table: str) -> None:
    """import --format json follows import.json."""
    out = tmp_path / "plan.yaml"
    data = run_json("import", str(EXAMPLES / table), "-o", str(out), "--format", "json")
    check("import", data)


@pytest.mark.parametrize(
    "args",
    [
        ("Quý III/2024",),
        ("hằng quý", "--year", "2025"),
        ("trong thời hạn 30 ngày kể từ ngày ký", "--issued-on", "06/8/2024"),
        ("thường xuyên",),
        ("theo yêu cầu",),
        ("trước Tết Nguyên đán 2025",),
    ],
)
def test_deadline(args: tuple[str, ...]) -> None:
    """deadline --format json follows deadline.json, for every kind."""
    check("deadline", run_json("deadline", *args, "--format", "json"))


@pytest.mark.parametrize("text", ["Số 45-KH/ĐU", "30/2020/NĐ-CP", "2450/VPCP-KGVX"])
def test_ref(text: str) -> None:
    """ref --format json follows ref.json."""
    check("ref", run_json("ref", text, "--format", "json"))


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("workdays-add", ("add", "25/4/2024", "10")),
        ("workdays-add", ("add", "25/4/2024", "-3")),
        ("workdays-check", ("check", "2024-05-04")),
        ("workdays-check", ("check", "2024-05-06")),
        ("workdays-check", ("check", "2024-05-05", "--language", "en")),
        ("workdays-list", ("list", "2026", "--day-off", "2026-09-03")),
    ],
)
def test_workdays(name: str, args: tuple[str, ...]) -> None:
    """workdays add, check and list --format json follow their schemas."""
    check(name, run_json("workdays", *args, "--format", "json"))


def test_update_and_extend(plan: Path) -> None:
    """update and extend --format json follow update.json and extend.json."""
    data = run_json(
        "update", str(plan), "t9", "--state", "in_progress", "--percent", "30",
        "--note", "Đang làm", "--by", "btv", "--on", "2024-12-02", "--format", "json",
    )  # fmt: skip
    check("update", data)
    for to in ("Quý I/2025", "thường xuyên"):
        data = run_json(
            "extend", str(plan), "t8", "--to", to, "--by", "112-CV/ĐU",
            "--reason", "Chờ hướng dẫn", "--on", "2024-12-03", "--format", "json",
        )  # fmt: skip
        check("extend", data)


@pytest.mark.parametrize("target", ["-o", "--feeds", "--vdir"])
def test_ics(plan: Path, tmp_path: Path, target: str) -> None:
    """ics --format json reports what was written, following ics.json."""
    where = tmp_path / ("out.ics" if target == "-o" else "out")
    data = run_json(
        "ics", str(plan), target, str(where), "--as-of", "2024-09-30", "--format", "json"
    )
    check("ics", data)
    assert all(Path(f["path"]).is_file() for f in data["files"])
    assert data["objects"] == 17


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_report_summary(plan: Path, tmp_path: Path, suffix: str) -> None:
    """report -o FILE --summary json reports the file written, following report.json."""
    out = tmp_path / f"report{suffix}"
    data = run_json("report", str(plan), "-o", str(out), "--period", "2024-H2", "--summary", "json")
    check("report", data)
    assert data["bytes"] == out.stat().st_size


def test_init(tmp_path: Path) -> None:
    """init --format json follows init.json."""
    check("init", run_json("init", str(tmp_path / "kh.yaml"), "--format", "json"))


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch, radicale_server: RadicaleServer) -> str:
    """The name of the variable holding the test server's password."""
    monkeypatch.setenv("AP_SCHEMA_TEST_PASSWORD", radicale_server.password)
    return "AP_SCHEMA_TEST_PASSWORD"


def test_sync(plan: Path, radicale_server: RadicaleServer, password: str) -> None:
    """sync --format json follows sync.json (against a real CalDAV server)."""
    args = [
        "sync", str(plan), "--url", radicale_server.url, "--user", radicale_server.username,
        "--password-env", password, "--calendar", "schema-check", "--as-of", "2024-09-30",
        "--format", "json",
    ]  # fmt: skip
    first = run_json(*args, "--create")
    assert first["created"]
    check("sync", first)
    check("sync", run_json(*args))


# -- the schemas keep up with the code -----------------------------------------------------


@pytest.mark.parametrize(
    ("values", "name", "path"),
    [
        ([s.value for s in TaskStatus], "status", ("$defs", "row", "properties", "status")),
        ([s.value for s in TaskStatus], "status", ("$defs", "totals", "required")),
        ([a.value for a in OverdueAge], "status", ("$defs", "overdue_ages", "required")),
        ([d.value for d in DayType], "workdays-check", ("properties", "type")),
        (
            [o.value for o in RowOutcome], "import",
            ("properties", "rows", "items", "properties", "outcome"),
        ),
        ([k.value for k in DocumentKind], "ref", ("properties", "document_kind")),
        (
            [s.value for s in ProgressState], "update",
            ("properties", "update", "properties", "state"),
        ),
    ],
)  # fmt: skip
def test_enumerations_match_the_code(values: list[str], name: str, path: tuple[str, ...]) -> None:
    """Each list of values a schema allows is the library's own list."""
    node: Any = output_schema(name)
    for key in path:
        node = node[key]
    listed = node["enum"] if isinstance(node, dict) else node
    assert sorted(listed) == sorted(values)


def test_a_key_the_schema_does_not_name_fails_the_check() -> None:
    """The check finds a key that a schema does not describe, and a missing one."""
    data = run_json("ref", "45-KH/ĐU", "--format", "json")
    check("ref", data)
    with pytest.raises(AssertionError, match="'extra' was unexpected"):
        check("ref", {**data, "extra": 1})
    with pytest.raises(AssertionError, match="'year' is a required property"):
        check("ref", {k: v for k, v in data.items() if k != "year"})


def test_schemas_are_closed_only_in_the_tests() -> None:
    """The shipped schemas leave objects open (new keys may come within a version);
    only the tests close them."""
    status = output_schema("status")
    assert "additionalProperties" not in status
    assert _closed(copy.deepcopy(status))["additionalProperties"] is False
