"""What every regimen shares: the result models and small helpers (the registry entry is `_regimen`).

A regimen module (``iim_prednisone``, ``igm_methotrexate`` ...) holds one
calculator: its input model, its function and a `Regimen` entry named
``REGIMEN`` that the package registry collects. Nothing here knows any
particular regimen.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, model_serializer, model_validator

from .._model import Bounds, CalcInput, LaxDate
from ..body_size import DEVINE_BASE_KG, DEVINE_KG_PER_INCH, DEVINE_REFERENCE_IN
from ..errors import InputError
from ..figures import Figure
from ..messages import number_text, say
from ..patient import Patient
from ..result import _round_half_up
from ..sources import DEVINE_1974, MOSTELLER_1987, Source
from ..statements import Kind, Note, check_basis

# --- result model ------------------------------------------------------------------------------


def _without_high(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without its ``high`` key when that is ``None`` (a single dose, not a range)."""
    if data.get("high", 0) is None:
        del data["high"]
    return data


class DoseLine(BaseModel):
    """One thing to give: drug, amount, unit, how often, by which route, and when."""

    model_config = ConfigDict(frozen=True)

    drug: str
    dose: float | None
    """Amount per administration at full precision; ``None`` when the sources give no dose."""
    unit: str
    frequency: str
    """``once daily``, ``once weekly (every Monday)``, ``twice daily``, ``once`` ..."""
    route: str
    label: str = ""
    """``Day 1``, ``Dose 2``, ``Weeks 1-3`` ..."""
    high: float | None = None
    """High end when the line is one range the clinician picks within (``dose`` is the low end), else
    ``None``: a TPMT-intermediate azathioprine start is one line, never a 'lowest' and a 'highest' dose."""
    start: dt.date | None = None
    end: dt.date | None = None
    """Last day of this line, inclusive; ``None`` when it simply continues."""
    decimals: int = 1

    @model_serializer(mode="wrap")
    def _without_absent_range(self, handler: Any) -> dict[str, Any]:
        # ``high`` is written only on a range line, so every single-dose line serialises as before.
        return _without_high(handler(self))

    def dose_text(self) -> str:
        """The dose as the line says it (``recipe.TEXTS['line']``)."""
        from .recipe import text_of  # the interpreter imports this module

        return text_of("line", {name: getattr(self, name) for name in type(self).model_fields}, "dose_text")

    def text(self) -> str:
        """The line as every page, print and message says it, dates written out (``recipe.TEXTS['line']``)."""
        from .recipe import text_of

        return text_of("line", {name: getattr(self, name) for name in type(self).model_fields})


class CapApplied(BaseModel):
    """A cap or floor that changed the computed dose, by how much, and what it rests on.

    ``kind`` is the kind of statement the cap is (``source`` when a source
    states the limit, ``tool_choice`` when the tool set it or chose how to
    apply it); ``rests_on`` names the sources or the tool choice.
    """

    model_config = ConfigDict(frozen=True)

    figure: str
    """Key of the figure in :mod:`calculators.guidance` that gives the limit's value."""
    direction: Literal["ceiling", "floor"]
    limit: float
    unit: str
    kind: Kind
    rests_on: tuple[str, ...]
    computed: float
    """The dose before the cap, at full precision."""
    applied: float

    @model_validator(mode="after")
    def _basis_fits_kind(self) -> CapApplied:
        check_basis(self.kind, self.rests_on)
        return self

    def text(self) -> str:
        """The cap's sentence (``recipe.TEXTS['cap']``)."""
        from .recipe import text_of  # the interpreter imports this module

        return text_of("cap", {name: getattr(self, name) for name in type(self).model_fields})


