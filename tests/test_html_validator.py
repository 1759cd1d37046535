"""The W3C Nu Html Checker over every built page (issue 24).

vnu.jar (npm ``vnu-jar``, pinned in package-lock.json beside the other outside validators, installed
by ``make setup`` with ``npm ci``) runs once per test session on every ``.html`` file of ``site/``, in one Java call (it
takes several seconds to start). Every message it gives, error, warning or info, must be one of
``ALLOWED``: markup that the theme (mkdocs-material) or the Markdown libraries write and this
project does not, each with its reason. Anything the project writes must be clean: a message
not in the list fails the test with its file, line and the markup around it, and an entry that
no longer matches anything fails too, so the list cannot outlive its reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Allowed:
    message: str  # regular expression, searched in the checker's message
    extract: str  # regular expression, searched in the markup the checker quotes
    reason: str


ALLOWED = [
    Allowed(r"^The “name” attribute (is never allowed|on the “a” element is obsolete)", r'<a id="__codelineno-',
            "pymdownx.highlight (anchor_linenums) writes id and name on each line anchor of a code block; "
            "harmless, and the theme's line links rely on it"),
    Allowed(r"^Attribute “autocomplete” is only allowed when the input type is", r'class="md-(toggle|option)"',
            "mkdocs-material's drawer, search and palette toggles are checkboxes/radios with "
            "autocomplete=off, so a reload does not reopen them; the browsers honour it"),
    Allowed(r"^Bad value “” for attribute “tabindex” on element “label”", r'<label class="md-nav__link[ "]',
            "mkdocs-material's navigation template writes tabindex=\"\" on section labels (an empty "
            "attribute is ignored by browsers)"),
    Allowed(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
            r'<label class="md-nav__title" for="__toc"',
            "mkdocs-material's table-of-contents title points at its toggle; on a page with no headings "
            "the theme leaves the toggle out but keeps the label"),
    Allowed(r"^Trailing slash on void elements has no effect", r"<hr />",
            "Python-Markdown writes void elements in XHTML style (<hr />); the slash is ignored by HTML "
            "parsers (info only)"),
    # The Content-Security-Policy of igm_iim_site/csp.py: the checker reads each page as a file: URL, which
    # has no origin, so 'self' matches none of the site's own files; and it counts a JSON data block as
    # a script. Chromium, over HTTP, reports no violation on any page (tests/browser/test_csp.py). The
    # extracts admit only local files and the theme's config block: a file from another host, or an
    # inline script without its hash, is still a message.
    Allowed(r"^Resource violates Content Security Policy \(meta tag\): external (stylesheet|script) “(\.\./)*/?assets/",
            r'<(link rel="stylesheet" href|script src)="(\.\./)*/?assets/',
            "'self' cannot match a file: page (no origin); served, these are the site's own files"),
    Allowed(r"^Inline script violates Content Security Policy \(meta tag\)", r'<script id="__config" type="application/json">',
            "a data block (type=application/json, the theme's configuration) is never run by a browser, so "
            "it has no hash in script-src; the checker treats it as a script"),
]


def _matches(allowed: Allowed, message: dict) -> bool:
    return bool(re.search(allowed.message, message.get("message", ""))
                and re.search(allowed.extract, message.get("extract", "")))


def unexplained(messages: list[dict]) -> list[dict]:
    return [m for m in messages if not any(_matches(a, m) for a in ALLOWED)]


def describe(message: dict, site: Path = SITE) -> str:
    where = re.sub(r"^file:/+", "/", message.get("url", "")).removeprefix(f"{site}/")
    extract = " ".join(message.get("extract", "").split())[:160]
    return f"{where}:{message.get('lastLine', '?')}: [{message.get('type')}] {message.get('message')}\n    {extract}"


@pytest.fixture(scope="session")
def validator_messages() -> list[dict]:
    pages = sorted(SITE.rglob("*.html"))
    if not pages:
        pytest.skip("site/ is not built: run `make test` (or `make site` first)")
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail("The Nu Html Checker needs Java and node_modules/vnu-jar: `make test` installs both "
                    "(Debian's default-jre-headless, and `npm ci`)", pytrace=False)
    # one Java call for the whole site; -Xss: the checker recurses deep on the long API pages
    proc = subprocess.run([java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--stdout",
                           "--exit-zero-always", *map(str, pages)],
                          capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)["messages"]  # an unreadable file is a message too: never allowed


def test_every_page_is_valid_html_but_the_allowed_theme_messages(validator_messages):
    left = unexplained(validator_messages)
    shown = "\n".join(describe(m) for m in left[:25])
    assert not left, (f"{len(left)} message(s) of the W3C Nu Html Checker that the project causes "
                      f"(of {len(validator_messages)} in all; allowed list in tests/test_html_validator.py):\n"
                      f"{shown}")


def test_every_allowed_message_still_occurs(validator_messages):
    stale = [a.message for a in ALLOWED if not any(_matches(a, m) for m in validator_messages)]
    assert not stale, f"allowed messages that no page gives any more: drop them from ALLOWED: {stale}"


def test_an_unexplained_message_is_caught():
    """The filter itself: a project-made message is not swallowed by a broad allowed entry."""
    made = {"type": "error", "message": "Duplicate ID “__codelineno-0-1”.",
            "extract": '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'}
    assert unexplained([made]) == [made]
