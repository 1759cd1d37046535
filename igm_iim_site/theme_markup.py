"""Part of the igm-iim plugin: markup the theme's script used to add at load, written by the build instead.

The theme's bundle now loads at the reader's first interaction (issue 13,
``overrides/partials/theme-on-demand.html``). At load it wrapped every table of
the article (``table:not([class])``) in its scroll container
(``div.md-typeset__scrollwrap > div.md-typeset__table``, mkdocs-material 9
``templates/table``). The wrapper has other margins than a bare table, so
wrapping it late would move the text below each table. The build writes the
same wrapper, so the page is drawn in its final layout; the loader keeps the
theme from wrapping these tables a second time. A table with a class of its
own is left alone, as the theme leaves it.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

TAG = re.compile(r"<(/?)table\b([^>]*)>", re.IGNORECASE)
CLASS = re.compile(r"\bclass\s*=", re.IGNORECASE)
OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
CLOSE = "</div></div>"


def wrap_tables(html: str) -> str:
    """Each ``<table>`` without a class attribute, wrapped as the theme wraps it (nested tables too)."""
    out, at, stack = [], 0, []
    for match in TAG.finditer(html):
        closing, attrs = match.group(1), match.group(2)
        if not closing:
            wrap = not CLASS.search(attrs)
            stack.append(wrap)
            if wrap:
                out.append(html[at:match.start()] + OPEN)
                at = match.start()
        elif stack and stack.pop():
            out.append(html[at:match.end()] + CLOSE)
            at = match.end()
    out.append(html[at:])
    return "".join(out)


def on_page_content(html, page, config, files, **kwargs):
    return wrap_tables(html)


def theme_bundle(theme_dirs) -> str:
    """The theme's script bundle, ``assets/javascripts/bundle.<hash>.min.js``, as the theme ships it.

    ``overrides/main.html`` loads it on demand (``partials/theme-on-demand.html``) instead of the
    theme's ``scripts`` block, so it needs the file's name, which changes with each theme release.
    The first theme folder that has a bundle must have exactly one.

    Parameters
    ----------
    theme_dirs : list of str
        The theme's template folders, ours first (``config.theme.dirs``) [paths].
    """
    for folder in theme_dirs:
        found = sorted(Path(folder).glob("assets/javascripts/bundle.*.min.js"))
        if len(found) == 1:
            return found[0].relative_to(folder).as_posix()
        if found:
            raise PluginError(f"igm_iim_site/theme_markup.py: {len(found)} theme bundles in {folder}, expected one")
    raise PluginError("igm_iim_site/theme_markup.py: the theme ships no assets/javascripts/bundle.*.min.js")


def on_env(env, config, files, **kwargs):
    env.globals["theme_bundle"] = theme_bundle(config.theme.dirs)
    return env
