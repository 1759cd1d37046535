"""Taper protocols as data: each step, interval, floor and coverage, with its source.

An editor reads a protocol here as a table; the engine (:mod:`.engine`) walks
the table; a JavaScript port reads the same table from
:func:`calculators.taper.export_protocols`. No protocol is an ``if`` chain.

Two kinds of protocol exist:

``stepped`` (IIM, S002 and S003)
    The start dose is held for the hold period, then the dose falls stage by
    stage. A stage applies while ``floor_mg < dose <= ceiling_mg``; the next
    dose is ``max(dose - step_mg, floor_mg)`` (a step never passes the floor
    the source names: "down to 30 mg/day" stops at 30), and the dose is held
    for the stage's interval. The dose after the last stage is 0 (stop).

``span`` (IGM, S000)
    The source gives only the span of the withdrawal (6-14 days), not its
    steps. The tool spreads even dose steps over that span; the output says
    the spacing is the tool's choice within the source's span.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .. import guidance
from ..population import Population, adults
from ..sources import ALL_SOURCES

Drug = Literal["prednisone", "prednisolone"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stage(_Frozen):
    """One stage of a stepped taper."""

    ceiling_mg: float
    """The stage applies to a daily dose at or below this..."""
    floor_mg: float
    """...and above this; the stage's steps stop at this dose (0 = stop)."""
    step_mg: float
    """Each step lowers the daily dose by this much (never below ``floor_mg``)."""
    interval_weeks: int | None = None
    """Weeks each dose of the stage is held, where the source gives one figure."""
    interval_weeks_range: tuple[int, int] | None = None
    """Where the source gives a range, the clinician picks within it (``option_interval``)."""
    option: str | None = None
    """Name of the option that enables this stage; ``None`` = always part of the protocol."""
    rule: str
    """What the stage does, in the site's own words."""


class StartCoverage(_Frozen):
    """Start doses the protocol's source covers."""

    typed_mg: tuple[float, float]
    """A start dose typed in mg/day must lie in this range (inclusive)."""
    per_kg_mg: tuple[float, float] | None
    """A start dose from weight x mg/kg must lie in this range; ``None``: no per-kg dosing."""
    per_kg_range: tuple[float, float] | None
    """Allowed mg/kg/day, where the source doses by weight."""
    why: str
    """Why the coverage is what it is: shown in refusals and on the page."""
    why_kind: Literal["source", "tool_choice"] = "source"
    """Whether the coverage is the source's (``source``) or the tool's (``tool_choice``)."""
    why_rests_on: tuple[str, ...] = ()
    """The tool choices behind a ``tool_choice`` coverage (the source id otherwise)."""


class Protocol(_Frozen):
    """A named taper protocol, as data."""

    id: str
    name: str
    disease: Literal["IIM", "IGM"]
    population: Population
    """Who the protocol is for; enforced before any schedule is made."""
    drug: Drug
    source_id: str
    kind: Literal["stepped", "span"]
    rule: str
    """The whole rule in words (the site's own words, figures exactly as the source)."""
    start: StartCoverage
    hold_weeks_range: tuple[int, int] | None
    """IIM: the start dose is held this long before the taper (clinician picks; required)."""
    stages: tuple[Stage, ...] = ()
    span_days_range: tuple[int, int] | None = None
    """IGM: the withdrawal lasts this many days in all (clinician picks; required)."""
    default_step_mg: float | None = None
    """IGM: the even dose step the tool uses unless told otherwise (the tool's choice, stated)."""
    spacing_note: str | None = None

    @property
    def source(self):
        return ALL_SOURCES[self.source_id]

    def options(self) -> tuple[str, ...]:
        return tuple(s.option for s in self.stages if s.option)


def _pair(figure) -> tuple[float, float]:
    return (figure.low, figure.high)


def _ints(figure) -> tuple[int, int]:
    return (int(figure.low), int(figure.high))


_NO_JDM_TAPER = "the sources give no taper for juvenile dermatomyositis, so none is computed"
_IIM_HOLD = _ints(guidance.IIM_PRED_HOLD)
_IIM_TYPICAL = _pair(guidance.IIM_PRED_TYPICAL)
_IIM_PER_KG = _pair(guidance.IIM_PRED_PER_KG)

