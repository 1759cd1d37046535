"""Ward-5 (problem 4): a taper's refusal names the protocol as the form shows it, never its internal id."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators.errors import InputError
from calculators.patient import Patient
from calculators.taper import taper_schedule
from calculators.taper.protocols import PROTOCOLS


@pytest.mark.parametrize("protocol_id, dose", [("iim-s002-fixed-steps", 50), ("iim-s003-rule-based", 40)])
def test_a_refused_start_dose_names_the_protocol_not_its_id(protocol_id, dose):
    with pytest.raises(InputError) as refused:
        taper_schedule(protocol_id, start_date=dt.date(2026, 12, 8), start_dose_mg=dose, hold_weeks=4,
                       patient=Patient(age_years=50))
    said = str(refused.value)
    assert PROTOCOLS[protocol_id].name in said, said
    assert not [p for p in PROTOCOLS if p in said], said
