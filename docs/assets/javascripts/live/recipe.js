/*
 * The one interpreter of recipes in the page: it follows the compiled recipe of each regimen
 * (window.LIVE_DATA.dose.recipes, written once in calculators/regimens/<module>.py) and each formula of body
 * size and steroid equivalence (window.LIVE_DATA.recipe.formulas, from calculators/body_size.py and
 * calculators/steroids.py), compiled by calculators/regimens/recipe.py, step by step as recipe.py does in the
 * package. It knows no regimen and no formula: the vocabulary is docs/editors/expressions.md.
 */
(function () {
  "use strict";

  var C = window.LiveContract, LF = window.LiveForms, say = C.say;
  var G = window.LIVE_DATA.language, L = window.LIVE_DATA.recipe || { formulas: {}, forms: {} };
  var R = window.LIVE_DATA.dose || {}, UNITS = window.LIVE_DATA.body;

  // docs/editors/expressions.md: the types, the truth of a value, == and every error, as recipe.py has them
  function RecipeError(message) { this.name = "RecipeError"; this.message = message; }
  RecipeError.prototype = Object.create(Error.prototype);
  function fail(key, values) {  // the words are recipe.py ERRORS, exported
    var words = G.errors[key].replace(/\{([a-z]+)\}/g, function (all, k) { return String(values[k]); });
    throw new RecipeError(words);
  }
  // a date is its own type (a calendar day, held as whole days since 1970-01-01), never a number
  function Day(day) { this.day = day; }
  function typeOf(x) {
    if (x === null || x === undefined) return "none";
    if (x instanceof Day) return "date";
    if (typeof x === "boolean") return "boolean";
    if (typeof x === "number") return "number";
    if (typeof x === "string") return "text";
    return Array.isArray(x) ? "list" : "record";
  }
  function truth(x) {
    var t = typeOf(x);
    return t === "list" || t === "text" ? x.length > 0 : t === "record" ? true : Boolean(x);
  }
  function same(a, b) {
    var t = typeOf(a);
    if (t !== typeOf(b)) return false;
    if (t === "list") return a.length === b.length && a.every(function (x, i) { return same(x, b[i]); });
    if (t === "record") {
      var ka = Object.keys(a), kb = Object.keys(b);
      return ka.length === kb.length && ka.every(function (k) { return k in b && same(a[k], b[k]); });
    }
    return t === "none" || (t === "date" ? a.day === b.day : a === b);
  }
  function fits(x, want) {
    if (want.charAt(want.length - 1) === "?") {
      return x === null || x === undefined || fits(x, want.slice(0, -1));
    }
    if (want === "texts" || want === "numbers") {
      return typeOf(x) === "list" && x.every(function (v) { return typeOf(v) === want.slice(0, -1); });
    }
    return want.split("|").indexOf(typeOf(x)) >= 0;
  }
  function checkArgs(name, args) {
    var sig = G.signatures[name], wants = sig;
    if (sig.length && /\*$/.test(sig[sig.length - 1])) {
      wants = args.map(function () { return sig[sig.length - 1].slice(0, -1); });
    } else if (args.length !== sig.length) {
      fail("count", { "function": name, want: sig.length, got: args.length });
    }
    args.forEach(function (x, i) {
      if (!fits(x, wants[i])) {
        fail("argument", { "function": name, want: wants[i], index: i + 1, type: typeOf(x) });
      }
    });
  }
  function some(name, items) { if (!items.length) fail("empty", { "function": name }); return items; }
  function finite(op, x) { if (!Number.isFinite(x)) fail("large", { op: op }); return x; }
  function arith(op, a, b) {
    var ta = typeOf(a), tb = typeOf(b);
    if (op === "+" && ta === "text" && tb === "text") return a + b;
    // a date and a number of days (a fraction of a day is dropped downwards, as Python's timedelta does)
    if ((op === "+" || op === "-") && ta === "date" && tb === "number") {
      return new Day(a.day + Math.floor(op === "+" ? b : -b));
    }
    if (op === "-" && ta === "date" && tb === "date") return a.day - b.day;
    if (ta !== "number" || tb !== "number") fail("types", { op: op, left: ta, right: tb });
    if ((op === "/" || op === "//") && b === 0) fail("zero", { op: op });
    switch (op) {
      case "+": return finite(op, a + b);
      case "-": return finite(op, a - b);
      case "*": return finite(op, a * b);
      case "/": return finite(op, a / b);
    }
    return Math.floor(finite(op, a / b));
  }
  function order(op, a, b) {
    var ta = typeOf(a), tb = typeOf(b);
    var ordered = ["number", "text", "date"].indexOf(ta) >= 0;
    if (ta !== tb || !ordered) fail("types", { op: op, left: ta, right: tb });
    if (ta === "date") { a = a.day; b = b.day; }
    return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
  }
  function at(base, key) {  // r[k]: the field k (a text) of a record
    var tb = typeOf(base), tk = typeOf(key);
    if (tb !== "record" || tk !== "text") fail("types", { op: "[]", left: tb, right: tk });
    if (!Object.prototype.hasOwnProperty.call(base, key)) fail("field", { field: key, type: "record" });
    return base[key];
  }
  function contains(item, where) {  // x in xs: a list item equal to x, or a text that is a field of a record
    if (typeOf(where) === "list") return where.some(function (x) { return same(item, x); });
    var field = typeOf(where) === "record" && typeOf(item) === "text";
    if (field) return Object.prototype.hasOwnProperty.call(where, item);
    fail("types", { op: "in", left: typeOf(item), right: typeOf(where) });
  }

  function bodyRecord(r) {
    return { value: r.value, display: r.display, rule: r.rule, source: r.source, notes: r.notes };
  }

  // calculators/forms/adapters.py _patient and calculators/patient.py: the typed values, and in kg and cm
  function patient(v) {
    var given = function (x) { return x === null || x === undefined ? null : x; };
    var p = { weight: given(v.weight), height: given(v.height), sex: given(v.sex) };
    p.age_years = given(v.age_years);
    p.height_unit = p.height === null ? null : v.height_unit;
    p.weight_kg = p.weight === null ? null : p.weight * UNITS.kg_per_unit[v.weight_unit];
    p.height_cm = p.height === null ? null : p.height * UNITS.cm_per_unit[v.height_unit];
    p.height_in = p.height_cm === null ? null : p.height_cm / UNITS.cm_per_unit["in"];
    return p;
  }
  function patientScope(p) {  // recipe.py patient_scope
    return { weight: p.weight_kg, age_years: p.age_years, height_cm: p.height_cm, height: p.height,
             height_unit: p.height_unit, height_in: p.height_in, sex: p.sex };
  }

  function addMonths(day, months) {  // same day of the month, or that month's last day
    var p = C.parts(day.day), index = p.m - 1 + months;
    var year = p.y + Math.floor(index / 12), month = (index % 12 + 12) % 12 + 1;
    for (var d = p.d; d > 0; d--) {
      var out = C.dayOf(year, month, d);
      if (out !== null) return new Day(out);
    }
    return null;
  }

  // a DoseLine as calculators/forms/adapters.py _line_json gives it, its words from recipe.py TEXTS
  function line(v) {
    var s = { decimals: v.decimals === undefined || v.decimals === null ? 1 : Math.trunc(v.decimals) };
    ["drug", "dose", "high", "unit", "frequency", "route", "label", "start", "end"].forEach(function (k) {
      s[k] = v[k] === undefined ? null : v[k];
    });
    s.label = s.label || "";
    var text = textOf("line", s);
    var out = { label: s.label, drug: s.drug, dose: s.dose, dose_text: s.dose_text, unit: s.unit,
                frequency: s.frequency, route: s.route, start: s.start && C.isoDate(s.start.day),
                end: s.end && C.isoDate(s.end.day), text: text };
    if (s.high !== null) out.high = s.high;  // calculators/regimens/_base.py DoseLine: only on a range line
    return out;
  }

  function Run(name, recipe, scope, pt) {
    this.name = name; this.recipe = recipe; this.scope = scope; this.pt = pt;
    this.lines = []; this.caps = []; this.notes = [];
  }

  Run.prototype.value = function (v) {
    var self = this;
    var tree = v !== null && typeof v === "object" && !Array.isArray(v) ? v["="] : undefined;
    if (tree !== undefined) return this.expr(tree);
    if (Array.isArray(v)) return v.map(function (x) { return self.value(x); });
    return v === undefined ? null : v;
  };

  // the vocabulary's functions (recipe.py FUNCTIONS)
  var FUNCTIONS = {
    n1: function (x) { return C.numberText(x, 1); },
    n2: function (x) { return C.numberText(x, 2); },
    num: function (x) { return C.numberText(x, 6); },
    str: function (x) {
      return typeof x === "string" ? x : Number.isInteger(x) ? String(x) : C.numberText(x, 6);
    },
    int: function (x) { return Math.trunc(x); },
    round: function (x) { return Math.sign(x) * Math.round(Math.abs(x)); },
    rounded: function (x, places) { return Number(C.numberText(x, places)); },
    say: function (key, params) { return say(key, params || {}); },
    capitalize: function (s) { return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); },
    join: function (items, sep) { return items.join(sep); },
    one_of: function (items) { return C.oneOf(items); },
    weekly: function (day) { return day ? say("reg.weekly.day", { weekday: day }) : say("reg.weekly", {}); },
    weekday: function (day) { return C.weekday(day.day); },
    long_date: function (day) { return C.longDate(day.day); },
    add_months: addMonths,
    later: function (day, days) { return day === null || day === undefined ? null : arith("+", day, days); },
    count: function (items) { return items.length; },
    min: function (items) { return Math.min.apply(null, some("min", items)); },
    max: function (items) { return Math.max.apply(null, some("max", items)); },
    nums: function (items) { return items.map(function (x) { return C.numberText(x, 6); }); },
    make_dose: function (dose, strengths, half) {
      return window.LiveSchedule.makeDose(dose, strengths, half);
    },
    nearest_makeable: function (dose, strengths, half) {
      var near = window.LiveSchedule.nearestMakeable(dose, some("nearest_makeable", strengths), half);
      return { below: near[0], above: near[1] };
    },
    sqrt: function (x) {
      if (x < 0) fail("domain", { "function": "sqrt", want: "at or above 0", got: C.numberText(x, 6) });
      return Math.sqrt(x);
    },
    power: function (x, y) {
      if (x <= 0) fail("domain", { "function": "power", want: "above 0", got: C.numberText(x, 6) });
      return finite("power", Math.pow(x, y));
    }
  };

  Run.prototype.call = function (name, args, kwargs) {
    var self = this;
    if (!G.signatures[name]) fail("function", { "function": name });
    checkArgs(name, args);
    if (name === "say") return say(args[0], kwargs);
    if (name === "which") return args[0].filter(function (n) { return truth(self.scope[n]); });
    if (name === "ideal_body_weight") return bodyRecord(compute(name, this.pt, { below_60_in: args[0] }));
    if (name === "body_surface_area") return bodyRecord(compute(name, this.pt, {}));
    if (name === "sources_of") {
      var out = [];
      args.map(function (f) { return f.sources; }).concat([kwargs.extra || []]).forEach(function (ids) {
        ids.forEach(function (s) { if (out.indexOf(s) < 0) out.push(s); });
      });
      return out;
    }
    return FUNCTIONS[name].apply(null, args);
  };

  Run.prototype.expr = function (node) {
    var self = this;
    if (typeof node === "string") {  // a name
      if (node === "capped") return this.caps.length > 0;
      if (!(node in this.scope)) fail("name", { name: node });
      return this.scope[node] === undefined ? null : this.scope[node];
    }
    if (!Array.isArray(node)) return node;  // a number, true/false or null
    var op = node[0];
    switch (op) {
      case "lit": return node[1];
      case "get": {
        var base = this.expr(node[1]);
        if (typeOf(base) !== "record" || !(node[2] in base)) {
          fail("field", { field: node[2], type: typeOf(base) });
        }
        return base[node[2]];
      }
      case "list": return node[1].map(function (x) { return self.expr(x); });
      case "not": return !truth(this.expr(node[1]));
      case "neg": {
        var n = this.expr(node[1]);
        if (typeOf(n) !== "number") fail("type", { op: "-", type: typeOf(n) });
        return -n;
      }
      case "and": return truth(this.expr(node[1])) && truth(this.expr(node[2]));
      case "or": return truth(this.expr(node[1])) || truth(this.expr(node[2]));
      case "if": return truth(this.expr(node[1])) ? this.expr(node[2]) : this.expr(node[3]);
      case "call": {
        var kwargs = {};
        Object.keys(node[3]).forEach(function (k) { kwargs[k] = self.expr(node[3][k]); });
        return this.call(node[1], node[2].map(function (a) { return self.expr(a); }), kwargs);
      }
    }
    var a = this.expr(node[1]), b = this.expr(node[2]);
    switch (op) {
      case "==": return same(a, b);
      case "!=": return !same(a, b);
      case "<": case "<=": case ">": case ">=": return order(op, a, b);
      case "+": case "-": case "*": case "/": case "//": return arith(op, a, b);
      case "at": return at(a, b);
      case "in": return contains(a, b);
    }
    fail("operation", { op: op });
  };

  Run.prototype.steps = function (steps) {
    for (var i = 0; i < steps.length; i++) {
      var s = steps[i];
      if ("when" in s && !truth(this.value(s.when))) continue;
      this.step(s);
    }
  };

  Run.prototype.step = function (s) {
    var self = this;
    if ("require" in s) {
      var missing = s.require.filter(function (f) {
        return self.pt[f] === null || self.pt[f] === undefined;
      });
      if (missing.length) {
        C.fail(missing.map(function (f) {
          var reason = say("input.required_for", { calculator: self.value(s["for"]) });
          return new C.Problem(f, null, reason, s.allowed[f]);
        }));
      }
    } else if ("let" in s) {
      Object.keys(s.let).forEach(function (k) { self.scope[k] = self.value(s.let[k]); });
    } else if ("refuse" in s) {
      C.fail([new C.Problem(this.value(s.refuse), this.value(s.value), this.value(s.reason),
        this.value(s.allowed), this.value(s.source), s.unit || null, this.value(s.kind) || null,
        this.value(s.rests_on || []))]);
    } else if ("cap" in s) {
      var ceiling = "ceiling" in s, now = this.scope[s.cap];
      var limit = this.value(ceiling ? s.ceiling : s.floor);
      if (ceiling ? now > limit : now < limit) {
        this.scope.computed = now;
        this.caps.push({ direction: ceiling ? "ceiling" : "floor", limit: limit, unit: s.unit, kind: s.kind,
                         rests_on: this.value(s.rests_on), computed: now });
        this.scope[s.cap] = limit;
        this.steps(s.then || []);
      }
    } else if ("line" in s) {
      var v = {};
      Object.keys(s.line).forEach(function (k) { v[k] = self.value(s.line[k]); });
      this.lines.push(line(v));
    } else if ("repeat" in s) {
      var n = Math.trunc(this.value(s.repeat));
      for (var i = 0; i < n; i++) { this.scope[s.as] = i; this.steps(s.steps); }
    } else if ("if" in s) {
      this.steps(truth(this.value(s["if"])) ? s.then : (s["else"] || []));
    } else if ("branch" in s) {
      this.steps(s.cases[this.value(s.branch)] || []);
    } else if ("note" in s) {
      this.notes.push(this.note(s));
    } else if ("notes" in s) {
      this.value(s.notes).forEach(function (n) { self.notes.push(n); });
    } else {
      throw new Error("recipe: unknown step " + JSON.stringify(s));
    }
  };

  Run.prototype.note = function (s) {
    var self = this, text;
    if ("say" in s) {
      var params = {};
      Object.keys(s["with"] || {}).forEach(function (k) { params[k] = self.value(s["with"][k]); });
      text = say(s.say, params);
    } else if ("text" in s) {
      text = this.value(s.text);
    } else {
      text = R.tool_choices[s.choice].text;
    }
    return C.note(text, s.note, s.note === "tool_choice" ? [s.choice] : this.value(s.rests_on), !!s.warning);
  };

  // calculators/regimens/recipe.py follow(), answered as calculators/forms/adapters.py dose_form
  function follow(name, args, pt) {
    var recipe = R.recipes[name], scope = {};
    Object.keys(recipe.figures || {}).forEach(function (k) { scope[k] = R.figures[recipe.figures[k]]; });
    Object.keys(args).forEach(function (k) { scope[k] = args[k]; });
    if (pt) Object.assign(scope, patientScope(pt));
    var run = new Run(name, recipe, scope, pt);
    run.steps(recipe.steps);
    var r = recipe.result;
    var value = run.value(r.value), unit = r.unit, route = r.route, frequency = run.value(r.frequency);
    var high = "high" in r ? run.value(r.high) : null;
    // a "display" of the recipe, when set, is the whole headline (a combined regimen names each drug with its
    // dose; azathioprine with TPMT low or absent says not to start it)
    var display = "display" in r ? run.value(r.display) : null;
    if (display === null) display = value === null ? say("reg.no_dose", {}) : high !== null ?
      say("reg.display.range", { low: C.numberText(value, 1), high: C.numberText(high, 1), unit: unit,
                                 route: route, frequency: frequency }) :
      say("reg.display", { dose: C.numberText(value, 1), unit: unit, route: route, frequency: frequency });
    // a warning is named on the largest line (calculators/regimens/_base.py RegimenResult.display)
    var warnings = run.notes.filter(function (n) { return n.warning === true; }).length;
    if (warnings) {
      var key = warnings === 1 ? "reg.display.see_warning" : "reg.display.see_warnings";
      display = say(key, { line: display });
    }
    return { regimen: {
      name: name, regimen: "regimen" in r ? run.value(r.regimen) : recipe.title, value: value, high: high,
      unit: unit,
      display: display, frequency: frequency, route: route, rule: run.value(r.rule),
      source: "source" in r ? run.value(r.source) : "S002",
      sources: run.value(r.sources), lines: run.lines, notes: run.notes,
      caps: run.caps.map(function (c) { return textOf("cap", c); })
    } };
  }

  // recipe.py spoken and text_of: what a text says (its steps bind their names into scope), or one of
  // TEXTS by name
  function spoken(text, scope) {
    var run = new Run("", {}, scope, null);
    run.steps(text.steps);
    return run.value(text.text);
  }
  function textOf(name, scope) { return spoken(G.texts[name], scope); }

  // calculators/regimens/recipe.py compute(): a formula's answer, as adapters.py result_json gives it
  function compute(name, pt, args) {
    var f = L.formulas[name], scope = Object.assign({}, f.constants);
    Object.keys(f.inputs).forEach(function (k) {
      scope[k] = args[k] === null || args[k] === undefined ? f.inputs[k] : args[k];
    });
    if (pt) Object.assign(scope, patientScope(pt));
    var run = new Run(name, f, scope, pt), r = f.result;
    run.steps(f.steps);
    var value = run.value(r.value), unit = r.unit;
    var headline = "display" in r ? run.value(r.display) : null;  // Result.headline (clinical review 5 M3)
    return { quantity: run.value(r.quantity), value: value, unit: unit,
             display: headline !== null ? headline :
               C.numberText(value, r.decimals === undefined ? 1 : r.decimals) + " " + unit,
             rule: run.value(r.rule), source: run.value(r.source), notes: run.notes };
  }

  // the forms whose every result is a formula (calculators/forms/adapters.py FORMULA_FORMS)
  Object.keys(L.forms).forEach(function (form) {
    LF.compute[form] = function (v) {
      var out = {};
      Object.keys(L.forms[form]).forEach(function (key) {
        var name = L.forms[form][key];
        out[key] = compute(name, L.formulas[name].patient ? patient(v) : null, v);
      });
      return out;
    };
  });
  LF.bindAll();

  function expr(node, scope) { return new Run("", {}, scope || {}, null).expr(node); }

  window.LiveRecipe = { follow: follow, RecipeError: RecipeError, rounded: FUNCTIONS.rounded, Day: Day,
                        patient: patient, compute: compute, spoken: spoken,
                        holds: function (node, scope) { return truth(expr(node, scope)); },
                        run: function (steps, scope) {
                          new Run("", {}, scope, null).steps(steps);
                          return scope;
                        },
                        notes: function (steps, scope) {  // recipe.py run_notes: the notes the steps say
                          var run = new Run("", {}, scope, null);
                          run.steps(steps);
                          return run.notes;
                        },
                        expr: expr };
})();
