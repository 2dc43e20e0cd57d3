"""Several plans in one report: the numbers a province-level office compiles.

A provincial office receives the plans of its departments and reports on all of
them at once: per plan, and overall. This script evaluates the plan files given on
one cut-off date and prints, for each plan and for all together, the counts and
the rates; with ``--output``, it also writes the combined report (the format from
the suffix: .docx, .xlsx, .html, .md …).

    python examples/merge_plans_report.py [PLAN ...] [--as-of 2024-12-31] [--output FILE]

Without plan files it merges the reference plan with the two assignment tables of
``examples/reference`` imported as plans of their own (as two more departments
that have not reported any progress yet). It reads those files and writes only
``--output``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import attrs

from actionplan.dates import format_date, parse_date
from actionplan.files import load_plan
from actionplan.importers import import_table
from actionplan.model import ActionPlan
from actionplan.reports import write_report
from actionplan.status import Summary, evaluate

REFERENCE = Path(__file__).resolve().parent / "reference"


def sample_plans() -> list[ActionPlan]:
    """The reference plan, and its two tables imported as two other departments' plans."""
    plan = load_plan(REFERENCE / "plan.yaml")
    others = [
        attrs.evolve(
            import_table(REFERENCE / table, units=plan.units).plan, id=plan_id, title=title
        )
        for table, plan_id, title in (
            ("ke-hoach-45.docx", "so-tt-tt", "Kế hoạch của Sở Thông tin và Truyền thông"),
            ("assignment-table.xlsx", "so-gd-dt", "Kế hoạch của Sở Giáo dục và Đào tạo"),
        )
    ]
    return [plan, *others]


def show(summary: Summary) -> str:
    """One line of the table: the counts and the completion and overdue rates."""
    completion = summary.rates["completion_rate"]
    overdue = summary.rates["overdue_share"]
    return (
        f"{summary.display_name()[:44]:<44} {summary.count:>5} {summary.done:>5} "
        f"{summary.overdue:>5} {completion.format():>9} {overdue.format():>9}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", type=Path)
    parser.add_argument("--as-of", type=parse_date, default=dt.date(2024, 12, 31))
    parser.add_argument("--output", type=Path, help="also write the combined report here")
    args = parser.parse_args(argv)

    plans = [load_plan(path) for path in args.plans] if args.plans else sample_plans()
    report = evaluate(plans, as_of=args.as_of)

    print(f"Tổng hợp {len(plans)} kế hoạch, tính đến ngày {format_date(args.as_of)}")
    print(
        f"{'Kế hoạch':<44} {'Số NV':>5} {'Xong':>5} {'Q.hạn':>5} {'HT/đến hạn':>9} {'Quá hạn':>9}"
    )
    for summary in report.by_plan():
        print(show(summary))
    print(show(report.summary))
    print()
    for rate in report.rates.values():
        print(f"{rate.label()}: {rate.numerator}/{rate.denominator} = {rate.format()}")
    if args.output is not None:
        written = write_report(report, args.output)
        print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
