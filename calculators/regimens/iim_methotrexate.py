"""Methotrexate for adult IIM: the start figure rising to the target, once weekly, with folic acid (S002).

The doses are the registry's ``iim.mtx.start`` and ``iim.mtx.target`` (calculators/data/figures.toml);
no dose is written here, so none goes stale when an editor changes one.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..caps import MTX_REFUSAL, WEEKLY_MTX_BOUNDS
from ..choices import MTX_STEP_MG
from ..drug_safety import result_note
from ..patient import AGE_YEARS
from ..population import adults
from ._base import RegimenResult, bounds_from, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="for juvenile dermatomyositis use the juvenile DM methotrexate "
                    f"calculator ({g.JDM_MTX_PER_M2.number_text()} {g.JDM_MTX_PER_M2.unit} subcutaneously "
                    f"{g.JDM_MTX_PER_M2.suffix}); the sources give no folic acid dose for children")


class MtxIimInput(CalcInput):
    """Inputs of `methotrexate_iim`: start, time to target [months], age [years]."""

    start: LaxDate
    ramp_months: Annotated[int, bounds_from(g.IIM_MTX_RAMP, "months")]
    age_years: Annotated[float | None, Bounds(AGE_YEARS.low, AGE_YEARS.high, "years")] = None


def methotrexate_iim(*, start: dt.date | str, ramp_months: int, age_years: float | None = None) -> RegimenResult:
    """IIM methotrexate for adults: the start dose rising to the target dose, once weekly, within ``ramp_months``.

    The first dose is on ``start``, and every dose on the same weekday. The
    rise is in equal steps at even whole-week intervals (tool choice
    ``mtx_steps``); folic acid once daily goes with it (S002). The doses
    are the registry's ``iim.mtx.start``, ``iim.mtx.target`` and
    ``iim.folic_acid`` (Reference → Figures shows their values).

    Parameters
    ----------
    start : date or ISO text
        Day of the first dose; every dose falls on its weekday [date].
    ramp_months : int
        Months to reach the target, 3-6 [months] (S002).
    age_years : float
        Age, adult [years] (tool choice ``adult_age``); required (the regimen is for adults).

    Returns
    -------
    RegimenResult
        The starting dose [mg once weekly], the dated steps and folic acid.

    Raises
    ------
    InputError
        For a missing age, a child, or an input outside its range.
    """
    return follow(REGIMEN, MtxIimInput(start=start, ramp_months=ramp_months, age_years=age_years))


RECIPE = {
    "title": "Methotrexate (IIM)", "called": "methotrexate (IIM)",
    "label": "Methotrexate: start and rise to target",
    "figures": {"START": g.IIM_MTX_START.key, "TARGET": g.IIM_MTX_TARGET.key, "RAMP": g.IIM_MTX_RAMP.key,
                "FOLIC": g.IIM_FOLIC.key, "CAP": g.MTX_WEEKLY_CAP.key},
    "steps": [
        {"population": "=age_years"},
        {"let": {"first": "=START.value", "target": "=TARGET.value", "step": MTX_STEP_MG}},
        # Whom S002 prefers it for, as the mycophenolate result says its own (clinical review M9).
        {"note": "source", "say": "reg.mtx_iim.preferred", "rests_on": ["S002"]},
        {"refuse": "target", "value": "=target", "when": "=target > CAP.value", "allowed": WEEKLY_MTX_BOUNDS.describe(),
         "reason": MTX_REFUSAL, "kind": "tool_choice", "rests_on": ["mtx_weekly_cap"]},
        {"let": {"n_steps": "=round((target - first) / step)", "deadline": "=add_months(start, ramp_months)"}},
        {"let": {"weeks_per_step": "=((deadline - start) // 7) // n_steps", "day": "=weekday(start)"}},
        {"repeat": "=n_steps + 1", "as": "k", "steps": [
            {"let": {"begin": "=start + k * weeks_per_step * 7", "last": "=k == n_steps"}},
            {"line": {"drug": "methotrexate", "dose": "=first + k * step", "unit": "mg", "frequency": "=weekly(day)",
                      "route": "by mouth", "start": "=begin",
                      "end": "=None if last else begin + weeks_per_step * 7 - 1",
                      "label": "=say('reg.from_week', first=str(k * weeks_per_step + 1)) if last else "
                               "say('reg.weeks', first=str(k * weeks_per_step + 1), "
                               "last=str((k + 1) * weeks_per_step))"}}]},
        {"line": {"drug": "folic acid", "dose": "=FOLIC.value", "unit": "mg", "frequency": "once daily",
                  "route": "by mouth", "label": "Throughout", "start": "=start"}},
        {"note": "tool_choice", "choice": "mtx_steps"},
        {"note": "tool_choice", "choice": "mtx_steps", "say": "reg.mtx_iim.steps",
         "with": {"count": "=str(n_steps)", "step": "=num(step)", "weeks": "=str(weeks_per_step)", "weekday": "=day",
                  "target": "=TARGET.text", "reached": "=long_date(start + n_steps * weeks_per_step * 7)",
                  "months": "=str(ramp_months)", "deadline": "=long_date(deadline)", "cite": "=RAMP.cite",
                  "ramp": "=RAMP.text"}},
        {"note": "tool_choice", "choice": "mtx_weekly_cap", "say": "reg.mtx.never_above", "with": {"cap": "=CAP.text"}},
        {"note": "source", "say": "reg.mtx_iim.folic", "with": {"folic": "=num(FOLIC.value)", "cite": "=FOLIC.cite"},
         "rests_on": "=FOLIC.sources"},
        {"note": "tool_choice", "choice": "months"},
        # What the drug itself requires, on every methotrexate result and its printed record (issue 22).
        {"note": "source", "say": "reg.mtx.before", "rests_on": ["S002"]},
        # S000's toxicity monitoring is about the drug, so every methotrexate result carries it (review D5),
        # as the tool's choice carried_over: S000 writes it for IGM (clinical review 5 W2).
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx.monitoring"},
        {"note": "source", "say": "reg.mtx.teratogenic", "rests_on": ["S002"]},
        *pjp_multiple_notes("methotrexate"),
        result_note("mtx.tmp_smx"),
    ],
    "result": {"value": "=first", "unit": "mg", "frequency": "=weekly(day)", "route": "by mouth",
               "rule": "=say('reg.mtx_iim.rule', start=START.text, target=TARGET.text, ramp=RAMP.text, "
                       "folic=FOLIC.text)",
               "source": "S002", "sources": "=sources_of(START, TARGET, RAMP, FOLIC)"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="methotrexate_iim", calculate=methotrexate_iim, input_model=MtxIimInput,
                  figures=(g.IIM_MTX_START, g.IIM_MTX_TARGET, g.IIM_MTX_RAMP, g.IIM_FOLIC, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=3, recipe=RECIPE)
