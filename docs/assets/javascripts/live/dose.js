/*
 * Live dose form: the arithmetic of each regimen of calculators/regimens/ (one function per
 * regimen module). Figures, populations and tool choices come from window.LIVE_DATA.dose
 * (regimens.export_regimens()); every sentence is a template of the package; the form's fields
 * are read generically by live/forms.js. tests/test_live_parity.py compares every answer with
 * the package's in Node.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, B = window.LiveBody, say = C.say;
  var R = window.LIVE_DATA.dose;
  var F = R.figures, TC = R.tool_choices, POP = R.populations;
  var fn = function (x) { return C.numberText(x, 6); };
  var n1 = function (x) { return C.numberText(x, 1); };
  var n2 = function (x) { return C.numberText(x, 2); };
  var note = C.note;

  function low(key) { return F[key].value[0]; }
  function high(key) { return F[key].value[1]; }
  function val(key) { return F[key].value; }
  function text(key) { return F[key].text; }
  function cite(key) { return F[key].sources.join(", "); }
  function src(key) { return F[key].sources.slice(); }
  function source(t, ids) { return note(t, "source", ids); }
  function reference(t, ids) { return note(t, "reference", ids); }
  function choice(key, t) { return note(t === undefined ? TC[key].text : t, "tool_choice", [key]); }

  function sourcesOf(keys, extra) {
    var out = [];
    keys.forEach(function (k) { F[k].sources.forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); }); });
    (extra || []).forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); });
    return out;
  }

  function addMonths(day, months) {  // same day of the month, or that month's last day
    var p = C.parts(day), index = p.m - 1 + months;
    var year = p.y + Math.floor(index / 12), month = index % 12 + 1;
    for (var d = p.d; d > 0; d--) { var out = C.dayOf(year, month, d); if (out !== null) return out; }
    return null;
  }
  function weekly(weekday) { return weekday ? say("reg.weekly.day", { weekday: weekday }) : say("reg.weekly", {}); }
  function capitalize(s) { return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); }

  // calculators/forms/adapters.py _line_json, from a DoseLine
  function line(drug, dose, unit, frequency, route, label, start, end) {
    var doseText = dose === null ? say("reg.no_dose_line", {}) : n1(dose) + " " + unit;
    var when = "";
    if (start !== null && start !== undefined) {
      when = end !== null && end !== undefined ? say("dose.line.from_to", { start: C.longDate(start), end: C.longDate(end) }) :
        say("dose.line.from", { start: C.longDate(start) });
    }
    var body = say("dose.line", { drug: drug, dose: doseText, route: route, frequency: frequency, when: when });
    return {
      label: label || "", drug: drug, dose: dose, dose_text: doseText, unit: unit, frequency: frequency, route: route,
      start: start === null || start === undefined ? null : C.isoDate(start),
      end: end === null || end === undefined ? null : C.isoDate(end),
      text: label ? say("dose.line.labelled", { label: label, line: body }) : body
    };
  }

  function cap(direction, limit, unit, kind, restsOn, computed) {
    var basis = kind === "tool_choice" ? say("reg.cap.tool", {}) : restsOn.join(", ");
    return say(direction === "ceiling" ? "reg.cap.ceiling" : "reg.cap.floor",
      { computed: n1(computed), unit: unit, limit: fn(limit), basis: basis });
  }

  function population(name, regimen, age) {
    var p = POP[name];
    if (!p.age_required) return;
    if (age === null || age === undefined) {
      C.fail([new C.Problem("age_years", null, say("reg.population.required", { regimen: regimen, who: p.describe }), p.allowed,
        null, null, "tool_choice", ["age_required", "adult_age"])]);
    }
    var young = p.min_age_years !== null && age < p.min_age_years;
    var old = p.below_age_years !== null && age >= p.below_age_years;
    if (young || old) {
      var reason = say("reg.population.outside", { regimen: regimen, who: p.describe, sources: p.sources.join(", ") });
      if (p.elsewhere) reason = say("reg.population.elsewhere", { reason: reason, elsewhere: p.elsewhere });
      C.fail([new C.Problem("age_years", age, reason, p.allowed, null, null, "tool_choice", ["adult_age"])]);
    }
  }

  function result(name, o) {
    var display = o.value === null ? say("reg.no_dose", {}) :
      say("reg.display", { dose: n1(o.value), unit: o.unit, route: o.route, frequency: o.frequency });
    return { regimen: {
      name: name, regimen: o.regimen, value: o.value, unit: o.unit, display: display, frequency: o.frequency,
      route: o.route, rule: o.rule, source: o.source || "S002", sources: o.sources, lines: o.lines || [],
      caps: o.caps || [], notes: o.notes || []
    } };
  }

  function withStart(start, i) { return start === null || start === undefined ? null : start + i; }

  /* ---------- one function per regimen module ---------- */

  var CALC = {};

  CALC.prednisone_initial = function (pt, a) {
    var PER_KG = "iim.prednisone.initial_per_kg", TYPICAL = "iim.prednisone.initial_typical", CEIL = R.pred_start_ceiling_mg;
    population("prednisone_initial", R.names.prednisone_initial_population, pt.age_years);
    var weight = pt.weight_kg, computed = a.mg_per_kg * weight, dose = computed, caps = [];
    var notes = [source(say("reg.pred.range", { weight: n1(weight), low: n1(low(PER_KG) * weight), high: n1(high(PER_KG) * weight),
      range: text(PER_KG), chosen: fn(a.mg_per_kg) }), src(PER_KG))];
    if (computed > CEIL) {
      dose = CEIL;
      caps.push(cap("ceiling", CEIL, "mg/day", "tool_choice", ["pred_start_ceiling"], computed));
      notes.push(choice("pred_start_ceiling", say("reg.pred.ceiling", { computed: n1(computed), ceiling: fn(CEIL),
        range: text(PER_KG), typical: text(TYPICAL) })));
    }
    var lows = ["diabetes", "osteoporosis", "glaucoma"].filter(function (k) { return a[k]; });
    var highs = a.high_relapse_risk && a.low_steroid_risk;
    if (lows.length) notes.push(source(say("reg.pred.low_end", { factors: capitalize(lows.join(", ")), low_end: text("iim.prednisone.low_end_per_kg") }), ["S002"]));
    if (highs && !lows.length) notes.push(source(say("reg.pred.high_end", { high_end: text("iim.prednisone.high_end_per_kg") }), ["S002"]));
    if (lows.length && (a.high_relapse_risk || a.low_steroid_risk)) notes.push(source(say("reg.pred.both_ways", {}), ["S002"]));
    if (!lows.length && !highs) notes.push(source(say("reg.pred.no_factor", { range: text(PER_KG) }), ["S002"]));
    if (!(low(TYPICAL) <= dose && dose <= high(TYPICAL))) {
      notes.push(source(say("reg.pred.atypical", { dose: n1(dose), typical: text(TYPICAL), cite: cite(TYPICAL) }), src(TYPICAL)));
    }
    notes.push(source(say("reg.pred.give", { hold: text("iim.prednisone.hold_before_taper") }), ["S002"]));
    var rule = say("reg.pred.rule", { chosen: fn(a.mg_per_kg), weight: n2(weight), range: text(PER_KG) });
    if (caps.length) rule = say("reg.pred.rule.capped", { rule: rule, ceiling: fn(CEIL) });
    return result("prednisone_initial", {
      regimen: R.names.prednisone_initial, value: dose, unit: "mg/day", frequency: "once daily", route: "by mouth", rule: rule,
      sources: sourcesOf([PER_KG, TYPICAL]), caps: caps, notes: notes,
      lines: [line("prednisone", dose, "mg", "once daily", "by mouth", "Initial dose", a.start)]
    });
  };

  CALC.iv_methylprednisolone = function (pt, a) {
    var PK = "iim.ivmp.per_kg", DAILY = "iim.ivmp.daily_limits";
    population("iv_methylprednisolone", R.names.iv_methylprednisolone_population, pt.age_years);
    var weight = pt.weight_kg, computed = a.mg_per_kg * weight;
    var floor = low(DAILY), ceiling = high(DAILY), caps = [], notes = [], dose = computed;
    if (computed > ceiling) {
      dose = ceiling;
      caps.push(cap("ceiling", ceiling, "mg/day", "tool_choice", ["ivmp_ceiling"], computed));
      notes.push(choice("ivmp_ceiling"));
    } else if (computed < floor) {
      if (floor > high(PK) * weight) {
        C.fail([new C.Problem("weight", Number(n2(weight)), say("reg.ivmp.too_light.reason", { range: text(PK), floor: fn(floor) }),
          say("reg.ivmp.too_light.allowed", { weight: fn(floor / high(PK)) }), null, null, "tool_choice", ["ivmp_limits"])]);
      }
      dose = floor;
      caps.push(cap("floor", floor, "mg/day", "tool_choice", ["ivmp_floor"], computed));
      notes.push(choice("ivmp_floor"));
    }
    if (caps.length) notes.push(choice("ivmp_limits"));
    notes.push(source(say("reg.ivmp.as_given", { per_kg: n2(dose / weight) }), ["S002"]));
    var lines = [];
    for (var i = 0; i < a.days; i++) {
      lines.push(line("methylprednisolone", dose, "mg", "once daily", "IV", say("reg.day", { n: String(i + 1) }),
        withStart(a.start, i), withStart(a.start, i)));
    }
    return result("iv_methylprednisolone", {
      regimen: R.names.iv_methylprednisolone, value: dose, unit: "mg/day", route: "IV",
      frequency: say("reg.ivmp.frequency", { days: String(a.days), plural: a.days > 1 ? "s" : "" }),
      rule: say("reg.ivmp.rule", { chosen: fn(a.mg_per_kg), weight: n2(weight), daily: text(DAILY) }),
      sources: sourcesOf([PK, DAILY]), lines: lines, caps: caps, notes: notes
    });
  };

  CALC.methotrexate_iim = function (a) {
    var START = "iim.mtx.start", TARGET = "iim.mtx.target", RAMP = "iim.mtx.time_to_target", FOLIC = "iim.folic_acid";
    population("methotrexate_iim", R.names.methotrexate_iim_population, a.age_years);
    var first = val(START), target = val(TARGET), step = R.mtx_step_mg;
    var nSteps = Math.round((target - first) / step);
    var deadline = addMonths(a.start, a.ramp_months);
    var weeksPerStep = Math.floor(Math.floor((deadline - a.start) / 7) / nSteps);
    var weekday = C.weekday(a.start), lines = [];
    for (var k = 0; k <= nSteps; k++) {
      var begin = a.start + k * weeksPerStep * 7, last = k === nSteps;
      var label = !last ? say("reg.weeks", { first: String(k * weeksPerStep + 1), last: String((k + 1) * weeksPerStep) }) :
        say("reg.from_week", { first: String(k * weeksPerStep + 1) });
      lines.push(line("methotrexate", first + k * step, "mg", weekly(weekday), "by mouth", label, begin,
        last ? null : begin + weeksPerStep * 7 - 1));
    }
    lines.push(line("folic acid", val(FOLIC), "mg", "once daily", "by mouth", "Throughout", a.start, null));
    var reached = a.start + nSteps * weeksPerStep * 7;
    var notes = [
      choice("mtx_steps"),
      choice("mtx_steps", say("reg.mtx_iim.steps", { count: String(nSteps), step: fn(step), weeks: String(weeksPerStep), weekday: weekday,
        target: text(TARGET), reached: C.longDate(reached), months: String(a.ramp_months), deadline: C.longDate(deadline),
        cite: cite(RAMP), ramp: text(RAMP) })),
      choice("mtx_weekly_cap", say("reg.mtx.never_above", { cap: text("mtx.weekly_cap") })),
      source(say("reg.mtx_iim.folic", { folic: fn(val(FOLIC)), cite: cite(FOLIC) }), src(FOLIC)),
      choice("months")
    ];
    return result("methotrexate_iim", {
      regimen: R.names.methotrexate_iim, value: first, unit: "mg", frequency: weekly(weekday), route: "by mouth",
      rule: say("reg.mtx_iim.rule", { start: text(START), target: text(TARGET), ramp: text(RAMP), folic: text(FOLIC) }),
      sources: sourcesOf([START, TARGET, RAMP, FOLIC]), lines: lines, notes: notes
    });
  };

  function igmWithdrawalNotes() {
    return [source(say("reg.igm.withdrawal", { span: text("igm.prednisolone.withdrawal_days"), daily: text("igm.prednisolone.daily") }), ["S000"]),
            choice("igm_withdrawal_doubt", say("reg.igm.withdrawal_doubt", { span: text("igm.prednisolone.withdrawal_days") }))];
  }

  CALC.methotrexate_igm = function (a) {
    var W = "igm.mtx.weekly", P = "igm.prednisolone.daily";
    var weekday = a.start === null ? null : C.weekday(a.start);
    return result("methotrexate_igm", {
      regimen: R.names.methotrexate_igm, value: a.mg_per_week, unit: "mg", frequency: weekly(weekday), route: "by mouth",
      rule: say("reg.mtx_igm.rule", { weekly: text(W), daily: text(P) }), source: "S000", sources: sourcesOf([W, P]),
      lines: [line("methotrexate", a.mg_per_week, "mg", weekly(weekday), "by mouth", "", a.start, null),
              line("prednisolone", a.prednisolone_mg_per_day, "mg", "once daily", "by mouth", "then taper", a.start, null)],
      notes: [source(say("reg.mtx_igm.chosen", { weekly: text(W), daily: text(P), cite: cite(W) }), ["S000"])]
        .concat(igmWithdrawalNotes(), [
          source(say("reg.mtx_igm.review", { review: text("igm.review_interval") }), ["S000"]),
          source(say("reg.mtx_igm.contraception", {}), ["S002"]),
          choice("mtx_weekly_cap", say("reg.mtx.never_above", { cap: text("mtx.weekly_cap") }))])
    });
  };

  CALC.azathioprine = function (pt, a) {
    var AZA = "iim.aza.target_per_kg_ibw", CPIC = "aza.tpmt.intermediate_start_percent";
    population("azathioprine", R.names.azathioprine_population, pt.age_years);
    if (a.tpmt === "unknown") {
      C.fail([new C.Problem("tpmt", "unknown", say("reg.aza.tpmt_needed", {}), C.oneOf(["normal", "intermediate", "low-absent"]), cite(AZA))]);
    }
    var ibw = B.idealBodyWeight(pt, a.below_60_in);
    var target = val(AZA) * ibw.value;
    var notes = [source(say("reg.aza.ibw", { ibw: ibw.display, rule: ibw.rule, source: ibw.source }), ["S002", "S003"])]
      .concat(ibw.notes, [source(say("reg.aza.igm", {}), ["S000", "S002", "S003"])]);
    if (pt.weight_kg !== null && pt.weight_kg < ibw.value) {
      notes.push(reference(say("reg.below_ibw", { weight: n1(pt.weight_kg) }), [ibw.source]));
    }
    var lines = [], sources = sourcesOf([AZA], [ibw.source]), value = target;
    var rule = say("reg.aza.rule", { per_kg: text(AZA), ibw: ibw.display }), freq = say("reg.aza.frequency", {}), headline = freq;
    if (a.tpmt === "normal") {
      lines.push(line("azathioprine", target, "mg", freq, "by mouth", "Target", a.start, null));
    } else if (a.tpmt === "intermediate") {
      var lo = low(CPIC) / 100 * target, hi = high(CPIC) / 100 * target;
      notes.push(reference(R.cpic.intermediate, [R.cpic.source]));
      notes.push(reference(say("reg.aza.reduced", { low: n1(lo), high: n1(hi), percent: text(CPIC), target: n1(target) }), [R.cpic.source]));
      lines.push(line("azathioprine", lo, "mg", freq, "by mouth", R.cpic.low_label, a.start, null));
      lines.push(line("azathioprine", hi, "mg", freq, "by mouth", R.cpic.high_label, a.start, null));
      sources = sourcesOf([AZA, CPIC], [ibw.source]);
      headline = R.cpic.intermediate_headline;
    } else {
      value = null;
      notes.push(reference(R.cpic.poor, [R.cpic.source]));
      sources = sourcesOf([AZA], [ibw.source, R.cpic.source]);
      rule = say("reg.aza.rule.poor", {});
    }
    return result("azathioprine", {
      regimen: R.names.azathioprine, value: value, unit: "mg/day", frequency: headline, route: "by mouth", rule: rule,
      sources: sources, lines: lines, notes: notes
    });
  };

  CALC.mycophenolate = function (a) {
    var M = "iim.mmf.start", dose = val(M);
    population("mycophenolate", R.names.mycophenolate_population, a.age_years);
    return result("mycophenolate", {
      regimen: R.names.mycophenolate, value: dose, unit: "mg", frequency: "twice daily", route: "by mouth",
      rule: say("reg.start", { dose: text(M) }), sources: src(M),
      lines: [line("mycophenolate mofetil", dose, "mg", "twice daily", "by mouth", "Starting dose", a.start, null)],
      notes: [source(say("reg.mmf.start_only", {}), ["S002", "S003"]), source(say("reg.mmf.preferred", {}), ["S002"])]
    });
  };

  CALC.ivig = function (pt, a) {
    var TOTAL = "iim.ivig.total_per_kg_ibw", DAILY = "iim.ivig.daily_per_kg_ibw";
    population("ivig", R.names.ivig_population, pt.age_years);
    var ibw = B.idealBodyWeight(pt, a.below_60_in);
    var days = Math.trunc(val("iim.ivig.days")), perKgDay = a.g_per_kg_total / days;
    if (perKgDay > val(DAILY)) {  // cannot happen within the bounds; kept as the package keeps it
      C.fail([new C.Problem("g_per_kg_total", a.g_per_kg_total, say("reg.ivig.more_than", { daily: text(DAILY) }), text(TOTAL), cite(DAILY))]);
    }
    var perDay = perKgDay * ibw.value;
    var notes = [source(say("reg.ivig.ibw", { ibw: ibw.display, rule: ibw.rule, source: ibw.source }), ["S002"])]
      .concat(ibw.notes, [source(say("reg.ivig.chosen", { total: fn(a.g_per_kg_total), range: text(TOTAL), per_day: fn(perKgDay),
        days: String(days) }), ["S002"])]);
    if (pt.weight_kg !== null && pt.weight_kg < ibw.value) {
      notes.push(reference(say("reg.ivig.actual", { weight: n1(pt.weight_kg), per_day: n1(perKgDay * pt.weight_kg) }), [ibw.source]));
    }
    var lines = [];
    for (var i = 0; i < days; i++) {
      lines.push(line("IVIG", perDay, "g", "once daily", "IV", say("reg.day", { n: String(i + 1) }), withStart(a.start, i), withStart(a.start, i)));
    }
    return result("ivig", {
      regimen: R.names.ivig, value: perDay, unit: "g/day", frequency: say("reg.ivig.frequency", { days: String(days) }), route: "IV",
      rule: say("reg.ivig.rule", { total: fn(a.g_per_kg_total), ibw: ibw.display, days: String(days) }),
      sources: sourcesOf([TOTAL, DAILY], [ibw.source]), lines: lines, notes: notes
    });
  };

  CALC.rituximab = function (a) {
    var D = "iim.rituximab.dose", GAP = "iim.rituximab.interval";
    population("rituximab", R.names.rituximab_population, a.age_years);
    var gap = val(GAP) * 7, count = Math.trunc(val("iim.rituximab.doses")), lines = [];
    for (var i = 0; i < count; i++) {
      var day = a.start === null ? null : a.start + i * gap;
      lines.push(line("rituximab", val(D), "mg", "once", "IV", say("reg.dose_n", { n: String(i + 1) }), day, day));
    }
    return result("rituximab", {
      regimen: R.names.rituximab, value: val(D), unit: "mg", route: "IV",
      frequency: say("reg.rtx.frequency", { count: String(count), gap: text(GAP) }),
      rule: say("reg.rtx.rule", { dose: text(D), count: String(count), gap: text(GAP) }), sources: sourcesOf([D, GAP]), lines: lines,
      notes: [source(say("reg.rtx.refractory", {}), ["S002"])]
    });
  };

  CALC.cyclophosphamide = function (a) {
    var INT = "iim.cyclophosphamide.interval", COURSE = "iim.cyclophosphamide.course", MAX = "iim.cyclophosphamide.max_course";
    population("cyclophosphamide", R.names.cyclophosphamide_population, a.age_years);
    var interval = val(INT) * 7, count = Math.floor((addMonths(a.start, a.months) - a.start) / interval), lines = [];
    for (var i = 0; i < count; i++) {
      var day = a.start + i * interval;
      lines.push(line("cyclophosphamide", null, "mg", "once", "IV infusion", say("reg.infusion_n", { n: String(i + 1) }), day, day));
    }
    var notes = [source(say("reg.cyc.no_dose", {}), ["S002", "S003"]), choice("cyclophosphamide_count"), choice("months"),
                 source(say("reg.cyc.severe", {}), ["S002"])];
    if (a.months > high(COURSE)) {
      notes.push(source(say("reg.cyc.longer", { months: String(a.months), course: text(COURSE), max: text(MAX) }), ["S002"]));
    }
    return result("cyclophosphamide", {
      regimen: R.names.cyclophosphamide, value: null, unit: "mg", frequency: say("reg.cyc.frequency", { interval: text(INT) }),
      route: "IV infusion", rule: say("reg.cyc.rule", { interval: text(INT), months: String(a.months), course: text(COURSE), max: text(MAX) }),
      sources: sourcesOf([INT, COURSE, MAX]), lines: lines, notes: notes
    });
  };

  CALC.calcineurin_inhibitor = function (a) {
    return result("calcineurin_inhibitor", {
      regimen: capitalize(a.drug), value: null, unit: "mg", frequency: say("reg.cni.frequency", {}), route: "",
      rule: say("reg.cni.rule", {}), sources: ["S002", "S003"],
      notes: [source(say("reg.cni.none", {}), ["S002", "S003"]), source(say("reg.cni.reserved", {}), ["S002"]),
              source(say("reg.cni.s003", {}), ["S003"])]
    });
  };

  CALC.prednisone_jdm = function (pt, a) {
    var PK = "jdm.prednisone.per_kg", CAP = "jdm.prednisone.cap";
    population("prednisone_jdm", R.names.prednisone_jdm_population, pt.age_years);
    var weight = pt.weight_kg, computed = val(PK) * weight, limit = val(CAP), caps = [], dose = computed;
    if (computed > limit) { dose = limit; caps.push(cap("ceiling", limit, "mg/day", "source", src(CAP), computed)); }
    return result("prednisone_jdm", {
      regimen: R.names.prednisone_jdm, value: dose, unit: "mg/day", frequency: "once daily", route: "by mouth",
      rule: say("reg.jdm_pred.rule", { per_kg: text(PK), weight: n2(weight), cap: text(CAP) }), sources: sourcesOf([PK, CAP]),
      lines: [line("prednisone", dose, "mg", "once daily", "by mouth", "", a.start, null)], caps: caps,
      notes: [source(say("reg.jdm_pred.with_mtx", { per_m2: text("jdm.mtx.per_m2") }), ["S002", "S003"]),
              source(say("reg.jdm_pred.no_taper", {}), ["S002", "S003"])]
    });
  };

  CALC.methotrexate_jdm = function (pt, a) {
    var PM = "jdm.mtx.per_m2", CAP = "mtx.weekly_cap";
    population("methotrexate_jdm", R.names.methotrexate_jdm_population, pt.age_years);
    var bsa = B.bodySurfaceArea(pt);
    var computed = val(PM) * bsa.value, limit = val(CAP), caps = [], dose = computed;
    if (computed > limit) { dose = limit; caps.push(cap("ceiling", limit, "mg once weekly", "tool_choice", ["jdm_mtx_cap"], computed)); }
    var weekday = a.start === null ? null : C.weekday(a.start);
    var capText = say("reg.jdm_mtx.cap", { cap: text(CAP) });
    if (caps.length) capText = say("reg.jdm_mtx.capped", { text: capText, computed: n1(computed) });
    return result("methotrexate_jdm", {
      regimen: R.names.methotrexate_jdm, value: dose, unit: "mg", frequency: weekly(weekday), route: "subcutaneous",
      rule: say("reg.jdm_mtx.rule", { per_m2: text(PM), bsa: bsa.display, cap: text(CAP) }),
      sources: sourcesOf([PM], [bsa.source]),
      lines: [line("methotrexate", dose, "mg", weekly(weekday), "subcutaneous", "", a.start, null)], caps: caps,
      notes: [reference(say("reg.jdm_mtx.bsa", { bsa: bsa.display, rule: bsa.rule, source: bsa.source }), [bsa.source]),
              source(say("reg.jdm_mtx.onset", { per_m2: text(PM), per_kg: text("jdm.prednisone.per_kg"), cap: text("jdm.prednisone.cap") }), src(PM)),
              choice("jdm_mtx_cap", capText),
              source(say("reg.jdm_mtx.no_folic", {}), ["S002", "S003"])]
    });
  };

  /* ---------- the form adapter, matching calculators/forms/adapters.py::dose_form ---------- */

  LF.compute["dose"] = function (v) {
    var name = v.regimen, spec = R.calculators[name];
    if (!CALC[name]) throw new Error("the dose form has no port of " + name);
    var args = {};
    spec.arguments.forEach(function (arg) { args[arg] = v[arg] === undefined ? null : v[arg]; });
    if (spec.patient) return CALC[name](B.patient(v), args);
    return CALC[name](args);
  };

  /* ---------- rendering ---------- */

  var esc = C.escapeHtml;
  LF.renderers["dose"] = function (results) {
    var r = results.regimen;
    var lines = r.lines.map(function (l) { return "<li>" + esc(l.text) + "</li>"; }).join("");
    var caps = r.caps.map(function (c) { return "<li>" + esc(c) + "</li>"; }).join("");
    return '<div class="live-calc__result live-dose">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity">' + esc(r.regimen) + "</span> <strong>" +
      esc(r.display) + "</strong></p>" +
      '<p class="live-calc__rule">' + esc(r.rule) + ' <span class="live-calc__source">' + esc(r.sources.join(", ")) + "</span></p>" +
      (caps ? '<p class="live-dose__heading">' + esc(say("dose.heading.caps", {})) + '</p><ul class="live-dose__caps">' + caps + "</ul>" : "") +
      (lines ? '<p class="live-dose__heading">' + esc(say("dose.heading.give", {})) + '</p><ul class="live-dose__lines">' + lines + "</ul>" : "") +
      (r.notes.length ? '<p class="live-dose__heading">' + esc(say("dose.heading.notes", {})) + "</p>" + LF.list(r.notes, "live-calc__notes") : "") +
      "</div>";
  };
  LF.summaries["dose"] = function (results) {
    var r = results.regimen;
    return r.regimen + ": " + r.display + ".";
  };

  window.LiveDose = { calculators: CALC };
  LF.bindAll();
})();
