"""Errors a user can act on.

Every refusal in this package is an `InputError`: it names the field,
the value that was given and what is allowed, and, where the limit comes from
a guideline rather than from physiology, the source that sets it. Nothing is
clamped or rounded into range behind the caller's back.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError


def format_value(value: Any) -> str:
    """Render a user's value the way they typed it (``-70``, ``'70'``, ``nan``); nothing is ``(not given)``."""
    if value is None:
        return "(not given)"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return repr(value)
    return repr(value)


def format_number(value: float) -> str:
    """A bound or result without float noise: 2.0 -> '2', 0.75 -> '0.75'."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


class Problem:
    """One thing wrong with one input."""

    __slots__ = ("field", "value", "reason", "allowed", "source", "unit")

    def __init__(self, field: str, value: Any, reason: str, allowed: str, source: str | None = None,
                 unit: str | None = None):
        self.field = field
        self.value = value
        self.reason = reason
        self.allowed = allowed
        self.source = source
        self.unit = unit

    def __str__(self) -> str:
        shown = format_value(self.value) + (f" {self.unit}" if self.unit else "")
        text = f"{self.field} = {shown}: {self.reason}; allowed: {self.allowed}"
        if self.source:
            text += f" (source: {self.source})"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "allowed": self.allowed,
            "source": self.source,
            "unit": self.unit,
            "message": str(self),
        }


class InputError(ValueError):
    """An input a calculator will not use.

    ``field``, ``value``, ``allowed`` and ``source`` describe the first
    problem; ``problems`` lists all of them. ``str(error)`` gives one line per
    problem, for example::

        weight = -70 kg: is below the allowed range; allowed: 2 to 350 kg
    """

    def __init__(
        self,
        field: str,
        value: Any,
        allowed: str,
        *,
        reason: str = "is outside the allowed range",
        source: str | None = None,
        more: list[Problem] | None = None,
    ):
        first = Problem(field, value, reason, allowed, source)
        self.problems: list[Problem] = [first, *(more or [])]
        self.field = field
        self.value = value
        self.allowed = allowed
        self.reason = reason
        self.source = source
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> "InputError":
        first, *rest = problems
        error = cls(first.field, first.value, first.allowed, reason=first.reason, source=first.source, more=rest)
        error.problems[0] = first
        error.args = ("\n".join(str(p) for p in error.problems),)
        return error

    @classmethod
    def from_validation(cls, exc: ValidationError, describe_field) -> "InputError":
        """Turn pydantic's error list into problems a clinician can read.

        ``describe_field(name)`` returns the allowed values of a field as text.
        """
        problems: list[Problem] = []
        for err in exc.errors(include_url=False):
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, InputError):
                problems.extend(ctx_error.problems)
                continue
            field = ".".join(str(part) for part in err["loc"]) or "input"
            name = str(err["loc"][0]) if err["loc"] else ""
            kind = err["type"]
            value = err.get("input")
            if kind == "missing":
                problems.append(Problem(field, None, "is required", describe_field(name)))
            elif kind == "extra_forbidden":
                problems.append(Problem(field, value, "is not an input of this calculator", describe_field("")))
            elif kind in ("literal_error", "enum"):
                problems.append(Problem(field, value, "is not one of the accepted values", err["ctx"]["expected"]))
            elif kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
                reason = ("is required" if value is None
                          else "must be a whole number" if kind.startswith("int")
                          else "must be a number, not text" if isinstance(value, str) else "must be a number")
                problems.append(Problem(field, value, reason, describe_field(name)))
            elif kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
                problems.append(Problem(field, value, "must be a calendar date", "a date such as 2026-01-05"))
            else:
                problems.append(Problem(field, value, err["msg"], describe_field(name)))
        return cls.from_problems(problems)
