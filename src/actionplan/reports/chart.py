"""Inline SVG charts that read without JavaScript, projected, printed or spoken.

:func:`stacked_bars` draws one horizontal bar per row (a unit), split into coloured
segments (the statuses). Every bar carries its label and total as text, every
segment wide enough its count, and every segment a ``<title>``; the chart has a
``<title>`` and a ``<desc>`` that says in words what the bars show, so a screen
reader or a text-only print loses nothing. All text is XML-escaped. The output is
deterministic: the same rows give the same bytes.

>>> series = [Series("done", "Hoàn thành", "#1b7f3b"), Series("late", "Quá hạn", "#b3261e")]
>>> svg = stacked_bars([Bar("Chi bộ 1", (3, 1)), Bar("Chi bộ <2>", (0, 2))], series,
...                    title="Nhiệm vụ theo đơn vị")
>>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
True
>>> "Chi bộ &lt;2&gt;" in svg and "<2>" not in svg
True
>>> "Chi bộ 1 — Hoàn thành: 3; Quá hạn: 1." in svg
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

import attrs

from actionplan.errors import ReportError
from actionplan.reports.formatting import format_number

__all__ = ["Bar", "Series", "stacked_bars", "text_colour"]


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


@attrs.frozen
class Series:
    """One segment kind: a key (a CSS class suffix), a label and a fill colour ``#rrggbb``."""

    key: str
    label: str
    colour: str


@attrs.frozen
class Bar:
    """One bar: its label and one value per series, in the series' order."""

    label: str
    values: tuple[int, ...] = attrs.field(converter=_ints)


def text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance).

    >>> text_colour("#ffffff"), text_colour("#1b7f3b"), text_colour("#f2c94c")
    ('#000000', '#ffffff', '#000000')
    """
    if len(fill) != 7 or not fill.startswith("#"):
        raise ReportError(f"colour {fill!r} is not of the form #rrggbb")

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(fill[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    # Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05).
    return "#000000" if (luminance + 0.05) ** 2 > 0.0525 else "#ffffff"


def _a(value: str) -> str:
    return escape(value, quote=True)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def stacked_bars(
    bars: Sequence[Bar],
    series: Sequence[Series],
    *,
    title: str,
    language: str = "vi",
    width: int = 960,
    id_prefix: str = "chart",
    empty_text: str | None = None,
    standalone: bool = True,
) -> str:
    """An SVG of horizontal stacked bars, one per ``bars`` item, scaled to the longest.

    ``language`` formats the numbers; ``id_prefix`` keeps element ids unique when a
    page holds several charts; ``empty_text`` is drawn when there are no bars.
    ``standalone=False`` leaves out the ``xmlns`` declaration, which SVG inline in
    HTML does not need (the page then holds no URL at all).
    """
    for bar in bars:
        if len(bar.values) != len(series):
            raise ReportError(
                f"bar {bar.label!r} has {len(bar.values)} values for {len(series)} series; "
                "give one value per series"
            )
        if any(v < 0 for v in bar.values):
            raise ReportError(f"bar {bar.label!r} has a negative value: {bar.values}")

    def n(value: int) -> str:
        return format_number(value, language)

    pad, label_h, bar_h, gap, total_w = 16, 24, 32, 14, 72
    plot_w = width - 2 * pad - total_w
    scale_max = max((sum(bar.values) for bar in bars), default=0) or 1
    row_h = label_h + bar_h + gap
    top = pad + 36
    legend_top = top + max(len(bars), 1) * row_h + 8
    legend_rows = (len(series) + 2) // 3
    height = legend_top + legend_rows * 30 + pad

    sentences = []
    for bar in bars:
        parts = [f"{s.label}: {n(v)}" for s, v in zip(series, bar.values, strict=True) if v]
        sentences.append(f"{bar.label} — {'; '.join(parts) if parts else n(0)}.")
    desc = " ".join(sentences) if sentences else (empty_text or "")

    xmlns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out = [
        f'<svg{xmlns} class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{_a(id_prefix)}-title {_a(id_prefix)}-desc">',
        f'<title id="{_a(id_prefix)}-title">{_a(title)}</title>',
        f'<desc id="{_a(id_prefix)}-desc">{_a(desc)}</desc>',
        f'<text x="{pad}" y="{pad + 18}" class="chart-title" font-size="20" '
        f'font-weight="bold" fill="#000000">{_a(title)}</text>',
    ]
    if not bars and empty_text:
        out.append(
            f'<text x="{pad}" y="{top + label_h}" font-size="16" fill="#000000">'
            f"{_a(empty_text)}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row_h
        total = sum(bar.values)
        out.append(f'<g class="chart-row" aria-label="{_a(sentences[index])}">')
        out.append(
            f'<text x="{pad}" y="{y + 18}" font-size="16" fill="#000000">{_a(bar.label)}</text>'
        )
        x = float(pad)
        bar_y = y + label_h
        for s, value in zip(series, bar.values, strict=True):
            if not value:
                continue
            w = plot_w * value / scale_max
            out.append(
                f'<rect class="seg seg-{_a(s.key)}" x="{_num(x)}" y="{bar_y}" '
                f'width="{_num(w)}" height="{bar_h}" fill="{_a(s.colour)}">'
                f"<title>{_a(f'{bar.label} — {s.label}: {n(value)}')}</title></rect>"
            )
            label = n(value)
            if w >= 12 * len(label) + 8:
                out.append(
                    f'<text x="{_num(x + w / 2)}" y="{bar_y + 22}" font-size="16" '
                    f'text-anchor="middle" fill="{text_colour(s.colour)}">{label}</text>'
                )
            x += w
        out.append(
            f'<text x="{_num(x + 8)}" y="{bar_y + 22}" font-size="16" font-weight="bold" '
            f'fill="#000000">{n(total)}</text>'
        )
        out.append("</g>")
    col_w = (width - 2 * pad) / 3
    for index, s in enumerate(series):
        lx = pad + (index % 3) * col_w
        ly = legend_top + (index // 3) * 30
        count = sum(bar.values[index] for bar in bars)
        out.append(
            f'<rect x="{_num(lx)}" y="{ly}" width="18" height="18" fill="{_a(s.colour)}" '
            f'stroke="#000000" stroke-width="0.5"/>'
            f'<text x="{_num(lx + 26)}" y="{ly + 15}" font-size="15" fill="#000000">'
            f"{_a(s.label)} ({n(count)})</text>"
        )
    out.append("</svg>")
    return "\n".join(out)