class RegimenResult(BaseModel):
    """A regimen: a headline dose, the dose lines, the caps that bit and the notes.

    The headline ``value``/``unit``/``rule``/``source`` read like :class:`~calculators.result.Result`.
    """

    model_config = ConfigDict(frozen=True)

    regimen: str
    value: float | None
    """Headline dose at full precision (``None`` when the sources give no dose); the low end when the
    headline is a range (see ``high``)."""
    high: float | None = None
    """High end of the headline when it is a range, else ``None``: a TPMT-intermediate azathioprine start
    is the CPIC range, never the full target alone."""
    unit: str
    frequency: str
    route: str
    rule: str
    source: Source
    sources: tuple[str, ...]
    """Every source the result rests on (guideline and formula)."""
    lines: tuple[DoseLine, ...] = ()
    caps_applied: tuple[CapApplied, ...] = ()
    notes: tuple[Note, ...] = ()
    """What the prescriber must read, each with its kind (source, reference, tool choice)."""
    population: str = ""
    """Who the regimen is for, as the registry declares it (``adults (18 years or older) with IIM``)."""
    inputs: dict[str, Any] = {}
    decimals: int = 1
    headline: str | None = None
    """The largest line in full, when the dose, unit and frequency alone would not say what the patient takes:
    a combined regimen names each drug with its own dose (``methotrexate 25 mg ... + prednisolone 20 mg ...``),
    so no number sits next to the other drug's name. ``None`` for a single-drug headline."""

    @model_serializer(mode="wrap")
    def _without_absent_range(self, handler: Any) -> dict[str, Any]:
        # ``high`` and ``headline`` are written only where they are set, so every other result serialises
        # (reference vectors, editions' changelog) exactly as before the fields existed.
        data = _without_high(handler(self))
        if data.get("headline", 0) is None:
            del data["headline"]
        return data

    def rounded(self) -> float | None:
        return None if self.value is None else _round_half_up(self.value, self.decimals)

    def note_texts(self) -> list[str]:
        """The sentences of the notes, in order."""
        return [n.text for n in self.notes]

    def display(self) -> str:
        """The largest line: the plan as the patient takes it, and, when a warning fired, that it did.

        A reader who takes away only this line must not miss a warning under it (clinical review M-N1:
        an IVIG course of 3.9 g/kg of what the patient weighs read as a plain dose), so a result with
        warnings ends its line with "see the warning below" (or "the warnings"); live/recipe.js says the same.
        """
        warnings = sum(1 for n in self.notes if n.warning)
        if warnings:
            return say("reg.display.see_warning" if warnings == 1 else "reg.display.see_warnings", line=self.plan())
        return self.plan()

    def plan(self) -> str:
        """The plan alone, as `display` states it before any mention of a warning."""
        if self.headline:
            return self.headline
        if self.value is None:
            return say("reg.no_dose")
        if self.high is not None:
            return say("reg.display.range", low=number_text(self.value, self.decimals),
                       high=number_text(self.high, self.decimals), unit=self.unit, route=self.route,
                       frequency=self.frequency)
        return say("reg.display", dose=number_text(self.value, self.decimals), unit=self.unit, route=self.route,
                   frequency=self.frequency)

    def __str__(self) -> str:
        return f"{self.regimen}: {self.display()} ({self.rule}; source: {', '.join(self.sources)})"


# --- shared helpers ----------------------------------------------------------------------------

def pjp_multiple_notes(drug: str, **step: Any) -> list[dict[str, Any]]:
    """Recipe note steps: S002's Pneumocystis prophylaxis with several immunosuppressants, and this tool's reading
    of 'several', for the dose result of an immunosuppressant an IIM or juvenile DM plan counts (`calculators.safety
    .IMMUNOSUPPRESSANTS`): the result printed alone carries what its plan check says (third clinical review M7;
    clinical review 4: it was on the rituximab and mycophenolate results only). Not on an IGM result: the plan
    checks do not apply that IIM rule to IGM (tool choice ``iim_rules_not_igm``).

    Parameters
    ----------
    drug : str
        The drug as the reading names it, or an expression (``=drug``) [text].
    """
    return [{"note": "source", "say": "reg.pjp.multiple", "rests_on": ["S002"], **step},
            {"note": "tool_choice", "choice": "pjp_multiple", "say": "reg.pjp.multiple_reading",
             "with": {"drug": drug}, **step}]



# The body-size formula is an outside reference and says so; the number it gives for this patient is the tool's
# arithmetic, a second note (clinical review 3, W3). Recipe steps, after ``ibw`` / ``bsa`` are bound.
IBW_NOTES: list[dict[str, Any]] = [
    {"note": "reference", "rests_on": [DEVINE_1974.id],
     "text": say("reg.ibw.formula", source=DEVINE_1974.id, male=number_text(DEVINE_BASE_KG["male"], 1),
                 female=number_text(DEVINE_BASE_KG["female"], 1), per_inch=number_text(DEVINE_KG_PER_INCH, 1),
                 reference=number_text(DEVINE_REFERENCE_IN, 1))},
    {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.ibw.value", "with": {"ibw": "=ibw.display"}},
]
BSA_NOTES: list[dict[str, Any]] = [
    {"note": "reference", "rests_on": [MOSTELLER_1987.id], "text": say("reg.bsa.formula", source=MOSTELLER_1987.id)},
    {"note": "tool_choice", "choice": "patient_arithmetic", "say": "reg.jdm_mtx.bsa", "with": {"bsa": "=bsa.display"}},
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def bounds_from(figure: Figure, unit: str | None = None, reason: str | None = None) -> Bounds:
    """The range of a figure as input bounds, citing its sources."""
    return Bounds(figure.low, figure.high, unit or figure.unit, source=figure.cite(), reason=reason)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month ``months`` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def as_patient(patient: Patient | Mapping[str, Any] | None) -> Patient:
    if isinstance(patient, Patient):
        return patient
    if isinstance(patient, Mapping):
        return Patient(**patient)
    raise InputError("patient", patient, "a Patient, or a mapping of its fields (weight, weight_unit, ...)",
                     reason="is not a patient")


def sources_of(*figures: Figure, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    out: list[str] = []
    for item in [s for f in figures for s in f.sources] + list(extra):
        if item not in out:
            out.append(item)
    return tuple(out)


def weekly(weekday: str | None = None) -> str:
    return say("reg.weekly.day", weekday=weekday) if weekday else say("reg.weekly")


class StartOnly(CalcInput):
    start: LaxDate | None = None


AgeYears = Annotated[float | None, Bounds(0, 120, "years")]
"""An age input of a regimen without a patient [years]; required by age-restricted regimens."""


class StartAndAge(CalcInput):
    start: LaxDate | None = None
    age_years: AgeYears = None
