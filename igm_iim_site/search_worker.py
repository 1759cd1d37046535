"""Part of the igm-iim plugin: mend a bug of lunr, the search library inside mkdocs-material's search worker.

lunr builds the index's word list (``lunr.TokenSet``) as a minimised word graph. Two nodes
of the graph are merged when their signatures are equal, and the signature is the node's
final flag followed by, for each edge, its one-character label and the target node's
number, with nothing between them (``TokenSet.prototype.toString``). With many numbers
among the words, two different nodes can get the same signature: edge ``1`` to node 234
gives ``"01234"``, and so do edges ``1`` to node 2 and ``3`` to node 4. lunr then merges
them, and the word list holds words that are in no page and loses words that are in one.

Seen on this site at commit 128147d: the word list held ``15.0`` and lost ``15.0,``.
Any search for a number starting with 1 (``1``, ``15``, ``15 mg``) then stopped with
"Cannot read properties of undefined (reading '_index')" in the worker, and the reader
saw "No matching documents". The cause was found here, in the minified code; lunr's open
issues olivernn/lunr.js#503, #279 and #314 report the same symptoms without naming a cause.
mkdocs-material ships lunr 2.3.9 minified in its worker.

The mend: after the build, the worker copied into the site gets one character more in
each edge of the signature, a ``;`` after the node number. A label is always one
character and a node number only digits, so the signature can no longer be read two ways.
The build fails, saying so, if the worker no longer has the code this replaces (a theme
upgrade): the mend is then checked again, never silently dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

WORKERS = "assets/javascripts/workers"
#: lunr 2.3.9's TokenSet.prototype.toString as mkdocs-material 9 minifies it: the loop body
#: ``str = str + label + node.id`` (names shortened by the minifier) and the return.
SIGNATURE = re.compile(r"(TokenSet\.prototype\.toString=function\(\)\{if\(this\._str\)return this\._str;"
                       r"for\(var (\w+)=this\.final\?\"1\":\"0\",.{0,120}?)"
                       r"\2=\2\+(\w+)\+(\w+)\.id\}return \2\}")
MENDED = r'\1\2=\2+\3+\4.id+";"}return \2}'


def mend(source: str) -> str:
    """The worker's text with lunr's node signature made unambiguous.

    Parameters
    ----------
    source : str
        The search worker as mkdocs-material ships it [text].

    Raises
    ------
    ValueError
        When the worker has not exactly one signature to mend (a theme upgrade changed it).
    """
    mended, count = SIGNATURE.subn(MENDED, source)
    if count != 1:
        raise ValueError(f"found {count} lunr TokenSet signatures to mend, expected 1")
    return mended


def on_post_build(config, **kwargs):
    workers = sorted((Path(config.site_dir) / WORKERS).glob("search.*.min.js"))
    if not workers:
        raise PluginError(f"igm_iim_site/search_worker.py: no search worker in {WORKERS}/ (is the search plugin on?)")
    for path in workers:
        try:
            path.write_text(mend(path.read_text(encoding="utf-8")), encoding="utf-8")
        except ValueError as error:
            raise PluginError(
                f"igm_iim_site/search_worker.py: {path.name}: {error}. mkdocs-material's search worker changed; check "
                "whether its lunr still merges word-graph nodes on ambiguous signatures (see this hook's "
                "docstring) and update or remove the mend") from error
