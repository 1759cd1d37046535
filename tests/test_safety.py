"""Safety checks on a treatment plan: each rule fires when, and only when, its source says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import InputError
from calculators.safety import (
    RULES,
    SteroidCourse,
    check_plan,
    holds_at_or_above,
    prednisone_equivalent_by_day,
    runs_at_or_above,
)

D = dt.date


@dataclass
class FakePeriod:  # the shape of calculators.taper's periods, without importing it
    start: dt.date
    end: dt.date
    daily_dose_mg: float


@dataclass
class FakeSchedule:
    drug: str
    protocol: str
    source: str
    periods: list


def course(*periods, drug="prednisone"):
    return SteroidCourse(drug=drug, periods=tuple({"start": s, "end": e, "daily_dose_mg": mg}
                                                  for s, e, mg in periods))


MTX = {"drug": "methotrexate", "mg_per_week": 15, "frequency": "once weekly"}


def test_pjp_at_exactly_four_weeks_of_20mg():
    # 2026-01-01 .. 2026-01-28 inclusive = 28 days = 4 weeks at 20 mg -> consider prophylaxis
    report = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 28), 20))])
    assert report.longest_run_days_at_pjp_dose == 28
    assert report.by_code("pjp.steroid").severity == "consider"
    assert report.by_code("pjp.steroid").sources == ("S003",)


def test_no_pjp_at_27_days_or_below_20mg():
    short = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 27), 20))])
    assert "pjp.steroid" not in short.codes()
    low = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 3, 1), 19.9))])
    assert "pjp.steroid" not in low.codes()


def test_runs_join_consecutive_periods_of_a_taper_schedule():
    # 40 mg for 14 days then 20 mg for 14 days: one run of 28 days at >= 20; 15 mg after does not count
    schedule = FakeSchedule("prednisone", "iim-2w-steps", "S002", [
        FakePeriod(D(2026, 1, 1), D(2026, 1, 14), 40.0),
        FakePeriod(D(2026, 1, 15), D(2026, 1, 28), 20.0),
        FakePeriod(D(2026, 1, 29), D(2026, 2, 11), 15.0),
    ])
    report = check_plan(disease="IIM", agents=[MTX], steroids=[schedule])
    assert report.longest_run_days_at_pjp_dose == 28
    assert "pjp.steroid" in report.codes()


def test_a_gap_breaks_the_run():
    by_day = prednisone_equivalent_by_day([course((D(2026, 1, 1), D(2026, 1, 14), 30),
                                                  (D(2026, 1, 16), D(2026, 1, 29), 30))])
    assert [r.days for r in runs_at_or_above(by_day, 20)] == [14, 14]


def test_methylprednisolone_counts_as_prednisone_equivalent():
    # 16 mg methylprednisolone = 16 x 5 / 4 = 20 mg prednisone, for 28 days
    report = check_plan(disease="IIM", agents=[MTX],
                        steroids=[course((D(2026, 1, 1), D(2026, 1, 28), 16), drug="methylprednisolone")])
    assert report.longest_run_days_at_pjp_dose == 28
    assert report.notes


def test_overlapping_courses_add_up():
    # 10 mg + 10 mg on the same 28 days = 20 mg a day
    report = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 28), 10)),
                                                              course((D(2026, 1, 1), D(2026, 1, 28), 10))])
    assert report.longest_run_days_at_pjp_dose == 28


def test_multiple_immunosuppressants_require_prophylaxis():
    report = check_plan(disease="IIM", agents=[MTX, {"drug": "rituximab"}])
    assert report.immunosuppressant_count == 2
    assert report.by_code("pjp.multiple").severity == "required"
    assert "pjp.multiple" not in check_plan(disease="IIM", agents=[MTX]).codes()
    assert "pjp.multiple" not in check_plan(disease="IIM", agents=[{"drug": "ivig"}]).codes()


def test_methotrexate_requirements():
    codes = check_plan(disease="IIM", agents=[MTX]).codes()
    for code in ("mtx.hepatitis", "mtx.liver", "mtx.contraception", "mtx.folic_acid"):
        assert code in codes
    pregnant = check_plan(disease="IIM", agents=[MTX], pregnant=True)
    assert pregnant.by_code("mtx.pregnancy").severity == "contraindication"
    assert "mtx.contraception" not in check_plan(disease="IIM", agents=[MTX], childbearing_potential=False).codes()


def test_methotrexate_daily_or_above_cap_is_refused():
    with pytest.raises(InputError, match="no daily option"):
        check_plan(disease="IIM", agents=[{"drug": "methotrexate", "frequency": "daily"}])
    with pytest.raises(InputError, match="error of the source"):
        check_plan(disease="IIM", agents=[{"drug": "methotrexate", "mg_per_week": 50}])


def test_tpmt_before_azathioprine_and_pregnancy_planning():
    aza = {"drug": "azathioprine"}
    assert check_plan(disease="IIM", agents=[aza]).by_code("aza.tpmt").severity == "required"
    assert "aza.tpmt" not in check_plan(disease="IIM", agents=[aza], tpmt="normal").codes()
    planning = check_plan(disease="IIM", agents=[MTX], planning_pregnancy=True)
    assert {"mtx.planning_pregnancy", "aza.pregnancy_preferred"} <= set(planning.codes())


def test_bone_and_vaccines():
    steroid = course((D(2026, 1, 1), D(2026, 1, 10), 10))
    report = check_plan(disease="IIM", agents=[MTX], steroids=[steroid], osteoporosis=True)
    assert {"bone.dexa", "bone.bisphosphonate", "vaccines.update", "vaccines.no_live"} <= set(report.codes())
    live = check_plan(disease="IIM", agents=[MTX], live_vaccine_planned=True)
    assert live.by_code("vaccines.live_planned").severity == "contraindication"


def test_igm_tuberculosis_and_pregnancy():
    steroid = course((D(2026, 1, 1), D(2026, 1, 10), 15), drug="prednisolone")
    report = check_plan(disease="IGM", agents=[MTX], steroids=[steroid], pregnant=True)
    assert report.by_code("igm.tuberculosis").sources == ("S001",)
    assert report.by_code("igm.pregnancy").severity == "contraindication"
    assert "mtx.monitoring" in report.codes()
    assert "igm.tuberculosis" not in check_plan(disease="IGM", agents=[MTX], steroids=[steroid],
                                                tuberculosis_excluded=True).codes()


def test_monotherapy_warning():
    steroid = course((D(2026, 1, 1), D(2026, 1, 10), 60))
    assert check_plan(disease="IIM", steroids=[steroid]).by_code("steroid.monotherapy_iim").severity == "warning"
    assert "steroid.monotherapy_iim" not in check_plan(disease="IIM", steroids=[steroid], agents=[MTX]).codes()
    igm = check_plan(disease="IGM", steroids=[steroid]).by_code("steroid.alone_igm")
    # S001 puts corticosteroid first: the IGM item shows both sides and does not warn against it
    assert igm.severity == "consider" and set(igm.sources) == {"S000", "S001"}
    assert "S001 puts systemic corticosteroid first" in igm.message and "S000" in igm.message
    assert "steroid.monotherapy_iim" not in check_plan(disease="IGM", steroids=[steroid]).codes()


def test_high_dose_held_beyond_four_weeks():
    # 70 kg: high dose = 0.5 x 70 = 35 mg/day. 60 mg held 29 days -> warning; 28 days -> none.
    long = check_plan(disease="IIM", agents=[MTX], weight_kg=70,
                      steroids=[course((D(2026, 1, 1), D(2026, 1, 29), 60))])
    assert "29 consecutive days" in long.by_code("steroid.high_dose_duration").message
    ok = check_plan(disease="IIM", agents=[MTX], weight_kg=70,
                    steroids=[course((D(2026, 1, 1), D(2026, 1, 28), 60), (D(2026, 1, 29), D(2026, 2, 11), 40))])
    assert "steroid.high_dose_duration" not in ok.codes()  # the taper step ends the hold
    unknown = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 29), 60))])
    assert "steroid.high_dose_unknown" in unknown.codes()
    igm = check_plan(disease="IGM", agents=[MTX], weight_kg=70,
                     steroids=[course((D(2026, 1, 1), D(2026, 1, 29), 60), drug="prednisolone")])
    assert "steroid.high_dose_duration" not in igm.codes()  # an IIM rule (S002), not applied to IGM


def test_calcineurin_inhibitor_warning():
    assert check_plan(disease="IIM", agents=[MTX, {"drug": "tacrolimus"}]).by_code("cni.reserved").sources == ("S002",)


def test_bad_plans_are_refused():
    with pytest.raises(InputError):
        check_plan(disease="lupus")
    with pytest.raises(InputError):
        check_plan(disease="IIM", agents=[{"drug": "aspirin"}])
    with pytest.raises(InputError, match="is before the period's start"):
        check_plan(disease="IIM", steroids=[course((D(2026, 1, 10), D(2026, 1, 1), 20))])
    with pytest.raises(InputError):
        check_plan(disease="IIM", steroids=[FakeSchedule("unobtainium", "x", "S002",
                                                         [FakePeriod(D(2026, 1, 1), D(2026, 1, 2), 5)])])
    with pytest.raises(InputError):
        check_plan(disease="IIM", steroids=[course((D(2026, 1, 1), D(2026, 1, 2), -5))])
    with pytest.raises(InputError):
        check_plan(disease="IIM", steroids=[42])


def test_every_rule_has_a_guideline_source():
    assert all(rule.sources and all(s.startswith("S00") for s in rule.sources) for rule in RULES)


@given(doses=st.lists(st.floats(0, 100), min_size=1, max_size=60))
def test_longest_run_matches_a_brute_force_count(doses):
    start = D(2026, 1, 1)
    by_day = {start + dt.timedelta(days=i): mg for i, mg in enumerate(doses)}
    best = current = 0
    for mg in doses:
        current = current + 1 if mg >= 20 else 0
        best = max(best, current)
    assert max((r.days for r in runs_at_or_above(by_day, 20)), default=0) == best
    assert all(r.days <= len(doses) for r in holds_at_or_above(by_day, 20))


# --- issue 11 §3: scoped by disease and source, worded as the source words it ------------------

IGM_PLAN = {"disease": "IGM", "agents": [{"drug": "methotrexate", "mg_per_week": 20}, {"drug": "azathioprine"}],
            "steroids": [course((D(2026, 1, 1), D(2026, 3, 1), 20))], "osteoporosis": None}


def test_iim_management_rules_are_not_presented_as_igm_guidance():
    report = check_plan(**IGM_PLAN)
    codes = report.codes()
    for iim_only in ("pjp.multiple", "steroid.monotherapy_iim", "mtx.folic_acid"):
        assert iim_only not in codes, iim_only
    note = report.by_code("igm.iim_rules_not_applied")
    assert note.kind == "tool_choice" and note.rests_on == ("iim_rules_not_igm",)
    assert "not applied to an IGM plan" in note.message


def test_drug_rules_carry_over_to_igm_and_say_so():
    report = check_plan(**IGM_PLAN)
    for code in ("mtx.hepatitis", "mtx.liver", "mtx.contraception", "aza.tpmt", "mtx.folic_acid_igm",
                 "pjp.steroid", "bone.dexa", "bone.bisphosphonate_if", "vaccines.update", "vaccines.no_live"):
        item = report.by_code(code)
        assert item.scope == "drug" and item.carried_over, code
        assert "Carried over" in item.message or "carried over" in item.message.lower(), code
    iim = check_plan(disease="IIM", agents=[MTX])
    assert not iim.by_code("mtx.contraception").carried_over
    assert "Carried over" not in iim.by_code("mtx.contraception").message


def test_every_item_has_a_kind_a_scope_and_no_tool_choice_cites_a_source():
    from calculators.choices import TOOL_CHOICES
    from calculators.safety import RULES
    from calculators.sources import GUIDELINE_SOURCES, REFERENCE_SOURCES
    from tools.cases import regimen_vectors

    for rule in RULES:
        assert rule.kind in ("source", "reference", "tool_choice") and rule.scope in ("IIM", "IGM", "drug")
        assert set(rule.choices) <= set(TOOL_CHOICES), rule.code
        if rule.kind == "tool_choice":
            assert rule.choices and not set(rule.rests_on()) & set(GUIDELINE_SOURCES), rule.code
        elif rule.kind == "reference":  # an outside reference, named, never passed off as S000-S003
            assert rule.rests_on() and set(rule.rests_on()) <= set(REFERENCE_SOURCES), rule.code
        else:
            assert set(rule.rests_on()) <= set(GUIDELINE_SOURCES), rule.code
    for vector in regimen_vectors():
        if vector["calculator"] == "check_plan" and "expected" in vector:
            for item in vector["expected"]["items"]:
                assert item["kind"] in ("source", "reference", "tool_choice") and item["scope"]


def test_severity_follows_the_source_wording():
    # S003: "Consider Pneumocystis prophylaxis ... if taking >= 20 mg ... for 4+ weeks" stays "consider"
    long = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 2, 15), 20))])
    item = long.by_code("pjp.steroid")
    assert item.severity == "consider" and item.message.startswith("Consider")


def test_the_reading_of_multiple_is_declared_and_said_the_same_way():
    from calculators.choices import TOOL_CHOICES

    report = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 10), 20))])
    item = report.by_code("pjp.multiple")
    assert item.choices == ("pjp_multiple",) and TOOL_CHOICES["pjp_multiple"].text in item.message


@pytest.mark.parametrize("frequency", ["daily", "twice weekly", "Daily"])
def test_methotrexate_frequency_refusal_never_offers_daily(frequency):
    with pytest.raises(InputError) as refused:
        check_plan(disease="IIM", agents=[{"drug": "methotrexate", "frequency": frequency}])
    problem = refused.value.problems[0]
    assert problem.allowed == "'once weekly'" and "daily" not in problem.allowed


def test_every_safety_message_is_made_of_templates():
    """Issue 15, words once: each rule's message is safety.* templates of calculators.messages, filled, or the
    drug.* template a dose result says too (calculators.drug_safety, clinical review 4: one sentence, both places)."""
    import ast
    from pathlib import Path

    from calculators.messages import TEMPLATES
    from calculators.safety import Facts, PlanFacts, message_text

    facts = Facts(plan=PlanFacts(disease="IGM", weight_kg=70.0), drugs=frozenset({"methotrexate", "rituximab"}),
                  has_steroid=True, pjp_run_days=40, high_dose_run_days=50, immunosuppressants=3)
    for rule in RULES:
        parts = rule.parts(facts)
        assert parts and all(key.startswith(("safety.", "drug.")) and key in TEMPLATES for key, _ in parts), rule.code
        assert rule.message(facts) == message_text(parts)
    # and no sentence is typed in safety.py itself (docstrings aside)
    tree = ast.parse(Path(__file__).resolve().parent.parent.joinpath("calculators", "safety.py").read_text())
    docstrings = {id(node.value) for node in ast.walk(tree)  # module, class, function and attribute docstrings
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    # a rule's condition and a fact step ("=...") are expressions, and an import-time error of a malformed rule
    # speaks to the developer
    raised = {id(n) for node in ast.walk(tree) if isinstance(node, ast.Raise) for n in ast.walk(node)}
    conditions = {r.when for r in RULES}
    typed = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and isinstance(node.value, str) and id(node) not in docstrings and len(node.value.split()) >= 4
             and node.value not in conditions and not node.value.startswith("=") and id(node) not in raised]
    assert not typed, f"sentences typed into calculators/safety.py instead of calculators.messages: {typed}"


# --- issue 22: methotrexate with the Pneumocystis prophylaxis the sources name ---------------------------

TMP_SMX_WORDS = ("trimethoprim-sulfamethoxazole", "marrow toxicity", "methotrexate labelling", "BNF")


@pytest.mark.parametrize("plan", [
    # 42 days at 60 mg/day (S003's 20 mg/day for 4 weeks or more) with methotrexate
    {"disease": "IIM", "agents": [MTX], "steroids": [course((D(2026, 1, 5), D(2026, 2, 15), 60))]},
    # methotrexate + azathioprine: 'multiple immunosuppressants' (S002), no steroid
    {"disease": "IIM", "agents": [MTX, {"drug": "azathioprine"}]},
    {"disease": "JDM", "agents": [MTX], "steroids": [course((D(2026, 1, 5), D(2026, 2, 15), 30))]},
])
def test_methotrexate_with_pneumocystis_prophylaxis_warns_of_marrow_toxicity(plan):
    report = check_plan(**plan)
    assert {"pjp.steroid", "pjp.multiple"} & set(report.codes())
    item = report.by_code("mtx.tmp_smx")
    assert item.severity == "warning"
    assert (item.kind, item.rests_on) == ("reference", ("Methotrexate labelling and BNF",))
    assert all(word in item.message for word in TMP_SMX_WORDS)
    assert "do not mention it" in item.message  # the sources are silent, and the item says so


@pytest.mark.parametrize("plan", [
    {"disease": "IIM", "agents": [MTX]},  # no prophylaxis called for
    {"disease": "IIM", "agents": [{"drug": "azathioprine"}, {"drug": "mycophenolate"}]},  # prophylaxis, no MTX
    {"disease": "IIM", "steroids": [course((D(2026, 1, 5), D(2026, 2, 15), 60))]},
])
def test_no_marrow_caution_without_both(plan):
    assert "mtx.tmp_smx" not in check_plan(**plan).codes()


# --- clinical review D2: a teratogen the sources do not call one -----------------------------------

@pytest.mark.parametrize("disease", ["IIM", "IGM", "JDM"])
@pytest.mark.parametrize("drug", ["mycophenolate", "cyclophosphamide"])
def test_a_teratogen_in_pregnancy_is_flagged_from_labelling(disease, drug):
    report = check_plan(disease=disease, agents=[{"drug": drug}], pregnant=True)
    item = report.by_code("teratogen.pregnancy")
    assert item.severity == "contraindication" and drug in item.message.lower()
    # labelled as the outside reference it is, never as S000-S003 and never as carried over from them
    assert item.kind == "reference" and item.rests_on == ("Mycophenolate and cyclophosphamide labelling",)
    assert not item.carried_over and "teratogen.contraception" not in report.codes()
    # the labelled contraindication is said as one (second clinical review): never "do not start ... without
    # specialist advice", which reads as if advice could lift it
    assert "contraindicated in pregnancy" in item.message and "product labelling" in item.message
    assert "Stop it, or do not start it, and seek specialist advice." in item.message
    assert "without specialist advice" not in item.message


def test_a_teratogen_needs_a_pregnancy_test_and_contraception():
    report = check_plan(disease="IIM", agents=[{"drug": "mycophenolate"}, {"drug": "cyclophosphamide"}])
    item = report.by_code("teratogen.contraception")
    assert item.severity == "required" and "pregnancy test" in item.message
    assert "mycophenolate: 6 weeks after stopping" in item.message
    assert "cyclophosphamide: up to 1 year after stopping" in item.message
    assert "teratogen.contraception" not in check_plan(disease="IIM", agents=[{"drug": "mycophenolate"}],
                                                       childbearing_potential=False).codes()
    for other in ("azathioprine", "rituximab", "ivig"):
        codes = check_plan(disease="IIM", agents=[{"drug": other}], pregnant=True).codes()
        assert not {"teratogen.pregnancy", "teratogen.contraception"} & set(codes), other


def test_steroid_dose_rules_cross_to_igm_as_carried_over_drug_rules():
    # clinical review D4: methotrexate 25 mg once weekly + prednisolone 20 mg/day for 100 days (IGM).
    # S003's rule on corticosteroid dose and S002/S003's bone rules are about the drug: an IGM plan keeps them.
    plan = check_plan(disease="IGM", agents=[{"drug": "methotrexate", "mg_per_week": 25}],
                      steroids=[course((D(2026, 1, 1), D(2026, 4, 10), 20), drug="prednisolone")])
    pjp = plan.by_code("pjp.steroid")
    assert pjp.severity == "consider" and pjp.sources == ("S003",) and pjp.carried_over
    assert "100 consecutive days" in pjp.message and "Carried over from the IIM source S003" in pjp.message
    for code in ("bone.dexa", "bone.bisphosphonate_if"):
        assert plan.by_code(code).carried_over and "Carried over" in plan.by_code(code).message, code
    assert "no advice on" in plan.by_code("igm.iim_rules_not_applied").message
    assert "carried over" in plan.by_code("igm.iim_rules_not_applied").message
    # below the threshold (27 days) nothing about Pneumocystis; the IIM plan says nothing of carrying over
    short = check_plan(disease="IGM", steroids=[course((D(2026, 1, 1), D(2026, 1, 27), 20))])
    assert "pjp.steroid" not in short.codes()
    iim = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 4, 10), 20))])
    assert not iim.by_code("pjp.steroid").carried_over and "Carried" not in iim.by_code("pjp.steroid").message


def test_the_adult_hold_rule_is_not_applied_to_juvenile_dm():
    # clinical review W1: a child on prednisone 56 mg/day (28 kg x 2 mg/kg) for 101 days. The 2-4 week limit
    # is S002/S003's adult IIM rule; for JDM the sources give 2 mg/kg/day (max 60 mg/day) and nothing more.
    child = check_plan(disease="JDM", agents=[MTX], weight_kg=28,
                       steroids=[course((D(2026, 1, 1), D(2026, 4, 11), 56))])
    assert not {"steroid.high_dose_duration", "steroid.high_dose_unknown"} & set(child.codes())
    silent = child.by_code("steroid.hold_jdm_silent")
    assert silent.severity == "consider" and silent.kind == "source" and "no taper" in silent.message
    assert "not applied to a child" in silent.message
    adult = check_plan(disease="IIM", agents=[MTX], weight_kg=28,
                       steroids=[course((D(2026, 1, 1), D(2026, 4, 11), 56))])
    assert "101 consecutive days" in adult.by_code("steroid.high_dose_duration").message
    assert "steroid.hold_jdm_silent" not in adult.codes()


def test_never_beyond_the_hold_is_s002s_word_alone():
    # clinical review W7: only S002 says "never continue beyond 2-4 weeks"; S003 says to begin tapering after
    long = check_plan(disease="IIM", agents=[MTX], weight_kg=70, steroids=[course((D(2026, 1, 1), D(2026, 1, 29), 60))])
    message = long.by_code("steroid.high_dose_duration").message
    assert "S002 says never to continue it beyond" in message and "S003 to begin tapering after" in message
    assert "S002 and S003 say never" not in message
    unknown = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 1), D(2026, 1, 29), 60))])
    assert "limit of S002 and S003" not in unknown.by_code("steroid.high_dose_unknown").message


def test_escalated_therapy_without_a_first_line_agent_is_not_called_monotherapy():
    # clinical review M8: rituximab + cyclophosphamide + corticosteroid read as "corticosteroid without a
    # steroid-sparing agent", as if the patient were on steroid alone
    plan = check_plan(disease="IIM", agents=[{"drug": "rituximab"}, {"drug": "cyclophosphamide"}],
                      steroids=[course((D(2026, 1, 1), D(2026, 1, 20), 40))])
    message = plan.by_code("steroid.monotherapy_iim").message
    assert message.startswith("No first-line steroid-sparing agent (methotrexate, azathioprine or mycophenolate)")
    assert "Corticosteroid without a steroid-sparing agent" not in message


# --- third clinical review: rules about the drug apply wherever the drug is, labelled by their kind ----------

IGM_MTX_LONG = {"disease": "IGM", "agents": [{"drug": "methotrexate", "mg_per_week": 25}],
                "steroids": [course((D(2026, 12, 9), D(2027, 3, 31), 20), drug="prednisolone")]}


def test_an_igm_plan_offered_pneumocystis_prophylaxis_with_methotrexate_gets_the_marrow_caution():
    # review D1: 113 days at 20 mg/day with methotrexate (IGM): S003's prophylaxis is carried over, so the
    # co-trimoxazole interaction (an outside reference) must come with it
    report = check_plan(**IGM_MTX_LONG)
    assert "pjp.steroid" in report.codes()
    item = report.by_code("mtx.tmp_smx")
    assert item.severity == "warning" and all(word in item.message for word in TMP_SMX_WORDS)
    assert (item.kind, item.rests_on, item.scope) == ("reference", ("Methotrexate labelling and BNF",), "drug")
    assert not item.carried_over  # the interaction is the reference's; only the prophylaxis is carried over
    assert "prophylaxis itself is carried over from the IIM source S003" in item.message
    # no Pneumocystis item, no caution: a short course, or methotrexate with prednisolone below the threshold
    short = check_plan(**{**IGM_MTX_LONG, "steroids": [course((D(2026, 12, 9), D(2026, 12, 30), 20))]})
    low = check_plan(**{**IGM_MTX_LONG, "steroids": [course((D(2026, 12, 9), D(2027, 3, 31), 10))]})
    for report in (short, low):
        assert not {"pjp.steroid", "pjp.multiple", "mtx.tmp_smx"} & set(report.codes())
    iim = check_plan(disease="IIM", agents=[MTX], steroids=[course((D(2026, 1, 5), D(2026, 2, 15), 60))])
    assert "carried over" not in iim.by_code("mtx.tmp_smx").message


def test_a_hold_at_the_tools_initial_ceiling_is_a_hold_at_high_dose():
    # review D3: 180 kg, prednisone 80 mg/day for 90 days: 80/180 is under 0.5 mg/kg, but 80 mg/day is the
    # ceiling the dose calculator and the taper cap this patient's start at
    heavy = check_plan(disease="IIM", agents=[MTX], weight_kg=180,
                       steroids=[course((D(2026, 12, 9), D(2027, 3, 8), 80))])
    item = heavy.by_code("steroid.high_dose_duration")
    assert "90 consecutive days" in item.message
    assert "tool's reading" in item.message and "initial ceiling of 80 mg/day" in item.message
    assert item.kind == "source" and item.rests_on == ("S002", "S003")
    assert item.choices == ("high_dose_hold", "pred_start_ceiling")  # the reading is declared as the tool's
    # just under the ceiling, and under 0.5 mg/kg: not high, so no hold warning
    under = check_plan(disease="IIM", agents=[MTX], weight_kg=180,
                       steroids=[course((D(2026, 12, 9), D(2027, 3, 8), 79))])
    assert "steroid.high_dose_duration" not in under.codes()
    # a light patient is still measured at 0.5 mg/kg (35 mg/day at 70 kg)
    light = check_plan(disease="IIM", agents=[MTX], weight_kg=70,
                       steroids=[course((D(2026, 12, 9), D(2027, 3, 8), 35))])
    assert "steroid.high_dose_duration" in light.codes()


@pytest.mark.parametrize("disease", ["IIM", "JDM", "IGM"])
def test_methotrexate_monitoring_applies_to_every_plan_and_says_where_it_comes_from(disease):
    # review D4: S000's full blood count, liver and renal monitoring is about the drug
    item = check_plan(disease=disease, agents=[MTX]).by_code("mtx.monitoring")
    carried = disease != "IGM"
    assert item.severity == "required" and item.sources == ("S000",)
    # clinical review 5 W2: carried over, it is the tool's choice carried_over; at home, S000's statement
    assert (item.kind, item.rests_on) == (("tool_choice", ("carried_over",)) if carried else ("source", ("S000",)))
    assert item.scope == "drug" and "full blood count, liver function tests, renal function" in item.message
    assert item.carried_over == carried
    assert ("Carried over from the IGM source S000 to this" in item.message) == (disease != "IGM")
    if disease == "JDM":
        assert "to this juvenile DM plan" in item.message
    assert "mtx.monitoring" not in check_plan(disease=disease, agents=[{"drug": "azathioprine"}]).codes()


def test_vaccine_rules_are_carried_over_to_an_igm_plan_with_immunosuppression():
    # review M4: "update vaccines before starting immunosuppressants" is about the drugs
    report = check_plan(**IGM_MTX_LONG)
    for code in ("vaccines.update", "vaccines.no_live"):
        item = report.by_code(code)
        assert item.carried_over and item.scope == "drug" and item.kind == "tool_choice", code
        assert item.rests_on == ("carried_over",), code
        assert "Carried over from the IIM source" in item.message, code
    live = check_plan(**IGM_MTX_LONG, live_vaccine_planned=True).by_code("vaccines.live_planned")
    assert live.severity == "contraindication" and live.carried_over
    not_applied = report.by_code("igm.iim_rules_not_applied").message
    assert "several immunosuppressants together and time at high dose are not applied" in not_applied
    assert not {"vaccines.update", "vaccines.no_live"} & set(check_plan(disease="IGM").codes())


@pytest.mark.parametrize("disease", ["IIM", "IGM"])
def test_the_tpmt_result_decides_the_azathioprine_item(disease):
    # review M3: a known result that is low or absent is a contraindication (CPIC), intermediate a caution
    aza = [{"drug": "azathioprine"}]
    codes = {tpmt: set(check_plan(disease=disease, agents=aza, tpmt=tpmt).codes())
             for tpmt in (None, "unknown", "normal", "intermediate", "low-absent")}
    aza_items = {"aza.tpmt", "aza.tpmt_low", "aza.tpmt_intermediate"}
    assert aza_items & codes[None] == aza_items & codes["unknown"] == {"aza.tpmt"}
    assert not aza_items & codes["normal"]
    assert aza_items & codes["intermediate"] == {"aza.tpmt_intermediate"}
    assert aza_items & codes["low-absent"] == {"aza.tpmt_low"}
    low = check_plan(disease=disease, agents=aza, tpmt="low-absent").by_code("aza.tpmt_low")
    assert low.severity == "contraindication" and "do not start azathioprine" in low.message
    assert (low.kind, low.rests_on) == ("reference", ("CPIC thiopurine guideline 2018 update (Relling et al. 2019)",))
    assert not low.carried_over
    mid = check_plan(disease=disease, agents=aza, tpmt="intermediate").by_code("aza.tpmt_intermediate")
    assert mid.severity == "warning" and mid.kind == "reference" and "reduced starting dose" in mid.message
    assert "aza.tpmt_low" not in check_plan(disease=disease, agents=[MTX], tpmt="low-absent").codes()
    with pytest.raises(InputError):
        check_plan(disease=disease, agents=aza, tpmt="low")


@pytest.mark.parametrize("disease", ["IIM", "JDM", "IGM"])
def test_an_item_carried_over_from_another_diseases_sources_is_the_tools_choice_and_names_the_source(disease):
    # clinical review 5 W2: bone health, Pneumocystis, vaccines, methotrexate monitoring carried over to another
    # disease were labelled SOURCE (results, plan checks, CSV, .ics). Mutation caught: kind=r.kind for a carried
    # rule in check_plan (or the same in live/safety.js, which the parity tests compare).
    agents = [MTX, {"drug": "azathioprine"}, {"drug": "mycophenolate"}]
    report = check_plan(disease=disease, agents=agents, steroids=[course((D(2026, 12, 9), D(2027, 6, 8), 30))])
    carried = [i for i in report.items if i.carried_over]
    assert carried, disease
    for item in carried:
        assert item.kind == "tool_choice" and item.rests_on == ("carried_over",), item.code
        assert item.sources and all(src in item.message for src in item.sources[:1]), item.code
    for item in report.items:
        if item.kind == "source":
            assert not item.carried_over and "arried over" not in item.message, item.code


# --- clinical review 5 M8: pregnancy entered, no pregnancy rule fires -> the silence is said -----------------

PRED = course((D(2026, 1, 1), D(2026, 1, 28), 60))


@pytest.mark.parametrize("disease", ["IIM", "JDM"])
def test_pregnancy_with_no_pregnancy_rule_says_the_sources_are_silent(disease):
    # mutation caught: deleting rule pregnancy.no_advice (the review saw 8 items, none about pregnancy)
    report = check_plan(disease=disease, agents=[{"drug": "azathioprine"}], steroids=[PRED], pregnant=True)
    item = report.by_code("pregnancy.no_advice")
    assert item.kind == "tool_choice" and item.rests_on == ("pregnancy_no_advice",) and not item.carried_over
    assert "no advice" in item.message and "seek specialist advice" in item.message
    assert "pregnancy.no_advice" not in check_plan(disease=disease, agents=[{"drug": "azathioprine"}],
                                                   steroids=[PRED], pregnant=False).codes()


@pytest.mark.parametrize("plan", [
    {"disease": "IIM", "agents": [MTX]},
    {"disease": "IIM", "agents": [{"drug": "mycophenolate"}]},
    {"disease": "IGM", "agents": [{"drug": "azathioprine"}], "steroids": [PRED]},
])
def test_no_silence_line_when_a_pregnancy_rule_speaks(plan):
    # mutation caught: dropping the "no other pregnancy rule" terms from the rule's condition
    codes = check_plan(**plan, pregnant=True).codes()
    assert "pregnancy.no_advice" not in codes
    assert {"mtx.pregnancy", "teratogen.pregnancy", "igm.pregnancy"} & set(codes)
