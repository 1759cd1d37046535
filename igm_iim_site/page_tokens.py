"""Shared by the page hooks: replace ``{{ ... }}`` tokens outside code.

Tokens in fenced code blocks and inline code are left as written, so pages
can show the syntax. ``replace(match, line_number)`` is called for every other
match; ``line_offset`` counts the front-matter lines above the markdown, so
errors name the line an editor sees in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FENCE = re.compile(r"^\s*(```+|~~~+)")
INLINE_CODE = r"(?P<code>`+[^`\n]*`+)"


def substitute(markdown: str, token: re.Pattern, replace: Callable[[re.Match, int], str],
               line_offset: int = 0) -> str:
    """``token`` must have a ``code`` group (``INLINE_CODE``) as its first alternative."""
    out_lines = []
    fence = None
    for number, line in enumerate(markdown.split("\n"), start=1 + line_offset):
        marker = FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            out_lines.append(line)
            continue
        if marker:
            fence = marker.group(1)
            out_lines.append(line)
            continue
        out_lines.append(token.sub(
            lambda match, n=number: match.group("code") if match.group("code") else replace(match, n), line))
    return "\n".join(out_lines)
