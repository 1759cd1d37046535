"""Third clinical review M1, M7: a regimen result printed alone carries what its drugs need, labelled by kind.

The plan check (calculators.safety) carries the corticosteroid rules on Pneumocystis and bone to an IGM plan, and
S002's Pneumocystis prophylaxis with several immunosuppressants applies to any agent given with others; the dose
results and their printed records say the same, with the same labels.
"""

from __future__ import annotations

from calculators import InputError
from calculators.regimens import methotrexate_igm, mycophenolate, rituximab


def _notes(result, start):
    return [n for n in result.notes if n.text.startswith(start)]


def test_the_igm_methotrexate_result_carries_pneumocystis_and_bone_as_the_plan_check_does():
    result = methotrexate_igm(mg_per_week=25, prednisolone_mg_per_day=20, age_years=40)
    (pjp,) = _notes(result, "Pneumocystis prophylaxis")
    # carried over from the IIM sources to IGM: the carrying over is the tool's choice (clinical review 5, W2)
    assert (pjp.kind, pjp.rests_on) == ("tool_choice", ("carried_over",))
    assert "20 mg/day or more kept for 4 weeks or more" in pjp.text
    assert "Stated by S003 for IIM and carried over to IGM" in pjp.text
    (bone,) = _notes(result, "Bone health")
    assert (bone.kind, bone.rests_on) == ("tool_choice", ("carried_over",))
    assert "DXA" in bone.text and "carried over to IGM" in bone.text
    # below S003's dose the Pneumocystis note is not shown; the bone note is (the steroid is kept for months)
    low = methotrexate_igm(mg_per_week=25, prednisolone_mg_per_day=15, age_years=40)
    assert not _notes(low, "Pneumocystis prophylaxis") and _notes(low, "Bone health")
    # the interaction with the prophylaxis comes after it, as an outside reference
    texts = [n.text for n in result.notes]
    assert texts.index(pjp.text) < next(i for i, t in enumerate(texts) if t.startswith("Trimethoprim"))


def test_rituximab_and_mycophenolate_carry_s002s_pneumocystis_note():
    for result, drug in ((rituximab(age_years=50), "rituximab"), (mycophenolate(age_years=50), "mycophenolate")):
        (source,) = _notes(result, "Pneumocystis prophylaxis")
        assert (source.kind, source.rests_on) == ("source", ("S002",)), drug
        assert "several immunosuppressants are used together" in source.text
        (reading,) = _notes(result, "This tool counts")
        # how many make 'multiple' is the tool's reading, never wearing S002's label
        assert (reading.kind, reading.rests_on) == ("tool_choice", ("pjp_multiple",)), drug
        assert drug in reading.text


# Clinical review 4, item 7: the note was on the rituximab and mycophenolate results only, while the plan check
# counts every immunosuppressant (calculators.safety.IMMUNOSUPPRESSANTS) towards S002's 'multiple'.
IMMUNOSUPPRESSANT_REGIMENS = {"methotrexate_iim": "methotrexate", "methotrexate_jdm": "methotrexate",
                              "azathioprine": "azathioprine", "mycophenolate": "mycophenolate",
                              "rituximab": "rituximab", "cyclophosphamide": "cyclophosphamide",
                              "calcineurin_inhibitor": "tacrolimus"}


def test_every_iim_and_jdm_immunosuppressant_result_carries_s002s_pneumocystis_note():
    from calculators.regimens import REGIMENS, run
    from calculators.safety import IMMUNOSUPPRESSANTS
    from tools.cases import VECTOR_INPUTS

    assert set(IMMUNOSUPPRESSANT_REGIMENS.values()) <= IMMUNOSUPPRESSANTS
    checked = set()
    for name, inputs in VECTOR_INPUTS:
        try:
            result = run(name, inputs)
        except InputError:  # a refused case has no notes
            continue
        several = _notes(result, "Pneumocystis prophylaxis: S002")
        if name in IMMUNOSUPPRESSANT_REGIMENS and not (name == "azathioprine" and inputs["tpmt"] == "low-absent"):
            assert REGIMENS[name].population.disease in ("IIM", "JDM")
            (source,) = several
            assert (source.kind, source.rests_on) == ("source", ("S002",)), name
            (reading,) = _notes(result, "This tool counts")
            assert reading.kind == "tool_choice" and IMMUNOSUPPRESSANT_REGIMENS[name] in reading.text, name
            checked.add(name)
        elif REGIMENS[name].population.disease == "IGM":
            assert not several, name  # the plan check does not apply S002's 'multiple' to IGM
    assert checked == set(IMMUNOSUPPRESSANT_REGIMENS)
    # no dose, no note: azathioprine is not started with a TPMT low or absent
    poor = run("azathioprine", {"patient": {"weight": 70, "weight_unit": "kg", "height": 175, "height_unit": "cm",
                                            "sex": "male", "age_years": 45}, "tpmt": "low-absent"})
    assert not _notes(poor, "Pneumocystis prophylaxis: S002")
