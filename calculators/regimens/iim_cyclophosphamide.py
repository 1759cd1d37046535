"""Cyclophosphamide infusion dates; no dose in the sources (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..messages import say
from ..population import adults
from ..sources import S002
from ..statements import choice, source
from ._base import AgeYears, DoseLine, Regimen, RegimenResult, add_months, sources_of

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no cyclophosphamide schedule for juvenile "
                    "dermatomyositis, so none is computed")


class CyclophosphamideInput(CalcInput):
    """Inputs of `cyclophosphamide`: start, course [months], age [years]."""

    start: LaxDate
    months: Annotated[int, Bounds(g.IIM_CYC_COURSE.low, g.IIM_CYC_MAX.value, "months",
                                  source=g.IIM_CYC_MAX.cite())]
    age_years: AgeYears = None


def cyclophosphamide(*, start: dt.date | str, months: int, age_years: float | None = None) -> RegimenResult:
    """Cyclophosphamide infusion dates, every 4 weeks for ``months`` (3-6, up to 12). No dose: none in the sources.

    Parameters
    ----------
    start : date or ISO text
        Day of the first infusion [date].
    months : int
        Length of the course, 3-12 [months] (S002: usually 3-6).
    age_years : float
        Age, 18 or older [years]; required.

    Returns
    -------
    RegimenResult
        The dated infusions, with no dose.

    Raises
    ------
    InputError
        For a missing age, a patient under 18, or a course outside 3-12 months.
    """
    args = CyclophosphamideInput(start=start, months=months, age_years=age_years)
    POPULATION.check("cyclophosphamide", args.age_years)
    interval = dt.timedelta(weeks=g.IIM_CYC_INTERVAL.value)
    end = add_months(args.start, args.months)
    count = (end - args.start) // interval
    lines = tuple(DoseLine(drug="cyclophosphamide", dose=None, unit="mg", frequency="once", route="IV infusion",
                           label=say("reg.infusion_n", n=str(i + 1)), start=args.start + i * interval,
                           end=args.start + i * interval) for i in range(count))
    notes = [source(say("reg.cyc.no_dose"), "S002", "S003"),
             choice("cyclophosphamide_count"), choice("months"),
             source(say("reg.cyc.severe"), "S002")]
    if args.months > g.IIM_CYC_COURSE.high:
        notes.append(source(say("reg.cyc.longer", months=str(args.months), course=g.IIM_CYC_COURSE.text(),
                                max=g.IIM_CYC_MAX.text()), "S002"))
    return RegimenResult(
        regimen="Cyclophosphamide", value=None, unit="mg",
        frequency=say("reg.cyc.frequency", interval=g.IIM_CYC_INTERVAL.text()),
        route="IV infusion", rule=say("reg.cyc.rule", interval=g.IIM_CYC_INTERVAL.text(),
                                    months=str(args.months), course=g.IIM_CYC_COURSE.text(),
                                    max=g.IIM_CYC_MAX.text()), source=S002,
        sources=sources_of(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX), lines=lines, notes=tuple(notes),
        population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="cyclophosphamide", calculate=cyclophosphamide, input_model=CyclophosphamideInput,
                  figures=(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX),
                  population=POPULATION, order=11)
