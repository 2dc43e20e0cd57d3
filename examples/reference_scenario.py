"""Where the reference plan stands at the end of 2024: the numbers of its review.

Loads ``examples/reference/plan.yaml`` (the plan 45-KH/ĐU of the Party Committee of
the Binh Duong Department of Science and Technology, 06/8/2024), evaluates it on a
cut-off date and prints the summary the committee would read: the tasks by status,
the rates with how each is computed, and the results per lead unit.

    python examples/reference_scenario.py [--as-of 2024-12-31] [--language en]

It reads one file and writes none.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from actionplan.dates import format_date, parse_date
from actionplan.files import load_plan
from actionplan.status import TaskStatus, evaluate

PLAN = Path(__file__).resolve().parent / "reference" / "plan.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=parse_date, default=dt.date(2024, 12, 31))
    parser.add_argument("--language", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    lang: str = args.language

    plan = load_plan(PLAN)
    report = evaluate(plan, as_of=args.as_of)
    summary = report.summary

    print(plan.title)
    if plan.document is not None:
        print(plan.document.citation(lang))
    heading = "Tính đến ngày" if lang == "vi" else "As of"
    print(
        f"{heading} {format_date(args.as_of, lang)}: {summary.count} "
        f"{'nhiệm vụ' if lang == 'vi' else 'tasks'} ({len(plan.tasks)} "
        f"{'nhiệm vụ trong kế hoạch' if lang == 'vi' else 'in the plan'})"
    )
    print()
    for status in TaskStatus:
        count = summary.totals[status]
        if count:
            print(f"  {status.label(lang):<32} {count:>3}")
    print()
    for rate in summary.rates.values():
        print(
            f"  {rate.label(lang)}: {rate.format(lang)} "
            f"({rate.numerator}/{rate.denominator}; {rate.formula(lang)})"
        )
    print()
    for unit in report.by_unit():
        completion = unit.rates["completion_rate"].format(lang)
        print(f"  {unit.display_name(lang):<52} {unit.count:>3} {completion:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
