/* The reader's own view: clinician or patient, chosen once, kept in this browser
   (localStorage "guide.reader"), changeable from the header of every page.

   Patient view:
   - a guideline page (one with a `.admonition.patient` summary) leads with its
     plain-language summary; the clinical detail follows, folded, one click away;
   - a calculator or notebook page says, above the page and above every result, that
     its doses are for the prescribing team.
   Clinician view is the page as written. The head of each page applies the saved
   choice before drawing (igm_iim_site/reader.py), so the layout does not jump; the build
   writes the switch, the first-visit question and the team notes into the page, and
   this script only wires them (it makes them only on a page that lacks them). */
(function () {
  "use strict";
  var KEY = "guide.reader";
  var root = document.documentElement;
  var TEAM_NOTE = "For the prescribing team: the doses on this page are worked out for the doctor, nurse " +
    "or pharmacist who prescribes. Do not start, stop or change a medicine because of a number here; " +
    "ask your team.";

  function saved() {
    try { var v = localStorage.getItem(KEY); return v === "patient" || v === "clinician" ? v : null; }
    catch (e) { return null; }
  }
  function save(v) { try { localStorage.setItem(KEY, v); } catch (e) { /* private mode: this page only */ } }
  function current() { return root.getAttribute("data-reader") || saved() || "clinician"; }

  var content = document.querySelector(".md-content__inner");
  var summary = content && content.querySelector(".admonition.patient");
  var moved = null;  // {nodes, marker, details} while a guideline page is in patient order

  function summaryNodes() {
    // the summary's heading (the h2 just before it) and the summary itself
    var nodes = [summary];
    var prev = summary.previousElementSibling;
    if (prev && /^H[23]$/.test(prev.tagName)) nodes.unshift(prev);
    return nodes;
  }

  function patientOrder() {
    if (!summary || moved) return;
    var h1 = content.querySelector("h1");
    if (!h1) return;
    var nodes = summaryNodes();
    var marker = document.createComment("patient summary");
    nodes[0].parentNode.insertBefore(marker, nodes[0]);
    // after the title and the edition/review lines that belong to it
    var anchor = h1;
    while (anchor.nextElementSibling && /\b(guideline-meta|page-meta|admonition info)\b/.test(anchor.nextElementSibling.className)) {
      anchor = anchor.nextElementSibling;
    }
    var details = document.createElement("details");
    details.className = "reader-clinical";
    var label = document.createElement("summary");
    label.textContent = "Clinical detail for the healthcare team (tests, doses, evidence)";
    details.appendChild(label);
    // everything after the anchor, but the disclaimer, goes into the fold
    var rest = [];
    for (var n = anchor.nextSibling; n; n = n.nextSibling) rest.push(n);
    rest.forEach(function (node) {
      if (node.nodeType === 1 && (node.matches(".site-disclaimer") || nodes.indexOf(node) >= 0)) return;
      details.appendChild(node);
    });
    anchor.after.apply(anchor, nodes.concat([details]));
    moved = { nodes: nodes, marker: marker, details: details, anchor: anchor };
  }

  function clinicianOrder() {
    if (!moved) return;
    var details = moved.details;
    details.removeChild(details.querySelector("summary"));
    while (details.firstChild) details.parentNode.insertBefore(details.firstChild, details);
    details.remove();
    moved.nodes.forEach(function (node) { moved.marker.parentNode.insertBefore(node, moved.marker); });
    moved.marker.remove();
    moved = null;
  }

  function teamNotes() {
    if (!content) return;
    var doses = document.querySelectorAll("form.live-calc").length ||
      /\/(calculators|notebooks)\//.test(location.pathname);
    if (doses && !content.querySelector(".reader-note--page")) {
      var page = document.createElement("p");
      page.className = "reader-note reader-note--page";
      page.textContent = TEAM_NOTE;
      var h1 = content.querySelector("h1");
      if (h1) h1.after(page); else content.prepend(page);
    }
    document.querySelectorAll("form.live-calc").forEach(function (form) {
      var out = form.querySelector("[data-live-result]") || form.querySelector("[data-live-results]");
      if (!out || (out.previousElementSibling && out.previousElementSibling.matches(".reader-note"))) return;
      var note = document.createElement("p");
      note.className = "reader-note reader-note--result";
      note.textContent = "For the prescribing team: a dose shown below is for the person who prescribes, " +
        "not an instruction to the patient.";
      out.parentNode.insertBefore(note, out);
    });
  }

  var buttons = {};
  // Attributes are only written when they change: a change on <html> restyles the whole page.
  function show(view) {
    if (root.getAttribute("data-reader") !== view) root.setAttribute("data-reader", view);
    if (view === "patient") patientOrder(); else clinicianOrder();
    Object.keys(buttons).forEach(function (k) {
      buttons[k].forEach(function (b) {
        if (b.getAttribute("aria-pressed") !== String(k === view)) b.setAttribute("aria-pressed", String(k === view));
      });
    });
    var ask = document.querySelector(".reader-ask");
    if (ask && saved()) ask.remove();
  }

  function choose(view) { save(view); root.setAttribute("data-reader-chosen", ""); show(view); }

  function switchGroup(where) {
    var group = document.createElement("div");
    group.className = "reader-switch reader-switch--" + where;
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Reading as");
    [["clinician", "Clinician", "Clinician view: the page as written for the healthcare team"],
      ["patient", "Patient", "Patient view: plain-language summary first"]].forEach(function (v) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "reader-switch__button";
      b.textContent = v[1];
      b.title = v[2];
      b.setAttribute("data-reader-choice", v[0]);
      b.addEventListener("click", function () { choose(v[0]); });
      (buttons[v[0]] = buttons[v[0]] || []).push(b);
      group.appendChild(b);
    });
    return group;
  }

  function bind(group) {
    group.querySelectorAll("[data-reader-choice]").forEach(function (b) {
      var v = b.getAttribute("data-reader-choice");
      b.addEventListener("click", function () { choose(v); });
      (buttons[v] = buttons[v] || []).push(b);
    });
    return group;
  }

  /* In the header bar on wide screens; on a phone, where the bar is full, at the top of the page.
     The build writes both into the page (igm_iim_site/reader.py), so nothing moves when this script runs;
     they are made here only if a page lacks them. */
  function toggle() {
    var header = document.querySelector(".md-header__inner");
    var page = content && content.querySelector(".reader-switch--page");
    if (page) bind(page); else if (content) content.insertBefore(switchGroup("page"), content.firstChild);
    if (!header) return;
    var built = header.querySelector(".reader-switch--header");
    if (built) { bind(built); return; }
    var group = switchGroup("header");
    // before the search (or the colour switch): the child of the header bar that holds it
    var before = header.querySelector(".md-search") || header.querySelector("[data-md-component=palette]");
    while (before && before.parentNode !== header) before = before.parentNode;
    header.insertBefore(group, before || null);
  }

  function askOnce() {
    var built = content && content.querySelector(".reader-ask");
    if (saved() || !content) { if (built) built.remove(); return; }
    if (built) {
      built.querySelectorAll("[data-reader-choice]").forEach(function (b) {
        b.addEventListener("click", function () { choose(b.getAttribute("data-reader-choice")); });
      });
      return;
    }
    var ask = document.createElement("div");
    ask.className = "reader-ask";
    ask.setAttribute("role", "region");
    ask.setAttribute("aria-label", "Who is reading");
    var p = document.createElement("p");
    p.textContent = "Who is reading? The guide can lead with plain language for patients and families. " +
      "You can change this at any time with the Clinician / Patient switch at the top of every page.";
    ask.appendChild(p);
    [["clinician", "I work in healthcare"], ["patient", "I am a patient or family member"]].forEach(function (v) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = v[1];
      b.setAttribute("data-reader-choice", v[0]);
      b.addEventListener("click", function () { choose(v[0]); });
      ask.appendChild(b);
    });
    // A calculator page opens with its form (issue 14: calculators first): ask after the form there.
    var form = content.querySelector("form.live-calc");
    if (form) form.after(ask); else content.insertBefore(ask, content.firstChild);
  }

  toggle();
  teamNotes();
  askOnce();
  show(current());
  // a link to a section in the folded clinical detail opens the fold
  function reveal() {
    var id;
    // a malformed escape (#weight=%E0%A4%A) is no section's id, not an error
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    var fold = target && target.closest("details.reader-clinical");
    if (fold && !fold.open) { fold.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  // another tab changed the view
  window.addEventListener("storage", function (e) { if (e.key === KEY && e.newValue) show(e.newValue); });
  window.ReaderView = { show: show, choose: choose };
})();
