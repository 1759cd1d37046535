"""Regimen calculators: values worked by hand, caps and refusals proven by property tests."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError, Patient
from calculators import guidance as g
from calculators.choices import MTX_STEP_MG
from calculators.errors import format_number
from calculators.messages import number_text
from calculators.regimens import (
    CALCULATORS,
    TOOL_CHOICES,
    azathioprine,
    calcineurin_inhibitor,
    check_methotrexate_weekly,
    cyclophosphamide,
    export_regimens,
    iv_methylprednisolone,
    ivig,
    methotrexate_igm,
    methotrexate_iim,
    methotrexate_jdm,
    mycophenolate,
    prednisone_initial,
    prednisone_jdm,
    rituximab,
)
from tools.cases import regimen_vectors

VECTORS_FILE = Path(__file__).parent / "data" / "regimen_vectors.json"
MONDAY = dt.date(2026, 1, 5)
ADULT = {"weight": 70, "weight_unit": "kg", "height": 175, "height_unit": "cm", "sex": "male", "age_years": 45}
# Devine, male 175 cm: 175 / 2.54 = 68.8976 in; 50 + 2.3 x 8.8976 = 70.4646 kg
ADULT_IBW = 50 + 2.3 * (175 / 2.54 - 60)


def kg(weight: float, age: float = 45) -> dict:
    return {"weight": weight, "weight_unit": "kg", "age_years": age}


# --- initial prednisone -----------------------------------------------------------------------

def test_prednisone_initial_70kg_at_1mg_per_kg():
    result = prednisone_initial(ADULT, mg_per_kg=1, start=MONDAY)
    assert result.value == 70  # 1 mg/kg/day x 70 kg
    assert result.display() == "70 mg/day by mouth once daily"
    assert result.lines[0].start == MONDAY
    assert "Range for 70 kg: 35-70 mg/day" in result.notes[0].text  # 0.5 x 70 = 35, 1 x 70 = 70
    assert not any("outside the typical" in n for n in result.note_texts())
    assert result.source.id == "S002"


def test_prednisone_initial_low_end_guidance_and_atypical_note():
    result = prednisone_initial(kg(50), mg_per_kg=0.5, diabetes=True, glaucoma=True)
    assert result.value == 25  # 0.5 x 50
    assert any("Diabetes, glaucoma: S002 advises sitting nearer 0.5 mg/kg/day" in n for n in result.note_texts())
    assert any("25 mg/day is outside the typical 60–80 mg/day" in n for n in result.note_texts())


def test_prednisone_initial_high_end_guidance():
    result = prednisone_initial(kg(80), mg_per_kg=1, high_relapse_risk=True, low_steroid_risk=True)
    assert result.value == 80
    assert any("nearer 1 mg/kg/day" in n for n in result.note_texts())


def test_prednisone_initial_conflicting_factors_are_left_to_the_clinician():
    result = prednisone_initial(kg(70), mg_per_kg=0.75, osteoporosis=True, high_relapse_risk=True)
    assert result.value == 52.5  # 0.75 x 70
    assert any("S002 advises" in n and "does not say which prevails" in n for n in result.note_texts())


def test_prednisone_initial_never_picks_for_the_clinician():
    with pytest.raises(InputError, match=r"mg_per_kg = \(not given\): is required; allowed: 0.5 to 1 mg/kg/day"):
        prednisone_initial(kg(70), mg_per_kg=None)
    with pytest.raises(InputError, match=r"mg_per_kg = 1.2: is above the allowed range; allowed: 0.5 to 1 mg/kg/day"):
        prednisone_initial(kg(70), mg_per_kg=1.2)


def test_prednisone_initial_refuses_children():
    with pytest.raises(InputError, match="juvenile dermatomyositis"):
        prednisone_initial({**kg(30), "age_years": 10}, mg_per_kg=1)


# --- IV methylprednisolone --------------------------------------------------------------------

def test_ivmp_ceiling_bites_80kg_at_20():
    result = iv_methylprednisolone(kg(80), mg_per_kg=20, days=3, start=MONDAY)
    assert result.value == 1000  # 80 x 20 = 1600 -> capped at 1000
    cap = result.caps_applied[0]
    assert (cap.direction, cap.computed, cap.applied) == ("ceiling", 1600, 1000)
    assert (cap.kind, cap.rests_on) == ("tool_choice", ("ivmp_ceiling",))  # the source gives no capping rule
    assert cap.text() == "1600 mg/day computed; capped at 1000 mg/day (tool choice)"
    assert [line.start for line in result.lines] == [dt.date(2026, 1, 5), dt.date(2026, 1, 6), dt.date(2026, 1, 7)]


def test_ivmp_floor_raises_20kg_at_10_to_250():
    result = iv_methylprednisolone(kg(20), mg_per_kg=10, days=1)
    assert result.value == 250  # 20 x 10 = 200 -> floor 250 = 12.5 mg/kg, still within 10-20
    assert result.caps_applied[0].direction == "floor"
    assert result.caps_applied[0].kind == "tool_choice" and result.caps_applied[0].rests_on == ("ivmp_floor",)
    # clinical review 5, M10: the note gives the arithmetic, not only its answer
    assert "250 mg/day is 12.5 mg/kg/day of 20 kg, this patient's weight." in result.note_texts()


def test_ivmp_rule_line_says_the_cap_or_raise_it_applied():
    # Clinical review 3, M2: "20 mg/kg/day x 180 kg, within 250-1000 mg/day" above 1000 mg/day: the arithmetic it
    # stated gave 3600 mg, the cap sat in another box. 180 x 20 = 3600 -> 1000; 20 x 10 = 200 -> 250.
    capped = iv_methylprednisolone(kg(180), mg_per_kg=20, days=3)
    assert capped.rule == ("20 mg/kg/day x 180 kg, within 250–1000 mg/day: 3600 mg/day computed, capped at "
                           "1000 mg/day (tool choice)")
    raised = iv_methylprednisolone(kg(20), mg_per_kg=10, days=1)
    assert raised.rule == ("10 mg/kg/day x 20 kg, within 250–1000 mg/day: 200 mg/day computed, raised to "
                           "250 mg/day (tool choice)")
    assert iv_methylprednisolone(kg(50), mg_per_kg=15, days=5).rule == "15 mg/kg/day x 50 kg, within 250–1000 mg/day"


def test_ivmp_refuses_when_floor_would_exceed_20_mg_per_kg():
    with pytest.raises(InputError, match=r"weight = 10: is too low .*allowed: at least 12.5 kg"):
        iv_methylprednisolone(kg(10), mg_per_kg=20, days=1)  # 250 / 10 = 25 mg/kg > 20


def test_ivmp_no_cap_within_range():
    result = iv_methylprednisolone(kg(50), mg_per_kg=15, days=5)
    assert result.value == 750 and result.caps_applied == ()  # 50 x 15
    assert len(result.lines) == 5


@settings(max_examples=300, deadline=None)
@given(weight=st.floats(2, 350), per_kg=st.floats(10, 20), days=st.integers(1, 5))
def test_ivmp_always_within_250_1000(weight, per_kg, days):
    try:
        result = iv_methylprednisolone(kg(weight), mg_per_kg=per_kg, days=days)
    except InputError as error:
        assert error.field == "weight" and weight * 20 < 250
        return
    assert 250 <= result.value <= 1000
    assert all(250 <= line.dose <= 1000 for line in result.lines)
    assert bool(result.caps_applied) == (not 250 <= weight * per_kg <= 1000)


# --- methotrexate -----------------------------------------------------------------------------

def test_mtx_iim_three_month_ramp_on_mondays():
    result = methotrexate_iim(start=MONDAY, ramp_months=3, age_years=45)
    # Doses come from the registry (an editor may change start or target): the start figure on day one,
    # then equal steps of the tool's choice up to the target, at one whole-week interval, all before
    # 2026-01-05 + 3 months = 2026-04-05 (90 days = 12 whole weeks). With 15 -> 25 mg that is 4 steps of
    # 2.5 mg every 3 weeks: 2026-01-05, 01-26, 02-16, 03-09, 03-30.
    mtx = [line for line in result.lines if line.drug == "methotrexate"]
    first, target = g.IIM_MTX_START.value, g.IIM_MTX_TARGET.value
    n_steps = round((target - first) / MTX_STEP_MG)
    assert len(mtx) == n_steps + 1
    assert mtx[0].dose == first and mtx[0].start == MONDAY and mtx[-1].dose == target
    assert [b.dose - a.dose for a, b in zip(mtx, mtx[1:])] == [MTX_STEP_MG] * n_steps
    weeks_per_step = (90 // 7) // n_steps  # the whole weeks shared evenly between the steps
    assert [line.start for line in mtx] == [MONDAY + dt.timedelta(weeks=k * weeks_per_step)
                                            for k in range(n_steps + 1)]
    assert mtx[-1].start < dt.date(2026, 4, 5)
    assert all(line.frequency == "once weekly (every Monday)" for line in mtx)
    assert mtx[0].end == mtx[1].start - dt.timedelta(days=1) and mtx[-1].end is None
    folic = result.lines[-1]
    assert (folic.drug, folic.dose, folic.frequency) == ("folic acid", g.IIM_FOLIC.value, "once daily")
    assert "once weekly" in result.display()
    assert TOOL_CHOICES["mtx_steps"].text in result.note_texts()
    assert f"Folic acid {format_number(g.IIM_FOLIC.value)} mg once daily" in " ".join(result.note_texts())


def test_mtx_iim_six_month_ramp():
    result = methotrexate_iim(start="2026-01-05", ramp_months=6, age_years=45)
    # to 2026-07-05: 181 days = 25 whole weeks; 25 // 4 = 6 weeks per step; target at week 24 = 2026-06-22
    mtx = [line for line in result.lines if line.drug == "methotrexate"]
    assert mtx[-1].start == dt.date(2026, 6, 22) and mtx[-1].dose == 25


@settings(max_examples=200, deadline=None)
@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), months=st.integers(3, 6))
def test_mtx_iim_never_above_25_and_reaches_target_in_time(start, months):
    result = methotrexate_iim(start=start, ramp_months=months, age_years=45)
    mtx = [line for line in result.lines if line.drug == "methotrexate"]
    assert all(line.dose <= 25 and "once weekly" in line.frequency for line in mtx)
    assert all(line.start.weekday() == start.weekday() for line in mtx)
    from calculators.regimens._base import add_months
    assert mtx[-1].dose == 25 and mtx[-1].start <= add_months(start, months)


def test_mtx_igm_and_refusal_above_25():
    result = methotrexate_igm(mg_per_week=20, prednisolone_mg_per_day=15, start="2026-01-07", age_years=40)
    assert result.display() == ("methotrexate 20 mg by mouth once weekly (every Wednesday) + prednisolone 15 mg "
                                "by mouth once daily")
    assert result.lines[1].dose == 15 and result.source.id == "S000"
    with pytest.raises(InputError) as refused:
        methotrexate_igm(mg_per_week=50, prednisolone_mg_per_day=15, age_years=40)
    assert "S003's '25–50 mg/week' is an error of the source" in str(refused.value)


@pytest.mark.parametrize("calculate", [
    lambda: methotrexate_iim(start=MONDAY, ramp_months=3, age_years=45),
    lambda: methotrexate_jdm({"weight": 30, "weight_unit": "kg", "height": 135, "height_unit": "cm", "age_years": 9}),
    lambda: methotrexate_igm(mg_per_week=20, prednisolone_mg_per_day=15, age_years=40),
], ids=["iim", "jdm", "igm"])
def test_every_methotrexate_result_carries_s000_toxicity_monitoring(calculate):
    # clinical review D5: S000 ("Methotrexate toxicity: Complete blood count, liver function tests, renal function")
    # is about the drug; the IIM and juvenile DM results said nothing about monitoring once started.
    result = calculate()
    (note,) = [n for n in result.notes if re.search(r"full blood count, liver function tests and renal function",
                                                    n.text)]
    # at home (IGM) S000's statement; carried over to IIM or juvenile DM, the tool's choice carried_over naming S000
    # in its text (clinical review 5 W2)
    home = "(S000)" in note.text
    assert (note.kind, note.rests_on) == (("source", ("S000",)) if home else ("tool_choice", ("carried_over",)))
    assert "S000" in note.text


def test_mtx_iim_says_whom_s002_prefers_it_for():
    # clinical review M9: S002 "preferred for most patients without lung disease"; the mycophenolate result
    # said its preference (ILD) and methotrexate said none, so a patient with ILD could be steered to it.
    result = methotrexate_iim(start=MONDAY, ramp_months=3, age_years=45)
    (note,) = [n for n in result.notes if "without lung disease" in n.text]
    assert note.text == ("Preferred for most patients without lung disease; with interstitial lung disease S002 "
                         "prefers azathioprine or mycophenolate (S002).")
    assert (note.kind, note.rests_on) == ("source", ("S002",))


def test_mtx_jdm_child_by_mosteller():
    result = methotrexate_jdm({**kg(30, age=9), "height": 135, "height_unit": "cm"})
    # BSA = sqrt(135 x 30 / 3600) = 1.06066 m2; 15 x 1.06066 = 15.91 mg
    assert result.value == pytest.approx(15 * math.sqrt(135 * 30 / 3600))
    assert result.display() == "15.9 mg subcutaneous once weekly"
    assert result.caps_applied == ()


def test_mtx_jdm_cap_bites():
    result = methotrexate_jdm({**kg(80, age=16), "height": 180, "height_unit": "cm"})
    # BSA = sqrt(180 x 80 / 3600) = 2.0 m2; 15 x 2 = 30 -> capped at 25
    assert result.value == 25
    cap = result.caps_applied[0]
    assert cap.computed == pytest.approx(30)
    # no source caps juvenile DM: the 25 mg ceiling is the tool's, and never wears S000/S002's label
    assert (cap.kind, cap.rests_on) == ("tool_choice", ("jdm_mtx_cap",))
    assert "(S000, S002)" not in cap.text() and "tool choice" in cap.text()
    assert "S000" not in result.sources


@settings(max_examples=300, deadline=None)
@given(weight=st.floats(2, 350), height=st.floats(45, 250))
def test_mtx_jdm_never_above_25(weight, height):
    result = methotrexate_jdm({**kg(weight, age=12), "height": height, "height_unit": "cm"})
    assert 0 < result.value <= 25 and "once weekly" in result.frequency


@given(st.floats(min_value=25.000001) | st.floats(max_value=0) | st.sampled_from([math.nan, math.inf, "20", None]))
def test_weekly_methotrexate_check_refuses_above_cap_and_nonsense(value):
    with pytest.raises(InputError):
        check_methotrexate_weekly(value)


# --- juvenile DM prednisone -------------------------------------------------------------------

def test_prednisone_jdm():
    assert prednisone_jdm(kg(20, age=6)).value == 40  # 2 x 20, no cap
    capped = prednisone_jdm(kg(45, age=13))
    assert capped.value == 60 and capped.caps_applied[0].computed == 90  # 2 x 45 = 90 -> 60
    assert (capped.caps_applied[0].kind, capped.caps_applied[0].rests_on) == ("source", ("S002", "S003"))


def test_prednisone_jdm_carries_what_the_drugs_require_each_with_its_basis():
    # Review M-N4: the adult initial prednisone result carries Pneumocystis, bone and vaccine items; the
    # juvenile DM one carried none. S002's measures name no age (source); S003's are for adults (carried over,
    # saying so); counting "several" and showing them on a child's result are the tool's (tool choices).
    notes = prednisone_jdm(kg(30, age=10)).notes
    by_text = {n.text: n for n in notes}

    def one(*words):
        (found,) = [n for text, n in by_text.items() if all(w in text for w in words)]
        return found

    s002 = one("S002 makes these mandatory", "Pneumocystis", "bone health", "vaccines")
    assert (s002.kind, s002.rests_on) == ("source", ("S002",))
    assert "trimethoprim" not in s002.text and "20 mg/day" not in s002.text  # neither is S002's
    s003 = one("Carried over from S003", "writes for adults")
    assert (s003.kind, s003.rests_on) == ("tool_choice", ("jdm_prevention",))  # clinical review 5 W2
    assert "20 mg/day or more" in s003.text and "4 weeks or more" in s003.text and "live vaccines" in s003.text
    assert one("counts prednisone").rests_on == ("pjp_multiple",)
    applied = one("this tool's reading", "juvenile DM")
    assert (applied.kind, applied.rests_on) == ("tool_choice", ("jdm_prevention",))
    # trimethoprim-sulfamethoxazole is named beside the methotrexate given from onset: the marrow caution too
    marrow = one("marrow toxicity")
    assert (marrow.kind, marrow.rests_on) == ("reference", ("Methotrexate labelling and BNF",))
    assert not any(n.warning for n in notes)


@given(weight=st.floats(2, 350))
def test_prednisone_jdm_never_above_60(weight):
    result = prednisone_jdm(kg(weight, age=10))
    assert result.value <= 60
    assert result.value == pytest.approx(min(2 * weight, 60))


# --- azathioprine -----------------------------------------------------------------------------

def test_mtx_igm_headline_names_each_drug_with_its_own_dose():
    # Clinical review D1: "Methotrexate with prednisolone (IGM) 25 mg by mouth once weekly" puts 25 mg
    # next to "prednisolone"; the largest line must pair every number with its drug.
    result = methotrexate_igm(mg_per_week=25, prednisolone_mg_per_day=20, start="2026-01-07", age_years=40)
    headline = result.display()
    assert re.fullmatch(r"methotrexate 25 mg by mouth once weekly \(every Wednesday\) \+ prednisolone 20 mg by mouth "
                        r"once daily", headline)
    assert str(result).startswith(f"Methotrexate with prednisolone (IGM): {headline} (")
    # the number after each drug's name is that drug's dose, never the other's
    assert re.search(r"prednisolone 20 mg", headline) and not re.search(r"prednisolone\D*25", headline)
    assert result.value == 25 and result.model_dump()["headline"] == headline
    # a single-drug regimen's headline is unchanged and serialises without the field
    assert "headline" not in rituximab(age_years=40).model_dump()


# The azathioprine figures are read from the registry, so that an editor who changes
# iim.aza.target_per_kg_ibw (2 mg/kg of ideal body weight today) and refreshes keeps these tests passing
# (editor trial 3; tests/test_editor_new_start_dose.py changes it in a copy).
AZA_PER_KG = g.IIM_AZA_PER_KG_IBW.value                    # mg/kg of ideal body weight a day
CPIC_LOW, CPIC_HIGH = (p / 100 for p in g.AZA_CPIC_INTERMEDIATE.value)  # share of the normal start
CPIC_NORMAL_TOP = g.AZA_CPIC_NORMAL_START.high             # mg/kg/day of actual weight
ADULT_AZA = AZA_PER_KG * ADULT_IBW                         # 2 x 70.4646 = 140.93 mg/day today


def n1(value: float) -> str:
    """A dose as the results show it: one decimal, half away from zero, no trailing zero."""
    return number_text(value, 1)


def test_azathioprine_normal_tpmt():
    result = azathioprine(ADULT, tpmt="normal")
    assert result.value == pytest.approx(ADULT_AZA)
    assert result.high is None and "high" not in result.model_dump()  # a single dose, serialised as before
    # 140.93 mg/day: 25 and 50 mg tablets make 125 or 150 (review M2)
    below = math.floor(ADULT_AZA / 25) * 25  # the nearest multiples of 25 mg either side, from the figure
    assert ADULT_AZA % 25, "the case needs a target the tablets cannot make"
    assert result.display() == (f"{n1(ADULT_AZA)} mg/day by mouth daily, in divided doses: the target dose as "
                                f"computed, which 25 mg and 50 mg tablets cannot make: prescribe {below} or "
                                f"{below + 25} mg/day instead (the nearest they make; the tool does not round); the "
                                "sources give no starting dose or titration")
    assert "Devine 1974" in result.sources


def test_azathioprine_target_never_reads_as_the_first_dose():
    # clinical review M1: "What to give - Target: azathioprine 155.4 mg ..." read as the day-1 dose; S002 and S003
    # give a target (2 mg/kg of ideal body weight) with no start or titration.
    result = azathioprine(ADULT, tpmt="normal")
    (line,) = result.lines
    assert line.text().startswith("Target dose, not a starting dose (the sources give no starting dose or titration), "
                                  "as computed: the tablets cannot make it; prescribe a dose they make (above): "
                                  f"azathioprine {n1(ADULT_AZA)} mg by mouth daily")
    assert "the target dose as computed" in result.display()
    assert result.display().endswith("; the sources give no starting dose or titration")
    (note,) = [n for n in result.notes if n.text.startswith("Target dose only")]
    assert (note.kind, note.rests_on) == ("source", ("S002", "S003"))


def test_azathioprine_intermediate_tpmt_gives_cpic_range():
    result = azathioprine(ADULT, tpmt="intermediate")
    (line,) = result.lines  # one line with the range: never a "lowest" and a "highest" line (issue 22)
    low, high = line.dose, line.high
    assert line.text() == (f"Reduced start, one range to pick within (CPIC): azathioprine {n1(CPIC_LOW * ADULT_AZA)} "
                           f"to {n1(CPIC_HIGH * ADULT_AZA)} mg by mouth daily, in divided doses")
    assert not re.search(r"lowest|highest", " ".join(x.text() for x in result.lines), re.I)
    assert low == pytest.approx(CPIC_LOW * ADULT_AZA)    # 0.3 x 140.93 = 42.28 mg today
    assert high == pytest.approx(CPIC_HIGH * ADULT_AZA)  # 0.8 x 140.93 = 112.74 mg today
    assert "CPIC thiopurine guideline 2018 update (Relling et al. 2019)" in result.sources
    assert any("30–80%" in n for n in result.note_texts())
    # the headline is the range to start at, never the full target alone (a glance must not read 140.9 mg)
    assert (result.value, result.high) == (low, high)
    assert result.source.id == "CPIC thiopurine guideline 2018 update (Relling et al. 2019)"
    assert result.display() == (f"{n1(low)} to {n1(high)} mg/day by mouth daily, in divided doses: the reduced "
                                f"start for TPMT intermediate, {g.AZA_CPIC_INTERMEDIATE.text()} of the "
                                f"{n1(ADULT_AZA)} mg/day target (CPIC); 25 mg and 50 mg tablets make "
                                f"{math.ceil(low / 25) * 25} to {math.floor(high / 25) * 25} mg/day within it")
    assert not result.display().startswith(n1(ADULT_AZA))


CACHECTIC = {"weight": 40, "weight_unit": "kg", "height": 183, "height_unit": "cm", "sex": "male", "age_years": 40}
# Devine, male 183 cm: 183 / 2.54 = 72.0472 in; 50 + 2.3 x 12.0472 = 77.7087 kg; 2 mg/kg = 155.417 mg/day today
CACHECTIC_AZA = AZA_PER_KG * (50 + 2.3 * (183 / 2.54 - 60))


def weights_either_side(dose: float, top: float) -> tuple[float, float]:
    """The lightest weight (0.1 kg) at which ``dose`` reads ``top`` mg/kg or less, and one at which it reads above."""
    at_top = math.ceil(dose / (top + 0.049) * 10) / 10        # dose / weight rounds to top at most
    above = math.floor(dose / (top + 0.1) * 10) / 10          # dose / weight rounds to top + 0.1 at least
    assert number_text(dose / at_top, 1) == n1(top) or dose / at_top < top
    return at_top, above


def test_azathioprine_states_mg_per_kg_of_actual_weight():
    # 140.93 mg/day / 70 kg = 2.01 mg/kg today: within CPIC's normal 2-3 mg/kg/day, said as the tool's arithmetic
    result = azathioprine(ADULT, tpmt="normal")
    (note,) = [n for n in result.notes if "of the actual weight" in n.text]
    assert note.text.startswith(f"{n1(ADULT_AZA)} mg/day is {n1(ADULT_AZA / 70)} mg/kg a day of the actual weight, "
                                "70 kg")
    assert (note.kind, note.rests_on, note.warning) == ("tool_choice", ("aza_actual_weight",), False)
    assert not any(n.warning for n in result.notes)


@pytest.mark.parametrize("tpmt, share, top, which", [
    ("normal", 1, CPIC_NORMAL_TOP, "normal"),  # today 155.417 / 40 = 3.885 mg/kg against 3 mg/kg/day
    # the top of the reduced range, 0.8 x 155.417 = 124.33; / 40 = 3.108, against CPIC's reduced top 0.8 x 3 = 2.4
    ("intermediate", CPIC_HIGH, CPIC_HIGH * CPIC_NORMAL_TOP, "reduced"),
])
def test_azathioprine_warns_when_high_for_actual_weight(tpmt, share, top, which):
    dose, per_kg, top = n1(share * CACHECTIC_AZA), n1(share * CACHECTIC_AZA / 40), f"{n1(top)} mg/kg/day, the top of "
    top += f"the {which}"
    result = azathioprine(CACHECTIC, tpmt=tpmt)
    (warning,) = [n for n in result.notes if n.warning]
    assert warning.text.startswith(f"High for this patient's actual weight: {dose} mg/day is {per_kg} mg/kg a day "
                                   f"of 40 kg, above {top} azathioprine starting dose")
    assert "an outside reference" in warning.text
    assert (warning.kind, warning.rests_on) == ("tool_choice", ("aza_actual_weight",))  # CPIC read as a threshold
    assert warning.model_dump()["warning"] is True
    assert "warning" not in result.notes[0].model_dump()  # a plain note serialises as before


def test_azathioprine_warning_threshold_is_the_top_of_cpic_normal_start():
    # 3.0 mg/kg exactly is not above the top; 3.1 is. Height 183 cm male: target 155.417 mg/day today,
    # 155.417 / 51.9 = 2.995 -> 3 mg/kg; 155.417 / 50 = 3.108 -> 3.1 mg/kg.
    at_weight, above_weight = weights_either_side(CACHECTIC_AZA, CPIC_NORMAL_TOP)
    at_top = azathioprine({**CACHECTIC, "weight": at_weight}, tpmt="normal")
    assert not any(n.warning for n in at_top.notes)
    above = azathioprine({**CACHECTIC, "weight": above_weight}, tpmt="normal")
    assert any(n.warning for n in above.notes)


def test_azathioprine_intermediate_warns_against_the_reduced_cpic_top():
    # clinical review M2: for TPMT intermediate the comparison was with the normal top (3 mg/kg/day), which
    # understates the excess; CPIC's reduced start is 30-80% of normal, so its top is 0.8 x 3 = 2.4 mg/kg/day.
    # 183 cm male: target 155.417 mg/day, reduced top 0.8 x 155.417 = 124.33 mg/day.
    # Today: 124.33 / 45 = 2.76 -> 2.8 > 2.4; 124.33 / 51.9 = 2.396 -> 2.4.
    reduced_top, most = CPIC_HIGH * CPIC_NORMAL_TOP, CPIC_HIGH * CACHECTIC_AZA
    at_weight, above_weight = weights_either_side(most, reduced_top)
    warned = azathioprine({**CACHECTIC, "weight": above_weight}, tpmt="intermediate")
    (warning,) = [n for n in warned.notes if n.warning]
    assert (f"{n1(most / above_weight)} mg/kg a day of {number_text(above_weight)} kg, above {n1(reduced_top)} "
            "mg/kg/day") in warning.text
    assert f"{g.AZA_CPIC_INTERMEDIATE.text()} of the normal {g.AZA_CPIC_NORMAL_START.text()}" in warning.text
    at_top = azathioprine({**CACHECTIC, "weight": at_weight}, tpmt="intermediate")
    assert not any(n.warning for n in at_top.notes)


def test_azathioprine_requires_actual_weight():
    no_weight = {k: v for k, v in ADULT.items() if k not in ("weight", "weight_unit")}
    with pytest.raises(InputError) as error:
        azathioprine(no_weight, tpmt="normal")
    assert error.value.problems[0].field == "weight"
    assert "azathioprine" in str(error.value)


def test_azathioprine_poor_metabolizer_gives_no_dose():
    result = azathioprine(ADULT, tpmt="low-absent")
    assert result.value is None and result.lines == ()
    assert any("non-thiopurine" in n for n in result.note_texts())


def test_azathioprine_poor_metabolizer_uses_no_weight_so_names_no_body_weight_formula():
    # Clinical review, minor: the no-dose result listed Devine 1974 among its sources and carried the ideal body
    # weight notes, though no weight was used. With a dose (normal, intermediate) both stay.
    poor = azathioprine(CACHECTIC, tpmt="low-absent")
    assert "Devine 1974" not in poor.sources
    assert not [n.text for n in poor.notes if "ideal body weight" in n.text.lower() or "Devine" in n.text]
    assert poor.inputs["ideal_body_weight_kg"] is None
    for tpmt in ("normal", "intermediate"):
        dosed = azathioprine(CACHECTIC, tpmt=tpmt)
        assert "Devine 1974" in dosed.sources
        assert any("Devine" in n.text for n in dosed.notes) and dosed.inputs["ideal_body_weight_kg"] > 0


def test_azathioprine_poor_metabolizer_headline_says_do_not_start_as_a_warning():
    # Clinical review 3, D2: "no dose in the sources" read as "the sources are silent, use the usual dose".
    # The largest line states the plan (do not start it), and CPIC's reason is a warning, not a plain note.
    result = azathioprine(ADULT, tpmt="low-absent")
    line = result.display()
    assert line.startswith("Do not start azathioprine: TPMT low or absent")
    assert "life-threatening myelosuppression (CPIC)" in line and "non-thiopurine" in line
    assert "no dose in the sources" not in line and line.endswith("see the warning below")
    warning = next(n for n in result.notes if n.warning)
    assert warning.kind == "reference" and "do not start azathioprine" in warning.text
    assert result.source.id.startswith("CPIC")


@pytest.mark.parametrize("tpmt", ["normal", "intermediate"])
def test_azathioprine_warns_of_allopurinol_and_febuxostat_as_an_outside_reference(tpmt):
    # Clinical review 3, M6: methotrexate carried its interaction note, azathioprine none, so the absence read as
    # "no interaction". The note is labelling/BNF's (a reference), never a source's.
    note = next(n for n in azathioprine(ADULT, tpmt=tpmt).notes if "febuxostat" in n.text)
    assert (note.kind, note.rests_on) == ("reference", ("Azathioprine labelling and BNF",))
    assert "Allopurinol" in note.text and "marrow suppression" in note.text
    from calculators.sources import REFERENCE_SOURCES

    assert "Azathioprine labelling and BNF" in REFERENCE_SOURCES


def test_azathioprine_refuses_unknown_tpmt():
    with pytest.raises(InputError, match="a TPMT result is required before azathioprine"):
        azathioprine(ADULT, tpmt="unknown")


# --- body size: the formula is a reference, the number for this patient the tool's ---------------------------

@pytest.mark.parametrize("make, formula, ref, quantity", [
    (lambda: azathioprine(ADULT, tpmt="normal"), "Devine formula", "Devine 1974", "Ideal body weight for this"),
    (lambda: ivig(ADULT, g_per_kg_total=2), "Devine formula", "Devine 1974", "Ideal body weight for this"),
    (lambda: methotrexate_jdm({**kg(30, age=9), "height": 135, "height_unit": "cm"}), "Mosteller formula",
     "Mosteller 1987", "Body surface area for this"),
])
def test_body_size_formula_is_labelled_a_reference_and_its_arithmetic_the_tools(make, formula, ref, quantity):
    # Clinical review 3, W3: "TOOL'S CHOICE Ideal body weight ... (Devine ...; Devine 1974)" put an outside
    # reference's formula under the tool's label.
    notes = make().notes
    stated = next(n for n in notes if formula in n.text)
    assert (stated.kind, stated.rests_on) == ("reference", (ref,)) and "outside reference" in stated.text
    worked = next(n for n in notes if n.text.startswith(quantity))
    assert (worked.kind, worked.rests_on) == ("tool_choice", ("patient_arithmetic",))
    assert notes.index(worked) == notes.index(stated) + 1  # "with that formula": the one just above
    assert not [n.text for n in notes if n.kind == "tool_choice" and ref in n.text]


# --- IVIG -------------------------------------------------------------------------------------

def test_ivig_two_g_per_kg_ibw_over_two_days():
    result = ivig({**ADULT, "weight": 60}, g_per_kg_total=2, start=MONDAY)
    assert result.value == pytest.approx(ADULT_IBW)  # 2 g/kg / 2 days = 1 g/kg x 70.46 kg = 70.46 g a day
    assert [line.start for line in result.lines] == [dt.date(2026, 1, 5), dt.date(2026, 1, 6)]
    assert any("Ideal body weight for this patient: 70.5 kg" in n for n in result.note_texts())
    # actual 60 kg < ideal: shown for comparison only, 1 g/kg x 60 = 60 g
    assert any("NOT the source's basis: actual weight would give 60 g a day" in n for n in result.note_texts())


def test_ivig_even_split_is_labelled_the_tools_choice_and_s002_keeps_its_own_statement():
    # Clinical review 3, W1: "0.5 g/kg a day" under a SOURCE label, where S002 states 1 g/kg on each day.
    result = ivig({**ADULT, "weight": 60}, g_per_kg_total=1, start=MONDAY)
    split = next(n for n in result.notes if "0.5 g/kg a day" in n.text)
    assert (split.kind, split.rests_on) == ("tool_choice", ("ivig_even_split",))
    stated = next(n for n in result.notes if n.text.startswith("S002 gives the course"))
    assert stated.kind == "source" and stated.rests_on == ("S002",)
    assert "1–2 g/kg of ideal body weight over 2 consecutive days, with 1 g/kg given on each" in stated.text
    assert not [n.text for n in result.notes if n.kind == "source" and "0.5" in n.text]
    assert "split evenly over 2 days (tool choice)" in result.rule


def test_ivig_requires_actual_weight():
    # clinical review D3: weight was optional, so a cachectic patient got 3.9 g/kg of what he weighs unflagged
    no_weight = {k: v for k, v in CACHECTIC.items() if k not in ("weight", "weight_unit")}
    with pytest.raises(InputError) as error:
        ivig(no_weight, g_per_kg_total=2)
    assert error.value.problems[0].field == "weight"
    assert "IVIG" in str(error.value)


@pytest.mark.parametrize("patient, total, warned", [
    (CACHECTIC, 2, "the course of 155.4 g is 3.9 g/kg of 40 kg"),  # 2 x 77.7087 = 155.42 g / 40 = 3.885
    (CACHECTIC, 1, None),                                           # 77.71 g / 40 kg = 1.94 g/kg: within
    ({**CACHECTIC, "weight": 77.7}, 2, None),                       # 155.42 / 77.7 = 2.0003 -> 2.0: not above
    ({**CACHECTIC, "weight": 74}, 2, "the course of 155.4 g is 2.1 g/kg of 74 kg"),  # 155.42 / 74 = 2.10
])
def test_ivig_warns_when_course_is_above_2_g_per_kg_of_actual_weight(patient, total, warned):
    result = ivig(patient, g_per_kg_total=total)
    warnings = [n for n in result.notes if n.warning]
    if warned is None:
        assert warnings == []
        return
    (warning,) = warnings
    assert warning.text.startswith(f"High for this patient's actual weight: {warned}, above 2 g/kg, the top of "
                                   "S002's 1–2 g/kg of ideal body weight (this tool's reading")
    assert (warning.kind, warning.rests_on) == ("tool_choice", ("ivig_actual_weight",))


def test_ivig_first_line_names_the_actual_weight_warning():
    # Review M-N1: 183 cm / 40 kg, 2 g/kg of ideal body weight. Devine 77.7087 kg x 1 g/kg a day = 77.7 g a day.
    # Clinical review 5, D2: the largest line leads with the warning, then the plan.
    result = ivig(CACHECTIC, g_per_kg_total=2)
    line = ("77.7 g IV once daily on each of 2 consecutive days (1 g/kg of ideal body weight a day), 155.4 g in all "
            "(2 g/kg); the even split is this tool's choice")
    lead = ("NOT TO BE GIVEN UNCONFIRMED: 155.4 g in all is 3.9 g/kg of this patient's actual weight, 40 kg, above "
            "2 g/kg, the top of S002's range read on actual weight (this tool's reading); a specialist must confirm "
            "the dose before it is given. Computed on ideal body weight: ")
    assert result.display() == lead + line + " — see the warning below"
    assert str(result).startswith(f"IVIG: {lead}{line} — see the warning below (")
    plain = ivig({**CACHECTIC, "weight": 80}, g_per_kg_total=2)
    assert plain.display() == line


def test_ivig_first_line_is_the_plan_as_given_per_day_and_days_then_the_total():
    # Clinical review M1: a 1 g/kg course read "38.9 g/day ... for 2 consecutive days" and nowhere on the largest
    # line said it is 0.5 g/kg a day of ideal body weight, the split being the tool's. Devine 183 cm male:
    # 77.7087 kg x 0.5 = 38.85 g a day -> 38.9 g; the course is what the two lines give, 2 x 38.9 = 77.8 g.
    result = ivig({**CACHECTIC, "weight": 80}, g_per_kg_total=1, start=MONDAY)
    # clinical review 5, M11: beside the tool's split, S002's own daily figure, labelled with S002
    assert result.display() == ("38.9 g IV once daily on each of 2 consecutive days (0.5 g/kg of ideal body weight "
                                "a day; S002 states 1 g/kg each day), 77.8 g in all (1 g/kg); the even split is this "
                                "tool's choice")
    assert [line.dose_text() for line in result.lines] == ["38.9 g", "38.9 g"]
    # the split is still the tool's choice in the notes, and S002's own statement keeps its label
    assert [n.rests_on for n in result.notes if "split evenly by this tool" in n.text] == [("ivig_even_split",)]


def test_every_regimen_first_line_says_when_a_warning_fired():
    # The same rule for every regimen, over every dose-form case and reference vector of the package: the
    # largest line ends "see the warning(s) below" exactly when a warning note fired, and starts with the plan.
    from calculators.forms import run
    from tools.cases.forms import DOSE, TODAY

    seen = {"warned": set(), "plain": set()}
    for raw in DOSE:
        answer = run("dose", raw, TODAY)
        if not answer["ok"]:
            continue
        r = answer["results"]["regimen"]
        warnings = [n for n in r["notes"] if n.get("warning")]
        tail = {0: "", 1: " — see the warning below"}.get(len(warnings), " — see the warnings below")
        assert r["display"].endswith(tail) if tail else "see the warning" not in r["display"], (raw, r["display"])
        seen["warned" if warnings else "plain"].add(r["name"])
    # the cases reach a warning in each regimen that can give one
    assert {"ivig", "azathioprine", "prednisone_initial", "mycophenolate", "cyclophosphamide"} <= seen["warned"]


@settings(max_examples=200, deadline=None)
@given(height=st.floats(152.4, 250), sex=st.sampled_from(["male", "female"]), total=st.floats(1, 2))
def test_ivig_never_above_1g_per_kg_ibw_a_day(height, sex, total):
    result = ivig({"height": height, "height_unit": "cm", "sex": sex, "age_years": 40, "weight": 70,
                   "weight_unit": "kg"}, g_per_kg_total=total)
    ibw = result.inputs["ideal_body_weight_kg"]
    assert all(line.dose <= ibw * 1.0 + 1e-9 for line in result.lines)


# --- schedules without weight -----------------------------------------------------------------

def test_rituximab_dates_and_adult_only():
    result = rituximab(start=MONDAY, age_years=40)
    assert [(line.dose, line.start) for line in result.lines] == [(1000, dt.date(2026, 1, 5)),
                                                                    (1000, dt.date(2026, 1, 19))]
    with pytest.raises(InputError, match=r"rituximab is for adults .*S002 gives rituximab for adults only"):
        rituximab(start=MONDAY, age_years=16)


def test_rituximab_asks_for_hepatitis_b_screening_from_its_label():
    # clinical review M10: the record was silent on hepatitis B reactivation; the sources say nothing on it for
    # rituximab, so the note names its outside reference (registered in calculators.sources) and never S000-S003.
    from calculators.sources import REFERENCE_SOURCES
    result = rituximab(start=MONDAY, age_years=40)
    (note,) = [n for n in result.notes if "hepatitis B" in n.text]
    assert note.text.startswith("Before the first rituximab dose: screen for hepatitis B (HBsAg and anti-HBc)")
    assert note.kind == "reference" and note.rests_on == ("Rituximab labelling",)
    assert "Rituximab labelling" in REFERENCE_SOURCES
    assert not set(note.rests_on) & {"S000", "S001", "S002", "S003"}


def test_cyclophosphamide_schedule_without_dose():
    result = cyclophosphamide(start=MONDAY, months=6, age_years=40)
    # 2026-01-05 to 2026-07-05 = 181 days; 181 // 28 = 6 infusions every 4 weeks
    assert [line.start.isoformat() for line in result.lines] == [
        "2026-01-05", "2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27", "2026-05-25"]
    assert all(line.dose is None for line in result.lines)
    assert "no cyclophosphamide dose" in result.notes[0].text
    assert len(cyclophosphamide(start=MONDAY, months=3, age_years=40).lines) == 3  # 90 // 28
    # 365 // 28 = 13 cycles fit into 12 months, but never more infusions than months (clinical review W3)
    twelve = cyclophosphamide(start=MONDAY, months=12, age_years=40)
    assert [line.label for line in twelve.lines] == [f"Infusion {n}" for n in range(1, 13)]
    assert twelve.lines[-1].start == dt.date(2026, 11, 9)  # 2026-01-05 + 11 x 28 = 308 days (day 5 + 308 = day 313)
    with pytest.raises(InputError, match="allowed: 3 to 12 months"):
        cyclophosphamide(start=MONDAY, months=13, age_years=40)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)), months=st.integers(3, 12))
def test_cyclophosphamide_never_more_infusions_than_months(start, months):
    result = cyclophosphamide(start=start, months=months, age_years=40)
    assert len(result.lines) <= months
    assert all((b.start - a.start).days == 28 for a, b in zip(result.lines, result.lines[1:]))


def test_mycophenolate_and_calcineurin():
    # through the registry, so a reviewed change of the figure is not a failure here (issue 23)
    start = g.IIM_MMF_START
    plan = f"{format_number(start.value)} {start.unit} by mouth {start.suffix}"
    assert mycophenolate(age_years=30).plan() == plan
    # the teratogen warning (product labelling) is always given, so the first line always points to it
    assert mycophenolate(age_years=30).display() == plan + " — see the warning below"
    assert start.suffix == "twice daily"  # the frequency is part of the rule, not only of the figure
    cni = calcineurin_inhibitor(drug="cyclosporine")
    assert cni.value is None and any("hypertension and renal insufficiency" in n for n in cni.note_texts())


@pytest.mark.parametrize("result", [mycophenolate(age_years=30),
                                    cyclophosphamide(start=MONDAY, months=6, age_years=40)],
                         ids=["mycophenolate", "cyclophosphamide"])
def test_a_major_teratogen_says_so_from_labelling(result):
    # clinical review D2: the sources are silent; the result names the outside reference, as a warning
    notes = [n for n in result.notes if "teratogen" in n.text]
    assert len(notes) == 1 and notes[0].warning and notes[0].kind == "reference"
    assert notes[0].rests_on == ("Mycophenolate and cyclophosphamide labelling",)
    assert "pregnancy test" in notes[0].text and "contraception" in notes[0].text


# --- every bad input is refused ---------------------------------------------------------------

BAD_NUMBERS = [-1, 0, float("nan"), float("inf"), -float("inf"), 1e9, "20", None, True, [20]]
NUMERIC_OPTIONS = {
    "prednisone_initial": ({"patient": kg(70)}, "mg_per_kg"),
    "iv_methylprednisolone": ({"patient": kg(70), "days": 3}, "mg_per_kg"),
    "ivig": ({"patient": ADULT}, "g_per_kg_total"),
    "methotrexate_igm": ({"prednisolone_mg_per_day": 15, "age_years": 40}, "mg_per_week"),
    "cyclophosphamide": ({"start": MONDAY, "age_years": 40}, "months"),
    "methotrexate_iim": ({"start": MONDAY, "age_years": 40}, "ramp_months"),
}


@pytest.mark.parametrize("calculator", sorted(NUMERIC_OPTIONS))
@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
def test_bad_option_is_refused(calculator, bad):
    base, field = NUMERIC_OPTIONS[calculator]
    with pytest.raises(InputError) as refused:
        CALCULATORS[calculator](**base, **{field: bad})
    assert refused.value.field == field


WEIGHTED = ["prednisone_initial", "iv_methylprednisolone", "prednisone_jdm", "methotrexate_jdm"]
OPTIONS = {"prednisone_initial": {"mg_per_kg": 1}, "iv_methylprednisolone": {"mg_per_kg": 10, "days": 1},
           "prednisone_jdm": {}, "methotrexate_jdm": {}}


@pytest.mark.parametrize("calculator", WEIGHTED)
@pytest.mark.parametrize("patient", [
    {"weight": -70, "weight_unit": "kg", "height": 170, "height_unit": "cm"},
    {"weight": 0, "weight_unit": "kg", "height": 170, "height_unit": "cm"},
    {"weight": float("nan"), "weight_unit": "kg", "height": 170, "height_unit": "cm"},
    {"weight": 70, "weight_unit": "st", "height": 170, "height_unit": "cm"},
    {"weight": 70, "height": 170, "height_unit": "cm"},
    {"weight": "70", "weight_unit": "kg", "height": 170, "height_unit": "cm"},
    {"weight": 700, "weight_unit": "kg", "height": 170, "height_unit": "cm"},
    {"height": 170, "height_unit": "cm"},
    "70 kg",
], ids=repr)
def test_bad_patient_is_refused(calculator, patient):
    with pytest.raises(InputError):
        CALCULATORS[calculator](patient, **OPTIONS[calculator])


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.floats(max_value=0), st.floats(min_value=350.0001), st.just(float("nan")),
                       st.text(max_size=3), st.none()))
def test_bad_weight_never_returns_a_dose(value):
    with pytest.raises(InputError):
        prednisone_jdm({"weight": value, "weight_unit": "kg", "age_years": 10})


def test_dates_must_be_dates():
    with pytest.raises(InputError, match="must be a calendar date"):
        rituximab(start="2026-13-01")


# --- exports for the browser port -------------------------------------------------------------

def test_exports_are_json_and_match_the_committed_vectors():
    rules = json.loads(json.dumps(export_regimens()))
    assert rules["figures"]["mtx.weekly_cap"]["value"] == 25
    assert rules["figures"]["iim.ivmp.daily_limits"]["value"] == [250, 1000]
    vectors = json.loads(json.dumps(regimen_vectors()))
    assert any("error" in v for v in vectors) and any("expected" in v for v in vectors)
    committed = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    assert vectors == committed, (
        "regimen vectors changed: regenerate with "
        "`make refresh` and review the diff")


def test_every_regimen_reads_its_numbers_from_guidance():
    # a change to a figure must move the calculator: spot-check by figure values, not literals
    assert g.IIM_IVMP_DAILY.value == (250, 1000) and g.JDM_PRED_CAP.value == 60 and g.MTX_WEEKLY_CAP.value == 25
    assert export_regimens()["calculators"].keys() == CALCULATORS.keys()


def test_patient_instance_is_accepted():
    assert prednisone_jdm(Patient(weight=20, weight_unit="kg", age_years=6)).value == 40


# --- issue 11: one declared start ceiling, populations enforced -------------------------------

def test_initial_prednisone_ceiling_is_the_declared_tool_choice_the_taper_shares():
    from calculators.choices import PRED_START_CEILING_MG, TOOL_CHOICES
    from calculators.taper import taper_schedule

    result = prednisone_initial(kg(130), mg_per_kg=1)
    assert result.value == PRED_START_CEILING_MG == 80  # 130 x 1 = 130 -> the tool's ceiling, shown
    cap = result.caps_applied[0]
    assert (cap.computed, cap.applied, cap.kind, cap.rests_on) == (130, 80, "tool_choice", ("pred_start_ceiling",))
    assert any(n.kind == "tool_choice" and "no maximum" in n.text for n in result.notes)
    assert "IIM tapers" in TOOL_CHOICES["pred_start_ceiling"].applies_to
    # the taper starts from the very same dose for the very same patient
    schedule = taper_schedule("iim-s003-rule-based", start_date=MONDAY, hold_weeks=2,
                              patient=Patient(weight=130, weight_unit="kg", age_years=45), dose_mg_per_kg=1)
    assert schedule.start_dose_mg == result.value


ADULT_ONLY = {
    "prednisone_initial": {"patient": kg(30, age=10), "mg_per_kg": 1},
    "iv_methylprednisolone": {"patient": kg(30, age=10), "mg_per_kg": 10, "days": 1},
    "methotrexate_iim": {"start": MONDAY, "ramp_months": 3, "age_years": 10},
    "azathioprine": {"patient": {**ADULT, "age_years": 10}, "tpmt": "normal"},
    "mycophenolate": {"age_years": 10},
    "ivig": {"patient": {**ADULT, "age_years": 10}, "g_per_kg_total": 2},
    "rituximab": {"age_years": 10},
    "cyclophosphamide": {"start": MONDAY, "months": 6, "age_years": 10},
    "methotrexate_igm": {"mg_per_week": 15, "prednisolone_mg_per_day": 10, "age_years": 10},
}
CHILD_ONLY = {
    "prednisone_jdm": {"patient": kg(60, age=30)},
    "methotrexate_jdm": {"patient": {**kg(60, age=30), "height": 170, "height_unit": "cm"}},
}


@pytest.mark.parametrize("name", sorted(ADULT_ONLY))
def test_adult_regimens_refuse_children_and_ask_for_a_missing_age(name):
    inputs = ADULT_ONLY[name]
    with pytest.raises(InputError) as refused:
        CALCULATORS[name](**inputs)
    assert refused.value.field == "age_years" and "adults (18 years or older)" in str(refused.value)
    without_age = {k: ({kk: vv for kk, vv in v.items() if kk != "age_years"} if k == "patient" else v)
                   for k, v in inputs.items() if k != "age_years"}
    with pytest.raises(InputError, match="age_years = \\(not given\\): is required"):
        CALCULATORS[name](**without_age)


@pytest.mark.parametrize("name", sorted(CHILD_ONLY))
def test_juvenile_dm_regimens_refuse_adults(name):
    with pytest.raises(InputError, match="under 18 years"):
        CALCULATORS[name](**CHILD_ONLY[name])


def test_where_the_sources_give_nothing_the_tool_says_so():
    with pytest.raises(InputError, match="no IV methylprednisolone dose for juvenile dermatomyositis"):
        iv_methylprednisolone(kg(30, age=10), mg_per_kg=10, days=1)
    with pytest.raises(InputError, match="no folic acid dose for children"):
        methotrexate_iim(start=MONDAY, ramp_months=3, age_years=10)
    jdm = prednisone_jdm(kg(30, age=9))
    assert any("no taper for juvenile DM" in n for n in jdm.note_texts())
    mtx = methotrexate_jdm({**kg(30, age=9), "height": 135, "height_unit": "cm"})
    assert any("no dose for a child on methotrexate" in n for n in mtx.note_texts())


def test_jdm_methotrexate_says_how_to_measure_the_dose_and_that_no_folic_dose_is_a_gap():
    # Clinical review 3, M5: "15.1 mg subcutaneous" with no word on how to draw it up, and "The sources give no
    # folic acid dose for juvenile DM: none is computed here", which read as "none needed".
    girl = {"weight": 28, "weight_unit": "kg", "height": 130, "height_unit": "cm", "sex": "female", "age_years": 9}
    result = methotrexate_jdm(girl)
    assert result.display() == "15.1 mg subcutaneous once weekly"  # 15 x sqrt(130 x 28 / 3600) = 15.08
    measure = next(n for n in result.notes if n.text.startswith("How to give 15.1 mg"))
    assert (measure.kind, measure.rests_on) == ("tool_choice", ("rounding",))
    assert "volume in mL = 15.1 mg divided by its mg per mL" in measure.text
    gap = next(n for n in result.notes if "does not mean folic acid is not needed" in n.text)
    assert (gap.kind, gap.rests_on) == ("tool_choice", ("jdm_folic_gap",)) and "paediatric formulary" in gap.text
    assert not [n.text for n in result.notes if n.text.rstrip(".").endswith("none is computed here")
                and "not needed" not in result.notes[result.notes.index(n) + 1].text]


def test_every_regimen_declares_its_population_and_exports_it():
    from calculators.regimens import REGIMENS, export_populations

    exported = json.loads(json.dumps(export_populations()))
    assert set(exported) == set(REGIMENS)
    assert exported["methotrexate_igm"]["disease"] == "IGM" and exported["methotrexate_igm"]["age_required"]
    assert exported["methotrexate_igm"]["min_age_years"] == 18
    assert exported["methotrexate_jdm"]["below_age_years"] == 18
    assert exported["iv_methylprednisolone"]["min_age_years"] == 18 and exported["iv_methylprednisolone"]["age_required"]
    assert methotrexate_igm(mg_per_week=15, prednisolone_mg_per_day=10, age_years=40).population == (
        "adults (18 years or older) with idiopathic granulomatous mastitis")


def test_igm_result_carries_the_withdrawal_doubt_and_contraception():
    result = methotrexate_igm(mg_per_week=15, prednisolone_mg_per_day=10, age_years=40)
    text = " ".join(result.note_texts())
    assert "Doubt about the source" in text and "prolonged low-dose maintenance" in text
    assert "contraception" in text and "carried over to IGM" in text
    doubt = next(n for n in result.notes if "Doubt" in n.text)
    assert doubt.kind == "tool_choice"


def _every_regimen_result():
    from tools.cases import VECTOR_INPUTS

    for name, inputs in VECTOR_INPUTS:
        try:
            yield name, CALCULATORS[name](**inputs)
        except InputError:
            continue


def test_no_note_carried_over_from_another_diseases_sources_wears_a_sources_label():
    # clinical review 5 W2: "SOURCE ... Stated by S000 for IGM and carried over", "SOURCE Carried over from S003,
    # which writes for adults". Mutation caught: any carried note of a recipe put back to {"note": "source", ...}.
    carried = 0
    for name, result in _every_regimen_result():
        for note in result.notes:
            if re.search(r"[Cc]arried over", note.text):
                carried += 1
                assert note.kind == "tool_choice", (name, note.text)
                assert set(note.rests_on) & {"carried_over", "jdm_prevention"}, (name, note.text)
                assert re.search(r"S00[0-3]", note.text), (name, note.text)
    assert carried


def test_every_note_and_cap_has_a_kind_and_no_tool_choice_cites_a_source():
    from calculators.sources import GUIDELINE_SOURCES
    from calculators.statements import KINDS

    seen = set()
    for name, result in _every_regimen_result():
        for item in (*result.notes, *result.caps_applied):
            assert item.kind in KINDS, (name, item)
            seen.add(item.kind)
            if item.kind == "tool_choice":
                assert not set(item.rests_on) & set(GUIDELINE_SOURCES), (name, item)
                assert set(item.rests_on) <= set(TOOL_CHOICES), (name, item)
            elif item.kind == "source":
                assert set(item.rests_on) <= set(GUIDELINE_SOURCES), (name, item)
    assert seen == set(KINDS)


def test_a_tool_choice_cannot_be_given_a_source_as_its_basis():
    from calculators.statements import Note

    with pytest.raises(ValueError, match="cannot rest on"):
        Note(text="25 mg cap", kind="tool_choice", rests_on=("S002",))
    with pytest.raises(ValueError, match="cannot rest on"):
        Note(text="15 mg/m2", kind="source", rests_on=("jdm_mtx_cap",))


# --- issue 15 §4: a regimen is one module ---------------------------------------------------

THROWAWAY = '''
"""A throwaway regimen: its module is all there is (no JavaScript, no table elsewhere)."""
from calculators import guidance as g
from calculators._model import CalcInput, LaxDate
from calculators.population import adults
from calculators.regimens._base import as_patient
from calculators.regimens._regimen import Regimen
from calculators.regimens.recipe import follow

POPULATION = adults("IIM", ("S002",))


class ThrowawayInput(CalcInput):
    start: LaxDate | None = None


def throwaway(patient, *, start=None):
    """A test regimen: 0.5 mg/kg/day for three days, at most 30 mg/day."""
    return follow(REGIMEN, ThrowawayInput(start=start), as_patient(patient))


RECIPE = {
    "title": "Throwaway", "called": "throwaway", "label": "Throwaway (a test)", "needs": ["weight"],
    "figures": {"PER_KG": g.IIM_PRED_LOW_END.key},
    "steps": [
        {"require": ["weight"], "for": "throwaway"},
        {"population": "=age_years"},
        {"let": {"dose": "=PER_KG.value * weight"}},
        {"cap": "dose", "ceiling": 30, "figure": "PER_KG", "unit": "mg/day", "kind": "tool_choice",
         "rests_on": ["pred_start_ceiling"],
         "then": [{"note": "tool_choice", "choice": "pred_start_ceiling", "text": "=n1(computed) + ' capped'"}]},
        {"repeat": 3, "as": "i", "steps": [
            {"line": {"drug": "prednisone", "dose": "=dose", "unit": "mg", "frequency": "once daily",
                      "route": "by mouth", "label": "=say('reg.day', n=str(i + 1))", "start": "=later(start, i)",
                      "end": "=later(start, i)"}}]},
        {"note": "source", "say": "reg.mmf.preferred", "rests_on": ["S002"]},
    ],
    "result": {"value": "=dose", "unit": "mg/day", "frequency": "once daily", "route": "by mouth",
               "rule": "=num(PER_KG.value) + ' mg/kg/day x ' + n2(weight) + ' kg'", "source": "S002",
               "sources": "=sources_of(PER_KG)"},
}

REGIMEN = Regimen(name="throwaway", calculate=throwaway, input_model=ThrowawayInput, figures=(g.IIM_PRED_LOW_END,),
                  population=POPULATION, order=99, recipe=RECIPE)
'''


def test_a_throwaway_regimen_module_is_found_by_the_registry_and_computed_by_the_page(tmp_path, monkeypatch):
    """Adding a regimen is its module: the registry, the form, the exported data and the page's JavaScript
    (unchanged, in Node) all follow, and the page answers exactly as the package does."""
    import importlib
    import sys

    import calculators.regimens as package
    from calculators.forms import definitions, run
    from tests.live_node import NodeForms, node
    from tests.test_live_parity import compare
    from tools.cases.forms import TODAY

    module = tmp_path / "iim_throwaway.py"
    module.write_text(THROWAWAY, encoding="utf-8")
    monkeypatch.setattr(package, "__path__", [*package.__path__, str(tmp_path)])
    try:
        found = package.discover()
        assert "throwaway" in found and list(found)[-1] == "throwaway"
        assert len(found) == len(package.REGIMENS) + 1  # every other regimen is still there, once
        assert found["throwaway"].population.as_json()["age_required"] is True
        result = found["throwaway"].calculate({"weight": 40, "weight_unit": "kg", "age_years": 40}, start="2026-01-05")
        assert result.value == 20 and len(result.lines) == 3 and not result.caps_applied
        capped = found["throwaway"].calculate({"weight": 80, "weight_unit": "kg", "age_years": 40})
        assert capped.value == 30 and capped.caps_applied[0].computed == 40
        with pytest.raises(InputError, match="age_years"):
            found["throwaway"].calculate({"weight": 80, "weight_unit": "kg", "age_years": 12})

        # the registry, the dose form and the page's data, as a build with the module would make them
        monkeypatch.setattr(package, "REGIMENS", found)
        monkeypatch.setattr(package, "FIGURES_USED", {n: r.figures for n, r in found.items()})
        monkeypatch.setitem(definitions.FORMS, "dose", definitions.dose_form())
        labels = dict(definitions.FORMS["dose"].field("regimen").choices)
        assert labels["throwaway"] == "Throwaway (a test)"
        cases = [{"regimen": "throwaway", "weight": w, "weight_unit": u, "age_years": a, "start": d}
                 for w, u, a, d in [("40", "kg", "40", "2026-01-05"), ("80", "kg", "40", ""), ("150", "lb", "70", ""),
                                    ("80", "kg", "12", ""), ("80", "kg", "", ""), ("", "kg", "40", "")]]
        states = {run("dose", raw, TODAY)["state"] for raw in cases}
        assert states == {"result", "refused", "empty"}
        if node() is None:
            pytest.skip("node is not installed: the page's half of this test needs it")
        page = NodeForms(tmp_path / "node", forms=["dose"])
        try:
            failures = compare(page, [("dose", raw) for raw in cases])
        finally:
            page.close()
        assert not failures, "\n".join(failures)
    finally:
        sys.modules.pop("calculators.regimens.iim_throwaway", None)
        importlib.invalidate_caches()


# --- the recipe language: a small vocabulary, never Python's eval --------------------------------

@pytest.mark.parametrize("text", ["__import__('os').system('true')", "open('x')", "(lambda: 1)()", "x[0:1]",
                                  "{'a': 1}", "print(1)", "f'{x}'", "x.y()", "2 ** 10", "[i for i in x]"])
def test_a_recipe_expression_outside_the_vocabulary_is_refused(text):
    from calculators.regimens.recipe import expression

    with pytest.raises(ValueError, match="not in the vocabulary"):
        expression(text)


def test_every_regimen_is_a_recipe_the_page_can_follow():
    """Each registry entry has a compiled recipe (the page has no other way to compute it), all JSON."""
    from calculators.regimens import REGIMENS

    for name, regimen in REGIMENS.items():
        assert regimen.recipe is not None, name
        assert json.loads(json.dumps(regimen.recipe)) == regimen.recipe, name


def test_a_recipe_expression_becomes_a_small_tree():
    from calculators.regimens.recipe import expression

    assert expression("PER_KG.value * weight") == ["*", ["get", "PER_KG", "value"], "weight"]
    assert expression("1 <= x <= 2") == ["and", ["<=", 1, "x"], ["<=", "x", 2]]
    assert expression("None if start is None else weekday(start)") == [
        "if", ["==", "start", None], None, ["call", "weekday", ["start"], {}]]
    assert expression("say('reg.day', n=str(i + 1))") == [
        "call", "say", [["lit", "reg.day"]], {"n": ["call", "str", [["+", "i", 1]], {}]}]


# --- issue 22: what every methotrexate result carries, the IGM prednisolone line, warnings --------------

def _mtx_results():
    return {
        "iim": methotrexate_iim(start="2026-01-05", ramp_months=3, age_years=45),
        "igm": methotrexate_igm(mg_per_week=20, prednisolone_mg_per_day=15, start="2026-01-07", age_years=40),
        "jdm": methotrexate_jdm({**kg(30, age=9), "height": 135, "height_unit": "cm"}),
    }


@pytest.mark.parametrize("which", ["iim", "igm", "jdm"])
def test_every_methotrexate_result_carries_the_drugs_notes_with_their_kind(which):
    notes = _mtx_results()[which].notes

    def one(*words):
        found = [n for n in notes if all(w in n.text for w in words)]
        assert len(found) == 1, (words, [n.text for n in notes])
        return found[0]

    # S002, "Prevention of treatment complications": hepatitis B/C screen and baseline LFTs before methotrexate;
    # reliable contraception with methotrexate (teratogenic)
    # on IGM both are carried over: the tool's choice carried_over, naming S002 in the text (clinical review 5 W2)
    basis = ("tool_choice", ("carried_over",)) if which == "igm" else ("source", ("S002",))
    before = one("hepatitis B and C", "liver function tests", "Before the first methotrexate dose")
    assert (before.kind, before.rests_on) == basis and "S002" in before.text
    teratogenic = one("teratogenic", "contraception")
    assert (teratogenic.kind, teratogenic.rests_on) == basis and "S002" in teratogenic.text
    # no source names the trimethoprim-sulfamethoxazole interaction: an outside reference, named
    interaction = one("Trimethoprim-sulfamethoxazole", "marrow toxicity")
    assert (interaction.kind, interaction.rests_on) == ("reference", ("Methotrexate labelling and BNF",))
    assert "the guideline sources do not mention it" in interaction.text
    if which == "igm":  # the IGM sources say none of this: each says it is carried over from S002
        assert "carried over to IGM" in before.text and "carried over to IGM" in teratogenic.text
        folic = one("Folic acid", "the IGM sources give none")
        assert (folic.kind, folic.rests_on) == ("source", ("S002",))
    if which == "iim":
        assert one("Folic acid 1 mg once daily").rests_on == ("S002",)
    if which == "jdm":  # S002/S003 give folic acid for adults only: no dose for a child, and it says so
        assert one("no dose for a child on methotrexate").kind == "source"


def test_igm_prednisolone_line_says_low_dose_for_months_then_withdrawal_over_6_to_14_days():
    # S000: "low-dose prednisolone (typically 10-20 mg daily...)", "continued ... (typically several months)",
    # "tapered slowly over 6-14 days when discontinuing steroids"
    line = _mtx_results()["igm"].lines[1]
    assert line.drug == "prednisolone" and line.dose == 15 and line.start == dt.date(2026, 1, 7) and line.end is None
    assert line.label == "Low dose kept for several months; when stopping, withdrawn slowly over 6–14 days (S000)"
    assert "then taper" not in line.text()


@pytest.mark.parametrize("kwargs, words, half", [
    ({"mg_per_kg": 1, "diabetes": True}, "1 mg/kg/day chosen; with diabetes, S002 advises a dose nearer 0.5 mg/kg/day.",
     "upper"),
    ({"mg_per_kg": 0.8, "osteoporosis": True, "glaucoma": True},
     "0.8 mg/kg/day chosen; with osteoporosis, glaucoma, S002 advises a dose nearer 0.5 mg/kg/day.", "upper"),
    ({"mg_per_kg": 0.5, "high_relapse_risk": True, "low_steroid_risk": True},
     "0.5 mg/kg/day chosen; with high relapse risk and low steroid risk, S002 advises a dose nearer 1 mg/kg/day.",
     "lower"),
])
def test_prednisone_dose_chosen_against_the_ticked_factors_warns(kwargs, words, half):
    # clinical review M3: the advice is S002's, so the warning is labelled S002; the midpoint reading that makes it
    # a warning is a separate note labelled as the tool's choice (a pharmacist must not discount S002's advice).
    result = prednisone_initial(kg(70), **kwargs)
    (warning,) = [n for n in result.notes if n.warning]
    assert warning.text == words
    assert (warning.kind, warning.rests_on) == ("source", ("S002",))
    (reading,) = [n for n in result.notes if n.rests_on == ("pred_factor_half",)]
    assert reading.kind == "tool_choice" and not reading.warning
    assert f"in the {half} half of 0.5–1 mg/kg/day: this tool reads S002's 'nearer'" in reading.text


def test_prednisone_result_carries_pneumocystis_and_bone_items():
    # clinical review M3: 70 mg/day for 2-4 weeks, then a taper, meets S003's ">=20 mg ... for 4+ weeks"; the
    # record said nothing of Pneumocystis prophylaxis or bone protection (S003 lines 26-28; S002 prevention list).
    result = prednisone_initial(kg(70), mg_per_kg=1, diabetes=True)
    (pjp,) = [n for n in result.notes if n.text.startswith("Pneumocystis prophylaxis")]
    assert "20 mg/day or more of corticosteroid for 4 weeks or more (S003)" in pjp.text
    assert (pjp.kind, set(pjp.rests_on)) == ("source", {"S002", "S003"})
    (bone,) = [n for n in result.notes if n.text.startswith("Bone health")]
    assert "calcium and vitamin D" in bone.text and "bisphosphonate if osteoporosis" in bone.text
    assert bone.kind == "source"


@pytest.mark.parametrize("kwargs", [
    {"mg_per_kg": 0.75, "diabetes": True},  # the midpoint itself is not past it
    {"mg_per_kg": 0.5, "glaucoma": True},
    {"mg_per_kg": 1, "high_relapse_risk": True, "low_steroid_risk": True},
    {"mg_per_kg": 0.75, "high_relapse_risk": True, "low_steroid_risk": True},
    {"mg_per_kg": 1, "diabetes": True, "high_relapse_risk": True},  # both ways: the source does not say
    {"mg_per_kg": 0.5, "high_relapse_risk": True},                 # relapse risk alone: S002 names both
    {"mg_per_kg": 1},
])
def test_prednisone_dose_with_the_factors_does_not_warn(kwargs):
    assert not any(n.warning for n in prednisone_initial(kg(70), **kwargs).notes)


# --- issue 26: names and fields are checked when a recipe is compiled -------------------------------

def test_every_regimen_recipe_passes_the_compile_time_check():
    import importlib

    from calculators.regimens import REGIMENS
    from calculators.regimens.recipe import check_recipe

    for name, regimen in REGIMENS.items():
        module = importlib.import_module(regimen.calculate.__module__)
        check_recipe(name, module.RECIPE, tuple(regimen.input_model.model_fields))


def _planted(expr: str, where: str = "let") -> dict:
    from calculators.regimens.iim_azathioprine import RECIPE

    recipe = json.loads(json.dumps(RECIPE))
    recipe["steps"].insert(3, {"let": {"planted": expr}} if where == "let" else {"note": "source", "text": expr,
                                                                               "rests_on": ["S002"]})
    return recipe


@pytest.mark.parametrize(("expr", "words"), [
    ("=PER_KGG.valeu * wieght", ["unknown name 'PER_KGG'", "unknown name 'wieght'"]),
    ("=AZA.valeu * weight", ["no field 'valeu' on 'AZA'"]),
    ("=ibw.vaule", ["no field 'vaule' on 'ibw'"]),
    ("=n1(weight, 2)", ["n1() takes 1 arguments, got 2"]),
    ("=sources_of(AZA, extras=[])", ["sources_of() takes no argument 'extras'"]),
    ("=which(['diabetis'])", ["which() names 'diabetis'"]),
])
def test_a_misspelt_recipe_fails_when_its_regimen_is_created(expr, words):
    from calculators.regimens import Regimen
    from calculators.regimens.iim_azathioprine import REGIMEN

    with pytest.raises(ValueError) as raised:
        Regimen(name="planted", calculate=REGIMEN.calculate, input_model=REGIMEN.input_model, figures=REGIMEN.figures,
                population=REGIMEN.population, recipe=_planted(expr))
    message = str(raised.value)
    assert "recipe 'planted'" in message and repr(expr) in message, message
    for word in words:
        assert word in message, message


# --- doses the tablets make (clinical review M2, M7) ------------------------------------------------

def test_azathioprine_target_the_tablets_cannot_make_is_said_with_the_nearest_they_make():
    # M2: 183 cm man, Devine 77.7087 kg x 2 mg/kg = 155.417 mg/day, which 25 and 50 mg tablets cannot make:
    # the largest line keeps the computed target and names 150 and 175 mg/day; the tool does not pick.
    # From the registry (CACHECTIC_AZA), so an editor's new target keeps this passing
    # (tests/test_editor_new_start_dose.py); 155.417 today, between 150 and 175.
    result = azathioprine({**CACHECTIC, "weight": 80}, tpmt="normal")
    below = math.floor(CACHECTIC_AZA / 25) * 25
    assert CACHECTIC_AZA % 25, "the case needs a target the tablets cannot make"
    assert result.display().startswith(
        f"{n1(CACHECTIC_AZA)} mg/day by mouth daily, in divided doses: the target dose as computed, which 25 mg and "
        f"50 mg tablets cannot make: prescribe {below} or {below + 25} mg/day instead (the nearest they make; the "
        "tool does not round)")
    assert [n.kind for n in result.notes if n.rests_on == ("aza_tablets",)] == ["tool_choice"]
    # a target the tablets make is said alone: 152.4 cm man, Devine 50 kg x 2 = 100 mg/day
    made = azathioprine({**CACHECTIC, "height": 152.4, "weight": 80}, tpmt="normal")
    assert (AZA_PER_KG * 50) % 25 == 0, "the case needs a target the tablets make (50 kg of ideal body weight)"
    assert "cannot make" not in made.display() and made.display().startswith(f"{n1(AZA_PER_KG * 50)} mg/day by mouth")
    assert not [n for n in made.notes if n.rests_on == ("aza_tablets",)]


@settings(max_examples=200, deadline=None)
@given(height=st.floats(152.4, 230), sex=st.sampled_from(["male", "female"]))
def test_azathioprine_makeable_doses_bracket_the_target_and_stay_inside_the_cpic_range(height, sex):
    # 120 kg: never above CPIC's top per kg of actual weight (ideal body weight is at most 120.3 kg here), where
    # no makeable dose is offered (clinical review 5, D1)
    patient = {"height": height, "height_unit": "cm", "sex": sex, "age_years": 40, "weight": 120, "weight_unit": "kg"}
    normal = azathioprine(patient, tpmt="normal")
    target = round(normal.value, 6)
    found = re.search(r"prescribe ([\d.]+) or ([\d.]+) mg/day instead", normal.display())
    if target % 25 == 0:
        assert found is None
    else:
        below, above = float(found[1]), float(found[2])
        assert below % 25 == 0 and above == below + 25 and below < target < above
    reduced = azathioprine(patient, tpmt="intermediate")
    inside = re.search(r"tablets make ([\d.]+) to ([\d.]+) mg/day within it", reduced.display())
    low, high = float(inside[1]), float(inside[2])
    # the cap: never below the reduced range's low end nor above its high end (CPIC's 80% of the target)
    assert reduced.value <= low <= high <= reduced.high and low % 25 == 0 and high % 25 == 0
    assert low - 25 < reduced.value and high + 25 > reduced.high


def test_initial_prednisone_for_154_lb_says_the_dose_the_taper_says():
    # M7: 154 lb = 69.853225 kg; 1 mg/kg/day = 69.85 mg/day, which whole prednisone tablets cannot make. The taper
    # refuses it naming 69.5 or 70; 70 mg/day is 1.002 mg/kg, above the range, which the taper refuses too, so the
    # dose result offers 69.5 mg/day. No raw float (69.853225) is shown.
    result = prednisone_initial({"weight": 154, "weight_unit": "lb", "age_years": 50}, mg_per_kg=1)
    assert result.display() == (
        "69.85 mg/day by mouth once daily as computed, which prednisone tablets (1, 2.5, 5, 10, 20, 50 mg, whole) "
        "cannot make: prescribe 69.5 mg/day instead (the nearest they make within 0.5–1 mg/kg/day; the tool does "
        "not round)")
    assert [n.kind for n in result.notes if n.rests_on == ("pred_tablets",)] == ["tool_choice"]
    # the printed record's "What to give" line says it is the computed dose, not one to dispense
    assert result.lines[0].text().startswith("Initial dose, as computed: the tablets cannot make it; prescribe a "
                                             "dose they make (above): prednisone 69.85 mg")
    shown = " ".join([result.display(), result.rule, *result.note_texts(), *(line.text() for line in result.lines)])
    assert "69.853" not in shown
    assert prednisone_initial(kg(70), mg_per_kg=1).display() == "70 mg/day by mouth once daily"


def test_initial_prednisone_makeable_doses_are_the_tapers_tablets():
    """The recipe's grid (pred_tablets) is the taper's prednisone preset: every dose it calls makeable, and every
    nearest dose it offers, is what calculators.taper.tablets makes from that preset (whole tablets)."""
    from calculators.taper.protocols import STRENGTH_PRESETS
    from calculators.taper.tablets import make_dose, nearest_makeable

    preset = STRENGTH_PRESETS["prednisone"][1]
    for quarter in range(8, 321):  # 2 to 80 mg in steps of 0.25 mg
        dose = quarter / 4
        # at 1 mg/kg/day the dose is the range's top (only the dose below it is offered), at 0.5 its bottom (only
        # the dose above it)
        for per_kg, side in ((1, 0), (0.5, 1)):
            result = prednisone_initial(kg(dose / per_kg), mg_per_kg=per_kg)
            offered = re.search(r"prescribe ([\d.]+)(?: or ([\d.]+))? mg/day instead", result.display())
            assert (offered is None) == (make_dose(dose, preset, False) is not None), dose
            if offered:
                assert offered[2] is None and float(offered[1]) == nearest_makeable(dose, preset, False)[side], dose


# --- clinical review 4, M8 and M9: the risk factors of the initial prednisone ----------------------------------

def _factor_notes(**flags):
    result = prednisone_initial({"weight": 70, "weight_unit": "kg", "age_years": 50}, mg_per_kg=0.75, **flags)
    return [n for n in result.notes if n.kind == "source"]


@pytest.mark.parametrize("flag", ["high_relapse_risk", "low_steroid_risk"])
def test_one_upper_factor_alone_is_a_factor_entered_not_none(flag):
    # M8: high relapse risk ticked alone was reported as "No factor entered": S002's upper pair was counted only
    # when both were ticked
    texts = [n.text for n in _factor_notes(**{flag: True})]
    assert not any(t.startswith("No factor entered") for t in texts)
    (partial,) = [t for t in texts if "says nothing of one without the other" in t]
    given = {"high_relapse_risk": "High relapse risk without low risk", "low_steroid_risk":
             "Low risk of steroid complications without high relapse risk"}[flag]
    assert partial.startswith(given) and "nearer 1 mg/kg/day with both" in partial
    assert any(t.startswith("No factor entered") for t in (n.text for n in _factor_notes()))


def test_factors_pointing_both_ways_quote_both_directions():
    # M9: diabetes with both upper factors quoted only the lower direction
    # (with diabetes, low risk of steroid complications is refused: clinical review 5, M4)
    texts = [n.text for n in _factor_notes(diabetes=True, high_relapse_risk=True)]
    (both,) = [t for t in texts if t.startswith("Risk factors point both ways")]
    assert "nearer 0.5 mg/kg/day with diabetes" in both and "nearer 1 mg/kg/day with high relapse risk" in both
    assert "does not say which prevails" in both


# --- a dose above the top per kg of actual weight (clinical review 5, D1, D2) -------------------------

def test_azathioprine_far_below_ideal_weight_leads_with_the_warning_and_offers_no_dose():
    # D1: 183 cm man of 40 kg, Devine 77.7087 kg x 2 mg/kg = 155.4 mg/day = 3.9 mg/kg/day of 40 kg, above CPIC's
    # 3 mg/kg/day. The largest line leads with that and the specialist's confirmation; it offers no "prescribe
    # 150 or 175 mg/day instead" (175 mg is 4.4 mg/kg); the "What to give" line says not to give it unconfirmed.
    # Mutation caught: setting "unconfirmed" to False in the recipe (the old headline and line come back).
    # The figures from the registry (CACHECTIC_AZA, CPIC's tops), so an editor's new target keeps this passing.
    target, reduced_target = CACHECTIC_AZA, CACHECTIC_AZA * CPIC_HIGH
    result = azathioprine(CACHECTIC, tpmt="normal")
    assert result.display().startswith(
        f"NOT TO BE GIVEN UNCONFIRMED: {n1(target)} mg/day is {n1(target / 40)} mg/kg/day of this patient's actual "
        f"weight, 40 kg, above {n1(CPIC_NORMAL_TOP)} mg/kg/day, the top of the normal azathioprine starting dose "
        "(CPIC, an outside reference); a specialist must confirm the dose before it is given. Computed on ideal body "
        f"weight: {n1(target)} mg/day by mouth")
    assert "prescribe" not in result.display() and "tablets make" not in result.display()
    assert [line.text() for line in result.lines] == [
        "Target dose, not a starting dose (the sources give no starting dose or titration): NOT to be given until a "
        f"specialist confirms the dose (see the warning): azathioprine {n1(target)} mg by mouth daily, in divided "
        "doses"]
    # TPMT intermediate: 80% of 155.4 = 124.3 mg/day = 3.1 mg/kg/day, above the reduced top 2.4; no "50 to 100"
    # (100 mg is 2.5 mg/kg)
    reduced = azathioprine(CACHECTIC, tpmt="intermediate")
    assert reduced.display().startswith(
        f"NOT TO BE GIVEN UNCONFIRMED: {n1(reduced_target)} mg/day is {n1(reduced_target / 40)} mg/kg/day of this "
        f"patient's actual weight, 40 kg, above {n1(CPIC_NORMAL_TOP * CPIC_HIGH)} mg/kg/day, the top of the reduced "
        "azathioprine starting dose for TPMT intermediate")
    assert "tablets make" not in reduced.display()
    assert not [n for n in [*result.notes, *reduced.notes] if n.rests_on == ("aza_tablets",)]
    assert "NOT to be given until a specialist confirms" in reduced.lines[0].text()
    # at ideal weight nothing of it
    for tpmt in ("normal", "intermediate"):
        plain = azathioprine({**CACHECTIC, "weight": 80}, tpmt=tpmt)
        assert "UNCONFIRMED" not in plain.display() and "NOT to be given" not in plain.lines[0].text()
        assert "tablets" in plain.display()


def test_ivig_far_below_ideal_weight_day_lines_say_not_to_give_unconfirmed():
    # D2: 2 g/kg of 77.7 kg = 155.4 g = 3.9 g/kg of 40 kg. Mutation caught: the day lines' label without
    # reg.line.unconfirmed.
    result = ivig(CACHECTIC, g_per_kg_total=2)
    assert [line.label for line in result.lines] == [
        f"Day {n}: NOT to be given until a specialist confirms the dose (see the warning)" for n in (1, 2)]
    plain = ivig({**CACHECTIC, "weight": 80}, g_per_kg_total=2)
    assert [line.label for line in plain.lines] == ["Day 1", "Day 2"]


def test_initial_prednisone_line_as_computed_is_never_a_dose_the_tablets_make():
    # Clinical review 5, M1: 150 lb = 68.0389 kg x 0.75 = 51.03 mg/day; the "What to give" line said "prednisone
    # 51 mg" under "the tablets cannot make it". It shows the headline's 51.03 mg. Mutation caught: the line's
    # decimals left at 1 ("places": 1 in the not-made branch).
    result = prednisone_initial({"weight": 150, "weight_unit": "lb", "age_years": 50}, mg_per_kg=0.75)
    assert result.display().startswith("51.03 mg/day by mouth once daily as computed")
    assert result.lines[0].text() == ("Initial dose, as computed: the tablets cannot make it; prescribe a dose they "
                                      "make (above): prednisone 51.03 mg by mouth once daily")
    made = prednisone_initial({"weight": 60, "weight_unit": "kg", "age_years": 50}, mg_per_kg=1)
    assert made.lines[0].text() == "Initial dose: prednisone 60 mg by mouth once daily"


def test_initial_prednisone_capped_below_the_source_range_says_so():
    # Clinical review 5, M5: 180 kg x 1 mg/kg = 180 mg/day, capped at 80 mg/day = 0.444 mg/kg/day, below the
    # sources' 0.5 mg/kg/day. Mutation caught: the note's "when" inverted (or the note removed).
    result = prednisone_initial({"weight": 180, "weight_unit": "kg", "age_years": 50}, mg_per_kg=1)
    below = [n for n in result.notes if "below 0.5 mg/kg/day" in n.text]
    assert [n.text for n in below] == ["80 mg/day is 0.44 mg/kg/day of 180 kg, below 0.5 mg/kg/day, the bottom of the "
                                       "sources' 0.5–1 mg/kg/day: the cap takes the dose outside the range the "
                                       "sources give."]
    assert below[0].kind == "tool_choice"
    # 150 kg: 80 mg/day is 0.53 mg/kg/day, within the range: nothing said
    within = prednisone_initial({"weight": 150, "weight_unit": "kg", "age_years": 50}, mg_per_kg=1)
    assert not [n for n in within.notes if "below 0.5" in n.text]


# --- clinical review 5, M4: "low risk of steroid complications" beside a low-end factor is refused ------------

@pytest.mark.parametrize("factor", ["diabetes", "osteoporosis", "glaucoma"])
def test_low_steroid_risk_with_a_low_end_factor_is_refused_naming_both(factor):
    # mutation caught: deleting the recipe's refuse step on low_steroid_risk (the form answered "Risk factors
    # point both ways ... the choice within the range is the clinician's")
    with pytest.raises(InputError) as caught:
        _factor_notes(**{factor: True, "low_steroid_risk": True})
    (problem,) = caught.value.problems
    text = str(caught.value)
    assert problem.field == "low_steroid_risk" and f"contradicts {factor}, also ticked" in text
    assert "nearer 0.5 mg/kg/day" in text and f"allowed: no while {factor} is ticked" in text
    assert "(source: S002)" in text
    assert _factor_notes(**{factor: True}) and _factor_notes(low_steroid_risk=True)
