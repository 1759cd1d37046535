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
  /* A code block that scrolls sideways is reachable by keyboard, as the theme makes it when it mounts
     (content/code: tabindex 0 when it scrolls and the screen has hover); the theme's script now loads
     at the first interaction (partials/theme-on-demand.html), so the page is usable by keyboard
     before that. Once mounted, the theme keeps the attribute up to date itself. */
  function markScrollableCode() {
    if (window.__theme && window.__theme.mounted()) return;
    var hover = window.matchMedia("(hover)").matches;
    document.querySelectorAll(".md-typeset pre > code").forEach(function (code) {
      if (hover && code.scrollWidth > code.clientWidth + 1) code.setAttribute("tabindex", "0");
      else code.removeAttribute("tabindex");
    });
  }
  function mark() {
    markScrollableTables();
    markScrollableCode();
  }
  // The build wraps the tables as the theme does (igm_iim_site/theme_markup.py), so they are there at load.
  // In the first frame (their sizes come from the layout that frame does anyway), not in the
  // DOMContentLoaded task, where reading them forced the page's first layout inside our scripts.
  function soon() { requestAnimationFrame(mark); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", soon, { once: true });
  else soon();
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 100);
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

/* A query put in the search box without a key press (a paste from a phone's long-press menu, a
   drop, a browser's autofill) is searched for too. The theme's search reads the box on its key events
   (keyup) only, so a pasted drug name left "Type to start searching" (the third ward trial). On every
   input in the box, the same public DOM event the theme listens to is sent to the box; a typed key
   sends the same value twice, which the theme asks the worker only once. */
(function () {
  document.addEventListener("input", function (e) {
    var box = e.target;
    if (!box || !box.matches || !box.matches('input[data-md-component="search-query"]')) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: false }));
  });
})();

/* Tooltips for the page's titled elements (evidence labels, permanent links, the copy button, the
   reader switch, the header's buttons), drawn with the theme's own tooltip (md-tooltip2). They
   replace the theme's content.tooltips feature (issue 13): that mounted a set of watchers per
   element at load, 66 of them on a guideline page, about a third of the theme's start-up script.
   Here one set of listeners serves the page. As with the theme's: shown on hover, on a tap (a touch
   screen's emulated mouse) and on keyboard focus, below the element; the title is lifted while the
   tooltip shows, so the browser's own does not show too, and the tooltip describes the element
   (aria-describedby). Without this script the browser shows the title itself. */
(function () {
  // as the theme's: the article's and the header's titled elements, and a navigation label the theme
  // found cut short (patches/ellipsis sets its full text as the link's title)
  var HOSTS = '[data-md-component="content"] [title]:not([data-preview]), [data-md-component="header"] [title], ' +
    '.md-nav a[title], .md-status[title]';
  var host = null, tip = null, title = "", described = false, timer = 0, seq = 0;

  function hide() {
    clearTimeout(timer);
    if (!host) return;
    host.setAttribute("title", title);
    if (described) host.removeAttribute("aria-describedby");
    tip.remove();
    host = tip = null;
  }

  function show(el) {
    clearTimeout(timer);
    if (el === host) return;
    hide();
    title = el.getAttribute("title") || "";
    if (!title.trim()) return;
    host = el;
    tip = document.createElement("div");
    tip.className = "md-tooltip2 md-tooltip2--bottom";
    tip.setAttribute("role", "tooltip");
    tip.id = "__site_tooltip_" + (seq++);
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    inner.textContent = title;
    tip.appendChild(inner);
    el.removeAttribute("title");
    described = !el.hasAttribute("aria-describedby");
    if (described) el.setAttribute("aria-describedby", tip.id);
    document.body.appendChild(tip);
    // the theme's variables: the host's place in the document, the tooltip below its middle
    var box = el.getBoundingClientRect();
    var style = tip.style;
    style.setProperty("--md-tooltip-host-x", (box.left + window.scrollX) + "px");
    style.setProperty("--md-tooltip-host-y", (box.top + window.scrollY) + "px");
    style.setProperty("--md-tooltip-x", (box.width / 2) + "px");
    style.setProperty("--md-tooltip-y", (8 + box.height) + "px");
    style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
    style.setProperty("--md-tooltip-tail", "0px");
    var shown = tip;
    requestAnimationFrame(function () { shown.classList.add("md-tooltip2--active"); });
  }

  function hostOf(node) {
    if (!node || node.nodeType !== 1) return null;
    if (host && host.contains(node)) return host;
    return node.closest(HOSTS);
  }
  // kept for a moment after the pointer or focus leaves, as the theme's are
  function leave(related) {
    if (!host || (related && host.contains(related))) return;
    clearTimeout(timer);
    timer = setTimeout(hide, 250);
  }
  document.addEventListener("mouseover", function (e) { var el = hostOf(e.target); if (el) show(el); });
  document.addEventListener("mouseout", function (e) { if (hostOf(e.target) === host) leave(e.relatedTarget); });
  document.addEventListener("focusin", function (e) { var el = hostOf(e.target); if (el) show(el); });
  document.addEventListener("focusout", function (e) { if (hostOf(e.target) === host) leave(e.relatedTarget); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  // a scroll (of the page, or of a table beside its host) would leave it behind: it goes
  document.addEventListener("scroll", function () { if (host) hide(); }, { capture: true, passive: true });
})();
