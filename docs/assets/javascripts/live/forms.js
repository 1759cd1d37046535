/*
 * Live forms: read a form by its definition (window.LIVE_FORMS, generated from the package's
 * input models), compute with the form's own script, show the answer.
 *
 * Reading follows calculators/forms/reading.py step for step: used fields (their `when`),
 * refusals by the contract (live/contract.js), what is still missing, bounds. A form's script
 * (live/body-size.js, live/dose.js ...) registers LiveForms.compute[name]: it gets read values
 * and returns results, or throws LiveContract.InputError. The DOM contract that other scripts
 * rely on is in docs/editors/live-forms.md.
 */
(function () {
  "use strict";

  var C = window.LiveContract;
  var FORMS = window.LIVE_FORMS;
  var say = C.say;

  function raw(values, name) { var v = values[name]; return v === null || v === undefined ? "" : String(v); }
  function holds(cond, values) {
    if (!cond) return true;
    return Object.keys(cond).every(function (name) { return cond[name].indexOf(raw(values, name)) >= 0; });
  }
  function used(f, values) { return holds(f.when, values); }
  // FieldDef.label_for: the label a field takes for these values (the IGM withdrawal's "Current dose")
  function labelFor(f, values) {
    var alt = (f.label_when || []).filter(function (w) { return w[1].indexOf(raw(values, w[0])) >= 0; })[0];
    return alt ? alt[2] : f.label;
  }
  function required(f, values) {
    return f.required || (f.required_when ? holds(f.required_when, values) : false);
  }
  // calculators/forms/reading.py need: what the form asks of a field with these values (the chosen regimen)
  function need(f, values) {
    return !used(f, values) ? "unused" : required(f, values) ? "required" : "optional";
  }
  function boundsFor(f, values) {
    if (!f.bounds) return null;
    return (f.bounds_by ? f.bounds[raw(values, f.bounds_by)] : f.bounds["*"]) || null;
  }
  // the message names the field as its label does ("Age", not age_years)
  function problem(name, value, reason, allowed, source, unit, label) {
    return { field: name, message: C.problemText(label || name, value, reason, allowed, source, unit) };
  }

  function boundsProblem(f, value, b, label) {
    if (b.low <= value && value <= b.high) return null;
    var below = value > 0 || b.low <= 0 ? "input.bounds.below" : "input.bounds.positive";
    var reason = say(value < b.low ? below : "input.bounds.above", {});
    if (b.reason) reason = b.reason;
    else if (f.bounds_by && f.bounds_by === f.unit_field) {
      var fits = Object.keys(f.bounds).filter(function (u) {
        return u !== b.unit && f.bounds[u].low <= value && value <= f.bounds[u].high;
      });
      if (fits.length) reason = say("input.unit_hint", { reason: reason, unit: fits[0] });
    }
    return problem(f.name, value, reason, C.rangeText(b.low, b.high, b.unit), b.source, b.unit, label);
  }

  function shown(f, value, values) {
    if (f.kind === "number" || f.kind === "integer") {
      var unit = f.unit_field ? raw(values, f.unit_field) : f.unit;
      return C.numberText(value) + (unit ? " " + unit : "");
    }
    if (f.kind === "date") return C.longDate(value);
    if (f.kind === "flag") return say("record.yes", {});
    var choice = (f.choices || []).filter(function (c) { return c.value === value; })[0];
    return choice ? choice.label : value;
  }

  function read(def, values, today) {
    var out = { values: {}, problems: [], missing: [], used: [], inputs: [] };
    def.fields.forEach(function (f) {
      if (!used(f, values)) return;
      out.used.push(f.name);
      var text = raw(values, f.name), value;
      if (f.kind === "number") value = C.parseNumber(text);
      else if (f.kind === "integer") value = C.parseInteger(text);
      else if (f.kind === "date") value = C.parseDate(text, today);
      else if (f.kind === "flag") value = C.parseFlag(text);
      else {
        var allowed = (f.choices || []).map(function (c) { return c.value; }).filter(Boolean);
        value = C.parseChoice(text, allowed);
      }
      if (value instanceof C.Refusal) {
        var label = labelFor(f, values);
        if (value.raw) {
          out.problems.push(problem(f.name, value.raw, value.reason, value.allowed, null, null, label));
        } else out.problems.push({ field: f.name, message: say("problem", { field: label,
          value: say("input.date.incomplete_value", {}), reason: value.reason, allowed: value.allowed }) });
        return;
      }
      out.values[f.name] = value;
      if (value === null || value === false) {
        if (value === null && required(f, values)) out.missing.push(f.name);
        return;
      }
      var b = f.kind === "number" || f.kind === "integer" ? boundsFor(f, values) : null;
      if (b) {
        var found = boundsProblem(f, value, b, labelFor(f, values));
        if (found) { out.problems.push(found); return; }
      }
      if (!f.quiet) {
        out.inputs.push({ field: f.name, label: labelFor(f, values), value: shown(f, value, values) });
      }
    });
    // reading.py: a number given without its unit is missing its unit (no unit is ever assumed)
    def.fields.forEach(function (f) {
      var v = out.values[f.name], u = out.values[f.unit_field];
      var asked = out.used.indexOf(f.unit_field) >= 0 && out.missing.indexOf(f.unit_field) < 0;
      if (f.unit_field && v !== null && v !== undefined && (u === null || u === undefined) && asked) {
        out.missing.push(f.unit_field);
      }
    });
    return out;
  }

  var COMPUTE = {};

  // calculators/forms/__init__.py run(): the whole answer a page shows.
  function run(form, values, today) {
    var def = FORMS[form];
    if (!def || !COMPUTE[form]) throw new Error("unknown live form " + form);
    var day = today === undefined || today === null ? C.localToday() : today;
    if (typeof today === "string") day = C.fromIso(today);
    var reading = read(def, values, day);
    var answer = { state: "refused", ok: false, problems: reading.problems, missing: reading.missing,
                   inputs: reading.inputs, notes: [] };
    if (reading.problems.length) return answer;
    if (reading.missing.length) { answer.state = "empty"; return answer; }
    def.fields.forEach(function (f) {
      var v = reading.values[f.name];
      if (f.kind === "date" && typeof v === "number" && v < day) {
        answer.notes.push(say("note.past_start", { start: C.longDate(v), today: C.longDate(day) }));
      }
    });
    try {
      var results = COMPUTE[form](reading.values, day);
      answer.state = "result"; answer.ok = true; answer.results = results;
    } catch (err) {
      if (!(err instanceof C.InputError)) throw err;
      answer.problems = err.problems.map(function (p) {
        return { field: p.field, message: p.text(labelOf(def, p.field, values)) };
      });
    }
    return answer;
  }

  /* ---------- templates: calculators/forms/views.py fill, rule for rule ---------- */

  var TAG = /\{\{([\s\S]*?)\}\}/, PART = /^\s*(#each|#if|\/each|\/if|else|>)?\s*([A-Za-z_][\w.]*|\.)?\s*$/;
  var TREES = {};
  function TemplateError(message) { this.name = "TemplateError"; this.message = message; }
  TemplateError.prototype = Object.create(Error.prototype);
  function fail(key, values) { return new TemplateError(say("view." + key, values)); }
  function own(record, key) { return Object.prototype.hasOwnProperty.call(record, key); }

  function kindOf(v) {
    if (v === null) return "none";
    if (typeof v === "boolean") return "a yes/no";
    if (typeof v === "number") return "a number";
    return typeof v === "string" ? "a text" : Array.isArray(v) ? "a list" : "a record";
  }

  // nodes: a text, ["slot" or "partial", path], ["each", path, body, null], ["if", path, body, else-body]
  function parse(name, text) {
    var root = ["root", "", [], null], stack = [root];
    text.split(TAG).forEach(function (piece, i) {
      var top = stack[stack.length - 1], body = top[3] === null ? top[2] : top[3];
      if (i % 2 === 0) { if (piece) body.push(piece); return; }
      var tag = "{{" + piece + "}}", part = PART.exec(piece);
      var op = part ? part[1] || "" : "?", path = part ? part[2] || "" : "";
      var closing = op === "/each" || op === "/if" || op === "else";
      var wanted = op === "else" ? "if" : op.slice(1);
      if (op === "?" || closing === !!path) throw fail("unread", { name: name, tag: tag });
      if (closing && (top[0] !== wanted || (op === "else" && top[3] !== null))) {
        throw fail("unmatched", { name: name, tag: tag, opening: "{{#" + wanted + "}}" });
      }
      if (op === "#each" || op === "#if") {
        body.push([wanted, path, [], null]);
        stack.push(body[body.length - 1]);
      } else if (op === "else") top[3] = [];
      else if (closing) stack.pop();
      else body.push([op === ">" ? "partial" : "slot", path]);
    });
    var open = stack[stack.length - 1];
    if (stack.length > 1) throw fail("unclosed", { name: name, tag: "{{#" + open[0] + " " + open[1] + "}}" });
    return root[2];
  }

  function slot(scope, path, name) {
    if (path === ".") return scope;
    return path.split(".").reduce(function (value, key) {
      if (kindOf(value) !== "a record" || !own(value, key) || value[key] === undefined) {
        throw fail("no_slot", { name: name, path: path });
      }
      return value[key];
    }, scope);
  }

  function walk(templates, name, nodes, scope, out) {
    nodes.forEach(function (node) {
      if (typeof node === "string") { out.push(node); return; }
      if (node[0] === "partial") { out.push(fill(node[1], scope, templates)); return; }
      var value = slot(scope, node[1], name), got = kindOf(value);
      var about = { name: name, path: node[1], tag: "{{#" + node[0] + " " + node[1] + "}}", got: got };
      if (node[0] === "slot") {
        if (got !== "a text") throw fail("not_text", about);
        out.push(C.escapeHtml(value));
      } else if (node[0] === "each") {
        if (got !== "a list") throw fail("not_list", about);
        value.forEach(function (item) { walk(templates, name, node[2], item, out); });
      } else {
        if (got === "a number" || got === "a record") throw fail("not_condition", about);
        var yes = got === "a list" ? value.length > 0 : value === true || (got === "a text" && value !== "");
        walk(templates, name, yes ? node[2] : node[3] || [], scope, out);
      }
    });
  }

  // The template `name` of `templates` (default: the page's, window.LIVE_VIEWS) filled with `values`.
  function fill(name, values, templates) {
    var all = templates || window.LIVE_VIEWS, out = [];
    if (!own(all, name)) throw fail("no_template", { name: name });
    var key = name + "\n" + all[name];
    if (!own(TREES, key)) TREES[key] = parse(name, all[name]);
    walk(all, name, TREES[key], values, out);
    return out.join("");
  }

  /* ---------- the page ---------- */

  // A note as the note template takes it: its text, kind (and the kind's label) and whether it warns.
  function noteView(note) {
    var plain = typeof note === "string", kind = plain ? null : note.kind || null;
    return { text: plain ? note : note.text, kind: kind, warning: !plain && note.warning === true,
             badge: kind ? window.LIVE_MESSAGES.kind_labels[kind] : "" };
  }
  function notes(items) { return items.map(noteView); }

  var RENDERERS = {};
  var SUMMARIES = {};

  RENDERERS["default"] = function (results) {
    return fill("results", { results: Object.keys(results).map(function (k) {
      var r = results[k];
      return { quantity: r.quantity, display: r.display, rule: r.rule, notes: notes(r.notes),
               source: say("result.source", { source: r.source }) };
    }) });
  };

  function edition(form) {
    var e = form ? form.getAttribute("data-edition") || "" : "";
    return e && e !== "draft" ? say("record.edition", { edition: e }) : say("record.draft", {});
  }

  // The result as the page shows it (tests/test_live_render.py renders every case through this in Node).
  function resultHtml(name, answer, form) {
    var render = RENDERERS[name] || RENDERERS["default"];
    return fill("form_notes", { notes: notes(answer.notes) }) + render(answer.results, form, answer) +
      fill("record", { inputs: answer.inputs, edition: edition(form) });
  }
  function statusText(name, answer) {
    return SUMMARIES[name] ? SUMMARIES[name](answer.results) : say("status.updated", {});
  }

  function readForm(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") { values[el.name] = el.checked ? el.value : ""; return; }
      if (el.type === "radio") {
        if (el.checked || !(el.name in values)) values[el.name] = el.checked ? el.value : "";
        return;
      }
      var halfTyped = el.type === "date" && el.value === "" && el.validity && el.validity.badInput;
      values[el.name] = halfTyped ? C.INCOMPLETE_DATE : el.value;
    });
    return values;
  }

  function syncVisibility(form, def, values) {
    def.fields.forEach(function (f) {
      var wrap = form.querySelector('[data-field="' + f.name + '"]');
      if (wrap) wrap.hidden = !used(f, values);
      var label = f.label_when ? form.querySelector('[data-label-of="' + f.name + '"]') : null;
      if (label && label.textContent !== labelFor(f, values)) label.textContent = labelFor(f, values);
      var optional = form.querySelector('[data-optional-for="' + f.name + '"]');
      // A field the answer refuses for being empty is not optional for this patient (the short-stature rule
      // under 60 in): its "(optional)" stays hidden while its problem is shown.
      var slot = form.querySelector('[data-error-for="' + f.name + '"]');
      var refused = !!(slot && !slot.hidden && slot.textContent);
      if (optional) optional.hidden = need(f, values) !== "optional" || refused;
    });
    form.querySelectorAll("[data-group-when]").forEach(function (g) {
      var names = g.getAttribute("data-group-when").split(" ");
      g.hidden = !names.some(function (n) {
        var f = def.fields.filter(function (x) { return x.name === n; })[0];
        return f && used(f, values);
      });
    });
  }

  function showProblems(form, problems) {
    var unplaced = [];
    problems.forEach(function (p) {
      var slot = form.querySelector('[data-error-for="' + p.field + '"]');
      if (slot && !(slot.parentElement && slot.parentElement.closest("[hidden]"))) {
        slot.textContent = slot.textContent ? slot.textContent + " " + p.message : p.message;
        slot.hidden = false;
        var input = form.elements[p.field];
        if (input && input.setAttribute) input.setAttribute("aria-invalid", "true");
      } else unplaced.push(p.message);
    });
    return unplaced;
  }

  function clearProblems(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (s) { s.textContent = ""; s.hidden = true; });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.removeAttribute) el.removeAttribute("aria-invalid");
    });
  }

  function labelOf(def, name, values) {
    var f = def.fields.filter(function (x) { return x.name === name; })[0];
    return f ? labelFor(f, values || {}) : name;
  }

  function update(form) {
    var name = form.getAttribute("data-form"), def = FORMS[name];
    var values = readForm(form);
    syncVisibility(form, def, values);
    var out = form.querySelector("[data-live-result]");
    var status = form.querySelector("[data-live-status]");
    var answer = run(name, values);
    // The same answer again (a blur after typing, a click on a result's button): leave the page as it is,
    // so a button being pressed is not replaced under the pointer.
    var key = JSON.stringify(answer);
    if (form.liveAnswerKey === key) return answer;
    form.liveAnswerKey = key;
    clearProblems(form);
    form.setAttribute("data-state", answer.state);
    if (answer.state === "result") {
      out.innerHTML = resultHtml(name, answer, form);
      out.hidden = false;
      if (status) status.textContent = statusText(name, answer);
    } else if (answer.state === "empty") {
      out.innerHTML = fill("needed", { text: say("status.needed", {
        fields: answer.missing.map(function (m) { return labelOf(def, m, values); }).join(", ") }) });
      out.hidden = false;
      if (status) status.textContent = "";
    } else {
      var unplaced = showProblems(form, answer.problems);
      out.innerHTML = fill("unplaced", { lines: unplaced.map(function (m, i) {
        return { text: m, br: i > 0 };
      }) });
      out.hidden = !unplaced.length;
      var messages = answer.problems.map(function (p) { return p.message; });
      var count = say("status.refused", { count: String(answer.problems.length) });
      if (status) status.textContent = count + " " + messages.join(" ");
    }
    syncVisibility(form, def, values);  // again, now that this answer's problems are shown
    var used_inputs = {};
    def.fields.forEach(function (f) { if (used(f, values)) used_inputs[f.name] = raw(values, f.name); });
    var detail = { ok: answer.ok, state: answer.state, results: answer.results, problems: answer.problems,
                   missing: answer.missing, inputs: used_inputs, answer: answer };
    form.liveAnswer = detail;
    form.dispatchEvent(new CustomEvent("live-calc:updated", { detail: detail, bubbles: true }));
    return answer;
  }

  function onClick(event) {
    var button = event.target.closest && event.target.closest("[data-live-action]");
    if (!button) return;
    var form = button.form || button.closest("form");
    if (button.getAttribute("data-live-action") === "today") {
      var input = form.elements[button.getAttribute("data-for")];
      input.value = C.isoDate(C.localToday());
      form.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function bind(form) {
    var name = form.getAttribute("data-form");
    if (form.getAttribute("data-live-bound") || !COMPUTE[name] || !FORMS[name]) return;
    form.setAttribute("data-live-bound", "1");
    form.addEventListener("input", function () { update(form); });
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(form); });
    form.addEventListener("click", onClick);
    // A date control fires no input event while a date is half-typed: read it on each key and on leaving it.
    var onDateKey = function (event) { if (event.target.type === "date") update(form); };
    form.addEventListener("keyup", onDateKey);
    form.addEventListener("focusout", onDateKey);
    update(form);
  }

  function bindAll() { document.querySelectorAll("form.live-calc[data-form]").forEach(bind); }

  window.LiveForms = {
    run: run, read: read, update: update, bindAll: bindAll, compute: COMPUTE, renderers: RENDERERS,
    summaries: SUMMARIES, need: need, notes: notes, fill: fill, TemplateError: TemplateError,
    edition: edition, definitions: FORMS, resultHtml: resultHtml, statusText: statusText
  };
  // Pages load this script before the forms' own scripts (defer keeps the order); each of those
  // calls bindAll() once its compute is registered.
})();
