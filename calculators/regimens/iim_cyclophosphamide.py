"""Cyclophosphamide infusion dates; no dose in the sources (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated


from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..choices import TOOL_CHOICES
from ..sources import S002
from ._base import (
    DoseLine, Regimen, RegimenResult, add_months, sources_of,
)

class CyclophosphamideInput(CalcInput):
    start: LaxDate
    months: Annotated[int, Bounds(g.IIM_CYC_COURSE.low, g.IIM_CYC_MAX.value, "months",
                                  source=g.IIM_CYC_MAX.cite())]


def cyclophosphamide(*, start: dt.date | str, months: int) -> RegimenResult:
    """Cyclophosphamide infusion dates, every 4 weeks for ``months`` (3-6, up to 12). No dose: none in the sources."""
    args = CyclophosphamideInput(start=start, months=months)
    interval = dt.timedelta(weeks=g.IIM_CYC_INTERVAL.value)
    end = add_months(args.start, args.months)
    count = (end - args.start) // interval
    lines = tuple(DoseLine(drug="cyclophosphamide", dose=None, unit="mg", frequency="once", route="IV infusion",
                           label=f"Infusion {i + 1}", start=args.start + i * interval,
                           end=args.start + i * interval) for i in range(count))
    notes = ["The sources give no cyclophosphamide dose: this is the schedule only; take the dose from a "
             "specialist protocol.",
             TOOL_CHOICES["cyclophosphamide_count"], TOOL_CHOICES["months"],
             "For severe interstitial lung disease or refractory disease (S002)."]
    if args.months > g.IIM_CYC_COURSE.high:
        notes.append(f"{args.months} months is longer than the usual {g.IIM_CYC_COURSE.text()}; the source allows "
                     f"up to {g.IIM_CYC_MAX.text()}.")
    return RegimenResult(
        regimen="Cyclophosphamide", value=None, unit="mg", frequency=f"every {g.IIM_CYC_INTERVAL.text()}",
        route="IV infusion", rule=f"infusion every {g.IIM_CYC_INTERVAL.text()} for {args.months} months "
        f"(usual {g.IIM_CYC_COURSE.text()}, at most {g.IIM_CYC_MAX.text()})", source=S002,
        sources=sources_of(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX), lines=lines, notes=tuple(notes),
        inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="cyclophosphamide", calculate=cyclophosphamide, input_model=CyclophosphamideInput, figures=(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX), order=11)
