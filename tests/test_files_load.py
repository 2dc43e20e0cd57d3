"""Reading and writing plan files: formats, round trips, located errors, hostile input."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actionplan.files as F
from actionplan.errors import (
    ActionPlanError,
    PlanContentError,
    PlanFileError,
    PlanSyntaxError,
    Severity,
)
from actionplan.files import _yaml
from actionplan.files.convert import read_data
from actionplan.model import ActionPlan, ProgressUpdate, Task, Unit
from strategies import plans

REFERENCE = Path(__file__).resolve().parent.parent / "examples" / "reference" / "plan.yaml"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SMALL = """\
plan:
  id: kh45
  title: Kế hoạch 45
  issued_on: 2024-08-06
units:
  - {id: cb1, name: Chi bộ 1}
  - {id: cb2, name: Chi bộ 2}
tasks:
  - id: t1
    title: Tuyên truyền
    lead: cb1
    deadline: Quý III/2024
"""


# --------------------------------------------------------------------------------------
# Round trips


@SETTINGS
@given(plans())
@pytest.mark.parametrize("fmt", F.FORMATS)
def test_dump_then_load_is_identity(fmt: F.load.Format, plan: ActionPlan) -> None:
    """Any coherent plan, written in any format, reads back as the same plan."""
    assert F.loads_plan(F.dumps_plan(plan, fmt), fmt) == plan


@pytest.mark.parametrize("fmt", F.FORMATS)
def test_reference_plan_round_trips(fmt: F.load.Format, tmp_path: Path) -> None:
    """load∘dump∘load of the reference plan is the loaded plan, in every format, and
    the written file is the same when written twice."""
    plan = F.load_plan(REFERENCE)
    target = tmp_path / f"plan.{fmt}"
    F.dump_plan(plan, target)
    assert F.load_plan(target) == plan
    first = target.read_bytes()
    F.dump_plan(F.load_plan(target), target)
    assert target.read_bytes() == first


@SETTINGS
@given(plans())
def test_fast_and_round_trip_yaml_readers_agree(plan: ActionPlan) -> None:
    """The fast reader (PyYAML's C loader) and the editing reader (ruamel) give the
    same data, hence the same plan."""
    text = F.dumps_plan(plan)
    fast, _ = _yaml.load_fast(text)
    slow = _yaml.load_roundtrip(text)
    assert read_data(fast)[0] == read_data(slow)[0] == plan


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("yes", "yes"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("~", None),
        ("null", None),
        ("010", 10),
        ("0o17", 15),
        ("0x1F", 31),
        ("1_000", 1000),
        ("1e3", 1000.0),
        ("1:20", "1:20"),
        ("2024-08-06", dt.date(2024, 8, 6)),
        ("2024-8-6", "2024-8-6"),
        ("2024-02-31", "2024-02-31"),
        ("True", True),
        ("'12'", "12"),
    ],
)
def test_yaml_scalars_read_by_yaml_12_rules(scalar: str, value: object) -> None:
    """Both YAML readers read scalars by the YAML 1.2 core rules (``yes`` is text,
    ``010`` is ten), and an impossible date stays text for the converter to report."""
    text = f"k: {scalar}\n"
    fast, _ = _yaml.load_fast(text)
    slow = _yaml.load_roundtrip(text)
    assert fast["k"] == value
    assert slow["k"] == value
    assert type(fast["k"]) is type(value) or isinstance(fast["k"], type(value))


def test_dates_in_every_format(tmp_path: Path) -> None:
    """Dates are native in YAML and TOML, ISO strings in JSON; day-first strings are
    read too."""
    yaml_text = "plan: {id: a, title: A, issued_on: 06/8/2024}\n"
    toml_text = '[plan]\nid = "a"\ntitle = "A"\nissued_on = 2024-08-06\n'
    json_text = '{"plan": {"id": "a", "title": "A", "issued_on": "2024-08-06"}}'
    for text, fmt in ((yaml_text, "yaml"), (toml_text, "toml"), (json_text, "json")):
        assert F.loads_plan(text, fmt).issued_on == dt.date(2024, 8, 6)
    assert "issued_on = 2024-08-06" in F.dumps_plan(F.loads_plan(yaml_text), "toml")
    assert '"issued_on": "2024-08-06"' in F.dumps_plan(F.loads_plan(yaml_text), "json")
    assert "issued_on: 2024-08-06\n" in F.dumps_plan(F.loads_plan(toml_text, "toml"))


def test_yaml_output_is_readable() -> None:
    """YAML is written in block style, Vietnamese unescaped, dates unquoted, short lists
    in flow style, keys in the schema's order."""
    plan = F.loads_plan(SMALL)
    plan = plan.__class__(
        plan.id,
        plan.title,
        document=plan.document,
        units=plan.units,
        tasks=[
            Task(
                "t1",
                "Tuyên truyền",
                lead="cb1",
                coordinating=["cb2"],
                note="dòng 1\ndòng 2",
                updates=[ProgressUpdate(dt.date(2024, 9, 1), "in_progress", 50)],
            )
        ],
    )
    text = F.dumps_plan(plan)
    assert "title: Tuyên truyền\n" in text
    assert "issued_on: 2024-08-06\n" in text
    assert "coordinating: [cb2]\n" in text
    assert "    note: |-\n      dòng 1\n      dòng 2\n" in text
    assert "\n      - date: 2024-09-01\n        state: in_progress\n        percent: 50\n" in text
    assert text.index("lead:") < text.index("coordinating:") < text.index("updates:")


@pytest.mark.parametrize("text", [":\n\n", "a\n\n\n", "a\nb\n\n", "a\n"])
def test_trailing_line_breaks_survive_yaml(text: str) -> None:
    """A text ending in line breaks (written as a ``|+`` block) reads back exactly,
    both before the next top-level key (the objective) and at the end of the file
    (the last task's note): the blank line written before each top-level key and the
    document end ``...`` are not taken into it."""
    plan = ActionPlan("kh", "KH", objective=text, tasks=[Task("t1", "Tuyên truyền", note=text)])
    written = F.dumps_plan(plan)
    assert F.loads_plan(written) == plan
    assert F.loads_document(written).plan == plan


# --------------------------------------------------------------------------------------
# Warnings, errors, their places


def test_read_plan_returns_warnings(tmp_path: Path) -> None:
    """read_plan returns warnings with their place; load_plan only the plan."""
    path = tmp_path / "kh45.yaml"
    path.write_text(SMALL.replace("Quý III/2024", "Quý I/2024"), encoding="utf-8")
    result = F.read_plan(path)
    assert result.format == "yaml"
    assert [(w.severity, w.line, w.path) for w in result.warnings] == [
        (Severity.WARNING, 12, "tasks[0].deadline")
    ]
    assert F.load_plan(path) == result.plan


def test_content_errors_are_placed_in_yaml() -> None:
    """An unknown key is placed on the key, a wrong value on the value, a missing key on
    its mapping; the problems come in file order."""
    text = SMALL.replace("    lead: cb1\n", "    lead: cb4\n    dealine: x\n") + (
        "  - id: t2\n    priority: urgent\n"
    )
    with pytest.raises(PlanContentError) as info:
        F.loads_plan(text, source="kh45.yaml")
    places = [(p.line, p.column, p.path) for p in info.value.problems]
    assert places == [
        (11, 11, "tasks[0].lead"),
        (12, 5, "tasks[0].dealine"),
        (14, 5, "tasks[1].title"),
        (15, 15, "tasks[1].priority"),
    ]
    assert str(info.value).startswith("4 problems:\n  kh45.yaml:11:11: error: tasks[0].lead:")


def test_content_errors_are_placed_in_json() -> None:
    """JSON problems are placed by a scan of the text."""
    text = (
        '{\n  "plan": {"id": "kh", "title": "KH"},\n  "tasks": [\n'
        '    {"id": "t1",\n     "title": 5}\n  ]\n}\n'
    )
    with pytest.raises(PlanContentError) as info:
        F.loads_plan(text, "json", source="kh.json")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.path) == (5, 15, "tasks[0].title")


