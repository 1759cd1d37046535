"""How fast the live forms answer, and how heavy their pages are (a measurement, not a test).

For each case: headless Chromium on the built site (served on 127.0.0.1), the field is filled with all
but its last character, then the last key is pressed for real (``keyboard.press``). The time runs from
the page's ``keydown`` event (capture phase, ``performance.now()``) to the mutation of the results
element (MutationObserver), and to the next animation frame after it (the result is painted by then).
Median and max over RUNS runs.

Page weight: every response of a fresh load of the page (no cache), in bytes as served and gzip-compressed
(as a server with compression would send them), and the request count.

Usage: python scripts/bench_live.py [SITE_DIR]   (or: make bench-live; needs a built site/)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
RUNS = 20
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# (label, page, form, setup {field: value}, field typed, text before the last key, last key)
_TAPER = {"protocol": "iim-s002-fixed-steps", "age_years": "50", "start_date": "2027-01-04", "hold_weeks": "4"}
_ADULT = {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male", "age_years": "50"}

# (label, page, form, setup {field: value}, field typed, text before the last key, last key)
CASES = [
    ("taper S002 60 mg/day", "calculators/taper/", "taper", _TAPER, "start_dose_mg", "6", "0"),
    ("taper S003 80 mg/day, slow 1 mg / 4 wk", "calculators/taper/", "taper",
     {**_TAPER, "protocol": "iim-s003-rule-based", "slow_1mg_every_weeks": "4"}, "start_dose_mg", "8", "0"),
    ("taper IGM 20 mg/day over 10 days", "calculators/taper/", "taper",
     {**_TAPER, "protocol": "igm-s000-withdrawal", "start_dose_mg": "20"}, "withdrawal_days", "1", "0"),
    ("dose initial prednisone", "calculators/dose/", "dose", {"regimen": "prednisone_initial", **_ADULT,
     "mg_per_kg": "1"}, "weight", "7", "0"),
    ("dose methotrexate IIM ramp", "calculators/dose/", "dose", {"regimen": "methotrexate_iim", "age_years": "50",
     "start": "2027-01-04"}, "ramp_months", "", "6"),
    ("dose IVIG on IBW", "calculators/dose/", "dose", {"regimen": "ivig", **_ADULT, "g_per_kg_total": "2"},
     "weight", "6", "0"),
    ("body size", "calculators/body-size/", "body-size",
     {"weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"}, "weight", "8", "0"),
]

PROBE = """form => {
  const f = document.querySelector(`form[data-form="${form}"]`);
  const out = f.querySelector('[data-live-result]');
  window.__bench = {t0: null, dom: null, frame: null};
  if (!window.__benchInstalled) {
    document.addEventListener('keydown', () => { window.__bench.t0 = performance.now(); }, true);
    window.__benchInstalled = true;
  }
  const obs = new MutationObserver(() => {
    if (window.__bench.dom !== null) return;
    window.__bench.dom = performance.now();
    requestAnimationFrame(() => { window.__bench.frame = performance.now(); });
    obs.disconnect();
  });
  obs.observe(out, {childList: true, subtree: true, characterData: true, attributes: true});
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _set(page, form: str, name: str, value: str) -> None:
    page.evaluate("""([form, name, value]) => {
        const el = document.querySelector(`form[data-form="${form}"]`).elements[name];
        el.value = value;
        el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
    }""", [form, name, value])


def latency(page, base: str, case) -> tuple[list[float], list[float]]:
    """Keystroke-to-result times of one case [ms]: to the DOM update and to the next frame."""
    _label, path, form, setup, field, before, key = case
    page.goto(base + path, wait_until="load")
    for name, value in setup.items():
        _set(page, form, name, value)
    dom, frame = [], []
    for _ in range(RUNS):
        _set(page, form, field, before)
        page.locator(f'form[data-form="{form}"] [name="{field}"]').focus()
        page.evaluate("el => { el.setSelectionRange(el.value.length, el.value.length); }",
                      page.locator(f'form[data-form="{form}"] [name="{field}"]').element_handle())
        page.evaluate(PROBE, form)
        page.keyboard.press(key)
        page.wait_for_function("() => window.__bench.frame !== null")
        t = page.evaluate("window.__bench")
        dom.append(t["dom"] - t["t0"])
        frame.append(t["frame"] - t["t0"])
    return dom, frame


def weight(browser, base: str, path: str) -> tuple[int, int, int]:
    """What a first visit to ``path`` downloads: requests, bytes, and bytes gzipped [bytes]."""
    context = browser.new_context()
    page = context.new_page()
    bodies: list[bytes] = []
    page.on("requestfinished", lambda req: bodies.append(req.response().body() if req.response() else b""))
    page.goto(base + path, wait_until="networkidle")
    context.close()
    return len(bodies), sum(len(b) for b in bodies), sum(len(gzip.compress(b, 9)) for b in bodies)


def main() -> None:
    """Serve the built site, measure every case, print the table."""
    import sys

    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "index.html").exists():
        raise SystemExit(f"{site} is not built: run `make site` first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        print(f"Keystroke to result, {RUNS} runs each (ms)")
        print(f"{'case':<42} {'DOM median':>10} {'DOM max':>8} {'frame median':>13} {'frame max':>10}")
        for case in [c for c in CASES if len(sys.argv) < 3 or sys.argv[2] in c[0]]:
            dom, frame = latency(page, base, case)
            print(f"{case[0]:<42} {statistics.median(dom):>10.1f} {max(dom):>8.1f} "
                  f"{statistics.median(frame):>13.1f} {max(frame):>10.1f}")
        print()
        print("Page weight (fresh load, no cache)")
        print(f"{'page':<24} {'requests':>8} {'bytes':>10} {'gzip bytes':>11}")
        for path in ("calculators/taper/", "calculators/dose/", "calculators/body-size/",
                     "calculators/steroid-equivalence/", "guidelines/iim/"):
            count, raw, packed = weight(browser, base, path)
            print(f"{path:<24} {count:>8} {raw:>10,} {packed:>11,}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
