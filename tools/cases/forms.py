"""The live forms' cases: what the parity test (tests/test_live_parity.py) runs in Python and in Node.

Each case is the raw text a form holds, as a user types it. ``TODAY`` is the day the cases
compute on (dates are checked against it). Edge cases of the reading contract (issue 11 §7,
issue 15 §3) are listed in ``EDGE_CASES``; the hypothesis sweep in the test adds thousands more.
"""

from __future__ import annotations

TODAY = "2026-01-02"

_BODY = {"weight": "80", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"}

BODY_SIZE = [

    {"weight": "80", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    {"weight": "154", "weight_unit": "lb", "height": "70", "height_unit": "in", "sex": "male"},
    {"weight": "110", "weight_unit": "kg", "height": "1.70", "height_unit": "m", "sex": "female"},
    {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female",
     "below_60_in": "base-weight"},
    {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female",
     "below_60_in": "extend-linear"},
    {"weight": "45", "weight_unit": "kg", "height": "180", "height_unit": "cm", "sex": "male"},
    {"weight": "62,5", "weight_unit": "kg", "height": "158", "height_unit": "cm", "sex": "female",
     "age_years": "58"},
    # refusals
    {"weight": "52", "weight_unit": "kg", "height": "150", "height_unit": "cm", "sex": "female"},
    {"weight": "-70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    {"weight": "0", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    {"weight": "seventy", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    {"weight": "70", "weight_unit": "kg", "height": "1.75", "height_unit": "cm", "sex": "male"},
    {"weight": "70", "weight_unit": "kg", "height": "17", "height_unit": "m", "sex": "male"},
    {"weight": "900", "weight_unit": "lb", "height": "70", "height_unit": "in", "sex": "male"},
    {"weight": "70", "weight_unit": "kg", "height": "", "height_unit": "cm", "sex": ""},
    {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male",
     "age_years": "12"},
    {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male",
     "age_years": "-3"},
    {"weight": "Infinity", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    {"weight": "NaN", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"},
    # an adult height under 100 cm typed as cm: did you mean inches? (and the same number as inches computes)
    {"weight": "70", "weight_unit": "kg", "height": "64", "height_unit": "cm", "sex": "male", "age_years": "40"},
    {"weight": "70", "weight_unit": "kg", "height": "64", "height_unit": "cm", "sex": "male"},
    {"weight": "70", "weight_unit": "kg", "height": "64", "height_unit": "in", "sex": "male", "age_years": "40"},

]

STEROID_EQUIVALENCE = [

    {"dose_mg": "60", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
     "to_route": "PO"},
    {"dose_mg": "1000", "from_drug": "methylprednisolone", "from_route": "IV", "to_drug": "prednisone",
     "to_route": "PO"},
    {"dose_mg": "20", "from_drug": "prednisolone", "from_route": "PO", "to_drug": "hydrocortisone",
     "to_route": "IV"},
    {"dose_mg": "7.5", "from_drug": "prednisone", "from_route": "PO", "to_drug": "betamethasone",
     "to_route": "IV"},
    {"dose_mg": "10", "from_drug": "prednisone", "from_route": "PO", "to_drug": "betamethasone",
     "to_route": "PO"},
    {"dose_mg": "-5", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
     "to_route": "PO"},
    {"dose_mg": "ten", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
     "to_route": "PO"},
    {"dose_mg": "", "from_drug": "prednisone", "from_route": "PO", "to_drug": "dexamethasone",
     "to_route": "PO"},
    {"dose_mg": "6000", "from_drug": "hydrocortisone", "from_route": "IV", "to_drug": "prednisone",
     "to_route": "PO"},

]

_TAPER_BASE = {"protocol": "iim-s002-fixed-steps", "dose_basis": "dose", "start_dose_mg": "60", "weight": "",
               "weight_unit": "kg", "dose_mg_per_kg": "", "start_date": "2026-01-05", "hold_weeks": "4",
               "slow_1mg_every_weeks": "", "withdrawal_days": "", "step_mg": "", "strengths": "",
               "half_tablets": "no", "start_rounding": "refuse", "age_years": "50"}
_S003 = {**_TAPER_BASE, "protocol": "iim-s003-rule-based"}
_IGM = {**_TAPER_BASE, "protocol": "igm-s000-withdrawal", "start_dose_mg": "20", "withdrawal_days": "10",
        "hold_weeks": ""}


TAPER = [

    _TAPER_BASE,
    {**_TAPER_BASE, "hold_weeks": "2", "start_date": "2026-02-23", "strengths": "5+2.5+1", "weight": "78"},
    {**_TAPER_BASE, "strengths": "5+1"},
    _S003,
    {**_S003, "start_dose_mg": "75", "hold_weeks": "3", "start_date": "2026-03-30"},
    # a typed start checked per kg (issue 22 §3): the per-kg figure is the tool's arithmetic; at 200 kg even
    # 0.5 mg/kg/day is above the 80 mg/day ceiling, so the taper takes 80 as the initial-dose calculator gives it,
    # and refuses any other start offering only 80
    {**_S003, "start_dose_mg": "60", "weight": "70"},
    {**_S003, "start_dose_mg": "80", "weight": "200"},
    {**_S003, "start_dose_mg": "70", "weight": "200"},
    {**_S003, "start_dose_mg": "80", "hold_weeks": "2", "slow_1mg_every_weeks": "4"},
    {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75", "start_rounding": "down"},
    {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75", "start_rounding": "nearest",
     "strengths": "5+1"},
    {**_S003, "dose_basis": "per-kg", "weight": "80", "dose_mg_per_kg": "1"},
    # clinical review W4: 180 kg at 1 mg/kg/day is capped at the 80 mg/day ceiling and accepted, as the initial
    # prednisone calculator gives it; a rounding refusal offers only the other rounding
    {**_S003, "dose_basis": "per-kg", "weight": "180", "dose_mg_per_kg": "1"},
    {**_S003, "dose_basis": "per-kg", "weight": "41", "dose_mg_per_kg": "0.5", "start_rounding": "down",
     "strengths": "5"},
    {**_S003, "dose_basis": "per-kg", "weight": "154", "weight_unit": "lb", "dose_mg_per_kg": "0.5",
     "start_rounding": "nearest"},
    {**_S003, "start_dose_mg": "70", "weight": "72", "hold_weeks": "4", "half_tablets": "yes",
     "strengths": "5"},
    _IGM,
    {**_IGM, "start_dose_mg": "10", "withdrawal_days": "6", "step_mg": "2,5", "strengths": "2.5+1",
     "half_tablets": "yes", "start_date": "2026-12-28"},
    {**_IGM, "start_dose_mg": "15", "withdrawal_days": "14", "strengths": "prednisolone"},
    # clinical review W5: a refused step offers the steps that work for this start dose, never the refused one
    {**_IGM, "start_dose_mg": "12.5", "withdrawal_days": "7", "step_mg": "5"},
    {**_IGM, "start_dose_mg": "15", "withdrawal_days": "7", "step_mg": "4"},
    # review 3 M8: one halving then a stop from 10 mg/day is refused (tool choice igm_withdrawal_last_dose)
    {**_IGM, "start_dose_mg": "20", "withdrawal_days": "14", "step_mg": "10"},
    {**_IGM, "start_dose_mg": "15", "withdrawal_days": "7", "step_mg": "7.5"},
    # values left in fields the protocol does not use are ignored (the page hides those fields)
    {**_IGM, "hold_weeks": "9", "slow_1mg_every_weeks": "7"},
    # refusals
    {**_TAPER_BASE, "start_dose_mg": "80"},
    {**_TAPER_BASE, "start_dose_mg": "-60"},
    {**_TAPER_BASE, "start_dose_mg": "0"},
    {**_TAPER_BASE, "start_dose_mg": "sixty"},
    {**_TAPER_BASE, "start_dose_mg": ""},
    {**_TAPER_BASE, "start_dose_mg": "NaN"},
    {**_TAPER_BASE, "hold_weeks": "5"},
    {**_TAPER_BASE, "hold_weeks": "1"},
    {**_TAPER_BASE, "hold_weeks": "2.5"},
    {**_TAPER_BASE, "hold_weeks": ""},
    {**_TAPER_BASE, "start_date": ""},
    {**_TAPER_BASE, "start_date": "2026-02-30"},
    {**_TAPER_BASE, "start_date": "next monday"},
    {**_TAPER_BASE, "protocol": "iim-s004-made-up"},
    {**_TAPER_BASE, "protocol": ""},
    {**_TAPER_BASE, "strengths": "7+3"},
    {**_TAPER_BASE, "half_tablets": "maybe"},
    {**_S003, "start_dose_mg": "90"},
    {**_S003, "start_dose_mg": "62.7"},
    {**_S003, "start_dose_mg": "60", "weight": "40"},
    {**_S003, "slow_1mg_every_weeks": "6"},
    {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.75"},
    {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "1.2"},
    {**_S003, "dose_basis": "per-kg", "weight": "", "dose_mg_per_kg": "1"},
    {**_S003, "dose_basis": "per-kg", "weight": "30", "dose_mg_per_kg": "0.5"},
    {**_S003, "dose_basis": "per-kg", "weight": "-73", "dose_mg_per_kg": "1"},
    {**_S003, "dose_basis": "per-kg", "weight": "73", "dose_mg_per_kg": "0.7", "start_rounding": "sideways"},
    {**_S003, "start_dose_mg": "", "hold_weeks": "", "start_date": ""},
    {**_IGM, "withdrawal_days": "21"},
    {**_IGM, "withdrawal_days": ""},
    {**_IGM, "start_dose_mg": "25"},
    {**_IGM, "step_mg": "3"},
    {**_IGM, "step_mg": "1", "start_dose_mg": "20", "withdrawal_days": "6"},
    {**_IGM, "strengths": "prednisone"},
    {**_IGM, "dose_basis": "per-kg", "weight": "70", "dose_mg_per_kg": "0.5"},
    {**_IGM, "start_dose_mg": "12", "step_mg": "4", "strengths": "5"},

]

_ADULT = {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male", "age_years": "45",
          "start": "2026-01-05"}
_CHILD = {"weight": "30", "weight_unit": "kg", "height": "135", "height_unit": "cm", "sex": "female",
          "age_years": "9", "start": "2026-01-05"}


DOSE = [

    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "0,5", "weight": "50", "diabetes": "yes",
     "start": ""},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "0.75", "osteoporosis": "yes",
     "high_relapse_risk": "yes", "low_steroid_risk": "yes"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "high_relapse_risk": "yes",
     "low_steroid_risk": "yes", "weight": "95"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "weight": "176", "weight_unit": "lb"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "20", "days": "3", "weight": "80"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "10", "days": "1", "weight": "20",
     "start": ""},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "15", "days": "5", "weight": "60"},
    {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3"},
    {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "6", "start": "2026-01-31"},
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "20", "prednisolone_mg_per_day": "15",
     "start": "2026-01-07"},
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "15", "prednisolone_mg_per_day": "10", "start": ""},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "intermediate", "sex": "female", "height": "160"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "low-absent"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "150", "sex": "female",
     "below_60_in": "base-weight", "weight": "45"},
    # issue 22: a 183 cm man of 40 kg (the dose is high for what he weighs: a warning), each TPMT result
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "183", "weight": "40"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "intermediate", "height": "183", "weight": "40"},
    # issue 22: a dose chosen against the ticked factors (warnings), and with them (no warning)
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "diabetes": "yes", "glaucoma": "yes"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "0.6", "high_relapse_risk": "yes",
     "low_steroid_risk": "yes"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "0.75", "osteoporosis": "yes"},
    {**_ADULT, "regimen": "mycophenolate"},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2", "weight": "60"},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "1", "weight": "110"},
    # clinical review D3: 183 cm, 40 kg: 155.4 g is 3.9 g/kg of actual weight (warning); 1 g/kg total is within
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2", "height": "183", "weight": "40"},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "1", "height": "183", "weight": "40"},
    # clinical review M2: TPMT intermediate, 45 kg: 2.8 mg/kg, above CPIC's reduced top 2.4 (not its normal 3)
    {**_ADULT, "regimen": "azathioprine", "tpmt": "intermediate", "height": "183", "weight": "45"},
    # clinical review M3: a dose chosen against the factors (warning labelled S002, reading as the tool's)
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "diabetes": "yes"},
    # clinical review D1: the IGM headline names each drug with its dose
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "25", "prednisolone_mg_per_day": "20",
     "start": "2026-01-07"},
    {**_ADULT, "regimen": "rituximab"},
    {**_ADULT, "regimen": "rituximab", "start": "", "age_years": "45"},
    {**_ADULT, "regimen": "cyclophosphamide", "months": "6"},
    {**_ADULT, "regimen": "cyclophosphamide", "months": "12", "start": "2026-01-31"},
    {**_ADULT, "regimen": "cyclophosphamide", "months": "12"},  # review W3: 13 cycles fit, 12 infusions given
    {**_CHILD, "regimen": "prednisone_jdm"},
    {**_CHILD, "regimen": "prednisone_jdm", "weight": "45"},
    {**_CHILD, "regimen": "methotrexate_jdm"},
    {**_CHILD, "regimen": "methotrexate_jdm", "weight": "80", "height": "180", "age_years": "16", "start": ""},
    # refusals
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1.5"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "-1"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "0"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "one"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": ""},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "weight": ""},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "age_years": "12"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "weight": "-70"},
    {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "diabetes": "maybe"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "10", "days": "1", "weight": "10"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "30", "days": "3"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "15", "days": "7"},
    {**_ADULT, "regimen": "iv_methylprednisolone", "mg_per_kg": "15", "days": "2.5"},
    {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "7"},
    {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3", "start": ""},
    {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3", "start": "05/01/2026"},
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "30", "prednisolone_mg_per_day": "15"},
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "10", "prednisolone_mg_per_day": "15"},
    {**_ADULT, "regimen": "methotrexate_igm", "mg_per_week": "20", "prednisolone_mg_per_day": "40"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "unknown"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "weight": ""},  # actual weight required (issue 22)
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2", "weight": ""},  # actual weight required (review D3)
    {**_ADULT, "regimen": "azathioprine", "tpmt": ""},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "high"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "150", "sex": "female"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "sex": ""},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2.5"},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": "2", "height": "68"},
    {**_ADULT, "regimen": "azathioprine", "tpmt": "normal", "height": "64"},
    {**_ADULT, "regimen": "ivig", "g_per_kg_total": ""},
    {**_ADULT, "regimen": "rituximab", "age_years": "16"},
    {**_ADULT, "regimen": "cyclophosphamide", "months": "13"},
    {**_ADULT, "regimen": "cyclophosphamide", "months": "6", "start": ""},
    {**_CHILD, "regimen": "methotrexate_jdm", "height": ""},
    {**_ADULT, "regimen": "tocilizumab"},
    {**_ADULT, "regimen": ""},

]

