"""Body size: ideal body weight, body surface area, BMI and adjusted body weight.

These formulas are not in the guideline summaries themselves, but the
summaries dose by them: azathioprine and IVIG on ideal body weight (S002,
S003), juvenile dermatomyositis methotrexate per square metre (S002, S003).
Each function takes a `Patient` and returns a
`Result` naming the formula and its reference.
"""

from __future__ import annotations

from typing import Any, Literal

from .choices import ADULT_MIN_HEIGHT_CM
from .messages import TEMPLATES
from .patient import CM_PER_IN, HEIGHT_CM, Patient
from .result import Result
from .sources import ADJUSTED_BW, DEVINE_1974, DUBOIS_1916, MOSTELLER_1987, QUETELET_BMI, REFERENCE_SOURCES

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


def _adult_height(adult: str) -> dict[str, Any]:
    """The step that refuses an adult's height typed in cm under 100 cm, asking whether inches were meant (tool
    choice ``adult_height``); ``adult`` is the expression saying whether the calculation is for an adult.
    """
    return {"refuse": "height", "when": f"={adult} and height_unit == 'cm' and height is not None "
                                        "and height < MIN_ADULT_CM",
            "value": "=height", "unit": "cm", "kind": "tool_choice", "rests_on": ["adult_height"],
            "reason": "=say('ibw.inches.reason', floor=MIN_ADULT_CM, value=height, cm=n1(height * CM_PER_IN))",
            "allowed": "=say('ibw.inches.allowed', floor=MIN_ADULT_CM, high=HEIGHT_CM_HIGH)"}


_KNOWN_ADULT = "age_years is not None and age_years >= ADULT_AGE"
_CONSTANTS = {"ADULT_AGE": ADULT_AGE_YEARS, "MIN_ADULT_CM": ADULT_MIN_HEIGHT_CM, "HEIGHT_CM_HIGH": HEIGHT_CM.high,
              "CM_PER_IN": CM_PER_IN}
_SHORT = "=say('ibw.short.' + below_60_in)"  # the words of the chosen rule (SHORT_STATURE_RULES)

