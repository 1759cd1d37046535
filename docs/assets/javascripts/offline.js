/* Offline copy of a published edition: registers the edition's service worker (sw.js at
   the edition root) and tells the reader when a newer edition is published.
   Added only to the pages of an edition that mike builds (igm_iim_site/offline.py). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var root = new URL(me.getAttribute("data-root"), location.href).href;
  var pageBuild = me.getAttribute("data-build");
  var pageEdition = me.getAttribute("data-edition");
  var sw = navigator.serviceWorker;
  var hadController = !!sw.controller;
  var switching = false;

  function status(text) {
    var line = document.querySelector(".site-edition");
    if (!line) return;
    var el = line.querySelector("[data-offline-status]");
    if (!el) {
      el = document.createElement("span");
      el.setAttribute("data-offline-status", "");
      el.className = "offline-status";
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(el);
    }
    el.textContent = text;
  }

  function ask(worker) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage({ type: "edition" }, [channel.port2]);
    });
  }

  function offer(worker) {
    ask(worker).then(function (info) {
      if (!info || info.build === pageBuild || document.querySelector("[data-offline-update]")) return;
      var same = info.edition === pageEdition;
      var box = document.createElement("div");
      box.className = "offline-update";
      box.setAttribute("data-offline-update", info.edition);
      box.setAttribute("role", "status");
      var text = document.createElement("p");
      text.textContent = same
        ? "A corrected build of edition " + info.edition + " has been published and saved on this device. " +
          "This page still shows the earlier build."
        : "Edition " + info.edition + " of this guide has been published and saved on this device. " +
          "This page shows edition " + pageEdition + ".";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button md-button--primary";
      button.textContent = "Switch to edition " + info.edition;
      button.addEventListener("click", function () {
        switching = true;
        button.disabled = true;
        button.textContent = "Switching…";
        // Chromium can leave the new worker waiting for good when a request of this page reaches the
        // old worker just as it hands over (seen with the theme's script, which this same tap fetches:
        // partials/theme-on-demand.html). So the switch is asked for once the theme has loaded (at most
        // 2 s later), and if the new worker has not taken over 3 s after that, the page is reloaded:
        // leaving the page lets the hand-over finish, and the reloaded page comes from the new edition.
        var asked = false;
        function ask() {
          if (asked) return;
          asked = true;
          worker.postMessage({ type: "switch" });
          setTimeout(reload, 3000);
        }
        var theme = window.__theme;
        if (theme && !theme.mounted()) {
          theme.ready(ask);
          setTimeout(ask, 2000);
        } else {
          ask();
        }
      });
      var changes = document.createElement("a");
      changes.href = root + "editions/";
      changes.textContent = "What changed";
      box.appendChild(text);
      box.appendChild(button);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(changes);
      var anchor = document.querySelector(".md-content__inner") || document.body;
      anchor.insertBefore(box, anchor.firstChild);
    });
  }

  function watch(registration) {
    if (registration.waiting && sw.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", function () {
      var worker = registration.installing;
      if (!worker) return;
      if (!sw.controller) status("Saving this edition for offline use…");
      worker.addEventListener("statechange", function () {
        if (worker.state === "installed" && sw.controller) offer(worker);
        if (worker.state === "activated" && !hadController) status("Saved on this device: works offline");
        if (worker.state === "redundant" && !sw.controller) status("Not saved for offline use (try again online)");
      });
    });
    // A page left open still hears of a new edition: when the reader comes back to it (the tab
    // shown again, the window focused: a phone unlocked, a ward PC's window brought forward),
    // and every 30 minutes while it stays in view. At most one check every 10 s: focus and
    // visibility often fire together.
    var lastCheck = Date.now();
    function check() {
      if (Date.now() - lastCheck < 10 * 1000) return;
      lastCheck = Date.now();
      registration.update().catch(function () {});
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") check();
    });
    window.addEventListener("focus", check);
    setInterval(check, 30 * 60 * 1000);
  }

  // The reader (here or in another tab) switched editions: reload, so no page shows
  // files of two editions. The calculator inputs are kept in the address (share.js).
  var reloading = false;
  function reload() {
    if (reloading) return;
    reloading = true;
    location.reload();
  }
  sw.addEventListener("controllerchange", function () {
    if (hadController || switching) reload();
  });

  if (sw.controller) status("Saved on this device: works offline");
  // After the page has loaded, when the browser is idle: saving the edition is background
  // work of the worker and never competes with the page's own requests.
  function register() {
    sw.register(root + "sw.js", { scope: root }).then(watch).catch(function () {
      status("Not saved for offline use");
    });
    // Once this edition is saved: the worker of the folder above the editions (written there by
    // `make publish`), so the site's root address and the other edition folders open offline too.
    sw.ready.then(function () {
      var top = new URL("../", root).href;
      return sw.register(top + "sw.js", { scope: top });
    }).catch(function () { /* not published with make publish: no root worker */ });
  }
  function later() {
    if (window.requestIdleCallback) requestIdleCallback(register, { timeout: 3000 });
    else setTimeout(register, 500);
  }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})();
