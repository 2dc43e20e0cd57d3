"""Helpers shared by the commands: output formats, errors and exit codes.

Exit codes (documented in the CLI reference and in ``actionplan --help``):

- 0: success;
- 1: the input was read, and problems were found (``validate`` found an invalid
  plan, ``sync`` finished with conflicts), or the command was interrupted;
- 2: bad input or usage: a file, phrase, date or option that cannot be read, a
  plan with problems (every command but ``validate``), a file that cannot be
  written;
- 3: a conflict: the plan file changed on disk since it was read, or another
  process kept it locked too long;
- 4: an external service failed (the CalDAV server, the network);
- 70: an internal error (a bug; run with ``--debug`` and report it).

An error is one line on standard error, ``actionplan: error: …``, naming the file
(with line, column and field where known), what is wrong and what to do. A plan
with several problems gives a first line that counts them, then one problem per
line. ``--debug`` prints the traceback before that line; the exit code stays the
same.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal, NoReturn, TextIO, TypeAlias, TypeVar

import click

from actionplan._json import dumps, dumps_utf8
from actionplan.errors import (
    ActionPlanError,
    ConcurrentUpdateError,
    PlanFileError,
    Problem,
    SyncError,
)

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from actionplan.model import ActionPlan

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_CONFLICT = 3
EXIT_SERVICE = 4
EXIT_INTERNAL = 70

CODE_MEANINGS: Final[dict[int, str]] = {
    EXIT_OK: "success",
    EXIT_PROBLEMS: "problems found (validate, sync conflicts), or interrupted",
    EXIT_BAD_INPUT: "bad input or usage: a file, plan, phrase, date or option that cannot be read",
    EXIT_CONFLICT: "the plan file changed on disk meanwhile, or stayed locked",
    EXIT_SERVICE: "an external service failed (CalDAV server, network)",
    EXIT_INTERNAL: "an internal error: run again with --debug and report it",
}
"""Every exit code the command line uses, with its meaning (shown by ``--help``)."""

F = TypeVar("F", bound=Callable[..., Any])

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format: readable text, or JSON for other tools.",
)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one line on stderr and exit with ``code`` (a progress bar on screen is
    taken down first, so that it cannot overwrite the line)."""
    while _SHOWN:
        _SHOWN[-1].close()
    click.echo(f"actionplan: error: {message}", err=True)
    sys.exit(code)


