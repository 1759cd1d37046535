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
  function required(f, values) { return f.required || (f.required_when ? holds(f.required_when, values) : false); }
  // calculators/forms/reading.py need: what the form asks of a field with these values (the chosen regimen)
  function need(f, values) { return !used(f, values) ? "unused" : required(f, values) ? "required" : "optional"; }
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
    var reason = value < b.low ? (value > 0 || b.low <= 0 ? say("input.bounds.below", {}) : say("input.bounds.positive", {})) :
      say("input.bounds.above", {});
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
      else value = C.parseChoice(text, (f.choices || []).map(function (c) { return c.value; }).filter(Boolean));
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
      if (f.unit_field && v !== null && v !== undefined && (u === null || u === undefined) &&
          out.used.indexOf(f.unit_field) >= 0 && out.missing.indexOf(f.unit_field) < 0) out.missing.push(f.unit_field);
    });
    return out;
  }

  var COMPUTE = {};

  // calculators/forms/__init__.py run(): the whole answer a page shows.
  function run(form, values, today) {
    var def = FORMS[form];
    if (!def || !COMPUTE[form]) throw new Error("unknown live form " + form);
    var day = typeof today === "string" ? C.fromIso(today) : (today === undefined || today === null ? C.localToday() : today);
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

  /* ---------- the page ---------- */

  var esc = C.escapeHtml;
  var RENDERERS = {};
  var SUMMARIES = {};

  function kindClass(kind) { return kind ? " live-kind live-kind--" + kind : ""; }
  function noteItem(note) {
    var text = typeof note === "string" ? note : note.text, kind = typeof note === "string" ? null : note.kind;
    var warning = typeof note !== "string" && note.warning === true;
    var badge = kind ? '<span class="live-kind__badge">' + esc(window.LIVE_MESSAGES.kind_labels[kind]) + "</span> " : "";
    // a warning (calculators.statements.Note.warning) is marked in words, not only by colour
    var flag = warning ? '<strong class="live-note__warning">' + esc(say("note.warning", {})) + ":</strong> " : "";
    return '<li class="live-note' + kindClass(kind) + (warning ? " live-note--warning" : "") + '"' +
      (kind ? ' data-kind="' + kind + '"' : "") + (warning ? ' data-warning="yes"' : "") + ">" + flag + badge +
      esc(text) + "</li>";
  }
  function list(items, cls) {
    return items.length ? '<ul class="' + cls + '">' + items.map(noteItem).join("") + "</ul>" : "";
  }

  function renderResult(r) {
    return '<div class="live-calc__result">' +
      '<p class="live-calc__figure"><span class="live-calc__quantity">' + esc(r.quantity) +
      "</span> <strong>" + esc(r.display) + "</strong></p>" +
      '<p class="live-calc__rule">' + esc(r.rule) + ' <span class="live-calc__source">' +
      esc(say("result.source", { source: r.source })) + "</span></p>" +
      list(r.notes, "live-calc__notes") + "</div>";
  }
  RENDERERS["default"] = function (results) {
    return Object.keys(results).map(function (k) { return renderResult(results[k]); }).join("");
  };

  function edition(form) {
    var e = form ? form.getAttribute("data-edition") || "" : "";
    return e && e !== "draft" ? say("record.edition", { edition: e }) : say("record.draft", {});
  }

  function record(answer, form) {
    var rows = answer.inputs.map(function (i) {
      return "<div><dt>" + esc(i.label) + "</dt><dd>" + esc(i.value) + "</dd></div>";
    }).join("");
    return '<div class="live-calc__record"><p class="live-calc__record-title">' + esc(say("record.computed_from", {})) +
      '</p><dl class="live-calc__inputs" data-live-inputs>' + rows + '</dl><p class="live-calc__edition" data-live-edition>' +
      esc(edition(form)) + "</p></div>";
  }

  // The result as the page shows it (tests/test_live_render.py renders every case through this in Node).
  function resultHtml(name, answer, form) {
    var render = RENDERERS[name] || RENDERERS["default"];
    return list(answer.notes, "live-calc__form-notes") + render(answer.results, form, answer) + record(answer, form);
  }
  function statusText(name, answer) {
    return SUMMARIES[name] ? SUMMARIES[name](answer.results) : say("status.updated", {});
  }

  function readForm(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") { values[el.name] = el.checked ? el.value : ""; return; }
      if (el.type === "radio") { if (el.checked) values[el.name] = el.value; else if (!(el.name in values)) values[el.name] = ""; return; }
      if (el.type === "date" && el.value === "" && el.validity && el.validity.badInput) { values[el.name] = C.INCOMPLETE_DATE; return; }
      values[el.name] = el.value;
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
      if (optional) optional.hidden = need(f, values) !== "optional" || !!(slot && !slot.hidden && slot.textContent);
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
    Array.prototype.forEach.call(form.elements, function (el) { if (el.removeAttribute) el.removeAttribute("aria-invalid"); });
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
      out.innerHTML = '<p class="live-calc__needed">' + esc(say("status.needed", {
        fields: answer.missing.map(function (m) { return labelOf(def, m, values); }).join(", ") })) + "</p>";
      out.hidden = false;
      if (status) status.textContent = "";
    } else {
      var unplaced = showProblems(form, answer.problems);
      out.innerHTML = unplaced.length ? '<p class="live-calc__error">' + unplaced.map(esc).join("<br>") + "</p>" : "";
      out.hidden = !unplaced.length;
      if (status) status.textContent = say("status.refused", { count: String(answer.problems.length) }) + " " +
        answer.problems.map(function (p) { return p.message; }).join(" ");
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
    summaries: SUMMARIES, need: need, list: list, noteItem: noteItem, edition: edition, definitions: FORMS,
    resultHtml: resultHtml, statusText: statusText
  };
  // Pages load this script before the forms' own scripts (defer keeps the order); each of those
  // calls bindAll() once its compute is registered.
})();
