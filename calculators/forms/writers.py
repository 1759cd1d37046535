r"""The taper form's downloads, written by this project's own contract (the page writes them the same way).

The files are made from the taper form's answer (`calculators.forms.run`), the inputs it was
computed from and the edition, never from a library's output format, so the page's writer
(``live/taper.js``) follows the same rules and the parity test compares the bytes:

* **CSV** (RFC 4180): UTF-8 with a byte-order mark (so spreadsheet apps read "×" and "–"), lines end
  with CRLF; a field holding a comma, a double quote or a line break is put in double quotes, its
  quotes doubled; a field that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  prefixed with ``'`` so no spreadsheet runs it as a formula. One table: one row per period and a
  stop row, every row with the same fields; the plan's first line (``plan``), what it was computed
  from (``computed_from``), its notes and the edition are columns repeated on every row, so a
  reader (pandas, a spreadsheet) gets exactly the schedule rows and no row loses its context.
* **iCalendar** (RFC 5545): lines end with CRLF and are folded so no line exceeds 75 octets of
  UTF-8 (never inside a character; a continuation line starts with one space); TEXT values escape
  backslash, semicolon, comma and line breaks. One all-day event per dose spanning every day it is
  taken (DTEND is the day after the last, exclusive) and one on the first day without; the
  calendar's description starts with the plan's first line. DTSTAMP is the time the file was
  written (UTC). UIDs are ``<FNV-1a 32-bit hex of the plan's input rows>-<n>@...``: they do not
  depend on the day of export, so re-importing the same plan replaces its events.
* **Patient calendar**: one self-contained HTML page (inline CSS, no script, no request): the plan in
  plain words, a line a day with the weekday, day, month name and year, then a part headed for the
  doctor or pharmacist (protocol, source, inputs, notes with their kinds, edition).

This is the only writer of these files: the command line (``python -m calculators.taper``), the
notebooks and `calculators.to_csv` / `to_ics` / `to_calendar_html` write a `TaperSchedule` through
`schedule_files`, which gives it the record the taper form would (the same input rows, notes and
edition line), so the same plan gives the same bytes from the page, the command line or Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..messages import KIND_LABELS, long_date, number_text, say
from ..patient import Patient
from ..taper import PROTOCOLS, STRENGTH_PRESETS, TaperSchedule
from .adapters import _taper_plan_checks, schedule_json
from .definitions import FORMS, TAPER_STRENGTHS
from .reading import form_notes, read
from .views import TEMPLATES, fill

UID_HOST = "taper.igm-iim-guide"
PRODID = "-//IGM and IIM guideline calculators//taper//EN"
ONCE_DAILY = "once daily"

PRINT_CSS = """
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



PRINT_HOLDER = "#live-taper-print"
"""The element of the taper page that holds the calendar while it is printed (live/taper.js)."""


def print_css(css: str = PRINT_CSS) -> str:
    """The calendar's CSS scoped to the page's print holder, so it styles the calendar and nothing else.

    Each rule's selectors get the holder in front (``body`` and ``*`` become the holder and everything in it);
    the page adopts the result as a constructed stylesheet when it prints the calendar.

    Parameters
    ----------
    css : str
        The calendar's own CSS [text].
    """
    import re

    def scoped(match: re.Match) -> str:
        parts = []
        for sel in match.group(2).split(","):
            sel = sel.strip()
            parts.append(sel if not sel else PRINT_HOLDER + (" *" if sel == "*" else "") if sel in ("body", "*")
                         else f"{PRINT_HOLDER} {sel}")
        return match.group(1) + "\n" + ", ".join(parts) + " {"

    return re.sub(r"(^|\})\s*([^{}@]+)\{", scoped, css)


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def csv_field(value: Any) -> str:
    """A CSV field: quoted when it holds a comma, a quote or a line break, quotes doubled.

    Parameters
    ----------
    value : any
        A cell [text].
    """
    text = str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def fnv1a32(text: str) -> str:
    """FNV-1a, 32 bits, over the UTF-8 bytes of ``text``, as 8 hex digits.

    Parameters
    ----------
    text : str
        What is hashed [text].
    """
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def ics_text(text: str) -> str:
    """An iCalendar TEXT value: backslash, semicolon, comma and line breaks escaped.

    Parameters
    ----------
    text : str
        A TEXT value [text].
    """
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ics_fold(line: str) -> str:
    """An iCalendar line folded at 75 octets of UTF-8, never inside a character.

    Parameters
    ----------
    line : str
        One iCalendar content line [text].
    """
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line starts with a space
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _note_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for n in record["notes"]:
        text, kind = (n, None) if isinstance(n, str) else (n["text"], n.get("kind"))
        label = say("record.note.kind", kind=KIND_LABELS[kind]) if kind else say("record.note")
        rows.append((label, text))
    return rows


