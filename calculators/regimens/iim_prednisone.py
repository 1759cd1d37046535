"""Initial prednisone for adult IIM (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..choices import PRED_START_CEILING_MG, PRED_TABLET_STEP_MG
from ..errors import format_number
from ..patient import Patient
from ..population import adults
from ..taper.protocols import STRENGTH_PRESETS
from ._base import RegimenResult, as_patient, bounds_from
from ._regimen import Regimen
from .recipe import follow

PRED_PER_KG = bounds_from(g.IIM_PRED_PER_KG)

POPULATION = adults("IIM", ("S002", "S003"), elsewhere="for juvenile dermatomyositis use the juvenile DM "
                    f"prednisone calculator ({g.JDM_PRED_PER_KG.text()}, at most {g.JDM_PRED_CAP.text()})")


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
"""The factors S002 names for sitting nearer the low end of the range."""


def prednisone_initial(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, diabetes: bool = False,
                       osteoporosis: bool = False, glaucoma: bool = False, high_relapse_risk: bool = False,
                       low_steroid_risk: bool = False, start: dt.date | str | None = None) -> RegimenResult:
    """Initial prednisone for adult IIM, once daily by mouth.

    The dose is ``mg_per_kg`` x weight, never above the tool's ceiling
    (tool choice ``pred_start_ceiling``, shown when it bites). The risk factors only
    produce S002's guidance on where in the range to sit.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb] and ``age_years`` [years], 18 or older.
    mg_per_kg : float
        Chosen by the clinician within ``iim.prednisone.initial_per_kg`` [mg/kg/day] (S002, S003).
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
        For a missing weight or age, an age under 18, ``mg_per_kg`` outside that range, or
        ``low_steroid_risk`` ticked with diabetes, osteoporosis or glaucoma (contradictory: S002 names those for
        the low end of the range).
    """
    pt = as_patient(patient)
    args = PrednisoneInitialInput(mg_per_kg=mg_per_kg, diabetes=diabetes, osteoporosis=osteoporosis,
                                  glaucoma=glaucoma, high_relapse_risk=high_relapse_risk,
                                  low_steroid_risk=low_steroid_risk, start=start)
    return follow(REGIMEN, args, pt)


RECIPE = {
    "title": "Initial prednisone (IIM)", "called": "initial prednisone (IIM)",
    "label": "Initial prednisone", "needs": ["weight"],
    "figures": {"PER_KG": g.IIM_PRED_PER_KG.key, "TYPICAL": g.IIM_PRED_TYPICAL.key, "LOW_END": g.IIM_PRED_LOW_END.key,
                "HIGH_END": g.IIM_PRED_HIGH_END.key, "HOLD": g.IIM_PRED_HOLD.key,
                "PJP_DOSE": g.PJP_STEROID_DOSE.key, "PJP_WEEKS": g.PJP_STEROID_WEEKS.key},
    "steps": [
        {"let": {"STRENGTHS": ", ".join(format_number(x) for x in STRENGTH_PRESETS["prednisone"][1])}},
        {"require": ["weight"], "for": "initial prednisone"},
        {"population": "=age_years"},
        {"let": {"ceiling": PRED_START_CEILING_MG, "dose": "=mg_per_kg * weight",
                 "lows": f"=which({list(LOW_END_REASONS)!r})",
                 "highs": "=high_relapse_risk and low_steroid_risk"}},
        # Low risk of steroid complications beside diabetes, osteoporosis or glaucoma is contradictory input: S002
        # names those three for the low end because of steroid risk (clinical review 5, M4). Refused, naming both.
        {"refuse": "low_steroid_risk", "when": "=low_steroid_risk and lows", "value": "=say('record.yes')",
         "reason": "=say('reg.pred.low_risk.reason', factors=join(lows, ' and '), low_end=LOW_END.text, "
                   "high_end=HIGH_END.text)",
         "allowed": "=say('reg.pred.low_risk.allowed', factors=join(lows, ' or '))", "source": "=LOW_END.cite"},
        {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.pred.range",
         "with": {"weight": "=n1(weight)", "low": "=n1(PER_KG.low * weight)", "high": "=n1(PER_KG.high * weight)",
                  "range": "=PER_KG.text"}},
        {"cap": "dose", "ceiling": "=ceiling", "figure": "TYPICAL", "unit": "mg/day", "kind": "tool_choice",
         "rests_on": ["pred_start_ceiling"], "then": [
             {"note": "tool_choice", "choice": "pred_start_ceiling", "say": "reg.pred.ceiling",
              "with": {"computed": "=n1(computed)", "ceiling": "=num(ceiling)", "range": "=PER_KG.text",
                       "typical": "=TYPICAL.text"}},
             {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.pred.below_range",
              "when": "=rounded(ceiling / weight, 6) < PER_KG.low",
              "with": {"ceiling": "=num(ceiling)", "per_kg": "=n2(ceiling / weight)", "weight": "=n2(weight)",
                       "low": "=num(PER_KG.low)", "range": "=PER_KG.text"}}]},
        {"note": "source", "say": "reg.pred.low_end", "rests_on": ["S002"], "when": "=lows",
         "with": {"factors": "=capitalize(join(lows, ', '))", "low_end": "=LOW_END.text"}},
        {"note": "source", "say": "reg.pred.high_end", "rests_on": ["S002"], "when": "=highs and not lows",
         "with": {"high_end": "=HIGH_END.text"}},
        # Both directions S002 gives, when the ticked factors point both ways (clinical review 4, M9: with diabetes
        # and both upper factors ticked, only the lower direction was quoted).
        {"note": "source", "say": "reg.pred.both_ways", "rests_on": ["S002"],
         "when": "=lows and (high_relapse_risk or low_steroid_risk)",
         "with": {"low_end": "=LOW_END.text", "high_end": "=HIGH_END.text"}},
        # One of S002's two upper factors alone is a factor entered, not 'no factor' (clinical review 4, M8); S002
        # moves the dose up only with both.
        {"note": "source", "say": "reg.pred.high_end_partial", "rests_on": ["S002"],
         "when": "=not lows and not highs and (high_relapse_risk or low_steroid_risk)",
         "with": {"given": "=capitalize(say('reg.pred.factor.relapse') if high_relapse_risk "
                           "else say('reg.pred.factor.steroid'))",
                  "missing": "=say('reg.pred.factor.steroid') if high_relapse_risk else say('reg.pred.factor.relapse')",
                  "high_end": "=HIGH_END.text", "range": "=PER_KG.text"}},
        # A dose chosen against the factors the reader ticked is a warning, not only a note (issue 22); "nearer"
        # is read as the half of the range on that side (tool choice ``pred_factor_half``).
        {"let": {"middle": "=(PER_KG.low + PER_KG.high) / 2"}},
        # The warning states S002's advice and is labelled S002; why it is a warning (the half-range reading)
        # is a separate note labelled as the tool's choice, so neither wears the other's label (review M3).
        {"let": {"against_low": "=lows and not (high_relapse_risk or low_steroid_risk) and mg_per_kg > middle",
                 "against_high": "=highs and not lows and mg_per_kg < middle"}},
        {"note": "source", "say": "reg.pred.against_low", "warning": True, "rests_on": ["S002"], "when": "=against_low",
         "with": {"chosen": "=num(mg_per_kg)", "factors": "=join(lows, ', ')", "low_end": "=LOW_END.text"}},
        {"note": "source", "say": "reg.pred.against_high", "warning": True, "rests_on": ["S002"],
         "when": "=against_high", "with": {"chosen": "=num(mg_per_kg)", "high_end": "=HIGH_END.text"}},
        {"note": "tool_choice", "choice": "pred_factor_half", "say": "reg.pred.half",
         "when": "=against_low or against_high",
         "with": {"chosen": "=num(mg_per_kg)", "range": "=PER_KG.text",
                  "half": "='upper' if against_low else 'lower'"}},
        {"note": "source", "say": "reg.pred.no_factor", "rests_on": ["S002"],
         "when": "=not lows and not high_relapse_risk and not low_steroid_risk",
         "with": {"range": "=PER_KG.text"}},
        {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.pred.atypical",
         "when": "=not (TYPICAL.low <= dose <= TYPICAL.high)",
         "with": {"dose": "=n1(dose)", "typical": "=TYPICAL.text", "cite": "=TYPICAL.cite"}},
        {"note": "source", "say": "reg.pred.give", "rests_on": ["S002"], "with": {"hold": "=HOLD.text"}},
        # What the steroid itself requires, on the result and its printed record (review M3).
        {"note": "source", "say": "reg.pred.pjp", "rests_on": ["S003", "S002"],
         "with": {"dose": "=PJP_DOSE.text", "weeks": "=PJP_WEEKS.text"}},
        {"note": "tool_choice", "choice": "pjp_multiple", "say": "reg.pred.pjp_multiple"},
        {"note": "source", "say": "reg.pred.bone", "rests_on": ["S002", "S003"]},
        # What the prednisone tablets make (tool choice ``pred_tablets``): the taper's prednisone preset, whole
        # tablets, makes every multiple of the step from 2 mg. A dose they cannot make is said as computed with the
        # nearest they make, the two a weight-based taper start offers (clinical review M7: 154 lb gave 69.9 mg/day
        # here while the taper refused it). Never above the ceiling: the ceiling is itself a makeable dose.
        {"let": {"step": PRED_TABLET_STEP_MG, "exact": "=rounded(dose, 6)", "display": None,
                 "label": "Initial dose", "places": 1,
                 "tablets": "=say('reg.tablets.pred', strengths=STRENGTHS)"}},
        {"let": {"below": "=1 if exact < 2 else (exact // step) * step"}},
        {"let": {"above": "=2 if exact < 2 else below + step"}},
        # only doses within the chosen range per kg and under the ceiling are offered, as a taper start refuses a
        # rounding that leaves them: 154 lb at 1 mg/kg/day is 69.85 mg/day, and 70 mg/day would be 1.002 mg/kg
        {"let": {"low_ok": "=below >= rounded(PER_KG.low * weight, 6)",
                 "high_ok": "=above <= rounded(PER_KG.high * weight, 6) and above <= ceiling"}},
        {"if": "=not (below == exact and (exact >= 2 or exact == 1))", "then": [
            {"note": "tool_choice", "choice": "pred_tablets"},
            # the line shows the dose as computed, to the headline's 2 decimals: "51 mg" under "the tablets cannot
            # make it" read as a contradiction (clinical review 5, M1)
            {"let": {"label": "=say('reg.line.not_made', label=label)", "places": 2}},
            {"let": {"display": "=say('reg.display', dose=n2(dose), unit='mg/day', route='by mouth', "
                                "frequency='once daily') + say('reg.not_made', tablets=tablets, nearest=num(below) "
                                "+ ' or ' + num(above) if low_ok and high_ok else num(below) if low_ok else "
                                "num(above), unit='mg/day', within=' within ' + PER_KG.text)"}}]},
        {"line": {"drug": "prednisone", "dose": "=dose", "unit": "mg", "frequency": "once daily", "route": "by mouth",
                  "label": "=label", "start": "=start", "decimals": "=places"}},
        {"let": {"rule": "=say('reg.pred.rule', chosen=num(mg_per_kg), weight=n2(weight), range=PER_KG.text)"}},
        {"let": {"rule": "=say('reg.pred.rule.capped', rule=rule, ceiling=num(ceiling))"}, "when": "=capped"},
    ],
    "result": {"value": "=dose", "unit": "mg/day", "frequency": "once daily", "route": "by mouth", "rule": "=rule",
               "display": "=display",
               "source": "S002", "sources": "=sources_of(PER_KG, TYPICAL)"},
    "record": {"weight_kg": "=weight", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="prednisone_initial", calculate=prednisone_initial, input_model=PrednisoneInitialInput,
                  figures=(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL, g.IIM_PRED_LOW_END, g.IIM_PRED_HIGH_END,
                           g.IIM_PRED_HOLD), population=POPULATION, order=1, recipe=RECIPE)