IIM_S002_FIXED_STEPS = Protocol(
    id="iim-s002-fixed-steps",
    name="IIM prednisone taper, fixed steps (S002)",
    disease="IIM",
    population=adults("IIM", ("S002",), elsewhere=_NO_JDM_TAPER),
    drug="prednisone",
    source_id="S002",
    kind="stepped",
    rule=("Hold the initial dose for 2-4 weeks, then 60 -> 40 -> 30 -> 25 -> 20 mg/day, each dose for "
          "2 weeks; below 20 mg/day, lower by 2.5 mg every 2 weeks until stopped."),
    start=StartCoverage(
        typed_mg=(60, 60),
        per_kg_mg=(60, 60),
        per_kg_range=_IIM_PER_KG,
        why=("S002 lists its ladder from 60 mg/day; it gives no step from 80, 70 or 50 mg/day, so only a "
             "start of 60 mg/day is covered (for other start doses use iim-s003-rule-based)"),
    ),
    hold_weeks_range=_IIM_HOLD,
    stages=(
        Stage(ceiling_mg=60, floor_mg=40, step_mg=20, interval_weeks=2, rule="60 -> 40 mg/day, every 2 weeks"),
        Stage(ceiling_mg=40, floor_mg=30, step_mg=10, interval_weeks=2, rule="40 -> 30 mg/day, every 2 weeks"),
        Stage(ceiling_mg=30, floor_mg=25, step_mg=5, interval_weeks=2, rule="30 -> 25 mg/day, every 2 weeks"),
        Stage(ceiling_mg=25, floor_mg=20, step_mg=5, interval_weeks=2, rule="25 -> 20 mg/day, every 2 weeks"),
        Stage(ceiling_mg=20, floor_mg=0, step_mg=2.5, interval_weeks=2,
              rule="below 20 mg/day: minus 2.5 mg every 2 weeks until stopped"),
    ),
)

IIM_S003_RULE_BASED = Protocol(
    id="iim-s003-rule-based",
    name="IIM prednisone taper, rule-based (S003)",
    disease="IIM",
    population=adults("IIM", ("S003",), elsewhere=_NO_JDM_TAPER),
    drug="prednisone",
    source_id="S003",
    kind="stepped",
    rule=("Hold the initial dose for 2-4 weeks, then lower by 10 mg every 2 weeks down to 30 mg/day, by 5 mg "
          "every 2 weeks down to 20 mg/day, then by 2.5 mg every 2 weeks until stopped; optionally, from "
          "10 mg/day, by 1 mg every 2-4 weeks until stopped."),
    start=StartCoverage(
        typed_mg=_IIM_TYPICAL,
        per_kg_mg=(20, _IIM_TYPICAL[1]),
        per_kg_range=_IIM_PER_KG,
        why=("S003 starts prednisone at 0.5-1 mg/kg/day, typically 60-80 mg/day, with no maximum; this tool takes "
             "a start typed without a weight in 60-80 mg/day and a start from weight x mg/kg in 20-80 mg/day "
             "(tool choices: no initial prednisone above 80 mg/day, the same ceiling the initial prednisone "
             "calculator applies; below 20 mg/day is not a high initial dose)"),
        why_kind="tool_choice",
        why_rests_on=("pred_start_ceiling", "taper_typed_start", "taper_start_floor"),
    ),
    hold_weeks_range=_IIM_HOLD,
    stages=(
        Stage(ceiling_mg=_IIM_TYPICAL[1], floor_mg=30, step_mg=10, interval_weeks=2,
              rule="minus 10 mg every 2 weeks down to 30 mg/day"),
        Stage(ceiling_mg=30, floor_mg=20, step_mg=5, interval_weeks=2,
              rule="minus 5 mg every 2 weeks down to 20 mg/day"),
        Stage(ceiling_mg=10, floor_mg=0, step_mg=1, interval_weeks_range=(2, 4), option="slow-1mg-from-10mg",
              rule="option: from 10 mg/day, minus 1 mg every 2-4 weeks until stopped"),
        Stage(ceiling_mg=20, floor_mg=0, step_mg=2.5, interval_weeks=2,
              rule="minus 2.5 mg every 2 weeks until stopped"),
    ),
)

_IGM_DAILY = _pair(guidance.IGM_PRED_DAILY)

IGM_S000_WITHDRAWAL = Protocol(
    id="igm-s000-withdrawal",
    name="IGM prednisolone withdrawal (S000)",
    disease="IGM",
    population=adults("IGM", ("S000",)),
    drug="prednisolone",
    source_id="S000",
    kind="span",
    rule=("From low-dose prednisolone (10-20 mg/day), withdraw slowly over 6-14 days when stopping; the "
          "source gives the span, not the steps."),
    start=StartCoverage(
        typed_mg=_IGM_DAILY,
        per_kg_mg=None,
        per_kg_range=None,
        why="S000 withdraws prednisolone from 10-20 mg/day; it doses by the day, not by weight",
    ),
    hold_weeks_range=None,
    span_days_range=_ints(guidance.IGM_WITHDRAWAL),
    default_step_mg=5,
    spacing_note=("Even steps are this tool's choice within the source's 6-14 day span: S000 gives the span, "
                  "not the steps. The first day is the first reduced dose; the day after the last is the first "
                  "day without prednisolone. Where the days do not divide evenly, the later (lower) doses get "
                  "the extra day."),
)

PROTOCOLS: dict[str, Protocol] = {p.id: p for p in (IIM_S002_FIXED_STEPS, IIM_S003_RULE_BASED, IGM_S000_WITHDRAWAL)}

STRENGTH_PRESETS: dict[str, tuple[Drug, tuple[float, ...]]] = {
    "prednisone": ("prednisone", (1, 2.5, 5, 10, 20, 50)),
    "prednisolone": ("prednisolone", (1, 2.5, 5)),
}
"""Named sets of tablet strengths on hand (mg). A setting of the pharmacy, not of the sources."""
