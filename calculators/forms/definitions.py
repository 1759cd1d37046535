"""One definition per live form, built from the package's input models.

A `FormDef` lists its fields in order. Each `FieldDef` says what the form's HTML, the page's
script and the Python form adapter need to know, and nothing more: the field ``name`` (the
model's field name), its ``kind`` (``number``, ``integer``, ``choice``, ``flag``, ``date``), its
label and unit, its choices, its bounds (from the model's `calculators._model.Bounds`, per unit
or per regimen where they differ), when it is used (``when``: the values other fields must have)
and when it is required (``required_when``). The HTML (`calculators.forms.html`), the browser's
generic reading of a form (``live/forms.js``) and `calculators.forms.run` all read this one
definition.
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from .. import patient, regimens, steroids
from .. import taper as taper_pkg
from .._model import Bounds, bounds_of
from ..figures import Figure
from ..taper import engine as taper_engine

Cond = dict[str, tuple[str, ...]]
"""Field name -> the values that field must hold (all conditions must hold)."""


@dataclass(frozen=True)
class FieldDef:
    """One field of a form: what the HTML, the page's reader and the Python reader need."""

    name: str
    kind: str
    label: str
    unit: str | None = None
    """Unit shown after the control (``mg/day``), when the field has no unit selector."""
    unit_field: str | None = None
    """Name of the unit ``choice`` that goes with this number (``weight_unit``)."""
    choices: tuple[tuple[str, str], ...] = ()
    """(value, label) pairs; the empty value, if present, means *not chosen*."""
    bounds: dict[str, Bounds] = field(default_factory=dict)
    """Key ``*``, or the value of ``bounds_by`` (a unit, a regimen) -> bounds."""
    bounds_by: str | None = None
    when: Cond | None = None
    required: bool = False
    required_when: Cond | None = None
    help: str | None = None
    """A short hint shown under the label (plain text)."""
    group: str | None = None
    """Choice groups (``<optgroup>``), as value -> group label; or the fieldset a flag belongs to."""
    groups: tuple[tuple[str, str], ...] = ()
    action: str | None = None
    """A button next to the control: ``today`` fills a date field with today's date."""
    quiet: bool = False
    """A unit selector and the like: rendered with its number, not as its own field."""
    label_when: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    """(control, values, label): the label the field takes while ``control`` holds one of ``values``
    (the IGM withdrawal's "Current dose" where the tapers say "Start dose"); else ``label``."""

    def label_for(self, raw: Any) -> str:
        """The field's label for the form's values ``raw`` (field -> text) [text]."""
        for control, values, label in self.label_when:
            held = raw.get(control) if hasattr(raw, "get") else None
            if held is not None and str(held) in values:
                return label
        return self.label

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "label": self.label}
        for key in ("unit", "unit_field", "bounds_by", "help", "group", "action"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.choices:
            out["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        if self.groups:
            out["groups"] = [{"value": v, "group": g} for v, g in self.groups]
        if self.bounds:
            out["bounds"] = {k: bounds_json(b) for k, b in self.bounds.items()}
        if self.when:
            out["when"] = {k: list(v) for k, v in self.when.items()}
        out["required"] = self.required
        if self.required_when:
            out["required_when"] = {k: list(v) for k, v in self.required_when.items()}
        if self.quiet:
            out["quiet"] = True
        if self.label_when:
            out["label_when"] = [[c, list(v), label] for c, v, label in self.label_when]
        return out


@dataclass(frozen=True)
class FormDef:
    """One live form: its name, title and fields in order."""

    name: str
    title: str
    fields: tuple[FieldDef, ...]
    result_label: str
    record_label: str = "Dose record"
    """What its printed record is called: the print button says "Print" and this (record.js), and the record's
    heading starts with it. The safety checks print the plan's checks, not a dose (clinical review 4, M6)."""

    def field(self, name: str) -> FieldDef:
        return next(f for f in self.fields if f.name == name)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "result_label": self.result_label,
                "record_label": self.record_label, "fields": [f.as_json() for f in self.fields]}


def bounds_json(b: Bounds) -> dict[str, Any]:
    """Bounds as the page reads them (low, high, unit, and source or reason when given).

    Parameters
    ----------
    b : Bounds
        A field's bounds [record].
    """
    out: dict[str, Any] = {"low": b.low, "high": b.high, "unit": b.unit}
    if b.source:
        out["source"] = b.source
    if b.reason:
        out["reason"] = b.reason
    return out


def _literal(model: type[BaseModel], name: str) -> tuple[str, ...]:
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return tuple(typing.get_args(candidate))
    return ()


def _kind(model: type[BaseModel], name: str) -> str:
    annotation = model.model_fields[name].annotation
    args = {a for a in (annotation, *typing.get_args(annotation)) if a is not type(None)}
    if _literal(model, name):
        return "choice"
    if bool in args:
        return "flag"
    if int in args:
        return "integer"
    if float in args:
        return "number"
    import datetime as dt

    if dt.date in args or any(dt.date in typing.get_args(a) for a in args):
        return "date"
    return "choice"


def model_field(model: type[BaseModel], name: str, label: str, **extra: Any) -> FieldDef:
    """A field as the model declares it: kind, bounds, choices, required.

    Parameters
    ----------
    model : type of BaseModel
        The pydantic input model [record].
    name : str
        The model's field [text].
    label : str
        The label the form shows [text].
    """
    kind = extra.pop("kind", None) or _kind(model, name)
    declared = bounds_of(model, name)
    bounds = extra.pop("bounds", None)
    if bounds is None:
        bounds = {"*": declared} if declared is not None else {}
    choices = extra.pop("choices", None)
    labels = extra.pop("choice_labels", {})
    if choices is None and kind == "choice":
        choices = tuple((v, labels.get(v, v)) for v in _literal(model, name))
    required = extra.pop("required", model.model_fields[name].is_required())
    return FieldDef(name=name, kind=kind, label=label, choices=choices or (), bounds=bounds, required=required,
                    **extra)


def _in_unit(b: Bounds, factor: float, unit: str) -> Bounds:
    return Bounds(round(b.low / factor, 2), round(b.high / factor, 2), unit)


WEIGHT_BOUNDS = {"kg": patient.WEIGHT_KG, "lb": _in_unit(patient.WEIGHT_KG, patient.KG_PER_LB, "lb")}
HEIGHT_BOUNDS = {"cm": patient.HEIGHT_CM, "m": _in_unit(patient.HEIGHT_CM, 100, "m"),
                 "in": _in_unit(patient.HEIGHT_CM, patient.CM_PER_IN, "in")}
NOT_CHOSEN = ""


def patient_fields(when: Cond | None = None, required: dict[str, Cond | bool] | None = None,
                   with_height: bool = True, with_sex: bool = True, with_age: bool = True) -> list[FieldDef]:
    """Weight (+ unit), height (+ unit), sex, age: all start empty (no default patient).

    Parameters
    ----------
    when : dict, optional
        When the fields show (field -> values) [record].
    required : dict, optional
        When each field is required (field -> bool or condition) [record].
    with_height : bool
        Include height and its unit [yes/no].
    with_sex : bool
        Include sex [yes/no].
    with_age : bool
        Include age [yes/no].
    """
    required = required or {}

    def req(name: str) -> dict[str, Any]:
        rule = required.get(name, False)
        return {"required": rule} if isinstance(rule, bool) else {"required": False, "required_when": rule}

    out = [
        FieldDef("weight", "number", "Weight", unit_field="weight_unit", bounds=WEIGHT_BOUNDS,
                 bounds_by="weight_unit", when=when, **req("weight")),
        # No unit is preselected (clinical review M7): a number given without its unit is missing its unit.
        FieldDef("weight_unit", "choice", "Weight unit", choices=((NOT_CHOSEN, "choose unit"), ("kg", "kg"),
                                                                  ("lb", "lb")), when=when, quiet=True),
    ]
    if with_height:
        out += [
            FieldDef("height", "number", "Height", unit_field="height_unit", bounds=HEIGHT_BOUNDS,
                     bounds_by="height_unit", when=when, **req("height")),
            FieldDef("height_unit", "choice", "Height unit",
                     choices=((NOT_CHOSEN, "choose unit"), ("cm", "cm"), ("m", "m"), ("in", "in")),
                     when=when, quiet=True),
        ]
    if with_sex:
        out.append(FieldDef("sex", "choice", "Sex", choices=((NOT_CHOSEN, "not given"), ("male", "male"),
                                                           ("female", "female")), when=when, **req("sex")))
    if with_age:
        out.append(FieldDef("age_years", "number", "Age", unit="years", bounds={"*": patient.AGE_YEARS},
                            when=when, **req("age_years")))
    return out


SHORT_STATURE = ((NOT_CHOSEN, "not chosen (refuse under 60 in)"),
                 ("extend-linear", "extend-linear: subtract 2.3 kg per inch under 60"),
                 ("base-weight", "base-weight: hold at the 60 in weight"))


# --- body size -----------------------------------------------------------------------------------

BODY_SIZE = FormDef(
    name="body-size", title="Body size", result_label="Body size",
    fields=(*patient_fields(required={"weight": True, "height": True, "sex": True}),
            FieldDef("below_60_in", "choice", "Under 60 in (152.4 cm): how to treat Devine", choices=SHORT_STATURE)),
)


# --- steroid equivalence -------------------------------------------------------------------------

_DRUGS = tuple((d, d) for d in steroids.EQUIVALENT_DOSE_MG)
_ROUTES = (("PO", "by mouth (PO)"), ("IV", "intravenous (IV)"))

STEROID_EQUIVALENCE = FormDef(
    name="steroid-equivalence", title="Steroid equivalence", result_label="Equivalent dose",
    fields=(
        model_field(steroids.SteroidConversion, "dose_mg", "Dose", unit="mg"),
        model_field(steroids.SteroidConversion, "from_drug", "From", choices=((NOT_CHOSEN, "choose"), *_DRUGS)),
        model_field(steroids.SteroidConversion, "from_route", "Route", choices=((NOT_CHOSEN, "choose"), *_ROUTES)),
        model_field(steroids.SteroidConversion, "to_drug", "To", choices=((NOT_CHOSEN, "choose"), *_DRUGS)),
        model_field(steroids.SteroidConversion, "to_route", "Route", choices=((NOT_CHOSEN, "choose"), *_ROUTES)),
    ),
)


# --- taper ---------------------------------------------------------------------------------------

TAPER_STRENGTHS: dict[str, str | tuple[float, ...] | None] = {
    "": None,  # the drug's own preset, said so in the notes
    "prednisone": "prednisone",
    "prednisolone": "prednisolone",
    "5+2.5+1": (5, 2.5, 1),
    "5+1": (5, 1),
    "2.5+1": (2.5, 1),
    "5": (5,),
}
"""Tablet sets the taper form offers: a preset name, or strengths in mg (the pharmacy's setting)."""


def _strength_label(key: str) -> str:
    if key == "":
        return "the drug's usual strengths"
    value = TAPER_STRENGTHS[key]
    if isinstance(value, str):
        drug, strengths = taper_pkg.STRENGTH_PRESETS[value]
        from ..messages import number_text

        return f"{drug} " + ", ".join(number_text(s) for s in strengths) + " mg"
    from ..messages import number_text

    items = [number_text(s) for s in value]
    return (items[0] + " mg only") if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] + " mg"


