"""The taper form's downloads, written by this project's own contract (the page writes them the same way).

The files are made from the taper form's answer (`calculators.forms.run`), the inputs it was
computed from and the edition, never from a library's output format, so the page's writer
(``live/taper.js``) follows the same rules and the parity test compares the bytes:

* **CSV**: UTF-8, lines end with ``\\n``; a field holding a comma, a double quote or a line break
  is put in double quotes, its quotes doubled. One row per period and a stop row; then, after an
  empty line, what the plan was computed from (``input,value`` rows), its notes and the edition.
* **iCalendar** (RFC 5545): lines end with CRLF and are folded so no line exceeds 75 octets of
  UTF-8 (never inside a character; a continuation line starts with one space); TEXT values escape
  backslash, semicolon, comma and line breaks. One all-day event on the first day of each dose,
  one on the first day without; DTSTAMP is the start date at midnight UTC, so the same plan
  always gives the same file. UIDs are ``<FNV-1a 32-bit hex of the plan's inputs>-<n>@...``:
  re-importing the same plan replaces its events.
* **Patient calendar**: one self-contained HTML page (inline CSS, no script, no request), a line a
  day with the weekday, day, month name and year.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from ..messages import KIND_LABELS, long_date, say
from ..taper import outputs as taper_outputs

UID_HOST = "taper.igm-iim-guide"
PRODID = "-//IGM and IIM guideline calculators//taper//EN"


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def csv_field(value: Any) -> str:
    text = str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def fnv1a32(text: str) -> str:
    """FNV-1a, 32 bits, over the UTF-8 bytes of ``text``, as 8 hex digits."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def ics_text(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ics_fold(line: str) -> str:
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


def _record_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [(i["label"], i["value"]) for i in record["inputs"]]
    for n in record["notes"]:
        text, kind = (n, None) if isinstance(n, str) else (n["text"], n.get("kind"))
        label = say("record.note.kind", kind=KIND_LABELS[kind]) if kind else say("record.note")
        rows.append((label, text))
    rows.append((say("record.edition_label"), record["edition"]))
    return rows


def taper_csv(record: dict[str, Any]) -> str:
    s = record["schedule"]
    rows = [["start", "end", "days", "drug", "daily_dose_mg", "frequency", "tablets_each_day", "rule", "protocol",
             "source"]]
    for p in s["periods"]:
        rows.append([p["start"], p["end"], p["days"], s["drug"], p["dose_text"], taper_outputs.ONCE_DAILY,
                     p["tablets"], p["rule"], s["protocol"], s["source"]])
    rows.append([s["stop_date"], "", "", s["drug"], "0", say("taper.stopped"), "", say("taper.end"), s["protocol"],
                 s["source"]])
    rows.append([])
    rows.append([say("record.input"), say("record.value")])
    rows += [list(r) for r in _record_lines(record)]
    return "".join(",".join(csv_field(v) for v in row) + "\n" for row in rows)


def _traced(s: dict[str, Any]) -> str:
    return say("taper.traced", name=s["protocol_name"], protocol=s["protocol"], source=s["source_label"])


def taper_ics(record: dict[str, Any]) -> str:
    s = record["schedule"]
    drug = s["drug"]
    drug_cap = drug[:1].upper() + drug[1:]
    seed = fnv1a32("\n".join(f"{label}={value}" for label, value in _record_lines(record)[:-1]))
    stamp = s["start_date"].replace("-", "") + "T000000Z"
    about = "\n".join(f"{label}: {value}" for label, value in _record_lines(record))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + PRODID,
             "X-WR-CALNAME:" + ics_text(say("taper.calendar_name", drug=drug_cap, protocol=s["protocol"])),
             "X-WR-CALDESC:" + ics_text(about)]

    def event(uid: str, start: str, summary: str, description: str) -> None:
        day = _day(start)
        lines.extend(["BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + stamp,
                      "DTSTART;VALUE=DATE:" + day.strftime("%Y%m%d"),
                      "DTEND;VALUE=DATE:" + (day + dt.timedelta(days=1)).strftime("%Y%m%d"),
                      "SUMMARY:" + ics_text(summary), "DESCRIPTION:" + ics_text(description), "END:VEVENT"])

    for number, p in enumerate(s["periods"], start=1):
        event(f"{seed}-{number}@{UID_HOST}", p["start"],
              say("taper.event.summary", drug=drug_cap, dose=p["dose_text"] + " mg", frequency=taper_outputs.ONCE_DAILY,
                  tablets=p["tablets"]),
              say("taper.event.description", start=long_date(_day(p["start"])), end=long_date(_day(p["end"])),
                  days=str(p["days"]), dose=p["dose_text"] + " mg", drug=drug, frequency=taper_outputs.ONCE_DAILY,
                  tablets=p["tablets"], rule=p["rule"], traced=_traced(s), about=about))
    event(f"{seed}-stop@{UID_HOST}", s["stop_date"], say("taper.event.stop_summary", drug=drug_cap),
          say("taper.event.stop_description", drug=drug, traced=_traced(s), about=about))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def taper_calendar_html(record: dict[str, Any]) -> str:
    s = record["schedule"]
    drug_cap = s["drug"][:1].upper() + s["drug"][1:]
    heading = escape(say("taper.calendar.title", drug=s["drug"]))
    rows, previous = [], None
    for p in s["periods"]:
        start, end = _day(p["start"]), _day(p["end"])
        day = start
        while day <= end:
            change = ' class="change"' if previous is not None and p["daily_dose_mg"] != previous else ""
            previous = p["daily_dose_mg"]
            rows.append(f"<tr{change}><td>{escape(long_date(day))}</td><td class=\"dose\">{escape(p['dose_text'])} mg</td>"
                        f"<td>{escape(p['tablets'])}</td><td class=\"tick\"><span></span></td></tr>")
            day += dt.timedelta(days=1)
    rows.append(f'<tr class="stop change"><td>{escape(long_date(_day(s["stop_date"])))}</td><td class="dose">'
                f'{escape(say("taper.calendar.none"))}</td><td>{escape(say("taper.calendar.stopped"))}</td>'
                '<td class="tick"></td></tr>')
    plan = say("taper.calendar.plan", drug=drug_cap, frequency=taper_outputs.ONCE_DAILY,
               start=long_date(_day(s["start_date"])), traced=_traced(s))
    record_rows = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>"
                          for label, value in _record_lines(record))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{heading}</title><style>{taper_outputs._PRINT_CSS}</style></head><body>"
            f"<h1>{heading}</h1><p class=\"plan\">{escape(plan)}</p>"
            "<table><thead><tr><th>" + escape(say("taper.calendar.day")) + "</th><th>" +
            escape(say("taper.calendar.dose")) + "</th><th>" + escape(say("taper.calendar.tablets")) + "</th><th>" +
            escape(say("taper.calendar.taken")) + "</th></tr></thead><tbody>" + "".join(rows) +
            "</tbody></table><table class=\"record\"><caption>" + escape(say("record.computed_from")) +
            "</caption><tbody>" + record_rows + "</tbody></table></body></html>\n")


def taper_files(answer: dict[str, Any], edition: str) -> dict[str, str]:
    """The three downloads of a taper answer: ``csv``, ``ics``, ``calendar_html``."""
    results = answer["results"]
    record = {"schedule": results["schedule"], "inputs": answer["inputs"],
              "notes": [*answer["notes"], *results["schedule"]["cautions"], *results["schedule"]["notes"]],
              "edition": edition}
    return {"csv": taper_csv(record), "ics": taper_ics(record), "calendar_html": taper_calendar_html(record)}
