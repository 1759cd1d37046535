"""Keyboard-only use: tab order, navigation, search, and every control in the content.

Add a calculator form as a :class:`Journey` in ``JOURNEYS`` (see keyboard.py).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import SITE, discover_pages, site_is_built
from tests.browser.keyboard import (
    ExpectFocus,
    ExpectURL,
    Journey,
    Press,
    TabTo,
    Type,
    WaitFor,
    describe,
    focused,
    press_tab,
    tab_through,
)

pytestmark = pytest.mark.browser

NAV_LINK = ".md-tabs__link, .md-nav__link[href], .md-header__button.md-logo"
SEARCH_RESULT = ".md-search-result__link"

JOURNEYS = [
    # Tab from the top to the navigation, then "/" opens search, a query gives
    # results, ArrowDown reaches the first result and Enter opens it.
    Journey(
        "search from the home page",
        "",
        [
            TabTo(".md-tabs__link"),
            Press("/"),
            ExpectFocus(".md-search__input"),
            Type("disclaimer"),
            WaitFor(SEARCH_RESULT),
            Press("ArrowDown"),
            ExpectFocus(SEARCH_RESULT),
            Press("Enter"),
            ExpectURL(r"/about/disclaimer/.*\?h=disclaimer|\?h=disclaimer"),
        ],
    ),
    # "s" opens search too (mkdocs-material's other shortcut).
    Journey(
        "search with the s key",
        "guidelines/",
        [
            Press("s"),
            ExpectFocus(".md-search__input"),
            Type("disclaimer"),
            WaitFor(SEARCH_RESULT),
            Press("ArrowDown"),
            ExpectFocus(SEARCH_RESULT),
        ],
    ),
]

_CONTROL = re.compile(r"<(form|input|select|textarea|button)\b", re.IGNORECASE)


def pages_with_controls() -> list[str]:
    """Calculator pages (forms will live there) and any page whose content has a form control."""
    if not site_is_built():
        return ["(site not built)"]
    pages = []
    for path in discover_pages():
        html = (SITE / (path or "") / ("" if path.endswith(".html") else "index.html")).read_text(encoding="utf-8")
        article = html.split('<article', 1)[-1].split('</article>', 1)[0]
        if path.startswith("calculators/") or _CONTROL.search(article):
            pages.append(path)
    return pages


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.name)
def test_keyboard_journey(new_page, base_url, journey):
    page = new_page()
    journey.run(page, base_url)
    assert not page.external_requests, f"requests to other hosts: {page.external_requests}"


def test_home_page_tab_order(new_page, base_url):
    """The first Tab stop skips to the content; every stop is visible; the navigation is reachable."""
    page = new_page()
    page.goto(base_url, wait_until="load")
    stops = tab_through(page)
    order = "\n  ".join(describe(s) for s in stops)
    assert stops and "md-skip" in stops[0]["cls"], f"first Tab stop is not 'Skip to content':\n  {order}"
    invisible = [describe(s) for s in stops if not s["visible"]]
    assert not invisible, "Tab stops that cannot be seen:\n  " + "\n  ".join(invisible)
    assert any(s["in_nav"] and s["href"] for s in stops), f"no navigation link in the tab order:\n  {order}"
    assert any(s["in_content"] for s in stops), f"Tab never reaches the content:\n  {order}"

    # The skip link moves focus past the header into the content.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after_skip = focused(page)
    assert after_skip and after_skip["in_content"], f"after 'Skip to content', Tab went to {describe(after_skip)}"


@pytest.mark.parametrize("path", pages_with_controls(), ids=lambda p: p or "home")
def test_every_content_control_reachable_by_tab(new_page, base_url, path):
    """Each visible link, button, field and summary in the page content is a Tab stop."""
    page = new_page()
    page.goto(base_url + path, wait_until="load")
    # The theme adds its copy buttons when it mounts, at the first interaction (theme-on-demand.html):
    # wake it first, so they are among the controls to reach.
    page.mouse.move(1, 1)
    page.wait_for_function("() => !window.__theme || window.__theme.mounted()", timeout=10_000)
    page.wait_for_timeout(100)
    wanted = page.evaluate(
        """() => {
          // Inside a closed <details> only its summary is a Tab stop: the rest is reached by opening it.
          const folded = (e) => {
            for (let d = e.closest('details:not([open])'); d; d = d.parentElement && d.parentElement.closest('details:not([open])')) {
              const summary = d.querySelector(':scope > summary');
              if (!(summary && summary.contains(e))) return true;
            }
            return false;
          };
          const all = [...document.querySelectorAll(
              '.md-content :is(a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]))')]
            .filter(e => !e.disabled && e.getClientRects().length > 0
                         && getComputedStyle(e).visibility !== 'hidden' && !folded(e));
          window.__kbReached = new Set();
          document.addEventListener('focusin', (event) => {
            const index = all.indexOf(event.target);
            if (index >= 0) window.__kbReached.add(index);
          });
          return all.map(e => e.outerHTML.slice(0, 120));
        }"""
    )
    reached: list[int] = []
    for _ in range(0, len(wanted) * 2 + 60, 10):  # Tab in batches; stop once everything was reached
        press_tab(page, 10)  # ten real Tab presses, sent to Chromium together (keyboard.py)
        reached = page.evaluate("() => [...window.__kbReached]")
        if len(reached) == len(wanted):
            break
    missing = [html for i, html in enumerate(wanted) if i not in set(reached)]
    assert not missing, f"{path or 'home'}: controls a keyboard cannot reach:\n  " + "\n  ".join(missing)
