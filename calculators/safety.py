"""Safety checks on a whole treatment plan: what the sources require before and during it.

:func:`check_plan` takes the disease, the steroid-sparing and other agents,
the corticosteroid courses (a :class:`SteroidCourse`, or any object shaped
like the taper engine's schedule: ``.drug`` and ``.periods`` of
``start``/``end``/``daily_dose_mg``) and what is known about the patient,
and returns a :class:`SafetyReport` whose items each carry a severity, the
rule in the site's own words and its source. The rules are a table
(:data:`RULES`), not an if-chain; each rule's condition is one small
function of the plan's facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal, Protocol, get_args, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import guidance as g
from ._model import Bounds, CalcInput, LaxDate
from .caps import WeeklyMethotrexateBounds
from .choices import PJP_MULTIPLE_MIN_AGENTS, PRED_START_CEILING_MG, TOOL_CHOICES
from .drug_safety import STATEMENTS
from .errors import InputError, Problem
from .messages import number_text, say
from .regimens.recipe import check_recipe, compile_recipe, condition, holds, problems, run_steps
from .sources import CPIC_THIOPURINE_2018, MTX_INTERACTIONS, TERATOGEN_LABELLING
from .statements import Kind, check_basis
from .steroids import EQUIVALENT_DOSE_MG, Steroid

Severity = Literal["required", "consider", "warning", "contraindication"]
Scope = Literal["IIM", "IGM", "drug"]
Disease = Literal["IIM", "IGM", "JDM"]
Tpmt = Literal["normal", "intermediate", "low-absent", "unknown"]
"""A TPMT result as the azathioprine dose calculator takes it (``unknown``: not known yet)."""
Agent = Literal["methotrexate", "azathioprine", "mycophenolate", "ivig", "rituximab", "cyclophosphamide",
                "cyclosporine", "tacrolimus"]

STEROID_SPARING: frozenset[str] = frozenset({"methotrexate", "azathioprine", "mycophenolate"})
"""First-line steroid-sparing agents of S002/S003 (and S000 for IGM)."""
IMMUNOSUPPRESSANTS: frozenset[str] = frozenset({"methotrexate", "azathioprine", "mycophenolate", "rituximab",
                                                "cyclophosphamide", "cyclosporine", "tacrolimus"})
"""Agents counted towards 'multiple immunosuppressants' (S002), with any corticosteroid. IVIG is not counted:
it is not an immunosuppressant."""
DAILY_DOSE_MG = Bounds(0, 5000, "mg/day")


# --- steroid courses ---------------------------------------------------------------------------

@runtime_checkable
class PeriodLike(Protocol):
    start: dt.date
    end: dt.date
    daily_dose_mg: float


@runtime_checkable
class ScheduleLike(Protocol):
    """What the taper engine's schedule offers (duck-typed: any object with these attributes)."""

    drug: str
    periods: Sequence[PeriodLike]


class SteroidPeriod(CalcInput):
    """Days at one daily corticosteroid dose [mg/day], dates inclusive."""

    start: LaxDate
    end: LaxDate
    """Last day, inclusive."""
    daily_dose_mg: Annotated[float, DAILY_DOSE_MG]

    @model_validator(mode="after")
    def _ordered(self) -> SteroidPeriod:
        if self.end < self.start:
            raise InputError("end", self.end.isoformat(), say("safety.period.allowed", start=self.start.isoformat()),
                             reason=say("safety.period.before_start"))
        return self


class SteroidCourse(CalcInput):
    """A corticosteroid course: the drug and its periods at a daily dose."""

    drug: Steroid
    periods: tuple[SteroidPeriod, ...] = Field(min_length=1)


def as_course(item: Any) -> SteroidCourse:
    """A :class:`SteroidCourse` from itself, a mapping, or any object shaped like a taper schedule."""
    if isinstance(item, SteroidCourse):
        return item
    if isinstance(item, Mapping):
        periods = [p if isinstance(p, SteroidPeriod) else SteroidPeriod(**p) for p in item.get("periods", ())]
        return SteroidCourse(drug=item.get("drug"), periods=tuple(periods))
    if hasattr(item, "drug") and hasattr(item, "periods"):
        periods = tuple(SteroidPeriod(start=p.start, end=p.end, daily_dose_mg=float(p.daily_dose_mg))
                        for p in item.periods)
        return SteroidCourse(drug=str(item.drug).lower(), periods=periods)
    raise InputError("steroids", item, say("safety.course.allowed"), reason=say("safety.course.reason"))


