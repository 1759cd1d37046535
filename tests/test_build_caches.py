"""The build caches kept across builds can never serve a stale page.

The slow test builds a copy of the site twice in one process, as ``mkdocs serve``
does, with a docstring, a signature and a guideline word changed in between, and
compares every file of the rebuilt site with a build of the same tree with the
compiled-template cache (igm_iim_site/render_cache.py) off.
(Issue 25 removed the API cache, ``hooks/api_cache.py``, which replaced
mkdocstrings' private ``AutoDocProcessor._process_block``, and the search cache,
``hooks/search_cache.py``, which replaced mkdocs-material's
``SearchIndex.add_entry_from_context``.)
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.test_notebook_cache import _copy_site

REPO = Path(__file__).resolve().parent.parent


# -- the whole site, rebuilt as mkdocs serve does --------------------------------------------------

REBUILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site, edits_file = sys.argv[1:3]
    edits = json.loads(Path(edits_file).read_text())

    def config():  # a new configuration for every build, as `mkdocs serve` loads it (plugins kept)
        return load_config(config_file="mkdocs.yml", site_dir=site)

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    build(first)
    for path, old, new in edits:
        text = Path(path).read_text()
        assert old in text, (path, old)
        Path(path).write_text(text.replace(old, new, 1))
    build(config())
""")


@pytest.mark.slow
def test_a_rebuild_with_the_caches_is_the_build_without_them(tmp_path):
    project = _copy_site(tmp_path / "site-copy")
    shutil.copy2(REPO / "pyproject.toml", project / "pyproject.toml")  # the signature formatter's settings
    edits = [
        ("calculators/body_size.py", '"""Ideal body weight by Devine (1974).',
         '"""Ideal body weight by Devine (1974), changed in cache test.'),
        ("calculators/body_size.py", "def body_surface_area(patient: Patient, *, formula:",
         "def body_surface_area(patient: Patient, *, cache_test_argument: int = 0, formula:"),
        ("docs/guidelines/iim.md", "\n## ", "\nCachetestword in the guideline.\n\n## "),
    ]
    (tmp_path / "edits.json").write_text(json.dumps(edits))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project)}
    cached = subprocess.run([sys.executable, "-c", REBUILD, str(tmp_path / "cached"), str(tmp_path / "edits.json")],
                            cwd=project, env=env, capture_output=True, text=True, check=False)
    assert cached.returncode == 0, cached.stderr[-3000:]

    # The same tree built with the compiled-template cache off, in a new process.
    plain_config = project / "mkdocs-no-caches.yml"
    plain_config.write_text((project / "mkdocs.yml").read_text().replace(
        "  - igm-iim:\n", "  - igm-iim:\n      disabled: [render_cache]\n", 1))
    assert "disabled: [render_cache]" in plain_config.read_text()
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(plain_config),
                            "--site-dir", str(tmp_path / "plain")], cwd=project, env=env, capture_output=True,
                           text=True, check=False)
    assert plain.returncode == 0, plain.stderr[-3000:]

    def pages(site: Path) -> dict[str, Path]:
        return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}

    a, b = pages(tmp_path / "cached"), pages(tmp_path / "plain")
    assert set(a) == set(b), set(a) ^ set(b)
    differ = [name for name in sorted(a) if not filecmp.cmp(a[name], b[name], shallow=False)]
    assert differ in ([], ["sitemap.xml.gz"]), f"the cached rebuild differs from a build without caches: {differ}"
    api_page = a["reference/body-size/index.html"].read_text()
    assert "changed in cache test" in api_page and "cache_test_argument" in api_page
    index = a["search/search_text.json"].read_text()  # the pages' entries (igm_iim_site/search_split.py)
    assert "changed in cache test" in index and "Cachetestword" in index
