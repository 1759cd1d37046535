"""Clinical review 4, D1 and D2: what an outside reference says of a drug is on its dose results AND in the plan checks.

A plan with rituximab got no hepatitis B screen, and a plan with azathioprine no allopurinol/febuxostat warning,
although both dose results carried them. The statements are one list now (`calculators.drug_safety.STATEMENTS`):
this test walks every outside-reference note the regimens give (every regimen case of tools/cases) and proves
that the plan checks for the drug, on the disease of the regimen and on every plan where the drug can be entered,
carry the same statement, resting on the same reference.
"""

from __future__ import annotations

import datetime as dt
import typing

import pytest

from calculators import InputError, check_plan
from calculators.drug_safety import STATEMENTS
from calculators.regimens import REGIMENS, run
from calculators.safety import RULES, Agent, Disease
from calculators.sources import REFERENCE_SOURCES
from tools.cases import VECTOR_INPUTS

START = dt.date(2026, 1, 5)
# A course long and high enough that every plan rule about the drugs given with a corticosteroid applies (the
# co-trimoxazole interaction comes with the Pneumocystis prophylaxis it is about).
COURSE = {"drug": "prednisone", "periods": [{"start": START, "end": START + dt.timedelta(days=41),
                                             "daily_dose_mg": 60}]}


def _drug_notes():
    """(regimen, inputs, disease, note) for every outside-reference note that is not a body-size formula."""
    for name, inputs in VECTOR_INPUTS:
        try:
            result = run(name, inputs)
        except InputError:
            continue
        disease = REGIMENS[name].population.disease
        for note in result.notes:
            if note.kind == "reference" and not all(REFERENCE_SOURCES[r].kind == "formula" for r in note.rests_on):
                yield name, inputs, disease, note


NOTES = list(_drug_notes())


def _statement(note):
    found = [s for s in STATEMENTS.values() if s.result_text() == note.text]
    assert found, (f"an outside-reference drug note no plan check carries; make it a row of "
                   f"calculators.drug_safety.STATEMENTS: {note.text[:90]}")
    return found[0]


def _plan(disease, statement, tpmt=None):
    return check_plan(disease=disease, agents=[{"drug": d} for d in statement.drugs], steroids=[COURSE], tpmt=tpmt)


def test_the_walk_sees_the_notes_of_the_review():
    texts = " ".join(n.text for *_, n in NOTES)
    assert "screen for hepatitis B (HBsAg and anti-HBc)" in texts and "Allopurinol and febuxostat" in texts


@pytest.mark.parametrize(("name", "inputs", "disease", "note"), NOTES,
                         ids=[f"{n}-{i}" for i, (n, *_rest) in enumerate(NOTES)])
def test_every_drug_note_of_a_dose_result_is_in_the_plan_check_for_the_drug(name, inputs, disease, note):
    statement = _statement(note)
    report = _plan(disease, statement, tpmt=inputs.get("tpmt"))
    carried = [i for i in report.items if i.code == statement.rule_code()]
    assert carried, f"{name}: the {disease} plan with {statement.drugs} lacks {statement.rule_code()}"
    (item,) = carried
    assert (item.kind, item.rests_on) == ("reference", tuple(note.rests_on)), name
    if statement.plan == "same":
        assert item.message == note.text, name


def test_every_statement_is_said_by_some_dose_result():
    said = {_statement(note).name for *_, note in NOTES}
    assert said == set(STATEMENTS), sorted(set(STATEMENTS) - said)


@pytest.mark.parametrize("disease", typing.get_args(Disease))
@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_a_statement_is_on_every_plan_where_its_drug_can_be_entered(disease, name):
    statement = STATEMENTS[name]
    assert set(statement.drugs) <= set(typing.get_args(Agent))
    tpmt = {"aza.cpic_intermediate": "intermediate", "aza.cpic_poor": "low-absent"}.get(name)
    item = _plan(disease, statement, tpmt=tpmt).by_code(statement.rule_code())
    assert item.kind == "reference" and not item.carried_over
    assert statement.references == item.rests_on


def test_rituximab_gets_the_hepatitis_b_screen_on_every_plan():
    for disease in typing.get_args(Disease):
        item = check_plan(disease=disease, agents=[{"drug": "rituximab"}]).by_code("rtx.hbv")
        assert item.severity == "required" and item.kind == "reference"
        assert item.rests_on == ("Rituximab labelling",) and "HBsAg and anti-HBc" in item.message


def test_azathioprine_gets_the_xanthine_oxidase_warning_unless_it_must_not_be_started():
    for tpmt in (None, "unknown", "normal", "intermediate"):
        item = check_plan(disease="IIM", agents=[{"drug": "azathioprine"}], tpmt=tpmt).by_code("aza.xanthine_oxidase")
        assert item.severity == "warning" and "febuxostat" in item.message
    codes = check_plan(disease="IIM", agents=[{"drug": "azathioprine"}], tpmt="low-absent").codes()
    assert "aza.xanthine_oxidase" not in codes and "aza.tpmt_low" in codes


def test_a_shared_statement_is_one_rule_made_from_its_row():
    shared = [s.code for s in STATEMENTS.values() if s.plan == "same"]
    assert [r.code for r in RULES if r.code in shared] == shared
