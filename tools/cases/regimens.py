"""Regimen cases: representative inputs and bad ones, replayed by the tests and exported as vectors.

Test cases live with the tests, not in the package: the package is the
reference, these are the questions put to it.
"""

from __future__ import annotations

from typing import Any

ADULT = {"weight": 70, "weight_unit": "kg", "height": 175, "height_unit": "cm", "sex": "male", "age_years": 45}
CHILD = {"weight": 30, "weight_unit": "kg", "height": 135, "height_unit": "cm", "age_years": 9}


def _kg(weight: float, age: float = 45) -> dict[str, Any]:
    return {"weight": weight, "weight_unit": "kg", "age_years": age}


VECTOR_INPUTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": 1, "start": "2026-01-05"}),
    ("prednisone_initial", {"patient": _kg(50), "mg_per_kg": 0.5, "diabetes": True}),
    ("prednisone_initial", {"patient": _kg(130), "mg_per_kg": 1}),
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": 1.5}),
    ("prednisone_initial", {"patient": ADULT, "mg_per_kg": "1"}),
    ("prednisone_initial", {"patient": {"weight": 70, "weight_unit": "st"}, "mg_per_kg": 1}),
    ("prednisone_initial", {"patient": {"weight": 70, "weight_unit": "kg"}, "mg_per_kg": 1}),
    ("prednisone_initial", {"patient": _kg(30, 10), "mg_per_kg": 1}),
    ("iv_methylprednisolone", {"patient": _kg(80), "mg_per_kg": 20, "days": 3, "start": "2026-01-05"}),
    ("iv_methylprednisolone", {"patient": _kg(20), "mg_per_kg": 10, "days": 1}),
    ("iv_methylprednisolone", {"patient": _kg(10), "mg_per_kg": 10, "days": 1}),
    ("iv_methylprednisolone", {"patient": _kg(60), "mg_per_kg": 15, "days": 6}),
    ("iv_methylprednisolone", {"patient": _kg(30, 12), "mg_per_kg": 15, "days": 3}),
    ("methotrexate_iim", {"start": "2026-01-05", "ramp_months": 3, "age_years": 45}),
    ("methotrexate_iim", {"start": "2026-01-05", "ramp_months": 7, "age_years": 45}),
    ("methotrexate_iim", {"start": "2026-01-05", "ramp_months": 3}),
    ("methotrexate_igm", {"mg_per_week": 20, "prednisolone_mg_per_day": 15, "start": "2026-01-07", "age_years": 40}),
    ("methotrexate_igm", {"mg_per_week": 50, "prednisolone_mg_per_day": 15, "age_years": 40}),
    ("methotrexate_jdm", {"patient": CHILD, "start": "2026-01-05"}),
    ("methotrexate_jdm", {"patient": {**_kg(80, 16), "height": 180, "height_unit": "cm"}}),
    ("methotrexate_jdm", {"patient": {**_kg(80, 30), "height": 180, "height_unit": "cm"}}),
    ("prednisone_jdm", {"patient": CHILD}),
    ("prednisone_jdm", {"patient": _kg(45, 13)}),
    ("prednisone_jdm", {"patient": {"weight": 45, "weight_unit": "kg"}}),
    ("azathioprine", {"patient": ADULT, "tpmt": "normal"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "intermediate"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "low-absent"}),
    ("azathioprine", {"patient": ADULT, "tpmt": "unknown"}),
    ("mycophenolate", {"start": "2026-01-05", "age_years": 45}),
    ("ivig", {"patient": {**ADULT, "weight": 60}, "g_per_kg_total": 2, "start": "2026-01-05"}),
    ("ivig", {"patient": ADULT, "g_per_kg_total": 2.5}),
    ("rituximab", {"start": "2026-01-05", "age_years": 45}),
    ("rituximab", {"start": "2026-01-05", "age_years": 16}),
    ("rituximab", {"start": "2026-01-05"}),
    ("cyclophosphamide", {"start": "2026-01-05", "months": 6, "age_years": 45}),
    ("cyclophosphamide", {"start": "2026-01-05", "months": 13, "age_years": 45}),
    ("calcineurin_inhibitor", {"drug": "tacrolimus"}),
)
