"""The figure registry and the page hook that renders it."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import PluginError

from calculators import guidance
from calculators.figures import fig, registry
from hooks.figures import render


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
    assert guidance.IIM_MTX_START.text() == "15 mg once weekly"
    assert guidance.IGM_CR_COMBINATION.text() == "94.3%"


def test_unknown_source_is_refused():
    with pytest.raises(ValueError, match="unknown or missing sources"):
        fig("x.y", 1, "mg", "dose", ["S999"], "nothing")


def test_hook_renders_figures_and_citations():
    page = 'Start {{ figure("iim.mtx.start") }} and folic acid {{ figure("iim.folic_acid", cite=True) }}.'
    assert render(page, "p.md") == "Start 15 mg once weekly and folic acid 1 mg/day (S002)."


def test_hook_leaves_code_alone():
    page = 'Write `{{ figure("iim.mtx.start") }}`.\n```\n{{ figure("nope") }}\n```\nDone.'
    assert render(page, "p.md") == page


def test_unknown_figure_fails_naming_page_line_and_key():
    with pytest.raises(PluginError, match=r"guidelines/iim.md:3: unknown figure 'iim.mtx.strat'"):
        render('a\nb\nc {{ figure("iim.mtx.strat") }}', "guidelines/iim.md")
