"""The executed-notebook cache (igm_iim_site/notebooks.py) can never serve a stale page.

The key covers everything that can change what a notebook prints: its text,
every file of the local package it imports (``calculators/`` with its data),
the files beside it, Python and the library versions. The slow test builds a
temporary copy of the site, changes the package in the copy, builds again
with the same cache and sees the notebook page change; then builds once more
without a change and sees the cache used (no execution).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from igm_iim_site import notebooks
from tests.clones import copy_build_caches

REPO = Path(__file__).resolve().parent.parent
TAPER = REPO / "docs" / "notebooks" / "taper.py"


def _copy_site(dest: Path) -> Path:
    for name in ("docs", "igm_iim_site", "calculators", "overrides", "tools"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # tools/vectors.py publishes the reference vectors from tools/cases (copied with tools/ above)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    # The other build caches, content-keyed, spare work these tests do not look at; the taper
    # notebook's entries are left out, so its first build here always executes it.
    copy_build_caches(dest)
    for entry in (dest / ".cache" / "notebooks").glob("taper-*.json"):
        entry.unlink()
    # git history for the date and review hooks: a one-commit repository of the copy
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "copy"]):
        subprocess.run(command, cwd=dest, check=True, env=env, capture_output=True)
    return dest


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


def test_key_changes_with_the_notebook_the_package_and_the_libraries(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(REPO / "calculators", project / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "docs" / "notebooks").mkdir(parents=True)
    notebook = project / "docs" / "notebooks" / "taper.py"
    shutil.copy2(TAPER, notebook)
    versions = notebooks.library_versions()
    key = notebooks.cache_key(notebook, project, versions)
    assert key == notebooks.cache_key(notebook, project, versions), "the key is not stable"
    assert [p.name for p in notebooks.local_imports(notebook.read_text(), project)] == ["calculators"]

    changed = []
    # a package source file, a package data file, the notebook, a file beside it, a library version
    protocols = project / "calculators" / "taper" / "protocols.py"
    protocols.write_text(protocols.read_text() + "\n# changed\n")
    changed.append(notebooks.cache_key(notebook, project, versions))
    (project / "calculators" / "extra-data.json").write_text("{}")
    changed.append(notebooks.cache_key(notebook, project, versions))
    notebook.write_text(notebook.read_text() + "\n# %%\nprint(1)\n")
    changed.append(notebooks.cache_key(notebook, project, versions))
    (notebook.parent / "table.csv").write_text("a,b\n")
    changed.append(notebooks.cache_key(notebook, project, versions))
    changed.append(notebooks.cache_key(notebook, project, {**versions, "matplotlib": "0.0"}))
    keys = [key, *changed]
    assert len(set(keys)) == len(keys), f"some change left the key as it was: {keys}"


def test_a_cache_entry_for_other_inputs_is_refused(tmp_path):
    from mkdocs.exceptions import PluginError

    out = tmp_path / "taper-abc.json"
    out.write_text('{"key": "other", "cells": []}')
    with pytest.raises(PluginError, match="does not match"):
        notebooks.load(TAPER, out, "abc")


def test_outputs_are_rendered_as_text_or_the_html_the_cell_displayed():
    cells = [
        {"cell_type": "markdown", "source": "# Title\n\nSome *text*."},
        {"cell_type": "code", "source": "print('<b>')", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "<b>\n"}]},
        {"cell_type": "code", "source": "HTML(svg)", "outputs": [
            {"output_type": "display_data", "data": {"text/html": '<svg role="img"></svg>', "text/plain": "x"}}]},
    ]
    outputs: list[str] = []
    markdown = notebooks.to_markdown(cells, outputs)
    assert markdown.startswith("# Title")
    assert "```python\nprint('<b>')\n```" in markdown
    assert "&lt;b&gt;" in outputs[0] and "<pre>" in outputs[0]
    assert outputs[1].endswith('<svg role="img"></svg></div>')


@pytest.mark.slow
def test_changing_the_package_changes_the_page_through_the_cache(tmp_path):
    project = _copy_site(tmp_path / "site-copy")
    site = tmp_path / "out"
    page = site / "notebooks" / "taper" / "index.html"

    first = _build(project, site)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "fixed steps (S002)" in page.read_text()
    entries = sorted(p.name for p in (project / ".cache" / "notebooks").glob("taper-*.json"))
    assert len(entries) == 1

    # The package changes (in the copy): the protocol's name, which the notebook prints.
    protocols = project / "calculators" / "data" / "protocols.toml"
    text = protocols.read_text()
    assert 'name = "IIM prednisone taper, fixed steps (S002)"' in text
    protocols.write_text(text.replace('name = "IIM prednisone taper, fixed steps (S002)"',
                                      'name = "IIM prednisone taper, fixed steps (S002, changed in test)"'))
    second = _build(project, site)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "fixed steps (S002, changed in test)" in page.read_text(), "the notebook page did not follow the package"
    after = sorted(p.name for p in (project / ".cache" / "notebooks").glob("taper-*.json"))
    assert len(after) == 1 and after != entries, "the old cache entry was not replaced"

    # Nothing changed: the cache is used, the page is the same.
    html = page.read_text()
    cache_file = project / ".cache" / "notebooks" / after[0]
    mtime = cache_file.stat().st_mtime_ns
    third = _build(project, site)
    assert third.returncode == 0, third.stderr[-3000:]
    assert cache_file.stat().st_mtime_ns == mtime, "an unchanged notebook was executed again"
    assert page.read_text() == html


@pytest.mark.slow
def test_an_error_in_a_cell_fails_the_build(tmp_path):
    project = _copy_site(tmp_path / "site-copy")
    notebook = project / "docs" / "notebooks" / "taper.py"
    notebook.write_text(notebook.read_text() + '\n# %%\nraise ValueError("broken on purpose")\n')
    result = _build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "broken on purpose" in result.stderr


def test_built_notebook_pages_show_figures_not_tokens():
    """Figure tokens in a notebook's text cells are rendered on its page and in its download."""
    site = REPO / "site" / "notebooks"
    pages = sorted(site.glob("*/index.html")) if site.is_dir() else []
    if not pages:
        pytest.skip("site/ is not built (make site)")
    for page in pages:
        assert "{{" not in page.read_text(encoding="utf-8"), f"raw token on {page}"
        for source in page.parent.glob("*.py"):
            assert "{{" not in source.read_text(encoding="utf-8"), f"raw token in the download {source}"
