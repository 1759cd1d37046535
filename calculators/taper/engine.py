"""The taper engine: a protocol (data), a start dose and a date in; dated periods out.

Kept small on purpose, so the same walk can be ported to JavaScript and run
against the worked cases of ``tools/cases/taper.py``:

1. validate the request (:class:`TaperRequest`), then the protocol's coverage;
2. list the daily doses and how long each is held (:func:`dose_plan`);
3. date them back to back from the start date and make each dose from the
   tablets on hand (:func:`build_schedule`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .. import guidance
from .._model import Bounds, CalcInput
from ..cautions import igm_withdrawal_notes, igm_withdrawal_steps_note
from ..choices import IGM_WITHDRAWAL_LAST_MAX_MG, TOOL_CHOICES
from ..errors import InputError, Problem, format_number
from ..messages import round_to, say
from ..patient import AGE_YEARS, Patient
from ..regimens.recipe import run_notes, spoken
from ..sources import STEROID_TABLE, Source
from ..statements import Note, choice
from .protocols import PROTOCOLS, STRENGTH_PRESETS, Drug, Protocol
from .start import STEPS, TEXTS, start_scope
from .tablets import MAX_PIECES_A_DAY, Tablets, make_dose, pick_strengths

PJP_DOSE_MG = guidance.PJP_STEROID_DOSE.value
PJP_DAYS = int(guidance.PJP_STEROID_WEEKS.value * 7)
PJP_TEXT = {"dose_mg": PJP_DOSE_MG, "dose": guidance.PJP_STEROID_DOSE.text(),
            "weeks": guidance.PJP_STEROID_WEEKS.text(), "why": TOOL_CHOICES["withdrawal_history"].why}
"""What the taper's flags say of the Pneumocystis threshold (S003), as its texts read it (``PJP``)."""

START_DOSE_MG = Bounds(0.5, 1000, "mg/day")
"""Sanity range of any typed start dose; each protocol then checks what its source covers."""
STRENGTH_MG = Bounds(0.5, 100, "mg")
Rounding = Literal["refuse", "down", "nearest"]


class TaperRequest(CalcInput):
    """Everything a taper needs, validated at the edge."""

    protocol: str
    start_date: dt.date
    start_dose_mg: Annotated[float | None, START_DOSE_MG] = None
    patient: Patient | None = None
    dose_mg_per_kg: Annotated[float | None, Bounds(*guidance.IIM_PRED_PER_KG.value, "mg/kg/day",
                                                     source="S002, S003")] = None
    hold_weeks: Annotated[int | None, Bounds(*guidance.IIM_PRED_HOLD.value, "weeks", source="S002, S003")] = None
    slow_1mg_every_weeks: Annotated[int | None, Bounds(2, 4, "weeks", source="S003")] = None
    withdrawal_days: Annotated[int | None, Bounds(*guidance.IGM_WITHDRAWAL.value, "days", source="S000")] = None
    step_mg: Annotated[float | None, Bounds(0.5, 10, "mg")] = None
    strengths_mg: str | tuple[float, ...] | None = None
    half_tablets: bool = False
    start_rounding: Rounding = "refuse"
    age_years: Annotated[float | None, AGE_YEARS] = None
    """Age [years]; required for the adult IIM protocols (or give it on ``patient``)."""
    drug: Drug | None = None
    """The drug the patient takes, named on every output; the protocol's own drug if not given."""

    field_help: ClassVar[dict[str, str]] = {
        "protocol": "one of " + ", ".join(PROTOCOLS),
        "strengths_mg": "a preset (" + ", ".join(STRENGTH_PRESETS) + ") or tablet strengths in mg, e.g. (5, 1)",
        "half_tablets": "True or False",
        "start_rounding": "'refuse', 'down' or 'nearest'",
        "patient": "a calculators.Patient with a weight",
    }

    @model_validator(mode="after")
    def _known_protocol(self) -> TaperRequest:
        if self.protocol not in PROTOCOLS:
            raise InputError("protocol", self.protocol, self.field_help["protocol"], reason="is not a known protocol")
        if isinstance(self.strengths_mg, str) and self.strengths_mg not in STRENGTH_PRESETS:
            raise InputError("strengths_mg", self.strengths_mg, self.field_help["strengths_mg"],
                             reason="is not a known preset")
        if isinstance(self.strengths_mg, tuple):
            if not self.strengths_mg:
                raise InputError("strengths_mg", self.strengths_mg, self.field_help["strengths_mg"],
                                 reason="must name at least one strength")
            for s in self.strengths_mg:
                STRENGTH_MG.check("strengths_mg", s)
        return self


