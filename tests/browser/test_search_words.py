"""Search in the ward's words, in Chromium: typed into the real search box, results read off the page.

Each query is a name a ward types (issue 24's trial, igm_iim_site/search_terms.yml); its clinical page must
be among the first three results the search box lists. The whole list, every name, is checked
without a browser in tests/test_search_index.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.test_search import search, tab  # noqa: F401 - `tab` is a fixture used below

pytestmark = pytest.mark.browser

#: query -> the clinical page it must put in the top three.
WARD = {
    "MMF": "calculators/regimens/mycophenolate/",
    "CellCept": "calculators/regimens/mycophenolate/",
    "TMP-SMX": "guidelines/iim/",
    "co-trimoxazole": "guidelines/iim/",
    "Bactrim": "calculators/safety/",
    "MTX": "calculators/regimens/methotrexate/",
    "JDM": "calculators/regimens/juvenile-dm/",
    "PCP prophylaxis": "guidelines/iim/",
    "PJP": "calculators/safety/",
    "taper": "calculators/taper/",
    "AZA": "calculators/regimens/azathioprine/",
    "Imuran": "calculators/regimens/azathioprine/",
    "IVMP": "calculators/regimens/iv-methylprednisolone/",
    "Solu-Medrol": "calculators/regimens/iv-methylprednisolone/",
    "RTX": "calculators/regimens/rituximab/",
    "CYC": "calculators/regimens/cyclophosphamide/",
    "ciclosporin": "calculators/regimens/mycophenolate/",
    "IGM": "guidelines/igm/",
    "DM": "guidelines/iim/",
    "IBM": "guidelines/iim/",
    "myositis": "guidelines/iim/",
    "TB": "calculators/safety/",         # the second ward trial: TB found only an editors' page
    "GM": "guidelines/igm/",             # ... and GM too
}

_TOP_PAGES = """() => [...document.querySelectorAll('.md-search-result__item')]
  .map(item => item.querySelector('a.md-search-result__link'))
  .filter(Boolean).map(a => a.href)"""


def top_pages(page, site_url: str, query: str) -> list[str]:
    search(page, query)
    pages = []
    for href in page.evaluate(_TOP_PAGES):
        path = urlsplit(href).path.removeprefix(urlsplit(site_url).path)
        if path not in pages:
            pages.append(path)
    return pages


def test_each_ward_word_puts_its_clinical_page_in_the_top_three(tab, site_url):  # noqa: F811
    tab.goto(site_url + "guidelines/", wait_until="load")
    missed, seen = [], {}
    for query, want in WARD.items():
        seen[query] = top_pages(tab, site_url, query)[:3]
        if want not in seen[query]:
            missed.append(f"{query!r}: wants {want}, top three {seen[query]}")
    assert not missed, "\n".join(missed)
    # The hidden line that carries the names is indexed but never shown on the page.
    tab.goto(site_url + "calculators/regimens/methotrexate/", wait_until="load")
    shown = tab.evaluate("() => [...document.querySelectorAll('[data-search-terms]')]"
                         ".map(e => [e.hidden, e.offsetHeight, e.getClientRects().length])")
    assert shown and all(s == [True, 0, 0] for s in shown), shown
    assert "Trexall" not in tab.evaluate("() => document.querySelector('article').innerText")


_RESULT_TEXT = """() => [...document.querySelectorAll('.md-search-result__item')].map(item => item.innerText)"""


def test_a_dose_typed_with_m2_finds_cyclophosphamide_and_no_result_glues_a_badge(tab, site_url):  # noqa: F811
    """The fourth ward trial: "750 mg/m2" found nothing useful (the sources give no cyclophosphamide dose; its
    page says so), and results read "RituximabS002" (a name and its source badge, run together)."""
    tab.goto(site_url + "guidelines/", wait_until="load")
    assert top_pages(tab, site_url, "750 mg/m2")[:1] == ["calculators/regimens/cyclophosphamide/"]
    shown = " ".join(tab.evaluate(_RESULT_TEXT)).casefold()
    assert "the sources give no cyclophosphamide dose" in shown, shown[:800]
    top_pages(tab, site_url, "rituximab")
    texts = " ".join(tab.evaluate(_RESULT_TEXT))
    assert "Rituximab" in texts and "RituximabS002" not in texts, texts[:800]
