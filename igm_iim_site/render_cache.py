"""Part of the igm-iim plugin: compiled templates kept across builds, so a rebuild (``mkdocs serve``) is cheaper.

It changes no byte of the site; it keeps only what a pure function of its inputs produced, under
a key holding every one of those inputs, so a stale entry cannot be served.

* **Compiled templates.** Every build (each ``mkdocs serve`` rebuild too)
  makes new Jinja environments, for the theme and for mkdocstrings' API
  templates, and compiled about 80 templates again: a quarter of a rebuild's
  CPU. Both environments now keep the compiled code in
  ``.cache/jinja/<environment key>/`` through Jinja's public
  ``Environment.bytecode_cache`` (its own ``FileSystemBytecodeCache``).
  Jinja checks each entry against a hash of the template's source and its own
  version and the Python version, and the directory is keyed on the
  environment's settings that shape the compiled code (extensions, delimiters,
  autoescape, whitespace options), so an edited template is compiled again.

Three other caches were removed (issue 25), as none could work through a public interface:
the formatted API signatures (it replaced mkdocstrings-python's private
``rendering._get_formatter``; each build runs ``ruff format`` again, about 40 times), the
rendered API blocks (``hooks/api_cache.py``; it replaced mkdocstrings' private
``AutoDocProcessor._process_block``) and the search index entries of unchanged pages
(``hooks/search_cache.py``; it replaced mkdocs-material's ``SearchIndex.add_entry_from_context``).
docs/editors/platform.md has the build times before and after.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from pathlib import Path

import jinja2
import jinja2.bccache

CACHE_FORMAT = "1"

def _cache_root(config, cache: str = ".cache") -> Path:
    """The build caches' folder: the plugin's ``cache_dir``, from the folder of mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent / cache


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "none"


# -- compiled templates --------------------------------------------------------------------------

def environment_key(env: jinja2.Environment) -> str:
    """A hash of every setting of ``env`` that changes the code Jinja compiles a template to."""
    settings = [
        CACHE_FORMAT, jinja2.__version__, sys.version,
        sorted(type(ext).__module__ + "." + type(ext).__qualname__ for ext in env.extensions.values()),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        repr(env.autoescape) if not callable(env.autoescape) else getattr(env.autoescape, "__qualname__", "callable"),
        env.finalize is not None, env.optimized, env.is_async, type(env).__qualname__,
        env.code_generator_class.__name__,
    ]
    return hashlib.sha256(json.dumps(settings, default=str).encode()).hexdigest()[:20]


class KeyedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, with the environment's settings in every entry's key.

    Jinja keys an entry on the template's name and file and checks it against a hash of the source
    (and its own version and Python's); the settings are read when the template is loaded, not when
    the cache is attached, since mkdocstrings sets some of them just before its first render.
    """

    def get_bucket(self, environment, name, filename, source):
        key = hashlib.sha1(f"{environment_key(environment)}|{name}|{filename}".encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket


def keep_compiled_templates(env: jinja2.Environment, root: Path) -> None:
    """Let ``env`` reuse the compiled templates kept under ``root`` (and add the ones it compiles)."""
    if env.bytecode_cache is not None:
        return
    folder = root / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = KeyedBytecodeCache(str(folder))


# -- hook events ---------------------------------------------------------------------------------------

def on_files(files, config, *, state, **kwargs):
    # mkdocstrings renders the API pages with the Markdown, before the theme's environment exists
    # (on_env), so its handler is set up here, after every plugin's on_config.
    root = _cache_root(config, state.options.cache_dir)
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None and getattr(plugin, "plugin_enabled", True):
        handler = plugin.handlers.get_handler("python")  # the one every `::: identifier` block will use
        keep_compiled_templates(handler.env, root)
    return files


def on_env(env, config, files, *, state, **kwargs):
    keep_compiled_templates(env, _cache_root(config, state.options.cache_dir))
    return env
