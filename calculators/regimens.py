"""Weight-based regimens for every drug the guideline summaries dose.

Each calculator validates its options in a frozen, strict :class:`CalcInput`
model whose :class:`Bounds` come from the figures in
:mod:`calculators.guidance` (no dose, cap or interval is written twice), and
returns a :class:`RegimenResult`: the headline dose with its unit, rule and
source (like :class:`calculators.result.Result`), one :class:`DoseLine` per
thing to give (with dates when a start date is given), every cap that bit
(:class:`CapApplied`) and the notes a prescriber must read.

Behaviours chosen by this tool, not by the sources, are declared in
:data:`TOOL_CHOICES` and repeated in the notes of every result that uses them.

The logic is kept small and table-driven on purpose: :func:`export_regimens`
and :func:`export_vectors` let the same rules and test cases run in a browser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import guidance as g
from ._model import Bounds, CalcInput
from .body_size import ShortStature, body_surface_area, ideal_body_weight
from .errors import InputError, format_number
from .figures import Figure
from .patient import Patient
from .result import _round_half_up
from .sources import ALL_SOURCES, CPIC_THIOPURINE_2018, S000, S002, Source

# --- result model ------------------------------------------------------------------------------


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
    start: dt.date | None = None
    end: dt.date | None = None
    """Last day of this line, inclusive; ``None`` when it simply continues."""
    decimals: int = 1

    def dose_text(self) -> str:
        if self.dose is None:
            return "dose not given in the sources"
        return f"{format_number(_round_half_up(self.dose, self.decimals))} {self.unit}"

    def text(self) -> str:
        when = ""
        if self.start is not None:
            when = f" from {self.start.isoformat()}" + (f" to {self.end.isoformat()}" if self.end else "")
        label = f"{self.label}: " if self.label else ""
        return f"{label}{self.drug} {self.dose_text()} {self.route} {self.frequency}{when}"


class CapApplied(BaseModel):
    """A cap or floor of the sources that changed the computed dose, and by how much."""

    model_config = ConfigDict(frozen=True)

    figure: str
    """Key of the figure in :mod:`calculators.guidance`."""
    kind: Literal["ceiling", "floor"]
    limit: float
    unit: str
    sources: tuple[str, ...]
    computed: float
    """The dose before the cap, at full precision."""
    applied: float

    def text(self) -> str:
        word = "capped at" if self.kind == "ceiling" else "raised to the floor of"
        return (f"{format_number(_round_half_up(self.computed, 1))} {self.unit} computed; {word} "
                f"{format_number(self.limit)} {self.unit} ({', '.join(self.sources)})")


class RegimenResult(BaseModel):
    """A regimen: the headline ``value``/``unit``/``rule``/``source`` of :class:`~calculators.result.Result`,
    plus the dose lines, the caps that bit and the notes."""

    model_config = ConfigDict(frozen=True)

    regimen: str
    value: float | None
    """Headline dose at full precision (``None`` when the sources give no dose)."""
    unit: str
    frequency: str
    route: str
    rule: str
    source: Source
    sources: tuple[str, ...]
    """Every source the result rests on (guideline and formula)."""
    lines: tuple[DoseLine, ...] = ()
    caps_applied: tuple[CapApplied, ...] = ()
    notes: tuple[str, ...] = ()
    inputs: dict[str, Any] = {}
    decimals: int = 1

    def rounded(self) -> float | None:
        return None if self.value is None else _round_half_up(self.value, self.decimals)

    def display(self) -> str:
        if self.value is None:
            return "no dose in the sources"
        return f"{format_number(self.rounded())} {self.unit} {self.route} {self.frequency}"

    def __str__(self) -> str:
        return f"{self.regimen}: {self.display()} ({self.rule}; source: {', '.join(self.sources)})"


# --- declared tool choices ---------------------------------------------------------------------

MTX_STEP_MG = 2.5
"""Increment of the IIM methotrexate escalation. A tool choice: S002 gives start (15 mg) and target
(25 mg) and the time to reach it (3-6 months), not the steps. 2.5 mg is one tablet."""

TOOL_CHOICES: dict[str, str] = {
    "mtx_steps": f"Methotrexate rises in {format_number(MTX_STEP_MG)} mg steps at even whole-week intervals "
    "so that the target is reached within the chosen number of months: a tool choice within the source, "
    "which gives only start, target and time to target.",
    "months": "A month is a calendar month (the same day of the month; the last day when the month is "
    "shorter).",
    "ivmp_floor": "When the chosen mg/kg gives less than 250 mg, the dose is raised to the 250 mg/day floor, "
    "and shown, only if 250 mg is still within 10-20 mg/kg for this weight; otherwise the calculator refuses.",
    "ivmp_ceiling": "When the chosen mg/kg gives more than 1000 mg, the dose is capped at 1000 mg/day, and "
    "shown, even if that is below 10 mg/kg: the ceiling is never crossed.",
    "cyclophosphamide_count": "Infusions are counted so that each 4-week cycle ends within the chosen "
    "number of months (3 months: 3 infusions; 6 months: 6).",
    "rounding": "Doses are shown to 0.1 mg (0.1 g for IVIG) and are not rounded to tablet or vial sizes.",
}

# --- shared helpers ----------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LaxDate = Annotated[dt.date, Field(strict=False)]
"""A date, or an ISO text date (``"2026-01-05"``) as a web form or a JSON test vector sends it."""


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
    return "once weekly" + (f" (every {weekday})" if weekday else "")


def refuse_children(age_years: float | None, regimen: str, source: str, instead: str = "") -> None:
    if age_years is not None and age_years < 18:
        raise InputError("age_years", age_years, "18 years or older",
                         reason=f"is under 18: the source gives the adult {regimen} regimen{instead}",
                         source=source)


# --- IIM initial prednisone ----------------------------------------------------------------------

PRED_PER_KG = bounds_from(g.IIM_PRED_PER_KG)


class PrednisoneInitialInput(CalcInput):
    mg_per_kg: Annotated[float, PRED_PER_KG]
    diabetes: bool = False
    osteoporosis: bool = False
    glaucoma: bool = False
    high_relapse_risk: bool = False
    low_steroid_risk: bool = False
    start: LaxDate | None = None


LOW_END_REASONS = ("diabetes", "osteoporosis", "glaucoma")


def prednisone_initial(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, diabetes: bool = False,
                       osteoporosis: bool = False, glaucoma: bool = False, high_relapse_risk: bool = False,
                       low_steroid_risk: bool = False, start: dt.date | str | None = None) -> RegimenResult:
    """Initial prednisone for adult IIM: ``mg_per_kg`` [mg/kg/day] x weight [kg], once daily by mouth.

    The clinician picks ``mg_per_kg`` within 0.5-1 mg/kg/day (S002, S003); the
    risk factors only produce S002's guidance on where in the range to sit.
    """
    pt = as_patient(patient)
    args = PrednisoneInitialInput(mg_per_kg=mg_per_kg, diabetes=diabetes, osteoporosis=osteoporosis,
                                  glaucoma=glaucoma, high_relapse_risk=high_relapse_risk,
                                  low_steroid_risk=low_steroid_risk, start=start)
    pt.require("initial prednisone", "weight")
    refuse_children(pt.age_years, "IIM prednisone", "S002, S003",
                    "; use the juvenile dermatomyositis calculator for children")
    weight = pt.weight_kg
    dose = args.mg_per_kg * weight
    low, high = g.IIM_PRED_PER_KG.low * weight, g.IIM_PRED_PER_KG.high * weight
    notes = [f"Range for {format_number(round(weight, 1))} kg: {format_number(round(low, 1))}-"
             f"{format_number(round(high, 1))} mg/day ({g.IIM_PRED_PER_KG.text()}); "
             f"{format_number(args.mg_per_kg)} mg/kg/day was chosen by the clinician."]
    lows = [name for name in LOW_END_REASONS if getattr(args, name)]
    highs = args.high_relapse_risk and args.low_steroid_risk
    if lows:
        notes.append(f"{', '.join(lows).capitalize()}: S002 advises sitting nearer "
                     f"{g.IIM_PRED_LOW_END.text()}.")
    if highs and not lows:
        notes.append(f"High relapse risk and low steroid risk: S002 advises sitting nearer "
                     f"{g.IIM_PRED_HIGH_END.text()}.")
    if lows and (args.high_relapse_risk or args.low_steroid_risk):
        notes.append("Risk factors point both ways; the source does not say which prevails: the choice within "
                     "the range is the clinician's.")
    if not lows and not highs:
        notes.append(f"No factor entered that moves the dose within {g.IIM_PRED_PER_KG.text()} (S002).")
    if not g.IIM_PRED_TYPICAL.low <= dose <= g.IIM_PRED_TYPICAL.high:
        notes.append(f"{format_number(round(dose, 1))} mg/day is outside the typical "
                     f"{g.IIM_PRED_TYPICAL.text()} ({g.IIM_PRED_TYPICAL.cite()}): not an error, check the weight "
                     "and the chosen mg/kg.")
    notes.append(f"Give as a single daily dose for {g.IIM_PRED_HOLD.text()} before the taper starts; "
                 "always with a steroid-sparing agent from day one (S002).")
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    label="Initial dose", start=args.start)
    return RegimenResult(
        regimen="Initial prednisone (IIM)", value=dose, unit="mg/day", frequency="once daily",
        route="by mouth", rule=f"{format_number(args.mg_per_kg)} mg/kg/day x {format_number(round(weight, 2))} kg "
        f"(within {g.IIM_PRED_PER_KG.text()})", source=S002,
        sources=sources_of(g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL), lines=(line,), notes=tuple(notes),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


# --- IV methylprednisolone pulses ----------------------------------------------------------------

class IvmpInput(CalcInput):
    mg_per_kg: Annotated[float, bounds_from(g.IIM_IVMP_PER_KG)]
    days: Annotated[int, bounds_from(g.IIM_IVMP_DAYS, "days")]
    start: LaxDate | None = None


def iv_methylprednisolone(patient: Patient | Mapping[str, Any], *, mg_per_kg: float, days: int,
                          start: dt.date | str | None = None) -> RegimenResult:
    """IV methylprednisolone pulse: ``mg_per_kg`` x weight, held within 250-1000 mg/day, for ``days`` days.

    Above 1000 mg/day the dose is capped at 1000 (shown). Below 250 mg/day it
    is raised to 250 (shown) only when 250 mg is still within 10-20 mg/kg for
    this weight; otherwise the calculator refuses (see :data:`TOOL_CHOICES`).
    """
    pt = as_patient(patient)
    args = IvmpInput(mg_per_kg=mg_per_kg, days=days, start=start)
    pt.require("IV methylprednisolone", "weight")
    weight = pt.weight_kg
    computed = args.mg_per_kg * weight
    floor, ceiling = g.IIM_IVMP_DAILY.low, g.IIM_IVMP_DAILY.high
    caps: list[CapApplied] = []
    notes: list[str] = []
    dose = computed
    if computed > ceiling:
        dose = ceiling
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, kind="ceiling", limit=ceiling, unit="mg/day",
                               sources=g.IIM_IVMP_DAILY.sources, computed=computed, applied=dose))
        notes.append(TOOL_CHOICES["ivmp_ceiling"])
    elif computed < floor:
        if floor > g.IIM_IVMP_PER_KG.high * weight:
            raise InputError(
                "weight", round(weight, 2), f"at least {format_number(floor / g.IIM_IVMP_PER_KG.high)} kg",
                reason=f"is too low for the source's pulse: {g.IIM_IVMP_PER_KG.text()} cannot reach the "
                f"{format_number(floor)} mg/day floor, and the source gives no dose for this weight",
                source=g.IIM_IVMP_DAILY.cite())
        dose = floor
        caps.append(CapApplied(figure=g.IIM_IVMP_DAILY.key, kind="floor", limit=floor, unit="mg/day",
                               sources=g.IIM_IVMP_DAILY.sources, computed=computed, applied=dose))
        notes.append(TOOL_CHOICES["ivmp_floor"])
    notes.append(f"{format_number(round(dose / weight, 2))} mg/kg/day as given; for severe weakness, dysphagia or "
                 "respiratory muscle involvement (S002).")
    lines = tuple(
        DoseLine(drug="methylprednisolone", dose=dose, unit="mg", frequency="once daily", route="IV",
                 label=f"Day {i + 1}",
                 start=None if args.start is None else args.start + dt.timedelta(days=i),
                 end=None if args.start is None else args.start + dt.timedelta(days=i))
        for i in range(args.days))
    return RegimenResult(
        regimen="IV methylprednisolone pulse", value=dose, unit="mg/day", frequency=f"once daily for {args.days} "
        f"consecutive day{'s' if args.days > 1 else ''}", route="IV",
        rule=f"{format_number(args.mg_per_kg)} mg/kg/day x {format_number(round(weight, 2))} kg, "
        f"within {g.IIM_IVMP_DAILY.text()}", source=S002, sources=sources_of(g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY),
        lines=lines, caps_applied=tuple(caps), notes=tuple(notes),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


# --- methotrexate ------------------------------------------------------------------------------

MTX_REFUSAL = (f"is above the weekly methotrexate cap of {g.MTX_WEEKLY_CAP.text()} ({g.MTX_WEEKLY_CAP.cite()}); "
               f"S003's '{g.IIM_MTX_S003_STATED.text()}' is an error of the source and is never used as a dose")


class WeeklyMethotrexateBounds(Bounds):
    """Bounds whose upper limit is the weekly cap, refused with the reason the cap exists."""

    def check(self, field: str, value: float) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and value > self.high:
            raise InputError(field, value, self.describe(), reason=MTX_REFUSAL, source=self.source)
        super().check(field, value)


def check_methotrexate_weekly(mg_per_week: float, field: str = "mg_per_week") -> float:
    """Refuse a weekly methotrexate dose above the 25 mg cap, or one that is not a finite positive number."""
    WeeklyMethotrexateBounds(0.001, g.MTX_WEEKLY_CAP.value, "mg once weekly",
                             source=g.MTX_WEEKLY_CAP.cite()).check(field, mg_per_week)
    return mg_per_week


class MtxIimInput(CalcInput):
    start: LaxDate
    ramp_months: Annotated[int, bounds_from(g.IIM_MTX_RAMP, "months")]


def methotrexate_iim(*, start: dt.date | str, ramp_months: int) -> RegimenResult:
    """IIM methotrexate: 15 mg once weekly rising to 25 mg once weekly within ``ramp_months`` (3-6) months.

    The first dose is on ``start``, and every dose on the same weekday. The
    rise is in 2.5 mg steps at even whole-week intervals (a tool choice within
    the source); folic acid 1 mg/day goes with it (S002).
    """
    args = MtxIimInput(start=start, ramp_months=ramp_months)
    first, target, step = g.IIM_MTX_START.value, g.IIM_MTX_TARGET.value, MTX_STEP_MG
    check_methotrexate_weekly(target, "target")
    n_steps = round((target - first) / step)
    deadline = add_months(args.start, args.ramp_months)
    weeks_available = (deadline - args.start).days // 7
    weeks_per_step = weeks_available // n_steps
    weekday = WEEKDAYS[args.start.weekday()]
    lines = []
    for k in range(n_steps + 1):
        begin = args.start + dt.timedelta(weeks=k * weeks_per_step)
        last = k == n_steps
        end = None if last else begin + dt.timedelta(weeks=weeks_per_step, days=-1)
        label = (f"Weeks {k * weeks_per_step + 1}-{(k + 1) * weeks_per_step}" if not last
                 else f"From week {k * weeks_per_step + 1} (target)")
        lines.append(DoseLine(drug="methotrexate", dose=first + k * step, unit="mg", frequency=weekly(weekday),
                              route="by mouth", label=label, start=begin, end=end))
    lines.append(DoseLine(drug="folic acid", dose=g.IIM_FOLIC.value, unit="mg", frequency="once daily",
                          route="by mouth", label="Throughout", start=args.start))
    reached = lines[n_steps].start
    notes = [
        TOOL_CHOICES["mtx_steps"],
        f"{n_steps} steps of {format_number(step)} mg every {weeks_per_step} weeks, every {weekday}; target "
        f"{g.IIM_MTX_TARGET.text()} reached on {reached.isoformat()}, within {args.ramp_months} months "
        f"(by {deadline.isoformat()}), as {g.IIM_MTX_RAMP.cite()} requires ({g.IIM_MTX_RAMP.text()}).",
        f"Never above {g.MTX_WEEKLY_CAP.text()}; there is no daily methotrexate.",
        f"Folic acid {g.IIM_FOLIC.text()} throughout ({g.IIM_FOLIC.cite()}).",
        TOOL_CHOICES["months"],
    ]
    return RegimenResult(
        regimen="Methotrexate (IIM)", value=first, unit="mg", frequency=weekly(weekday), route="by mouth",
        rule=f"start {g.IIM_MTX_START.text()}, rise to {g.IIM_MTX_TARGET.text()} within "
        f"{g.IIM_MTX_RAMP.text()}, with folic acid {g.IIM_FOLIC.text()}", source=S002,
        sources=sources_of(g.IIM_MTX_START, g.IIM_MTX_TARGET, g.IIM_MTX_RAMP, g.IIM_FOLIC),
        lines=tuple(lines), notes=tuple(notes), inputs=args.model_dump(mode="json"),
    )


class MtxIgmInput(CalcInput):
    mg_per_week: Annotated[float, WeeklyMethotrexateBounds(g.IGM_MTX_WEEKLY.low, g.IGM_MTX_WEEKLY.high,
                                                           "mg once weekly", source=g.IGM_MTX_WEEKLY.cite())]
    prednisolone_mg_per_day: Annotated[float, bounds_from(g.IGM_PRED_DAILY)]
    start: LaxDate | None = None


def methotrexate_igm(*, mg_per_week: float, prednisolone_mg_per_day: float,
                     start: dt.date | str | None = None) -> RegimenResult:
    """IGM: methotrexate 15-25 mg once weekly with prednisolone 10-20 mg/day, then taper (S000)."""
    args = MtxIgmInput(mg_per_week=mg_per_week, prednisolone_mg_per_day=prednisolone_mg_per_day, start=start)
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    lines = (
        DoseLine(drug="methotrexate", dose=args.mg_per_week, unit="mg", frequency=weekly(weekday),
                 route="by mouth", start=args.start),
        DoseLine(drug="prednisolone", dose=args.prednisolone_mg_per_day, unit="mg", frequency="once daily",
                 route="by mouth", label="then taper", start=args.start),
    )
    notes = (
        f"Methotrexate {g.IGM_MTX_WEEKLY.text()} with prednisolone {g.IGM_PRED_DAILY.text()} ({g.IGM_MTX_WEEKLY.cite()}); "
        "the clinician chose both doses.",
        f"When stopping prednisolone, withdraw it over {g.IGM_WITHDRAWAL.text()} (S000): a short IGM taper, "
        "not the IIM taper.",
        f"Check response every {g.IGM_REVIEW.text()} (S000).",
        f"Never above {g.MTX_WEEKLY_CAP.text()}; there is no daily methotrexate.",
    )
    return RegimenResult(
        regimen="Methotrexate with prednisolone (IGM)", value=args.mg_per_week, unit="mg",
        frequency=weekly(weekday), route="by mouth",
        rule=f"methotrexate {g.IGM_MTX_WEEKLY.text()} + prednisolone {g.IGM_PRED_DAILY.text()}", source=S000,
        sources=sources_of(g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY), lines=lines, notes=notes,
        inputs=args.model_dump(mode="json"),
    )


class StartOnly(CalcInput):
    start: LaxDate | None = None


def methotrexate_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: subcutaneous methotrexate 15 mg/m² (Mosteller BSA) once weekly, never above 25 mg."""
    pt = as_patient(patient)
    args = StartOnly(start=start)
    bsa = body_surface_area(pt)
    computed = g.JDM_MTX_PER_M2.value * bsa.value
    cap = g.MTX_WEEKLY_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.MTX_WEEKLY_CAP.key, kind="ceiling", limit=cap, unit="mg once weekly",
                               sources=g.MTX_WEEKLY_CAP.sources, computed=computed, applied=dose))
    check_methotrexate_weekly(dose, "dose")
    weekday = None if args.start is None else WEEKDAYS[args.start.weekday()]
    notes = [f"Body surface area {bsa.display()} by {bsa.rule} ({bsa.source.id}).",
             f"From treatment onset, with prednisone {g.JDM_PRED_PER_KG.text()} up to {g.JDM_PRED_CAP.text()} "
             "(see the juvenile DM prednisone calculator).",
             f"Never above {g.MTX_WEEKLY_CAP.text()} ({g.MTX_WEEKLY_CAP.cite()}); there is no daily methotrexate."]
    line = DoseLine(drug="methotrexate", dose=dose, unit="mg", frequency=weekly(weekday), route="subcutaneous",
                    start=args.start)
    return RegimenResult(
        regimen="Methotrexate (juvenile DM)", value=dose, unit="mg", frequency=weekly(weekday),
        route="subcutaneous", rule=f"{g.JDM_MTX_PER_M2.text()} x {bsa.display()} BSA (Mosteller), at most "
        f"{g.MTX_WEEKLY_CAP.text()}", source=S002,
        sources=sources_of(g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP, extra=(bsa.source.id,)), lines=(line,),
        caps_applied=tuple(caps), notes=tuple(notes),
        inputs={"weight_kg": pt.weight_kg, "height_cm": pt.height_cm, "bsa_m2": bsa.value,
                **args.model_dump(mode="json")},
    )


