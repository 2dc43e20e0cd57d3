"""The words reports print around the data, in Vietnamese and English.

Status names, rate names and formulas come from :mod:`actionplan.status`; this
module holds the headings, column names and phrases of the reports themselves.

>>> label("unit"), label("unit", "en")
('Đơn vị', 'Unit')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from actionplan.reports.formatting import check_language

__all__ = ["LABELS", "label"]

_VI: Final = {
    "report": "Báo cáo",
    "as_of": "Tính đến ngày",
    "period": "Kỳ báo cáo",
    "plans": "Kế hoạch",
    "plan": "Kế hoạch",
    "summary": "Tổng hợp kết quả",
    "results": "Kết quả thực hiện",
    "rates": "Các tỷ lệ",
    "rate": "Tỷ lệ",
    "formula": "Cách tính",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "value": "Giá trị",
    "by_unit": "Kết quả theo đơn vị chủ trì",
    "chart_title": "Tình trạng nhiệm vụ theo đơn vị chủ trì",
    "chart_empty": "Không có nhiệm vụ",
    "overdue_list": "Nhiệm vụ chưa hoàn thành, quá hạn",
    "overdue_none": "Không có nhiệm vụ quá hạn.",
    "due_soon_list": "Nhiệm vụ sắp đến hạn",
    "due_soon_none": "Không có nhiệm vụ sắp đến hạn.",
    "overdue_ages": "Thời gian quá hạn",
    "targets": "Chỉ tiêu",
    "indicator": "Chỉ tiêu",
    "target": "Mục tiêu",
    "latest": "Kết quả mới nhất",
    "met": "Đánh giá",
    "met_yes": "Đạt",
    "met_no": "Chưa đạt",
    "met_unknown": "Chưa có số liệu",
    "all_tasks": "Danh sách nhiệm vụ",
    "appendix": "Phụ lục",
    "appendix_title": "DANH SÁCH NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN",
    "review": "Kết quả trong kỳ",
    "due_in_period": "Nhiệm vụ đến hạn trong kỳ",
    "done_in_period": "Nhiệm vụ hoàn thành trong kỳ",
    "carried_over": "Nhiệm vụ chuyển từ kỳ trước",
    "still_open": "Nhiệm vụ còn tồn đọng",
    "no": "STT",
    "id": "Mã",
    "task": "Nội dung nhiệm vụ",
    "unit": "Đơn vị",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
    "deadline": "Thời hạn",
    "deadline_text": "Thời hạn (theo kế hoạch)",
    "due": "Hạn hoàn thành",
    "original_due": "Hạn ban đầu",
    "extended": "Đã gia hạn",
    "status": "Tình trạng",
    "done_on": "Ngày hoàn thành",
    "days": "Số ngày",
    "percent": "Tiến độ",
    "note": "Ghi chú",
    "deliverable": "Sản phẩm",
    "section": "Mục",
    "key": "Trọng tâm",
    "total": "Tổng số",
    "done": "Đã hoàn thành",
    "overdue": "Quá hạn",
    "count": "Số lượng",
    "completion_rate": "Tỷ lệ hoàn thành",
    "total_row": "Tổng cộng",
    "recipients": "Nơi nhận:",
    "notes": "Ghi chú",
    "yes": "Có",
    "no_value": "—",
    "before_strict": (
        "Thời hạn ghi “trước ngày D” được hiểu là hạn cuối ngày D − 1 (theo Bộ luật Dân sự 2015)."
    ),
    "before_inclusive": "Thời hạn ghi “trước ngày D” được hiểu là hạn cuối chính ngày D.",
    "truncation": "Các tỷ lệ phần trăm được lấy đến hai chữ số thập phân, không làm tròn.",
    "generated": "Báo cáo được lập từ dữ liệu kế hoạch; số liệu tính đến ngày",
    "summary_sheet": "Tổng hợp",
    "tasks_sheet": "Nhiệm vụ",
}

_EN: Final = {
    "report": "Report",
    "as_of": "As of",
    "period": "Reporting period",
    "plans": "Plans",
    "plan": "Plan",
    "summary": "Summary",
    "results": "Results",
    "rates": "Rates",
    "rate": "Rate",
    "formula": "Formula",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "value": "Value",
    "by_unit": "Results by lead unit",
    "chart_title": "Task status by lead unit",
    "chart_empty": "No tasks",
    "overdue_list": "Overdue tasks",
    "overdue_none": "No task is overdue.",
    "due_soon_list": "Tasks due soon",
    "due_soon_none": "No task is due soon.",
    "overdue_ages": "Time overdue",
    "targets": "Targets",
    "indicator": "Indicator",
    "target": "Target",
    "latest": "Latest value",
    "met": "Assessment",
    "met_yes": "Met",
    "met_no": "Not met",
    "met_unknown": "No data yet",
    "all_tasks": "All tasks",
    "appendix": "Appendix",
    "appendix_title": "TASKS AND THEIR STATUS",
    "review": "The period",
    "due_in_period": "Tasks due in the period",
    "done_in_period": "Tasks completed in the period",
    "carried_over": "Tasks carried over from earlier periods",
    "still_open": "Tasks still open",
    "no": "No.",
    "id": "ID",
    "task": "Task",
    "unit": "Unit",
    "lead": "Lead unit",
    "coordinating": "Coordinating units",
    "deadline": "Deadline",
    "deadline_text": "Deadline (as written)",
    "due": "Due",
    "original_due": "Originally due",
    "extended": "Extended",
    "status": "Status",
    "done_on": "Completed on",
    "days": "Days",
    "percent": "Progress",
    "note": "Note",
    "deliverable": "Deliverable",
    "section": "Section",
    "key": "Key task",
    "total": "Total",
    "done": "Done",
    "overdue": "Overdue",
    "count": "Count",
    "completion_rate": "Completion rate",
    "total_row": "Total",
    "recipients": "Recipients:",
    "notes": "Notes",
    "yes": "Yes",
    "no_value": "—",
    "before_strict": (
        "A deadline written “before day D” is read as due by the end of day D − 1 "
        "(Civil Code 2015)."
    ),
    "before_inclusive": "A deadline written “before day D” is read as due by the end of day D.",
    "truncation": "Percentages are truncated to two decimals, not rounded.",
    "generated": "Computed from the plan data; figures as of",
    "summary_sheet": "Summary",
    "tasks_sheet": "Tasks",
}

LABELS: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {"vi": MappingProxyType(_VI), "en": MappingProxyType(_EN)}
)
"""Every label by language, then by key; both languages have the same keys."""


def label(key: str, language: str = "vi") -> str:
    """The label ``key`` in ``language``; :class:`KeyError` naming the key if unknown."""
    return LABELS[check_language(language)][key]
