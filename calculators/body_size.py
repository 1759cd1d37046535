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

from .choices import ADULT_MIN_HEIGHT_CM
from .errors import InputError, Problem
from .messages import TEMPLATES, number_text, one_of, say
from .patient import CM_PER_IN, HEIGHT_CM, Patient
from .result import Result
from .sources import ADJUSTED_BW, DEVINE_1974, DUBOIS_1916, MOSTELLER_1987, QUETELET_BMI
from .statements import Note, choice

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
    "extend-linear": TEMPLATES["ibw.short.extend-linear"],
    "base-weight": TEMPLATES["ibw.short.base-weight"],
}


def check_adult_height(patient: Patient, adult: bool | None = None) -> None:
    """Refuse an adult's height typed in cm under 100 cm, asking whether inches were meant (tool choice).

    Parameters
    ----------
    patient : Patient
        The patient [record]; only a height given with ``height_unit='cm'`` is checked.
    adult : bool, optional
        Whether the calculation is for an adult [yes/no]; default: the patient's ``age_years`` is 18 or more
        (an unknown age is not checked).

    Raises
    ------
    InputError
        On ``height``: its value, that it is under 100 cm for an adult, the reading in inches, and the
        allowed range (`calculators.choices` ``adult_height``).
    """
    if adult is None:
        adult = patient.age_years is not None and patient.age_years >= ADULT_AGE_YEARS
    if not adult or patient.height_unit != "cm" or patient.height is None or patient.height >= ADULT_MIN_HEIGHT_CM:
        return
    raise InputError.from_problems([Problem(
        "height", patient.height,
        say("ibw.inches.reason", floor=number_text(ADULT_MIN_HEIGHT_CM), value=number_text(patient.height),
            cm=number_text(patient.height * CM_PER_IN, 1)),
        say("ibw.inches.allowed", floor=number_text(ADULT_MIN_HEIGHT_CM), high=number_text(HEIGHT_CM.high)),
        unit="cm", kind="tool_choice", rests_on=("adult_height",))])