# --- juvenile DM prednisone --------------------------------------------------------------------

def prednisone_jdm(patient: Patient | Mapping[str, Any], *, start: dt.date | str | None = None) -> RegimenResult:
    """Juvenile DM: prednisone 2 mg/kg/day, at most 60 mg/day (cap shown when it bites)."""
    pt = as_patient(patient)
    args = StartOnly(start=start)
    pt.require("juvenile DM prednisone", "weight")
    weight = pt.weight_kg
    computed = g.JDM_PRED_PER_KG.value * weight
    cap = g.JDM_PRED_CAP.value
    caps: list[CapApplied] = []
    dose = computed
    if computed > cap:
        dose = cap
        caps.append(CapApplied(figure=g.JDM_PRED_CAP.key, kind="ceiling", limit=cap, unit="mg/day",
                               sources=g.JDM_PRED_CAP.sources, computed=computed, applied=dose))
    line = DoseLine(drug="prednisone", dose=dose, unit="mg", frequency="once daily", route="by mouth",
                    start=args.start)
    return RegimenResult(
        regimen="Prednisone (juvenile DM)", value=dose, unit="mg/day", frequency="once daily", route="by mouth",
        rule=f"{g.JDM_PRED_PER_KG.text()} x {format_number(round(weight, 2))} kg, at most {g.JDM_PRED_CAP.text()}",
        source=S002, sources=sources_of(g.JDM_PRED_PER_KG, g.JDM_PRED_CAP), lines=(line,),
        caps_applied=tuple(caps),
        notes=(f"With subcutaneous methotrexate {g.JDM_MTX_PER_M2.text()} from treatment onset (S002, S003).",),
        inputs={"weight_kg": weight, **args.model_dump(mode="json")},
    )


