"""Cyclosporine or tacrolimus: no dose in the sources (S002, S003)."""

from __future__ import annotations

from typing import Literal

from .._model import CalcInput
from ..messages import say
from ..population import Population
from ..sources import S002
from ..statements import source
from ._base import Regimen, RegimenResult

POPULATION = Population(disease="IIM", sources=("S002", "S003"))


class CalcineurinInput(CalcInput):
    """Inputs of `calcineurin_inhibitor`: which drug."""

    drug: Literal["cyclosporine", "tacrolimus"]


def calcineurin_inhibitor(*, drug: str) -> RegimenResult:
    """Cyclosporine or tacrolimus: no dose in the sources; reserved for severe, refractory disease (S002)."""
    args = CalcineurinInput(drug=drug)
    return RegimenResult(
        regimen=args.drug.capitalize(), value=None, unit="mg", frequency="not given in the sources", route="",
        rule=say("reg.cni.rule"), source=S002, sources=("S002", "S003"),
        notes=(source(say("reg.cni.none"), "S002", "S003"),
               source(say("reg.cni.reserved"), "S002"),
               source(say("reg.cni.s003"), "S003")),
        population=POPULATION.describe(), inputs=args.model_dump(mode="json"),
    )


REGIMEN = Regimen(name="calcineurin_inhibitor", calculate=calcineurin_inhibitor, input_model=CalcineurinInput,
                  figures=(),
                  population=POPULATION, order=12)
