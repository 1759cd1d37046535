"""igm_iim_site/offline.py: the precache list, the worker text and the tags it adds (no browser)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from types import SimpleNamespace

import pytest

from igm_iim_site import offline
from igm_iim_site.offline import worker_source
from igm_iim_site.state import BuildState
from tests.live_node import node


def test_no_worker_without_mike(monkeypatch):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    state = BuildState.default()
    offline.on_config(SimpleNamespace(config_file_path=None), state=state)
    page = SimpleNamespace(url="guidelines/igm/")
    html = "<html><head></head><body></body></html>"
    assert offline.on_post_page(html, page, None, state=state) == html


def test_edition_pages_get_manifest_link_and_script(monkeypatch):
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2026.1")
    state = BuildState.default()
    offline.on_config(SimpleNamespace(config_file_path=None), state=state)
    html = offline.on_post_page("<head></head><body></body>", SimpleNamespace(url="guidelines/igm/"), None,
                                state=state)
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in html
    assert 'src="../../assets/javascripts/offline.js" data-root="../../"' in html
    assert 'data-edition="2026.1"' in html and 'data-build="2026.1-' in html
    home = offline.on_post_page("<head></head><body></body>", SimpleNamespace(url=""), None, state=state)
    assert 'data-root="./"' in home


def test_precache_list_hashes_every_file_but_the_worker_and_the_archive(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(b"<p>x</p>")
    (tmp_path / "sw.js").write_text("old worker")
    (tmp_path / "downloads").mkdir()  # the edition's zip: fetched when asked for, never precached
    (tmp_path / "downloads" / "guide-2026.1-offline.zip").write_bytes(b"PK" + bytes(100))
    # what a reader never needs offline (the second ward trial: 8.7 MB saved per edition)
    (tmp_path / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.min.js.map").write_text("{}")
    (tmp_path / "assets" / "javascripts" / "lunr" / "wordcut.js").write_text("x")
    (tmp_path / "assets" / "javascripts" / "lunr" / "min").mkdir()  # the theme's search files: ours is our own
    (tmp_path / "assets" / "javascripts" / "lunr" / "min" / "lunr.de.min.js").write_text("x")
    (tmp_path / "assets" / "javascripts" / "workers").mkdir()
    (tmp_path / "assets" / "javascripts" / "workers" / "search.0000.min.js").write_text("x")
    (tmp_path / "reference-vectors.json").write_text("{}")
    files = offline.precache_list(tmp_path)
    assert files == {"a/index.html": hashlib.sha256(b"<p>x</p>").hexdigest()}
    source = offline.worker_source("2026.1", "2026.1-x", files, "/guide/2026.1/")
    assert 'const EDITION = "2026.1";' in source and 'const BUILD = "2026.1-x";' in source
    assert 'const BASE_PATH = "/guide/2026.1/";' in source
    assert "const FILES = " + json.dumps(files, separators=(",", ":")) + ";" in source
    assert "__" not in source.split("*/", 1)[1].replace("__proto__", "")  # every placeholder filled
    assert "http" not in source.replace("HTTP", "").split("*/", 1)[1]  # the worker names no host


def test_archive_links_to_folders_name_their_index():
    html = ('<a href="../editions/">x</a> <a href="./">h</a> <a href="../about/disclaimer/#top">d</a> '
            '<a href="https://example.invalid/">e</a> <a href="#sec">s</a> <a href="taper.html">t</a>')
    built = {"index.html", "editions/index.html", "about/disclaimer.html", "calculators/taper.html"}
    out = offline.file_links(html, "calculators/taper.html", built)
    assert 'href="../editions/index.html"' in out and 'href="index.html"' in out
    assert 'href="../about/disclaimer.html#top"' in out
    assert 'href="https://example.invalid/"' in out and 'href="#sec"' in out and 'href="taper.html"' in out


def test_root_worker_names_no_host_and_is_committed_only_when_changed(tmp_path, monkeypatch):
    import subprocess

    from tools import root_worker

    source = root_worker.WORKER.read_text(encoding="utf-8")
    assert "http" not in source.split("*/", 1)[1]  # the worker names no host
    repo = tmp_path / "repo"
    env = {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.invalid",
           "GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.invalid"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    subprocess.run(["git", "-C", str(repo), "branch", "gh-pages"], check=True)
    monkeypatch.chdir(repo)
    assert root_worker.main([]) == 0
    shown = subprocess.run(["git", "show", "gh-pages:sw.js"], capture_output=True, text=True, check=True).stdout
    assert shown == source
    count = subprocess.run(["git", "rev-list", "--count", "gh-pages"], capture_output=True, text=True).stdout
    assert root_worker.main([]) == 0  # unchanged: no second commit
    assert subprocess.run(["git", "rev-list", "--count", "gh-pages"], capture_output=True,
                          text=True).stdout == count == "2\n"


# Runs an edition worker's "activate" in Node over a fake CacheStorage: stdin = worker sources (one per
# build, in the order they take over the scope) and the cache names already there; prints the names after.
ACTIVATE = r"""
const vm = require("vm");
const [sources, before] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const names = new Set(before);
const caches = {
  keys: async () => Array.from(names),
  open: async (name) => { names.add(name); return {}; },
  delete: async (name) => names.delete(name),
};
(async () => {
  for (const source of sources) {
    const handlers = {};
    const ctx = vm.createContext({
      console, URL, caches, Promise,
      registration: { scope: "http://127.0.0.1/guide/latest/" }, location: { origin: "http://127.0.0.1" },
      addEventListener: (type, fn) => { handlers[type] = fn; },
    });
    ctx.self = ctx;
    vm.runInContext(source, ctx);
    const build = /const BUILD = "([^"]+)"/.exec(source)[1];
    names.add("guide-edition http://127.0.0.1/guide/latest/ " + build);  // what its install saved
    let done = null;
    handlers.activate({ waitUntil: (p) => { done = p; } });
    await done;
  }
  process.stdout.write(JSON.stringify(Array.from(names).sort()));
})().catch((e) => { process.stderr.write(String(e.stack || e)); process.exit(1); });
"""


def test_replaced_notes_do_not_pile_up_in_the_offline_cache():
    """The fourth ward trial: each build published under latest/ left a "guide-replaced" note in the
    device's cache storage and none was ever removed. Now a scope keeps one note per other edition saved
    there (what the root's worker asks: was edition X saved here, and which edition replaced it), naming
    the build in use; a rebuild of the same edition leaves none; other scopes' caches are left alone."""
    if node() is None:
        pytest.fail("node is needed for this test")
    builds = ["2026.1-a", "2026.2-b", "2026.2-c", "2026.3-d", *[f"2026.{n}-x{n}" for n in range(4, 24)]]
    sources = [worker_source(b.split("-")[0], b, {"index.html": "0" * 64}, "/guide/latest/") for b in builds]
    other = ["guide-edition http://127.0.0.1/guide/2026.1/ 2026.1-a",
             "guide-replaced http://127.0.0.1/guide/2026.1/ 2026.0-z 2026.1-a"]
    latest = "http://127.0.0.1/guide/latest/"

    def after(count: int) -> list[str]:
        out = subprocess.run([node(), "-e", ACTIVATE], input=json.dumps([sources[:count], other]),
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout)

    assert after(2) == sorted([*other, f"guide-edition {latest} 2026.2-b", f"guide-replaced {latest} 2026.1-a 2026.2-b"])
    # a rebuild of 2026.2: the note of 2026.1 now names the build in use; no note that 2026.2 replaced 2026.2
    assert after(3) == sorted([*other, f"guide-edition {latest} 2026.2-c", f"guide-replaced {latest} 2026.1-a 2026.2-c"])
    names = after(len(builds))
    notes = [n for n in names if n.startswith(f"guide-replaced {latest}")]
    # one note per edition saved here before the one in use, each naming the build in use
    assert len(notes) == len({b.split("-")[0] for b in builds}) - 1 == 22, notes
    assert all(n.endswith(" 2026.23-x23") for n in notes), notes
    assert [n for n in names if n.startswith(f"guide-edition {latest}")] == [f"guide-edition {latest} 2026.23-x23"]
    assert set(other) <= set(names)
