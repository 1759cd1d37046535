"""What the live dose form shows for the findings of the independent clinical review (clinical-1).

Each case runs the page's own scripts in Node (tests/live_node.py) and checks the words a
prescriber sees; tests/test_live_parity.py separately proves the page and the package agree, so
these checks guard the page as rendered from the same recipe. The package-level tests of each
row are in tests/test_regimens.py.
"""

from __future__ import annotations

import re

import pytest

from calculators import guidance as g
from calculators.messages import number_text
from tests.live_node import NodeForms, node
from tools.cases.forms import TODAY

pytestmark = pytest.mark.skipif(node() is None, reason="node is not installed")

ADULT = {"weight": "70", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male",
         "age_years": "45", "start": "2026-01-07"}
CACHECTIC = {**ADULT, "weight": "40", "height": "183"}


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    forms = NodeForms(tmp_path_factory.mktemp("review-node"))
    yield forms
    forms.close()


def shown(page: NodeForms, **inputs: str) -> dict:
    answer = page.run("dose", {**ADULT, **inputs}, TODAY)
    assert answer["ok"], answer
    return answer["results"]["regimen"]


def note_texts(result: dict, warning: bool | None = None) -> list[str]:
    return [n["text"] for n in result["notes"] if warning is None or bool(n.get("warning")) == warning]


def test_d1_igm_headline_pairs_each_drug_with_its_dose(page):
    r = shown(page, regimen="methotrexate_igm", mg_per_week="25", prednisolone_mg_per_day="20")
    assert r["display"] == ("methotrexate 25 mg by mouth once weekly (every Wednesday) + prednisolone 20 mg by mouth "
                            "once daily")
    assert not re.search(r"prednisolone\D*25", r["display"])


def test_d3_ivig_needs_actual_weight_and_warns_when_high_for_it(page):
    missing = page.run("dose", {**CACHECTIC, "regimen": "ivig", "g_per_kg_total": "2", "weight": ""}, TODAY)
    assert not missing["ok"] and "weight" in missing["missing"] + [p["field"] for p in missing["problems"]]
    r = shown(page, **CACHECTIC, regimen="ivig", g_per_kg_total="2")
    (warning,) = note_texts(r, warning=True)
    assert warning.startswith("High for this patient's actual weight: the course of 155.4 g is 3.9 g/kg of 40 kg")


@pytest.mark.parametrize("inputs", [
    {"regimen": "methotrexate_iim", "ramp_months": "3"},
    {"regimen": "methotrexate_jdm", "weight": "30", "height": "135", "age_years": "9", "sex": "female"},
], ids=["iim", "jdm"])
def test_d5_methotrexate_results_carry_s000_monitoring(page, inputs):
    r = shown(page, **inputs)
    (note,) = [n for n in r["notes"] if "full blood count, liver function tests and renal function" in n["text"]]
    # carried over from the IGM source to IIM/JDM: the carrying over is the tool's choice, the text names S000
    # (clinical review 5, W2)
    assert note["kind"] == "tool_choice" and note["rests_on"] == ["carried_over"] and "S000" in note["text"]


def test_m9_iim_methotrexate_says_whom_s002_prefers_it_for(page):
    r = shown(page, regimen="methotrexate_iim", ramp_months="3")
    assert any(t.startswith("Preferred for most patients without lung disease") for t in note_texts(r))


def test_m10_rituximab_asks_for_hepatitis_b_screening(page):
    r = shown(page, regimen="rituximab")
    (note,) = [n for n in r["notes"] if "hepatitis B" in n["text"]]
    assert note["kind"] == "reference" and note["rests_on"] == ["Rituximab labelling"]


def test_m1_azathioprine_target_is_not_shown_as_a_starting_dose(page):
    r = shown(page, regimen="azathioprine", tpmt="normal")
    # the largest line says it is the target (with the doses the tablets make, M2 of clinical review 4), and that the
    # sources give no starting dose
    assert ": the target dose" in r["display"]
    assert r["display"].endswith("; the sources give no starting dose or titration")
    (line,) = r["lines"]
    assert line["text"].startswith("Target dose, not a starting dose")


def test_m2_azathioprine_intermediate_warns_against_the_reduced_top(page):
    r = shown(page, **{**CACHECTIC, "weight": "45"}, regimen="azathioprine", tpmt="intermediate")
    (warning,) = note_texts(r, warning=True)
    # from the registry, so a changed azathioprine figure keeps this passing: 0.8 x 2 x 77.7087 / 45 = 2.8 today
    share, ibw = g.AZA_CPIC_INTERMEDIATE.high / 100, 50 + 2.3 * (183 / 2.54 - 60)
    per_kg, top = share * g.IIM_AZA_PER_KG_IBW.value * ibw / 45, share * g.AZA_CPIC_NORMAL_START.high
    assert (f"{number_text(per_kg, 1)} mg/kg a day of 45 kg, above {number_text(top, 1)} mg/kg/day, the top of the "
            "reduced") in warning


def test_m3_prednisone_warning_is_labelled_s002_and_record_has_pjp_and_bone(page):
    r = shown(page, regimen="prednisone_initial", mg_per_kg="1", diabetes="yes")
    (warning,) = [n for n in r["notes"] if n.get("warning")]
    assert warning["kind"] == "source" and warning["rests_on"] == ["S002"]
    texts = note_texts(r)
    assert any(t.startswith("Pneumocystis prophylaxis") for t in texts)
    assert any(t.startswith("Bone health") for t in texts)


def test_w3_cyclophosphamide_twelve_months_is_twelve_infusions(page):
    r = shown(page, regimen="cyclophosphamide", months="12")
    assert len(r["lines"]) == 12 and r["lines"][-1]["text"].startswith("Infusion 12:")
