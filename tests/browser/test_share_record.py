"""Every live form: inputs kept in the address (share.js) and a one-page printed dose record (record.js).

The forms are found in the built site (every page with a `form.live-calc`), filled
with the first test case of the package (tests/browser/ward_cases.py), and then:

* the address after `#` holds the inputs; the link opened in a new tab shows the
  same inputs and the same result; Back and Forward step through committed edits;
* a tampered address is refused field by field, naming each bad field, and
  leaves the form exactly as a fresh page has it (never half-applied);
* the dose record prints to one PDF page (a long taper: two) whose text holds the inputs, the result,
  the rule and source lines, the edition, an unambiguous date and time, and the
  prescriber's lines.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from tests.browser.harness import SITE, site_is_built
from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser


def _form_pages() -> dict[str, str]:
    """data-form name -> the first page (URL path) that holds that form."""
    found: dict[str, str] = {}
    if not site_is_built():
        return found
    for index in sorted(SITE.rglob("index.html")):
        html = index.read_text(encoding="utf-8")
        for name in re.findall(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b[^"]*"[^>]*\bdata-form="([^"]+)"', html):
            rel = index.parent.relative_to(SITE).as_posix()
            found.setdefault(name, "" if rel == "." else rel + "/")
    return found


FORM_PAGES = _form_pages()
NAMES = sorted(FORM_PAGES) or ["(site not built)"]

STATE = """(name) => {
  const form = document.querySelector(`form.live-calc[data-form="${name}"]`);
  const values = {};
  for (const c of form.elements) {
    if (!c.name || !/^(INPUT|SELECT)$/.test(c.tagName) || c.closest('[hidden]')) continue;  // fields in use
    values[c.name] = (c.type === 'checkbox' || c.type === 'radio') ? String(c.checked) : c.value;
  }
  const out = form.querySelector('[data-live-result]') || form.querySelector('[data-live-results]');
  return {values, result: out && !out.hidden ? out.innerText : ''};
}"""


def _open(site_page, name):
    if name not in FORM_PAGES:
        pytest.skip("site not built")
    return site_page(FORM_PAGES[name])


def _case(name):
    return dict(CASES[name])


def test_every_form_is_covered():
    if not FORM_PAGES:
        pytest.skip("site not built")
    assert set(FORM_PAGES) == set(CASES), "a live form without its share/record test, or a test without its form"


@pytest.mark.parametrize("name", NAMES)
def test_link_reopens_the_same_calculation(site_page, browser, site_url, name):
    page = _open(site_page, name)
    page.evaluate(FILL, [name, _case(name)])
    href = page.evaluate("location.href")
    assert f"#{name}?" in href, href
    for field in _case(name):
        if page.locator(f'form[data-form="{name}"] [name="{field}"]').first.is_visible():
            assert f"{field}=" in href, f"{field} missing from the address {href}"
    before = page.evaluate(STATE, name)
    assert before["result"].strip(), "the case gives no result"

    other = browser.new_context().new_page()
    try:
        other.goto(href)
        other.wait_for_selector("[data-share-notice=restored]")
        after = other.evaluate(STATE, name)
        assert after == before
        assert "Check each one against your patient" in other.inner_text("[data-share-notice]")
    finally:
        other.context.close()


def test_leaving_a_calculator_takes_one_back_press_per_calculation(site_page, site_url):
    """Every edit replaces the history entry (share.js): Back leaves the calculator in one press,
    however many keys were typed, fields left or choices made."""
    page = site_page("")
    before = page.url
    page.goto(site_url + FORM_PAGES["taper"], wait_until="load")
    entries = page.evaluate("history.length")
    page.evaluate(FILL, ["taper", _case("taper")])
    hold = page.locator('input[name="hold_weeks"]')
    hold.click()
    hold.press("Control+A")
    page.keyboard.type("3")          # keystrokes
    hold.press("Tab")                # a field left
    start = page.locator('input[name="start_dose_mg"]')
    start.click()
    start.press("Control+A")
    page.keyboard.type("50")
    start.press("Tab")
    page.select_option('select[name="protocol"]', "iim-s003-rule-based")  # a choice made
    shown = page.evaluate("location.hash")
    assert all(f in shown for f in ("hold_weeks=3", "start_dose_mg=50", "protocol=iim-s003-rule-based")), shown
    assert page.evaluate("history.length") == entries, "an edit added a history entry"
    page.go_back(wait_until="load")
    assert page.url == before, "Back did not leave the calculator in one press"
    page.go_forward(wait_until="load")
    page.wait_for_function("document.querySelector('input[name=hold_weeks]').value === '3'")
    assert page.evaluate("location.hash") == shown


def test_clear_starts_a_new_calculation_and_back_returns_to_the_last(site_page, site_url):
    """A shared link opened, then "Clear the form" and a new calculation: Back shows the shared one,
    and one more Back leaves the page."""
    page = site_page("")
    before = page.url
    page.goto(site_url + FORM_PAGES["taper"], wait_until="load")
    page.evaluate(FILL, ["taper", _case("taper")])
    shared = page.evaluate("location.href")
    page.goto(before, wait_until="load")
    page.goto(shared, wait_until="load")
    page.wait_for_selector("[data-share-notice=restored]")
    page.click("[data-share-notice=restored] button")
    assert page.evaluate("location.hash") == ""
    page.evaluate(FILL, ["taper", {**_case("taper"), "hold_weeks": "3"}])
    second = page.evaluate("location.hash")
    assert "hold_weeks=3" in second
    page.go_back()
    page.wait_for_function("document.querySelector('input[name=hold_weeks]').value !== '3'")
    assert page.evaluate("location.href") == shared
    assert page.input_value('input[name="hold_weeks"]') == _case("taper")["hold_weeks"]
    page.go_back(wait_until="load")
    assert page.url == before


@pytest.mark.parametrize("name", NAMES)
def test_tampered_address_is_refused_field_by_field(site_page, browser, name):
    page = _open(site_page, name)
    fresh = page.evaluate(STATE, name)
    page.evaluate(FILL, [name, _case(name)])
    good = page.evaluate("location.href")
    select = page.locator(f'form[data-form="{name}"] select[name]').first.get_attribute("name")
    text = page.evaluate("""(name) => [...document.querySelector(`form[data-form="${name}"]`).elements]
        .find(c => c.type === 'text' && /decimal|numeric/.test(c.inputMode) && c.value !== '' && !c.closest('[hidden]')).name""", name)
    tampered = re.sub(rf"([?&]){text}=[^&]*", rf"\g<1>{text}=12abc", good)
    tampered = re.sub(rf"([?&]){select}=[^&]*", rf"\g<1>{select}=not-an-option", tampered)
    tampered += "&dose_override=999"

    other = browser.new_context().new_page()
    try:
        other.goto(tampered)
        notice = other.locator("[data-share-notice=refused]")
        notice.wait_for()
        items = notice.locator("li").all_inner_texts()
        assert len(items) == 3, items
        assert any(f"({text})" in i and "12abc" in i and "not a" in i for i in items), items
        assert any(select in i and "not one of the choices" in i for i in items), items
        assert any(i.startswith("dose_override") and "no such field" in i for i in items), items
        assert other.get_attribute("[data-share-notice=refused]", "role") == "alert"
        # nothing applied: the form is as a fresh page has it
        assert other.evaluate(STATE, name) == fresh
    finally:
        other.context.close()


@pytest.mark.parametrize("typed,readings", [("1,000", ("1000", "1")), ("2.500", ("2500", "2.5"))])
def test_a_refused_link_names_the_field_the_value_and_both_readings(site_page, browser, typed, readings):
    """The link is read as the form reads the field (live/contract.js): an ambiguous separator names both
    readings, as the form does; nothing is applied."""
    name = "dose"
    page = _open(site_page, name)
    fresh = page.evaluate(STATE, name)
    other = browser.new_context().new_page()
    try:
        other.goto(page.url.split("#")[0] + f"#dose?regimen=prednisone_initial&weight={typed}&weight_unit=kg"
                   "&age_years=50&mg_per_kg=1")
        notice = other.locator("[data-share-notice=refused]")
        notice.wait_for()
        items = notice.locator("li").all_inner_texts()
        assert len(items) == 1, items
        item = items[0]
        assert "(weight)" in item and f"'{typed}'" in item and "ambiguous" in item, item
        assert all(f"type {readings[0]} or {readings[1]}" in item for _ in [0]), item
        assert other.evaluate(STATE, name) == fresh  # nothing applied
        # the form itself says the same of the same text
        form = page.locator('form[data-form="dose"]')
        form.locator('[name="regimen"]').select_option("prednisone_initial")
        form.locator('[name="weight"]').fill(typed)
        said = form.locator('[data-error-for="weight"]').inner_text()
        assert said and said in item, (said, item)
    finally:
        other.context.close()


STAMP = re.compile(r"Computed (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} "
                   r"(January|February|March|April|May|June|July|August|September|October|November|December) "
                   r"\d{4} at \d{2}:\d{2} \(24-hour clock, UTC[+-]\d{2}:\d{2}\)")


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize("name", NAMES)
def test_dose_record_prints_on_one_page(site_page, name):
    page = _open(site_page, name)
    button = page.locator(f'form[data-form="{name}"] [data-record-action="print"]')
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.evaluate(FILL, [name, _case(name)])
    assert button.is_enabled()
    figures = page.locator(f'form[data-form="{name}"] .live-calc__figure strong').all_inner_texts()
    rules = page.locator(f'form[data-form="{name}"] .live-calc__rule').all_inner_texts()
    assert figures and rules
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    try:
        pages, text = _text(page.pdf(format="A4", print_background=True))
    finally:
        page.emulate_media(media="screen")
    # One page, except a long taper, which runs on rather than shrink below 9 pt (test_print_sizes.py)
    # a taper's schedule and a whole plan's checklist (a dozen items at 9 pt) may take a second page
    assert pages <= (2 if name in ("taper", "safety") else 1), f"the dose record takes {pages} pages"
    own = page.locator(f'form[data-form="{name}"] [data-record-title]')
    title = (own.first.inner_text() if own.count() else
             page.locator(".md-content h1").first.inner_text().replace("¶", "").strip())
    # the safety checks print the plan's checks, no dose: their record says so (clinical review 4, M6)
    called = "Plan checks" if name == "safety" else "Dose record"
    assert f"{called}: {' '.join(title.split())}" in text
    assert STAMP.search(text), text[:400]
    edition = page.locator(".site-edition").inner_text()
    assert ("Working draft" in text) if "Working draft" in edition else (edition.split("·")[0].strip() in text)
    assert "For the prescribing team" in text
    for figure in figures:
        assert " ".join(unicodedata.normalize("NFKC", figure).split()) in text, figure
    for rule in rules:
        first_words = " ".join(unicodedata.normalize("NFKC", rule).split()[:4])
        assert first_words in text, rule
    assert "Source" in text
    for field, value in _case(name).items():
        control = page.locator(f'form[data-form="{name}"] [name="{field}"]').first
        if not re.fullmatch(r"[\d.]+", value) or not control.count() or not control.is_visible():
            continue  # a field the current choice does not use is not on the record
        assert re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", text), f"input {value} not on the record"
    for line in ("Prescriber's name", "Prescriber's signature", "Date and time signed", "Patient's name"):
        assert line in text
    assert f"#{name}?" in text  # the link that reopens it
    # a plain print of the page is still the page, not the record
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.body.classList.contains('dose-record-printing')")


def test_no_record_without_a_result(site_page):
    page = _open(site_page, "taper")
    page.evaluate(FILL, ["taper", {**_case("taper"), "hold_weeks": "9"}])
    assert page.locator('[data-record-action="print"]').is_disabled()


def _watched(browser):
    """A fresh tab whose uncaught errors and console errors are kept in ``page.errors``."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    return page


