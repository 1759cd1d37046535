/* Site-wide additions to mkdocs-material. Local only: no request leaves the site. */

/* A table wider than the screen scrolls sideways inside its wrapper. Make
   such a wrapper reachable and scrollable by keyboard (WCAG 2.1.1, axe rule
   scrollable-region-focusable), and name it for screen readers. */
(function () {
  function markScrollableTables() {
    // Tables, and the code and output blocks of notebook pages.
    document.querySelectorAll(".md-typeset__scrollwrap, .jupyter-wrapper .highlight-ipynb, " +
        ".jupyter-wrapper .jp-OutputArea-output pre").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        var what = wrap.matches(".md-typeset__scrollwrap") ? "Table" : "Code";
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : what + ", scrolls sideways");
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

/* The theme's search overlay is role="dialog" without a name (Lighthouse /
   axe rule aria-dialog-name): name it after its search box. */
(function () {
  document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });
})();
