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
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import guidance as g
from ._model import Bounds, CalcInput, LaxDate
from .caps import WeeklyMethotrexateBounds
from .errors import InputError, Problem
from .steroids import EQUIVALENT_DOSE_MG, Steroid

Severity = Literal["required", "consider", "warning", "contraindication"]
Disease = Literal["IIM", "IGM", "JDM"]
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
    start: LaxDate
    end: LaxDate
    """Last day, inclusive."""
    daily_dose_mg: Annotated[float, DAILY_DOSE_MG]

    @model_validator(mode="after")
    def _ordered(self) -> "SteroidPeriod":
        if self.end < self.start:
            raise InputError("end", self.end.isoformat(), f"{self.start.isoformat()} or later",
                             reason="is before the period's start")
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
    raise InputError("steroids", item, "a SteroidCourse, a mapping, or a schedule with .drug and .periods",
                     reason="is not a steroid course")


def prednisone_equivalent_by_day(courses: Iterable[SteroidCourse]) -> dict[dt.date, float]:
    """Total prednisone-equivalent mg on each day, summed over overlapping courses (steroid equivalence table)."""
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
    """Consecutive runs of days whose dose is at or above ``threshold_mg``."""
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


# --- plan --------------------------------------------------------------------------------------

class PlanAgent(CalcInput):
    drug: Agent
    mg_per_week: Annotated[float | None, WeeklyMethotrexateBounds(
        0.001, g.MTX_WEEKLY_CAP.value, "mg once weekly", source=g.MTX_WEEKLY_CAP.cite())] = None
    """Methotrexate only: the weekly dose."""
    frequency: Literal["once weekly", "daily"] | None = None
    """Methotrexate only: the sources give it once weekly; 'daily' is refused."""

    @model_validator(mode="after")
    def _methotrexate_weekly(self) -> "PlanAgent":
        if self.drug != "methotrexate" and (self.mg_per_week is not None or self.frequency is not None):
            raise InputError("mg_per_week", self.mg_per_week, "only for methotrexate",
                             reason=f"is not an input for {self.drug}")
        if self.drug == "methotrexate" and self.frequency == "daily":
            raise InputError("frequency", "daily", "'once weekly'",
                             reason="methotrexate has no daily option: it is given once weekly",
                             source=g.MTX_WEEKLY_CAP.cite())
        return self


class PlanFacts(CalcInput):
    disease: Disease
    agents: tuple[PlanAgent, ...] = ()
    weight_kg: Annotated[float | None, Bounds(2, 350, "kg")] = None
    pregnant: bool | None = None
    planning_pregnancy: bool | None = None
    childbearing_potential: bool | None = None
    osteoporosis: bool | None = None
    tpmt_known: bool | None = None
    live_vaccine_planned: bool = False
    tuberculosis_excluded: bool | None = None


class SafetyItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    sources: tuple[str, ...]


class SafetyReport(BaseModel):
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


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    applies: Callable[[Facts], bool]
    message: Callable[[Facts], str]
    sources: tuple[str, ...]


def _t(text: str) -> Callable[[Facts], str]:
    return lambda f: text


PJP_WEEKS_DAYS = int(g.PJP_STEROID_WEEKS.value * 7)
HIGH_DOSE_MAX_DAYS = int(g.IIM_PRED_HOLD.high * 7)

