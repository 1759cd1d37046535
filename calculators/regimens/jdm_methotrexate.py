"""Subcutaneous methotrexate for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import guidance as g
from ..caps import MTX_REFUSAL, WEEKLY_MTX_BOUNDS
from ..drug_safety import result_note
from ..patient import Patient
from ..population import juvenile
from ._base import BSA_NOTES, RegimenResult, StartOnly, as_patient, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = juvenile(("S002", "S003"), elsewhere="for adults use the IIM methotrexate calculator")


def methotrexate_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: subcutaneous methotrexate per m² (Mosteller BSA) once weekly, capped (tool choice).

    The dose is the registry's ``jdm.mtx.per_m2`` (Reference → Figures shows its value). No source
    caps juvenile DM methotrexate: the ceiling, ``mtx.weekly_cap``, is this tool's
    (``jdm_mtx_cap``), shown when it bites. No dose is written here, so none goes stale.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb], ``height`` [cm, m or in] and ``age_years`` [years]: a child
        (tool choice ``adult_age``).
    start : date or ISO text, optional
        Day of the first dose; every dose falls on its weekday [date].

    Returns
    -------
    RegimenResult
        The weekly dose [mg once weekly], subcutaneous.

    Raises
    ------
    InputError
        For a missing measurement or age, or an adult.
    """
    return follow(REGIMEN, StartOnly(start=start), as_patient(patient))


RECIPE = {
    "title": "Methotrexate (juvenile DM)", "called": "methotrexate (juvenile DM)",
    "label": "Methotrexate (per m²)", "needs": ["weight", "height"],
    "figures": {"PER_M2": g.JDM_MTX_PER_M2.key, "CAP": g.MTX_WEEKLY_CAP.key, "PRED": g.JDM_PRED_PER_KG.key,
                "PRED_CAP": g.JDM_PRED_CAP.key, "FOLIC": g.IIM_FOLIC.key},
    "steps": [
        {"population": "=age_years"},
        {"let": {"bsa": "=body_surface_area()"}},
        {"let": {"dose": "=PER_M2.value * bsa.value"}},
        {"cap": "dose", "ceiling": "=CAP.value", "figure": "CAP", "unit": "mg once weekly", "kind": "tool_choice",
         "rests_on": ["jdm_mtx_cap"]},
        {"refuse": "dose", "value": "=dose", "when": "=dose > CAP.value", "allowed": WEEKLY_MTX_BOUNDS.describe(),
         "reason": MTX_REFUSAL, "kind": "tool_choice", "rests_on": ["mtx_weekly_cap"]},
        {"let": {"day": "=None if start is None else weekday(start)",
                 "cap_text": "=say('reg.jdm_mtx.cap', cap=CAP.text)"}},
        {"let": {"cap_text": "=say('reg.jdm_mtx.capped', text=cap_text, computed=n1(computed))"}, "when": "=capped"},
        *BSA_NOTES,
        {"note": "source", "say": "reg.jdm_mtx.onset", "rests_on": "=PER_M2.sources",
         "with": {"per_m2": "=PER_M2.text", "per_kg": "=PRED.text", "cap": "=PRED_CAP.text"}},
        {"note": "tool_choice", "choice": "jdm_mtx_cap", "text": "=cap_text"},
        # 15.1 mg cannot be read off a pre-filled syringe: say how to measure it (clinical review 3, M5)
        {"note": "tool_choice", "choice": "rounding", "say": "reg.jdm_mtx.measure", "with": {"dose": "=n1(dose)"}},
        # no dose in the sources is a gap, never "none needed" (review 3, M5)
        {"note": "source", "say": "reg.jdm_mtx.no_folic", "rests_on": ["S002", "S003"],
         "with": {"folic": "=FOLIC.text"}},
        {"note": "tool_choice", "choice": "jdm_folic_gap", "say": "reg.jdm_mtx.folic_gap"},
        # What the drug itself requires, on every methotrexate result and its printed record (issue 22).
        {"note": "source", "say": "reg.mtx.before", "rests_on": ["S002"]},
        # S000's toxicity monitoring is about the drug, so every methotrexate result carries it (review D5),
        # as the tool's choice carried_over: S000 writes it for IGM (clinical review 5 W2).
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx.monitoring"},
        {"note": "source", "say": "reg.mtx.teratogenic", "rests_on": ["S002"]},
        *pjp_multiple_notes("methotrexate"),
        result_note("mtx.tmp_smx"),
        {"line": {"drug": "methotrexate", "dose": "=dose", "unit": "mg", "frequency": "=weekly(day)",
                  "route": "subcutaneous", "start": "=start"}},
    ],
    "result": {"value": "=dose", "unit": "mg", "frequency": "=weekly(day)", "route": "subcutaneous",
               "rule": "=say('reg.jdm_mtx.rule', per_m2=PER_M2.text, bsa=bsa.display, cap=CAP.text)",
               "source": "S002", "sources": "=sources_of(PER_M2, extra=[bsa.source])"},
    "record": {"weight_kg": "=weight", "height_cm": "=height_cm", "bsa_m2": "=bsa.value", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="methotrexate_jdm", calculate=methotrexate_jdm, input_model=StartOnly,
                  figures=(g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=5, recipe=RECIPE)
