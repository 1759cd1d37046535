"""Prednisone for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


from .. import guidance as g
from ..errors import format_number
from ..patient import Patient
from ..sources import S002
from ._base import (
    CapApplied, DoseLine, Regimen, RegimenResult, StartOnly, as_patient, sources_of,
)

def prednisone_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: prednisone 2 mg/kg/day, at most 60 mg/day (cap shown when it bites)."""
    pt = as_patient(patient)
    args = StartOnly(start=start)
    pt.require("juvenile DM prednisone", "weight")
    weight = pt.weight_kg
    computed = g.JDM_PRED_PER_KG.value * weight
    cap = g.JDM_PRED_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.JDM_PRED_CAP.key, kind="ceiling", limit=cap, unit="mg/day",
                               sources=g.JDM_PRED_CAP.sources, computed=computed, applied=dose))
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    start=args.start)
    return RegimenResult(
        regimen="Prednisone (juvenile DM)", value=dose, unit="mg/day", frequency="once daily", route="by mouth",
        rule=f"{g.JDM_PRED_PER_KG.text()} x {format_number(round(weight, 2))} kg, at most {g.JDM_PRED_CAP.text()}",
        source=S002, sources=sources_of(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP), lines=(line,),
        caps_applied=tuple(caps),
        notes=(f"With subcutaneous methotrexate {g.JDM_MTX_PER_M2.text()} from treatment onset (S002, S003).",),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="prednisone_jdm", calculate=prednisone_jdm, input_model=StartOnly, figures=(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP), order=6)
