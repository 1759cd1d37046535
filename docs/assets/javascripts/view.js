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
   this script only wires them. It writes no sentence: the fold's label is the build's
   (data-fold-label on the page's switch, igm_iim_site/reader.py FOLD_LABEL). */
(function () {
  "use strict";
  var KEY = "guide.reader";
  var root = document.documentElement;

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
    var labelled = content && content.querySelector("[data-fold-label]");  // written by the build, with the switch
    if (!summary || moved || !labelled) return;
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
    label.textContent = labelled.getAttribute("data-fold-label");
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

  function bind(group) {
    group.querySelectorAll("[data-reader-choice]").forEach(function (b) {
      var v = b.getAttribute("data-reader-choice");
      b.addEventListener("click", function () { choose(v); });
      (buttons[v] = buttons[v] || []).push(b);
    });
    return group;
  }

  // In the header bar on wide screens; on a phone, where the bar is full, at the top of the page
  // (both written by the build, as is the first-visit question, asked until a view is saved).
  function wire() {
    document.querySelectorAll(".reader-switch").forEach(bind);
    var ask = document.querySelector(".reader-ask");
    if (ask && saved()) { ask.remove(); return; }
    (ask ? ask.querySelectorAll("[data-reader-choice]") : []).forEach(function (b) {
      b.addEventListener("click", function () { choose(b.getAttribute("data-reader-choice")); });
    });
  }

  wire();
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
