"""Keyboard-only journeys through the site, written as data.

A :class:`Journey` is a page and a list of steps a keyboard user takes:
Tab to a control, press a key, type, and what should then be true. The home
page's search journey is the first; a calculator form is added the same way,
for example (selectors are whatever the form's markup uses)::

    Journey("body-size form", "calculators/body-size/", [
        TabTo("input[name=height]"), Type("175"),
        TabTo("select[name=sex]"), Press("ArrowDown"),
        TabTo("button[type=submit]"), Press("Enter"),
        ExpectText("output", "70.5 kg"),
    ])

Tab stops are found with real Tab presses, never by clicking or focusing
from script, so a control that a keyboard cannot reach fails the journey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Description of the focused element (None when focus is on <body>).
FOCUSED = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  // Judge the end state of focus styles, not a fade-in that has just begun.
  for (const a of document.getAnimations()) { try { a.finish(); } catch (_) {} }
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0;
  };
  // A visually hidden input styled through the label right after it
  // (mkdocs-material's palette toggle) is visible through that label.
  const shown = visible(e) || (e.tagName === 'INPUT' && visible(e.nextElementSibling)
    && e.nextElementSibling.tagName === 'LABEL');
  const text = (e.getAttribute('aria-label') || e.innerText || e.value || e.title || '').trim();
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id || null,
    cls: String(e.className || '').replace(/\\s*focus-visible\\s*/, ' ').trim(),
    text: text.replace(/\\s+/g, ' ').slice(0, 60),
    href: e.getAttribute('href'),
    visible: shown,
    in_nav: !!e.closest('nav, .md-tabs, .md-nav, .md-header'),
    in_content: !!e.closest('.md-content'),
  };
}
"""


def settle(page) -> None:
    """Let the page catch up as a person would between two keys: two frames and 30 ms.

    The theme handles focus and keys on animation frames; on a busy machine,
    keys pressed faster than frames are drawn merge (e.g. Tab off the search
    box and "/" back into it arrive as "no change", so search stays closed).
    """
    try:
        page.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 30))))"
        )
    except Exception:  # any error: the key started a navigation: wait for the new page instead
        page.wait_for_load_state("load")


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def describe(stop: dict | None) -> str:
    if stop is None:
        return "<body>"
    label = f"{stop['tag']}.{stop['cls']}" if stop["cls"] else stop["tag"]
    target = f" -> {stop['href']}" if stop.get("href") else ""
    return f"{label} {stop['text']!r}{target}"


def matches(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_through(page, limit: int = 400) -> list[dict]:
    """Every Tab stop from the top of the page until focus comes round again."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop is None:  # focus left the document (browser chrome): the cycle is complete
            if stops:
                break
            continue
        key = (stop["tag"], stop["id"], stop["cls"], stop["text"], stop["href"])
        if first is None:
            first = key
        elif key == first:
            break
        stops.append(stop)
    else:
        raise AssertionError(f"Tab did not come round within {limit} presses")
    return stops


#: What Playwright's ``keyboard.press("Tab")`` sends Chromium (its US layout, no modifier): a
#: ``rawKeyDown`` (Tab types no text) and a ``keyUp``, through the DevTools protocol.
_TAB = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9, "location": 0}


def press_tab(page, times: int) -> None:
    """Press Tab ``times`` times: real key events, handled by Chromium one after the other.

    ``keyboard.press`` waits for each key's round trip (Python, Playwright's driver, the browser,
    the renderer) before sending the next: about twice the renderer's own work per key. Here the
    same key events go to Chromium's input pipeline together (each DevTools command is answered
    once the renderer has handled that key; Chromium handles them in the order sent), so focus
    moves exactly as it would, key after key. Falls back to ``keyboard.press`` if the Playwright
    in use does not expose its CDP session's coroutine (the check happens before any key is sent).
    """
    import asyncio

    session = getattr(page, "_guide_cdp", None)
    if session is None:
        session = page._guide_cdp = page.context.new_cdp_session(page)
    impl = getattr(session, "_impl_obj", None)
    try:
        sends = [impl.send("Input.dispatchKeyEvent", {"type": kind, **_TAB}, None)
                 for _ in range(times) for kind in ("rawKeyDown", "keyUp")]
    except (AttributeError, TypeError):  # another Playwright: one key at a time, the public way
        for _ in range(times):
            page.keyboard.press("Tab")
        return

    async def all_keys():
        return await asyncio.gather(*sends)

    session._sync(all_keys())


def tab_to(page, selector: str, limit: int = 200) -> list[dict]:
    """Press Tab until the focused element matches ``selector``; return the stops passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        settle(page)
        if matches(page, selector):
            return passed
        passed.append(focused(page))
    raise AssertionError(
        f"Tab never reached {selector!r} in {limit} presses; stops: "
        + "; ".join(describe(s) for s in passed[:40])
    )


# -- journey steps -------------------------------------------------------------
@dataclass(frozen=True)
class TabTo:
    selector: str
    limit: int = 200

    def run(self, page):
        tab_to(page, self.selector, self.limit)


@dataclass(frozen=True)
class Press:
    key: str

    def run(self, page):
        page.keyboard.press(self.key)


@dataclass(frozen=True)
class Type:
    text: str

    def run(self, page):
        page.keyboard.type(self.text, delay=20)


@dataclass(frozen=True)
class WaitFor:
    selector: str
    timeout_ms: int = 10_000

    def run(self, page):
        try:
            page.wait_for_selector(self.selector, state="visible", timeout=self.timeout_ms)
        except Exception as error:  # any error: say what the page looked like
            state = page.evaluate(
                """() => ({search_open: document.getElementById('__search')?.checked,
                          focus: document.activeElement?.className,
                          query: document.querySelector('.md-search__input')?.value})"""
            )
            raise AssertionError(f"{self.selector!r} never became visible ({state}): {error}") from None


@dataclass(frozen=True)
class ExpectFocus:
    selector: str

    def run(self, page):
        assert matches(page, self.selector), f"focus is on {describe(focused(page))}, expected {self.selector!r}"


@dataclass(frozen=True)
class ExpectText:
    selector: str
    text: str

    def run(self, page):
        page.wait_for_selector(self.selector, timeout=10_000)
        actual = page.inner_text(self.selector)
        assert self.text in actual, f"{self.selector!r} shows {actual!r}, expected {self.text!r} in it"


@dataclass(frozen=True)
class ExpectURL:
    pattern: str

    def run(self, page):
        page.wait_for_url(re.compile(self.pattern), timeout=10_000)


@dataclass(frozen=True)
class Journey:
    name: str
    path: str
    steps: list

    def run(self, page, base_url: str):
        from tests.browser.visitor import wait_for_quiet_network, watch_network

        watch_network(page)
        page.goto(base_url + self.path, wait_until="load")
        wait_for_quiet_network(page)  # a person starts once the page (and its search index) has loaded
        # The theme closes search 125 ms (debounced) after its first location
        # event; on a busy machine that timer can fire after a fast "/" and
        # close search again. Wait for it on the page's own clock.
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 300))")
        for number, step in enumerate(self.steps, start=1):
            try:
                step.run(page)
                settle(page)
            except AssertionError as error:
                raise AssertionError(f"{self.name}, step {number} ({step}): {error}") from None