def test_content_errors_are_placed_in_toml() -> None:
    """TOML problems are placed on their key's line (best effort)."""
    text = (
        '[plan]\nid = "kh"\ntitle = "KH"\n\n'
        '[[tasks]]\nid = "t1"\ntitle = "A"\n\n'
        '[[tasks]]\nid = "t2"\ntitle = 3\n'
    )
    with pytest.raises(PlanContentError) as info:
        F.loads_plan(text, "toml", source="kh.toml")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (11, "tasks[1].title")


# --------------------------------------------------------------------------------------
# Hostile or broken input: a located ActionPlanError, never a crash

Content = bytes | Callable[[], bytes]

HOSTILE: list[tuple[str, str, Content, type[ActionPlanError], int | None, str]] = [
    # (case, suffix, content, error, line, message fragment)
    ("empty YAML", "yaml", b"", PlanContentError, 1, "the file is empty"),
    ("only comments", "yaml", b"# nothing yet\n", PlanContentError, 1, "the file is empty"),
    ("empty JSON", "json", b"", PlanSyntaxError, 1, "malformed JSON"),
    ("empty TOML", "toml", b"", PlanContentError, 1, "required key is missing"),
    (
        "binary garbage",
        "yaml",
        b"plan:\n  id: \xff\xfe\x00\x81",
        PlanSyntaxError,
        2,
        "not valid UTF-8",
    ),
    ("a NUL character", "yaml", b"plan: {id: a\x00}\n", PlanSyntaxError, 1, "does not allow"),
    ("UTF-16", "yaml", "plan: {}\n".encode("utf-16"), PlanSyntaxError, 1, "UTF-16"),
    (
        "10,000 nested lists (YAML)",
        "yaml",
        lambda: b"[" * 10_000 + b"]" * 10_000,
        PlanSyntaxError,
        1,
        "nesting depth",
    ),
    (
        "100 nested mappings (YAML)",
        "yaml",
        lambda: "".join(" " * i + "a:\n" for i in range(100)).encode(),
        PlanSyntaxError,
        64,
        "nested more than 64 levels",
    ),
    (
        "10,000 nested lists (JSON)",
        "json",
        lambda: b"[" * 10_000 + b"]" * 10_000,
        PlanSyntaxError,
        1,
        "nested too deeply",
    ),
    (
        "10,000 nested arrays (TOML)",
        "toml",
        lambda: b"a = " + b"[" * 10_000 + b"]" * 10_000,
        PlanSyntaxError,
        1,
        "nested too deeply",
    ),
    (
        "billion laughs",
        "yaml",
        b"a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n",
        PlanSyntaxError,
        2,
        "aliases are not allowed",
    ),
    (
        "!!python/object",
        "yaml",
        b'plan: !!python/object/apply:os.system ["echo owned"]\n',
        PlanSyntaxError,
        1,
        "python/object/apply:os.system' is not allowed",
    ),
    (
        "a custom tag",
        "yaml",
        b"plan:\n  id: !foo bar\n",
        PlanSyntaxError,
        2,
        "'!foo' is not allowed",
    ),
    (
        "!!binary",
        "yaml",
        b"plan: !!binary aGVsbG8=\n",
        PlanSyntaxError,
        1,
        "binary' is not allowed",
    ),
    (
        "a merge key",
        "yaml",
        b"base: &b {id: a}\nplan:\n  <<: *b\n",
        PlanSyntaxError,
        3,
        "merge keys",
    ),
    (
        "duplicate keys (YAML)",
        "yaml",
        b"plan:\n  id: a\n  id: b\n",
        PlanSyntaxError,
        3,
        "duplicate key 'id' (first given at line 2)",
    ),
    (
        "duplicate keys (JSON)",
        "json",
        b'{"plan": {"id": "a",\n  "id": "b"}}',
        PlanSyntaxError,
        2,
        "duplicate key 'id'",
    ),
    (
        "duplicate keys (TOML)",
        "toml",
        b'[plan]\nid = "a"\nid = "b"\n',
        PlanSyntaxError,
        3,
        "malformed TOML",
    ),
    ("a complex key", "yaml", b"? [a, b]\n: 1\n", PlanSyntaxError, 1, "a key must be a plain name"),
    ("two documents", "yaml", b"plan: {}\n---\nplan: {}\n", PlanSyntaxError, 2, "single document"),
    ("tab indentation", "yaml", b"plan:\n\tid: a\n", PlanSyntaxError, 2, "malformed YAML"),
    ("unclosed flow list", "yaml", b"plan:\n  id: [a, b\n", PlanSyntaxError, 3, "malformed YAML"),
    ("NaN in JSON", "json", b'{"plan": {"id": "a",\n "title": NaN}}', PlanSyntaxError, 2, "NaN"),
    (
        "a 5,000-digit number",
        "yaml",
        lambda: b"plan: {id: a, title: " + b"9" * 5000 + b"}\n",
        PlanSyntaxError,
        1,
        "cannot read the number",
    ),
    (
        "a 5,000-digit number (TOML)",
        "toml",
        lambda: b"a = " + b"9" * 5000,
        PlanSyntaxError,
        1,
        "too long",
    ),
    (
        "a list at the top (JSON)",
        "json",
        b"[1, 2]",
        PlanContentError,
        1,
        "a plan file holds a mapping",
    ),
    (
        "a scalar at the top (YAML)",
        "yaml",
        b"just text\n",
        PlanContentError,
        1,
        "a plan file holds a mapping",
    ),
    ("a bad TOML line", "toml", b'[plan]\nid = "a\n', PlanSyntaxError, 2, "malformed TOML"),
    ("a bad JSON comma", "json", b'{"plan": {"id": "a",}}', PlanSyntaxError, 1, "malformed JSON"),
]


