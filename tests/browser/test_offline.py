"""Offline after one visit, and a newer edition announced: the real `make publish` tree in Chromium.

Edition 2026.1 is published with the real `make publish` into a throwaway clone (once per
session, tests/conftest.py, shared with tests/test_editions_publish.py: what-changed page,
strict build, tag, file:// archive, mike); this module works on its own copy of that clone.
2026.2 is published with the same mike command only (to keep the test short), and the gh-pages
tree is served on 127.0.0.1. A reader opens one page, the network goes off, and five other
pages, the root address and the edition folders, the styled 404 page, the taper form with its
.ics download, a notebook download and the search still work; a file changed in the saved copy
is never served; then 2026.2 is published and the open page says so when it is shown again.
The tree is served under the sub-path it was published for (SITE_URL, tests/clones.py).
Every request of the context, the service worker's included, must stay on 127.0.0.1.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
from http.server import ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import REPO, SiteHandler
from tests.browser.ward_cases import CASES, FILL
from tests.clones import DEPLOYED_AT, clone_env, run_in

pytestmark = pytest.mark.browser

OTHER_PAGES = ["", "guidelines/iim/", "calculators/dose/", "notebooks/taper/", "about/sources/"]

SW_ACTIVE = """() => navigator.serviceWorker.ready.then(reg => new Promise(done => {
  const w = reg.active;
  if (w.state === 'activated') done(w.state);
  else w.addEventListener('statechange', () => w.state === 'activated' && done(w.state));
}))"""


def _run(cmd: list[str], cwd: Path) -> str:
    return run_in(cwd, cmd)


class Editions:
    """A copy of the clone in which 2026.1 was published, its gh-pages tree on disk and a server for it."""

    def __init__(self, tmp: Path, first_edition):
        # 2026.1: the real `make publish` (what-changed page, strict build, tag, archive, mike),
        # run once per session in a clean clone (tests/conftest.py); this module works on a copy.
        self.clone = first_edition.copy_to(tmp / "clone")
        # served under the sub-path the editions were published for (SITE_URL, tests/clones.py)
        self.sub_path = urlsplit(DEPLOYED_AT).path
        self.tree = tmp / "www" / self.sub_path.strip("/")
        self.tree.mkdir(parents=True)
        handler = functools.partial(SiteHandler, directory=str(tmp / "www"))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.host = f"http://127.0.0.1:{self.server.server_port}/"
        self.base = f"http://127.0.0.1:{self.server.server_port}{self.sub_path}"
        self._extract()

    def deploy(self, edition: str) -> None:
        """Only the mike step of `make publish` (same arguments), to keep the test short: the
        strict build, tag and archive of a second edition add nothing to what is tested here."""
        venv = Path(sys.prefix)
        env_path = f"{venv}/bin:{os.environ.get('PATH', '')}"
        for args in (["deploy", "--alias-type=copy", "--update-aliases", edition, "latest"], ["set-default", "latest"]):
            proc = subprocess.run([f"{venv}/bin/mike", *args], cwd=self.clone, capture_output=True, text=True,
                                  env={**clone_env(self.clone), "PATH": env_path, "SITE_URL": DEPLOYED_AT},
                                  check=False)
            assert proc.returncode == 0, proc.stderr[-3000:]
        self._extract()

    def _extract(self) -> None:
        archive = subprocess.run(["git", "-C", str(self.clone), "archive", "--format=tar", "gh-pages"],
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(self.tree, filter="data")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def editions(tmp_path_factory, first_edition):
    site = Editions(tmp_path_factory.mktemp("offline-editions"), first_edition)
    yield site
    site.close()


@pytest.fixture(scope="module")
def reader(browser, editions):
    """One browser profile that keeps its service worker across the tests of this module."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a load cut short by the next navigation (ERR_ABORTED) is the test moving on, not a failure
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} ({r.failure})")
            if "ERR_ABORTED" not in (r.failure or "") else None)
    yield context, page, requests, errors
    context.close()
    offsite = [u for u in requests if not u.startswith((editions.base, "data:", "blob:"))]
    assert not offsite, f"requests that left the deployment ({editions.base}): {offsite}"


