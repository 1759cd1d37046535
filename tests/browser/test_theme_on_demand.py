"""The theme's script on demand (issue 13), in Chromium, offline.

mkdocs-material's bundle is no longer a parse-time script: ``overrides/partials/theme-on-demand.html``
loads it at the reader's first interaction (it is only prefetched after load). These tests fail if:

* the bundle runs before any input (no ``document$``, no script request for it, only the prefetch);
* the interaction that woke it is lost: the first click on the search box, the ``/`` key, a tap on
  the phone's search button, the first tap on the palette toggle, a Tab key;
* what the theme draws is missing after the first interaction (code copy buttons, sized sidebars),
  drawn twice (tables the build already wrapped), or moves the page (layout shift);
* the palette is not the reader's at load (system dark mode, a saved choice);
* a calculation opened from a shared link, or restored by Back, does not show its result at load;
* a page that needs the theme from the start (a search link ``?q=``) does not get it;
* any request leaves 127.0.0.1.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

GUIDELINE = "guidelines/iim/"
CALCULATOR = "calculators/taper/"
BUNDLE = re.compile(r"/assets/javascripts/bundle\.[\w.]+\.js$")
MOUNTED = "() => !!(window.__theme && window.__theme.mounted())"
QUERY = '[data-md-component="search-query"]'
#: every layout shift, with the time it happened (init script: runs before the page's own scripts)
SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts.push([e.startTime, e.value]); })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.fixture
def tab(new_page):
    """A tab (light, desktop unless asked) that records the bundle's requests by kind."""
    def make(viewport: str = "desktop", scheme: str = "light"):
        page = new_page(scheme, viewport)
        page.bundle_requests = []
        page.errors = []
        page.on("request", lambda r: page.bundle_requests.append(r.resource_type) if BUNDLE.search(r.url) else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.add_init_script(SHIFTS)
        return page
    return make


def _open(page, base_url, path):
    page.goto(base_url + path, wait_until="load")
    page.wait_for_timeout(300)  # the prefetch after load, and anything else the page would start by itself
    return page


def _not_mounted(page):
    assert not page.evaluate(MOUNTED), "the theme mounted without any input"
    assert page.evaluate("typeof window.document$") == "undefined", "the theme's bundle ran before any input"
    assert "script" not in page.bundle_requests, f"the bundle was loaded as a script: {page.bundle_requests}"


def _done(page):
    assert not page.external_requests, f"requests to other hosts: {page.external_requests}"
    assert not page.errors, f"errors: {page.errors}"


@pytest.mark.parametrize("path", [GUIDELINE, CALCULATOR])
def test_the_theme_waits_for_the_first_interaction(tab, base_url, path):
    page = _open(tab(), base_url, path)
    _not_mounted(page)
    assert page.bundle_requests == ["other"], f"expected one prefetch of the bundle: {page.bundle_requests}"
    assert page.evaluate("document.documentElement.classList.contains('js')"), "the page is not drawn for JavaScript"
    assert page.locator(QUERY).is_visible(), "the search box is hidden before the theme loads"
    page.mouse.move(200, 300)
    page.wait_for_function(MOUNTED, timeout=10_000)
    assert page.bundle_requests.count("script") == 1
    assert page.evaluate("document.documentElement.hasAttribute('data-theme-pending')") is False
    _done(page)


def test_first_click_on_search_opens_it_focused_and_finds_a_drug(tab, base_url):
    page = _open(tab(), base_url, GUIDELINE)
    _not_mounted(page)
    page.locator(QUERY).click()
    page.wait_for_function(MOUNTED, timeout=10_000)
    assert page.evaluate(f"document.activeElement === document.querySelector('{QUERY}')"), "search box not focused"
    assert page.evaluate("document.getElementById('__search').checked"), "search did not open"
    page.keyboard.type("methotrexate")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert "methotrexate" in page.inner_text(".md-search-result").lower()
    _done(page)


@pytest.mark.parametrize("key", ["/", "s"])
def test_search_key_opens_search_before_the_theme_is_there(tab, base_url, key):
    page = _open(tab(), base_url, GUIDELINE)
    _not_mounted(page)
    page.keyboard.press(key)
    page.wait_for_function(MOUNTED, timeout=10_000)
    assert page.evaluate(f"document.activeElement === document.querySelector('{QUERY}')"), "search box not focused"
    assert page.evaluate("document.getElementById('__search').checked"), "search did not open"
    assert page.input_value(QUERY) == "", f"the key was typed into the box: {page.input_value(QUERY)!r}"
    page.keyboard.type("azathioprine")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    _done(page)


def test_phone_search_button_opens_search_focused(tab, base_url):
    page = _open(tab("phone"), base_url, GUIDELINE)
    _not_mounted(page)
    page.tap('.md-header label.md-header__button[for="__search"]')
    page.wait_for_function(MOUNTED, timeout=10_000)
    assert page.evaluate("document.getElementById('__search').checked"), "search did not open"
    page.wait_for_function(f"document.activeElement === document.querySelector('{QUERY}')", timeout=3_000)
    assert page.locator(QUERY).is_visible()
    _done(page)


def test_tab_key_moves_focus_as_usual(tab, base_url):
    page = _open(tab(), base_url, GUIDELINE)
    page.keyboard.press("Tab")
    page.wait_for_function(MOUNTED, timeout=10_000)
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused, f"the first Tab went to {focused!r}, not the skip link"
    assert not page.evaluate("document.getElementById('__search').checked")
    _done(page)


def _scheme(page):
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def _toggle(page):
    return page.locator('[data-md-component="palette"] label:not([hidden])')


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_palette_toggle_works_on_the_first_tap(tab, base_url, viewport):
    page = _open(tab(viewport), base_url, GUIDELINE)
    _not_mounted(page)
    assert _scheme(page) == "default"
    assert _toggle(page).count() == 1 and _toggle(page).is_visible(), "no palette toggle before the theme loads"
    if viewport == "phone":
        _toggle(page).tap()
    else:
        _toggle(page).click()
    assert _scheme(page) == "slate", "the first tap did not switch the palette"
    page.wait_for_function(MOUNTED, timeout=10_000)
    page.wait_for_timeout(300)
    assert _scheme(page) == "slate", "the theme switched the palette back when it mounted"
    _toggle(page).click()
    assert _scheme(page) == "default", "the toggle does not switch back once the theme is there"
    page.reload(wait_until="load")
    assert _scheme(page) == "default"
    _done(page)


def test_dark_system_gets_the_dark_page_at_load(tab, base_url):
    page = _open(tab(scheme="dark"), base_url, GUIDELINE)  # a saved dark choice (the visitor stores it)
    _not_mounted(page)
    assert _scheme(page) == "slate"
    assert _toggle(page).get_attribute("title") == "Switch to light mode"
    page.context.clear_cookies()
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="load")  # nothing saved: the system's preference (the context is dark)
    assert _scheme(page) == "slate"
    _done(page)