def _protocols(kind: str | None = None, option: str | None = None) -> tuple[str, ...]:
    return tuple(pid for pid, p in taper_pkg.PROTOCOLS.items()
                 if (kind is None or p.kind == kind) and (option is None or option in p.options()))


def _taper_fields() -> tuple[FieldDef, ...]:
    req = taper_engine.TaperRequest
    stepped, span = _protocols("stepped"), _protocols("span")
    slow = _protocols(option="slow-1mg-from-10mg")
    per_kg = {"dose_basis": ("per-kg",)}
    return (
        FieldDef("protocol", "choice", "Protocol", required=True,
                 choices=((NOT_CHOSEN, "choose a protocol"),
                          *((pid, p.name)
                            for pid, p in taper_pkg.PROTOCOLS.items()))),
        FieldDef("dose_basis", "choice", "Start dose given as", required=True,
                 choices=(("dose", "mg/day"), ("per-kg", "weight × mg/kg/day")),
                 label_when=(("protocol", span, "Current dose given as"),)),
        model_field(req, "start_dose_mg", "Start dose", unit="mg/day", when={"dose_basis": ("dose",)},
                    required=True, label_when=(("protocol", span, "Current dose (before withdrawal)"),)),
        *patient_fields(required={"weight": per_kg}, with_height=False, with_sex=False, with_age=False),
        FieldDef("age_years", "number", "Age", unit="years", bounds={"*": patient.AGE_YEARS},
                 required_when={"protocol": tuple(pid for pid, p in taper_pkg.PROTOCOLS.items()
                                                  if p.population.age_restricted)}),
        model_field(req, "dose_mg_per_kg", "Dose per kg", unit="mg/kg/day", when=per_kg, required=True),
        model_field(req, "start_rounding", "If the tablets cannot make it", when=per_kg, required=True,
                    choice_labels={"refuse": "refuse (show the nearest)", "down": "round down",
                                   "nearest": "round to nearest"}),
        model_field(req, "start_date", "Start date", kind="date", required=True, action="today"),
        model_field(req, "hold_weeks", "Hold the start dose", unit="weeks", when={"protocol": stepped},
                    required=True),
        FieldDef("slow_1mg_every_weeks", "choice", "S003 slow end: minus 1 mg every", when={"protocol": slow},
                 choices=((NOT_CHOSEN, "not used (2.5 mg steps to stop)"), ("2", "2 weeks"), ("3", "3 weeks"),
                          ("4", "4 weeks"))),
        model_field(req, "withdrawal_days", "Withdraw over", unit="days", when={"protocol": span}, required=True),
        model_field(req, "step_mg", "Even step (empty: the protocol's step)", unit="mg", when={"protocol": span}),
        FieldDef("drug", "choice", "Drug the patient takes",
                 choices=((NOT_CHOSEN, "the protocol's drug"), ("prednisone", "prednisone"),
                          ("prednisolone", "prednisolone"))),
        FieldDef("strengths", "choice", "Tablets on hand", choices=tuple((k, _strength_label(k))
                                                                         for k in TAPER_STRENGTHS)),
        FieldDef("half_tablets", "choice", "Half tablets", required=True,
                 choices=(("no", "no: whole tablets only"), ("yes", "yes: scored tablets may be halved"))),
    )


