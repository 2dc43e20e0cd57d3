#!/usr/bin/env python
"""Run every benchmark of actionplan and print one table of medians and ratios.

    python benchmarks/run.py                 # the full run: 1k, 10k and 100k tasks
    python benchmarks/run.py --quick         # a small run for CI (a minute or less)
    python benchmarks/run.py --sizes 1000,10000 --repeat 7 --only ics,load

Each figure is the median of ``--repeat`` runs; each ratio divides two medians
measured in the same run, the library's and its baseline's, their runs interleaved
(A B A B …) so that a busy machine slows both alike. Peak memory comes from
:mod:`tracemalloc`, in separate runs. Whole-process timings use ``hyperfine`` when it
is installed, else a loop of :func:`subprocess.run`. Budgets are printed beside the
ratios, never asserted: see ``benchmarks/README.md`` for what each one means.

The benchmarks (``--only``):

- ``ics``: :func:`actionplan.ical.to_ical_bytes` ÷ the same objects built with
  icalendar into one Calendar and serialised with ``to_ical()`` (time and memory);
- ``evaluate``: :func:`actionplan.evaluate` ÷ a bare loop classifying the same dates;
- ``load``: reading a YAML plan ÷ PyYAML's C loader on the same file; a JSON plan ÷
  ``json.loads`` and the converter;
- ``cli``: ``actionplan status --format json`` over one plan, whole process, ÷
  Taskwarrior's ``task export`` and todoman's ``todo --porcelain list`` over the
  same tasks;
- ``help``: ``actionplan --help`` ÷ ``python -c "import click"``;
- ``plans``: the status of many small plans, read cold and through the plan cache;
- ``memory``: peak memory per task of reading, evaluating and exporting a plan.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import workload  # noqa: E402
import yaml  # noqa: E402

from actionplan.files import load_plan  # noqa: E402
from actionplan.files.cache import PlanCache  # noqa: E402
from actionplan.files.convert import plan_from_data, plan_to_data  # noqa: E402
from actionplan.ical import to_calendar, to_ical_bytes  # noqa: E402
from actionplan.model import ActionPlan  # noqa: E402
from actionplan.status import evaluate, report_to_data  # noqa: E402

BENCHMARKS = ("ics", "evaluate", "load", "cli", "help", "plans", "memory")
AS_OF = workload.AS_OF


# --------------------------------------------------------------------------------------
# Results


@dataclass
class Row:
    """One line of the table: a figure of the library's, its baseline's and their ratio."""

    group: str
    name: str
    size: str
    ours: float | None
    base: float | None = None
    unit: str = "s"
    budget: float | None = None
    absolute: bool = False  # the budget bounds ``ours`` itself, not the ratio
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.base:
            return None
        return self.ours / self.base

    @property
    def met(self) -> str:
        if self.budget is None:
            return ""
        value = self.ours if self.absolute else self.ratio
        if value is None:
            return "n/a"
        return "yes" if value <= self.budget else "**no**"


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(_line(row), flush=True)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1e3:.1f} ms"
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "B/task":
        return f"{value:,.0f} B"
    return f"{value:.3g} {unit}"


def _budget(row: Row) -> str:
    if row.budget is None:
        return ""
    if row.absolute:
        return f"< {_fmt(row.budget, row.unit)}"
    return f"≤ {row.budget:g}"


HEADER = (
    "| benchmark | size | actionplan | baseline | ratio | budget | met | note |\n"
    "|---|---|--:|--:|--:|---|---|---|"
)


def _line(row: Row) -> str:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
    return (
        f"| {row.group}: {row.name} | {row.size} | {_fmt(row.ours, row.unit)} | "
        f"{_fmt(row.base, row.unit) if row.base is not None else ''} | {ratio} | "
        f"{_budget(row)} | {row.met} | {row.note} |"
    )


# --------------------------------------------------------------------------------------
# Measuring


_SAMPLE = 0.05
"""The shortest sample (seconds): a faster function is run several times per sample."""


def _per_call(fn: Callable[[], object], number: int) -> float:
    gc.collect()
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def _calls_per_sample(fn: Callable[[], object]) -> int:
    """How many calls make a sample of at least :data:`_SAMPLE` seconds (as timeit's
    autorange): one for anything slower, more for the microsecond-scale baselines,
    whose single runs a busy machine's noise would swamp."""
    number = 1
    while True:
        if _per_call(fn, number) * number >= _SAMPLE or number >= 1_000_000:
            return number
        number *= 10


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The median time of one call of ``fn``, over ``repeat`` samples."""
    number = _calls_per_sample(fn)
    return statistics.median(_per_call(fn, number) for _ in range(repeat))


def paired(
    ours: Callable[[], object],
    base: Callable[[], object],
    repeat: int,
    *,
    autorange: bool = True,
) -> tuple[float, float]:
    """The median times of one call of ``ours`` and of ``base``, their samples
    interleaved. Without ``autorange`` every sample is one call (for functions that
    take long anyway, sparing the calibration runs)."""
    n_ours = _calls_per_sample(ours) if autorange else 1
    n_base = _calls_per_sample(base) if autorange else 1
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):
        # Alternate which goes first, so neither always runs on a warmer cache.
        if i % 2 == 0:
            a.append(_per_call(ours, n_ours))
            b.append(_per_call(base, n_base))
        else:
            b.append(_per_call(base, n_base))
            a.append(_per_call(ours, n_ours))
    return statistics.median(a), statistics.median(b)


def peak_memory(fn: Callable[[], object]) -> float:
    """The peak of the memory ``fn`` allocates (MB), by tracemalloc."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return peak / 1e6


