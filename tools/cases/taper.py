"""Taper cases: representative inputs (and refusals) with their full expected output, for the cross-checks."""

from __future__ import annotations

import datetime as dt

from calculators.errors import InputError
from calculators.guidance import IIM_PRED_HOLD
from calculators.patient import Patient
from calculators.taper import Period, TaperSchedule, taper_schedule


def _period_json(p: Period) -> dict:
    return {"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days,
            "daily_dose_mg": p.daily_dose_mg,
            "tablets": [{"strength_mg": t.strength_mg, "count": t.count} for t in p.tablets]}


#: A hold one week longer than the figure allows (iim.prednisone.hold_before_taper): refused whatever the figure
#: is. Every other case types its hold (its expected output is worked out for it); a case whose hold the figure
#: no longer allows is named by tests/test_taper.py::test_every_typed_hold_is_inside_the_figure.
REFUSED_HOLD = {"protocol": "iim-s003-rule-based", "age_years": 45, "start_dose_mg": 60,
                "hold_weeks": int(IIM_PRED_HOLD.high) + 1, "start_date": "2026-01-05"}

VECTOR_CASES: tuple[dict, ...] = (
    {"protocol": "iim-s002-fixed-steps", "age_years": 45, "start_dose_mg": 60, "hold_weeks": 4,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s002-fixed-steps", "age_years": 45, "start_dose_mg": 60, "hold_weeks": 2,
     "start_date": "2026-02-23",
     "strengths_mg": [5, 1]},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "start_dose_mg": 60, "hold_weeks": 4,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "start_dose_mg": 75, "hold_weeks": 3,
     "start_date": "2026-03-30"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "start_dose_mg": 80, "hold_weeks": 2,
     "start_date": "2026-01-05",
     "slow_1mg_every_weeks": 4},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "weight_kg": 73, "dose_mg_per_kg": 0.75,
     "start_rounding": "down",
     "hold_weeks": 4, "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "age_years": 45, "start_dose_mg": 20, "withdrawal_days": 10,
     "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "age_years": 45, "start_dose_mg": 10, "withdrawal_days": 6, "step_mg": 2.5,
     "start_date": "2026-01-05", "strengths_mg": [2.5, 1], "half_tablets": True},
    {"protocol": "iim-s002-fixed-steps", "age_years": 45, "start_dose_mg": 80, "hold_weeks": 4,
     "start_date": "2026-01-05"},
    REFUSED_HOLD,
    {"protocol": "iim-s003-rule-based", "age_years": 45, "weight_kg": 73, "dose_mg_per_kg": 0.75, "hold_weeks": 4,
     "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "age_years": 45, "start_dose_mg": 20, "withdrawal_days": 21,
     "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "age_years": 45, "start_dose_mg": 15, "withdrawal_days": 14, "step_mg": 2.5,
     "start_date": "2026-01-05", "drug": "prednisone"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "weight_kg": 130, "dose_mg_per_kg": 1, "hold_weeks": 2,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "start_dose_mg": 90, "hold_weeks": 2,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s003-rule-based", "age_years": 12, "start_dose_mg": 60, "hold_weeks": 2,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s002-fixed-steps", "start_dose_mg": 60, "hold_weeks": 2, "start_date": "2026-01-05"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "weight_kg": 180, "dose_mg_per_kg": 1, "hold_weeks": 2,
     "start_date": "2026-01-05"},
    {"protocol": "iim-s003-rule-based", "age_years": 45, "weight_kg": 41, "dose_mg_per_kg": 0.5,
     "start_rounding": "down", "strengths_mg": [5], "hold_weeks": 2, "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "age_years": 15, "start_dose_mg": 20, "withdrawal_days": 10,
     "start_date": "2026-01-05"},
    {"protocol": "igm-s000-withdrawal", "start_dose_mg": 20, "withdrawal_days": 10, "start_date": "2026-01-05"},
)
"""Representative inputs for the cross-check, including refusals."""


def _run_case(case: dict) -> TaperSchedule:
    args = dict(case)
    args["start_date"] = dt.date.fromisoformat(args["start_date"])
    if "weight_kg" in args:
        args["patient"] = Patient(weight=float(args.pop("weight_kg")), weight_unit="kg")
    protocol = args.pop("protocol")
    return taper_schedule(protocol, **args)


def taper_vectors() -> list[dict]:
    """Input cases with the full expected output, or the expected refusal (field and message)."""
    vectors = []
    for case in VECTOR_CASES:
        try:
            schedule = _run_case(case)
        except InputError as error:
            vectors.append({"input": case, "error": {"field": error.field, "message": str(error)}})
            continue
        vectors.append({"input": case, "expected": {
            "periods": [_period_json(p) for p in schedule.periods],
            **schedule.summary(),
            "notes": [n.model_dump(mode="json") for n in schedule.notes],
            "cautions": [n.model_dump(mode="json") for n in schedule.cautions],
            "flags": schedule.flags(),
        }})
    return vectors


