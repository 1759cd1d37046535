"""IVIG on ideal body weight, over the days S002 gives (S002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..body_size import ShortStature
from ..patient import Patient
from ..population import adults
from ._base import IBW_NOTES, RegimenResult, as_patient, bounds_from
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no IVIG dose for juvenile dermatomyositis, "
                    "so none is computed")

class IvigInput(CalcInput):
    """Inputs of `ivig`: course total [g/kg], short-stature rule, start."""

    g_per_kg_total: Annotated[float, bounds_from(g.IIM_IVIG_TOTAL)]
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None


def ivig(patient: Patient | Mapping[str, Any], *, g_per_kg_total: float, below_60_in: ShortStature | None = None,
         start: dt.date | str | None = None) -> RegimenResult:
    """IVIG ``g_per_kg_total`` of ideal body weight, split evenly over consecutive days (adults; the split is
    the tool choice ``ivig_even_split``).

    The range, the daily amount and the days are the registry's ``iim.ivig.total_per_kg_ibw``,
    ``iim.ivig.daily_per_kg_ibw`` and ``iim.ivig.days`` (Reference → Figures shows their values).

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``height`` [cm, m or in], ``sex``, ``age_years`` [years], 18 or older, and the actual ``weight``
        [kg or lb]: the dose is on ideal body weight, and the result warns when the course is above the top of
        the range per kg of the actual weight (tool choice ``ivig_actual_weight``).
    g_per_kg_total : float
        Course total per kg of ideal body weight, chosen within ``iim.ivig.total_per_kg_ibw`` [g/kg] (S002).
    below_60_in : str, optional
        What to do for a height under 60 in [policy], see :func:`calculators.ideal_body_weight`.
    start : date or ISO text, optional
        First infusion day [date].

    Returns
    -------
    RegimenResult
        The dose a day [g/day], one line per day.

    Raises
    ------
    InputError
        For a missing weight, measurement or age, a patient under 18, or a total outside the range.
    """
    return follow(REGIMEN, IvigInput(g_per_kg_total=g_per_kg_total, below_60_in=below_60_in, start=start),
                  as_patient(patient))


RECIPE = {
    "title": "IVIG", "called": "IVIG",
    "label": "IVIG", "needs": ["height", "sex", "weight"],
    "figures": {"TOTAL": g.IIM_IVIG_TOTAL.key, "DAILY": g.IIM_IVIG_DAILY.key, "DAYS": g.IIM_IVIG_DAYS.key},
    "steps": [
        # The actual weight is required (clinical review D3): the dose is on ideal body weight, and only the
        # actual weight shows when that is a high dose for this patient (183 cm, 40 kg: 3.9 g/kg of what he weighs).
        {"require": ["weight"], "for": "IVIG"},
        {"population": "=age_years"},
        {"let": {"ibw": "=ideal_body_weight(below_60_in)", "days": "=int(DAYS.value)"}},
        {"let": {"per_kg_day": "=g_per_kg_total / days"}},
        # cannot happen within the 1-2 g/kg bounds; kept as a guard
        {"refuse": "g_per_kg_total", "when": "=per_kg_day > DAILY.value", "value": "=g_per_kg_total",
         "allowed": "=TOTAL.text", "reason": "=say('reg.ivig.more_than', daily=DAILY.text)", "source": "=DAILY.cite"},
        {"let": {"per_day": "=per_kg_day * ibw.value"}},
        {"note": "source", "say": "reg.ivig.ibw", "rests_on": ["S002"]},
        *IBW_NOTES,
        {"notes": "=ibw.notes"},
        # S002's course as it states it, and the even split of the chosen total as the tool's choice: S002's
        # daily figure makes up only the top of the range (clinical review 3, W1).
        {"note": "source", "say": "reg.ivig.course", "rests_on": ["S002"],
         "with": {"range": "=TOTAL.text", "days": "=str(days)", "daily": "=num(DAILY.value)"}},
        {"note": "tool_choice", "choice": "ivig_even_split", "say": "reg.ivig.chosen",
         "with": {"total": "=num(g_per_kg_total)", "per_day": "=num(per_kg_day)", "days": "=str(days)"}},
        {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.ivig.actual",
         "when": "=weight is not None and weight < ibw.value",
         "with": {"weight": "=n1(weight)", "per_day": "=n1(per_kg_day * weight)"}},
        # The course per kg of what the patient weighs, warned above the top of S002's range (read on actual
        # weight: the tool's reading, ``ivig_actual_weight``), as azathioprine warns on CPIC's top.
        # the course as the lines give it (each day's amount as shown, times the days), so the headline's total,
        # this warning and the lines add up (clinical review M1)
        {"let": {"course": "=rounded(per_day, 1) * days"}},
        {"let": {"per_kg_actual": "=course / weight"}},
        # above the top, the largest line leads with the warning and the day lines say they are not to be given
        # unconfirmed (clinical review 5, D2)
        {"let": {"unconfirmed": "=rounded(per_kg_actual, 1) > TOTAL.high"}},
        {"note": "tool_choice", "choice": "ivig_actual_weight", "say": "reg.ivig.actual_high", "warning": True,
         "when": "=unconfirmed",
         "with": {"course": "=n1(course)", "per_kg": "=n1(per_kg_actual)", "weight": "=n1(weight)",
                  "top": "=num(TOTAL.high)", "range": "=TOTAL.text"}},
        {"let": {"plan": "=say('reg.ivig.display', per_day=n1(per_day), days=str(days), per_kg_day=num(per_kg_day), "
                         "course=n1(course), total=num(g_per_kg_total), s002='' if per_kg_day == DAILY.value else "
                         "say('reg.ivig.s002_daily', daily=num(DAILY.value)))"}},
        {"repeat": "=days", "as": "i", "steps": [
            {"line": {"drug": "IVIG", "dose": "=per_day", "unit": "g", "frequency": "once daily", "route": "IV",
                      "label": "=say('reg.line.unconfirmed', label=say('reg.day', n=str(i + 1))) if unconfirmed "
                               "else say('reg.day', n=str(i + 1))", "start": "=later(start, i)",
                      "end": "=later(start, i)"}}]},
    ],
    # The largest line is the plan as given: the amount each day and on how many days, then the course in all, the
    # even split named as the tool's choice (clinical review M1: "1 g/kg total" alone did not say how it is given).
    "result": {"value": "=per_day", "unit": "g/day", "frequency": "=say('reg.ivig.frequency', days=str(days))",
               "route": "IV",
               "display": "=say('reg.unconfirmed', dose=n1(course), unit='g in all', per_kg=n1(per_kg_actual), "
                          "per_kg_unit='g/kg', weight=n1(weight), top=num(TOTAL.high), "
                          "what=say('reg.unconfirmed.ivig'), plan=plan) if unconfirmed else plan",
               "rule": "=say('reg.ivig.rule', total=num(g_per_kg_total), ibw=ibw.display, days=str(days))",
               "source": "S002", "sources": "=sources_of(TOTAL, DAILY, extra=[ibw.source])"},
    "record": {"ideal_body_weight_kg": "=ibw.value", "weight_kg": "=weight", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="ivig", calculate=ivig, input_model=IvigInput,
                  figures=(g.IIM_IVIG_TOTAL, g.IIM_IVIG_DAILY, g.IIM_IVIG_DAYS),
                  population=POPULATION, order=9, recipe=RECIPE)
