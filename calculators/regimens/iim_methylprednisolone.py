"""IV methylprednisolone pulses for severe adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..patient import Patient
from ..population import adults
from ._base import RegimenResult, as_patient, bounds_from
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no IV methylprednisolone dose for juvenile "
                    "dermatomyositis, so none is computed")


class IvmpInput(CalcInput):
    """Inputs of `iv_methylprednisolone`: dose [mg/kg/day], pulse days, start."""

    mg_per_kg: Annotated[float, bounds_from(g.IIM_IVMP_PER_KG)]
    days: Annotated[int, bounds_from(g.IIM_IVMP_DAYS, "days")]
    start: LaxDate | None = None


def iv_methylprednisolone(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, days: int,
                          start: dt.date | str | None = None) -> RegimenResult:
    """IV methylprednisolone pulse for adults: ``mg_per_kg`` x weight, within the daily limits, for ``days`` days.

    The figures are the registry's ``iim.ivmp.per_kg``, ``iim.ivmp.daily_limits`` and
    ``iim.ivmp.days`` (Reference → Figures shows their values). The tool reads S002's daily
    figure in brackets as limits of the daily dose (tool choice ``ivmp_limits``). Above the top
    the dose is capped at it (shown, ``ivmp_ceiling``); below the bottom it is raised to it
    (shown, ``ivmp_floor``) only when that dose is still within the per-kg range for this
    weight; otherwise the calculator refuses.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb] and ``age_years`` [years], 18 or older.
    mg_per_kg : float
        Chosen within ``iim.ivmp.per_kg`` [mg/kg/day] (S002).
    days : int
        Consecutive pulse days, within ``iim.ivmp.days`` [days] (S002).
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
    return follow(REGIMEN, IvmpInput(mg_per_kg=mg_per_kg, days=days, start=start), as_patient(patient))


RECIPE = {
    "title": "IV methylprednisolone pulse", "called": "IV methylprednisolone",
    "label": "IV methylprednisolone pulse", "needs": ["weight"],
    "figures": {"PER_KG": g.IIM_IVMP_PER_KG.key, "DAILY": g.IIM_IVMP_DAILY.key},
    "steps": [
        {"require": ["weight"], "for": "IV methylprednisolone"},
        {"population": "=age_years"},
        {"let": {"dose": "=mg_per_kg * weight"}},
        # The rule line gives the number it shows: a cap or a raise says so there, not only in its box (review 3 M2).
        {"let": {"rule": "=say('reg.ivmp.rule', chosen=num(mg_per_kg), weight=n2(weight), daily=DAILY.text)"}},
        {"cap": "dose", "ceiling": "=DAILY.high", "figure": "DAILY", "unit": "mg/day", "kind": "tool_choice",
         "rests_on": ["ivmp_ceiling"], "then": [
            {"note": "tool_choice", "choice": "ivmp_ceiling"},
            {"let": {"rule": "=say('reg.ivmp.rule.capped', rule=rule, computed=n1(computed), limit=num(dose))"}}]},
        {"refuse": "weight", "when": "=dose < DAILY.low and DAILY.low > PER_KG.high * weight",
         "value": "=rounded(weight, 2)",
         "allowed": "=say('reg.ivmp.too_light.allowed', weight=num(DAILY.low / PER_KG.high))",
         "reason": "=say('reg.ivmp.too_light.reason', range=PER_KG.text, floor=num(DAILY.low))",
         "kind": "tool_choice", "rests_on": ["ivmp_limits"]},
        {"cap": "dose", "floor": "=DAILY.low", "figure": "DAILY", "unit": "mg/day", "kind": "tool_choice",
         "rests_on": ["ivmp_floor"], "then": [
            {"note": "tool_choice", "choice": "ivmp_floor"},
            {"let": {"rule": "=say('reg.ivmp.rule.raised', rule=rule, computed=n1(computed), limit=num(dose))"}}]},
        {"note": "tool_choice", "choice": "ivmp_limits", "when": "=capped"},
        {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.ivmp.as_given",
         "with": {"dose": "=n1(dose)", "per_kg": "=n2(dose / weight)", "weight": "=n2(weight)"}},
        {"note": "source", "say": "reg.ivmp.for", "rests_on": ["S002"]},
        {"repeat": "=days", "as": "i", "steps": [
            {"line": {"drug": "methylprednisolone", "dose": "=dose", "unit": "mg", "frequency": "once daily",
                      "route": "IV", "label": "=say('reg.day', n=str(i + 1))", "start": "=later(start, i)",
                      "end": "=later(start, i)"}}]},
    ],
    "result": {"value": "=dose", "unit": "mg/day", "route": "IV",
               "frequency": "=say('reg.ivmp.frequency', days=str(days), plural='s' if days > 1 else '')",
               "rule": "=rule",
               "source": "S002", "sources": "=sources_of(PER_KG, DAILY)"},
    "record": {"weight_kg": "=weight", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="iv_methylprednisolone", calculate=iv_methylprednisolone, input_model=IvmpInput,
                  figures=(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY, g.IIM_IVMP_DAYS),
                  population=POPULATION, order=2, recipe=RECIPE)