def exit_code_for(exc: BaseException) -> int:
    """The documented exit code for an exception.

    >>> from actionplan.errors import DeadlineParseError
    >>> exit_code_for(DeadlineParseError("no")), exit_code_for(ConnectionRefusedError())
    (2, 4)
    >>> exit_code_for(KeyError("x"))
    70
    """
    if isinstance(exc, ConcurrentUpdateError):
        return EXIT_CONFLICT
    if isinstance(exc, SyncError | ConnectionError | TimeoutError):
        return EXIT_SERVICE
    if isinstance(exc, ActionPlanError | OSError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def error_message(exc: BaseException) -> str:
    """What ``actionplan: error:`` says about ``exc``: one line, or for a plan with
    several problems a line counting them and then one indented line per problem.

    >>> from actionplan.errors import PlanContentError, Problem
    >>> print(error_message(FileNotFoundError(2, "No such file or directory", "kh.yaml")))
    kh.yaml: No such file or directory; check the path and its permissions
    >>> problems = [Problem("unknown unit 'x'", "tasks[0].lead", "kh.yaml", 7, 11),
    ...             Problem("not a date", "tasks[1].deadline", "kh.yaml", 12, 15)]
    >>> print(error_message(PlanContentError(problems, file="kh.yaml")))
    kh.yaml: 2 problems, one per line below; fix them, then check with 'actionplan validate kh.yaml'
      kh.yaml:7:11: error: tasks[0].lead: unknown unit 'x'
      kh.yaml:12:15: error: tasks[1].deadline: not a date
    """
    if isinstance(exc, PlanFileError) and len(exc.problems) > 1:
        name = exc.file or next((p.file for p in exc.problems if p.file), None) or "the plan"
        head = (
            f"{name}: {len(exc.problems)} problems, one per line below; fix them, then "
            f"check with 'actionplan validate {name}'"
        )
        return "\n".join([head, *(f"  {problem}" for problem in exc.problems)])
    if isinstance(exc, ActionPlanError):
        return str(exc).replace("\n", "\n  ")
    if isinstance(exc, OSError) and exc.strerror:
        where = os.fsdecode(exc.filename) if exc.filename is not None else "a file"
        if isinstance(exc, ConnectionError | TimeoutError):
            return f"{where}: {exc.strerror}; check the address and the network"
        return f"{where}: {exc.strerror}; check the path and its permissions"
    return f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"


def report_error(exc: BaseException, *, debug: bool = False) -> NoReturn:
    """Print ``exc`` as :func:`error_message` says (after its traceback with
    ``debug``) and exit with :func:`exit_code_for` it."""
    if debug:
        import traceback  # only here: a command that succeeds never needs it

        click.echo("".join(traceback.format_exception(exc)).rstrip("\n"), err=True)
    fail(error_message(exc), exit_code_for(exc))


def debugging(ctx: click.Context | None = None) -> bool:
    """Whether ``--debug`` was given (the root context's ``obj["debug"]``)."""
    ctx = ctx if ctx is not None else click.get_current_context(silent=True)
    if ctx is None:
        return False
    obj = ctx.find_root().obj
    return bool(obj.get("debug")) if isinstance(obj, dict) else False


def handle_errors(func: F) -> F:
    """Turn errors into one line on stderr and a documented exit code (see
    :func:`report_error`); ``--debug`` adds the traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            reader_went_away()
        except Exception as exc:
            report_error(exc, debug=debugging())

    return wrapper  # type: ignore[return-value]


def reader_went_away() -> NoReturn:
    """End quietly when the reader of our output closed it (``actionplan … | head``).

    As the Python documentation advises: point stdout at /dev/null so the
    interpreter's final flush cannot fail again, and exit 1 without a message.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_PROBLEMS)


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON (UTF-8, non-ASCII kept): the text of
    ``json.dumps(data, ensure_ascii=False, indent=2)`` with dates as ISO strings,
    and a line feed, written by :mod:`actionplan._json` (the same text, faster).

    >>> echo_json({"as_of": dt.date(2024, 8, 6), "units": ["cb1"]})
    {
      "as_of": "2024-08-06",
      "units": [
        "cb1"
      ]
    }
    """
    stream = _utf8_stdout()
    if stream is None:
        click.echo(dumps(data, default=_default))
        return
    pieces = dumps_utf8(data, default=_default, errors=stream.errors or "strict")
    stream.flush()  # anything printed before goes first
    write = stream.buffer.write  # write by write: a wrapper may watch them (click's test runner)
    for piece in pieces:
        write(piece)
    write(b"\n")
    stream.buffer.flush()


def _utf8_stdout() -> TextIO | None:
    """Standard output, when ``click.echo`` would write UTF-8 to its binary buffer
    unchanged, so that JSON can be written there directly, encoded piece by piece
    (cheaper than one large string): it is not a terminal (no console translation,
    no colours; and JSON holds no escape character, its strings carry it as
    ``\\u001b``) and its encoding is UTF-8, on a system whose lines end in a line
    feed (elsewhere the text stream would write CR LF). ``None`` otherwise."""
    stream = sys.stdout
    if os.linesep != "\n":
        return None
    try:
        if getattr(stream, "buffer", None) is None or stream.isatty():
            return None
        return stream if codecs.lookup(stream.encoding).name == "utf-8" else None
    except (AttributeError, LookupError, TypeError, ValueError):  # an odd stream: let click
        return None


def printable(text: str) -> str:
    r"""``text`` (from a plan file or a server) made safe to print on a terminal: its
    control characters, but the tab and the line feed, dropped, so that it cannot
    clear the screen, retitle the window or disguise a link (as in the terminal
    report, :mod:`actionplan.reports.terminal`).

    >>> printable("\x1b]0;pwned\x07Báo cáo\x1b[2J\r")
    ']0;pwnedBáo cáo[2J'
    """
    from actionplan.reports.terminal import _printable

    return _printable(text)


def today(plan: ActionPlan | None = None, *, option: str = "--as-of") -> dt.date:
    """Today in ``plan``'s time zone (without a plan, in the plans' default zone,
    Asia/Ho_Chi_Minh): the one place the command line reads the clock.

    Every command that defaults a date to "today" asks here, so that they all
    agree on the date whatever the computer's own time zone. A zone that cannot be
    found exits 2, suggesting ``option`` (the command's date option) instead.

    >>> from actionplan.model import ActionPlan
    >>> east = ActionPlan("a", "A", timezone="Etc/GMT-14")  # UTC+14
    >>> west = ActionPlan("b", "B", timezone="Etc/GMT+12")  # UTC-12
    >>> (today(east) - today(west)).days in (1, 2)  # 26 hours apart: one day or two
    True
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from actionplan.model import DEFAULT_TIMEZONE

    name = DEFAULT_TIMEZONE if plan is None else plan.timezone
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        owner = "the default time zone" if plan is None else f"plan {plan.id!r}"
        fail(
            f"{owner}: unknown time zone {name!r}; use an IANA name such as "
            f"'Asia/Ho_Chi_Minh', or give the date with {option}"
        )
    return dt.datetime.now(zone).date()


def parse_date_option(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> dt.date | None:
    """A click callback reading ISO (2024-08-06) or day-first (06/8/2024) dates."""
    if value is None:
        return None
    from actionplan.dates import parse_date

    try:
        return parse_date(value)
    except ActionPlanError as exc:
        raise click.BadParameter(str(exc)) from None


# ---------------------------------------------------------------------------------
# Progress on long runs, and reading the plans of a run.

T = TypeVar("T")

PROGRESS_MIN_ITEMS: Final = 5
"""A run over this many files or more shows its progress bar at once."""

PROGRESS_DELAY: Final = 0.5
"""Seconds after which a run over fewer files shows its progress bar."""

Stage: TypeAlias = Literal["reading", "checking", "evaluating", "rendering", "writing", "syncing"]
"""A step of a command's work, as its progress bar names it."""

STAGE_LABELS: Final[dict[str, dict[Stage, str]]] = {
    "vi": {
        "reading": "Đang đọc kế hoạch",
        "checking": "Đang kiểm tra kế hoạch",
        "evaluating": "Đang tính tình trạng nhiệm vụ",
        "rendering": "Đang lập báo cáo",
        "writing": "Đang ghi tệp lịch",
        "syncing": "Đang đồng bộ",
    },
    "en": {
        "reading": "Reading plans",
        "checking": "Checking plans",
        "evaluating": "Evaluating tasks",
        "rendering": "Rendering the report",
        "writing": "Writing calendar files",
        "syncing": "Syncing",
    },
}
"""What the progress bar says during each stage, in each language."""

progress_option = click.option(
    "--progress/--no-progress",
    "progress",
    default=None,
    help="Show a progress bar on standard error (--progress: even when it is not a "
    "terminal), or never (--no-progress). Default: on a terminal only, at once for "
    f"{PROGRESS_MIN_ITEMS} files or more, else once the run has lasted half a second.",
)
"""The ``--progress/--no-progress`` option of the commands that may run long: ``None``
when not given, for :class:`ProgressBar`."""

_SHOWN: list[ProgressBar] = []
"""The progress bars on screen now (one at most); :func:`fail` takes them down."""


def _stderr_is_terminal() -> bool:
    """Whether standard error is a terminal that can redraw a line."""
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):  # replaced, closed or detached
        return False
    return terminal and os.environ.get("TERM", "") != "dumb"


class ProgressBar:
    """A command's progress: a transient bar on standard error, or nothing at all.

    ``show`` is the ``--progress/--no-progress`` option (:data:`progress_option`):
    ``True`` shows the bar whatever standard error is (a terminal, a file, a pipe),
    ``False`` never, and ``None`` on a terminal only: at once when the run goes
    over ``items`` files, :data:`PROGRESS_MIN_ITEMS` or more, else once it has
    lasted :data:`PROGRESS_DELAY` seconds, so that a quick run shows nothing. The
    bar is drawn by rich (imported only when the bar may show) on standard error,
    never on standard output, so JSON and CSV output stay clean; it is transient,
    gone when the ``with`` block ends, before the command prints its result.

    The command names each stage of its work (:meth:`stage`; the labels are
    :data:`STAGE_LABELS` in ``language``) and moves through it (:meth:`track`,
    :meth:`advance`, :meth:`update`). When the bar does not show these do nothing,
    so the command's code is the same either way.

    >>> files = ["kh1.yaml", "kh2.yaml"]
    >>> with ProgressBar(False, items=len(files), language="en") as bar:
    ...     names = [name.upper() for name in bar.track(files, "reading")]
    ...     bar.stage("evaluating")
    >>> names, bar.enabled, bar.shown
    (['KH1.YAML', 'KH2.YAML'], False, False)
    """

    def __init__(self, show: bool | None = None, *, items: int = 0, language: str = "vi") -> None:
        self.enabled = show is True or (show is None and _stderr_is_terminal())
        """Whether the bar may show in this run."""
        self.language = language if language in STAGE_LABELS else "en"
        self._forced = show is True
        self._items = items
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._timer: threading.Timer | None = None
        self._shown = False
        self._closed = False
        self._done = 0
        self._total: int | None = None

    def __enter__(self) -> ProgressBar:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen now."""
        return self._shown

    def open(self) -> None:
        """Make the bar ready to show: at once, or after :data:`PROGRESS_DELAY`
        seconds (see the class docstring). Does nothing when it is not enabled."""
        if not self.enabled or self._progress is not None or self._closed:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True, force_terminal=True if self._forced else None),
            transient=True,
            redirect_stdout=False,  # standard output is the command's result
            redirect_stderr=True,  # warnings printed meanwhile show above the bar
        )
        if self._forced or self._items >= PROGRESS_MIN_ITEMS:
            self._show()
        else:
            self._timer = threading.Timer(PROGRESS_DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()

    def close(self) -> None:
        """Take the bar down, leaving nothing on screen; it shows no more."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._shown and self._progress is not None:
                self._progress.stop()
                self._shown = False
                _SHOWN.remove(self)

    def stage(self, stage: Stage, total: int | None = None) -> None:
        """Start ``stage``: ``total`` steps, counted N/M, or with ``None`` an
        unknown number (a moving bar, no count)."""
        progress = self._progress
        if progress is None:
            return
        if self._shown:
            progress.refresh()  # the stage ending, drawn at its last count
        self._done, self._total = 0, total
        if self._task is not None:
            progress.remove_task(self._task)
        self._task = progress.add_task(
            STAGE_LABELS[self.language][stage], total=total, count=self._count()
        )
        if self._shown:
            progress.refresh()

    def update(self, completed: int, total: int | None = None) -> None:
        """``completed`` steps of the stage are done (of ``total``, when it has
        become known)."""
        self._done = completed
        if total is not None:
            self._total = total
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task, completed=completed, total=self._total, count=self._count()
            )

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the stage are done."""
        self.update(self._done + steps)

    def track(self, items: Sequence[T], stage: Stage) -> Iterator[T]:
        """``items`` one by one, as :meth:`stage` ``stage``: the count moves on as
        each is done."""
        self.stage(stage, len(items))
        for item in items:
            yield item
            self.advance()

    def _count(self) -> str:
        return "" if self._total is None else f"{self._done}/{self._total}"

    def _show(self) -> None:
        with self._lock:
            if self._closed or self._shown or self._progress is None:
                return
            self._progress.start()
            self._shown = True
            _SHOWN.append(self)


def load_plans(
    paths: Sequence[str | os.PathLike[str]], bar: ProgressBar | None = None
) -> list[ActionPlan]:
    """Read the plan files ``paths``, in order, through the cache of parsed plans
    (:func:`~actionplan.files.cache.default_cache`: keyed by each file's content,
    so never stale; ``ACTIONPLAN_NO_CACHE=1`` turns it off), moving ``bar`` on file
    by file (stage ``reading``).

    Plans read together need distinct ids (a report tells their tasks apart by
    plan id): a file whose plan id an earlier file has, or a file given twice,
    raises :class:`~actionplan.errors.PlanContentError` naming both.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> a, b, c = (folder / name for name in ("a.yaml", "b.yaml", "c.yaml"))
    >>> for path, plan_id in ((a, "kh45"), (b, "kh46"), (c, "kh45")):
    ...     _ = path.write_text(f"plan: {{id: {plan_id}, title: Kế hoạch}}\\n", encoding="utf-8")
    >>> [plan.id for plan in load_plans([a, b])]
    ['kh45', 'kh46']
    >>> load_plans([a, b, c])
    Traceback (most recent call last):
    ...
    actionplan.errors.PlanContentError: .../c.yaml: error: plan.id: plan id 'kh45' is also the id of the plan in .../a.yaml; ...
    """  # noqa: E501  (a doctest traceback is one line)
    from actionplan.errors import PlanContentError
    from actionplan.files.cache import default_cache

    names = [os.fspath(path) for path in paths]
    tracked = names if bar is None else bar.track(names, "reading")
    cache = default_cache()
    if cache is None:
        from actionplan.files import load_plan

        plans = [load_plan(name) for name in tracked]
    else:
        plans = cache.load_plans(tracked)  # all in one go: faster than file by file
    first: dict[str, str] = {}  # plan id -> the file it was read from
    for name, plan in zip(names, plans, strict=True):
        earlier = first.get(plan.id)
        if earlier is not None:
            raise PlanContentError([_duplicate(plan.id, name, earlier)], file=name)
        first[plan.id] = name
    return plans


def _duplicate(plan_id: str, name: str, earlier: str) -> Problem:
    """The problem of the file ``name`` whose plan id ``plan_id`` the file ``earlier``
    has too (or which is ``earlier`` itself, given twice)."""
    try:
        same = os.path.samefile(name, earlier)
    except OSError:
        same = Path(name).resolve() == Path(earlier).resolve()
    if same:
        also = "" if name == earlier else f" (as {earlier})"
        return Problem(f"the same plan file is given twice{also}", file=name, hint="give it once")
    return Problem(
        f"plan id {plan_id!r} is also the id of the plan in {earlier}",
        path="plan.id",
        file=name,
        hint="plans read together need distinct ids: change 'id:' under 'plan:' in one "
        "of the two files",
    )
