"""The figure registry and the page hook that renders it."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from calculators import guidance
from calculators.errors import format_number
from calculators.figures import fig, registry
from igm_iim_site.figures import render


def test_registry_holds_every_guidance_figure_once():
    reg = registry()
    assert len(reg) >= len(guidance.figures())
    for figure in guidance.figures():
        assert reg[figure.key] is figure


def test_weekly_methotrexate_always_says_once_weekly():
    for figure in registry().values():
        if "mtx" in figure.key and figure.kind in ("dose", "range", "cap") and "mg/week" not in figure.unit:
            assert "once weekly" in figure.text(), figure.key


def test_text_of_a_range_and_a_dose():
    assert guidance.IIM_PRED_PER_KG.text() == "0.5–1 mg/kg/day"
    start = guidance.IIM_MTX_START  # read from the registry, so an editor's new dose keeps this test true
    assert start.text() == f"{format_number(start.value)} mg once weekly"
    assert guidance.IGM_CR_COMBINATION.text() == "94.3%"


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="unknown or missing sources"):
        fig("x.y", 1, "mg", "dose", ["S999"], "nothing")


def test_hook_renders_figures_and_citations():
    page = 'Start {{ figure("iim.mtx.start") }} and folic acid {{ figure("iim.folic_acid", cite=True) }}.'
    start, folic = guidance.IIM_MTX_START, guidance.IIM_FOLIC
    assert render(page, "p.md") == (f"Start {format_number(start.value)} mg once weekly and folic acid "
                                    f"{format_number(folic.value)} mg/day ({folic.cite()}).")


def test_hook_leaves_code_alone():
    page = 'Write `{{ figure("iim.mtx.start") }}`.\n```\n{{ figure("nope") }}\n```\nDone.'
    assert render(page, "p.md") == page


def test_unknown_figure_fails_naming_page_line_and_key():
    with pytest.raises(PluginError, match=r"guidelines/iim.md:3: unknown figure 'iim.mtx.strat'"):
        render('a\nb\nc {{ figure("iim.mtx.strat") }}', "guidelines/iim.md")


# --- one token for a tool choice's number -------------------------------------------------------

def test_a_tool_choice_number_has_one_token_keyed_by_the_choice():
    from calculators.choices import TOOL_CHOICES
    from igm_iim_site.statements import render as render_statements

    shown = render_statements('Ceiling {{ choice_value("pred_start_ceiling") }}, floor '
                              '{{ choice_value("taper_start_floor") }}, steps {{ choice_value("mtx_steps") }}, '
                              'adults {{ choice_value("adult_age") }}.', "p.md", 1)
    assert shown == "Ceiling 80 mg/day, floor 20 mg/day, steps 2.5 mg, adults 18 years."
    assert {k for k, c in TOOL_CHOICES.items() if c.value is not None} >= {
        "pred_start_ceiling", "taper_start_floor", "mtx_steps", "adult_age"}


def test_the_retired_choice_token_fails_naming_page_line_and_replacement():
    with pytest.raises(PluginError) as error:
        render('One line.\nCapped at {{ choice("PRED_START_CEILING_MG", "mg/day") }}.', "docs/x.md")
    message = str(error.value)
    assert message.startswith("docs/x.md:2:") and '{{ choice_value("pred_start_ceiling") }}' in message


def test_no_page_uses_the_retired_choice_token():
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parent.parent / "docs"
    old = re.compile(r"\{\{\s*choice\(")
    used = [f"{p.relative_to(docs)}:{n}" for p in docs.rglob("*.md")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if old.search(re.sub(r"`[^`]*`", "", line))]
    assert not used, f"pages still using {{{{ choice(...) }}}}: {used}"
