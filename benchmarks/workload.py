"""Synthetic but realistic workloads for the benchmarks.

A plan here looks like the plans offices issue (see ``examples/reference/plan.yaml``):
Vietnamese task titles built from the verbs and objects real plans use, a few dozen
units (party cells, departments, agencies), sections, and the deadline column's
mix of phrases — fixed dates ("Trước ngày 15/12/2024"), ends of periods ("Quý
III/2024", "6 tháng cuối năm 2024"), periods counted from signature ("Trong thời
hạn 30 ngày kể từ ngày ký", "10 ngày làm việc …"), recurring ones ("Trước ngày 20
hằng tháng", "Hằng quý"), ongoing work ("Thường xuyên"), no date ("Khẩn trương"),
events ("Trước Tết Nguyên đán 2025") and none at all. Tasks carry progress updates
(in progress with a percent, done, suspended, cancelled; some with notes) and some
have their deadline extended by a letter.

Everything comes from a seeded :class:`random.Random`, so a size and a seed always
give the same plan. Deadlines are read from their phrases with
:func:`actionplan.parse_deadline`, exactly as the loader reads them, so a plan
written to a file and read back is the same plan.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata

from actionplan.deadlines import Deadline
from actionplan.model import (
    ActionPlan,
    Document,
    Extension,
    PlanPolicy,
    Priority,
    ProgressUpdate,
    Section,
    Task,
    Unit,
)
from actionplan.periods import ReportingPeriod
from actionplan.phrases import parse_deadline
from actionplan.refs import DocumentKind, DocumentRef

__all__ = ["AS_OF", "ISSUED_ON", "make_plan", "make_plans"]

ISSUED_ON = dt.date(2024, 1, 12)
"""The date every generated plan is issued on."""
AS_OF = dt.date(2024, 10, 15)
"""The cut-off date the benchmarks evaluate on (progress is generated up to it)."""

_VERBS = (
    "Tổ chức",
    "Triển khai",
    "Tuyên truyền, phổ biến",
    "Rà soát, đánh giá",
    "Xây dựng",
    "Kiện toàn",
    "Tham mưu ban hành",
    "Đẩy mạnh",
    "Hoàn thiện",
    "Kiểm tra, giám sát việc thực hiện",
    "Sơ kết",
    "Tổng kết",
    "Báo cáo kết quả",
    "Học tập, quán triệt",
    "Đôn đốc",
)
_OBJECTS = (
    "Nghị quyết số {n}-NQ/TW của Bộ Chính trị",
    "Chỉ thị số {n}-CT/TW của Ban Bí thư",
    "Kết luận số {n}-KL/TW",
    "Kế hoạch chuyển đổi số",
    "quy chế làm việc của Đảng ủy",
    "đề án phát triển khoa học, công nghệ và đổi mới sáng tạo",
    "chương trình hỗ trợ doanh nghiệp đổi mới công nghệ",
    "công tác phát triển đảng viên mới",
    "thủ tục hành chính thuộc thẩm quyền giải quyết của Sở",
    "hệ thống quản lý văn bản và điều hành",
    "công tác cải cách hành chính",
    "nhiệm vụ nghiên cứu khoa học cấp tỉnh",
    "quy hoạch cán bộ nhiệm kỳ 2025-2030",
    "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác phòng, chống tham nhũng, lãng phí",
)
_PLACES = (
    "",
    " tại các chi bộ trực thuộc",
    " đến cán bộ, đảng viên",
    " trong toàn Đảng bộ",
    " năm 2024",
    " giai đoạn 2025-2030",
    " 6 tháng cuối năm",
    " tại các đơn vị sự nghiệp",
)
_DELIVERABLES = (
    None,
    "Báo cáo kết quả thực hiện",
    "Kế hoạch triển khai",
    "Tờ trình Ban Thường vụ",
    "Quyết định ban hành",
    "Biên bản kiểm tra",
    "Danh sách đề xuất",
)
_NOTES = (
    None,
    None,
    "Đã tổ chức hội nghị quán triệt",
    "Chờ ý kiến của cấp trên",
    "Đã hoàn thành dự thảo, đang lấy ý kiến",
    "Đăng 46 tin, bài trên Cổng thông tin điện tử",
    "Còn 2 đơn vị chưa báo cáo",
)
_UNIT_KINDS = (
    ("cb", "Chi bộ", "party_cell"),
    ("phong", "Phòng", "department"),
    ("tt", "Trung tâm", "agency"),
)
_UNIT_NAMES = (
    "Văn phòng",
    "Quản lý khoa học",
    "Quản lý công nghệ",
    "Kế hoạch - Tài chính",
    "Thanh tra",
    "Sở hữu trí tuệ",
    "Tiêu chuẩn - Đo lường - Chất lượng",
    "Ứng dụng tiến bộ khoa học",
    "Thông tin và Thống kê",
    "Sáng kiến cộng đồng",
)
_SECTIONS = (
    "Công tác chính trị, tư tưởng",
    "Lãnh đạo thực hiện nhiệm vụ chính trị, chuyên môn",
    "Công tác xây dựng tổ chức đảng và đảng viên",
    "Công tác kiểm tra, giám sát",
    "Công tác dân vận",
)
_ROMAN = ("I", "II", "III", "IV")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _phrase(rng: random.Random) -> str | None:
    """A deadline phrase as a plan's deadline column holds it (``None``: no deadline)."""
    roll = rng.random()
    year = rng.choice((2024, 2024, 2024, 2025))
    if roll < 0.38:
        day, month = rng.randint(1, 28), rng.randint(2, 12)
        form = rng.randrange(40)
        if form == 3:  # a time of day: written in the plan's time zone, with a VTIMEZONE
            return f"Trước 17h00 ngày {day}/{month}/{year}"
        form %= 3
        if form == 0:
            return f"Trước ngày {day}/{month}/{year}"
        if form == 1:
            return f"Chậm nhất ngày {day:02d}/{month:02d}/{year}"
        return f"Hoàn thành ngày {day}/{month}/{year}"
    if roll < 0.62:
        form = rng.randrange(4)
        if form == 0:
            return f"Quý {rng.choice(_ROMAN)}/{year}"
        if form == 1:
            return f"Tháng {rng.randint(1, 12)}/{year}"
        if form == 2:
            return rng.choice(("6 tháng đầu năm", "6 tháng cuối năm")) + f" {year}"
        return f"Năm {year}"
    if roll < 0.70:
        days = rng.choice((10, 15, 30, 45, 60, 90))
        if rng.random() < 0.5:
            return f"{days} ngày làm việc kể từ ngày ký"
        return f"Trong thời hạn {days} ngày kể từ ngày ký"
    if roll < 0.75:
        return rng.choice(
            ("Trước ngày 20 hằng tháng", "Hằng quý", "Hằng năm", "Định kỳ 6 tháng", "Hằng tháng")
        )
    if roll < 0.85:
        return rng.choice(("Thường xuyên", "Thường xuyên, liên tục"))
    if roll < 0.90:
        return rng.choice(("Khẩn trương", "Theo yêu cầu", "Ngay"))
    if roll < 0.92:
        return "Trước Tết Nguyên đán 2025"
    return None


