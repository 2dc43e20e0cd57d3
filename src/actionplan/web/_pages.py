"""The server's own pages: the index of plans and feeds, and the error pages.

Small, self-contained HTML in Vietnamese or English: no script, no external
resource, a few lines of inline style (the pages are served with a
``Content-Security-Policy`` that forbids everything else). Every text that comes
from a plan, a file or the request is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

from actionplan._language import Language
from actionplan.web._catalog import Catalog, ServedPlan

__all__ = ["LABELS", "Language", "error_page", "index_page"]

LABELS: Final[Mapping[Language, Mapping[str, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                "index_title": "Lịch và báo cáo tình hình thực hiện kế hoạch",
                "intro": (
                    "Máy chủ chỉ đọc: mỗi đường dẫn dưới đây luôn cho số liệu mới nhất "
                    "của tệp kế hoạch. Để nhận nhắc việc, thêm lịch theo địa chỉ (URL) "
                    "trong Thunderbird, Outlook, Google Calendar hoặc ứng dụng lịch trên "
                    "điện thoại và dán đường dẫn của lịch."
                ),
                "modes": (
                    "Lịch nhiệm vụ (VTODO) dành cho ứng dụng có danh sách việc cần làm "
                    "(Thunderbird, Nextcloud Tasks, DAVx5); lịch sự kiện (VEVENT) dành cho "
                    "Google Calendar và Outlook."
                ),
                "options": (
                    "Thêm ?as_of=YYYY-MM-DD để tính số liệu đến một ngày, ?lang=en để xem "
                    "bằng tiếng Anh."
                ),
                "file": "Tệp",
                "feeds": "Lịch",
                "whole_plan": "Cả kế hoạch",
                "status_html": "Báo cáo tình hình",
                "status_json": "Số liệu JSON",
                "tasks_ics": "Lịch nhiệm vụ",
                "events_ics": "Lịch sự kiện",
                "no_plans": "Chưa có kế hoạch nào để phục vụ.",
                "problems": "Tệp có lỗi",
                "stale": "vẫn phục vụ bản đọc được gần nhất",
                "home": "Về trang đầu",
                "served_plans": "Các kế hoạch đang phục vụ",
                "units_of_plan": "Các đơn vị của kế hoạch",
                "none": "(không có)",
                "urls": "Các đường dẫn",
            }
        ),
        "en": MappingProxyType(
            {
                "index_title": "Plan calendars and status reports",
                "intro": (
                    "A read-only server: each link below always gives the latest figures "
                    "of the plan file. To get reminders, subscribe to a calendar by URL in "
                    "Thunderbird, Outlook, Google Calendar or a phone's calendar app and "
                    "paste the calendar's link."
                ),
                "modes": (
                    "Task calendars (VTODO) are for apps with to-do lists (Thunderbird, "
                    "Nextcloud Tasks, DAVx5); event calendars (VEVENT) for Google Calendar "
                    "and Outlook."
                ),
                "options": (
                    "Add ?as_of=YYYY-MM-DD for the figures on a given date, ?lang=vi for "
                    "Vietnamese."
                ),
                "file": "File",
                "feeds": "Calendars",
                "whole_plan": "Whole plan",
                "status_html": "Status report",
                "status_json": "JSON data",
                "tasks_ics": "Tasks",
                "events_ics": "Events",
                "no_plans": "No plan is being served yet.",
                "problems": "Files with problems",
                "stale": "the last version that loaded is still served",
                "home": "Back to the index",
                "served_plans": "Plans served",
                "units_of_plan": "The plan's units",
                "none": "(none)",
                "urls": "URLs",
            }
        ),
    }
)
"""The words of the server's pages."""

URL_LAYOUT: Final = (
    "/",
    "/plans/{plan}/status.html",
    "/plans/{plan}/status.json",
    "/plans/{plan}/tasks.ics",
    "/plans/{plan}/events.ics",
    "/plans/{plan}/units/{unit}/tasks.ics",
    "/plans/{plan}/units/{unit}/events.ics",
)
"""Every URL the server answers (``{plan}`` and ``{unit}``: the slugs of their ids)."""

