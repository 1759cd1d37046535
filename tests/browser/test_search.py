"""Search, in Chromium, offline, with the site's own search worker.

Pages do not download the search index (nor start the search worker) when they load: the theme's
script, which fetches ``search_index.json`` and starts the worker, loads at the reader's first
interaction (``overrides/partials/theme-on-demand.html``). That file holds only the search settings;
the pages' text (``search_text.json``, igm_iim_site/search_split.py) is fetched by the worker
(``docs/assets/javascripts/search-worker.js``) at the first query. (Until issue 25 a script held the
index back by replacing ``XMLHttpRequest`` and ``Worker`` in the page.) These tests check that
nothing is fetched at load, that the text is not fetched before a search, that it is with one, and
that search then works from every page: for each page, a drug, a dose figure and a heading that the
page shows are searched for, and the page must be among the results. Requests to other hosts are
blocked and fail the test.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.harness import SITE, discover_pages, site_is_built

pytestmark = pytest.mark.browser



def left_out_of_search(path: str) -> bool:
    """A page whose Markdown declares ``search: exclude: true`` in its front matter (Material's way)."""
    source = SITE.parent / "docs" / (f"{path.rstrip('/')}.md" if path else "index.md")
    if not source.is_file():
        source = source.with_suffix("") / "index.md"
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    front = text.split("---\n", 2)[1] if text.startswith("---\n") else ""
    return bool(re.search(r"^search:\s*\n\s+exclude:\s*true\b", front, re.MULTILINE))


ALL_PAGES = [p for p in discover_pages() if p != "404.html"] if site_is_built() else []
#: Only the output gallery is left out: thousands of computed lines for a reviewer, which would crowd every
#: search for a dose and add a third to every reader's search index.
LEFT_OUT = [p for p in ALL_PAGES if left_out_of_search(p)]
PAGES = [p for p in ALL_PAGES if p not in LEFT_OUT]
INDEX = "search/search_index.json"
TEXT = "search/search_text.json"
WORKER = re.compile(r"/assets/javascripts/search-worker\.js$")

#: Drug names as the pages write them; the first one a page shows is searched for.
DRUGS = ("methotrexate", "azathioprine", "mycophenolate", "rituximab", "cyclophosphamide", "methylprednisolone",
         "prednisolone", "prednisone", "IVIG", "hydroxychloroquine", "colchicine", "tacrolimus")
DOSE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(mg|g)(?:/(?:kg|day|m²|week))?\b")

_READ_PAGE = """() => {
  const article = document.querySelector('article');
  const text = article ? article.innerText : '';
  const heads = [...document.querySelectorAll('article h2, article h3, article h1')]
    .map(h => h.textContent.replace('¶', '').trim()).filter(t => t.length > 3);
  return {text, heads};
}"""


@pytest.fixture
def tab(browser, site_url):
    """A tab that blocks (and records) every request to another host and records every URL it loads."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    offsite: list[str] = []
    loaded: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith((site_url, "data:", "blob:")):
            return r.continue_()
        offsite.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda req: loaded.append(req.url))
    # The search worker catches its own failure, answers "no results" and says why in the console (an
    # error); the theme's worker only warned ("Invalid query: 15 ..."). Either fails the test.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" or (msg.type == "warning" and msg.text.startswith("Invalid query")) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.loaded = loaded
    yield page
    context.close()
    assert not offsite, f"requests to other hosts: {offsite}"
    assert not errors, f"console errors: {errors}"


#: Material adds the next results each time the list is scrolled (back) to its end: scroll in the page
#: (one round trip for the whole loop, not four per step) until every result is in, or ``target`` is.
_SCROLL_IN = """async ({expected, target}) => {
  const wrap = document.querySelector('.md-search__scrollwrap');
  const count = () => document.querySelectorAll('.md-search-result__item').length;
  const bare = href => { const u = new URL(href); u.search = ''; u.hash = ''; return u.href; };
  const shown = () => target !== null
    && [...document.querySelectorAll('.md-search-result__link')].some(a => bare(a.href) === target);
  const pause = () => new Promise(done => setTimeout(done, 40));
  for (let i = 0; i < 200 && count() < expected && !shown(); i++) {
    wrap.scrollTo(0, 0);
    await pause();
    wrap.scrollTo(0, wrap.scrollHeight);
    await pause();
  }
  return count();
}"""


def search(page, query: str, target: str | None = None) -> list[str]:
    """Type ``query`` into the search box; return the href of every result (all of them, scrolled in).

    With ``target`` (a page URL), results stop being scrolled in once a link to that page is among
    them: the caller only asks whether the page is found, and a miss still scrolls in every result.
    """
    field = page.locator('input[data-md-component="search-query"]')
    if not field.is_visible():
        page.locator('label[for="__search"]').first.click()
    # Material reads the field on key events: clear it (back to the placeholder), then type the query.
    field.fill("")
    field.press("End")
    page.wait_for_function(
        """() => /Type to start/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        timeout=20000)
    field.fill(query)
    field.press("End")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        """() => !/Initializing|Type to start/i.test(document.querySelector('.md-search-result__meta').textContent)""",
        timeout=20000)
    assert meta.is_visible()
    text = meta.text_content()
    if re.search(r"No matching", text, re.IGNORECASE):
        return []
    number = re.search(r"(\d+)", text)
    expected = int(number.group(1)) if number else 1
    count = page.evaluate(_SCROLL_IN, {"expected": expected, "target": target})
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => a.href)")
    if target is not None and found(links, target):
        return links
    if count < expected and target is not None:  # stopped on a link Python does not count as the page
        count = page.evaluate(_SCROLL_IN, {"expected": expected, "target": None})
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => a.href)")
    assert count >= expected, f"only {count} of {expected} results for {query!r} came in"
    return links


