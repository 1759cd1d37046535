"""The platform under the site: the lock every install comes from, and what the published code imports.

See docs/editors/platform.md (For editors -> Platform and end of life).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")

# --- the lock ------------------------------------------------------------------------------------


def _locked() -> dict[str, list[str]]:
    """Each locked requirement line (name==version and its marker) with its hashes."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            current = line.rstrip(" \\")
            entries[current] = []
        else:
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            assert hashes, f"requirements.lock: a continuation line that is not a hash: {line!r}"
            entries[current] += hashes
    return entries


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_locked_requirement_is_exact_and_hashed():
    entries = _locked()
    assert len(entries) > 50, f"requirements.lock holds only {len(entries)} requirements"
    for requirement, hashes in entries.items():
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[^\s;]+( ; .+)?$", requirement), \
            f"requirements.lock: {requirement!r} is not pinned to one version (name==version)"
        assert hashes, f"requirements.lock: {requirement!r} has no --hash"


def test_the_lock_covers_every_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    locked = {_name(r) for r in _locked()}
    missing = sorted(declared - locked)
    assert not missing, f"pyproject.toml declares {missing}, which requirements.lock does not pin: run `make lock`"


def test_the_lock_was_made_by_the_documented_command():
    """The lock's header names the command `make lock` runs, so the lock can be remade as it was made."""
    command = re.search(r"^LOCK_COMMAND := (.+)$", MAKEFILE, flags=re.M).group(1).replace("$(LOCK)", LOCK.name)
    header = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert f"#    {command}" in header, f"requirements.lock was not made by `make lock` ({command}): {header}"
    tool = re.match(r"(\S+)", command).group(1)
    pins = [r for r in _locked() if _name(r) == tool]
    assert pins and "==" in pins[0], f"the lock tool {tool} is not pinned in the lock itself"


def test_setup_installs_only_from_the_lock():
    recipe = re.search(r"^\$\(STAMP\):.*?\n((?:\t.*\n)+)", MAKEFILE, flags=re.M).group(1)
    installs = [line.strip() for line in recipe.splitlines()
                if "pip install" in line and not line.strip().lstrip("@").startswith("#")]  # not a comment
    assert installs, "make setup installs nothing"
    allowed = (
        "--require-hashes -r $(LOCK)",              # every dependency, from the lock
        "--no-deps --require-hashes -r $(UV_LOCK)",  # the installer, uv: its own lines of the lock
    )
    for line in installs:
        assert any(line.endswith(a) for a in allowed) or ("--no-deps" in line and line.endswith("-e .")), \
            f"make setup installs something outside the lock: {line}"
        assert "--quiet" not in line and " -q" not in line, f"make setup hides its progress: {line}"
    uv_lines = re.search(r"^\tawk '(.+)' \$\(LOCK\) > \$\(UV_LOCK\)$", recipe, flags=re.M)
    assert uv_lines, "make setup does not take uv's pin and hashes from the lock"
    assert re.search(r"^\$\(STAMP\):.*\$\(LOCK\)", MAKEFILE, flags=re.M), \
        "make setup does not rerun when requirements.lock changes"


# --- what the published code imports -------------------------------------------------------------

#: The code a build or a published artefact runs (the package, the site plugin, the tools) and the
#: scripts beside it. None of it may import the test suite.
PUBLISHED_CODE = ("calculators", "igm_iim_site", "tools", "scripts")

#: Imports of the tests still to be removed (none left: tools/vectors.py reads tools/cases since issue 23).
#: An entry that no longer imports the tests fails below, to be taken off the list.
PENDING: dict[str, str] = {}


def _test_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        found += [n for n in names if n == "tests" or n.startswith("tests.")]
    return found


@pytest.mark.parametrize("folder", PUBLISHED_CODE)
def test_published_code_does_not_import_the_tests(folder):
    offenders = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        imports = _test_imports(path)
        if rel in PENDING:
            pending = [i for i in imports if i == PENDING[rel] or i.startswith(PENDING[rel] + ".")]
            assert pending, f"{rel} no longer imports {PENDING[rel]}: take it off PENDING"
            imports = [i for i in imports if i not in pending]
        if imports:
            offenders[rel] = imports
    assert not offenders, f"code outside tests/ imports the test suite (move what it needs to tools/): {offenders}"


# --- private internals and runtime patches of other packages ---------------------------------------

