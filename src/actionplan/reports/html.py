"""The HTML report: one self-contained page for a meeting room and for paper.

The page holds everything it needs: the stylesheet inline, the chart of statuses
by unit as inline SVG (with a title, a description in words and text labels, so it
reads without JavaScript, printed, or through a screen reader), no script, no
external font, image or link. Large type and high contrast on screen; an A4 layout
with repeated table headers under ``@media print``.

Rendered from ``report.html.j2`` and ``report.css`` (replaceable, see
:mod:`actionplan.reports.templating`), with Jinja2 autoescaping: every text that
comes from a plan is HTML-escaped.
"""

from __future__ import annotations

from actionplan.reports.chart import Bar, Series, stacked_bars
from actionplan.reports.options import RenderOptions
from actionplan.reports.templating import render_template, template_context
from actionplan.reports.view import ReportView, build_view
from actionplan.status import Review, StatusReport

__all__ = ["chart_svg", "render"]


def chart_svg(view: ReportView, *, standalone: bool = False) -> str:
    """The chart of the report's categories by lead unit, as SVG markup.

    ``standalone=True`` adds the ``xmlns`` declaration a separate ``.svg`` file needs.
    """
    series = [Series(c.key, c.label, c.colour) for c in view.categories]
    bars = [Bar(unit.name, unit.counts) for unit in view.units]
    return stacked_bars(
        bars,
        series,
        title=view.labels["chart_title"],
        language=view.language,
        empty_text=view.labels["chart_empty"],
        standalone=standalone,
    )


def render(report: StatusReport | Review, options: RenderOptions) -> str:
    """The HTML page of ``report``."""
    view = build_view(report, language=options.language, head=options.head, subject=options.subject)
    context = template_context(report, view, chart_svg(view))
    return render_template("html", context, language=view.language, template=options.template)
