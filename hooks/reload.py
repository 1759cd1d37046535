"""MkDocs hook: under ``mkdocs serve``, a change in the package shows on the next rebuild.

``mkdocs.yml`` watches ``calculators/`` and ``tools/`` (``watch:``), so saving a figure
triggers a rebuild. But one ``mkdocs serve`` process keeps every module it imported: the
hooks are loaded once, and ``calculators`` stays the version of the first build, so the page
showed the old dose until a restart (issue 23).

This hook, first in the list, fingerprints the watched folders at each build's ``on_config``.
When they changed since the last build it drops ``calculators`` and ``tools`` from
``sys.modules`` and runs every other hook module again in its own namespace, so their
``from calculators... import ...`` names point at the new package before any of them reads
it. A plain ``mkdocs build`` (one build) never reloads anything.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.reload")

#: The folders whose code and data the build reads (the package, the vectors and editions tooling).
WATCHED = ("calculators", "tools")
#: Top-level modules dropped from ``sys.modules`` when they changed, so the next import reads the files.
RELOADED = ("calculators", "tools")

_last: dict[str, object] = {}


def fingerprint(root: Path) -> tuple:
    """(path, mtime, size) of every file of the watched folders: any edit changes it."""
    out = []
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                out.append((path.relative_to(root).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def reload_package(config) -> list[str]:
    """Forget the package and the tools, then run the other hooks again; return the hooks re-run."""
    for name in [m for m in sys.modules if m.split(".")[0] in RELOADED]:
        del sys.modules[name]
    importlib.invalidate_caches()
    rerun = []
    for name, module in (config.get("hooks") or {}).items():
        spec = getattr(module, "__spec__", None)
        if module is sys.modules.get(__name__) or spec is None or spec.loader is None or \
                Path(spec.origin or "").resolve() == Path(__file__).resolve():
            continue
        saved = sys.path.copy()
        sys.path.insert(0, str(Path(spec.origin).parent))
        try:
            spec.loader.exec_module(module)  # the module's own namespace: the registered events see new names
        finally:
            sys.path[:] = saved
        rerun.append(name)
    return rerun


def on_config(config, **kwargs):
    root = Path(config.config_file_path or ".").resolve().parent
    current = fingerprint(root)
    previous = _last.get("fingerprint")
    _last["fingerprint"] = current
    if previous is not None and previous != current:
        changed = sorted({p for p, *_ in set(current) ^ set(previous)})
        rerun = reload_package(config)
        log.info("package changed (%s): calculators and tools reloaded, %d hooks re-run",
                 ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else ""), len(rerun))
    return config
