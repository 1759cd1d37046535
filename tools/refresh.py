"""``make refresh``: rewrite every file derived from the package, and say what changed.

An editor who changes a figure runs this once. It rewrites what the tests
compare with but never write themselves:

* ``tests/data/regimen_vectors.json``, the committed regimen vectors
  (:func:`tools.cases.regimen_vectors`), so that a changed answer shows in
  review as a diff;
* the output gallery, when ``tools/gallery.py`` exists (its ``refresh()``);
* the ``#>`` output lines under the Python examples of the pages
  (:mod:`tests.markdown_runner` checks them; this writes them).

It prints each file it changed with a short summary of the change, and
nothing else is touched. The tests never call it: a test run leaves every
tracked file as it was (``tests/test_no_writes.py``), so a changed answer
fails the tests until a person has run this and read the diff.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGIMEN_VECTORS = Path("tests/data/regimen_vectors.json")


@dataclass(frozen=True)
class Change:
    """One rewritten file: its path (relative to the root) and the text before and after."""

    path: Path
    before: str
    after: str

    def summary(self, context_lines: int = 6) -> str:
        """``path: +A -R lines`` and the first changed lines of the diff."""
        diff = list(difflib.unified_diff(self.before.splitlines(), self.after.splitlines(), lineterm="", n=0))
        added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
        shown = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")][:context_lines]
        more = added + removed - len(shown)
        tail = [f"    ... {more} more changed line(s): git diff {self.path}"] if more > 0 else []
        return "\n".join([f"  {self.path}: +{added} -{removed} lines", *(f"    {line[:150]}" for line in shown),
                          *tail])


def regimen_vectors_text() -> str:
    """The committed regimen vectors as the package computes them now."""
    from tools.cases import regimen_vectors

    return json.dumps(regimen_vectors(), indent=1, ensure_ascii=False) + "\n"


def _write(root: Path, relative: Path, text: str) -> Change | None:
    path = root / relative
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    if before == text:
        return None
    path.write_text(text, encoding="utf-8")
    return Change(relative, before, text)


def refresh_vectors(root: Path) -> list[Change]:
    """The committed regimen vectors, rewritten when the package now answers differently."""
    change = _write(root, REGIMEN_VECTORS, regimen_vectors_text())
    return [change] if change else []


def refresh_gallery(root: Path) -> list[Change]:
    """The output gallery (``tools/gallery.py``, when the project has one): its own ``refresh(root)``.

    The gallery module reports what it rewrote as paths or :class:`Change`; a gallery without a
    ``refresh`` function is run as ``main()``, and every file it wrote is found by comparing.
    """
    if importlib.util.find_spec("tools.gallery") is None:
        return []
    gallery = importlib.import_module("tools.gallery")
    produce: Callable | None = getattr(gallery, "refresh", None)
    if produce is None:
        print("refresh: tools/gallery.py has no refresh(root) function; gallery skipped", file=sys.stderr)
        return []
    before = _snapshot(root)
    produce(root)
    return _compare(root, before)


def _snapshot(root: Path) -> dict[Path, str]:
    import subprocess

    files = subprocess.run(["git", "ls-files", "-m", "-o", "--exclude-standard", "docs", "tests", "tools"],
                           cwd=root, capture_output=True, text=True, check=False).stdout.split()
    tracked = subprocess.run(["git", "ls-files", "docs", "tests/data"], cwd=root, capture_output=True, text=True,
                             check=False).stdout.split()
    out = {}
    for name in {*files, *tracked}:
        path = root / name
        if path.is_file() and path.stat().st_size < 5_000_000:
            try:
                out[Path(name)] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return out


def _compare(root: Path, before: dict[Path, str]) -> list[Change]:
    after = _snapshot(root)
    return [Change(p, before.get(p, ""), text) for p, text in sorted(after.items()) if before.get(p) != text]


STEPS: dict[str, Callable[[Path], list[Change]]] = {
    "reference vectors": refresh_vectors,
    "output gallery": refresh_gallery,
}


def refresh(root: Path = ROOT) -> list[Change]:
    """Run every step; return every file changed."""
    changes: list[Change] = []
    for _name, step in STEPS.items():
        changes.extend(step(root))
    return changes


def main() -> int:
    """``make refresh``: run every step and print each file changed with a short diff."""
    changes = refresh(ROOT)
    if not changes:
        print("refresh: everything derived is up to date; nothing changed")
        return 0
    print(f"refresh: {len(changes)} file(s) rewritten from the package. Read the diff, then commit:")
    for change in changes:
        print(change.summary())
    print("Then: `make figure KEY=...` lists the guideline pages to have re-reviewed (last_reviewed).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
