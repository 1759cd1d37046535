/*
 * Live dose form: a port of the regimen calculators of calculators/regimens.py and of the
 * form adapter calculators/live.py::_dose (one regimen at a time).
 *
 * Every dose, cap, interval and range comes from window.LIVE_DATA.dose (regimens.export_regimens()
 * and the input bounds of each regimen's model); no figure is typed here. The browser tests replay
 * every vector of calculators.live.vectors() through LiveCalculators.run("dose", ...) and compare the
 * whole answer (dose, lines, caps, rule, sources, notes, refusals) with the package's.
 */
(function () {
  "use strict";

  var LC = window.LiveCalculators;
  var R = window.LIVE_DATA.dose;
  var U = LC.util;
  var Problem = U.Problem, fail = U.fail, fn = U.formatNumber, rhu = U.roundHalfUp;
  var F = R.figures, TC = R.tool_choices;

  /* ---------- helpers, matching calculators/regimens.py ---------- */

  // Python round(x, n) (ties to even on the exact binary value); shared with the taper port
  function pyRound(x, n) { return LC.taper.pyRound(x, n); }

  function low(key) { return F[key].value[0]; }
  function high(key) { return F[key].value[1]; }
  function val(key) { return F[key].value; }
  function text(key) { return F[key].text; }
  function cite(key) { return F[key].sources.join(", "); }
  function numberText(key) { var v = F[key].value; return fn(v[0]) + "–" + fn(v[1]); }

  function sourcesOf(keys, extra) {
    var out = [];
    keys.forEach(function (k) { F[k].sources.forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); }); });
    (extra || []).forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); });
    return out;
  }

  var DAY_MS = 86400000;
  function utc(day) { return new Date(day * DAY_MS); }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function iso(day) {
    var d = utc(day);
    return pad(d.getUTCFullYear(), 4) + "-" + pad(d.getUTCMonth() + 1, 2) + "-" + pad(d.getUTCDate(), 2);
  }
  function weekdayName(day) { return R.weekdays[(utc(day).getUTCDay() + 6) % 7]; }
  function addMonths(day, months) {  // same day of the month, or that month's last day
    var d = utc(day);
    var index = d.getUTCMonth() + months;
    var year = d.getUTCFullYear() + Math.floor(index / 12), month = index % 12;
    var last = new Date(Date.UTC(2000, month + 1, 0)).getUTCDate();
    if (month === 1) last = (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
    var out = new Date(Date.UTC(2000, month, Math.min(d.getUTCDate(), last)));
    out.setUTCFullYear(year);
    return Math.round(out.getTime() / DAY_MS);
  }
  function weekly(weekday) { return "once weekly" + (weekday ? " (every " + weekday + ")" : ""); }
  function capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); }

  function line(drug, dose, unit, frequency, route, label, start, end) {
    var doseText = dose === null ? "dose not given in the sources" : fn(rhu(dose, 1)) + " " + unit;
    var when = "";
    if (start !== null && start !== undefined) when = " from " + iso(start) + (end !== null && end !== undefined ? " to " + iso(end) : "");
    return {
      label: label || "", drug: drug, dose: dose, dose_text: doseText, unit: unit, frequency: frequency, route: route,
      start: start === null || start === undefined ? null : iso(start),
      end: end === null || end === undefined ? null : iso(end),
      text: (label ? label + ": " : "") + drug + " " + doseText + " " + route + " " + frequency + when
    };
  }

  function capText(key, kind, limit, unit, computed) {
    var word = kind === "ceiling" ? "capped at" : "raised to the floor of";
    return fn(rhu(computed, 1)) + " " + unit + " computed; " + word + " " + fn(limit) + " " + unit + " (" +
      F[key].sources.join(", ") + ")";
  }

  function regimenResult(name, o) {
    var display = o.value === null ? "no dose in the sources" :
      fn(rhu(o.value, 1)) + " " + o.unit + " " + o.route + " " + o.frequency;
    return { regimen: {
      name: name, regimen: o.regimen, value: o.value, unit: o.unit, display: display, frequency: o.frequency,
      route: o.route, rule: o.rule, source: o.source || "S002", sources: o.sources, lines: o.lines || [],
      caps: o.caps || [], notes: o.notes || []
    } };
  }

  function refuseChildren(age, regimen, source, instead) {
    if (age !== null && age !== undefined && age < 18) {
      fail([new Problem("age_years", age, "is under 18: the source gives the adult " + regimen + " regimen" +
        (instead || ""), "18 years or older", source)]);
    }
  }

  // The regimen's input model (CalcInput, strict): problems in field order, as InputError.from_validation
  function validate(name, specs) {
    var problems = [];
    var bounds = R.input_bounds[name] || {};
    specs.forEach(function (spec) {
      var field = spec[0], kind = spec[1], value = spec[2], required = spec[3];
      var b = bounds[field], p = null;
      if (kind === "date") {
        if (required && value === null) p = new Problem(field, null, "must be a calendar date", "a date such as 2026-01-05");
      } else if (kind === "literal") {
        if (value !== null || required) {
          if (spec[4].indexOf(value) < 0) p = new Problem(field, value, "is not one of the accepted values", U.oneOf(spec[4]));
        }
      } else if (value === null) {
        if (required) p = new Problem(field, null, "is required", U.describeBounds(b));
      } else if (kind === "int" && (typeof value !== "number" || !Number.isInteger(value))) {
        p = new Problem(field, value, "must be a whole number", U.describeBounds(b));
      } else if (typeof value === "string") {
        p = new Problem(field, value, "must be a number, not text", U.describeBounds(b));
      } else if (spec[4] === "weekly-mtx" && Number.isFinite(value) && value > b.high) {
        p = new Problem(field, value, R.mtx_refusal_reason, U.describeBounds(b), b.source);
      } else {
        p = U.checkBounds(field, value, b);
      }
      if (p) problems.push(p);
    });
    if (problems.length) fail(problems);
  }

  /* ---------- regimens ---------- */

  var PER_KG = "iim.prednisone.initial_per_kg", TYPICAL = "iim.prednisone.initial_typical";

  function prednisoneInitial(pt, a) {
    validate("prednisone_initial", [["mg_per_kg", "float", a.mg_per_kg, true], ["start", "date", a.start, false]]);
    U.requireFields(pt, "initial prednisone", ["weight"]);
    refuseChildren(pt.age_years, "IIM prednisone", "S002, S003", "; use the juvenile dermatomyositis calculator for children");
    var weight = pt.weight_kg, dose = a.mg_per_kg * weight;
    var lo = low(PER_KG) * weight, hi = high(PER_KG) * weight;
    var notes = ["Range for " + fn(pyRound(weight, 1)) + " kg: " + fn(pyRound(lo, 1)) + "-" + fn(pyRound(hi, 1)) +
      " mg/day (" + text(PER_KG) + "); " + fn(a.mg_per_kg) + " mg/kg/day was chosen by the clinician."];
    var lows = ["diabetes", "osteoporosis", "glaucoma"].filter(function (k) { return a[k]; });
    var highs = a.high_relapse_risk && a.low_steroid_risk;
    if (lows.length) notes.push(capitalize(lows.join(", ")) + ": S002 advises sitting nearer " + text("iim.prednisone.low_end_per_kg") + ".");
    if (highs && !lows.length) notes.push("High relapse risk and low steroid risk: S002 advises sitting nearer " + text("iim.prednisone.high_end_per_kg") + ".");
    if (lows.length && (a.high_relapse_risk || a.low_steroid_risk)) {
      notes.push("Risk factors point both ways; the source does not say which prevails: the choice within the range is the clinician's.");
    }
    if (!lows.length && !highs) notes.push("No factor entered that moves the dose within " + text(PER_KG) + " (S002).");
    if (!(low(TYPICAL) <= dose && dose <= high(TYPICAL))) {
      notes.push(fn(pyRound(dose, 1)) + " mg/day is outside the typical " + text(TYPICAL) + " (" + cite(TYPICAL) +
        "): not an error, check the weight and the chosen mg/kg.");
    }
    notes.push("Give as a single daily dose for " + text("iim.prednisone.hold_before_taper") +
      " before the taper starts; always with a steroid-sparing agent from day one (S002).");
    return regimenResult("prednisone_initial", {
      regimen: "Initial prednisone (IIM)", value: dose, unit: "mg/day", frequency: "once daily", route: "by mouth",
      rule: fn(a.mg_per_kg) + " mg/kg/day x " + fn(pyRound(weight, 2)) + " kg (within " + text(PER_KG) + ")",
      sources: sourcesOf([PER_KG, TYPICAL]), notes: notes,
      lines: [line("prednisone", dose, "mg", "once daily", "by mouth", "Initial dose", a.start)]
    });
  }

  function ivMethylprednisolone(pt, a) {
    validate("iv_methylprednisolone", [["mg_per_kg", "float", a.mg_per_kg, true], ["days", "int", a.days, true],
                                       ["start", "date", a.start, false]]);
    U.requireFields(pt, "IV methylprednisolone", ["weight"]);
    var PK = "iim.ivmp.per_kg", DAILY = "iim.ivmp.daily_limits";
    var weight = pt.weight_kg, computed = a.mg_per_kg * weight;
    var floor = low(DAILY), ceiling = high(DAILY), caps = [], notes = [], dose = computed;
    if (computed > ceiling) {
      dose = ceiling;
      caps.push(capText(DAILY, "ceiling", ceiling, "mg/day", computed));
      notes.push(TC.ivmp_ceiling);
    } else if (computed < floor) {
      if (floor > high(PK) * weight) {
        fail([new Problem("weight", pyRound(weight, 2), "is too low for the source's pulse: " + text(PK) +
          " cannot reach the " + fn(floor) + " mg/day floor, and the source gives no dose for this weight",
          "at least " + fn(floor / high(PK)) + " kg", cite(DAILY))]);
      }
      dose = floor;
      caps.push(capText(DAILY, "floor", floor, "mg/day", computed));
      notes.push(TC.ivmp_floor);
    }
    notes.push(fn(pyRound(dose / weight, 2)) + " mg/kg/day as given; for severe weakness, dysphagia or respiratory " +
      "muscle involvement (S002).");
    var lines = [];
    for (var i = 0; i < a.days; i++) {
      var day = a.start === null ? null : a.start + i;
      lines.push(line("methylprednisolone", dose, "mg", "once daily", "IV", "Day " + (i + 1), day, day));
    }
    return regimenResult("iv_methylprednisolone", {
      regimen: "IV methylprednisolone pulse", value: dose, unit: "mg/day",
      frequency: "once daily for " + a.days + " consecutive day" + (a.days > 1 ? "s" : ""), route: "IV",
      rule: fn(a.mg_per_kg) + " mg/kg/day x " + fn(pyRound(weight, 2)) + " kg, within " + text(DAILY),
      sources: sourcesOf([PK, DAILY]), lines: lines, caps: caps, notes: notes
    });
  }

  function methotrexateIim(a) {
    validate("methotrexate_iim", [["start", "date", a.start, true], ["ramp_months", "int", a.ramp_months, true]]);
    var START = "iim.mtx.start", TARGET = "iim.mtx.target", RAMP = "iim.mtx.time_to_target", FOLIC = "iim.folic_acid";
    var first = val(START), target = val(TARGET), step = TC.mtx_step_mg;
    var nSteps = Math.round((target - first) / step);
    var deadline = addMonths(a.start, a.ramp_months);
    var weeksPerStep = Math.floor(Math.floor((deadline - a.start) / 7) / nSteps);
    var weekday = weekdayName(a.start);
    var lines = [];
    for (var k = 0; k <= nSteps; k++) {
      var begin = a.start + k * weeksPerStep * 7, last = k === nSteps;
      var end = last ? null : begin + weeksPerStep * 7 - 1;
      var label = !last ? "Weeks " + (k * weeksPerStep + 1) + "-" + ((k + 1) * weeksPerStep) :
        "From week " + (k * weeksPerStep + 1) + " (target)";
      lines.push(line("methotrexate", first + k * step, "mg", weekly(weekday), "by mouth", label, begin, end));
    }
    lines.push(line("folic acid", val(FOLIC), "mg", "once daily", "by mouth", "Throughout", a.start, null));
    var reached = a.start + nSteps * weeksPerStep * 7;
    var notes = [
      TC.mtx_steps,
      nSteps + " steps of " + fn(step) + " mg every " + weeksPerStep + " weeks, every " + weekday + "; target " +
        text(TARGET) + " reached on " + iso(reached) + ", within " + a.ramp_months + " months (by " + iso(deadline) +
        "), as " + cite(RAMP) + " requires (" + text(RAMP) + ").",
      "Never above " + text("mtx.weekly_cap") + "; there is no daily methotrexate.",
      "Folic acid " + text(FOLIC) + " throughout (" + cite(FOLIC) + ").",
      TC.months
    ];
    return regimenResult("methotrexate_iim", {
      regimen: "Methotrexate (IIM)", value: first, unit: "mg", frequency: weekly(weekday), route: "by mouth",
      rule: "start " + text(START) + ", rise to " + text(TARGET) + " within " + text(RAMP) + ", with folic acid " + text(FOLIC),
      sources: sourcesOf([START, TARGET, RAMP, FOLIC]), lines: lines, notes: notes
    });
  }

  function methotrexateIgm(a) {
    validate("methotrexate_igm", [["mg_per_week", "float", a.mg_per_week, true, "weekly-mtx"],
                                  ["prednisolone_mg_per_day", "float", a.prednisolone_mg_per_day, true],
                                  ["start", "date", a.start, false]]);
    var W = "igm.mtx.weekly", P = "igm.prednisolone.daily";
    var weekday = a.start === null ? null : weekdayName(a.start);
    return regimenResult("methotrexate_igm", {
      regimen: "Methotrexate with prednisolone (IGM)", value: a.mg_per_week, unit: "mg", frequency: weekly(weekday),
      route: "by mouth", rule: "methotrexate " + text(W) + " + prednisolone " + text(P), source: "S000",
      sources: sourcesOf([W, P]),
      lines: [line("methotrexate", a.mg_per_week, "mg", weekly(weekday), "by mouth", "", a.start, null),
              line("prednisolone", a.prednisolone_mg_per_day, "mg", "once daily", "by mouth", "then taper", a.start, null)],
      notes: [
        "Methotrexate " + text(W) + " with prednisolone " + text(P) + " (" + cite(W) + "); the clinician chose both doses.",
        "When stopping prednisolone, withdraw it over " + text("igm.prednisolone.withdrawal_days") +
          " (S000): a short IGM taper, not the IIM taper.",
        "Check response every " + text("igm.review_interval") + " (S000).",
        "Never above " + text("mtx.weekly_cap") + "; there is no daily methotrexate."
      ]
    });
  }

  function azathioprine(pt, a) {
    validate("azathioprine", [["tpmt", "literal", a.tpmt, true, R.tpmt_choices],
                              ["below_60_in", "literal", a.below_60_in, false, R.short_stature_choices],
                              ["start", "date", a.start, false]]);
    var AZA = "iim.aza.target_per_kg_ibw", CPIC = "aza.tpmt.intermediate_start_percent";
    if (a.tpmt === "unknown") {
      fail([new Problem("tpmt", "unknown", "a TPMT result is required before azathioprine is dosed",
        "'normal', 'intermediate' or 'low-absent'", cite(AZA))]);
    }
    var ibw = U.idealBodyWeight(pt, a.below_60_in);
    var target = val(AZA) * ibw.value;
    var notes = ["Dosed on ideal body weight " + ibw.display + " (" + ibw.rule + "; " + ibw.source + "), the source's basis."]
      .concat(ibw.notes);
    if (pt.weight_kg !== null && pt.weight_kg < ibw.value) {
      notes.push("Actual weight " + fn(pyRound(pt.weight_kg, 1)) + " kg is below ideal body weight.");
    }
    var lines = [], sources = sourcesOf([AZA], [ibw.source]), value = target;
    var rule = text(AZA) + " x " + ibw.display + " = target, a day in divided doses (S003)";
    var freq = "daily, in divided doses", headlineFreq = freq;
    if (a.tpmt === "normal") {
      lines.push(line("azathioprine", target, "mg", freq, "by mouth", "Target", a.start, null));
    } else if (a.tpmt === "intermediate") {
      var lo = low(CPIC) / 100 * target, hi = high(CPIC) / 100 * target;
      notes.push(R.cpic.intermediate);
      notes.push("Reduced starting range: " + fn(rhu(lo, 1)) + "-" + fn(rhu(hi, 1)) + " mg/day (" + text(CPIC) + " of " +
        fn(rhu(target, 1)) + " mg); the clinician picks within it.");
      lines.push(line("azathioprine", lo, "mg", freq, "by mouth", "Reduced start, lowest (CPIC)", a.start, null));
      lines.push(line("azathioprine", hi, "mg", freq, "by mouth", "Reduced start, highest (CPIC)", a.start, null));
      sources = sourcesOf([AZA, CPIC], [ibw.source]);
      // calculators/regimens.py AZA_INTERMEDIATE_HEADLINE: the target must never read as the start
      headlineFreq = "daily, in divided doses, as the full target only: TPMT intermediate, " +
        "so start at the reduced range below";
    } else {
      value = null;
      notes.push(R.cpic.poor);
      sources = sourcesOf([AZA], [ibw.source, R.cpic.source]);
      rule = "no azathioprine dose: TPMT low or absent";
    }
    return regimenResult("azathioprine", {
      regimen: "Azathioprine", value: value, unit: "mg/day", frequency: headlineFreq, route: "by mouth", rule: rule,
      sources: sources, lines: lines, notes: notes
    });
  }

  function mycophenolate(a) {
    validate("mycophenolate", [["start", "date", a.start, false]]);
    var M = "iim.mmf.start", dose = val(M);
    return regimenResult("mycophenolate", {
      regimen: "Mycophenolate mofetil", value: dose, unit: "mg", frequency: "twice daily", route: "by mouth",
      rule: "start " + text(M), sources: F[M].sources.slice(),
      lines: [line("mycophenolate mofetil", dose, "mg", "twice daily", "by mouth", "Starting dose", a.start, null)],
      notes: ["Starting dose only: the sources give no target or escalation.",
              "Preferred for severe dermatomyositis skin disease or IIM-associated interstitial lung disease (S002)."]
    });
  }

  function ivig(pt, a) {
    validate("ivig", [["g_per_kg_total", "float", a.g_per_kg_total, true],
                      ["below_60_in", "literal", a.below_60_in, false, R.short_stature_choices],
                      ["start", "date", a.start, false]]);
    var TOTAL = "iim.ivig.total_per_kg_ibw", DAILY = "iim.ivig.daily_per_kg_ibw";
    var ibw = U.idealBodyWeight(pt, a.below_60_in);
    var days = Math.trunc(val("iim.ivig.days"));
    var perKgDay = a.g_per_kg_total / days;
    if (perKgDay > val(DAILY)) {  // cannot happen within the 1-2 g/kg bounds; kept as in the package
      fail([new Problem("g_per_kg_total", a.g_per_kg_total, "gives more than " + text(DAILY), text(TOTAL), cite(DAILY))]);
    }
    var perDay = perKgDay * ibw.value;
    var notes = ["Weight used: ideal body weight " + ibw.display + " (" + ibw.rule + "; " + ibw.source + "), the source's basis."]
      .concat(ibw.notes, [
        fn(a.g_per_kg_total) + " g/kg total chosen by the clinician within " + text(TOTAL) + "; " + fn(perKgDay) + " g/kg a day.",
        "Guidelines differ on the dosing weight for IVIG; this follows S002 (ideal body weight)."]);
    if (pt.weight_kg !== null && pt.weight_kg < ibw.value) {
      notes.push("Actual weight " + fn(pyRound(pt.weight_kg, 1)) + " kg is below ideal body weight. For comparison only, " +
        "NOT the source's basis: actual weight would give " + fn(rhu(perKgDay * pt.weight_kg, 1)) + " g a day.");
    }
    var lines = [];
    for (var i = 0; i < days; i++) {
      var day = a.start === null ? null : a.start + i;
      lines.push(line("IVIG", perDay, "g", "once daily", "IV", "Day " + (i + 1), day, day));
    }
    return regimenResult("ivig", {
      regimen: "IVIG", value: perDay, unit: "g/day", frequency: "once daily for " + days + " consecutive days", route: "IV",
      rule: fn(a.g_per_kg_total) + " g/kg x " + ibw.display + " ideal body weight, over " + days + " days",
      sources: sourcesOf([TOTAL, DAILY], [ibw.source]), lines: lines, notes: notes
    });
  }

  function rituximab(a) {
    validate("rituximab", [["start", "date", a.start, false], ["age_years", "float", a.age_years, false]]);
    var D = "iim.rituximab.dose", GAP = "iim.rituximab.interval";
    refuseChildren(a.age_years, "rituximab", cite(D));
    var gap = val(GAP) * 7, count = Math.trunc(val("iim.rituximab.doses")), lines = [];
    for (var i = 0; i < count; i++) {
      var day = a.start === null ? null : a.start + i * gap;
      lines.push(line("rituximab", val(D), "mg", "once", "IV", "Dose " + (i + 1), day, day));
    }
    return regimenResult("rituximab", {
      regimen: "Rituximab", value: val(D), unit: "mg", route: "IV", frequency: count + " doses " + text(GAP) + " apart",
      rule: text(D) + " x " + count + ", " + text(GAP) + " apart (adults)", sources: sourcesOf([D, GAP]), lines: lines,
      notes: ["For refractory disease not controlled by first-line agents (S002)."]
    });
  }

  function cyclophosphamide(a) {
    validate("cyclophosphamide", [["start", "date", a.start, true], ["months", "int", a.months, true]]);
    var INT = "iim.cyclophosphamide.interval", COURSE = "iim.cyclophosphamide.course", MAX = "iim.cyclophosphamide.max_course";
    var interval = val(INT) * 7;
    var count = Math.floor((addMonths(a.start, a.months) - a.start) / interval), lines = [];
    for (var i = 0; i < count; i++) {
      var day = a.start + i * interval;
      lines.push(line("cyclophosphamide", null, "mg", "once", "IV infusion", "Infusion " + (i + 1), day, day));
    }
    var notes = ["The sources give no cyclophosphamide dose: this is the schedule only; take the dose from a specialist protocol.",
                 TC.cyclophosphamide_count, TC.months, "For severe interstitial lung disease or refractory disease (S002)."];
    if (a.months > high(COURSE)) {
      notes.push(a.months + " months is longer than the usual " + text(COURSE) + "; the source allows up to " + text(MAX) + ".");
    }
    return regimenResult("cyclophosphamide", {
      regimen: "Cyclophosphamide", value: null, unit: "mg", frequency: "every " + text(INT), route: "IV infusion",
      rule: "infusion every " + text(INT) + " for " + a.months + " months (usual " + text(COURSE) + ", at most " + text(MAX) + ")",
      sources: sourcesOf([INT, COURSE, MAX]), lines: lines, notes: notes
    });
  }

  function prednisoneJdm(pt, a) {
    validate("prednisone_jdm", [["start", "date", a.start, false]]);
    U.requireFields(pt, "juvenile DM prednisone", ["weight"]);
    var PK = "jdm.prednisone.per_kg", CAP = "jdm.prednisone.cap";
    var weight = pt.weight_kg, computed = val(PK) * weight, cap = val(CAP), caps = [], dose = computed;
    if (computed > cap) { dose = cap; caps.push(capText(CAP, "ceiling", cap, "mg/day", computed)); }
    return regimenResult("prednisone_jdm", {
      regimen: "Prednisone (juvenile DM)", value: dose, unit: "mg/day", frequency: "once daily", route: "by mouth",
      rule: text(PK) + " x " + fn(pyRound(weight, 2)) + " kg, at most " + text(CAP), sources: sourcesOf([PK, CAP]),
      lines: [line("prednisone", dose, "mg", "once daily", "by mouth", "", a.start, null)], caps: caps,
      notes: ["With subcutaneous methotrexate " + text("jdm.mtx.per_m2") + " from treatment onset (S002, S003)."]
    });
  }

  function methotrexateJdm(pt, a) {
    validate("methotrexate_jdm", [["start", "date", a.start, false]]);
    var PM = "jdm.mtx.per_m2", CAP = "mtx.weekly_cap";
    var bsa = U.bodySurfaceArea(pt);
    var computed = val(PM) * bsa.value, cap = val(CAP), caps = [], dose = computed;
    if (computed > cap) { dose = cap; caps.push(capText(CAP, "ceiling", cap, "mg once weekly", computed)); }
    var weekday = a.start === null ? null : weekdayName(a.start);
    return regimenResult("methotrexate_jdm", {
      regimen: "Methotrexate (juvenile DM)", value: dose, unit: "mg", frequency: weekly(weekday), route: "subcutaneous",
      rule: text(PM) + " x " + bsa.display + " BSA (Mosteller), at most " + text(CAP),
      sources: sourcesOf([PM, CAP], [bsa.source]),
      lines: [line("methotrexate", dose, "mg", weekly(weekday), "subcutaneous", "", a.start, null)], caps: caps,
      notes: ["Body surface area " + bsa.display + " by " + bsa.rule + " (" + bsa.source + ").",
              "From treatment onset, with prednisone " + text("jdm.prednisone.per_kg") + " up to " +
                text("jdm.prednisone.cap") + " (see the juvenile DM prednisone calculator).",
              "Never above " + text(CAP) + " (" + cite(CAP) + "); there is no daily methotrexate."]
    });
  }

  var CALCULATORS = {
    prednisone_initial: prednisoneInitial, iv_methylprednisolone: ivMethylprednisolone,
    methotrexate_iim: methotrexateIim, methotrexate_igm: methotrexateIgm, azathioprine: azathioprine,
    mycophenolate: mycophenolate, ivig: ivig, rituximab: rituximab, cyclophosphamide: cyclophosphamide,
    prednisone_jdm: prednisoneJdm, methotrexate_jdm: methotrexateJdm
  };

  /* ---------- the form adapter, matching calculators/live.py::_dose ---------- */

  function computeDose(v) {
    var name = v.regimen, names = R.regimen_names;
    if (name === null || names.indexOf(name) < 0) {
      fail([new Problem("regimen", name, name === null ? "is required" : "is not a regimen of this form",
        names.slice(0, -1).join(", ") + " or " + names[names.length - 1])]);
    }
    var problems = [];
    R.flags.forEach(function (f) {
      if (v[f] !== null && v[f] !== "yes") problems.push(new Problem(f, v[f], "is not one of the accepted values", "'yes'"));
    });
    if (problems.length) fail(problems);
    if (typeof v.start === "string") {
      fail([new Problem("start", v.start, "must be a calendar date", "a date such as 2026-01-05")]);
    }
    var args = {}, patient = null;
    R.regimens[name].forEach(function (arg) {
      if (arg === "patient") {
        patient = U.makePatient(v);
      } else if (R.flags.indexOf(arg) >= 0) {
        args[arg] = v[arg] === "yes";
      } else {
        var field = (R.form_field[arg] || {})[name] || arg;
        args[arg] = v[field] === undefined ? null : v[field];
      }
    });
    var fnc = CALCULATORS[name];
    return R.regimens[name][0] === "patient" ? fnc(patient, args) : fnc(args);
  }

  /* ---------- rendering ---------- */

  var esc = U.escapeHtml;

  function renderDose(results) {
    var r = results.regimen;
    var lines = r.lines.map(function (l) { return "<li>" + esc(l.text) + "</li>"; }).join("");
    var caps = r.caps.map(function (c) { return "<li>" + esc(c) + "</li>"; }).join("");
    var notes = r.notes.map(function (n) { return "<li>" + esc(n) + "</li>"; }).join("");
    return '<div class="live-calc__result live-dose">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity">' + esc(r.regimen) + "</span> <strong>" +
      esc(r.display) + "</strong></p>" +
      '<p class="live-calc__rule">' + esc(r.rule) + ' <span class="live-calc__source">Sources: ' +
      esc(r.sources.join(", ")) + "</span></p>" +
      (caps ? '<p class="live-dose__heading">Caps that changed the dose</p><ul class="live-dose__caps">' + caps + "</ul>" : "") +
      (lines ? '<p class="live-dose__heading">What to give</p><ul class="live-dose__lines">' + lines + "</ul>" : "") +
      (notes ? '<p class="live-dose__heading">Notes</p><ul class="live-calc__notes">' + notes + "</ul>" : "") + "</div>";
  }

  // Show only the fields of the chosen regimen (hidden fields are ignored by the adapter).
  function syncFields(form) {
    var name = form.elements.regimen.value;
    var args = R.regimens[name] || [];
    form.querySelectorAll("[data-dose-for]").forEach(function (el) {
      el.hidden = el.getAttribute("data-dose-for").split(" ").indexOf(name) < 0;
    });
    void args;
  }

  function bindDose(form) {
    if (form.liveDoseBound) return;
    form.liveDoseBound = true;
    syncFields(form);
    var sync = function (e) { if (e.target.name === "regimen") syncFields(form); };
    form.addEventListener("change", sync);
    form.addEventListener("input", sync);
  }

  LC.compute["dose"] = computeDose;
  LC.renderers["dose"] = renderDose;
  LC.summaries["dose"] = function (results) {
    var r = results.regimen;
    return r.regimen + ": " + r.display + (r.caps.length ? ". Cap applied: " + r.caps.join("; ") : "") + ".";
  };

  function init() {
    document.querySelectorAll('form.live-calc[data-form="dose"]').forEach(bindDose);
    LC.bindAll();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
