"""Every built page carries a strict Content-Security-Policy (igm_iim_site/csp.py), and nothing on it breaks it.

* statically: each page's policy comes first in <head>, allows scripts only from the site and by the
  hash of each inline script the page holds (read here with Python's own HTML parser, not the hook's
  regular expressions), and names no other host;
* in Chromium, which computes the hashes itself: no page reports a violation (the
  ``securitypolicyviolation`` event, or a console message), before and after the theme's bundle
  loads; the search (its worker and index) and a live form work under the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from tests.browser.harness import SITE, site_is_built
from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")) if site_is_built() else []
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}


class _Head(HTMLParser):
    """The CSP <meta> and what comes before it; every inline script and style element's text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.policy = None
        self.before_policy: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policy = a.get("content")
        elif self.policy is None and tag not in ("html", "head", "meta"):
            self.before_policy.append(tag)
        if tag == "script" and "src" not in a and (a.get("type") or "").lower() in JS_TYPES:
            self._in, self._text = "script", []
        elif tag == "style":
            self._in, self._text = "style", []

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._in == tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._in = None


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_every_page_has_a_strict_policy_for_its_own_scripts():
    if not PAGES:
        pytest.skip("site not built")
    for rel in PAGES:
        head = _Head()
        head.feed((SITE / rel).read_text(encoding="utf-8"))
        assert head.policy, f"{rel}: no Content-Security-Policy"
        assert not head.before_policy, f"{rel}: {head.before_policy} before the policy (it covers only what follows)"
        d = _directives(head.policy)
        assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"], rel
        assert d["script-src"][0] == "'self'", rel
        assert set(d["script-src"][1:]) == {_sha(s) for s in head.scripts}, f"{rel}: script hashes"
        assert set(d["style-src-elem"][1:]) == {_sha(s) for s in head.styles}, f"{rel}: <style> hashes"
        for name, sources in d.items():
            assert "'unsafe-eval'" not in sources and "*" not in sources, (rel, name)
            assert not [s for s in sources if re.match(r"(https?:|//|[\w-]+\.[\w.-]+)", s)], (rel, name, sources)
        assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-inline'" not in d["style-src-elem"], rel
        assert "frame-ancestors" not in d and "report-uri" not in d  # ignored (and logged) in a <meta> policy


WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));"""


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    yield page
    context.close()


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.console_csp


def test_no_page_reports_a_violation(watched, site_url):
    if not PAGES:
        pytest.skip("site not built")
    found = {}
    for rel in PAGES:
        watched.goto(site_url + rel, wait_until="load")
        watched.keyboard.press("Tab")  # wakes the theme's bundle (overrides/partials/theme-on-demand.html)
        watched.wait_for_timeout(150)
        if _violations(watched):
            found[rel] = _violations(watched)
            watched.console_csp.clear()
    assert not found, found


def test_search_and_a_live_form_work_under_the_policy(watched, site_url):
    watched.goto(site_url, wait_until="load")
    watched.keyboard.press("/")
    field = watched.locator('[data-md-component="search-query"]')
    field.fill("methotrexate")
    # the theme reads the box on a key (fill types none); its index is small now and may be ready before the fill
    field.press("End")
    watched.wait_for_selector(".md-search-result__item", timeout=15_000)  # the worker ran and read the index
    assert not _violations(watched), _violations(watched)

    watched.goto(site_url + "calculators/taper/", wait_until="load")
    watched.evaluate(FILL, ["taper", dict(CASES["taper"])])
    out = watched.locator('form[data-form="taper"] [data-live-result], form[data-form="taper"] [data-live-results]')
    assert out.first.inner_text().strip(), "the live form gave no result under the policy"
    assert not _violations(watched), _violations(watched)