def prednisone_equivalent_by_day(courses: Iterable[SteroidCourse]) -> dict[dt.date, float]:
    """Total prednisone-equivalent mg on each day, summed over overlapping courses (steroid equivalence table).

    Parameters
    ----------
    courses : iterable of SteroidCourse
        The corticosteroid courses [record].
    """
    by_day: dict[dt.date, float] = {}
    for course in courses:
        factor = EQUIVALENT_DOSE_MG["prednisone"] / EQUIVALENT_DOSE_MG[course.drug]
        for period in course.periods:
            day = period.start
            while day <= period.end:
                by_day[day] = by_day.get(day, 0.0) + period.daily_dose_mg * factor
                day += dt.timedelta(days=1)
    return by_day


@dataclass(frozen=True)
class Run:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def runs_at_or_above(by_day: Mapping[dt.date, float], threshold_mg: float) -> list[Run]:
    """Consecutive runs of days whose dose is at or above ``threshold_mg``.

    Parameters
    ----------
    by_day : mapping of date to float
        Prednisone-equivalent dose on each day [mg/day].
    threshold_mg : float
        The dose a run is at or above [mg/day].
    """
    runs: list[Run] = []
    for day in sorted(d for d, mg in by_day.items() if mg >= threshold_mg):
        if runs and runs[-1].end + dt.timedelta(days=1) == day:
            runs[-1] = Run(runs[-1].start, day)
        else:
            runs.append(Run(day, day))
    return runs


def holds_at_or_above(by_day: Mapping[dt.date, float], threshold_mg: float) -> list[Run]:
    """Runs of consecutive days at or above ``threshold_mg`` during which the dose never falls.

    A taper step ends a hold: S002's limit is on *continuing* a high dose, so
    the source's own taper from 60 mg (still above 0.5 mg/kg for many weights)
    is not flagged, while a dose held unchanged for 6 weeks is.

    Parameters
    ----------
    by_day : mapping of date to float
        Prednisone-equivalent dose on each day [mg/day].
    threshold_mg : float
        The dose a hold is at or above [mg/day].
    """
    runs: list[Run] = []
    previous: float | None = None
    for day in sorted(d for d, mg in by_day.items() if mg >= threshold_mg):
        dose = by_day[day]
        if runs and runs[-1].end + dt.timedelta(days=1) == day and previous is not None and dose >= previous:
            runs[-1] = Run(runs[-1].start, day)
        else:
            runs.append(Run(day, day))
        previous = dose
    return runs


def high_dose_mg(weight_kg: float) -> float:
    """The daily prednisone-equivalent dose that counts as high for the hold check [mg/day].

    S002's 0.5 mg/kg/day, or the tool's initial ceiling (``pred_start_ceiling``) when that is lower: the dose
    calculator and the taper cap a heavy patient's start there, so a hold at the ceiling is a hold at high
    dose (clinical review D3; the reading is the tool's, ``high_dose_hold``).

    Parameters
    ----------
    weight_kg : float
        Body weight [kg].
    """
    return min(g.IIM_PRED_PER_KG.low * weight_kg, PRED_START_CEILING_MG)


# --- plan --------------------------------------------------------------------------------------

class PlanAgent(CalcInput):
    """One agent of a plan; for methotrexate, its weekly dose [mg] and frequency."""

    drug: Agent
    mg_per_week: Annotated[float | None, WeeklyMethotrexateBounds(
        0.001, g.MTX_WEEKLY_CAP.value, "mg once weekly", kind="tool_choice", rests_on=("mtx_weekly_cap",))] = None
    """Methotrexate only: the weekly dose."""
    frequency: str | None = None
    """Methotrexate only: ``once weekly``, the only frequency accepted (any other, 'daily' among them, is
    refused, and the refusal never offers it)."""

    @model_validator(mode="after")
    def _methotrexate_weekly(self) -> PlanAgent:
        if self.drug != "methotrexate" and (self.mg_per_week is not None or self.frequency is not None):
            raise InputError("mg_per_week", self.mg_per_week, say("safety.agent.only_mtx"),
                             reason=say("safety.agent.not_input", drug=self.drug))
        if self.drug == "methotrexate" and self.frequency is not None and self.frequency != "once weekly":
            reason = say("safety.mtx.no_daily" if self.frequency == "daily" else "safety.mtx.not_frequency")
            raise InputError("frequency", self.frequency, "'once weekly'", reason=reason, source="S002")
        return self


class PlanFacts(CalcInput):
    disease: Disease
    agents: tuple[PlanAgent, ...] = ()
    weight_kg: Annotated[float | None, Bounds(2, 350, "kg")] = None
    pregnant: bool | None = None
    planning_pregnancy: bool | None = None
    childbearing_potential: bool | None = None
    osteoporosis: bool | None = None
    tpmt: Tpmt | None = None
    live_vaccine_planned: bool = False
    tuberculosis_excluded: bool | None = None


