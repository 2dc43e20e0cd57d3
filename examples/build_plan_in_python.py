"""Build a plan with the model classes, evaluate it, and print it as a plan file.

The plan is the kind a party cell issues to implement a directive: two sections,
four tasks with deadlines written as the plan writes them, some progress and one
extension. The script shows that a plan made in Python is the same plan a file
holds: it prints the YAML that ``actionplan`` commands read, and checks that reading
it back gives the same plan.

    python examples/build_plan_in_python.py

It writes no file: the YAML goes to standard output.
"""

from __future__ import annotations

import datetime as dt
import sys

from actionplan import (
    ActionPlan,
    Deadline,
    Document,
    DocumentKind,
    DocumentRef,
    Extension,
    PlanPolicy,
    ProgressUpdate,
    Section,
    Task,
    Unit,
    UnitKind,
    parse_deadline,
)
from actionplan.dates import format_date
from actionplan.files import dumps_plan, loads_plan
from actionplan.status import evaluate

ISSUED = dt.date(2025, 3, 3)
AS_OF = dt.date(2025, 6, 30)


def deadline(text: str) -> Deadline:
    """A deadline phrase read as the plan's file would read it."""
    return parse_deadline(text, issued_on=ISSUED)


def build() -> ActionPlan:
    """The plan of Chi bộ 1 implementing directive 35-CT/TW."""
    return ActionPlan(
        id="kh12-cb1",
        title="Thực hiện Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp",
        document=Document(
            DocumentKind.PLAN,
            ref=DocumentRef.parse("12-KH/CB"),
            issuer="Chi bộ Văn phòng Sở",
            issued_on=ISSUED,
            place="Bình Dương",
        ),
        implements=[
            Document(
                DocumentKind.DIRECTIVE,
                ref=DocumentRef.parse("35-CT/TW"),
                issued_on=dt.date(2019, 5, 30),
                subject="đại hội đảng bộ các cấp",
            )
        ],
        policy=PlanPolicy(before="strict", due_soon_days=5),
        units=[
            Unit("cb1", "Chi bộ Văn phòng Sở", kind=UnitKind.PARTY_CELL),
            Unit("to1", "Tổ đảng số 1", kind=UnitKind.OTHER, parent="cb1"),
            Unit("to2", "Tổ đảng số 2", kind=UnitKind.OTHER, parent="cb1"),
        ],
        sections=[Section("I", "Công tác chuẩn bị"), Section("II", "Tổ chức đại hội")],
        tasks=[
            Task(
                "t1",
                "Xây dựng dự thảo báo cáo chính trị",
                lead="cb1",
                coordinating=["to1", "to2"],
                deadline=deadline("trước ngày 15/4/2025"),
                deliverable="Dự thảo báo cáo",
                section="I",
                key=True,
                updates=[
                    ProgressUpdate(dt.date(2025, 4, 1), "in_progress", 60),
                    ProgressUpdate(dt.date(2025, 4, 12), "done", note="Đã trình Chi ủy"),
                ],
            ),
            Task(
                "t2",
                "Chuẩn bị nhân sự chi ủy khóa mới",
                lead="cb1",
                deadline=deadline("Quý II/2025"),
                section="I",
                key=True,
                updates=[ProgressUpdate(dt.date(2025, 5, 20), "in_progress", 50)],
                extensions=[
                    Extension(
                        dt.date(2025, 6, 10),
                        deadline("31/7/2025"),
                        approved_by=DocumentRef.parse("08-CV/CB"),
                        reason="Chờ hướng dẫn của Đảng ủy",
                    )
                ],
            ),
            Task(
                "t3",
                "Báo cáo tiến độ chuẩn bị đại hội",
                lead="to1",
                deadline=deadline("trước ngày 25 hằng tháng"),
                section="I",
            ),
            Task(
                "t4",
                "Tổ chức đại hội chi bộ",
                lead="cb1",
                coordinating="to2",
                deadline=deadline("10 ngày làm việc kể từ ngày ký"),
                section="II",
            ),
        ],
    )


def main() -> int:
    plan = build()
    report = evaluate(plan, as_of=AS_OF)
    print(f"# {plan.title}: tình hình đến ngày {format_date(AS_OF)}")
    for row in report.rows:
        due = format_date(row.due) if row.due else "—"
        print(f"#   {row.id:<16} {due:>10}  {row.status.label()}")
    print(
        f"#   {report.rates['completion_rate'].label()}: {report.rates['completion_rate'].format()}"
    )
    text = dumps_plan(plan)
    if loads_plan(text) != plan:
        print("error: the YAML does not read back as the same plan", file=sys.stderr)
        return 1
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