def retained_memory(fn: Callable[[], object]) -> tuple[float, float]:
    """The memory (bytes) that ``fn``'s result keeps, and the peak while making it."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = fn()
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return after - before, peak - before


def _hyperfine() -> str | None:
    return shutil.which("hyperfine")


def command_times(
    commands: dict[str, Sequence[str]],
    runs: int,
    env: dict[str, str],
    *,
    warmup: int = 1,
) -> dict[str, float]:
    """The median wall time of each command (whole process), by hyperfine if it is
    installed, else by a loop of :func:`subprocess.run`. Either way the commands take
    turns (hyperfine: half the runs in the order given, half in the reverse order),
    so that a busy machine slows each alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    hyperfine = _hyperfine()
    if hyperfine is not None:
        half = max(runs // 2, 2)
        for order in (list(commands), list(reversed(commands))):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "times.json"
                args = [hyperfine, "--style", "none", "--shell", "none"]
                args += ["--warmup", str(warmup), "--runs", str(half)]
                args += ["--export-json", str(out)]
                for name in order:
                    command = " ".join(_quote(c) for c in commands[name])
                    args += ["--command-name", name, command]
                # hyperfine's warnings (outliers on a busy machine) would break the table.
                subprocess.run(args, env=env, check=True, capture_output=True)
                for result in json.loads(out.read_text())["results"]:
                    times[result["command"]].extend(result["times"])
        return {name: statistics.median(values) for name, values in times.items()}
    for i in range(warmup + runs):
        for name, command in commands.items() if i % 2 == 0 else reversed(commands.items()):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
            if i >= warmup:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _quote(arg: str) -> str:
    # hyperfine --shell=none splits a command on spaces, with shell-like quoting.
    return f"'{arg}'" if " " in arg or not arg else arg


# --------------------------------------------------------------------------------------
# Workloads


def plan_of(size: int) -> ActionPlan:
    """The benchmark plan of ``size`` tasks (made once per run)."""
    plan = _PLANS.get(size)
    if plan is None:
        plan = _PLANS[size] = workload.make_plan(size)
    return plan


_PLANS: dict[int, ActionPlan] = {}


def write_yaml(plan: ActionPlan, path: Path) -> Path:
    """Write ``plan`` as a YAML plan file, quickly (PyYAML's C emitter: the library's
    own writer keeps comments and layout, and takes minutes for 100k tasks)."""
    text = yaml.dump(
        plan_to_data(plan),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    path.write_text(text, encoding="utf-8")
    return path


def write_json(plan: ActionPlan, path: Path) -> Path:
    from actionplan.files import dumps_plan

    path.write_text(dumps_plan(plan, "json"), encoding="utf-8")
    return path


def read(path: Path) -> ActionPlan:
    """Read a plan file, whatever its size (100k tasks make a file over the 16 MiB a
    plan file may have by default)."""
    return load_plan(path, max_bytes=1 << 30)


def _repeat_for(size: int, repeat: int) -> int:
    # Keep the largest runs to a few minutes: at least 3 runs, fewer for 100k.
    return max(3, repeat // 2) if size >= 100_000 else repeat


# --------------------------------------------------------------------------------------
# The benchmarks


def bench_ics(table: Table, sizes: Sequence[int], repeat: int) -> None:
    for size in sizes:
        _ics(table, size, _repeat_for(size, repeat))


def _ics(table: Table, size: int, runs: int) -> None:
    plan = plan_of(size)
    header, objects, zone = baselines.ical_specs(to_calendar(plan, as_of=AS_OF))

    def ours() -> bytes:
        return to_ical_bytes(plan, as_of=AS_OF)

    def base() -> bytes:
        return baselines.ical_direct(header, objects, zone)

    same = ours() == base()
    t_ours, t_base = paired(ours, base, runs, autorange=False)
    per_task = f"{t_ours / size * 1e6:.0f} vs {t_base / size * 1e6:.0f} µs/task"
    table.add(
        Row(
            "ICS export",
            "time",
            f"{size:,}",
            t_ours,
            t_base,
            budget=1.0,
            note=("identical output; " if same else "**output differs**; ") + per_task,
        )
    )
    m_ours, m_base = peak_memory(ours), peak_memory(base)
    table.add(Row("ICS export", "peak memory", f"{size:,}", m_ours, m_base, "MB", budget=0.2))
    # Two other ways of writing the same calendar, for comparison (fewer runs at 100k).
    extra = runs if size < 100_000 else 2
    t_amt = timed(
        lambda: baselines.ical_direct(header, objects, zone, add_missing_timezones=True),
        extra,
    )
    table.add(
        Row(
            "ICS export",
            "baseline with add_missing_timezones() ÷ baseline",
            f"{size:,}",
            t_amt,
            t_base,
            note="the VTIMEZONE found by walking every object",
        )
    )
    t_cal = timed(lambda: to_calendar(plan, as_of=AS_OF).to_ical(), extra)
    table.add(
        Row(
            "ICS export",
            "to_calendar().to_ical() ÷ baseline",
            f"{size:,}",
            t_cal,
            t_base,
            note="the library's objects in one Calendar",
        )
    )


def bench_evaluate(table: Table, sizes: Sequence[int], repeat: int) -> None:
    for size in sizes:
        _evaluate(table, size, _repeat_for(size, repeat), last=size == sizes[-1])


def _evaluate(table: Table, size: int, runs: int, *, last: bool) -> None:
    plan = plan_of(size)
    evaluate(plan, as_of=AS_OF)  # the calendar's years, read once per process
    items = baselines.status_inputs(evaluate(plan, as_of=AS_OF))
    t_ours, t_base = paired(
        lambda: evaluate(plan, as_of=AS_OF),
        lambda: baselines.classify_bare(items, AS_OF),
        runs,
    )
    table.add(
        Row(
            "evaluate",
            "rows",
            f"{size:,}",
            t_ours,
            t_base,
            budget=10.0,
            note=f"{len(items):,} rows; {t_ours / len(items) * 1e6:.2f} µs/row; kept as columns",
        )
    )
    t_objects = timed(lambda: tuple(evaluate(plan, as_of=AS_OF).rows), runs)
    table.add(
        Row(
            "evaluate",
            "… and every row read as a StatusRow object",
            f"{size:,}",
            t_objects,
            t_base,
            note=f"{t_objects / len(items) * 1e6:.2f} µs/row",
        )
    )
    if last:

        def with_summaries() -> object:
            report = evaluate(plan, as_of=AS_OF)
            return report.summary, report.by_unit(), report.by_section()

        t_sum = timed(with_summaries, runs)
        table.add(
            Row(
                "evaluate",
                "with summaries (overall, units, sections)",
                f"{size:,}",
                t_sum,
                t_base,
            )
        )


def bench_load(table: Table, sizes: Sequence[int], repeat: int, tmp: Path) -> None:
    for size in sizes:
        _load(table, size, _repeat_for(size, repeat), tmp, last=size == sizes[-1])


def _load(table: Table, size: int, runs: int, tmp: Path, *, last: bool) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    plan = plan_of(size)
    yaml_path = write_yaml(plan, tmp / f"plan-{size}.yaml")
    json_path = write_json(plan, tmp / f"plan-{size}.json")
    if read(yaml_path) != plan or read(json_path) != plan:
        raise SystemExit("the plan read back differs from the plan written")

    def yaml_base() -> object:
        return yaml.load(yaml_path.read_text(encoding="utf-8"), Loader=loader)

    def json_base() -> object:
        return plan_from_data(json.loads(json_path.read_text(encoding="utf-8")))

    big = size >= 100_000  # every run takes seconds: no calibration runs
    t_yaml, t_yaml_base = paired(lambda: read(yaml_path), yaml_base, runs, autorange=not big)
    table.add(
        Row(
            "read plan",
            "YAML ÷ yaml.load(CSafeLoader)",
            f"{size:,}",
            t_yaml,
            t_yaml_base,
            budget=1.3,
            note=f"{yaml_path.stat().st_size / 1e6:.1f} MB",
        )
    )
    t_json, t_json_base = paired(lambda: read(json_path), json_base, runs, autorange=not big)
    table.add(
        Row(
            "read plan",
            "JSON ÷ json.loads + converter",
            f"{size:,}",
            t_json,
            t_json_base,
            budget=1.3,
            note=f"{json_path.stat().st_size / 1e6:.1f} MB",
        )
    )
    if last:
        with _gc_paused():
            t_nogc = timed(yaml_base, runs)
        table.add(
            Row(
                "read plan",
                "YAML ÷ yaml.load(CSafeLoader) with the GC paused",
                f"{size:,}",
                t_yaml,
                t_nogc,
                note="the baseline given the same GC pause",
            )
        )
        table.add(Row("read plan", "YAML ÷ JSON", f"{size:,}", t_yaml, t_json))
        gc_share = 1 - t_nogc / t_yaml_base
        table.add(
            Row(
                "read plan",
                "GC share of yaml.load(CSafeLoader)",
                f"{size:,}",
                None,
                note=f"{gc_share:.0%} of the baseline's time is the cyclic GC",
            )
        )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("actionplan")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "actionplan"]


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-cache")
    env["HOME"] = str(tmp / "home")
    (tmp / "home").mkdir(exist_ok=True)
    env.pop("ACTIONPLAN_NO_CACHE", None)
    # Every process reads compiled bytecode, as from an installed package: the
    # warm-up run writes it (PYTHONDONTWRITEBYTECODE would compile every module
    # from source at every start, ~40 ms for this package's).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def _taskwarrior(report: Any, tmp: Path, env: dict[str, str]) -> list[str] | None:
    """``task export`` over the report's tasks in a fresh TASKDATA; None if not installed."""
    task = shutil.which("task")
    if task is None:
        return None
    data = tmp / "taskdata"
    data.mkdir(exist_ok=True)
    rc = tmp / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n", encoding="utf-8"
    )
    env["TASKRC"] = str(rc)
    env["TASKDATA"] = str(data)
    tasks = tmp / "tasks.json"
    tasks.write_text(json.dumps(baselines.taskwarrior_tasks(report)), encoding="utf-8")
    subprocess.run(
        [task, "rc.confirmation=off", "import", str(tasks)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [task, "export"]


def _todoman(plan: ActionPlan, tmp: Path) -> list[str] | None:
    """``todo --porcelain list`` over a vdir of the plan; None if not installed."""
    todo = shutil.which("todo") or str(Path(sys.executable).with_name("todo"))
    if not Path(todo).exists():
        return None
    from actionplan.ical import write_vdir

    root = tmp / "calendars"
    write_vdir(plan, root / plan.id, as_of=AS_OF)
    config = tmp / "todoman.py"
    config.write_text(
        f'path = "{root}/*"\n'
        'date_format = "%Y-%m-%d"\n'
        'time_format = "%H:%M"\n'
        f'cache_path = "{tmp / "todoman-cache.sqlite3"}"\n',
        encoding="utf-8",
    )
    return [todo, "--config", str(config), "--porcelain", "list"]


def bench_cli(table: Table, size: int, runs: int, tmp: Path) -> None:
    plan = plan_of(size)
    path = write_yaml(plan, tmp / f"cli-{size}.yaml")
    env = _env(tmp)
    status = [
        *_console_script(),
        "status",
        "--format",
        "json",
        "--as-of",
        AS_OF.isoformat(),
        str(path),
    ]
    label = f"{size:,}"
    commands: dict[str, Sequence[str]] = {
        "warm": status,
        "cold": ["env", "ACTIONPLAN_NO_CACHE=1", *status],
    }
    export = _taskwarrior(evaluate(plan, as_of=AS_OF), tmp, env)
    if export is not None:
        commands["task"] = export
    todo = _todoman(plan, tmp)
    if todo is not None:
        commands["todo"] = todo
    times = command_times(commands, runs, env, warmup=1)
    warm, cold = times["warm"], times["cold"]
    table.add(
        Row(
            "CLI",
            "status --format json, no plan cache ÷ with it (warm)",
            label,
            cold,
            warm,
            note="whole process",
        )
    )
    if export is None:
        skipped = "skipped: taskwarrior not installed"
        table.add(Row("CLI", "status ÷ task export", label, None, note=skipped))
    else:
        table.add(
            Row(
                "CLI",
                "status --format json (warm) ÷ task export",
                label,
                warm,
                times["task"],
                budget=1.0,
                note=f"Taskwarrior {_version(['task', '--version'], env)}",
            )
        )
        table.add(
            Row("CLI", "status --format json (no cache) ÷ task export", label, cold, times["task"])
        )
    if todo is None:
        skipped = "skipped: todoman not installed"
        table.add(Row("CLI", "status ÷ todo list", label, None, note=skipped))
    else:
        table.add(
            Row(
                "CLI",
                "status --format json (warm) ÷ todo --porcelain list",
                label,
                warm,
                times["todo"],
                budget=0.5,
                note="todoman's own cache warm",
            )
        )


def _version(command: list[str], env: dict[str, str]) -> str:
    try:
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "?"


def bench_help(table: Table, runs: int, tmp: Path) -> None:
    env = _env(tmp)
    times = command_times(
        {
            "help": [*_console_script(), "--help"],
            "click": [sys.executable, "-c", "import click"],
        },
        runs,
        env,
        warmup=2,
    )
    table.add(
        Row(
            "CLI",
            "actionplan --help ÷ python -c 'import click'",
            "",
            times["help"],
            times["click"],
            budget=2.0,
            note="whole process",
        )
    )


def bench_plans(table: Table, count: int, tasks: int, repeat: int, tmp: Path, runs: int) -> None:
    plans = workload.make_plans(count, tasks)
    folder = tmp / "plans"
    folder.mkdir(exist_ok=True)
    paths = [write_yaml(p, folder / f"{p.id}.yaml") for p in plans]
    cache = PlanCache(tmp / "plan-cache")
    label = f"{count:,} × {tasks}"

    def status(read: Callable[[list[Path]], list[ActionPlan]]) -> object:
        report = evaluate(read(paths), as_of=AS_OF)
        return report.summary, report.by_unit(), report.by_plan()

    def without_cache(files: list[Path]) -> list[ActionPlan]:
        return [load_plan(path) for path in files]

    cold = timed(lambda: status(without_cache), max(1, repeat // 2))
    status(cache.load_plans)  # fill the cache
    if cache.load_plans(paths) != plans:
        raise SystemExit("the cache gave back other plans")
    warm = timed(lambda: status(cache.load_plans), repeat)
    table.add(
        Row(
            "many plans",
            "status of all, warm cache (read, evaluate, summarise)",
            label,
            warm,
            budget=1.0,
            absolute=True,
        )
    )
    table.add(
        Row("many plans", "without the cache ÷ with it", label, cold, warm, note="in process")
    )
    data = timed(
        lambda: json.dumps(
            report_to_data(evaluate(cache.load_plans(paths), as_of=AS_OF)),
            ensure_ascii=False,
        ),
        repeat,
    )
    table.add(
        Row("many plans", "… and the whole report as JSON data", label, data, note="in process")
    )
    env = _env(tmp)
    env["XDG_CACHE_HOME"] = str(tmp / "xdg-plans")
    command = [
        *_console_script(),
        "status",
        "--format",
        "json",
        "--as-of",
        AS_OF.isoformat(),
        *map(str, paths),
    ]
    whole = command_times({"status": command}, runs, env, warmup=1)["status"]
    table.add(
        Row(
            "many plans",
            "actionplan status --format json, all files, warm",
            label,
            whole,
            note="whole process",
        )
    )


def bench_memory(table: Table, size: int, tmp: Path) -> None:
    plan = plan_of(size)
    path = write_yaml(plan, tmp / f"memory-{size}.yaml")
    kept, peak = retained_memory(lambda: read(path))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _, base = retained_memory(lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
    label = f"{size:,}"
    table.add(Row("memory", "plan in memory, per task", label, kept / size, unit="B/task"))
    table.add(
        Row(
            "memory",
            "peak while reading YAML, per task ÷ yaml.load(CSafeLoader)'s",
            label,
            peak / size,
            base / size,
            unit="B/task",
            note="PyYAML's node tree, made before the data",
        )
    )
    kept, peak = retained_memory(lambda: evaluate(plan, as_of=AS_OF))
    table.add(Row("memory", "status report, per task", label, kept / size, unit="B/task"))
    table.add(Row("memory", "peak while evaluating, per task", label, peak / size, unit="B/task"))
    _, peak = retained_memory(lambda: to_ical_bytes(plan, as_of=AS_OF))
    table.add(
        Row("memory", "peak while exporting ICS, per task", label, peak / size, unit="B/task")
    )


# --------------------------------------------------------------------------------------
# The command


def machine() -> str:
    """The machine and versions the run was made on."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    libyaml = "with libyaml" if hasattr(yaml, "CSafeLoader") else "without libyaml"
    from actionplan import __version__

    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({platform.python_implementation()}); "
        f"actionplan {__version__}, icalendar {version('icalendar')}, "
        f"PyYAML {yaml.__version__} {libyaml}, cattrs {version('cattrs')}, "
        f"attrs {version('attrs')}, holidays {version('holidays')}; "
        f"hyperfine: {'yes' if _hyperfine() else 'no'}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run for CI")
    parser.add_argument("--sizes", help="task counts, e.g. 1000,10000,100000")
    parser.add_argument("--repeat", type=int, help="runs per figure (the median is shown)")
    parser.add_argument("--plans", help="many small plans: COUNTxTASKS, e.g. 1000x50")
    parser.add_argument("--cli-tasks", type=int, help="tasks in the whole-process runs")
    parser.add_argument("--only", help=f"some of: {','.join(BENCHMARKS)}")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    quick = args.quick
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([1000] if quick else [1000, 10_000, 100_000])
    )
    repeat = args.repeat or (3 if quick else 5)
    count, tasks = (
        (int(part) for part in args.plans.lower().split("x"))
        if args.plans
        else ((20, 50) if quick else (1000, 50))
    )
    cli_tasks = args.cli_tasks or (min(sizes[-1], 1000) if quick else 10_000)
    runs = 3 if quick else 10
    only = set(args.only.split(",")) if args.only else set(BENCHMARKS)
    unknown = only - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}; choose from {BENCHMARKS}")

    print(f"# actionplan benchmarks, {dt.datetime.now():%Y-%m-%d %H:%M}")
    print(machine())
    print(f"sizes {sizes}, repeat {repeat}, plans {count}×{tasks}, CLI over {cli_tasks:,} tasks")
    print()
    print(HEADER, flush=True)
    table = Table()
    with tempfile.TemporaryDirectory(prefix="actionplan-bench-") as folder:
        tmp = Path(folder)
        if "ics" in only:
            bench_ics(table, sizes, repeat)
        if "evaluate" in only:
            bench_evaluate(table, sizes, repeat)
        if "load" in only:
            bench_load(table, sizes, repeat, tmp)
        if "cli" in only:
            bench_cli(table, cli_tasks, runs, tmp)
        if "help" in only:
            bench_help(table, runs * 2, tmp)
        if "plans" in only:
            bench_plans(table, count, tasks, repeat, tmp, runs)
        if "memory" in only:
            bench_memory(table, sizes[-1], tmp)
    missed = [row for row in table.rows if row.met == "**no**"]
    print()
    print(f"{len(table.rows)} figures; budgets missed: {len(missed)}")
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "rows": [
                        {**row.__dict__, "ratio": row.ratio, "met": row.met} for row in table.rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
