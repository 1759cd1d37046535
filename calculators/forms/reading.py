"""Reading a form generically, from its definition: the same steps as ``live/forms.js``.

1. Walk the fields in order. A field is *used* when its ``when`` conditions hold on the raw
   values of the fields they name; unused fields are ignored (the page hides them).
2. Read each used field by its kind (`calculators.forms.contract`); a refusal becomes a problem.
3. A used field left empty that is required (``required``, or ``required_when`` holds) is
   *missing*: the form shows no result and no problem for it, only what is still needed.
4. A number is checked against its bounds (per unit or per regimen where ``bounds_by`` says so).

The answer is a `Reading`; the adapters (`calculators.forms.adapters`) compute only when it
has no problem and nothing missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import messages
from .._model import Bounds
from ..messages import number_text, problem_text, range_text, say
from . import contract
from .definitions import FieldDef, FormDef


@dataclass
class Reading:
    """A form read by its definition: values, problems, what is missing, what was used."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    inputs: list[dict[str, str]] = field(default_factory=list)
    """What the result was computed from, as the record repeats it: label, shown value."""


def _raw(raw: Mapping[str, Any], name: str) -> str:
    value = raw.get(name)
    return "" if value is None else str(value)


def _holds(cond: dict[str, tuple[str, ...]] | None, raw: Mapping[str, Any]) -> bool:
    return cond is None or all(_raw(raw, name) in allowed for name, allowed in cond.items())


def used(f: FieldDef, raw: Mapping[str, Any]) -> bool:
    """Whether a field is used with these raw values (its ``when`` holds).

    Parameters
    ----------
    f : FieldDef
        A field [record].
    raw : mapping
        The form's text values, field -> text [record].
    """
    return _holds(f.when, raw)


def required(f: FieldDef, raw: Mapping[str, Any]) -> bool:
    """Whether a used field must be given before the form computes.

    Parameters
    ----------
    f : FieldDef
        A field [record].
    raw : mapping
        The form's text values, field -> text [record].
    """
    return f.required or (f.required_when is not None and _holds(f.required_when, raw))


def need(f: FieldDef, raw: Mapping[str, Any]) -> str:
    """What the form asks of a field with these raw values: ``required``, ``optional`` or ``unused``.

    The dose form's fields follow the chosen regimen (a weight is required for initial prednisone,
    optional for azathioprine, unused for rituximab); the page labels a field "(optional)" exactly
    when this says ``optional`` (``live/forms.js`` ``need``, the same rule).

    Parameters
    ----------
    f : FieldDef
        A field [record].
    raw : mapping
        The form's text values, field -> text [record].
    """
    if not used(f, raw):
        return "unused"
    return "required" if required(f, raw) else "optional"


def bounds_for(f: FieldDef, raw: Mapping[str, Any]) -> Bounds | None:
    """The bounds that apply to a number field with these raw values (per unit or regimen).

    Parameters
    ----------
    f : FieldDef
        A number field [record].
    raw : mapping
        The form's text values, field -> text [record].
    """
    if f.bounds_by is None:
        return f.bounds.get("*")
    return f.bounds.get(_raw(raw, f.bounds_by))


def problem(name: str, value: Any, reason: str, allowed: str, source: str | None = None,
            unit: str | None = None, label: str | None = None) -> dict[str, str]:
    """A refusal as the page shows it: field and message, the message naming the field by its label.

    Parameters
    ----------
    name : str
        The field [text].
    value : any
        The value as given [any unit].
    reason : str
        What is wrong [text].
    allowed : str
        What is allowed [text].
    source : str, optional
        The source of the limit [text].
    unit : str, optional
        The value's unit, shown after it [text].
    label : str, optional
        The field's label on the form, which the message names ("Age", not ``age_years``) [text].
    """
    return {"field": name, "message": problem_text(label or name, value, reason, allowed, source, unit)}


def _bounds_problem(f: FieldDef, value: float, b: Bounds, label: str) -> dict[str, str] | None:
    if b.low <= value <= b.high:
        return None
    if value < b.low:
        reason = say("input.bounds.below") if value > 0 or b.low <= 0 else say("input.bounds.positive")
    else:
        reason = say("input.bounds.above")
    if b.reason:
        reason = b.reason
    elif f.bounds_by is not None and f.bounds_by == f.unit_field:
        fits = [unit for unit, other in f.bounds.items() if unit != b.unit and other.low <= value <= other.high]
        if fits:
            reason = say("input.unit_hint", reason=reason, unit=fits[0])
    return problem(f.name, value, reason, range_text(b.low, b.high, b.unit), b.source, b.unit, label)


def _shown(f: FieldDef, value: Any, raw: Mapping[str, Any]) -> str:
    if f.kind in ("number", "integer"):
        unit = _raw(raw, f.unit_field) if f.unit_field else f.unit
        return number_text(value) + (f" {unit}" if unit else "")
    if f.kind == "date":
        return messages.long_date(value)
    if f.kind == "flag":
        return say("record.yes")
    return dict(f.choices).get(value, value)


