"""MkDocs hook: ship the calculator rules to the browser, on the pages that use them.

Writes ``assets/javascripts/live-data.js`` (``window.LIVE_DATA = {...}``) from
`calculators.live.export_data` on every build, so the live forms compute
from the same rules as the Python package, and no figure is typed into the
JavaScript by hand.
"""

from __future__ import annotations

import json
import re

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from calculators.live import export_data

PATH = "assets/javascripts/live-data.js"
LIVE_SCRIPTS = (
    PATH,
    "assets/javascripts/live-calculators.js",
    "assets/javascripts/live-taper.js",
    "assets/javascripts/live-dose.js",
)
"""Loaded, in this order, only by pages that hold a ``form.live-calc``."""
LIVE_FORM = re.compile(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b')


def on_files(files, config, **kwargs):
    content = "window.LIVE_DATA = " + json.dumps(export_data(), ensure_ascii=False) + ";\n"
    existing = files.get_file_from_path(PATH)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, PATH, content=content))
    return files


def on_post_page(output, page, config, **kwargs):
    """Add the live-calculator scripts to pages with a live form, and only to those."""
    if not LIVE_FORM.search(output):
        return output
    # get_relative_url: right for directory URLs and for the .html URLs of the file:// archive
    tags = "".join(f'<script src="{get_relative_url(script, page.url)}" defer></script>' for script in LIVE_SCRIPTS)
    return output.replace("</body>", tags + "\n</body>", 1)
