"""The site's own search worker and lunr's word graph (Node, no browser).

``tests/data/lunr_words_128147d.json`` is the first 3,987 words (sorted) of this site's own search
index as built at commit 128147d: the smallest prefix of that word list on which lunr 2.3.9 builds a
word graph (``lunr.TokenSet.fromArray``) that holds words no page has ("15.0", "15.0):") and loses
words pages have. The theme's worker builds its index that way; ours
(``docs/assets/javascripts/search-worker.js``) uses the same lunr, unchanged, but gives the index a
word graph of its own, one node per prefix.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from tests.live_node import node
from tests.test_search_index import _run

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "tests" / "data" / "lunr_words_128147d.json"
JS = ROOT / "docs" / "assets" / "javascripts"
WORKER = JS / "search-worker.js"
LUNR = JS / "vendor" / "lunr.min.js"
#: SHA-256 of lunr.min.js in the npm release lunr@2.3.9 (tarball SHA-256 d886e7dc...699030).
LUNR_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"

# Loads lunr and answers questions about its own word graph.
PROBE = r"""
const fs = require("fs"), vm = require("vm");
const ctx = vm.createContext({ console });
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), ctx);
const lunr = ctx.lunr;
const words = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const known = new Set(words);
// lunr just loaded: its nodes are numbered from 1, as in a fresh worker building its index
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


@pytest.fixture(scope="module")
def words() -> list[str]:
    if node() is None:
        pytest.fail("node is needed for this test (Node 20 is on every machine of this kind)")
    return json.loads(WORDS.read_text(encoding="utf-8"))


def test_the_vendored_lunr_is_the_unchanged_release():
    assert hashlib.sha256(LUNR.read_bytes()).hexdigest() == LUNR_SHA256, f"{LUNR} is not lunr 2.3.9 as released"


def test_lunr_s_own_word_graph_merges_different_nodes_and_invents_words(words):
    """Why the worker builds its own word graph: lunr's, on this site's words, is wrong."""
    out = subprocess.run([node(), "-e", PROBE, str(LUNR), str(WORDS)], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    assert seen["same_signature"], "this lunr no longer merges these nodes: the worker's own word graph may go"
    assert seen["invented"] == ["15.0", "15.0):"] and seen["lost"] > 0, seen


def test_our_worker_finds_exactly_the_words_of_the_page(words, tmp_path):
    index = tmp_path / "index.json"
    index.write_text(json.dumps({
        "config": {"lang": ["en"], "separator": r"[\s]+", "pipeline": ["stopWordFilter"],
                   "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}},
        "docs": [{"location": "words/", "title": "list", "text": " ".join(words)}]}), encoding="utf-8")
    # each word as a required whole word ("+word"); words with query marks in them are left out
    asked = [w for w in words if not set(w) & set('*~^:"+-')]
    assert len(asked) > 2500
    answers = _run(WORKER, index, [f"+{w}" for w in asked] + ["+15.0", "+15.0):"], tmp_path)
    errors = [a for a in answers if a["error"]]
    assert not errors, errors[:3]
    lost = [a["query"] for a in answers[:-2] if a["pages"] != ["words/"]]
    assert not lost, f"{len(lost)} words of the page not found, e.g. {lost[:5]}"
    assert [a["pages"] for a in answers[-2:]] == [[], []], "the worker finds words no page has"