def test_theme_draws_at_first_interaction_without_moving_anything(tab, base_url):
    page = _open(tab(), base_url, CALCULATOR)
    _not_mounted(page)
    codes = page.locator(".md-typeset pre > code").count()
    assert codes > 0
    assert page.locator(".md-code__nav").count() == 0
    wrapped = page.locator(".md-typeset__scrollwrap > .md-typeset__table > table").count()
    assert wrapped == page.locator(".md-typeset table:not([class])").count() > 0, "the build did not wrap the tables"
    boxes = "() => [...document.querySelectorAll('article > *')].map(e => JSON.stringify(e.getBoundingClientRect()))"
    before = page.evaluate(boxes)
    woke = page.evaluate("performance.now()")
    page.mouse.move(10, 500)
    page.wait_for_function(MOUNTED, timeout=10_000)
    page.wait_for_timeout(500)
    assert page.locator(".md-code__nav").count() == codes, "no copy button on the code after the first interaction"
    assert page.locator(".md-typeset__table .md-typeset__table").count() == 0, "the theme wrapped the tables again"
    assert page.locator(".md-typeset__scrollwrap > .md-typeset__table > table").count() == wrapped
    assert page.evaluate(boxes) == before, "the page moved when the theme mounted"
    late = page.evaluate("(t) => window.__shifts.filter(s => s[0] >= t)", woke)
    assert not late, f"layout shifts when the theme mounted: {late}"
    _done(page)


@pytest.mark.parametrize("path", [GUIDELINE, CALCULATOR])
def test_no_layout_shift_at_load_on_a_phone(tab, base_url, path):
    page = _open(tab("phone"), base_url, path)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__shifts") == [], "the page moved while it loaded"
    _done(page)


def test_search_link_opens_search_at_load(tab, base_url):
    page = tab()
    page.goto(base_url + GUIDELINE + "?q=rituximab", wait_until="load")
    page.wait_for_function(MOUNTED, timeout=10_000)
    assert page.evaluate("document.getElementById('__search').checked")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    _done(page)


RESULT = """() => { const form = document.querySelector('form.live-calc[data-form="taper"]');
  const out = form.querySelector('[data-live-result]') || form.querySelector('[data-live-results]');
  return out && !out.hidden ? out.innerText : ''; }"""


def test_shared_and_restored_calculations_show_their_result_without_the_theme(tab, base_url):
    """The theme's bundle is blocked here: the result must not depend on it."""
    page = tab()
    page.context.route(BUNDLE, lambda route: route.abort())
    _open(page, base_url, CALCULATOR)
    page.evaluate(FILL, ["taper", dict(CASES["taper"])])
    result = page.evaluate(RESULT)
    assert result.strip(), "the case gives no result"
    href = page.evaluate("location.href")
    assert "#taper?" in href

    shared = tab()
    shared.context.route(BUNDLE, lambda route: route.abort())
    shared.goto(href, wait_until="load")
    shared.wait_for_selector("[data-share-notice=restored]")
    assert shared.evaluate(RESULT) == result, "a shared link does not show its result at load"
    _done(shared)

    page.goto(base_url + GUIDELINE, wait_until="load")
    page.go_back(wait_until="load")
    page.wait_for_timeout(300)
    assert page.evaluate(RESULT) == result, "Back does not show the result of the restored form"
    assert not page.evaluate(MOUNTED)
    _done(page)