#: Every known place where the project imports another package's private names or replaces its code
#: at run time, as (file, what) with how many times it occurs. docs/editors/platform.md lists each with
#: its public replacement (issue 25). The list may only shrink: a new one fails, and so does an entry
#: that is gone (take it off here and off the page).
KNOWN_PATCHES: dict[tuple[str, str], int] = {}  # issue 25 removed the last ones
SCANNED = ("calculators", "igm_iim_site", "tools", "scripts", "tests", "overrides", "docs/assets/javascripts")
PAGE_PATTERNS = {
    "theme internal __md_get/__md_set": re.compile(r"\b__md_(?:get|set)\("),
    "splits the text of super()": re.compile(r"super\(\)\s*\.\s*split\("),
    "replaces a browser built-in": re.compile(
        r"\b(?:XMLHttpRequest|Worker|fetch|EventTarget|Element|Node|History)\.prototype\.\w+\s*=(?!=)"
        r"|\bwindow\.(?:Worker|fetch|XMLHttpRequest|WebSocket)\s*=(?!=)"),
    "pushes into the theme's document$": re.compile(r"document\$\.next\("),
}


def _first_party(module: str) -> bool:
    return module.split(".")[0] in {"calculators", "igm_iim_site", "tools", "tests", "scripts", "__future__"}


def _python_findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    imported: set[str] = set()  # names bound to another package's modules or classes
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and not _first_party(node.module):
            parts = node.module.split(".")
            private = [p for p in parts if p.startswith("_") and not p.startswith("__")]
            if private:
                found.append(f"private import {'.'.join(parts[:parts.index(private[0]) + 1])}")
            found += [f"private import {node.module}.{a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
            imported |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                if not _first_party(a.name):
                    imported.add(a.asname or a.name.split(".")[0])
                    if any(p.startswith("_") and not p.startswith("__") for p in a.name.split(".")):
                        found.append(f"private import {a.name}")
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            base = node.value
            if isinstance(base, ast.Name) and base.id in imported:
                found.append(f"private attribute {node.attr}")
        elif isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "__dict__":  # obj.__dict__.get/pop/[...]: probing or changing an object
            if not (isinstance(node.value.value, ast.Name) and node.value.value.id in {"self", "cls"}):
                found.append("__dict__ of another object")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                        and target.value.id in imported:
                    found.append(f"assigns another module's attribute {target.value.id}.{target.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "wrap_once":
            found.append("replaces a method: wrap_once")
    return found


def test_no_new_private_import_or_patch_of_another_package():
    found: dict[tuple[str, str], int] = {}
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if not path.is_file() or "/vendor/" in rel or rel == "tests/test_platform.py":
                continue
            if path.suffix == ".py":
                items = _python_findings(path)
            elif path.suffix in {".html", ".js"}:
                text = path.read_text(encoding="utf-8")
                items = [what for what, pattern in PAGE_PATTERNS.items() for _ in pattern.finditer(text)]
            else:
                continue
            for what in items:
                found[(rel, what)] = found.get((rel, what), 0) + 1
    new = {k: v for k, v in found.items() if v > KNOWN_PATCHES.get(k, 0)}
    gone = {k: v for k, v in KNOWN_PATCHES.items() if found.get(k, 0) < v}
    assert not new, f"new private imports or runtime patches of another package (use a public interface): {new}"
    assert not gone, f"listed patches no longer found: take them off KNOWN_PATCHES and docs/editors/platform.md: {gone}"


#: addEventListener("DOMContentLoaded", fn, options): the third argument is where once: true must be.
_DCL = re.compile(r"""addEventListener\(\s*["']DOMContentLoaded["']\s*,([^;]*?)\)\s*;""")


def test_our_dom_content_loaded_listeners_run_once():
    # partials/theme-on-demand.html mounts the late theme by firing DOMContentLoaded again on the document
    # (no code of the theme is called or replaced): a listener of ours without { once: true } would run twice.
    found = []
    for top in ("overrides", "docs/assets/javascripts", "igm_iim_site"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in {".html", ".js"} or "/vendor/" in path.as_posix():
                continue
            for match in _DCL.finditer(path.read_text(encoding="utf-8")):
                found.append((path.relative_to(ROOT).as_posix(), "once: true" in match.group(1)))
    assert len(found) >= 4, f"the scan found too few listeners to be working: {found}"
    assert all(once for _, once in found), [where for where, once in found if not once]


def test_the_theme_bundle_is_found_by_name_in_the_theme_s_folder(tmp_path):
    # overrides/main.html no longer splits the theme's `scripts` block: the bundle's name comes from its folder
    from mkdocs.exceptions import PluginError

    from igm_iim_site.theme_markup import theme_bundle

    material = Path(__import__("material").__file__).parent / "templates"
    name = theme_bundle([str(ROOT / "overrides"), str(material)])
    assert (material / name).is_file()
    assert f"'{name}' | url" in (material / "base.html").read_text(encoding="utf-8"), "not the theme's own bundle"
    two = tmp_path / "two" / "assets" / "javascripts"
    two.mkdir(parents=True)
    (two / "bundle.aaaa.min.js").write_text("")
    (two / "bundle.bbbb.min.js").write_text("")
    for dirs in ([str(tmp_path / "two"), str(material)], [str(tmp_path)]):
        with pytest.raises(PluginError):
            theme_bundle(dirs)