# --- azathioprine ------------------------------------------------------------------------------

Tpmt = Literal["normal", "intermediate", "low-absent", "unknown"]
AZA_INTERMEDIATE_HEADLINE = ("daily, in divided doses, as the full target only: TPMT intermediate, "
                             "so start at the reduced range below")


class AzathioprineInput(CalcInput):
    tpmt: Tpmt
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None

    field_help = {"tpmt": "'normal', 'intermediate', 'low-absent' or 'unknown'"}


CPIC_INTERMEDIATE = (
    "TPMT intermediate (reduced activity): CPIC (Relling et al. 2019) recommends starting at "
    f"{g.AZA_CPIC_INTERMEDIATE.number_text()}% of the normal starting dose when that dose is 2-3 mg/kg/day, "
    "and adjusting by myelosuppression, allowing 2-4 weeks to reach steady state after each change. "
    "NUDT15 is not assessed here; a patient intermediate for both genes needs a larger reduction."
)
CPIC_POOR = (
    "TPMT low or absent (poor metabolizer): for non-malignant conditions such as IIM and IGM, CPIC "
    "(Relling et al. 2019) recommends considering an alternative, non-thiopurine immunosuppressant. Its "
    "drastically reduced regimen (daily dose cut 10-fold, given three times a week) is for malignant "
    "conditions; no azathioprine dose is given here."
)


