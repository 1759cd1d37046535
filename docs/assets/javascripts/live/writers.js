/*
 * The taper's files, by the contract of calculators/forms/writers.py: the CSV and the iCalendar file,
 * the three files of an answer (files), and the pieces the printed calendar (live/taper.js) shares with
 * them (the record's lines, the protocol traced to its source). These are primitives written in both
 * languages: tests/data/conformance.json holds them to rows (csv_cell, ics_text, ics_fold, fnv1a32,
 * taper_csv, taper_ics) and tests/test_live_parity.py compares every file of every case byte for byte
 * with the package.
 */
(function () {
  "use strict";

  var C = window.LiveContract, T = window.LIVE_DATA.taper, say = C.say, iso = C.isoDate;
  function num(x) { return C.numberText(x, 6); }
  function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  var ONCE = T.once_daily, FORMULA_START = /^[=+\-@\t\r]/, UTF8 = new TextEncoder();
  function csvCell(value) {  // a formula opening neutralised, then quoted where it must be (RFC 4180)
    var text = typeof value === "number" ? num(value) : String(value);
    text = FORMULA_START.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function fnv1a32(text) {
    var bytes = UTF8.encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("00000000" + h.toString(16)).slice(-8);
  }
  function icsText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\n|\r/g, "\\n");
  }
  function icsFold(line) {  // at 75 octets of UTF-8 (74 after the leading space), never inside a character
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = UTF8.encode(ch).length;
      if (size + n > (out.length ? 74 : 75)) { out.push(current); current = ""; size = 0; }
      current += ch; size += n;
    });
    return out.concat([current]).join("\r\n ");
  }
  function day(isoText) { return C.fromIso(isoText); }
  function compact(d) { return iso(d).replace(/-/g, ""); }
  function traced(s) {
    return say("taper.traced", { name: s.protocol_name, protocol: s.protocol, source: s.source_label });
  }
  function noteLines(record) {
    return record.notes.map(function (n) {
      if (typeof n === "string") return [say("record.note"), n];
      var kind = window.LIVE_MESSAGES.kind_labels[n.kind];
      return [n.kind ? say("record.note.kind", { kind: kind }) : say("record.note"), n.text];
    });
  }
  function inputLines(record) { return record.inputs.map(function (i) { return [i.label, i.value]; }); }
  function recordLines(record) {
    return inputLines(record).concat(noteLines(record), [[say("record.edition_label"), record.edition]]);
  }
  function joined(rows, sep) { return rows.map(function (r) { return r[0] + sep + r[1]; }); }

  function taperCsv(record) {
    var s = record.schedule, notes = joined(noteLines(record), ": ").join("\n");
    var context = [s.protocol, s.source, s.headline, joined(inputLines(record), ": ").join("; "), notes,
                   record.edition];
    var rows = [T.csv_fields].concat(s.periods.map(function (p) {
      return [p.start, p.end, p.days, s.drug, p.dose_text, ONCE, p.tablets, p.rule].concat(context);
    }), [[s.stop_date, "", "", s.drug, "0", say("taper.stopped"), "", say("taper.end")].concat(context)]);
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(",") + "\r\n"; }).join("");
  }

  function taperIcs(record, now) {
    var s = record.schedule, drugCap = cap(s.drug), about = joined(recordLines(record), ": ").join("\n");
    var seed = fnv1a32(joined(inputLines(record), "=").join("\n"));  // the same plan keeps its event UIDs
    var stamp = new Date(now === undefined || now === null ? Date.now() : now).toISOString()  // DTSTAMP, UTC
      .replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + T.ics.prodid,
                 "X-WR-CALNAME:" + icsText(say("taper.calendar_name", { title: s.title })),
                 "X-WR-CALDESC:" + icsText(s.headline + "\n\n" + about)];
    function event(uid, start, end, summary, description) {
      lines.push("BEGIN:VEVENT", "UID:" + uid + "@" + T.ics.uid_host, "DTSTAMP:" + stamp,
                 "DTSTART;VALUE=DATE:" + compact(day(start)), "DTEND;VALUE=DATE:" + compact(day(end) + 1),
                 "SUMMARY:" + icsText(summary), "DESCRIPTION:" + icsText(description), "END:VEVENT");
    }
    s.periods.forEach(function (p, i) {
      var values = { drug: drugCap, dose: p.dose_text + " mg", frequency: ONCE, tablets: p.tablets };
      event(seed + "-" + (i + 1), p.start, p.end, say("taper.event.summary", values),
        say("taper.event.description", Object.assign(values, { drug: s.drug, start: C.longDate(day(p.start)),
          end: C.longDate(day(p.end)), days: String(p.days), rule: p.rule, plan: s.headline,
          traced: traced(s), about: about })));
    });
    event(seed + "-stop", s.stop_date, s.stop_date, say("taper.event.stop_summary", { drug: drugCap }),
      say("taper.event.stop_description", { drug: s.drug, plan: s.headline, traced: traced(s),
                                             about: about }));
    lines.push("END:VCALENDAR");
    return lines.map(function (l) { return icsFold(l) + "\r\n"; }).join("");
  }

  // calculators/forms/writers.py taper_files and plan_notes: the three files of an answer (the printed
  // calendar by live/taper.js)
  function files(answer, edition, now) {
    var r = answer.results, items = r.plan_checks.items;
    var checks = (items.length ? [r.plan_checks.scope] : []).concat(items.map(function (i) {
      return { text: say("record.plan_check", { severity: i.severity, message: i.message }), kind: i.kind };
    }));
    var record = { schedule: r.schedule, inputs: answer.inputs, edition: edition,
                   past_start: answer.notes.length > 0,
                   notes: answer.notes.concat(r.schedule.cautions, r.schedule.flags, checks,
                                              r.schedule.notes) };
    var calendar = window.LiveTaper.calendarHtml(record);
    return { csv: taperCsv(record), ics: taperIcs(record, now), calendar_html: calendar };
  }

  window.LiveWriters = { files: files, csvCell: csvCell, icsText: icsText, icsFold: icsFold,
                         fnv1a32: fnv1a32, csv: taperCsv, ics: taperIcs, day: day, traced: traced,
                         recordLines: recordLines };
})();
