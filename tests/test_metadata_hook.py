"""Guideline page front matter, the status banner and the evidence tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from mkdocs.exceptions import PluginError

from igm_iim_site.metadata import (
    EVIDENCE,
    banner,
    insert_banner,
    is_guideline_page,
    render_tokens,
    source_list,
    validate,
)

VALID = {
    "title": "Idiopathic inflammatory myopathy",
    "review_status": "under review",
    "last_reviewed": dt.date(2026, 1, 5),
    "edition": "1.2",
    "sources": ["S002", "S003"],
}


def test_valid_front_matter():
    meta = validate(VALID, "docs/guidelines/iim.md")
    assert meta.review_status == "under review" and meta.sources == ("S002", "S003")
    assert validate({**VALID, "edition": 2}, "p").edition == "2"  # YAML int is accepted as written


@pytest.mark.parametrize(
    "change,field",
    [
        ({"title": None}, "title"),
        ({"review_status": "published"}, "review_status"),
        ({"last_reviewed": "2026-13-01"}, "last_reviewed"),
        ({"last_reviewed": dt.date.today() + dt.timedelta(days=1)}, "last_reviewed"),
        ({"edition": "first"}, "edition"),
        ({"sources": ["S002", "S009"]}, "sources"),
        ({"sources": []}, "sources"),
    ],
)
def test_invalid_field_names_page_and_field(change, field):
    meta = {**VALID, **change}
    if change.get("title", "") is None:
        del meta["title"]
    with pytest.raises(PluginError, match=rf"^docs/guidelines/iim.md: .*field '{field}'"):
        validate(meta, "docs/guidelines/iim.md")


def test_missing_front_matter_names_every_missing_field():
    with pytest.raises(PluginError) as exc:
        validate({}, "docs/guidelines/igm.md")
    for field in ("title", "review_status", "last_reviewed", "edition", "sources"):
        assert f"field '{field}': Field required" in str(exc.value)


def test_unknown_source_is_named():
    with pytest.raises(PluginError, match="unknown source S009"):
        validate({**VALID, "sources": ["S009"]}, "p")


def test_which_pages_are_guideline_pages():
    assert is_guideline_page("guidelines/iim.md")
    assert is_guideline_page("guidelines/igm.md")
    assert not is_guideline_page("guidelines/index.md")
    assert not is_guideline_page("calculators/taper.md")


def test_banner_shows_edition_status_date_and_sources_after_the_title():
    meta = validate(VALID, "p")
    html = banner(meta, "../../about/sources/")
    assert "Edition 1.2" in html
    assert '<time datetime="2026-01-05">5 January 2026</time>' in html
    assert "Review status: <strong>Under review</strong>" in html
    assert '<li aria-current="step" class="current">Under review</li>' in html
    assert '<a href="../../about/sources/">S002, S003</a>' in html
    page = insert_banner("<h1 id=x>Title</h1><p>Body</p>", "<div>B</div>")
    assert page == "<h1 id=x>Title</h1><div>B</div><p>Body</p>"


def test_evidence_token_renders_a_label_and_checks_level_and_sources():
    out = render_tokens('Do it. {{ evidence("observational", "S000") }}', "p.md")
    assert '<span class="ev ev-observational"' in out and ">S000 · observational</span>" in out
    with pytest.raises(PluginError, match=r"p.md:2: evidence level must come first"):
        render_tokens('a\n{{ evidence("S000", "observational") }}', "p.md")
    with pytest.raises(PluginError, match=r"p.md:1: evidence needs known source ids.*S009"):
        render_tokens('{{ evidence("consensus", "S009") }}', "p.md")
    code = '`{{ evidence("nope") }}`\n```\n{{ evidence("nope") }}\n```'
    assert render_tokens(code, "p.md") == code


def test_legend_lists_every_level_and_only_ivig_claims_trials():
    legend = render_tokens("{{ evidence_legend() }}", "p.md")
    for level in EVIDENCE.values():
        assert level.name in legend
    assert "IVIG in dermatomyositis" in EVIDENCE["trial"].meaning


def test_source_list_comes_from_calculators_sources():
    text = source_list()
    assert "### S002: Treatment of inflammatory myopathy" in text
    assert "**Last updated:** 2025-12-06" in text and "**Last updated:** 2025-11-17" in text
    assert "References it lists (6)" in text
    assert text.count("**References it lists:** none.") == 3