def azathioprine(patient: Patient | Mapping[str, Any], *, tpmt: str,
                 below_60_in: ShortStature | None = None, start: dt.date | str | None = None) -> RegimenResult:
    """Azathioprine target 2 mg/kg ideal body weight (Devine) a day in divided doses, only with a TPMT result.

    ``tpmt='unknown'`` is refused (S002, S003 require the result first). An
    intermediate result gives the CPIC reduced starting range beside the
    target; a low/absent result gives no dose.
    """
    pt = as_patient(patient)
    args = AzathioprineInput(tpmt=tpmt, below_60_in=below_60_in, start=start)
    if args.tpmt == "unknown":
        raise InputError("tpmt", "unknown", "'normal', 'intermediate' or 'low-absent'",
                         reason="a TPMT result is required before azathioprine is dosed",
                         source=g.IIM_AZA_PER_KG_IBW.cite())
    ibw = ideal_body_weight(pt, below_60_in=args.below_60_in)
    target = g.IIM_AZA_PER_KG_IBW.value * ibw.value
    notes = [f"Dosed on ideal body weight {ibw.display()} ({ibw.rule}; {ibw.source.id}), the source's basis.",
             *ibw.notes]
    if pt.weight_kg is not None and pt.weight_kg < ibw.value:
        notes.append(f"Actual weight {format_number(round(pt.weight_kg, 1))} kg is below ideal body weight.")
    lines: list[DoseLine] = []
    sources = sources_of(g.IIM_AZA_PER_KG_IBW, extra=(ibw.source.id,))
    value: float | None = target
    rule = f"{g.IIM_AZA_PER_KG_IBW.text()} x {ibw.display()} = target, a day in divided doses (S003)"
    headline_frequency = "daily, in divided doses"
    if args.tpmt == "normal":
        lines.append(DoseLine(drug="azathioprine", dose=target, unit="mg", frequency="daily, in divided doses",
                              route="by mouth", label="Target", start=args.start))
    elif args.tpmt == "intermediate":
        low = g.AZA_CPIC_INTERMEDIATE.low / 100 * target
        high = g.AZA_CPIC_INTERMEDIATE.high / 100 * target
        notes.append(CPIC_INTERMEDIATE)
        notes.append(f"Reduced starting range: {format_number(_round_half_up(low, 1))}-"
                     f"{format_number(_round_half_up(high, 1))} mg/day ({g.AZA_CPIC_INTERMEDIATE.text()} of "
                     f"{format_number(_round_half_up(target, 1))} mg); the clinician picks within it.")
        lines.append(DoseLine(drug="azathioprine", dose=low, unit="mg", frequency="daily, in divided doses",
                              route="by mouth", label="Reduced start, lowest (CPIC)", start=args.start))
        lines.append(DoseLine(drug="azathioprine", dose=high, unit="mg", frequency="daily, in divided doses",
                              route="by mouth", label="Reduced start, highest (CPIC)", start=args.start))
        sources = sources_of(g.IIM_AZA_PER_KG_IBW, g.AZA_CPIC_INTERMEDIATE, extra=(ibw.source.id,))
        # The headline is the full target; with reduced TPMT activity it must never read as the start.
        headline_frequency = AZA_INTERMEDIATE_HEADLINE
    else:
        value = None
        notes.append(CPIC_POOR)
        sources = sources_of(g.IIM_AZA_PER_KG_IBW, extra=(ibw.source.id, CPIC_THIOPURINE_2018.id))
        rule = "no azathioprine dose: TPMT low or absent"
    return RegimenResult(
        regimen="Azathioprine", value=value, unit="mg/day", frequency=headline_frequency, route="by mouth",
        rule=rule, source=S002, sources=sources, lines=tuple(lines), notes=tuple(notes),
        inputs={"ideal_body_weight_kg": ibw.value, **args.model_dump(mode="json")},
    )


