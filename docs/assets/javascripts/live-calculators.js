/*
 * Live calculators: the page computes as you type, with no server and no
 * request to another host.
 *
 * Every rule and figure comes from window.LIVE_DATA, exported at build time by
 * the Python package (calculators/live.py). The Python package is the
 * reference: the browser tests replay the package's vectors through
 * LiveCalculators.run() and fail on any difference, messages included.
 *
 * A form joins by having class "live-calc" and data-form="<name>"; its
 * inputs are named after the form's fields. Results go into the element with
 * [data-live-results]; problems go next to the field they name.
 */
(function () {
  "use strict";

  var DATA = window.LIVE_DATA;

  /* ---------- formatting, matching calculators/errors.py ---------- */

  function stripZeros(text) {
    if (text.indexOf(".") < 0) return text;
    text = text.replace(/0+$/, "");
    return text.replace(/\.$/, "");
  }

  // Python's format(x, ".6f").rstrip("0").rstrip(".")
  function formatNumber(value) {
    var text = stripZeros(value.toFixed(6));
    return text === "" || text === "-0" ? "0" : text;
  }

  // Python's format(x, "g"): 6 significant digits.
  function formatG(value) {
    if (Number.isNaN(value)) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    if (value === 0) return Object.is(value, -0) ? "-0" : "0";
    var exp = Number(value.toExponential(5).split("e")[1]);
    if (exp < -4 || exp >= 6) {
      var parts = value.toExponential(5).split("e");
      var mantissa = stripZeros(parts[0]);
      var e = Number(parts[1]);
      return mantissa + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
    return stripZeros(value.toFixed(Math.max(0, 5 - exp)));
  }

  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var body = text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
    if (quote === "'") body = body.replace(/'/g, "\\'");
    return quote + body + quote;
  }

  function formatValue(value) {
    if (value === null || value === undefined) return "(not given)";
    if (typeof value === "number") return formatG(value);
    return pyRepr(String(value));
  }

  // Python: float(Decimal(repr(value)).quantize(10**-decimals, ROUND_HALF_UP))
  function roundHalfUp(value, decimals) {
    var text = String(Math.abs(value));
    if (text.indexOf("e") >= 0) text = Math.abs(value).toFixed(20);
    var parts = text.split(".");
    var whole = parts[0];
    var frac = (parts[1] || "").padEnd(decimals + 1, "0");
    var keep = whole + frac.slice(0, decimals);
    var digits = keep.split("").map(Number);
    if (Number(frac.charAt(decimals)) >= 5) {
      var i = digits.length - 1;
      while (i >= 0) {
        if (digits[i] === 9) { digits[i] = 0; i -= 1; } else { digits[i] += 1; break; }
      }
      if (i < 0) digits.unshift(1);
    }
    var all = digits.join("");
    var cut = all.length - decimals;
    var out = decimals > 0 ? all.slice(0, cut) + "." + all.slice(cut) : all;
    return (value < 0 ? -1 : 1) * Number(out);
  }

  function oneOf(values) {
    var quoted = values.map(function (v) { return pyRepr(v); });
    if (quoted.length === 1) return quoted[0];
    return quoted.slice(0, -1).join(", ") + " or " + quoted[quoted.length - 1];
  }

  /* ---------- problems, matching calculators/errors.py ---------- */

  function Problem(field, value, reason, allowed, source, unit) {
    this.field = field;
    this.value = value;
    this.reason = reason;
    this.allowed = allowed;
    this.source = source || null;
    this.unit = unit || null;
  }
  Problem.prototype.toString = function () {
    var shown = formatValue(this.value) + (this.unit ? " " + this.unit : "");
    var text = this.field + " = " + shown + ": " + this.reason + "; allowed: " + this.allowed;
    if (this.source) text += " (source: " + this.source + ")";
    return text;
  };

  function InputError(problems) {
    this.problems = problems;
  }

  function fail(problems) {
    throw new InputError(problems);
  }

  function describeBounds(b) {
    return formatNumber(b.low) + " to " + formatNumber(b.high) + (b.unit ? " " + b.unit : "");
  }

  // calculators/_model.py Bounds.check; returns a Problem or null
  function checkBounds(field, value, b, allowedText) {
    var allowed = allowedText || describeBounds(b);
    if (typeof value !== "number") {
      return new Problem(field, value, "must be a number", allowed, b.source);
    }
    if (!Number.isFinite(value)) {
      return new Problem(field, value, "must be a finite number", allowed, b.source);
    }
    if (value < b.low) {
      var reason = value > 0 || b.low <= 0 ? "is below the allowed range" : "must be greater than zero";
      return new Problem(field, value, b.reason || reason, allowed, b.source);
    }
    if (value > b.high) {
      return new Problem(field, value, b.reason || "is above the allowed range", allowed, b.source);
    }
    return null;
  }

  // pydantic strict float: text is refused before any range check
  function typeProblem(field, value, allowed) {
    if (typeof value === "string") {
      return new Problem(field, value, "must be a number, not text", allowed);
    }
    return null;
  }

  function choiceProblem(field, value, allowedValues) {
    if (value !== null && allowedValues.indexOf(value) < 0) {
      return new Problem(field, value, "is not one of the accepted values", oneOf(allowedValues));
    }
    return null;
  }

  /* ---------- form values, matching calculators/live.py ---------- */

  function parseNumber(raw) {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === "number") return raw;
    var text = String(raw).trim().replace(/,/g, ".");
    if (text === "") return null;
    var lower = text.toLowerCase();
    var special = { "nan": NaN, "inf": Infinity, "+inf": Infinity, "-inf": -Infinity,
                    "infinity": Infinity, "+infinity": Infinity, "-infinity": -Infinity };
    if (Object.prototype.hasOwnProperty.call(special, lower)) return special[lower];
    // Python float(): optional sign, digits with optional point and exponent, underscores between digits
    if (!/^[+-]?((\d(_?\d)*)(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)([eE][+-]?\d(_?\d)*)?$/.test(text)) return String(raw);
    return Number(text.replace(/_/g, ""));
  }

  // calculators/live.py parse_date: 'YYYY-MM-DD' (as <input type=date> gives it) -> whole days since
  // 1970-01-01 (UTC); '' -> null; anything else, or an impossible date, stays text (and is refused).
  function parseDate(raw) {
    if (raw === null || raw === undefined) return null;
    var text = String(raw).trim();
    if (text === "") return null;
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (m) {
      var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      var date = new Date(Date.UTC(2000, mo - 1, d));
      date.setUTCFullYear(y);
      if (y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && date.getUTCDate() === d && date.getUTCMonth() === mo - 1) {
        return Math.round(date.getTime() / 86400000);
      }
    }
    return String(raw);
  }

  function parseChoice(raw) {
    if (raw === null || raw === undefined) return null;
    var text = String(raw).trim();
    return text === "" ? null : text;
  }

  /* ---------- patient, matching calculators/patient.py ---------- */

  var P = DATA.patient;

  function boundsIn(b, factor, unit) {
    return { low: Math.round(b.low / factor * 100) / 100, high: Math.round(b.high / factor * 100) / 100,
             unit: unit, source: null };
  }

  function unitHint(value, unit) {
    var h = P.height_cm;
    if (unit === "cm" && h.low <= value * 100 && value * 100 <= h.high) return "looks like metres: give height_unit='m'";
    if (unit === "m" && h.low <= value && value <= h.high) return "looks like centimetres: give height_unit='cm'";
    if (unit === "in" && h.low <= value && value <= h.high && value > 100) return "looks like centimetres: give height_unit='cm'";
    return null;
  }

  // calculators/live.py _patient_from: a form always has a unit selected; it counts only with a value
  function patientValues(v) {
    return {
      weight: v.weight, weight_unit: v.weight === null ? null : v.weight_unit,
      height: v.height, height_unit: v.height === null ? null : v.height_unit,
      sex: v.sex, age_years: v.age_years === undefined ? null : v.age_years
    };
  }

  function makePatient(v) {
    v = patientValues(v);
    var problems = [];
    var fieldChecks = [
      ["weight", typeProblem("weight", v.weight, P.help.weight)],
      ["weight_unit", choiceProblem("weight_unit", v.weight_unit, Object.keys(P.kg_per_unit))],
      ["height", typeProblem("height", v.height, P.help.height)],
      ["height_unit", choiceProblem("height_unit", v.height_unit, Object.keys(P.cm_per_unit))],
      ["sex", choiceProblem("sex", v.sex, ["male", "female"])],
      ["age_years", v.age_years === null ? null :
        (typeProblem("age_years", v.age_years, describeBounds(P.age_years)) ||
         checkBounds("age_years", v.age_years, P.age_years))]
    ];
    fieldChecks.forEach(function (pair) { if (pair[1]) problems.push(pair[1]); });
    if (problems.length) fail(problems);

    [["weight", "weight_unit", P.kg_per_unit, P.weight_kg], ["height", "height_unit", P.cm_per_unit, P.height_cm]]
      .forEach(function (spec) {
        var name = spec[0], unitName = spec[1], value = v[name], unit = v[unitName];
        if (value === null) {
          if (unit !== null) problems.push(new Problem(name, null, "is missing but " + unitName + " was given", P.help[name]));
          return;
        }
        if (unit === null) {
          problems.push(new Problem(unitName, null, "is required with " + name + " = " + formatNumber(value), P.help[unitName]));
          return;
        }
        var local = boundsIn(spec[3], spec[2][unit], unit);
        var problem = checkBounds(name, value, local);
        if (problem) {
          problem.unit = unit;
          var hint = name === "height" && typeof value === "number" ? unitHint(value, unit) : null;
          if (hint) problem.reason += " (" + hint + ")";
          problems.push(problem);
        }
      });
    if (problems.length) fail(problems);
    var patient = {
      weight: v.weight, weight_unit: v.weight_unit, height: v.height, height_unit: v.height_unit,
      sex: v.sex, age_years: v.age_years
    };
    patient.weight_kg = v.weight === null ? null : v.weight * P.kg_per_unit[v.weight_unit];
    patient.height_cm = v.height === null ? null : v.height * P.cm_per_unit[v.height_unit];
    patient.height_in = v.height === null ? null : patient.height_cm / P.cm_per_unit["in"];
    return patient;
  }

  function requireFields(patient, calculator, fields) {
    var missing = fields.filter(function (f) { return patient[f] === null || patient[f] === undefined; });
    if (missing.length) {
      fail(missing.map(function (f) {
        return new Problem(f, null, "is required for " + calculator, P.help[f] || describeBounds(P.age_years));
      }));
    }
  }

  function result(quantity, value, unit, rule, source, notes, decimals) {
    var d = decimals === undefined ? 1 : decimals;
    return {
      quantity: quantity, value: value, unit: unit,
      display: formatNumber(roundHalfUp(value, d)) + " " + unit,
      rule: rule, source: source, notes: notes || []
    };
  }

  /* ---------- body size, matching calculators/body_size.py ---------- */

  var D = DATA.devine;

  function idealBodyWeight(p, below60) {
    requireFields(p, "ideal body weight", ["height", "sex"]);
    if (p.age_years !== null && p.age_years < D.adult_age_years) {
      fail([new Problem("age_years", p.age_years, D.adult_age_years + " years or older",
        null, D.source)].map(function (x) {
          x.reason = "is under the adult age the Devine formula was made for";
          x.allowed = D.adult_age_years + " years or older";
          return x;
        }));
    }
    var base = D.base_kg[p.sex];
    var rule = "Devine: " + formatG(base) + " kg + 2.3 kg per inch over 60 in (" + p.sex + ")";
    var notes = [];
    var over = p.height_in - D.reference_in;
    if (over < 0) {
      var allowed = "'extend-linear' or 'base-weight'";
      if (below60 === null) {
        fail([new Problem("below_60_in", null, "must be chosen: height " + p.height_in.toFixed(1) +
          " in is under 60 in, where the Devine formula has no standard", allowed, D.source)]);
      }
      if (!Object.prototype.hasOwnProperty.call(D.short_stature_rules, below60)) {
        fail([new Problem("below_60_in", below60, "is not a known behaviour", allowed)]);
      }
      notes.push("Height under 60 in: " + D.short_stature_rules[below60] + ".");
      rule += "; " + D.short_stature_rules[below60];
      if (below60 === "base-weight") over = 0;
    }
    var value = base + D.kg_per_inch * over;
    if (value <= 0) {
      fail([new Problem("height", p.height, "gives no positive ideal body weight with 'extend-linear'",
        "a height that gives a positive ideal body weight", D.source)]);
    }
    return result("ideal body weight", value, "kg", rule, D.source, notes);
  }

  function bodySurfaceArea(p) {
    requireFields(p, "body surface area", ["weight", "height"]);
    var value = Math.sqrt(p.weight_kg * p.height_cm / 3600);
    return result("body surface area", value, "m²", "Mosteller: sqrt(height cm x weight kg / 3600)",
      DATA.sources.mosteller, [], 2);
  }

  function bodyMassIndex(p) {
    requireFields(p, "body mass index", ["weight", "height"]);
    var hm = p.height_cm / 100;
    return result("body mass index", p.weight_kg / (hm * hm), "kg/m²", "weight kg / (height m)²", DATA.sources.bmi);
  }

  function adjustedBodyWeight(p, below60) {
    requireFields(p, "adjusted body weight", ["weight", "height", "sex"]);
    var ibw = idealBodyWeight(p, below60);
    var actual = p.weight_kg;
    var value = ibw.value + DATA.abw_factor * (actual - ibw.value);
    var notes = ibw.notes.slice();
    if (actual <= ibw.value) {
      notes.push("Actual weight " + actual.toFixed(1) + " kg is at or below ideal body weight " +
        ibw.value.toFixed(1) + " kg: adjusted body weight is meant for patients above ideal weight, " +
        "and here exceeds actual weight.");
    }
    return result("adjusted body weight", value, "kg", "IBW + 0.4 x (actual - IBW), IBW by " + ibw.rule,
      DATA.sources.abw, notes);
  }

  /* ---------- steroid equivalence, matching calculators/steroids.py ---------- */

  var S = DATA.steroids;

  function convertSteroid(v) {
    var fields = ["dose_mg", "from_drug", "to_drug", "from_route", "to_route"];
    var drugs = Object.keys(S.equivalent_mg);
    var allowedFor = {
      dose_mg: describeBounds(S.dose_mg), from_drug: oneOf(drugs), to_drug: oneOf(drugs),
      from_route: oneOf(["PO", "IV"]), to_route: oneOf(["PO", "IV"])
    };
    var missing = fields.filter(function (f) { return v[f] === null; });
    if (missing.length) {
      fail(missing.map(function (f) {
        return new Problem(f, null, "is required for steroid equivalence", allowedFor[f]);
      }));
    }
    var problems = [];
    ["dose_mg", "from_drug", "from_route", "to_drug", "to_route"].forEach(function (f) {
      var problem = null;
      if (f === "dose_mg") {
        problem = typeProblem(f, v[f], allowedFor[f]) || checkBounds(f, v[f], S.dose_mg);
      } else {
        problem = choiceProblem(f, v[f], f.indexOf("drug") >= 0 ? drugs : ["PO", "IV"]);
      }
      if (problem) problems.push(problem);
    });
    if (problems.length) fail(problems);
    [["from_drug", "from_route"], ["to_drug", "to_route"]].forEach(function (pair) {
      var drug = v[pair[0]], route = v[pair[1]];
      if (S.routes[drug].indexOf(route) < 0) {
        fail([new Problem(pair[1], route, "is not a route the equivalence table gives for " + drug,
          S.routes[drug].join(" or ") + " for " + drug, DATA.sources.steroids)]);
      }
    });
    var eFrom = S.equivalent_mg[v.from_drug], eTo = S.equivalent_mg[v.to_drug];
    return {
      equivalent: result(v.to_drug + " " + v.to_route + " equivalent", v.dose_mg * eTo / eFrom, "mg",
        v.from_drug + " " + formatG(eFrom) + " mg = " + v.to_drug + " " + formatG(eTo) + " mg",
        DATA.sources.steroids, [], 2)
    };
  }

  /* ---------- forms ---------- */

  var COMPUTE = {
    "body-size": function (v) {
      var p = makePatient(v);
      requireFields(p, "body size", ["weight", "height", "sex"]);
      return {
        ibw: idealBodyWeight(p, v.below_60_in),
        bsa: bodySurfaceArea(p),
        bmi: bodyMassIndex(p),
        abw: adjustedBodyWeight(p, v.below_60_in)
      };
    },
    "steroid-equivalence": convertSteroid
  };

  function run(form, raw) {
    var fields = DATA.forms[form];
    if (!fields || !COMPUTE[form]) throw new Error("unknown live form " + form);
    var values = {};
    Object.keys(fields).forEach(function (name) {
      values[name] = fields[name] === "number" ? parseNumber(raw[name]) :
        fields[name] === "date" ? parseDate(raw[name]) : parseChoice(raw[name]);
    });
    try {
      return { ok: true, results: COMPUTE[form](values) };
    } catch (err) {
      if (err instanceof InputError) {
        return { ok: false, problems: err.problems.map(function (p) {
          return { field: p.field, message: String(p) };
        }) };
      }
      throw err;
    }
  }

  /* ---------- binding forms in the page ---------- */

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function renderResults(results) {
    return Object.keys(results).map(function (key) {
      var r = results[key];
      var notes = r.notes.map(function (n) { return "<li>" + escapeHtml(n) + "</li>"; }).join("");
      return '<div class="live-calc__result">' +
        '<p class="live-calc__figure"><span class="live-calc__quantity">' + escapeHtml(r.quantity) +
        '</span> <strong>' + escapeHtml(r.display) + "</strong></p>" +
        '<p class="live-calc__rule">' + escapeHtml(r.rule) + ' <span class="live-calc__source">Source: ' +
        escapeHtml(r.source) + "</span></p>" +
        (notes ? '<ul class="live-calc__notes">' + notes + "</ul>" : "") +
        "</div>";
    }).join("");
  }

  var RENDERERS = { default: renderResults };
  // Optional one-line summary per form, read out by screen readers (role=status) on each result.
  var SUMMARIES = {};

  function readForm(form) {
    var raw = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") { raw[el.name] = el.checked ? el.value : ""; return; }
      if (el.type === "radio") { if (el.checked) raw[el.name] = el.value; else if (!(el.name in raw)) raw[el.name] = ""; return; }
      raw[el.name] = el.value;
    });
    return raw;
  }

  function showProblems(form, problems) {
    var unplaced = [];
    problems.forEach(function (problem) {
      // the first slot for this field that is not inside a part of the form hidden for this choice
      var slot = Array.prototype.filter.call(form.querySelectorAll('[data-error-for="' + problem.field + '"]'),
        function (s) { return !(s.parentElement && s.parentElement.closest("[hidden]")); })[0];
      if (slot) {
        slot.textContent = slot.textContent ? slot.textContent + " " + problem.message : problem.message;
        slot.hidden = false;
        var input = form.elements[problem.field] || slot.parentElement.querySelector("input, select");
        if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
      } else {
        unplaced.push(problem.message);
      }
    });
    return unplaced;
  }

  function clearProblems(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (slot) {
      slot.textContent = "";
      slot.hidden = true;
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.removeAttribute) el.removeAttribute("aria-invalid");
    });
  }

  function update(form) {
    var name = form.getAttribute("data-form");
    var out = form.querySelector("[data-live-results]") ||
      document.querySelector('[data-live-results="' + name + '"]');
    var status = form.querySelector("[data-live-status]");
    var answer = run(name, readForm(form));
    clearProblems(form);
    if (answer.ok) {
      var render = RENDERERS[name] || RENDERERS["default"];
      out.innerHTML = render(answer.results, form);
      out.hidden = false;
      if (status) status.textContent = SUMMARIES[name] ? SUMMARIES[name](answer.results) : "Result updated.";
    } else {
      var unplaced = showProblems(form, answer.problems);
      out.innerHTML = unplaced.length ? '<p class="live-calc__error">' + unplaced.map(escapeHtml).join("<br>") + "</p>" : "";
      out.hidden = !unplaced.length;
      if (status) status.textContent = "No result: " + answer.problems.length + " input problem" +
        (answer.problems.length === 1 ? "" : "s") + ". " + answer.problems.map(function (p) { return p.message; }).join(" ");
    }
    form.dispatchEvent(new CustomEvent("live-calc:updated", { detail: answer }));
    return answer;
  }

  function bind(form) {
    if (form.getAttribute("data-live-bound")) return;
    // A form whose calculator lives in another script is bound when that script calls bindAll().
    if (!COMPUTE[form.getAttribute("data-form")]) return;
    form.setAttribute("data-live-bound", "1");
    form.addEventListener("input", function () { update(form); });
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(form); });
    update(form);
  }

  function bindAll() {
    document.querySelectorAll("form.live-calc[data-form]").forEach(bind);
  }

  window.LiveCalculators = {
    run: run,
    update: update,
    bindAll: bindAll,
    renderers: RENDERERS,
    summaries: SUMMARIES,
    compute: COMPUTE,
    util: {
      formatNumber: formatNumber, formatG: formatG, formatValue: formatValue, roundHalfUp: roundHalfUp,
      Problem: Problem, InputError: InputError, fail: fail, checkBounds: checkBounds, describeBounds: describeBounds,
      typeProblem: typeProblem, choiceProblem: choiceProblem, oneOf: oneOf, parseNumber: parseNumber,
      parseDate: parseDate,
      makePatient: makePatient, requireFields: requireFields, result: result, escapeHtml: escapeHtml,
      idealBodyWeight: idealBodyWeight, bodySurfaceArea: bodySurfaceArea
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindAll);
  else bindAll();
})();
