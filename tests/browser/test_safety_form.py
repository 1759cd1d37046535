"""The whole-plan safety checks as a live form (issue 22 §2): rules that fire only on a plan are reached in the
browser, the page answers as the package does, and the printed record carries the items with their kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators.forms import run
from tests.browser.ward_cases import FILL

pytestmark = pytest.mark.browser

TODAY = dt.date.today()
START = (TODAY + dt.timedelta(days=3)).isoformat()
END = (TODAY + dt.timedelta(days=44)).isoformat()  # 42 days at 60 mg/day: S003's 4 weeks at 20 mg/day or more
PLANS = {
    # methotrexate with Pneumocystis prophylaxis called for: the interaction warning (an outside reference)
    "iim-mtx-course": {"disease": "IIM", "agent_methotrexate": "yes", "steroid": "prednisone",
                       "steroid_mg_per_day": "60", "steroid_start": START, "steroid_end": END, "weight_kg": "70"},
    # only a plan can say these: pregnancy with methotrexate, a live vaccine, a TPMT result not known
    "iim-pregnant": {"disease": "IIM", "agent_methotrexate": "yes", "agent_azathioprine": "yes", "pregnant": "yes",
                     "live_vaccine_planned": "yes"},
    "igm-pregnant": {"disease": "IGM", "agent_methotrexate": "yes", "pregnant": "yes", "steroid": "prednisolone",
                     "steroid_mg_per_day": "15", "steroid_start": START, "steroid_end": END},
    # third clinical review D1, D3, M3: the interaction on an IGM plan offered prophylaxis; a heavy patient held at
    # the tool's ceiling; a TPMT result that is low or absent
    "igm-mtx-course": {"disease": "IGM", "agent_methotrexate": "yes", "steroid": "prednisolone",
                       "steroid_mg_per_day": "20", "steroid_start": START, "steroid_end": END},
    "iim-heavy-hold": {"disease": "IIM", "agent_methotrexate": "yes", "steroid": "prednisone",
                       "steroid_mg_per_day": "80", "steroid_start": START, "steroid_end": END, "weight_kg": "180"},
    "iim-tpmt-low": {"disease": "IIM", "agent_azathioprine": "yes", "tpmt": "low-absent"},
    # clinical review 4, D1 and D2: rituximab's hepatitis B screen and azathioprine's xanthine oxidase warning,
    # on an IGM plan too (where rituximab can be entered)
    "igm-rtx-aza": {"disease": "IGM", "agent_rituximab": "yes", "agent_azathioprine": "yes", "steroid": "prednisolone",
                    "steroid_mg_per_day": "15", "steroid_start": START, "steroid_end": END},
}


def _open(site_page, plan):
    page = site_page("calculators/safety/")
    page.evaluate("() => { window.print = () => {}; }")
    page.evaluate(FILL, ["safety", PLANS[plan]])
    form = page.locator('form[data-form="safety"]')
    assert form.get_attribute("data-state") == "result", form.locator("[data-live-result]").inner_text()
    return page, form


@pytest.mark.parametrize("plan", sorted(PLANS))
def test_the_page_lists_what_the_package_lists(site_page, plan):
    _page, form = _open(site_page, plan)
    expected = run("safety", PLANS[plan], TODAY)["results"]["plan"]["items"]
    shown = form.locator(".live-plan__items li")
    assert shown.count() == len(expected)
    for i, item in enumerate(expected):
        li = shown.nth(i)
        assert li.get_attribute("data-code") == item["code"]
        assert li.get_attribute("data-kind") == item["kind"]
        assert li.get_attribute("data-severity") == item["severity"]
        assert item["message"] in " ".join(li.inner_text().split())


def test_plan_only_rules_reach_the_browser_and_the_record(site_page):
    page, form = _open(site_page, "iim-mtx-course")
    interaction = form.locator('li[data-code="mtx.tmp_smx"]')
    assert interaction.get_attribute("data-kind") == "reference" and interaction.get_attribute("data-severity") == "warning"
    assert "Outside reference" in interaction.text_content() and "Methotrexate labelling and BNF" in interaction.text_content()
    form.locator('[data-record-action="print"]').click()
    record = " ".join(page.locator("#dose-record").inner_text().split())
    assert "trimethoprim-sulfamethoxazole (co-trimoxazole) adds to methotrexate's marrow toxicity" in record
    assert "Pneumocystis prophylaxis" in record and "Screen for hepatitis B and C before methotrexate" in record
    page, form = _open(site_page, "iim-pregnant")
    codes = form.locator(".live-plan__items li").evaluate_all("els => els.map(e => e.dataset.code)")
    assert {"mtx.pregnancy", "vaccines.live_planned", "aza.tpmt"} <= set(codes)
    assert form.locator('li[data-code="mtx.pregnancy"]').get_attribute("data-severity") == "contraindication"


def test_a_course_ending_before_it_starts_is_refused_at_its_field(site_page):
    page = site_page("calculators/safety/")
    page.evaluate(FILL, ["safety", {**PLANS["iim-mtx-course"], "steroid_end": (TODAY - dt.timedelta(days=1)).isoformat()}])
    form = page.locator('form[data-form="safety"]')
    assert form.get_attribute("data-state") == "refused"
    assert "is before the period's start" in form.locator('[data-error-for="steroid_end"]').inner_text()


def test_the_drug_rules_of_the_third_review_reach_the_page(site_page):
    _page, form = _open(site_page, "igm-mtx-course")
    codes = form.locator(".live-plan__items li").evaluate_all("els => els.map(e => e.dataset.code)")
    assert {"pjp.steroid", "mtx.tmp_smx", "mtx.monitoring", "vaccines.update"} <= set(codes)
    _page, form = _open(site_page, "iim-heavy-hold")
    assert form.locator('li[data-code="steroid.high_dose_duration"]').count() == 1
    _page, form = _open(site_page, "iim-tpmt-low")
    low = form.locator('li[data-code="aza.tpmt_low"]')
    assert low.get_attribute("data-severity") == "contraindication" and low.get_attribute("data-kind") == "reference"
    assert form.locator('li[data-code="aza.tpmt"]').count() == 0


def test_the_drug_statements_of_the_dose_results_show_with_their_badge_and_print(site_page):
    """Clinical review 4: D1, D2 (the items, as the dose results say them, badged as outside references) and M6
    (the button prints the plan checks and says so)."""
    from calculators.drug_safety import STATEMENTS

    page, form = _open(site_page, "igm-rtx-aza")
    for name, basis in (("rtx.hbv", "(Rituximab labelling)"), ("aza.xanthine_oxidase", "(Azathioprine labelling and BNF)")):
        statement = STATEMENTS[name]
        li = form.locator(f'li[data-code="{statement.code}"]')
        assert li.get_attribute("data-kind") == "reference"
        assert li.get_attribute("data-severity") == statement.severity
        assert li.locator(".live-kind__badge").text_content().strip() == "Outside reference"
        assert li.locator(".live-calc__source").text_content().strip() == basis
        assert statement.result_text() in " ".join(li.inner_text().split())
    button = form.locator('[data-record-action="print"]')
    assert button.inner_text() == "Print plan checks"
    button.click()
    record = page.locator("#dose-record")
    assert " ".join(record.locator("h1").inner_text().split()) == "Plan checks: Safety checks"
    text = " ".join(record.inner_text().split())
    assert STATEMENTS["rtx.hbv"].result_text() in text and STATEMENTS["aza.xanthine_oxidase"].result_text() in text
    assert "Outside reference" in text