class SafetyItem(BaseModel):
    """One thing the plan needs, with its severity, its kind of statement and the disease it comes from.

    ``kind`` and ``rests_on`` follow :mod:`calculators.statements`: a ``source`` item rests on S000-S003 and
    its severity follows the source's wording; a ``tool_choice`` item rests on a declared tool choice.
    ``choices`` lists the tool choices used to apply a source's rule (the reading of 'multiple', say).
    ``scope`` says whose guidance it is: ``IIM``, ``IGM``, or ``drug`` for a rule about the drug itself, which
    applies to every plan with the drug; ``carried_over`` when the plan's disease is not the one its source is
    about (an IIM source's rule on an IGM plan, or S000's on an IIM or juvenile DM plan).
    """

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    sources: tuple[str, ...]
    """Guideline sources the item names (for a tool choice: the sources around the gap it fills)."""
    kind: Kind
    rests_on: tuple[str, ...]
    choices: tuple[str, ...] = ()
    scope: Scope
    carried_over: bool = False

    @model_validator(mode="after")
    def _basis_fits_kind(self) -> SafetyItem:
        check_basis(self.kind, self.rests_on)
        if self.choices:
            check_basis("tool_choice", self.choices)
        return self


class SafetyReport(BaseModel):
    """Every item the plan needs, with the facts the checks measured."""

    model_config = ConfigDict(frozen=True)

    items: tuple[SafetyItem, ...]
    longest_run_days_at_pjp_dose: int
    """Longest run of consecutive days at or above the Pneumocystis threshold (prednisone equivalent)."""
    immunosuppressant_count: int
    notes: tuple[str, ...] = ()

    def codes(self) -> list[str]:
        return [item.code for item in self.items]

    def by_code(self, code: str) -> SafetyItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Facts:
    """What the rules look at, computed once from the plan."""

    plan: PlanFacts
    drugs: frozenset[str]
    has_steroid: bool
    pjp_run_days: int
    high_dose_run_days: int | None
    immunosuppressants: int


IIM_HOME = ("IIM", "JDM")
"""Where the IIM sources' rules are at home (S002 and S003 are about IIM, juvenile DM among it)."""


CARRIED_BASIS = ("carried_over",)
"""What an item carried over to another disease rests on: the tool choice ``carried_over``."""


@dataclass(frozen=True)
class Rule:
    """A row of the rule table: when it applies, what it says, and what the statement rests on.

    ``diseases`` are the plans it applies to. ``scope`` is ``IIM`` or ``IGM`` for disease guidance, or
    ``drug`` for a rule about the drug itself, which a plan of another disease than its source's (``home``)
    carries over (and says so). ``kind`` is ``source`` unless the rule is a tool choice; ``choices`` are the
    tool choices used to apply a source's rule.
    """

    code: str
    severity: Severity
    when: str
    """When the rule applies: an expression of the recipe language (docs/editors/expressions.md) over the
    names of :func:`fact_names`; exported as its tree, so the safety checks page runs the same condition."""
    parts: Callable[[Facts], tuple[Part, ...]]
    """The message as templates of :mod:`calculators.messages` and their values (see :func:`message_text`)."""
    sources: tuple[str, ...]
    diseases: tuple[str, ...] = ("IIM", "JDM", "IGM")
    scope: Scope = "IIM"
    kind: Kind = "source"
    choices: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    """The named outside references a ``reference`` rule rests on (``sources`` then names the guideline
    sources around it: those that name the drugs it is about)."""
    home: tuple[str, ...] = IIM_HOME
    """The plans the rule's sources are about; a ``drug`` rule on any other plan is carried over."""

    def carried_to(self, disease: str) -> bool:
        """Whether the rule is carried over to a plan of ``disease`` (an outside reference never is)."""
        return self.scope == "drug" and self.kind != "reference" and disease not in self.home

    def applies(self, facts: Facts) -> bool:
        """Whether the rule's condition holds for these facts."""
        return holds(condition(self.when), fact_names(facts))

    def kind_on(self, disease: str) -> Kind:
        """The item's kind on a plan of ``disease``: carried over from another disease's sources, the tool's choice
        ``carried_over`` (its text names the source), never the source's label (clinical review 5 W2).
        """
        return "tool_choice" if self.carried_to(disease) else self.kind

    def rests_on_for(self, disease: str) -> tuple[str, ...]:
        """What the item rests on for a plan of ``disease`` (see :meth:`kind_on`)."""
        return CARRIED_BASIS if self.carried_to(disease) else self.rests_on()

    def rests_on(self) -> tuple[str, ...]:
        if self.kind == "reference":
            return self.references
        return self.sources if self.kind == "source" else self.choices[:1]

    def message(self, facts: Facts) -> str:
        """The rule's sentence for these facts."""
        return message_text(self.parts(facts))


Part = tuple[str, Mapping[str, str]]
"""One template of a message (a key of :data:`calculators.messages.TEMPLATES`) and its filled-in values."""

LIVE_FIELDS = ("pjp_run_days", "high_dose_run_days", "immunosuppressants")
"""Template fields the taper page measures itself (the package exports every other value filled in)."""