def _record_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(i["label"], i["value"]) for i in record["inputs"]]
    rows += _note_lines(record)
    rows.append((say("record.edition_label"), record["edition"]))
    return rows


def _stamp(now: dt.datetime | None) -> str:
    """DTSTAMP: when the file is written, in UTC (a naive time is taken as UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cell openings a spreadsheet may run as a formula (OWASP's CSV injection list): neutralised with ``'``."""
CSV_FIELDS = ["start", "end", "days", "drug", "daily_dose_mg", "frequency", "tablets_each_day", "rule", "protocol",
              "source", "plan", "computed_from", "notes", "edition"]


def csv_cell(value: Any) -> str:
    """A CSV field (`csv_field`) after neutralising a formula opening; a number as `number_text` writes it.

    Parameters
    ----------
    value : str or number
        A cell [text].
    """
    text = value if isinstance(value, str) else number_text(value, 6)  # a number as the page writes it: 14, 0.3
    if text.startswith(FORMULA_START):
        text = "'" + text
    return csv_field(text)


def taper_csv(record: dict[str, Any]) -> str:
    """The taper as one CSV table (RFC 4180, UTF-8 with BOM): a row per dose and the stop row.

    Parameters
    ----------
    record : dict
        The schedule (as the taper form gives it), its input rows, notes and edition [record].
    """
    s = record["schedule"]
    computed = "; ".join(f"{i['label']}: {i['value']}" for i in record["inputs"])
    notes = "\n".join(f"{label}: {text}" for label, text in _note_lines(record))
    context = [s["protocol"], s["source"], s["headline"], computed, notes, record["edition"]]
    rows = [CSV_FIELDS]
    for p in s["periods"]:
        rows.append([p["start"], p["end"], p["days"], s["drug"], p["dose_text"], ONCE_DAILY, p["tablets"], p["rule"],
                     *context])
    rows.append([s["stop_date"], "", "", s["drug"], "0", say("taper.stopped"), "", say("taper.end"), *context])
    return "\ufeff" + "".join(",".join(csv_cell(v) for v in row) + "\r\n" for row in rows)


def _traced(s: dict[str, Any]) -> str:
    return say("taper.traced", name=s["protocol_name"], protocol=s["protocol"], source=s["source_label"])


