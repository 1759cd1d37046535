"""Prose in the browser code that is also in the package (issue 15: words once).

Lists every string literal of four words or more in the site's scripts (docs/assets/javascripts,
vendored code aside) that also appears, as written, in calculators/**/*.py or in the build's
igm_iim_site/*.py (the words the build writes into every page, such as the reader's view). The test
tests/test_live_words.py fails on any; run this script to see them:
``python scripts/live_strings.py [ROOT]``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def words(text: str) -> int:
    """Words of prose: space-separated tokens with a letter, not markup (a template key has no space)."""
    if "<" in text and ">" in text:
        return 0
    return sum(1 for token in text.split() if any(c.isalpha() for c in token) and "=" not in token)


def browser_scripts(root: Path) -> list[Path]:
    """Every script of the site the scan reads: the live forms and share, record, view, offline (not vendor/)."""
    js = root / "docs" / "assets" / "javascripts"
    return sorted(p for p in js.rglob("*.js") if "vendor" not in p.relative_to(js).parts)


def prose_literals(path: Path) -> list[str]:
    """String literals of four words or more (comments are skipped)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = "\n".join(re.sub(r"^\s*//.*$|\s//\s.*$", "", line) for line in text.splitlines())
    out = []
    for match in LITERAL.finditer(text):
        literal = match.group(1) if match.group(1) is not None else match.group(2)
        if words(literal) >= 4:
            out.append(literal)
    return out


def package_text(root: Path) -> str:
    """Every string the package and the build's hooks hold, as Python reads it (a template split over source
    lines is one string here), then the source as written.
    """
    strings, sources = [], []
    for path in sorted([*(root / "calculators").rglob("*.py"), *(root / "igm_iim_site").glob("*.py")]):
        source = path.read_text(encoding="utf-8")
        sources.append(source)
        strings.extend(node.value for node in ast.walk(ast.parse(source))
                       if isinstance(node, ast.Constant) and isinstance(node.value, str))
    return "\n".join(strings + sources)


def duplicated(root: Path) -> tuple[list[tuple[str, str]], int]:
    """Prose literals of the browser code also in the package, and how many literals were read."""
    package = package_text(root)
    found, total = [], 0
    for script in browser_scripts(root):
        for literal in prose_literals(script):
            total += 1
            probe = literal.strip(" :;,.()")
            if words(probe) >= 4 and probe in package:
                found.append((script.name, literal))
    return found, total


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    found, total = duplicated(root)
    for name, literal in found:
        print(f"{name}: {literal!r}")
    print(f"{len(found)} of {total} prose literals (4+ words) also in calculators/")