def _t(key: str, **values: Callable[[Facts], str] | str) -> Callable[[Facts], tuple[Part, ...]]:
    """A message that is template ``safety.<key>``, its values given as text or as functions of the facts."""
    return lambda f: ((f"safety.{key}", {k: v(f) if callable(v) else v for k, v in values.items()}),)


PJP_WEEKS_DAYS = int(g.PJP_STEROID_WEEKS.value * 7)
HIGH_DOSE_MAX_DAYS = int(g.IIM_PRED_HOLD.high * 7)
THRESHOLDS = {"PJP_DAYS": PJP_WEEKS_DAYS, "PJP_MIN_AGENTS": PJP_MULTIPLE_MIN_AGENTS,
              "HIGH_DOSE_MAX_DAYS": HIGH_DOSE_MAX_DAYS}
"""The thresholds the rules' conditions name."""
IIM_PLANS = ("IIM", "JDM")
IGM_AGENTS = frozenset({"methotrexate", "azathioprine"})
"""Steroid-sparing agents the IGM sources name (S000); infliximab is named but not an input here."""
TERATOGENS: frozenset[str] = frozenset({"mycophenolate", "cyclophosphamide"})
"""Agents whose labelling names them as major teratogens; how long contraception lasts after stopping is
template ``safety.teratogen.after.<drug>`` (:data:`calculators.sources.TERATOGEN_LABELLING`; S000-S003 are
silent on them in pregnancy)."""


def _teratogens(f: Facts) -> list[str]:
    return sorted(f.drugs & TERATOGENS)


PLAN_FACTS = ("disease", "pregnant", "planning_pregnancy", "childbearing_potential", "osteoporosis", "tpmt",
              "tuberculosis_excluded", "live_vaccine_planned")
"""What is known about the patient, by the names the rules' conditions read."""


ALL_AGENTS: tuple[str, ...] = tuple(sorted(get_args(Agent)))
FACT_CONSTANTS: dict[str, list[str]] = {
    "AGENTS": list(ALL_AGENTS), "STEROID_SPARING": sorted(STEROID_SPARING),
    "IMMUNOSUPPRESSANTS": sorted(IMMUNOSUPPRESSANTS), "OUTSIDE_IGM": sorted(set(ALL_AGENTS) - IGM_AGENTS),
    "TERATOGENS": sorted(TERATOGENS)}
"""The agent lists the facts are read from, sorted (a fact list keeps their order)."""
FACT_STEPS: list[dict[str, Any]] = [{"let": {
    "drugs": "=which(AGENTS)",
    "sparing": "=which(STEROID_SPARING)",
    "outside_igm": "=which(OUTSIDE_IGM)",
    "teratogens": "=which(TERATOGENS)",
    "immunosuppressants": "=count(which(IMMUNOSUPPRESSANTS)) + (1 if has_steroid else 0)"}}]
"""The facts of a plan that its agents make (each agent a name, true when it is in the plan), as recipe steps:
run here by `fact_names` and exported to the safety checks page, which runs them on its own ticks.
``drugs``, ``sparing`` (the first-line steroid-sparing agents), ``outside_igm`` (the agents the IGM sources
do not name) and ``teratogens`` are sorted lists; ``immunosuppressants`` counts any corticosteroid as one."""
_FACT_STEPS = compile_recipe(FACT_STEPS)


def fact_names(f: Facts) -> dict[str, Any]:
    """The names a rule's condition reads, as the safety checks page (live/safety.js) gives them.

    The measured facts, the plan's `PLAN_FACTS`, the thresholds and what `FACT_STEPS` makes of the agents.

    Parameters
    ----------
    f : Facts
        What the checks measured of the plan [record].
    """
    scope = {agent: agent in f.drugs for agent in ALL_AGENTS}
    scope.update({"has_steroid": f.has_steroid, "pjp_run_days": f.pjp_run_days,
                  "high_dose_run_days": f.high_dose_run_days, **{k: getattr(f.plan, k) for k in PLAN_FACTS},
                  **THRESHOLDS, **FACT_CONSTANTS})
    return run_steps(_FACT_STEPS, scope, compiled=True)


def _teratogen_names(f: Facts) -> str:
    names = _teratogens(f)
    return (" and ".join(names)).capitalize() if names else ""


def _teratogen_after(f: Facts) -> str:
    return "; ".join(say(f"safety.teratogen.after.{d}") for d in _teratogens(f))


PLAN_NAMES = {"IIM": "IIM", "JDM": "juvenile DM", "IGM": "IGM"}


def _carried_part(src: str, home: tuple[str, ...], disease: str) -> tuple[Part, ...]:
    """The carried-over sentence for a plan whose disease is not the rule's ``home``: none at home."""
    if disease in home:
        return ()
    ids = src.split(", ")
    src = f"source {src}" if len(ids) == 1 else f"sources {' and '.join(ids)}"  # "the IIM sources S002 and S003"
    if home == IIM_HOME:
        return (("safety.carried", {"src": src}),)
    return (("safety.carried.igm_source", {"src": src, "plan": PLAN_NAMES[disease]}),)


