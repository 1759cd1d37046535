"""igm_iim_site/csp.py: the policy it writes for a page (the built site is checked in Chromium: tests/browser/test_csp.py)."""

from __future__ import annotations

import base64
import hashlib

from igm_iim_site import csp


def _sha(text: str) -> str:
    # CSP Level 3, "hash-source": base64 of the SHA-256 of the script's text as UTF-8
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1;</script>
<script src="assets/x.js" defer></script>
<script id="__config" type="application/json">{"base": "."}</script>
<style>p{color:red}</style>
</head><body><p style="text-align: right">x</p>
<script type="text/javascript">var a = 1;</script>
<script>var é = "\\u00e9";</script>
</body></html>"""


def _directives(html: str) -> dict[str, list[str]]:
    content = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    return {d.split()[0]: d.split()[1:] for d in content.split(";")}


def test_every_inline_script_is_hashed_and_nothing_else_is_allowed():
    d = _directives(csp.add_policy(PAGE))
    assert d["script-src"] == ["'self'", _sha("var a = 1;"), _sha('var é = "\\u00e9";')]  # a repeat once, no data block
    assert d["style-src-elem"] == ["'self'", _sha("p{color:red}")]
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]


def test_the_policy_comes_first_and_once():
    out = csp.add_policy(PAGE)
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < out.index("<title>")
    assert csp.add_policy(out) == out


def test_line_ends_are_hashed_as_the_parser_reads_them():
    d = _directives(csp.add_policy("<html><head><meta charset=utf-8><script>a()\r\nb()\rc()</script></head></html>"))
    assert d["script-src"][1] == _sha("a()\nb()\nc()")


def test_the_file_archive_gets_no_policy():
    assert csp.add_policy(PAGE, archive=True) == PAGE


def test_scripts_are_trimmed_so_every_reader_hashes_the_same_text():
    """The W3C checker hashes a script's text trimmed, browsers hash it as written: written trimmed, both agree."""
    out = csp.add_policy("<html><head><meta charset=utf-8><script>\n  go();\n</script></head></html>")
    assert "<script>go();</script>" in out
    assert _directives(out)["script-src"][1] == _sha("go();")
