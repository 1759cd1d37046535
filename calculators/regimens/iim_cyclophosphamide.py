"""Cyclophosphamide infusion dates; no dose in the sources (S002)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from .. import guidance as g
from .._model import Bounds, CalcInput, LaxDate
from ..drug_safety import result_note
from ..population import adults
from ._base import AgeYears, RegimenResult, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no cyclophosphamide schedule for juvenile "
                    "dermatomyositis, so none is computed")


class CyclophosphamideInput(CalcInput):
    """Inputs of `cyclophosphamide`: start, course [months], age [years]."""

    start: LaxDate
    months: Annotated[int, Bounds(g.IIM_CYC_COURSE.low, g.IIM_CYC_MAX.value, "months",
                                  source=g.IIM_CYC_MAX.cite())]
    age_years: AgeYears = None


def cyclophosphamide(*, start: dt.date | str, months: int, age_years: float | None = None) -> RegimenResult:
    """Cyclophosphamide infusion dates over ``months``. No dose: none in the sources.

    The interval and the course are the registry's ``iim.cyclophosphamide.interval``,
    ``iim.cyclophosphamide.course`` and ``iim.cyclophosphamide.max_course`` (Reference → Figures
    shows their values); the count of infusions is tool choice ``cyclophosphamide_count``.

    Parameters
    ----------
    start : date or ISO text
        Day of the first infusion [date].
    months : int
        Length of the course, from the usual course's shortest to the longest course [months] (S002).
    age_years : float
        Age, 18 or older [years]; required.

    Returns
    -------
    RegimenResult
        The dated infusions, with no dose.

    Raises
    ------
    InputError
        For a missing age, a patient under 18, or a course outside the allowed months.
    """
    return follow(REGIMEN, CyclophosphamideInput(start=start, months=months, age_years=age_years))


RECIPE = {
    "title": "Cyclophosphamide", "called": "cyclophosphamide",
    "label": "Cyclophosphamide: infusion dates",
    "figures": {"INTERVAL": g.IIM_CYC_INTERVAL.key, "COURSE": g.IIM_CYC_COURSE.key, "MAX": g.IIM_CYC_MAX.key},
    "steps": [
        {"population": "=age_years"},
        {"let": {"interval": "=INTERVAL.value * 7"}},
        # whole 4-week cycles within the course, never more infusions than months (tool choice
        # ``cyclophosphamide_count``): 12 months fits 13 cycles, which no prescriber expects (review W3)
        {"let": {"cycles": "=(add_months(start, months) - start) // interval"}},
        {"let": {"count": "=months if cycles > months else cycles"}},
        {"repeat": "=count", "as": "i", "steps": [
            {"line": {"drug": "cyclophosphamide", "dose": None, "unit": "mg", "frequency": "once",
                      "route": "IV infusion", "label": "=say('reg.infusion_n', n=str(i + 1))",
                      "start": "=start + i * interval", "end": "=start + i * interval"}}]},
        {"note": "source", "say": "reg.cyc.no_dose", "rests_on": ["S002", "S003"]},
        {"note": "tool_choice", "choice": "cyclophosphamide_count"},
        {"note": "tool_choice", "choice": "months"},
        {"note": "source", "say": "reg.cyc.severe", "rests_on": ["S002"]},
        *pjp_multiple_notes("cyclophosphamide"),
        result_note("cyc.teratogen"),
        {"note": "source", "say": "reg.cyc.longer", "rests_on": ["S002"], "when": "=months > COURSE.high",
         "with": {"months": "=str(months)", "course": "=COURSE.text", "max": "=MAX.text"}},
    ],
    "result": {"value": None, "unit": "mg", "frequency": "=say('reg.cyc.frequency', interval=INTERVAL.text)",
               "route": "IV infusion", "rule": "=say('reg.cyc.rule', interval=INTERVAL.text, months=str(months), "
                                               "course=COURSE.text, max=MAX.text)",
               "source": "S002", "sources": "=sources_of(INTERVAL, COURSE, MAX)"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="cyclophosphamide", calculate=cyclophosphamide, input_model=CyclophosphamideInput,
                  figures=(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX),
                  population=POPULATION, order=11, recipe=RECIPE)
