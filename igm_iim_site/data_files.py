"""MkDocs hook: the package's reviewed data files and their JSON Schemas, published with the site.

The figures (``calculators/data/figures.toml``), the tool choices (``choices.toml``) and any other
data file of the package with a JSON Schema beside it (``NAME.schema.json``, written by ``make
refresh``, as for the taper protocols, ``protocols.toml``) are copied byte for byte into
``reference/data/`` of every build. An editor's tool, or another implementation of the calculators,
can then download a data file and validate it with the schema of the same edition.

``{{ data_files() }}`` on a page (Reference → Figures) lists them with download links;
``tests/test_data_files.py`` checks that the built copies are the committed files.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from mkdocs.structure.files import File

#: Where the data files are published in the built site.
PUBLISHED_DIR = "reference/data"
#: Where the package keeps them (every ``*.schema.json`` under it, and the data file of the same stem).
PACKAGE = "calculators"
TOKEN = re.compile(r"\{\{\s*data_files\(\s*\)\s*\}\}")


def published(root: Path) -> list[tuple[Path, Path | None]]:
    """(schema, data file or None) of every JSON Schema of the package, in name order."""
    out = []
    for schema in sorted((root / PACKAGE).rglob("*.schema.json"), key=lambda p: p.name):
        stem = schema.name.removesuffix(".schema.json")
        data = next((p for p in sorted(schema.parent.glob(f"{stem}.*")) if p != schema), None)
        out.append((schema, data))
    return out


def _root(config) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def on_files(files, config, **kwargs):
    for schema, data in published(_root(config)):
        for path in filter(None, (schema, data)):
            uri = f"{PUBLISHED_DIR}/{path.name}"
            existing = files.get_file_from_path(uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, uri, content=path.read_bytes()))
    return files


def table(root: Path, page_uri: str) -> str:
    """The Markdown table of the published data files, with links relative to the page."""
    here = posixpath.dirname(page_uri)
    rows = ["| Data file | What it holds | JSON Schema |", "| --- | --- | --- |"]
    for schema, data in published(root):
        about = json.loads(schema.read_text(encoding="utf-8")).get("title", "")
        link = lambda p: f"[`{p.name}`]({posixpath.relpath(f'{PUBLISHED_DIR}/{p.name}', here)})"  # noqa: E731
        source = f" (`{data.relative_to(root).as_posix()}`)" if data else ""
        rows.append(f"| {link(data) if data else '(none)'}{source} | {about} | {link(schema)} |")
    return "\n".join(rows)


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "data_files(" not in markdown:
        return markdown
    return TOKEN.sub(lambda _: table(_root(config), page.file.src_uri), markdown)
