"""The reviewed data files and their JSON Schemas are published in the built site (issue 23).

``igm_iim_site/data_files.py`` copies every JSON Schema of the package (``calculators/**/*.schema.json``)
and the data file beside it into ``reference/data/``; Reference → Figures links them. The built
copies must be the committed files, byte for byte: a schema an outside tool downloads is the one
the package validates with.
"""

from __future__ import annotations

import json
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


def test_the_built_files_are_the_committed_files(site):
    for schema, data in published(ROOT):
        for path in filter(None, (schema, data)):
            built = site / PUBLISHED_DIR / path.name
            assert built.is_file(), f"{built} is missing: igm_iim_site/data_files.py did not publish {path}"
            assert built.read_bytes() == path.read_bytes(), f"{built} differs from the committed {path}"


def test_the_built_figures_page_links_the_schemas(site):
    html = (site / "reference/figures/index.html").read_text(encoding="utf-8")
    for schema, data in published(ROOT):
        assert f'href="../data/{schema.name}"' in html
        if data is not None:
            assert f'href="../data/{data.name}"' in html