def taper_ics(record: dict[str, Any], now: dt.datetime | None = None) -> str:
    """The taper as iCalendar text, with what it was computed from and the edition.

    Parameters
    ----------
    record : dict
        The schedule (as the taper form gives it), its input rows, notes and edition [record].
    now : datetime.datetime, optional
        When the file is written (DTSTAMP) [UTC]; default: now.
    """
    s = record["schedule"]
    drug = s["drug"]
    drug_cap = drug[:1].upper() + drug[1:]
    # The plan's inputs alone: the same plan exported again (another day, another edition) keeps its UIDs.
    seed = fnv1a32("\n".join(f"{i['label']}={i['value']}" for i in record["inputs"]))
    stamp = _stamp(now)
    about = "\n".join(f"{label}: {value}" for label, value in _record_lines(record))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + PRODID,
             "X-WR-CALNAME:" + ics_text(say("taper.calendar_name", title=s["title"])),
             "X-WR-CALDESC:" + ics_text(s["headline"] + "\n\n" + about)]

    def event(uid: str, start: str, end: str, summary: str, description: str) -> None:
        lines.extend(["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + stamp,
                      "DTSTART;VALUE=DATE:" + _day(start).strftime("%Y%m%d"),
                      "DTEND;VALUE=DATE:" + (_day(end) + dt.timedelta(days=1)).strftime("%Y%m%d"),
                      "SUMMARY:" + ics_text(summary), "DESCRIPTION:" + ics_text(description), "END:VEVENT"])

    for number, p in enumerate(s["periods"], start=1):
        event(f"{seed}-{number}@{UID_HOST}", p["start"], p["end"],
              say("taper.event.summary", drug=drug_cap, dose=p["dose_text"] + " mg", frequency=ONCE_DAILY,
                  tablets=p["tablets"]),
              say("taper.event.description", start=long_date(_day(p["start"])), end=long_date(_day(p["end"])),
                  days=str(p["days"]), dose=p["dose_text"] + " mg", drug=drug, frequency=ONCE_DAILY,
                  tablets=p["tablets"], rule=p["rule"], plan=s["headline"], traced=_traced(s), about=about))
    event(f"{seed}-stop@{UID_HOST}", s["stop_date"], s["stop_date"], say("taper.event.stop_summary", drug=drug_cap),
          say("taper.event.stop_description", drug=drug, plan=s["headline"], traced=_traced(s), about=about))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


CALENDAR = "<!DOCTYPE html>\n" + TEMPLATES["calendar"].replace("<style></style>", f"<style>{PRINT_CSS}</style>") + "\n"
"""The patient calendar's template (`views.fill`); the page fills the same template (``LIVE_VIEWS.calendar``)."""


def taper_calendar_html(record: dict[str, Any]) -> str:
    """The printable patient calendar (one self-contained HTML page), the template `CALENDAR` filled.

    The patient's part comes first, in plain words: the plan, then a line a day with a box to tick.
    What a doctor or pharmacist needs (protocol, source, inputs, notes with their kinds, edition)
    follows under its own heading, so no reviewer's word sits in the patient's part.

    Parameters
    ----------
    record : dict
        The schedule (as the taper form gives it), its input rows, notes and edition [record].
    """
    s = record["schedule"]
    days, previous = [], None
    for p in s["periods"]:
        day, end = _day(p["start"]), _day(p["end"])
        while day <= end:
            days.append({"day": long_date(day), "dose": p["dose_text"], "tablets": p["tablets"],
                         "change": previous is not None and p["daily_dose_mg"] != previous})
            previous = p["daily_dose_mg"]
            day += dt.timedelta(days=1)
    rows = [(say("taper.calendar.plan_label"), s["headline"]), (say("taper.calendar.traced_label"), _traced(s)),
            *_record_lines(record)]
    # a start before the day the file was made is said first (clinical review M5); the doubt about the source
    # before the days (the IGM withdrawal)
    past = say("taper.calendar.past_text", start=long_date(_day(s["start_date"]))) if record.get("past_start") else None
    return fill({"calendar": CALENDAR}, "calendar", {
        "title": say("taper.calendar.title", drug=s["drug"]), "past": past, "plan": s["headline_patient"],
        "before": bool(s["cautions"]), "days": days, "stop": long_date(_day(s["stop_date"])),
        "record": [{"label": label, "value": value} for label, value in rows]})


