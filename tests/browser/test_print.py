"""Printing: the guideline and calculator pages print to PDF without site chrome or cut tables.

Layout is checked under print media at the width of an A4 page's printable
area (210 mm less 2 x 15 mm margins = 180 mm = 680 CSS px), the width
``page.pdf`` lays the page out at with the margins below.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from tests.browser.harness import discover_pages, site_is_built

pytestmark = pytest.mark.browser

PAGES = discover_pages() if site_is_built() else ["(site not built)"]
#: What clinicians print: guideline and calculator pages (always guidelines/iim/ if it exists).
PRINT_PAGES = [p for p in PAGES if p.startswith(("guidelines/", "calculators/"))] or PAGES[:1]

MARGIN = "15mm"
A4_CONTENT_PX = round((210 - 2 * 15) / 25.4 * 96)  # 680

#: Hidden on paper: the site's chrome. Each must exist on the page (so a theme
#: change that renames them fails here rather than passing vacuously).
HIDDEN_IN_PRINT = [".md-header", ".md-sidebar", ".md-footer"]
#: Hidden on paper if present.
ALSO_HIDDEN = [".md-tabs", ".md-top", ".md-search", ".md-clipboard", ".headerlink", ".md-dialog"]

_LAYOUT = """
({hidden, alsoHidden}) => {
  const shown = (e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
  const problems = [];
  for (const s of hidden) {
    const all = [...document.querySelectorAll(s)];
    if (!all.length) problems.push(`${s}: not on the page (expected to hide it in print)`);
    all.filter(e => getComputedStyle(e).display !== 'none')
       .forEach(() => problems.push(`${s}: display is not none in print`));
  }
  for (const s of alsoHidden) {
    if ([...document.querySelectorAll(s)].some(shown)) problems.push(`${s}: visible in print`);
  }
  const disclaimer = document.querySelector('.site-disclaimer');
  if (!disclaimer || !shown(disclaimer)) problems.push('the disclaimer does not print');
  const content = document.querySelector('.md-content__inner') || document.querySelector('article');
  const box = content.getBoundingClientRect();
  document.querySelectorAll('.md-content table').forEach((t, i) => {
    const r = t.getBoundingClientRect();
    const label = `table ${i + 1} ("${(t.innerText || '').trim().slice(0, 30)}")`;
    if (r.right > box.right + 1 || r.left < box.left - 1)
      problems.push(`${label} is ${Math.round(r.width)}px wide, content area is ${Math.round(box.width)}px`);
    for (let el = t.parentElement; el && el !== content; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${label} is cut by ${el.className || el.tagName}: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
  });
  document.querySelectorAll('.md-content pre').forEach((p, i) => {
    if (p.scrollWidth > p.clientWidth + 1) problems.push(`code block ${i + 1} is cut: ${p.scrollWidth}px in ${p.clientWidth}px`);
  });
  document.querySelectorAll('.md-content img').forEach((img) => {
    if (img.getBoundingClientRect().right > box.right + 1) problems.push(`image ${img.src} runs off the page`);
  });
  document.querySelectorAll('.md-content details:not([open])').forEach((d, i) => {
    if (d.getClientRects().length === 0) return;  // a block left out of print on purpose
    const body = [...d.children].filter(c => c.tagName !== 'SUMMARY');
    if (body.length && !body.some(c => c.getClientRects().length > 0))
      problems.push(`collapsed block ${i + 1} ("${d.querySelector('summary')?.innerText}") does not print its content`);
  });
  return problems;
}
"""


@pytest.mark.parametrize("path", PRINT_PAGES)
def test_prints_without_chrome_or_cut_content(new_page, base_url, path):
    page = new_page()
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    page.goto(base_url + path, wait_until="load")
    page.emulate_media(media="print")
    problems = page.evaluate(_LAYOUT, {"hidden": HIDDEN_IN_PRINT, "alsoHidden": ALSO_HIDDEN})
    assert not problems, f"{path} in print media:\n  " + "\n  ".join(problems)

    pdf = page.pdf(
        format="A4",
        print_background=False,
        margin={"top": MARGIN, "bottom": MARGIN, "left": MARGIN, "right": MARGIN},
    )
    assert pdf.startswith(b"%PDF-"), "Chromium did not produce a PDF"
    texts = [" ".join((sheet.extract_text() or "").split()) for sheet in PdfReader(io.BytesIO(pdf)).pages]
    assert texts, f"{path}: the PDF has no pages"
    blank = [number for number, text in enumerate(texts, start=1) if not text]
    assert not blank, f"{path}: blank sheet(s) {blank} of {len(texts)} in the PDF"
    title = " ".join(page.inner_text("article h1").split()) if page.locator("article h1").count() else ""
    def squeeze(text):
        return re.sub(r"\W+", "", text).lower()

    assert squeeze(title) in squeeze(texts[0]), f"{path}: the title {title!r} is not on the first sheet"
    assert "forhealthcareprofessionals" in squeeze(" ".join(texts)), f"{path}: the disclaimer is not in the PDF"
    assert not page.external_requests, f"printing asked another host for {page.external_requests}"


# --- the browser's own Print on a calculator page (ward trial, issue 24: three sheets with the examples) ---

def _pdf_text(page) -> tuple[int, str]:
    pdf = page.pdf(format="A4", print_background=False,
                   margin={"top": MARGIN, "bottom": MARGIN, "left": MARGIN, "right": MARGIN})
    sheets = PdfReader(io.BytesIO(pdf)).pages
    # NFKC: the PDF's text keeps the font's ligatures ("conﬁrm", U+FB01), which the page's text does not have
    text = " ".join(" ".join((s.extract_text() or "").split()) for s in sheets)
    return len(sheets), unicodedata.normalize("NFKC", text)


CALC_PAGE = "calculators/regimens/ivig/"


def test_ctrl_p_with_a_result_prints_the_dose_record(new_page, base_url):
    """What Ctrl+P does once the form shows a result: the browser fires beforeprint, record.js puts the
    calculation's dose record in the page's place; afterprint gives the page back."""
    from tests.browser.ward_cases import CASES, FILL

    if CALC_PAGE not in PAGES:
        pytest.skip("site not built")
    page = new_page()
    page.goto(base_url + CALC_PAGE, wait_until="load")
    page.evaluate(FILL, ["dose", {**CASES["dose"], "regimen": "ivig", "g_per_kg_total": "2", "height": "183",
                                  "height_unit": "cm", "weight": "40", "weight_unit": "kg", "sex": "male",
                                  "age_years": "40"}])
    figure = " ".join(page.locator('form[data-form="dose"] .live-calc__figure strong').inner_text().split())
    assert "see the warning below" in figure  # M-N1: the warning is named on the largest line, on paper too
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    try:
        sheets, text = _pdf_text(page)
    finally:
        page.emulate_media(media="screen")
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    # The IVIG record for this patient is two sheets since it carries the actual-weight warning, the even-split
    # tool choice and the titles and dates of its sources; the whole page printed three or more, with examples.
    assert sheets <= 2, f"Ctrl+P with a result printed {sheets} sheets"
    assert "Dose record: IVIG" in text and figure in text and "Prescriber's signature" in text, text[:300]
    assert "from calculators import" not in text and "Worked example" not in text  # the page is not printed
    assert not page.evaluate("document.body.classList.contains('dose-record-printing')")


def test_ctrl_p_without_a_result_prints_the_guidance_without_examples_or_empty_form(new_page, base_url):
    if CALC_PAGE not in PAGES:
        pytest.skip("site not built")
    page = new_page()
    page.goto(base_url + CALC_PAGE, wait_until="load")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # no result: record.js leaves the page
    assert not page.evaluate("document.body.classList.contains('dose-record-printing')")
    page.emulate_media(media="print")
    try:
        sheets, text = _pdf_text(page)
        hidden = page.evaluate("""() => [...document.querySelectorAll('.md-content pre, form.live-calc')]
            .filter(e => e.getClientRects().length > 0).length""")
    finally:
        page.emulate_media(media="screen")
    assert hidden == 0, "a worked example or the empty form prints"
    assert "Printed without a calculation" in text and "When to use" in text, text[:300]
    assert "from calculators import" not in text
    assert sheets <= 2, f"the page without its examples still prints {sheets} sheets"
