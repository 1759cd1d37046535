"""From a form's read values (`calculators.forms.reading`) to one call of the package, and its answer as JSON.

Each adapter gets values that are already of the right kind and within their bounds, so the
package's own refusals that reach a page are the clinical ones (a dose the source does not
cover, a TPMT result missing, a child given an adult regimen). The answer is what the page
shows; ``live/<form>.js`` computes the same answer in the browser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import messages, patient, regimens, safety
from .. import taper as taper_pkg
from ..errors import InputError
from ..messages import number_text, say
from ..result import Result
from .definitions import TAPER_STRENGTHS


def note_json(note: Any) -> dict[str, Any]:
    """A note as the page shows it: its sentence, its kind and what it rests on."""
    if isinstance(note, str):
        return {"text": note, "kind": None, "rests_on": []}
    out = {"text": note.text, "kind": note.kind, "rests_on": list(note.rests_on)}
    if getattr(note, "warning", False):
        out["warning"] = True
    return out


def notes_json(notes: Any) -> list[dict[str, Any]]:
    return [note_json(n) for n in notes]


def result_json(result: Result) -> dict[str, Any]:
    return {"quantity": result.quantity, "value": result.value, "unit": result.unit, "display": result.display(),
            "rule": result.rule, "source": result.source.id, "notes": notes_json(result.notes)}


def _patient(values: dict[str, Any]) -> patient.Patient:
    """A form always has a unit selected; a unit counts only when its value was given."""
    data: dict[str, Any] = {}
    for name in ("weight", "height"):
        if values.get(name) is not None:
            data[name] = values[name]
            data[f"{name}_unit"] = values.get(f"{name}_unit")
    for name in ("sex", "age_years"):
        if values.get(name) is not None:
            data[name] = values[name]
    return patient.Patient(**data)


FORMULA_FORMS: dict[str, dict[str, str]] = {
    "body-size": {"ibw": "ideal_body_weight", "bsa": "body_surface_area", "bmi": "body_mass_index",
                  "abw": "adjusted_body_weight"},
    "steroid-equivalence": {"equivalent": "steroid_equivalent"},
}
"""The forms whose every result is a formula (`calculators.regimens.recipe.FORMULAS`): each result's name and
its formula, in the order the page shows them. recipe.js answers these forms from the same table."""


def formula_form(form: str) -> Any:
    """The adapter of a form of `FORMULA_FORMS`: each formula on the form's values (and patient, if it reads one)."""
    from ..regimens.recipe import FORMULAS, compute

    def answer(values: dict[str, Any], today: dt.date) -> dict[str, Any]:
        out = {}
        for key, name in FORMULA_FORMS[form].items():
            formula = FORMULAS[name]
            args = {k: values.get(k) for k in formula["inputs"]}
            out[key] = result_json(compute(name, _patient(values) if formula.get("patient") else None, **args))
        return out
    return answer


body_size_form = formula_form("body-size")
steroid_form = formula_form("steroid-equivalence")


# --- taper ----------------------------------------------------------------------------------------

def schedule_json(schedule: Any) -> dict[str, Any]:
    """A taper schedule as the taper form's answer (and its downloads) give it."""
    return {
        "protocol": schedule.protocol,
        "protocol_name": schedule.protocol_name,
        "title": schedule.title,
        "headline": schedule.headline(),
        "headline_patient": schedule.headline(patient=True),
        "drug": schedule.drug,
        "source": schedule.source.id,
        "source_label": schedule.source.label(),
        "rule": schedule.rule,
        "start_date": schedule.start_date.isoformat(),
        "end_date": schedule.end_date.isoformat(),
        "stop_date": schedule.stop_date.isoformat(),
        "start_dose_mg": schedule.start_dose_mg,
        "periods": [{"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days,
                     "daily_dose_mg": p.daily_dose_mg, "dose_text": number_text(p.daily_dose_mg, 6),
                     "tablets": p.tablets_text(), "rule": p.rule,
                     "note": p.note} for p in schedule.periods],
        "duration_days": schedule.duration_days,
        "cumulative_dose_mg": schedule.cumulative_dose_mg,
        "dispense": [{"strength_mg": s, "count": n} for s, n in schedule.dispense.items()],
        "days_at_or_above_20_mg": schedule.days_at_or_above_pjp_dose,
        "pjp_threshold_reached": schedule.pjp_threshold_reached,
        "flags": schedule.flags(),
        "notes": notes_json(schedule.notes),
        "cautions": notes_json(schedule.cautions),
    }


