"""The figures of the four guideline summaries, each once, with its source.

Calculators read doses, caps and intervals from here; pages render them with
``{{ figure("key") }}``. Taper protocols live in `calculators.taper`.
Change a figure here and every calculator and page that uses it follows; the
edition changelog lists the change.

Where the sources disagree the disagreement is recorded, not resolved
silently: see ``IIM_MTX_S003_STATED`` (an unsafe figure kept only so pages can
name it as an error of the source; no calculator uses it).
"""

from __future__ import annotations

from .figures import Figure, fig

# --- IIM: initial corticosteroid (S002, S003) --------------------------------
IIM_PRED_PER_KG = fig("iim.prednisone.initial_per_kg", [0.5, 1], "mg/kg/day", "range", ["S002", "S003"],
                      "Initial prednisone, as a single daily dose", )
IIM_PRED_TYPICAL = fig("iim.prednisone.initial_typical", [60, 80], "mg/day", "range", ["S002", "S003"],
                       "Typical initial prednisone dose")
IIM_PRED_LOW_END = fig("iim.prednisone.low_end_per_kg", 0.5, "mg/kg/day", "dose", ["S002"],
                       "Sit near this end with diabetes, osteoporosis or glaucoma")
IIM_PRED_HIGH_END = fig("iim.prednisone.high_end_per_kg", 1, "mg/kg/day", "dose", ["S002"],
                        "Sit near this end with high relapse risk and low steroid risk")
IIM_PRED_HOLD = fig("iim.prednisone.hold_before_taper", [2, 4], "weeks", "duration", ["S002", "S003"],
                    "Time at the initial dose before the taper starts; never longer")
IIM_MONOTHERAPY_FAILURE = fig("iim.prednisone.monotherapy_failure", 86, "%", "outcome", ["S002"],
                              "Cases in which corticosteroid monotherapy fails")

# --- IIM: IV methylprednisolone pulses (S002) ---------------------------------
IIM_IVMP_PER_KG = fig("iim.ivmp.per_kg", [10, 20], "mg/kg/day", "range", ["S002"],
                      "IV methylprednisolone pulse for severe weakness, dysphagia or respiratory muscles")
IIM_IVMP_DAILY = fig("iim.ivmp.daily_limits", [250, 1000], "mg/day", "cap", ["S002"],
                     "Daily IV methylprednisolone dose must lie within these limits")
IIM_IVMP_DAYS = fig("iim.ivmp.days", [1, 5], "consecutive days", "duration", ["S002"],
                    "Number of consecutive pulse days")

# --- IIM: steroid-sparing agents (S002, S003) ---------------------------------
IIM_SPARING_ONSET = fig("iim.sparing.time_to_effect", [3, 6], "months", "duration", ["S002", "S003"],
                        "Time a steroid-sparing agent takes to reach full effect")
IIM_MTX_START = fig("iim.mtx.start", 15, "mg", "dose", ["S002"], "Methotrexate starting dose, by mouth",
                    suffix="once weekly")
IIM_MTX_TARGET = fig("iim.mtx.target", 25, "mg", "dose", ["S002"], "Methotrexate target dose",
                     suffix="once weekly")
IIM_MTX_RAMP = fig("iim.mtx.time_to_target", [3, 6], "months", "duration", ["S002"],
                   "Time over which methotrexate rises from start to target")
IIM_FOLIC = fig("iim.folic_acid", 1, "mg/day", "dose", ["S002"], "Folic acid with methotrexate")
MTX_WEEKLY_CAP = fig("mtx.weekly_cap", 25, "mg", "cap", ["S000", "S002"],
                     "Highest weekly methotrexate dose any calculator gives (S002 target; top of S000 range)",
                     suffix="once weekly")
IIM_MTX_S003_STATED = fig("iim.mtx.s003_stated_unsafe", [25, 50], "mg/week", "dose", ["S003"],
                          "Start and increments as stated by S003: an error of the source, never advice")