FORMULAS: dict[str, dict[str, Any]] = {
    # Devine (1974): IBW [kg] = base + 2.3 x (height [in] - 60); an adult formula
    "ideal_body_weight": {
        "inputs": {"below_60_in": None}, "patient": True,
        "constants": {**_CONSTANTS, "BASE": DEVINE_BASE_KG, "PER_INCH": DEVINE_KG_PER_INCH,
                      "REFERENCE_IN": DEVINE_REFERENCE_IN, "SHORT_RULES": list(SHORT_STATURE_RULES)},
        "steps": [
            {"require": ["height", "sex"], "for": "=say('ibw.quantity')"},
            # the age echoed with its unit (clinical review, minor: "Age = 17" without "years")
            {"refuse": "age_years", "when": "=age_years is not None and age_years < ADULT_AGE", "value": "=age_years",
             "unit": "years",
             "allowed": "=say('ibw.adult.allowed', age=ADULT_AGE)", "reason": "=say('ibw.adult.reason')",
             "source": DEVINE_1974.id},
            _adult_height("True"),  # Devine is an adult formula: 64 "cm" is far likelier 64 in
            {"let": {"base": "=BASE[sex]", "over": "=height_in - REFERENCE_IN",
                     "rule": "=say('ibw.rule', base=BASE[sex], per_inch=PER_INCH, reference=REFERENCE_IN, sex=sex)"}},
            {"if": "=over < 0", "then": [  # no standard under 60 in: the caller chooses, and the result says so
                {"refuse": "below_60_in", "when": "=below_60_in is None", "value": None,
                 "allowed": "=one_of(SHORT_RULES)", "reason": "=say('ibw.short.choose', height_in=n1(height_in))",
                 "source": DEVINE_1974.id},
                {"refuse": "below_60_in", "when": "=below_60_in not in SHORT_RULES", "value": "=below_60_in",
                 "allowed": "=one_of(SHORT_RULES)", "reason": "=say('ibw.short.unknown')"},
                {"note": "tool_choice", "choice": "devine_below_60", "say": "ibw.short.note", "with": {"rule": _SHORT}},
                {"let": {"rule": "=say('rule.and', rule=rule, more=" + _SHORT[1:] + ")",
                         "over": "=0.0 if below_60_in == 'base-weight' else over"}}]},
            {"let": {"value": "=base + PER_INCH * over"}},
            {"refuse": "height", "when": "=value <= 0", "value": "=height",
             "allowed": "=say('ibw.not_positive.allowed')", "reason": "=say('ibw.not_positive.reason')",
             "source": DEVINE_1974.id}],
        "result": {"quantity": "=say('ibw.quantity')", "value": "=value", "unit": "kg", "rule": "=rule",
                   "source": DEVINE_1974.id, "inputs": {"height_in": "=height_in", "sex": "=sex"}},
    },
    # Mosteller (default): sqrt(height [cm] x weight [kg] / 3600); DuBois: 0.007184 x W^0.425 x H^0.725
    "body_surface_area": {
        "inputs": {"formula": "mosteller"}, "patient": True, "constants": _CONSTANTS,
        "steps": [
            {"require": ["weight", "height"], "for": "=say('bsa.quantity')"},
            _adult_height(_KNOWN_ADULT),
            {"refuse": "formula", "when": "=formula not in ['mosteller', 'dubois']", "value": "=formula",
             "allowed": "=one_of(['mosteller', 'dubois'])", "reason": "=say('bsa.unknown_formula')"},
            {"branch": "=formula", "cases": {
                "mosteller": [{"let": {"value": "=sqrt(weight * height_cm / 3600)",
                                       "rule": "=say('bsa.mosteller.rule')", "source": MOSTELLER_1987.id}}],
                "dubois": [{"let": {"value": "=0.007184 * power(weight, 0.425) * power(height_cm, 0.725)",
                                    "rule": "=say('bsa.dubois.rule')", "source": DUBOIS_1916.id}}]}}],
        "result": {"quantity": "=say('bsa.quantity')", "value": "=value", "unit": "m²", "rule": "=rule",
                   "source": "=source", "decimals": 2, "inputs": {"weight_kg": "=weight", "height_cm": "=height_cm"}},
    },
    # weight [kg] / height [m]²
    "body_mass_index": {
        "inputs": {}, "patient": True, "constants": _CONSTANTS,
        "steps": [
            {"require": ["weight", "height"], "for": "=say('bmi.quantity')"},
            _adult_height(_KNOWN_ADULT),
            {"let": {"height_m": "=height_cm / 100"}},
            # clinical review 5, M3: a BMI of 11.9 kg/m² was shown with no comment
            {"note": "tool_choice", "choice": "bmi_underweight", "say": "bmi.underweight",
             "when": "=weight / (height_m * height_m) < 18.5"}],
        "result": {"quantity": "=say('bmi.quantity')", "value": "=weight / (height_m * height_m)", "unit": "kg/m²",
                   "rule": "=say('bmi.rule')", "source": QUETELET_BMI.id,
                   "inputs": {"weight_kg": "=weight", "height_m": "=height_m"}},
    },
    # IBW + 0.4 x (actual - IBW), IBW by Devine; at or below ideal it still computes, and says so
    "adjusted_body_weight": {
        "inputs": {"below_60_in": None}, "patient": True, "constants": {"FACTOR": ABW_FACTOR},
        "steps": [
            {"require": ["weight", "height", "sex"], "for": "=say('abw.quantity')"},
            {"let": {"ibw": "=ideal_body_weight(below_60_in)"}},
            {"notes": "=ibw.notes"},
            {"note": "reference" if ADJUSTED_BW.id in REFERENCE_SOURCES else "source", "when": "=weight <= ibw.value",
             "say": "abw.below_ibw", "with": {"actual": "=n1(weight)", "ibw": "=n1(ibw.value)"},
             "rests_on": [ADJUSTED_BW.id]}],
        "result": {"quantity": "=say('abw.quantity')", "value": "=ibw.value + FACTOR * (weight - ibw.value)",
                   "unit": "kg", "rule": "=say('abw.rule', factor=FACTOR, ibw_rule=ibw.rule)", "source": ADJUSTED_BW.id,
                   # at or below ideal the figure is not offered as a weight to use (clinical review 5, M3)
                   "display": "=say('abw.not_offered', actual=n1(weight), ibw=n1(ibw.value)) if weight <= ibw.value "
                              "else None",
                   "inputs": {"weight_kg": "=weight", "ideal_body_weight_kg": "=ibw.value"}},
    },
}
"""Each formula of this module as data (the vocabulary of `calculators.regimens.recipe`): run by its
``compute`` here and by recipe.js in the page, so the page restates none of them."""


def _compute(name: str, patient: Patient, **args: Any) -> Result:
    from .regimens.recipe import compute  # the regimens import this module: the engine is found at call time

    return compute(name, patient, **args)


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
    return _compute("ideal_body_weight", patient, below_60_in=below_60_in)


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
    return _compute("body_surface_area", patient, formula=formula)


def body_mass_index(patient: Patient) -> Result:
    """BMI: weight [kg] / height [m]².

    Parameters
    ----------
    patient : Patient
        A patient [record]: needs weight and height.
    """
    return _compute("body_mass_index", patient)


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
    return _compute("adjusted_body_weight", patient, below_60_in=below_60_in)


__all__ = [
    "CM_PER_IN",
    "FORMULAS",
    "ShortStature",
    "adjusted_body_weight",
    "body_mass_index",
    "body_surface_area",
    "ideal_body_weight",
]