_STYLE: Final = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;color:#111;background:#fff}"
    "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccc}"
    "code{font-size:.9em}.muted{color:#555}.problem{color:#8b0000}"
    "pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}"
)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: Iterable[str], language: Language) -> str:
    return "".join(
        [
            "<!DOCTYPE html>\n",
            f'<html lang="{language}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n",
            *body,
            "</body></html>\n",
        ]
    )


def _link(href: str, text: str) -> str:
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def _plan_section(served: ServedPlan, base: str, query: str, words: Mapping[str, str]) -> str:
    plan = served.plan
    root = f"{base}/plans/{served.slug}"
    parts = [
        f"<h2>{_e(plan.title)}</h2>",
        f'<p class="muted">{_e(plan.id)} · {_e(words["file"])}: <code>{_e(served.file)}</code>',
    ]
    if served.problem is not None:
        parts.append(f' · <span class="problem">{_e(words["stale"])}</span>')
    parts.append("</p><p>")
    parts.append(_link(f"{root}/status.html{query}", words["status_html"]))
    parts.append(" · ")
    parts.append(_link(f"{root}/status.json{query}", words["status_json"]))
    parts.append("</p><table><thead><tr>")
    parts.append(
        f'<th scope="col">{_e(words["feeds"])}</th><th scope="col">VTODO</th>'
        '<th scope="col">VEVENT</th></tr></thead><tbody>'
    )
    rows = [(words["whole_plan"], root)] + [
        (plan.unit_name(unit_id), f"{root}/units/{unit_slug}")
        for unit_slug, unit_id in served.units.items()
    ]
    for name, prefix in rows:
        parts.append(
            f"<tr><td>{_e(name)}</td>"
            f"<td>{_link(f'{prefix}/tasks.ics{query}', words['tasks_ics'])}</td>"
            f"<td>{_link(f'{prefix}/events.ics{query}', words['events_ics'])}</td></tr>"
        )
    parts.append("</tbody></table>\n")
    return "".join(parts)


def index_page(catalog: Catalog, *, base: str, query: str, language: Language) -> str:
    """The index: every plan served, with the links to its reports and feeds.

    ``base`` is the path the application is mounted at (``""`` at the root);
    ``query`` (``""`` or ``"?lang=en"`` …) is added to every link.
    """
    words = LABELS[language]
    body = [
        f"<h1>{_e(words['index_title'])}</h1>\n",
        f"<p>{_e(words['intro'])}</p>\n<p>{_e(words['modes'])}</p>\n",
        f'<p class="muted">{_e(words["options"])}</p>\n',
    ]
    if not catalog.plans:
        body.append(f"<p>{_e(words['no_plans'])}</p>\n")
    body.extend(_plan_section(p, base, query, words) for p in catalog.plans.values())
    if catalog.problems:
        body.append(f'<h2 class="problem">{_e(words["problems"])}</h2>\n')
        for problem in catalog.problems:
            stale = f" ({_e(words['stale'])})" if problem.stale else ""
            body.append(
                f"<p><code>{_e(problem.file)}</code>{stale}</p><pre>{_e(problem.message)}</pre>\n"
            )
    return _page(words["index_title"], body, language)


def error_page(
    title: str,
    message: str,
    *,
    base: str,
    query: str,
    language: Language,
    choices: tuple[str, Sequence[tuple[str, str]]] | None = None,
    layout: bool = False,
) -> str:
    """A small error page: its title, what went wrong, and where to go instead.

    ``choices``: a heading and ``(text, href)`` links (the plans or units there
    are); ``layout``: list the URLs the server answers.
    """
    words = LABELS[language]
    body = [f"<h1>{_e(title)}</h1>\n<p>{_e(message)}</p>\n"]
    if choices is not None:
        heading, links = choices
        body.append(f"<h2>{_e(heading)}</h2>\n<ul>")
        body.extend(f"<li>{_link(href + query, text)}</li>" for text, href in links)
        if not links:
            body.append(f"<li>{_e(words['none'])}</li>")
        body.append("</ul>\n")
    if layout:
        body.append(f"<h2>{_e(words['urls'])}</h2>\n<ul>")
        body.extend(f"<li><code>{_e(base + url)}</code></li>" for url in URL_LAYOUT)
        body.append("</ul>\n")
    body.append(f"<p>{_link(base + '/' + query, words['home'])}</p>\n")
    return _page(title, body, language)
