"""Rituximab for refractory adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated


from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..sources import S002
from ._base import (
    DoseLine, Regimen, RegimenResult, refuse_children, sources_of,
)

class RituximabInput(CalcInput):
    start: LaxDate | None = None
    age_years: Annotated[float | None, Bounds(0, 120, "years")] = None


def rituximab(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Rituximab 1000 mg IV, two doses 2 weeks apart (adults, S002)."""
    args = RituximabInput(start=start, age_years=age_years)
    refuse_children(args.age_years, "rituximab", g.IIM_RTX_DOSE.cite())
    gap = dt.timedelta(weeks=g.IIM_RTX_GAP.value)
    count = int(g.IIM_RTX_DOSES.value)
    lines = tuple(
        DoseLine(drug="rituximab", dose=g.IIM_RTX_DOSE.value, unit="mg", frequency="once", route="IV",
                 label=f"Dose {i + 1}", start=None if args.start is None else args.start + i * gap,
                 end=None if args.start is None else args.start + i * gap)
        for i in range(count))
    return RegimenResult(
        regimen="Rituximab", value=g.IIM_RTX_DOSE.value, unit="mg", route="IV",
        frequency=f"{count} doses {g.IIM_RTX_GAP.text()} apart",
        rule=f"{g.IIM_RTX_DOSE.text()} x {count}, {g.IIM_RTX_GAP.text()} apart (adults)", source=S002,
        sources=sources_of(g.IIM_RTX_DOSE, g.IIM_RTX_GAP), lines=lines,
        notes=("For refractory disease not controlled by first-line agents (S002).",),
        inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="rituximab", calculate=rituximab, input_model=RituximabInput, figures=(g.IIM_RTX_DOSE, g.IIM_RTX_DOSES, g.IIM_RTX_GAP), order=10)
