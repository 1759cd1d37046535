"""Drug safety statements from outside references: one list, read by the dose results and by the plan checks.

What the guideline sources do not say about a drug (an interaction, a boxed warning, what a TPMT result means,
a teratogen's labelling) is taken from a named outside reference and said in two places: on every dose result
of the drug (a recipe note, `result_note`) and by the plan checks of every plan with the drug
(`calculators.safety.RULES`). Each statement is one row of `STATEMENTS`; a regimen takes its note from here,
and the plan checks either make their rule from the same row (``plan="same"``: one sentence, said the same way
in both) or name the hand-written rule that says it with the plan's facts (``plan`` the rule's code). A
statement cannot be in one and missing from the other: tests/test_drug_statements.py walks every
outside-reference note the regimens can give and finds the plan check that carries it (clinical review 4, D1
and D2: rituximab's hepatitis B screen and azathioprine's xanthine oxidase warning were on the dose results and
missing from the plan checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from . import guidance as g
from .messages import TEMPLATES, say
from .sources import (
    AZA_INTERACTIONS,
    CPIC_THIOPURINE_2018,
    MTX_INTERACTIONS,
    RITUXIMAB_HBV,
    TERATOGEN_LABELLING,
)

Severity = Literal["required", "consider", "warning", "contraindication"]

CPIC_INTERMEDIATE = (
    f"TPMT intermediate (reduced activity): the {CPIC_THIOPURINE_2018.id} recommends starting at "
    f"{g.AZA_CPIC_INTERMEDIATE.number_text()}% of the normal starting dose when that dose is "
    f"{g.AZA_CPIC_NORMAL_START.text()}, and adjusting by myelosuppression, allowing "
    f"{g.AZA_CPIC_STEADY_STATE.text()} to reach steady state after each change. "
    "NUDT15 is not assessed here; a patient intermediate for both genes needs a larger reduction."
)
CPIC_POOR = (
    "TPMT low or absent (poor metabolizer): do not start azathioprine. At usual doses the thiopurine builds up "
    "and can cause life-threatening myelosuppression; for non-malignant conditions such as IIM and IGM, the "
    f"{CPIC_THIOPURINE_2018.id} recommends considering an alternative, non-thiopurine immunosuppressant. Its "
    "drastically reduced regimen (daily dose cut 10-fold, given three times a week) is for malignant "
    "conditions; no azathioprine dose is given here."
)


@dataclass(frozen=True)
class DrugStatement:
    """One thing an outside reference says about a drug, as a dose result says it and as the plan checks do.

    ``result`` is what a dose result says: a template of `calculators.messages` or, for CPIC's paragraphs, the
    text itself. ``plan`` is ``"same"`` when the plan checks say that very sentence, in a rule made here
    (code ``code``, severity ``severity``, condition: one of ``drugs`` in the plan and ``when``); otherwise the
    code of the hand-written rule of `calculators.safety` that says it with the plan's facts (a teratogen's
    item names every teratogen of the plan; the co-trimoxazole item comes with the prophylaxis it is about).
    """

    name: str
    code: str
    """The plan check's code."""
    drugs: tuple[str, ...]
    """The plan's agents the statement is about."""
    references: tuple[str, ...]
    result: str
    plan: str = "same"
    severity: Severity = "warning"
    sources: tuple[str, ...] = ("S002",)
    """The guideline sources around it: those that name the drug (never what the statement rests on)."""
    when: str = ""
    """A plan rule's condition beyond the drug being in the plan (recipe language, safety fact names)."""
    warning: bool = False
    """Shown among a dose result's warnings."""

    def result_text(self) -> str:
        """The sentence a dose result says."""
        return say(self.result) if self.result in TEMPLATES else self.result

    def rule_code(self) -> str:
        """The code of the plan check that carries the statement."""
        return self.code if self.plan == "same" else self.plan


STATEMENTS: dict[str, DrugStatement] = {s.name: s for s in (
    # --- said the same way on a dose result and by the plan checks ---
    # The sources say nothing of hepatitis B before rituximab; its labelling's boxed warning does.
    DrugStatement("rtx.hbv", "rtx.hbv", ("rituximab",), (RITUXIMAB_HBV.id,), "drug.rtx.hbv", severity="required"),
    # An interaction the guideline sources do not give; with a TPMT low or absent no azathioprine is given.
    DrugStatement("aza.xanthine_oxidase", "aza.xanthine_oxidase", ("azathioprine",), (AZA_INTERACTIONS.id,),
                  "drug.aza.xanthine_oxidase", sources=("S002", "S003"), when="tpmt != 'low-absent'"),
    # --- said by a hand-written plan rule, with the plan's facts ---
    DrugStatement("mtx.tmp_smx", "mtx.tmp_smx", ("methotrexate",), (MTX_INTERACTIONS.id,), "reg.mtx.tmp_smx",
                  plan="mtx.tmp_smx"),
    DrugStatement("mmf.teratogen", "teratogen.contraception", ("mycophenolate",), (TERATOGEN_LABELLING.id,),
                  "reg.mmf.teratogen", plan="teratogen.contraception", warning=True),
    DrugStatement("cyc.teratogen", "teratogen.contraception", ("cyclophosphamide",), (TERATOGEN_LABELLING.id,),
                  "reg.cyc.teratogen", plan="teratogen.contraception", warning=True),
    DrugStatement("aza.cpic_intermediate", "aza.tpmt_intermediate", ("azathioprine",), (CPIC_THIOPURINE_2018.id,),
                  CPIC_INTERMEDIATE, plan="aza.tpmt_intermediate"),
    DrugStatement("aza.cpic_poor", "aza.tpmt_low", ("azathioprine",), (CPIC_THIOPURINE_2018.id,), CPIC_POOR,
                  plan="aza.tpmt_low", warning=True),
)}
"""Every outside-reference statement about a drug that a dose result makes, by name."""


def result_note(name: str, **step: Any) -> dict[str, Any]:
    """The recipe note step of statement ``name`` for a regimen (``step``: more of the step, such as ``when``).

    Parameters
    ----------
    name : str
        A key of `STATEMENTS` [text].
    """
    s = STATEMENTS[name]
    note: dict[str, Any] = {"note": "reference", "rests_on": list(s.references)}
    note.update({"say": s.result} if s.result in TEMPLATES else {"text": s.result})
    if s.warning:
        note["warning"] = True
    return {**note, **step}


def same_in_plan() -> list[DrugStatement]:
    """The statements the plan checks make a rule of, in the list's order."""
    return [s for s in STATEMENTS.values() if s.plan == "same"]


__all__ = ["CPIC_INTERMEDIATE", "CPIC_POOR", "STATEMENTS", "DrugStatement", "result_note", "same_in_plan"]
