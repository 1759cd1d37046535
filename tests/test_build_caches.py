"""The search cache (igm_iim_site/search_cache.py) can never serve a stale page.

The fast tests change each input of a key and see the key change, and replay
a kept entry through the real plugin. The slow test builds a copy of the
site twice in one process, as ``mkdocs serve`` does, with a docstring, a
signature and a guideline word changed in between, and compares every file
of the rebuilt site with a build of the same tree with the cache off.
(The API cache, igm_iim_site/api_cache.py, was removed in issue 25: it replaced
mkdocstrings' private ``AutoDocProcessor._process_block``.)
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from igm_iim_site import search_cache
from tests.test_notebook_cache import _copy_site

REPO = Path(__file__).resolve().parent.parent


# -- search entries ---------------------------------------------------------------------------------

def _page(content: str, **meta):
    toc = [SimpleNamespace(id="dose", url="#dose", level=2, children=[])]
    return SimpleNamespace(url="guidelines/iim/", title="IIM", meta=meta, toc=toc, content=content)


def test_a_page_s_search_key_follows_everything_the_plugin_reads():
    html = '<h1 id="iim">IIM</h1><h2 id="dose">Dose</h2><p>Prednisone 1 mg/kg/day.</p>'
    key = search_cache.page_key(_page(html), "code")
    changed = [search_cache.page_key(_page(html.replace("1 mg", "2 mg")), "code"),
               search_cache.page_key(_page(html, title="Other"), "code"),
               search_cache.page_key(_page(html, tags=["x"]), "code"),
               search_cache.page_key(_page(html, search={"boost": 2}), "code"),
               search_cache.page_key(_page(html), "another plugin")]
    moved = _page(html)
    moved.url = "guidelines/iim2/"
    changed.append(search_cache.page_key(moved, "code"))
    anchored = _page(html)
    anchored.toc[0].url = "#dosing"
    changed.append(search_cache.page_key(anchored, "code"))
    assert key == search_cache.page_key(_page(html), "code")
    assert len({key, *changed}) == 8, "a change the plugin reads left the page's key as it was"


def test_kept_search_entries_are_the_plugin_s_own_and_a_changed_page_is_indexed_again(tmp_path):
    from material.plugins.search.plugin import SearchIndex

    assert search_cache.install()
    html = '<h1 id="iim">IIM</h1><p>Intro.</p><h2 id="dose">Dose</h2><p>Prednisone 1 mg/kg/day.</p>'
    page = _page(html)
    page.toc = [SimpleNamespace(id="iim", url="#iim", level=1, children=[
        SimpleNamespace(id="dose", url="#dose", level=2, children=[])])]
    search_cache._state.clear()
    plain = SearchIndex()
    plain.add_entry_from_context(page)  # no build in progress: the plugin's own code
    search_cache.on_config(SimpleNamespace(plugins={"search": object()},
                                           config_file_path=str(tmp_path / "mkdocs.yml")))
    try:
        first, second = SearchIndex(), SearchIndex()
        first.add_entry_from_context(page)
        cache = search_cache._state["cache"]
        assert (cache.hits, cache.misses) == (0, 1)
        second.add_entry_from_context(page)
        assert (cache.hits, cache.misses) == (1, 1)
        assert first.entries == second.entries == plain.entries
        assert any("1 mg/kg/day" in e["text"] for e in second.entries)
        page.content = html.replace("1 mg", "0.5 mg")
        third = SearchIndex()
        third.add_entry_from_context(page)
        assert cache.misses == 2 and any("0.5 mg/kg/day" in e["text"] for e in third.entries)
        search_cache.on_post_build(None)
        assert len(json.loads(next((tmp_path / ".cache" / "search").glob("*.json")).read_text())) == 2
    finally:
        search_cache._state.clear()
        search_cache._memory.clear()


# -- the whole site, rebuilt as mkdocs serve does --------------------------------------------------

REBUILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site, edits_file, stats_file = sys.argv[1:4]
    edits = json.loads(Path(edits_file).read_text())
    stats = []

    def config():  # a new configuration for every build, as `mkdocs serve` loads it (plugins kept)
        return load_config(config_file="mkdocs.yml", site_dir=site)

    def counts():
        search = dict(sys.modules["igm_iim_site.search_cache"].last_counts)
        stats.append({"search": search})

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    counts()
    for path, old, new in edits:
        text = Path(path).read_text()
        assert old in text, (path, old)
        Path(path).write_text(text.replace(old, new, 1))
    build(config())
    counts()
    Path(stats_file).write_text(json.dumps(stats))
""")


@pytest.mark.slow
def test_a_rebuild_with_the_caches_is_the_build_without_them(tmp_path):
    project = _copy_site(tmp_path / "site-copy")
    shutil.copy2(REPO / "pyproject.toml", project / "pyproject.toml")  # the signature formatter's settings
    edits = [
        ("calculators/body_size.py", '"""Ideal body weight by Devine (1974).',
         '"""Ideal body weight by Devine (1974), changed in cache test.'),
        ("calculators/body_size.py", "def body_surface_area(patient: Patient, *, formula:",
         "def body_surface_area(patient: Patient, *, cache_test_argument: int = 0, formula:"),
        ("docs/guidelines/iim.md", "\n## ", "\nCachetestword in the guideline.\n\n## "),
    ]
    (tmp_path / "edits.json").write_text(json.dumps(edits))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    cached = subprocess.run([sys.executable, "-c", REBUILD, str(tmp_path / "cached"), str(tmp_path / "edits.json"),
                             str(tmp_path / "stats.json")], cwd=project, env=env, capture_output=True, text=True,
                            check=False)
    assert cached.returncode == 0, cached.stderr[-3000:]
    _first, second = json.loads((tmp_path / "stats.json").read_text())
    assert 0 < second["search"]["indexed"] < second["search"]["indexed"] + second["search"]["kept"]

    # The same tree built with the cache off, in a new process.
    plain_config = project / "mkdocs-no-caches.yml"
    plain_config.write_text((project / "mkdocs.yml").read_text().replace(
        "  - igm-iim:\n", "  - igm-iim:\n      disabled: [search_cache]\n", 1))
    assert "disabled: [search_cache]" in plain_config.read_text()
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(plain_config),
                            "--site-dir", str(tmp_path / "plain")], cwd=project, env=env, capture_output=True,
                           text=True, check=False)
    assert plain.returncode == 0, plain.stderr[-3000:]

    def pages(site: Path) -> dict[str, Path]:
        return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}

    a, b = pages(tmp_path / "cached"), pages(tmp_path / "plain")
    assert set(a) == set(b), set(a) ^ set(b)
    differ = [name for name in sorted(a) if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert differ in ([], ["sitemap.xml.gz"]), f"the cached rebuild differs from a build without caches: {differ}"
    api_page = a["reference/body-size/index.html"].read_text()
    assert "changed in cache test" in api_page and "cache_test_argument" in api_page
    index = a["search/search_index.json"].read_text()
    assert "changed in cache test" in index and "Cachetestword" in index
