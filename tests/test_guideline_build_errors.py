"""A broken guideline page stops the real strict build, and the message names page and field/line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import copy_build_caches

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("docs", "igm_iim_site", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for package in ("calculators", "tools"):  # mkdocstrings and the plugin import them from the project
        (tmp_path / package).symlink_to(ROOT / package)
    copy_build_caches(tmp_path)  # content-keyed: spares re-executing the notebooks, which are not changed
    return tmp_path


def _build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


def test_bad_review_status_fails_the_build_naming_page_and_field(project):
    page = project / "docs/guidelines/igm.md"
    page.write_text(page.read_text().replace("review_status: submitted", "review_status: published", 1))
    result = _build(project)
    assert result.returncode != 0
    assert "docs/guidelines/igm.md: invalid guideline front matter: field 'review_status'" in result.stderr


def test_missing_front_matter_fails_the_build(project):
    page = project / "docs/guidelines/iim.md"
    text = page.read_text()
    page.write_text(text[text.index("# Idiopathic"):])  # drop the front matter
    result = _build(project)
    assert result.returncode != 0
    assert "docs/guidelines/iim.md: invalid guideline front matter: field 'title': Field required" in result.stderr


def test_bad_flowchart_fails_the_build_naming_the_line(project):
    page = project / "docs/guidelines/iim.md"
    lines = page.read_text().split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip() == "kind: decision")
    lines[number] = lines[number].replace("decision", "question")
    page.write_text("\n".join(lines))
    result = _build(project)
    assert result.returncode != 0
    assert f"docs/guidelines/iim.md:{number + 1}: flowchart: nodes.1.kind" in result.stderr
