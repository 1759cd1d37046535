"""What changed between two editions: figures and behaviour of two git refs, compared.

An edition's doses are not remembered by an editor, they are read from the
code of that edition. For each ref, the package and the tooling at that ref
(``calculators/``, ``tools/``, and ``tests/cases/`` of refs older than ``tools/cases/``) are
extracted with ``git archive`` into a temporary directory and imported from
there in a fresh interpreter (each package loaded from that directory by name).
It dumps

* the figure registry (`calculators.figures.registry`), and
* the reference vectors (`tools.vectors.collect`; for a ref older than
  that module, the same three suites read from the package directly):
  every worked input of every calculator with its output or refusal.

The two refs are then compared: figures by value, unit, kind, sources and
wording; vectors by output, matched on their inputs. A rule changed in code
with no figure changed still shows, as vectors whose output changed.

Run it from the repository::

    python -m tools.changelog 2026.1 HEAD          # Markdown (what `make publish` writes)
    python -m tools.changelog 2026.1 HEAD --json   # the same as JSON
    make changelog FROM=2026.1 TO=HEAD

A ref whose tree has no ``calculators/figures.py`` (older than the figure
registry) gives an empty registry and a note saying so.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
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
#: What is extracted from each ref, where it exists.
TREE_PATHS = ("calculators", "tools", "tests/__init__.py", "tests/cases")

# Runs in a fresh interpreter. argv[1]: JSON list of extracted trees; argv[2]: "figures" or "all".
# Each tree's top-level packages are loaded in turn from that tree by name (importlib's public
# PathFinder, sys.path untouched), so each ref's own code runs, never the installed package; a
# package the ref does not have is absent (ImportError), not taken from elsewhere. The modules of
# the previous tree are dropped first.
_DUMP = r"""
import importlib.machinery, importlib.util, json, sys
trees, mode = json.loads(sys.argv[1]), sys.argv[2]
TOPS = ("calculators", "tools", "tests")
out = []
for tree in trees:
    for name in [m for m in sys.modules if m.split(".")[0] in TOPS]:
        del sys.modules[name]
    for top in TOPS:
        spec = importlib.machinery.PathFinder.find_spec(top, [tree])
        if spec is None:
            sys.modules[top] = None  # this ref has no such package
            continue
        sys.modules[top] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    import calculators
    if not calculators.__file__.startswith(tree):
        raise SystemExit(f"imported calculators from {calculators.__file__}, not from {tree}")
    from calculators.figures import registry
    figures = {}
    for key, f in registry().items():
        value = list(f.value) if isinstance(f.value, tuple) else f.value
        figures[key] = {"value": value, "unit": f.unit, "kind": f.kind, "sources": list(f.sources),
                        "suffix": getattr(f, "suffix", ""), "about": getattr(f, "about", "")}
    entry = {"figures": figures}
    if mode == "all":
        try:
            from tools.vectors import collect
        except ImportError:
            collect = None
        if collect is not None:
            vectors = collect()
        else:  # an edition older than tools/vectors.py: the same suites, read from the package
            import hashlib
            def vid(suite, calc, inputs):
                h = hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
                return f"{suite}:{calc}:{h[:10]}"
            vectors = []
            try:
                from calculators import live
                for v in live.vectors():
                    r = v["expected"]
                    item = {"id": vid("form", v["form"], v["inputs"]), "suite": "form", "calculator": v["form"],
                            "inputs": v["inputs"]}
                    if r.get("problems"):
                        item["refusal"] = r["problems"]
                    else:
                        item["expected"] = {k: x for k, x in r.items() if k not in ("ok", "problems")}
                    vectors.append(item)
            except ImportError:
                pass
            for modname, suite in (("calculators.regimens", "regimen"), ("calculators.taper", "taper")):
                try:
                    mod = __import__(modname, fromlist=["export_vectors"])
                except ImportError:
                    continue
                for v in getattr(mod, "export_vectors", lambda: [])():
                    inputs = v.get("inputs", v.get("input"))
                    calc = v.get("calculator") or inputs.get("protocol")
                    item = {"id": vid(suite, calc, inputs), "suite": suite, "calculator": calc, "inputs": inputs}
                    if v.get("error") is not None:
                        item["refusal"] = v["error"]
                    else:
                        item["expected"] = v.get("expected")
                    vectors.append(item)
        entry["vectors"] = vectors
        used = {}
        try:
            from calculators import regimens
            for calc, figs in getattr(regimens, "FIGURES_USED", {}).items():
                for f in figs:
                    used.setdefault(f.key, []).append(calc)
        except ImportError:
            pass
        entry["calculators_using"] = used
        try:
            from tools.gallery import render as render_gallery
        except ImportError:  # an edition older than the output gallery
            render_gallery = None
        entry["gallery"] = render_gallery() if render_gallery is not None else None
    out.append(entry)
