"""MkDocs hook: mkdocstrings' rendered API blocks kept across builds (content-keyed).

Rendering the ``::: identifier`` blocks of the API reference (griffe reading
the package, the handler's Jinja templates, every docstring converted to
HTML, the signatures highlighted) is about half of every build and of every
``mkdocs serve`` rebuild, although an edit of a guideline page changes none
of it. Each block's output is kept in ``.cache/api/<key>.json`` and replayed
when nothing it depends on has changed.

**The key holds every input that can change a block's output**, so a stale
block cannot be served:

* the block itself: identifier, its YAML options, the heading level, and
  the page it is on (source path and URL: links in docstrings are made
  relative to it);
* the package: the text of every ``.py``/``.pyi`` file of the block's
  top-level package as griffe finds it under the handler's ``paths``, and
  of every other package or module there that it imports, transitively
  (griffe reads imports statically; nothing else in the project can reach
  the page); a docstring that includes a snippet turns the cache off for
  the block, since the included file is an input the key does not hold;
* the site's list of files and their URLs (links to pages in docstrings);
* the configuration: ``mkdocs.yml`` as written, the Markdown extensions and
  their settings as loaded (environment values included), mkdocstrings'
  own settings, the theme and its language, ``use_directory_urls``;
* the code that renders: the source of every hook module of the build, the
  name and version of every installed distribution (mkdocstrings, its
  Python handler and templates, griffe, Markdown, pymdown-extensions,
  Pygments, autorefs, MkDocs, ...), the Python version, and the signature
  formatter with its configuration files (``render_cache.formatter_key``).

**What a block does besides its HTML is replayed too**: the headings
handed to the page's table of contents (with their ids, roles and labels),
the anchors registered with autorefs (cross-references from other pages),
the aliases of each heading and the inventory entries. A block whose
rendering logged a warning or an error is not kept: it is rendered (and the
warning logged, failing ``--strict``) on every build. Blocks nested inside
a docstring are not cached on their own; they are part of their outer
block's output.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import threading
from pathlib import Path
from xml.etree.ElementTree import Element

try:  # under pytest the repository root is on sys.path
    from hooks.render_cache import formatter_key, wrap_once, write_kept
except ImportError:  # pragma: no cover - MkDocs puts hooks/ on sys.path while loading
    from render_cache import formatter_key, wrap_once, write_kept

log = logging.getLogger("mkdocs.hooks.api_cache")

CACHE_FORMAT = "1"  # bump when an entry's shape changes

#: The build in progress (None outside a build): its cache and the inputs of its global key.
_state: dict = {}
#: Entries kept in this process, by global key (``mkdocs serve`` rebuilds without reading the file again).
_memory: dict[str, dict[str, dict]] = {}
_lock = threading.Lock()
#: What the last build did: blocks replayed from the cache and blocks rendered (for tests and the log).
last_counts: dict[str, int] = {}


def stable(value):
    """A JSON-able, process-independent stand-in for a configuration value (functions by name, not address)."""
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    kind = type(value)
    state = getattr(value, "config", None)  # a Markdown extension instance: its class and its settings
    if isinstance(state, dict):
        return {"type": f"{kind.__module__}.{kind.__qualname__}",
                "config": stable({k: v[0] if isinstance(v, list) and v else v for k, v in state.items()})}
    return f"{kind.__module__}.{kind.__qualname__}"


def distributions(project: Path | None = None) -> list[str]:
    """The name and version of every installed distribution on ``sys.path`` (its metadata folder names)."""
    names = []
    for entry in sys.path:
        if project is not None and Path(entry or ".").resolve() == project:
            continue  # the project itself: its source is keyed as such
        try:
            with os.scandir(entry or ".") as it:
                names += [e.name for e in it if e.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
    return sorted(names)


SNIPPET = b"--8" + b"<--"  # pymdownx.snippets' marker (spelt in two parts: this file is under paths too)
IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)"
                    rb"|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))", re.MULTILINE)


def _module_files(name: str, roots: list[Path]) -> list[Path]:
    """The files of top-level module or package ``name`` as griffe finds it under ``roots`` (first root wins)."""
    for root in roots:
        package = root / name
        if (package / "__init__.py").is_file() or (package / "__init__.pyi").is_file():
            found = []
            for folder, dirs, files in os.walk(package):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
                found += [Path(folder, f) for f in sorted(files) if f.endswith((".py", ".pyi"))]
            return found
        modules = [root / f"{name}{suffix}" for suffix in (".py", ".pyi") if (root / f"{name}{suffix}").is_file()]
        if modules:
            return modules
    return []


def package_digest(name: str, roots: list[Path]) -> str | None:
    """A hash of the source griffe can read for top-level package ``name``: its files and, transitively,
    every other top-level package or module under ``roots`` that they import (griffe follows
    imports statically, so nothing else in the project can reach the rendered page).

    None when a file includes a pymdownx snippet: a docstring that reads another file has an
    input this key does not hold, so nothing is kept.
    """
    digest = hashlib.sha256()
    seen, todo = set(), [name]
    while todo:
        top = todo.pop()
        if top in seen:
            continue
        seen.add(top)
        for path in _module_files(top, roots):
            text = path.read_bytes()
            if SNIPPET in text:
                return None
            digest.update(f"{top}:{path.name}:{len(text)}\0".encode())
            digest.update(text)
            for match in IMPORT.finditer(text):
                names = match.group(1) or match.group(2)
                for part in names.split(b","):
                    todo.append(part.strip().split(b".")[0].decode())
    return digest.hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def handler_roots(config) -> list[Path]:
    """The project folders the Python handler (griffe) looks for packages in first: its ``paths``.

    Beyond them griffe finds installed packages, which the distributions in the key stand for.
    """
    project = Path(config.config_file_path).resolve().parent
    plugin = config.plugins.get("mkdocstrings")
    handlers = (plugin.config.get("handlers") or {}) if plugin is not None else {}
    roots = [(project / path).resolve() for path in (handlers.get("python") or {}).get("paths", ["."])]
    return roots


def global_key(config, files) -> str:
    """The part of every block's key that is the same for the whole build (see the module docstring)."""
    return hashlib.sha256(key_text(config, files).encode()).hexdigest()[:24]