RULES: tuple[Rule, ...] = (
    Rule("pjp.steroid", "consider", lambda f: f.pjp_run_days >= PJP_WEEKS_DAYS,
         lambda f: f"Pneumocystis prophylaxis (for example trimethoprim-sulfamethoxazole): the plan has "
         f"{f.pjp_run_days} consecutive days at {g.PJP_STEROID_DOSE.text()} or more (prednisone equivalent), "
         f"which reaches {g.PJP_STEROID_WEEKS.text()}.", g.PJP_STEROID_DOSE.sources),
    Rule("pjp.multiple", "required",
         lambda f: f.immunosuppressants >= g.PJP_IMMUNOSUPPRESSANTS.value,
         lambda f: f"Pneumocystis prophylaxis: {f.immunosuppressants} immunosuppressants together "
         "(corticosteroid counted); the source makes it part of mandatory prophylaxis.",
         g.PJP_IMMUNOSUPPRESSANTS.sources),
    Rule("mtx.hepatitis", "required", lambda f: "methotrexate" in f.drugs,
         _t("Screen for hepatitis B and C before methotrexate."), ("S002",)),
    Rule("mtx.liver", "required", lambda f: "methotrexate" in f.drugs,
         _t("Baseline liver function tests before methotrexate."), ("S002",)),
    Rule("mtx.monitoring", "required", lambda f: "methotrexate" in f.drugs and f.plan.disease == "IGM",
         _t("Monitor methotrexate toxicity: full blood count, liver function tests, renal function."), ("S000",)),
    Rule("mtx.contraception", "required",
         lambda f: "methotrexate" in f.drugs and f.plan.childbearing_potential is not False
         and not f.plan.pregnant,
         _t("Reliable contraception for a woman of childbearing potential: methotrexate is teratogenic."),
         ("S002",)),
    Rule("mtx.pregnancy", "contraindication", lambda f: "methotrexate" in f.drugs and bool(f.plan.pregnant),
         _t("Methotrexate in pregnancy: it is teratogenic."), ("S002",)),
    Rule("mtx.planning_pregnancy", "warning",
         lambda f: "methotrexate" in f.drugs and bool(f.plan.planning_pregnancy),
         _t("Pregnancy planned with methotrexate in the plan: methotrexate is teratogenic; in IIM, azathioprine "
            "is the agent preferred when planning pregnancy."), ("S002",)),
    Rule("aza.pregnancy_preferred", "consider",
         lambda f: f.plan.disease == "IIM" and bool(f.plan.planning_pregnancy) and "azathioprine" not in f.drugs,
         _t("Planning pregnancy: azathioprine is the steroid-sparing agent preferred (IIM)."), ("S002",)),
    Rule("mtx.folic_acid", "required", lambda f: "methotrexate" in f.drugs and f.plan.disease != "IGM",
         lambda f: f"Folic acid {g.IIM_FOLIC.text()} with methotrexate.", g.IIM_FOLIC.sources),
    Rule("mtx.folic_acid_igm", "consider", lambda f: "methotrexate" in f.drugs and f.plan.disease == "IGM",
         lambda f: f"Folic acid: the IGM sources do not mention it; the IIM source gives {g.IIM_FOLIC.text()} "
         "with methotrexate.", g.IIM_FOLIC.sources),
    Rule("aza.tpmt", "required", lambda f: "azathioprine" in f.drugs and f.plan.tpmt_known is not True,
         _t("Check TPMT before azathioprine; no azathioprine dose without the result."), g.IIM_AZA_PER_KG_IBW.sources),
    Rule("bone.dexa", "required", lambda f: f.has_steroid,
         _t("Bone health on corticosteroids: DEXA scan, and calcium and vitamin D supplements."), ("S002", "S003")),
    Rule("bone.bisphosphonate", "required", lambda f: f.has_steroid and bool(f.plan.osteoporosis),
         _t("Osteoporosis present: add a bisphosphonate."), ("S002", "S003")),
    Rule("bone.bisphosphonate_if", "consider", lambda f: f.has_steroid and f.plan.osteoporosis is None,
         _t("Add a bisphosphonate if the DEXA scan shows osteoporosis."), ("S002", "S003")),
    Rule("vaccines.update", "required", lambda f: f.immunosuppressants >= 1,
         _t("Update vaccines before starting immunosuppression."), ("S002", "S003")),
    Rule("vaccines.no_live", "warning", lambda f: f.immunosuppressants >= 1 and not f.plan.live_vaccine_planned,
         _t("No live vaccines once on immunosuppressive therapy."), ("S003",)),
    Rule("vaccines.live_planned", "contraindication", lambda f: f.immunosuppressants >= 1 and f.plan.live_vaccine_planned,
         _t("A live vaccine is planned during immunosuppressive therapy: avoid live vaccines."), ("S003",)),
    Rule("igm.tuberculosis", "required",
         lambda f: f.plan.disease == "IGM" and f.has_steroid and f.plan.tuberculosis_excluded is not True,
         lambda f: "Exclude tuberculosis (cultures) before corticosteroids: tuberculous mastitis needs "
         f"{g.IGM_TB_TREATMENT.text()} of antituberculous treatment, not immunosuppression.", ("S001",)),
    Rule("igm.pregnancy", "contraindication", lambda f: f.plan.disease == "IGM" and f.has_steroid
         and bool(f.plan.pregnant),
         _t("Pregnant: defer corticosteroids for IGM until after delivery."), ("S001",)),
    Rule("steroid.monotherapy_iim", "warning",
         lambda f: f.plan.disease in ("IIM", "JDM") and f.has_steroid and not f.drugs & STEROID_SPARING,
         lambda f: f"Corticosteroid without a steroid-sparing agent: never use corticosteroid monotherapy in IIM "
         f"(it fails in {g.IIM_MONOTHERAPY_FAILURE.text()} of cases); start methotrexate, azathioprine or "
         "mycophenolate from day one.", ("S002",)),
    Rule("steroid.monotherapy_igm", "warning",
         lambda f: f.plan.disease == "IGM" and f.has_steroid and not f.drugs & STEROID_SPARING,
         lambda f: f"Corticosteroid alone for recurrent IGM: complete response {g.IGM_CR_STEROID_ALONE.text()}; "
         "add a steroid-sparing agent (methotrexate, or azathioprine).", ("S000",)),
    Rule("steroid.high_dose_duration", "warning",
         lambda f: f.plan.disease in ("IIM", "JDM") and f.high_dose_run_days is not None
         and f.high_dose_run_days > HIGH_DOSE_MAX_DAYS,
         lambda f: f"High-dose corticosteroid ({g.IIM_PRED_PER_KG.low:g} mg/kg/day or more) held for "
         f"{f.high_dose_run_days} consecutive days without a reduction: never continue it beyond "
         f"{g.IIM_PRED_HOLD.text()}; start the taper.",
         g.IIM_PRED_HOLD.sources),
    Rule("steroid.high_dose_unknown", "consider",
         lambda f: f.plan.disease in ("IIM", "JDM") and f.has_steroid and f.high_dose_run_days is None,
         _t("Give weight_kg to check the time at high-dose corticosteroid (0.5 mg/kg/day or more) against the "
            "2-4 week limit."), ("S002",)),
    Rule("cni.reserved", "warning", lambda f: bool(f.drugs & {"cyclosporine", "tacrolimus"}),
         _t("Cyclosporine or tacrolimus: reserved for severe, refractory disease (hypertension, renal "
            "insufficiency)."), ("S002",)),
)