def found(links: list[str], page_url: str) -> bool:
    """Whether a result links to the page (results carry ?h=... for highlighting and #section)."""
    return any(urlsplit(link)._replace(query="", fragment="").geturl() == page_url for link in links)


@pytest.mark.parametrize("path", ["guidelines/iim/", "calculators/taper/", "notebooks/taper/", ""])
def test_the_pages_text_is_loaded_only_when_the_reader_searches(tab, site_url, path):
    tab.goto(site_url + path, wait_until="load")
    tab.wait_for_timeout(800)
    assert not [u for u in tab.loaded if u.endswith((INDEX, TEXT))], "the search index was fetched at load"
    assert not [u for u in tab.loaded if WORKER.search(u)], "the search worker started at load"
    tab.mouse.move(200, 300)  # a first interaction that is no search: the theme loads
    tab.mouse.wheel(0, 200)
    tab.wait_for_function("() => window.__theme && window.__theme.mounted()", timeout=10_000)
    tab.wait_for_timeout(1500)
    assert not [u for u in tab.loaded if u.endswith(TEXT)], "the pages' text was fetched before any search"
    links = search(tab, "prednisone")
    assert [u for u in tab.loaded if u.endswith(TEXT)], "searching did not fetch the pages' text"
    assert links, "no result for prednisone"


def test_the_site_serves_its_own_search_worker(tab, site_url):
    """The worker the page starts is ours (docs/assets/javascripts/search-worker.js), with its lunr."""
    tab.goto(site_url + "guidelines/iim/", wait_until="load")
    assert search(tab, "15 mg"), "no result for 15 mg"
    assert search(tab, "HZ-01:"), "no result for HZ-01: (the theme's worker threw a query parse error)"
    workers = [u for u in tab.loaded if WORKER.search(u)]
    assert workers, "search started no worker"
    assert [u for u in tab.loaded if u.endswith("/assets/javascripts/vendor/lunr.min.js")], "lunr was not loaded"
    assert not [u for u in tab.loaded if "/assets/javascripts/workers/search." in u], "the theme's worker started"


def test_a_dose_search_lists_its_page_first_and_shows_no_drugless_dose_chips(tab, site_url):
    """"15 mg" lists the methotrexate calculator first (its dose tags rank it); the tags name no drug, so
    the results never show them (a "10–20 mg/day" chip under Methotrexate reads as daily methotrexate)."""
    tab.goto(site_url + "guidelines/iim/", wait_until="load")
    links = search(tab, "15 mg")
    assert urlsplit(links[0]).path.endswith("/calculators/regimens/methotrexate/"), links[:3]
    assert tab.locator(".md-search-result .md-tag").count() > 0  # the tags are there, for ranking
    assert tab.evaluate("""() => [...document.querySelectorAll('.md-search-result .md-tag')]
        .every(t => t.getClientRects().length === 0)"""), "dose tags are shown under search results"



    tab.goto(site_url + "guidelines/igm/", wait_until="load")
    tab.keyboard.press("/")
    tab.keyboard.type("methotrexate")
    tab.wait_for_selector(".md-search-result__item", timeout=15000)
    assert [u for u in tab.loaded if u.endswith(INDEX)]


