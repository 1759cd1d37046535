"""The API and search caches (hooks/api_cache.py, hooks/search_cache.py) can never serve a stale page.

The fast tests change each input of a key and see the key change, and replay
a kept entry through the real plugins. The slow test builds a copy of the
site twice in one process, as ``mkdocs serve`` does, with a docstring, a
signature and a guideline word changed in between, and compares every file
of the rebuilt site with a build of the same tree with both caches off.
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

from hooks import api_cache, search_cache
from tests.test_notebook_cache import _copy_site

REPO = Path(__file__).resolve().parent.parent


# -- API blocks -----------------------------------------------------------------------------------

def _package(root: Path) -> None:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text('"""A package."""\nfrom pkg.mod import f\nimport helper\n')
    (root / "pkg" / "mod.py").write_text('def f(x: int) -> int:\n    """Double ``x``."""\n    return 2 * x\n')
    (root / "helper.py").write_text('"""A module the package imports."""\n')
    (root / "other").mkdir()
    (root / "other" / "__init__.py").write_text('"""Imported by nothing the package imports."""\n')


def test_a_package_key_follows_its_files_and_what_it_imports_only(tmp_path):
    _package(tmp_path)
    digest = api_cache.package_digest("pkg", [tmp_path])
    assert digest == api_cache.package_digest("pkg", [tmp_path]), "the key is not stable"
    (tmp_path / "other" / "__init__.py").write_text('"""Changed, and not imported."""\n')
    assert api_cache.package_digest("pkg", [tmp_path]) == digest
    seen = {digest}
    for path, text in (("pkg/mod.py", 'def f(x: int) -> int:\n    """Triple ``x``."""\n    return 3 * x\n'),
                       ("helper.py", '"""Changed."""\n'),
                       ("pkg/new.py", "VALUE = 1\n")):
        (tmp_path / path).write_text(text)
        seen.add(api_cache.package_digest("pkg", [tmp_path]))
    assert len(seen) == 4, "a change in the package or in what it imports left its key as it was"
    (tmp_path / "pkg" / "mod.py").write_text('"""Docs.\n\n' + "--8" + '<-- "outside.md"\n"""\n')
    assert api_cache.package_digest("pkg", [tmp_path]) is None, "a docstring that includes a file was keyed"


def test_the_build_key_follows_the_configuration_files_and_hooks(tmp_path):
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    files = [SimpleNamespace(src_uri="a.md", dest_uri="a/index.html", url="a/", inclusion="included")]
    key = api_cache.global_key(config, files)
    assert key == api_cache.global_key(config, files), "the key is not stable"
    assert "0x" not in json.dumps(api_cache.stable(config.mdx_configs)), "a memory address in the key"
    moved = [SimpleNamespace(src_uri="a.md", dest_uri="b/index.html", url="b/", inclusion="included")]
    keys = {key, api_cache.global_key(config, moved)}
    config.mdx_configs["toc"] = {**config.mdx_configs.get("toc", {}), "permalink": "#"}
    keys.add(api_cache.global_key(config, files))
    config.use_directory_urls = not config.use_directory_urls
    keys.add(api_cache.global_key(config, files))
    config.plugins["mkdocstrings"].config["handlers"]["python"]["options"]["show_source"] = True
    keys.add(api_cache.global_key(config, files))
    assert len(keys) == 5, "a change of the files, the extensions' settings, the URLs or mkdocstrings kept the key"
    # the configuration file and the hooks' source are read from disk
    copy = tmp_path / "mkdocs.yml"
    copy.write_text((REPO / "mkdocs.yml").read_text())
    config.config_file_path = str(copy)
    before = api_cache.global_key(config, files)
    copy.write_text(copy.read_text() + "\n# edited\n")
    assert api_cache.global_key(config, files) != before
    hook = tmp_path / "hook.py"
    hook.write_text("X = 1\n")
    config.hooks = {**config.hooks, "hook.py": SimpleNamespace(__file__=str(hook))}
    before = api_cache.global_key(config, files)
    hook.write_text("X = 2\n")
    assert api_cache.global_key(config, files) != before


def test_a_block_key_follows_the_block_its_page_and_its_source():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="reference/a.md"), url="reference/a/")
    other = SimpleNamespace(file=SimpleNamespace(src_uri="reference/b.md"), url="reference/b/")
    base = ("k", "src", page, "pkg.mod.f", "", 0)
    variants = [("k2", "src", page, "pkg.mod.f", "", 0), ("k", "src2", page, "pkg.mod.f", "", 0),
                ("k", "src", other, "pkg.mod.f", "", 0), ("k", "src", page, "pkg.mod.g", "", 0),
                ("k", "src", page, "pkg.mod.f", "options:\n  show_source: true", 0),
                ("k", "src", page, "pkg.mod.f", "", 2)]
    keys = {api_cache.block_key(*base), *(api_cache.block_key(*v) for v in variants)}
    assert len(keys) == 7


def test_a_replayed_block_gives_the_same_headings_and_aliases():
    from xml.etree.ElementTree import Element

    el = Element("h2", {"id": "pkg.mod.f", "class": "doc doc-heading", "data-role": "function",
                        "data-toc-label": "f"})
    el.text = "<code>f</code>"
    entry = {"domain": "py", "headings": [api_cache.heading_to_json(el)], "aliases": {"pkg.mod.f": ["pkg.f"]}}
    replay = api_cache.ReplayedHandler(json.loads(json.dumps(entry)))
    [back] = replay.get_headings()
    assert (back.tag, back.attrib, back.text) == (el.tag, el.attrib, el.text)
    assert replay.get_headings() == [], "headings are handed over once, as mkdocstrings does"
    assert replay.get_aliases("pkg.mod.f") == ("pkg.f",) and replay.domain == "py" and replay.outer_layer
    nested = Element("h2")
    nested.append(Element("span"))
    assert api_cache.heading_to_json(nested) is None, "a heading with children would not be replayed whole"


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
        api = dict(sys.modules["hooks/api_cache.py"].last_counts)
        search = dict(sys.modules["hooks/search_cache.py"].last_counts)
        stats.append({"api": api, "search": search})

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
    first, second = json.loads((tmp_path / "stats.json").read_text())
    assert first["api"]["kept"] > 0 and first["api"]["rendered"] == 0, f"the copy did not use the cache: {first}"
    assert second["api"]["rendered"] > 0, f"a changed package did not render the API again: {second}"
    assert 0 < second["search"]["indexed"] < second["search"]["indexed"] + second["search"]["kept"]

    # The same tree built with both caches off, in a new process.
    plain_config = project / "mkdocs-no-caches.yml"
    plain_config.write_text("".join(line for line in (project / "mkdocs.yml").read_text().splitlines(True)
                                    if "hooks/api_cache.py" not in line and "hooks/search_cache.py" not in line))
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