class Period(BaseModel):
    """Days at one daily dose, dates inclusive."""

    model_config = ConfigDict(frozen=True)

    start: dt.date
    end: dt.date
    daily_dose_mg: float
    tablets: tuple[Tablets, ...]
    rule: str
    """The stage of the protocol that set this dose and its length."""
    note: str | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def tablets_text(self) -> str:
        return " + ".join(t.text() for t in self.tablets)


class TaperSchedule(BaseModel):
    """A dated, dispensable taper. Every output made from it names its protocol and source."""

    model_config = ConfigDict(frozen=True)

    protocol: str
    protocol_name: str
    drug: Drug
    source: Source
    rule: str
    start_date: dt.date
    start_dose_mg: float
    strengths_mg: tuple[float, ...]
    half_tablets: bool
    periods: tuple[Period, ...]
    notes: tuple[Note, ...]
    """Each with its kind (source, reference, tool choice)."""
    cautions: tuple[Note, ...] = ()
    """What every output of this schedule must repeat (the IGM withdrawal doubt, for one)."""
    inputs: dict[str, float | str | None]

    def note_texts(self) -> list[str]:
        """The sentences of the notes, in order."""
        return [n.text for n in self.notes]

    def days(self) -> Iterator[tuple[dt.date, float]]:
        """(date, dose in mg) for every day of the schedule."""
        for period in self.periods:
            for k in range(period.days):
                yield period.start + dt.timedelta(days=k), period.daily_dose_mg

    @property
    def end_date(self) -> dt.date:
        return self.periods[-1].end

    @property
    def stop_date(self) -> dt.date:
        """The first day without the drug."""
        return self.end_date + dt.timedelta(days=1)

    @property
    def duration_days(self) -> int:
        return sum(p.days for p in self.periods)

    @property
    def cumulative_dose_mg(self) -> float:
        return round_to(sum(p.daily_dose_mg * p.days for p in self.periods), 6)

    @property
    def dispense(self) -> dict[float, int]:
        """Tablets to dispense per strength (mg); half tablets are rounded up to whole ones."""
        totals: dict[float, float] = {}
        for p in self.periods:
            for t in p.tablets:
                totals[t.strength_mg] = totals.get(t.strength_mg, 0) + t.count * p.days
        return {s: math.ceil(c) for s, c in sorted(totals.items(), reverse=True)}

    @property
    def days_at_or_above_pjp_dose(self) -> int:
        return sum(p.days for p in self.periods if p.daily_dose_mg >= PJP_DOSE_MG)

    @property
    def pjp_threshold_reached(self) -> bool:
        """20 mg/day or more for 4 weeks or more (S003): consider Pneumocystis prophylaxis.

        Doses never rise, so the days at 20 mg/day or more are one unbroken run.
        """
        return self.days_at_or_above_pjp_dose >= PJP_DAYS

    @property
    def title(self) -> str:
        """The protocol's name with the drug as given: a prednisolone withdrawal is never a "prednisone taper"."""
        return self.protocol_name.replace(PROTOCOLS[self.protocol].drug, self.drug)

    def headline(self, patient: bool = False) -> str:
        """The first line of every output: the plan as the patient takes it (issue 22 §1).

        From the first dose (with the time it is given for) down to the last, in how many steps,
        the last day and the whole length; ``patient=True`` says it in plain words for the calendar.

        Parameters
        ----------
        patient : bool
            The patient's words (calendar) instead of the clinician's [yes/no].
        """
        first, last = self.periods[0], self.periods[-1]
        protocol = PROTOCOLS.get(getattr(self, "protocol", None))  # periods alone (the conformance table): none
        withdrawal = protocol is not None and protocol.kind == "span"
        return spoken(TEXTS["headline"], {
            "drug": self.drug, "patient": patient, "first_dose": first.daily_dose_mg, "first_days": first.days,
            "last_dose": last.daily_dose_mg, "end": self.end_date, "periods": len(self.periods),
            "duration": self.duration_days, "current": self.start_dose_mg if withdrawal else None})

    def flags(self) -> list[str]:
        """The days at the Pneumocystis dose, and the S003 threshold when reached (`calculators.taper.start.TEXTS`)."""
        return spoken(TEXTS["flags"], {"span": PROTOCOLS[self.protocol].kind == "span",
                                       "pjp_days": self.days_at_or_above_pjp_dose,
                                       "reached": self.pjp_threshold_reached, "PJP": PJP_TEXT})

    def summary(self) -> dict:
        """Totals and flags as plain data (also used by the cross-check vectors)."""
        return {
            "protocol": self.protocol,
            "source": self.source.id,
            "drug": self.drug,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat(),
            "duration_days": self.duration_days,
            "cumulative_dose_mg": self.cumulative_dose_mg,
            "dispense": {format_number(s): n for s, n in self.dispense.items()},
            "days_at_or_above_20_mg": self.days_at_or_above_pjp_dose,
            "pjp_threshold_reached": self.pjp_threshold_reached,
        }


