"""igm_iim_site/search_terms.py and igm_iim_site/search_terms.yml: the ward's words for search, and page ranks.

No site build: the list's schema, that every page it names exists, how the hidden line is put
into a page, and the boost each kind of page gets. The index a build writes is tested in
tests/test_search_index.py (Node, the site's own worker) and tests/browser/test_search_words.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from igm_iim_site import search_terms
from igm_iim_site.state import BuildState

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def vocabulary():
    return search_terms.load()


def raw() -> dict:
    return yaml.safe_load(search_terms.DATA.read_text(encoding="utf-8"))


def test_the_list_has_the_ward_s_words_from_the_trial(vocabulary):
    """The names the ward trial found missing or misranked (issue 24) are all listed."""
    names = {n.casefold() for t in vocabulary.terms for n in t.names}
    for name in ("MMF", "TMP-SMX", "co-trimoxazole", "MTX", "JDM", "PCP", "PJP", "CellCept", "Imuran", "AZA",
                 "Bactrim", "Septra", "IVMP", "Solu-Medrol", "RTX", "CYC", "ciclosporin", "DM", "PM", "IBM",
                 "TB", "GM"):
        assert name.casefold() in names, name


def test_every_listed_page_exists(vocabulary):
    for page in vocabulary.places():
        assert (DOCS / page).is_file(), f"search_terms.yml names {page}, which is not under docs/"


def test_every_page_is_ranked_and_clinical_pages_first(vocabulary):
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*") if p.suffix in (".md", ".py")
                   and "snippets" not in p.parts)
    boosts = {p: vocabulary.boost_of(p) for p in pages}
    unranked = [p for p, rank in boosts.items() if rank is None and not p.startswith("editions/2")]
    assert not unranked, f"pages with no rank in search_terms.yml: {unranked}"
    clinical = [p for p in pages if p.startswith(("guidelines/", "calculators/")) or p == "index.md"]
    developer = [p for p in pages if p.startswith(("reference/", "editors/", "notebooks/"))]
    assert clinical and developer
    # A title match is worth 1000 text matches (the plugin's field boosts), a page's top section up to
    # 2.5 times a lower section (the theme's ranking) and repeats up to 2.2 times one use (lunr's BM25,
    # k1 = 1.2): a developer page whose title has the word must still come after a clinical page that
    # has it once in the text of a lower section.
    lowest_clinical = min(boosts[p].boost for p in clinical)
    highest_developer = max(boosts[p].boost for p in developer)
    assert lowest_clinical / highest_developer > 1000 * 2.5 * 2.2, (lowest_clinical, highest_developer)


def test_front_matter_boost_wins(vocabulary, monkeypatch):
    class File:
        src_uri = "reference/taper.md"

    class Page:
        file = File()

    page = Page()
    page.meta = {"search": {"boost": 3}}
    state = BuildState.default()
    search_terms.on_config(None, state=state)
    search_terms.on_page_markdown("", page, None, None, state=state)
    assert page.meta["search"] == {"boost": 3}
    page.meta = {}
    search_terms.on_page_markdown("", page, None, None, state=state)
    assert page.meta["search"] == {"boost": 0.001}


def test_a_name_with_two_meanings_is_refused(tmp_path):
    data = raw()
    data["terms"].append({"means": "diabetes mellitus", "names": ["dm"], "where": ["guidelines/iim.md"]})
    path = tmp_path / "terms.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PluginError, match=r"'dm' means both 'dermatomyositis' and 'diabetes mellitus'"):
        search_terms.load(path)


@pytest.mark.parametrize("where, message", [("guidelines/iim", "a page under docs/"),
                                            ("guidelines/iim.md#", "section id is empty"),
                                            ("../README.md", "a page under docs/")])
def test_a_bad_place_is_refused(tmp_path, where, message):
    data = raw()
    data["terms"][0]["where"] = [where]
    path = tmp_path / "terms.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(message)):
        search_terms.load(path)


HTML = ('<h1 id="methotrexate">Methotrexate</h1>\n<p>Intro.</p>\n'
        '<h2 id="iim-start">IIM: start<a class="headerlink" href="#iim-start">¶</a></h2>\n<p>Body.</p>')


def test_the_hidden_line_ends_each_listed_section(vocabulary):
    mtx = next(t for t in vocabulary.terms if t.means == "methotrexate")
    out = search_terms.add_terms(HTML, {"": [mtx], "iim-start": [mtx]}, "x.md")
    lines = out.splitlines()
    hidden = [i for i, line in enumerate(lines) if line.startswith(f"<p hidden {search_terms.MARKER}>")]
    assert len(hidden) == 2 and "methotrexate = MTX, Trexall" in lines[hidden[0]]
    assert lines[hidden[0] - 1] == "<p>Intro.</p>" and lines[hidden[0] + 1].startswith("<h2")
    assert hidden[1] == len(lines) - 1 and lines[hidden[1] - 1] == "<p>Body.</p>"


def test_a_missing_section_fails_the_build_naming_it(vocabulary):
    mtx = next(t for t in vocabulary.terms if t.means == "methotrexate")
    with pytest.raises(PluginError, match=r"x\.md#no-such-section \(for 'methotrexate'\)"):
        search_terms.add_terms(HTML, {"no-such-section": [mtx]}, "x.md")


def test_the_calculators_index_links_every_calculator():
    """docs/calculators/index.md lists every page under docs/calculators/ (issue 24: taper and dose were missing)."""
    index = (DOCS / "calculators" / "index.md").read_text(encoding="utf-8")
    linked = {m.split("#")[0] for m in re.findall(r"\]\(([^)\s]+\.md(?:#[\w-]+)?)\)", index)}
    pages = {p.relative_to(DOCS / "calculators").as_posix() for p in (DOCS / "calculators").rglob("*.md")}
    missing = sorted(pages - linked - {"index.md"})
    assert not missing, f"docs/calculators/index.md does not link: {missing}"


def test_a_searched_dose_that_a_source_gives_is_refused(tmp_path):
    """searched_doses lead a search to a page saying the sources give no such dose: a dose a figure gives
    (15 mg/m², juvenile DM methotrexate; 15 mg/kg, inside IV methylprednisolone's 10-20 mg/kg/day; 500 mg, mycophenolate's) never may."""
    for dose, key in (("15 mg/m2", "jdm.mtx.per_m2"), ("15 mg/kg", "iim.ivmp.per_kg"), ("500 mg", "iim.mmf.start")):
        data = raw()
        cyc = next(t for t in data["terms"] if t["means"] == "cyclophosphamide")
        cyc["searched_doses"] = [*cyc.get("searched_doses", []), dose]
        path = tmp_path / "terms.yml"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        with pytest.raises(PluginError, match=rf"{re.escape(dose)}' is a dose the sources give \([^)]*{re.escape(key)}"):
            search_terms.load(path)


def test_the_hidden_line_says_a_searched_dose_is_not_given(vocabulary):
    cyc = next(t for t in vocabulary.terms if t.means == "cyclophosphamide")
    assert "750 mg/m2" in cyc.searched_doses
    line = search_terms.hidden_line([cyc])
    assert "A search for 500 mg/m2, 750 mg/m2, 1000 mg/m2 leads here: the sources give no cyclophosphamide dose." \
        in line, line


def test_a_line_break_is_followed_by_a_space_for_search():
    """"Rituximab<br>S002" was indexed as "RituximabS002" (the fourth ward trial)."""
    html = '<td><a href="x">Rituximab</a><br><span class="ev">S002</span> a<br/>b<br>\nc</td>'
    assert search_terms.spaced_breaks(html) == (
        '<td><a href="x">Rituximab</a><br>\n<span class="ev">S002</span> a<br/>\nb<br>\nc</td>')
