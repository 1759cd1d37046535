"""Subcutaneous methotrexate for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


from .. import guidance as g
from ..body_size import body_surface_area
from ..caps import check_methotrexate_weekly
from ..patient import Patient
from ..sources import S002
from ._base import (
    WEEKDAYS, CapApplied, DoseLine, Regimen, RegimenResult, StartOnly, as_patient, sources_of, weekly,
)

def methotrexate_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: subcutaneous methotrexate 15 mg/m² (Mosteller BSA) once weekly, never above 25 mg."""
    pt = as_patient(patient)
    args = StartOnly(start=start)
    bsa = body_surface_area(pt)
    computed = g.JDM_MTX_PER_M2.value * bsa.value
    cap = g.MTX_WEEKLY_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.MTX_WEEKLY_CAP.key, kind="ceiling", limit=cap, unit="mg once weekly",
                               sources=g.MTX_WEEKLY_CAP.sources, computed=computed, applied=dose))
    check_methotrexate_weekly(dose, "dose")
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    notes = [f"Body surface area {bsa.display()} by {bsa.rule} ({bsa.source.id}).",
             f"From treatment onset, with prednisone {g.JDM_PRED_PER_KG.text()} up to {g.JDM_PRED_CAP.text()} "
             "(see the juvenile DM prednisone calculator).",
             f"Never above {g.MTX_WEEKLY_CAP.text()} ({g.MTX_WEEKLY_CAP.cite()}); there is no daily methotrexate."]
    line = DoseLine(drug="methotrexate", dose=dose, unit="mg", frequency=weekly(weekday), route="subcutaneous",
                    start=args.start)
    return RegimenResult(
        regimen="Methotrexate (juvenile DM)", value=dose, unit="mg", frequency=weekly(weekday),
        route="subcutaneous", rule=f"{g.JDM_MTX_PER_M2.text()} x {bsa.display()} BSA (Mosteller), at most "
        f"{g.MTX_WEEKLY_CAP.text()}", source=S002,
        sources=sources_of(g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP, extra=(bsa.source.id,)), lines=(line,),
        caps_applied=tuple(caps), notes=tuple(notes),
        inputs={"weight_kg": pt.weight_kg, "height_cm": pt.height_cm, "bsa_m2": bsa.value,
                **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="methotrexate_jdm", calculate=methotrexate_jdm, input_model=StartOnly, figures=(g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP), order=5)
