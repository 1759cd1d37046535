"""Mycophenolate mofetil starting dose (S002)."""

from __future__ import annotations

import datetime as dt


from .. import guidance as g
from ..sources import S002
from ._base import (
    DoseLine, Regimen, RegimenResult, StartOnly,
)

def mycophenolate(*, start: dt.date | str | None = None) -> RegimenResult:
    """Mycophenolate mofetil 500 mg twice daily to start (S002)."""
    args = StartOnly(start=start)
    dose = g.IIM_MMF_START.value
    return RegimenResult(
        regimen="Mycophenolate mofetil", value=dose, unit="mg", frequency="twice daily", route="by mouth",
        rule=f"start {g.IIM_MMF_START.text()}", source=S002, sources=g.IIM_MMF_START.sources,
        lines=(DoseLine(drug="mycophenolate mofetil", dose=dose, unit="mg", frequency="twice daily",
                        route="by mouth", label="Starting dose", start=args.start),),
        notes=("Starting dose only: the sources give no target or escalation.",
               "Preferred for severe dermatomyositis skin disease or IIM-associated interstitial lung disease "
               "(S002)."),
        inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="mycophenolate", calculate=mycophenolate, input_model=StartOnly, figures=(g.IIM_MMF_START,), order=8)