json.dump(out, sys.stdout)
"""


class ChangelogError(RuntimeError):
    """A ref cannot be read or its figures cannot be loaded."""


@dataclass(frozen=True)
class Registry:
    """The figures (and optionally the vectors) of one git ref."""

    ref: str
    commit: str
    figures: dict[str, dict]
    note: str = ""
    vectors: list[dict] | None = None
    calculators_using: dict[str, list[str]] = field(default_factory=dict)
    pages_showing: dict[str, list[str]] = field(default_factory=dict)
    gallery: str | None = None
    """The output gallery (`tools.gallery.render`) as this ref's code writes it; ``None`` before it existed."""


@dataclass
class Change:
    """One figure added, removed or changed between two refs."""

    key: str
    kind: str
    change: str  # "added", "removed" or "changed"
    before: dict | None
    after: dict | None
    fields: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    calculators: list[str] = field(default_factory=list)


@dataclass
class VectorChange:
    """One reference vector whose output differs between two refs (or that is new or gone)."""

    id: str
    suite: str
    calculator: str
    change: str  # "changed", "added" or "removed"
    inputs: object
    before: dict | None   # {"expected": ...} or {"refusal": ...}
    after: dict | None
    differences: list[tuple[str, object, object]] = field(default_factory=list)


@dataclass
class PageChange:
    """A page (home, about, guideline, calculator) whose prose or ``last_reviewed`` differs between two refs, or
    the tool's choices (``calculators/data/choices.toml``, ``reviewed_*`` None) whose sentences differ.
    """

    path: str
    change: str  # "changed", "added" or "removed"
    reviewed_before: str | None
    reviewed_after: str | None
    diff: list[str] = field(default_factory=list)  # unified diff of the prose, without the --- / +++ header


@dataclass
class Changelog:
    """Everything that differs between two refs: figures, wording, behaviour."""

    old: Registry
    new: Registry
    changes: list[Change]
    reworded: list[str]
    behaviour: list[VectorChange] = field(default_factory=list)
    pages: list[PageChange] | None = None
    """Guideline and calculator pages whose text or review date changed; ``None`` when not compared."""

    def counts(self) -> dict[str, int]:
        """Number of added, removed or changed figures by kind (the newer kind when it changed)."""
        return dict(sorted(Counter(c.kind for c in self.changes).items()))

    def dosing(self) -> list[Change]:
        return [c for c in self.changes if c.kind in DOSING_KINDS]

    def behaviour_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(v.change for v in self.behaviour).items()))

    def summary(self) -> dict[str, int]:
        return {"figures": len(self.changes), "dosing": len(self.dosing()),
                "behaviour": sum(1 for v in self.behaviour if v.change == "changed"),
                "vectors_added": sum(1 for v in self.behaviour if v.change == "added"),
                "vectors_removed": sum(1 for v in self.behaviour if v.change == "removed")}

    def gallery_diff(self) -> list[str]:
        """The output gallery's changed lines, before (-) and after (+), as a unified diff; [] when the same."""
        from tools.gallery import diff

        if self.old.gallery is None or self.new.gallery is None:
            return []
        return diff(self.old.gallery, self.new.gallery, self.old.ref, self.new.ref)

    def as_dict(self) -> dict:
        def side(reg: Registry) -> dict:
            return {"ref": reg.ref, "commit": reg.commit, "figures": len(reg.figures), "note": reg.note,
                    "vectors": None if reg.vectors is None else len(reg.vectors)}
        return {
            "from": side(self.old), "to": side(self.new),
            "counts_by_kind": self.counts(),
            "dosing_changes": len(self.dosing()),
            "summary": self.summary(),
            "changes": [asdict(c) for c in self.changes],
            "reworded": self.reworded,
            "behaviour": [asdict(v) for v in self.behaviour],
            "gallery_diff": self.gallery_diff(),
            "pages": None if self.pages is None else [asdict(c) for c in self.pages],
        }


def _git(repo: Path, *args: str, binary: bool = False):
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if proc.returncode != 0:
        raise ChangelogError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout if binary else proc.stdout.decode()


