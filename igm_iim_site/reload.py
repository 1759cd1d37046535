"""Part ``reload``: under ``mkdocs serve``, a change in the package shows on the next rebuild.

``mkdocs.yml`` watches ``calculators/`` and ``tools/`` (``watch:``), so saving a figure
triggers a rebuild. But one ``mkdocs serve`` process keeps every module it imported: the
plugin is loaded once, and ``calculators`` stays the version of the first build, so the page
showed the old dose until a restart (issue 23).

This part, first of the plugin's parts, fingerprints the watched folders at each build's
``on_config``. When they changed since the last build it drops ``calculators`` and ``tools``
from ``sys.modules`` and runs every other module of this package again (``importlib.reload``,
each after the modules it imports), so their ``from calculators... import ...`` names point at
the new package before any of them reads it. A plain ``mkdocs build`` (one build) never
reloads anything. The fingerprint of the last build is in ``state.kept``, which the plugin
instance holds across the rebuilds of one ``mkdocs serve``.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.igm_iim.reload")

#: The folders whose code and data the build reads (the package, the vectors and editions tooling).
WATCHED = ("calculators", "tools")
#: Top-level modules dropped from ``sys.modules`` when they changed, so the next import reads the files.
RELOADED = ("calculators", "tools")
PACKAGE = __name__.rpartition(".")[0]
#: Modules of this package never re-run: this one, and the plugin that holds the parts.
NOT_RERUN = frozenset({__name__, f"{PACKAGE}.plugin", f"{PACKAGE}.state", PACKAGE})
_IMPORTS = re.compile(rf"^\s*(?:from|import)\s+({re.escape(PACKAGE)}\.\w+)", re.M)


def fingerprint(root: Path) -> tuple:
    """(path, mtime, size) of every file of the watched folders: any edit changes it."""
    out = []
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                out.append((path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def rerun_order(modules: dict[str, object]) -> list[str]:
    """The package's modules, each after the ones of the package it imports (so it binds their new names)."""
    imports = {name: set(_IMPORTS.findall(Path(module.__file__).read_text(encoding="utf-8"))) & modules.keys()
               for name, module in modules.items()}
    order: list[str] = []

    def visit(name: str, seen: frozenset[str] = frozenset()) -> None:
        if name in order or name in seen:
            return
        for dependency in sorted(imports[name]):
            visit(dependency, seen | {name})
        order.append(name)

    for name in sorted(modules):
        visit(name)
    return order


def reload_package() -> list[str]:
    """Forget the package and the tools, then run this package's other modules again; return them."""
    for name in [m for m in sys.modules if m.split(".")[0] in RELOADED]:
        del sys.modules[name]
    importlib.invalidate_caches()
    ours = {name: module for name, module in list(sys.modules.items())
            if name.startswith(f"{PACKAGE}.") and name not in NOT_RERUN and getattr(module, "__file__", None)}
    order = rerun_order(ours)
    for name in order:
        importlib.reload(ours[name])  # the same module object: the plugin's parts see the new names
    return order


def on_config(config, *, state, **kwargs):
    root = Path(config.config_file_path or ".").resolve().parent
    current = fingerprint(root)
    previous = state.kept.get("fingerprint")
    state.kept["fingerprint"] = current
    if previous is not None and previous != current:
        changed = sorted({p for p, *_ in set(current) ^ set(previous)})
        rerun = reload_package()
        log.info("package changed (%s): calculators and tools reloaded, %d parts re-run",
                 ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else ""), len(rerun))
    return config