TAPER = FormDef(name="taper", title="Steroid taper", result_label="Taper schedule", fields=_taper_fields())


# --- dose (one regimen at a time) ----------------------------------------------------------------

REGIMEN_GROUPS = {"igm": "Granulomatous mastitis", "jdm": "Juvenile dermatomyositis"}
"""Choice group of a regimen, by the prefix of its module (``iim_`` and the rest: adult IIM)."""
ADULT_IIM = "Inflammatory myopathy (adults)"

def _recipe(name: str) -> dict[str, Any]:
    return regimens.REGIMENS[name].recipe or {}


def regimen_label(name: str) -> str:
    """The dose form's name for a regimen: its recipe's ``label``, else its title, else its registry name.

    Parameters
    ----------
    name : str
        The regimen's registry name [text].
    """
    recipe = _recipe(name)
    return recipe.get("label") or recipe.get("title") or name


def patient_needs(name: str) -> tuple[str, ...]:
    """What a regimen needs of the patient before it computes: its recipe's ``needs``.

    The form shows no result until they are given.

    Parameters
    ----------
    name : str
        The regimen's registry name [text].
    """
    return tuple(_recipe(name).get("needs", ()))


FIELD_LABELS: dict[str, tuple[str, str | None]] = {
    "mg_per_kg": ("Dose per kg", "mg/kg/day"),
    "days": ("Days", "days"),
    "ramp_months": ("Reach the target within", "months"),
    "mg_per_week": ("Methotrexate, once weekly", "mg"),
    "prednisolone_mg_per_day": ("Prednisolone", "mg/day"),
    "tpmt": ("TPMT result", None),
    "g_per_kg_total": ("IVIG in all", "g/kg"),
    "months": ("Course", "months"),
    "start": ("Start date", None),
    "drug": ("Drug", None),
    "below_60_in": ("Under 60 in (152.4 cm): how to treat Devine", None),
    "age_years": ("Age", "years"),
}
FLAG_LABELS = {"diabetes": "diabetes", "osteoporosis": "osteoporosis", "glaucoma": "glaucoma",
               "high_relapse_risk": "high relapse risk", "low_steroid_risk": "low risk of steroid complications"}
