"""``make refresh``: rewrite every file derived from the package, and say what changed.

An editor who changes a figure runs this once. It rewrites what the tests
compare with but never write themselves:

* ``calculators/data/figures.schema.json``, ``choices.schema.json`` and ``protocols.schema.json``,
  the JSON Schemas of the figure, tool choice and taper protocol data files;
* ``tests/data/regimen_vectors.json``, the committed regimen vectors
  (:func:`tools.cases.regimen_vectors`), so that a changed answer shows in
  review as a diff;
* the output gallery, when ``tools/gallery.py`` exists (its ``refresh()``), and the hazard
  log page, when ``tools/hazards.py`` exists;
* the protocol tables of the taper page (its generated block, ``python -m calculators.taper --tables``);
* the ``#>`` output lines under the Python examples of the pages
  (:mod:`tests.markdown_runner` checks them; this writes them).

It prints each file it changed with a short summary of the change, and
nothing else is touched. All or nothing: when a step fails (or is interrupted), the files the
earlier steps rewrote are put back, and it says which step failed, why, and what it put back.
The tests never call it: a test run leaves every tracked file as it was
(``tests/test_no_writes.py``), so a changed answer fails the tests until a person has run this and read the diff.
"""

from __future__ import annotations

import difflib
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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


#: The JSON Schema of each data file of the package, and the function of the package that gives it.
SCHEMAS: dict[Path, str] = {
    Path("calculators/data/figures.schema.json"): "calculators.figures:figure_data_schema",
    Path("calculators/data/choices.schema.json"): "calculators.choices:choice_data_schema",
    Path("calculators/data/protocols.schema.json"): "calculators.taper.protocols:protocol_data_schema",
}


def schema_text(producer: str) -> str:
    """A data file's JSON Schema (``module:function``) as its model gives it now."""
    module, function = producer.split(":")
    return json.dumps(getattr(importlib.import_module(module), function)(), indent=1, ensure_ascii=False) + "\n"


def refresh_schemas(root: Path) -> list[Change]:
    """The committed JSON Schemas of the data files (editors' tools and the published site validate with them)."""
    changes = (_write(root, path, schema_text(producer)) for path, producer in SCHEMAS.items())
    return [change for change in changes if change]


def refresh_vectors(root: Path) -> list[Change]:
    """The committed regimen vectors, rewritten when the package now answers differently."""
    change = _write(root, REGIMEN_VECTORS, regimen_vectors_text())
    return [change] if change else []


def refresh_gallery(root: Path) -> list[Change]:
    """The output gallery (``tools/gallery.py``, when the project has one), found by comparing the tree.

    Its ``refresh(root)`` is called when it has one; otherwise it is run as ``python -m tools.gallery``
    in a fresh interpreter. Every file it rewrote is reported like the others.
    """
    import os
    import subprocess

    if not (root / "tools" / "gallery.py").exists() and not (root / "tools" / "gallery").is_dir():
        return []
    before = _snapshot(root)
    gallery = importlib.import_module("tools.gallery") if str(root) == str(ROOT) else None
    produce: Callable | None = getattr(gallery, "refresh", None)
    if produce is not None:
        produce(root)
    else:
        proc = subprocess.run([sys.executable, "-m", "tools.gallery"], cwd=root, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(root)}, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"refresh: python -m tools.gallery failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return _compare(root, before)


def refresh_hazard_log(root: Path) -> list[Change]:
    """The hazard log page (``tools/hazards.py``, when the project has one), rewritten from its data."""
    import os
    import subprocess

    if not (root / "tools" / "hazards.py").exists():
        return []
    before = _snapshot(root)
    proc = subprocess.run([sys.executable, "-m", "tools.hazards"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)}, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"refresh: python -m tools.hazards failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return _compare(root, before)


def refresh_examples(root: Path) -> list[Change]:
    """The ``#>`` lines under the pages' Python examples, rewritten from what the code prints now.

    Runs the pages' examples with pytest in update mode (``--update-examples``, see
    ``tests/markdown_runner.py``) in a fresh interpreter, so the package is the one on disk.
    """
    import os
    import re
    import subprocess

    before = _pages(root)
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-p",
                           "no:randomly", "--update-examples", "-m", "not browser and not slow", "docs"],
                          cwd=root, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1, 5):
        # pytest's own summary names each page or notebook that could not run and why (an E line each)
        out = proc.stdout
        summary = out[out.find("short test summary info"):] if "short test summary info" in out else out[-3000:]
        errors = [line for line in out.splitlines()
                  if line.startswith("E   ") or re.match(r"docs/\S+:\d+: in <module>", line)][:8]
        raise SystemExit("refresh: running the page examples failed:\n" + "\n".join(errors) + "\n"
                         + summary[-2000:] + proc.stderr[-1000:])
    if proc.returncode == 1:
        print("refresh: some page examples fail for another reason than their #> lines (an assert, an error); "
              "they are left as they are. Run `make unit` to see them.", file=sys.stderr)
    after = _pages(root)
    return [Change(p, before[p], after[p]) for p in sorted(after) if before.get(p) != after[p]]


