"""Subcutaneous methotrexate for juvenile dermatomyositis (S002, S003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import guidance as g
from ..body_size import body_surface_area
from ..caps import check_methotrexate_weekly
from ..messages import number_text, say
from ..patient import Patient
from ..population import juvenile
from ..sources import S002
from ..statements import choice, reference, source
from ._base import (
    WEEKDAYS,
    CapApplied,
    DoseLine,
    Regimen,
    RegimenResult,
    StartOnly,
    as_patient,
    sources_of,
    weekly,
)

POPULATION = juvenile(("S002", "S003"), elsewhere="for adults use the IIM methotrexate calculator")


def methotrexate_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: subcutaneous methotrexate 15 mg/m² (Mosteller BSA) once weekly, at most 25 mg (tool choice).

    No source caps juvenile DM methotrexate: the 25 mg once weekly ceiling is
    this tool's (``jdm_mtx_cap``), shown when it bites.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``weight`` [kg or lb], ``height`` [cm, m or in] and ``age_years`` [years], under 18.
    start : date or ISO text, optional
        Day of the first dose; every dose falls on its weekday [date].

    Returns
    -------
    RegimenResult
        The weekly dose [mg once weekly], subcutaneous.

    Raises
    ------
    InputError
        For a missing measurement or age, or a patient of 18 or older.
    """
    pt = as_patient(patient)
    args = StartOnly(start=start)
    POPULATION.check("methotrexate (juvenile DM)", pt.age_years)
    bsa = body_surface_area(pt)
    computed = g.JDM_MTX_PER_M2.value * bsa.value
    cap = g.MTX_WEEKLY_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.MTX_WEEKLY_CAP.key, direction="ceiling", limit=cap, unit="mg once weekly",
                               kind="tool_choice", rests_on=("jdm_mtx_cap",), computed=computed, applied=dose))
    check_methotrexate_weekly(dose, "dose")
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    cap_text = say("reg.jdm_mtx.cap", cap=g.MTX_WEEKLY_CAP.text())
    if caps:
        cap_text = say("reg.jdm_mtx.capped", text=cap_text, computed=number_text(computed, 1))
    notes = [reference(say("reg.jdm_mtx.bsa", bsa=bsa.display(), rule=bsa.rule, source=bsa.source.id), bsa.source.id),
             source(say("reg.jdm_mtx.onset", per_m2=g.JDM_MTX_PER_M2.text(), per_kg=g.JDM_PRED_PER_KG.text(),
                        cap=g.JDM_PRED_CAP.text()), *g.JDM_MTX_PER_M2.sources),
             choice("jdm_mtx_cap", cap_text),
             source(say("reg.jdm_mtx.no_folic"), "S002", "S003")]
    line = DoseLine(drug="methotrexate", dose=dose, unit="mg", frequency=weekly(weekday), route="subcutaneous",
                    start=args.start)
    return RegimenResult(
        regimen="Methotrexate (juvenile DM)", value=dose, unit="mg", frequency=weekly(weekday),
        route="subcutaneous", rule=say("reg.jdm_mtx.rule", per_m2=g.JDM_MTX_PER_M2.text(), bsa=bsa.display(),
                                           cap=g.MTX_WEEKLY_CAP.text()), source=S002,
        sources=sources_of(g.JDM_MTX_PER_M2, extra=(bsa.source.id,)), lines=(line,),
        caps_applied=tuple(caps), notes=tuple(notes), population=POPULATION.describe(),
        inputs={"weight_kg": pt.weight_kg, "height_cm": pt.height_cm, "bsa_m2": bsa.value, "age_years": pt.age_years,
                **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="methotrexate_jdm", calculate=methotrexate_jdm, input_model=StartOnly,
                  figures=(g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP),
                  population=POPULATION, order=5)
