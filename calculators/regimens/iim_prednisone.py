"""Initial prednisone for adult IIM (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any


from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..errors import format_number
from ..patient import Patient
from ..sources import S002
from ._base import (
    DoseLine, Regimen, RegimenResult, as_patient, bounds_from,
    refuse_children, sources_of,
)

PRED_PER_KG = bounds_from(g.IIM_PRED_PER_KG)


class PrednisoneInitialInput(CalcInput):
    mg_per_kg: Annotated[float, PRED_PER_KG]
    diabetes: bool = False
    osteoporosis: bool = False
    glaucoma: bool = False
    high_relapse_risk: bool = False
    low_steroid_risk: bool = False
    start: LaxDate | None = None


LOW_END_REASONS = ("diabetes", "osteoporosis", "glaucoma")


def prednisone_initial(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, diabetes: bool = False,
                       osteoporosis: bool = False, glaucoma: bool = False, high_relapse_risk: bool = False,
                       low_steroid_risk: bool = False, start: dt.date | str | None = None) -> RegimenResult:
    """Initial prednisone for adult IIM: ``mg_per_kg`` [mg/kg/day] x weight [kg], once daily by mouth.

    The clinician picks ``mg_per_kg`` within 0.5-1 mg/kg/day (S002, S003); the
    risk factors only produce S002's guidance on where in the range to sit.
    """
    pt = as_patient(patient)
    args = PrednisoneInitialInput(mg_per_kg=mg_per_kg, diabetes=diabetes, osteoporosis=osteoporosis,
                                  glaucoma=glaucoma, high_relapse_risk=high_relapse_risk,
                                  low_steroid_risk=low_steroid_risk, start=start)
    pt.require("initial prednisone", "weight")
    refuse_children(pt.age_years, "IIM prednisone", "S002, S003",
                    "; use the juvenile dermatomyositis calculator for children")
    weight = pt.weight_kg
    dose = args.mg_per_kg * weight
    low, high = g.IIM_PRED_PER_KG.low * weight, g.IIM_PRED_PER_KG.high * weight
    notes = [f"Range for {format_number(round(weight, 1))} kg: {format_number(round(low, 1))}-"
             f"{format_number(round(high, 1))} mg/day ({g.IIM_PRED_PER_KG.text()}); "
             f"{format_number(args.mg_per_kg)} mg/kg/day was chosen by the clinician."]
    lows = [name for name in LOW_END_REASONS if getattr(args, name)]
    highs = args.high_relapse_risk and args.low_steroid_risk
    if lows:
        notes.append(f"{', '.join(lows).capitalize()}: S002 advises sitting nearer "
                     f"{g.IIM_PRED_LOW_END.text()}.")
    if highs and not lows:
        notes.append(f"High relapse risk and low steroid risk: S002 advises sitting nearer "
                     f"{g.IIM_PRED_HIGH_END.text()}.")
    if lows and (args.high_relapse_risk or args.low_steroid_risk):
        notes.append("Risk factors point both ways; the source does not say which prevails: the choice within "
                     "the range is the clinician's.")
    if not lows and not highs:
        notes.append(f"No factor entered that moves the dose within {g.IIM_PRED_PER_KG.text()} (S002).")
    if not g.IIM_PRED_TYPICAL.low <= dose <= g.IIM_PRED_TYPICAL.high:
        notes.append(f"{format_number(round(dose, 1))} mg/day is outside the typical "
                     f"{g.IIM_PRED_TYPICAL.text()} ({g.IIM_PRED_TYPICAL.cite()}): not an error, check the weight "
                     "and the chosen mg/kg.")
    notes.append(f"Give as a single daily dose for {g.IIM_PRED_HOLD.text()} before the taper starts; "
                 "always with a steroid-sparing agent from day one (S002).")
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    label="Initial dose", start=args.start)
    return RegimenResult(
        regimen="Initial prednisone (IIM)", value=dose, unit="mg/day", frequency="once daily",
        route="by mouth", rule=f"{format_number(args.mg_per_kg)} mg/kg/day x {format_number(round(weight, 2))} kg "
        f"(within {g.IIM_PRED_PER_KG.text()})", source=S002,
        sources=sources_of(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL), lines=(line,), notes=tuple(notes),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="prednisone_initial", calculate=prednisone_initial, input_model=PrednisoneInitialInput, figures=(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL, g.IIM_PRED_LOW_END, g.IIM_PRED_HIGH_END, g.IIM_PRED_HOLD), order=1)
