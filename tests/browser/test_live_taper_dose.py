"""The taper and dose forms used as a clinician would: type, read, print, download, offline, phone, keyboard.

Expected answers come from the Python package (`calculators.live.run`, the reference adapter), so a page
that drifts from the package fails here as well as in the vector replay.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators.live import FORMS, run

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TAPER_DEFAULT = FORMS["taper"].cases[0]  # what the page's form holds when it loads


def _taper(**changes):
    return run("taper", {**TAPER_DEFAULT, **changes})


def test_taper_form_shows_schedule_totals_and_flags_on_load(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    expected = _taper()["results"]["schedule"]
    results = form.locator("[data-live-results]")
    text = results.inner_text()
    assert expected["protocol_name"] in text
    assert f"Days: {expected['duration_days']}; cumulative dose: 4270 mg" in text  # 60x28 + 14x(40+30+25+20+...)
    for flag in expected["flags"]:
        assert flag in text
    assert results.locator("tbody tr").count() == len(expected["periods"]) + 1  # + the stop day
    status = form.locator("[data-live-status]")
    assert status.get_attribute("role") == "status"
    assert f"{expected['duration_days']} days" in status.inner_text() and "Pneumocystis" in status.inner_text()


def test_taper_refusal_is_shown_next_to_the_field_with_the_package_message(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    hold = form.locator('input[name="hold_weeks"]')
    hold.fill("6")
    expected = _taper(hold_weeks="6")["problems"][0]["message"]
    assert expected == "hold_weeks = 6: is above the allowed range; allowed: 2 to 4 weeks (source: S002, S003)"
    error = form.locator('[data-error-for="hold_weeks"]')
    assert error.is_visible() and error.inner_text() == expected
    assert hold.get_attribute("aria-invalid") == "true"
    assert form.locator("[data-live-results]").is_hidden()
    assert "No result" in form.locator("[data-live-status]").inner_text()

    form.locator('input[name="start_dose_mg"]').fill("80")
    hold.fill("4")
    expected = _taper(start_dose_mg="80")["problems"][0]["message"]
    assert form.locator('[data-error-for="start_dose_mg"]').inner_text() == expected
    assert error.is_hidden()


def test_taper_fields_follow_the_protocol(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    form.locator('select[name="protocol"]').select_option("igm-s000-withdrawal")
    assert form.locator('input[name="hold_weeks"]').is_hidden()
    assert form.locator('input[name="withdrawal_days"]').is_visible()
    form.locator('input[name="start_dose_mg"]').fill("20")
    expected = _taper(protocol="igm-s000-withdrawal", start_dose_mg="20", withdrawal_days="10")["results"]
    assert expected["schedule"]["drug"] == "prednisolone"
    assert f"{expected['schedule']['duration_days']} days" in form.locator("[data-live-results]").inner_text()


def test_taper_form_by_keyboard_alone(site_page):
    page = site_page("calculators/taper/")
    page.locator("#tp-protocol").focus()
    order = []
    for _ in range(12):
        order.append(page.evaluate("document.activeElement.name"))
        if order[-1] == "hold_weeks":
            break
        page.keyboard.press("Tab")
    assert order[0] == "protocol" and order[-1] == "hold_weeks", order
    assert order.index("start_dose_mg") < order.index("start_date") < order.index("hold_weeks")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    expected = _taper(hold_weeks="2")["results"]["schedule"]
    results = page.locator('form[data-form="taper"] [data-live-results]')
    assert f"Days: {expected['duration_days']};" in results.inner_text()  # 14 days fewer than with 4 weeks
    assert expected["duration_days"] == 182 - 14
    # a select changed with the keyboard: S003 from the protocol list
    page.locator("#tp-protocol").focus()
    page.keyboard.press("ArrowDown")
    expected = _taper(hold_weeks="2", protocol="iim-s003-rule-based")["results"]["schedule"]
    assert expected["protocol_name"] in results.inner_text()


def test_taper_downloads_are_the_package_files_byte_for_byte(site_page, tmp_path):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    expected = _taper()["results"]
    with page.expect_download() as info:
        form.locator('[data-taper-action="csv"]').click()
    csv_path = tmp_path / "taper.csv"
    info.value.save_as(csv_path)
    assert info.value.suggested_filename.endswith(".csv")
    assert csv_path.read_bytes() == expected["csv"].encode("utf-8")
    with page.expect_download() as info:
        form.locator('[data-taper-action="ics"]').click()
    ics_path = tmp_path / "taper.ics"
    info.value.save_as(ics_path)
    assert info.value.suggested_filename.endswith(".ics")
    assert ics_path.read_bytes() == expected["ics"].encode("utf-8")
    assert ics_path.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_printed_calendar_shows_only_the_patient_calendar(site_page):
    page = site_page("calculators/taper/")
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    page.locator('[data-taper-action="print"]').click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    calendar = page.locator("#live-taper-print")
    assert calendar.is_visible()
    assert calendar.locator("h1").inner_text() == "Your prednisone calendar"
    days = _taper()["results"]["schedule"]["duration_days"]
    assert calendar.locator("tbody tr").count() == days + 1
    for selector in (".md-header", ".md-sidebar", "form.live-calc", ".site-disclaimer", ".md-footer", "h1#prednisone-taper"):
        assert page.locator(selector).first.is_hidden(), selector
    # nothing else on the printed page but the calendar
    visible_blocks = page.evaluate("""() => Array.from(document.body.children)
        .filter(e => e.getBoundingClientRect().height > 0).map(e => e.id || e.className)""")
    assert visible_blocks == ["live-taper-print"], visible_blocks


def test_forms_work_offline_after_load(site_page):
    page = site_page("calculators/taper/")
    page.wait_for_load_state("networkidle")
    # The browser asks for the favicon after load (no longer behind the search index, which now
    # loads only when search is opened): let that finish before the network goes.
    try:
        page.wait_for_event("requestfinished", lambda r: r.url.endswith("favicon.png"), timeout=3000)
    except Exception:  # noqa: BLE001 - already fetched before we started waiting
        pass
    page.context.set_offline(True)
    page.locator('input[name="start_dose_mg"]').fill("75")
    page.locator('select[name="protocol"]').select_option("iim-s003-rule-based")
    expected = _taper(protocol="iim-s003-rule-based", start_dose_mg="75")["results"]["schedule"]
    assert f"Days: {expected['duration_days']};" in page.locator('form[data-form="taper"] [data-live-results]').inner_text()
    page.context.set_offline(False)


def test_dose_form_methotrexate_is_once_weekly_and_above_cap_is_refused(site_page):
    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    results = form.locator("[data-live-results]")
    assert "Initial prednisone (IIM) 70 mg/day by mouth once daily" in results.inner_text().replace("\n", " ")
    form.locator('select[name="regimen"]').select_option("methotrexate_igm")
    assert form.locator('input[name="weight"]').is_hidden()
    week = form.locator('input[name="mg_per_week"]')
    week.fill("30")
    raw = {**FORMS["dose"].cases[0], "regimen": "methotrexate_igm", "mg_per_week": "30", "prednisolone_mg_per_day": "15"}
    expected = run("dose", raw)["problems"][0]["message"]
    assert "above the weekly methotrexate cap of 25 mg once weekly" in expected
    error = form.locator('[data-error-for="mg_per_week"]')
    assert error.is_visible() and error.inner_text() == expected
    assert week.get_attribute("aria-invalid") == "true"
    week.fill("20")
    assert "20 mg by mouth once weekly (every Monday)" in results.inner_text()


def test_dose_form_shows_caps_and_places_errors_in_the_visible_field(site_page):
    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    form.locator('select[name="regimen"]').select_option("iv_methylprednisolone")
    form.locator('input[name="ivmp_mg_per_kg"]').fill("20")
    form.locator('input[name="weight"]').fill("80")
    text = form.locator("[data-live-results]").inner_text()
    assert "1000 mg/day IV once daily for 3 consecutive days" in text
    assert "1600 mg/day computed; capped at 1000 mg/day (S002)" in text  # 20 mg/kg x 80 kg
    form.locator('input[name="ivmp_mg_per_kg"]').fill("30")
    error = form.locator("#dz-ivmp-error")
    assert error.is_visible() and error.inner_text().startswith("mg_per_kg = 30: is above the allowed range")
    assert form.locator("#dz-pred-error").is_hidden()

    form.locator('select[name="regimen"]').select_option("azathioprine")
    form.locator('select[name="tpmt"]').select_option("unknown")
    assert "a TPMT result is required" in form.locator('[data-error-for="tpmt"]').inner_text()


@pytest.mark.parametrize("path", ["calculators/taper/", "calculators/dose/"])
def test_every_field_is_labelled_and_the_page_fits_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + path, wait_until="load")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
        'form.live-calc input, form.live-calc select')).filter(el =>
        !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
    assert not unlabelled
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("form.live-calc [data-live-results]").inner_text().strip()
    context.close()


@pytest.mark.parametrize("name", ["taper", "dose-calculation"])
def test_notebook_page_offers_the_notebook_for_download(site_page, name):
    page = site_page(f"notebooks/{name}/")
    link = page.locator("a.nb-download")
    assert link.is_visible()
    assert link.get_attribute("download") == f"{name}.py"
    body = page.request.get(page.url + link.get_attribute("href")).body()
    assert body == (ROOT / "docs" / "notebooks" / f"{name}.py").read_bytes()
    chart = page.locator('.jupyter-wrapper svg[role="img"]')  # the taper chart, inline SVG with a text alternative
    assert chart.count() >= 1
    assert "prednisone" in chart.first.get_attribute("aria-label")


def _grid_taper():
    """A wider sweep than the exported vectors: every protocol x start dose x hold/span x tablets x halves."""
    cases = []
    for protocol, doses in (("iim-s002-fixed-steps", ["60", "59"]),
                            ("iim-s003-rule-based", ["60", "65", "70", "72.5", "77", "80", "81"]),
                            ("igm-s000-withdrawal", ["10", "12.5", "15", "17.5", "20"])):
        for dose in doses:
            for strengths in ("", "5+2.5+1", "5+1", "5"):
                for half in ("no", "yes"):
                    for extra in ({"hold_weeks": "2", "slow_1mg_every_weeks": "3"}, {"hold_weeks": "4"},
                                  {"withdrawal_days": "6", "step_mg": "2.5"}, {"withdrawal_days": "14"}):
                        cases.append({**TAPER_DEFAULT, "protocol": protocol, "start_dose_mg": dose,
                                      "strengths": strengths, "half_tablets": half, **extra})
    for weight in ("45", "58.3", "73", "96", "150"):
        for per_kg in ("0.5", "0.75", "0.8", "1"):
            for rounding in ("refuse", "down", "nearest"):
                cases.append({**TAPER_DEFAULT, "protocol": "iim-s003-rule-based", "dose_basis": "per-kg",
                              "weight": weight, "dose_mg_per_kg": per_kg, "start_rounding": rounding})
    return cases


def _grid_dose():
    base = FORMS["dose"].cases[0]
    cases = []
    for weight in ("3", "12", "24.5", "48", "70", "101", "180"):
        for height in ("90", "150", "152.4", "170", "195"):
            for sex in ("male", "female"):
                for regimen, extra in (("prednisone_initial", {"pred_mg_per_kg": "0.6"}),
                                       ("iv_methylprednisolone", {"ivmp_mg_per_kg": "12", "days": "3"}),
                                       ("azathioprine", {"tpmt": "intermediate", "below_60_in": "extend-linear"}),
                                       ("ivig", {"g_per_kg_total": "1.5", "below_60_in": "base-weight"}),
                                       ("prednisone_jdm", {}), ("methotrexate_jdm", {})):
                    cases.append({**base, "regimen": regimen, "weight": weight, "height": height, "sex": sex, **extra})
    for start in ("2026-01-31", "2024-02-29", "2026-12-31"):
        for months in ("3", "4", "5", "6"):
            cases.append({**base, "regimen": "methotrexate_iim", "ramp_months": months, "start": start})
            cases.append({**base, "regimen": "cyclophosphamide", "months": months, "start": start})
    return cases


@pytest.mark.parametrize("form,grid", [("taper", _grid_taper), ("dose", _grid_dose)])
def test_page_matches_package_on_a_wider_sweep(site_page, form, grid):
    from tests.browser.test_live_vectors import _same

    cases = grid()
    page = site_page("calculators/body-size/")
    answers = page.evaluate("([form, cases]) => cases.map(c => LiveCalculators.run(form, c))", [form, cases])
    failures = [f"{case}: {diffs[:3]}" for case, answer in zip(cases, answers)
                if (diffs := _same(run(form, case), answer))]
    assert not failures, f"{len(failures)} of {len(cases)} differ:\n" + "\n".join(failures[:5])
