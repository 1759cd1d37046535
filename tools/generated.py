"""Pages written by code and committed: write one, or check that it is what the code writes now."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


def write_or_check(page: Path, text: str, *, check: bool, command: str,
                   difference: Callable[[str, str], list[str]] | None = None) -> int:
    """Write ``text`` to ``page`` (exit status 0), or with ``check`` compare only (1 when the page differs).

    Parameters
    ----------
    page : Path
        The committed page [path].
    text : str
        What the code writes now [text].
    check : bool
        Compare and never write [yes/no].
    command : str
        The command that rewrites the page, named in the message of a stale page [text].
    difference : callable, optional
        ``(committed, code) -> lines`` shown under that message [function].
    """
    if check:
        old = page.read_text(encoding="utf-8") if page.exists() else ""
        if old == text:
            print(f"{page.name}: up to date")
            return 0
        print(f"{page} is stale: run `{command}` (make refresh) and commit it.", file=sys.stderr)
        if difference is not None:
            print("\n".join(difference(old, text)[:200]), file=sys.stderr)
        return 1
    page.write_text(text, encoding="utf-8")
    print(f"wrote {page}")
    return 0