IIM_AZA_PER_KG_IBW = fig("iim.aza.target_per_kg_ibw", 2, "mg/kg", "dose", ["S002", "S003"],
                         "Azathioprine target, per kg ideal body weight, after a TPMT result",
                         suffix="of ideal body weight")
AZA_CPIC_INTERMEDIATE = fig("aza.tpmt.intermediate_start_percent", [30, 80], "%", "range",
                            ["CPIC thiopurines 2018"],
                            "TPMT intermediate metabolizer: share of the normal starting dose to start at")
AZA_CPIC_NORMAL_START = fig("aza.cpic.normal_start_per_kg", [2, 3], "mg/kg/day", "range", ["CPIC thiopurines 2018"],
                            "The normal azathioprine starting dose that CPIC's share applies to")
AZA_CPIC_STEADY_STATE = fig("aza.cpic.steady_state_weeks", [2, 4], "weeks", "duration", ["CPIC thiopurines 2018"],
                            "Time to steady state after each azathioprine dose change (CPIC)")
IIM_MMF_START = fig("iim.mmf.start", 500, "mg", "dose", ["S002"], "Mycophenolate mofetil starting dose",
                    suffix="twice daily")

# --- IIM: severe and refractory disease (S002) --------------------------------
IIM_IVIG_TOTAL = fig("iim.ivig.total_per_kg_ibw", [1, 2], "g/kg", "range", ["S002"],
                     "IVIG course, per kg ideal body weight", suffix="of ideal body weight")
IIM_IVIG_DAILY = fig("iim.ivig.daily_per_kg_ibw", 1, "g/kg", "cap", ["S002"],
                     "IVIG per day, over 2 consecutive days", suffix="a day")
IIM_IVIG_DAYS = fig("iim.ivig.days", 2, "consecutive days", "count", ["S002"], "Days an IVIG course is given over")
IIM_RTX_DOSE = fig("iim.rituximab.dose", 1000, "mg", "dose", ["S002"], "Rituximab dose (adults), given twice")
IIM_RTX_DOSES = fig("iim.rituximab.doses", 2, "doses", "count", ["S002"], "Number of rituximab doses")
IIM_RTX_GAP = fig("iim.rituximab.interval", 2, "weeks", "interval", ["S002"], "Time between rituximab doses")
IIM_CYC_INTERVAL = fig("iim.cyclophosphamide.interval", 4, "weeks", "interval", ["S002"],
                       "Time between cyclophosphamide infusions")
IIM_CYC_COURSE = fig("iim.cyclophosphamide.course", [3, 6], "months", "duration", ["S002"],
                     "Usual length of a cyclophosphamide course")
IIM_CYC_MAX = fig("iim.cyclophosphamide.max_course", 12, "months", "cap", ["S002"],
                  "Longest cyclophosphamide course the source allows")

# --- Juvenile dermatomyositis (S002, S003) ------------------------------------
JDM_PRED_PER_KG = fig("jdm.prednisone.per_kg", 2, "mg/kg/day", "dose", ["S002", "S003"],
                      "Prednisone in juvenile dermatomyositis")
JDM_PRED_CAP = fig("jdm.prednisone.cap", 60, "mg/day", "cap", ["S002", "S003"],
                   "Most prednisone a day in juvenile dermatomyositis")
JDM_MTX_PER_M2 = fig("jdm.mtx.per_m2", 15, "mg/m²", "dose", ["S002", "S003"],
                     "Subcutaneous methotrexate in juvenile dermatomyositis", suffix="once weekly")

# --- Prevention of complications (S002, S003) ---------------------------------
# S002 gives Pneumocystis prophylaxis "when using multiple immunosuppressants" with no number: the
# number is a tool choice (calculators.choices.PJP_MULTIPLE_MIN_AGENTS), not a figure of the source.
PJP_STEROID_DOSE = fig("safety.pjp.steroid_dose", 20, "mg/day", "threshold", ["S003"],
                       "Corticosteroid dose at or above which Pneumocystis prophylaxis is considered")
