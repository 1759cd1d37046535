/*
 * Live taper form: the form's adapter (calculators/forms/adapters.py taper_form), the totals, the plan
 * checks on the taper alone, the printed calendar and the rendering. The protocols are data
 * (window.LIVE_DATA.taper, from calculators/data/protocols.toml), walked by live/schedule.js; the start
 * coverage, the notes and the words are steps and texts of the recipe language (calculators/taper/start.py)
 * run by live/recipe.js; the CSV and .ics are written by live/writers.js; the fields are read by
 * live/forms.js. tests/test_live_parity.py compares every answer and file byte for byte with the package,
 * in Node; tests/data/conformance.json holds the start steps, the texts and the writers to rows.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, S = window.LiveSchedule, R = window.LiveRecipe;
  var T = window.LIVE_DATA.taper, say = C.say, iso = C.isoDate, W = window.LiveWriters;
  var day = W.day, traced = W.traced, recordLines = W.recordLines, files = W.files;
  function num(x) { return C.numberText(x, 6); }
  function r6(x) { return Number(C.numberText(x, 6)); }  // calculators.messages.round_to(x, 6)
  function unique(xs) { return xs.filter(function (x, i) { return xs.indexOf(x) === i; }); }
  function down(xs) { return unique(xs).sort(function (a, b) { return b - a; }); }
  function tabletsText(tablets) {
    return tablets.map(function (t) { return num(t.count) + " × " + num(t.strength_mg) + " mg"; })
      .join(" + ");
  }

  /* ---------- the schedule (calculators/taper/engine.py build_schedule) ---------- */

  // What a protocol needs, who it is for, the coverage of the start dose, a dose the tablets must make and
  // the notes are data (calculators/taper/start.py and population.py steps, exported as T.steps), run by
  // live/recipe.js as calculators/regimens/recipe.py runs them in the package.
  function startDose(req, protocol, strengths) {  // [dose, notes], as engine.py _start_dose runs the steps
    var scope = { start_dose_mg: req.start_dose_mg, dose_mg_per_kg: req.dose_mg_per_kg,
                  start_rounding: req.start_rounding, weight: req.patient ? req.patient.weight_kg : null,
                  strengths: strengths, half: req.half_tablets, protocol: protocol.name || protocol.id,
                  source: protocol.source_id, cover: protocol.start, CEILING: T.pred_start_ceiling_mg };
    var notes = R.notes(T.steps.start, scope);
    return [scope.dose, notes];
  }

  function strengthsFor(req, protocol) {  // [strengths on hand, the note that names a preset used unasked]
    var taken = req.drug || protocol.drug, preset = T.strength_presets[req.strengths_mg || taken];
    if (Array.isArray(req.strengths_mg)) return [down(req.strengths_mg), null];
    if (req.strengths_mg !== null && preset.drug !== taken) {
      C.refuse("strengths_mg", req.strengths_mg, say("tp.preset.allowed", { drug: taken }),
        say("tp.preset.wrong", { drug: preset.drug, taken: taken }));
    }
    var names = { drug: preset.drug, strengths: preset.strengths_mg.map(num).join(", ") };
    var said = C.note(say("tp.preset.note", names), "tool_choice", ["tablets"]);
    return [preset.strengths_mg.slice(), req.strengths_mg !== null ? null : said];
  }

  function buildSchedule(req) {
    var protocol = T.protocols[req.protocol], drug = req.drug || protocol.drug;
    R.run(T.steps.required, { kind: protocol.kind, hold_weeks: req.hold_weeks,
                              withdrawal_days: req.withdrawal_days, source: protocol.source_id });
    R.run(T.steps[protocol.id], { age_years: req.age_years });
    var held = strengthsFor(req, protocol), strengths = held[0], half = req.half_tablets;
    var covered = startDose(req, protocol, strengths);
    var start = covered[0], notes = covered[1];
    var plan = S.walk(protocol, start, req);
    plan.forEach(function (p) {
      var dose = { field: say("tp.field.in_taper"), dose: p[0], strengths: strengths, half: half };
      R.run(T.steps.makeable, dose);
    });
    var dispensed = S.pickStrengths(plan.map(function (p) { return [p[0], p[1]]; }), strengths, half);
    var next = req.start_date, periods = plan.map(function (p) {
      next += p[1];
      return { start: next - p[1], end: next - 1, days: p[1], dose: p[0], rule: p[2], note: p[3],
               tablets: S.makeDose(p[0], dispensed, half) };
    });
    if (held[1]) notes.push(held[1]);
    notes = notes.concat(R.notes(T.steps.notes, {  // start.py STEPS["notes"], as engine.py runs them
      dispensed: down(dispensed), on_hand: down(strengths), MAX_PIECES: T.max_pieces_a_day, half: half,
      spacing_note: protocol.spacing_note, slow: req.slow_1mg_every_weeks, drug: drug,
      protocol_drug: protocol.drug, source: protocol.source_id, STEROID_TABLE: T.steroid_table }));
    return { protocol: protocol, drug: drug, start_date: req.start_date, start_dose: start, periods: periods,
             notes: notes, cautions: protocol.kind === "span" ? T.span_cautions : [] };
  }

  /* ---------- the first line, the totals and flags (TaperSchedule; the words: start.py TEXTS) ---------- */

  function headline(s, patient) {  // TaperSchedule.headline: the plan as the patient takes it
    var first = s.periods[0], last = s.periods[s.periods.length - 1];
    return R.spoken(T.texts.headline, { drug: s.drug, patient: patient, first_dose: first.dose,
      first_days: first.days, last_dose: last.dose, end: new R.Day(last.end), periods: s.periods.length,
      duration: s.periods.reduce(function (n, p) { return n + p.days; }, 0),
      current: s.protocol && s.protocol.kind === "span" ? s.start_dose : null });  // review M3
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
    out.flags = R.spoken(T.texts.flags, { span: s.protocol.kind === "span", pjp_days: out.pjpDays,
                                          reached: out.reached, PJP: T.pjp });
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

  /* ---------- the printed calendar (the CSV and .ics: live/writers.js) ---------- */

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
  window.LiveTaper = { files: files, calendarHtml: taperCalendarHtml, startDose: startDose,
                       headline: headline, summarise: summarise };
  document.querySelectorAll('form.live-calc[data-form="taper"]').forEach(function (form) {
    form.addEventListener("click", onClick);
  });
  LF.bindAll();
})();
