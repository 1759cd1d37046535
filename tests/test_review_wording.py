"""Wording of the guideline pages that a clinical review found wrong (clinical review 1, W7 and W8).

These read the Markdown of the pages, where the evidence label stands next to the sentence it labels.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IIM = (ROOT / "docs" / "guidelines" / "iim.md").read_text(encoding="utf-8")


def answer_first(page: str) -> str:
    return page.split("## Algorithm", 1)[0]


def label_after(text: str, phrase: str) -> str:
    """The first evidence label after ``phrase``: the one that labels it."""
    rest = text[text.index(phrase):]
    return re.search(r"\{\{ evidence\(([^)]*)\) \}\}", rest).group(1)


def test_never_beyond_the_hold_cites_s002_alone():
    # S002: never continue high-dose corticosteroid beyond 2-4 weeks; S003 only says to begin tapering then
    text = " ".join(answer_first(IIM).split())
    assert "harm without benefit" in text
    assert label_after(text, "harm without benefit") == '"consensus", "S002"'


def test_ivig_trial_evidence_is_said_to_be_in_dermatomyositis():
    text = " ".join(answer_first(IIM).split())
    item = text[text.index("Refractory or severe disease"):]
    ivig = item[:item.index('{{ evidence("trial", "S002") }}')]
    assert "dermatomyositis" in ivig


# --- clinical review 3 ---------------------------------------------------------------------------------------

IVIG = (ROOT / "docs" / "calculators" / "regimens" / "ivig.md").read_text(encoding="utf-8")


def table_row(page: str, starts: str) -> str:
    return next(line for line in page.splitlines() if line.startswith(starts))


def test_ivig_pages_keep_s002s_daily_figure_as_stated_and_chip_the_even_split():
    # Review 3, W1/W2: S002 states 1 g/kg on each of the 2 days, never "at most"; the even split of a smaller
    # course is the tool's choice and says so where the pages state it.
    rule = " ".join(IVIG.split("## The rule", 1)[1].split("##", 1)[0].split())
    assert 'at most {{ figure("iim.ivig.daily_per_kg_ibw"' not in rule
    assert 'states {{ figure("iim.ivig.daily_per_kg_ibw", cite=True) }}' in rule
    assert '{{ tool_choice("ivig_even_split") }}' in rule
    row = table_row(IIM, "| [IVIG]")
    assert 'at {{ figure("iim.ivig.daily_per_kg_ibw") }}' not in row
    assert 'evenly over the days {{ kind("tool_choice") }}' in row
    assert '{{ tool_choice("ivig_even_split") }}' in IIM


def test_calcineurin_row_says_what_s002_says_and_invents_no_frequency():
    # Review 3, W5: S002 reserves them for severe, refractory disease because of serious adverse effects
    # (hypertension, renal insufficiency); no source says how often those happen.
    row = table_row(IIM, "| Cyclosporine or tacrolimus")
    assert not re.search(r"\b(common|frequent|often|usual|rare)\b", row)
    assert "serious adverse effects, hypertension and renal insufficiency" in row


def test_igm_autoimmune_screening_carries_one_evidence_label_everywhere():
    # Review 3, W4: item 6 of "The answer first" labelled the screening expert consensus, section 6 observational
    # (S000 backs it with series percentages). The screening takes the label of section 6; review and follow-up
    # keep their own.
    igm = " ".join((ROOT / "docs" / "guidelines" / "igm.md").read_text(encoding="utf-8").split())
    assert label_after(igm, "Screen for autoimmune disease") == '"observational", "S000"'
    assert label_after(igm, "wider treatment") == '"observational", "S000"'


def test_dose_notebook_shows_azathioprine_as_the_alternative_never_beside_methotrexate():
    # Review 3, M9: `for result in (pred, mtx, aza)` under "The doses", for one patient, read as methotrexate and
    # azathioprine prescribed together.
    notebook = (ROOT / "docs" / "notebooks" / "dose-calculation.py").read_text(encoding="utf-8")
    assert not re.search(r"\(\s*(pred,\s*)?mtx,\s*aza\s*\)|\(\s*aza,\s*mtx", notebook)
    prose = " ".join(line.lstrip("# ") for line in notebook.splitlines() if line.startswith("#"))
    assert "Azathioprine is **not** given with it" in prose and "only as the alternative" in prose
    assert 'print("Alternative to methotrexate, not given with it:")' in notebook


# --- clinical review 4 ---------------------------------------------------------------------------------------

CNI_OVERSTATED = re.compile(r"\b(cause|causes|causing|damage|damages)\b[^.|]{0,60}\b(hypertension|blood pressure|"
                            r"kidneys?|renal)\b|\b(kidney|renal) damage\b", re.I)


def _calcineurin_texts():
    from calculators.messages import TEMPLATE_SOURCE

    pages = sorted((ROOT / "docs").rglob("*.md"))
    for path in pages:
        if "editions" in path.relative_to(ROOT / "docs").parts:
            continue  # a published edition's what-changed page quotes old wording as it was
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for key, text in TEMPLATE_SOURCE.items():
        yield f"calculators/messages.py {key}", text


def test_calcineurin_harms_are_said_as_s002_says_them_everywhere():
    # Review 4, W1: the iim.md "Source gap" box said cyclosporine and tacrolimus "cause high blood pressure and
    # kidney damage"; S002 reserves them because of serious adverse effects, hypertension and renal insufficiency
    # among them: no causal overstatement, no frequency, no "damage".
    found = [where for where, text in _calcineurin_texts() if CNI_OVERSTATED.search(" ".join(text.split()))]
    assert not found, found
    gap = " ".join(IIM.split('!!! note "Source gap: side effects of steroid-sparing drugs"', 1)[1].split("##", 1)[0]
                   .split())
    assert "serious adverse effects, hypertension and renal insufficiency among them (S002)" in gap


def test_the_calcineurin_scan_would_catch_the_old_wording():
    assert CNI_OVERSTATED.search("cyclosporine and tacrolimus cause high blood pressure and kidney damage (S002)")
    assert not CNI_OVERSTATED.search("reserved because of serious adverse effects, hypertension and renal "
                                     "insufficiency among them (S002)")