def duration_text(days: int) -> str:
    """``4 weeks`` for whole weeks (two or more), else ``10 days``; the page's taper.js says the same.

    Parameters
    ----------
    days : int
        A length [days].
    """
    return spoken(TEXTS["duration"], {"days": days})


# --- 1. coverage ---------------------------------------------------------------

def _start_dose(req: TaperRequest, protocol: Protocol, strengths: tuple[float, ...]) -> tuple[float, list[Note]]:
    """The start dose in mg/day, checked against what the protocol's source (and the tool's rules) cover.

    The coverage is data (`calculators.taper.start`, steps of the recipe language), run here as the page runs it.
    """
    weight = req.patient.weight_kg if req.patient is not None else None
    scope, notes = run_notes(STEPS["start"], start_scope(protocol, req, strengths, weight))
    return scope["dose"], notes


STEP_EXAMPLES_MG: tuple[float, ...] = (5, 2.5, 1)
"""Steps a refused IGM withdrawal step is offered from, largest first: those that divide the start dose."""


def step_examples(start_dose_mg: float, withdrawal_days: int | None, refused: float) -> str:
    """The steps of :data:`STEP_EXAMPLES_MG` that work for this start dose and span, never the refused one.

    Parameters
    ----------
    start_dose_mg : float
        The withdrawal's start dose [mg/day].
    withdrawal_days : int, optional
        The withdrawal span [days]; a step giving more doses than days does not work.
    refused : float
        The step that was refused [mg].
    """
    fits = [s for s in STEP_EXAMPLES_MG if s != refused and abs(start_dose_mg / s - round(start_dose_mg / s)) <= 1e-9
            and round(start_dose_mg / s) >= 2 and (withdrawal_days is None or round(start_dose_mg / s) - 1
                                                   <= withdrawal_days)]
    return say("tp.step.examples", steps=" or ".join(format_number(s) for s in fits)) if fits else \
        say("tp.step.no_examples", steps=", ".join(format_number(s) for s in STEP_EXAMPLES_MG))


def _require_makeable(field: str, dose: float, strengths: tuple[float, ...], half: bool) -> None:
    run_notes(STEPS["makeable"], {"field": field, "dose": dose, "strengths": list(strengths), "half": half})


# --- 2. the doses and how long each is held --------------------------------------

