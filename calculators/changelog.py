"""What changed between two editions: the figures of two git refs, compared.

An edition's doses are not remembered by an editor, they are read from the
code of that edition. For each ref the ``calculators/`` tree at that ref is
extracted into a temporary directory (``git archive REF calculators``) and
imported in a fresh interpreter with that directory first on ``sys.path``;
:func:`calculators.figures.registry` is dumped to JSON. The two registries
are then compared figure by figure.

Run it from the repository::

    python -m calculators.changelog 2026.1 HEAD          # Markdown for the changelog page
    python -m calculators.changelog 2026.1 HEAD --json   # the same as JSON
    make changelog FROM=2026.1 TO=HEAD

A ref whose tree has no ``calculators/figures.py`` (an edition older than the
figure registry) gives an empty registry and a note saying so, so every figure
of the newer ref shows as added.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Kinds whose change alters what a patient is given: listed first, always.
DOSING_KINDS = ("dose", "range", "cap", "step", "interval")
#: Fields compared between editions. ``about`` is wording, reported apart.
COMPARED_FIELDS = ("value", "unit", "kind", "sources", "suffix")

# Runs in a fresh interpreter whose sys.path starts with the extracted tree,
# so the edition's own calculators (not the installed package) are imported.
_DUMP = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import calculators
if not calculators.__file__.startswith(sys.argv[1]):
    raise SystemExit(f"imported calculators from {calculators.__file__}, not from {sys.argv[1]}")
from calculators.figures import registry
out = {}
for key, f in registry().items():
    value = list(f.value) if isinstance(f.value, tuple) else f.value
    out[key] = {"value": value, "unit": f.unit, "kind": f.kind, "sources": list(f.sources),
                "suffix": getattr(f, "suffix", ""), "about": getattr(f, "about", "")}
json.dump(out, sys.stdout)
"""


class ChangelogError(RuntimeError):
    """A ref cannot be read or its figures cannot be loaded."""


@dataclass(frozen=True)
class Registry:
    ref: str
    commit: str
    figures: dict[str, dict]
    note: str = ""


@dataclass
class Change:
    key: str
    kind: str
    change: str  # "added", "removed" or "changed"
    before: dict | None
    after: dict | None
    fields: list[str] = field(default_factory=list)


@dataclass
class Changelog:
    old: Registry
    new: Registry
    changes: list[Change]
    reworded: list[str]

    def counts(self) -> dict[str, int]:
        """Number of added, removed or changed figures by kind (the newer kind when it changed)."""
        return dict(sorted(Counter(c.kind for c in self.changes).items()))

    def dosing(self) -> list[Change]:
        return [c for c in self.changes if c.kind in DOSING_KINDS]

    def as_dict(self) -> dict:
        return {
            "from": {"ref": self.old.ref, "commit": self.old.commit, "figures": len(self.old.figures),
                     "note": self.old.note},
            "to": {"ref": self.new.ref, "commit": self.new.commit, "figures": len(self.new.figures),
                   "note": self.new.note},
            "counts_by_kind": self.counts(),
            "dosing_changes": len(self.dosing()),
            "changes": [asdict(c) for c in self.changes],
            "reworded": self.reworded,
        }


def _git(repo: Path, *args: str, binary: bool = False):
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if proc.returncode != 0:
        raise ChangelogError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout if binary else proc.stdout.decode()


def figures_at(ref: str, repo: Path | str = ".") -> Registry:
    """The figure registry of ``calculators/`` as it is at ``ref``."""
    repo = Path(repo)
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except ChangelogError:
        raise ChangelogError(f"unknown ref {ref!r}: not a tag, branch or commit of {repo.resolve()}") from None
    if not _git(repo, "ls-tree", "--name-only", commit, "calculators/figures.py").strip():
        return Registry(ref, commit, {}, note=f"{ref} has no calculators/figures.py (older than the figure "
                                              f"registry): its registry is empty, so every figure shows as added.")
    archive = _git(repo, "archive", "--format=tar", commit, "calculators", binary=True)
    with tempfile.TemporaryDirectory(prefix="figures-") as tmp:
        tar_path = Path(tmp) / "calculators.tar"
        tar_path.write_bytes(archive)
        tree = Path(tmp) / "tree"
        tree.mkdir()
        with tarfile.open(tar_path) as tar:
            tar.extractall(tree, filter="data")
        proc = subprocess.run([sys.executable, "-P", "-c", _DUMP, str(tree)], capture_output=True,
                              text=True, cwd=tree, check=False)
    if proc.returncode != 0:
        raise ChangelogError(f"loading the figures of {ref} ({commit[:10]}) failed:\n{proc.stderr.strip()}")
    return Registry(ref, commit, json.loads(proc.stdout))


