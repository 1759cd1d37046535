"""Rituximab for refractory adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..messages import say
from ..population import adults
from ..sources import S002
from ..statements import source
from ._base import DoseLine, Regimen, RegimenResult, sources_of

POPULATION = adults("IIM", ("S002",), elsewhere="S002 gives rituximab for adults only; no dose is computed for "
                    "a child")

class RituximabInput(CalcInput):
    """Inputs of `rituximab`: start, age [years]."""

    start: LaxDate | None = None
    age_years: Annotated[float | None, Bounds(0, 120, "years")] = None


def rituximab(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Rituximab 1000 mg IV, two doses 2 weeks apart (adults, S002).

    Parameters
    ----------
    start : date or ISO text, optional
        Day of the first dose [date].
    age_years : float
        Age, 18 or older [years]; required.

    Returns
    -------
    RegimenResult
        The dose [mg] and the two dated doses.

    Raises
    ------
    InputError
        For a missing age or a patient under 18.
    """
    args = RituximabInput(start=start, age_years=age_years)
    POPULATION.check("rituximab", args.age_years)
    gap = dt.timedelta(weeks=g.IIM_RTX_GAP.value)
    count = int(g.IIM_RTX_DOSES.value)
    lines = tuple(
        DoseLine(drug="rituximab", dose=g.IIM_RTX_DOSE.value, unit="mg", frequency="once", route="IV",
                 label=say("reg.dose_n", n=str(i + 1)), start=None if args.start is None else args.start + i * gap,
                 end=None if args.start is None else args.start + i * gap)
        for i in range(count))
    return RegimenResult(
        regimen="Rituximab", value=g.IIM_RTX_DOSE.value, unit="mg", route="IV",
        frequency=say("reg.rtx.frequency", count=str(count), gap=g.IIM_RTX_GAP.text()),
        rule=say("reg.rtx.rule", dose=g.IIM_RTX_DOSE.text(), count=str(count), gap=g.IIM_RTX_GAP.text()), source=S002,
        sources=sources_of(g.IIM_RTX_DOSE, g.IIM_RTX_GAP), lines=lines,
        notes=(source(say("reg.rtx.refractory"), "S002"),),
        population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="rituximab", calculate=rituximab, input_model=RituximabInput,
                  figures=(g.IIM_RTX_DOSE, g.IIM_RTX_DOSES, g.IIM_RTX_GAP),
                  population=POPULATION, order=10)
