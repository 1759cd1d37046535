"""Errors a user can act on.

Every refusal in this package is an `InputError`: it names the field,
the value that was given and what is allowed, and, where the limit comes from
a guideline rather than from physiology, the source that sets it. Nothing is
clamped or rounded into range behind the caller's back.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .messages import number_text, problem_text, say, value_text
from .sources import GUIDELINE_SOURCES, REFERENCE_SOURCES


def format_value(value: Any) -> str:
    """Render a user's value the way they typed it (``-70``, ``'70'``); None is ``(not given)``.

    The contract's formatting (`calculators.messages.value_text`): numbers in full, never with an
    exponent; text quoted, with any character outside printable ASCII shown as ``<U+XXXX>``.

    Parameters
    ----------
    value : any
        A user's value as given [any unit].
    """
    return value_text(value)


def format_number(value: float) -> str:
    """A bound or result without float noise: 2.0 -> '2', 0.75 -> '0.75'.

    At most 6 decimals, rounded half away from zero (`calculators.messages.number_text`).

    Parameters
    ----------
    value : float
        A bound or result [any unit].
    """
    return number_text(value, 6)


def basis_of(source: str | None) -> tuple[str, tuple[str, ...]]:
    """The kind of a refusal and what it rests on, from the ``source`` text it names.

    A limit named by guideline sources only (``"S002, S003"``) is a ``source``
    statement; one named by outside references only is a ``reference``;
    anything else (no source, or a mix) is the tool's own input check.

    Parameters
    ----------
    source : str or None
        The ``source`` text a refusal names (S002, a reference, 'tool choice') [text].
    """
    ids = tuple(part.strip() for part in (source or "").split(",") if part.strip())
    if ids and all(i in GUIDELINE_SOURCES for i in ids):
        return "source", ids
    if source and source in REFERENCE_SOURCES:
        return "reference", (source,)
    if ids and all(i in REFERENCE_SOURCES for i in ids):
        return "reference", ids
    return "tool_choice", ("input_validation",)


class Problem:
    """One thing wrong with one input, with the kind of statement its limit is.

    ``kind`` is ``source`` (a guideline source sets the limit), ``reference``
    or ``tool_choice`` (the tool's own range or rule); ``rests_on`` names the
    sources, the reference or the tool choice. Unless given, both follow from
    ``source``.
    """

    __slots__ = ("allowed", "field", "kind", "reason", "rests_on", "source", "unit", "value")

    def __init__(self, field: str, value: Any, reason: str, allowed: str, source: str | None = None,
                 unit: str | None = None, kind: str | None = None, rests_on: tuple[str, ...] = ()):
        self.field = field
        self.value = value
        self.reason = reason
        self.allowed = allowed
        self.source = source
        self.unit = unit
        if kind is None:
            kind, rests_on = basis_of(source)
        self.kind = kind
        self.rests_on = tuple(rests_on)

    def __str__(self) -> str:
        return self.text()

    def text(self, name: str | None = None) -> str:
        """The refusal as one line, the field called ``name`` (a form's label) or by its code.

        Parameters
        ----------
        name : str, optional
            What to call the field: a form says its label ("Age"), the package its code
            (``age_years``) [text].
        """
        field = name or self.field
        if self.kind == "tool_choice" and self.rests_on != ("input_validation",):
            # A limit the tool set never wears a source's label.
            shown = value_text(self.value) + (f" {self.unit}" if self.unit else "")
            return say("problem.tool_choice", field=field, value=shown, reason=self.reason,
                       allowed=self.allowed)
        return problem_text(field, self.value, self.reason, self.allowed, self.source, self.unit)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "allowed": self.allowed,
            "source": self.source,
            "unit": self.unit,
            "kind": self.kind,
            "rests_on": list(self.rests_on),
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
        kind: str | None = None,
        rests_on: tuple[str, ...] = (),
    ):
        first = Problem(field, value, reason, allowed, source, kind=kind, rests_on=rests_on)
        self.problems: list[Problem] = [first, *(more or [])]
        self.field = field
        self.value = value
        self.allowed = allowed
        self.reason = reason
        self.source = source
        self.kind = first.kind
        self.rests_on = first.rests_on
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> InputError:
        first, *rest = problems
        error = cls(first.field, first.value, first.allowed, reason=first.reason, source=first.source, more=rest)
        error.problems[0] = first
        error.kind, error.rests_on = first.kind, first.rests_on
        error.args = ("\n".join(str(p) for p in error.problems),)
        return error

    @classmethod
    def from_validation(cls, exc: ValidationError, describe_field) -> InputError:
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
