/*
 * The contract between the package and the page: how numbers and dates are written and read,
 * and how sentences are filled. The same rules as calculators/messages.py and
 * calculators/forms/contract.py (their docstrings state them); tests/test_live_parity.py runs
 * both on the same edge cases and on a generated sweep in Node.
 *
 * No sentence is written here: every one is a template in window.LIVE_MESSAGES, exported by
 * the package.
 */
(function () {
  "use strict";

  var M = window.LIVE_MESSAGES;

  /* ---------- numbers ---------- */

  // The shortest decimal that reads back as x (String gives it, as Python's repr does), as
  // digits and the position of the decimal point.
  function decimalOf(x) {
    var m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)));
    var digits = m[1] + (m[2] || "");
    return { digits: digits, point: m[1].length + Number(m[3] || 0) };
  }

  // Round half away from zero at `decimals` places (on the shortest decimal), write in full.
  function numberText(x, decimals) {
    if (typeof x !== "number" || !Number.isFinite(x)) throw new Error("numberText needs a finite number: " + x);
    var d = decimalOf(x), digits = d.digits, point = d.point;
    if (point < 0) { digits = new Array(-point + 1).join("0") + digits; point = 0; }
    while (digits.length < point) digits += "0";
    if (decimals !== undefined && decimals !== null && digits.length > point + decimals) {
      var keep = digits.slice(0, point + decimals).split("").map(Number);
      if (Number(digits.charAt(point + decimals)) >= 5) {
        var i = keep.length - 1;
        while (i >= 0 && keep[i] === 9) { keep[i] = 0; i -= 1; }
        if (i < 0) { keep.unshift(1); point += 1; } else keep[i] += 1;
      }
      digits = keep.join("");
    }
    var whole = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
    var frac = digits.slice(point).replace(/0+$/, "");
    var text = frac ? whole + "." + frac : whole;
    return x < 0 && /[1-9]/.test(text) ? "-" + text : text;
  }

  function quoted(text) {
    var out = "";
    Array.from(String(text)).forEach(function (ch) {
      var code = ch.codePointAt(0);
      out += code >= 0x20 && code <= 0x7e ? ch :
        "<U+" + ("0000" + code.toString(16).toUpperCase()).slice(-Math.max(4, code.toString(16).length)) + ">";
    });
    return "'" + out + "'";
  }

  // calculators/messages.py value_text: a boolean as Python writes it, a date in words
  function valueText(value) {
    if (value === null || value === undefined) return "(not given)";
    if (typeof value === "number") return Number.isFinite(value) ? numberText(value) : quoted(String(value));
    if (typeof value === "boolean") return quoted(value ? "True" : "False");
    return typeof value.day === "number" ? longDate(value.day) : quoted(String(value));  // a LiveRecipe.Day
  }

  function oneOf(values) {
    var items = values.map(quoted);
    return items.length === 1 ? items[0] : items.slice(0, -1).join(", ") + " or " + items[items.length - 1];
  }

  /* ---------- dates: whole days since 1970-01-01 (UTC, no daylight saving) ---------- */

  var DAY_MS = 86400000;
  function dayOf(y, m, d) {
    var date = new Date(Date.UTC(2000, m - 1, d));
    date.setUTCFullYear(y);
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
    return Math.round(date.getTime() / DAY_MS);
  }
  function parts(day) {
    var d = new Date(day * DAY_MS);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: (d.getUTCDay() + 6) % 7 };
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function isoDate(day) { var p = parts(day); return pad(p.y, 4) + "-" + pad(p.m, 2) + "-" + pad(p.d, 2); }
  function longDate(day) {
    var p = parts(day);
    return M.weekdays[p.wd] + " " + p.d + " " + M.months[p.m - 1] + " " + pad(p.y, 4);
  }
  function weekday(day) { return M.weekdays[parts(day).wd]; }
  function fromIso(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return m ? dayOf(Number(m[1]), Number(m[2]), Number(m[3])) : null;
  }
  function localToday() {
    var now = new Date();
    return dayOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  /* ---------- sentences ---------- */

  function say(key, params) {
    var template = M.templates[key];
    if (template === undefined) throw new Error("no template " + key);
    return template.replace(/\{([a-z_0-9]+)\}/g, function (all, name) {
      var v = params[name];
      if (v === undefined) throw new Error("template " + key + " needs " + name);
      return typeof v === "number" ? numberText(v) : String(v);
    });
  }

  function problemText(field, value, reason, allowed, source, unit) {
    var shown = valueText(value) + (unit ? " " + unit : "");
    var p = { field: field, value: shown, reason: reason, allowed: allowed };
    if (source) { p.source = source; return say("problem.source", p); }
    return say("problem", p);
  }

  function rangeText(low, high, unit) {
    return unit ? say("range.unit", { low: numberText(low), high: numberText(high), unit: unit }) :
      say("range", { low: numberText(low), high: numberText(high) });
  }

  /* ---------- refusals ---------- */

  // calculators/errors.py Problem: a limit that is the tool's own choice is said so, never a source's
  function Problem(field, value, reason, allowed, source, unit, kind, restsOn) {
    this.field = field; this.value = value; this.reason = reason; this.allowed = allowed;
    this.source = source || null; this.unit = unit || null; this.kind = kind || null; this.rests_on = restsOn || [];
  }
  // the field called `name` (a form's label) or by its code
  Problem.prototype.text = function (name) {
    var field = name || this.field;
    if (this.kind === "tool_choice" && !(this.rests_on.length === 1 && this.rests_on[0] === "input_validation")) {
      return say("problem.tool_choice", { field: field, value: valueText(this.value) + (this.unit ? " " + this.unit : ""),
        reason: this.reason, allowed: this.allowed });
    }
    return problemText(field, this.value, this.reason, this.allowed, this.source, this.unit);
  };
  Problem.prototype.toString = function () { return this.text(); };
  function InputError(problems) { this.problems = problems; }
  function fail(problems) { throw new InputError(problems); }
  function refuse(field, value, allowed, reason, source) { fail([new Problem(field, value, reason, allowed, source)]); }

  /* ---------- reading a form's text (calculators/forms/contract.py) ---------- */

  var INCOMPLETE_DATE = "<incomplete>";
  var DATE_WINDOW_YEARS = M.reading.date_window_years, EARLIEST_YEAR = M.reading.earliest_year;  // contract.py

  function Refusal(raw, reason, allowed) { this.raw = raw; this.reason = reason; this.allowed = allowed; }

  function strip(text) { return text.replace(/^[ \t]+|[ \t]+$/g, ""); }

  function parseNumber(raw) {
    if (raw === null || raw === undefined) return null;
    var text = strip(String(raw)), allowed = say("input.number.allowed", {});
    if (text === "") return null;
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (!((ch >= "0" && ch <= "9") || ".,+-".indexOf(ch) >= 0)) {
        var code = ch.codePointAt(0);
        if (code > 0x20 && code <= 0x7e) return new Refusal(String(raw), say("input.number.not_a_number", {}), allowed);
        var hex = code.toString(16).toUpperCase();
        return new Refusal(String(raw), say("input.number.character",
          { "char": "U+" + ("0000" + hex).slice(-Math.max(4, hex.length)) }), allowed);
      }
    }
    var m = /^([+-]?)([0-9]*)(?:([.,])([0-9]*))?$/.exec(text);
    if (!m || !(m[2] || m[4])) return new Refusal(String(raw), say("input.number.not_a_number", {}), allowed);
    var sign = m[1], whole = m[2], sep = m[3], frac = m[4] || "";
    if (sep && frac.length === 3 && whole.length >= 1 && whole.length <= 3 && whole.charAt(0) !== "0") {
      var minus = sign === "-" ? "-" : "";
      return new Refusal(String(raw), say("input.number.ambiguous", {
        separator: sep === "," ? "comma" : "point", thousands: minus + whole + frac,
        decimal: numberText(Number(minus + whole + "." + frac)) }), allowed);
    }
    var value = Number(sign + (whole || "0") + "." + (frac || "0"));
    if (!Number.isFinite(value)) return new Refusal(String(raw), say("input.number.too_large", {}), allowed);
    return value;
  }

  function parseInteger(raw) {
    var value = parseNumber(raw);
    if (typeof value === "number" && !Number.isInteger(value)) {
      return new Refusal(String(raw), say("input.integer.whole", {}), say("input.number.allowed", {}));
    }
    return value;
  }

  function parseChoice(raw, allowed) {
    if (raw === null || raw === undefined || raw === "") return null;
    var text = String(raw);
    if (allowed.indexOf(text) < 0) return new Refusal(text, say("input.choice.unknown", {}), oneOf(allowed));
    return text;
  }

  function parseFlag(raw) {
    if (raw === null || raw === undefined || raw === "") return false;
    if (raw === "yes") return true;
    return new Refusal(String(raw), say("input.choice.unknown", {}), oneOf(["yes"]));
  }

  function parseDate(raw, today) {
    if (raw === null || raw === undefined) return null;
    var text = strip(String(raw));
    var allowed = say("input.date.allowed", { years: String(DATE_WINDOW_YEARS), today: longDate(today) });
    if (text === "") return null;
    if (text === INCOMPLETE_DATE) return new Refusal("", say("input.date.incomplete", {}), allowed);
    var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return new Refusal(String(raw), say("input.date.malformed", {}), allowed);
    var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    if (y < EARLIEST_YEAR) {
      return new Refusal(String(raw), say("input.date.short_year", { year: m[1], example: pad(parts(today).y, 4) }), allowed);
    }
    var day = mo >= 1 && mo <= 12 && d >= 1 ? dayOf(y, mo, d) : null;
    if (day === null) {
      return new Refusal(String(raw), say("input.date.impossible", { year: m[1], month: m[2], day: m[3] }), allowed);
    }
    if (Math.abs(day - today) > DATE_WINDOW_YEARS * 366) {
      return new Refusal(String(raw), say("input.date.far", { years: String(DATE_WINDOW_YEARS), today: longDate(today) }), allowed);
    }
    return day;
  }

  /* ---------- statements (calculators/statements.py): a sentence, its kind, what it rests on ---------- */

  function note(text, kind, restsOn, warning) {
    var out = { text: text, kind: kind || null, rests_on: restsOn || [] };
    if (warning) out.warning = true;  // calculators/forms/adapters.py note_json: only when set
    return out;
  }

  /* ---------- small shared pieces ---------- */

  // runs_at_or_above / holds_at_or_above of calculators/safety.py: the longest run of consecutive
  // days (pairs [day, prednisone-equivalent mg]) at or above the threshold; holdOnly: never rising
  // (used by the taper's plan checks and the safety-checks form alike)
  function longestRun(days, threshold, holdOnly) {
    var best = 0, run = 0, lastDay = null, previous = null;
    days.forEach(function (pair) {
      if (!(pair[1] >= threshold)) return;
      var joins = lastDay !== null && lastDay + 1 === pair[0] && (!holdOnly || (previous !== null && pair[1] >= previous));
      run = joins ? run + 1 : 1;
      lastDay = pair[0]; previous = pair[1];
      if (run > best) best = run;
    });
    return best;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c];
    });
  }

  window.LiveContract = {
    numberText: numberText, quoted: quoted, valueText: valueText, oneOf: oneOf,
    say: say, problemText: problemText, rangeText: rangeText,
    Problem: Problem, InputError: InputError, fail: fail, refuse: refuse,
    Refusal: Refusal, parseNumber: parseNumber, parseInteger: parseInteger, parseChoice: parseChoice,
    parseFlag: parseFlag, parseDate: parseDate, INCOMPLETE_DATE: INCOMPLETE_DATE,
    dayOf: dayOf, parts: parts, isoDate: isoDate, longDate: longDate, weekday: weekday, fromIso: fromIso,
    localToday: localToday, note: note, pad: pad, escapeHtml: escapeHtml, longestRun: longestRun, DAY_MS: DAY_MS
  };
})();