HOSTILE = {
    "__proto__": ("dose?__proto__=1", "__proto__: this calculator has no such field"),
    "__proto__ twice": ("dose?__proto__=1&__proto__=2", "__proto__: this calculator has no such field"),
    "constructor": ("dose?constructor=1", "constructor: this calculator has no such field"),
    "toString": ("dose?toString=x&weight=70", "toString: this calculator has no such field"),
    "hasOwnProperty": ("dose?hasOwnProperty=1", "hasOwnProperty: this calculator has no such field"),
    "a malformed escape": ("dose?weight=%E0%A4%A", 'weight = "%E0%A4%A": a malformed percent escape'),
    "a malformed escape in a key": ("dose?w%E0ight=1", 'w%E0ight = "1": a malformed percent escape'),
    "no calculator named": ("weight=%E0%A4%A", "the address names no calculator"),
    "__proto__ as the calculator": ("__proto__?weight=70", "the address names no calculator"),
    "another calculator": ("nosuch?weight=70", 'no calculator called "nosuch"'),
}


@pytest.mark.parametrize("hash_,said", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_addresses_are_refused_without_an_error(site_page, browser, site_url, hash_, said):
    """Object-property names as keys and broken percent escapes are refused in the usual box, and no
    script on the page (share.js, view.js, the theme's loader) throws."""
    name = "dose"
    fresh = _open(site_page, name).evaluate(STATE, name)
    page = _watched(browser)
    try:
        page.goto(site_url + FORM_PAGES[name] + "#" + hash_, wait_until="load")
        notice = page.locator("[data-share-notice=refused]")
        notice.wait_for()
        assert notice.get_attribute("role") == "alert"
        items = notice.locator("li").all_inner_texts()
        assert any(said in i for i in items), items
        assert page.evaluate(STATE, name) == fresh  # nothing applied
        assert page.evaluate("Object.prototype.polluted === undefined && ({}).constructor === Object")
        page.keyboard.press("Tab")  # wakes the theme's bundle (theme-on-demand), which reads the hash too
        page.wait_for_timeout(500)
        assert not page.errors, page.errors
    finally:
        page.context.close()


@pytest.mark.parametrize("hash_, field, regimen", [
    # the ward trial's link: IIM methotrexate with the IGM regimen's weekly dose
    ("dose?regimen=methotrexate_iim&age_years=40&mg_per_week=30", "mg_per_week", "methotrexate_iim"),
    ("dose?regimen=rituximab&age_years=40&weight=70&weight_unit=kg", "weight", "rituximab"),
    ("dose?mg_per_week=30", "mg_per_week", ""),
])
def test_a_field_of_another_regimen_in_a_link_is_refused_as_such(site_page, browser, site_url, hash_, field,
                                                                   regimen):
    """Refused as not a field of the regimen chosen, in the package's words (calculators.forms.reading.not_used),
    never against the other regimen's bounds and never citing that regimen's source."""
    from calculators.forms import FORMS
    from calculators.forms.reading import not_used

    given = dict(p.split("=", 1) for p in hash_.split("?", 1)[1].split("&"))
    (expected,) = [p["reason"] for p in not_used(FORMS["dose"], given) if p["field"] == field]
    name = "dose"
    fresh = _open(site_page, name).evaluate(STATE, name)
    page = _watched(browser)
    try:
        page.goto(site_url + FORM_PAGES[name] + "#" + hash_, wait_until="load")
        notice = page.locator("[data-share-notice=refused]")
        notice.wait_for()
        items = notice.locator("li").all_inner_texts()
        (item,) = [i for i in items if f"({field})" in i]
        assert item.endswith(f'= "{given[field]}": {expected}'), items
        assert "not a field of the regimen chosen" in item or not regimen, item
        assert not re.search(r"\bS00[0-3]\b|allowed:", item), item
        assert page.evaluate(STATE, name) == fresh  # nothing applied
        assert not page.errors, page.errors
    finally:
        page.context.close()


def test_a_huge_unknown_key_is_named_short(site_page, browser, site_url):
    """A 100 kB key is quoted by its start and its length: the refusal stays a few lines tall."""
    name = "dose"
    _open(site_page, name)
    page = _watched(browser)
    try:
        key = "k" * 100_000
        page.goto(site_url + FORM_PAGES[name] + f"#dose?{key}=1&weight={'9' * 5000}", wait_until="load")
        notice = page.locator("[data-share-notice=refused]")
        notice.wait_for()
        items = notice.locator("li").all_inner_texts()
        assert any(i.startswith("k" * 40 + "… (100000 characters): this calculator has no such field") for i in items), \
            [i[:120] for i in items]
        assert any("… (5000 characters)" in i for i in items), [i[:120] for i in items]
        assert max(len(i) for i in items) < 300, [len(i) for i in items]
        assert notice.bounding_box()["height"] < 400, notice.bounding_box()
        assert not page.errors, page.errors
    finally:
        page.context.close()


def _reopen_link(page, name):
    page.evaluate("() => { window.print = () => {}; }")
    page.locator(f'form[data-form="{name}"] [data-record-action="print"]').click()
    return page.locator(".dose-record__foot").last.inner_text()


@pytest.mark.parametrize("name", ["dose", "taper"])
def test_after_a_refusal_the_address_holds_what_the_form_shows(site_page, browser, name):
    """A refused link leaves the form as it was, and the address (the bookmark, the record's reopen
    link) says so: the refused inputs are gone from it."""
    page = _open(site_page, name)
    # 1. a fresh tab opened on a refused link: the form is empty, and so is the address
    fresh = _watched(browser)
    try:
        fresh.goto(page.url.split("#")[0] + f"#{name}?nosuch=1&weight=12abc", wait_until="load")
        fresh.locator("[data-share-notice=refused]").wait_for()
        assert fresh.evaluate("location.hash") == ""
        assert not fresh.errors, fresh.errors
    finally:
        fresh.context.close()
    # 2. a calculation on the page, then a refused address typed over it: the calculation stays, in the address too
    page.evaluate(FILL, [name, _case(name)])
    good = page.evaluate("location.hash")
    shown = page.evaluate(STATE, name)
    page.evaluate(f"location.hash = '#{name}?nosuch=1'")
    page.locator("[data-share-notice=refused]").wait_for()
    assert page.evaluate("location.hash") == good
    assert page.evaluate(STATE, name) == shown
    link = _reopen_link(page, name)
    assert good in link and "nosuch" not in link, link
