/* Print or save as PDF the dose record of a calculation (one page for most; a long taper runs on,
   never shrunk below 9 pt: issue 22 §4).

   Under each live form (form.live-calc) a "Print dose record" button ("Print plan checks" under the safety
   checks, which print a plan's checks and no dose: FormDef.record_label), enabled only while
   the form shows a result (never for a refused or empty form). The record holds the
   calculator, the edition, the weekday, date and time it was computed, every input with
   its unit, the result with the rule and source of each number as the form shows them,
   blank lines for the patient's identity and the prescriber's name and signature, and
   the link that reopens the calculation (share.js). Nothing is sent anywhere: the
   browser's print dialog saves or prints it. */
(function () {
  "use strict";
  // The weekday (Monday first) and month names are calculators/messages.py WEEKDAYS and MONTHS, exported
  // with every live form's data (window.LIVE_MESSAGES); read when used, so the load order does not matter.
  function names() { return window.LIVE_MESSAGES; }
  function dayName(sundayFirst) { return names().weekdays[(sundayFirst + 6) % 7]; }
  var SHORT_DAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 0 };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function longDate(d) { return dayName(d.getDay()) + " " + d.getDate() + " " + names().months[d.getMonth()] + " " + d.getFullYear(); }

  function stamp(d) {
    var off = -d.getTimezoneOffset(), sign = off < 0 ? "-" : "+";
    off = Math.abs(off);
    return longDate(d) + " at " + pad(d.getHours()) + ":" + pad(d.getMinutes()) +
      " (24-hour clock, UTC" + sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60) + ")";
  }

  /* 2026-01-05 and "Mon 5 Jan 2026" -> "Monday 5 January 2026" */
  function isoToLong(iso) {
    var p = iso.split("-").map(Number);
    var d = new Date(p[0], p[1] - 1, p[2]);
    return (d.getFullYear() === p[0] && d.getMonth() === p[1] - 1 && d.getDate() === p[2]) ? longDate(d) : iso;
  }
  function plainDates(text) {
    text = text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, function (m, iso) { return isoToLong(iso); });
    return text.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g,
      function (m, wd, day, mon, year) {
        var month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].indexOf(mon);
        return dayName(SHORT_DAYS[wd]) + " " + day + " " + names().months[month] + " " + year;
      });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function results(form) { return form.querySelector("[data-live-result]") || form.querySelector("[data-live-results]"); }

  function hasResult(form) {
    var state = form.getAttribute("data-state");
    if (state) return state === "result";
    var out = results(form);
    if (!out || out.hidden || !out.textContent.trim()) return false;
    return !Array.prototype.some.call(form.querySelectorAll("[data-error-for]"), function (e) {
      return !e.hidden && e.textContent.trim();
    });
  }

  function labelText(form, c) {
    var label = c.id && form.querySelector('label[for="' + c.id + '"]');
    if (!label) {
      var legend = c.closest("fieldset") && c.closest("fieldset").querySelector("legend");
      label = c.closest("label") || legend;
    }
    if (!label) return c.getAttribute("aria-label") || c.name;
    label = label.cloneNode(true);
    label.querySelectorAll(".live-calc__optional, input, select").forEach(function (e) { e.remove(); });
    return label.textContent.replace(/\s+/g, " ").trim() || c.name;
  }

  /* The unit a label names in brackets: "Start dose (mg/day)" -> "mg/day", "Hold (weeks, 2-4)" -> "weeks". */
  var UNIT = /\((mg\/kg\/day|mg\/kg|mg\/day|mg\/m²|g\/kg|mg|g|kg|cm|in|lb|weeks|days|months|years)\b/;
  var UNIT_IN_NAME = /\b(mg\/kg\/day|mg\/kg|mg\/day|g\/kg)\b/;
  function unitOf(label) { var m = UNIT.exec(label) || UNIT_IN_NAME.exec(label); return m ? m[1] : ""; }

  /* [label, value with unit] for every input in use, in page order. */
  function inputs(form) {
    var out = results(form);
    var given = out && out.querySelector("[data-live-inputs]");
    if (given) {
      var rows = [];
      given.querySelectorAll("dt").forEach(function (dt) {
        var dd = dt.nextElementSibling;
        rows.push([dt.textContent.trim(), plainDates(dd ? dd.textContent.trim() : "")]);
      });
      return rows;
    }
    var defs = {};
    var def = (window.LIVE_FORMS || {})[form.getAttribute("data-form")];
    if (def && def.fields) def.fields.forEach(function (f) { defs[f.name] = f; });
    var rows = [], ticked = [], units = {};
    var list = Array.prototype.filter.call(form.elements, function (c) {
      return c.name && /^(INPUT|SELECT)$/.test(c.tagName) && !c.disabled && !c.closest("[hidden]");
    });
    // a unit chooser beside its number (weight + weight_unit) is read as the number's unit
    list.forEach(function (c) { if (/_unit$/.test(c.name)) units[c.name.replace(/_unit$/, "")] = c; });
    list.forEach(function (c) {
      if (/_unit$/.test(c.name) && form.elements[c.name.replace(/_unit$/, "")]) return;
      if (c.type === "checkbox") { if (c.checked) ticked.push(labelText(form, c)); return; }
      if (c.type === "radio" && !c.checked) return;
      var value = c.tagName === "SELECT" ? (c.selectedOptions[0] ? c.selectedOptions[0].textContent.trim() : "") : c.value.trim();
      if (!value || (c.tagName === "SELECT" && c.value === "")) return;
      if (c.type === "date") value = isoToLong(c.value) + " (" + c.value + ")";
      var label = labelText(form, c);
      var unit = units[c.name] ? units[c.name].value : (defs[c.name] && defs[c.name].unit) || unitOf(label);
      rows.push([label, value + (unit && c.tagName !== "SELECT" && c.type !== "date" ? " " + unit : "")]);
    });
    if (ticked.length) rows.push(["Ticked", ticked.join("; ")]);
    return rows;
  }

  function edition(form) {
    var out = results(form);
    var own = out && out.querySelector("[data-live-edition]");
    if (own) return own.textContent.trim();
    var line = document.querySelector(".site-edition strong");
    return line ? "Edition " + line.textContent.trim() : "Working draft (not a published edition)";
  }

  function resultCopy(form) {
    var copy = results(form).cloneNode(true);
    copy.removeAttribute("hidden");
    copy.querySelectorAll("button, input, select, [data-live-inputs], [data-live-edition], .live-calc__actions, " +
        "[data-taper-action], .live-plan__more, .headerlink, .live-calc__record")
      .forEach(function (e) { e.remove(); });
    copy.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    copy.querySelectorAll("a").forEach(function (a) { a.replaceWith(document.createTextNode(a.textContent)); });
    // on paper a source needs its label: "Source: Devine 1974"
    copy.querySelectorAll(".live-calc__source").forEach(function (e) {
      var t = e.textContent.trim();
      if (t && !/^(\(|sources?\b)/i.test(t)) e.textContent = "Source: " + t;
    });
    var walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) n.nodeValue = plainDates(n.nodeValue);
    copy.className = "dose-record__result";
    return copy;
  }

  /* Every source the result names, spelt out with its title and date (LIVE_DATA.sources, from
     calculators/sources.py): "S002" alone tells a pharmacist holding the paper nothing. */
  function sourcesNamed(copy) {
    var known = (window.LIVE_DATA && window.LIVE_DATA.sources) || {}, text = copy.textContent;
    return Object.keys(known).filter(function (id) { return text.indexOf(id) >= 0; }).map(function (id) {
      var s = known[id];
      return id + ": " + s.title + (s.published ? " (published " + isoToLong(s.published) + ")" : " (no date given)");
    });
  }

  function signLine(label) {
    var box = el("div");
    box.appendChild(el("div", "dose-record__line"));
    box.appendChild(el("div", "dose-record__label", label));
    return box;
  }

  /* What the form's record is called (calculators/forms/definitions.py FormDef.record_label): a dose record,
     or the plan checks of the safety form, which prints no dose. */
  function recordLabel(form) {
    var def = (window.LIVE_FORMS || {})[form.getAttribute("data-form")];
    return (def && def.record_label) || "Dose record";
  }

  function build(form, now) {
    var record = el("section", "dose-record");
    record.id = "dose-record";
    record.setAttribute("data-dose-record", form.getAttribute("data-form"));
    var h1 = document.querySelector(".md-content h1");
    var title = h1 ? h1.cloneNode(true) : null;
    if (title) title.querySelectorAll(".headerlink").forEach(function (e) { e.remove(); });
    title = title ? title.textContent : document.title;
    // The drug as given: a result may name itself (a prednisolone withdrawal on the taper page is not
    // the page's "Prednisone taper").
    var own = results(form).querySelector("[data-record-title]");
    if (own && own.textContent.trim()) title = own.textContent;
    record.appendChild(el("h1", "", recordLabel(form) + ": " + title.trim()));
    record.appendChild(el("p", "dose-record__meta",
      document.title.split(" - ").pop() + " · " + edition(form) + " · Computed " + stamp(now)));
    record.appendChild(el("p", "dose-record__meta dose-record__warn",
      "For the prescribing team. Computed by the calculator from the inputs below; check every dose " +
      "against the patient and local protocol before prescribing."));

    record.appendChild(el("h2", "", "Inputs"));
    var table = el("table");
    inputs(form).forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", "", row[0]));
      tr.appendChild(el("td", "", row[1]));
      table.appendChild(tr);
    });
    record.appendChild(table);

    record.appendChild(el("h2", "", "Result, with the rule and source of each number"));
    var copy = resultCopy(form);
    record.appendChild(copy);
    var cited = sourcesNamed(copy);
    if (cited.length) {
      record.appendChild(el("h2", "", "Sources named above"));
      var list = el("ul", "dose-record__sources");
      cited.forEach(function (label) { list.appendChild(el("li", "", label)); });
      record.appendChild(list);
    }

    record.appendChild(el("h2", "", "Patient and prescriber (fill in by hand)"));
    var sign = el("div", "dose-record__sign");
    ["Patient's name", "Date of birth / hospital number", "Prescriber's name (capitals)", "Prescriber's signature",
      "Date and time signed", "Checked by (pharmacist or second prescriber)"].forEach(function (label) {
      sign.appendChild(signLine(label));
    });
    record.appendChild(sign);
    record.appendChild(el("p", "dose-record__foot",
      "Reopen this calculation: " + location.href + " (the inputs are in the link after #; no patient's name is in it)."));
    return record;
  }

  /* No zoom to fit: a long record (a long taper) runs on to a second page at its own size, with
     its table headers repeated and no row split (reader.css), so no text prints below 9 pt. */

  function print(form) {
    var old = document.getElementById("dose-record");
    if (old) old.remove();
    var record = build(form, new Date());
    document.body.appendChild(record);
    document.body.classList.add("dose-record-printing");
    var done = function () {
      document.body.classList.remove("dose-record-printing");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
    return record;
  }

  function setup(form) {
    var bar = el("div", "record-actions");
    var label = recordLabel(form);
    var button = el("button", "", "Print " + label.charAt(0).toLowerCase() + label.slice(1));
    button.type = "button";
    button.setAttribute("data-record-action", "print");
    var hint = el("span", "record-actions__hint",
      "To print or save as PDF: inputs, result with rules and sources, edition, date, signature lines.");
    bar.appendChild(button);
    bar.appendChild(hint);
    var out = results(form);
    form.appendChild(bar);
    function refresh() {
      var ok = hasResult(form);
      button.disabled = !ok;
      hint.textContent = ok
        ? "To print or save as PDF: inputs, result with rules and sources, edition, date, signature lines."
        : "Available once the form shows a result.";
    }
    button.addEventListener("click", function () { if (hasResult(form)) print(form); });
    form.addEventListener("live-calc:updated", refresh);
    form.addEventListener("input", function () { setTimeout(refresh, 0); });
    form.addEventListener("change", function () { setTimeout(refresh, 0); });
    refresh();
  }

  /* The browser's own Print (Ctrl+P, the menu) on a page whose form shows a result prints that calculation's
     record, as the button does; the whole page took three sheets with its worked examples (ward trial,
     issue 24). With no result the page prints without its forms and examples (reader.css). A print the
     button or the taper's calendar started has set its class already and is left alone. */
  function beforePrint() {
    var body = document.body, forms = document.querySelectorAll("form.live-calc[data-form]");
    if (body.classList.contains("dose-record-printing") || body.classList.contains("live-taper-printing")) {
      return;
    }
    var form = Array.prototype.filter.call(forms, hasResult)[0];
    if (!form) return;
    var old = document.getElementById("dose-record");
    if (old) old.remove();
    body.appendChild(build(form, new Date()));
    body.classList.add("dose-record-printing", "dose-record-by-browser");
  }
  function afterPrint() {
    if (!document.body.classList.contains("dose-record-by-browser")) return;
    document.body.classList.remove("dose-record-printing", "dose-record-by-browser");
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);

  function start() { document.querySelectorAll("form.live-calc[data-form]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
  window.LiveRecord = { build: build, print: print, stamp: stamp, plainDates: plainDates };
})();