def read(form: FormDef, raw: Mapping[str, Any], today: dt.date) -> Reading:
    """Read ``raw`` (field -> text) by the definition ``form``, on the day ``today`` [date].

    Parameters
    ----------
    form : FormDef
        The form's definition [record].
    raw : mapping
        The form's text values, field -> text [record].
    today : datetime.date
        The day the form computes on [date].
    """
    out = Reading()
    for f in form.fields:
        if not used(f, raw):
            continue
        out.used.append(f.name)
        text = _raw(raw, f.name)
        if f.kind == "number":
            value = contract.parse_number(text)
        elif f.kind == "integer":
            value = contract.parse_integer(text)
        elif f.kind == "date":
            value = contract.parse_date(text, today)
        elif f.kind == "flag":
            value = contract.parse_flag(text)
        else:
            value = contract.parse_choice(text, [v for v, _ in f.choices if v != ""])
        if isinstance(value, contract.Refusal):
            if value.raw:
                out.problems.append(problem(f.name, value.raw, value.reason, value.allowed,
                                            label=f.label_for(raw)))
            else:  # a date control holding a half-typed date: never shown as "(not given)"
                out.problems.append({"field": f.name, "message": say(
                    "problem", field=f.label_for(raw), value=say("input.date.incomplete_value"),
                    reason=value.reason, allowed=value.allowed)})
            continue
        out.values[f.name] = value
        if value is None or value is False:
            if value is None and required(f, raw):
                out.missing.append(f.name)
            continue
        b = bounds_for(f, raw) if f.kind in ("number", "integer") else None
        if b is not None:
            found = _bounds_problem(f, value, b, f.label_for(raw))
            if found:
                out.problems.append(found)
                continue
        if not f.quiet:
            out.inputs.append({"field": f.name, "label": f.label_for(raw), "value": _shown(f, value, raw)})
    # A number given without its unit: the unit is missing (no unit is ever assumed; clinical review M7).
    for f in form.fields:
        if f.unit_field and out.values.get(f.name) is not None and out.values.get(f.unit_field) is None \
                and f.unit_field in out.used and f.unit_field not in out.missing:
            out.missing.append(f.unit_field)
    return out


def _choice_text(control: FieldDef, value: str) -> str:
    """A choice as a refusal names it: its label, and its group when the list has groups (IIM, IGM, JDM)."""
    label = dict(control.choices).get(value, value)
    group = dict(control.groups or ()).get(value)
    return say("input.choice_in_group", choice=label, group=group) if group else label


def not_used(form: FormDef, raw: Mapping[str, Any]) -> list[dict[str, str]]:
    """The fields given a value that the form does not use with the other values given.

    A link (``share.js``) can carry a field of another regimen, ``mg_per_week=30`` with IIM methotrexate:
    the form would never read it, so checking it against the other regimen's bounds (and citing that
    regimen's source) would refuse it for the wrong reason. Each is refused as not a field of what is
    chosen, with no source: the fault is the link's. ``share.js`` says the same, from the same template.

    Parameters
    ----------
    form : FormDef
        The form's definition [record].
    raw : mapping
        The values the link gives, field -> text [record].

    Returns
    -------
    list of dict
        ``{"field", "reason"}`` for each such field, in the form's order.
    """
    by_name = {f.name: f for f in form.fields}
    out: list[dict[str, str]] = []
    for f in form.fields:
        if f.when is None or _raw(raw, f.name) == "" or used(f, raw):
            continue
        controls = [by_name[name] for name in f.when]
        if any(_raw(raw, c.name) not in dict(c.choices) for c in controls if c.choices):
            continue  # a choice that is itself refused decides nothing (share.js reads such fields as given)
        control = ", ".join(c.label.lower() for c in controls)
        if all(_raw(raw, c.name) for c in controls):
            choice = ", ".join(_choice_text(c, _raw(raw, c.name)) for c in controls)
            reason = say("input.not_a_field", control=control, choice=choice)
        else:
            reason = say("input.not_a_field.none", control=control)
        out.append({"field": f.name, "reason": reason})
    return out


def form_notes(form: FormDef, values: Mapping[str, Any], today: dt.date) -> list[str]:
    """The form's own notes on read ``values``: a start date before ``today`` [date] is said.

    Parameters
    ----------
    form : FormDef
        The form's definition [record].
    values : mapping
        The read values, field -> value [record].
    today : datetime.date
        The day the form computes on [date].
    """
    return [say("note.past_start", start=messages.long_date(v), today=messages.long_date(today))
            for f in form.fields if f.kind == "date" and isinstance(v := values.get(f.name), dt.date) and v < today]

