"""The reader's own view (view.js): clinician or patient, chosen once, kept, changeable on every page."""

from __future__ import annotations

import pytest

from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

ORDER = """() => [...document.querySelector('.md-content__inner').children].filter(e => !e.matches('.reader-ask, .reader-switch'))
  .map(e => e.matches('.admonition.patient') ? 'SUMMARY' : e.matches('details.reader-clinical') ? 'FOLD'
           : e.tagName === 'H2' ? 'H2:' + e.id : e.tagName)"""


@pytest.fixture
def reader(browser, site_url):
    contexts = []

    def make(width=1280, height=800):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for c in contexts:
        c.close()


def test_asked_once_then_kept_across_pages_and_changeable(reader, site_url):
    page = reader()
    page.goto(site_url + "guidelines/igm/")
    clinician_order = page.evaluate(ORDER)
    assert clinician_order.index("SUMMARY") > clinician_order.index("H2:the-answer-first")
    ask = page.locator(".reader-ask")
    assert ask.is_visible()
    ask.locator("[data-reader-choice=patient]").click()
    assert page.evaluate("localStorage.getItem('guide.reader')") == "patient"
    assert not ask.is_visible()

    # the patient view leads with the plain-language summary; the rest is folded, one click away
    order = page.evaluate(ORDER)
    assert order.index("SUMMARY") < order.index("FOLD"), order
    assert order[:order.index("SUMMARY")] == ["P", "H1", "DIV", "H2:for-patients-a-plain-language-summary"], order
    fold = page.locator("details.reader-clinical")
    assert fold.get_attribute("open") is None
    assert not page.locator("#the-answer-first").is_visible()
    fold.locator("> summary").click()
    assert page.locator("#the-answer-first").is_visible()

    # the next page: no question, same view; a link into the fold opens it
    page.goto(site_url + "guidelines/iim/")
    assert page.locator(".reader-ask").count() == 0
    order = page.evaluate(ORDER)
    assert order.index("SUMMARY") < order.index("FOLD")
    page.goto(site_url + "guidelines/igm/#5-surgery-when-and-when-not")
    assert page.locator("[id=\"5-surgery-when-and-when-not\"]").is_visible()

    # back to the clinician view from the header switch: the page as written
    switch = page.locator(".md-header .reader-switch")
    switch.locator("[data-reader-choice=clinician]").click()
    assert page.evaluate(ORDER) == clinician_order
    assert page.evaluate("localStorage.getItem('guide.reader')") == "clinician"
    assert switch.locator("[aria-pressed=true]").inner_text() == "Clinician"
    assert page.errors == []


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["", "guidelines/", "calculators/dose/", "notebooks/taper/", "about/sources/"])
def test_the_switch_is_on_every_page(reader, site_url, path, width):
    page = reader(width, 844 if width == 390 else 800)
    page.goto(site_url + path)
    # in the header bar on a wide screen; at the top of the page on a phone, where the bar is full
    switch = page.locator(".md-header .reader-switch" if width > 720 else ".md-content .reader-switch")
    assert switch.is_visible()
    assert page.locator(".reader-switch:visible").count() == 1
    box = switch.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    switch.locator("[data-reader-choice=patient]").click()
    assert page.evaluate("localStorage.getItem('guide.reader')") == "patient"
    assert switch.locator("[aria-pressed=true]").inner_text() == "Patient"
    assert page.errors == []


TITLE = """() => { const h = document.querySelector('.md-content__inner h1'), a = h.querySelector('.headerlink');
  return {lines: Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)),
          mark_top: a.getBoundingClientRect().top - h.getBoundingClientRect().top}; }"""


@pytest.mark.parametrize("path", ["calculators/regimens/azathioprine/", "calculators/taper/", "calculators/body-size/"])
def test_on_a_phone_the_switch_does_not_squeeze_the_page_title(reader, site_url, path):
    # the switch floats beside the edition line; the title under it gets the full width (a short title is
    # one line, its permalink mark on that line), not a cut-short first line and a blank second one
    page = reader(390, 844)
    page.goto(site_url + path)
    title = page.evaluate(TITLE)
    assert title == {"lines": 1, "mark_top": 0}, f"{path} at 390 px: title {title}, expected one line"


@pytest.mark.parametrize("name", sorted(CASES))
def test_patient_view_never_shows_a_dose_without_the_team_note(reader, site_url, name):
    page = reader(390, 844)
    page.goto(site_url)
    page.evaluate("localStorage.setItem('guide.reader', 'patient')")
    path = {"taper": "calculators/taper/", "dose": "calculators/dose/", "body-size": "calculators/body-size/",
            "steroid-equivalence": "calculators/steroid-equivalence/", "safety": "calculators/safety/"}[name]
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.dataset.reader") == "patient"
    banner = page.locator(".reader-note--page")
    assert banner.is_visible() and "For the prescribing team" in banner.inner_text()
    page.evaluate(FILL, [name, CASES[name]])
    form = page.locator(f'form[data-form="{name}"]')
    result = form.locator("[data-live-result], [data-live-results]").first
    assert result.is_visible() and result.inner_text().strip()
    note = form.locator(".reader-note--result")
    assert note.is_visible() and "For the prescribing team" in note.inner_text()
    assert page.evaluate("""(name) => {
      const out = document.querySelector(`form[data-form="${name}"]`).querySelector('[data-live-result], [data-live-results]');
      return out.previousElementSibling.matches('.reader-note--result');
    }""", name)
    assert page.errors == []
