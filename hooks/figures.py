"""MkDocs hook: render guideline figures into pages from the calculator data.

In a page, write ``{{ figure("iim.mtx.start") }}`` and the build puts
``15 mg once weekly`` there, taken from `calculators.guidance` (or any
module in `calculators.figures.FIGURE_MODULES`). Add ``cite=True`` to
follow the figure with its sources: ``15 mg once weekly (S002)``.

An unknown key fails the build, naming the page, the line and the key, so a
page can never show a figure the calculators do not hold. Tokens inside code
(fenced blocks and inline code) are left as written, so pages can show the
syntax.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from calculators.figures import registry

try:  # as a package in the tests, as a sibling module when MkDocs loads the hook
    from hooks.page_tokens import INLINE_CODE, substitute
except ImportError:  # pragma: no cover - MkDocs puts hooks/ on sys.path while loading
    from page_tokens import INLINE_CODE, substitute

TOKEN = re.compile(
    INLINE_CODE +
    r"|\{\{\s*figure\(\s*\"(?P<key>[^\"]+)\"\s*(?:,\s*cite\s*=\s*(?P<cite>True|False)\s*)?\)\s*\}\}"
)

_FIGURES = None


def figures():
    global _FIGURES
    if _FIGURES is None:
        _FIGURES = registry()
    return _FIGURES


def on_config(config, **kwargs):
    global _FIGURES
    _FIGURES = None  # re-read on every build, so `mkdocs serve` picks up edits
    return config


def render(markdown: str, page_path: str, line_offset: int = 0) -> str:
    """Replace figure tokens in ``markdown``.

    ``line_offset`` is the number of front-matter lines above ``markdown`` in
    the file, so errors give the line an editor sees.
    """
    known = figures()

    def replace(match: re.Match, number: int) -> str:
        key = match.group("key")
        if key not in known:
            close = [k for k in known if k.split(".")[0] == key.split(".")[0]][:8]
            raise PluginError(
                f"{page_path}:{number}: unknown figure {key!r}. "
                f"Figures are declared in calculators/guidance.py or calculators/taper.py; "
                f"keys like it: {', '.join(close) or 'none'}"
            )
        figure = known[key]
        text = figure.text()
        if match.group("cite") == "True":
            text += f" ({figure.cite()})"
        return text

    return substitute(markdown, TOKEN, replace, line_offset)


def on_page_markdown(markdown, page, config, files, **kwargs):
    raw = page.file.content_string
    offset = max(raw.count("\n") - markdown.count("\n"), 0) if raw.startswith("---") else 0
    return render(markdown, f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}", offset)