def _pages(root: Path) -> dict[Path, str]:
    return {p.relative_to(root): p.read_text(encoding="utf-8") for p in sorted((root / "docs").rglob("*.md"))}


def _snapshot(root: Path) -> dict[Path, str]:
    """Every text file of the project (tracked, or new and not ignored), to see what a step wrote."""
    import subprocess

    names = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                           capture_output=True, text=True, check=False).stdout.split("\n")
    out = {}
    for name in filter(None, names):
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


TAPER_PAGE = Path("docs/calculators/taper.md")


def refresh_taper_tables(root: Path) -> list[Change]:
    """The generated block of the taper page: the protocol tables (``python -m calculators.taper --tables``),
    which follow the protocol data and the hold figure (the editor trial: narrowing the hold left it stale).
    """
    import os
    import re
    import subprocess

    path = root / TAPER_PAGE
    if not path.exists():
        return []
    proc = subprocess.run([sys.executable, "-m", "calculators.taper", "--tables"], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)}, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"refresh: python -m calculators.taper --tables failed:\n{proc.stderr[-2000:]}")
    text = path.read_text(encoding="utf-8")
    block = re.compile(r"(<!-- generated:[^\n]*-->\n)(.*?)(\n<!-- end generated -->)", re.DOTALL)
    if not block.search(text):
        raise SystemExit(f"refresh: {TAPER_PAGE}: the generated block's markers are missing")
    return [c for c in [_write(root, TAPER_PAGE, block.sub(lambda m: m.group(1) + proc.stdout.rstrip("\n")
                                                            + m.group(3), text, count=1))] if c]


STEPS: dict[str, Callable[[Path], list[Change]]] = {
    "taper page tables": refresh_taper_tables,
    "data file schemas": refresh_schemas,
    "reference vectors": refresh_vectors,
    "output gallery": refresh_gallery,
    "hazard log": refresh_hazard_log,
    "page example outputs (#> lines)": refresh_examples,
}


class RefreshFailed(Exception):
    """A step failed; every file the earlier steps had rewritten was put back as it was."""

    def __init__(self, step: str, reason: str, restored: list[Path], done: list[str]):
        self.step, self.reason, self.restored, self.done = step, reason, restored, done
        super().__init__(self.message())

    def message(self) -> str:
        """What failed, why, and that the tree is as it was before `make refresh`."""
        put_back = (f" The {len(self.restored)} file(s) already rewritten were put back as they were: "
                    f"{', '.join(map(str, self.restored))}." if self.restored else "")
        return (f"refresh: the step '{self.step}' failed, so nothing was written: the tree is as it was before "
                f"`make refresh`.{put_back}\n  why: {self.reason.strip()}\n"
                f"Fix that, then run `make refresh` again (it redoes every step).")


def _restore(root: Path, before: dict[Path, str]) -> list[Path]:
    """Put back every text file that differs from ``before`` (and remove the ones that were not there)."""
    restored = []
    for path, text in sorted(_snapshot(root).items()):
        if before.get(path) == text:
            continue
        if path in before:
            (root / path).write_text(before[path], encoding="utf-8")
        else:
            (root / path).unlink()
        restored.append(path)
    return restored


def refresh(root: Path = ROOT, steps: dict[str, Callable[[Path], list[Change]]] | None = None) -> list[Change]:
    """Run every step; return every file changed. All or nothing: when a step fails (an error, a failed command,
    Ctrl-C), every file the earlier steps rewrote is put back and :class:`RefreshFailed` says which step and
    why (the editor trial: a refresh stopped midway left the tree half-written, with no word of what).
    """
    before = _snapshot(root)
    changes: list[Change] = []
    done: list[str] = []
    for name, step in (steps or STEPS).items():
        try:
            changes.extend(step(root))
        except (Exception, SystemExit, KeyboardInterrupt) as exc:
            reason = str(exc) if isinstance(exc, SystemExit) else f"{type(exc).__name__}: {exc}"
            raise RefreshFailed(name, reason, _restore(root, before), done) from exc
        done.append(name)
    return changes


def main() -> int:
    """``make refresh``: run every step and print each file changed with a short diff."""
    try:
        changes = refresh(ROOT)
    except RefreshFailed as failed:
        print(failed.message(), file=sys.stderr)
        return 1
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
