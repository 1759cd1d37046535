"""Load a page of the built site once and record everything the tests check.

A :class:`SiteVisitor` keeps reusable tabs, each in a browser context of its
own, per (colour scheme, viewport). :meth:`SiteVisitor.visit` loads a page,
records every request (and blocks any that is not for the local server),
console errors, failed requests and HTTP errors, collects the page's links
and images, runs axe-core, and caches the result, so each page is loaded once
per (scheme, viewport) however many tests look at it. Visits planned with
:meth:`SiteVisitor.plan` run two at a time (``LANES``): while axe-core scans
one page, the next one loads in another tab.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

AXE_JS = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"

#: WCAG 2.2 level AA, as axe-core tags it (2.0, 2.1 and 2.2 A and AA rules).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: axe rules switched off, with the reason. Keep this empty unless a rule is
#: wrong for this site; fix the page or the theme instead (overrides/, site.css).
AXE_DISABLED_RULES: dict[str, str] = {}

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}

# mkdocs-material names its schemes "default" (light) and "slate" (dark).
SCHEMES = {"light": "default", "dark": "slate"}

#: Visits under way at once (each in its own tab), see :meth:`SiteVisitor.visit`. 2: the machine's
#: two cores, one page scanned by axe-core in each. GUIDE_TEST_LANES=1 visits one page at a time.
LANES = max(1, int(os.environ.get("GUIDE_TEST_LANES", "2")))

#: Starts axe-core and returns at once: ``window.__axeViolations`` is the promise of its violations
#: (awaited by :meth:`SiteVisitor.axe_result`), so another tab can work while this page is scanned.
_AXE_START = """
({tags, disabled}) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  window.__axeViolations = axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    rules,
    resultTypes: ['violations'],
  }).then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  })));
}
"""

_COLLECT = """
() => ({
  // SVG links (the flowcharts) have an SVGAnimatedString href: resolve it like an HTML one
  links: [...document.querySelectorAll('a[href]')].map(a =>
    typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href),
  images: [...document.querySelectorAll('img[src]')].map(i => ({
    src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0,
  })),
  scheme: document.body.getAttribute('data-md-color-scheme'),
  overflow: document.documentElement.scrollWidth - window.innerWidth,
})
"""


@dataclass
class Visit:
    """What one page load showed."""

    url: str
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    scheme: str | None = None
    overflow: int = 0
    axe: list[dict] = field(default_factory=list)


@dataclass(eq=False)
class _Lane:
    """One tab of one context, visiting one page at a time; ``key`` is the visit under way."""

    context: object
    page: object
    external: list[str]
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    kind: tuple[str, str] = ("light", "desktop")
    key: tuple[str, str, str] | None = None
    visit: Visit | None = None


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


def watch_network(page) -> None:
    """Track the requests in flight on ``page`` (see :func:`wait_for_quiet_network`)."""
    state = {"pending": set(), "last": time.monotonic()}

    def start(request):
        state["pending"].add(request)
        state["last"] = time.monotonic()

    def end(request):
        state["pending"].discard(request)
        state["last"] = time.monotonic()

    page.on("request", start)
    page.on("requestfinished", end)
    page.on("requestfailed", end)
    page._network_state = state


def wait_for_quiet_network(page, quiet: float = 0.2, timeout: float = 15.0) -> None:
    """Wait until no request has been in flight for ``quiet`` seconds.

    Playwright's ``networkidle`` waits a fixed 500 ms; this is the same idea,
    shorter, which matters when every page is loaded several times.
    """
    state = page._network_state
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not state["pending"] and time.monotonic() - state["last"] >= quiet:
            return
        page.wait_for_timeout(50)
    raise TimeoutError(f"requests still in flight after {timeout}s: {[r.url for r in state['pending']]}")


class SiteVisitor:
    def __init__(self, browser, base_url: str, lanes: int = LANES, axe_url: str | None = None):
        self.browser = browser
        self.base_url = base_url
        self.origin = urlsplit(base_url).netloc
        self._lanes: dict[tuple[str, str], list[_Lane]] = {}
        self._visits: dict[tuple[str, str, str], Visit] = {}
        self._errors: dict[tuple[str, str, str], Exception] = {}
        self._queue: list[tuple[str, str, str]] = []  # planned visits not started yet, in order
        self._in_flight: list[_Lane] = []  # started, axe-core still running, oldest first
        self.lanes = lanes
        self._targets: dict[str, tuple[int, set[str] | None]] = {}
        #: Where the test server serves axe-core (harness.serve_site ``extra``): loaded by URL, the
        #: browser keeps it compiled; without one, the script's text is sent with every page.
        self.axe_url = axe_url
        self.axe_source = None if axe_url else AXE_JS.read_text(encoding="utf-8")

    # -- contexts ---------------------------------------------------------
    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return parts.scheme in ("http", "https", "ws", "wss") and parts.netloc == self.origin

    def new_context(self, scheme: str = "light", viewport: str = "desktop"):
        """A fresh browser context with the colour scheme stored the way the site stores it."""
        phone = viewport == "phone"
        context = self.browser.new_context(
            viewport=VIEWPORTS[viewport],
            color_scheme="dark" if scheme == "dark" else "light",
            is_mobile=phone,
            has_touch=phone,
            service_workers="block",
        )
        record: dict[str, list[str]] = {"external": []}

        def route(route):
            url = route.request.url
            if self.is_local(url):
                route.continue_()
            else:
                record["external"].append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        context.on("websocket", lambda ws: None if self.is_local(ws.url) else record["external"].append(ws.url))
        if scheme != "light":  # light is the site's first (default) palette
            self._select_palette(context, scheme)
        return context, record

    def _select_palette(self, context, scheme: str):
        """Store the palette choice in localStorage (``__palette``), as the toggle does."""
        page = context.new_page()
        page.goto(self.base_url, wait_until="load")
        wanted = SCHEMES[scheme]
        page.evaluate(
            """(wanted) => {
              const inputs = [...document.querySelectorAll('input[name="__palette"]')];
              const index = inputs.findIndex(i => i.dataset.mdColorScheme === wanted);
              if (index < 0) return;
              const i = inputs[index];
              const key = Object.keys(localStorage).find(k => k.endsWith('.__palette'))
                || new URL('.', location).pathname + '.__palette';
              localStorage.setItem(key, JSON.stringify({index, color: {
                media: i.dataset.mdColorMedia, scheme: i.dataset.mdColorScheme,
                primary: i.dataset.mdColorPrimary, accent: i.dataset.mdColorAccent}}));
            }""",
            wanted,
        )
        page.close()

    def _lane(self, scheme: str, viewport: str) -> _Lane:
        """An idle tab for (scheme, viewport), in a context of its own (opened on first use)."""
        for lane in self._lanes.setdefault((scheme, viewport), []):
            if lane.key is None:
                return lane
        context, record = self.new_context(scheme, viewport)
        page = context.new_page()
        lane = _Lane(context, page, record["external"], kind=(scheme, viewport))
        watch_network(page)
        page.on("console", lambda m: lane.console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: lane.console.append(f"uncaught: {e}"))
        page.on(
            "requestfailed",
            lambda r: lane.failed.append(f"{r.url} ({r.failure})") if self.is_local(r.url) else None,
        )
        page.on(
            "response",
            lambda r: lane.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None,
        )
        self._lanes[(scheme, viewport)].append(lane)
        return lane

    def _drop(self, lane: _Lane) -> None:
        """Close a tab that raised: the next visit of its kind opens a fresh one."""
        if lane in self._lanes.get(lane.kind, []):
            self._lanes[lane.kind].remove(lane)
        self._in_flight = [other for other in self._in_flight if other is not lane]
        with contextlib.suppress(Exception):  # already gone with a crashed page: nothing left to close
            lane.context.close()

    # -- visiting ---------------------------------------------------------
    def plan(self, keys) -> None:
        """The visits the coming tests will ask for, in the order they will ask (see :meth:`visit`)."""
        for key in keys:
            key = tuple(key)
            if key not in self._visits and key not in self._errors and key not in self._queue:
                self._queue.append(key)

    def visit(self, path: str, scheme: str = "light", viewport: str = "desktop") -> Visit:
        """The page as loaded in (scheme, viewport): loaded once, then read from the cache.

        Up to :attr:`lanes` planned visits are under way at once, each in its own tab: while
        axe-core scans one page (in that page's renderer), the next page loads or is scanned in
        another, so both cores work. A visit that raised re-raises in every test that reads it.
        """
        key = (path, scheme, viewport)
        if key not in self._visits and key not in self._errors:
            if key in self._queue:
                self._queue.remove(key)
            if not any(lane.key == key for lane in self._in_flight):
                self._queue.insert(0, key)
            while True:
                self._top_up()
                if key in self._visits or key in self._errors:
                    break
                self._finish(self._in_flight[0])  # lanes full or ``key`` under way: wait for the oldest
            self._top_up()  # the next planned pages load while the tests read this one
        if key in self._errors:
            raise self._errors[key]
        return self._visits[key]

    def _top_up(self) -> None:
        while self._queue and len(self._in_flight) < self.lanes:
            key = self._queue.pop(0)
            lane = self._lane(*key[1:])
            try:
                self._start(lane, key)
            except Exception as error:
                self._errors[key] = error
                self._drop(lane)

    def _start(self, lane: _Lane, key: tuple[str, str, str]) -> None:
        """Load the page, record what it did, and start axe-core on it (without waiting for it)."""
        path = key[0]
        lane.key = key
        self._in_flight.append(lane)
        lane.console.clear()
        lane.failed.clear()
        lane.external.clear()
        url = self.base_url + path
        response = lane.page.goto(url, wait_until="load")
        # The search worker fetches its index after "load": wait until the network is quiet.
        wait_for_quiet_network(lane.page)
        collected = lane.page.evaluate(_COLLECT)
        visit = Visit(
            url=url,
            external_requests=list(dict.fromkeys(lane.external)),
            console_errors=list(lane.console),
            failed_requests=list(dict.fromkeys(lane.failed)),
            links=list(dict.fromkeys(collected["links"])),
            images=collected["images"],
            scheme=collected["scheme"],
            overflow=collected["overflow"],
        )
        if response is None or (response.status >= 400 and not path.endswith("404.html")):
            visit.failed_requests.insert(0, f"{url} (HTTP {response.status if response else 'no response'})")
        self.start_axe(lane.page)
        lane.visit = visit

    def _finish(self, lane: _Lane) -> None:
        """Wait for the page's axe-core result; the visit is then complete and cached."""
        key = lane.key
        try:
            lane.visit.axe = self.axe_result(lane.page)
        except Exception as error:
            self._errors[key] = error
            self._drop(lane)
        else:
            self._visits[key] = lane.visit
            self._in_flight.remove(lane)
        lane.key, lane.visit = None, None

    def start_axe(self, page) -> None:
        """Start axe-core on the page as it is now; :meth:`axe_result` waits for its violations."""
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            if self.axe_url:
                page.add_script_tag(url=self.axe_url)
            else:
                page.add_script_tag(content=self.axe_source)
        page.evaluate(_AXE_START, {"tags": AXE_TAGS, "disabled": list(AXE_DISABLED_RULES)})

    def axe_result(self, page) -> list[dict]:
        return page.evaluate("() => window.__axeViolations")

    def run_axe(self, page) -> list[dict]:
        self.start_axe(page)
        return self.axe_result(page)

    # -- links ------------------------------------------------------------
    def _target(self, url: str) -> tuple[int, set[str] | None]:
        """HTTP status of ``url`` (no fragment) and, for HTML, the ids it defines."""
        if url not in self._targets:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    status = response.status
                    body = response.read()
                    html = "html" in response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as error:
                status, body, html = error.code, b"", False
            ids = None
            if html:
                parser = _Ids()
                parser.feed(body.decode("utf-8", "replace"))
                ids = parser.ids
            self._targets[url] = (status, ids)
        return self._targets[url]

    def broken_links(self, visit: Visit, page_ids: set[str] | None = None) -> list[str]:
        """Internal links and images of ``visit`` that do not resolve (anchors included)."""
        broken = []
        for image in visit.images:
            if not self.is_local(image["src"]):
                broken.append(f"image from another host: {image['src']}")
            elif not image["ok"]:
                broken.append(f"image did not load: {image['src']}")
        for link in visit.links:
            parts = urlsplit(link)
            if parts.scheme not in ("http", "https") or not self.is_local(link):
                continue  # mailto:, external sites: not requests, not checked here
            target, fragment = urldefrag(link)
            status, ids = self._target(target)
            if status != 200:
                broken.append(f"link to {link} (HTTP {status})")
            elif fragment and ids is not None and unquote(fragment) not in ids:
                broken.append(f"link to {link}: no element with id {unquote(fragment)!r}")
        return broken

    def close(self):
        for lanes in self._lanes.values():
            for lane in lanes:
                lane.context.close()


def describe_axe(violations: list[dict], limit: int = 6) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:limit]:
            summary = " ".join(node["summary"].split()) if node["summary"] else ""
            lines.append(f"    {node['target']}: {summary}")
        if len(v["nodes"]) > limit:
            lines.append(f"    ... and {len(v['nodes']) - limit} more")
    return "\n".join(lines)


def dumps(items) -> str:
    return json.dumps(items, indent=1)
