"""Status and review reports in every format offices use, from one entry point.

:func:`render` lays out a :class:`~actionplan.status.StatusReport` (from
:func:`~actionplan.status.evaluate`) or a period
:class:`~actionplan.status.Review` (from :func:`~actionplan.status.review`) in
one of :data:`FORMATS`; :func:`write_report` writes it to a file, the format
taken from the file's suffix.

============ ======= ==========================================================
format       returns what it is
============ ======= ==========================================================
``terminal`` str     rich tables: statuses in colour, a summary per unit
``md``       str     Markdown: headings, sentences, pipe tables (template)
``html``     str     one self-contained page with an SVG chart (template)
``json``     str     the documented, versioned data (``actionplan.status/1``)
``csv``      str     one row per task; formula-like cells neutralised
``xlsx``     bytes   Excel: a summary sheet and a task sheet with real dates
``docx``     bytes   Word: the review report in the official layout
============ ======= ==========================================================

Every format speaks Vietnamese (``language="vi"``, the default: ``10.448``,
``2,76 %``, ``06/8/2024``) or English (``language="en"``). Each lives in its own
module, imported only when used, so that importing :mod:`actionplan` never loads
Jinja2, rich, openpyxl or python-docx.

>>> import datetime as dt
>>> from actionplan.deadlines import FixedDeadline
>>> from actionplan.model import ActionPlan, Task
>>> from actionplan.status import evaluate
>>> plan = ActionPlan("kh45", "Kế hoạch 45", tasks=[
...     Task("t1", "Báo cáo sơ kết", deadline=FixedDeadline(dt.date(2024, 7, 31)))])
>>> report = evaluate(plan, as_of=dt.date(2024, 8, 6))
>>> text = render(report, "md")
>>> print(text.splitlines()[0])
# BÁO CÁO: Tình hình thực hiện Kế hoạch 45 (tính đến ngày 06 tháng 8 năm 2024)
>>> print(next(line for line in text.splitlines() if "quá hạn 6 ngày" in line))
| 1 | Báo cáo sơ kết |  | 31/7/2024 | Chưa thực hiện, quá hạn | quá hạn 6 ngày |
>>> type(render(report, "docx"))
<class 'bytes'>
>>> render(report, "pdf")
Traceback (most recent call last):
...
actionplan.errors.ReportError: unknown report format 'pdf'; use one of: terminal, md, html, ...
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from actionplan._atomic import atomic_write_bytes
from actionplan.errors import ReportError
from actionplan.reports.formatting import check_language
from actionplan.reports.head import DocumentHead
from actionplan.reports.options import RenderOptions

if TYPE_CHECKING:
    from actionplan.status import Review, StatusReport

__all__ = [
    "BINARY_FORMATS",
    "FORMATS",
    "SUFFIXES",
    "DocumentHead",
    "RenderOptions",
    "format_for_path",
    "render",
    "write_report",
]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")

FORMATS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "terminal": "actionplan.reports.terminal",
        "md": "actionplan.reports.markdown",
        "html": "actionplan.reports.html",
        "json": "actionplan.reports.json",
        "csv": "actionplan.reports.csv",
        "xlsx": "actionplan.reports.xlsx",
        "docx": "actionplan.reports.docx",
    }
)
"""Every format by name, with the module that renders it."""

BINARY_FORMATS: Final = frozenset({"xlsx", "docx"})
"""The formats :func:`render` returns as bytes."""

_ALIASES: Final[Mapping[str, str]] = {"markdown": "md", "htm": "html", "text": "terminal"}

SUFFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        ".md": "md",
        ".markdown": "md",
        ".html": "html",
        ".htm": "html",
        ".json": "json",
        ".csv": "csv",
        ".xlsx": "xlsx",
        ".docx": "docx",
        ".txt": "terminal",
    }
)
"""The format :func:`write_report` picks for each file suffix."""

_TEMPLATED: Final = frozenset({"md", "html"})


def _format_name(fmt: str) -> str:
    name = _ALIASES.get(fmt.lower(), fmt.lower()) if isinstance(fmt, str) else ""
    if name not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return name


def render(
    report: StatusReport | Review,
    format: str,
    *,
    language: str = "vi",
    template: str | os.PathLike[str] | None = None,
    head: DocumentHead | None = None,
    subject: str | None = None,
    colour: bool = False,
    width: int = 120,
) -> str | bytes:
    """``report`` in ``format``: text (``str``) or, for ``xlsx`` and ``docx``, ``bytes``.

    - ``language``: ``"vi"`` (default) or ``"en"``;
    - ``template``: a template file or folder replacing the built-in one (``md``
      and ``html``; see :mod:`actionplan.reports.templating`);
    - ``head``: the official head of the Word report (and of the Markdown and HTML
      headers): issuer, number, place, signature, recipients
      (:class:`~actionplan.reports.head.DocumentHead`); by default derived from
      the first plan's document; ``subject``: the subject line;
    - ``colour`` and ``width``: ANSI colours and line width of ``terminal``.

    Raises :class:`~actionplan.errors.ReportError` for an unknown format or
    language, an option the format does not take, or a broken template.
    """
    name = _format_name(format)
    lang = check_language(language)
    if template is not None and name not in _TEMPLATED:
        raise ReportError(
            f"the {name} format has no template; "
            f"templates apply to: {', '.join(sorted(_TEMPLATED))}"
        )
    if width < 40:
        raise ReportError(f"width must be 40 characters or more, got {width}")
    options = RenderOptions(
        language=lang, template=template, head=head, subject=subject, colour=colour, width=width
    )
    module = importlib.import_module(FORMATS[name])
    result: str | bytes = module.render(report, options)
    if isinstance(result, str):  # a lone surrogate (from a JSON plan) cannot be encoded
        result = _SURROGATE.sub("\ufffd", result)
    return result


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for, from its suffix.

    >>> format_for_path("bao-cao.docx"), format_for_path("Report.HTML")
    ('docx', 'html')
    >>> format_for_path("report.pdf")
    Traceback (most recent call last):
    ...
    actionplan.errors.ReportError: cannot tell the report format of 'report.pdf' from its suffix '.pdf'; use a suffix among .md, .markdown, .html, .htm, .json, .csv, .xlsx, .docx, .txt or give the format
    """  # noqa: E501  (a doctest traceback is one line)
    suffix = Path(path).suffix.lower()
    found = SUFFIXES.get(suffix)
    if found is None:
        raise ReportError(
            f"cannot tell the report format of {os.fspath(path)!r} from its suffix "
            f"{suffix!r}; use a suffix among {', '.join(SUFFIXES)} or give the format"
        )
    return found


