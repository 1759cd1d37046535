"""Body size: ideal body weight, body surface area, BMI and adjusted body weight.

These formulas are not in the guideline summaries themselves, but the
summaries dose by them: azathioprine and IVIG on ideal body weight (S002,
S003), juvenile dermatomyositis methotrexate per square metre (S002, S003).
Each function takes a `Patient` and returns a
`Result` naming the formula and its reference.
"""

from __future__ import annotations

import math
from typing import Literal

from .errors import InputError
from .patient import CM_PER_IN, Patient
from .result import Result
from .sources import ADJUSTED_BW, DEVINE_1974, DUBOIS_1916, MOSTELLER_1987, QUETELET_BMI

DEVINE_BASE_KG = {"male": 50.0, "female": 45.5}
"""Devine (1974): weight at 60 inches (5 feet)."""
DEVINE_KG_PER_INCH = 2.3
"""Devine (1974): added per inch of height over 60 inches."""
DEVINE_REFERENCE_IN = 60.0
ADULT_AGE_YEARS = 18
ABW_FACTOR = 0.4
"""Fraction of the excess over ideal body weight counted in adjusted body weight."""

ShortStature = Literal["extend-linear", "base-weight"]
"""How to treat heights under 60 in, where Devine's formula has no standard.

- ``extend-linear``: keep subtracting 2.3 kg per inch below 60 in (the formula
  applied as written; MedCalc-Bench does this).
- ``base-weight``: stop at the 60-inch weight (50 kg men, 45.5 kg women).
"""

SHORT_STATURE_RULES: dict[str, str] = {
    "extend-linear": "formula extended below 60 in (2.3 kg subtracted per inch under 60 in)",
    "base-weight": "held at the 60-inch base weight below 60 in",
}


def ideal_body_weight(patient: Patient, *, below_60_in: ShortStature | None = None) -> Result:
    """Ideal body weight by Devine (1974).

    ``IBW [kg] = base + 2.3 x (height [in] - 60)``, base 50 kg for men and
    45.5 kg for women; height is converted exactly (1 in = 2.54 cm).

    Parameters
    ----------
    patient : Patient
        Needs ``height`` and ``sex``. An ``age_years`` under 18 is refused:
        Devine is an adult formula.
    below_60_in : {'extend-linear', 'base-weight'}, optional
        Required when the height is under 60 in (152.4 cm): the formula has no
        standard there, so the caller must choose, and the result says which
        choice was applied.

    Raises
    ------
    InputError
        Missing height or sex, a child's age, or a height under 60 in with no
        ``below_60_in`` behaviour chosen.
    """
    patient.require("ideal body weight", "height", "sex")
    if patient.age_years is not None and patient.age_years < ADULT_AGE_YEARS:
        raise InputError("age_years", patient.age_years, f"{ADULT_AGE_YEARS} years or older",
                         reason="is under the adult age the Devine formula was made for",
                         source=DEVINE_1974.id)
    height_in = patient.height_in
    base = DEVINE_BASE_KG[patient.sex]
    rule = f"Devine: {base:g} kg + 2.3 kg per inch over 60 in ({patient.sex})"
    notes: list[str] = []
    inches_over = height_in - DEVINE_REFERENCE_IN
    if inches_over < 0:
        if below_60_in is None:
            raise InputError(
                "below_60_in", None, "'extend-linear' or 'base-weight'",
                reason=f"must be chosen: height {height_in:.1f} in is under 60 in, "
                "where the Devine formula has no standard",
                source=DEVINE_1974.id,
            )
        if below_60_in not in SHORT_STATURE_RULES:
            raise InputError("below_60_in", below_60_in, "'extend-linear' or 'base-weight'",
                             reason="is not a known behaviour")
        notes.append(f"Height under 60 in: {SHORT_STATURE_RULES[below_60_in]}.")
        rule += f"; {SHORT_STATURE_RULES[below_60_in]}"
        if below_60_in == "base-weight":
            inches_over = 0.0
    value = base + DEVINE_KG_PER_INCH * inches_over
    if value <= 0:
        raise InputError("height", patient.height, "a height that gives a positive ideal body weight",
                         reason="gives no positive ideal body weight with 'extend-linear'", source=DEVINE_1974.id)
    return Result(
        quantity="ideal body weight",
        value=value,
        unit="kg",
        rule=rule,
        source=DEVINE_1974,
        inputs={"height_in": height_in, "sex": patient.sex},
        notes=tuple(notes),
    )


def body_surface_area(patient: Patient, *, formula: Literal["mosteller", "dubois"] = "mosteller") -> Result:
    """Body surface area in m².

    ``mosteller`` (default): ``sqrt(height [cm] x weight [kg] / 3600)``.
    ``dubois``: ``0.007184 x weight^0.425 x height^0.725``.
    """
    patient.require("body surface area", "weight", "height")
    w, h = patient.weight_kg, patient.height_cm
    if formula == "mosteller":
        value = math.sqrt(w * h / 3600)
        rule, source = "Mosteller: sqrt(height cm x weight kg / 3600)", MOSTELLER_1987
    elif formula == "dubois":
        value = 0.007184 * w**0.425 * h**0.725
        rule, source = "Du Bois: 0.007184 x weight kg^0.425 x height cm^0.725", DUBOIS_1916
    else:
        raise InputError("formula", formula, "'mosteller' or 'dubois'", reason="is not a known formula")
    return Result(quantity="body surface area", value=value, unit="m²", rule=rule, source=source,
                  inputs={"weight_kg": w, "height_cm": h}, decimals=2)


def body_mass_index(patient: Patient) -> Result:
    """BMI: weight [kg] / height [m]²."""
    patient.require("body mass index", "weight", "height")
    w, h_m = patient.weight_kg, patient.height_cm / 100
    return Result(quantity="body mass index", value=w / h_m**2, unit="kg/m²",
                  rule="weight kg / (height m)²", source=QUETELET_BMI,
                  inputs={"weight_kg": w, "height_m": h_m})


def adjusted_body_weight(patient: Patient, *, below_60_in: ShortStature | None = None) -> Result:
    """Adjusted body weight: ``IBW + 0.4 x (actual - IBW)``, IBW by Devine.

    When the actual weight is at or below ideal, the formula still gives a
    number (MedCalc-Bench applies it), but it is not a dosing weight anyone
    would use: the result then carries a note saying so.
    """
    patient.require("adjusted body weight", "weight", "height", "sex")
    ibw = ideal_body_weight(patient, below_60_in=below_60_in)
    actual = patient.weight_kg
    value = ibw.value + ABW_FACTOR * (actual - ibw.value)
    notes = list(ibw.notes)
    if actual <= ibw.value:
        notes.append(
            f"Actual weight {actual:.1f} kg is at or below ideal body weight {ibw.value:.1f} kg: "
            "adjusted body weight is meant for patients above ideal weight, and here exceeds actual weight."
        )
    return Result(quantity="adjusted body weight", value=value, unit="kg",
                  rule=f"IBW + 0.4 x (actual - IBW), IBW by {ibw.rule}", source=ADJUSTED_BW,
                  inputs={"weight_kg": actual, "ideal_body_weight_kg": ibw.value}, notes=tuple(notes))


__all__ = [
    "ideal_body_weight",
    "body_surface_area",
    "body_mass_index",
    "adjusted_body_weight",
    "CM_PER_IN",
    "ShortStature",
]