def dose_plan(protocol: Protocol, start_dose_mg: float, *, hold_weeks: int | None = None,
              slow_1mg_every_weeks: int | None = None, withdrawal_days: int | None = None,
              step_mg: float | None = None) -> list[tuple[float, int, str, str | None]]:
    """(daily dose mg, days held, rule, note) in order; the dose after the last is 0 (stopped).

    Parameters
    ----------
    protocol : Protocol
        The protocol [record].
    start_dose_mg : float
        The start dose [mg/day].
    hold_weeks : int, optional
        How long the start dose is held (IIM) [weeks].
    slow_1mg_every_weeks : int, optional
        S003's slow end: minus 1 mg every N weeks [weeks].
    withdrawal_days : int, optional
        IGM: the withdrawal span [days].
    step_mg : float, optional
        IGM: the even step [mg].
    """
    if protocol.kind == "span":
        step = step_mg if step_mg is not None else protocol.default_step_mg
        count = start_dose_mg / step
        if abs(count - round(count)) > 1e-9 or round(count) < 2:
            raise InputError("step_mg", step, say("tp.step.allowed", dose=format_number(start_dose_mg),
                                                  examples=step_examples(start_dose_mg, withdrawal_days, step)),
                             reason=say("tp.step.uneven"))
        doses = [round_to(start_dose_mg - step * k, 6) for k in range(1, round(count))]
        if doses[-1] > IGM_WITHDRAWAL_LAST_MAX_MG + 1e-9:  # a halving then a stop from 10 mg is no slow withdrawal
            most = format_number(IGM_WITHDRAWAL_LAST_MAX_MG)
            raise InputError("step_mg", step, say("tp.step.last.allowed", most=most, dose=format_number(start_dose_mg),
                                                  examples=step_examples(start_dose_mg, withdrawal_days, step)),
                             reason=say("tp.step.last", last=format_number(doses[-1]), most=most),
                             kind="tool_choice", rests_on=("igm_withdrawal_last_dose",))
        if len(doses) > withdrawal_days:
            raise InputError("step_mg", step, say("tp.step.many.allowed", days=str(withdrawal_days)),
                             reason=say("tp.step.many", count=str(len(doses)), days=str(withdrawal_days)))
        base, extra = divmod(withdrawal_days, len(doses))
        lengths = [base + (1 if k >= len(doses) - extra else 0) for k in range(len(doses))]
        rule = say("tp.span.rule", step=format_number(step), days=str(withdrawal_days))
        return [(d, n, rule, None) for d, n in zip(doses, lengths, strict=True)]

    enabled = [s for s in protocol.stages if s.option is None or
               (s.option == "slow-1mg-from-10mg" and slow_1mg_every_weeks is not None)]
    plan = [(start_dose_mg, hold_weeks * 7, say("tp.hold.rule", weeks=str(hold_weeks)), None)]
    dose = start_dose_mg
    while True:
        stage = next((s for s in enabled if s.floor_mg < dose <= s.ceiling_mg), None)
        if stage is None:  # coverage checks make this unreachable; refuse rather than guess
            raise InputError("start_dose_mg", start_dose_mg, say("tp.stage.none.allowed"),
                             reason=say("tp.stage.none", dose=format_number(dose)))
        nxt = round_to(max(dose - stage.step_mg, stage.floor_mg), 6)
        note = None
        if nxt > dose - stage.step_mg + 1e-9 and nxt > 0:
            note = say("tp.stage.short", step=format_number(dose - nxt), stage_step=format_number(stage.step_mg),
                       floor=format_number(stage.floor_mg))
        if nxt <= 0:
            break
        # A dose is held for the interval of the stage that will lower it next.
        holding = next(s for s in enabled if s.floor_mg < nxt <= s.ceiling_mg)
        weeks = holding.interval_weeks if holding.interval_weeks is not None else slow_1mg_every_weeks
        plan.append((nxt, weeks * 7, holding.rule if holding.option else stage.rule, note))
        dose = nxt
    return plan


# --- 3. dates and tablets ---------------------------------------------------------