def ideal_body_weight(patient: Patient, *, below_60_in: ShortStature | None = None) -> Result:
    """Ideal body weight by Devine (1974).

    ``IBW [kg] = base + 2.3 x (height [in] - 60)``, base 50 kg for men and
    45.5 kg for women; height is converted exactly (1 in = 2.54 cm).

    Parameters
    ----------
    patient : Patient
        Needs ``height`` and ``sex`` [record]. An ``age_years`` under 18 is refused:
        Devine is an adult formula.
    below_60_in : {'extend-linear', 'base-weight'}, optional
        Required when the height is under 60 in (152.4 cm): the formula has no
        standard there, so the caller must choose, and the result says which
        choice was applied [policy].

    Raises
    ------
    InputError
        Missing height or sex, a child's age, an adult height under 100 cm typed in cm (did you mean
        inches?), or a height under 60 in with no ``below_60_in`` behaviour chosen.
    """
    patient.require(say("ibw.quantity"), "height", "sex")
    if patient.age_years is not None and patient.age_years < ADULT_AGE_YEARS:
        raise InputError("age_years", patient.age_years, say("ibw.adult.allowed", age=ADULT_AGE_YEARS),
                         reason=say("ibw.adult.reason"),
                         source=DEVINE_1974.id)
    check_adult_height(patient, adult=True)  # Devine is an adult formula: 64 "cm" is far likelier 64 in
    height_in = patient.height_in
    base = DEVINE_BASE_KG[patient.sex]
    rule = say("ibw.rule", base=base, per_inch=DEVINE_KG_PER_INCH, reference=DEVINE_REFERENCE_IN, sex=patient.sex)
    notes: list[Note | str] = []
    inches_over = height_in - DEVINE_REFERENCE_IN
    if inches_over < 0:
        if below_60_in is None:
            raise InputError("below_60_in", None, one_of(list(SHORT_STATURE_RULES)),
                             reason=say("ibw.short.choose", height_in=number_text(height_in, 1)),
                             source=DEVINE_1974.id)
        if below_60_in not in SHORT_STATURE_RULES:
            raise InputError("below_60_in", below_60_in, one_of(list(SHORT_STATURE_RULES)),
                             reason=say("ibw.short.unknown"))
        notes.append(choice("devine_below_60", say("ibw.short.note", rule=SHORT_STATURE_RULES[below_60_in])))
        rule = say("rule.and", rule=rule, more=SHORT_STATURE_RULES[below_60_in])
        if below_60_in == "base-weight":
            inches_over = 0.0
    value = base + DEVINE_KG_PER_INCH * inches_over
    if value <= 0:
        raise InputError("height", patient.height, say("ibw.not_positive.allowed"),
                         reason=say("ibw.not_positive.reason"), source=DEVINE_1974.id)
    return Result(
        quantity=say("ibw.quantity"),
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

    Parameters
    ----------
    patient : Patient
        A patient [record]: needs weight and height.
    formula : {'mosteller', 'dubois'}
        Which formula [policy]; Mosteller unless asked.
    """
    patient.require(say("bsa.quantity"), "weight", "height")
    check_adult_height(patient)
    w, h = patient.weight_kg, patient.height_cm
    if formula == "mosteller":
        value = math.sqrt(w * h / 3600)
        rule, source = say("bsa.mosteller.rule"), MOSTELLER_1987
    elif formula == "dubois":
        value = 0.007184 * w**0.425 * h**0.725
        rule, source = say("bsa.dubois.rule"), DUBOIS_1916
    else:
        raise InputError("formula", formula, one_of(["mosteller", "dubois"]), reason=say("bsa.unknown_formula"))
    return Result(quantity=say("bsa.quantity"), value=value, unit="m²", rule=rule, source=source,
                  inputs={"weight_kg": w, "height_cm": h}, decimals=2)


def body_mass_index(patient: Patient) -> Result:
    """BMI: weight [kg] / height [m]².

    Parameters
    ----------
    patient : Patient
        A patient [record]: needs weight and height.
    """
    patient.require(say("bmi.quantity"), "weight", "height")
    check_adult_height(patient)
    w, h_m = patient.weight_kg, patient.height_cm / 100
    return Result(quantity=say("bmi.quantity"), value=w / h_m**2, unit="kg/m²",
                  rule=say("bmi.rule"), source=QUETELET_BMI,
                  inputs={"weight_kg": w, "height_m": h_m})


def adjusted_body_weight(patient: Patient, *, below_60_in: ShortStature | None = None) -> Result:
    """Adjusted body weight: ``IBW + 0.4 x (actual - IBW)``, IBW by Devine.

    When the actual weight is at or below ideal, the formula still gives a
    number (MedCalc-Bench applies it), but it is not a dosing weight anyone
    would use: the result then carries a note saying so.

    Parameters
    ----------
    patient : Patient
        A patient [record]: needs weight, height and sex.
    below_60_in : {'extend-linear', 'base-weight'}, optional
        How Devine is treated under 60 in, as for `ideal_body_weight` [policy].
    """
    patient.require(say("abw.quantity"), "weight", "height", "sex")
    ibw = ideal_body_weight(patient, below_60_in=below_60_in)
    actual = patient.weight_kg
    value = ibw.value + ABW_FACTOR * (actual - ibw.value)
    notes = list(ibw.notes)
    if actual <= ibw.value:
        notes.append(say("abw.below_ibw", actual=number_text(actual, 1), ibw=number_text(ibw.value, 1)))
    return Result(quantity=say("abw.quantity"), value=value, unit="kg",
                  rule=say("abw.rule", factor=ABW_FACTOR, ibw_rule=ibw.rule), source=ADJUSTED_BW,
                  inputs={"weight_kg": actual, "ideal_body_weight_kg": ibw.value}, notes=tuple(notes))


__all__ = [
    "CM_PER_IN",
    "ShortStature",
    "adjusted_body_weight",
    "body_mass_index",
    "body_surface_area",
    "check_adult_height",
    "ideal_body_weight",
]