def plan_notes(results: dict[str, Any]) -> list[Any]:
    """What the taper page shows beside the schedule, for the files: its flags and the safety checks on the taper
    alone (clinical review M4: a pharmacist reading only the printout must see the Pneumocystis and bone items).

    Parameters
    ----------
    results : dict
        The taper form's results: ``schedule`` (with ``flags``) and ``plan_checks`` [record].
    """
    checks = results.get("plan_checks") or {"items": []}
    # The checks saw the taper alone: said once before them, so no item reads as a finding on the whole plan (M-N2).
    return [*results["schedule"]["flags"], *([checks["scope"]] if checks["items"] else []),
            *({"text": say("record.plan_check", severity=i["severity"], message=i["message"]), "kind": i["kind"]}
              for i in checks["items"])]


def taper_files(answer: dict[str, Any], edition: str, now: dt.datetime | None = None) -> dict[str, str]:
    """The three downloads of a taper answer: ``csv``, ``ics``, ``calendar_html``.

    Parameters
    ----------
    answer : dict
        The taper form's answer (`calculators.forms.run`) [record].
    edition : str
        The edition line the files carry [text].
    now : datetime.datetime, optional
        When the files are written (the calendar's DTSTAMP) [UTC]; default: now.
    """
    results = answer["results"]
    record = {"schedule": results["schedule"], "inputs": answer["inputs"],
              "notes": [*answer["notes"], *results["schedule"]["cautions"], *plan_notes(results),
                        *results["schedule"]["notes"]],
              "edition": edition, "past_start": bool(answer["notes"])}
    return {"csv": taper_csv(record), "ics": taper_ics(record, now), "calendar_html": taper_calendar_html(record)}


def _strengths_key(schedule: TaperSchedule) -> str | None:
    """The taper form's tablet set that gave ``schedule``'s strengths (None: not one the form offers)."""
    if any(n.text.startswith(say("tp.preset.note", drug="", strengths="").split(":")[0]) for n in schedule.notes):
        return ""
    wanted = tuple(schedule.strengths_mg)
    for key, value in TAPER_STRENGTHS.items():
        if isinstance(value, tuple) and tuple(sorted(value, reverse=True)) == tuple(sorted(wanted, reverse=True)):
            return key
    for key, value in TAPER_STRENGTHS.items():
        if isinstance(value, str) and sorted(STRENGTH_PRESETS[value][1]) == sorted(wanted):
            return key
    return None


def schedule_form_values(schedule: TaperSchedule) -> dict[str, str]:
    """The taper form's text values (field -> text) that ask for ``schedule``.

    Parameters
    ----------
    schedule : TaperSchedule
        A schedule from `calculators.taper.taper_schedule` [record].

    Returns
    -------
    dict
        What the form's controls would hold; ``strengths`` is empty when the schedule's tablets are
        not a set the form offers (`schedule_files` then names them itself).
    """
    given = schedule.inputs
    own_drug = PROTOCOLS[schedule.protocol].drug == schedule.drug  # the form's "the protocol's drug"
    raw = {"protocol": schedule.protocol, "start_date": schedule.start_date.isoformat(),
           "drug": "" if own_drug else schedule.drug,
           "half_tablets": "yes" if schedule.half_tablets else "no", "strengths": _strengths_key(schedule) or ""}
    per_kg = "dose_mg_per_kg" in given
    raw["dose_basis"] = "per-kg" if per_kg else "dose"
    numbers = ["age_years", "hold_weeks", "withdrawal_days", "step_mg"] + (["dose_mg_per_kg"] if per_kg
                                                                           else ["start_dose_mg"])
    if given.get("step_mg") == PROTOCOLS[schedule.protocol].default_step_mg:
        numbers.remove("step_mg")  # the form's empty step is the protocol's
    for name in numbers:
        if given.get(name) is not None:
            raw[name] = number_text(float(given[name]))
    if given.get("weight_kg") is not None:
        raw["weight"], raw["weight_unit"] = number_text(float(given["weight_kg"])), "kg"
    if given.get("slow_1mg_every_weeks") is not None:
        raw["slow_1mg_every_weeks"] = str(int(given["slow_1mg_every_weeks"]))
    if per_kg:
        raw["start_rounding"] = str(given.get("start_rounding") or "refuse")
    return raw


