"""Printing: the guideline and calculator pages print to PDF without site chrome or cut tables.

Layout is checked under print media at the width of an A4 page's printable
area (210 mm less 2 x 15 mm margins = 180 mm = 680 CSS px), the width
``page.pdf`` lays the page out at with the margins below.
"""

from __future__ import annotations

import io
import re

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
