"""Fixtures for the browser tests: the built site on 127.0.0.1 and one headless Chromium.

The tests run against ``site/``, which ``make test`` builds first. If it is
missing (``make unit``, or pytest run by hand without a build) they are
skipped with that reason. If Chromium is missing they fail and say how to
install it: CI installs it, so a missing browser is a setup error, not a pass.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import (
    INSTALL_HINT,
    SITE,
    TEST_FILES,
    launch_chromium,
    serve_site,
    site_is_built,
)
from tests.browser.visitor import AXE_JS, SiteVisitor

NO_SITE = f"{SITE} is not built: run `make test` (or `make site` first) for the browser tests"


def pytest_collection_modifyitems(config, items):
    if site_is_built():
        return
    skip = pytest.mark.skip(reason=NO_SITE)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url():
    if not site_is_built():
        pytest.skip(NO_SITE)
    # axe-core is served beside the site (never part of it), so each page loads it by URL.
    with serve_site(SITE, extra={"axe.min.js": AXE_JS}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        pytest.fail("Python playwright is not installed: run `make setup`.", pytrace=False)
    playwright = sync_playwright().start()
    try:
        try:
            browser = launch_chromium(playwright)
        except FileNotFoundError:
            pytest.fail(INSTALL_HINT, pytrace=False)
        except Exception as error:  # any error: say what to do, whatever went wrong
            pytest.fail(f"Chromium did not start ({error}).\n{INSTALL_HINT}", pytrace=False)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def visitor(browser, base_url):
    site_visitor = SiteVisitor(browser, base_url, axe_url=base_url + TEST_FILES + "axe.min.js")
    yield site_visitor
    site_visitor.close()


@pytest.fixture
def new_page(visitor):
    """A fresh tab in a fresh context (light scheme, desktop), closed after the test.

    Requests to other hosts are blocked and listed in ``page.external_requests``.
    """
    opened = []

    def make(scheme: str = "light", viewport: str = "desktop"):
        context, record = visitor.new_context(scheme, viewport)
        opened.append(context)
        page = context.new_page()
        page.external_requests = record["external"]
        return page

    yield make
    for context in opened:
        context.close()


@pytest.fixture(scope="session")
def site_url(base_url):
    """The served site's root URL, ending in '/' (used by the live-calculator tests)."""
    return base_url if base_url.endswith("/") else base_url + "/"


@pytest.fixture
def site_page(browser, site_url):
    """Open a page of the built site; fails the test on a console error or an off-site request."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    offsite: list[str] = []
    # ERR_INTERNET_DISCONNECTED only arises when a test takes the browser offline on purpose
    # (context.set_offline): a load the page starts late (idle-time work) then fails by design.
    # A missing file is a 404 and an off-site request is caught below, so neither hides here.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "ERR_INTERNET_DISCONNECTED" not in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: offsite.append(req.url)
            if not req.url.startswith((site_url, "data:", "blob:")) else None)

    def open_page(path: str):
        page.goto(site_url + path, wait_until="load")
        return page

    yield open_page
    context.close()
    assert not errors, f"console errors: {errors}"
    assert not offsite, f"requests to other hosts: {offsite}"
