"""Mycophenolate mofetil starting dose (S002)."""

from __future__ import annotations

import datetime as dt

from .. import guidance as g
from ..messages import say
from ..population import adults
from ..sources import S002
from ..statements import source
from ._base import DoseLine, Regimen, RegimenResult, StartAndAge

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no mycophenolate dose for juvenile "
                    "dermatomyositis, so none is computed")


def mycophenolate(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Mycophenolate mofetil 500 mg twice daily to start, for adults (S002).

    Parameters
    ----------
    start : date or ISO text, optional
        First day [date].
    age_years : float
        Age, 18 or older [years]; required.

    Returns
    -------
    RegimenResult
        The starting dose [mg twice daily]; the sources give no target.

    Raises
    ------
    InputError
        For a missing age or a patient under 18.
    """
    args = StartAndAge(start=start, age_years=age_years)
    POPULATION.check("mycophenolate", args.age_years)
    dose = g.IIM_MMF_START.value
    return RegimenResult(
        regimen="Mycophenolate mofetil", value=dose, unit="mg", frequency="twice daily", route="by mouth",
        rule=say("reg.start", dose=g.IIM_MMF_START.text()), source=S002, sources=g.IIM_MMF_START.sources,
        lines=(DoseLine(drug="mycophenolate mofetil", dose=dose, unit="mg", frequency="twice daily",
                        route="by mouth", label="Starting dose", start=args.start),),
        notes=(source(say("reg.mmf.start_only"), "S002", "S003"), source(say("reg.mmf.preferred"), "S002")),
        population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="mycophenolate", calculate=mycophenolate, input_model=StartAndAge, figures=(g.IIM_MMF_START,),
                  population=POPULATION, order=8)
