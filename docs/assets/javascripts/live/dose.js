/*
 * Live dose form: the form's adapter and its rendering. It knows no regimen: each regimen's rule
 * is its recipe (window.LIVE_DATA.dose.recipes, from calculators/regimens/<module>.py), followed
 * by live/recipe.js; every sentence is a template of the package; the form's fields are read
 * generically by live/forms.js. tests/test_live_parity.py compares every answer with the
 * package's in Node.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, say = C.say;
  var R = window.LIVE_DATA.dose, KINDS = {};
  LF.definitions.dose.fields.forEach(function (f) { KINDS[f.name] = f.kind; });

  /* ---------- the form adapter, matching calculators/forms/adapters.py::dose_form ---------- */

  LF.compute["dose"] = function (v) {
    var name = v.regimen, spec = R.calculators[name];
    var args = {};
    spec.arguments.forEach(function (arg) {  // a date field's day number is a date of the recipe language
      var x = v[arg] === undefined ? null : v[arg];
      args[arg] = KINDS[arg] === "date" && x !== null ? new window.LiveRecipe.Day(x) : x;
    });
    return window.LiveRecipe.follow(name, args, spec.patient ? window.LiveRecipe.patient(v) : null);
  };

  /* ---------- rendering ---------- */

  LF.renderers["dose"] = function (results) {
    var r = results.regimen;
    // warnings first, under their own heading; the other notes after the lines (calculators.statements.Note)
    return LF.fill("dose", { quantity: r.regimen, display: r.display, rule: r.rule, caps: r.caps, lines: r.lines,
      source: say("result.sources", { sources: r.sources.join(", ") }),
      warnings: LF.notes(r.notes.filter(function (n) { return n.warning === true; })),
      notes: LF.notes(r.notes.filter(function (n) { return n.warning !== true; })) });
  };
  LF.summaries["dose"] = function (results) {
    var r = results.regimen;
    return r.regimen + ": " + r.display + ".";
  };

  LF.bindAll();
})();
