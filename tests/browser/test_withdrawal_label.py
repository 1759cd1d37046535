"""The IGM withdrawal (S000) asks for the dose the patient takes now (ward trial 3, problem 5d): day 1 is
one step lower, so the field reads "Current dose (before withdrawal)", not "Start dose". The tapers keep
"Start dose" (their day 1 is that dose). The label the form shows is the one its messages, the dose record
and the package (FieldDef.label_for) use."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators.forms import FORMS

pytestmark = pytest.mark.browser

FIELD = {f.name: f for f in FORMS["taper"].fields}
SOON = (dt.date.today() + dt.timedelta(days=3)).isoformat()
S000 = {"protocol": "igm-s000-withdrawal", "dose_basis": "dose", "start_date": SOON, "withdrawal_days": "10",
        "age_years": "40"}


def _label(page, name):
    return page.evaluate(f"""() => document.querySelector('label[for="' +
        document.querySelector('form[data-form="taper"] [name="{name}"]').id + '"]').textContent""")


def test_withdrawal_asks_for_the_current_dose_and_the_tapers_for_the_start_dose(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    current = FIELD["start_dose_mg"].label_for({"protocol": "igm-s000-withdrawal"})
    start = FIELD["start_dose_mg"].label_for({"protocol": "iim-s002-fixed-steps"})
    assert current.startswith("Current dose") and start == "Start dose"
    assert _label(page, "start_dose_mg").startswith(start + " ")  # before a protocol is chosen
    form.locator('[name="protocol"]').select_option("igm-s000-withdrawal")
    assert _label(page, "start_dose_mg").startswith(current + " ")
    assert _label(page, "dose_basis").startswith("Current dose given as")
    for name, value in S000.items():
        if name != "protocol":
            control = form.locator(f'[name="{name}"]')
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)
    form.locator('[name="start_dose_mg"]').fill("50")  # above S000's range: the message names the field
    error = form.locator('[data-error-for="start_dose_mg"]').inner_text()
    assert error.startswith(current + " = 50"), error
    form.locator('[name="start_dose_mg"]').fill("20")
    assert form.get_attribute("data-state") == "result"
    inputs = form.evaluate("f => f.liveAnswer.answer.inputs")
    assert {"field": "start_dose_mg", "label": current, "value": "20 mg/day"} in inputs, inputs
    form.locator('[name="protocol"]').select_option("iim-s002-fixed-steps")
    assert _label(page, "start_dose_mg").startswith(start + " ")
