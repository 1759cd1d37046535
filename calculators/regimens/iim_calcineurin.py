"""Cyclosporine or tacrolimus: no dose in the sources (S002, S003)."""

from __future__ import annotations

from typing import Literal


from .._model import CalcInput
from ..sources import S002
from ._base import (
    Regimen, RegimenResult,
)

class CalcineurinInput(CalcInput):
    drug: Literal["cyclosporine", "tacrolimus"]


def calcineurin_inhibitor(*, drug: str) -> RegimenResult:
    """Cyclosporine or tacrolimus: no dose in the sources; reserved for severe, refractory disease (S002)."""
    args = CalcineurinInput(drug=drug)
    return RegimenResult(
        regimen=args.drug.capitalize(), value=None, unit="mg", frequency="not given in the sources", route="",
        rule="no dose in the sources; reserved for severe, refractory disease", source=S002, sources=("S002", "S003"),
        notes=("The sources give no dose for cyclosporine or tacrolimus.",
               "Reserved for severe, refractory disease because of serious adverse effects, hypertension and "
               "renal insufficiency among them (S002).",
               "S003 lists cyclosporine among the agents added to IV methylprednisolone for severe disease."),
        inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="calcineurin_inhibitor", calculate=calcineurin_inhibitor, input_model=CalcineurinInput, figures=(), order=12)
