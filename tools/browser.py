"""Serving a built site on 127.0.0.1 and launching Debian's headless Chromium.

Shared by ``scripts/benchmark.py`` and the browser tests (``tests/browser/harness.py``
re-exports it), so that a script of the project never imports the test suite.
Nothing here reaches another host: the network flags below stop Chromium's own
background traffic, and the tests block and report any request that is not for
the local server.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "site"

#: Debian's Chromium (``apt-get install chromium``); override with CHROMIUM_PATH.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

#: Flags for a quiet, offline, headless Chromium (as root, in a container).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}. The browser tests need Debian's Chromium: "
    "run `apt-get update && apt-get install -y chromium` as root (CI's .ci/run does "
    "this), or set CHROMIUM_PATH to another Chromium binary. Do not run "
    "`playwright install`: it downloads a browser build and fails offline."
)


def site_is_built(site: Path = SITE) -> bool:
    """Whether ``site`` holds a built site (its home page)."""
    return (site / "index.html").is_file()


def discover_pages(site: Path = SITE) -> list[str]:
    """Every page of the built site as a URL path relative to the root.

    ``""`` is the home page, ``"guidelines/iim/"`` a page, ``"404.html"`` the
    not-found page. New pages are picked up as soon as they are built.
    """
    pages = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        # Skip anything that is not a page of the site (e.g. assets shipped as HTML).
        if rel.split("/")[0] in ("assets", "search"):
            continue
        pages.append("" if rel == "." else rel + "/")
    if (site / "404.html").is_file():
        pages.append("404.html")
    return sorted(pages, key=lambda p: (p.count("/"), p))


#: URL prefix of the files the tests serve beside the site (never a path of the site itself).
TEST_FILES = "__tests__/"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files only: no directory listings (a folder without index.html is a 404).

    ``extra`` maps a path under :data:`TEST_FILES` to a file of the test suite to serve there.
    """

    def __init__(self, *args, extra: dict[str, Path] | None = None, **kwargs):
        self.extra = extra or {}
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        name = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if name.startswith(TEST_FILES) and name[len(TEST_FILES):] in self.extra:
            return str(self.extra[name[len(TEST_FILES):]])
        return super().translate_path(path)

    def log_message(self, format, *args):
        pass

    def list_directory(self, path):
        self.send_error(404, "No index.html here")


@contextmanager
def serve_site(site: Path = SITE, extra: dict[str, Path] | None = None) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 on a free port; yield the base URL (ending in /).

    ``extra``: test files served beside the site, ``{"axe.min.js": path}`` at ``/__tests__/axe.min.js``.
    """
    handler = functools.partial(SiteHandler, directory=str(site), extra=extra)
    # SITE_TEST_PORT pins the port (a shared machine that gives each user a range); else a free one
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("SITE_TEST_PORT", "0"))), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright):
    """Launch Debian's Chromium headless with the offline flags.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        A started Playwright [object].
    """
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(INSTALL_HINT)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