def check_plan(*, disease: str, agents: Sequence[PlanAgent | Mapping[str, Any]] = (),
               steroids: Sequence[Any] = (), weight_kg: float | None = None, pregnant: bool | None = None,
               planning_pregnancy: bool | None = None, childbearing_potential: bool | None = None,
               osteoporosis: bool | None = None, tpmt_known: bool | None = None,
               live_vaccine_planned: bool = False, tuberculosis_excluded: bool | None = None) -> SafetyReport:
    """What the sources require for this plan, each item with severity and source.

    ``agents``: :class:`PlanAgent` or mappings (``{"drug": "methotrexate", "mg_per_week": 15}``).
    ``steroids``: :class:`SteroidCourse`, mappings, or taper schedules (``.drug``, ``.periods``).
    """
    agent_models = []
    problems: list[Problem] = []
    for item in agents:
        try:
            agent_models.append(item if isinstance(item, PlanAgent) else PlanAgent(**item))
        except InputError as error:
            problems.extend(error.problems)
        except TypeError:
            problems.append(Problem("agents", item, "is not an agent", "a mapping such as {'drug': 'azathioprine'}"))
    if problems:
        raise InputError.from_problems(problems)
    plan = PlanFacts(disease=disease, agents=tuple(agent_models), weight_kg=weight_kg, pregnant=pregnant,
                     planning_pregnancy=planning_pregnancy, childbearing_potential=childbearing_potential,
                     osteoporosis=osteoporosis, tpmt_known=tpmt_known, live_vaccine_planned=live_vaccine_planned,
                     tuberculosis_excluded=tuberculosis_excluded)
    courses = [as_course(s) for s in steroids]
    by_day = prednisone_equivalent_by_day(courses)
    pjp_runs = runs_at_or_above(by_day, g.PJP_STEROID_DOSE.value)
    high_dose_days = None
    if plan.weight_kg is not None:
        high_runs = holds_at_or_above(by_day, g.IIM_PRED_PER_KG.low * plan.weight_kg)
        high_dose_days = max((r.days for r in high_runs), default=0)
    drugs = frozenset(a.drug for a in plan.agents)
    count = len(drugs & IMMUNOSUPPRESSANTS) + (1 if courses else 0)
    facts = Facts(plan=plan, drugs=drugs, has_steroid=bool(courses), pjp_run_days=max((r.days for r in pjp_runs),
                  default=0), high_dose_run_days=high_dose_days, immunosuppressants=count)
    items = tuple(SafetyItem(code=r.code, severity=r.severity, message=r.message(facts), sources=r.sources)
                  for r in RULES if r.applies(facts))
    notes = []
    if courses and any(c.drug != "prednisone" for c in courses):
        notes.append("Corticosteroid doses are compared as prednisone equivalents (steroid equivalence table).")
    return SafetyReport(items=items, longest_run_days_at_pjp_dose=facts.pjp_run_days,
                        immunosuppressant_count=count, notes=tuple(notes))


def export_rules() -> list[dict[str, Any]]:
    """The rule table as data (code, severity, sources) for a port."""
    return [{"code": r.code, "severity": r.severity, "sources": list(r.sources)} for r in RULES]


__all__ = ["PlanAgent", "SafetyItem", "SafetyReport", "SteroidCourse", "SteroidPeriod", "check_plan",
           "export_rules", "holds_at_or_above", "prednisone_equivalent_by_day", "runs_at_or_above"]
