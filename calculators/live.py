"""The contract between the Python package and the live forms in the pages.

The pages compute in the browser, with no server, from data this module
exports at build time. The Python package stays the reference:

* `export_data` gives every rule the browser needs (bounds, constants,
  tables, protocols) as JSON, written into the site by ``hooks/live.py``;
* `run` is the reference form adapter: it takes the raw values a form
  holds (text typed into fields) and returns exactly what the page must show,
  a result or the problems, with the same messages as the package;
* `vectors` runs `run` over representative and bad inputs; the
  browser tests replay every vector through the page's JavaScript and fail on
  any difference.

A calculator joins the live forms by adding a ``FormSpec`` to `FORMS`. Forms: body size, steroid
equivalence, ``taper`` (calculators.taper, with the CSV, .ics and patient calendar text in the
expected output, so the page's hand-written serializers are compared byte for byte with
Python's csv module and the icalendar library) and ``dose`` (one regimen of calculators.regimens at a
time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import datetime as dt
import re
import typing

from . import body_size, guidance, patient, regimens, safety, steroids
from . import taper as taper_pkg
from ._model import bounds_of
from .errors import InputError, Problem
from .result import Result
from .taper import engine as taper_engine
from .taper import outputs as taper_outputs

FormInputs = dict[str, Any]


def parse_number(name: str, raw: Any) -> float | str | None:
    """Form text to a number, as the browser does: '' is missing; text stays text (and is refused)."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip().replace(",", ".") if isinstance(raw, str) else raw
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        return str(raw)
    if text.lower() in ("nan", "inf", "-inf", "infinity", "-infinity", "+inf"):
        return value
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(raw: Any) -> dt.date | str | None:
    """Form text to a date, as an ``<input type=date>`` gives it (``YYYY-MM-DD``); '' is missing;
    anything else (or an impossible date such as 2026-02-30) stays text, and is refused."""
    if raw is None:
        return None
    text = str(raw).strip()
    if text == "":
        return None
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return str(raw)


