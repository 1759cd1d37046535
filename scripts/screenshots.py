"""Screenshots of the live-form and notebook pages at desktop and phone width (for review, not a test).

Serves site/ on 127.0.0.1 and writes PNGs to the folder given (default: /tmp/screenshots).
Usage: python scripts/screenshots.py [out_dir] [page ...]
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["calculators/taper/", "calculators/dose/", "notebooks/taper/", "notebooks/dose-calculation/"]
WIDTHS = {"desktop": 1280, "phone": 390}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    """Serve site/ and save a screenshot of each page at 1280 and 390 px wide."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/screenshots")
    pages = sys.argv[2:] or PAGES
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(ROOT / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        for name, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            for path in pages:
                page.goto(base + path, wait_until="load")
                page.wait_for_timeout(200)
                target = out / f"{path.strip('/').replace('/', '_')}_{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