# --- mycophenolate -----------------------------------------------------------------------------

def mycophenolate(*, start: dt.date | str | None = None) -> RegimenResult:
    """Mycophenolate mofetil 500 mg twice daily to start (S002)."""
    args = StartOnly(start=start)
    dose = g.IIM_MMF_START.value
    return RegimenResult(
        regimen="Mycophenolate mofetil", value=dose, unit="mg", frequency="twice daily", route="by mouth",
        rule=f"start {g.IIM_MMF_START.text()}", source=S002, sources=g.IIM_MMF_START.sources,
        lines=(DoseLine(drug="mycophenolate mofetil", dose=dose, unit="mg", frequency="twice daily",
                        route="by mouth", label="Starting dose", start=args.start),),
        notes=("Starting dose only: the sources give no target or escalation.",
               "Preferred for severe dermatomyositis skin disease or IIM-associated interstitial lung disease "
               "(S002)."),
        inputs=args.model_dump(mode="json"),
    )


# --- IVIG --------------------------------------------------------------------------------------

class IvigInput(CalcInput):
    g_per_kg_total: Annotated[float, bounds_from(g.IIM_IVIG_TOTAL)]
    below_60_in: ShortStature | None = None
    start: LaxDate | None = None


def ivig(patient: Patient | Mapping[str, Any], *, g_per_kg_total: float, below_60_in: ShortStature | None = None,
         start: dt.date | str | None = None) -> RegimenResult:
    """IVIG ``g_per_kg_total`` (1-2 g/kg) of ideal body weight, split evenly over 2 consecutive days."""
    pt = as_patient(patient)
    args = IvigInput(g_per_kg_total=g_per_kg_total, below_60_in=below_60_in, start=start)
    ibw = ideal_body_weight(pt, below_60_in=args.below_60_in)
    days = int(g.IIM_IVIG_DAYS.value)
    per_kg_day = args.g_per_kg_total / days
    if per_kg_day > g.IIM_IVIG_DAILY.value:  # cannot happen within the 1-2 g/kg bounds; kept as a guard
        raise InputError("g_per_kg_total", args.g_per_kg_total, g.IIM_IVIG_TOTAL.text(),
                         reason=f"gives more than {g.IIM_IVIG_DAILY.text()}", source=g.IIM_IVIG_DAILY.cite())
    per_day = per_kg_day * ibw.value
    notes = [f"Weight used: ideal body weight {ibw.display()} ({ibw.rule}; {ibw.source.id}), the source's basis.",
             *ibw.notes,
             f"{format_number(args.g_per_kg_total)} g/kg total chosen by the clinician within "
             f"{g.IIM_IVIG_TOTAL.text()}; {format_number(per_kg_day)} g/kg a day.",
             "Guidelines differ on the dosing weight for IVIG; this follows S002 (ideal body weight)."]
    if pt.weight_kg is not None and pt.weight_kg < ibw.value:
        notes.append(f"Actual weight {format_number(round(pt.weight_kg, 1))} kg is below ideal body weight. For "
                     f"comparison only, NOT the source's basis: actual weight would give "
                     f"{format_number(_round_half_up(per_kg_day * pt.weight_kg, 1))} g a day.")
    lines = tuple(
        DoseLine(drug="IVIG", dose=per_day, unit="g", frequency="once daily", route="IV", label=f"Day {i + 1}",
                 start=None if args.start is None else args.start + dt.timedelta(days=i),
                 end=None if args.start is None else args.start + dt.timedelta(days=i))
        for i in range(days))
    return RegimenResult(
        regimen="IVIG", value=per_day, unit="g/day", frequency=f"once daily for {days} consecutive days", route="IV",
        rule=f"{format_number(args.g_per_kg_total)} g/kg x {ibw.display()} ideal body weight, over {days} days",
        source=S002, sources=sources_of(g.IIM_IVIG_TOTAL, g.IIM_IVIG_DAILY, extra=(ibw.source.id,)), lines=lines,
        notes=tuple(notes), inputs={"ideal_body_weight_kg": ibw.value, "weight_kg": pt.weight_kg,
                                    **args.model_dump(mode="json")},
    )


