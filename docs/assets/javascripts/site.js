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
