"""MkDocs hook: the reader's scripts, each only where it is needed.

* ``share.js`` (the calculation kept in the address after ``#``) and
  ``record.js`` (the printed dose record) on pages that hold a live form,
  after the live-calculator scripts that hooks/live.py adds;
* ``view.js`` (clinician or patient view) on every page, plus a two-line
  inline script in the head that applies the saved view before the page is
  drawn, so a patient never sees the clinician layout flash first.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

LIVE_FORM = re.compile(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b')
FORM_SCRIPTS = ("assets/javascripts/share.js", "assets/javascripts/record.js")
PAGE_SCRIPTS = ("assets/javascripts/view.js",)
STORAGE_KEY = "guide.reader"
EARLY_VIEW = (
    "<script>try{var v=localStorage.getItem(\"" + STORAGE_KEY + "\");"
    "if(v===\"patient\"||v===\"clinician\")document.documentElement.setAttribute(\"data-reader\",v)}"
    "catch(e){}</script>"
)


def _tags(scripts, page) -> str:
    return "".join(f'<script src="{get_relative_url(s, page.url)}" defer></script>' for s in scripts)


def on_post_page(output, page, config, **kwargs):
    scripts = list(PAGE_SCRIPTS)
    if LIVE_FORM.search(output):
        scripts = list(FORM_SCRIPTS) + scripts
    output = output.replace("</head>", EARLY_VIEW + "\n</head>", 1)
    return output.replace("</body>", _tags(scripts, page) + "\n</body>", 1)