def key_text(config, files) -> str:
    """The inputs of :func:`global_key`, as text."""
    project = Path(config.config_file_path).resolve().parent
    plugin = config.plugins.get("mkdocstrings")
    parts = {
        "format": CACHE_FORMAT,
        "python": sys.version,
        "distributions": distributions(project),
        "mkdocs.yml": file_digest(config.config_file_path),
        "extensions": stable(config.markdown_extensions),
        "extension_configs": stable(config.mdx_configs),
        "mkdocstrings": stable(dict(plugin.config)) if plugin is not None else None,
        "theme": [config.theme.name, config.theme.get("language"), stable(list(config.theme.dirs))],
        "use_directory_urls": config.use_directory_urls,
        "hooks": {name: file_digest(module.__file__) for name, module in (config.hooks or {}).items()},
        "formatter": formatter_key(project),
        "files": sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files),
    }
    # The theme folders are absolute paths: name them relative to the project or the environment,
    # so that a copy of the project (the tests' copies) shares the entries of identical inputs.
    text = json.dumps(parts, sort_keys=True, default=str)
    return text.replace(sys.prefix, "<prefix>").replace(str(project), "<project>")


# -- the cache of one build ----------------------------------------------------------------------------

class ApiCache:
    """The entries of one global key: loaded once, written back (only what this build used) at its end."""

    def __init__(self, folder: Path, key: str):
        self.folder, self.key = folder, key
        self.path = folder / f"{key}.json"
        self.used: dict[str, dict] = {}
        self.changed = False
        self.hits = self.misses = 0
        self.roots: list[Path] = []
        self.sources: dict[str, str | None] = {}
        with _lock:
            entries = _memory.get(key)
        if entries is None:
            try:
                entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                entries = {}
        self.entries = entries

    def package(self, name: str) -> str | None:
        """The source digest of top-level package ``name`` (once per build)."""
        if name not in self.sources:
            self.sources[name] = package_digest(name, self.roots)
        return self.sources[name]

    def get(self, block_key: str) -> dict | None:
        entry = self.entries.get(block_key)
        if entry is not None:
            self.used[block_key] = entry
            self.hits += 1
        else:
            self.misses += 1
        return entry

    def put(self, block_key: str, entry: dict) -> None:
        self.entries[block_key] = self.used[block_key] = entry
        self.changed = True

    def save(self) -> None:
        """Keep what this build used (in memory and on disk); remove other keys' files."""
        if set(self.used) != set(self.entries):
            self.changed = True
        with _lock:
            _memory.clear()
            _memory[self.key] = dict(self.used)
        if not self.changed:
            return
        write_kept(self.path, self.used, "API cache")


def block_key(cache_key: str, source: str, page, identifier: str, yaml_block: str, heading_level: int) -> str:
    """The key of one ``:::`` block: the build's key, its package's source, its page and the block itself."""
    text = json.dumps([cache_key, source, page.file.src_uri if page else None, page.url if page else None,
                       identifier, yaml_block, heading_level])
    return hashlib.sha256(text.encode()).hexdigest()


# -- headings, replayed -------------------------------------------------------------------------------

def heading_to_json(el: Element) -> dict | None:
    """A heading element mkdocstrings made (tag, attributes, text), or None if it is more than that."""
    if len(el) or el.tail:
        return None
    return {"tag": el.tag, "attrib": dict(el.attrib), "text": el.text}


