"""A shared link opened (ward trial 3, problem 5a, 5b): the "inputs restored" notice is the first thing
in view, below the sticky header, and speaks to whoever chose to read: the prescriber or the patient."""

from __future__ import annotations

import pytest

from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

CLINICIAN = "Check each one against your patient"
PATIENT = "Take your doses as your care team told you"


def _link(site_page, name="taper"):
    page = site_page(f"calculators/{name}/")
    page.evaluate(FILL, [name, CASES[name]])
    href = page.evaluate("location.href")
    assert f"#{name}?" in href, href
    return href


@pytest.mark.parametrize("reader", ["clinician", "patient", None])
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_a_shared_link_opens_at_its_notice_below_the_header_in_the_reader_s_words(
        site_page, browser, reader, viewport):
    href = _link(site_page)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  is_mobile=viewport[0] < 600)
    if reader:
        context.add_init_script(f"localStorage.setItem('guide.reader', '{reader}')")
    try:
        page = context.new_page()
        page.goto(href)
        notice = page.wait_for_selector("[data-share-notice=restored]")
        page.wait_for_timeout(300)  # the scroll has settled
        text = notice.inner_text()
        if reader == "patient":
            assert PATIENT in text and "your patient" not in text, text
        else:  # no choice yet reads as a clinician, as the page does
            assert CLINICIAN in text and PATIENT not in text, text
        header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
        top = notice.bounding_box()["y"]
        assert header <= top < viewport[1] / 2, f"the notice starts at {top}px, the header ends at {header}px"
    finally:
        context.close()
