"""IV methylprednisolone pulses for severe adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any


from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..choices import TOOL_CHOICES
from ..errors import InputError, format_number
from ..patient import Patient
from ..sources import S002
from ._base import (
    CapApplied, DoseLine, Regimen, RegimenResult, as_patient, bounds_from,
    sources_of,
)

class IvmpInput(CalcInput):
    mg_per_kg: Annotated[float, bounds_from(g.IIM_IVMP_PER_KG)]
    days: Annotated[int, bounds_from(g.IIM_IVMP_DAYS, "days")]
    start: LaxDate | None = None


def iv_methylprednisolone(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, days: int,
                          start: dt.date | str | None = None) -> RegimenResult:
    """IV methylprednisolone pulse: ``mg_per_kg`` x weight, held within 250-1000 mg/day, for ``days`` days.

    Above 1000 mg/day the dose is capped at 1000 (shown). Below 250 mg/day it
    is raised to 250 (shown) only when 250 mg is still within 10-20 mg/kg for
    this weight; otherwise the calculator refuses (see :data:`TOOL_CHOICES`).
    """
    pt = as_patient(patient)
    args = IvmpInput(mg_per_kg=mg_per_kg, days=days, start=start)
    pt.require("IV methylprednisolone", "weight")
    weight = pt.weight_kg
    computed = args.mg_per_kg * weight
    floor, ceiling = g.IIM_IVMP_DAILY.low, g.IIM_IVMP_DAILY.high
    caps: list[CapApplied] = []
    notes: list[str] = []
    dose = computed
    if computed > ceiling:
        dose = ceiling
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, kind="ceiling", limit=ceiling, unit="mg/day",
                               sources=g.IIM_IVMP_DAILY.sources, computed=computed, applied=dose))
        notes.append(TOOL_CHOICES["ivmp_ceiling"])
    elif computed < floor:
        if floor > g.IIM_IVMP_PER_KG.high * weight:
            raise InputError(
                "weight", round(weight, 2), f"at least {format_number(floor / g.IIM_IVMP_PER_KG.high)} kg",
                reason=f"is too low for the source's pulse: {g.IIM_IVMP_PER_KG.text()} cannot reach the "
                f"{format_number(floor)} mg/day floor, and the source gives no dose for this weight",
                source=g.IIM_IVMP_DAILY.cite())
        dose = floor
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, kind="floor", limit=floor, unit="mg/day",
                               sources=g.IIM_IVMP_DAILY.sources, computed=computed, applied=dose))
        notes.append(TOOL_CHOICES["ivmp_floor"])
    notes.append(f"{format_number(round(dose / weight, 2))} mg/kg/day as given; for severe weakness, dysphagia or "
                 "respiratory muscle involvement (S002).")
    lines = tuple(
        DoseLine(drug="methylprednisolone", dose=dose, unit="mg", frequency="once daily", route="IV",
                 label=f"Day {i + 1}",
                 start=None if args.start is None else args.start + dt.timedelta(days=i),
                 end=None if args.start is None else args.start + dt.timedelta(days=i))
        for i in range(args.days))
    return RegimenResult(
        regimen="IV methylprednisolone pulse", value=dose, unit="mg/day", frequency=f"once daily for {args.days} "
        f"consecutive day{'s' if args.days > 1 else ''}", route="IV",
        rule=f"{format_number(args.mg_per_kg)} mg/kg/day x {format_number(round(weight, 2))} kg, "
        f"within {g.IIM_IVMP_DAILY.text()}", source=S002, sources=sources_of(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY),
        lines=lines, caps_applied=tuple(caps), notes=tuple(notes),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="iv_methylprednisolone", calculate=iv_methylprednisolone, input_model=IvmpInput, figures=(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY, g.IIM_IVMP_DAYS), order=2)
