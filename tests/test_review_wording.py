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
