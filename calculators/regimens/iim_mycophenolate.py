"""Mycophenolate mofetil starting dose (S002)."""

from __future__ import annotations

import datetime as dt

from .. import guidance as g
from ..drug_safety import result_note
from ..population import adults
from ._base import RegimenResult, StartAndAge, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no mycophenolate dose for juvenile "
                    "dermatomyositis, so none is computed")


def mycophenolate(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Mycophenolate mofetil's starting dose, twice daily, for adults (S002).

    The dose is the registry's ``iim.mmf.start`` (Reference → Figures shows its value): no dose is
    written here, so none goes stale when an editor changes it.

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
    return follow(REGIMEN, StartAndAge(start=start, age_years=age_years))


RECIPE = {
    "title": "Mycophenolate mofetil", "called": "mycophenolate",
    "label": "Mycophenolate mofetil",
    "figures": {"MMF": g.IIM_MMF_START.key},
    "steps": [
        {"population": "=age_years"},
        {"line": {"drug": "mycophenolate mofetil", "dose": "=MMF.value", "unit": "mg", "frequency": "twice daily",
                  "route": "by mouth", "label": "Starting dose", "start": "=start"}},
        {"note": "source", "say": "reg.mmf.start_only", "rests_on": ["S002", "S003"]},
        {"note": "source", "say": "reg.mmf.preferred", "rests_on": ["S002"]},
        # S002's Pneumocystis prophylaxis with several immunosuppressants is about the drugs given together: this
        # result printed alone carries it, as the prednisone result does (third clinical review M7).
        *pjp_multiple_notes("mycophenolate"),
        result_note("mmf.teratogen"),
    ],
    "result": {"value": "=MMF.value", "unit": "mg", "frequency": "twice daily", "route": "by mouth",
               "rule": "=say('reg.start', dose=MMF.text)", "source": "S002", "sources": "=MMF.sources"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="mycophenolate", calculate=mycophenolate, input_model=StartAndAge, figures=(g.IIM_MMF_START,),
                  population=POPULATION, order=8, recipe=RECIPE)
