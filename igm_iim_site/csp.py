"""Part of the igm-iim plugin: a strict Content-Security-Policy on every page, as a ``<meta http-equiv>``.

The site is static and may be served by any host (GitHub Pages, an intranet share, a zip
opened from disk), so the policy travels inside each page rather than in a server header.
It is written last, over the page's final HTML, so it lists the SHA-256 of every inline
script exactly as the browser will read it:

``default-src 'self'``
    nothing is fetched from another host (the project's rule 4, now also enforced by
    the browser); ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'self'``.
``script-src 'self' 'sha256-…'``
    the site's own files, and only the inline scripts the build wrote (the theme's
    bootstrap, the palette and reader-view set-up, theme-on-demand). No
    ``'unsafe-inline'`` and no ``'unsafe-eval'``: a script injected into a page (a
    tampered share link that slipped past share.js, say) does not run.
``style-src 'self' 'unsafe-inline'`` with ``style-src-elem 'self' 'sha256-…'``
    ``<style>`` elements are hashed like scripts. Inline ``style`` attributes are
    allowed: Markdown tables write ``style="text-align: right"``, matplotlib's SVG
    figures carry hundreds of them, and the theme sets some at run time. A style
    attribute cannot run code; hashing each one would need ``'unsafe-hashes'`` and
    break at the first style the theme writes at run time. Browsers that know
    ``style-src-elem`` (all current ones) apply the hashes to elements; older ones fall
    back to ``style-src``.
``img-src 'self' data:``, ``font-src 'self' data:``
    the theme's icons are ``data:`` SVGs in its stylesheet.
``worker-src 'self'``
    the search worker and the offline service worker are files of the site.
``connect-src 'self'``, ``manifest-src 'self'``
    the search index, versions.json, the edition check, the web app manifest.

``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored in a ``<meta>`` policy
(Chromium logs an error for each), so they are not written.

The ``<meta>`` goes right after ``<meta charset>``: a policy covers only what follows it.

The file:// archive (``make archive``) is built without one: a page opened from disk has no
origin for ``'self'`` to name, and the archive's search runs through the iframe-worker shim,
which writes an inline script into a blank frame that would inherit the policy. Nothing in
the archive is fetched from a host either way (tests/test_offline_hook.py).
"""

from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.plugins import event_priority

# Script types a browser executes (a data block such as application/json is not a script).
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"""\bsrc\s*=""", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
META_MARK = 'http-equiv="Content-Security-Policy"'

#: Every directive but the hashed ones, in the order written.
FIXED = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
}


def _digest(text: str) -> str:
    # the HTML parser turns CRLF and CR into LF before a script's text is hashed
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _executable(attrs: str) -> bool:
    if _SRC.search(attrs):
        return False
    m = _TYPE.search(attrs)
    kind = next((g for g in m.groups() if g is not None), "") if m else ""
    return kind.strip().lower() in _JS_TYPES


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source of every inline script the browser would run, in page order, without repeats."""
    out: list[str] = []
    for m in _SCRIPT.finditer(html):
        if _executable(m.group(1)):
            h = _digest(m.group(2))
            if h not in out:
                out.append(h)
    return out


def inline_style_hashes(html: str) -> list[str]:
    out: list[str] = []
    for m in _STYLE.finditer(html):
        h = _digest(m.group(2))
        if h not in out:
            out.append(h)
    return out


def policy(html: str) -> str:
    """The policy for a page whose final HTML is ``html``."""
    directives = dict(FIXED)
    directives["script-src"] = " ".join(["'self'", *inline_script_hashes(html)])
    directives["style-src-elem"] = " ".join(["'self'", *inline_style_hashes(html)])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _trim_scripts(html: str) -> str:
    """Inline scripts without the blank lines around their code (templates write them on their own lines).

    The hash covers the exact text, and the W3C checker (tests/test_html_validator.py) hashes the
    text trimmed; with nothing to trim, both read the same hash. Whitespace around a script's code
    does not change what it does.
    """
    def trim(m: re.Match) -> str:
        if not _executable(m.group(1)) or m.group(2) == m.group(2).strip():
            return m.group(0)
        return f"<script{m.group(1)}>{m.group(2).strip()}</script>"
    return _SCRIPT.sub(trim, html)


def add_policy(html: str, archive: bool = False) -> str:
    """``html`` with its policy as the first element after ``<meta charset>`` (or first in ``<head>``).

    None in the file:// ``archive`` (the plugin's option ``archive``): see the module's docstring.
    """
    if META_MARK in html or "<head" not in html or archive:
        return html
    html = _trim_scripts(html)
    meta = f'<meta {META_MARK} content="{policy(html)}">'
    charset = _CHARSET.search(html)
    if charset:
        return html[:charset.end()] + meta + html[charset.end():]
    return re.sub(r"(<head\b[^>]*>)", lambda m: m.group(1) + meta, html, count=1)


@event_priority(-100)  # last: every other part and plugin has written its scripts into the page
def on_post_page(output, page, config, *, state, **kwargs):
    return add_policy(output, state.options.archive)


@event_priority(-100)
def on_post_template(output_content, template_name, config, *, state, **kwargs):
    # 404.html is rendered as a template, not a page
    return add_policy(output_content, state.options.archive) if template_name.endswith(".html") else output_content
