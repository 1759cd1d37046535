"""The taper schedule read on a phone (ward trial 3, problem 1): no dose breaks across lines, no column
hidden or off to the side, and the printed record keeps its table.

At 390 px the table shows one card per step, each column a labelled line (site.css). A dose ("17.5 mg")
and each "n × s mg" term (class live-taper__term) never wrap inside: "mg + 3" alone on a line is misread.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_live_forms import TAPER, fill

pytestmark = pytest.mark.browser

# TAPER: S002 from 60 mg, whose steps reach 17.5 mg = "1 × 10 mg + 3 × 2.5 mg" with the page's tablets
HEADS = ["From", "To", "Days", "Dose a day", "Tablets each day", "Step"]
TERM = re.compile(r"^\d+(\.\d+)? × \d+(\.\d+)? mg$")

MEASURE = """t => {
  const lines = e => e.getClientRects().length;  // an inline box that wraps has one rect per line
  const width = document.documentElement.clientWidth;
  return {
    terms: [...t.querySelectorAll('.live-taper__term')].map(e => [e.textContent, lines(e),
                                                                  getComputedStyle(e).whiteSpace]),
    doses: [...t.querySelectorAll('.live-taper__dose strong')].map(e => [e.textContent, lines(e)]),
    rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(td => {
      const r = td.getBoundingClientRect();
      return {text: td.textContent.trim(), label: getComputedStyle(td, '::before').content,
              shown: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= width};
    })),
    scroller: [t.parentElement.scrollWidth, t.parentElement.clientWidth],
    page: [document.documentElement.scrollWidth, width],
  };
}"""


@pytest.mark.parametrize("width", [390, 320])
def test_taper_table_on_a_phone_keeps_every_dose_whole_and_every_column_in_view(new_page, base_url, width):
    page = new_page("light", "phone")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(base_url.rstrip("/") + "/calculators/taper/", wait_until="load")
    form = page.locator('form[data-form="taper"]')
    fill(form, TAPER)
    assert form.get_attribute("data-state") == "result"
    got = page.locator(".live-taper__table").evaluate(MEASURE)

    assert any(t[0] == "3 × 2.5 mg" for t in got["terms"]), got["terms"]  # the case the trial saw
    for text, lines, white_space in got["terms"]:
        assert TERM.match(text), f"a tablet term reads {text!r}"
        assert lines == 1 and white_space == "nowrap", f"{text!r} breaks over {lines} lines at {width} px"
    assert got["doses"] and all(lines == 1 for _, lines in got["doses"]), got["doses"]
    assert "17.5 mg" in [d for d, _ in got["doses"]]

    assert got["page"][0] <= got["page"][1] and got["scroller"][0] <= got["scroller"][1], got
    for cells in got["rows"]:
        assert [c["label"] for c in cells] == [f'"{h}"' for h in HEADS], cells
        hidden = [c for c in cells if c["text"] and not c["shown"]]
        assert not hidden, f"columns hidden or off-screen at {width} px: {hidden}"
    assert got["rows"][0][5]["text"], "the Step column is shown on a phone"
    page.external_requests and pytest.fail(f"requests to other hosts: {page.external_requests}")


def test_taper_table_prints_as_a_table_from_a_phone(new_page, base_url):
    """The cards are for the screen: paper (the dose record) keeps the table with its header row."""
    page = new_page("light", "phone")
    page.goto(base_url.rstrip("/") + "/calculators/taper/", wait_until="load")
    fill(page.locator('form[data-form="taper"]'), TAPER)
    page.emulate_media(media="print")
    table = page.locator(".live-taper__table")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    assert table.evaluate("t => getComputedStyle(t.tHead).position") == "static"
    assert table.evaluate("t => getComputedStyle(t.tBodies[0].rows[0].cells[0], '::before').content") == "none"