#: Replaces a saved file in this edition's cache with other bytes (as a damaged disk would).
TAMPER = """async ([scope, url]) => {
  const key = (await caches.keys()).find(k => k.startsWith('guide-edition ' + scope + ' '));
  const cache = await caches.open(key);
  await cache.put(url, new Response('<h1>Tampered</h1>', {headers: {'Content-Type': 'text/html'}}));
}"""


def _wait_for_root_worker(page, root: str, seconds: float = 30) -> None:
    """The deployment root's worker (tools/root_worker.py), registered by offline.js, is running."""
    deadline = time.monotonic() + seconds
    script = """async (root) => {
      const reg = await navigator.serviceWorker.getRegistration(root);
      return !!(reg && reg.scope === root && reg.active && reg.active.state === 'activated');
    }"""
    while not page.evaluate(script, root):
        assert time.monotonic() < deadline, f"no service worker at {root} after {seconds} s"
        page.wait_for_timeout(250)


def _fill(page, name: str, values: dict) -> None:
    page.evaluate(FILL, [name, values])


def test_plain_build_registers_no_worker():
    site = REPO / "site"
    if not (site / "index.html").is_file():
        pytest.skip("site/ is not built")
    assert not (site / "sw.js").exists(), "a plain build must not ship a service worker"
    html = (site / "guidelines" / "igm" / "index.html").read_text(encoding="utf-8")
    assert "offline.js" not in html and "manifest.webmanifest" not in html


