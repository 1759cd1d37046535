"""Part of the igm-iim plugin: one id per line anchor of a code block, page-wide.

``pymdownx.highlight`` (``anchor_linenums: true``) gives each line of a code
block an anchor ``__codelineno-B-L`` (block B, line L). It counts blocks per
Markdown run, and mkdocstrings renders every docstring in a run of its own, so
on an API reference page every example block is block 0: the same ids repeat
(481 duplicate ids over the reference pages, the W3C Nu Html Checker's largest
error), and a link to a line of the third example jumps to the first. Each
``<pre>`` whose block number is already taken on the page gets the next free one.
"""

from __future__ import annotations

import re

PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
ANCHOR = re.compile(r"__codelineno-(\d+)-")


def unique_code_anchors(html: str) -> str:
    taken: set[int] = set()
    blocks = [m for m in PRE.finditer(html) if ANCHOR.search(m.group(0))]
    taken_all = {int(n) for n in ANCHOR.findall(html)}
    free = max(taken_all, default=-1) + 1
    out, at = [], 0
    for m in blocks:
        block = m.group(0)
        number = int(ANCHOR.search(block).group(1))
        if number in taken:
            number, free = free, free + 1
            block = ANCHOR.sub(f"__codelineno-{number}-", block)
        taken.add(number)
        out.append(html[at:m.start()] + block)
        at = m.end()
    out.append(html[at:])
    return "".join(out)


def on_page_content(html, page, config, files, **kwargs):
    return unique_code_anchors(html) if "__codelineno-" in html else html
