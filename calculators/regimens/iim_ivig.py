"""IVIG on ideal body weight over two days (S002)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..body_size import ShortStature, ideal_body_weight
from ..errors import InputError, format_number
from ..messages import number_text, say
from ..patient import Patient
from ..population import adults
from ..sources import S002
from ..statements import Note, reference, source
from ._base import DoseLine, Regimen, RegimenResult, as_patient, bounds_from, sources_of

POPULATION = adults("IIM", ("S002",), elsewhere="the sources give no IVIG dose for juvenile dermatomyositis, "
                    "so none is computed")

class IvigInput(CalcInput):
    """Inputs of `ivig`: course total [g/kg], short-stature rule, start."""

    g_per_kg_total: Annotated[float, bounds_from(g.IIM_IVIG_TOTAL)]
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None


def ivig(patient: Patient | Mapping[str, Any], *, g_per_kg_total: float, below_60_in: ShortStature | None = None,
         start: dt.date | str | None = None) -> RegimenResult:
    """IVIG ``g_per_kg_total`` (1-2 g/kg) of ideal body weight, split evenly over 2 consecutive days (adults).

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``height`` [cm, m or in], ``sex`` and ``age_years`` [years], 18 or older; ``weight`` [kg or lb]
        only for the comparison with actual weight.
    g_per_kg_total : float
        Course total chosen within 1-2 [g/kg of ideal body weight] (S002).
    below_60_in : str, optional
        What to do for a height under 60 in [policy], see :func:`calculators.ideal_body_weight`.
    start : date or ISO text, optional
        First infusion day [date].

    Returns
    -------
    RegimenResult
        The dose a day [g/day], one line per day.

    Raises
    ------
    InputError
        For a missing measurement or age, a patient under 18, or a total outside 1-2 g/kg.
    """
    pt = as_patient(patient)
    args = IvigInput(g_per_kg_total=g_per_kg_total, below_60_in=below_60_in, start=start)
    POPULATION.check("IVIG", pt.age_years)
    ibw = ideal_body_weight(pt, below_60_in=args.below_60_in)
    days = int(g.IIM_IVIG_DAYS.value)
    per_kg_day = args.g_per_kg_total / days
    if per_kg_day > g.IIM_IVIG_DAILY.value:  # cannot happen within the 1-2 g/kg bounds; kept as a guard
        raise InputError("g_per_kg_total", args.g_per_kg_total, g.IIM_IVIG_TOTAL.text(),
                         reason=say("reg.ivig.more_than", daily=g.IIM_IVIG_DAILY.text()),
                         source=g.IIM_IVIG_DAILY.cite())
    per_day = per_kg_day * ibw.value
    notes: list[Note] = [
        source(say("reg.ivig.ibw", ibw=ibw.display(), rule=ibw.rule, source=ibw.source.id), "S002"),
        *ibw.notes,
        source(say("reg.ivig.chosen", total=format_number(args.g_per_kg_total), range=g.IIM_IVIG_TOTAL.text(),
                   per_day=format_number(per_kg_day), days=str(days)), "S002")]
    if pt.weight_kg is not None and pt.weight_kg < ibw.value:
        notes.append(reference(say("reg.ivig.actual", weight=number_text(pt.weight_kg, 1),
                                   per_day=number_text(per_kg_day * pt.weight_kg, 1)), ibw.source.id))
    lines = tuple(
        DoseLine(drug="IVIG", dose=per_day, unit="g", frequency="once daily", route="IV",
                 label=say("reg.day", n=str(i + 1)),
                 start=None if args.start is None else args.start + dt.timedelta(days=i),
                 end=None if args.start is None else args.start + dt.timedelta(days=i))
        for i in range(days))
    return RegimenResult(
        regimen="IVIG", value=per_day, unit="g/day", frequency=say("reg.ivig.frequency", days=str(days)), route="IV",
        rule=say("reg.ivig.rule", total=format_number(args.g_per_kg_total), ibw=ibw.display(), days=str(days)),
        source=S002, sources=sources_of(g.IIM_IVIG_TOTAL, g.IIM_IVIG_DAILY, extra=(ibw.source.id,)), lines=lines,
        notes=tuple(notes), population=POPULATION.describe(),
        inputs={"ideal_body_weight_kg": ibw.value, "weight_kg": pt.weight_kg, "age_years": pt.age_years,
                **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="ivig", calculate=ivig, input_model=IvigInput,
                  figures=(g.IIM_IVIG_TOTAL, g.IIM_IVIG_DAILY, g.IIM_IVIG_DAYS),
                  population=POPULATION, order=9)
