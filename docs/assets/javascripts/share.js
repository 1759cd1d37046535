/* A calculation kept in the page address, so a link or a bookmark reopens it.

   The inputs of a live form (form.live-calc[data-form]) are written after `#`, as
   `#NAME?field=value&field=value` (the part after # never reaches a server).

   History: one entry per calculation, not one per field. Every edit replaces the current
   entry (history.replaceState), so Back leaves the calculator in one press, whatever was
   typed; only "Clear the form" starts a new entry, because it starts a new calculation,
   so Back from the second calculation returns to the first. (Pushing an entry per
   committed field made Back step through every field, and a reader who typed weight,
   age and dose had to press Back four times to leave the page.)

   An address is checked field by field before anything is applied: an unknown field
   (named, shortened if long), a choice the form does not offer, a malformed percent
   escape, a malformed number or date, or a number outside the form's range refuses the
   whole address, names each bad field, and leaves the form as it was; the address is then
   set back to what the form shows, so a bookmark or the dose record's reopen link never
   carries the refused inputs. Field names are looked up only among the form's own
   controls (never as object properties, so `__proto__` or `constructor` is just an
   unknown field). Numbers, dates and ranges are read by the form's own reader
   (live/forms.js over live/contract.js), so a refused link says what the form would say. */
(function () {
  "use strict";
  var HASH = /^#([a-z][a-z0-9-]*)\?(.*)$/;
  var MAX_VALUE = 64;
  var MAX_SHOWN = 40;  // longest name or value quoted whole in a refusal; longer ones are cut
  var own = Object.prototype.hasOwnProperty;
  var applying = false;  // our own change events are not edits

  function dispatch(form) {
    applying = true;
    try { form.dispatchEvent(new Event("change", { bubbles: true })); } finally { applying = false; }
  }

  function forms() { return Array.prototype.slice.call(document.querySelectorAll("form.live-calc[data-form]")); }

  function controls(form) {
    return Array.prototype.filter.call(form.elements, function (c) {
      return c.name && /^(INPUT|SELECT|TEXTAREA)$/.test(c.tagName) && !/^(button|submit|reset|file)$/.test(c.type);
    });
  }

  function shown(c) { return !c.disabled && !c.closest("[hidden]"); }

  function defaultOf(c) {
    if (c.tagName !== "SELECT") return c.defaultValue;
    var d = Array.prototype.filter.call(c.options, function (o) { return o.defaultSelected; })[0] || c.options[0];
    return d ? d.value : "";
  }

  /* The form's state as `field=value` pairs: the fields in use (not hidden), in page order; an
     emptied field that has a default is written empty, so the link does not bring the default back. */
  function serialize(form) {
    var params = new URLSearchParams();
    controls(form).forEach(function (c) {
      if (!shown(c)) return;
      if (c.type === "checkbox" || c.type === "radio") { if (c.checked) params.append(c.name, c.value); return; }
      if (c.value !== "" || defaultOf(c) !== "") params.append(c.name, c.value);
    });
    return "#" + form.getAttribute("data-form") + "?" + params.toString();
  }

  /* A name or value as a refusal quotes it: whole up to MAX_SHOWN characters, else cut with its length. */
  function shorten(text) {
    return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + "… (" + text.length + " characters)" : text;
  }

  /* The address's pairs, decoded as a form submission would be ("+" is a space), but strictly:
     a malformed percent escape is a problem naming its field, never a silent U+FFFD. */
  function parse(query) {
    var pairs = [], problems = [];
    query.split("&").forEach(function (part) {
      if (part === "") return;
      var at = part.indexOf("=");
      var raw = [at < 0 ? part : part.slice(0, at), at < 0 ? "" : part.slice(at + 1)];
      var decoded = raw.map(function (t) {
        try { return decodeURIComponent(t.replace(/\+/g, " ")); } catch (e) { return null; }
      });
      if (decoded[0] === null || decoded[1] === null) {
        problems.push(shorten(decoded[0] === null ? raw[0] : decoded[0]) + ' = "' + shorten(raw[1]) +
          '": a malformed percent escape (a % not followed by a whole UTF-8 character)');
        return;
      }
      pairs.push(decoded);
    });
    return { pairs: pairs, problems: problems };
  }

  function labelOf(form, name) {
    var el = controls(form).filter(function (c) { return c.name === name; })[0];
    var label = el && el.id && form.querySelector('label[for="' + el.id + '"]');
    var text = label ? label.textContent.replace(/\(.*?\)/g, "").replace(/\s+/g, " ").trim()
      : (el && el.getAttribute("aria-label")) || "";
    return text ? text + " (" + name + ")" : shorten(name);
  }

  /* Check every pair; return {values: {name: value}, problems: ["Label: field = value: reason; allowed: ..."]}.
     Names, choices and tick boxes are checked here; numbers, dates and ranges are read as the form reads
     them (window.LiveForms.read over window.LiveContract), so a refusal names the field, the value and
     what is allowed in the form's own words: `weight=1,000` names both readings (1000 or 1). */
  function check(form, query) {
    // null-prototype maps: a field called __proto__, constructor or toString is only a name
    var values = Object.create(null), seen = Object.create(null);
    var parsed = parse(query), problems = parsed.problems;
    parsed.pairs.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      function bad(reason) { problems.push(labelOf(form, name) + ' = "' + shorten(value) + '": ' + reason); }
      if (own.call(seen, name)) { bad("given twice"); return; }
      seen[name] = true;
      var list = controls(form).filter(function (c) { return c.name === name; });
      if (!list.length) { problems.push(shorten(name) + ": this calculator has no such field"); return; }
      if (value.length > MAX_VALUE) { bad("longer than any value this field takes"); return; }
      var c = list[0];
      if (c.tagName === "SELECT" || c.type === "radio") {
        var options = c.tagName === "SELECT"
          ? Array.prototype.map.call(c.options, function (o) { return o.value; })
          : list.map(function (r) { return r.value; });
        if (options.indexOf(value) < 0) { bad("not one of the choices this form offers"); return; }
      } else if (c.type === "checkbox") {
        if (value !== c.value) { bad('a tick box takes only "' + c.value + '"'); return; }
      }
      values[name] = value;
    });
    var def = (window.LIVE_FORMS || {})[form.getAttribute("data-form")];
    if (!def || !window.LiveForms || !window.LiveContract) {
      return { values: values, problems: problems.concat(["this page cannot check the address's numbers and dates"]) };
    }
    // What the form would hold once the address is applied: the address's values, the page's defaults.
    var held = {};
    controls(form).forEach(function (c) {
      if (c.type === "checkbox" || c.type === "radio") { if (!(c.name in held)) held[c.name] = ""; return; }
      held[c.name] = defaultOf(c);
    });
    Object.keys(values).forEach(function (name) { held[name] = values[name]; });
    // A field the form does not use with what the address chose (another regimen's field) is refused as
    // such, with no source, never read against that regimen's bounds (calculators/forms/reading.py not_used).
    var notUsed = Object.create(null);
    def.fields.forEach(function (f) {
      if (!f.when || !own.call(values, f.name) || values[f.name] === "") return;
      var names = Object.keys(f.when);
      // a choice the address gives but that is refused decides nothing: its fields are read as below
      if (names.some(function (n) { return own.call(seen, n) && !own.call(values, n); })) return;
      if (names.every(function (n) { return f.when[n].indexOf(held[n] || "") >= 0; })) return;
      var controls = names.map(function (n) {
        return def.fields.filter(function (c) { return c.name === n; })[0];
      });
      var control = controls.map(function (c) { return c.label.toLowerCase(); }).join(", ");
      var reason = controls.every(function (c) { return held[c.name]; })
        ? window.LiveContract.say("input.not_a_field", { control: control, choice: controls.map(function (c) {
          var o = (c.choices || []).filter(function (x) { return x.value === held[c.name]; })[0];
          var g = (c.groups || []).filter(function (x) { return x.value === held[c.name]; })[0];
          var label = o ? o.label : held[c.name];
          if (!g) return label;
          return window.LiveContract.say("input.choice_in_group", { choice: label, group: g.group });
        }).join(", ") })
        : window.LiveContract.say("input.not_a_field.none", { control: control });
      problems.push(labelOf(form, f.name) + ' = "' + shorten(values[f.name]) + '": ' + reason);
      notUsed[f.name] = true;
    });
    // Every other field the address names is read, even one a refused choice would hide (its parse counts).
    var named = { fields: def.fields.map(function (f) {
      return !own.call(notUsed, f.name) && (own.call(values, f.name) || own.call(seen, f.name))
        ? Object.assign({}, f, { when: null }) : f;
    }) };
    window.LiveForms.read(named, held, window.LiveContract.localToday()).problems.forEach(function (p) {
      var kind = (def.fields.filter(function (f) { return f.name === p.field; })[0] || {}).kind;
      if (own.call(values, p.field) && kind !== "choice" && kind !== "flag") {
        problems.push(labelOf(form, p.field) + ": " + p.message);
      }
    });
    return { values: values, problems: problems };
  }

  function wording(cls, text) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    return span;
  }

  function notice(form, kind, lines, action) {
    var old = form.parentNode.querySelector('.share-notice[data-for="' + form.getAttribute("data-form") + '"]');
    if (old) old.remove();
    if (!kind) return;
    var box = document.createElement("div");
    box.className = "share-notice share-notice--" + kind;
    box.setAttribute("data-for", form.getAttribute("data-form"));
    box.setAttribute("data-share-notice", kind);
    box.setAttribute("role", kind === "refused" ? "alert" : "status");
    var p = document.createElement("p");
    if (kind === "refused") {
      p.textContent = "This link's inputs were not applied: the address does not hold a calculation " +
        "this form can take. Nothing was changed. Problems:";
    } else {  // one wording per reader (view.js): reader.css shows the one for the view chosen
      p.appendChild(wording("share-notice__clinician", "Inputs restored from the page address " +
        "(a shared link, bookmark or history). Check each one against your patient before you use " +
        "the result."));
      p.appendChild(wording("share-notice__patient", "This page opened with the figures saved in the link " +
        "(a shared link, bookmark or history). Take your doses as your care team told you; if anything " +
        "here differs from what they said, ask them before you change anything."));
    }
    box.appendChild(p);
    if (lines && lines.length) {
      var ul = document.createElement("ul");
      lines.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; ul.appendChild(li); });
      box.appendChild(ul);
    }
    if (action) box.appendChild(action);
    form.parentNode.insertBefore(box, form);
    // a link or bookmark opens at its calculation
    if (box.scrollIntoView) box.scrollIntoView({ block: "start" });
  }

  function clearButton(form) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = "Clear the form";
    b.addEventListener("click", function () {
      reset(form);
      // a new calculation, so a new entry; an address holding none is only tidied
      var url = location.pathname + location.search;
      if (HASH.test(location.hash)) history.pushState(null, "", url); else history.replaceState(null, "", url);
      notice(form, null);
    });
    return b;
  }

  /* True when every field holds what a fresh page has: nobody has entered anything. */
  function pristine(form) {
    return controls(form).every(function (c) {
      if (c.type === "checkbox" || c.type === "radio") return c.checked === c.defaultChecked;
      return c.value === defaultOf(c);
    });
  }

  /* Put the address back to what the form shows (no calculation: no inputs in the address),
     without a new history entry; after a refusal the refused inputs leave the address bar and
     with it the dose record's reopen link and any bookmark made next. */
  function showShown(form) {
    var url = location.pathname + location.search + (pristine(form) ? "" : serialize(form));
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  function refuse(form, problems) {
    notice(form, "refused", problems, clearButton(form));
    showShown(form);
  }

  function reset(form) {
    form.reset();
    dispatch(form);
  }

  /* Put values into the form (fields not named keep the page's defaults; a tick box not named
     is unticked), then one change. */
  function apply(form, values) {
    form.reset();
    controls(form).forEach(function (c) {
      if (!own.call(values, c.name)) {
        if (c.type === "checkbox" && shown(c)) c.checked = false;
        return;
      }
      if (c.type === "checkbox" || c.type === "radio") c.checked = c.value === values[c.name];
      else c.value = values[c.name];
    });
    dispatch(form);
  }

  /* Apply the address to the page's form, if it holds a calculation. */
  function fromAddress(how) {
    var m = HASH.exec(location.hash);
    if (!m) {
      if (location.hash === "" && how === "history") {
        forms().forEach(function (form) { reset(form); notice(form, null); });
      } else if (/[=?&]/.test(location.hash)) {
        // inputs with no calculator's name (#weight=70): not a section link, refused on the page's form
        var first = forms()[0];
        refuse(first, ["the address names no calculator: a link to this one starts #" +
          first.getAttribute("data-form") + "?"]);
      }
      return;
    }
    var form = document.querySelector('form.live-calc[data-form="' + m[1] + '"]');
    if (!form) {
      var only = forms()[0];
      refuse(only, ['this page has no calculator called "' + shorten(m[1]) + '"; a link to this one starts #' +
        only.getAttribute("data-form") + "?"]);
      return;
    }
    if (serialize(form) === location.hash) {  // already showing it
      if (how === "link") notice(form, "restored", null, clearButton(form));
      return;
    }
    var result = check(form, m[2]);
    if (result.problems.length) {
      refuse(form, result.problems);
      return;
    }
    apply(form, result.values);
    notice(form, how === "history" ? null : "restored", null, clearButton(form));
  }

  /* Every edit replaces the current entry: one history entry per calculation (see the top). */
  function track(form) {
    function write() {
      var hash = serialize(form);
      if (hash !== location.hash) history.replaceState(null, "", location.pathname + location.search + hash);
    }
    form.addEventListener("input", function () { if (!applying) write(); });
    form.addEventListener("change", function () { if (!applying) write(); });
  }

  function start() {
    var all = forms();
    if (!all.length) return;
    all.forEach(track);
    window.addEventListener("popstate", function () { fromAddress("history"); });
    window.addEventListener("hashchange", function () { fromAddress("typed"); });
    fromAddress("link");
  }

  // After the live-form scripts (also deferred) have set their forms up.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
  window.LiveShare = { serialize: serialize, check: check };
})();
