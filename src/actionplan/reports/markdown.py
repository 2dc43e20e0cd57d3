"""The Markdown report: the review as headings, sentences and pipe tables.

Rendered from the template ``report.md.j2`` (replaceable, see
:mod:`actionplan.reports.templating`); every value is Markdown-escaped, so a task
title cannot break a table or inject markup.
"""

from __future__ import annotations

from actionplan.reports.options import RenderOptions
from actionplan.reports.templating import render_template, template_context
from actionplan.reports.view import build_view
from actionplan.status import Review, StatusReport

__all__ = ["render"]


def render(report: StatusReport | Review, options: RenderOptions) -> str:
    """The Markdown text of ``report``."""
    view = build_view(report, language=options.language, head=options.head, subject=options.subject)
    context = template_context(report, view)
    return render_template("md", context, language=view.language, template=options.template)
