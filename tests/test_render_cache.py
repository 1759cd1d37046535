"""The rebuild caches of igm_iim_site/render_cache.py can never serve a stale page.

Compiled templates are checked by Jinja against the template's source and
keyed on the environment's settings. The slow test rebuilds a copy of the site in one process, as
``mkdocs serve`` does, after changing a docstring, a signature and a
template, and sees each change on the rebuilt pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest

from igm_iim_site import render_cache
from tests.test_notebook_cache import _copy_site


def _env(folder: Path, cache: Path, **settings) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), auto_reload=False, **settings)
    render_cache.keep_compiled_templates(env, cache)
    return env


def test_an_edited_template_is_compiled_again(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / ".cache"
    templates.mkdir()
    page = templates / "page.html"
    page.write_text("<p>{{ word }} one</p>")
    assert _env(templates, cache).get_template("page.html").render(word="a") == "<p>a one</p>"
    assert list((cache / "jinja").iterdir()), "nothing was kept"
    # A new environment (as in every rebuild) uses the kept code ...
    calls = []
    env = _env(templates, cache)
    original = env.compile
    env.compile = lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs)
    assert env.get_template("page.html").render(word="b") == "<p>b one</p>"
    assert calls == [], "the kept compiled template was not used"
    # ... until the template changes.
    page.write_text("<p>{{ word }} two</p>")
    assert _env(templates, cache).get_template("page.html").render(word="c") == "<p>c two</p>"


def test_environments_with_other_settings_do_not_share_compiled_templates(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / ".cache"
    templates.mkdir()
    (templates / "page.html").write_text("{% if x %}\n  yes\n{% endif %}\n<b>{{ y }}</b>")
    plain = _env(templates, cache).get_template("page.html").render(x=1, y="<i>")
    trimmed = _env(templates, cache, trim_blocks=True, lstrip_blocks=True, autoescape=True)
    assert trimmed.get_template("page.html").render(x=1, y="<i>") == "  yes\n<b>&lt;i&gt;</b>"
    assert plain == "\n  yes\n\n<b><i></b>"
    assert render_cache.environment_key(jinja2.Environment()) != render_cache.environment_key(
        jinja2.Environment(trim_blocks=True))


def test_no_cache_stands_in_front_of_mkdocstrings_formatter():
    """The signature memo replaced mkdocstrings-python's private formatter getter; it is gone (issue 25)."""
    assert not hasattr(render_cache, "signature_memo") and not hasattr(render_cache, "SignatureMemo")


REBUILD = textwrap.dedent("""
    import os, sys, tempfile
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = sys.argv[1]
    edits = [line.split("\\t") for line in Path(sys.argv[2]).read_text().splitlines()]

    def config():
        cfg = load_config(config_file="mkdocs.yml", site_dir=site)
        cfg.site_url = "http://127.0.0.1:8399/"
        return cfg

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, serve_url="http://127.0.0.1:8399/")   # as `mkdocs serve` starts
    keep = Path(sys.argv[2]).parent                      # (the rebuild empties the site folder)
    Path(keep, "first.html").write_text(Path(site, "reference/body-size/index.html").read_text())
    Path(keep, "first-home.html").write_text(Path(site, "index.html").read_text())
    for path, old, new in edits:                          # then the files change, in the same process
        text = Path(path).read_text()
        assert old in text, (path, old)
        Path(path).write_text(text.replace(old, new, 1))
    build(config(), serve_url="http://127.0.0.1:8399/")   # and it rebuilds, as `mkdocs serve` does
""")


@pytest.mark.slow
def test_a_rebuild_shows_a_changed_docstring_signature_and_template(tmp_path):
    project = _copy_site(tmp_path / "site-copy")
    site = tmp_path / "out"
    edits = [
        ("calculators/body_size.py", '"""Ideal body weight by Devine (1974).', '"""Ideal body weight by Devine (1974), changed in test.'),
        ("calculators/body_size.py", "def body_surface_area(patient: Patient, *, formula:",
         "def body_surface_area(patient: Patient, *, changed_in_test_argument: int = 0, formula:"),
        ("overrides/main.html", "{% block content %}", "{% block content %}<!-- template changed in test -->"),
    ]
    assert "{% block content %}" in (project / "overrides" / "main.html").read_text()
    (tmp_path / "edits.tsv").write_text("\n".join("\t".join(edit) for edit in edits))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-c", REBUILD, str(site), str(tmp_path / "edits.tsv")], cwd=project,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    before, after = (tmp_path / "first.html").read_text(), (site / "reference" / "body-size" / "index.html").read_text()
    assert "changed in test" not in before and "changed_in_test_argument" not in before
    assert "Devine (1974), changed in test." in after, "the API page did not follow the docstring"
    assert "changed_in_test_argument" in after, "the API page did not follow the signature"
    assert "template changed in test" not in (tmp_path / "first-home.html").read_text()
    assert "template changed in test" in (site / "index.html").read_text(), "the page did not follow the template"
    # the caches were used and filled
    assert list((project / ".cache" / "jinja").iterdir())


def test_the_api_stylesheet_is_linked_only_where_api_docs_are():
    from igm_iim_site import api_styles

    link = '<link rel="stylesheet" href="../../assets/_mkdocstrings.css">\n'
    guideline = f"<head>{link}</head><body><p class=\"site-edition\">x</p></body>"
    api = f'<head>{link}</head><body><div class="doc doc-object doc-function">x</div></body>'
    crossref = f'<head>{link}</head><body><a class="autorefs autorefs-internal" href="#x">x</a></body>'
    assert "_mkdocstrings.css" not in api_styles.on_post_page(guideline, None, None)
    assert api_styles.on_post_page(api, None, None) == api
    assert api_styles.on_post_page(crossref, None, None) == crossref