@functools.lru_cache(maxsize=4096)
def _deadline(text: str) -> Deadline:
    # The loader reads a phrase with the plan's date of issue; so does the generator.
    return parse_deadline(_nfc(text), issued_on=ISSUED_ON)


def _later_phrase(rng: random.Random) -> str:
    return rng.choice(("Quý I/2025", "Quý II/2025", "Tháng 6/2025", "6 tháng đầu năm 2025"))


def _updates(rng: random.Random, lead: str | None) -> list[ProgressUpdate]:
    count = rng.choice((0, 0, 1, 1, 2, 2, 3))
    span = (AS_OF - ISSUED_ON).days + 60  # some updates come after the cut-off date
    dates = sorted(ISSUED_ON + dt.timedelta(days=rng.randrange(1, span)) for _ in range(count))
    updates: list[ProgressUpdate] = []
    percent = 0
    for index, date in enumerate(dates):
        last = index == count - 1
        roll = rng.random()
        if last and roll < 0.45:
            updates.append(ProgressUpdate(date, "done", note=rng.choice(_NOTES), reported_by=lead))
        elif last and roll < 0.50:
            updates.append(
                ProgressUpdate(date, rng.choice(("suspended", "cancelled")), reported_by=lead)
            )
        else:
            percent = min(95, percent + rng.choice((10, 20, 30)))
            updates.append(
                ProgressUpdate(
                    date, "in_progress", percent=percent, note=rng.choice(_NOTES), reported_by=lead
                )
            )
    return updates