# --- rituximab ---------------------------------------------------------------------------------

class RituximabInput(CalcInput):
    start: LaxDate | None = None
    age_years: Annotated[float | None, Bounds(0, 120, "years")] = None


def rituximab(*, start: dt.date | str | None = None, age_years: float | None = None) -> RegimenResult:
    """Rituximab 1000 mg IV, two doses 2 weeks apart (adults, S002)."""
    args = RituximabInput(start=start, age_years=age_years)
    refuse_children(args.age_years, "rituximab", g.IIM_RTX_DOSE.cite())
    gap = dt.timedelta(weeks=g.IIM_RTX_GAP.value)
    count = int(g.IIM_RTX_DOSES.value)
    lines = tuple(
        DoseLine(drug="rituximab", dose=g.IIM_RTX_DOSE.value, unit="mg", frequency="once", route="IV",
                 label=f"Dose {i + 1}", start=None if args.start is None else args.start + i * gap,
                 end=None if args.start is None else args.start + i * gap)
        for i in range(count))
    return RegimenResult(
        regimen="Rituximab", value=g.IIM_RTX_DOSE.value, unit="mg", route="IV",
        frequency=f"{count} doses {g.IIM_RTX_GAP.text()} apart",
        rule=f"{g.IIM_RTX_DOSE.text()} x {count}, {g.IIM_RTX_GAP.text()} apart (adults)", source=S002,
        sources=sources_of(g.IIM_RTX_DOSE, g.IIM_RTX_GAP), lines=lines,
        notes=("For refractory disease not controlled by first-line agents (S002).",),
        inputs=args.model_dump(mode="json"),
    )