CHOICE_LABELS = {"tpmt": {"normal": "normal", "intermediate": "intermediate", "low-absent": "low or absent",
                          "unknown": "not known yet"},
                 "below_60_in": dict(SHORT_STATURE)}
FLAG_GROUP = "Risk factors (they only steer where in the range to sit)"


def _takes_patient(regimen: Any) -> bool:
    return "patient" in inspect.signature(regimen.calculate).parameters


def _group_of(name: str) -> str:
    module = regimens.REGIMENS[name].calculate.__module__.rsplit(".", 1)[-1]
    return REGIMEN_GROUPS.get(module.split("_", 1)[0], ADULT_IIM)


def _dose_fields() -> tuple[FieldDef, ...]:
    names = list(regimens.REGIMENS)
    ordered = sorted(names, key=lambda n: [ADULT_IIM, *REGIMEN_GROUPS.values()].index(_group_of(n)))
    with_patient = tuple(n for n in names if _takes_patient(regimens.REGIMENS[n]))
    needs: dict[str, Cond | bool] = {}
    for field_name in ("weight", "height", "sex"):
        needs[field_name] = {"regimen": tuple(n for n in with_patient if field_name in patient_needs(n))}
    fields: list[FieldDef] = [FieldDef(
        "regimen", "choice", "Regimen", required=True,
        choices=((NOT_CHOSEN, "choose a regimen"), *((n, regimen_label(n)) for n in ordered)),
        groups=tuple((n, _group_of(n)) for n in ordered))]
    model_ages = tuple(n for n in names if "age_years" in regimens.REGIMENS[n].input_model.model_fields)
    # Each patient field shows only for the regimens that use it (weight also where it is compared with ideal).
    shown = {"weight": with_patient, "height": needs["height"]["regimen"], "sex": needs["sex"]["regimen"]}
    for f in patient_fields(when={"regimen": with_patient}, required=needs, with_age=False):
        base = f.name.replace("_unit", "")
        fields.append(FieldDef(**{**f.__dict__, "when": {"regimen": shown[base]}}))
    ages = tuple(n for n in names if regimens.REGIMENS[n].population.age_restricted)
    fields.append(FieldDef("age_years", "number", "Age", unit="years", bounds={"*": patient.AGE_YEARS},
                           when={"regimen": tuple(dict.fromkeys(with_patient + model_ages + ages))},
                           required_when={"regimen": ages}))
    seen: dict[str, dict[str, Any]] = {}
    for name in names:
        model = regimens.REGIMENS[name].input_model
        for field_name in model.model_fields:
            if field_name == "age_years":
                continue
            entry = seen.setdefault(field_name, {"users": [], "bounds": {}, "required": [], "model": model})
            entry["users"].append(name)
            b = bounds_of(model, field_name)
            if b is not None:
                entry["bounds"][name] = b
            if model.model_fields[field_name].is_required():
                entry["required"].append(name)
    for field_name, entry in seen.items():
        users = tuple(entry["users"])
        model = entry["model"]
        kind = _kind(model, field_name)
        if field_name in FLAG_LABELS:
            fields.append(FieldDef(field_name, "flag", FLAG_LABELS[field_name], when={"regimen": users},
                                   group=FLAG_GROUP))
            continue
        label, unit = FIELD_LABELS.get(field_name, (field_name.replace("_", " "), None))
        choices: tuple[tuple[str, str], ...] = ()
        if kind == "choice":
            labels = CHOICE_LABELS.get(field_name, {})
            values = _literal(model, field_name)
            choices = tuple([(NOT_CHOSEN, labels.get(NOT_CHOSEN, "not given"))] +
                            [(v, labels.get(v, v)) for v in values if v != NOT_CHOSEN])
        bounds = entry["bounds"]
        one = len({(b.low, b.high, b.unit, b.source) for b in bounds.values()}) <= 1
        fields.append(FieldDef(
            field_name, kind, label, unit=unit, choices=choices,
            bounds=({"*": next(iter(bounds.values()))} if one and bounds else dict(bounds)),
            bounds_by=None if one else "regimen", when={"regimen": users},
            required_when={"regimen": tuple(entry["required"])} if entry["required"] else None,
            action="today" if kind == "date" else None))
    return tuple(fields)


