"""Shared plumbing for the browser tests: the site server and Chromium of ``tools/browser.py``.

The code lives in ``tools/`` so that ``scripts/benchmark.py`` uses it without importing the
test suite; the tests import it from here, as before.
"""

from tools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    INSTALL_HINT,
    REPO,
    SITE,
    TEST_FILES,
    SiteHandler,
    discover_pages,
    launch_chromium,
    serve_site,
    site_is_built,
)

__all__ = [
    "CHROMIUM", "CHROMIUM_ARGS", "INSTALL_HINT", "REPO", "SITE", "TEST_FILES", "SiteHandler",
    "discover_pages", "launch_chromium", "serve_site", "site_is_built",
]
