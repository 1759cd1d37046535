"""The validated edge every calculator input passes through.

Models are frozen and strict: a number must be a number (``"70"`` is refused,
not parsed), NaN and infinity are refused, and every numeric field carries a
`Bounds` that says what is allowed and, where a guideline sets the
limit, which source sets it. A failure is raised as
`InputError`, never as a bare pydantic error.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .errors import InputError, format_number

LaxDate = Annotated[dt.date, Field(strict=False)]
"""A date, or an ISO text date (``"2026-01-05"``) as a web form or a JSON test vector sends it."""


@dataclass(frozen=True)
class Bounds:
    """Inclusive range of a numeric input, with its unit and, if any, its source."""

    low: float
    high: float
    unit: str
    source: str | None = None
    reason: str | None = None  # why the range is what it is, when not physiology
    kind: str | None = None
    """Kind of statement the range is (``source``, ``reference``, ``tool_choice``); from ``source`` if None."""
    rests_on: tuple[str, ...] = ()

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{format_number(self.low)} to {format_number(self.high)}{unit}"

    def check(self, field: str, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(field, value, self.describe(), reason="must be a number", source=self.source,
                             **self._basis())
        if math.isnan(value) or math.isinf(value):
            raise InputError(field, value, self.describe(), reason="must be a finite number", source=self.source,
                             **self._basis())
        if value < self.low:
            reason = "is below the allowed range" if value > 0 or self.low <= 0 else "must be greater than zero"
            raise InputError(field, value, self.describe(), reason=self.reason or reason, source=self.source,
                             **self._basis())
        if value > self.high:
            raise InputError(field, value, self.describe(), reason=self.reason or "is above the allowed range",
                             source=self.source, **self._basis())

    def _basis(self) -> dict[str, Any]:
        return {} if self.kind is None else {"kind": self.kind, "rests_on": self.rests_on}


def _literal_choices(annotation: Any) -> list[Any]:
    """The accepted values of a Literal (or Optional Literal) annotation, else []."""
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    for arg in get_args(annotation):
        if get_origin(arg) is Literal:
            return list(get_args(arg))
    return []


def bounds_of(model: type[BaseModel], name: str) -> Bounds | None:
    field = model.model_fields.get(name)
    if field is None:
        return None
    for item in field.metadata:
        if isinstance(item, Bounds):
            return item
    return None


class CalcInput(BaseModel):
    """Base of every calculator's input model."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")

    field_help: ClassVar[dict[str, str]] = {}

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InputError.from_validation(exc, type(self).describe_field) from None

    @classmethod
    def describe_field(cls, name: str) -> str:
        """What a field accepts, in words, for error messages."""
        if not name:
            return "the inputs " + ", ".join(cls.model_fields)
        if name in cls.field_help:
            return cls.field_help[name]
        bounds = bounds_of(cls, name)
        if bounds is not None:
            return bounds.describe()
        field = cls.model_fields.get(name)
        if field is None:
            return "see the calculator's documentation"
        choices = _literal_choices(field.annotation)
        if choices:
            quoted = [repr(c) for c in choices]
            return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        return getattr(field.annotation, "__name__", str(field.annotation))

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any, info: ValidationInfo) -> Any:
        bounds = bounds_of(cls, info.field_name) if info.field_name else None
        if bounds is not None and value is not None:
            bounds.check(info.field_name, value)
        return value
