"""Methotrexate with low-dose prednisolone for recurrent or refractory IGM (S000)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..caps import WeeklyMethotrexateBounds
from ..cautions import igm_withdrawal_notes
from ..drug_safety import result_note
from ..population import adults
from ._base import AgeYears, RegimenResult, bounds_from
from ._regimen import Regimen
from .recipe import follow, note_steps

POPULATION = adults("IGM", ("S000",), elsewhere="the IGM sources give fixed doses, not scaled to body "
                    "size, and no dose for a child, so none is computed")
"""Adults only (tool choice ``adult_age``): the sources name no age; their doses are fixed, not scaled to a child."""


class MtxIgmInput(CalcInput):
    """Inputs of `methotrexate_igm`: weekly methotrexate [mg], daily prednisolone [mg/day], start."""

    mg_per_week: Annotated[float, WeeklyMethotrexateBounds(g.IGM_MTX_WEEKLY.low, g.IGM_MTX_WEEKLY.high,
                                                           "mg once weekly", source=g.IGM_MTX_WEEKLY.cite())]
    prednisolone_mg_per_day: Annotated[float, bounds_from(g.IGM_PRED_DAILY)]
    start: LaxDate | None = None
    age_years: AgeYears = None


def methotrexate_igm(*, mg_per_week: float, prednisolone_mg_per_day: float,
                     start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """IGM: weekly methotrexate with low-dose daily prednisolone, then the prednisolone withdrawal (S000).

    The ranges are the registry's ``igm.mtx.weekly`` and ``igm.prednisolone.daily``, and the
    ceiling ``mtx.weekly_cap`` (Reference → Figures shows their values): no dose is written here,
    so none goes stale when an editor changes one.

    Parameters
    ----------
    mg_per_week : float
        Methotrexate chosen within ``igm.mtx.weekly`` [mg once weekly] (S000); never above ``mtx.weekly_cap``.
    prednisolone_mg_per_day : float
        Low-dose prednisolone chosen within ``igm.prednisolone.daily`` [mg/day] (S000).
    start : date or ISO text, optional
        Day of the first dose; methotrexate falls on its weekday [date].
    age_years : float
        Age, adult [years] (tool choice ``adult_age``); required (the doses are fixed, not scaled to a child).

    Returns
    -------
    RegimenResult
        Methotrexate [mg once weekly] and prednisolone [mg/day] lines, with the withdrawal doubt and the
        checks methotrexate needs.

    Raises
    ------
    InputError
        For a dose outside its range (a weekly dose above the ceiling says why), a missing age or a child.
    """
    return follow(REGIMEN, MtxIgmInput(mg_per_week=mg_per_week, prednisolone_mg_per_day=prednisolone_mg_per_day,
                                       start=start, age_years=age_years))


RECIPE = {
    "title": "Methotrexate with prednisolone (IGM)", "called": "methotrexate with prednisolone (IGM)",
    "label": "Methotrexate with prednisolone",
    "figures": {"WEEKLY": g.IGM_MTX_WEEKLY.key, "DAILY": g.IGM_PRED_DAILY.key, "REVIEW": g.IGM_REVIEW.key,
                "CAP": g.MTX_WEEKLY_CAP.key, "WITHDRAWAL": g.IGM_WITHDRAWAL.key, "FOLIC": g.IIM_FOLIC.key,
                "PJP_DOSE": g.PJP_STEROID_DOSE.key, "PJP_WEEKS": g.PJP_STEROID_WEEKS.key},
    "steps": [
        {"population": "=age_years"},
        {"let": {"day": "=None if start is None else weekday(start)"}},
        {"line": {"drug": "methotrexate", "dose": "=mg_per_week", "unit": "mg", "frequency": "=weekly(day)",
                  "route": "by mouth", "start": "=start"}},
        # S000 keeps low-dose prednisolone for months and withdraws it slowly only when stopping: the line
        # says so, never a bare "then taper" beside a start date.
        {"line": {"drug": "prednisolone", "dose": "=prednisolone_mg_per_day", "unit": "mg", "frequency": "once daily",
                  "route": "by mouth", "label": "=say('reg.mtx_igm.pred_label', span=WITHDRAWAL.text)",
                  "start": "=start"}},
        {"note": "source", "say": "reg.mtx_igm.chosen", "rests_on": ["S000"],
         "with": {"weekly": "=WEEKLY.text", "daily": "=DAILY.text", "cite": "=WEEKLY.cite"}},
        *note_steps(igm_withdrawal_notes()),
        {"note": "source", "say": "reg.mtx_igm.review", "with": {"review": "=REVIEW.text"}, "rests_on": ["S000"]},
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx_igm.contraception"},
        # What the drug itself requires, carried over from the IIM source and saying so (issue 22): the carrying over
        # is the tool's choice carried_over, never labelled with the source's name (clinical review 5 W2).
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx_igm.before",
         "with": {"carried": "=say('reg.mtx.carried')"}},
        {"note": "source", "say": "reg.mtx_igm.folic", "rests_on": "=FOLIC.sources",
         "with": {"folic": "=num(FOLIC.value)"}},
        # What the prednisolone kept for months requires, carried over from the IIM sources as the plan check
        # carries it to IGM (third clinical review M1): Pneumocystis prophylaxis at S003's dose, and bone.
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx_igm.pjp",
         "when": "=prednisolone_mg_per_day >= PJP_DOSE.value",
         "with": {"dose": "=PJP_DOSE.text", "weeks": "=PJP_WEEKS.text",
                  "carried": "=say('reg.carried_iim', src=join(PJP_DOSE.sources, ', '))"}},
        {"note": "tool_choice", "choice": "carried_over", "say": "reg.mtx_igm.bone",
         "with": {"carried": "=say('reg.carried_iim', src='S002 and S003')"}},
        result_note("mtx.tmp_smx"),
        {"note": "tool_choice", "choice": "mtx_weekly_cap", "say": "reg.mtx.never_above", "with": {"cap": "=CAP.text"}},
    ],
    # The largest line names each drug with its own dose: "25 mg ... once weekly" beside "prednisolone" in the
    # title could be read as prednisolone 25 mg once weekly (clinical review D1).
    "result": {"value": "=mg_per_week", "unit": "mg", "frequency": "=weekly(day)", "route": "by mouth",
               "display": "=say('reg.mtx_igm.display', weekly=n1(mg_per_week), frequency=weekly(day), "
                          "daily=n1(prednisolone_mg_per_day))",
               "rule": "=say('reg.mtx_igm.rule', weekly=WEEKLY.text, daily=DAILY.text)", "source": "S000",
               "sources": "=sources_of(WEEKLY, DAILY)"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="methotrexate_igm", calculate=methotrexate_igm, input_model=MtxIgmInput,
                  figures=(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY, g.IGM_WITHDRAWAL, g.IGM_REVIEW, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=4, recipe=RECIPE)
