"""Part of the igm-iim plugin: the live forms, generated from the package, and only the scripts each page needs.

* ``{{ live_form("dose") }}`` in a page becomes the form's HTML, written from its definition
  (`calculators.forms.html`); a page holds no hand-written ``<input>``.
* Every build writes one ``live/data-<form>.js`` per form (its definition, the figures its script
  needs and the package's sentence templates it fills), from `calculators.forms.export`, so the
  browser computes from the package's own rules and words.
* A page with live forms loads its forms' data files and their scripts, in order;
  other pages load none of them.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from calculators.forms import FORMS, export, html
from igm_iim_site.page_tokens import INLINE_CODE, substitute

TOKEN = re.compile(INLINE_CODE + r'|\{\{\s*live_form\(\s*"(?P<name>[^"]+)"'
                   r'(?P<presets>(?:\s*,\s*[a-z_]+\s*=\s*"[^"]*")*)\s*\)\s*\}\}')
PRESET = re.compile(r'([a-z_]+)\s*=\s*"([^"]*)"')
LIVE_FORM = re.compile(r'<form\b[^>]*\bclass="[^"]*\blive-calc\b[^>]*\bdata-form="(?P<name>[^"]+)"')
"""A live form in built HTML, with its name."""


def generated() -> dict[str, str]:
    """Path in the site -> content, for every generated live file."""
    out = {}
    for name in FORMS:
        out[export.data_file(name)] = export.data_js(name)
    return out


def on_files(files, config, **kwargs):
    for path, content in generated().items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files


def render(markdown: str, page_path: str, edition: str | None = None) -> str:
    def replace(match: re.Match, number: int) -> str:
        name = match.group("name")
        if name not in FORMS:
            raise PluginError(f"{page_path}:{number}: unknown live form {name!r}; forms: {', '.join(FORMS)}")
        presets = dict(PRESET.findall(match.group("presets") or ""))
        for field, value in presets.items():
            names = {f.name for f in FORMS[name].fields}
            choices = [v for v, _ in FORMS[name].field(field).choices] if field in names else []
            if value not in choices:
                raise PluginError(f"{page_path}:{number}: live form {name!r} has no choice {field}={value!r}")
        return html.render(FORMS[name], edition, presets)

    return substitute(markdown, TOKEN, replace)


def on_page_markdown(markdown, page, config, files, **kwargs):
    edition = (config.get("extra") or {}).get("edition")
    return render(markdown, page.file.src_uri, edition)


def on_post_page(output, page, config, **kwargs):
    """Add the live scripts of this page's forms to the page, and only to pages with a form."""
    names = list(dict.fromkeys(m.group("name") for m in LIVE_FORM.finditer(output)))
    if not names:
        return output
    # get_relative_url: right for directory URLs and for the .html URLs of the file:// archive
    tags = "".join(f'<script src="{get_relative_url(script, page.url)}" defer></script>'
                   for script in export.scripts_for(names))
    return output.replace("</body>", tags + "\n</body>", 1)
