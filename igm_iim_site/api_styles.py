"""Part of the igm-iim plugin: mkdocstrings' stylesheet only on the pages that use it.

mkdocstrings adds ``assets/_mkdocstrings.css`` to every page, where it is a
render-blocking request before the first paint (Lighthouse lists it on the
guideline and calculator pages). Its rules style the API reference only
(``.doc``, ``.doc-*``, ``.autorefs*``, ``.mkdocstrings*`` elements), so a page
with no such element does not link it; the file is still built, and a page
that has one (the API reference, a page with a cross-reference) keeps the link.
"""

from __future__ import annotations

import re

LINK = re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\n?')
USES = re.compile(r'class="(?:[^"]*\s)?(?:doc|doc-[\w-]+|autorefs[\w-]*|mkdocstrings[\w-]*)[\s"]')


def on_post_page(output, page, config, **kwargs):
    if USES.search(output):
        return output
    return LINK.sub("", output, count=1)
