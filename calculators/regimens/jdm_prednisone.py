"""Prednisone for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import guidance as g
from ..drug_safety import result_note
from ..patient import Patient
from ..population import juvenile
from ._base import RegimenResult, StartOnly, as_patient
from ._regimen import Regimen
from .recipe import follow

POPULATION = juvenile(("S002", "S003"), elsewhere="for adults use the initial prednisone (IIM) calculator")


def prednisone_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: prednisone per kg a day, capped (the sources' cap, shown when it bites).

    The dose and the cap are the registry's ``jdm.prednisone.per_kg`` and ``jdm.prednisone.cap``
    (Reference → Figures shows their values).

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb] and ``age_years`` [years], under 18.
    start : date or ISO text, optional
        First day [date].

    Returns
    -------
    RegimenResult
        The daily dose [mg/day]. The sources give no juvenile DM taper, so none is computed.

    Raises
    ------
    InputError
        For a missing weight or age, or a patient of 18 or older.
    """
    return follow(REGIMEN, StartOnly(start=start), as_patient(patient))


RECIPE = {
    "title": "Prednisone (juvenile DM)", "called": "prednisone (juvenile DM)",
    "label": "Prednisone", "needs": ["weight"],
    "figures": {"PER_KG": g.JDM_PRED_PER_KG.key, "CAP": g.JDM_PRED_CAP.key, "MTX": g.JDM_MTX_PER_M2.key,
                "PJP_DOSE": g.PJP_STEROID_DOSE.key, "PJP_WEEKS": g.PJP_STEROID_WEEKS.key},
    "steps": [
        {"require": ["weight"], "for": "juvenile DM prednisone"},
        {"population": "=age_years"},
        {"let": {"dose": "=PER_KG.value * weight"}},
        {"cap": "dose", "ceiling": "=CAP.value", "figure": "CAP", "unit": "mg/day", "kind": "source",
         "rests_on": "=CAP.sources"},
        {"line": {"drug": "prednisone", "dose": "=dose", "unit": "mg", "frequency": "once daily", "route": "by mouth",
                  "start": "=start"}},
        {"note": "source", "say": "reg.jdm_pred.with_mtx", "with": {"per_m2": "=MTX.text"},
         "rests_on": ["S002", "S003"]},
        {"note": "source", "say": "reg.jdm_pred.no_taper", "rests_on": ["S002", "S003"]},
        # What the drugs require, as the adult result has it (review M-N4): S002's measures name no age; S003's
        # are for adults and are carried over, saying so; applying both to a child is the tool's reading.
        {"note": "source", "say": "reg.jdm_pred.prevention", "rests_on": ["S002"]},
        {"note": "tool_choice", "choice": "pjp_multiple", "say": "reg.pred.pjp_multiple"},
        {"note": "tool_choice", "choice": "jdm_prevention", "say": "reg.jdm_pred.adult_rules",
         "with": {"dose": "=PJP_DOSE.text", "weeks": "=PJP_WEEKS.text"}},
        result_note("mtx.tmp_smx"),
        {"note": "tool_choice", "choice": "jdm_prevention", "say": "reg.jdm_pred.applied"},
    ],
    "result": {"value": "=dose", "unit": "mg/day", "frequency": "once daily", "route": "by mouth",
               "rule": "=say('reg.jdm_pred.rule', per_kg=PER_KG.text, weight=n2(weight), cap=CAP.text)",
               "source": "S002", "sources": "=sources_of(PER_KG, CAP)"},
    "record": {"weight_kg": "=weight", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="prednisone_jdm", calculate=prednisone_jdm, input_model=StartOnly,
                  figures=(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP),
                  population=POPULATION, order=6, recipe=RECIPE)
