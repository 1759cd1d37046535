/*
 * Body size form: the arithmetic of calculators/body_size.py (Devine, Mosteller, BMI, adjusted
 * body weight). Constants from window.LIVE_DATA["body-size"]; sentences from the package's
 * templates. Also used by the dose form (ideal body weight, body surface area).
 */
(function () {
  "use strict";

  var C = window.LiveContract, say = C.say;
  var D = window.LIVE_DATA.body;

  function patient(v) {
    var p = { weight: v.weight, height: v.height, height_unit: v.height_unit || null, sex: v.sex || null,
              age_years: v.age_years === undefined ? null : v.age_years };
    p.weight_kg = v.weight === null || v.weight === undefined ? null : v.weight * D.kg_per_unit[v.weight_unit];
    p.height_cm = v.height === null || v.height === undefined ? null : v.height * D.cm_per_unit[v.height_unit];
    p.height_in = p.height_cm === null ? null : p.height_cm / D.cm_per_unit["in"];
    return p;
  }

  // calculators/result.py: a formula's note rests on the formula's reference
  function result(quantity, value, unit, rule, source, notes, decimals) {
    var d = decimals === undefined ? 1 : decimals;
    return { quantity: quantity, value: value, unit: unit, display: C.numberText(value, d) + " " + unit,
             rule: rule, source: source,
             notes: (notes || []).map(function (n) { return typeof n === "string" ? C.note(n, "reference", [source]) : n; }) };
  }

  // calculators/body_size.py check_adult_height: an adult height under 100 cm typed in cm asks about inches
  function checkAdultHeight(p, adult) {
    if (adult === undefined) adult = p.age_years !== null && p.age_years !== undefined && p.age_years >= D.adult_age_years;
    if (!adult || p.height_unit !== "cm" || p.height === null || p.height === undefined || p.height >= D.adult_min_height_cm) return;
    C.fail([new C.Problem("height", p.height,
      say("ibw.inches.reason", { floor: C.numberText(D.adult_min_height_cm), value: C.numberText(p.height),
                                 cm: C.numberText(p.height * D.cm_per_unit["in"], 1) }),
      say("ibw.inches.allowed", { floor: C.numberText(D.adult_min_height_cm), high: C.numberText(D.height_cm_high) }),
      null, "cm", "tool_choice", ["adult_height"])]);
  }

  function idealBodyWeight(p, below60) {
    if (p.age_years !== null && p.age_years < D.adult_age_years) {
      C.refuse("age_years", p.age_years, say("ibw.adult.allowed", { age: D.adult_age_years }), say("ibw.adult.reason", {}),
        D.sources.devine);
    }
    checkAdultHeight(p, true);
    var base = D.devine_base_kg[p.sex];
    var rule = say("ibw.rule", { base: base, per_inch: D.devine_kg_per_inch, reference: D.devine_reference_in, sex: p.sex });
    var notes = [], over = p.height_in - D.devine_reference_in, rules = D.short_stature_rules;
    if (over < 0) {
      if (below60 === null || below60 === undefined) {
        C.refuse("below_60_in", null, C.oneOf(Object.keys(rules)),
          say("ibw.short.choose", { height_in: C.numberText(p.height_in, 1) }), D.sources.devine);
      }
      notes.push(C.note(say("ibw.short.note", { rule: rules[below60] }), "tool_choice", ["devine_below_60"]));
      rule = say("rule.and", { rule: rule, more: rules[below60] });
      if (below60 === "base-weight") over = 0;
    }
    var value = base + D.devine_kg_per_inch * over;
    if (value <= 0) {
      C.refuse("height", p.height, say("ibw.not_positive.allowed", {}), say("ibw.not_positive.reason", {}), D.sources.devine);
    }
    return result(say("ibw.quantity", {}), value, "kg", rule, D.sources.devine, notes);
  }

  function bodySurfaceArea(p) {
    checkAdultHeight(p);
    return result(say("bsa.quantity", {}), Math.sqrt(p.weight_kg * p.height_cm / 3600), "m²", say("bsa.mosteller.rule", {}),
      D.sources.mosteller, [], 2);
  }

  function bodyMassIndex(p) {
    checkAdultHeight(p);
    var hm = p.height_cm / 100;
    return result(say("bmi.quantity", {}), p.weight_kg / (hm * hm), "kg/m²", say("bmi.rule", {}), D.sources.bmi);
  }

  function adjustedBodyWeight(p, below60) {
    var ibw = idealBodyWeight(p, below60), actual = p.weight_kg;
    var notes = ibw.notes.slice();
    if (actual <= ibw.value) {
      notes.push(C.note(say("abw.below_ibw", { actual: C.numberText(actual, 1), ibw: C.numberText(ibw.value, 1) }),
        "reference", [D.sources.abw]));
    }
    return result(say("abw.quantity", {}), ibw.value + D.abw_factor * (actual - ibw.value), "kg",
      say("abw.rule", { factor: D.abw_factor, ibw_rule: ibw.rule }), D.sources.abw, notes);
  }

  window.LiveBody = { patient: patient, result: result, idealBodyWeight: idealBodyWeight,
                      bodySurfaceArea: bodySurfaceArea, bodyMassIndex: bodyMassIndex, adjustedBodyWeight: adjustedBodyWeight };

  window.LiveForms.compute["body-size"] = function (v) {
    var p = patient(v), below = v.below_60_in;
    return { ibw: idealBodyWeight(p, below), bsa: bodySurfaceArea(p), bmi: bodyMassIndex(p), abw: adjustedBodyWeight(p, below) };
  };
  window.LiveForms.bindAll();
})();