def _carried(key: str, src: str, home: tuple[str, ...] = IIM_HOME) -> Callable[[Facts], tuple[Part, ...]]:
    """A drug rule's message, with the carried-over sentence on a plan of another disease than ``home``."""
    def parts(f: Facts) -> tuple[Part, ...]:
        return ((f"safety.{key}", {}), *_carried_part(src, home, f.plan.disease))
    return parts


def _carried_t(key: str, src: str, **values: Callable[[Facts], str] | str) -> Callable[[Facts], tuple[Part, ...]]:
    """Template ``safety.<key>`` with its values, and the carried-over sentence on an IGM plan."""
    def parts(f: Facts) -> tuple[Part, ...]:
        return _t(key, **values)(f) + _carried_part(src, IIM_HOME, f.plan.disease)
    return parts


def _tmp_smx(f: Facts) -> tuple[Part, ...]:
    """The interaction (an outside reference), and on an IGM plan where the prophylaxis it is about comes from."""
    return (("safety.mtx.tmp_smx", {}),) + ((("safety.mtx.tmp_smx.igm", {}),) if f.plan.disease == "IGM" else ())


def _planning_pregnancy(f: Facts) -> tuple[Part, ...]:
    more: tuple[Part, ...] = ()
    if f.plan.disease == "IIM":
        more = (("safety.mtx.planning_pregnancy.iim", {}),)
    elif f.plan.disease == "IGM":
        more = (("safety.carried", {"src": "S002"}),)
    return (("safety.mtx.planning_pregnancy", {}), *more)


def _count(name: str) -> Callable[[Facts], str]:
    return lambda f: number_text(getattr(f, name))


def _statement_rule(name: str) -> Rule:
    """The plan check of drug statement ``name`` (`calculators.drug_safety`): the very sentence its dose results
    say, on every plan with the drug (an outside reference: never carried over, whatever the disease).
    """
    s = STATEMENTS[name]
    if s.plan != "same":
        raise ValueError(f"drug statement {name!r} is said by the hand-written rule {s.plan!r}")
    drugs = " or ".join(f"{d!r} in drugs" for d in s.drugs)
    when = f"({drugs}) and ({s.when})" if s.when else drugs
    part: tuple[Part, ...] = ((s.result, {}),)
    return Rule(s.code, s.severity, when, lambda f: part, s.sources, scope="drug", kind="reference",
                references=s.references)


def message_text(parts: Sequence[Part]) -> str:
    """The sentence a rule's parts make: each template filled, one after the other."""
    return "".join(say(key, **values) for key, values in parts)


MULTIPLE_READING = TOOL_CHOICES["pjp_multiple"].text

