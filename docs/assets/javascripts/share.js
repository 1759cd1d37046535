/* A calculation kept in the page address, so a link or a bookmark reopens it.

   The inputs of a live form (form.live-calc[data-form]) are written after `#`, as
   `#NAME?field=value&field=value` (the part after # never reaches a server). Typing
   replaces the current history entry; a committed change (a choice made, a field left)
   ends it, so Back and Forward step through the edits. An address is checked field by
   field before anything is applied: an unknown field, a choice the form does not offer,
   a malformed number or date, or a number outside the form's range refuses the whole
   address, names each bad field, and leaves the form as it was. Numbers, dates and ranges
   are read by the form's own reader (live/forms.js over live/contract.js), so a refused
   link says what the form would say. */
(function () {
  "use strict";
  var HASH = /^#([a-z][a-z0-9-]*)\?(.*)$/;
  var MAX_VALUE = 64;
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

  function labelOf(form, name) {
    var c = form.elements[name];
    var el = c && (c.length && !c.tagName ? c[0] : c);
    var label = el && el.id && form.querySelector('label[for="' + el.id + '"]');
    var text = label ? label.textContent.replace(/\(.*?\)/g, "").replace(/\s+/g, " ").trim()
      : (el && el.getAttribute("aria-label")) || "";
    return text ? text + " (" + name + ")" : name;
  }

  /* Check every pair; return {values: {name: value}, problems: ["Label: field = value: reason; allowed: ..."]}.
     Names, choices and tick boxes are checked here; numbers, dates and ranges are read as the form reads
     them (window.LiveForms.read over window.LiveContract), so a refusal names the field, the value and
     what is allowed in the form's own words: `weight=1,000` names both readings (1000 or 1). */
  function check(form, query) {
    var values = {}, problems = [], seen = {};
    var params;
    try { params = new URLSearchParams(query); } catch (e) { return { values: {}, problems: ["the address cannot be read"] }; }
    params.forEach(function (value, name) {
      var shownValue = value.length > 24 ? value.slice(0, 24) + "…" : value;
      function bad(reason) { problems.push(labelOf(form, name) + ' = "' + shownValue + '": ' + reason); }
      if (seen[name]) { bad("given twice"); return; }
      seen[name] = true;
      var list = controls(form).filter(function (c) { return c.name === name; });
      if (!list.length) { problems.push(name + ": this calculator has no such field"); return; }
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
      return { values: values, problems: ["this page cannot check the address's numbers and dates"] };
    }
    // What the form would hold once the address is applied: the address's values, the page's defaults.
    var held = {};
    controls(form).forEach(function (c) {
      if (c.type === "checkbox" || c.type === "radio") { if (!(c.name in held)) held[c.name] = ""; return; }
      held[c.name] = defaultOf(c);
    });
    Object.keys(values).forEach(function (name) { held[name] = values[name]; });
    // Every field the address names is read, even one a refused choice would hide (its parse still counts).
    var named = { fields: def.fields.map(function (f) {
      return Object.prototype.hasOwnProperty.call(values, f.name) || Object.prototype.hasOwnProperty.call(seen, f.name)
        ? Object.assign({}, f, { when: null }) : f;
    }) };
    window.LiveForms.read(named, held, window.LiveContract.localToday()).problems.forEach(function (p) {
      var kind = (def.fields.filter(function (f) { return f.name === p.field; })[0] || {}).kind;
      if (Object.prototype.hasOwnProperty.call(values, p.field) && kind !== "choice" && kind !== "flag") {
        problems.push(labelOf(form, p.field) + ": " + p.message);
      }
    });
    return { values: values, problems: problems };
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
    } else {
      p.textContent = "Inputs restored from the page address (a shared link, bookmark or history). " +
        "Check each one against your patient before you use the result.";
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
      history.pushState(null, "", location.pathname + location.search);
      notice(form, null);
    });
    return b;
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
      if (!Object.prototype.hasOwnProperty.call(values, c.name)) {
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
      }
      return;
    }
    var form = document.querySelector('form.live-calc[data-form="' + m[1] + '"]');
    if (!form) return;
    if (serialize(form) === location.hash) {  // already showing it
      if (how === "link") notice(form, "restored", null, clearButton(form));
      return;
    }
    var result = check(form, m[2]);
    if (result.problems.length) {
      notice(form, "refused", result.problems, clearButton(form));
      return;
    }
    apply(form, result.values);
    notice(form, how === "history" ? null : "restored", null, clearButton(form));
  }

  function track(form) {
    var committed = true;  // the current history entry holds a finished state
    function write(commit) {
      var hash = serialize(form);
      if (hash !== location.hash) {
        var url = location.pathname + location.search + hash;
        if (committed) history.pushState(null, "", url); else history.replaceState(null, "", url);
      }
      committed = commit;
    }
    form.addEventListener("input", function () { if (!applying) write(false); });
    form.addEventListener("change", function () { if (!applying) write(true); });
    window.addEventListener("popstate", function () { committed = true; });
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.LiveShare = { serialize: serialize, check: check };
})();
