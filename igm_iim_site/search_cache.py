"""Part of the igm-iim plugin: the search index entries of unchanged pages kept across builds (content-keyed).

mkdocs-material's search plugin parses every page's final HTML again on
every build and every ``mkdocs serve`` rebuild to cut it into the sections
of the search index: a sixth of a rebuild, mostly the large API pages,
although one edited page changes only its own entries. The entries a page
gave are kept in ``.cache/search/<key>.json`` and reused when the page
gives the plugin exactly the same input again.

The key of a page's entries holds everything the plugin reads from the page:
its final HTML (``page.content``, as the plugin receives it), its URL, its
title, its table of contents (ids and URLs, which the entries link to), the
front matter it reads (``title``, ``tags``, ``search``), and the plugin's
code (mkdocs-material's version and whether jieba is installed). So a page
whose text, headings, links or front matter changed is parsed again; the
index as a whole is still generated and written by the plugin on every
build, with every page in it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
from pathlib import Path

from igm_iim_site.render_cache import wrap_once, write_kept

log = logging.getLogger("mkdocs.plugins.igm_iim.search_cache")

CACHE_FORMAT = "1"  # bump when an entry's shape changes

_state: dict = {}
#: Entries kept in this process (``mkdocs serve`` rebuilds without reading the file again).
_memory: dict[str, dict[str, str]] = {}
#: What the last build did: pages whose entries were kept and pages indexed (for tests and the log).
last_counts: dict[str, int] = {}


def _toc(items) -> list:
    return [[item.id, item.url, item.level, _toc(item.children)] for item in items]


def page_key(page, plugin_code: str) -> str:
    """A hash of every input the search plugin reads from ``page`` (see the module docstring)."""
    meta = page.meta or {}
    parts = [CACHE_FORMAT, plugin_code, page.url, str(page.title),
             json.dumps({k: meta.get(k) for k in ("title", "tags", "search")}, sort_keys=True, default=str),
             json.dumps(_toc(page.toc or []), default=str)]
    digest = hashlib.sha256("\0".join(parts).encode())
    digest.update(b"\0")
    digest.update((page.content or "").encode())
    return digest.hexdigest()


def plugin_code() -> str:
    """The search plugin's version and whether it segments Chinese (jieba installed)."""
    from material.plugins.search import plugin

    try:
        version = importlib.metadata.version("mkdocs-material")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    return f"{version}|jieba={plugin.jieba is not None}|{Path(plugin.__file__).stat().st_size}"


class SearchCache:
    """The kept entries (JSON text per page key), loaded once; only what this build used is written back."""

    def __init__(self, folder: Path):
        self.code = plugin_code()
        self.folder = folder
        self.path = folder / f"{hashlib.sha256(self.code.encode()).hexdigest()[:16]}.json"
        entries = _memory.get(str(self.path))
        if entries is None:
            try:
                entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                entries = {}
        self.entries = entries
        self.used: dict[str, str] = {}
        self.changed = False
        self.hits = self.misses = 0

    def save(self) -> None:
        if set(self.used) != set(self.entries):
            self.changed = True
        _memory.clear()
        _memory[str(self.path)] = dict(self.used)
        if not self.changed:
            return
        write_kept(self.path, self.used, "search cache")


def _cached_add_entry(original):
    def add_entry_from_context(self, page):
        cache: SearchCache | None = _state.get("cache")
        if cache is None:
            return original(self, page)
        key = page_key(page, cache.code)
        kept = cache.entries.get(key)
        if kept is not None:
            cache.hits += 1
            cache.used[key] = kept
            self.entries.extend(json.loads(kept))
            return None
        cache.misses += 1
        start = len(self.entries)
        result = original(self, page)
        added = self.entries[start:]
        try:
            text = json.dumps(added)
        except (TypeError, ValueError):
            return result
        if json.loads(text) == added:  # only what survives JSON as it is
            cache.entries[key] = cache.used[key] = text
            cache.changed = True
        return result

    return add_entry_from_context


def install() -> bool:
    """Put the cache in front of the search plugin's page indexing (once per process); False if it cannot."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:
        return False
    wrap_once(SearchIndex, "add_entry_from_context", _cached_add_entry)
    return True


# -- hook events ---------------------------------------------------------------------------------------

def on_config(config, **kwargs):
    _state.clear()
    searched = config.plugins.get("material/search") is not None or config.plugins.get("search") is not None
    if searched and install():
        _state["cache"] = SearchCache(Path(config.config_file_path).resolve().parent / ".cache" / "search")
    return config


def on_post_build(config, **kwargs):
    cache: SearchCache | None = _state.pop("cache", None)
    if cache is not None:
        log.debug("search entries: %d pages kept, %d indexed", cache.hits, cache.misses)
        last_counts.clear()
        last_counts.update(kept=cache.hits, indexed=cache.misses)
        cache.save()


def on_build_error(error, **kwargs):
    _state.clear()
