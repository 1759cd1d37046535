"""A link naming a field of another regimen (ward trial, issue 24): refused as not a field of the regimen chosen.

The browser's share.js says the same words (tests/browser/test_share_record.py opens such links).
"""

from __future__ import annotations

import re

import pytest

from calculators.forms import FORMS
from calculators.forms.reading import not_used


def test_iim_methotrexate_link_with_the_igm_weekly_dose():
    (found,) = not_used(FORMS["dose"], {"regimen": "methotrexate_iim", "age_years": "40", "mg_per_week": "30"})
    assert found["field"] == "mg_per_week"
    assert found["reason"].startswith("not a field of the regimen chosen (")
    assert not re.search(r"\bS00[0-3]\b|allowed", found["reason"])  # the link's fault: no source, no range


@pytest.mark.parametrize("raw", [
    {"regimen": "methotrexate_igm", "age_years": "40", "mg_per_week": "30"},  # its own field: read as usual
    {"regimen": "methotrexate_iim", "age_years": "40", "mg_per_week": ""},     # given empty: nothing to refuse
    {"regimen": "not-a-regimen", "mg_per_week": "30"},                         # a refused choice decides nothing
])
def test_fields_the_form_uses_or_that_are_empty_are_not_refused(raw):
    assert not_used(FORMS["dose"], raw) == []


def test_without_a_regimen_every_regimen_field_waits_for_one():
    found = not_used(FORMS["dose"], {"weight": "70", "mg_per_week": "30"})
    assert [f["field"] for f in found] == ["weight", "mg_per_week"]
    assert {f["reason"] for f in found} == {"not a field until a regimen is chosen"}


def test_every_form_field_with_a_condition_can_be_refused_this_way():
    # for each conditional field of every form: a value with every choice that hides it is refused
    for form in FORMS.values():
        by_name = {f.name: f for f in form.fields}
        for f in form.fields:
            if not f.when:
                continue
            for control, shown in f.when.items():
                hiding = [v for v, _ in by_name[control].choices if v and v not in shown]
                for value in hiding:
                    raw = {control: value, f.name: "1"}
                    assert [p["field"] for p in not_used(form, raw)].count(f.name) == 1, (form.name, f.name, value)