def _units(rng: random.Random, count: int) -> list[Unit]:
    units = [Unit("dang-uy", "Đảng ủy Sở Khoa học và Công nghệ", "party_committee")]
    for i in range(1, count):
        prefix, label, kind = _UNIT_KINDS[i % len(_UNIT_KINDS)]
        name = _UNIT_NAMES[i % len(_UNIT_NAMES)]
        units.append(Unit(f"{prefix}-{i}", _nfc(f"{label} {name} {i}"), kind, parent="dang-uy"))
    return units


def make_plan(
    tasks: int, *, seed: int = 0, plan_id: str = "kh-bench", units: int = 30
) -> ActionPlan:
    """A plan of ``tasks`` tasks, the same for the same arguments.

    >>> plan = make_plan(20)
    >>> len(plan.tasks), plan.tasks[0].id
    (20, 't1')
    """
    rng = random.Random(f"{plan_id}/{seed}")
    unit_list = _units(rng, units)
    unit_ids = [u.id for u in unit_list]
    sections = [Section(f"s{i + 1}", title) for i, title in enumerate(_SECTIONS)]
    task_list: list[Task] = []
    for i in range(1, tasks + 1):
        lead = rng.choice(unit_ids)
        others = [u for u in unit_ids if u != lead]
        coordinating = rng.sample(others, rng.choice((0, 1, 2, 2, 3, 4)))
        title = _nfc(
            f"{rng.choice(_VERBS)} "
            + rng.choice(_OBJECTS).format(n=rng.randint(1, 80))
            + rng.choice(_PLACES)
        )
        phrase = _phrase(rng)
        deadline = None if phrase is None else _deadline(phrase)
        extensions: list[Extension] = []
        if phrase is not None and rng.random() < 0.05:
            granted = ISSUED_ON + dt.timedelta(days=rng.randrange(30, 300))
            extensions.append(
                Extension(
                    granted,
                    _deadline(_later_phrase(rng)),
                    approved_by=DocumentRef.parse(f"{rng.randint(100, 999)}-CV/ĐU"),
                    reason=_nfc("Chờ ý kiến của cấp trên"),
                )
            )
        task_list.append(
            Task(
                id=f"t{i}",
                title=title,
                lead=lead,
                coordinating=coordinating,
                deadline=deadline,
                deliverable=rng.choice(_DELIVERABLES),
                section=rng.choice(sections).id,
                key=rng.random() < 0.2,
                priority=rng.choice((Priority.NORMAL,) * 6 + (Priority.HIGH, Priority.LOW)),
                updates=_updates(rng, lead),
                extensions=extensions,
            )
        )
    return ActionPlan(
        id=plan_id,
        title=_nfc("Thực hiện nhiệm vụ trọng tâm năm 2024"),
        document=Document(
            DocumentKind.PLAN,
            ref=DocumentRef.parse(_nfc(f"{45 + seed % 900}-KH/ĐU")),
            issuer=_nfc("Ban Thường vụ Đảng ủy Sở Khoa học và Công nghệ"),
            issued_on=ISSUED_ON,
            place=_nfc("Bình Dương"),
        ),
        period=ReportingPeriod.whole_year(2024),
        policy=PlanPolicy(due_soon_days=5),
        units=unit_list,
        sections=sections,
        tasks=task_list,
    )


def make_plans(plans: int, tasks: int, *, seed: int = 0) -> list[ActionPlan]:
    """``plans`` different plans of ``tasks`` tasks each (ids ``kh-0001`` …)."""
    return [
        make_plan(tasks, seed=seed + i, plan_id=f"kh-{i + 1:04d}", units=12) for i in range(plans)
    ]
