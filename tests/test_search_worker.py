"""igm_iim_site/search_worker.py: lunr's word graph in the theme's search worker, mended (Node, no browser).

``tests/data/lunr_words_128147d.json`` is the first 3,987 words (sorted) of this site's own search
index as built at commit 128147d: the smallest prefix of that word list on which the theme's lunr
builds a word graph that holds words no page has ("15.0", "15.0):") and loses words pages have.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from igm_iim_site import search_worker
from tests.live_node import node

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "tests" / "data" / "lunr_words_128147d.json"

# Runs a worker's code in a Node sandbox and answers questions about its lunr.
PROBE = r"""
const fs = require("fs"), vm = require("vm");
const ctx = vm.createContext({ console, URL, TextDecoder, TextEncoder, Promise, setTimeout,
  importScripts: () => {}, addEventListener: () => {}, postMessage: () => {} });
ctx.self = ctx;
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), ctx);
const lunr = ctx.lunr;
const words = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const known = new Set(words);
lunr.TokenSet._nextId = 1;  // node numbers as in a fresh worker building its index
const listed = lunr.TokenSet.fromArray(words).toArray(), listedSet = new Set(listed);
// Two different nodes: edge "1" to node 234, and edges "1" to node 2 and "3" to node 4.
const one = new lunr.TokenSet(), two = new lunr.TokenSet();
one.edges = { "1": { id: 234 } };
two.edges = { "1": { id: 2 }, "3": { id: 4 } };
console.log(JSON.stringify({
  same_signature: one.toString() === two.toString(),
  invented: listed.filter(w => !known.has(w)),
  lost: words.filter((w) => !listedSet.has(w)).length,
}));
"""


def theme_worker() -> Path:
    import material

    found = sorted((Path(material.__file__).parent / "templates" / search_worker.WORKERS).glob("search.*.min.js"))
    assert len(found) == 1, found
    return found[0]


def probe(worker_text: str, tmp_path: Path) -> dict:
    path = tmp_path / "worker.js"
    path.write_text(worker_text, encoding="utf-8")
    out = subprocess.run([node(), "-e", PROBE, str(path), str(WORDS)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def shipped() -> str:
    if node() is None:
        pytest.fail("node is needed for this test (Node 20 is on every machine of this kind)")
    return theme_worker().read_text(encoding="utf-8")


def test_the_theme_s_lunr_merges_different_nodes_and_invents_words(shipped, tmp_path):
    """The bug the hook mends is in the installed theme (if a theme upgrade fixes it, the mend can go)."""
    seen = probe(shipped, tmp_path)
    assert seen["same_signature"], "this theme's lunr no longer merges these nodes: check whether the mend is needed"
    assert seen["invented"] == ["15.0", "15.0):"] and seen["lost"] > 0, seen


def test_the_mended_worker_lists_exactly_the_words_of_the_pages(shipped, tmp_path):
    seen = probe(search_worker.mend(shipped), tmp_path)
    assert seen == {"same_signature": False, "invented": [], "lost": 0}


def test_a_worker_without_the_code_to_mend_fails_the_build_saying_why(tmp_path):
    with pytest.raises(ValueError, match="found 0 lunr TokenSet signatures to mend"):
        search_worker.mend("self.lunr = {};")
    site = tmp_path / "site"
    (site / search_worker.WORKERS).mkdir(parents=True)
    (site / search_worker.WORKERS / "search.0000.min.js").write_text("self.lunr = {};", encoding="utf-8")
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="search worker changed"):
        search_worker.on_post_build(type("Config", (), {"site_dir": str(site)})())