def dose_form() -> FormDef:
    """The dose form, one field set for every regimen of the registry (built again on each call)."""
    return FormDef(name="dose", title="Dose", result_label="Dose", fields=_dose_fields())


DOSE = dose_form()


# --- safety checks on a whole plan (calculators.safety.check_plan) ---------------------------------------

AGENT_LABELS = {"methotrexate": "Methotrexate (once weekly)", "azathioprine": "Azathioprine",
                "mycophenolate": "Mycophenolate mofetil", "ivig": "IVIG", "rituximab": "Rituximab",
                "cyclophosphamide": "Cyclophosphamide", "cyclosporine": "Cyclosporine", "tacrolimus": "Tacrolimus"}
"""The agents of `calculators.safety.Agent`, as the safety form labels its boxes (``agent_<drug>``)."""
KNOWN = ((NOT_CHOSEN, "not known"), ("yes", "yes"), ("no", "no"))
"""A yes / no / not known answer: what check_plan reads as True, False or None."""
PATIENT_FACTS = {"pregnant": "Pregnant", "planning_pregnancy": "Planning pregnancy",
                 "childbearing_potential": "Could become pregnant (childbearing potential)",
                 "osteoporosis": "Osteoporosis", "tuberculosis_excluded": "Tuberculosis excluded (IGM)"}