_COURSE = {"steroid": "prednisone", "steroid_mg_per_day": "60", "steroid_start": "2026-01-05",
           "steroid_end": "2026-02-15"}

SAFETY = [
    # issue 22 §2: the whole-plan checks, so that rules that fire only on a plan are reached in the browser
    {"disease": "IIM", "agent_methotrexate": "yes", **_COURSE, "weight_kg": "70"},
    {"disease": "IIM", "agent_methotrexate": "yes", "agent_azathioprine": "yes", "tpmt": "normal",
     "planning_pregnancy": "yes", "osteoporosis": "yes", "live_vaccine_planned": "yes"},
    {"disease": "IIM", **_COURSE, "steroid_mg_per_day": "30"},
    {"disease": "IIM", "agent_cyclosporine": "yes", "agent_mycophenolate": "yes", "osteoporosis": "no",
     **_COURSE, "steroid": "methylprednisolone", "steroid_mg_per_day": "16"},
    {"disease": "JDM", "agent_methotrexate": "yes", **_COURSE, "steroid_mg_per_day": "30", "weight_kg": "30"},
    {"disease": "IGM", "agent_methotrexate": "yes", "pregnant": "yes", **_COURSE, "steroid": "prednisolone",
     "steroid_mg_per_day": "15"},
    {"disease": "IGM", "agent_azathioprine": "yes", "agent_rituximab": "yes", "tuberculosis_excluded": "yes",
     "childbearing_potential": "no", **_COURSE, "steroid": "prednisolone", "steroid_mg_per_day": "20"},
    {"disease": "IGM", **_COURSE, "steroid": "prednisolone", "steroid_mg_per_day": "10"},
    {"disease": "IIM", "agent_methotrexate": "yes", "pregnant": "yes", "childbearing_potential": "yes"},
    {"disease": "IIM", "agent_ivig": "yes"},
    # clinical review D2, D4, W1: teratogens from labelling; corticosteroid rules carried over to IGM; no adult
    # hold for a child
    {"disease": "IIM", "agent_mycophenolate": "yes", "agent_cyclophosphamide": "yes"},
    {"disease": "IGM", "agent_mycophenolate": "yes", "pregnant": "yes"},
    {"disease": "JDM", "agent_cyclophosphamide": "yes", "childbearing_potential": "no", **_COURSE,
     "steroid_mg_per_day": "56", "steroid_end": "2026-04-15", "weight_kg": "28"},
    {"disease": "IGM", "agent_methotrexate": "yes", **_COURSE, "steroid": "prednisolone",
     "steroid_mg_per_day": "20", "steroid_end": "2026-04-14"},
    # third clinical review D1, D3, D4, M3, M4: the co-trimoxazole caution, vaccines and S000's monitoring on
    # any plan with the drug; a hold at the tool's ceiling; the TPMT result
    {"disease": "IGM", "agent_methotrexate": "yes", **_COURSE, "steroid": "prednisolone",
     "steroid_mg_per_day": "20", "steroid_end": "2026-04-27", "live_vaccine_planned": "yes"},
    {"disease": "IIM", "agent_methotrexate": "yes", **_COURSE, "steroid_mg_per_day": "80",
     "steroid_end": "2026-04-04", "weight_kg": "180"},
    {"disease": "IIM", "agent_methotrexate": "yes", **_COURSE, "steroid_mg_per_day": "79",
     "steroid_end": "2026-04-04", "weight_kg": "180"},
    {"disease": "IIM", "agent_azathioprine": "yes", "tpmt": "low-absent"},
    {"disease": "IGM", "agent_azathioprine": "yes", "tpmt": "intermediate"},
    {"disease": "JDM", "agent_azathioprine": "yes", "tpmt": "normal", "agent_methotrexate": "yes"},
    # clinical review 4, D1 and D2: rituximab's hepatitis B screen and azathioprine's xanthine oxidase warning
    {"disease": "IIM", "agent_rituximab": "yes", "agent_azathioprine": "yes"},
    {"disease": "JDM", "agent_rituximab": "yes"},
    # empty and refused
    {"disease": ""},
    {"disease": "IIM", "steroid": "prednisone", "steroid_mg_per_day": "60", "steroid_start": "2026-01-05"},
    {"disease": "IIM", **_COURSE, "steroid_end": "2026-01-01"},
    {"disease": "IIM", **_COURSE, "steroid_mg_per_day": "-5"},
    {"disease": "IIM", **_COURSE, "weight_kg": "0.5"},
    {"disease": "cancer"},
]

