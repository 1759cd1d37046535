"""No unit is preselected on a form (clinical review M7): a weight or height without its unit gets no answer."""

from __future__ import annotations

import re

import pytest

from calculators.forms import run
from calculators.forms.definitions import FORMS, NOT_CHOSEN
from calculators.forms.html import initial_values, render

UNIT_FORMS = sorted({name for name, form in FORMS.items() for f in form.fields if f.unit_field})


def test_some_forms_have_a_unit_select():
    assert {"body-size", "dose", "taper"} <= set(UNIT_FORMS)


@pytest.mark.parametrize("name", UNIT_FORMS)
def test_every_unit_select_starts_with_no_unit_chosen(name):
    form = FORMS[name]
    units = {f.unit_field for f in form.fields if f.unit_field}
    values = initial_values(form, {})
    page = render(form)
    for unit in units:
        field = next(f for f in form.fields if f.name == unit)
        assert field.choices[0][0] == NOT_CHOSEN and values[unit] == NOT_CHOSEN, unit
        select = re.search(rf'<select name="{unit}"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert "selected" not in select, unit


@pytest.mark.parametrize(("name", "raw", "unit"), [
    ("body-size", {"weight": "80", "height": "175", "height_unit": "cm", "sex": "male"}, "weight_unit"),
    ("body-size", {"weight": "80", "weight_unit": "kg", "height": "175", "sex": "male"}, "height_unit"),
    ("dose", {"regimen": "prednisone_initial", "weight": "70", "age_years": "45", "mg_per_kg": "1"}, "weight_unit"),
])
def test_a_number_without_its_unit_gets_no_answer(name, raw, unit):
    answer = run(name, raw, "2026-01-05")
    assert not answer["ok"] and unit in answer["missing"] and "results" not in answer


def test_an_optional_weight_left_empty_needs_no_unit():
    raw = {"protocol": "igm-s000-withdrawal", "age_years": "45", "dose_basis": "dose", "start_dose_mg": "20",
           "withdrawal_days": "10", "start_date": "2026-01-05", "half_tablets": "no"}
    answer = run("taper", raw, "2026-01-05")
    assert answer["ok"] and "weight_unit" not in answer["missing"]
