"""Guards for the examples in docs/: none may be silently left untested."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
FENCE = re.compile(r"^(?P<indent>\s*)```+\s*\{?\.?(python|py)\b(?P<opts>[^\n]*)$")
CONTAINER = re.compile(r"^\s*(!!!|\?\?\?\+?|===)\s")


def test_no_python_example_hides_inside_an_admonition_or_tab():
    """pytest-markdown-docs silently skips fences inside !!! admonitions and === tabs."""
    hidden = []
    for page in sorted(DOCS.rglob("*.md")):
        in_container = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if CONTAINER.match(line):
                in_container = True
                continue
            if in_container and line.strip() and not line.startswith((" ", "\t")):
                in_container = False
            match = FENCE.match(line)
            if match and in_container and "notest" not in match.group("opts"):
                hidden.append(f"{page.relative_to(DOCS.parent)}:{number}")
    assert not hidden, "python examples inside admonitions/tabs are never run: " + ", ".join(hidden)


def test_no_bare_fence_options():
    """`python notest` (bare) breaks Material's highlighting; use `{.python notest}`."""
    bad = []
    for page in sorted(DOCS.rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(r"^\s*```+\s*(python|py)\s+\S", line):
                bad.append(f"{page.relative_to(DOCS.parent)}:{number}")
    assert not bad, "write fence options in brace form, e.g. ```{.python notest}: " + ", ".join(bad)
