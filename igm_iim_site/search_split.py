"""Part of the igm-iim plugin: the search index in two files, so that a reader who never searches does not
download the text of every page.

mkdocs-material's script fetches ``search/search_index.json`` as soon as it starts, which on this site is
at the reader's first interaction with a page (``overrides/partials/theme-on-demand.html``): a scroll
cost every reader the whole index, about 140 KB compressed. Until issue 25 a script of ours held that
request back by replacing ``XMLHttpRequest`` and ``Worker`` in the page; that patch is gone. Instead,
after the theme's search plugin has written the index, this part moves the pages' entries (``docs``)
into ``search/search_text.json`` and leaves in ``search_index.json`` the configuration only, with the
address of the text (``config.text``, from the site's root). The site's own search worker
(``docs/assets/javascripts/search-worker.js``) fetches the text at the reader's first query.

The file:// archive keeps the whole index in one file: its worker runs in a page that cannot fetch a
file (the theme's offline plugin inlines the index as ``search_index.js``).
"""

from __future__ import annotations

import json
from pathlib import Path

INDEX = "search/search_index.json"
TEXT = "search/search_text.json"


def split(index: dict) -> tuple[dict, dict]:
    """(what the theme's script fetches: the configuration and where the text is, the text: every entry).

    Parameters
    ----------
    index : dict
        The search index as mkdocs-material's search plugin writes it (``config``, ``docs``) [record].
    """
    stub = {key: value for key, value in index.items() if key != "docs"}
    stub["config"] = {**index.get("config", {}), "text": TEXT}
    stub["docs"] = []
    return stub, {"docs": index.get("docs", [])}


def on_post_build(config, *, state, **kwargs):
    if state.options.archive:
        return
    site = Path(config.site_dir)
    path = site / INDEX
    if not path.is_file():
        return
    stub, text = split(json.loads(path.read_text(encoding="utf-8")))
    (site / TEXT).write_text(json.dumps(text, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    path.write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
