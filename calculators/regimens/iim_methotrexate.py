"""Methotrexate for adult IIM: 15 mg rising to 25 mg, once weekly, with folic acid (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..caps import check_methotrexate_weekly
from ..choices import MTX_STEP_MG
from ..errors import format_number
from ..messages import long_date, say
from ..patient import AGE_YEARS
from ..population import adults
from ..sources import S002
from ..statements import choice, source
from ._base import (
    WEEKDAYS,
    DoseLine,
    Regimen,
    RegimenResult,
    add_months,
    bounds_from,
    sources_of,
    weekly,
)

POPULATION = adults("IIM", ("S002",), elsewhere="for juvenile dermatomyositis use the juvenile DM methotrexate "
                    "calculator (15 mg/m² subcutaneously once weekly); the sources give no folic acid dose for "
                    "children")


class MtxIimInput(CalcInput):
    """Inputs of `methotrexate_iim`: start, time to target [months], age [years]."""

    start: LaxDate
    ramp_months: Annotated[int, bounds_from(g.IIM_MTX_RAMP, "months")]
    age_years: Annotated[float | None, Bounds(AGE_YEARS.low, AGE_YEARS.high, "years")] = None


def methotrexate_iim(*, start: dt.date | str, ramp_months: int, age_years: float | None = None) -> RegimenResult:
    """IIM methotrexate for adults: 15 mg once weekly rising to 25 mg once weekly within ``ramp_months``.

    The first dose is on ``start``, and every dose on the same weekday. The
    rise is in 2.5 mg steps at even whole-week intervals (tool choice
    ``mtx_steps``); folic acid 1 mg once daily goes with it (S002).

    Parameters
    ----------
    start : date or ISO text
        Day of the first dose; every dose falls on its weekday [date].
    ramp_months : int
        Months to reach the target, 3-6 [months] (S002).
    age_years : float
        Age, 18 or older [years]; required (the regimen is for adults).

    Returns
    -------
    RegimenResult
        The starting dose [mg once weekly], the dated steps and folic acid.

    Raises
    ------
    InputError
        For a missing age, a patient under 18, or an input outside its range.
    """
    args = MtxIimInput(start=start, ramp_months=ramp_months, age_years=age_years)
    POPULATION.check("methotrexate (IIM)", args.age_years)
    first, target, step = g.IIM_MTX_START.value, g.IIM_MTX_TARGET.value, MTX_STEP_MG
    check_methotrexate_weekly(target, "target")
    n_steps = round((target - first) / step)
    deadline = add_months(args.start, args.ramp_months)
    weeks_available = (deadline - args.start).days // 7
    weeks_per_step = weeks_available // n_steps
    weekday = WEEKDAYS[args.start.weekday()]
    lines = []
    for k in range(n_steps + 1):
        begin = args.start + dt.timedelta(weeks=k * weeks_per_step)
        last = k == n_steps
        end = None if last else begin + dt.timedelta(weeks=weeks_per_step, days=-1)
        label = (say("reg.weeks", first=str(k * weeks_per_step + 1), last=str((k + 1) * weeks_per_step)) if not last
                 else say("reg.from_week", first=str(k * weeks_per_step + 1)))
        lines.append(DoseLine(drug="methotrexate", dose=first + k * step, unit="mg", frequency=weekly(weekday),
                              route="by mouth", label=label, start=begin, end=end))
    lines.append(DoseLine(drug="folic acid", dose=g.IIM_FOLIC.value, unit="mg", frequency="once daily",
                          route="by mouth", label="Throughout", start=args.start))
    reached = lines[n_steps].start
    notes = [
        choice("mtx_steps"),
        choice("mtx_steps", say("reg.mtx_iim.steps", count=str(n_steps), step=format_number(step),
                                weeks=str(weeks_per_step), weekday=weekday, target=g.IIM_MTX_TARGET.text(),
                                reached=long_date(reached), months=str(args.ramp_months), deadline=long_date(deadline),
                                cite=g.IIM_MTX_RAMP.cite(), ramp=g.IIM_MTX_RAMP.text())),
        choice("mtx_weekly_cap", say("reg.mtx.never_above", cap=g.MTX_WEEKLY_CAP.text())),
        source(say("reg.mtx_iim.folic", folic=g.IIM_FOLIC.number_text(), cite=g.IIM_FOLIC.cite()),
               *g.IIM_FOLIC.sources),
        choice("months"),
    ]
    return RegimenResult(
        regimen="Methotrexate (IIM)", value=first, unit="mg", frequency=weekly(weekday), route="by mouth",
        rule=say("reg.mtx_iim.rule", start=g.IIM_MTX_START.text(), target=g.IIM_MTX_TARGET.text(),
                 ramp=g.IIM_MTX_RAMP.text(), folic=g.IIM_FOLIC.text()), source=S002,
        sources=sources_of(g.IIM_MTX_START, g.IIM_MTX_TARGET, g.IIM_MTX_RAMP, g.IIM_FOLIC),
        lines=tuple(lines), notes=tuple(notes), population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="methotrexate_iim", calculate=methotrexate_iim, input_model=MtxIimInput,
                  figures=(g.IIM_MTX_START, g.IIM_MTX_TARGET, g.IIM_MTX_RAMP, g.IIM_FOLIC, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=3)
