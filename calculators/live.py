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

A calculator joins the live forms by adding a ``FormSpec`` to `FORMS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from . import body_size, patient, steroids
from .errors import InputError, Problem
from .result import Result

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


def run(form: str, raw: FormInputs) -> dict[str, Any]:
    """What the page must show for these raw form values: ``{"ok": True, "results": ...}``
    or ``{"ok": False, "problems": [{"field", "message"}]}``."""
    spec = FORMS[form]
    values: dict[str, Any] = {}
    for name, kind in spec.fields.items():
        raw_value = raw.get(name)
        values[name] = parse_number(name, raw_value) if kind == "number" else parse_choice(raw_value)
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
    }

