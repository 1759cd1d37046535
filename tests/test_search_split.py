"""The search index in two files (igm_iim_site/search_split.py): the settings the theme fetches, the text our
worker fetches at the first query."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from igm_iim_site import search_split
from tests.browser.harness import SITE, site_is_built


def test_the_index_keeps_its_settings_and_names_where_the_text_is():
    index = {"config": {"lang": ["en"], "separator": "[\\s]+"},
             "docs": [{"location": "a/", "title": "A", "text": "15 mg"}]}
    stub, text = search_split.split(index)
    assert stub == {"config": {"lang": ["en"], "separator": "[\\s]+", "text": "search/search_text.json"}, "docs": []}
    assert text == {"docs": index["docs"]}


@pytest.mark.parametrize("archive", [False, True])
def test_only_a_served_build_is_split(tmp_path, archive):
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "a/", "title": "A", "text": "15 mg"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / search_split.INDEX).write_text(json.dumps(index), encoding="utf-8")
    state = SimpleNamespace(options=SimpleNamespace(archive=archive))
    search_split.on_post_build(SimpleNamespace(site_dir=str(tmp_path)), state=state)
    written = json.loads((tmp_path / search_split.INDEX).read_text(encoding="utf-8"))
    if archive:  # the file:// archive's worker cannot fetch a file: the whole index stays in one
        assert written == index and not (tmp_path / search_split.TEXT).exists()
    else:
        assert written["docs"] == [] and written["config"]["text"] == search_split.TEXT
        assert json.loads((tmp_path / search_split.TEXT).read_text(encoding="utf-8")) == {"docs": index["docs"]}


def test_the_built_site_s_index_is_small_and_its_text_whole():
    if not site_is_built():
        pytest.skip(f"{SITE} is not built")
    index = (SITE / search_split.INDEX).read_bytes()
    text = json.loads((SITE / search_split.TEXT).read_text(encoding="utf-8"))
    assert len(index) < 2000, len(index)
    assert len(text["docs"]) > 100 and any("methotrexate" in d["text"].lower() for d in text["docs"])