# --- cyclophosphamide --------------------------------------------------------------------------

class CyclophosphamideInput(CalcInput):
    start: LaxDate
    months: Annotated[int, Bounds(g.IIM_CYC_COURSE.low, g.IIM_CYC_MAX.value, "months",
                                  source=g.IIM_CYC_MAX.cite())]


def cyclophosphamide(*, start: dt.date | str, months: int) -> RegimenResult:
    """Cyclophosphamide infusion dates, every 4 weeks for ``months`` (3-6, up to 12). No dose: none in the sources."""
    args = CyclophosphamideInput(start=start, months=months)
    interval = dt.timedelta(weeks=g.IIM_CYC_INTERVAL.value)
    end = add_months(args.start, args.months)
    count = (end - args.start) // interval
    lines = tuple(DoseLine(drug="cyclophosphamide", dose=None, unit="mg", frequency="once", route="IV infusion",
                           label=f"Infusion {i + 1}", start=args.start + i * interval,
                           end=args.start + i * interval) for i in range(count))
    notes = ["The sources give no cyclophosphamide dose: this is the schedule only; take the dose from a "
             "specialist protocol.",
             TOOL_CHOICES["cyclophosphamide_count"], TOOL_CHOICES["months"],
             "For severe interstitial lung disease or refractory disease (S002)."]
    if args.months > g.IIM_CYC_COURSE.high:
        notes.append(f"{args.months} months is longer than the usual {g.IIM_CYC_COURSE.text()}; the source allows "
                     f"up to {g.IIM_CYC_MAX.text()}.")
    return RegimenResult(
        regimen="Cyclophosphamide", value=None, unit="mg", frequency=f"every {g.IIM_CYC_INTERVAL.text()}",
        route="IV infusion", rule=f"infusion every {g.IIM_CYC_INTERVAL.text()} for {args.months} months "
        f"(usual {g.IIM_CYC_COURSE.text()}, at most {g.IIM_CYC_MAX.text()})", source=S002,
        sources=sources_of(g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX), lines=lines, notes=tuple(notes),
        inputs=args.model_dump(mode="json"),
    )


# --- calcineurin inhibitors --------------------------------------------------------------------

class CalcineurinInput(CalcInput):
    drug: Literal["cyclosporine", "tacrolimus"]


def calcineurin_inhibitor(*, drug: str) -> RegimenResult:
    """Cyclosporine or tacrolimus: no dose in the sources; reserved for severe, refractory disease (S002)."""
    args = CalcineurinInput(drug=drug)
    return RegimenResult(
        regimen=args.drug.capitalize(), value=None, unit="mg", frequency="not given in the sources", route="",
        rule="no dose in the sources; reserved for severe, refractory disease", source=S002, sources=("S002", "S003"),
        notes=("The sources give no dose for cyclosporine or tacrolimus.",
               "Reserved for severe, refractory disease because of serious adverse effects, hypertension and "
               "renal insufficiency among them (S002).",
               "S003 lists cyclosporine among the agents added to IV methylprednisolone for severe disease."),
        inputs=args.model_dump(mode="json"),
    )


# --- registry and exports ----------------------------------------------------------------------

CALCULATORS: dict[str, Callable[..., RegimenResult]] = {
    "prednisone_initial": prednisone_initial,
    "iv_methylprednisolone": iv_methylprednisolone,
    "methotrexate_iim": methotrexate_iim,
    "methotrexate_igm": methotrexate_igm,
    "methotrexate_jdm": methotrexate_jdm,
    "prednisone_jdm": prednisone_jdm,
    "azathioprine": azathioprine,
    "mycophenolate": mycophenolate,
    "ivig": ivig,
    "rituximab": rituximab,
    "cyclophosphamide": cyclophosphamide,
    "calcineurin_inhibitor": calcineurin_inhibitor,
}
"""Every regimen calculator by name, as :func:`export_vectors` and :func:`run` call them."""

FIGURES_USED: dict[str, tuple[Figure, ...]] = {
    "prednisone_initial": (g.IIM_PRED_PER_KG, g.IIM_PRED_TYPICAL, g.IIM_PRED_LOW_END, g.IIM_PRED_HIGH_END,
                           g.IIM_PRED_HOLD),
    "iv_methylprednisolone": (g.IIM_IVMP_PER_KG, g.IIM_IVMP_DAILY, g.IIM_IVMP_DAYS),
    "methotrexate_iim": (g.IIM_MTX_START, g.IIM_MTX_TARGET, g.IIM_MTX_RAMP, g.IIM_FOLIC, g.MTX_WEEKLY_CAP),
    "methotrexate_igm": (g.IGM_MTX_WEEKLY, g.IGM_PRED_DAILY, g.IGM_WITHDRAWAL, g.IGM_REVIEW, g.MTX_WEEKLY_CAP),
    "methotrexate_jdm": (g.JDM_MTX_PER_M2, g.MTX_WEEKLY_CAP),
    "prednisone_jdm": (g.JDM_PRED_PER_KG, g.JDM_PRED_CAP),
    "azathioprine": (g.IIM_AZA_PER_KG_IBW, g.AZA_CPIC_INTERMEDIATE),
    "mycophenolate": (g.IIM_MMF_START,),
    "ivig": (g.IIM_IVIG_TOTAL, g.IIM_IVIG_DAILY, g.IIM_IVIG_DAYS),
    "rituximab": (g.IIM_RTX_DOSE, g.IIM_RTX_DOSES, g.IIM_RTX_GAP),
    "cyclophosphamide": (g.IIM_CYC_INTERVAL, g.IIM_CYC_COURSE, g.IIM_CYC_MAX),
    "calcineurin_inhibitor": (),
}


