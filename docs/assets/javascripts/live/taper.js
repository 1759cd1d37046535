/*
 * Live taper form: the arithmetic of calculators/taper (tablets, the engine's walk over a protocol
 * table) and the plan checks on the taper alone; its downloads (CSV, .ics, patient calendar) are
 * written by the contract of calculators/forms/writers.py.
 *
 * Protocols, presets and rules come from window.LIVE_DATA.taper; the form's fields, kinds and
 * bounds are read generically by live/forms.js from the form definition, so nothing here
 * validates an input. tests/test_live_parity.py compares every answer and every file byte for
 * byte with the package, in Node.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, say = C.say;
  var T = window.LIVE_DATA.taper;
  var Problem = C.Problem, fail = C.fail;
  function formatNumber(x) { return C.numberText(x, 6); }
  // The contract's rounding (calculators.messages.round_to): half away from zero on the shortest decimal.
  function r6(x) { return Number(C.numberText(x, 6)); }
  var iso = C.isoDate;

  var S = window.LiveSchedule, makeDose = S.makeDose, nearestMakeable = S.nearestMakeable;

  function tabletsText(tablets) {
    return tablets.map(function (t) { return formatNumber(t.count) + " × " + formatNumber(t.strength_mg) + " mg"; })
      .join(" + ");
  }

  function truthy(made) { return made !== null && made.length > 0; }

  function mgList(strengths) {
    return strengths.filter(function (s, i, all) { return all.indexOf(s) === i; }).sort(function (a, b) { return b - a; })
      .map(formatNumber).join(", ") + " mg";
  }

  /* ---------- the engine, matching calculators/taper/engine.py ---------- */

  function P(field, value, reason, allowed, source, kind, restsOn) {
    return new C.Problem(field, value, reason, allowed, source || null, null, kind, restsOn);
  }
  function basisOf(source) {  // calculators/errors.py basis_of, on the sources registry the package exports
    var S = T.statement_sources, ids = (source || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean);
    function all(kind) { return ids.length > 0 && ids.every(function (i) { return S[kind].indexOf(i) >= 0; }); }
    if (all("source")) return ["source", ids];
    if (source && S.reference.indexOf(source) >= 0) return ["reference", [source]];
    if (all("reference")) return ["reference", ids];
    return ["tool_choice", ["input_validation"]];
  }
  function Pb(field, value, reason, allowed, source, basis) {
    var b = basis || basisOf(source);
    return P(field, value, reason, allowed, source, b[0], b[1]);
  }
  function orText(below, above) {
    var xs = [below, above].filter(function (x) { return x !== null; }).map(formatNumber);
    return xs.length ? xs.join(" or ") : say("tp.none", {});
  }
  function strengthsText(strengths, half) {
    return say(half ? "tp.strengths.half" : "tp.strengths.whole", { strengths: strengths.map(formatNumber).join(", ") });
  }
  function requireMakeable(field, dose, strengths, half) {
    var made = makeDose(dose, strengths, half);
    if (made === null) {
      var near = nearestMakeable(dose, strengths, half);
      fail([Pb(field, dose, say("tp.makeable.reason", { strengths: strengthsText(strengths, half) }),
        say("tp.makeable.allowed", { nearest: orText(near[0], near[1]) }))]);
    }
    return made;
  }

  function startDose(req, protocol, strengths) {
    var cover = protocol.start, src = protocol.source_id, notes = [];
    var basis = cover.why_kind === "tool_choice" ? ["tool_choice", cover.why_rests_on] : basisOf(src);
    if ((req.start_dose_mg === null) === (req.dose_mg_per_kg === null)) {
      fail([Pb("start_dose_mg", req.start_dose_mg, req.start_dose_mg === null ? say("input.required", {}) : say("tp.both", {}),
        say("tp.either.allowed", {}))]);
    }
    var weight = req.patient ? req.patient.weight_kg : null, low, high, perLow, perHigh;
    if (req.start_dose_mg !== null) {
      var range = weight !== null && cover.per_kg_mg ? cover.per_kg_mg : cover.typed_mg;
      low = range[0]; high = range[1];
      if (!(low <= req.start_dose_mg && req.start_dose_mg <= high)) {
        var allowed = low === high ? say("tp.mg_day", { low: formatNumber(low) }) :
          say("tp.mg_day.range", { low: formatNumber(low), high: formatNumber(high) });
        fail([Pb("start_dose_mg", req.start_dose_mg, say("tp.not_covered", { protocol: protocol.id, why: cover.why }), allowed,
          src, basis)]);
      }
      if (weight !== null && cover.per_kg_range) {
        perLow = cover.per_kg_range[0]; perHigh = cover.per_kg_range[1];
        var perKg = req.start_dose_mg / weight;
        var ceiling = high === T.pred_start_ceiling_mg && perLow * weight > T.pred_start_ceiling_mg;
        if (ceiling && req.start_dose_mg === T.pred_start_ceiling_mg) {
          notes.push(C.note(say("tp.ceiling.typed", { dose: formatNumber(req.start_dose_mg), weight: formatNumber(weight),
            per_kg: C.numberText(perKg, 3), low: formatNumber(perLow) }), "tool_choice", ["pred_start_ceiling"]));
        } else if (!(perLow - 1e-9 <= perKg && perKg <= perHigh + 1e-9)) {
          var top = Math.min(perHigh * weight, high);
          fail([Pb("start_dose_mg", req.start_dose_mg, say("tp.per_kg.outside", { per_kg: formatNumber(perKg),
            low: formatNumber(perLow), high: formatNumber(perHigh) }), ceiling ? say("tp.mg_day", { low: formatNumber(top) }) :
            say("tp.per_kg.allowed", { low: formatNumber(perLow * weight), high: formatNumber(top), weight: formatNumber(weight) }), src)]);
        } else {
          notes.push(C.note(say("tp.per_kg.note", { dose: formatNumber(req.start_dose_mg), weight: formatNumber(weight),
            per_kg: C.numberText(perKg, 3) }), "tool_choice", ["patient_arithmetic"]));
        }
      }
      requireMakeable("start_dose_mg", req.start_dose_mg, strengths, req.half_tablets);
      return [req.start_dose_mg, notes];
    }
    if (cover.per_kg_mg === null) {
      fail([Pb("dose_mg_per_kg", req.dose_mg_per_kg, say("tp.per_kg.unused", { protocol: protocol.id, why: cover.why }),
        say("tp.per_kg.unused.allowed", {}), src)]);
    }
    if (weight === null) fail([Pb("patient", null, say("tp.patient.required", {}), say("tp.patient.allowed", {}))]);
    var exact = r6(weight * req.dose_mg_per_kg);
    low = cover.per_kg_mg[0]; high = cover.per_kg_mg[1];
    var capped = exact > T.pred_start_ceiling_mg && high === T.pred_start_ceiling_mg;
    if (capped) {
      notes.push(C.note(say("tp.ceiling", { weight: formatNumber(weight), per_kg: formatNumber(req.dose_mg_per_kg),
        exact: formatNumber(exact), ceiling: formatNumber(T.pred_start_ceiling_mg) }), "tool_choice", ["pred_start_ceiling"]));
      exact = T.pred_start_ceiling_mg;
    }
    var dose = exact;
    if (!truthy(makeDose(exact, strengths, req.half_tablets))) {
      var near = nearestMakeable(exact, strengths, req.half_tablets), below = near[0], above = near[1];
      if (req.start_rounding === "refuse") {
        fail([Pb(say("tp.field.per_kg_start", {}), exact, say("tp.refuse.reason", { weight: formatNumber(weight),
          per_kg: formatNumber(req.dose_mg_per_kg), strengths: strengthsText(strengths, req.half_tablets) }),
          say("tp.refuse.allowed", { nearest: orText(below, above) }))]);
      }
      dose = req.start_rounding === "down" || above === null ||
        (below !== null && exact - below <= above - exact) ? below : above;
      if (dose === null) {
        fail([Pb("start_rounding", req.start_rounding, say("tp.rounding.none", { dose: formatNumber(exact) }),
          say("tp.rounding.none.allowed", {}))]);
      }
      notes.push(C.note(say("tp.rounded", { weight: formatNumber(weight), per_kg: formatNumber(req.dose_mg_per_kg),
        exact: formatNumber(exact), direction: say(dose < exact ? "tp.rounded.down" : "tp.rounded.up", {}),
        dose: formatNumber(dose), rounding: req.start_rounding, per_kg_dose: formatNumber(dose / weight) }),
        "tool_choice", ["start_rounding"]));
    }
    perLow = cover.per_kg_range[0]; perHigh = cover.per_kg_range[1];
    if (!(low <= dose && dose <= high)) {
      fail([Pb(say("tp.field.per_kg_start", {}), dose, say("tp.not_covered", { protocol: protocol.id, why: cover.why }),
        say("tp.mg_day.range", { low: formatNumber(low), high: formatNumber(high) }), src, basis)]);
    }
    if (!capped && !(perLow - 1e-9 <= dose / weight && dose / weight <= perHigh + 1e-9)) {  // capped: said in its note
      fail([Pb("start_rounding", req.start_rounding, say("tp.rounding.outside", { dose: formatNumber(dose),
        per_kg: formatNumber(dose / weight), low: formatNumber(perLow), high: formatNumber(perHigh) }),
        say("tp.rounding.outside.allowed", { others: ["down", "nearest"].filter(function (r) { return r !== req.start_rounding; })
          .map(function (r) { return "'" + r + "'"; }).join(" or ") }), src)]);
    }
    return [dose, notes];
  }

  function strengthsFor(req, protocol) {
    var presets = T.strength_presets, taken = req.drug || protocol.drug;
    if (req.strengths_mg === null) {
      var own = presets[taken];
      return [own.strengths_mg.slice(), C.note(say("tp.preset.note", { drug: own.drug,
        strengths: own.strengths_mg.map(formatNumber).join(", ") }), "tool_choice", ["tablets"])];
    }
    if (typeof req.strengths_mg === "string") {
      var preset = presets[req.strengths_mg];
      if (preset.drug !== taken) {
        fail([Pb("strengths_mg", req.strengths_mg, say("tp.preset.wrong", { drug: preset.drug, taken: taken }),
          say("tp.preset.allowed", { drug: taken }))]);
      }
      return [preset.strengths_mg.slice(), null];
    }
    var unique = req.strengths_mg.filter(function (s, i, all) { return all.indexOf(s) === i; });
    return [unique.sort(function (a, b) { return b - a; }), null];
  }

  // calculators/population.py Population.check, with the protocol's declared population
  function population(protocol, age) {
    var p = protocol.population;
    if (p.min_age_years === null && p.below_age_years === null) return;
    if (age === null || age === undefined) {
      fail([P("age_years", null, say("reg.population.required", { regimen: protocol.name, who: T.populations[protocol.id].describe }),
        T.populations[protocol.id].allowed, null, "tool_choice", ["age_required", "adult_age"])]);
    }
    var young = p.min_age_years !== null && age < p.min_age_years, old = p.below_age_years !== null && age >= p.below_age_years;
    if (young || old) {
      var reason = say("reg.population.outside", { regimen: protocol.name, who: T.populations[protocol.id].describe,
        sources: p.sources.join(", ") });
      if (p.elsewhere) reason = say("reg.population.elsewhere", { reason: reason, elsewhere: p.elsewhere });
      fail([P("age_years", age, reason, T.populations[protocol.id].allowed, null, "tool_choice", ["adult_age"])]);
    }
  }

  function buildSchedule(req) {
    var protocol = T.protocols[req.protocol];
    var src = protocol.source_id, problems = [];
    if (protocol.kind === "stepped" && req.hold_weeks === null) {
      problems.push(Pb("hold_weeks", null, say("tp.hold.required", {}), say("tp.hold.required.allowed", {}), "S002, S003"));
    }
    if (protocol.kind === "span" && req.withdrawal_days === null) {
      problems.push(Pb("withdrawal_days", null, say("tp.span.required", {}), say("tp.span.required.allowed", {}), src));
    }
    if (problems.length) fail(problems);
    population(protocol, req.age_years);
    var st = strengthsFor(req, protocol), strengths = st[0], strengthNote = st[1];
    var sd = startDose(req, protocol, strengths), start = sd[0], notes = sd[1];
    var plan = S.walk(protocol, start, req);
    plan.forEach(function (item) { requireMakeable(say("tp.field.in_taper", {}), item[0], strengths, req.half_tablets); });
    var dispensed = S.pickStrengths(plan.map(function (item) { return [item[0], item[1]]; }), strengths, req.half_tablets);
    var periods = [], day = req.start_date;
    plan.forEach(function (item) {
      var tablets = makeDose(item[0], dispensed, req.half_tablets);
      var end = day + item[1] - 1;
      periods.push({ start: day, end: end, days: item[1], dose: item[0], tablets: tablets, rule: item[2], note: item[3] });
      day = end + 1;
    });
    if (strengthNote) notes.push(strengthNote);
    if (dispensed.length < strengths.filter(function (s, i, all) { return all.indexOf(s) === i; }).length) {
      notes.push(C.note(say("tp.dispensed", { dispensed: mgList(dispensed), on_hand: mgList(strengths),
        cap: String(T.max_pieces_a_day) }), "tool_choice", ["tablets"]));
    }
    if (req.half_tablets) notes.push(C.note(say("tp.half", {}), "tool_choice", ["tablets"]));
    if (protocol.spacing_note) notes.push(C.note(protocol.spacing_note, "tool_choice", ["igm_withdrawal_steps"]));
    if (req.slow_1mg_every_weeks !== null) notes.push(C.note(say("tp.slow", { weeks: String(req.slow_1mg_every_weeks) }), "source", ["S003"]));
    var drug = req.drug || protocol.drug;
    if (drug !== protocol.drug) {
      notes.push(C.note(say("tp.drug", { source: protocol.source_id, protocol_drug: protocol.drug, drug: drug }), "reference",
        [T.steroid_table]));
    }
    var cautions = protocol.kind === "span" ? T.span_cautions : [];
    return { protocol: protocol, drug: drug, strengths: strengths, half: req.half_tablets, start_date: req.start_date,
             start_dose: start, periods: periods, notes: notes, cautions: cautions };
  }

  /* ---------- the first line, matching TaperSchedule.title / headline ---------- */

  function durationText(days) {  // calculators/taper/engine.py duration_text
    if (days % 7 === 0 && days >= 14) return say("taper.weeks", { count: String(days / 7) });
    return days === 1 ? say("taper.days.one", {}) : say("taper.days", { count: String(days) });
  }
  function headline(s, duration, patient) {
    var first = s.periods[0], last = s.periods[s.periods.length - 1];
    var values = { drug: patient ? s.drug : cap(s.drug), first: formatNumber(first.dose), first_for: durationText(first.days),
                   end: C.longDate(last.end) };
    var key = patient ? "taper.headline.patient" : "taper.headline";
    if (s.periods.length === 1) return say(key + ".one", values);
    var steps = s.periods.length - 1;
    values.steps = steps === 1 ? say("taper.steps.one", {}) : say("taper.steps", { count: String(steps) });
    values.last = formatNumber(last.dose);
    values.total = durationText(duration);
    return say(key, values);
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
    var reached = pjpDays >= T.pjp_threshold.days, flags;
    if (s.protocol.kind === "span") {
      flags = [say("taper.withdrawal_history", { days: String(pjpDays), dose: T.pjp_text.dose, why: T.withdrawal_history_why })];
    } else {
      flags = [say("tp.flag.days", { days: String(pjpDays), dose: formatNumber(pjpDose) })];
      if (reached) flags.push(say("tp.flag.pjp", { dose: T.pjp_text.dose, weeks: T.pjp_text.weeks }));
    }
    return {
      duration: duration, cumulative: r6(cumulative), pjpDays: pjpDays, reached: reached, flags: flags,
      dispense: order.map(function (st) { return { strength_mg: st, count: Math.ceil(totals[st]) }; })
    };
  }

  /* ---------- plan checks on the taper alone: the package's own answers, by the facts they depend on ---------- */

  // calculators/forms/export.py renders calculators.safety.check_plan for a taper alone in every case that
  // differs (disease; the longest run at 20 mg/day or more reaching 4 weeks or not; the run at high dose
  // unknown, within or beyond the hold), as safety.* templates with their values; the page measures the runs
  // and fills the templates.
  function planChecks(s, weightKg) {
    var eq = window.LIVE_DATA.steroids.equivalent_mg;
    var factor = eq.prednisone / eq[s.drug];
    var days = [];
    s.periods.forEach(function (p) { for (var d = p.start; d <= p.end; d++) days.push([d, p.dose * factor]); });
    function longest(threshold, holdOnly) { return C.longestRun(days, threshold, holdOnly); }
    var X = T.plan, pjp = longest(X.pjp_dose_mg, false);
    var high = weightKg === null ? null : longest(X.high_dose_per_kg * weightKg, true);
    var key = [s.protocol.disease, pjp >= X.pjp_days ? "pjp" : "-", high === null ? "?" : high > X.high_dose_max_days ? "long" : "-",
               s.drug === "prednisone" ? "" : "eq"].join("|");
    var c = X.cases[key], measured = { pjp_run_days: String(pjp), high_dose_run_days: String(high), immunosuppressants: "1" };
    function message(parts) {  // calculators.safety.message_text: each template filled, one after the other
      return parts.map(function (p) { return say(p.template, Object.assign({}, measured, p.values)); }).join("");
    }
    return {
      scope: say("taper.plan.scope", {}),
      items: c.items.map(function (n) { return X.items[n]; }).map(function (i) { return { code: i.code, severity: i.severity, message: message(i.parts), sources: i.sources,
        kind: i.kind, rests_on: i.rests_on }; }),
      notes: c.notes.map(function (n) { return { text: n.text, kind: n.kind, rests_on: n.rests_on }; }),
      longest_run_days_at_pjp_dose: pjp
    };
  }

  /* ---------- the form adapter, matching calculators/forms/adapters.py::taper_form ---------- */

  function computeTaper(v) {
    var protocol = T.protocols[v.protocol];
    var strengths = T.form_strengths[v.strengths || ""];
    var req = {
      protocol: v.protocol, start_date: v.start_date, drug: v.drug || null, age_years: v.age_years === undefined ? null : v.age_years,
      strengths_mg: strengths === undefined ? null : strengths, half_tablets: v.half_tablets === "yes",
      start_dose_mg: null, dose_mg_per_kg: null, start_rounding: "refuse", patient: null,
      hold_weeks: null, slow_1mg_every_weeks: null, withdrawal_days: null, step_mg: null
    };
    if (v.weight !== null && v.weight !== undefined) {
      req.patient = { weight_kg: v.weight * window.LIVE_DATA.body.kg_per_unit[v.weight_unit] };
    }
    if (v.dose_basis === "per-kg") {
      req.dose_mg_per_kg = v.dose_mg_per_kg;
      req.start_rounding = v.start_rounding || "refuse";
    } else req.start_dose_mg = v.start_dose_mg;
    if (protocol.kind === "stepped") {
      req.hold_weeks = v.hold_weeks;
      if (protocol.stages.some(function (s) { return s.option === "slow-1mg-from-10mg"; }) && v.slow_1mg_every_weeks) {
        req.slow_1mg_every_weeks = Number(v.slow_1mg_every_weeks);
      }
    } else if (protocol.kind === "span") {
      req.withdrawal_days = v.withdrawal_days;
      req.step_mg = v.step_mg === undefined ? null : v.step_mg;
    }
    var s = buildSchedule(req);
    var sum = summarise(s);
    var stop = s.periods[s.periods.length - 1].end + 1;
    return {
      schedule: {
        protocol: protocol.id, protocol_name: protocol.name, title: protocol.name.split(protocol.drug).join(s.drug),
        headline: headline(s, sum.duration, false), headline_patient: headline(s, sum.duration, true),
        drug: s.drug, source: protocol.source_id,
        source_label: T.source_labels[protocol.source_id], rule: protocol.rule,
        start_date: iso(s.start_date), end_date: iso(stop - 1), stop_date: iso(stop), start_dose_mg: s.start_dose,
        periods: s.periods.map(function (p) {
          return { start: iso(p.start), end: iso(p.end), days: p.days, daily_dose_mg: p.dose, dose_text: formatNumber(p.dose),
                   tablets: tabletsText(p.tablets), rule: p.rule, note: p.note };
        }),
        duration_days: sum.duration, cumulative_dose_mg: sum.cumulative,
        dispense: sum.dispense, days_at_or_above_20_mg: sum.pjpDays, pjp_threshold_reached: sum.reached,
        flags: sum.flags, notes: s.notes, cautions: s.cautions
      },
      plan_checks: planChecks(s, req.patient ? req.patient.weight_kg : null)
    };
  }

  /* ---------- downloads, by the contract of calculators/forms/writers.py ---------- */

  var ONCE = T.once_daily, UID_HOST = T.ics.uid_host;

  function csvField(value) {
    var text = String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function fnv1a32(text) {
    var bytes = new TextEncoder().encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return ("00000000" + h.toString(16)).slice(-8);
  }
  function icsText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n/g, "\\n").replace(/\n/g, "\\n").replace(/\r/g, "\\n");
  }
  function utf8Length(ch) { var c = ch.codePointAt(0); return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
  function icsFold(line) {
    var out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = utf8Length(ch), limit = out.length ? 74 : 75;
      if (size + n > limit) { out.push(current); current = ""; size = 0; }
      current += ch; size += n;
    });
    out.push(current);
    return out.join("\r\n ");
  }
  function day(isoText) { return C.fromIso(isoText); }
  function compact(d) { return iso(d).replace(/-/g, ""); }
  function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  function noteLines(record) {
    return record.notes.map(function (n) {
      var t = typeof n === "string" ? n : n.text, kind = typeof n === "string" ? null : n.kind;
      return [kind ? say("record.note.kind", { kind: window.LIVE_MESSAGES.kind_labels[kind] }) : say("record.note", {}), t];
    });
  }
  function recordLines(record) {
    var rows = record.inputs.map(function (i) { return [i.label, i.value]; });
    noteLines(record).forEach(function (r) { rows.push(r); });
    rows.push([say("record.edition_label", {}), record.edition]);
    return rows;
  }
  function stampOf(now) {  // DTSTAMP: when the file is written, UTC
    var d = now === undefined || now === null ? new Date() : new Date(now);
    return d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  }
  function traced(s) { return say("taper.traced", { name: s.protocol_name, protocol: s.protocol, source: s.source_label }); }

  var FORMULA_START = /^[=+\-@\t\r]/;
  function csvCell(value) {  // calculators/forms/writers.py csv_cell
    var text = typeof value === "number" ? formatNumber(value) : String(value);
    return csvField(FORMULA_START.test(text) ? "'" + text : text);
  }
  function taperCsv(record) {
    var s = record.schedule;
    var computed = record.inputs.map(function (i) { return i.label + ": " + i.value; }).join("; ");
    var notes = noteLines(record).map(function (r) { return r[0] + ": " + r[1]; }).join("\n");
    var context = [s.protocol, s.source, s.headline, computed, notes, record.edition];
    var rows = [T.csv_fields];
    s.periods.forEach(function (p) {
      rows.push([p.start, p.end, p.days, s.drug, p.dose_text, ONCE, p.tablets, p.rule].concat(context));
    });
    rows.push([s.stop_date, "", "", s.drug, "0", say("taper.stopped", {}), "", say("taper.end", {})].concat(context));
    return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(",") + "\r\n"; }).join("");
  }

  function taperIcs(record, now) {
    var s = record.schedule, drugCap = cap(s.drug), lines0 = recordLines(record);
    var seed = fnv1a32(record.inputs.map(function (i) { return i.label + "=" + i.value; }).join("\n"));
    var stamp = stampOf(now);
    var about = lines0.map(function (r) { return r[0] + ": " + r[1]; }).join("\n");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + T.ics.prodid,
                 "X-WR-CALNAME:" + icsText(say("taper.calendar_name", { title: s.title })),
                 "X-WR-CALDESC:" + icsText(s.headline + "\n\n" + about)];
    function event(uid, start, end, summary, description) {
      lines.push("BEGIN:VEVENT", "UID:" + uid, "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + compact(day(start)),
                 "DTEND;VALUE=DATE:" + compact(day(end) + 1), "SUMMARY:" + icsText(summary),
                 "DESCRIPTION:" + icsText(description), "END:VEVENT");
    }
    s.periods.forEach(function (p, i) {
      event(seed + "-" + (i + 1) + "@" + UID_HOST, p.start, p.end,
        say("taper.event.summary", { drug: drugCap, dose: p.dose_text + " mg", frequency: ONCE, tablets: p.tablets }),
        say("taper.event.description", { start: C.longDate(day(p.start)), end: C.longDate(day(p.end)), days: String(p.days),
          dose: p.dose_text + " mg", drug: s.drug, frequency: ONCE, tablets: p.tablets, rule: p.rule, plan: s.headline,
          traced: traced(s), about: about }));
    });
    event(seed + "-stop@" + UID_HOST, s.stop_date, s.stop_date, say("taper.event.stop_summary", { drug: drugCap }),
      say("taper.event.stop_description", { drug: s.drug, plan: s.headline, traced: traced(s), about: about }));
    lines.push("END:VCALENDAR");
    return lines.map(function (l) { return icsFold(l) + "\r\n"; }).join("");
  }

  function taperCalendarHtml(record) {
    var s = record.schedule, esc = C.escapeHtml;
    var heading = esc(say("taper.calendar.title", { drug: s.drug }));
    var rows = [], previous = null;
    s.periods.forEach(function (p) {
      for (var d = day(p.start); d <= day(p.end); d++) {
        var change = previous !== null && p.daily_dose_mg !== previous ? ' class="change"' : "";
        previous = p.daily_dose_mg;
        rows.push("<tr" + change + "><td>" + esc(C.longDate(d)) + '</td><td class="dose">' + esc(p.dose_text) + " mg</td><td>" +
          esc(p.tablets) + '</td><td class="tick"><span></span></td></tr>');
      }
    });
    rows.push('<tr class="stop change"><td>' + esc(C.longDate(day(s.stop_date))) + '</td><td class="dose">' +
      esc(say("taper.calendar.none", {})) + "</td><td>" + esc(say("taper.calendar.stopped", {})) + '</td><td class="tick"></td></tr>');
    var recordRows = [[say("taper.calendar.plan_label", {}), s.headline], [say("taper.calendar.traced_label", {}), traced(s)]]
      .concat(recordLines(record))
      .map(function (r) { return "<tr><th>" + esc(r[0]) + "</th><td>" + esc(r[1]) + "</td></tr>"; }).join("");
    var past = !record.past_start ? "" : '<div class="caution past"><p><strong>' + esc(say("taper.calendar.past", {})) +
      "</strong> " + esc(say("taper.calendar.past_text", { start: C.longDate(day(s.start_date)) })) + "</p></div>";
    var caution = !s.cautions.length ? "" : '<div class="caution"><p><strong>' + esc(say("taper.calendar.before", {})) +
      "</strong> " + esc(say("taper.calendar.before_text", {})) + "</p></div>";
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>" + heading + "</title><style>" + T.calendar_css + "</style></head><body>" +
      "<main class=\"patient\"><h1>" + heading + "</h1>" + past + "<p class=\"plan\">" + esc(s.headline_patient) + "</p>" +
      "<p class=\"how\">" + esc(say("taper.calendar.how", {})) + "</p>" + caution +
      "<table><thead><tr><th>" + esc(say("taper.calendar.day", {})) + "</th><th>" + esc(say("taper.calendar.dose", {})) +
      "</th><th>" + esc(say("taper.calendar.tablets", {})) + "</th><th>" + esc(say("taper.calendar.taken", {})) +
      "</th></tr></thead><tbody>" + rows.join("") + "</tbody></table></main><section class=\"pro\"><h2>" +
      esc(say("taper.calendar.pro", {})) + "</h2><table class=\"record\"><tbody>" + recordRows +
      "</tbody></table></section></body></html>\n";
  }

  // calculators/forms/writers.py plan_notes: the flags and the safety checks on the taper alone, for the files
  function planNotes(r) {
    var items = r.plan_checks ? r.plan_checks.items : [];
    return r.schedule.flags.concat(items.length ? [r.plan_checks.scope] : [], items.map(function (i) {
      return { text: say("record.plan_check", { severity: i.severity, message: i.message }), kind: i.kind };
    }));
  }

  // calculators/forms/writers.py taper_files
  function files(answer, edition, now) {
    var r = answer.results;
    var record = { schedule: r.schedule, inputs: answer.inputs, edition: edition,
                   notes: answer.notes.concat(r.schedule.cautions, planNotes(r), r.schedule.notes),
                   past_start: answer.notes.length > 0 };
    return { csv: taperCsv(record), ics: taperIcs(record, now), calendar_html: taperCalendarHtml(record) };
  }

  /* ---------- rendering in the page ---------- */

  var esc = C.escapeHtml;
  function fmtDate(isoText) { var d = C.fromIso(isoText); return d === null ? isoText : C.longDate(d); }

  function renderTaper(results) {
    var s = results.schedule;
    var rows = s.periods.map(function (p) {
      return "<tr><td>" + esc(fmtDate(p.start)) + "</td><td>" + esc(fmtDate(p.end)) + "</td><td>" + p.days +
        "</td><td><strong>" + esc(p.dose_text) + " mg</strong></td><td>" + esc(p.tablets) +
        "</td><td>" + esc(p.rule) + (p.note ? " (" + esc(p.note) + ")" : "") + "</td></tr>";
    }).join("");
    rows += "<tr><td>" + esc(fmtDate(s.stop_date)) + "</td><td></td><td></td><td><strong>0</strong></td>" +
      "<td>" + esc(say("taper.stopped", {})) + "</td><td>" + esc(say("taper.end", {})) + "</td></tr>";
    var dispense = s.dispense.map(function (d) { return d.count + " × " + formatNumber(d.strength_mg) + " mg"; }).join(", ");
    var flags = s.flags.map(function (f, i) {
      return "<li" + (i > 0 ? ' class="live-taper__flag--warn"' : "") + ">" + esc(f) + "</li>";
    }).join("");
    return '<div class="live-calc__result live-taper">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity" data-record-title>' + esc(s.title) + "</span> <strong>" +
      esc(s.headline) + "</strong></p>" +
      '<p class="live-calc__rule">' + esc(s.rule) + ' <span class="live-calc__source">' +
      esc(say("result.source", { source: s.source_label })) + "</span></p>" +
      '<ul class="live-taper__totals">' +
      "<li>" + esc(say("taper.span", { start: fmtDate(s.start_date), end: fmtDate(s.end_date), stop: fmtDate(s.stop_date) })) + "</li>" +
      "<li>" + esc(say("taper.totals", { days: String(s.duration_days), cumulative: formatNumber(s.cumulative_dose_mg) })) + "</li>" +
      "<li>" + esc(say("taper.dispense", { tablets: dispense })) + "</li></ul>" +
      '<ul class="live-taper__flags">' + flags + "</ul>" +
      (s.cautions.length ? LF.list(s.cautions, "live-calc__notes live-taper__cautions") : "") +
      planHtml(results.plan_checks) +
      '<p class="live-taper__actions">' +
      '<button type="button" class="md-button md-button--primary" data-taper-action="print">' + esc(say("taper.action.print", {})) + "</button> " +
      '<button type="button" class="md-button" data-taper-action="csv">' + esc(say("taper.action.csv", {})) + "</button> " +
      '<button type="button" class="md-button" data-taper-action="ics">' + esc(say("taper.action.ics", {})) + "</button></p>" +
      '<div class="live-taper__scroll" tabindex="0" role="region" aria-label="' + esc(say("taper.table.caption", {})) + '">' +
      '<table class="live-taper__table"><caption>' + esc(say("taper.table.caption", {})) + "</caption><thead><tr>" +
      ["from", "to", "days", "dose", "tablets", "step"].map(function (k) {
        return '<th scope="col">' + esc(say("taper.table." + k, {})) + "</th>";
      }).join("") + "</tr></thead><tbody>" + rows + "</tbody></table></div>" +
      LF.list(s.notes, "live-calc__notes") + "</div>";
  }

  function planHtml(plan) {
    var items = plan.items.map(function (i) {
      return '<li class="live-plan__item live-plan__item--' + esc(i.severity) + (i.kind ? " live-kind live-kind--" + esc(i.kind) : "") + '"' +
        (i.kind ? ' data-kind="' + esc(i.kind) + '"' : "") + "><strong>" + esc(i.severity) +
        ":</strong> " + esc(i.message) + ' <span class="live-calc__source">(' + esc(i.sources.join(", ")) + ")</span></li>";
    }).join("");
    var notes = plan.notes.map(LF.noteItem).join("");  // notes are {text, kind, rests_on}, shown with their kind
    return '<details class="live-plan"><summary>' + esc(say("taper.plan.summary", { count: String(plan.items.length) })) +
      '</summary><ul class="live-plan__items">' + items + notes + "</ul></details>" +
      '<p class="live-plan__more">' + esc(say("taper.plan.more", {})) + ' <a href="../safety/">' +
      esc(say("taper.plan.link", {})) + "</a></p>";
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  // Printed from the page itself: the print CSS hides everything but this container.
  function printCalendar(html) {
    var holder = document.getElementById("live-taper-print");
    if (!holder) {
      holder = document.createElement("div");
      holder.id = "live-taper-print";
      holder.className = "live-taper-print";
      document.body.appendChild(holder);
    }
    // The <style> is taken out before parsing: Chromium checks even a parsed, unused document against the
    // page's Content-Security-Policy and reports its inline style as a violation.
    var style = /<style>([\s\S]*?)<\/style>/.exec(html);
    var doc = new DOMParser().parseFromString(style ? html.replace(style[0], "") : html, "text/html");
    holder.innerHTML = doc.body.innerHTML;
    adoptCss(scopeCss(style ? style[1] : ""));
    document.body.classList.add("live-taper-printing");
    var done = function () { document.body.classList.remove("live-taper-printing"); window.removeEventListener("afterprint", done); };
    window.addEventListener("afterprint", done);
    window.print();
  }
  // The site's Content-Security-Policy refuses an inline <style> element; a constructed stylesheet is
  // not an inline style, so the calendar's own CSS (the same text as the downloaded calendar's) applies.
  var printSheet = null;
  function adoptCss(css) {
    if (window.CSSStyleSheet && "adoptedStyleSheets" in document) {
      if (printSheet === null) {
        printSheet = new CSSStyleSheet();
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([printSheet]);
      }
      printSheet.replaceSync(css);
      return;
    }
    var holder = document.getElementById("live-taper-print");
    var el = document.createElement("style");
    el.textContent = css;
    holder.insertBefore(el, holder.firstChild);
  }
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

  function onClick(event) {
    var button = event.target.closest && event.target.closest("[data-taper-action]");
    if (!button) return;
    var form = button.closest("form.live-calc");
    var detail = form && form.liveAnswer;
    if (!detail || !detail.ok) return;
    var out = files(detail.answer, LF.edition(form)), s = detail.results.schedule;
    var stem = s.drug + "-taper-" + s.protocol + "-" + s.start_date, action = button.getAttribute("data-taper-action");
    if (action === "csv") download(stem + ".csv", out.csv, "text/csv;charset=utf-8");
    else if (action === "ics") download(stem + ".ics", out.ics, "text/calendar;charset=utf-8");
    else if (action === "print") printCalendar(out.calendar_html);
  }

  LF.compute["taper"] = computeTaper;
  LF.renderers["taper"] = renderTaper;
  LF.summaries["taper"] = function (r) {
    var s = r.schedule;
    return say("taper.status", { name: s.title, headline: s.headline });
  };
  window.LiveTaper = { files: files, basisOf: basisOf, csvCell: csvCell, icsText: icsText, icsFold: icsFold,
                      fnv1a32: fnv1a32, csv: taperCsv, ics: taperIcs };
  document.querySelectorAll('form.live-calc[data-form="taper"]').forEach(function (form) {
    form.addEventListener("click", onClick);
  });
  LF.bindAll();
})();