def schedule_files(schedule: TaperSchedule, edition: str | None = None,
                   today: dt.date | None = None, now: dt.datetime | None = None) -> dict[str, str]:
    """The three downloads of ``schedule``, byte for byte what the taper page gives for the same plan.

    Parameters
    ----------
    schedule : TaperSchedule
        A schedule from `calculators.taper.taper_schedule` [record].
    edition : str, optional
        The edition line of the files [text]; default: the working-draft line the page shows
        outside a published edition.
    today : datetime.date, optional
        The day the files are written [date]; a start before it is said, as on the page. Default:
        none (the files say nothing about the day they were written).
    now : datetime.datetime, optional
        When the files are written (the calendar's DTSTAMP) [UTC]; default: now.

    Returns
    -------
    dict
        ``csv``, ``ics`` and ``calendar_html`` (text; write the ``ics`` as UTF-8).
    """
    form = FORMS["taper"]
    raw = schedule_form_values(schedule)
    reading = read(form, raw, schedule.start_date)  # the input rows; the form's date window is not the files'
    if reading.problems:
        raise ValueError(f"the taper form cannot state this schedule's inputs: {reading.problems}")
    inputs = list(reading.inputs)
    if _strengths_key(schedule) is None:
        shown = [number_text(s) for s in schedule.strengths_mg]
        text = (shown[0] + " mg only") if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] + " mg"
        label = next(f.label for f in form.fields if f.name == "strengths")
        inputs = [{"field": "strengths", "label": label, "value": text} if i["field"] == "strengths" else i
                  for i in inputs]
        if not any(i["field"] == "strengths" for i in inputs):
            inputs.append({"field": "strengths", "label": label, "value": text})
    data = schedule_json(schedule)
    weight = schedule.inputs.get("weight_kg")
    checks = _taper_plan_checks(schedule, schedule.protocol,
                                None if weight is None else Patient(weight=float(weight), weight_unit="kg"))
    record = {"schedule": data, "inputs": inputs,
              "notes": [*(form_notes(form, reading.values, today) if today else []), *data["cautions"],
                        *plan_notes({"schedule": data, "plan_checks": checks}), *data["notes"]],
              "edition": edition or say("record.draft"),
              "past_start": bool(today and form_notes(form, reading.values, today))}
    return {"csv": taper_csv(record), "ics": taper_ics(record, now), "calendar_html": taper_calendar_html(record)}


def to_csv(schedule: TaperSchedule, edition: str | None = None, today: dt.date | None = None) -> str:
    """The schedule as CSV: one table, a row per dose and the stop row, each with what it was computed from.

    Parameters
    ----------
    schedule : TaperSchedule
        The schedule [record].
    edition, today
        As for `schedule_files` [text], [date].
    """
    return schedule_files(schedule, edition, today)["csv"]


def to_ics(schedule: TaperSchedule, edition: str | None = None, today: dt.date | None = None,
           now: dt.datetime | None = None) -> bytes:
    """The schedule as an iCalendar file (UTF-8 bytes): an all-day event over each dose's days, one on the day after.

    Parameters
    ----------
    schedule : TaperSchedule
        The schedule [record].
    edition, today, now
        As for `schedule_files` [text], [date], [UTC].
    """
    return schedule_files(schedule, edition, today, now)["ics"].encode("utf-8")


def to_calendar_html(schedule: TaperSchedule, edition: str | None = None, today: dt.date | None = None) -> str:
    """The printable patient calendar: a line a day (date, dose, tablets, tick box), self-contained.

    Parameters
    ----------
    schedule : TaperSchedule
        The schedule [record].
    edition, today
        As for `schedule_files` [text], [date].
    """
    return schedule_files(schedule, edition, today)["calendar_html"]