def run(calculator: str, inputs: Mapping[str, Any]) -> RegimenResult:
    """Call a calculator by name with JSON-style inputs (``patient`` as a mapping, dates as ISO text)."""
    if calculator not in CALCULATORS:
        raise InputError("calculator", calculator, ", ".join(CALCULATORS), reason="is not a regimen calculator")
    return CALCULATORS[calculator](**dict(inputs))


def _figure_json(figure: Figure) -> dict[str, Any]:
    return {"value": list(figure.value) if isinstance(figure.value, tuple) else figure.value,
            "unit": figure.unit, "kind": figure.kind, "sources": list(figure.sources), "text": figure.text()}


def export_regimens() -> dict[str, Any]:
    """The rules, caps and tool choices of every regimen (and the safety rule table) as JSON-serialisable
    data, from the figures."""
    from .safety import export_rules  # safety imports this module

    return {
        "safety_rules": export_rules(),
        "figures": {f.key: _figure_json(f) for figs in FIGURES_USED.values() for f in figs},
        "calculators": {name: {"doc": (fn.__doc__ or "").strip().splitlines()[0],
                               "figures": [f.key for f in FIGURES_USED[name]]}
                        for name, fn in CALCULATORS.items()},
        "tool_choices": dict(TOOL_CHOICES, mtx_step_mg=MTX_STEP_MG),
        "mtx_refusal_reason": MTX_REFUSAL,
        "sources": {sid: ALL_SOURCES[sid].label() for sid in
                    sorted({s for figs in FIGURES_USED.values() for f in figs for s in f.sources}
                           | {"Devine 1974", "Mosteller 1987"})},
    }


ADULT = {"weight": 70, "weight_unit": "kg", "height": 175, "height_unit": "cm", "sex": "male"}
CHILD = {"weight": 30, "weight_unit": "kg", "height": 135, "height_unit": "cm", "age_years": 9}

VECTOR_INPUTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": 1, "start": "2026-01-05"}),
    ("prednisone_initial", {"patient": {"weight": 50, "weight_unit": "kg"}, "mg_per_kg": 0.5, "diabetes": True}),
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": 1.5}),
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": "1"}),
    ("prednisone_initial", {"patient": {"weight": 70, "weight_unit": "st"}, "mg_per_kg": 1}),
    ("iv_methylprednisolone", {"patient": {"weight": 80, "weight_unit": "kg"}, "mg_per_kg": 20, "days": 3,
                               "start": "2026-01-05"}),
    ("iv_methylprednisolone", {"patient": {"weight": 20, "weight_unit": "kg"}, "mg_per_kg": 10, "days": 1}),
    ("iv_methylprednisolone", {"patient": {"weight": 10, "weight_unit": "kg"}, "mg_per_kg": 10, "days": 1}),
    ("iv_methylprednisolone", {"patient": {"weight": 60, "weight_unit": "kg"}, "mg_per_kg": 15, "days": 6}),
    ("methotrexate_iim", {"start": "2026-01-05", "ramp_months": 3}),
    ("methotrexate_iim", {"start": "2026-01-05", "ramp_months": 7}),
    ("methotrexate_igm", {"mg_per_week": 20, "prednisolone_mg_per_day": 15, "start": "2026-01-07"}),
    ("methotrexate_igm", {"mg_per_week": 50, "prednisolone_mg_per_day": 15}),
    ("methotrexate_jdm", {"patient": CHILD, "start": "2026-01-05"}),
    ("methotrexate_jdm", {"patient": {"weight": 80, "weight_unit": "kg", "height": 180, "height_unit": "cm"}}),
    ("prednisone_jdm", {"patient": CHILD}),
    ("prednisone_jdm", {"patient": {"weight": 45, "weight_unit": "kg"}}),
    ("azathioprine", {"patient": ADULT, "tpmt": "normal"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "intermediate"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "low-absent"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "unknown"}),
    ("mycophenolate", {"start": "2026-01-05"}),
    ("ivig", {"patient": {**ADULT, "weight": 60}, "g_per_kg_total": 2, "start": "2026-01-05"}),
    ("ivig", {"patient": ADULT, "g_per_kg_total": 2.5}),
    ("rituximab", {"start": "2026-01-05"}),
    ("rituximab", {"start": "2026-01-05", "age_years": 16}),
    ("cyclophosphamide", {"start": "2026-01-05", "months": 6}),
    ("cyclophosphamide", {"start": "2026-01-05", "months": 13}),
    ("calcineurin_inhibitor", {"drug": "tacrolimus"}),
)


def export_vectors() -> list[dict[str, Any]]:
    """Representative cases with their full expected output, and bad inputs with their exact error messages."""
    from .safety import SAFETY_VECTOR_INPUTS, check_plan  # safety imports this module

    vectors = []
    cases = [*VECTOR_INPUTS, *(("check_plan", inputs) for inputs in SAFETY_VECTOR_INPUTS)]
    for name, inputs in cases:
        case: dict[str, Any] = {"calculator": name, "inputs": inputs}
        try:
            result = check_plan(**inputs) if name == "check_plan" else run(name, inputs)
            case["expected"] = result.model_dump(mode="json")
        except InputError as error:
            case["error"] = {"message": str(error), "problems": [
                {k: v for k, v in p.as_dict().items() if k != "value"} | {"value": repr(p.value)}
                for p in error.problems]}
        vectors.append(case)
    return vectors


__all__ = [
    "CALCULATORS", "CapApplied", "DoseLine", "RegimenResult", "TOOL_CHOICES", "azathioprine", "calcineurin_inhibitor",
    "check_methotrexate_weekly", "cyclophosphamide", "export_regimens", "export_vectors", "iv_methylprednisolone",
    "ivig", "methotrexate_iim", "methotrexate_igm", "methotrexate_jdm", "mycophenolate", "prednisone_initial",
    "prednisone_jdm", "rituximab", "run",
]
