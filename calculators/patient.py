"""Patient measurements, with explicit units converted exactly.

>>> p = Patient(weight=154, weight_unit="lb", height=70, height_unit="in", sex="male")
>>> round(p.weight_kg, 4), round(p.height_cm, 2)
(69.8532, 177.8)

Units are never assumed: a weight needs ``weight_unit`` (``kg`` or ``lb``), a
height needs ``height_unit`` (``cm``, ``m`` or ``in``). The conversions are
the exact legal definitions: 1 lb = 0.45359237 kg and 1 in = 2.54 cm.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import model_validator

from ._model import Bounds, CalcInput
from .errors import InputError, Problem, format_number
from .messages import say

KG_PER_LB = 0.45359237
"""Exact, by the 1959 international yard and pound agreement."""
CM_PER_IN = 2.54
"""Exact, by the same agreement."""

WEIGHT_KG = Bounds(2, 350, "kg")
"""Physiological range accepted for body weight: a preterm newborn to the heaviest adults."""
HEIGHT_CM = Bounds(45, 250, "cm")
"""Physiological range accepted for height or length."""
AGE_YEARS = Bounds(0, 120, "years")

_WEIGHT_PER_UNIT = {"kg": 1.0, "lb": KG_PER_LB}
_CM_PER_UNIT = {"cm": 1.0, "m": 100.0, "in": CM_PER_IN}

Sex = Literal["male", "female"]


def _bounds_in(bounds: Bounds, factor: float, unit: str) -> Bounds:
    return Bounds(round(bounds.low / factor, 2), round(bounds.high / factor, 2), unit)


def _unit_hint(value: float, unit: str) -> str | None:
    """A likely unit mix-up, said plainly, when the value fits another unit."""
    in_cm = {u: value * f for u, f in _CM_PER_UNIT.items()}
    if unit == "cm" and HEIGHT_CM.low <= in_cm["m"] <= HEIGHT_CM.high:
        return say("patient.unit_hint.m")
    if unit == "m" and HEIGHT_CM.low <= value <= HEIGHT_CM.high:
        return say("patient.unit_hint.cm")
    if unit == "in" and HEIGHT_CM.low <= value <= HEIGHT_CM.high and value > 100:
        return say("patient.unit_hint.cm")
    return None


class Patient(CalcInput):
    """Measurements of one patient.

    Every field is optional; each calculator says which ones it needs and refuses to run without them.
    """

    weight: float | None = None
    """Body weight, in ``weight_unit``."""
    weight_unit: Literal["kg", "lb"] | None = None
    height: float | None = None
    """Height (or length), in ``height_unit``."""
    height_unit: Literal["cm", "m", "in"] | None = None
    sex: Sex | None = None
    """Sex used by sex-specific formulas (Devine ideal body weight)."""
    age_years: Annotated[float | None, AGE_YEARS] = None

    field_help: ClassVar[dict[str, str]] = {
        "weight": say("patient.weight.help", kg=WEIGHT_KG.describe(),
                      lb=_bounds_in(WEIGHT_KG, KG_PER_LB, "lb").describe()),
        "height": say("patient.height.help", cm=HEIGHT_CM.describe(), m=_bounds_in(HEIGHT_CM, 100, "m").describe(),
                      inch=_bounds_in(HEIGHT_CM, CM_PER_IN, "in").describe()),
        "sex": "'male' or 'female'",
        "weight_unit": "'kg' or 'lb'",
        "height_unit": "'cm', 'm' or 'in'",
    }

    @model_validator(mode="after")
    def _check_measurements(self) -> Patient:
        problems: list[Problem] = []
        for name, unit_name, per_unit, canonical in (
            ("weight", "weight_unit", _WEIGHT_PER_UNIT, WEIGHT_KG),
            ("height", "height_unit", _CM_PER_UNIT, HEIGHT_CM),
        ):
            value, unit = getattr(self, name), getattr(self, unit_name)
            if value is None:
                if unit is not None:
                    problems.append(Problem(name, None, say("patient.unit_missing_value", unit_field=unit_name),
                                            self.field_help[name]))
                continue
            if unit is None:
                problems.append(Problem(unit_name, None, say("patient.unit_required", field=name,
                                                             value=format_number(value)),
                                        self.field_help[unit_name]))
                continue
            local = _bounds_in(canonical, per_unit[unit], unit)
            try:
                local.check(name, value)
            except InputError as err:
                problem = err.problems[0]
                problem.unit = unit
                hint = _unit_hint(value, unit) if name == "height" and isinstance(value, (int, float)) else None
                if hint:
                    problem.reason += f" ({hint})"
                problems.append(problem)
        if problems:
            raise InputError.from_problems(problems)
        return self

    @property
    def weight_kg(self) -> float | None:
        return None if self.weight is None else self.weight * _WEIGHT_PER_UNIT[self.weight_unit]

    @property
    def height_cm(self) -> float | None:
        return None if self.height is None else self.height * _CM_PER_UNIT[self.height_unit]

    @property
    def height_in(self) -> float | None:
        return None if self.height is None else self.height_cm / CM_PER_IN

    def require(self, calculator: str, *fields: str) -> None:
        """Refuse, naming every missing field, if a calculator's inputs are absent."""
        missing = [f for f in fields if getattr(self, f) is None]
        if missing:
            raise InputError.from_problems(
                [Problem(f, None, say("input.required_for", calculator=calculator), self.describe_field(f))
                 for f in missing]
            )