PJP_STEROID_WEEKS = fig("safety.pjp.steroid_weeks", 4, "weeks", "threshold", ["S003"],
                        "Time at or above that dose that triggers the consideration")

# --- IGM: recurrent or steroid-refractory disease (S000, S001) ----------------
IGM_MTX_WEEKLY = fig("igm.mtx.weekly", [15, 25], "mg", "range", ["S000"],
                     "Methotrexate with low-dose prednisolone in recurrent or refractory IGM",
                     suffix="once weekly")
IGM_PRED_DAILY = fig("igm.prednisolone.daily", [10, 20], "mg/day", "range", ["S000"],
                     "Low-dose prednisolone given with methotrexate, then tapered")
IGM_WITHDRAWAL = fig("igm.prednisolone.withdrawal_days", [6, 14], "days", "duration", ["S000"],
                     "Span over which prednisolone is withdrawn when stopping")
IGM_REVIEW = fig("igm.review_interval", [2, 3], "weeks", "interval", ["S000"],
                 "Interval at which response is checked")
IGM_CR_COMBINATION = fig("igm.outcome.cr_mtx_steroid", 94.3, "%", "outcome", ["S000"],
                         "Complete response with methotrexate plus low-dose corticosteroid")
IGM_CR_STEROID_ALONE = fig("igm.outcome.cr_steroid_alone", 14.1, "%", "outcome", ["S000"],
                           "Complete response with corticosteroid alone")
IGM_PROGRESSION_STEROID_ALONE = fig("igm.outcome.progression_steroid_alone", 78.2, "%", "outcome", ["S000"],
                                    "Progression with corticosteroid alone")
IGM_CR_AZA = fig("igm.outcome.cr_aza_steroid", 73, "%", "outcome", ["S000"],
                 "Complete response with prednisolone plus azathioprine (one series)")
IGM_SURGERY_RECURRENCE = fig("igm.outcome.recurrence_after_surgery", 66.1, "%", "outcome", ["S000"],
                             "Recurrence after surgical intervention")
IGM_HYPOTHYROID = fig("igm.screen.hypothyroidism", 7.2, "%", "outcome", ["S000"],
                      "Patients with hypothyroidism")
IGM_ANA = fig("igm.screen.ana_positive", 11.6, "%", "outcome", ["S000"], "Patients with positive ANA")
IGM_ACE = fig("igm.screen.ace_raised", 3.5, "%", "outcome", ["S000"], "Patients with raised ACE")
IGM_MEDIAN_RESOLUTION = fig("igm.course.median_resolution", 3, "months", "outcome", ["S000"],
                            "Median time to resolution on immunosuppression")
IGM_RESOLUTION_RANGE = fig("igm.course.resolution_range", [0, 24], "months", "outcome", ["S000"],
                           "Range of time to resolution")
IGM_FOLLOW_UP = fig("igm.course.follow_up_min", 2, "years", "duration", ["S000"],
                    "Shortest follow-up, to catch late recurrence")
IGM_IMIQUIMOD = fig("igm.imiquimod.weeks", [4, 7], "weeks", "duration", ["S001"],
                    "Course of topical imiquimod for steroid-refractory disease")
IGM_SPONTANEOUS = fig("igm.outcome.spontaneous_resolution", 50, "%", "outcome", ["S001"],
                      "Share that resolve without treatment (over 14.5 months)")
IGM_SPONTANEOUS_MONTHS = fig("igm.course.spontaneous_months", 14.5, "months", "outcome", ["S001"],
                             "Time over which spontaneous resolution was seen")
IGM_TB_TREATMENT = fig("igm.tb.treatment_months", 6, "months", "duration", ["S001"],
                       "Antituberculous treatment that tuberculous mastitis needs")
IGM_LATE_RECURRENCE = fig("igm.course.recurrence_documented", 11, "months", "outcome", ["S001"],
                          "Time after steroid response at which a recurrence was documented")


def figures() -> list[Figure]:
    """Every figure declared in this module, in order."""
    return [value for value in globals().values() if isinstance(value, Figure)]
