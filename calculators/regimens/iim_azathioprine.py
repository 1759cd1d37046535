"""Azathioprine on ideal body weight, only with a TPMT result (S002, S003; CPIC, 2018 update)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from .. import guidance as g
from .._model import CalcInput, LaxDate
from ..body_size import ShortStature
from ..choices import AZA_TABLET_STEP_MG
from ..drug_safety import result_note
from ..patient import Patient
from ..population import adults
from ..sources import CPIC_THIOPURINE_2018
from ._base import IBW_NOTES, RegimenResult, as_patient, pjp_multiple_notes
from ._regimen import Regimen
from .recipe import follow

POPULATION = adults("IIM", ("S002", "S003"), elsewhere="the sources give no azathioprine dose for juvenile "
                    "dermatomyositis, so none is computed")

Tpmt = Literal["normal", "intermediate", "low-absent", "unknown"]


class AzathioprineInput(CalcInput):
    """Inputs of `azathioprine`: TPMT result, short-stature rule, start."""

    tpmt: Tpmt
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None

    field_help: ClassVar[dict[str, str]] = {"tpmt": "'normal', 'intermediate', 'low-absent' or 'unknown'"}


def azathioprine(patient: Patient | Mapping[str, Any], *, tpmt: str,
                 below_60_in: ShortStature | None = None, start: dt.date | str | None = None) -> RegimenResult:
    """Azathioprine's daily target per kg of ideal body weight (Devine), in divided doses, only with a TPMT result.

    The target is the registry's ``iim.aza.target_per_kg_ibw``, CPIC's figures its ``aza.cpic.*`` and
    ``aza.tpmt.*`` keys (Reference → Figures shows their values).

    ``tpmt='unknown'`` is refused (S002, S003 require the result first). An
    intermediate result gives the CPIC reduced starting range as the headline
    (``value`` to ``high``), with the full target in its words; a low/absent
    result gives no dose: its largest line says not to start azathioprine, with CPIC's
    warning.

    Parameters
    ----------
    patient : Patient or mapping
        Needs ``height`` [cm, m or in], ``sex``, ``age_years`` [years], 18 or older, and the actual
        ``weight`` [kg or lb]: the dose is on ideal body weight, and the result states it per kg of actual
        weight and warns above the top of CPIC's normal starting dose.
    tpmt : str
        TPMT result: ``normal``, ``intermediate`` or ``low-absent`` (``unknown`` is refused) [text].
    below_60_in : str, optional
        What to do for a height under 60 in [policy], see :func:`calculators.ideal_body_weight`.
    start : date or ISO text, optional
        First day [date].

    Returns
    -------
    RegimenResult
        The daily target [mg/day]; for TPMT intermediate the reduced starting range (``value`` to ``high``)
        [mg/day]; no dose for a low or absent TPMT.

    Raises
    ------
    InputError
        For a missing TPMT result, weight, measurement or age, or a patient under 18.
    """
    return follow(REGIMEN, AzathioprineInput(tpmt=tpmt, below_60_in=below_60_in, start=start), as_patient(patient))


RECIPE = {
    "title": "Azathioprine", "called": "azathioprine",
    "label": "Azathioprine (needs a TPMT result)", "needs": ["height", "sex", "weight"],
    "figures": {"AZA": g.IIM_AZA_PER_KG_IBW.key, "CPIC": g.AZA_CPIC_INTERMEDIATE.key,
                "NORMAL": g.AZA_CPIC_NORMAL_START.key},
    "steps": [
        # The actual weight is required: the dose is on ideal body weight, and only the actual weight shows
        # when that is a high dose for this patient (a 183 cm man of 40 kg: 3.9 mg/kg of what he weighs).
        {"require": ["weight"], "for": "azathioprine"},
        {"population": "=age_years"},
        {"refuse": "tpmt", "when": "=tpmt == 'unknown'", "value": "unknown",
         "allowed": "=one_of(['normal', 'intermediate', 'low-absent'])", "reason": "=say('reg.aza.tpmt_needed')",
         "source": "=AZA.cite"},
        {"let": {"ibw": "=ideal_body_weight(below_60_in)"}},
        {"let": {"target": "=AZA.value * ibw.value", "frequency": "=say('reg.aza.frequency')"}},
        # What the tablets make (tool choice ``aza_tablets``): every multiple of the smallest tablet. A target they
        # cannot make is said as computed with the nearest they make below and above; a range, with the makeable
        # doses inside it, never beyond its ends (clinical review M2). The tool does not round.
        {"let": {"step": AZA_TABLET_STEP_MG, "exact": "=rounded(AZA.value * ibw.value, 6)"}},
        {"let": {"tablets": "=say('reg.tablets.aza', step=num(step), larger=num(2 * step))",
                 "below": "=(exact // step) * step"}},
        {"let": {"made": "",
                 "nearest": "=num(below + step) if below == 0 else num(below) + ' or ' + num(below + step)"}},
        {"let": {"made": "=say('reg.not_made', tablets=tablets, nearest=nearest, unit='mg/day', within='')"},
         "when": "=below != exact"},
        # No weight is used when no dose is given (TPMT low or absent): no ideal-body-weight notes, and Devine 1974
        # is not among its sources (clinical review, minor).
        {"if": "=tpmt != 'low-absent'", "then": [
            {"note": "source", "say": "reg.aza.ibw", "rests_on": ["S002", "S003"]},
            *IBW_NOTES,
            {"notes": "=ibw.notes"}]},
        {"note": "source", "say": "reg.aza.igm", "rests_on": ["S000", "S002", "S003"]},
        {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.below_ibw",
         "with": {"weight": "=n1(weight)"},
         "when": "=weight is not None and weight < ibw.value and tpmt != 'low-absent'"},
        # An interaction the guideline sources do not give, on every result that gives a dose (review 3 M6).
        *pjp_multiple_notes("azathioprine", when="=tpmt != 'low-absent'"),
        result_note("aza.xanthine_oxidase", when="=tpmt != 'low-absent'"),
        # The top per kg of actual weight above which the result warns: CPIC's normal start, or for TPMT
        # intermediate CPIC's reduced start (80% of it), never the normal top for a reduced dose (review M2).
        {"let": {"top": "=NORMAL.high", "high_key": "reg.aza.actual_high", "display": None}},
        {"let": {"value": "=target", "upto": None, "headline": "=frequency", "basis": "S002",
                 "rule": "=say('reg.aza.rule', per_kg=AZA.text, ibw=ibw.display)",
                 "sources": "=sources_of(AZA, extra=[ibw.source])"}},
        # Above the top per kg of actual weight (the normal start's, or for TPMT intermediate the reduced start's),
        # the dose is not to be given unconfirmed: the largest line leads with that, no makeable dose is offered,
        # and the "What to give" lines say so (clinical review 5, D1).
        {"let": {"most": "=target if tpmt == 'normal' else CPIC.high / 100 * target",
                 "limit": "=NORMAL.high if tpmt == 'normal' else rounded(CPIC.high / 100 * NORMAL.high, 6)"}},
        {"let": {"unconfirmed": "=tpmt != 'low-absent' and rounded(most / weight, 1) > limit"}},
        {"let": {"made": ""}, "when": "=unconfirmed"},
        {"branch": "=tpmt", "cases": {
            # S002 and S003 give a target only: the headline and the line say so, so that neither reads as the
            # dose for day one (clinical review M1).
            "normal": [
                {"line": {"drug": "azathioprine", "dose": "=target", "unit": "mg", "frequency": "=frequency",
                          "route": "by mouth", "start": "=start", "label": "=say('reg.line.unconfirmed', "
                          "label=say('reg.aza.target_label')) if unconfirmed else say('reg.aza.target_label') "
                          "if made == '' else say('reg.line.not_made', label=say('reg.aza.target_label'))"}},
                {"note": "source", "say": "reg.aza.target_only", "rests_on": ["S002", "S003"]},
                {"note": "tool_choice", "choice": "aza_tablets", "when": "=made != ''"},
                {"let": {"headline": "=say('reg.aza.target', made=made)"}},
                {"let": {"display": "=say('reg.unconfirmed', dose=n1(target), unit='mg/day', "
                                    "per_kg=n1(target / weight), per_kg_unit='mg/kg/day', weight=n1(weight), "
                                    "top=num(limit), "
                                    "what=say('reg.unconfirmed.aza'), plan=say('reg.display', dose=n1(target), "
                                    "unit='mg/day', route='by mouth', frequency=headline))"},
                 "when": "=unconfirmed"}],
            "intermediate": [
                {"let": {"low": "=CPIC.low / 100 * target", "high": "=CPIC.high / 100 * target"}},
                result_note("aza.cpic_intermediate"),
                {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.aza.reduced",
                 "with": {"low": "=n1(low)", "high": "=n1(high)", "percent": "=CPIC.text", "target": "=n1(target)"}},
                # One line with the range: never a 'lowest' and a 'highest' line that read as two doses.
                {"line": {"drug": "azathioprine", "dose": "=low", "high": "=high", "unit": "mg",
                          "frequency": "=frequency", "route": "by mouth",
                          "label": "=say('reg.line.unconfirmed', label=say('reg.aza.range_label')) if unconfirmed "
                                   "else say('reg.aza.range_label')",
                          "start": "=start"}},
                # With reduced TPMT activity the headline is the CPIC starting range, never the full target:
                # a glance at the result must read the dose to start at.
                {"let": {"top": "=rounded(CPIC.high / 100 * NORMAL.high, 6)",
                         "high_key": "reg.aza.actual_high.intermediate"}},
                # the makeable doses inside the CPIC range: its low end rounded up, its high end down, so the
                # reduced start is never exceeded
                {"let": {"made_low": "=-(-rounded(low, 6) // step) * step",
                         "made_high": "=(rounded(high, 6) // step) * step"}},
                {"let": {"made": "=say('reg.made_within', tablets=tablets, low=num(made_low), high=num(made_high), "
                                 "unit='mg/day') if made_low <= made_high else say('reg.made_none', tablets=tablets)"}},
                {"let": {"made": ""}, "when": "=unconfirmed"},
                {"note": "tool_choice", "choice": "aza_tablets", "when": "=not unconfirmed"},
                {"let": {"value": "=low", "upto": "=high", "basis": CPIC_THIOPURINE_2018.id,
                         "sources": "=sources_of(AZA, CPIC, extra=[ibw.source])",
                         "headline": "=say('reg.aza.intermediate', percent=CPIC.text, target=n1(target), made=made)"}},
                {"let": {"display": "=say('reg.unconfirmed', dose=n1(high), unit='mg/day', "
                                    "per_kg=n1(high / weight), per_kg_unit='mg/kg/day', weight=n1(weight), "
                                    "top=num(limit), what=say('reg.unconfirmed.aza.intermediate'), "
                                    "plan=say('reg.display.range', low=n1(low), high=n1(high), unit='mg/day', "
                                    "route='by mouth', frequency=headline))"},
                 "when": "=unconfirmed"}],
            # The largest line states the plan, not the sources' silence: do not start it (clinical review 3, D2).
            "low-absent": [
                result_note("aza.cpic_poor"),
                {"let": {"value": None, "rule": "=say('reg.aza.rule.poor')", "display": "=say('reg.aza.poor')",
                         "basis": CPIC_THIOPURINE_2018.id,
                         "sources": f"=sources_of(AZA, extra=['{CPIC_THIOPURINE_2018.id}'])"}}],
        }},
        # The dose per kg of what the patient weighs (the top of the range for TPMT intermediate), and a
        # warning above the top of CPIC's normal starting dose (tool choice ``aza_actual_weight``).
        {"if": "=value is not None", "then": [
            {"let": {"most": "=value if upto is None else upto"}},
            {"let": {"per_kg": "=most / weight"}},
            {"if": "=rounded(per_kg, 1) > top", "then": [
                # the CPIC range read as a threshold on the actual weight is the tool's reading (issue 22 §3)
                {"note": "tool_choice", "choice": "aza_actual_weight", "say": "reg.aza.actual_high", "warning": True,
                 "when": "=high_key == 'reg.aza.actual_high'",
                 "with": {"dose": "=n1(most)", "per_kg": "=n1(per_kg)", "weight": "=n1(weight)",
                          "normal": "=NORMAL.text", "top": "=num(top)"}},
                {"note": "tool_choice", "choice": "aza_actual_weight", "say": "reg.aza.actual_high.intermediate",
                 "warning": True, "when": "=high_key != 'reg.aza.actual_high'",
                 "with": {"dose": "=n1(most)", "per_kg": "=n1(per_kg)", "weight": "=n1(weight)",
                          "normal": "=NORMAL.text", "percent": "=CPIC.text", "top": "=num(top)"}}],
             "else": [
                {"note": "tool_choice", "choice": "aza_actual_weight", "say": "reg.aza.actual",
                 "with": {"dose": "=n1(most)", "per_kg": "=n1(per_kg)", "weight": "=n1(weight)"}}]}]},
    ],
    "result": {"value": "=value", "high": "=upto", "unit": "mg/day", "frequency": "=headline", "route": "by mouth",
               "display": "=display", "rule": "=rule", "source": "=basis", "sources": "=sources"},
    "record": {"ideal_body_weight_kg": "=None if tpmt == 'low-absent' else ibw.value", "age_years": "=age_years"},
}
"""The rule, once: the package (`recipe.follow`) and the page (live/recipe.js) both follow it."""


REGIMEN = Regimen(name="azathioprine", calculate=azathioprine, input_model=AzathioprineInput,
                  figures=(g.IIM_AZA_PER_KG_IBW, g.AZA_CPIC_INTERMEDIATE, g.AZA_CPIC_NORMAL_START),
                  population=POPULATION, order=7, recipe=RECIPE)