def parse_choice(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def result_json(result: Result) -> dict[str, Any]:
    return {
        "quantity": result.quantity,
        "value": result.value,
        "unit": result.unit,
        "display": result.display(),
        "rule": result.rule,
        "source": result.source.id,
        "notes": list(result.notes),
    }


def problems_json(error: InputError) -> list[dict[str, Any]]:
    return [{"field": p.field, "message": str(p)} for p in error.problems]


@dataclass(frozen=True)
class FormSpec:
    """One live form: its fields (name -> 'number' or 'choice') and its reference computation."""

    name: str
    fields: dict[str, str]
    compute: Callable[[dict[str, Any]], dict[str, Any]]
    cases: list[FormInputs] = field(default_factory=list)


def _patient_from(values: dict[str, Any]) -> patient.Patient:
    """A form always has a unit selected; a unit counts only when its value was typed."""
    data = {k: values.get(k) for k in ("weight", "height", "sex", "age_years")}
    for name in ("weight", "height"):
        if data[name] is not None:
            data[f"{name}_unit"] = values.get(f"{name}_unit")
    return patient.Patient(**{k: v for k, v in data.items() if v is not None})


def _body_size(values: dict[str, Any]) -> dict[str, Any]:
    p = _patient_from(values)
    p.require("body size", "weight", "height", "sex")
    below = values.get("below_60_in")
    return {
        "ibw": result_json(body_size.ideal_body_weight(p, below_60_in=below)),
        "bsa": result_json(body_size.body_surface_area(p)),
        "bmi": result_json(body_size.body_mass_index(p)),
        "abw": result_json(body_size.adjusted_body_weight(p, below_60_in=below)),
    }


def _steroid(values: dict[str, Any]) -> dict[str, Any]:
    kwargs = {k: values.get(k) for k in ("dose_mg", "from_drug", "to_drug", "from_route", "to_route")}
    missing = [Problem(k, None, "is required for steroid equivalence", steroids.SteroidConversion.describe_field(k))
               for k, v in kwargs.items() if v is None]
    if missing:
        raise InputError.from_problems(missing)
    return {"equivalent": result_json(steroids.convert_steroid(**kwargs))}


_PATIENT_FIELDS = {"weight": "number", "weight_unit": "choice", "height": "number", "height_unit": "choice",
                   "sex": "choice", "age_years": "number"}

FORMS: dict[str, FormSpec] = {
    "body-size": FormSpec(
        name="body-size",
        fields={**_PATIENT_FIELDS, "below_60_in": "choice"},
        compute=_body_size,
        cases=[
            {"weight": "80", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
            {"weight": "154", "weight_unit": "lb", "height": "70", "height_unit": "in", "sex": "male"},
            {"weight": "110", "weight_unit": "kg", "height": "1.70", "height_unit": "m", "sex": "female"},
            {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female",
             "below_60_in": "base-weight"},
            {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female",
             "below_60_in": "extend-linear"},
            {"weight": "45", "weight_unit": "kg", "height": "180", "height_unit": "cm", "sex": "male"},
            {"weight": "62,5", "weight_unit": "kg", "height": "158", "height_unit": "cm", "sex": "female",
             "age_years": "58"},
            # refusals
            {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female"},
            {"weight": "-70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
            {"weight": "0", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
            {"weight": "seventy", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
            {"weight": "70", "weight_unit": "kg", "height": "1.75", "height_unit": "cm", "sex": "male"},
            {"weight": "70", "weight_unit": "kg", "height": "17", "height_unit": "m", "sex": "male"},
            {"weight": "900", "weight_unit": "lb", "height": "70", "height_unit": "in", "sex": "male"},
            {"weight": "70", "weight_unit": "kg", "height": "", "height_unit": "cm", "sex": ""},
            {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male",
             "age_years": "12"},
            {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male",
             "age_years": "-3"},
            {"weight": "Infinity", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
            {"weight": "NaN", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
        ],
    ),
    "steroid-equivalence": FormSpec(
        name="steroid-equivalence",
        fields={"dose_mg": "number", "from_drug": "choice", "from_route": "choice", "to_drug": "choice",
                "to_route": "choice"},
        compute=_steroid,
        cases=[
            {"dose_mg": "60", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
             "to_route": "PO"},
            {"dose_mg": "1000", "from_drug": "methylprednisolone", "from_route": "IV", "to_drug": "prednisone",
             "to_route": "PO"},
            {"dose_mg": "20", "from_drug": "prednisolone", "from_route": "PO", "to_drug": "hydrocortisone",
             "to_route": "IV"},
            {"dose_mg": "7.5", "from_drug": "prednisone", "from_route": "PO", "to_drug": "betamethasone",
             "to_route": "IV"},
            {"dose_mg": "10", "from_drug": "prednisone", "from_route": "PO", "to_drug": "betamethasone",
             "to_route": "PO"},
            {"dose_mg": "-5", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
             "to_route": "PO"},
            {"dose_mg": "ten", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
             "to_route": "PO"},
            {"dose_mg": "", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
             "to_route": "PO"},
            {"dose_mg": "6000", "from_drug": "hydrocortisone", "from_route": "IV", "to_drug": "prednisone",
             "to_route": "PO"},
        ],
    ),
}


# --- taper --------------------------------------------------------------------------------------

TAPER_STRENGTHS: dict[str, str | tuple[float, ...] | None] = {
    "": None,  # the drug's own preset, said so in the notes
    "prednisone": "prednisone",
    "prednisolone": "prednisolone",
    "5+1": (5, 1),
    "5+2.5+1": (5, 2.5, 1),
    "2.5+1": (2.5, 1),
    "5": (5,),
}
"""Tablet sets the taper form offers: a preset name, or strengths in mg (the pharmacy's setting)."""
TAPER_CHOICES: dict[str, tuple[str, ...]] = {
    "dose_basis": ("dose", "per-kg"),
    "half_tablets": ("no", "yes"),
    "start_rounding": ("refuse", "down", "nearest"),
}
TAPER_INT_FIELDS = ("hold_weeks", "slow_1mg_every_weeks", "withdrawal_days")


def _choice_problem(name: str, value: str | None, allowed: tuple[str, ...]) -> Problem | None:
    if value is not None and value not in allowed:
        quoted = [repr(a) for a in allowed]
        return Problem(name, value, "is not one of the accepted values",
                       ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0])
    return None


def _whole(value: Any) -> Any:
    """A whole number typed into a weeks/days field is an int; anything else stays as typed (and is refused)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _taper(values: dict[str, Any]) -> dict[str, Any]:
    """Form -> taper_schedule: only the inputs of the chosen protocol's kind are passed (the page hides
    the others), so a value left in a hidden field never refuses or changes the plan."""
    problems: list[Problem] = []
    if values.get("protocol") is None:
        problems.append(Problem("protocol", None, "is required", taper_engine.TaperRequest.field_help["protocol"]))
    for name, allowed in TAPER_CHOICES.items():
        problem = _choice_problem(name, values.get(name), allowed)
        if problem:
            problems.append(problem)
    problem = _choice_problem("strengths", values.get("strengths") or "", tuple(TAPER_STRENGTHS))
    if problem:
        problems.append(problem)
    if problems:
        raise InputError.from_problems(problems)

    protocol = taper_pkg.PROTOCOLS.get(values["protocol"])
    kind = protocol.kind if protocol else None
    per_kg = values.get("dose_basis") == "per-kg"
    kwargs: dict[str, Any] = {
        "start_date": values.get("start_date"),
        "strengths_mg": TAPER_STRENGTHS[values.get("strengths") or ""],
        "half_tablets": values.get("half_tablets") == "yes",
    }
    if values.get("weight") is not None:
        kwargs["patient"] = _patient_from({"weight": values["weight"], "weight_unit": values.get("weight_unit")})
    if per_kg:
        kwargs["dose_mg_per_kg"] = values.get("dose_mg_per_kg")
        kwargs["start_rounding"] = values.get("start_rounding") or "refuse"
    else:
        kwargs["start_dose_mg"] = values.get("start_dose_mg")
    if kind == "stepped":
        kwargs["hold_weeks"] = _whole(values.get("hold_weeks"))
        if "slow-1mg-from-10mg" in protocol.options():
            kwargs["slow_1mg_every_weeks"] = _whole(values.get("slow_1mg_every_weeks"))
    elif kind == "span":
        kwargs["withdrawal_days"] = _whole(values.get("withdrawal_days"))
        kwargs["step_mg"] = values.get("step_mg")
    schedule = taper_pkg.taper_schedule(values["protocol"], **kwargs)
    return {
        "schedule": {
            "protocol": schedule.protocol,
            "protocol_name": schedule.protocol_name,
            "drug": schedule.drug,
            "source": schedule.source.id,
            "source_label": schedule.source.label(),
            "rule": schedule.rule,
            "start_date": schedule.start_date.isoformat(),
            "end_date": schedule.end_date.isoformat(),
            "stop_date": schedule.stop_date.isoformat(),
            "start_dose_mg": schedule.start_dose_mg,
            "periods": [{"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days,
                         "daily_dose_mg": p.daily_dose_mg, "tablets": p.tablets_text(), "rule": p.rule,
                         "note": p.note} for p in schedule.periods],
            "duration_days": schedule.duration_days,
            "cumulative_dose_mg": schedule.cumulative_dose_mg,
            "dispense": [{"strength_mg": s, "count": n} for s, n in schedule.dispense.items()],
            "days_at_or_above_20_mg": schedule.days_at_or_above_pjp_dose,
            "pjp_threshold_reached": schedule.pjp_threshold_reached,
            "flags": schedule.flags(),
            "notes": list(schedule.notes),
        },
        "plan_checks": _taper_plan_checks(schedule, values["protocol"], kwargs.get("patient")),
        "csv": taper_pkg.to_csv(schedule),
        "ics": taper_pkg.to_ics(schedule).decode("utf-8"),
        "calendar_html": taper_pkg.to_calendar_html(schedule),
    }


def _taper_plan_checks(schedule, protocol_id: str, pt: patient.Patient | None) -> dict[str, Any]:
    """check_plan on the taper alone (no other agent; nothing else known about the patient)."""
    report = safety.check_plan(disease=taper_pkg.PROTOCOLS[protocol_id].disease, steroids=[schedule],
                               weight_kg=pt.weight_kg if pt is not None else None)
    return {"items": [{"code": i.code, "severity": i.severity, "message": i.message, "sources": list(i.sources)}
                      for i in report.items],
            "notes": list(report.notes), "longest_run_days_at_pjp_dose": report.longest_run_days_at_pjp_dose}


_SENTINELS = {"pjp_run_days": 987001, "high_dose_run_days": 987002, "immunosuppressants": 987003}


def _plan_rule_templates() -> list[dict[str, Any]]:
    """The safety rules with their messages as templates ({pjp_run_days} ...), rendered by the package
    itself with sentinel facts, so the port carries no rule text of its own."""
    facts = safety.Facts(plan=safety.PlanFacts(disease="IIM"), drugs=frozenset(), has_steroid=True,
                         **_SENTINELS)
    out = []
    for rule in safety.RULES:
        template = rule.message(facts)
        for name, sentinel in _SENTINELS.items():
            template = template.replace(str(sentinel), "{" + name + "}")
        out.append({"code": rule.code, "severity": rule.severity, "sources": list(rule.sources), "template": template})
    return out


_TAPER_BASE = {"protocol": "iim-s002-fixed-steps", "dose_basis": "dose", "start_dose_mg": "60", "weight": "",
               "weight_unit": "kg", "dose_mg_per_kg": "", "start_date": "2026-01-05", "hold_weeks": "4",
               "slow_1mg_every_weeks": "", "withdrawal_days": "", "step_mg": "", "strengths": "",
               "half_tablets": "no", "start_rounding": "refuse"}
_S003 = {**_TAPER_BASE, "protocol": "iim-s003-rule-based"}
_IGM = {**_TAPER_BASE, "protocol": "igm-s000-withdrawal", "start_dose_mg": "20", "withdrawal_days": "10",
        "hold_weeks": ""}

FORMS["taper"] = FormSpec(
    name="taper",
    fields={"protocol": "choice", "dose_basis": "choice", "start_dose_mg": "number", "weight": "number",
            "weight_unit": "choice", "dose_mg_per_kg": "number", "start_date": "date", "hold_weeks": "number",
            "slow_1mg_every_weeks": "number", "withdrawal_days": "number", "step_mg": "number",
            "strengths": "choice", "half_tablets": "choice", "start_rounding": "choice"},
    compute=_taper,
    cases=[
        _TAPER_BASE,
        {**_TAPER_BASE, "hold_weeks": "2", "start_date": "2026-02-23", "strengths": "5+2.5+1", "weight": "78"},
        {**_TAPER_BASE, "strengths": "5+1"},
        _S003,
        {**_S003, "start_dose_mg": "75", "hold_weeks": "3", "start_date": "2026-03-30"},
        {**_S003, "start_dose_mg": "80", "hold_weeks": "2", "slow_1mg_every_weeks": "4"},
        {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75", "start_rounding": "down"},
        {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75", "start_rounding": "nearest",
         "strengths": "5+1"},
        {**_S003, "dose_basis": "per-kg", "weight": "80", "dose_mg_per_kg": "1"},
        {**_S003, "dose_basis": "per-kg", "weight": "154", "weight_unit": "lb", "dose_mg_per_kg": "0.5",
         "start_rounding": "nearest"},
        {**_S003, "start_dose_mg": "70", "weight": "72", "hold_weeks": "4", "half_tablets": "yes",
         "strengths": "5"},
        _IGM,
        {**_IGM, "start_dose_mg": "10", "withdrawal_days": "6", "step_mg": "2,5", "strengths": "2.5+1",
         "half_tablets": "yes", "start_date": "2026-12-28"},
        {**_IGM, "start_dose_mg": "15", "withdrawal_days": "14", "strengths": "prednisolone"},
        # values left in fields the protocol does not use are ignored (the page hides those fields)
        {**_IGM, "hold_weeks": "9", "slow_1mg_every_weeks": "7"},
        # refusals
        {**_TAPER_BASE, "start_dose_mg": "80"},
        {**_TAPER_BASE, "start_dose_mg": "-60"},
        {**_TAPER_BASE, "start_dose_mg": "0"},
        {**_TAPER_BASE, "start_dose_mg": "sixty"},
        {**_TAPER_BASE, "start_dose_mg": ""},
        {**_TAPER_BASE, "start_dose_mg": "NaN"},
        {**_TAPER_BASE, "hold_weeks": "5"},
        {**_TAPER_BASE, "hold_weeks": "1"},
        {**_TAPER_BASE, "hold_weeks": "2.5"},
        {**_TAPER_BASE, "hold_weeks": ""},
        {**_TAPER_BASE, "start_date": ""},
        {**_TAPER_BASE, "start_date": "2026-02-30"},
        {**_TAPER_BASE, "start_date": "next monday"},
        {**_TAPER_BASE, "protocol": "iim-s004-made-up"},
        {**_TAPER_BASE, "protocol": ""},
        {**_TAPER_BASE, "strengths": "7+3"},
        {**_TAPER_BASE, "half_tablets": "maybe"},
        {**_S003, "start_dose_mg": "90"},
        {**_S003, "start_dose_mg": "62.7"},
        {**_S003, "start_dose_mg": "60", "weight": "40"},
        {**_S003, "slow_1mg_every_weeks": "6"},
        {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75"},
        {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "1.2"},
        {**_S003, "dose_basis": "per-kg", "weight": "", "dose_mg_per_kg": "1"},
        {**_S003, "dose_basis": "per-kg", "weight": "30", "dose_mg_per_kg": "0.5"},
        {**_S003, "dose_basis": "per-kg", "weight": "-73", "dose_mg_per_kg": "1"},
        {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.7", "start_rounding": "sideways"},
        {**_S003, "start_dose_mg": "", "hold_weeks": "", "start_date": ""},
        {**_IGM, "withdrawal_days": "21"},
        {**_IGM, "withdrawal_days": ""},
        {**_IGM, "start_dose_mg": "25"},
        {**_IGM, "step_mg": "3"},
        {**_IGM, "step_mg": "1", "start_dose_mg": "20", "withdrawal_days": "6"},
        {**_IGM, "strengths": "prednisone"},
        {**_IGM, "dose_basis": "per-kg", "weight": "70", "dose_mg_per_kg": "0.5"},
        {**_IGM, "start_dose_mg": "12", "step_mg": "4", "strengths": "5"},
    ],
)


# --- dose (one regimen at a time) ---------------------------------------------------------------

DOSE_REGIMENS: dict[str, tuple[str, ...]] = {
    "prednisone_initial": ("patient", "mg_per_kg", "diabetes", "osteoporosis", "glaucoma", "high_relapse_risk",
                           "low_steroid_risk", "start"),
    "iv_methylprednisolone": ("patient", "mg_per_kg", "days", "start"),
    "methotrexate_iim": ("start", "ramp_months"),
    "methotrexate_igm": ("mg_per_week", "prednisolone_mg_per_day", "start"),
    "azathioprine": ("patient", "tpmt", "below_60_in", "start"),
    "mycophenolate": ("start",),
    "ivig": ("patient", "g_per_kg_total", "below_60_in", "start"),
    "rituximab": ("start", "age_years"),
    "cyclophosphamide": ("start", "months"),
    "prednisone_jdm": ("patient", "start"),
    "methotrexate_jdm": ("patient", "start"),
}
"""The regimens the dose form offers, and the inputs the form passes to each (the page shows only those)."""
DOSE_FORM_FIELD = {"mg_per_kg": {"prednisone_initial": "pred_mg_per_kg", "iv_methylprednisolone": "ivmp_mg_per_kg"}}
DOSE_FLAGS = ("diabetes", "osteoporosis", "glaucoma", "high_relapse_risk", "low_steroid_risk")
DOSE_INT_FIELDS = ("days", "ramp_months", "months")


def _line_json(line: regimens.DoseLine) -> dict[str, Any]:
    return {"label": line.label, "drug": line.drug, "dose": line.dose, "dose_text": line.dose_text(),
            "unit": line.unit, "frequency": line.frequency, "route": line.route,
            "start": line.start.isoformat() if line.start else None,
            "end": line.end.isoformat() if line.end else None, "text": line.text()}


def _dose(values: dict[str, Any]) -> dict[str, Any]:
    """Form -> one regimen calculator, with only that regimen's inputs; checkboxes give 'yes' or nothing."""
    name = values.get("regimen")
    if name is None or name not in DOSE_REGIMENS:
        allowed = list(DOSE_REGIMENS)
        raise InputError("regimen", name, ", ".join(allowed[:-1]) + " or " + allowed[-1],
                         reason="is required" if name is None else "is not a regimen of this form")
    problems = [p for p in (_choice_problem(f, values.get(f), ("yes",)) for f in DOSE_FLAGS) if p]
    if problems:
        raise InputError.from_problems(problems)
    # Text in the date field is refused here: the regimen models parse dates leniently (for JSON), and a
    # page must not read '20260105' as a timestamp.
    if isinstance(values.get("start"), str):
        raise InputError("start", values["start"], "a date such as 2026-01-05", reason="must be a calendar date")
    kwargs: dict[str, Any] = {}
    for arg in DOSE_REGIMENS[name]:
        if arg == "patient":
            kwargs["patient"] = _patient_from(values)
        elif arg in DOSE_FLAGS:
            kwargs[arg] = values.get(arg) == "yes"
        else:
            value = values.get(DOSE_FORM_FIELD.get(arg, {}).get(name, arg))
            kwargs[arg] = _whole(value) if arg in DOSE_INT_FIELDS else value
    result = regimens.CALCULATORS[name](**kwargs)
    return {"regimen": {
        "name": name,
        "regimen": result.regimen,
        "value": result.value,
        "unit": result.unit,
        "display": result.display(),
        "frequency": result.frequency,
        "route": result.route,
        "rule": result.rule,
        "source": result.source.id,
        "sources": list(result.sources),
        "lines": [_line_json(line) for line in result.lines],
        "caps": [cap.text() for cap in result.caps_applied],
        "notes": list(result.notes),
    }}


_ADULT = {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male", "age_years": "",
          "start": "2026-01-05"}
_CHILD = {"weight": "30", "weight_unit": "kg", "height": "135", "height_unit": "cm", "sex": "female",
          "age_years": "9", "start": "2026-01-05"}

FORMS["dose"] = FormSpec(
    name="dose",
    fields={"regimen": "choice", **_PATIENT_FIELDS, "pred_mg_per_kg": "number",
            **{f: "choice" for f in DOSE_FLAGS}, "ivmp_mg_per_kg": "number", "days": "number", "start": "date",
            "ramp_months": "number", "mg_per_week": "number", "prednisolone_mg_per_day": "number",
            "tpmt": "choice", "below_60_in": "choice", "g_per_kg_total": "number", "months": "number"},
    compute=_dose,
    cases=[
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "0,5", "weight": "50", "diabetes": "yes",
         "start": ""},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "0.75", "osteoporosis": "yes",
         "high_relapse_risk": "yes", "low_steroid_risk": "yes"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "high_relapse_risk": "yes",
         "low_steroid_risk": "yes", "weight": "95"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "weight": "176", "weight_unit": "lb"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "20", "days": "3", "weight": "80"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "10", "days": "1", "weight": "20",
         "start": ""},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "15", "days": "5", "weight": "60"},
        {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3"},
        {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "6", "start": "2026-01-31"},
        {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "20", "prednisolone_mg_per_day": "15",
         "start": "2026-01-07"},
        {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "15", "prednisolone_mg_per_day": "10", "start": ""},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "normal"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "intermediate", "sex": "female", "height": "160"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "low-absent"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "150", "sex": "female",
         "below_60_in": "base-weight", "weight": "45"},
        {**_ADULT, "regimen": "mycophenolate"},
        {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2", "weight": "60"},
        {**_ADULT, "regimen": "ivig", "g_per_kg_total": "1", "weight": "110"},
        {**_ADULT, "regimen": "rituximab"},
        {**_ADULT, "regimen": "rituximab", "start": "", "age_years": "45"},
        {**_ADULT, "regimen": "cyclophosphamide", "months": "6"},
        {**_ADULT, "regimen": "cyclophosphamide", "months": "12", "start": "2026-01-31"},
        {**_CHILD, "regimen": "prednisone_jdm"},
        {**_CHILD, "regimen": "prednisone_jdm", "weight": "45"},
        {**_CHILD, "regimen": "methotrexate_jdm"},
        {**_CHILD, "regimen": "methotrexate_jdm", "weight": "80", "height": "180", "age_years": "16", "start": ""},
        # refusals
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1.5"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "-1"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "0"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "one"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": ""},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "weight": ""},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "age_years": "12"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "weight": "-70"},
        {**_ADULT, "regimen": "prednisone_initial", "pred_mg_per_kg": "1", "diabetes": "maybe"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "10", "days": "1", "weight": "10"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "30", "days": "3"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "15", "days": "7"},
        {**_ADULT, "regimen": "iv_methylprednisolone", "ivmp_mg_per_kg": "15", "days": "2.5"},
        {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "7"},
        {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3", "start": ""},
        {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3", "start": "05/01/2026"},
        {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "30", "prednisolone_mg_per_day": "15"},
        {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "10", "prednisolone_mg_per_day": "15"},
        {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "20", "prednisolone_mg_per_day": "40"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "unknown"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": ""},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "high"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "150", "sex": "female"},
        {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "sex": ""},
        {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2.5"},
        {**_ADULT, "regimen": "ivig", "g_per_kg_total": ""},
        {**_ADULT, "regimen": "rituximab", "age_years": "16"},
        {**_ADULT, "regimen": "cyclophosphamide", "months": "13"},
        {**_ADULT, "regimen": "cyclophosphamide", "months": "6", "start": ""},
        {**_CHILD, "regimen": "methotrexate_jdm", "height": ""},
        {**_ADULT, "regimen": "tocilizumab"},
        {**_ADULT, "regimen": ""},
    ],
)


def run(form: str, raw: FormInputs) -> dict[str, Any]:
    """What the page must show for these raw form values: ``{"ok": True, "results": ...}``
    or ``{"ok": False, "problems": [{"field", "message"}]}``."""
    spec = FORMS[form]
    values: dict[str, Any] = {}
    for name, kind in spec.fields.items():
        raw_value = raw.get(name)
        values[name] = (parse_number(name, raw_value) if kind == "number" else
                        parse_date(raw_value) if kind == "date" else parse_choice(raw_value))
    try:
        return {"ok": True, "results": spec.compute(values)}
    except InputError as error:
        return {"ok": False, "problems": problems_json(error)}


def vectors() -> list[dict[str, Any]]:
    """Every case of every form with the reference output."""
    return [{"form": spec.name, "inputs": case, "expected": run(spec.name, case)}
            for spec in FORMS.values() for case in spec.cases]


def export_data() -> dict[str, Any]:
    """The rules the browser computes from (no figures are typed into the JavaScript)."""
    def bounds(b):
        return {"low": b.low, "high": b.high, "unit": b.unit, "source": b.source}

    return {
        "patient": {
            "weight_kg": bounds(patient.WEIGHT_KG),
            "height_cm": bounds(patient.HEIGHT_CM),
            "age_years": bounds(patient.AGE_YEARS),
            "kg_per_unit": {"kg": 1.0, "lb": patient.KG_PER_LB},
            "cm_per_unit": {"cm": 1.0, "m": 100.0, "in": patient.CM_PER_IN},
            "help": dict(patient.Patient.field_help),
        },
        "devine": {
            "base_kg": body_size.DEVINE_BASE_KG,
            "kg_per_inch": body_size.DEVINE_KG_PER_INCH,
            "reference_in": body_size.DEVINE_REFERENCE_IN,
            "adult_age_years": body_size.ADULT_AGE_YEARS,
            "short_stature_rules": body_size.SHORT_STATURE_RULES,
            "source": body_size.DEVINE_1974.id,
        },
        "abw_factor": body_size.ABW_FACTOR,
        "sources": {
            "mosteller": body_size.MOSTELLER_1987.id,
            "bmi": body_size.QUETELET_BMI.id,
            "abw": body_size.ADJUSTED_BW.id,
            "steroids": steroids.STEROID_TABLE.id,
        },
        "steroids": {
            "equivalent_mg": steroids.EQUIVALENT_DOSE_MG,
            "routes": steroids.ROUTES,
            "dose_mg": bounds(steroids.DOSE_MG),
        },
        "forms": {name: spec.fields for name, spec in FORMS.items()},
        "taper": _taper_export(bounds),
        "dose": _dose_export(bounds),
    }


def _dose_export(bounds) -> dict[str, Any]:
    """What the dose port needs: the regimen rules and figures (regimens.export_regimens), the bounds of
    each regimen's inputs, and the form's mapping of fields to regimens."""
    models = {"prednisone_initial": regimens.PrednisoneInitialInput, "iv_methylprednisolone": regimens.IvmpInput,
              "methotrexate_iim": regimens.MtxIimInput, "methotrexate_igm": regimens.MtxIgmInput,
              "ivig": regimens.IvigInput, "rituximab": regimens.RituximabInput,
              "cyclophosphamide": regimens.CyclophosphamideInput}
    input_bounds = {name: {field: bounds(b) for field in model.model_fields
                           if (b := bounds_of(model, field)) is not None}
                    for name, model in models.items()}
    return {
        **regimens.export_regimens(),
        "regimens": {name: list(args) for name, args in DOSE_REGIMENS.items()},
        "regimen_names": list(DOSE_REGIMENS),
        "form_field": DOSE_FORM_FIELD,
        "flags": list(DOSE_FLAGS),
        "int_fields": list(DOSE_INT_FIELDS),
        "input_bounds": input_bounds,
        "mtx_weekly_cap": bounds(regimens.WeeklyMethotrexateBounds(0.001, guidance.MTX_WEEKLY_CAP.value,
                                                                    "mg once weekly",
                                                                    source=guidance.MTX_WEEKLY_CAP.cite())),
        "tpmt_choices": list(typing.get_args(regimens.Tpmt)),
        "short_stature_choices": list(typing.get_args(body_size.ShortStature)),
        "cpic": {"intermediate": regimens.CPIC_INTERMEDIATE, "poor": regimens.CPIC_POOR,
                 "source": regimens.CPIC_THIOPURINE_2018.id},
        "weekdays": list(regimens.WEEKDAYS),
    }


def _taper_export(bounds) -> dict[str, Any]:
    """What the taper port needs: the protocols and presets (from the engine's own export), the
    request's bounds and messages, the form's choices, and the texts the outputs are made of."""
    request = taper_engine.TaperRequest
    return {
        **taper_pkg.export_protocols(),
        "bounds": {name: bounds(bounds_of(request, name)) for name in (
            "start_dose_mg", "dose_mg_per_kg", "hold_weeks", "slow_1mg_every_weeks", "withdrawal_days", "step_mg")},
        "int_fields": list(TAPER_INT_FIELDS),
        "field_help": dict(request.field_help),
        "strength_mg": bounds(taper_engine.STRENGTH_MG),
        "form_strengths": {k: (list(v) if isinstance(v, tuple) else v) for k, v in TAPER_STRENGTHS.items()},
        "form_strength_names": list(TAPER_STRENGTHS),  # in order: a JS object puts "5" first
        "form_choices": {k: list(v) for k, v in TAPER_CHOICES.items()},
        "pjp_text": {"dose": guidance.PJP_STEROID_DOSE.text(), "weeks": guidance.PJP_STEROID_WEEKS.text()},
        "source_labels": {p.source_id: p.source.label() for p in taper_pkg.PROTOCOLS.values()},
        "once_daily": taper_outputs.ONCE_DAILY,
        "calendar_css": taper_outputs._PRINT_CSS,
        "plan": {
            "rules": _plan_rule_templates(),
            "pjp_dose_mg": guidance.PJP_STEROID_DOSE.value,
            "pjp_days": safety.PJP_WEEKS_DAYS,
            "pjp_immunosuppressants": guidance.PJP_IMMUNOSUPPRESSANTS.value,
            "high_dose_per_kg": guidance.IIM_PRED_PER_KG.low,
            "high_dose_max_days": safety.HIGH_DOSE_MAX_DAYS,
            "steroid_sparing": sorted(safety.STEROID_SPARING),
            "prednisone_note": "Corticosteroid doses are compared as prednisone equivalents (steroid equivalence "
                               "table).",
        },
    }