def taper_form(values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Only the inputs of the chosen protocol's kind reach the engine (the page hides the others)."""
    protocol = taper_pkg.PROTOCOLS[values["protocol"]]
    kwargs: dict[str, Any] = {
        "start_date": values["start_date"],
        "strengths_mg": TAPER_STRENGTHS[values.get("strengths") or ""],
        "half_tablets": values.get("half_tablets") == "yes",
    }
    if values.get("weight") is not None:
        kwargs["patient"] = _patient({"weight": values["weight"], "weight_unit": values.get("weight_unit")})
    if values.get("age_years") is not None:
        kwargs["age_years"] = values["age_years"]
    if values.get("drug"):
        kwargs["drug"] = values["drug"]
    if values.get("dose_basis") == "per-kg":
        kwargs["dose_mg_per_kg"] = values.get("dose_mg_per_kg")
        kwargs["start_rounding"] = values.get("start_rounding") or "refuse"
    else:
        kwargs["start_dose_mg"] = values.get("start_dose_mg")
    if protocol.kind == "stepped":
        kwargs["hold_weeks"] = values.get("hold_weeks")
        if "slow-1mg-from-10mg" in protocol.options() and values.get("slow_1mg_every_weeks"):
            kwargs["slow_1mg_every_weeks"] = int(values["slow_1mg_every_weeks"])
    elif protocol.kind == "span":
        kwargs["withdrawal_days"] = values.get("withdrawal_days")
        kwargs["step_mg"] = values.get("step_mg")
    schedule = taper_pkg.taper_schedule(values["protocol"], **kwargs)
    return {
        "schedule": schedule_json(schedule),
        "plan_checks": _taper_plan_checks(schedule, values["protocol"], kwargs.get("patient")),
    }


def _taper_plan_checks(schedule: Any, protocol_id: str, pt: patient.Patient | None) -> dict[str, Any]:
    """check_plan on the taper alone (no other agent; nothing else known about the patient)."""
    report = safety.check_plan(disease=taper_pkg.PROTOCOLS[protocol_id].disease, steroids=[schedule],
                               weight_kg=pt.weight_kg if pt is not None else None)
    return {"scope": say("taper.plan.scope"),
            "items": [{"code": i.code, "severity": i.severity, "message": i.message, "sources": list(i.sources),
                       "kind": i.kind, "rests_on": list(i.rests_on)} for i in report.items],
            "notes": notes_json(report.notes), "longest_run_days_at_pjp_dose": report.longest_run_days_at_pjp_dose}


# --- dose (one regimen at a time) -----------------------------------------------------------------

def _line_json(line: Any) -> dict[str, Any]:
    return {"label": line.label, "drug": line.drug, "dose": line.dose, "dose_text": line.dose_text(),
            "unit": line.unit, "frequency": line.frequency, "route": line.route,
            "start": line.start.isoformat() if line.start else None,
            "end": line.end.isoformat() if line.end else None,
            "text": line.text(), **({"high": line.high} if getattr(line, "high", None) is not None else {})}


def dose_form(values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    name = values["regimen"]
    regimen = regimens.REGIMENS[name]
    kwargs: dict[str, Any] = {}
    import inspect

    parameters = inspect.signature(regimen.calculate).parameters
    if "patient" in parameters:
        kwargs["patient"] = _patient(values)
    for field_name in [*regimen.input_model.model_fields, "age_years"]:
        if field_name in parameters and values.get(field_name) is not None:
            kwargs[field_name] = values[field_name]
    result = regimen.calculate(**kwargs)
    return {"regimen": {
        "name": name,
        "regimen": result.regimen,
        "value": result.value,
        "high": result.high,
        "unit": result.unit,
        "display": result.display(),
        "frequency": result.frequency,
        "route": result.route,
        "rule": result.rule,
        "source": result.source.id,
        "sources": list(result.sources),
        "lines": [_line_json(line) for line in result.lines],
        "caps": [cap.text() for cap in result.caps_applied],
        "notes": notes_json(result.notes),
    }}


# --- safety checks on a whole plan ---------------------------------------------------------------

def safety_form(values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """check_plan on what the form holds: the ticked agents, one corticosteroid course, the patient's facts."""
    from .definitions import AGENT_LABELS, PATIENT_FACTS

    steroids_given = []
    if values.get("steroid") and values["steroid_end"] < values["steroid_start"]:  # named as the form names it
        raise InputError("steroid_end", values["steroid_end"].isoformat(),
                         say("safety.period.allowed", start=values["steroid_start"].isoformat()),
                         reason=say("safety.period.before_start"))
    if values.get("steroid"):
        steroids_given.append({"drug": values["steroid"], "periods": [
            {"start": values["steroid_start"], "end": values["steroid_end"],
             "daily_dose_mg": values["steroid_mg_per_day"]}]})
    known = {name: None if not values.get(name) else values[name] == "yes" for name in PATIENT_FACTS}
    report = safety.check_plan(
        disease=values["disease"], agents=[{"drug": a} for a in AGENT_LABELS if values.get(f"agent_{a}")],
        steroids=steroids_given, weight_kg=values.get("weight_kg"),
        live_vaccine_planned=bool(values.get("live_vaccine_planned")), tpmt=values.get("tpmt") or None, **known)
    items = [{"code": i.code, "severity": i.severity, "message": i.message, "sources": list(i.sources),
              "kind": i.kind, "rests_on": list(i.rests_on), "scope": i.scope, "carried_over": i.carried_over}
             for i in report.items]
    return {"plan": {"disease": values["disease"], "items": items,
                     "notes": notes_json(report.notes),
                     "longest_run_days_at_pjp_dose": report.longest_run_days_at_pjp_dose,
                     "immunosuppressant_count": report.immunosuppressant_count}}


ADAPTERS = {"body-size": body_size_form, "steroid-equivalence": steroid_form, "taper": taper_form,
            "dose": dose_form, "safety": safety_form}
"""The adapter of every live form, by form name."""

__all__ = ["ADAPTERS", "messages"]