RULES: tuple[Rule, ...] = (
    # --- rules about corticosteroid itself (its dose and time, bone): carried over to IGM, saying so -------
    Rule("pjp.steroid", "consider", "pjp_run_days >= PJP_DAYS",
         _carried_t("pjp.steroid", "S003", pjp_run_days=_count("pjp_run_days"), dose=g.PJP_STEROID_DOSE.text(),
                    weeks=g.PJP_STEROID_WEEKS.text()), g.PJP_STEROID_DOSE.sources, scope="drug",
         choices=("steroid_equivalents",)),
    Rule("bone.dexa", "required", "has_steroid", _carried("bone.dexa", "S002, S003"), ("S002", "S003"),
         scope="drug"),
    Rule("bone.bisphosphonate", "required", "has_steroid and osteoporosis",
         _carried("bone.bisphosphonate", "S002, S003"), ("S002", "S003"), scope="drug"),
    Rule("bone.bisphosphonate_if", "consider", "has_steroid and osteoporosis is None",
         _carried("bone.bisphosphonate_if", "S002, S003"), ("S002", "S003"), scope="drug"),
    # --- IIM management (S002, S003): not applied to IGM plans --------------------------------------
    Rule("pjp.multiple", "required",
         "immunosuppressants >= PJP_MIN_AGENTS",
         _t("pjp.multiple", immunosuppressants=_count("immunosuppressants"), reading=MULTIPLE_READING),
         ("S002",), IIM_PLANS, choices=("pjp_multiple",)),
    # vaccines and immunosuppression: about the drugs, so carried over to IGM plans and saying so (review M4)
    Rule("vaccines.update", "required", "immunosuppressants >= 1",
         _carried("vaccines.update", "S002, S003"), ("S002", "S003"), scope="drug"),
    Rule("vaccines.no_live", "warning", "immunosuppressants >= 1 and not live_vaccine_planned",
         _carried("vaccines.no_live", "S003"), ("S003",), scope="drug"),
    Rule("vaccines.live_planned", "contraindication",
         "immunosuppressants >= 1 and live_vaccine_planned",
         _carried("vaccines.live_planned", "S003"), ("S003",), scope="drug"),
    Rule("steroid.monotherapy_iim", "warning", "has_steroid and not sparing",
         _t("steroid.monotherapy_iim", failure=g.IIM_MONOTHERAPY_FAILURE.text()), ("S002",), IIM_PLANS),
    Rule("steroid.high_dose_duration", "warning",
         "high_dose_run_days is not None and high_dose_run_days > HIGH_DOSE_MAX_DAYS",
         _t("steroid.high_dose_duration", per_kg=number_text(g.IIM_PRED_PER_KG.low),
            ceiling=f"{number_text(PRED_START_CEILING_MG)} mg/day", high_dose_run_days=_count("high_dose_run_days"),
            hold=g.IIM_PRED_HOLD.text()),
         g.IIM_PRED_HOLD.sources, ("IIM",), choices=("high_dose_hold", "pred_start_ceiling")),
    Rule("steroid.high_dose_unknown", "consider", "has_steroid and high_dose_run_days is None",
         _t("steroid.high_dose_unknown"), ("S002", "S003"), ("IIM",), choices=("high_dose_hold",)),
    # The 2-4 week hold is the adult IIM rule; for juvenile DM the sources give the dose and cap only.
    Rule("steroid.hold_jdm_silent", "consider", "has_steroid",
         _t("steroid.hold_jdm_silent", per_kg=g.JDM_PRED_PER_KG.text(), cap=g.JDM_PRED_CAP.text(),
            hold=g.IIM_PRED_HOLD.text()), ("S002", "S003"), ("JDM",)),
    Rule("aza.pregnancy_preferred", "consider",
         "planning_pregnancy and 'azathioprine' not in drugs",
         _t("aza.pregnancy_preferred"), ("S002",), ("IIM",)),
    Rule("cni.reserved", "warning", "'cyclosporine' in drugs or 'tacrolimus' in drugs",
         _t("cni.reserved"), ("S002",), IIM_PLANS),
    # --- an interaction no source mentions: the prophylaxis S002/S003 name, with methotrexate, on every plan
    # whose checks suggest that prophylaxis (an IGM plan: S003's dose and time rule, carried over) -------
    Rule("mtx.tmp_smx", "warning",
         "'methotrexate' in drugs and (pjp_run_days >= PJP_DAYS"
         " or (immunosuppressants >= PJP_MIN_AGENTS and disease != 'IGM'))",
         _tmp_smx, ("S002", "S003"), scope="drug", kind="reference", references=(MTX_INTERACTIONS.id,)),
    Rule("mtx.folic_acid", "required", "'methotrexate' in drugs",
         _t("mtx.folic_acid", folic=g.IIM_FOLIC.number_text()), g.IIM_FOLIC.sources, ("IIM",)),
    Rule("mtx.folic_acid_jdm", "consider", "'methotrexate' in drugs",
         _t("mtx.folic_acid_jdm"), ("S002", "S003"), ("JDM",)),
    # --- rules about the drug itself: IIM sources, carried over to IGM and saying so ----------------
    Rule("mtx.hepatitis", "required", "'methotrexate' in drugs",
         _carried("mtx.hepatitis", "S002"), ("S002",), scope="drug"),
    Rule("mtx.liver", "required", "'methotrexate' in drugs",
         _carried("mtx.liver", "S002"), ("S002",), scope="drug"),
    Rule("mtx.contraception", "required",
         "'methotrexate' in drugs and childbearing_potential is not False and not pregnant",
         _carried("mtx.contraception", "S002"), ("S002",), scope="drug"),
    Rule("mtx.pregnancy", "contraindication", "'methotrexate' in drugs and pregnant",
         _carried("mtx.pregnancy", "S002"), ("S002",), scope="drug", kind="tool_choice",
         choices=("mtx_pregnancy",)),
    Rule("mtx.planning_pregnancy", "warning",
         "'methotrexate' in drugs and planning_pregnancy",
         _planning_pregnancy, ("S002",), scope="drug"),
    # --- teratogens the sources do not call teratogens: product labelling, on every plan ----------------
    Rule("teratogen.pregnancy", "contraindication", "teratogens and pregnant",
         _t("teratogen.pregnancy", teratogens=_teratogen_names), ("S002",), scope="drug", kind="reference",
         references=(TERATOGEN_LABELLING.id,)),
    Rule("teratogen.contraception", "required",
         "teratogens and childbearing_potential is not False and not pregnant",
         _t("teratogen.contraception", teratogens=_teratogen_names, after=_teratogen_after), ("S002",), scope="drug",
         kind="reference", references=(TERATOGEN_LABELLING.id,)),
    # pregnancy entered and no rule above speaks of it: silence would read as "no concern" (clinical review 5 M8)
    Rule("pregnancy.no_advice", "consider",
         "pregnant and (has_steroid or drugs) and not ('methotrexate' in drugs) and not teratogens"
         " and not (has_steroid and disease == 'IGM')",
         _t("pregnancy.no_advice"), ("S000", "S001", "S002", "S003"), scope="drug", kind="tool_choice",
         choices=("pregnancy_no_advice",), home=("IIM", "JDM", "IGM")),
    Rule("aza.tpmt", "required", "'azathioprine' in drugs and (tpmt is None or tpmt == 'unknown')",
         _carried("aza.tpmt", "S002, S003"), g.IIM_AZA_PER_KG_IBW.sources, scope="drug"),
    # what to do with a known TPMT result: the sources ask for it but do not say; CPIC does (review M3)
    Rule("aza.tpmt_low", "contraindication", "'azathioprine' in drugs and tpmt == 'low-absent'",
         _t("aza.tpmt_low"), g.IIM_AZA_PER_KG_IBW.sources, scope="drug", kind="reference",
         references=(CPIC_THIOPURINE_2018.id,)),
    Rule("aza.tpmt_intermediate", "warning", "'azathioprine' in drugs and tpmt == 'intermediate'",
         _t("aza.tpmt_intermediate"), g.IIM_AZA_PER_KG_IBW.sources, scope="drug", kind="reference",
         references=(CPIC_THIOPURINE_2018.id,)),
    # --- what an outside reference says of a drug, said as its dose results say it (calculators.drug_safety;
    # clinical review 4, D1 and D2): on every plan where the drug can be entered ------------------------------
    _statement_rule("rtx.hbv"),
    _statement_rule("aza.xanthine_oxidase"),
    Rule("mtx.folic_acid_igm", "consider", "'methotrexate' in drugs",
         _t("mtx.folic_acid_igm", folic=g.IIM_FOLIC.number_text()), g.IIM_FOLIC.sources, ("IGM",), scope="drug"),
    # --- S000's methotrexate monitoring: about the drug, carried over to IIM and juvenile DM (review D4) ---
    Rule("mtx.monitoring", "required", "'methotrexate' in drugs",
         _carried("mtx.monitoring", "S000", home=("IGM",)), ("S000",), scope="drug", home=("IGM",)),
    # --- IGM guidance (S000, S001) -------------------------------------------------------------------
    Rule("igm.tuberculosis", "required", "has_steroid and tuberculosis_excluded is not True",
         _t("igm.tuberculosis", treatment=g.IGM_TB_TREATMENT.text()), ("S001",), ("IGM",), scope="IGM"),
    Rule("igm.pregnancy", "contraindication", "has_steroid and pregnant",
         _t("igm.pregnancy"), ("S001",), ("IGM",), scope="IGM"),
    Rule("steroid.alone_igm", "consider", "has_steroid and not sparing",
         _t("steroid.alone_igm", alone=g.IGM_CR_STEROID_ALONE.text(), combination=g.IGM_CR_COMBINATION.text()),
         ("S000", "S001"), ("IGM",), scope="IGM"),
    Rule("igm.agent_not_in_sources", "consider", "outside_igm",
         _t("igm.agent_not_in_sources", agents=lambda f: ", ".join(sorted(f.drugs - IGM_AGENTS))),
         ("S000", "S001"), ("IGM",), scope="IGM"),
    Rule("igm.iim_rules_not_applied", "consider", "has_steroid or immunosuppressants >= 1",
         _t("igm.iim_rules_not_applied"), ("S000", "S001"), ("IGM",), scope="IGM", kind="tool_choice",
         choices=("iim_rules_not_igm",)),
)


