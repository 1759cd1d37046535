/*
 * Safety checks form: calculators/safety.py check_plan on what the form holds (the ticked agents, one
 * corticosteroid course, what is known about the patient). The rule table, its order, each rule's condition
 * (an expression, run by live/recipe.js) and every message's templates come from window.LIVE_DATA.safety
 * (calculators/forms/export.py); here are only the facts the conditions read (calculators/safety.py
 * fact_names). tests/test_live_parity.py compares every answer with the package's in Node.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, say = C.say;
  var X = window.LIVE_DATA.safety, EQ = window.LIVE_DATA.steroids.equivalent_mg;

  var longest = C.longestRun;  // runs_at_or_above / holds_at_or_above, on one course's days

  function known(v, name) { return v[name] === "yes" ? true : v[name] === "no" ? false : null; }

  /* ---------- the form adapter, matching calculators/forms/adapters.py::safety_form ---------- */

  LF.compute["safety"] = function (v) {
    var plan = { disease: v.disease, live_vaccine_planned: v.live_vaccine_planned === true };
    X.facts.forEach(function (name) { plan[name] = known(v, name); });
    plan.tpmt = v.tpmt ? v.tpmt : null;
    var days = [], notes = [];
    if (v.steroid) {
      if (v.steroid_end < v.steroid_start) {
        C.refuse("steroid_end", C.isoDate(v.steroid_end), say("safety.period.allowed", { start: C.isoDate(v.steroid_start) }),
          say("safety.period.before_start", {}));
      }
      var factor = EQ.prednisone / EQ[v.steroid];
      for (var d = v.steroid_start; d <= v.steroid_end; d++) days.push([d, v.steroid_mg_per_day * factor]);
      if (v.steroid !== "prednisone") notes.push(C.note(say("taper.plan.prednisone_note", {}), null, []));
    }
    var weight = v.weight_kg === undefined ? null : v.weight_kg;
    var f = Object.assign({}, plan, X.thresholds, X.fact_constants, {  // calculators/safety.py fact_names
      has_steroid: !!v.steroid, pjp_run_days: longest(days, X.pjp_dose_mg, false),
      high_dose_run_days: weight === null ? null  // calculators/safety.py high_dose_mg
        : longest(days, Math.min(X.high_dose_per_kg * weight, X.high_dose_ceiling_mg), true)
    });
    X.agents.forEach(function (a) { f[a] = v["agent_" + a] === true; });
    window.LiveRecipe.run(X.fact_steps, f);  // safety.py FACT_STEPS: drugs, sparing, immunosuppressants ...
    var names = f.teratogens.join(" and ");
    var measured = { pjp_run_days: C.numberText(f.pjp_run_days), immunosuppressants: C.numberText(f.immunosuppressants),
                     high_dose_run_days: f.high_dose_run_days === null ? "" : C.numberText(f.high_dose_run_days),
                     agents: f.outside_igm.join(", "), teratogens: names.charAt(0).toUpperCase() + names.slice(1),
                     after: f.teratogens.map(function (d) { return say("safety.teratogen.after." + d, {}); }).join("; ") };
    var items = [];
    X.rules.forEach(function (r) {
      if (!(v.disease in r.parts) || !window.LiveRecipe.holds(r.when, f)) return;
      var message = r.parts[v.disease].map(function (p) {
        return say(p.template, Object.assign({}, measured, p.values));
      }).join("");
      // carried over from another disease's sources: the tool's choice carried_over (safety.py CARRIED_BASIS)
      var carried = r.carried.indexOf(v.disease) >= 0;
      items.push({ code: r.code, severity: r.severity, message: message, sources: r.sources,
                   kind: carried ? "tool_choice" : r.kind, rests_on: carried ? ["carried_over"] : r.rests_on,
                   scope: r.scope, carried_over: carried });
    });
    return { plan: { disease: v.disease, items: items, notes: notes, longest_run_days_at_pjp_dose: f.pjp_run_days,
                     immunosuppressant_count: f.immunosuppressants } };
  };

  /* ---------- rendering ---------- */

  // what an item rests on, as its kind says it: "Sources: S002, S003", "(Methotrexate labelling and BNF)",
  // "(tool choice)"; a tool choice's key is never shown as if it were a source
  function basis(i) {
    if (i.kind === "source") return say(i.rests_on.length > 1 ? "result.sources" : "result.source",
      { sources: i.rests_on.join(", "), source: i.rests_on.join(", ") });
    return "(" + (i.kind === "reference" ? i.rests_on.join(", ") : say("reg.cap.tool", {})) + ")";
  }

  LF.renderers["safety"] = function (results) {
    var p = results.plan, labels = window.LIVE_MESSAGES.kind_labels;
    var disease = window.LIVE_FORMS.safety.fields[0].choices.filter(function (c) { return c.value === p.disease; })[0];
    return LF.fill("safety", { quantity: window.LIVE_FORMS.safety.result_label, notes: LF.notes(p.notes),
      display: say("safety.form.count", { count: String(p.items.length) }),
      rule: say("safety.form.rule", { disease: disease ? disease.label : "", dose: X.pjp_text,
                                      days: C.numberText(p.longest_run_days_at_pjp_dose) }),
      items: p.items.map(function (i) {
        return { kind: i.kind, code: i.code, severity: i.severity, badge: labels[i.kind], message: i.message,
                 basis: basis(i) };
      }) });
  };
  LF.summaries["safety"] = function (results) {
    return window.LIVE_FORMS.safety.result_label + ": " + say("safety.form.count", { count: String(results.plan.items.length) }) + ".";
  };

  LF.bindAll();
})();
