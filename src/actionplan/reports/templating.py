"""The Jinja2 templates of the Markdown and HTML reports, and how to replace them.

The built-in templates live in ``actionplan/reports/templates/``:
``report.md.j2``, ``report.html.j2`` and ``report.css`` (included inline by the
HTML template). Pass ``template=`` to :func:`actionplan.reports.render` to use
your own, without touching the code:

- a **file**: that file is the template; the folder it is in is searched first
  for anything it includes or extends, then the built-in folder, so a template
  can ``{% extends "report.html.j2" %}`` and override a block (``head``,
  ``summary``, ``units``, ``overdue``, ``due_soon``, ``targets``, ``tasks``,
  ``notes``);
- a **folder**: ``report.md.j2`` or ``report.html.j2`` (and ``report.css``) are
  taken from it when present, from the built-in folder otherwise — a folder
  holding only ``report.css`` restyles the HTML report.

**The template context** (every template receives the same names):

``report``
    the :class:`~actionplan.reports.view.ReportView`: ``title``, ``subject``,
    ``head``, ``as_of``, ``as_of_text``, ``period_label``, ``period_range``,
    ``plans``, ``total``, ``categories``, ``statuses``, ``units``, ``total_unit``,
    ``rates``, ``overdue``, ``due_soon``, ``overdue_ages``, ``rows``,
    ``targets``, ``review``, ``summary``, ``notes`` (see its documentation).
``labels``
    every heading and column name in the report's language
    (:data:`actionplan.reports.labels.LABELS`), e.g. ``labels.overdue_list``.
``language``
    ``"vi"`` or ``"en"``.
``data``
    the report as plain data, the JSON report's content
    (:func:`actionplan.status.report_to_data`).
``chart``
    the inline SVG chart of statuses by unit (HTML only; ``None`` in Markdown).

**Filters**: ``number`` (``10448|number`` → ``10.448``), ``date``
(``06/8/2024``), ``long_date`` (``ngày 06 tháng 8 năm 2024``), ``days_left``
(``-5|days_left`` → ``quá hạn 5 ngày``), ``contrast`` (``"#1b7f3b"|contrast`` →
``#ffffff``, the text colour that reads on a fill), and in Markdown ``md``
(escape text).

**Escaping**: in HTML every ``{{ … }}`` is HTML-escaped (Jinja2 autoescape); in
Markdown every ``{{ … }}`` is Markdown-escaped (``|``, ``*``, ``_``, `````,
``[``, ``]``, ``<``, ``>``, ``~`` and ``\\`` get a backslash; line breaks become
spaces). Mark a trusted value ``|safe`` to print it as is. Undefined names are an
error, so a misspelt field does not print an empty cell silently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from markupsafe import Markup

from actionplan.errors import ReportError
from actionplan.reports.chart import text_colour
from actionplan.reports.formatting import days_left, format_number, long_date, short_date

if TYPE_CHECKING:
    from actionplan.reports.view import ReportView
    from actionplan.status import Review, StatusReport

__all__ = ["TEMPLATE_DIR", "TEMPLATE_NAMES", "md_escape", "render_template", "template_context"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
"""The folder of the built-in templates."""

TEMPLATE_NAMES: Mapping[str, str] = {"md": "report.md.j2", "html": "report.html.j2"}
"""The built-in template of each templated format."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(value: object) -> str:
    """Text made safe for Markdown: punctuation that would format, link or break a
    table cell gets a backslash, an ``&`` that would start an entity too, and line
    breaks become spaces. ``None`` prints as nothing.

    >>> md_escape("a|b *c* <script>")
    'a\\\\|b \\\\*c\\\\* \\\\<script\\\\>'
    >>> md_escape("KH&CN &amp;")
    'KH&CN \\\\&amp;'
    >>> md_escape(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = " ".join(str(value).splitlines())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_ENTITY.sub(r"\\&", text)


def template_context(
    report: StatusReport | Review, view: ReportView, chart: str | None = None
) -> dict[str, Any]:
    """The names every template receives: ``report``, ``labels``, ``language``,
    ``data`` and ``chart`` (trusted SVG markup, or ``None``)."""
    from actionplan.reports.json import report_data

    return {
        "report": view,
        "labels": view.labels,
        "language": view.language,
        "data": report_data(report, view.language),
        "chart": None if chart is None else Markup(chart),
    }


def _finalize_md(value: object) -> object:
    return md_escape(value)


def _loader_dirs(kind: str, template: str | os.PathLike[str] | None) -> tuple[list[str], str]:
    name = TEMPLATE_NAMES[kind]
    if template is None:
        return [str(TEMPLATE_DIR)], name
    path = Path(template)
    if path.is_dir():
        return [str(path), str(TEMPLATE_DIR)], name
    if path.is_file():
        return [str(path.parent), str(TEMPLATE_DIR)], path.name
    raise ReportError(
        f"template {str(path)!r} does not exist; give a template file or a folder holding {name!r}"
    )


def render_template(
    kind: Literal["md", "html"],
    context: Mapping[str, Any],
    *,
    language: str,
    template: str | os.PathLike[str] | None = None,
) -> str:
    """Render the ``kind`` template (built-in, or ``template``) with ``context``.

    Template errors become :class:`~actionplan.errors.ReportError` naming the
    template, the line and what went wrong.
    """
    import jinja2

    dirs, name = _loader_dirs(kind, template)
    options: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(dirs, encoding="utf-8"),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "autoescape": kind == "html",
    }
    if kind == "md":
        options["finalize"] = _finalize_md
    env = jinja2.Environment(**options)
    env.filters.update(
        number=lambda v, places=0: format_number(v, language, places=places),
        date=lambda v: short_date(v, language),
        long_date=lambda v: long_date(v, language),
        days_left=lambda v: days_left(v, language),
        contrast=text_colour,
    )
    if kind == "md":
        env.filters["md"] = lambda v: Markup(md_escape(v))
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise ReportError(
            f"{where}:{exc.lineno}: template syntax error: {exc.message}; fix the template"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise ReportError(
            f"template {exc.name!r} not found in {', '.join(dirs)}; check the file name"
        ) from None
    except jinja2.UndefinedError as exc:
        raise ReportError(
            f"template {name!r}: {exc.message}; see the template context in "
            "actionplan.reports.templating"
        ) from None
