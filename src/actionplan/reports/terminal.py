"""The terminal report: rich tables, statuses in colour, a summary per unit.

:func:`render` returns the report as text (with ANSI colours when
``colour=True``), for a file or a pipe; :func:`renderables` returns the rich
objects themselves, for a command that prints them on its own
:class:`rich.console.Console` (which then adapts them to the terminal's width and
colours)::

    console = rich.console.Console()
    for item in renderables(report, language="vi"):
        console.print(item)
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from actionplan.reports.formatting import check_language, format_number
from actionplan.reports.options import RenderOptions
from actionplan.reports.view import ReportView, RowView, build_view
from actionplan.status import Review, StatusReport, TaskStatus

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

__all__ = ["STATUS_STYLES", "render", "renderables"]

STATUS_STYLES: Final[Mapping[TaskStatus, str]] = {
    TaskStatus.DONE_ON_TIME: "green",
    TaskStatus.DONE_LATE: "yellow",
    TaskStatus.DONE_NO_DEADLINE: "green",
    TaskStatus.IN_PROGRESS: "cyan",
    TaskStatus.IN_PROGRESS_OVERDUE: "bold red",
    TaskStatus.NOT_STARTED: "default",
    TaskStatus.NOT_STARTED_OVERDUE: "bold red",
    TaskStatus.ONGOING: "blue",
    TaskStatus.SUSPENDED: "magenta",
    TaskStatus.CANCELLED: "dim",
}
"""The rich style of each status (the same as ``actionplan status``'s table)."""

_CATEGORY_STYLES: Final[Mapping[str, str]] = {
    "done_on_time": "green",
    "done_late": "yellow",
    "within_deadline": "cyan",
    "overdue": "red",
    "done_no_deadline": "green",
    "ongoing": "blue",
    "suspended": "magenta",
    "cancelled": "dim",
}


def _table(title: str, *, show_footer: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SQUARE,
        show_footer=show_footer,
        expand=True,
    )


def _units(view: ReportView) -> Table:
    n = view.language
    table = _table(view.labels["by_unit"], show_footer=True)
    table.add_column(view.labels["unit"], footer=view.total_unit.name, ratio=4)
    table.add_column(
        view.labels["total"],
        justify="right",
        footer=format_number(view.total_unit.total, n),
        ratio=1,
    )
    for category, total in zip(view.categories, view.total_unit.counts, strict=True):
        style = _CATEGORY_STYLES.get(category.key, "")
        table.add_column(
            category.label,
            justify="right",
            header_style=f"bold {style}".strip(),
            footer=format_number(total, n),
            ratio=1,
        )
    table.add_column(
        view.labels["completion_rate"],
        justify="right",
        footer=view.total_unit.completion.text,
        no_wrap=True,
    )
    for unit in view.units:
        table.add_row(
            unit.name,
            format_number(unit.total, n),
            *(format_number(count, n) for count in unit.counts),
            unit.completion.text,
        )
    return table


def _rates(view: ReportView) -> Table:
    table = _table(view.labels["rates"])
    table.add_column(view.labels["rate"], ratio=2)
    table.add_column(view.labels["formula"], ratio=2)
    table.add_column(view.labels["value"], justify="right", no_wrap=True)
    for rate in view.rates:
        table.add_row(rate.label, rate.formula, rate.equation)
    return table


def _tasks(view: ReportView, title: str, rows: tuple[RowView, ...], *, full: bool) -> Table:
    from rich.text import Text

    labels = view.labels
    table = _table(title)
    table.add_column(labels["no"], justify="right")
    table.add_column(labels["task"], ratio=5)
    table.add_column(labels["lead"], ratio=2)
    if full:
        table.add_column(labels["deadline"], ratio=2)
    table.add_column(labels["due"], no_wrap=True)
    table.add_column(labels["status"], ratio=2)
    if full:
        table.add_column(labels["done_on"], no_wrap=True)
    table.add_column(labels["days"], ratio=2)
    for row in rows:
        title_text = f"{row.plan_id}: {row.title}" if view.multi_plan else row.title
        due = row.due_text
        if row.extended:
            due += f"\n({row.original_due_text})"
        cells: list[str | Text] = [str(row.number), title_text, row.lead_name]
        if full:
            cells.append(row.deadline_text)
        cells += [due, Text(row.status_label, style=STATUS_STYLES[row.status])]
        if full:
            cells.append(row.done_on_text)
        cells.append(Text(row.days_text, style="bold red" if row.days_overdue is not None else ""))
        table.add_row(*cells)
    return table


_CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_T = TypeVar("_T")


def _printable(value: _T) -> _T:
    """``value`` (the view, or any part of it) with every control character but the
    tab and the line feed dropped from its texts. A plan's text printed on a terminal
    must not clear the screen, move the cursor, set the window title or disguise a
    link (ESC, CSI, OSC, a carriage return …)."""
    found: Any = value
    if type(found) is str:
        return _CONTROL.sub("", found)  # type: ignore[return-value]
    if isinstance(found, tuple):
        return tuple(_printable(item) for item in found)  # type: ignore[return-value]
    if attrs.has(type(found)):
        changes = {a.name: _printable(getattr(found, a.name)) for a in attrs.fields(type(found))}
        return attrs.evolve(found, **changes)  # type: ignore[no-any-return]
    return value


def renderables(
    report: StatusReport | Review, *, language: str = "vi", options: RenderOptions | None = None
) -> list[RenderableType]:
    """The report as rich objects, in order: heading, summary, per-unit table, rates,
    overdue and due-soon lists, targets, every task, notes."""
    from rich.text import Text

    opts = options or RenderOptions(language=check_language(language))
    view = _printable(
        build_view(report, language=opts.language, head=opts.head, subject=opts.subject)
    )
    labels = view.labels
    out: list[RenderableType] = []
    heading = Text(f"{view.title}: {view.subject}", style="bold")
    out.append(heading)
    meta = [f"{labels['as_of']}: {view.as_of_text}"]
    if view.period is not None:
        meta.append(f"{labels['period']}: {view.period_label} ({view.period_range})")
    meta.extend(f"{labels['plan']}: {plan.citation}" for plan in view.plans)
    out.append(Text("\n".join(meta)))
    out.append(Text("\n".join(view.summary)))
    if view.review is not None:
        review = _table(labels["review"])
        review.add_column("", ratio=3)
        review.add_column(labels["count"], justify="right")
        for _key, label, count in view.review.counts:
            review.add_row(label, format_number(count, view.language))
        out.append(review)
    out.append(_units(view))
    out.append(_rates(view))
    if view.overdue:
        out.append(_tasks(view, labels["overdue_list"], view.overdue, full=False))
    else:
        out.append(Text(labels["overdue_none"], style="bold"))
    if view.due_soon:
        out.append(_tasks(view, labels["due_soon_list"], view.due_soon, full=False))
    if view.targets:
        targets = _table(labels["targets"])
        for key in ("indicator", "target", "latest", "met"):
            targets.add_column(labels[key])
        for t in view.targets:
            style = "green" if t.met else "red" if t.met is False else "dim"
            targets.add_row(t.indicator, t.target_text, t.latest_text, Text(t.met_text, style))
        out.append(targets)
    out.append(_tasks(view, labels["all_tasks"], view.rows, full=True))
    out.append(Text("\n".join(f"- {note}" for note in view.notes), style="dim"))
    return out


def render(report: StatusReport | Review, options: RenderOptions) -> str:
    """The report as text ``options.width`` characters wide; ANSI colours only
    with ``options.colour``."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.colour,
        color_system="standard" if options.colour else None,
        no_color=not options.colour,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    for index, item in enumerate(renderables(report, options=options)):
        if index:
            console.print()
        console.print(item)
    text = buffer.getvalue()
    if options.colour:
        return text
    return "".join(f"{line.rstrip()}\n" for line in text.splitlines())
