"""Safety-plan cases whose full report (or exact refusal) the vectors record."""

from __future__ import annotations

from typing import Any

_PRED_60_THEN_40 = {"drug": "prednisone", "periods": [
    {"start": "2026-01-05", "end": "2026-02-01", "daily_dose_mg": 60},
    {"start": "2026-02-02", "end": "2026-02-15", "daily_dose_mg": 40}]}
SAFETY_VECTOR_INPUTS: tuple[dict[str, Any], ...] = (
    {"disease": "IIM", "weight_kg": 70, "steroids": [_PRED_60_THEN_40],
     "agents": [{"drug": "methotrexate", "mg_per_week": 15, "frequency": "once weekly"}]},
    {"disease": "IIM", "steroids": [_PRED_60_THEN_40]},
    {"disease": "IIM", "agents": [{"drug": "azathioprine"}, {"drug": "tacrolimus"}], "planning_pregnancy": True},
    {"disease": "IGM", "pregnant": True, "agents": [{"drug": "methotrexate", "mg_per_week": 20}],
     "steroids": [{"drug": "prednisolone", "periods": [
         {"start": "2026-01-05", "end": "2026-01-18", "daily_dose_mg": 15}]}]},
    {"disease": "IIM", "agents": [{"drug": "methotrexate", "frequency": "daily"}]},
    {"disease": "IIM", "agents": [{"drug": "methotrexate", "mg_per_week": 50}]},
    {"disease": "IIM", "steroids": [{"drug": "prednisone", "periods": [
        {"start": "2026-01-10", "end": "2026-01-01", "daily_dose_mg": 20}]}]},
)
"""Plans whose full report (or exact refusal) :func:`tools.cases.regimen_vectors` records."""