def _strengths(req: TaperRequest, protocol: Protocol) -> tuple[tuple[float, ...], Note | None]:
    taken = req.drug or protocol.drug
    if req.strengths_mg is None:
        drug, strengths = STRENGTH_PRESETS[taken]
        return strengths, choice("tablets", say("tp.preset.note", drug=drug,
                                                strengths=", ".join(format_number(s) for s in strengths)))
    if isinstance(req.strengths_mg, str):
        drug, strengths = STRENGTH_PRESETS[req.strengths_mg]
        if drug != taken:
            raise InputError("strengths_mg", req.strengths_mg, say("tp.preset.allowed", drug=taken),
                             reason=say("tp.preset.wrong", drug=drug, taken=taken))
        return strengths, None
    return tuple(sorted(set(req.strengths_mg), reverse=True)), None


def build_schedule(req: TaperRequest) -> TaperSchedule:
    """The dated schedule for a validated request: coverage, population, doses, dates and tablets.

    Parameters
    ----------
    req : TaperRequest
        A validated request [record].
    """
    protocol = PROTOCOLS[req.protocol]
    src = protocol.source_id
    problems: list[Problem] = []
    # Inputs that belong to another kind of protocol are refused, not ignored.
    wrong = {"stepped": ("withdrawal_days", "step_mg"), "span": ("hold_weeks", "slow_1mg_every_weeks")}[protocol.kind]
    if "slow-1mg-from-10mg" not in protocol.options():
        wrong += ("slow_1mg_every_weeks",)
    for name in dict.fromkeys(wrong):
        if getattr(req, name) is not None:
            problems.append(Problem(name, getattr(req, name), say("tp.not_input", protocol=protocol.name),
                                    say("tp.not_input.allowed"), source=src))
    try:  # the inputs this kind of protocol needs (start.py STEPS["required"], as the page runs them)
        run_notes(STEPS["required"], {"kind": protocol.kind, "hold_weeks": req.hold_weeks,
                                      "withdrawal_days": req.withdrawal_days, "source": src})
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError.from_problems(problems)
    age = req.age_years if req.age_years is not None else (req.patient.age_years if req.patient else None)
    protocol.population.check(protocol.name, age)

    strengths, strength_note = _strengths(req, protocol)
    start_dose, notes = _start_dose(req, protocol, strengths)
    plan = dose_plan(protocol, start_dose, hold_weeks=req.hold_weeks, slow_1mg_every_weeks=req.slow_1mg_every_weeks,
                     withdrawal_days=req.withdrawal_days, step_mg=req.step_mg)
    for dose, _, _, _ in plan:  # every dose from the strengths on hand, or a refusal naming the dose
        _require_makeable(say("tp.field.in_taper"), dose, strengths, req.half_tablets)
    dispensed = pick_strengths([(dose, length) for dose, length, _, _ in plan], strengths, req.half_tablets)
    periods: list[Period] = []
    day = req.start_date
    for dose, length, rule, note in plan:
        tablets = make_dose(dose, dispensed, req.half_tablets)
        end = day + dt.timedelta(days=length - 1)
        periods.append(Period(start=day, end=end, daily_dose_mg=dose, tablets=tablets, rule=rule, note=note))
        day = end + dt.timedelta(days=1)

    if strength_note:
        notes.append(strength_note)
    drug = req.drug or protocol.drug
    notes += run_notes(STEPS["notes"], {  # start.py STEPS["notes"], as the page runs them
        "dispensed": sorted(set(dispensed), reverse=True), "on_hand": sorted(set(strengths), reverse=True),
        "MAX_PIECES": MAX_PIECES_A_DAY, "half": req.half_tablets, "spacing_note": protocol.spacing_note,
        "slow": req.slow_1mg_every_weeks, "drug": drug, "protocol_drug": protocol.drug, "source": src,
        "STEROID_TABLE": STEROID_TABLE.id})[1]
    cautions: tuple[Note, ...] = ()
    if protocol.kind == "span":
        cautions = (*igm_withdrawal_notes(), igm_withdrawal_steps_note())
    inputs = {
        "start_dose_mg": start_dose,
        "weight_kg": req.patient.weight_kg if req.patient and req.patient.weight_kg else None,
        "dose_mg_per_kg": req.dose_mg_per_kg,
        "start_rounding": req.start_rounding if req.dose_mg_per_kg is not None else None,
        "hold_weeks": req.hold_weeks,
        "slow_1mg_every_weeks": req.slow_1mg_every_weeks,
        "withdrawal_days": req.withdrawal_days,
        "step_mg": req.step_mg if req.step_mg is not None else protocol.default_step_mg,
        "age_years": age,
    }
    return TaperSchedule(
        protocol=protocol.id, protocol_name=protocol.name, drug=drug, source=protocol.source,
        rule=protocol.rule, start_date=req.start_date, start_dose_mg=start_dose, strengths_mg=strengths,
        half_tablets=req.half_tablets, periods=tuple(periods), notes=tuple(notes), cautions=cautions,
        inputs={k: v for k, v in inputs.items() if v is not None},
    )


