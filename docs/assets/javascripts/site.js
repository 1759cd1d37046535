/* Site-wide additions to mkdocs-material. Local only: no request leaves the site. */

/* A table wider than the screen scrolls sideways inside its wrapper. Make
   such a wrapper reachable and scrollable by keyboard (WCAG 2.1.1, axe rule
   scrollable-region-focusable), and name it for screen readers. */
(function () {
  function markScrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table, scrolls sideways");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(markScrollableTables);
  } else {
    document.addEventListener("DOMContentLoaded", markScrollableTables);
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollableTables, 100);
  });
})();

/* The theme gives the search results panel tabindex="0" (and Chromium makes
   a scrollable box a Tab stop anyway). Tab from the search box closes search,
   so that stop was always an invisible, empty panel. Take it out of the Tab
   order: the results stay reachable with the arrow keys, and are links. */
(function () {
  document.querySelectorAll(".md-search__scrollwrap").forEach(function (panel) {
    panel.setAttribute("tabindex", "-1");
  });
})();

/* Print every collapsed block open (browsers without ::details-content),
   then close again what was closed. */
(function () {
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-typeset details:not([open])").forEach(function (block) {
      block.setAttribute("open", "");
      opened.push(block);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (block) { block.removeAttribute("open"); });
    opened = [];
  });
})();
