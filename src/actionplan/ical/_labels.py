"""The words calendar objects carry, in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from actionplan._language import Language
from actionplan._language import language_of as check_language
from actionplan.model import ProgressState

__all__ = ["LABELS", "STATE_LABELS", "Language", "check_language"]


LABELS: Final[Mapping[Language, Mapping[str, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                "plan": "Kế hoạch",
                "section": "Mục",
                "lead": "Chủ trì",
                "coordinating": "Phối hợp",
                "deadline": "Thời hạn",
                "extended": "gia hạn ngày",
                "original": "thời hạn ban đầu",
                "deliverable": "Sản phẩm",
                "progress": "Tình trạng",
                "updated": "cập nhật",
                "done_on": "hoàn thành ngày",
                "note": "Ghi chú",
                "key": "Nhiệm vụ trọng tâm",
                "reminder": "Nhắc việc",
                "overdue": "Quá hạn",
                "due": "hạn",
                "no_deadline": "không có thời hạn cụ thể",
                "recurring": "định kỳ",
                "from": "từ",
                "cycle": "kỳ hạn",
                "tasks": "nhiệm vụ",
            }
        ),
        "en": MappingProxyType(
            {
                "plan": "Plan",
                "section": "Section",
                "lead": "Lead unit",
                "coordinating": "Coordinating",
                "deadline": "Deadline",
                "extended": "extended on",
                "original": "original deadline",
                "deliverable": "Deliverable",
                "progress": "Progress",
                "updated": "updated",
                "done_on": "done on",
                "note": "Note",
                "key": "Key task",
                "reminder": "Reminder",
                "overdue": "Overdue",
                "due": "due",
                "no_deadline": "no fixed deadline",
                "recurring": "recurring",
                "from": "from",
                "cycle": "occurrence due",
                "tasks": "tasks",
            }
        ),
    }
)

STATE_LABELS: Final[Mapping[Language, Mapping[ProgressState | None, str]]] = MappingProxyType(
    {
        "vi": MappingProxyType(
            {
                None: "Chưa có báo cáo",
                ProgressState.NOT_STARTED: "Chưa thực hiện",
                ProgressState.IN_PROGRESS: "Đang thực hiện",
                ProgressState.DONE: "Đã hoàn thành",
                ProgressState.SUSPENDED: "Tạm dừng",
                ProgressState.CANCELLED: "Đã hủy",
            }
        ),
        "en": MappingProxyType(
            {
                None: "No report yet",
                ProgressState.NOT_STARTED: "Not started",
                ProgressState.IN_PROGRESS: "In progress",
                ProgressState.DONE: "Done",
                ProgressState.SUSPENDED: "Suspended",
                ProgressState.CANCELLED: "Cancelled",
            }
        ),
    }
)
