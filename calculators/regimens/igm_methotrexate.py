"""Methotrexate with low-dose prednisolone for recurrent or refractory IGM (S000)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..caps import WeeklyMethotrexateBounds
from ..cautions import igm_withdrawal_notes
from ..messages import say
from ..population import Population
from ..sources import S000
from ..statements import choice, source
from ._base import (
    WEEKDAYS,
    DoseLine,
    Regimen,
    RegimenResult,
    bounds_from,
    sources_of,
    weekly,
)

POPULATION = Population(disease="IGM", sources=("S000",))


class MtxIgmInput(CalcInput):
    """Inputs of `methotrexate_igm`: weekly methotrexate [mg], daily prednisolone [mg/day], start."""

    mg_per_week: Annotated[float, WeeklyMethotrexateBounds(g.IGM_MTX_WEEKLY.low, g.IGM_MTX_WEEKLY.high,
                                                           "mg once weekly", source=g.IGM_MTX_WEEKLY.cite())]
    prednisolone_mg_per_day: Annotated[float, bounds_from(g.IGM_PRED_DAILY)]
    start: LaxDate | None = None


def methotrexate_igm(*, mg_per_week: float, prednisolone_mg_per_day: float,
                     start: dt.date | str | None = None) -> RegimenResult:
    """IGM: methotrexate 15-25 mg once weekly with prednisolone 10-20 mg/day, then withdrawal (S000).

    Parameters
    ----------
    mg_per_week : float
        Methotrexate chosen within 15-25 [mg once weekly] (S000); never above 25.
    prednisolone_mg_per_day : float
        Low-dose prednisolone chosen within 10-20 [mg/day] (S000).
    start : date or ISO text, optional
        Day of the first dose; methotrexate falls on its weekday [date].

    Returns
    -------
    RegimenResult
        Methotrexate [mg once weekly] and prednisolone [mg/day] lines, with the withdrawal doubt and the
        checks methotrexate needs.

    Raises
    ------
    InputError
        For a dose outside its range (a weekly dose above 25 mg says why).
    """
    args = MtxIgmInput(mg_per_week=mg_per_week, prednisolone_mg_per_day=prednisolone_mg_per_day, start=start)
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    lines = (
        DoseLine(drug="methotrexate", dose=args.mg_per_week, unit="mg", frequency=weekly(weekday),
                 route="by mouth", start=args.start),
        DoseLine(drug="prednisolone", dose=args.prednisolone_mg_per_day, unit="mg", frequency="once daily",
                 route="by mouth", label="then taper", start=args.start),
    )
    notes = (
        source(say("reg.mtx_igm.chosen", weekly=g.IGM_MTX_WEEKLY.text(), daily=g.IGM_PRED_DAILY.text(),
                   cite=g.IGM_MTX_WEEKLY.cite()), "S000"),
        *igm_withdrawal_notes(),
        source(say("reg.mtx_igm.review", review=g.IGM_REVIEW.text()), "S000"),
        source(say("reg.mtx_igm.contraception"), "S002"),
        choice("mtx_weekly_cap", say("reg.mtx.never_above", cap=g.MTX_WEEKLY_CAP.text())),
    )
    return RegimenResult(
        regimen="Methotrexate with prednisolone (IGM)", value=args.mg_per_week, unit="mg",
        frequency=weekly(weekday), route="by mouth",
        rule=say("reg.mtx_igm.rule", weekly=g.IGM_MTX_WEEKLY.text(), daily=g.IGM_PRED_DAILY.text()), source=S000,
        sources=sources_of(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY), lines=lines, notes=notes,
        population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="methotrexate_igm", calculate=methotrexate_igm, input_model=MtxIgmInput,
                  figures=(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY, g.IGM_WITHDRAWAL, g.IGM_REVIEW, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=4)
