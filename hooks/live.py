"""MkDocs hook: ship the calculator rules to the browser.

Writes ``assets/javascripts/live-data.js`` (``window.LIVE_DATA = {...}``) from
`calculators.live.export_data` on every build, so the live forms compute
from the same rules as the Python package, and no figure is typed into the
JavaScript by hand.
"""

from __future__ import annotations

import json

from mkdocs.structure.files import File

from calculators.live import export_data

PATH = "assets/javascripts/live-data.js"


def on_files(files, config, **kwargs):
    content = "window.LIVE_DATA = " + json.dumps(export_data(), ensure_ascii=False) + ";\n"
    existing = files.get_file_from_path(PATH)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, PATH, content=content))
    return files