def test_published_edition_names_where_it_is_deployed(editions):
    """SITE_URL of `make publish`: canonical links, the sitemap and the 404 page's links (README, Deploying)."""
    edition = editions.tree / "2026.1"
    page = (edition / "guidelines" / "igm" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{DEPLOYED_AT}2026.1/guidelines/igm/">' in page
    sitemap = (edition / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(f"{DEPLOYED_AT}2026.1/") for loc in locations), locations[:3]
    # the 404 page may be served at any depth: its links are written from the host's root, so they
    # must carry the sub-path and the edition folder
    not_found = (edition / "404.html").read_text(encoding="utf-8")
    rooted = re.findall(r'(?:href|src)="(/[^"]*)"', not_found)
    assert rooted and all(u.startswith(f"{editions.sub_path}2026.1/") for u in rooted), \
        [u for u in rooted if not u.startswith(f"{editions.sub_path}2026.1/")][:5]


def test_one_visit_then_offline(editions, reader, tmp_path):
    context, page, _requests, errors = reader
    base = editions.base + "latest/"
    page.goto(base + "guidelines/igm/")
    assert page.evaluate(SW_ACTIVE) == "activated"
    assert "works offline" in page.inner_text(".site-edition")
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "./"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}

    _wait_for_root_worker(page, editions.base)

    context.set_offline(True)
    try:
        # the deployment's root address (mike's page that sends the reader on to latest/) and the
        # edition folders, with and without their slash: 2026.1 is the build saved under latest/
        for address in ("", "2026.1/", "2026.1", "latest", "2026.1/guidelines/iim/"):
            page.goto(editions.base + address)
            page.wait_for_url(re.compile(r".*/latest/(guidelines/iim/)?$"), timeout=10_000)
            assert "Edition 2026.1" in page.inner_text(".site-edition"), address
            assert page.locator("h1").first.inner_text().strip(), address
        # a page that does not exist: the saved 404 page, styled, its links inside the saved copy
        response = page.goto(base + "no-such-page/")
        assert response.status == 404
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        home = page.locator(".md-header__button.md-logo").get_attribute("href")
        assert home.startswith(urlsplit(base).path), home
        errors[:] = [e for e in errors if "status of 404" not in e]  # the 404 itself, logged by Chromium
        for path in OTHER_PAGES:
            response = page.goto(base + path)
            assert response.ok, path
            assert page.locator("h1").first.inner_text().strip(), path
            assert "Edition 2026.1" in page.inner_text(".site-edition"), path
        # a page's images and styles came from the offline copy too
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")

        # the taper form computes, and its calendar file downloads
        page.goto(base + "calculators/taper/")
        _fill(page, "taper", CASES["taper"])
        form = page.locator('form[data-form="taper"]')
        with page.expect_download() as info:
            form.locator('[data-taper-action="ics"]').click()
        ics = tmp_path / "taper.ics"
        info.value.save_as(ics)
        text = ics.read_text(encoding="utf-8")
        assert text.startswith("BEGIN:VCALENDAR") and "DTSTART" in text

        # a notebook's download link
        page.goto(base + "notebooks/taper/")
        with page.expect_download() as info:
            page.locator("a.nb-download").click()
        assert info.value.suggested_filename.endswith(".py")

        # the search index and search worker were saved too
        page.goto(base + "guidelines/")
        page.locator(".md-search__input").focus()
        page.keyboard.type("methotrexate", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    finally:
        context.set_offline(False)
    assert not errors, errors


def test_a_file_changed_in_the_saved_copy_is_not_served(editions, reader):
    """The worker checks a saved file's SHA-256 when it serves it: online it fetches the file anew,
    offline it refuses it (a changed copy is never shown)."""
    context, page, _requests, errors = reader
    base = editions.base + "latest/"
    page.goto(base + "guidelines/igm/")
    assert page.evaluate(SW_ACTIVE) == "activated"
    truth = page.goto(base + "about/disclaimer/").text()
    assert "Tampered" not in truth
    for offline in (False, True):
        page.evaluate(TAMPER, [base, base + "about/disclaimer/index.html"])
        context.set_offline(offline)
        try:
            response = page.goto(base + "about/disclaimer/")
            shown = page.content()
        finally:
            context.set_offline(False)
        assert "Tampered" not in shown, f"offline={offline}: the changed copy was served"
        if offline:
            assert response.status == 503 and "has changed since it was saved" in shown
        else:
            assert response.status == 200 and response.text() == truth  # fetched anew, checked, saved again
    # the refusal itself, and the worker's attempt to fetch the file anew while offline, as Chromium logs them
    errors[:] = [e for e in errors if "status of 503" not in e and "ERR_INTERNET_DISCONNECTED" not in e]
    assert not errors, errors


def test_newer_edition_is_announced_when_the_page_is_shown_again(editions, reader):
    _context, page, _requests, errors = reader
    base = editions.base + "latest/"
    page.goto(base + "guidelines/igm/")
    assert page.evaluate(SW_ACTIVE) == "activated"
    page.reload()  # the page as a returning reader has it: served by the saved edition (its worker controls it)
    assert page.evaluate("!!navigator.serviceWorker.controller")
    home = editions.clone / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nSecond edition of the offline test.\n", encoding="utf-8")
    _run(["git", "commit", "--quiet", "-am", "Second edition"], editions.clone)
    editions.deploy("2026.2")
    # no navigation: the reader comes back to the open page (tab shown again; focus does the same).
    # offline.js checks at most once every 10 s (focus and visibility often fire together), counted from
    # when it registered; on a quiet machine the deploy above takes less than that, so the reader comes
    # back every 2 s, as one switching between tabs would, for up to 40 s.
    notice = page.locator("[data-offline-update]")
    deadline = time.monotonic() + 40
    while not notice.is_visible() and time.monotonic() < deadline:
        page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        page.wait_for_timeout(2_000)
    notice.wait_for(timeout=5_000)
    assert "Edition 2026.2 of this guide has been published" in notice.inner_text()
    # the page itself is still the saved 2026.1, whole: no file of 2026.2 in it
    assert "Edition 2026.1" in page.inner_text(".site-edition")
    # A new worker that does not take over (Chromium parks it when a request of the page reaches the old
    # worker as it hands over): 3 s after asking, the page reloads, and the reader can switch again.
    page.evaluate("""() => {
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (message, ...rest) {
        if (message && message.type === "switch") return;  // the switch that never happens
        return post.call(this, message, ...rest);
      };
    }""")
    with page.expect_navigation(timeout=30_000):
        notice.get_by_role("button", name="Switch to edition 2026.2").click()
    assert "Edition 2026.1" in page.inner_text(".site-edition")
    notice.wait_for(timeout=30_000)
    # The switch itself. The tap also wakes the theme (partials/theme-on-demand.html), whose script is
    # fetched through the old worker at that moment; before the switch waited for the theme (offline.js),
    # the new worker then never took over in two of three runs under make test's two workers.
    with page.expect_navigation(timeout=60_000):
        notice.get_by_role("button", name="Switch to edition 2026.2").click()
    assert "Edition 2026.2" in page.inner_text(".site-edition")
    page.goto(base)
    assert "Second edition of the offline test." in page.inner_text("article")
    # one cache per scope and build: the old build's cache is gone
    keys = page.evaluate("caches.keys()")
    latest = [k for k in keys if k.startswith(f"guide-edition {base} ")]
    assert len(latest) == 1 and " 2026.2-" in latest[0], keys
    # Offline, 2026.1 (used here under latest/ until 2026.2 replaced it, never opened under 2026.1/) is not
    # saved: the page says why, truthfully (the third ward trial: it said 2026.1 was never opened here).
    _context.set_offline(True)
    before = len(errors)
    try:
        page.goto(editions.base + "2026.1/guidelines/igm/")
        text = page.inner_text("body")
    finally:
        _context.set_offline(False)
    # the page's own 503 and its icon, not fetched offline, are the console's only complaints
    expected = ("Failed to load resource: the server responded with a status of 503",
                "Failed to load resource: net::ERR_INTERNET_DISCONNECTED")
    assert all(e.startswith(expected) for e in errors[before:]), errors[before:]
    del errors[before:]
    assert "never opened" not in text, text
    assert "replaced by edition 2026.2" in text and "Open latest (edition 2026.2) now" in text, text
    # a fixed edition stays as published
    page.goto(editions.base + "2026.1/")
    assert "Edition 2026.1" in page.inner_text(".site-edition")
    assert not errors, errors


def test_a_known_outdated_edition_shows_its_banner_before_the_theme(editions, browser):
    # The theme's version selector saves whether an edition is outdated (sessionStorage, the site's scope and
    # ".__outdated"); the next page reads it at once (partials/javascripts/outdated.html), before the theme.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    context.route(re.compile(r"/assets/javascripts/bundle\.[\w.]+\.js$"), lambda r: r.abort())  # no theme at all
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(editions.base + "latest/guidelines/igm/", wait_until="load")
    banner = page.locator('[data-md-component="outdated"]')
    assert banner.count() == 1 and banner.is_hidden()
    key = urlsplit(editions.base).path + "latest/.__outdated"
    page.evaluate("(key) => sessionStorage.setItem(key, 'true')", key)
    page.reload(wait_until="load")
    assert not page.evaluate("!!(window.__theme && window.__theme.mounted())"), "the theme mounted"
    assert banner.is_visible(), "the saved 'outdated' did not show the banner"
    assert "older edition" in banner.inner_text()
    page.evaluate("(key) => sessionStorage.setItem(key, 'false')", key)
    page.reload(wait_until="load")
    assert banner.is_hidden()
    context.close()
    assert not errors, errors

def test_edition_archive_works_from_the_file_system(editions, browser, tmp_path):
    """The zip each edition ships: pages, live form, address, record and search from file://."""
    name = "guide-2026.1-offline.zip"
    archive = editions.tree / "2026.1" / "downloads" / name
    assert archive.is_file(), "the edition ships no archive"
    editions_page = (editions.tree / "2026.1" / "editions" / "index.html").read_text(encoding="utf-8")
    assert f'href="../downloads/{name}" download' in editions_page
    with zipfile.ZipFile(archive) as z:
        z.extractall(tmp_path)
    root = tmp_path / "guide-2026.1"
    assert (root / "index.html").is_file() and not (root / "sw.js").exists()

    # every link between pages names a file that is in the archive
    for html in root.rglob("*.html"):
        if html.name == "404.html":  # a server's not-found page: never opened from the file system
            continue
        for href in re.findall(r'<a [^>]*href="([^"#:?]+)(?:#[^"]*)?"', html.read_text(encoding="utf-8")):
            assert (html.parent / href).resolve().is_file(), f"{html.relative_to(root)}: {href} is not in the archive"

    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(root.as_uri() + "/index.html")
        assert "Edition 2026.1" in page.inner_text(".site-edition")
        page.goto(root.as_uri() + "/calculators/taper.html")
        _fill(page, "taper", CASES["taper"])
        result = page.locator('form[data-form="taper"] [data-live-result], form[data-form="taper"] [data-live-results]').first
        assert "once daily" in result.inner_text() and result.is_visible()
        assert page.evaluate("location.hash").startswith("#taper?")
        assert page.locator('[data-record-action="print"]').is_enabled()

        page.goto(root.as_uri() + "/guidelines/index.html")
        page.locator(".md-search__input").focus()
        page.keyboard.type("methotrexate", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    finally:
        context.close()
    assert not errors, errors
    assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), \
        [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
