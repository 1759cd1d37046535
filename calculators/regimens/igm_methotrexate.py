"""Methotrexate with low-dose prednisolone for recurrent or refractory IGM (S000)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated


from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..caps import WeeklyMethotrexateBounds
from ..sources import S000
from ._base import (
    WEEKDAYS, DoseLine, Regimen, RegimenResult, bounds_from,
    sources_of, weekly,
)

class MtxIgmInput(CalcInput):
    mg_per_week: Annotated[float, WeeklyMethotrexateBounds(g.IGM_MTX_WEEKLY.low, g.IGM_MTX_WEEKLY.high,
                                                           "mg once weekly", source=g.IGM_MTX_WEEKLY.cite())]
    prednisolone_mg_per_day: Annotated[float, bounds_from(g.IGM_PRED_DAILY)]
    start: LaxDate | None = None


def methotrexate_igm(*, mg_per_week: float, prednisolone_mg_per_day: float,
                     start: dt.date | str | None = None) -> RegimenResult:
    """IGM: methotrexate 15-25 mg once weekly with prednisolone 10-20 mg/day, then taper (S000)."""
    args = MtxIgmInput(mg_per_week=mg_per_week, prednisolone_mg_per_day=prednisolone_mg_per_day, start=start)
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    lines = (
        DoseLine(drug="methotrexate", dose=args.mg_per_week, unit="mg", frequency=weekly(weekday),
                 route="by mouth", start=args.start),
        DoseLine(drug="prednisolone", dose=args.prednisolone_mg_per_day, unit="mg", frequency="once daily",
                 route="by mouth", label="then taper", start=args.start),
    )
    notes = (
        f"Methotrexate {g.IGM_MTX_WEEKLY.text()} with prednisolone {g.IGM_PRED_DAILY.text()} ({g.IGM_MTX_WEEKLY.cite()}); "
        "the clinician chose both doses.",
        f"When stopping prednisolone, withdraw it over {g.IGM_WITHDRAWAL.text()} (S000): a short IGM taper, "
        "not the IIM taper.",
        f"Check response every {g.IGM_REVIEW.text()} (S000).",
        f"Never above {g.MTX_WEEKLY_CAP.text()}; there is no daily methotrexate.",
    )
    return RegimenResult(
        regimen="Methotrexate with prednisolone (IGM)", value=args.mg_per_week, unit="mg",
        frequency=weekly(weekday), route="by mouth",
        rule=f"methotrexate {g.IGM_MTX_WEEKLY.text()} + prednisolone {g.IGM_PRED_DAILY.text()}", source=S000,
        sources=sources_of(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY), lines=lines, notes=notes,
        inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="methotrexate_igm", calculate=methotrexate_igm, input_model=MtxIgmInput, figures=(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY, g.IGM_WITHDRAWAL, g.IGM_REVIEW, g.MTX_WEEKLY_CAP), order=4)
