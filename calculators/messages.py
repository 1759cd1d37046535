"""Every sentence a result or a refusal can say, as templates, and the number and date formats they use.

The package fills these templates (`say`); the live forms in the pages fill the same templates,
exported by `calculators.forms.export`, so no sentence is written twice. The formats are a
contract of this project, implemented once here and once in
``docs/assets/javascripts/live/contract.js``, and tested on the same edge cases in both
(``tests/test_messages.py``, ``tests/test_live_parity.py``):

* **Numbers** (`number_text`): the shortest decimal that reads back as the same double (what
  Python's ``repr`` and JavaScript's ``String`` both give), written out in full: never an
  exponent (``1000000``, ``0.0000001``), no trailing zeros, never ``-0``. With ``decimals``, it is
  first rounded **half away from zero** on that decimal, at that many places: 45.25 -> ``45.3``,
  0.5078125 at 6 places -> ``0.507813``. NaN and infinity are never formatted: they are refused
  where they enter (`calculators.forms.contract`).
* **Typed text** (`quoted`): between single quotes, as typed, except that any character outside
  printable ASCII is written ``U+XXXX`` inside angle brackets (a byte-order mark shows as
  ``<U+FEFF>``), so an invisible character is never invisible in a message.
* **Dates** (`long_date`): weekday, day, month name, year: ``Monday 5 January 2026``. Files and
  machine-read fields keep ISO ``2026-01-05``.

A template is a Python ``str.format`` string with named fields only; values are formatted by
the caller (the package or the page) with the functions below before filling.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def number_text(value: float, decimals: int | None = None) -> str:
    """A number as every page and message shows it (see the module docstring).

    Parameters
    ----------
    value : float
        A finite number [any unit].
    decimals : int, optional
        Round half away from zero at this many decimal places first [places].

    Returns
    -------
    str
        ``70.5``, ``1000000``, ``0.0000001``; never ``1e+06``, ``-0`` or ``70.50``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"number_text needs a number, got {value!r}")
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        raise ValueError("NaN and infinity are refused at the form's edge and never formatted")
    if decimals is not None:
        exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quoted(text: str) -> str:
    """Typed text as a message shows it: ``'seventy'``, ``'<U+FEFF>70'``."""
    return "'" + "".join(ch if " " <= ch <= "~" else f"<U+{ord(ch):04X}>" for ch in str(text)) + "'"


def value_text(value: Any) -> str:
    """A user's value in a refusal: a number by `number_text`, text by `quoted`; None is (not given)."""
    if value is None:
        return "(not given)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value) if value == value and abs(value) != float("inf") else quoted(str(value))
    if isinstance(value, dt.date):
        return long_date(value)
    return quoted(str(value))


def one_of(values: list[str] | tuple[str, ...]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``."""
    items = [quoted(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def long_date(day: dt.date) -> str:
    """``Monday 5 January 2026``: weekday, day, month name, year (issue 14: dates read one way)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year:04d}"


