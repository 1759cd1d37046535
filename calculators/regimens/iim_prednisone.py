"""Initial prednisone for adult IIM (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..choices import PRED_START_CEILING_MG
from ..errors import format_number
from ..messages import number_text, say
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

PRED_PER_KG = bounds_from(g.IIM_PRED_PER_KG)

POPULATION = adults("IIM", ("S002", "S003"), elsewhere="for juvenile dermatomyositis use the juvenile DM "
                    "prednisone calculator (2 mg/kg/day, at most 60 mg/day)")


class PrednisoneInitialInput(CalcInput):
    """Inputs of `prednisone_initial`: dose [mg/kg/day], the S002 risk factors, start."""

    mg_per_kg: Annotated[float, PRED_PER_KG]
    diabetes: bool = False
    osteoporosis: bool = False
    glaucoma: bool = False
    high_relapse_risk: bool = False
    low_steroid_risk: bool = False
    start: LaxDate | None = None


LOW_END_REASONS = ("diabetes", "osteoporosis", "glaucoma")


def start_ceiling_cap(computed_mg: float) -> CapApplied:
    """The tool's 80 mg/day ceiling on an initial prednisone dose, as the initial calculator and the taper apply it."""
    return CapApplied(figure=g.IIM_PRED_TYPICAL.key, direction="ceiling", limit=PRED_START_CEILING_MG,
                      unit="mg/day", kind="tool_choice", rests_on=("pred_start_ceiling",), computed=computed_mg,
                      applied=PRED_START_CEILING_MG)


def prednisone_initial(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, diabetes: bool = False,
                       osteoporosis: bool = False, glaucoma: bool = False, high_relapse_risk: bool = False,
                       low_steroid_risk: bool = False, start: dt.date | str | None = None) -> RegimenResult:
    """Initial prednisone for adult IIM, once daily by mouth.

    The dose is ``mg_per_kg`` x weight, never above the tool's 80 mg/day
    ceiling (a tool choice, shown when it bites). The risk factors only
    produce S002's guidance on where in the range to sit.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb] and ``age_years`` [years], 18 or older.
    mg_per_kg : float
        Chosen by the clinician within 0.5-1 [mg/kg/day] (S002, S003).
    diabetes, osteoporosis, glaucoma, high_relapse_risk, low_steroid_risk : bool
        Factors S002 names for sitting nearer one end of the range [yes/no].
    start : date or ISO text, optional
        First day [date].

    Returns
    -------
    RegimenResult
        The daily dose [mg/day] with its notes, each of its kind.

    Raises
    ------
    InputError
        For a missing weight or age, an age under 18, or ``mg_per_kg`` outside 0.5-1.
    """
    pt = as_patient(patient)
    args = PrednisoneInitialInput(mg_per_kg=mg_per_kg, diabetes=diabetes, osteoporosis=osteoporosis,
                                  glaucoma=glaucoma, high_relapse_risk=high_relapse_risk,
                                  low_steroid_risk=low_steroid_risk, start=start)
    pt.require("initial prednisone", "weight")
    POPULATION.check("initial prednisone (IIM)", pt.age_years)
    weight = pt.weight_kg
    computed = args.mg_per_kg * weight
    caps: list[CapApplied] = []
    dose = computed
    low, high = g.IIM_PRED_PER_KG.low * weight, g.IIM_PRED_PER_KG.high * weight
    notes: list[Note] = [source(say(
        "reg.pred.range", weight=number_text(weight, 1), low=number_text(low, 1), high=number_text(high, 1),
        range=g.IIM_PRED_PER_KG.text(), chosen=format_number(args.mg_per_kg)), *g.IIM_PRED_PER_KG.sources)]
    if computed > PRED_START_CEILING_MG:
        dose = PRED_START_CEILING_MG
        caps.append(start_ceiling_cap(computed))
        notes.append(choice("pred_start_ceiling", say(
            "reg.pred.ceiling", computed=number_text(computed, 1), ceiling=format_number(PRED_START_CEILING_MG),
            range=g.IIM_PRED_PER_KG.text(), typical=g.IIM_PRED_TYPICAL.text())))
    lows = [name for name in LOW_END_REASONS if getattr(args, name)]
    highs = args.high_relapse_risk and args.low_steroid_risk
    if lows:
        notes.append(source(say("reg.pred.low_end", factors=", ".join(lows).capitalize(),
                                low_end=g.IIM_PRED_LOW_END.text()), "S002"))
    if highs and not lows:
        notes.append(source(say("reg.pred.high_end", high_end=g.IIM_PRED_HIGH_END.text()), "S002"))
    if lows and (args.high_relapse_risk or args.low_steroid_risk):
        notes.append(source(say("reg.pred.both_ways"), "S002"))
    if not lows and not highs:
        notes.append(source(say("reg.pred.no_factor", range=g.IIM_PRED_PER_KG.text()), "S002"))
    if not g.IIM_PRED_TYPICAL.low <= dose <= g.IIM_PRED_TYPICAL.high:
        notes.append(source(say("reg.pred.atypical", dose=number_text(dose, 1), typical=g.IIM_PRED_TYPICAL.text(),
                                cite=g.IIM_PRED_TYPICAL.cite()), *g.IIM_PRED_TYPICAL.sources))
    notes.append(source(say("reg.pred.give", hold=g.IIM_PRED_HOLD.text()), "S002"))
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    label="Initial dose", start=args.start)
    rule = say("reg.pred.rule", chosen=format_number(args.mg_per_kg), weight=number_text(weight, 2),
               range=g.IIM_PRED_PER_KG.text())
    if caps:
        rule = say("reg.pred.rule.capped", rule=rule, ceiling=format_number(PRED_START_CEILING_MG))
    return RegimenResult(
        regimen="Initial prednisone (IIM)", value=dose, unit="mg/day", frequency="once daily",
        route="by mouth", rule=rule, source=S002,
        sources=sources_of(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL), lines=(line,), caps_applied=tuple(caps),
        notes=tuple(notes), population=POPULATION.describe(),
        inputs={"weight_kg": weight, "age_years": pt.age_years, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="prednisone_initial", calculate=prednisone_initial, input_model=PrednisoneInitialInput,
                  figures=(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL, g.IIM_PRED_LOW_END, g.IIM_PRED_HIGH_END,
                           g.IIM_PRED_HOLD), population=POPULATION, order=1)
