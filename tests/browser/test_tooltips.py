"""Tooltips of titled elements (site.js), which replace the theme's content.tooltips (issue 13).

The theme's feature mounted a set of watchers per titled element at load; site.js serves the
whole page with one set of listeners and draws the theme's own tooltip (md-tooltip2). What the
reader gets must not change: the explanation of an evidence label on hover, on a tap and on
keyboard focus, the title back once the tooltip is gone.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TIP = """() => { const t = document.querySelector('.md-tooltip2[role=tooltip]');
  return t && {text: t.textContent, active: t.classList.contains('md-tooltip2--active'), id: t.id,
               box: t.firstElementChild.getBoundingClientRect().toJSON()}; }"""


def into_view(page, locator):
    """Scroll ``locator`` into view and let the page's scroll events pass: a scroll hides a tooltip (site.js),
    and Playwright's own scroll before a hover or tap can land after the pointer event."""
    locator.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.wait_for_timeout(100)


@pytest.fixture
def page_at(browser, site_url):
    contexts = []

    def make(path, width=1280, mobile=False):
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=mobile, has_touch=mobile)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(site_url + path, wait_until="load")
        return page

    yield make
    for c in contexts:
        c.close()


def test_the_theme_mounts_no_tooltip_per_element(page_at):
    page = page_at("guidelines/iim/")
    features = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).features")
    assert "content.tooltips" not in features
    # every title is still in the page for the browser (and readers without JavaScript)
    assert page.locator(".md-content .ev[title]").count() >= 10
    assert page.evaluate("() => document.querySelectorAll('.md-tooltip2, .md-tooltip').length") == 0


def test_evidence_label_explained_on_hover_then_title_back(page_at):
    page = page_at("guidelines/iim/")
    label = page.locator(".md-content .ev").nth(2)
    title = label.get_attribute("title")
    assert title and ":" in title
    into_view(page, label)
    label.hover()
    page.wait_for_selector(".md-tooltip2--active")
    tip = page.evaluate(TIP)
    assert tip and tip["text"] == title and tip["active"]
    # the browser's own tooltip does not show as well; the tooltip describes the label
    assert label.get_attribute("title") is None
    assert label.get_attribute("aria-describedby") == tip["id"]
    host = label.bounding_box()
    assert host["y"] + host["height"] <= tip["box"]["y"] <= host["y"] + host["height"] + 20, "below the label"
    page.mouse.move(5, 790)
    page.wait_for_function("() => !document.querySelector('.md-tooltip2')")
    assert page.evaluate(TIP) is None
    assert label.get_attribute("title") == title
    assert label.get_attribute("aria-describedby") is None
    assert not page.errors


def test_evidence_label_explained_on_a_tap_on_a_phone(page_at):
    page = page_at("guidelines/iim/", width=390, mobile=True)
    label = page.locator(".md-content .ev").nth(0)
    title = label.get_attribute("title")
    into_view(page, label)
    label.tap()
    page.wait_for_selector(".md-tooltip2--active")
    tip = page.evaluate(TIP)
    assert tip and tip["text"] == title
    assert tip["box"]["x"] >= 0 and tip["box"]["x"] + tip["box"]["width"] <= 390, "inside the screen"
    assert not page.errors


def test_keyboard_focus_shows_the_tooltip(page_at):
    page = page_at("guidelines/iim/")
    page.focus("h2 .headerlink")
    page.wait_for_selector(".md-tooltip2--active")
    tip = page.evaluate(TIP)
    assert tip and tip["text"] == "Permanent link"
    page.keyboard.press("Escape")
    assert page.evaluate(TIP) is None
    assert page.locator("h2 .headerlink").first.get_attribute("title") == "Permanent link"


def test_a_cut_short_navigation_label_gets_its_tooltip(page_at):
    page = page_at("guidelines/iim/", width=1280)
    # the theme (patches/ellipsis) gives a navigation link cut short its full text as title; do as it does
    link = page.locator(".md-sidebar--primary a.md-nav__link:visible").first
    link.evaluate("a => { a.title = a.innerText.trim(); }")
    title = link.get_attribute("title")
    into_view(page, link)
    link.hover()
    page.wait_for_selector(".md-tooltip2--active")
    tip = page.evaluate(TIP)
    assert tip and tip["text"] == title
    page.mouse.move(640, 790)
    page.wait_for_function("() => !document.querySelector('.md-tooltip2')")
    assert page.evaluate(TIP) is None and link.get_attribute("title") == title