def heading_from_json(data: dict) -> Element:
    el = Element(data["tag"], data["attrib"])
    el.text = data["text"]
    return el


class ReplayedHandler:
    """What ``AutoDocProcessor.run`` asks of a handler after ``_process_block``, from a kept entry."""

    outer_layer = True

    def __init__(self, entry: dict):
        self.domain = entry["domain"]
        self._headings = [heading_from_json(h) for h in entry["headings"]]
        self._aliases = {k: tuple(v) for k, v in entry["aliases"].items()}

    def get_headings(self):
        result, self._headings = self._headings, []
        return result

    def get_aliases(self, identifier: str) -> tuple[str, ...]:
        return self._aliases.get(identifier, ())


class _Warned(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


def _cached_process_block(original):
    def _process_block(self, identifier: str, yaml_block: str, heading_level: int = 0):
        from mkdocstrings._internal.handlers import base

        cache: ApiCache | None = _state.get("cache")
        files = getattr(self.md.treeprocessors["relpath"], "files", None) if "relpath" in self.md.treeprocessors \
            else None
        if cache is None and _state.get("config") is not None and files is not None:
            cache = _state["cache"] = ApiCache(_state["folder"], global_key(_state["config"], files))
            cache.roots = handler_roots(_state["config"])
        if cache is None or base._markdown_conversion_layer != 0:  # not our build, or a block in a docstring
            return original(self, identifier, yaml_block, heading_level)

        page = self._autorefs.current_page
        source = cache.package(identifier.split(".")[0])
        if source is None:  # a docstring includes a snippet: an input the key cannot hold
            return original(self, identifier, yaml_block, heading_level)
        key = block_key(cache.key, source, page, identifier, yaml_block, heading_level)
        entry = cache.get(key)
        if entry is not None:
            for name, args, kwargs in entry["calls"]:
                getattr(self._autorefs, name)(page, *args, **kwargs) if name == "register_anchor" \
                    else getattr(self._autorefs, name)(*args, **kwargs)
            return entry["html"], ReplayedHandler(entry), None

        # A miss: render, and note what the rendering did besides its HTML.
        calls: list = []
        autorefs = self._autorefs
        saved = {name: autorefs.__dict__.get(name) for name in ("register_anchor", "register_url")}

        def recorder(name):
            method = getattr(type(autorefs), name).__get__(autorefs)

            def record(*args, **kwargs):
                if name == "register_anchor":
                    if args[0] is not page:
                        calls.append(None)  # another page's anchor: not something to replay
                    else:
                        calls.append([name, list(args[1:]), kwargs])
                else:
                    calls.append([name, list(args), kwargs])
                return method(*args, **kwargs)
            return record

        warned = _Warned()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
        for logger in loggers:
            logger.addHandler(warned)
        for name in saved:
            setattr(autorefs, name, recorder(name))
        try:
            html, handler, data = original(self, identifier, yaml_block, heading_level)
        finally:
            for logger in loggers:
                logger.removeHandler(warned)
            for name, value in saved.items():
                if value is None:
                    autorefs.__dict__.pop(name, None)
                else:
                    setattr(autorefs, name, value)
        if not handler.outer_layer:
            return html, handler, data
        elements = list(handler.get_headings())
        headings = [heading_to_json(el) for el in elements]
        entry = {
            "html": str(html),
            "domain": handler.domain,
            "headings": headings,
            "aliases": {el.get("id"): list(handler.get_aliases(el.get("id"))) for el in elements if el.get("id")},
            "calls": calls,
        }
        replay = ReplayedHandler({**entry, "headings": []})
        replay._headings = elements
        if not warned.seen and None not in headings and None not in calls and page is not None:
            try:
                json.dumps(entry)
            except (TypeError, ValueError):
                pass
            else:
                cache.put(key, entry)
        return html, replay, data

    return _process_block


def install() -> bool:
    """Put the cache in front of mkdocstrings' block rendering (once per process); False if it cannot."""
    try:
        from mkdocstrings._internal.extension import AutoDocProcessor
    except ImportError:
        return False
    wrap_once(AutoDocProcessor, "_process_block", _cached_process_block)
    return True


# -- hook events ---------------------------------------------------------------------------------------

def on_config(config):
    _state.clear()
    if config.plugins.get("mkdocstrings") is not None and install():
        _state["config"] = config
        _state["folder"] = Path(config.config_file_path).resolve().parent / ".cache" / "api"
    return config


def on_post_build(config):
    cache: ApiCache | None = _state.get("cache")
    if cache is not None:
        log.debug("API blocks: %d kept, %d rendered", cache.hits, cache.misses)
        last_counts.clear()
        last_counts.update(kept=cache.hits, rendered=cache.misses)
        cache.save()
    _state.clear()


def on_build_error(error):
    _state.clear()  # nothing of a failed build is kept