TPMT_CHOICES = ((NOT_CHOSEN, "not known"), ("normal", "normal"), ("intermediate", "intermediate"),
                ("low-absent", "low or absent"))
"""The TPMT result as the safety form asks it (calculators.safety.Tpmt; not known is read as no result)."""


def _safety_fields() -> tuple[FieldDef, ...]:
    from .. import safety
    from ..guidance import IIM_PRED_LOW_END as IIM_PRED_PER_KG_LOW

    agents = typing.get_args(safety.Agent)
    assert set(agents) == set(AGENT_LABELS), "every agent of calculators.safety has its box"
    on_steroid = {"steroid": tuple(typing.get_args(steroids.Steroid))}
    return (
        FieldDef("disease", "choice", "Disease", required=True,
                 choices=((NOT_CHOSEN, "choose"), ("IIM", "IIM (adult)"), ("JDM", "Juvenile dermatomyositis"),
                          ("IGM", "IGM (granulomatous mastitis)"))),
        *(FieldDef(f"agent_{a}", "flag", AGENT_LABELS[a], group="Other agents in the plan") for a in agents),
        FieldDef("steroid", "choice", "Corticosteroid course",
                 choices=((NOT_CHOSEN, "none"), *((d, d) for d in typing.get_args(steroids.Steroid)))),
        FieldDef("steroid_mg_per_day", "number", "Daily dose", unit="mg/day", bounds={"*": safety.DAILY_DOSE_MG},
                 when=on_steroid, required_when=on_steroid),
        FieldDef("steroid_start", "date", "Course from", when=on_steroid, required_when=on_steroid, action="today"),
        FieldDef("steroid_end", "date", "Course to (last day)", when=on_steroid, required_when=on_steroid),
        FieldDef("weight_kg", "number", "Weight", unit="kg", bounds={"*": bounds_of(safety.PlanFacts, "weight_kg")},
                 help=f"optional: measures time at {IIM_PRED_PER_KG_LOW.text()} or more"),
        *(FieldDef(name, "choice", label, choices=KNOWN) for name, label in PATIENT_FACTS.items()),
        FieldDef("tpmt", "choice", "TPMT result (azathioprine)", choices=TPMT_CHOICES),
        FieldDef("live_vaccine_planned", "flag", "A live vaccine is planned during treatment", group="Vaccines"),
    )


SAFETY = FormDef(name="safety", title="Safety checks", result_label="Plan checks", record_label="Plan checks",
                 fields=_safety_fields())

FORMS: dict[str, FormDef] = {f.name: f for f in (BODY_SIZE, STEROID_EQUIVALENCE, TAPER, DOSE, SAFETY)}
"""Every live form by name."""


def figure_text(figure: Figure) -> str:
    """A figure as pages show it (``15 mg once weekly``).

    Parameters
    ----------
    figure : Figure
        A registry figure [record].
    """
    return figure.text()