def taper_schedule(
    protocol: str,
    *,
    start_date: dt.date,
    start_dose_mg: float | None = None,
    patient: Patient | None = None,
    dose_mg_per_kg: float | None = None,
    hold_weeks: int | None = None,
    slow_1mg_every_weeks: int | None = None,
    withdrawal_days: int | None = None,
    step_mg: float | None = None,
    strengths_mg: str | tuple[float, ...] | list[float] | None = None,
    half_tablets: bool = False,
    start_rounding: Rounding = "refuse",
    age_years: float | None = None,
    drug: Drug | None = None,
) -> TaperSchedule:
    """A dated corticosteroid taper for one patient, from a named protocol.

    Parameters
    ----------
    protocol : str
        ``iim-s002-fixed-steps``, ``iim-s003-rule-based`` or ``igm-s000-withdrawal`` [text].
    start_date : datetime.date
        First day of the schedule (IIM: first day of the initial dose; IGM: first reduced dose) [date].
    start_dose_mg : float, optional
        Start dose [mg/day]. Or give ``patient`` (with a weight) and ``dose_mg_per_kg``.
    patient : Patient, optional
        With a weight [record], the start dose is also checked per kg.
    dose_mg_per_kg : float, optional
        Start dose per kg [mg/kg/day], 0.5-1 for IIM (S002, S003).
    hold_weeks : int
        IIM: how long the initial dose is held before the taper [weeks], 2-4, required.
    slow_1mg_every_weeks : int, optional
        S003 option ``slow-1mg-from-10mg``: from 10 mg/day, minus 1 mg every N weeks [weeks], 2-4.
    withdrawal_days : int
        IGM: how long prednisolone is withdrawn over [days], 6-14, required.
    step_mg : float, optional
        IGM: the even dose step [mg]; 5 mg if not given (the tool's choice, stated in the notes).
    strengths_mg : str or tuple of float, optional
        Tablet strengths on hand [mg], or a preset name; the drug's preset if not given (stated).
    half_tablets : bool
        Allow halves of scored tablets (declared in the notes) [yes/no].
    start_rounding : str
        A per-kg start dose the tablets cannot make is refused (``refuse``, default) or rounded
        ``down`` or to the ``nearest`` makeable dose (stated in the notes) [policy].
    age_years : float, optional
        Age [years]: required for the IIM protocols, which are for adults (18 or older); may be given on
        ``patient`` instead.
    drug : str, optional
        ``prednisone`` or ``prednisolone``: the drug the patient takes, named on every output [text];
        the protocol's drug if not given.

    Returns
    -------
    TaperSchedule
        Dated periods with tablets, totals, flags, protocol and source.

    Raises
    ------
    InputError
        Naming the field, the value and the allowed range, for anything the source does not cover.
    """
    if isinstance(strengths_mg, list):
        strengths_mg = tuple(strengths_mg)
    req = TaperRequest(protocol=protocol, start_date=start_date, start_dose_mg=start_dose_mg, patient=patient,
                       dose_mg_per_kg=dose_mg_per_kg, hold_weeks=hold_weeks,
                       slow_1mg_every_weeks=slow_1mg_every_weeks, withdrawal_days=withdrawal_days,
                       step_mg=step_mg, strengths_mg=strengths_mg, half_tablets=half_tablets,
                       start_rounding=start_rounding, age_years=age_years, drug=drug)
    return build_schedule(req)