EDGE_CASES = [
    # clinical review M7: no unit is assumed; a number without its unit gets no answer
    ("body-size", {**_BODY, "weight_unit": ""}),
    ("body-size", {**_BODY, "height_unit": ""}),
    ("dose", {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "weight_unit": ""}),
    # issue 15 §3: exact halves round half away from zero, no exponent, NaN/Infinity refused, BOM
    ("body-size", {**_BODY, "weight": "45.25"}),
    ("body-size", {**_BODY, "height": "59.25", "height_unit": "in", "below_60_in": "extend-linear"}),
    ("body-size", {**_BODY, "height": "59.25", "height_unit": "in", "below_60_in": "base-weight", "sex": "female"}),
    ("steroid-equivalence", {"dose_mg": "0.5078125", "from_drug": "prednisone", "from_route": "PO",
                             "to_drug": "dexamethasone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "1000000", "from_drug": "prednisone", "from_route": "PO",
                             "to_drug": "dexamethasone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "1e6", "from_drug": "prednisone", "from_route": "PO",
                             "to_drug": "dexamethasone", "to_route": "PO"}),
    ("body-size", {**_BODY, "weight": "-nan"}),
    ("body-size", {**_BODY, "weight": "NaN"}),
    ("body-size", {**_BODY, "weight": "Infinity"}),
    ("body-size", {**_BODY, "weight": "\ufeff80"}),
    ("body-size", {**_BODY, "weight": "8\u200b0"}),
    ("body-size", {**_BODY, "weight": "\u0668\u0660"}),
    ("body-size", {**_BODY, "weight": "\uff18\uff10"}),
    ("body-size", {**_BODY, "weight": " 80 "}),
    ("body-size", {**_BODY, "weight": "9" * 400}),
    # issue 11 §7: thousands separators, decimal commas, Python float syntax
    ("steroid-equivalence", {"dose_mg": "1,000", "from_drug": "methylprednisolone", "from_route": "IV",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "2,500", "from_drug": "hydrocortisone", "from_route": "IV",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "1.000", "from_drug": "methylprednisolone", "from_route": "IV",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "0,125", "from_drug": "dexamethasone", "from_route": "PO",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "1000,5", "from_drug": "hydrocortisone", "from_route": "IV",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("steroid-equivalence", {"dose_mg": "1,000.5", "from_drug": "hydrocortisone", "from_route": "IV",
                             "to_drug": "prednisone", "to_route": "PO"}),
    ("body-size", {**_BODY, "weight": "70,5"}),
    ("body-size", {**_BODY, "weight": "1_0"}),
    ("body-size", {**_BODY, "weight": "7e1"}),
    # issue 11 §6: nothing computes for a patient nobody entered
    ("body-size", {"weight": "", "weight_unit": "kg", "height": "", "height_unit": "cm", "sex": ""}),
    ("dose", {"regimen": "prednisone_initial", "weight_unit": "kg", "height_unit": "cm", "mg_per_kg": "1"}),
    ("dose", {"regimen": "azathioprine", "weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm",
              "sex": "male"}),
    ("dose", {"regimen": "", "weight_unit": "kg", "height_unit": "cm"}),
    # issue 11 §7: impossible, half-typed, two-digit-year and far dates; a past date is said
    ("taper", {**_TAPER_BASE, "start_date": "2026-13-01"}),
    ("taper", {**_TAPER_BASE, "start_date": "2027-02-29"}),
    ("taper", {**_TAPER_BASE, "start_date": "2028-02-29"}),
    ("taper", {**_TAPER_BASE, "start_date": "<incomplete>"}),
    ("taper", {**_TAPER_BASE, "start_date": "0026-01-05"}),
    ("taper", {**_TAPER_BASE, "start_date": "9999-12-31"}),
    ("taper", {**_TAPER_BASE, "start_date": "2025-12-01"}),
    ("dose", {**_ADULT, "regimen": "cyclophosphamide", "months": "6", "start": "9999-12-31"}),
    ("dose", {**_ADULT, "regimen": "methotrexate_iim", "ramp_months": "3", "start": "2025-11-03"}),
    # issue 11 §2: an age-restricted regimen asks for the age; adults' regimens refuse children and back
    ("dose", {**_ADULT, "regimen": "rituximab", "age_years": ""}),
    ("dose", {**_ADULT, "regimen": "prednisone_initial", "mg_per_kg": "1", "age_years": "12"}),
    ("dose", {**_CHILD, "regimen": "prednisone_jdm", "age_years": "19"}),
    ("dose", {**_ADULT, "regimen": "calcineurin_inhibitor", "drug": "tacrolimus"}),
    ("dose", {**_ADULT, "regimen": "mycophenolate", "age_years": "17.5"}),
    # TPMT starts unset: no azathioprine dose until a result is chosen
    ("dose", {**_ADULT, "regimen": "azathioprine"}),
]
"""(form, raw) pairs for the edges of the reading and formatting contract."""


def all_cases() -> list[tuple[str, dict[str, str]]]:
    """Every (form, raw) case once: a case listed twice (an edge case that is also a plain case)
    would be two published vectors with one id.
    """
    cases = ([("body-size", c) for c in BODY_SIZE] + [("steroid-equivalence", c) for c in STEROID_EQUIVALENCE]
             + [("taper", c) for c in TAPER] + [("dose", c) for c in DOSE] + [("safety", c) for c in SAFETY]
             + EDGE_CASES)
    seen: set[str] = set()
    unique = []
    for form, raw in cases:
        key = form + repr(sorted(raw.items()))
        if key not in seen:
            seen.add(key)
            unique.append((form, raw))
    return unique
