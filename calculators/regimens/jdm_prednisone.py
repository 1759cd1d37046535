"""Prednisone for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import guidance as g
from ..messages import number_text, say
from ..patient import Patient
from ..population import juvenile
from ..sources import S002
from ..statements import source
from ._base import (
    CapApplied,
    DoseLine,
    Regimen,
    RegimenResult,
    StartOnly,
    as_patient,
    sources_of,
)

POPULATION = juvenile(("S002", "S003"), elsewhere="for adults use the initial prednisone (IIM) calculator")


def prednisone_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: prednisone 2 mg/kg/day, at most 60 mg/day (the sources' cap, shown when it bites).

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
    pt = as_patient(patient)
    args = StartOnly(start=start)
    pt.require("juvenile DM prednisone", "weight")
    POPULATION.check("prednisone (juvenile DM)", pt.age_years)
    weight = pt.weight_kg
    computed = g.JDM_PRED_PER_KG.value * weight
    cap = g.JDM_PRED_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.JDM_PRED_CAP.key, direction="ceiling", limit=cap, unit="mg/day",
                               kind="source", rests_on=g.JDM_PRED_CAP.sources, computed=computed, applied=dose))
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    start=args.start)
    return RegimenResult(
        regimen="Prednisone (juvenile DM)", value=dose, unit="mg/day", frequency="once daily", route="by mouth",
        rule=say("reg.jdm_pred.rule", per_kg=g.JDM_PRED_PER_KG.text(), weight=number_text(weight, 2),
                 cap=g.JDM_PRED_CAP.text()),
        source=S002, sources=sources_of(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP), lines=(line,),
        caps_applied=tuple(caps),
        notes=(source(say("reg.jdm_pred.with_mtx", per_m2=g.JDM_MTX_PER_M2.text()), "S002", "S003"),
               source(say("reg.jdm_pred.no_taper"), "S002", "S003")),
        population=POPULATION.describe(), inputs={"weight_kg": weight, "age_years": pt.age_years,
                                                  **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="prednisone_jdm", calculate=prednisone_jdm, input_model=StartOnly,
                  figures=(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP),
                  population=POPULATION, order=6)