def compare(old: Registry, new: Registry) -> Changelog:
    """Added, removed and changed figures between two registries, dosing kinds first."""
    changes: list[Change] = []
    reworded: list[str] = []
    for key in sorted(old.figures.keys() | new.figures.keys()):
        before, after = old.figures.get(key), new.figures.get(key)
        if before is None:
            changes.append(Change(key, after["kind"], "added", None, after))
        elif after is None:
            changes.append(Change(key, before["kind"], "removed", before, None))
        else:
            fields = [f for f in COMPARED_FIELDS if before.get(f) != after.get(f)]
            if fields:
                changes.append(Change(key, after["kind"], "changed", before, after, fields))
            elif before.get("about") != after.get("about"):
                reworded.append(key)
    order = {"changed": 0, "added": 1, "removed": 2}
    changes.sort(key=lambda c: (c.kind not in DOSING_KINDS, order[c.change], c.key))
    return Changelog(old, new, changes, reworded)


def changelog(ref_a: str, ref_b: str, repo: Path | str = ".") -> Changelog:
    return compare(figures_at(ref_a, repo), figures_at(ref_b, repo))


def _number(value) -> str:
    def one(x) -> str:
        return f"{x:g}" if isinstance(x, float) else str(x)
    if isinstance(value, list):
        return f"{one(value[0])}–{one(value[1])}"
    return one(value)


def figure_text(f: dict | None) -> str:
    """A figure as the site prints it: ``15 mg once weekly``, ``0.5–1 mg/kg/day``."""
    if f is None:
        return "—"
    unit = f.get("unit", "")
    text = f"{_number(f['value'])}%" if unit == "%" else f"{_number(f['value'])} {unit}".strip()
    return f"{text} {f.get('suffix', '')}".strip()


def _sources(f: dict | None) -> str:
    return ", ".join(f["sources"]) if f else "—"


def _row(c: Change) -> str:
    what = {"added": "new", "removed": "removed", "changed": ", ".join(c.fields)}[c.change]
    sources = _sources(c.after or c.before)
    if "sources" in c.fields:
        sources = f"{_sources(c.before)} → {_sources(c.after)}"
    kind = c.kind if "kind" not in c.fields else f"{c.before['kind']} → {c.kind}"
    return f"| `{c.key}` | {kind} | {figure_text(c.before)} | {figure_text(c.after)} | {what} | {sources} |"


def to_markdown(log: Changelog) -> str:
    """The comparison as Markdown for an edition's changelog page."""
    lines = [f"## Figures changed from {log.old.ref} to {log.new.ref}", ""]
    for reg in (log.old, log.new):
        if reg.note:
            lines += [f"Note: {reg.note}", ""]
    dosing = log.dosing()
    counts = log.counts()
    lines.append(f"Compared {len(log.old.figures)} figures in {log.old.ref} (`{log.old.commit[:10]}`) with "
                 f"{len(log.new.figures)} in {log.new.ref} (`{log.new.commit[:10]}`).")
    lines.append("")
    if not log.changes:
        lines += ["No figure changed.", ""]
    else:
        by_kind = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        lines += [(f"**{len(log.changes)} figure(s) changed**, by kind: {by_kind}. "
                   f"Changes to a dose, range, cap, step or interval: **{len(dosing)}**."), ""]
        header = ["| Figure | Kind | Before | After | What changed | Sources |",
                  "| --- | --- | --- | --- | --- | --- |"]
        if dosing:
            lines += ["### Doses, ranges, caps, taper steps and intervals", "", *header,
                      *(_row(c) for c in dosing), ""]
        other = [c for c in log.changes if c.kind not in DOSING_KINDS]
        if other:
            lines += ["### Other figures (durations, thresholds, outcomes, counts)", "", *header,
                      *(_row(c) for c in other), ""]
    if log.reworded:
        lines += ["Description reworded, figure unchanged: " + ", ".join(f"`{k}`" for k in log.reworded), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calculators.changelog",
        description="List the guideline figures (doses, caps, taper steps...) that differ between two git refs.")
    parser.add_argument("ref_a", help="older edition: a tag, branch or commit, e.g. 2026.1")
    parser.add_argument("ref_b", help="newer edition, e.g. HEAD")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--repo", default=".", help="the git repository (default: current directory)")
    args = parser.parse_args(argv)
    try:
        log = changelog(args.ref_a, args.ref_b, args.repo)
    except ChangelogError as exc:
        print(f"changelog: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(log.as_dict(), indent=2, ensure_ascii=False) if args.json else to_markdown(log), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
