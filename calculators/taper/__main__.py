r"""Command line: write a taper's patient calendar, CSV and iCalendar files.

    python -m calculators.taper --protocol iim-s002-fixed-steps --start-dose 60 \\
        --start-date 2026-01-05 --hold-weeks 4 --csv out.csv --ics out.ics --calendar out.html

A refused input prints the reason (field, value, allowed range) and exits with status 2.
``--tables`` prints the protocol tables that docs/calculators/taper.md holds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import InputError, format_number
from ..forms.writers import schedule_files
from ..messages import long_date
from ..patient import Patient
from . import PROTOCOLS, page_tables_markdown, taper_schedule


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m calculators.taper", description=__doc__.split("\n")[0])
    p.add_argument("--protocol", choices=sorted(PROTOCOLS))
    p.add_argument("--start-date", help="first day, YYYY-MM-DD")
    p.add_argument("--start-dose", type=float, help="start dose, mg/day")
    p.add_argument("--weight-kg", type=float, help="with --mg-per-kg instead of --start-dose")
    p.add_argument("--mg-per-kg", type=float, help="mg/kg/day (IIM: 0.5-1)")
    p.add_argument("--age", type=float, help="age in years (IIM protocols: adults, 18 or older; required)")
    p.add_argument("--drug", choices=("prednisone", "prednisolone"), help="drug named on the outputs")
    p.add_argument("--start-rounding", choices=("refuse", "down", "nearest"), default="refuse")
    p.add_argument("--hold-weeks", type=int, help="IIM: weeks at the initial dose, 2-4")
    p.add_argument("--slow-1mg-every-weeks", type=int, help="S003 option: from 10 mg/day, -1 mg every 2-4 weeks")
    p.add_argument("--withdrawal-days", type=int, help="IGM: days of withdrawal, 6-14")
    p.add_argument("--step-mg", type=float, help="IGM: even step, mg (default 5)")
    p.add_argument("--strengths", help="preset name or comma-separated mg, e.g. 5,1")
    p.add_argument("--half-tablets", action="store_true", help="allow halves of scored tablets")
    p.add_argument("--csv", type=Path)
    p.add_argument("--ics", type=Path)
    p.add_argument("--calendar", type=Path, help="printable patient calendar (HTML)")
    p.add_argument("--edition", help="the edition line the files carry (default: the working-draft line)")
    p.add_argument("--tables", action="store_true", help="print the protocol tables and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv``; 0 when the files are written, 2 on a refused input."""
    args = _parser().parse_args(argv)
    if args.tables:
        print(page_tables_markdown())
        return 0
    try:
        if not args.protocol or not args.start_date:
            raise InputError("protocol" if not args.protocol else "start_date", None,
                             "--protocol and --start-date", reason="is required")
        try:
            start = dt.date.fromisoformat(args.start_date)
        except ValueError:
            raise InputError("start_date", args.start_date, "a date such as 2026-01-05",
                             reason="must be a calendar date") from None
        strengths = args.strengths
        if strengths and strengths[0].isdigit():
            try:
                strengths = tuple(float(s) for s in strengths.split(","))
            except ValueError:
                raise InputError("strengths_mg", args.strengths, "comma-separated numbers in mg, e.g. 5,1",
                                 reason="must be numbers") from None
        patient = Patient(weight=args.weight_kg, weight_unit="kg") if args.weight_kg is not None else None
        schedule = taper_schedule(
            args.protocol, start_date=start, start_dose_mg=args.start_dose, patient=patient,
            dose_mg_per_kg=args.mg_per_kg, hold_weeks=args.hold_weeks,
            slow_1mg_every_weeks=args.slow_1mg_every_weeks, withdrawal_days=args.withdrawal_days,
            step_mg=args.step_mg, strengths_mg=strengths, half_tablets=args.half_tablets,
            start_rounding=args.start_rounding, age_years=args.age, drug=args.drug)
    except InputError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    # The one writer of the taper's files: the same plan gives the same bytes as the taper page.
    files = schedule_files(schedule, edition=args.edition, today=dt.date.today())
    for path, name in ((args.csv, "csv"), (args.calendar, "calendar_html"), (args.ics, "ics")):
        if path:
            path.write_bytes(files[name].encode("utf-8"))
    print(schedule.headline())  # the first line is the plan as taken (issue 22 §1)
    print(f"  {schedule.title}: from {long_date(schedule.start_date)}, {len(schedule.periods)} dose levels, "
          f"{schedule.duration_days} days, {format_number(schedule.cumulative_dose_mg)} mg in all "
          f"(source {schedule.source.id})")
    for flag in schedule.flags():
        print(f"  - {flag}")
    for note in schedule.notes:
        print(f"  note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
