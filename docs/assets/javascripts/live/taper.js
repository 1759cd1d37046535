/*
 * Live taper form: the form's adapter (calculators/forms/adapters.py taper_form), the coverage of the
 * start dose, the totals, the plan checks on the taper alone, the downloads (the contract of
 * calculators/forms/writers.py) and the rendering. The protocols are data (window.LIVE_DATA.taper, from
 * calculators/data/protocols.toml), walked by live/schedule.js; the fields are read by live/forms.js.
 * tests/test_live_parity.py compares every answer and file byte for byte with the package, in Node;
 * tests/data/conformance.json holds the start coverage, duration_text and the file writers to rows.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, S = window.LiveSchedule;
  var T = window.LIVE_DATA.taper, say = C.say, esc = C.escapeHtml, iso = C.isoDate;
  function num(x) { return C.numberText(x, 6); }
  function r6(x) { return Number(C.numberText(x, 6)); }  // calculators.messages.round_to(x, 6)
  function n2(x) { return C.numberText(x, 2); }  // a weight or computed dose as read (review M7)
  function cap(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function unique(xs) { return xs.filter(function (x, i) { return xs.indexOf(x) === i; }); }
  function down(xs) { return unique(xs).sort(function (a, b) { return b - a; }); }
  function mgList(xs) { return down(xs).map(num).join(", ") + " mg"; }
  function tabletsText(tablets) {
    return tablets.map(function (t) { return num(t.count) + " × " + num(t.strength_mg) + " mg"; })
      .join(" + ");
  }

  /* ---------- coverage and refusals (calculators/taper/engine.py) ---------- */

  function basisOf(source) {  // calculators/errors.py basis_of, on the sources registry the package exports
    var K = T.statement_sources;
    var ids = (source || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean);
    function all(kind) {
      return ids.length > 0 && ids.every(function (i) { return K[kind].indexOf(i) >= 0; });
    }
    if (all("source")) return ["source", ids];
    if (source && K.reference.indexOf(source) >= 0) return ["reference", [source]];
    return all("reference") ? ["reference", ids] : ["tool_choice", ["input_validation"]];
  }
  function problem(field, value, reason, allowed, source, basis) {
    var b = basis || basisOf(source);
    return new C.Problem(field, value, reason, allowed, source || null, null, b[0], b[1]);
  }
  function refuse(field, value, reason, allowed, source, basis) {
    C.fail([problem(field, value, reason, allowed, source, basis)]);
  }
  function orText(near) {
    var xs = near.filter(function (x) { return x !== null; }).map(num);
    return xs.length ? xs.join(" or ") : say("tp.none");
  }
  function strengthsText(strengths, half) {
    return say(half ? "tp.strengths.half" : "tp.strengths.whole",
      { strengths: strengths.map(num).join(", ") });
  }
  function requireMakeable(field, dose, strengths, half) {
    if (S.makeDose(dose, strengths, half) === null) {
      refuse(field, dose, say("tp.makeable.reason", { strengths: strengthsText(strengths, half) }),
        say("tp.makeable.allowed", { nearest: orText(S.nearestMakeable(dose, strengths, half)) }));
    }
  }
  function mgDay(low, high) {
    return low === high ? say("tp.mg_day", { low: num(low) }) :
      say("tp.mg_day.range", { low: num(low), high: num(high) });
  }
  function choiceNote(key, values, choice) { return C.note(say(key, values), "tool_choice", [choice]); }
  function coverBasis(protocol) {  // whose limit the start coverage is: the source's, or the tool's choices
    var cover = protocol.start;
    return cover.why_kind === "tool_choice" ? ["tool_choice", cover.why_rests_on] :
      basisOf(protocol.source_id);
  }

  function typedStart(req, protocol, strengths, weight, notes) {  // a start dose typed in mg/day
    var cover = protocol.start, src = protocol.source_id, dose = req.start_dose_mg;
    var range = weight !== null && cover.per_kg_mg ? cover.per_kg_mg : cover.typed_mg;
    var low = range[0], high = range[1];
    if (!(low <= dose && dose <= high)) {
      refuse("start_dose_mg", dose, say("tp.not_covered", { protocol: protocol.id, why: cover.why }),
        mgDay(low, high), src, coverBasis(protocol));
    }
    if (weight !== null && cover.per_kg_range) {
      var perLow = cover.per_kg_range[0], perHigh = cover.per_kg_range[1], perKg = dose / weight;
      var ceiling = high === T.pred_start_ceiling_mg && perLow * weight > T.pred_start_ceiling_mg;
      var values = { dose: num(dose), weight: n2(weight), per_kg: C.numberText(perKg, 3),
                     low: num(perLow) };
      if (ceiling && dose === T.pred_start_ceiling_mg) {
        notes.push(choiceNote("tp.ceiling.typed", values, "pred_start_ceiling"));
      } else if (!(perLow - 1e-9 <= perKg && perKg <= perHigh + 1e-9)) {
        var top = Math.min(perHigh * weight, high);
        var outside = say("tp.per_kg.outside", { per_kg: num(perKg), low: num(perLow), high: num(perHigh) });
        refuse("start_dose_mg", dose, outside, ceiling ? mgDay(top, top) :
          say("tp.per_kg.allowed", { low: num(perLow * weight), high: num(top), weight: n2(weight) }), src);
      } else {
        notes.push(choiceNote("tp.per_kg.note", values, "patient_arithmetic"));
      }
    }
    requireMakeable("start_dose_mg", dose, strengths, req.half_tablets);
    return dose;
  }

  function perKgStart(req, protocol, strengths, weight, notes) {  // weight x mg/kg: capped or rounded, said
    var cover = protocol.start, src = protocol.source_id, perKg = req.dose_mg_per_kg;
    var rounding = req.start_rounding, half = req.half_tablets;
    if (cover.per_kg_mg === null) {
      refuse("dose_mg_per_kg", perKg, say("tp.per_kg.unused", { protocol: protocol.id, why: cover.why }),
        say("tp.per_kg.unused.allowed"), src);
    }
    if (weight === null) refuse("patient", null, say("tp.patient.required"), say("tp.patient.allowed"));
    var exact = r6(weight * perKg), low = cover.per_kg_mg[0], high = cover.per_kg_mg[1], dose;
    var capped = exact > T.pred_start_ceiling_mg && high === T.pred_start_ceiling_mg;
    var values = { weight: n2(weight), per_kg: num(perKg), exact: n2(exact),
                   ceiling: num(T.pred_start_ceiling_mg) };
    if (capped) {
      notes.push(choiceNote("tp.ceiling", values, "pred_start_ceiling"));
      exact = T.pred_start_ceiling_mg;
      values.exact = num(exact);
    }
    dose = exact;
    var made = S.makeDose(exact, strengths, half);
    if (made === null || made.length === 0) {
      var near = S.nearestMakeable(exact, strengths, half), below = near[0], above = near[1];
      if (rounding === "refuse") {
        refuse(say("tp.field.per_kg_start"), Number(n2(exact)), say("tp.refuse.reason", { weight: n2(weight),
          per_kg: num(perKg), strengths: strengthsText(strengths, half) }),
          say("tp.refuse.allowed", { nearest: orText(near) }));
      }
      var nearer = below !== null && exact - below <= above - exact;
      dose = rounding === "down" || above === null || nearer ? below : above;
      if (dose === null) {
        refuse("start_rounding", rounding, say("tp.rounding.none", { dose: n2(exact) }),
          say("tp.rounding.none.allowed"));
      }
      notes.push(choiceNote("tp.rounded", Object.assign({}, values, { dose: num(dose), rounding: rounding,
        direction: say(dose < exact ? "tp.rounded.down" : "tp.rounded.up"),
        per_kg_dose: C.numberText(dose / weight, 3)
      }), "start_rounding"));
    }
    var perLow = cover.per_kg_range[0], perHigh = cover.per_kg_range[1];
    if (!(low <= dose && dose <= high)) {
      var covered = say("tp.not_covered", { protocol: protocol.id, why: cover.why });
      var range = say("tp.mg_day.range", { low: num(low), high: num(high) });  // a range even when one dose
      refuse(say("tp.field.per_kg_start"), dose, covered, range, src, coverBasis(protocol));
    }
    var within = perLow - 1e-9 <= dose / weight && dose / weight <= perHigh + 1e-9;
    if (!capped && !within) {  // a capped start is said in its note
      var others = ["down", "nearest"].filter(function (r) { return r !== rounding; });
      var outside = say("tp.rounding.outside", { dose: num(dose), per_kg: C.numberText(dose / weight, 3),
                                                 low: num(perLow), high: num(perHigh) });
      refuse("start_rounding", rounding, outside, say("tp.rounding.outside.allowed", {
        others: others.map(function (r) { return "'" + r + "'"; }).join(" or ") }), src);
    }
    return dose;
  }

  function startDose(req, protocol, strengths) {  // [dose, notes], as engine.py _start_dose covers a start
    var notes = [], weight = req.patient ? req.patient.weight_kg : null;
    if ((req.start_dose_mg === null) === (req.dose_mg_per_kg === null)) {
      var reason = say(req.start_dose_mg === null ? "input.required" : "tp.both");
      refuse("start_dose_mg", req.start_dose_mg, reason, say("tp.either.allowed"));
    }
    var dose = req.start_dose_mg !== null ? typedStart(req, protocol, strengths, weight, notes) :
      perKgStart(req, protocol, strengths, weight, notes);
    return [dose, notes];
  }

  function strengthsFor(req, protocol) {  // [strengths on hand, the note that names a preset used unasked]
    var taken = req.drug || protocol.drug, preset = T.strength_presets[req.strengths_mg || taken];
    if (Array.isArray(req.strengths_mg)) return [down(req.strengths_mg), null];
    if (req.strengths_mg !== null && preset.drug !== taken) {
      refuse("strengths_mg", req.strengths_mg, say("tp.preset.wrong", { drug: preset.drug, taken: taken }),
        say("tp.preset.allowed", { drug: taken }));
    }
    return [preset.strengths_mg.slice(), req.strengths_mg !== null ? null : choiceNote("tp.preset.note",
      { drug: preset.drug, strengths: preset.strengths_mg.map(num).join(", ") }, "tablets")];
  }

  function population(protocol, age) {  // calculators/population.py Population.check
    var p = protocol.population, shown = T.populations[protocol.id];
    if (p.min_age_years === null && p.below_age_years === null) return;
    if (age === null) {
      refuse("age_years", null, say("reg.population.required", { regimen: protocol.name,
        who: shown.describe }), shown.allowed, null, ["tool_choice", ["age_required", "adult_age"]]);
    }
    var young = p.min_age_years !== null && age < p.min_age_years;
    if (young || (p.below_age_years !== null && age >= p.below_age_years)) {
      var reason = say("reg.population.outside", { regimen: protocol.name, who: shown.describe,
                                                   sources: p.sources.join(", ") });
      if (p.elsewhere) reason = say("reg.population.elsewhere", { reason: reason, elsewhere: p.elsewhere });
      C.fail([new C.Problem("age_years", age, reason, shown.allowed, null, "years", "tool_choice",
                            ["adult_age"])]);  // the age with its unit, as population.py (review, minor)
    }
  }

  function buildSchedule(req) {
    var protocol = T.protocols[req.protocol], problems = [];
    if (protocol.kind === "stepped" && req.hold_weeks === null) {
      problems.push(problem("hold_weeks", null, say("tp.hold.required"), say("tp.hold.required.allowed"),
        "S002, S003"));
    }
    if (protocol.kind === "span" && req.withdrawal_days === null) {
      problems.push(problem("withdrawal_days", null, say("tp.span.required"), say("tp.span.required.allowed"),
        protocol.source_id));
    }
    if (problems.length) C.fail(problems);
    population(protocol, req.age_years);
    var held = strengthsFor(req, protocol), strengths = held[0];
    var covered = startDose(req, protocol, strengths);
    var start = covered[0], notes = covered[1];
    var plan = S.walk(protocol, start, req), half = req.half_tablets;
    plan.forEach(function (p) { requireMakeable(say("tp.field.in_taper"), p[0], strengths, half); });
    var dispensed = S.pickStrengths(plan.map(function (p) { return [p[0], p[1]]; }), strengths, half);
    var day = req.start_date, periods = plan.map(function (p) {
      day += p[1];
      return { start: day - p[1], end: day - 1, days: p[1], dose: p[0], rule: p[2], note: p[3],
               tablets: S.makeDose(p[0], dispensed, half) };
    });
    if (held[1]) notes.push(held[1]);
    if (dispensed.length < unique(strengths).length) {
      notes.push(choiceNote("tp.dispensed", { dispensed: mgList(dispensed), on_hand: mgList(strengths),
        cap: String(T.max_pieces_a_day) }, "tablets"));
    }
    if (half) notes.push(choiceNote("tp.half", {}, "tablets"));
    if (protocol.spacing_note) {
      notes.push(C.note(protocol.spacing_note, "tool_choice", ["igm_withdrawal_steps"]));
    }
    if (req.slow_1mg_every_weeks !== null) {
      notes.push(C.note(say("tp.slow", { weeks: String(req.slow_1mg_every_weeks) }), "source", ["S003"]));
    }
    var drug = req.drug || protocol.drug;
    if (drug !== protocol.drug) {
      notes.push(C.note(say("tp.drug", { source: protocol.source_id, protocol_drug: protocol.drug,
                                         drug: drug }), "reference", [T.steroid_table]));
    }
    return { protocol: protocol, drug: drug, start_date: req.start_date, start_dose: start, periods: periods,
             notes: notes, cautions: protocol.kind === "span" ? T.span_cautions : [] };
  }

  /* ---------- the first line, the totals and flags (TaperSchedule) ---------- */

  function durationText(days) {  // calculators/taper/engine.py duration_text
    if (days % 7 === 0 && days >= 14) return say("taper.weeks", { count: String(days / 7) });
    return days === 1 ? say("taper.days.one") : say("taper.days", { count: String(days) });
  }
  function headline(s, patient) {  // TaperSchedule.headline: the plan as the patient takes it
    var first = s.periods[0], last = s.periods[s.periods.length - 1], steps = s.periods.length - 1;
    var duration = s.periods.reduce(function (n, p) { return n + p.days; }, 0);
    var key = patient ? "taper.headline.patient" : "taper.headline";
    var values = { drug: patient ? s.drug : cap(s.drug), first: num(first.dose),
                   first_for: durationText(first.days), end: C.longDate(last.end), last: num(last.dose),
                   total: durationText(duration),
                   steps: say(steps === 1 ? "taper.steps.one" : "taper.steps", { count: String(steps) }) };
    if (s.protocol && s.protocol.kind === "span") {  // a withdrawal names the dose taken now (review M3)
      key += ".withdrawal";
      values.current = num(s.start_dose);
    }
    return say(steps === 0 ? key + ".one" : key, values);
  }
  function summarise(s) {
    var pjpDose = T.pjp_threshold.dose_mg_per_day, totals = {};
    var out = { duration: 0, cumulative: 0, pjpDays: 0 };
    s.periods.forEach(function (p) {
      out.duration += p.days;
      out.cumulative += p.dose * p.days;
      if (p.dose >= pjpDose) out.pjpDays += p.days;
      p.tablets.forEach(function (t) {
        totals[t.strength_mg] = (totals[t.strength_mg] || 0) + t.count * p.days;
      });
    });
    out.cumulative = r6(out.cumulative);
    out.reached = out.pjpDays >= T.pjp_threshold.days;
    var days = String(out.pjpDays);
    out.flags = s.protocol.kind === "span" ?
      [say("taper.withdrawal_history", { days: days, dose: T.pjp_text.dose,
                                         why: T.withdrawal_history_why })] :
      [say("tp.flag.days", { days: days, dose: num(pjpDose) })].concat(out.reached ?
        [say("tp.flag.pjp", { dose: T.pjp_text.dose, weeks: T.pjp_text.weeks })] : []);
    out.dispense = Object.keys(totals).map(Number).sort(function (a, b) { return b - a; })
      .map(function (st) { return { strength_mg: st, count: Math.ceil(totals[st]) }; });
    return out;
  }

  // The plan checks on the taper alone: calculators/forms/export.py answers calculators.safety.check_plan
  // once per case that differs (disease; the longest run at the Pneumocystis dose reaching its weeks or not;
  // the run at high dose unknown, within or beyond the hold; prednisone or not) as safety.* templates; the
  // page measures the runs and fills them.
  function planChecks(s, weightKg) {
    var eq = window.LIVE_DATA.steroids.equivalent_mg, factor = eq.prednisone / eq[s.drug], X = T.plan;
    var days = [];
    s.periods.forEach(function (p) {
      for (var d = p.start; d <= p.end; d++) days.push([d, p.dose * factor]);
    });
    var pjp = C.longestRun(days, X.pjp_dose_mg, false);
    var high = weightKg === null ? null  // calculators/safety.py high_dose_mg
      : C.longestRun(days, Math.min(X.high_dose_per_kg * weightKg, X.high_dose_ceiling_mg), true);
    var c = X.cases[[s.protocol.disease, pjp >= X.pjp_days ? "pjp" : "-",
                     high === null ? "?" : high > X.high_dose_max_days ? "long" : "-",
                     s.drug === "prednisone" ? "" : "eq"].join("|")];
    var measured = { pjp_run_days: String(pjp), high_dose_run_days: String(high),
                     immunosuppressants: "1" };
    return {
      scope: say("taper.plan.scope"),
      items: c.items.map(function (n) {
        var i = X.items[n], message = i.parts.map(function (p) {  // calculators.safety.message_text
          return say(p.template, Object.assign({}, measured, p.values));
        }).join("");
        return { code: i.code, severity: i.severity, message: message, sources: i.sources, kind: i.kind,
                 rests_on: i.rests_on };
      }),
      notes: c.notes.map(function (n) { return { text: n.text, kind: n.kind, rests_on: n.rests_on }; }),
      longest_run_days_at_pjp_dose: pjp
    };
  }

  /* ---------- the form adapter (calculators/forms/adapters.py taper_form) ---------- */

  function computeTaper(v) {
    var protocol = T.protocols[v.protocol], strengths = T.form_strengths[v.strengths || ""];
    function given(x) { return x === undefined ? null : x; }
    var perKg = v.dose_basis === "per-kg", stepped = protocol.kind === "stepped";
    var slow = stepped && v.slow_1mg_every_weeks && protocol.stages.some(function (s) {
      return s.option === "slow-1mg-from-10mg";
    });
    var req = {
      protocol: v.protocol, start_date: v.start_date, drug: v.drug || null, age_years: given(v.age_years),
      strengths_mg: given(strengths), half_tablets: v.half_tablets === "yes", patient: null,
      start_dose_mg: perKg ? null : given(v.start_dose_mg),
      dose_mg_per_kg: perKg ? given(v.dose_mg_per_kg) : null,
      start_rounding: perKg && v.start_rounding || "refuse",
      hold_weeks: stepped ? given(v.hold_weeks) : null,
      slow_1mg_every_weeks: slow ? Number(v.slow_1mg_every_weeks) : null,
      withdrawal_days: stepped ? null : given(v.withdrawal_days), step_mg: stepped ? null : given(v.step_mg)
    };
    if (given(v.weight) !== null) {
      req.patient = { weight_kg: v.weight * window.LIVE_DATA.body.kg_per_unit[v.weight_unit] };
    }
    var s = buildSchedule(req), sum = summarise(s), stop = s.periods[s.periods.length - 1].end + 1;
    return {
      schedule: {
        protocol: protocol.id, protocol_name: protocol.name,
        title: protocol.name.split(protocol.drug).join(s.drug),
        headline: headline(s, false), headline_patient: headline(s, true),
        drug: s.drug, source: protocol.source_id, source_label: T.source_labels[protocol.source_id],
        rule: protocol.rule, start_date: iso(s.start_date), end_date: iso(stop - 1), stop_date: iso(stop),
        start_dose_mg: s.start_dose,
        periods: s.periods.map(function (p) {
          return { start: iso(p.start), end: iso(p.end), days: p.days, daily_dose_mg: p.dose,
                   dose_text: num(p.dose), tablets: tabletsText(p.tablets), rule: p.rule, note: p.note };
        }),
        duration_days: sum.duration, cumulative_dose_mg: sum.cumulative, dispense: sum.dispense,
        days_at_or_above_20_mg: sum.pjpDays, pjp_threshold_reached: sum.reached, flags: sum.flags,
        notes: s.notes, cautions: s.cautions
      },
      plan_checks: planChecks(s, req.patient ? req.patient.weight_kg : null)
    };
  }

  /* ---------- downloads, by the contract of calculators/forms/writers.py ---------- */

  var ONCE = T.once_daily, FORMULA_START = /^[=+\-@\t\r]/, UTF8 = new TextEncoder();
  function csvCell(value) {  // a formula opening neutralised, then quoted where it must be (RFC 4180)
    var text = typeof value === "number" ? num(value) : String(value);
    text = FORMULA_START.test(text) ? "'" + text : text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function fnv1a32(text) {
    var bytes = UTF8.encode(text), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
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

  function taperCalendarHtml(record) {  // the template writers.py fills, filled as it fills it (LIVE_VIEWS.calendar)
    var s = record.schedule, days = [];
    s.periods.forEach(function (p, i) {
      for (var d = day(p.start); d <= day(p.end); d++) {
        var change = i > 0 && d === day(p.start) && p.daily_dose_mg !== s.periods[i - 1].daily_dose_mg;
        days.push({ day: C.longDate(d), dose: p.dose_text, tablets: p.tablets, change: change });
      }
    });
    var rows = [[say("taper.calendar.plan_label"), s.headline], [say("taper.calendar.traced_label"), traced(s)]];
    var past = say("taper.calendar.past_text", { start: C.longDate(day(s.start_date)) });
    return LF.fill("calendar", {
      title: say("taper.calendar.title", { drug: s.drug }), past: record.past_start ? past : null,
      plan: s.headline_patient, before: s.cautions.length > 0, days: days, stop: C.longDate(day(s.stop_date)),
      record: rows.concat(recordLines(record)).map(function (r) { return { label: r[0], value: r[1] }; })
    });
  }

  function files(answer, edition, now) {  // calculators/forms/writers.py taper_files and plan_notes
    var r = answer.results, items = r.plan_checks.items;
    var checks = (items.length ? [r.plan_checks.scope] : []).concat(items.map(function (i) {
      return { text: say("record.plan_check", { severity: i.severity, message: i.message }), kind: i.kind };
    }));
    var record = { schedule: r.schedule, inputs: answer.inputs, edition: edition,
                   past_start: answer.notes.length > 0,
                   notes: answer.notes.concat(r.schedule.cautions, r.schedule.flags, checks,
                                              r.schedule.notes) };
    return { csv: taperCsv(record), ics: taperIcs(record, now), calendar_html: taperCalendarHtml(record) };
  }

  /* ---------- rendering in the page ---------- */

  function fmtDate(isoText) { var d = C.fromIso(isoText); return d === null ? isoText : C.longDate(d); }

  function renderTaper(results) {  // the template LIVE_VIEWS.taper (calculators/forms/views.py)
    var s = results.schedule, plan = results.plan_checks;
    var dispense = s.dispense.map(function (d) { return d.count + " × " + num(d.strength_mg) + " mg"; });
    return LF.fill("taper", {
      quantity: s.title, display: s.headline, rule: s.rule,
      source: say("result.source", { source: s.source_label }),
      totals: [say("taper.span", { start: fmtDate(s.start_date), end: fmtDate(s.end_date),
                                   stop: fmtDate(s.stop_date) }),
               say("taper.totals", { days: String(s.duration_days), cumulative: num(s.cumulative_dose_mg) }),
               say("taper.dispense", { tablets: dispense.join(", ") })],
      flags: s.flags.map(function (f, i) { return { text: f, warn: i > 0 }; }),
      cautions: LF.notes(s.cautions),
      summary: say("taper.plan.summary", { count: String(plan.items.length) }),
      checks: plan.items.map(function (i) {
        return { severity: i.severity, kind: i.kind || null, message: i.message, sources: i.sources.join(", ") };
      }),
      check_notes: LF.notes(plan.notes),
      periods: s.periods.map(function (p) {
        return { from: fmtDate(p.start), to: fmtDate(p.end), days: String(p.days), dose: p.dose_text,
                 rule: p.rule, note: p.note || null, tablets: p.tablets.split(" + ").map(function (t, i) {
                   return { text: t, plus: i > 0 };  // each "n × s mg" never breaks inside (site.css)
                 }) };
      }),
      stop: fmtDate(s.stop_date), notes: LF.notes(s.notes)
    });
  }

  // Printed from the page itself: the print CSS hides everything but this holder. The calendar's <style> is
  // left out (the site's Content-Security-Policy refuses inline styles); its CSS, scoped to the holder by the
  // package (T.print_css), applies as a constructed stylesheet, which is not an inline style.
  var printSheet = null;
  function printCalendar(html) {
    var holder = document.getElementById("live-taper-print");
    if (!holder) {
      holder = document.createElement("div");
      holder.id = holder.className = "live-taper-print";
      document.body.appendChild(holder);
    }
    var doc = new DOMParser().parseFromString(html.replace(/<style>[\s\S]*?<\/style>/, ""), "text/html");
    holder.innerHTML = doc.body.innerHTML;
    if (window.CSSStyleSheet && "adoptedStyleSheets" in document) {
      if (printSheet === null) {
        printSheet = new CSSStyleSheet();
        document.adoptedStyleSheets = document.adoptedStyleSheets.concat([printSheet]);
      }
      printSheet.replaceSync(T.print_css);
    }
    document.body.classList.add("live-taper-printing");
    window.addEventListener("afterprint", function done() {
      document.body.classList.remove("live-taper-printing");
      window.removeEventListener("afterprint", done);
    });
    window.print();
  }
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type })), a = document.createElement("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }
  function onClick(event) {
    var button = event.target.closest && event.target.closest("[data-taper-action]");
    var form = button && button.closest("form.live-calc"), detail = form && form.liveAnswer;
    if (!detail || !detail.ok) return;
    var out = files(detail.answer, LF.edition(form)), s = detail.results.schedule;
    var stem = s.drug + "-taper-" + s.protocol + "-" + s.start_date;
    var action = button.getAttribute("data-taper-action");
    if (action === "csv") download(stem + ".csv", out.csv, "text/csv;charset=utf-8");
    else if (action === "ics") download(stem + ".ics", out.ics, "text/calendar;charset=utf-8");
    else if (action === "print") printCalendar(out.calendar_html);
  }

  LF.compute.taper = computeTaper;
  LF.renderers.taper = renderTaper;
  LF.summaries.taper = function (r) {
    return say("taper.status", { name: r.schedule.title, headline: r.schedule.headline });
  };
  window.LiveTaper = { files: files, basisOf: basisOf, csvCell: csvCell, icsText: icsText, icsFold: icsFold,
                       fnv1a32: fnv1a32, csv: taperCsv, ics: taperIcs, calendarHtml: taperCalendarHtml,
                       startDose: startDose, durationText: durationText, headline: headline,
                       summarise: summarise };
  document.querySelectorAll('form.live-calc[data-form="taper"]').forEach(function (form) {
    form.addEventListener("click", onClick);
  });
  LF.bindAll();
})();
