"""Rituximab for refractory adult IIM (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..drug_safety import result_note
from ..population import adults
from ._base import RegimenResult, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="S002 gives rituximab for adults only; no dose is computed for "
                    "a child")

class RituximabInput(CalcInput):
    """Inputs of `rituximab`: start, age [years]."""

    start: LaxDate | None = None
    age_years: Annotated[float | None, Bounds(0, 120, "years")] = None


def rituximab(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Rituximab IV for adults: the dose, given twice, the doses apart by the interval (S002).

    The figures are the registry's ``iim.rituximab.dose``, ``iim.rituximab.doses`` and
    ``iim.rituximab.interval`` (Reference → Figures shows their values).

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
    return follow(REGIMEN, RituximabInput(start=start, age_years=age_years))


RECIPE = {
    "title": "Rituximab", "called": "rituximab",
    "label": "Rituximab",
    "figures": {"DOSE": g.IIM_RTX_DOSE.key, "GAP": g.IIM_RTX_GAP.key, "COUNT": g.IIM_RTX_DOSES.key},
    "steps": [
        {"population": "=age_years"},
        {"repeat": "=int(COUNT.value)", "as": "i", "steps": [
            {"line": {"drug": "rituximab", "dose": "=DOSE.value", "unit": "mg", "frequency": "once", "route": "IV",
                      "label": "=say('reg.dose_n', n=str(i + 1))", "start": "=later(start, i * GAP.value * 7)",
                      "end": "=later(start, i * GAP.value * 7)"}}]},
        {"note": "source", "say": "reg.rtx.refractory", "rests_on": ["S002"]},
        # S002's Pneumocystis prophylaxis with several immunosuppressants is about the drugs given together: this
        # result printed alone carries it, as the prednisone result does (third clinical review M7).
        *pjp_multiple_notes("rituximab"),
        # The sources say nothing on hepatitis B before rituximab; the label's boxed warning does (review M10). The
        # plan checks say it too, from the same row of calculators.drug_safety (clinical review 4, D1).
        result_note("rtx.hbv"),
    ],
    "result": {"value": "=DOSE.value", "unit": "mg", "route": "IV",
               "frequency": "=say('reg.rtx.frequency', count=str(int(COUNT.value)), gap=GAP.text)",
               "rule": "=say('reg.rtx.rule', dose=DOSE.text, count=str(int(COUNT.value)), gap=GAP.text)",
               "source": "S002", "sources": "=sources_of(DOSE, GAP)"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="rituximab", calculate=rituximab, input_model=RituximabInput,
                  figures=(g.IIM_RTX_DOSE, g.IIM_RTX_DOSES, g.IIM_RTX_GAP),
                  population=POPULATION, order=10, recipe=RECIPE)