TEMPLATES: dict[str, str] = {
    # --- a refusal, as every message shows it ---
    "problem": "{field} = {value}: {reason}; allowed: {allowed}",
    "problem.source": "{field} = {value}: {reason}; allowed: {allowed} (source: {source})",
    "range": "{low} to {high}",
    "range.unit": "{low} to {high} {unit}",
    # --- reading what a form holds (calculators.forms.contract); the policy is said in the refusal ---
    "input.number.allowed": "a number written with the digits 0-9 and at most one decimal point or comma, "
                            "such as 70.5 or 70,5",
    "input.number.not_a_number": "is not a number",
    "input.number.character": "contains {char}, which a number cannot hold: only the digits 0-9, one point "
                              "or comma and a leading minus are read; invisible characters (such as a "
                              "byte-order mark) and digits of other scripts are refused, never guessed",
    "input.number.ambiguous": "is ambiguous: it reads as {thousands} if the {separator} separates thousands, "
                              "or as {decimal} if it is a decimal {separator}; type {thousands} or {decimal}",
    "input.number.too_large": "is too large to be a number this form can read",
    "input.integer.whole": "must be a whole number",
    "input.choice.unknown": "is not one of the accepted values",
    "input.date.allowed": "a date written YYYY-MM-DD (the date field gives it so), within {years} years of "
                          "today ({today})",
    "input.date.incomplete_value": "(an incomplete date)",
    "input.date.malformed": "is not a date written YYYY-MM-DD",
    "input.date.incomplete": "is not a complete, valid date (the date field holds a half-typed or "
                             "impossible date)",
    "input.date.impossible": "is not a date in the calendar (month {month}, day {day} of {year} does not exist)",
    "input.date.short_year": "has the year {year}: write the year with four digits (such as {example})",
    "input.date.far": "is more than {years} years from today ({today}): no treatment plan starts there",
    "input.required": "is required",
    "input.required_for": "is required for {calculator}",
    "note.past_start": "The start date, {start}, is before today ({today}): the plan is shown as it would "
                       "have run from that date.",
    # --- body size (calculators.body_size) ---
    "rule.and": "{rule}; {more}",
    "ibw.quantity": "ideal body weight",
    "ibw.rule": "Devine: {base} kg + {per_inch} kg per inch over {reference} in ({sex})",
    "ibw.adult.reason": "is under the adult age the Devine formula was made for",
    "ibw.adult.allowed": "{age} years or older",
    "ibw.short.choose": "must be chosen: height {height_in} in is under 60 in, where the Devine formula has no "
                        "standard",
    "ibw.short.unknown": "is not a known behaviour",
    "ibw.short.note": "Height under 60 in: {rule}.",
    "ibw.short.extend-linear": "formula extended below 60 in (2.3 kg subtracted per inch under 60 in)",
    "ibw.short.base-weight": "held at the 60-inch base weight below 60 in",
    "ibw.not_positive.reason": "gives no positive ideal body weight with 'extend-linear'",
    "ibw.not_positive.allowed": "a height that gives a positive ideal body weight",
    "bsa.quantity": "body surface area",
    "bsa.mosteller.rule": "Mosteller: sqrt(height cm x weight kg / 3600)",
    "bsa.dubois.rule": "Du Bois: 0.007184 x weight kg^0.425 x height cm^0.725",
    "bsa.unknown_formula": "is not a known formula",
    "bmi.quantity": "body mass index",
    "bmi.rule": "weight kg / (height m)²",
    "abw.quantity": "adjusted body weight",
    "abw.rule": "IBW + {factor} x (actual - IBW), IBW by {ibw_rule}",
    "abw.below_ibw": "Actual weight {actual} kg is at or below ideal body weight {ibw} kg: adjusted body weight is "
                     "meant for patients above ideal weight, and here exceeds actual weight.",
    # --- steroid equivalence (calculators.steroids) ---
    "steroid.quantity": "{drug} {route} equivalent",
    "steroid.rule": "{from_drug} {from_mg} mg = {to_drug} {to_mg} mg",
    "steroid.route.reason": "is not a route the equivalence table gives for {drug}",
    "steroid.route.allowed": "{routes} for {drug}",
    "or": "{first} or {second}",
    # --- patient (calculators.patient) ---
    "patient.unit_missing_value": "is missing but {unit_field} was given",
    "patient.unit_required": "is required with {field} = {value}",
    "patient.unit_hint.m": "looks like metres: give height_unit='m'",
    "patient.unit_hint.cm": "looks like centimetres: give height_unit='cm'",
    "patient.weight.help": "{kg} (or {lb})",
    "patient.height.help": "{cm} (or {m}, or {inch})",
    "input.unit_hint": "{reason} (the value fits {unit}: is the unit right?)",
    "input.bounds.below": "is below the allowed range",
    "input.bounds.above": "is above the allowed range",
    "input.bounds.positive": "must be greater than zero",
    # --- dose form lines ---
    "dose.line": "{drug} {dose} {route} {frequency}{when}",
    "dose.line.labelled": "{label}: {line}",
    "dose.line.from": " from {start}",
    "dose.line.from_to": " from {start} to {end}",
    # --- what every result repeats ---
    "record.edition": "Edition {edition}",
    "record.draft": "Working draft, not a published edition",
    "record.computed_from": "Computed from",
    "record.not_given": "not given",
    "record.yes": "yes",
    # --- the page's own status lines ---
    "status.updated": "Result updated.",
    "status.needed": "Enter {fields} to see the result.",
    "status.refused": "No result: {count} input problem(s).",
}
"""Every sentence, by key. Keys are dotted: the area, then what is said."""

KIND_LABELS: dict[str, str] = {
    "source": "Source",
    "reference": "Outside reference",
    "tool_choice": "Tool's choice",
}
"""How the three kinds of statement (issue 11) are labelled on pages and in live results."""


def say(key: str, **params: Any) -> str:
    """Fill template ``key`` with ``params`` (already formatted text, or numbers formatted by `number_text`)."""
    template = TEMPLATES[key]
    shown = {k: (number_text(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
             for k, v in params.items()}
    return template.format(**shown)


def problem_text(field: str, value: Any, reason: str, allowed: str, source: str | None = None,
                 unit: str | None = None) -> str:
    """One refusal line: ``weight = -70 kg: must be greater than zero; allowed: 2 to 350 kg``."""
    shown = value_text(value) + (f" {unit}" if unit else "")
    if source:
        return say("problem.source", field=field, value=shown, reason=reason, allowed=allowed, source=source)
    return say("problem", field=field, value=shown, reason=reason, allowed=allowed)


def range_text(low: float, high: float, unit: str | None = None) -> str:
    """``2 to 350 kg``."""
    if unit:
        return say("range.unit", low=number_text(low), high=number_text(high), unit=unit)
    return say("range", low=number_text(low), high=number_text(high))


def export() -> dict[str, Any]:
    """What the pages fill their sentences from."""
    return {"templates": dict(TEMPLATES), "weekdays": list(WEEKDAYS), "months": list(MONTHS),
            "kind_labels": dict(KIND_LABELS)}
