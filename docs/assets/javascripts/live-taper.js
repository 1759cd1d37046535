/*
 * Live taper form: a port of calculators/taper (engine, tablets, outputs) and of the
 * form adapter calculators/live.py::_taper.
 *
 * Protocols, presets, bounds and every text the outputs are made of come from
 * window.LIVE_DATA.taper (exported by calculators.live.export_data); no figure is
 * typed here. The browser tests replay every vector of calculators.live.vectors()
 * through LiveCalculators.run("taper", ...) and compare the whole answer with the
 * package's, including the CSV, the .ics and the patient calendar HTML, byte for byte.
 *
 * The .ics text is written by hand below (RFC 5545 escaping and 75-octet folding as
 * the icalendar library does them). That is acceptable only because the vector test
 * compares it byte for byte with the file Python's icalendar makes for every vector.
 */
(function () {
  "use strict";

  var LC = window.LiveCalculators;
  var T = window.LIVE_DATA.taper;
  var U = LC.util;
  var Problem = U.Problem, fail = U.fail, formatNumber = U.formatNumber;

  /* ---------- Python number behaviour ---------- */

  // Python round(x, n): correctly rounded, ties to even, on the exact binary value.
  function pyRound(x, n) {
    if (!Number.isFinite(x)) return x;
    var neg = x < 0;
    var text = Math.abs(x).toFixed(100);
    var point = text.indexOf(".");
    var keep = text.slice(0, point) + text.slice(point + 1, point + 1 + n);
    var rest = text.slice(point + 1 + n);
    var digits = keep.split("").map(Number);
    var first = Number(rest.charAt(0));
    var tail = /[1-9]/.test(rest.slice(1));
    var up = first > 5 || (first === 5 && (tail || digits[digits.length - 1] % 2 === 1));
    if (up) {
      var i = digits.length - 1;
      while (i >= 0) { if (digits[i] === 9) { digits[i] = 0; i -= 1; } else { digits[i] += 1; break; } }
      if (i < 0) digits.unshift(1);
    }
    var all = digits.join("");
    var out = n > 0 ? all.slice(0, all.length - n) + "." + all.slice(all.length - n) : all;
    var value = Number(out);
    return neg ? -value : value;
  }

  // Python repr(float): shortest round-trip digits, always with a point or an exponent.
  function pyFloatRepr(x) {
    if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
    var text = String(x);
    var m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
    if (m) return m[1] + "e" + m[2] + (m[3].length < 2 ? "0" : "") + m[3];
    return text;
  }

  function pyStr(text) { return "'" + text.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }

  // html.escape(text, quote=True)
  function htmlEscape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  /* ---------- dates as whole days since 1970-01-01 (UTC: no daylight saving) ---------- */

  var DAY_MS = 86400000;
  var WEEKDAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var MONTH = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function parseIsoDate(text) {
    var day = U.parseDate(text);
    return typeof day === "number" ? day : null;
  }
  function parts(day) {
    var d = new Date(day * DAY_MS);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), wd: (d.getUTCDay() + 6) % 7 };
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function iso(day) { var p = parts(day); return pad(p.y, 4) + "-" + pad(p.m, 2) + "-" + pad(p.d, 2); }
  function compact(day) { return iso(day).replace(/-/g, ""); }
  function calendarDay(day) {  // strftime('%a') day strftime('%b %Y')
    var p = parts(day);
    return WEEKDAY[p.wd] + " " + p.d + " " + MONTH[p.m - 1] + " " + pad(p.y, 4);
  }
  function dayMonthYear(day) { var p = parts(day); return p.d + " " + MONTH[p.m - 1] + " " + pad(p.y, 4); }

  /* ---------- tablets, matching calculators/taper/tablets.py ---------- */

  var SCALES = [1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 1000];

  function scaleOf(values) {
    for (var i = 0; i < SCALES.length; i++) {
      var s = SCALES[i];
      if (values.every(function (v) { return Math.abs(v * s - Math.round(v * s)) < 1e-9; })) return s;
    }
    return null;
  }

  var doseCache = {};
  function makeDose(dose, strengths, half) {
    var key = dose + "|" + strengths.join(",") + "|" + half;
    if (Object.prototype.hasOwnProperty.call(doseCache, key)) return doseCache[key];
    var out = makeDoseUncached(dose, strengths, half);
    doseCache[key] = out;
    return out;
  }

  function makeDoseUncached(dose, strengths, half) {
    if (dose === 0) return [];
    var seen = {}, pieces = [];
    strengths.forEach(function (s) { add(s, 1.0); });
    if (half) strengths.forEach(function (s) { add(s / 2, 0.5); });
    function add(size, frac) {
      var k = size + "|" + frac;
      if (!seen[k]) { seen[k] = true; pieces.push([size, frac]); }
    }
    pieces.sort(function (a, b) { return (b[0] - a[0]) || (b[1] - a[1]); });
    var scale = scaleOf(pieces.map(function (p) { return p[0]; }).concat([dose]));
    if (scale === null) return null;
    var target = Math.round(dose * scale);
    var units = pieces.map(function (p) { return Math.round(p[0] * scale); });
    var best = new Array(target + 1).fill(null);
    best[0] = [0, 0, -1];
    for (var amount = 1; amount <= target; amount++) {
      for (var i = 0; i < pieces.length; i++) {
        var unit = units[i];
        if (unit <= amount && best[amount - unit] !== null) {
          var prev = best[amount - unit];
          var cand = [prev[0] + 1, prev[1] + (pieces[i][1] < 1 ? 1 : 0), i];
          var cur = best[amount];
          if (cur === null || cand[0] < cur[0] || (cand[0] === cur[0] && cand[1] < cur[1])) best[amount] = cand;
        }
      }
    }
    if (best[target] === null) return null;
    var counts = {}, order = [];
    amount = target;
    while (amount) {
      var idx = best[amount][2];
      var piece = pieces[idx];
      var strength = piece[1] < 1 ? piece[0] / piece[1] : piece[0];
      if (!(strength in counts)) { counts[strength] = 0; order.push(strength); }
      counts[strength] += piece[1];
      amount -= units[idx];
    }
    order.sort(function (a, b) { return b - a; });
    return order.map(function (s) { return { strength_mg: s, count: counts[s] }; });
  }

  function tabletsText(tablets) {
    return tablets.map(function (t) { return formatNumber(t.count) + " × " + formatNumber(t.strength_mg) + " mg"; })
      .join(" + ");
  }

  function truthy(made) { return made !== null && made.length > 0; }

  function nearestMakeable(dose, strengths, half) {
    var smallest = Math.min.apply(null, strengths) / (half ? 2 : 1);
    var scale = scaleOf(strengths.concat([smallest])) || 1000;
    var step = 1 / scale;
    var below = null, above = null;
    var base = Math.trunc(dose * scale) / scale;
    var last = Math.trunc(100 * scale);
    for (var k = 0; k <= last; k++) {
      if (below === null && base - k * step > 0 && truthy(makeDose(pyRound(base - k * step, 6), strengths, half))) {
        below = base - k * step < dose ? pyRound(base - k * step, 6) : null;
      }
      if (above === null && truthy(makeDose(pyRound(base + k * step, 6), strengths, half))) {
        above = base + k * step > dose ? pyRound(base + k * step, 6) : null;
      }
      if (below !== null && above !== null) break;
    }
    return [below, above];
  }

  /* ---------- the engine, matching calculators/taper/engine.py ---------- */

  function orText(below, above) {
    var xs = [below, above].filter(function (x) { return x !== null; }).map(formatNumber);
    return xs.length ? xs.join(" or ") : "none";
  }

  function strengthsText(strengths, half) {
    return strengths.map(formatNumber).join(", ") + " mg tablets" + (half ? " (halves allowed)" : " (whole tablets)");
  }

  function requireMakeable(field, dose, strengths, half) {
    var made = makeDose(dose, strengths, half);
    if (made === null) {
      var near = nearestMakeable(dose, strengths, half);
      fail([new Problem(field, dose, "cannot be made from " + strengthsText(strengths, half),
        "a dose the tablets make (nearest: " + orText(near[0], near[1]) + " mg/day), or other strengths")]);
    }
    return made;
  }

  function rangeText(low, high, unit) {
    return low === high ? formatNumber(low) + " " + unit : formatNumber(low) + " to " + formatNumber(high) + " " + unit;
  }

  function startDose(req, protocol, strengths) {
    var cover = protocol.start, src = protocol.source_id, notes = [];
    if ((req.start_dose_mg === null) === (req.dose_mg_per_kg === null)) {
      fail([new Problem("start_dose_mg", req.start_dose_mg,
        req.start_dose_mg === null ? "is required" : "was given with dose_mg_per_kg",
        "either start_dose_mg, or patient with a weight and dose_mg_per_kg (not both)")]);
    }
    var weight = req.patient ? req.patient.weight_kg : null;
    var low, high, perLow, perHigh;
    if (req.start_dose_mg !== null) {
      var range = weight !== null && cover.per_kg_mg ? cover.per_kg_mg : cover.typed_mg;
      low = range[0]; high = range[1];
      if (!(low <= req.start_dose_mg && req.start_dose_mg <= high)) {
        fail([new Problem("start_dose_mg", req.start_dose_mg, "is not covered by " + protocol.id + ": " + cover.why,
          rangeText(low, high, "mg/day"), src)]);
      }
      if (weight !== null && cover.per_kg_range) {
        perLow = cover.per_kg_range[0]; perHigh = cover.per_kg_range[1];
        var perKg = req.start_dose_mg / weight;
        if (!(perLow - 1e-9 <= perKg && perKg <= perHigh + 1e-9)) {
          fail([new Problem("start_dose_mg", req.start_dose_mg, "is " + formatNumber(perKg) + " mg/kg/day, outside " +
            formatNumber(perLow) + " to " + formatNumber(perHigh) + " mg/kg/day",
            formatNumber(perLow * weight) + " to " + formatNumber(perHigh * weight) + " mg/day for " +
            formatNumber(weight) + " kg", src)]);
        }
        notes.push("Start dose " + formatNumber(req.start_dose_mg) + " mg/day for " + formatNumber(weight) + " kg = " +
          formatNumber(pyRound(perKg, 3)) + " mg/kg/day.");
      }
      requireMakeable("start_dose_mg", req.start_dose_mg, strengths, req.half_tablets);
      return [req.start_dose_mg, notes];
    }
    if (cover.per_kg_mg === null) {
      fail([new Problem("dose_mg_per_kg", req.dose_mg_per_kg, "is not used by " + protocol.id + ": " + cover.why,
        "a start dose in mg/day (start_dose_mg)", src)]);
    }
    if (weight === null) {
      fail([new Problem("patient", null, "is required with dose_mg_per_kg", "a Patient with weight and weight_unit")]);
    }
    var exact = pyRound(weight * req.dose_mg_per_kg, 6);
    var dose = exact;
    if (!truthy(makeDose(exact, strengths, req.half_tablets))) {
      var near = nearestMakeable(exact, strengths, req.half_tablets), below = near[0], above = near[1];
      if (req.start_rounding === "refuse") {
        fail([new Problem("start dose (weight x dose_mg_per_kg)", exact,
          "= " + formatNumber(weight) + " kg x " + formatNumber(req.dose_mg_per_kg) + " mg/kg/day cannot be made from " +
          strengthsText(strengths, req.half_tablets),
          "a dose the tablets make: nearest " + orText(below, above) + " mg/day; give start_dose_mg, or " +
          "start_rounding='down' or 'nearest'")]);
      }
      dose = req.start_rounding === "down" || above === null ||
        (below !== null && exact - below <= above - exact) ? below : above;
      if (dose === null) {
        fail([new Problem("start_rounding", req.start_rounding, "finds no makeable dose below " + formatNumber(exact) +
          " mg/day", "'nearest'")]);
      }
      notes.push("Start dose " + formatNumber(weight) + " kg x " + formatNumber(req.dose_mg_per_kg) + " mg/kg/day = " +
        formatNumber(exact) + " mg/day cannot be made from the tablets; rounded " + (dose < exact ? "down" : "up") +
        " to " + formatNumber(dose) + " mg/day as asked (start_rounding='" + req.start_rounding + "'), = " +
        formatNumber(dose / weight) + " mg/kg/day.");
    }
    perLow = cover.per_kg_range[0]; perHigh = cover.per_kg_range[1];
    low = cover.per_kg_mg[0]; high = cover.per_kg_mg[1];
    if (!(low <= dose && dose <= high)) {
      fail([new Problem("start dose (weight x dose_mg_per_kg)", dose, "is not covered by " + protocol.id + ": " +
        cover.why, formatNumber(low) + " to " + formatNumber(high) + " mg/day", src)]);
    }
    if (!(perLow - 1e-9 <= dose / weight && dose / weight <= perHigh + 1e-9)) {
      fail([new Problem("start_rounding", req.start_rounding, "gives " + formatNumber(dose) + " mg/day = " +
        formatNumber(dose / weight) + " mg/kg/day, outside " + formatNumber(perLow) + " to " + formatNumber(perHigh) +
        " mg/kg/day", "'down' or 'refuse'", src)]);
    }
    return [dose, notes];
  }

  function dosePlan(protocol, start, req) {
    if (protocol.kind === "span") {
      var step = req.step_mg !== null ? req.step_mg : protocol.default_step_mg;
      var count = start / step;
      var whole = Math.round(count);
      if (Math.abs(count - whole) > 1e-9 || whole < 2) {
        fail([new Problem("step_mg", step, "does not divide the start dose evenly", "a step that divides " +
          formatNumber(start) + " mg into 2 or more equal steps (e.g. 5 or 2.5)")]);
      }
      var doses = [];
      for (var k = 1; k < whole; k++) doses.push(pyRound(start - step * k, 6));
      var days = req.withdrawal_days;
      if (doses.length > days) {
        fail([new Problem("step_mg", step, "gives " + doses.length + " doses, more than the " + days + " days",
          "a step giving at most " + days + " doses")]);
      }
      var base = Math.floor(days / doses.length), extra = days % doses.length;
      var rule = "even steps of " + formatNumber(step) + " mg over " + days + " days (the tool's spacing)";
      return doses.map(function (d, i) { return [d, base + (i >= doses.length - extra ? 1 : 0), rule, null]; });
    }
    var slow = req.slow_1mg_every_weeks;
    var enabled = protocol.stages.filter(function (s) {
      return s.option === null || (s.option === "slow-1mg-from-10mg" && slow !== null);
    });
    function stageAt(dose) {
      for (var i = 0; i < enabled.length; i++) {
        if (enabled[i].floor_mg < dose && dose <= enabled[i].ceiling_mg) return enabled[i];
      }
      return null;
    }
    var plan = [[start, req.hold_weeks * 7, "initial dose held " + req.hold_weeks + " weeks", null]];
    var dose = start;
    for (;;) {
      var stage = stageAt(dose);
      if (stage === null) {
        fail([new Problem("start_dose_mg", start, "reaches " + formatNumber(dose) + " mg/day, which no stage covers",
          "a dose the protocol's stages cover")]);
      }
      var next = pyRound(Math.max(dose - stage.step_mg, stage.floor_mg), 6);
      var note = null;
      if (next > dose - stage.step_mg + 1e-9 && next > 0) {
        note = "step of " + formatNumber(dose - next) + " mg, not " + formatNumber(stage.step_mg) +
          " mg: the rule stops at " + formatNumber(stage.floor_mg) + " mg/day";
      }
      if (next <= 0) break;
      var holding = stageAt(next);
      var weeks = holding.interval_weeks !== null ? holding.interval_weeks : slow;
      plan.push([next, weeks * 7, holding.option ? holding.rule : stage.rule, note]);
      dose = next;
    }
    return plan;
  }

  function strengthsFor(req, protocol) {
    var presets = T.strength_presets;
    if (req.strengths_mg === null) {
      var own = presets[protocol.drug];
      return [own.strengths_mg.slice(), "Tablet strengths not given: used the " + own.drug + " preset (" +
        own.strengths_mg.map(formatNumber).join(", ") + " mg)."];
    }
    if (typeof req.strengths_mg === "string") {
      var preset = presets[req.strengths_mg];
      if (preset.drug !== protocol.drug) {
        fail([new Problem("strengths_mg", req.strengths_mg, "is a " + preset.drug + " preset; " + protocol.id + " uses " +
          protocol.drug, "a " + protocol.drug + " preset or strengths in mg")]);
      }
      return [preset.strengths_mg.slice(), null];
    }
    var unique = req.strengths_mg.filter(function (s, i, all) { return all.indexOf(s) === i; });
    return [unique.sort(function (a, b) { return b - a; }), null];
  }

  // calculators/_model.py + errors.py: the field problems pydantic collects, in field order
  var REQUEST_ORDER = ["protocol", "start_date", "start_dose_mg", "patient", "dose_mg_per_kg", "hold_weeks",
                       "slow_1mg_every_weeks", "withdrawal_days", "step_mg"];

  function validateRequest(req) {
    var problems = [];
    REQUEST_ORDER.forEach(function (name) {
      var value = req[name];
      if (name === "protocol" || name === "patient") return;
      if (name === "start_date") {
        if (typeof value !== "number") {
          problems.push(new Problem("start_date", value, "must be a calendar date", "a date such as 2026-01-05"));
        }
        return;
      }
      if (value === null || value === undefined) return;
      var b = T.bounds[name];
      var isInt = T.int_fields.indexOf(name) >= 0;
      var problem = null;
      if (isInt && (typeof value !== "number" || !Number.isInteger(value))) {
        problem = new Problem(name, value, "must be a whole number", U.describeBounds(b));
      } else if (typeof value === "string") {
        problem = new Problem(name, value, "must be a number, not text", U.describeBounds(b));
      } else {
        problem = U.checkBounds(name, value, b);
      }
      if (problem) problems.push(problem);
    });
    if (problems.length) fail(problems);
    if (!Object.prototype.hasOwnProperty.call(T.protocols, req.protocol)) {
      fail([new Problem("protocol", req.protocol, "is not a known protocol", T.field_help.protocol)]);
    }
  }

  function buildSchedule(req) {
    validateRequest(req);
    var protocol = T.protocols[req.protocol];
    var src = protocol.source_id;
    // Inputs of the other kind of protocol are never passed by the form adapter (see _taper), so the
    // engine's "is not an input of" refusal cannot arise here.
    var problems = [];
    if (protocol.kind === "stepped" && req.hold_weeks === null) {
      problems.push(new Problem("hold_weeks", null, "is required: the clinician picks how long the initial dose " +
        "is held", "2 to 4 weeks (whole weeks)", "S002, S003"));
    }
    if (protocol.kind === "span" && req.withdrawal_days === null) {
      problems.push(new Problem("withdrawal_days", null, "is required: the clinician picks the span", "6 to 14 days", src));
    }
    if (problems.length) fail(problems);

    var st = strengthsFor(req, protocol), strengths = st[0], strengthNote = st[1];
    var sd = startDose(req, protocol, strengths), start = sd[0], notes = sd[1];
    var plan = dosePlan(protocol, start, req);
    var periods = [], day = req.start_date;
    plan.forEach(function (item) {
      var tablets = requireMakeable("dose in the taper", item[0], strengths, req.half_tablets);
      var end = day + item[1] - 1;
      periods.push({ start: day, end: end, days: item[1], dose: item[0], tablets: tablets, rule: item[2], note: item[3] });
      day = end + 1;
    });
    if (strengthNote) notes.push(strengthNote);
    if (req.half_tablets) {
      notes.push("Half tablets allowed (declared policy): use scored tablets; the other half is taken on a later day.");
    }
    if (protocol.spacing_note) notes.push(protocol.spacing_note);
    if (req.slow_1mg_every_weeks !== null) {
      notes.push("Option slow-1mg-from-10mg: from 10 mg/day, minus 1 mg every " + req.slow_1mg_every_weeks +
        " weeks (the clinician's pick within S003's 2-4 weeks).");
    }
    // TaperSchedule.inputs: pydantic stores every number as a float
    var inputs = {
      start_dose_mg: start,
      weight_kg: req.patient && req.patient.weight_kg ? req.patient.weight_kg : null,
      dose_mg_per_kg: req.dose_mg_per_kg,
      hold_weeks: req.hold_weeks,
      slow_1mg_every_weeks: req.slow_1mg_every_weeks,
      withdrawal_days: req.withdrawal_days,
      step_mg: req.step_mg !== null ? req.step_mg : protocol.default_step_mg
    };
    return {
      protocol: protocol, strengths: strengths, half: req.half_tablets, start_date: req.start_date,
      start_dose: start, periods: periods, notes: notes, inputs: inputs
    };
  }

  /* ---------- totals and flags, matching TaperSchedule ---------- */

  function summarise(s) {
    var pjpDose = T.pjp_threshold.dose_mg_per_day;
    var duration = 0, cumulative = 0, pjpDays = 0, totals = {}, order = [];
    s.periods.forEach(function (p) {
      duration += p.days;
      cumulative += p.dose * p.days;
      if (p.dose >= pjpDose) pjpDays += p.days;
      p.tablets.forEach(function (t) {
        if (!(t.strength_mg in totals)) { totals[t.strength_mg] = 0; order.push(t.strength_mg); }
        totals[t.strength_mg] += t.count * p.days;
      });
    });
    order.sort(function (a, b) { return b - a; });
    var reached = pjpDays >= T.pjp_threshold.days;
    var flags = [pjpDays + " days at " + formatNumber(pjpDose) + " mg/day or more"];
    if (reached) {
      flags.push("Pneumocystis prophylaxis: reaches the S003 threshold (" + T.pjp_text.dose + " or more for " +
        T.pjp_text.weeks + " or more); consider prophylaxis (e.g. trimethoprim-sulfamethoxazole)");
    }
    return {
      duration: duration, cumulative: pyRound(cumulative, 6), pjpDays: pjpDays, reached: reached, flags: flags,
      dispense: order.map(function (st) { return { strength_mg: st, count: Math.ceil(totals[st]) }; })
    };
  }


  /* ---------- plan checks on the taper alone, matching calculators.safety.check_plan ---------- */

  // Each rule's condition, by code (calculators/safety.py RULES); the messages come from the package.
  var RULE_APPLIES = {
    "pjp.steroid": function (f) { return f.pjp_run_days >= T.plan.pjp_days; },
    "pjp.multiple": function (f) { return f.immunosuppressants >= T.plan.pjp_immunosuppressants; },
    "mtx.hepatitis": function (f) { return f.has("methotrexate"); },
    "mtx.liver": function (f) { return f.has("methotrexate"); },
    "mtx.monitoring": function (f) { return f.has("methotrexate") && f.disease === "IGM"; },
    "mtx.contraception": function (f) { return f.has("methotrexate") && f.plan.childbearing_potential !== false && !f.plan.pregnant; },
    "mtx.pregnancy": function (f) { return f.has("methotrexate") && !!f.plan.pregnant; },
    "mtx.planning_pregnancy": function (f) { return f.has("methotrexate") && !!f.plan.planning_pregnancy; },
    "aza.pregnancy_preferred": function (f) { return f.disease === "IIM" && !!f.plan.planning_pregnancy && !f.has("azathioprine"); },
    "mtx.folic_acid": function (f) { return f.has("methotrexate") && f.disease !== "IGM"; },
    "mtx.folic_acid_igm": function (f) { return f.has("methotrexate") && f.disease === "IGM"; },
    "aza.tpmt": function (f) { return f.has("azathioprine") && f.plan.tpmt_known !== true; },
    "bone.dexa": function (f) { return f.has_steroid; },
    "bone.bisphosphonate": function (f) { return f.has_steroid && !!f.plan.osteoporosis; },
    "bone.bisphosphonate_if": function (f) { return f.has_steroid && f.plan.osteoporosis === null; },
    "vaccines.update": function (f) { return f.immunosuppressants >= 1; },
    "vaccines.no_live": function (f) { return f.immunosuppressants >= 1 && !f.plan.live_vaccine_planned; },
    "vaccines.live_planned": function (f) { return f.immunosuppressants >= 1 && f.plan.live_vaccine_planned; },
    "igm.tuberculosis": function (f) { return f.disease === "IGM" && f.has_steroid && f.plan.tuberculosis_excluded !== true; },
    "igm.pregnancy": function (f) { return f.disease === "IGM" && f.has_steroid && !!f.plan.pregnant; },
    "steroid.monotherapy_iim": function (f) { return (f.disease === "IIM" || f.disease === "JDM") && f.has_steroid && !f.sparing(); },
    "steroid.monotherapy_igm": function (f) { return f.disease === "IGM" && f.has_steroid && !f.sparing(); },
    "steroid.high_dose_duration": function (f) {
      return (f.disease === "IIM" || f.disease === "JDM") && f.high_dose_run_days !== null &&
        f.high_dose_run_days > T.plan.high_dose_max_days;
    },
    "steroid.high_dose_unknown": function (f) { return (f.disease === "IIM" || f.disease === "JDM") && f.has_steroid && f.high_dose_run_days === null; },
    "cni.reserved": function (f) { return f.has("cyclosporine") || f.has("tacrolimus"); }
  };

  function planChecks(s, weightKg) {
    var eq = window.LIVE_DATA.steroids.equivalent_mg;
    var factor = eq.prednisone / eq[s.protocol.drug];
    var days = [];
    s.periods.forEach(function (p) { for (var d = p.start; d <= p.end; d++) days.push([d, p.dose * factor]); });
    function longest(threshold, holdOnly) {  // runs_at_or_above / holds_at_or_above
      var best = 0, run = 0, lastDay = null, previous = null;
      days.forEach(function (pair) {
        if (!(pair[1] >= threshold)) return;
        var joins = lastDay !== null && lastDay + 1 === pair[0] && (!holdOnly || (previous !== null && pair[1] >= previous));
        run = joins ? run + 1 : 1;
        lastDay = pair[0];
        previous = pair[1];
        if (run > best) best = run;
      });
      return best;
    }
    var facts = {
      disease: s.protocol.disease, has_steroid: true, immunosuppressants: 1,
      pjp_run_days: longest(T.plan.pjp_dose_mg, false),
      high_dose_run_days: weightKg === null ? null : longest(T.plan.high_dose_per_kg * weightKg, true),
      plan: { pregnant: null, planning_pregnancy: null, childbearing_potential: null, osteoporosis: null,
              tpmt_known: null, live_vaccine_planned: false, tuberculosis_excluded: null },
      has: function () { return false; },      // the taper alone: no other agent in the plan
      sparing: function () { return false; }
    };
    var items = T.plan.rules.filter(function (r) { return RULE_APPLIES[r.code](facts); }).map(function (r) {
      return { code: r.code, severity: r.severity, sources: r.sources.slice(),
               message: r.template.replace("{pjp_run_days}", facts.pjp_run_days)
                 .replace("{high_dose_run_days}", facts.high_dose_run_days)
                 .replace("{immunosuppressants}", facts.immunosuppressants) };
    });
    return { items: items, notes: s.protocol.drug !== "prednisone" ? [T.plan.prednisone_note] : [],
             longest_run_days_at_pjp_dose: facts.pjp_run_days };
  }

  /* ---------- outputs, matching calculators/taper/outputs.py ---------- */

  function drugCap(drug) { return drug.charAt(0).toUpperCase() + drug.slice(1); }
  function traced(s) {
    return s.protocol.name + "; protocol " + s.protocol.id + "; source " + T.source_labels[s.protocol.source_id];
  }
  function doseText(mg) { return formatNumber(mg) + " mg"; }

  // csv.writer, QUOTE_MINIMAL, lineterminator "\n"
  function csvField(value) {
    var text = String(value);
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function toCsv(s) {
    var rows = [["start", "end", "days", "drug", "daily_dose_mg", "frequency", "tablets_each_day", "rule", "protocol",
                 "source"]];
    s.periods.forEach(function (p) {
      rows.push([iso(p.start), iso(p.end), p.days, s.protocol.drug, formatNumber(p.dose), T.once_daily,
                 tabletsText(p.tablets), p.rule, s.protocol.id, s.protocol.source_id]);
    });
    var stop = s.periods[s.periods.length - 1].end + 1;
    rows.push([iso(stop), "", "", s.protocol.drug, "0", "stopped", "", "end of taper", s.protocol.id,
               s.protocol.source_id]);
    return rows.map(function (r) { return r.map(csvField).join(","); }).join("\n") + "\n";
  }

  // icalendar's TEXT escaping (parser._escape_char) and line folding (parser._foldline, 75 octets)
  function icsEscape(text) {
    return text.replace(/\\N/g, "\n").replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n/g, "\\n").replace(/\n/g, "\\n").replace(/\r/g, "\\n");
  }
  function utf8Length(ch) {
    var c = ch.codePointAt(0);
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  function fold(line) {
    var out = [], current = [], bytes = 0;
    Array.from(line).forEach(function (ch) {
      var n = utf8Length(ch);
      if (current.length && bytes + n >= 75) {
        if (current.length > 1 && (current[current.length - 1] === "\\" || current[current.length - 1] === "^")) {
          var carry = current.pop();
          out.push(current.join(""));
          current = [carry];
          bytes = utf8Length(carry);
        } else {
          out.push(current.join(""));
          current = [];
          bytes = 0;
        }
      }
      current.push(ch);
      bytes += n;
    });
    if (current.length) out.push(current.join(""));
    return out.join("\r\n ");
  }

  function uidSeed(s) {
    var items = Object.keys(s.inputs).filter(function (k) { return s.inputs[k] !== null; }).sort()
      .map(function (k) { return "(" + pyStr(k) + ", " + pyFloatRepr(s.inputs[k]) + ")"; });
    var key = [s.protocol.id, iso(s.start_date), formatNumber(s.start_dose), "[" + items.join(", ") + "]"].join("|");
    return sha256Hex(key).slice(0, 16);
  }

  function toIcs(s) {
    var drug = s.protocol.drug, Drug = drugCap(drug), seed = uidSeed(s);
    var stamp = compact(s.start_date) + "T000000Z";
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + icsEscape("-//IGM and IIM guideline calculators//taper//EN"),
                 "X-WR-CALNAME:" + icsEscape(Drug + " taper (" + s.protocol.id + ")")];
    function event(uid, start, summary, description) {
      lines.push("BEGIN:VEVENT", "SUMMARY:" + icsEscape(summary), "DTSTART;VALUE=DATE:" + compact(start),
                 "DTEND;VALUE=DATE:" + compact(start + 1), "DTSTAMP:" + stamp, "UID:" + icsEscape(uid),
                 "DESCRIPTION:" + icsEscape(description), "END:VEVENT");
    }
    s.periods.forEach(function (p, i) {
      var tabs = tabletsText(p.tablets);
      event(seed + "-" + (i + 1) + "@taper.igm-iim-guide", p.start,
        Drug + " " + doseText(p.dose) + " " + T.once_daily + ": " + tabs,
        "From " + iso(p.start) + " to " + iso(p.end) + " (" + p.days + " days): take " + doseText(p.dose) + " " + drug +
        " " + T.once_daily + " as " + tabs + ".\nStep: " + p.rule + ".\n" + traced(s) + ".");
    });
    var stop = s.periods[s.periods.length - 1].end + 1;
    event(seed + "-stop@taper.igm-iim-guide", stop, Drug + ": stopped, no more tablets",
      "First day without " + drug + ". " + traced(s) + ".");
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  function toCalendarHtml(s) {
    var drug = s.protocol.drug, Drug = drugCap(drug);
    var heading = htmlEscape("Your " + drug + " calendar");
    var rows = [], previous = null;
    s.periods.forEach(function (p) {
      var tabs = htmlEscape(tabletsText(p.tablets));
      for (var day = p.start; day <= p.end; day++) {
        var change = previous !== null && p.dose !== previous ? ' class="change"' : "";
        previous = p.dose;
        rows.push("<tr" + change + "><td>" + calendarDay(day) + "</td>" + '<td class="dose">' +
          htmlEscape(doseText(p.dose)) + "</td><td>" + tabs + "</td>" + '<td class="tick"><span></span></td></tr>');
      }
    });
    var stop = s.periods[s.periods.length - 1].end + 1;
    rows.push('<tr class="stop change"><td>' + calendarDay(stop) + "</td>" +
      '<td class="dose">none</td><td>Stopped: no more tablets</td><td class="tick"></td></tr>');
    var plan = Drug + " " + T.once_daily + ", from " + dayMonthYear(s.start_date) +
      ". Tick each day when you have taken it. Plan: " + traced(s) + ".";
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>" + heading + "</title><style>" + T.calendar_css + "</style></head><body>" +
      "<h1>" + heading + "</h1><p class=\"plan\">" + htmlEscape(plan) + "</p>" +
      "<table><thead><tr><th>Day</th><th>Dose</th><th>Tablets</th><th>Taken</th></tr></thead><tbody>" +
      rows.join("") + "</tbody></table></body></html>\n";
  }

  /* ---------- the form adapter, matching calculators/live.py::_taper ---------- */

  function choiceProblem(name, value, allowed) {
    if (value !== null && allowed.indexOf(value) < 0) {
      return new Problem(name, value, "is not one of the accepted values", U.oneOf(allowed));
    }
    return null;
  }
  function whole(value) { return value; }  // JS numbers carry no int/float distinction: checked as whole numbers

  function computeTaper(v) {
    var problems = [];
    if (v.protocol === null) problems.push(new Problem("protocol", null, "is required", T.field_help.protocol));
    Object.keys(T.form_choices).forEach(function (name) {
      var p = choiceProblem(name, v[name], T.form_choices[name]);
      if (p) problems.push(p);
    });
    var strengthKeys = T.form_strength_names;
    var sp = choiceProblem("strengths", v.strengths || "", strengthKeys);
    if (sp) problems.push(sp);
    if (problems.length) fail(problems);

    var protocol = Object.prototype.hasOwnProperty.call(T.protocols, v.protocol) ? T.protocols[v.protocol] : null;
    var kind = protocol ? protocol.kind : null;
    var perKg = v.dose_basis === "per-kg";
    var req = {
      protocol: v.protocol, start_date: v.start_date, start_dose_mg: null, patient: null, dose_mg_per_kg: null,
      hold_weeks: null, slow_1mg_every_weeks: null, withdrawal_days: null, step_mg: null,
      strengths_mg: T.form_strengths[v.strengths || ""], half_tablets: v.half_tablets === "yes",
      start_rounding: "refuse"
    };
    if (v.weight !== null) {
      req.patient = U.makePatient({ weight: v.weight, weight_unit: v.weight_unit, height: null, height_unit: null,
                                    sex: null, age_years: null });
    }
    if (perKg) {
      req.dose_mg_per_kg = v.dose_mg_per_kg;
      req.start_rounding = v.start_rounding || "refuse";
    } else {
      req.start_dose_mg = v.start_dose_mg;
    }
    if (kind === "stepped") {
      req.hold_weeks = whole(v.hold_weeks);
      if (protocol.stages.some(function (s) { return s.option === "slow-1mg-from-10mg"; })) {
        req.slow_1mg_every_weeks = whole(v.slow_1mg_every_weeks);
      }
    } else if (kind === "span") {
      req.withdrawal_days = whole(v.withdrawal_days);
      req.step_mg = v.step_mg;
    }
    var s = buildSchedule(req);
    var sum = summarise(s);
    var stop = s.periods[s.periods.length - 1].end + 1;
    return {
      schedule: {
        protocol: s.protocol.id,
        protocol_name: s.protocol.name,
        drug: s.protocol.drug,
        source: s.protocol.source_id,
        source_label: T.source_labels[s.protocol.source_id],
        rule: s.protocol.rule,
        start_date: iso(s.start_date),
        end_date: iso(stop - 1),
        stop_date: iso(stop),
        start_dose_mg: s.start_dose,
        periods: s.periods.map(function (p) {
          return { start: iso(p.start), end: iso(p.end), days: p.days, daily_dose_mg: p.dose,
                   tablets: tabletsText(p.tablets), rule: p.rule, note: p.note };
        }),
        duration_days: sum.duration,
        cumulative_dose_mg: sum.cumulative,
        dispense: sum.dispense,
        days_at_or_above_20_mg: sum.pjpDays,
        pjp_threshold_reached: sum.reached,
        flags: sum.flags,
        notes: s.notes
      },
      plan_checks: planChecks(s, req.patient ? req.patient.weight_kg : null),
      csv: toCsv(s),
      ics: toIcs(s),
      calendar_html: toCalendarHtml(s)
    };
  }

  /* ---------- SHA-256 (synchronous; for the .ics UIDs, as hashlib.sha256) ---------- */

  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256Hex(text) {
    var bytes = Array.from(new TextEncoder().encode(text));
    var bitLen = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) bytes.push(0);
    for (var s = 7; s >= 0; s--) bytes.push(s >= 4 ? 0 : (bitLen >>> (s * 8)) & 0xff);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
    for (var off = 0; off < bytes.length; off += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (bytes[off + 4 * i] << 24) | (bytes[off + 4 * i + 1] << 16) | (bytes[off + 4 * i + 2] << 8) | bytes[off + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0, (h[4] + e) | 0, (h[5] + f) | 0,
           (h[6] + g) | 0, (h[7] + hh) | 0];
    }
    return h.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  /* ---------- rendering in the page ---------- */

  var esc = U.escapeHtml;

  function fmtDate(isoText) {
    var day = parseIsoDate(isoText);
    return day === null ? isoText : calendarDay(day);
  }

  function renderTaper(results, form) {
    var s = results.schedule;
    var rows = s.periods.map(function (p) {
      return "<tr><td>" + esc(fmtDate(p.start)) + "</td><td>" + esc(fmtDate(p.end)) + "</td><td>" + p.days +
        "</td><td><strong>" + esc(formatNumber(p.daily_dose_mg)) + " mg</strong></td><td>" + esc(p.tablets) +
        "</td><td>" + esc(p.rule) + (p.note ? " (" + esc(p.note) + ")" : "") + "</td></tr>";
    }).join("");
    rows += "<tr><td>" + esc(fmtDate(s.stop_date)) + "</td><td></td><td></td><td><strong>0</strong></td>" +
      "<td>stopped</td><td>end of taper</td></tr>";
    var dispense = s.dispense.map(function (d) {
      return d.count + " × " + formatNumber(d.strength_mg) + " mg";
    }).join(", ");
    var flags = s.flags.map(function (f, i) {
      return "<li" + (i > 0 ? ' class="live-taper__flag--warn"' : "") + ">" + esc(f) + "</li>";
    }).join("");
    var notes = s.notes.map(function (n) { return "<li>" + esc(n) + "</li>"; }).join("");
    return '<div class="live-calc__result live-taper">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity">' + esc(s.protocol_name) + "</span> <strong>" +
      esc(formatNumber(s.start_dose_mg)) + " mg/day " + esc(s.drug) + " once daily, " + s.duration_days +
      " days</strong></p>" +
      '<p class="live-calc__rule">' + esc(s.rule) + ' <span class="live-calc__source">Source: ' + esc(s.source_label) +
      "</span></p>" +
      '<ul class="live-taper__totals">' +
      "<li>From " + esc(fmtDate(s.start_date)) + " to " + esc(fmtDate(s.end_date)) + "; first day without: " +
      esc(fmtDate(s.stop_date)) + "</li>" +
      "<li>Days: " + s.duration_days + "; cumulative dose: " + esc(formatNumber(s.cumulative_dose_mg)) + " mg</li>" +
      "<li>Tablets to dispense: " + esc(dispense) + "</li></ul>" +
      '<ul class="live-taper__flags" aria-label="Flags">' + flags + "</ul>" +
      planHtml(results.plan_checks) +
      '<p class="live-taper__actions">' +
      '<button type="button" class="md-button md-button--primary" data-taper-action="print">Print patient calendar</button> ' +
      '<button type="button" class="md-button" data-taper-action="csv">Download CSV</button> ' +
      '<button type="button" class="md-button" data-taper-action="ics">Download calendar (.ics)</button></p>' +
      '<div class="live-taper__scroll" tabindex="0" role="region" aria-label="Schedule table">' +
      '<table class="live-taper__table"><caption>Schedule: one row per daily dose</caption><thead><tr><th scope="col">From</th>' +
      '<th scope="col">To</th><th scope="col">Days</th><th scope="col">Dose a day</th><th scope="col">Tablets each day</th>' +
      '<th scope="col">Step</th></tr></thead><tbody>' + rows + "</tbody></table></div>" +
      (notes ? '<p class="live-dose__heading">Notes</p><ul class="live-calc__notes">' + notes + "</ul>" : "") + "</div>";
  }

  function planHtml(plan) {
    var items = plan.items.map(function (i) {
      return '<li class="live-plan__item live-plan__item--' + esc(i.severity) + '"><strong>' + esc(i.severity) +
        ":</strong> " + esc(i.message) + ' <span class="live-calc__source">(' + esc(i.sources.join(", ")) + ")</span></li>";
    }).join("");
    var notes = plan.notes.map(function (n) { return "<li>" + esc(n) + "</li>"; }).join("");
    // No link inside <summary>: a control nested in a control (axe nested-interactive).
    return '<details class="live-plan"><summary>Safety checks for this taper alone (' + plan.items.length +
      ' items)</summary>' +
      '<ul class="live-plan__items">' + items + notes + "</ul></details>" +
      '<p class="live-plan__more">To check the whole plan with the other drugs, use the ' +
      '<a href="../safety/">safety checks</a> page.</p>';
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  // The patient calendar is printed from the page itself: the print CSS (site.css) hides everything
  // but this container while body.live-taper-printing is set.
  function printCalendar(html) {
    var holder = document.getElementById("live-taper-print");
    if (!holder) {
      holder = document.createElement("div");
      holder.id = "live-taper-print";
      holder.className = "live-taper-print";
      document.body.appendChild(holder);
    }
    var doc = new DOMParser().parseFromString(html, "text/html");
    var style = doc.querySelector("style");
    holder.innerHTML = "<style>" + scopeCss(style ? style.textContent : "") + "</style>" + doc.body.innerHTML;
    document.body.classList.add("live-taper-printing");
    var done = function () { document.body.classList.remove("live-taper-printing"); window.removeEventListener("afterprint", done); };
    window.addEventListener("afterprint", done);
    window.print();
  }

  // The calendar's own CSS, limited to the print container (it styles body, table, h1 ...)
  function scopeCss(css) {
    return css.replace(/(^|\})\s*([^{}@]+)\{/g, function (all, close, selectors) {
      var scoped = selectors.split(",").map(function (sel) {
        sel = sel.trim();
        if (!sel) return sel;
        if (sel === "body" || sel === "*") return "#live-taper-print" + (sel === "*" ? " *" : "");
        return "#live-taper-print " + sel;
      }).join(", ");
      return close + "\n" + scoped + " {";
    });
  }

  function fileStem(s) { return s.drug + "-taper-" + s.protocol + "-" + s.start_date; }

  function onClick(event) {
    var button = event.target.closest("[data-taper-action]");
    if (!button) return;
    var form = button.closest("form.live-calc");
    var answer = form && form.liveTaperAnswer;
    if (!answer || !answer.ok) return;
    var r = answer.results, action = button.getAttribute("data-taper-action");
    if (action === "csv") download(fileStem(r.schedule) + ".csv", r.csv, "text/csv;charset=utf-8");
    else if (action === "ics") download(fileStem(r.schedule) + ".ics", r.ics, "text/calendar;charset=utf-8");
    else if (action === "print") printCalendar(r.calendar_html);
  }

  // Show only the fields of the chosen protocol and dose basis (hidden fields are ignored by the adapter).
  function syncFields(form) {
    var protocol = T.protocols[form.elements.protocol.value];
    var kind = protocol ? protocol.kind : "";
    var hasSlow = protocol && protocol.stages.some(function (s) { return s.option === "slow-1mg-from-10mg"; });
    var basis = form.elements.dose_basis ? form.elements.dose_basis.value : "dose";
    form.querySelectorAll("[data-show-when]").forEach(function (el) {
      var show = el.getAttribute("data-show-when").split(" ").every(function (cond) {
        if (cond === "stepped" || cond === "span") return kind === cond;
        if (cond === "slow") return hasSlow;
        if (cond === "dose" || cond === "per-kg") return basis === cond;
        return true;
      });
      el.hidden = !show;
    });
  }

  // Runs before LiveCalculators binds the form, so these listeners see every update.
  function bindTaper(form) {
    if (form.liveTaperBound) return;
    form.liveTaperBound = true;
    syncFields(form);
    var sync = function (e) { if (e.target.name === "protocol" || e.target.name === "dose_basis") syncFields(form); };
    form.addEventListener("change", sync);
    form.addEventListener("input", sync);
    form.addEventListener("live-calc:updated", function (e) { form.liveTaperAnswer = e.detail; });
    form.addEventListener("click", onClick);
  }

  LC.compute["taper"] = computeTaper;
  LC.renderers["taper"] = renderTaper;
  LC.summaries["taper"] = function (r) {
    var s = r.schedule;
    return s.protocol_name + ": " + formatNumber(s.start_dose_mg) + " mg/day from " + fmtDate(s.start_date) +
      ", " + s.periods.length + " doses over " + s.duration_days + " days, last dose " + fmtDate(s.end_date) +
      "; cumulative " + formatNumber(s.cumulative_dose_mg) + " mg. " + s.flags.join(". ") + ".";
  };
  LC.taper = { toCsv: toCsv, toIcs: toIcs, sha256Hex: sha256Hex, pyRound: pyRound, makeDose: makeDose };

  function init() {
    document.querySelectorAll('form.live-calc[data-form="taper"]').forEach(bindTaper);
    LC.bindAll();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