def write_report(
    report: StatusReport | Review,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    language: str = "vi",
    template: str | os.PathLike[str] | None = None,
    head: DocumentHead | None = None,
    subject: str | None = None,
    width: int = 120,
) -> Path:
    """Render ``report`` and write it to ``path`` atomically; return the path.

    The format is ``format``, else the one the suffix names (:data:`SUFFIXES`).
    The whole report is rendered first, then written next to its destination
    under a temporary name and renamed over it, so a reader never sees half a
    report and a failed render leaves any earlier file untouched. Text is UTF-8;
    a CSV file starts with a byte-order mark, so that Excel opens its Vietnamese
    text correctly.
    """
    target = Path(path)
    name = _format_name(format) if format is not None else format_for_path(target)
    content = render(
        report,
        name,
        language=language,
        template=template,
        head=head,
        subject=subject,
        colour=False,
        width=width,
    )
    if isinstance(content, str):
        encoding = "utf-8-sig" if name == "csv" else "utf-8"
        data = content.encode(encoding)
    else:
        data = content
    folder = target.parent
    if not folder.is_dir():
        raise ReportError(
            f"cannot write {os.fspath(target)!r}: the folder {os.fspath(folder)!r} does not "
            "exist; create it first"
        )
    atomic_write_bytes(target, data)
    return target