@pytest.mark.parametrize(
    ("suffix", "content", "error", "line", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in HOSTILE],
)
def test_hostile_input(
    tmp_path: Path,
    suffix: str,
    content: Content,
    error: type[ActionPlanError],
    line: int | None,
    fragment: str,
) -> None:
    """Broken or hostile files raise the right error, naming the file and the line."""
    path = tmp_path / f"kế-hoạch.{suffix}"
    path.write_bytes(content() if callable(content) else content)
    with pytest.raises(error) as info:
        F.load_plan(path)
    message = str(info.value)
    assert fragment in message
    assert f"{path}:{line}:" in message, message


@pytest.mark.parametrize("fmt", F.FORMATS)
def test_bom_and_crlf_are_read(fmt: F.load.Format) -> None:
    """A UTF-8 byte-order mark and Windows line ends are accepted in every format."""
    plan = F.loads_plan(SMALL)
    text = F.dumps_plan(plan, fmt).replace("\n", "\r\n")
    assert F.loads_plan(codecs.BOM_UTF8 + text.encode("utf-8"), fmt) == plan
    assert F.loads_plan("\ufeff" + text, fmt) == plan


def test_a_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    """A 50 MB file is refused with a clear error, quickly and without reading it all."""
    path = tmp_path / "huge.yaml"
    task = b"  - {id: t, title: Tuy\xc3\xaan truy\xe1\xbb\x81n, deadline: Qu\xc3\xbd III/2024}\n"
    with path.open("wb") as stream:
        stream.write(b"plan: {id: a, title: A}\ntasks:\n")
        block = task * 10_000
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(block)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(PlanFileError) as info:
            F.load_plan(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 10
    assert peak < 2 * F.MAX_BYTES
    assert "larger than 16,777,216 bytes" in str(info.value)
    assert str(path) in str(info.value)


def test_a_large_plan_reads() -> None:
    """A plan of 2,000 tasks reads in JSON and YAML (timings: benchmarks/, not tests)."""
    units = [Unit(f"cb{i}", f"Chi bộ {i}") for i in range(10)]
    tasks = [
        Task(f"t{i}", f"Nhiệm vụ {i}", lead=f"cb{i % 10}", coordinating=[f"cb{(i + 1) % 10}"])
        for i in range(2000)
    ]
    text = F.dumps_plan(ActionPlan("kh", "KH", units=units, tasks=tasks), "json")
    yaml_text = "\n".join(
        ["plan: {id: kh, title: KH}", "units:"]
        + [f"  - {{id: cb{i}, name: Chi bộ {i}}}" for i in range(10)]
        + ["tasks:"]
        + [
            f"  - {{id: t{i}, title: Nhiệm vụ {i}, lead: cb{i % 10}, "
            f"coordinating: [cb{(i + 1) % 10}], deadline: Quý III/2024}}"
            for i in range(2000)
        ]
    )
    assert len(F.loads_plan(text, "json").tasks) == 2000
    assert len(F.loads_plan(yaml_text).tasks) == 2000


def test_unknown_suffix_and_format() -> None:
    """A file name with no known suffix, or an unknown format, is refused clearly."""
    with pytest.raises(PlanFileError, match=r"suffix '\.txt'"):
        F.load_plan("plan.txt")
    with pytest.raises(PlanFileError, match="unknown plan-file format 'xml'"):
        F.loads_plan("", "xml")  # type: ignore[arg-type]
    assert F.format_of("Plan.YML") == "yaml"


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    """A file that does not exist raises FileNotFoundError, as open() does."""
    with pytest.raises(FileNotFoundError):
        F.load_plan(tmp_path / "absent.yaml")


def test_dump_plan_is_atomic_and_keeps_no_temp_files(tmp_path: Path) -> None:
    """dump_plan replaces the file in one step and leaves nothing beside it."""
    plan = F.loads_plan(SMALL)
    for fmt in F.FORMATS:
        F.dump_plan(plan, tmp_path / f"kh45.{fmt}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kh45.json", "kh45.toml", "kh45.yaml"]


_TOKENS = (
    "plan:", "tasks:", "\n", "  ", "- ", ": ", "id: t1", "title: A", "!!str ", "!!int ",
    "!!float ", "!!timestamp ", "!!binary ", "!foo ", "!!python/object:os.system ", "&a ",
    "*a", "<<: ", "[", "]", "{", "}", ",", "? ", "|", ">", "'", '"', "#", "%YAML 1.1\n",
    "---\n", "...\n", "\t", "2024-02-31", "1e3", "yes", "~", "deadline: ", "\ufeff", "\r\n",
    "\x00", "\x85", "=",
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS) | st.text(max_size=4), max_size=30).map("".join))
def test_no_text_crashes_the_readers(text: str) -> None:
    """Whatever text is given, every reader answers with a plan or an ActionPlanError."""
    raw = text.encode("utf-8", "surrogatepass")
    for read in (
        lambda: F.loads_plan(raw),
        lambda: F.loads_document(raw),
        lambda: F.loads_plan(raw, "toml"),
        lambda: F.loads_plan(raw, "json"),
    ):
        with contextlib.suppress(ActionPlanError):
            read()
