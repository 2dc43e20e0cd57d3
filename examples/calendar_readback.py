"""A to-do ticked off in a calendar client, read back into the plan.

1. Export the reference plan's tasks as to-dos (VTODO), one file per task, as a
   folder of calendar objects (the layout todoman and vdirsyncer use).
2. Mark one of them completed by editing the file's text, as a calendar client
   does when a unit ticks the task off: ``STATUS:COMPLETED``, ``PERCENT-COMPLETE:100``
   and a ``COMPLETED`` time.
3. Read the folder back against the plan: each to-do that differs from what the
   plan records is proposed as a progress update; nothing is applied by itself.
4. Record the accepted proposal in a copy of the plan file, as the office would,
   and show the task's new status.

    python examples/calendar_readback.py [--task t8] [--completed 2024-12-30]

Everything is written in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import tempfile
from pathlib import Path

from actionplan.dates import parse_date
from actionplan.files import load_plan
from actionplan.files.edit import record_progress
from actionplan.ical import read_calendar, write_vdir
from actionplan.ical.names import task_uid
from actionplan.status import evaluate

REFERENCE = Path(__file__).resolve().parent / "reference" / "plan.yaml"


def tick_off(ics: str, completed: dt.datetime) -> str:
    """The to-do's text as a client writes it back after the task is ticked off."""
    stamp = completed.strftime("%Y%m%dT%H%M%SZ")
    text = re.sub(r"\r\nSTATUS:[A-Z-]+", "\r\nSTATUS:COMPLETED", ics)
    text = re.sub(r"\r\nPERCENT-COMPLETE:\d+", "", text)
    return text.replace(
        "\r\nEND:VTODO",
        f"\r\nPERCENT-COMPLETE:100\r\nCOMPLETED:{stamp}\r\nLAST-MODIFIED:{stamp}\r\nEND:VTODO",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="t8", help="the task to tick off")
    parser.add_argument("--completed", type=parse_date, default=dt.date(2024, 12, 30))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="actionplan-readback-") as tmp:
        folder = Path(tmp)
        plan_file = folder / "plan.yaml"
        shutil.copy(REFERENCE, plan_file)
        plan = load_plan(plan_file)

        # 1. Export: one VTODO per file, with everything the plan records.
        written = write_vdir(plan, folder / "todos")
        print(f"exported {len(written)} to-dos")

        # 2. A unit ticks the task off in its client (09:00 local time, 02:00 UTC).
        todo = folder / "todos" / f"{task_uid(plan.id, args.task)}.ics"
        moment = dt.datetime.combine(args.completed, dt.time(2, 0), tzinfo=dt.UTC)
        text = todo.read_bytes().decode("utf-8")
        todo.write_bytes(tick_off(text, moment).encode("utf-8"))

        # 3. Read the folder back: every to-do that differs from the plan is proposed.
        proposals = read_calendar(folder / "todos", plan)
        for proposal in proposals:
            print(f"proposed: {proposal}".replace(str(folder) + "/", ""))

        # 4. The office reviews the proposals and records the one it accepts.
        before = evaluate(plan, as_of=args.completed).row(args.task).status
        for proposal in proposals:
            if proposal.task_id == args.task:
                plan = record_progress(plan_file, proposal.task_id, proposal.update)
                print(
                    f"recorded: {args.task} {proposal.update.state.value} "
                    f"on {proposal.update.date.isoformat()}"
                )
        after = evaluate(plan, as_of=args.completed).row(args.task).status
        print(f"{args.task}: {before.label('en')} -> {after.label('en')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