_META = "() => document.querySelector('.md-search-result__meta').textContent"
_LINKS = "() => [...document.querySelectorAll('.md-search-result__link')].map(a => a.href)"


@pytest.mark.parametrize("width", [390, 1280])
def test_a_pasted_query_is_searched_without_a_key_press(browser, site_url, width):
    """A query put in the box with no key event (a long-press paste on a phone; Playwright's fill sends
    only the input event) lists its results, first and after a typed query (the third ward trial)."""
    context = browser.new_context(viewport={"width": width, "height": 844}, service_workers="block",
                                  is_mobile=width < 600, has_touch=width < 600)
    try:
        page = context.new_page()
        page.goto(site_url + "guidelines/igm/", wait_until="load")
        field = page.locator('input[data-md-component="search-query"]')
        (page.locator('label[for="__search"]').first if width < 600 else field).click()  # the phone's icon
        page.wait_for_function("() => window.__theme && window.__theme.mounted()", timeout=10_000)
        field.wait_for(state="visible")
        for query, want in (("rituximab", "/calculators/regimens/rituximab/"),
                            ("azathioprine", "/calculators/regimens/azathioprine/")):
            field.fill(query)  # an input event only: no keydown, keypress or keyup
            try:
                page.wait_for_function("want => [...document.querySelectorAll('.md-search-result__link')]"
                                       ".some(a => new URL(a.href).pathname.endsWith(want))", arg=want,
                                       timeout=20000)
            except PlaywrightTimeout:
                pytest.fail(f"pasted {query!r}: {page.evaluate(_META)!r}, results {page.evaluate(_LINKS)[:5]}")
            assert "Type to start" not in page.evaluate(_META)
        field.fill("")  # emptied without a key: back to the placeholder, no stale results
        page.wait_for_function("() => /Type to start/i.test(document.querySelector('.md-search-result__meta')"
                               ".textContent)", timeout=20000)
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_search_finds_each_page_by_drug_dose_and_heading(tab, site_url, path):
    page_url = urljoin(site_url, path)
    tab.goto(page_url, wait_until="load")
    shown = tab.evaluate(_READ_PAGE)
    text = shown["text"]
    queries = []
    heading = next(iter(shown["heads"]), None)
    assert heading, f"{path or 'home'} has no heading"
    queries.append(("heading", heading))
    # A drug named as a word (not only inside a path such as calculators/regimens/methotrexate/ or a
    # dotted key such as iim.prednisone.initial_per_kg, which search keeps as one token).
    drug = next((d for d in DRUGS if re.search(rf"(?<![\w/.]){re.escape(d)}(?![\w/]|\.\w)", text, re.IGNORECASE)),
                None)
    dose = DOSE.search(text)
    if drug:
        queries.append(("drug", drug))
    if dose:
        queries.append(("dose figure", f"{dose.group(1)} {dose.group(2)}"))
    missing = [f"{kind} {query!r}" for kind, query in queries if not found(search(tab, query, page_url), page_url)]
    assert not missing, f"search from {path or 'home'} does not find the page by: {', '.join(missing)}"


def test_only_the_output_gallery_is_left_out_of_search_and_it_is():
    assert (["editors/output-gallery/"] if ALL_PAGES else []) == LEFT_OUT
    if ALL_PAGES:
        index = (SITE / TEXT).read_text(encoding="utf-8")  # the pages' entries (igm_iim_site/search_split.py)
        assert "editors/output-gallery/" not in index and "editors/hazard-log/" in index


def test_every_content_page_shows_a_drug_or_dose_somewhere():
    """The drug and dose queries above are not vacuous: most pages have both."""
    with_both = 0
    for path in PAGES:
        html = (SITE / path / "index.html").read_text(encoding="utf-8") if path else (SITE / "index.html").read_text()
        body = re.sub(r"<[^>]+>", " ", html.split("<article", 1)[-1].split("</article>", 1)[0])
        if any(re.search(rf"\b{d}\b", body, re.IGNORECASE) for d in DRUGS) and DOSE.search(body):
            with_both += 1
    assert with_both >= len(PAGES) // 2, f"only {with_both} of {len(PAGES)} pages show a drug and a dose figure"
