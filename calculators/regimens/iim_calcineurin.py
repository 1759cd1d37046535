"""Cyclosporine or tacrolimus: no dose in the sources (S002, S003)."""

from __future__ import annotations

from typing import Literal

from .._model import CalcInput
from ..population import Population
from ._base import RegimenResult, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = Population(disease="IIM", sources=("S002", "S003"))


class CalcineurinInput(CalcInput):
    """Inputs of `calcineurin_inhibitor`: which drug."""

    drug: Literal["cyclosporine", "tacrolimus"]


def calcineurin_inhibitor(*, drug: str) -> RegimenResult:
    """Cyclosporine or tacrolimus: no dose in the sources; reserved for severe, refractory disease (S002).

    Parameters
    ----------
    drug : str
        ``cyclosporine`` or ``tacrolimus`` [text].

    Returns
    -------
    RegimenResult
        No dose: what the sources say of the drug, each note of its kind.
    """
    return follow(REGIMEN, CalcineurinInput(drug=drug))


RECIPE = {
    "title": "Cyclosporine or tacrolimus", "called": "cyclosporine or tacrolimus",
    "label": "Cyclosporine or tacrolimus",
    "steps": [
        {"note": "source", "say": "reg.cni.none", "rests_on": ["S002", "S003"]},
        {"note": "source", "say": "reg.cni.reserved", "rests_on": ["S002"]},
        {"note": "source", "say": "reg.cni.s003", "rests_on": ["S003"]},
        *pjp_multiple_notes("=drug"),
    ],
    "result": {"regimen": "=capitalize(drug)", "value": None, "unit": "mg", "frequency": "=say('reg.cni.frequency')",
               "route": "", "rule": "=say('reg.cni.rule')", "source": "S002", "sources": ["S002", "S003"]},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="calcineurin_inhibitor", calculate=calcineurin_inhibitor, input_model=CalcineurinInput,
                  figures=(),
                  population=POPULATION, order=12, recipe=RECIPE)
