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

  var esc = C.escapeHtml;
  LF.renderers["dose"] = function (results) {
    var r = results.regimen;
    var lines = r.lines.map(function (l) { return "<li>" + esc(l.text) + "</li>"; }).join("");
    var caps = r.caps.map(function (c) { return "<li>" + esc(c) + "</li>"; }).join("");
    // warnings first, under their own heading; the other notes after the lines (calculators.statements.Note)
    var warnings = r.notes.filter(function (n) { return n.warning === true; });
    var notes = r.notes.filter(function (n) { return n.warning !== true; });
    return '<div class="live-calc__result live-dose">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity">' + esc(r.regimen) + "</span> <strong>" +
      esc(r.display) + "</strong></p>" +
      '<p class="live-calc__rule">' + esc(r.rule) + ' <span class="live-calc__source">' +
      esc(say("result.sources", { sources: r.sources.join(", ") })) + "</span></p>" +
      (warnings.length ? '<p class="live-dose__heading live-dose__heading--warning">' + esc(say("dose.heading.warnings", {})) +
        "</p>" + LF.list(warnings, "live-calc__notes live-dose__warnings") : "") +
      (caps ? '<p class="live-dose__heading">' + esc(say("dose.heading.caps", {})) + '</p><ul class="live-dose__caps">' + caps + "</ul>" : "") +
      (lines ? '<p class="live-dose__heading">' + esc(say("dose.heading.give", {})) + '</p><ul class="live-dose__lines">' + lines + "</ul>" : "") +
      (notes.length ? '<p class="live-dose__heading">' + esc(say("dose.heading.notes", {})) + "</p>" + LF.list(notes, "live-calc__notes") : "") +
      "</div>";
  };
  LF.summaries["dose"] = function (results) {
    var r = results.regimen;
    return r.regimen + ": " + r.display + ".";
  };

  LF.bindAll();
})();
