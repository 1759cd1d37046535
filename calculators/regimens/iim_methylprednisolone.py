"""IV methylprednisolone pulses for severe adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..errors import InputError, format_number
from ..messages import number_text, round_to, say
from ..patient import Patient
from ..population import adults
from ..sources import S002
from ..statements import Note, choice, source
from ._base import (
    CapApplied,
    DoseLine,
    Regimen,
    RegimenResult,
    as_patient,
    bounds_from,
    sources_of,
)

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no IV methylprednisolone dose for juvenile "
                    "dermatomyositis, so none is computed")


class IvmpInput(CalcInput):
    """Inputs of `iv_methylprednisolone`: dose [mg/kg/day], pulse days, start."""

    mg_per_kg: Annotated[float, bounds_from(g.IIM_IVMP_PER_KG)]
    days: Annotated[int, bounds_from(g.IIM_IVMP_DAYS, "days")]
    start: LaxDate | None = None


def iv_methylprednisolone(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, days: int,
                          start: dt.date | str | None = None) -> RegimenResult:
    """IV methylprednisolone pulse for adults: ``mg_per_kg`` x weight, within 250-1000 mg/day, for ``days`` days.

    The tool reads S002's "10-20 mg/kg (250-1000 mg)" as limits of the daily
    dose (tool choice ``ivmp_limits``). Above 1000 mg/day the dose is capped at
    1000 (shown, ``ivmp_ceiling``). Below 250 mg/day it is raised to 250
    (shown, ``ivmp_floor``) only when 250 mg is still within 10-20 mg/kg for
    this weight; otherwise the calculator refuses.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb] and ``age_years`` [years], 18 or older.
    mg_per_kg : float
        Chosen within 10-20 [mg/kg/day] (S002).
    days : int
        Consecutive pulse days, 1-5 [days] (S002).
    start : date or ISO text, optional
        First pulse day [date].

    Returns
    -------
    RegimenResult
        The daily dose [mg/day], one line per day, the caps that bit.

    Raises
    ------
    InputError
        For a missing weight or age, a patient under 18, or an input outside its range.
    """
    pt = as_patient(patient)
    args = IvmpInput(mg_per_kg=mg_per_kg, days=days, start=start)
    pt.require("IV methylprednisolone", "weight")
    POPULATION.check("IV methylprednisolone", pt.age_years)
    weight = pt.weight_kg
    computed = args.mg_per_kg * weight
    floor, ceiling = g.IIM_IVMP_DAILY.low, g.IIM_IVMP_DAILY.high
    caps: list[CapApplied] = []
    notes: list[Note] = []
    dose = computed
    if computed > ceiling:
        dose = ceiling
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, direction="ceiling", limit=ceiling, unit="mg/day",
                               kind="tool_choice", rests_on=("ivmp_ceiling",), computed=computed, applied=dose))
        notes.append(choice("ivmp_ceiling"))
    elif computed < floor:
        if floor > g.IIM_IVMP_PER_KG.high * weight:
            raise InputError(
                "weight", round_to(weight, 2),
                say("reg.ivmp.too_light.allowed", weight=format_number(floor / g.IIM_IVMP_PER_KG.high)),
                reason=say("reg.ivmp.too_light.reason", range=g.IIM_IVMP_PER_KG.text(), floor=format_number(floor)),
                kind="tool_choice", rests_on=("ivmp_limits",))
        dose = floor
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, direction="floor", limit=floor, unit="mg/day",
                               kind="tool_choice", rests_on=("ivmp_floor",), computed=computed, applied=dose))
        notes.append(choice("ivmp_floor"))
    if caps:
        notes.append(choice("ivmp_limits"))
    notes.append(source(say("reg.ivmp.as_given", per_kg=number_text(dose / weight, 2)), "S002"))
    lines = tuple(
        DoseLine(drug="methylprednisolone", dose=dose, unit="mg", frequency="once daily", route="IV",
                 label=say("reg.day", n=str(i + 1)),
                 start=None if args.start is None else args.start + dt.timedelta(days=i),
                 end=None if args.start is None else args.start + dt.timedelta(days=i))
        for i in range(args.days))
    return RegimenResult(
        regimen="IV methylprednisolone pulse", value=dose, unit="mg/day", frequency=say(
            "reg.ivmp.frequency", days=str(args.days), plural="s" if args.days > 1 else ""), route="IV",
        rule=say("reg.ivmp.rule", chosen=format_number(args.mg_per_kg), weight=number_text(weight, 2),
                 daily=g.IIM_IVMP_DAILY.text()), source=S002, sources=sources_of(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY),
        lines=lines, caps_applied=tuple(caps), notes=tuple(notes), population=POPULATION.describe(),
        inputs={"weight_kg": weight, "age_years": pt.age_years, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="iv_methylprednisolone", calculate=iv_methylprednisolone, input_model=IvmpInput,
                  figures=(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY, g.IIM_IVMP_DAYS),
                  population=POPULATION, order=2)
