"""The reviewed data files and their JSON Schemas are published in the built site (issue 23).

``igm_iim_site/data_files.py`` copies every JSON Schema of the package (``calculators/**/*.schema.json``)
and the data file beside it into ``reference/data/``; Reference → Figures links them. The built
copies must be the committed files, byte for byte: a schema an outside tool downloads is the one
the package validates with.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import jsonschema
import pytest

from igm_iim_site.data_files import PUBLISHED_DIR, published, table
from tests.browser.harness import SITE, site_is_built

ROOT = Path(__file__).resolve().parent.parent


def test_every_schema_of_the_package_is_published_with_its_data_file():
    found = {schema.name: data and data.name for schema, data in published(ROOT)}
    assert {"figures.schema.json": "figures.toml", "choices.schema.json": "choices.toml"}.items() <= found.items()
    for schema, data in published(ROOT):
        if data is not None and data.suffix == ".toml":
            jsonschema.validate(tomllib.loads(data.read_text(encoding="utf-8")),
                                json.loads(schema.read_text(encoding="utf-8")))


def test_the_figures_page_links_each_file():
    rows = table(ROOT, "reference/figures.md")
    assert "[`figures.schema.json`](data/figures.schema.json)" in rows
    assert "[`choices.toml`](data/choices.toml)" in rows
    assert "{{ data_files() }}" in (ROOT / "docs/reference/figures.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site() -> Path:
    if not site_is_built():
        pytest.skip(f"{SITE} is not built: run `make test` (or `make site` first)")
    return SITE


def compare_built(built: Path, committed: Path) -> str | None:
    """Why the built copy of ``committed`` is not that file, or None when it is.

    A ``site/`` built before the file was edited (the editor trial: an edit to figures.toml, then the tests
    without ``make site``) is said to be stale, with the command to run, not shown as a byte diff; a copy
    that differs from the file it was built from is a real failure, shown at its first differing line.
    """
    if not built.is_file():
        return f"{built} is missing: igm_iim_site/data_files.py did not publish {committed}"
    if built.read_bytes() == committed.read_bytes():
        return None
    if committed.stat().st_mtime > built.stat().st_mtime:
        shown = committed.relative_to(ROOT) if committed.is_relative_to(ROOT) else committed
        return f"site/ is stale: {shown} was changed after site/ was built. Run `make site`, then the tests again."
    old, new = built.read_text(encoding="utf-8").splitlines(), committed.read_text(encoding="utf-8").splitlines()
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return (f"{built} was built after {committed} was last changed, and differs from it at line {at + 1}:\n"
            f"  built:     {old[at] if at < len(old) else '(end of file)'}\n"
            f"  committed: {new[at] if at < len(new) else '(end of file)'}")


def test_the_built_files_are_the_committed_files(site):
    wrong = [compare_built(site / PUBLISHED_DIR / path.name, path)
             for schema, data in published(ROOT) for path in filter(None, (schema, data))]
    wrong = [w for w in wrong if w]
    assert not wrong, "\n".join(wrong)


def test_a_stale_site_is_called_stale_and_a_wrong_copy_shows_its_line(tmp_path):
    committed = tmp_path / "calculators" / "data" / "figures.toml"
    committed.parent.mkdir(parents=True)
    built = tmp_path / "site" / "figures.toml"
    built.parent.mkdir()
    built.write_text("[a]\nvalue = 60\n", encoding="utf-8")
    committed.write_text("[a]\nvalue = 50\n", encoding="utf-8")
    os.utime(built, (1_000_000, 1_000_000))  # built first, then the file edited
    said = compare_built(built, committed)
    assert said and "site/ is stale" in said and "Run `make site`" in said and "data/figures.toml" in said, said
    os.utime(committed, (500_000, 500_000))  # built after the last edit, yet different: a real failure
    said = compare_built(built, committed)
    assert said and "site/ is stale" not in said and "line 2" in said and "value = 60" in said and "value = 50" in said, said
    committed.write_text("[a]\nvalue = 60\n", encoding="utf-8")
    assert compare_built(built, committed) is None
    assert "is missing" in compare_built(tmp_path / "none", committed)


def test_the_built_figures_page_links_the_schemas(site):
    html = (site / "reference/figures/index.html").read_text(encoding="utf-8")
    for schema, data in published(ROOT):
        assert f'href="../data/{schema.name}"' in html
        if data is not None:
            assert f'href="../data/{data.name}"' in html
