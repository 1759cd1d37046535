"""Azathioprine on ideal body weight, only with a TPMT result (S002, S003; CPIC 2018)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..body_size import ShortStature, ideal_body_weight
from ..errors import InputError
from ..messages import number_text, say
from ..patient import Patient
from ..population import adults
from ..sources import CPIC_THIOPURINE_2018, S002
from ..statements import Note, reference, source
from ._base import DoseLine, Regimen, RegimenResult, as_patient, sources_of

POPULATION = adults("IIM", ("S002", "S003"), elsewhere="the sources give no azathioprine dose for juvenile "
                    "dermatomyositis, so none is computed")

Tpmt = Literal["normal", "intermediate", "low-absent", "unknown"]
AZA_INTERMEDIATE_HEADLINE = ("daily, in divided doses, as the full target only: TPMT intermediate, "
                             "so start at the reduced range below")


class AzathioprineInput(CalcInput):
    """Inputs of `azathioprine`: TPMT result, short-stature rule, start."""

    tpmt: Tpmt
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None

    field_help: ClassVar[dict[str, str]] = {"tpmt": "'normal', 'intermediate', 'low-absent' or 'unknown'"}


CPIC_INTERMEDIATE = (
    "TPMT intermediate (reduced activity): CPIC (Relling et al. 2019) recommends starting at "
    f"{g.AZA_CPIC_INTERMEDIATE.number_text()}% of the normal starting dose when that dose is 2-3 mg/kg/day, "
    "and adjusting by myelosuppression, allowing 2-4 weeks to reach steady state after each change. "
    "NUDT15 is not assessed here; a patient intermediate for both genes needs a larger reduction."
)
CPIC_POOR = (
    "TPMT low or absent (poor metabolizer): for non-malignant conditions such as IIM and IGM, CPIC "
    "(Relling et al. 2019) recommends considering an alternative, non-thiopurine immunosuppressant. Its "
    "drastically reduced regimen (daily dose cut 10-fold, given three times a week) is for malignant "
    "conditions; no azathioprine dose is given here."
)


def azathioprine(patient: Patient | Mapping[str, Any], *, tpmt: str,
                 below_60_in: ShortStature | None = None, start: dt.date | str | None = None) -> RegimenResult:
    """Azathioprine target 2 mg/kg ideal body weight (Devine) a day in divided doses, only with a TPMT result.

    ``tpmt='unknown'`` is refused (S002, S003 require the result first). An
    intermediate result gives the CPIC reduced starting range beside the
    target; a low/absent result gives no dose.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``height`` [cm, m or in], ``sex`` and ``age_years`` [years], 18 or older; ``weight`` [kg or lb]
        only to compare with ideal body weight.
    tpmt : str
        TPMT result: ``normal``, ``intermediate`` or ``low-absent`` (``unknown`` is refused).
    below_60_in : str, optional
        What to do for a height under 60 in [policy], see :func:`calculators.ideal_body_weight`.
    start : date or ISO text, optional
        First day [date].

    Returns
    -------
    RegimenResult
        The daily target [mg/day], or no dose for a low or absent TPMT.

    Raises
    ------
    InputError
        For a missing TPMT result, measurement or age, or a patient under 18.
    """
    pt = as_patient(patient)
    args = AzathioprineInput(tpmt=tpmt, below_60_in=below_60_in, start=start)
    POPULATION.check("azathioprine", pt.age_years)
    if args.tpmt == "unknown":
        raise InputError("tpmt", "unknown", "'normal', 'intermediate' or 'low-absent'",
                         reason=say("reg.aza.tpmt_needed"),
                         source=g.IIM_AZA_PER_KG_IBW.cite())
    ibw = ideal_body_weight(pt, below_60_in=args.below_60_in)
    target = g.IIM_AZA_PER_KG_IBW.value * ibw.value
    notes: list[Note] = [
        source(say("reg.aza.ibw", ibw=ibw.display(), rule=ibw.rule, source=ibw.source.id), "S002", "S003"),
        *ibw.notes,
        source(say("reg.aza.igm"), "S000", "S002", "S003")]
    if pt.weight_kg is not None and pt.weight_kg < ibw.value:
        notes.append(reference(say("reg.below_ibw", weight=number_text(pt.weight_kg, 1)), ibw.source.id))
    lines: list[DoseLine] = []
    sources = sources_of(g.IIM_AZA_PER_KG_IBW, extra=(ibw.source.id,))
    value: float | None = target
    rule = say("reg.aza.rule", per_kg=g.IIM_AZA_PER_KG_IBW.text(), ibw=ibw.display())
    headline_frequency = say("reg.aza.frequency")
    if args.tpmt == "normal":
        lines.append(DoseLine(drug="azathioprine", dose=target, unit="mg", frequency=say("reg.aza.frequency"),
                              route="by mouth", label="Target", start=args.start))
    elif args.tpmt == "intermediate":
        low = g.AZA_CPIC_INTERMEDIATE.low / 100 * target
        high = g.AZA_CPIC_INTERMEDIATE.high / 100 * target
        notes.append(reference(CPIC_INTERMEDIATE, CPIC_THIOPURINE_2018.id))
        notes.append(reference(say("reg.aza.reduced", low=number_text(low, 1), high=number_text(high, 1),
                                   percent=g.AZA_CPIC_INTERMEDIATE.text(), target=number_text(target, 1)),
                               CPIC_THIOPURINE_2018.id))
        lines.append(DoseLine(drug="azathioprine", dose=low, unit="mg", frequency=say("reg.aza.frequency"),
                              route="by mouth", label="Reduced start, lowest (CPIC)", start=args.start))
        lines.append(DoseLine(drug="azathioprine", dose=high, unit="mg", frequency=say("reg.aza.frequency"),
                              route="by mouth", label="Reduced start, highest (CPIC)", start=args.start))
        sources = sources_of(g.IIM_AZA_PER_KG_IBW, g.AZA_CPIC_INTERMEDIATE, extra=(ibw.source.id,))
        # The headline is the full target; with reduced TPMT activity it must never read as the start.
        headline_frequency = AZA_INTERMEDIATE_HEADLINE
    else:
        value = None
        notes.append(reference(CPIC_POOR, CPIC_THIOPURINE_2018.id))
        sources = sources_of(g.IIM_AZA_PER_KG_IBW, extra=(ibw.source.id, CPIC_THIOPURINE_2018.id))
        rule = say("reg.aza.rule.poor")
    return RegimenResult(
        regimen="Azathioprine", value=value, unit="mg/day", frequency=headline_frequency, route="by mouth",
        rule=rule, source=S002, sources=sources, lines=tuple(lines), notes=tuple(notes),
        population=POPULATION.describe(),
        inputs={"ideal_body_weight_kg": ibw.value, "age_years": pt.age_years, **args.model_dump(mode="json")},
    )


REGIMEN = Regimen(name="azathioprine", calculate=azathioprine, input_model=AzathioprineInput,
                  figures=(g.IIM_AZA_PER_KG_IBW, g.AZA_CPIC_INTERMEDIATE),
                  population=POPULATION, order=7)
