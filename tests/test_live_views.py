"""The live forms' markup lives once, as templates (calculators/data/views.html), never in a script.

The filling rules are held by the ``fill`` rows of the conformance table (tests/test_conformance.py); here:
no live script writes an HTML tag of its own, every template reads and reaches a page, and no template needs
what the site's Content-Security-Policy refuses (an inline script, an inline style, an event handler).
"""

from __future__ import annotations

import re
from pathlib import Path

from calculators.forms import FORMS, export, views, writers
from scripts.live_strings import LITERAL

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "docs" / "assets" / "javascripts" / "live"
ELEMENT = re.compile(r"</?(a|p|li|ul|ol|div|span|strong|em|b|i|br|tr|td|th|table|thead|tbody|caption|button|details"
                     r"|summary|dl|dt|dd|h[1-6]|section|main|html|head|body|title|meta|style|script|img|input|label"
                     r"|select|option|form)\b", re.I)
INLINE = re.compile(r"<script|\sstyle\s*=|\son[a-z]+\s*=", re.I)


def markup_literals(text: str) -> list[str]:
    """The string literals of a script (comments skipped) that hold an HTML element's tag."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = "\n".join(re.sub(r"^\s*//.*$|\s//\s.*$", "", line) for line in text.splitlines())
    found = (m.group(1) if m.group(1) is not None else m.group(2) for m in LITERAL.finditer(text))
    return [literal for literal in found if ELEMENT.search(literal)]


def test_no_live_script_writes_markup():
    scripts = sorted(LIVE.glob("*.js"))
    assert {"forms.js", "dose.js", "safety.js", "taper.js"} <= {p.name for p in scripts}
    found = {p.name: markup_literals(p.read_text(encoding="utf-8")) for p in scripts}
    assert not any(found.values()), f"markup typed into a live script; put it in calculators/data/views.html: {found}"


def test_a_tag_typed_into_a_renderer_is_found():
    """The mutation the scan must catch: a renderer writing its own list item again."""
    dose = (LIVE / "dose.js").read_text(encoding="utf-8")
    mutated = dose.replace('LF.renderers["dose"] = function (results) {',
                           'LF.renderers["dose"] = function (results) {\n    var x = "<li>" + results;', 1)
    assert mutated != dose
    assert markup_literals(mutated) == ["<li>"]


def test_every_template_reads_and_reaches_a_page():
    exported: dict[str, str] = {}
    for form in FORMS:
        exported.update(export.views_for(form))
    assert set(exported) == set(views.TEMPLATES)
    assert exported["calendar"] == writers.CALENDAR
    for name, text in exported.items():
        assert views._parse(name, text), name
        assert "[[" not in text, f"template {name!r} still holds a fixed-word token"


def test_no_template_needs_an_inline_script_style_or_handler():
    """The calendar is also a file of its own, with its CSS inline; the page prints it without that <style>."""
    for name, text in views.TEMPLATES.items():
        assert not INLINE.search(text), name
    assert INLINE.search('<p style="color: red">{{x}}</p>') and INLINE.search('<a onclick="f()">')
    page_calendar = re.sub(r"<style>.*?</style>", "", writers.CALENDAR, flags=re.S)
    assert not INLINE.search(page_calendar)
