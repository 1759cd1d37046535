"""Third clinical review M1, M7: a regimen result printed alone carries what its drugs need, labelled by kind.

The plan check (calculators.safety) carries the corticosteroid rules on Pneumocystis and bone to an IGM plan, and
S002's Pneumocystis prophylaxis with several immunosuppressants applies to any agent given with others; the dose
results and their printed records say the same, with the same labels.
"""

from __future__ import annotations

from calculators.regimens import methotrexate_igm, mycophenolate, rituximab


def _notes(result, start):
    return [n for n in result.notes if n.text.startswith(start)]


def test_the_igm_methotrexate_result_carries_pneumocystis_and_bone_as_the_plan_check_does():
    result = methotrexate_igm(mg_per_week=25, prednisolone_mg_per_day=20, age_years=40)
    (pjp,) = _notes(result, "Pneumocystis prophylaxis")
    assert (pjp.kind, pjp.rests_on) == ("source", ("S003",))
    assert "20 mg/day or more kept for 4 weeks or more" in pjp.text
    assert "Stated by S003 for IIM and carried over to IGM" in pjp.text
    (bone,) = _notes(result, "Bone health")
    assert (bone.kind, bone.rests_on) == ("source", ("S002", "S003"))
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
