"""What people take away from a schedule: a patient calendar, CSV and iCalendar.

Every output names the protocol and its source. Nothing here fetches anything:
the calendar is one self-contained HTML document with inline print CSS.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io

import icalendar

from ..errors import format_number
from .engine import TaperSchedule

ONCE_DAILY = "once daily"


def _dose(mg: float) -> str:
    return f"{format_number(mg)} mg"


def _traced(schedule: TaperSchedule) -> str:
    return f"{schedule.protocol_name}; protocol {schedule.protocol}; source {schedule.source.label()}"


def _cautions(schedule: TaperSchedule) -> list[str]:
    """The sentences every output of this schedule repeats, each ending with its kind."""
    return [f"{n.text} ({n.label()})" for n in schedule.cautions]


def to_csv(schedule: TaperSchedule) -> str:
    """One row per period: dates, days, dose, tablets, and the protocol and source on every row.

    A schedule with cautions (the IGM withdrawal) ends with one ``note`` row per caution, so the doubt
    about the source travels with the file.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["start", "end", "days", "drug", "daily_dose_mg", "frequency", "tablets_each_day", "rule",
                     "protocol", "source"])
    for p in schedule.periods:
        writer.writerow([p.start.isoformat(), p.end.isoformat(), p.days, schedule.drug,
                         format_number(p.daily_dose_mg), ONCE_DAILY, p.tablets_text(), p.rule, schedule.protocol,
                         schedule.source.id])
    writer.writerow([schedule.stop_date.isoformat(), "", "", schedule.drug, "0", "stopped", "", "end of taper",
                     schedule.protocol, schedule.source.id])
    for text in _cautions(schedule):
        writer.writerow(["note", "", "", schedule.drug, "", "", "", text, schedule.protocol, schedule.source.id])
    return out.getvalue()


def _uid_seed(schedule: TaperSchedule) -> str:
    """Same inputs, same UIDs: re-importing an edited plan replaces events instead of doubling them."""
    key = "|".join([schedule.protocol, schedule.start_date.isoformat(), format_number(schedule.start_dose_mg),
                    repr(sorted(schedule.inputs.items()))])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def to_ics(schedule: TaperSchedule) -> bytes:
    """iCalendar: one all-day event on the first day of each dose, and one on the first day without.

    DTSTAMP is the schedule's start date (midnight UTC), not the time of export, so the same plan
    always gives the same file.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", "-//IGM and IIM guideline calculators//taper//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{schedule.drug.capitalize()} taper ({schedule.protocol})")
    seed = _uid_seed(schedule)
    caution = "".join(f"\n{text}" for text in _cautions(schedule))
    stamp = dt.datetime.combine(schedule.start_date, dt.time(0), tzinfo=dt.UTC)
    for number, p in enumerate(schedule.periods, start=1):
        event = icalendar.Event()
        event.add("uid", f"{seed}-{number}@taper.igm-iim-guide")
        event.add("dtstamp", stamp)
        event.add("dtstart", p.start)
        event.add("dtend", p.start + dt.timedelta(days=1))
        event.add("summary", f"{schedule.drug.capitalize()} {_dose(p.daily_dose_mg)} {ONCE_DAILY}: "
                             f"{p.tablets_text()}")
        event.add("description", (
            f"From {p.start.isoformat()} to {p.end.isoformat()} ({p.days} days): take {_dose(p.daily_dose_mg)} "
            f"{schedule.drug} {ONCE_DAILY} as {p.tablets_text()}.\nStep: {p.rule}.\n{_traced(schedule)}.{caution}"))
        cal.add_component(event)
    event = icalendar.Event()
    event.add("uid", f"{seed}-stop@taper.igm-iim-guide")
    event.add("dtstamp", stamp)
    event.add("dtstart", schedule.stop_date)
    event.add("dtend", schedule.stop_date + dt.timedelta(days=1))
    event.add("summary", f"{schedule.drug.capitalize()}: stopped, no more tablets")
    event.add("description", f"First day without {schedule.drug}. {_traced(schedule)}.{caution}")
    cal.add_component(event)
    return cal.to_ical()


_PRINT_CSS = """
* { box-sizing: border-box; }
body { font: 12pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #000;
       margin: 1.5rem auto; max-width: 46rem; padding: 0 1rem; }
h1 { font-size: 16pt; margin: 0 0 .2rem; }
p.plan { margin: 0 0 .8rem; font-size: 10pt; }
div.caution { border: 2px solid #000; padding: .3rem .5rem; margin: 0 0 .8rem; font-size: 10pt; }
div.caution p { margin: .2rem 0; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #555; padding: .2rem .4rem; text-align: left; vertical-align: middle; }
th { background: #eee; }
td.dose { font-weight: 700; white-space: nowrap; }
td.tick { width: 2.4rem; text-align: center; }
td.tick span { display: inline-block; width: 1rem; height: 1rem; border: 1.5px solid #000; }
tr.change td { border-top: 2.5px solid #000; }
tr.stop td { font-weight: 700; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@page { margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def to_calendar_html(schedule: TaperSchedule, *, title: str | None = None) -> str:
    """A printable patient calendar: one line a day (weekday and date, dose, tablets, tick box).

    Self-contained (inline CSS, no scripts, no external requests); rows never split across
    pages and the table heading repeats on each printed page (A4 or Letter).
    """
    drug = schedule.drug.capitalize()
    heading = html.escape(title or f"Your {schedule.drug} calendar")
    rows = []
    previous = None
    for day, dose in schedule.days():
        period = next(p for p in schedule.periods if p.start <= day <= p.end)
        change = ' class="change"' if previous is not None and dose != previous else ""
        previous = dose
        rows.append(
            f"<tr{change}><td>{day.strftime('%a')} {day.day} {day.strftime('%b %Y')}</td>"
            f'<td class="dose">{html.escape(_dose(dose))}</td>'
            f"<td>{html.escape(period.tablets_text())}</td>"
            '<td class="tick"><span></span></td></tr>')
    stop = schedule.stop_date
    rows.append(f'<tr class="stop change"><td>{stop.strftime("%a")} {stop.day} {stop.strftime("%b %Y")}</td>'
                f'<td class="dose">none</td><td>Stopped: no more tablets</td><td class="tick"></td></tr>')
    plan = (f"{drug} {ONCE_DAILY}, from {schedule.start_date.day} {schedule.start_date.strftime('%b %Y')}. "
            f"Tick each day when you have taken it. Plan: {_traced(schedule)}.")
    caution = ""
    if schedule.cautions:
        caution = ('<div class="caution"><p><strong>Before you follow this plan</strong></p>'
                   + "".join(f"<p>{html.escape(text)}</p>" for text in _cautions(schedule)) + "</div>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{heading}</title><style>{_PRINT_CSS}</style></head><body>"
        f"<h1>{heading}</h1><p class=\"plan\">{html.escape(plan)}</p>{caution}"
        "<table><thead><tr><th>Day</th><th>Dose</th><th>Tablets</th><th>Taken</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></body></html>\n"
    )
