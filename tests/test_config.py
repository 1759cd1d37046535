"""mkdocs.yml stays well-formed: a repeated key silently replaces the first in YAML."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def test_no_top_level_key_is_repeated():
    keys = re.findall(r"^([A-Za-z_]+):", CONFIG.read_text(encoding="utf-8"), flags=re.M)
    repeated = [key for key, count in Counter(keys).items() if count > 1]
    assert not repeated, f"mkdocs.yml repeats {repeated}: the later one silently wins; merge them"


def test_ruff_covers_every_python_folder_with_no_blanket_ignore():
    """`make lint` checks every folder of Python code (issue 15's house rules); no folder ignores a rule family."""
    root = CONFIG.parent
    linted = set(re.search(r"^LINTED := (.+)$", (root / "Makefile").read_text(), flags=re.M).group(1).split())
    # the project's own Python files (tracked or new), not build outputs: `make publish` leaves
    # site-archive/ with Python files in it, and `make unit` must still pass after it (issue 23)
    names = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"], cwd=root,
                           capture_output=True, text=True, check=True).stdout.split()
    folders = {Path(n).parts[0] for n in names if len(Path(n).parts) > 1 and Path(n).parts[0] != "docs"}
    assert folders <= linted, f"Python folders outside `make lint`: {sorted(folders - linted)}"
    ignores = re.search(r"\[tool\.ruff\.lint\.per-file-ignores\](.*?)(?:\n\[|\Z)",
                        (root / "pyproject.toml").read_text(), flags=re.S).group(1)
    for folder in ("scripts", "tools"):
        assert f'"{folder}/' not in ignores, f"{folder}/ has a blanket ruff ignore: fix the findings instead"


def test_build_outputs_are_outside_lint_and_git():
    """Every folder a build writes is ignored by git and by ruff, so `make unit` passes after `make publish`."""
    root = CONFIG.parent
    ignored = {line.strip().strip("/") for line in (root / ".gitignore").read_text().splitlines()}
    excluded = set(re.findall(r'"([^"]+)"', re.search(r"^extend-exclude = \[(.*?)\]",
                                                       (root / "pyproject.toml").read_text(), flags=re.M).group(1)))
    for output in ("site", "site-archive", "build", ".cache"):
        assert output in ignored, f"{output}/ is a build output: add it to .gitignore"
        assert output in excluded, f"{output}/ is a build output: add it to [tool.ruff] extend-exclude"


def test_site_url_is_where_the_edition_is_deployed(monkeypatch):
    """`make publish SITE_URL=...` sets the canonical links, the sitemap and the 404 page's links (README)."""
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://guide.example.org/igm-iim/")
    assert load_config(config_file=str(CONFIG)).site_url == "https://guide.example.org/igm-iim/"
    monkeypatch.delenv("SITE_URL")
    assert load_config(config_file=str(CONFIG)).site_url == "http://127.0.0.1:8000/"  # `make serve`'s address
