"""The weekly follow-up (đôn đốc) as e-mails: one message per lead unit.

Evaluates the plan files on a cut-off date, takes the follow-up list with
``actionplan.status.follow_up`` (the overdue tasks and those due within the
due-soon window, by due date, as ``actionplan due`` prints it), groups it by lead
unit and writes one e-mail to each unit, addressed to the unit's ``email`` in the
plan file when it has one. The messages are printed; to send them, pass each
message to ``smtplib.SMTP(...).send_message``.

    python examples/weekly_followup_email.py [PLAN ...] [--as-of 2024-12-16] [--within 10]

Without a plan file it uses the reference plan; without ``--as-of``, today in the
first plan's time zone. It writes no file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

from actionplan.dates import format_date, parse_date
from actionplan.files import load_plan
from actionplan.status import StatusRow, evaluate, follow_up

REFERENCE = Path(__file__).resolve().parent / "reference" / "plan.yaml"
SENDER = "vanphong@example.org"


def line(row: StatusRow) -> str:
    """One task of the list, as the message shows it."""
    assert row.due is not None  # overdue and due-soon rows always have a due date
    if row.is_overdue:
        when = f"quá hạn {row.days_overdue} ngày"
    elif row.days_left == 0:
        when = "đến hạn hôm nay"
    else:
        when = f"còn {row.days_left} ngày, {row.working_days_left} ngày làm việc"
    return f"- {row.title}\n  Thời hạn: {format_date(row.due)} ({when}); mã {row.id}"


def message(unit_id: str | None, rows: list[StatusRow], as_of: dt.date) -> EmailMessage:
    """The e-mail to one lead unit."""
    plan = rows[0].plan
    unit = plan.unit(unit_id) if unit_id is not None else None
    name = rows[0].lead_name or "Các đơn vị chưa được phân công chủ trì"
    overdue = sum(row.is_overdue for row in rows)
    msg = EmailMessage()
    msg["Subject"] = f"Đôn đốc thực hiện nhiệm vụ (tính đến ngày {format_date(as_of)})"
    msg["From"] = SENDER
    if unit is not None and unit.email:
        msg["To"] = unit.email
    body = [
        f"Kính gửi: {name}",
        "",
        f"Tính đến ngày {format_date(as_of)}, đơn vị có {len(rows)} nhiệm vụ cần đôn đốc "
        f"({overdue} quá hạn):",
        "",
        *(line(row) for row in rows),
        "",
        "Đề nghị đơn vị khẩn trương thực hiện và báo cáo kết quả về Văn phòng.",
    ]
    msg.set_content("\n".join(body))
    return msg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", type=Path, default=[REFERENCE])
    parser.add_argument("--as-of", type=parse_date)
    parser.add_argument("--within", type=int, help="the due-soon window in working days")
    args = parser.parse_args(argv)

    plans = [load_plan(path) for path in args.plans]
    as_of = args.as_of or dt.datetime.now(ZoneInfo(plans[0].timezone)).date()
    rows = follow_up(evaluate(plans, as_of=as_of), within=args.within)
    by_unit: dict[str | None, list[StatusRow]] = {}
    for row in rows:
        by_unit.setdefault(row.lead, []).append(row)
    for unit_id, unit_rows in by_unit.items():
        msg = message(unit_id, unit_rows, as_of)
        print(f"To: {msg['To'] or '(no address in the plan: add email to the unit)'}")
        print(f"Subject: {msg['Subject']}")
        print()
        print(msg.get_content(), end="")
        print("=" * 72)
    print(f"{len(by_unit)} messages, {len(rows)} tasks.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
