"""Issue 11 on the pages: kinds rendered, tool choices listed from the package, conflicts drawn whole.

Fast: these render page markdown through the hooks (no site build); the built
pages are covered by tests/test_guideline_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from calculators.choices import TOOL_CHOICES
from calculators.safety import RULES
from calculators.sources import GUIDELINE_SOURCES
from igm_iim_site import flowchart, statements

DOCS = Path(__file__).resolve().parent.parent / "docs"


def page(path: str) -> str:
    return (DOCS / path).read_text(encoding="utf-8")


def test_the_tool_choices_page_is_generated_from_the_package():
    assert "{{ tool_choices() }}" in page("reference/tool-choices.md")
    html = statements.render("{{ tool_choices() }}", "docs/reference/tool-choices.md", depth=2)
    for key, choice in TOOL_CHOICES.items():
        assert f'id="choice-{key}"' in html and choice.title in html.replace("&#x27;", "'")
    assert html.count("<section") == len(TOOL_CHOICES)
    assert html.count("<strong>Where:</strong>") == html.count("<strong>Why:</strong>") == len(TOOL_CHOICES)


def test_no_tool_choice_rests_on_a_guideline_source():
    for key, choice in TOOL_CHOICES.items():
        assert choice.key == key and choice.text and choice.why and choice.applies_to
        # what the sources say is context, never the basis: the sentence itself names no source as its author
        assert not re.search(r"\((S00[0-3])(, S00[0-3])*\)$", choice.text), key


def test_inline_tool_choice_and_kind_labels():
    out = statements.render('A {{ tool_choice("pjp_multiple") }} and {{ kind("reference") }}', "x.md", depth=2)
    assert TOOL_CHOICES["pjp_multiple"].text.replace("'", "&#x27;") in out
    assert 'statement-kind--tool_choice' in out and 'statement-kind--reference' in out
    assert 'href="../../reference/tool-choices/#choice-pjp_multiple"' in out
    with pytest.raises(PluginError, match=r"x\.md:1: unknown tool choice 'nope'"):
        statements.render('{{ tool_choice("nope") }}', "x.md", depth=1)
    # inside code the token is shown, not rendered
    assert statements.render('`{{ tool_choice("nope") }}`', "x.md", depth=1) == '`{{ tool_choice("nope") }}`'


def test_multiple_immunosuppressants_is_said_the_same_way_on_the_page_and_in_the_check():
    assert '{{ tool_choice("pjp_multiple") }}' in page("guidelines/iim.md")
    assert '{{ tool_choice("pjp_multiple") }}' in page("calculators/safety.md")
    rule = next(r for r in RULES if r.code == "pjp.multiple")
    assert rule.choices == ("pjp_multiple",)


def _chart(path: str) -> flowchart.Chart:
    body = re.search(r"^```flowchart\n(.*?)^```", page(path), re.S | re.M).group(1)
    return flowchart.parse(body)


def test_igm_first_line_conflict_is_drawn_whole_each_branch_with_its_source():
    chart = _chart("guidelines/igm.md")
    conflict = [n for n in chart.nodes if n.kind == "decision" and set(n.source) >= {"S000", "S001"}]
    assert conflict, "the IGM algorithm needs a decision that names both sources"
    out = [e for e in chart.edges if e.source == conflict[0].id]
    assert {c for e in out for c in e.cite} == {"S000", "S001"}
    assert all(len(e.cite) == 1 for e in out)
    targets = {e.cite[0]: next(n for n in chart.nodes if n.id == e.to) for e in out}
    assert "S001" in targets["S001"].source and "corticosteroid again" in targets["S001"].text
    assert "S000" in targets["S000"].source and "methotrexate" in targets["S000"].text
    svg = flowchart.render_chart(chart, "fc", lambda link: link)
    assert "(S000)" in svg and "(S001)" in svg


def test_no_igm_table_row_takes_one_side_silently():
    text = page("guidelines/igm.md")
    section = text[text.index("## 3. Recurrent"):text.index("## 4.")]
    rows = [r for r in section.splitlines() if r.startswith("| ") and not r.startswith("| Step") and "---" not in r]
    assert rows
    for row in rows:
        first = row.split("|")[1]
        assert re.search(r"S00[01]", first), row
    assert "S001's first choice" in section and "S000's first choice" in section


def test_the_igm_withdrawal_doubt_is_on_the_igm_page_and_the_taper_page():
    for path in ("guidelines/igm.md", "calculators/taper.md", "calculators/regimens/methotrexate.md"):
        text = page(path)
        assert "doubt about the source" in text.lower(), path
        assert "prolonged low-dose maintenance" in text or "low-dose\n    maintenance" in text \
            or "maintenance" in text, path


def test_pages_never_label_the_weekly_methotrexate_cap_with_sources():
    for path in DOCS.rglob("*.md"):
        assert 'figure("mtx.weekly_cap", cite=True)' not in path.read_text(encoding="utf-8"), path


def test_igm_pitfalls_name_only_sources_that_state_them():
    text = page("guidelines/igm.md")
    pitfalls = text[text.index("## 9. Pitfalls"):text.index("## For patients")]
    assert "this site's own warning" in pitfalls  # borrowing the myopathy taper is not S000's statement
    line = next(p for p in pitfalls.split("\n- ") if "myopathy protocol" in p)
    assert "S000" not in line


def test_igm_patient_summary_says_contraception_and_at_least_two_years():
    text = page("guidelines/igm.md")
    summary = text[text.index("## For patients"):]
    # the follow-up comes from the registry (2 years, S000), not typed: see igm_iim_site/typed_figures.py
    assert "contraception" in summary and 'at least\n    {{ figure("igm.course.follow_up_min") }}' in summary


def test_every_guideline_source_id_used_by_a_page_rule_exists():
    for rule in RULES:
        assert set(rule.sources) <= set(GUIDELINE_SOURCES), rule.code
