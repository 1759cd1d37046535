"""MkDocs hook: keep notebook pages honest and local.

* mkdocs-jupyter's execution cache is keyed on the notebook and its options,
  not on the ``calculators`` package the notebook imports, so a changed dose
  rule could be served from a stale cache. This hook puts the cache in a
  folder named after a hash of the package source (and removes the folders
  of older hashes), so any change to the package re-executes the notebooks.
* nbconvert's template loads MathJax from a CDN on every notebook page. Our
  notebooks use no LaTeX, and no page may request another host, so the hook
  removes every ``<script src="http...">`` from notebook pages and fails the
  build if any other external resource remains.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

PACKAGE = Path(__file__).resolve().parent.parent / "calculators"
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
MATHJAX_CONFIG = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S | re.I)
EXTERNAL_RESOURCE = re.compile(r"<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=\"(https?://[^\"]+)\"", re.I)


def package_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def on_config(config, **kwargs):
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return config
    base = Path(config.config_file_path).parent / ".cache" / "mkdocs-jupyter"
    current = base / package_hash()
    if base.is_dir():
        for old in base.iterdir():
            if old.is_dir() and old != current:
                shutil.rmtree(old, ignore_errors=True)
    plugin.config["cache_dir"] = str(current)
    return config


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith((".ipynb", ".py"))


def strip_external_scripts(html: str) -> str:
    html = MATHJAX_CONFIG.sub("", html)
    return EXTERNAL_SCRIPT.sub("", html)


def on_post_page(output, page, config, **kwargs):
    if not _is_notebook(page):
        return output
    output = strip_external_scripts(output)
    remaining = [url for url in EXTERNAL_RESOURCE.findall(output) if "127.0.0.1" not in url]
    if remaining:
        raise PluginError(f"{page.file.src_uri}: notebook page would load from another host: {remaining[:3]}")
    return output