def resolve(ref: str, repo: Path | str = ".") -> str:
    """The commit a tag, branch or commit name points to; a clear error if none."""
    try:
        return _git(Path(repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except ChangelogError:
        raise ChangelogError(f"unknown ref {ref!r}: not a tag, branch or commit of {Path(repo).resolve()}") from None


def _extract(repo: Path, commit: str, into: Path) -> None:
    present = [p for p in TREE_PATHS if _git(repo, "ls-tree", "--name-only", commit, p).strip()]
    archive = _git(repo, "archive", "--format=tar", commit, *present, binary=True)
    tar_path = into.with_suffix(".tar")
    tar_path.write_bytes(archive)
    into.mkdir()
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")


def dump(commits: list[str], repo: Path | str = ".", mode: str = "figures") -> list[dict]:
    """Figures (and, with ``mode='all'``, vectors) of several commits, in ONE child interpreter.

    The cost is one interpreter start and one ``git archive`` per commit, so reading many
    editions (or many review dates) costs little more than reading one.
    """
    repo = Path(repo)
    with tempfile.TemporaryDirectory(prefix="figures-") as tmp:
        trees = []
        for n, commit in enumerate(commits):
            tree = Path(tmp) / f"tree{n}"
            _extract(repo, commit, tree)
            trees.append(str(tree))
        proc = subprocess.run([sys.executable, "-P", "-c", _DUMP, json.dumps(trees), mode], capture_output=True,
                              text=True, cwd=tmp, check=False)
    if proc.returncode != 0:
        raise ChangelogError(f"loading the figures of {', '.join(c[:10] for c in commits)} failed:\n"
                             f"{proc.stderr.strip()[-3000:]}")
    return json.loads(proc.stdout)


def _has_registry(repo: Path, commit: str) -> bool:
    return bool(_git(repo, "ls-tree", "--name-only", commit, "calculators/figures.py").strip())


FIGURE_USE = re.compile(r"\{\{\s*figure\(\s*\"([^\"]+)\"")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(.*)$")
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")


def shown_keys(text: str) -> list[tuple[str, int]]:
    """(key, line) of every figure token a page renders.

    Tokens in code (which shows the syntax) are skipped; tokens in ``flowchart`` fences count
    (the hook renders them).
    """
    out, fence = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0][0] and len(marker.group(1)) >= len(fence[0]) \
                    and not marker.group(2).strip():
                fence = None
            elif fence[1]:
                out += [(k, number) for k in FIGURE_USE.findall(line)]
            continue
        if marker:
            fence = (marker.group(1), "flowchart" in marker.group(2))
            continue
        out += [(k, number) for k in FIGURE_USE.findall(_INLINE_CODE.sub("", line))]
    return out


def pages_showing(commit: str, repo: Path | str = ".") -> dict[str, list[str]]:
    """Figure key -> the pages (``docs/...``) that render it at ``commit`` (one ``git archive``)."""
    import io

    try:
        archive = _git(Path(repo), "archive", "--format=tar", commit, "docs", binary=True)
    except ChangelogError:
        return {}
    out: dict[str, list[str]] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith((".md", ".py")):
                continue
            text = tar.extractfile(member).read().decode("utf-8", errors="replace")
            for key, _ in shown_keys(text):
                pages = out.setdefault(key, [])
                if member.name not in pages:
                    pages.append(member.name)
    return out


def figures_at(ref: str, repo: Path | str = ".", behaviour: bool = False) -> Registry:
    """The figure registry (and, with ``behaviour``, the reference vectors) of ``ref``."""
    repo = Path(repo)
    commit = resolve(ref, repo)
    if not _has_registry(repo, commit):
        return Registry(ref, commit, {}, note=f"{ref} has no calculators/figures.py (older than the figure "
                                              f"registry): its registry is empty, so every figure shows as added.",
                        vectors=[] if behaviour else None)
    [data] = dump([commit], repo, "all" if behaviour else "figures")
    return Registry(ref, commit, data["figures"], vectors=data.get("vectors"),
                    calculators_using=data.get("calculators_using", {}),
                    pages_showing=pages_showing(commit, repo) if behaviour else {}, gallery=data.get("gallery"))


def registries_at(commits: list[str], repo: Path | str = ".") -> dict[str, dict[str, dict]]:
    """Commit -> figures, for many commits in one child interpreter (the review check uses it)."""
    repo = Path(repo)
    wanted = [c for c in dict.fromkeys(commits) if _has_registry(repo, c)]
    out = {c: {} for c in commits}
    if wanted:
        for commit, data in zip(wanted, dump(wanted, repo, "figures"), strict=True):
            out[commit] = data["figures"]
    return out


def _flatten(value, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out or {prefix: {}}
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_flatten(v, f"{prefix}[{i}]"))
        return out or {prefix: []}
    return {prefix: value}


def _outcome(v: dict) -> dict:
    return {"refusal": v["refusal"]} if "refusal" in v else {"expected": v.get("expected")}


def compare_vectors(old: list[dict] | None, new: list[dict] | None) -> list[VectorChange]:
    """Vectors matched by id (their inputs): changed outputs with each differing path, then added, removed."""
    if old is None or new is None:
        return []
    before = {v["id"]: v for v in old}
    after = {v["id"]: v for v in new}
    out = []
    for vid in list(dict.fromkeys([*after, *before])):
        a, b = before.get(vid), after.get(vid)
        ref = b or a
        if a is None:
            out.append(VectorChange(vid, ref["suite"], ref["calculator"], "added", ref["inputs"], None, _outcome(b)))
        elif b is None:
            out.append(VectorChange(vid, ref["suite"], ref["calculator"], "removed", ref["inputs"], _outcome(a), None))
        elif _outcome(a) != _outcome(b):
            fa, fb = _flatten(_outcome(a)), _flatten(_outcome(b))
            diffs = [(path, fa.get(path), fb.get(path)) for path in dict.fromkeys([*fa, *fb])
                     if fa.get(path) != fb.get(path)]
            out.append(VectorChange(vid, ref["suite"], ref["calculator"], "changed", ref["inputs"],
                                    _outcome(a), _outcome(b), diffs))
    order = {"changed": 0, "added": 1, "removed": 2}
    out.sort(key=lambda v: (order[v.change], v.suite, v.calculator, v.id))
    return out


def compare(old: Registry, new: Registry) -> Changelog:
    """Added, removed and changed figures (dosing kinds first) and vectors between two registries."""
    changes: list[Change] = []
    reworded: list[str] = []
    for key in sorted(old.figures.keys() | new.figures.keys()):
        before, after = old.figures.get(key), new.figures.get(key)
        pages = new.pages_showing.get(key) or old.pages_showing.get(key) or []
        calcs = new.calculators_using.get(key) or old.calculators_using.get(key) or []
        if before is None:
            changes.append(Change(key, after["kind"], "added", None, after, pages=pages, calculators=calcs))
        elif after is None:
            changes.append(Change(key, before["kind"], "removed", before, None, pages=pages, calculators=calcs))
        else:
            fields = [f for f in COMPARED_FIELDS if before.get(f) != after.get(f)]
            if fields:
                changes.append(Change(key, after["kind"], "changed", before, after, fields, pages, calcs))
            elif before.get("about") != after.get("about"):
                reworded.append(key)
    order = {"changed": 0, "added": 1, "removed": 2}
    changes.sort(key=lambda c: (c.kind not in DOSING_KINDS, order[c.change], c.key))
    return Changelog(old, new, changes, reworded, compare_vectors(old.vectors, new.vectors))


def changelog(ref_a: str, ref_b: str, repo: Path | str = ".", behaviour: bool = True) -> Changelog:
    """Compare two refs of ``repo``; ``behaviour`` adds the reference vectors and the pages' text."""
    log = compare(figures_at(ref_a, repo, behaviour), figures_at(ref_b, repo, behaviour))
    if behaviour:
        log.pages = page_changes(log.old.commit, log.new.commit, repo, log.old.figures, log.new.figures)
    return log


# --- the pages' own text ---------------------------------------------------------------------------

#: The pages a clinician reads for advice: their prose is compared between editions. The home page and the
#: about pages (what the guide is for, its sources, its disclaimer) too: the editor trial found their
#: changes missing from the what-changed page.
PAGE_DIRS = ("docs/guidelines", "docs/calculators", "docs/about")
PAGE_FILES = ("docs/index.md",)
#: The tool's own choices (their sentences are shown on pages and in results): compared table by table.
CHOICES = "calculators/data/choices.toml"
#: The fields of a choice compared, in the order shown.
CHOICE_FIELDS = ("title", "text", "value", "unit", "applies_to", "why", "context")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_REVIEWED = re.compile(r"^last_reviewed:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)
_GENERATED_START = re.compile(r"<!--\s*generated\b")
_GENERATED_END = re.compile(r"<!--\s*end generated\s*-->")
#: Changed lines shown per page; the rest is counted, with the git command that shows it.
MAX_PAGE_DIFF_LINES = 60


def _pages(repo: Path, commit: str) -> list[str]:
    present = [d for d in (*PAGE_DIRS, *PAGE_FILES) if _git(repo, "ls-tree", "--name-only", commit, d).strip()]
    if not present:
        return []
    return [p for p in _git(repo, "ls-tree", "-r", "--name-only", commit, *present).splitlines() if p.endswith(".md")]


def choice_lines(text: str | None) -> list[str]:
    """The tool's choices (``choices.toml``) as lines to compare: one a field, ``[key] field: value``, the
    prose on one line (a line break in the file reads as a space, as on the pages).
    """
    import tomllib

    if not text:
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChangelogError(f"{CHOICES} cannot be read: {exc}") from None
    lines = []
    for key, table in data.items():
        if not isinstance(table, dict):
            continue
        for name in CHOICE_FIELDS:
            if name in table:
                value = table[name]
                shown = "; ".join(map(str, value)) if isinstance(value, list) else " ".join(str(value).split())
                lines.append(f"[{key}] {name}: {shown}")
    return lines


def choice_changes(old_commit: str, new_commit: str, repo: Path, old_figures: dict | None = None,
                   new_figures: dict | None = None) -> list[PageChange]:
    """The tool's choices whose title, sentence, number or reason differs: one entry, its diff field by field."""
    def at(commit: str) -> str | None:
        if not _git(repo, "ls-tree", "--name-only", commit, CHOICES).strip():
            return None
        return _git(repo, "show", f"{commit}:{CHOICES}")

    before_text, after_text = at(old_commit), at(new_commit)
    before, after = choice_lines(before_text), choice_lines(after_text)
    if before == after:
        return []
    shown_before = [render_figures(line, old_figures) for line in before]
    shown_after = [render_figures(line, new_figures) for line in after]
    diff = list(difflib.unified_diff(shown_before, shown_after, lineterm="", n=0))[2:]
    diff = [line for line in diff if not line.startswith("@@")]
    change = "added" if before_text is None else "removed" if after_text is None else "changed"
    return [PageChange(CHOICES, change, None, None, diff)]


#: The templates every page is drawn in (the disclaimer at the foot of every page, the edition banner): their
#: text is compared line by line. Editor trial 5 changed the disclaimer and the what-changed page said nothing.
TEMPLATE_DIR = "overrides"
#: The live forms' labels, choices and help texts are written in these modules: their sentences are compared.
FORM_TEXT_FILES = ("calculators/forms/definitions.py", "calculators/forms/html.py")
_TAG = re.compile(r"<[^>]*>")


def template_lines(text: str | None) -> list[str]:
    """The lines of a template a reader may see: every non-blank line, as written (HTML and Jinja kept)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def form_text_lines(text: str | None) -> list[str]:
    """The sentences a live form shows, from a module's string literals: a label, a choice, a help text.

    Only literals of two words or more (identifiers, CSS classes and keys are one word); HTML tags removed.
    """
    import ast

    if not text:
        return []
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise ChangelogError(f"a live form module cannot be read: {exc}") from None
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    # an attribute's docstring (a string statement under an assignment) documents the code too
    docstrings |= {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)
                   and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            # a piece of an f-string may start inside a tag (its tail, '" class="x">') or end inside one
            text = re.sub(r"<[^<>]*$", "", re.sub(r"^[^<>]*[=\"][^<>]*>", "", node.value))
            for piece in _TAG.split(text):
                shown = " ".join(piece.split())
                if re.search(r"[A-Za-z]{2,}[,.;:]?\s+[A-Za-z]{2,}", shown) and not re.search(r'[<>]|="', shown):
                    out.append(shown)
    return out


def reader_text_changes(old_commit: str, new_commit: str, repo: Path) -> list[PageChange]:
    """The page templates (``overrides/``) and the live forms' texts that differ: one entry a file, its diff."""
    def files(commit: str) -> list[str]:
        listed = _git(repo, "ls-tree", "-r", "--name-only", commit, TEMPLATE_DIR, *FORM_TEXT_FILES).splitlines()
        return [f for f in listed if f.endswith(".html") or f in FORM_TEXT_FILES]

    def at(commit: str, path: str, present: set[str]) -> list[str]:
        if path not in present:
            return []
        text = _git(repo, "show", f"{commit}:{path}")
        return form_text_lines(text) if path in FORM_TEXT_FILES else template_lines(text)

    old_files, new_files = set(files(old_commit)), set(files(new_commit))
    out = []
    for path in sorted(old_files | new_files):
        before, after = at(old_commit, path, old_files), at(new_commit, path, new_files)
        if before == after:
            continue
        change = "added" if path not in old_files else "removed" if path not in new_files else "changed"
        diff = [line for line in list(difflib.unified_diff(before, after, lineterm="", n=0))[2:]
                if not line.startswith("@@")]
        out.append(PageChange(path, change, None, None, diff))
    return out


def page_prose(text: str) -> tuple[str | None, list[str]]:
    """(last_reviewed, lines) of a page: the front matter and what code writes left out.

    Left out: the front matter (its ``last_reviewed`` is returned apart), regions between
    ``<!-- generated ... -->`` and ``<!-- end generated -->`` and the ``#>`` output lines under
    examples (both follow the code, whose changes the sections above list).
    """
    reviewed = None
    front = _FRONT_MATTER.match(text)
    if front:
        found = _REVIEWED.search(front.group(1))
        reviewed = found.group(1) if found else None
        text = text[front.end():]
    lines, generated = [], False
    for line in text.splitlines():
        if generated:
            generated = not _GENERATED_END.search(line)
            continue
        if _GENERATED_START.search(line):
            generated = not _GENERATED_END.search(line)
            continue
        if line.lstrip().startswith("#>"):
            continue
        lines.append(line)
    return reviewed, lines


_FIGURE_TOKEN = re.compile(r"\{\{\s*figure\(\s*\"(?P<key>[^\"]+)\"\s*(?:,\s*bound\s*=\s*\"(?P<bound>low|high)\"\s*)?"
                           r"(?:,\s*cite\s*=\s*\w+\s*)?\)\s*\}\}")


def render_figures(line: str, figures: dict[str, dict] | None) -> str:
    """A page line with its figure tokens written as the site shows them, from that edition's figures.

    A clinical reviewer reads "target is 2.5 mg/kg of ideal body weight", not the token (editor trial 3).
    A key the edition lacks keeps its token.

    Parameters
    ----------
    line : str
        One line of a page [text].
    figures : dict
        That edition's figures by key, as the changelog loads them [record].
    """
    def one(m: re.Match) -> str:
        f = (figures or {}).get(m.group("key"))
        if f is None:
            return m.group(0)
        value = f["value"]
        if m.group("bound") and isinstance(value, (list, tuple)):
            f = {**f, "value": value[0] if m.group("bound") == "low" else value[1]}
        return figure_text(f)

    return _FIGURE_TOKEN.sub(one, line)


def page_changes(old_commit: str, new_commit: str, repo: Path | str = ".", old_figures: dict | None = None,
                 new_figures: dict | None = None) -> list[PageChange]:
    """Pages (home, about, guidelines, calculators) whose prose or review date differs between two commits, and
    the tool's choices (``calculators/data/choices.toml``) whose sentences differ.

    With each edition's figures, the diff shows the tokens rendered (the page as read).
    """
    repo = Path(repo)
    old_pages, new_pages = set(_pages(repo, old_commit)), set(_pages(repo, new_commit))
    out = []
    for path in sorted(old_pages | new_pages):
        before = page_prose(_git(repo, "show", f"{old_commit}:{path}")) if path in old_pages else (None, [])
        after = page_prose(_git(repo, "show", f"{new_commit}:{path}")) if path in new_pages else (None, [])
        if before == after:
            continue
        change = "added" if path not in old_pages else "removed" if path not in new_pages else "changed"
        shown_before = [render_figures(line, old_figures) for line in before[1]]
        shown_after = [render_figures(line, new_figures) for line in after[1]]
        diff = list(difflib.unified_diff(shown_before, shown_after, lineterm="", n=1))[2:] if (
            old_figures is not None and shown_before != shown_after) else []
        diff = diff or list(difflib.unified_diff(before[1], after[1], lineterm="", n=1))[2:]
        out.append(PageChange(path, change, before[0], after[0], diff))
    return (out + choice_changes(old_commit, new_commit, repo, old_figures, new_figures)
            + reader_text_changes(old_commit, new_commit, repo))


# --- Markdown ---------------------------------------------------------------------------------

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


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _page_links(pages: list[str], link_base: str) -> str:
    if not pages:
        return "—"
    out = []
    for p in pages:
        rel = p.removeprefix("docs/")
        out.append(f"[{rel.removesuffix('.md').removesuffix('/index')}]({link_base}{rel})" if link_base else f"`{rel}`")
    return ", ".join(out)


def _row(c: Change, link_base: str) -> str:
    what = {"added": "new", "removed": "removed", "changed": ", ".join(c.fields)}[c.change]
    sources = _sources(c.after or c.before)
    if "sources" in c.fields:
        sources = f"{_sources(c.before)} → {_sources(c.after)}"
    kind = c.kind if "kind" not in c.fields else f"{c.before['kind']} → {c.kind}"
    shown = _page_links(c.pages, link_base)
    if c.calculators:
        shown += "; calculators: " + ", ".join(f"`{k}`" for k in c.calculators)
    return (f"| `{c.key}` | {kind} | {_cell(figure_text(c.before))} | {_cell(figure_text(c.after))} | {what} | "
            f"{sources} | {shown} |")


def _short(value, limit: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changed_words(before: str, after: str, context: int = 6) -> tuple[str, str]:
    """The changed words of two texts in bold, with a few words either side: never a cut that hides them.

    A Behaviour cell once cut both texts at 90 characters, so "6 weeks" -> "12 weeks" late in a
    long sentence read the same before and after (editor trial 3). Texts that fit are shown whole.

    Parameters
    ----------
    before, after : str
        The two texts [text].
    context : int
        Words kept either side of the changed span [words].
    """
    a, b = before.split(), after.split()
    if len(before) <= 90 and len(after) <= 90:
        return before, after
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1

    def show(words: list[str], end: int) -> str:
        head = ("… " if start > context else "") + " ".join(words[max(0, start - context):start])
        tail = " ".join(words[end:end + context]) + (" …" if end + context < len(words) else "")
        span = f"**{' '.join(words[start:end])}**" if end > start else "(nothing)"
        return " ".join(x for x in (head.strip(), span, tail.strip()) if x)

    return show(a, end_a), show(b, end_b)


def _inputs(inputs) -> str:
    if isinstance(inputs, dict):
        return ", ".join(f"{k}={_short(v, 40)}" for k, v in inputs.items() if v not in ("", None))
    return _short(inputs)


MAX_DIFFS = 6


def behaviour_markdown(log: Changelog) -> list[str]:
    """The behaviour section: every vector whose output changed, before and after."""
    lines: list[str] = []
    if log.old.vectors is None or log.new.vectors is None:
        return lines
    changed = [v for v in log.behaviour if v.change == "changed"]
    added = [v for v in log.behaviour if v.change == "added"]
    removed = [v for v in log.behaviour if v.change == "removed"]
    lines += ["## Behaviour: reference vectors whose output changed", "",
              f"Each edition's {len(log.new.vectors)} reference vectors (inputs with the exact result or refusal, "
              f"dates, tablets and downloads included) were run with the code of {log.old.ref} and of "
              f"{log.new.ref}. **{len(changed)} gave a different output**; {len(added)} are new, "
              f"{len(removed)} were removed.", ""]
    if not log.old.vectors:
        lines += [f"{log.old.ref} has no reference vectors to compare with.", ""]
        return lines
    if not changed:
        lines += ["No calculator gives a different answer for the same inputs.", ""]
    for v in changed:
        lines += [f"### `{v.calculator}` ({v.suite}): {_cell(_inputs(v.inputs))}", "",
                  "| Output | Before | After |", "| --- | --- | --- |"]
        for path, a, b in v.differences[:MAX_DIFFS]:
            if isinstance(a, str) and isinstance(b, str):  # a sentence: its changed words, never cut off
                a, b = changed_words(a, b)
                lines.append(f"| `{path}` | {_cell(a)} | {_cell(b)} |")
                continue
            lines.append(f"| `{path}` | {_cell(_short(a)) if a is not None else '—'} | "
                         f"{_cell(_short(b)) if b is not None else '—'} |")
        if len(v.differences) > MAX_DIFFS:
            lines.append(f"| … | {len(v.differences) - MAX_DIFFS} more differences | (see the JSON) |")
        lines.append("")
    if added or removed:
        lines += ["### Vectors added or removed", "", "| Change | Calculator | Inputs |", "| --- | --- | --- |"]
        for v in [*added, *removed]:
            lines.append(f"| {v.change} | `{v.calculator}` ({v.suite}) | {_cell(_short(_inputs(v.inputs), 120))} |")
        lines.append("")
    return lines


def to_markdown(log: Changelog, link_base: str = "", heading_level: int = 2) -> str:
    """The comparison as Markdown: the body of an edition's what-changed page."""
    h = "#" * heading_level
    lines = [f"{h} Figures changed from {log.old.ref} to {log.new.ref}", ""]
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
        header = ["| Figure | Kind | Before | After | What changed | Sources | Shown on |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        if dosing:
            lines += [f"{h}# Doses, ranges, caps, taper steps and intervals", "", *header,
                      *(_row(c, link_base) for c in dosing), ""]
        other = [c for c in log.changes if c.kind not in DOSING_KINDS]
        if other:
            lines += [f"{h}# Other figures (durations, thresholds, outcomes, counts)", "", *header,
                      *(_row(c, link_base) for c in other), ""]
    if log.reworded:
        lines += ["Description reworded, figure unchanged: " + ", ".join(f"`{k}`" for k in log.reworded), ""]
    lines += behaviour_markdown(log)
    lines += gallery_markdown(log, heading_level)
    lines += pages_markdown(log, heading_level)
    return "\n".join(lines).rstrip() + "\n"


def pages_markdown(log: Changelog, heading_level: int = 2) -> list[str]:
    """The pages (home, about, guideline, calculator) whose text or ``last_reviewed`` changed, and the tool's
    choices whose sentences changed, each with its diff.
    """
    if log.pages is None:
        return []
    h = "#" * heading_level
    lines = [f"{h} Page text changed", ""]
    if not log.pages:
        return [*lines, f"No page's text or review date (home, about, guideline or calculator pages), no template "
                        f"or live form text and no tool choice changed from {log.old.ref} to {log.new.ref}.", ""]
    lines += [(f"{len(log.pages)} page(s) or the tool's choices read differently in {log.new.ref} than in "
               f"{log.old.ref} (home, about, guideline and calculator pages; the tool's choices, "
               f"`{CHOICES}`, field by field; the templates every page is drawn in, `{TEMPLATE_DIR}/`, with the "
               "disclaimer each page shows; the live forms' labels and help texts): their prose line by line, "
               "before (-) and after (+), with a line "
               "around each change. Generated tables and the `#>` output lines of examples are left out: they "
               "follow the code, whose changes the sections above list."), ""]
    for page in log.pages:
        lines += [f"{h}# `{page.path}`", ""]
        if page.change != "changed":
            lines += [f"Page {page.change}.", ""]
        if page.reviewed_before != page.reviewed_after:
            lines += [f"Last reviewed: {page.reviewed_before or 'not set'} → {page.reviewed_after or 'not set'}.",
                      ""]
        elif page.reviewed_after:
            lines += [f"Last reviewed: {page.reviewed_after} (unchanged).", ""]
        if page.diff:
            shown = page.diff[:MAX_PAGE_DIFF_LINES]
            longest = max((len(run) for line in shown for run in re.findall(r"`+|~+", line)), default=0)
            fence = "`" * max(3, longest + 1)
            lines += [f"{fence}diff", *shown, fence, ""]
            if len(page.diff) > MAX_PAGE_DIFF_LINES:
                lines += [(f"... {len(page.diff) - MAX_PAGE_DIFF_LINES} more diff line(s): "
                           f"`git diff {log.old.commit[:10]} {log.new.commit[:10]} -- {page.path}`"), ""]
    return lines


def gallery_markdown(log: Changelog, heading_level: int = 2) -> list[str]:
    """The output gallery's text that changed, before and after (each ref's code renders its own gallery)."""
    h = "#" * heading_level
    if log.new.gallery is None:
        return []
    lines = [f"{h} Output gallery: what a clinician reads that changed", ""]
    if log.old.gallery is None:
        return [*lines, f"{log.old.ref} has no output gallery to compare with: the whole gallery of {log.new.ref} "
                        f"is new (the *Output gallery* page under *For editors*).", ""]
    changed = log.gallery_diff()
    if not changed:
        return [*lines, "The fixed panel of test patients reads the same in both editions: no first line, dose "
                        "line, note or refusal changed.", ""]
    removed = sum(1 for line in changed if line.startswith("-") and not line.startswith("---"))
    added = sum(1 for line in changed if line.startswith("+") and not line.startswith("+++"))
    return [*lines, (f"The fixed panel of test patients, rendered by the code of {log.old.ref} and of "
                     f"{log.new.ref}: **{removed} line(s) before (-), {added} after (+)**, with the headings "
                     f"and three lines around each change."), "",
            "```diff", *changed, "```", ""]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.changelog FROM TO [--json]``."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.changelog",
        description="List the guideline figures (doses, caps, taper steps...) and the calculator outputs that "
                    "differ between two git refs.")
    parser.add_argument("ref_a", help="older edition: a tag, branch or commit, e.g. 2026.1")
    parser.add_argument("ref_b", help="newer edition, e.g. HEAD")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--figures-only", action="store_true", help="compare figures only, not vectors")
    parser.add_argument("--repo", default=".", help="the git repository (default: current directory)")
    args = parser.parse_args(argv)
    uncommitted = _uncommitted(Path(args.repo)) if args.ref_b in ("HEAD", "") else []
    if uncommitted:  # editor trial 3: an edited figures.toml read as "No figure changed"
        print(f"changelog: warning: uncommitted changes are not compared (this compares commits): "
              f"{', '.join(uncommitted[:6])}{' ...' if len(uncommitted) > 6 else ''}; commit them, then run it "
              "again", file=sys.stderr)
    try:
        log = changelog(args.ref_a, args.ref_b, args.repo, behaviour=not args.figures_only)
    except ChangelogError as exc:
        print(f"changelog: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(log.as_dict(), indent=2, ensure_ascii=False) if args.json else to_markdown(log), end="")
    return 0


def _uncommitted(repo: Path) -> list[str]:
    """Tracked files under calculators/ and docs/ changed in the working tree: what the comparison cannot see."""
    proc = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "calculators", "docs"],
                          cwd=repo, capture_output=True, text=True, check=False)
    return [line[3:] for line in proc.stdout.splitlines() if line.strip()]


if __name__ == "__main__":
    raise SystemExit(main())