def _check_conditions() -> None:
    """Refuse, at import, a rule whose condition names something the facts do not have (or does not compile)."""
    check_recipe("safety facts", {"steps": FACT_STEPS}, [*ALL_AGENTS, "has_steroid", *FACT_CONSTANTS])
    names = dict.fromkeys([*fact_names(Facts(plan=PlanFacts(disease="IIM"), drugs=frozenset(), has_steroid=False,
                                             pjp_run_days=0, high_dose_run_days=None, immunosuppressants=0))])
    found = [f"  {r.code}: {r.when!r}: {'; '.join(problems(condition(r.when), names))}" for r in RULES
             if problems(condition(r.when), names)]
    if found:
        raise ValueError("safety rules do not compile:\n" + "\n".join(found))


_check_conditions()


def check_plan(*, disease: str, agents: Sequence[PlanAgent | Mapping[str, Any]] = (),
               steroids: Sequence[Any] = (), weight_kg: float | None = None, pregnant: bool | None = None,
               planning_pregnancy: bool | None = None, childbearing_potential: bool | None = None,
               osteoporosis: bool | None = None, tpmt: str | None = None,
               live_vaccine_planned: bool = False, tuberculosis_excluded: bool | None = None) -> SafetyReport:
    """What the sources require for this plan, each item with severity, source, scope and kind.

    Parameters
    ----------
    disease : str
        ``IIM``, ``IGM`` or ``JDM``: whose rules apply (IIM rules are not applied to IGM plans) [text].
    agents : sequence of PlanAgent or mapping
        The other agents, e.g. ``{"drug": "methotrexate", "mg_per_week": 15}`` [mg once weekly].
    steroids : sequence
        :class:`SteroidCourse`, mappings, or taper schedules (``.drug``, ``.periods`` with
        ``daily_dose_mg`` [mg/day]); compared as prednisone equivalents.
    weight_kg : float, optional
        Body weight [kg], to check time at high dose (0.5 mg/kg/day or more, or the tool's initial prednisone
        ceiling or more, whichever is lower: tool choices ``high_dose_hold``, ``pred_start_ceiling``).
    pregnant, planning_pregnancy, childbearing_potential, osteoporosis : bool, optional
        What is known about the patient [yes/no/unknown].
    tpmt : str, optional
        The TPMT result: ``normal``, ``intermediate``, ``low-absent`` or ``unknown`` [text]; None: not given.
    live_vaccine_planned : bool
        A live vaccine is planned during treatment [yes/no].
    tuberculosis_excluded : bool, optional
        IGM: tuberculosis excluded by cultures [yes/no/unknown].

    Returns
    -------
    SafetyReport
        The items that apply, and the longest run [days] at the Pneumocystis dose.

    Raises
    ------
    InputError
        For an unknown disease or agent, a methotrexate dose above the cap, or a frequency other than once
        weekly.
    """
    agent_models = []
    problems: list[Problem] = []
    for item in agents:
        try:
            agent_models.append(item if isinstance(item, PlanAgent) else PlanAgent(**item))
        except InputError as error:
            problems.extend(error.problems)
        except TypeError:
            problems.append(Problem("agents", item, say("safety.agent.reason"),
                                    say("safety.agent.allowed", example="{'drug': 'azathioprine'}")))
    if problems:
        raise InputError.from_problems(problems)
    plan = PlanFacts(disease=disease, agents=tuple(agent_models), weight_kg=weight_kg, pregnant=pregnant,
                     planning_pregnancy=planning_pregnancy, childbearing_potential=childbearing_potential,
                     osteoporosis=osteoporosis, tpmt=tpmt, live_vaccine_planned=live_vaccine_planned,
                     tuberculosis_excluded=tuberculosis_excluded)
    courses = [as_course(s) for s in steroids]
    by_day = prednisone_equivalent_by_day(courses)
    pjp_runs = runs_at_or_above(by_day, g.PJP_STEROID_DOSE.value)
    high_dose_days = None
    if plan.weight_kg is not None:
        high_runs = holds_at_or_above(by_day, high_dose_mg(plan.weight_kg))
        high_dose_days = max((r.days for r in high_runs), default=0)
    facts = Facts(plan=plan, drugs=frozenset(a.drug for a in plan.agents), has_steroid=bool(courses),
                  pjp_run_days=max((r.days for r in pjp_runs), default=0), high_dose_run_days=high_dose_days,
                  immunosuppressants=0)
    names = fact_names(facts)
    count = names["immunosuppressants"]
    facts = replace(facts, immunosuppressants=count)
    disease = plan.disease
    # a rule carried over from another disease's sources is the tool's choice (carried_over), never labelled with
    # the source's name; its text names the source of the statement (clinical review 5 W2)
    items = tuple(SafetyItem(code=r.code, severity=r.severity, message=r.message(facts), sources=r.sources,
                             kind=r.kind_on(disease), rests_on=r.rests_on_for(disease),
                             choices=r.choices, scope=r.scope, carried_over=r.carried_to(disease))
                  for r in RULES if disease in r.diseases and holds(condition(r.when), names))
    notes = []
    if courses and any(c.drug != "prednisone" for c in courses):
        notes.append(say("taper.plan.prednisone_note"))
    return SafetyReport(items=items, longest_run_days_at_pjp_dose=facts.pjp_run_days,
                        immunosuppressant_count=count, notes=tuple(notes))


def export_rules() -> list[dict[str, Any]]:
    """The rule table as data (code, severity, sources, diseases, scope, kind, choices) for a port."""
    return [{"code": r.code, "severity": r.severity, "sources": list(r.sources), "diseases": list(r.diseases),
             "scope": r.scope, "kind": r.kind, "rests_on": list(r.rests_on()), "choices": list(r.choices)}
            for r in RULES]


__all__ = ["PlanAgent", "SafetyItem", "SafetyReport", "SteroidCourse", "SteroidPeriod", "check_plan",
           "export_rules", "holds_at_or_above", "prednisone_equivalent_by_day", "runs_at_or_above"]
