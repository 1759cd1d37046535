"""The live forms used as a reader uses them: the form first, nothing computed for nobody, type,
read the result or the refusal, print, download, keyboard, phone, offline.

Parity with the package on every case and a generated sweep runs in Node (tests/test_live_parity.py,
`make unit`); here a few answers are compared with `calculators.forms.run` as the page shows them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from calculators.forms import run
from calculators.forms.writers import taper_files

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CALCULATOR_PAGES = ["calculators/body-size/", "calculators/steroid-equivalence/", "calculators/taper/",
                    "calculators/dose/"]
REGIMEN_PAGES = [f"calculators/regimens/{p.stem}/" for p in sorted((ROOT / "docs/calculators/regimens").glob("*.md"))]
TODAY = dt.date.today().isoformat()
TAPER = {"protocol": "iim-s002-fixed-steps", "dose_basis": "dose", "start_dose_mg": "60", "age_years": "50",
         "start_date": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "hold_weeks": "4"}


def fill(form, values: dict[str, str]) -> None:
    for name, value in values.items():
        control = form.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def raw_of(form) -> dict:
    return form.evaluate("f => f.liveAnswer.inputs")


@pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)])
@pytest.mark.parametrize("path", CALCULATOR_PAGES + REGIMEN_PAGES)
def test_the_form_is_the_first_thing_under_the_title(browser, site_url, path, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.goto(site_url + path, wait_until="load")
    first = page.evaluate("""() => {
        const h1 = document.querySelector('article h1');
        let el = h1.nextElementSibling;
        while (el && (el.tagName === 'A' || el.offsetHeight === 0)) el = el.nextElementSibling;
        return el && el.matches('form.live-calc') ? el.getAttribute('data-form') : (el && el.outerHTML.slice(0, 80));
    }""")
    assert first == page.locator("form.live-calc").first.get_attribute("data-form"), first
    top = page.locator("form.live-calc").first.bounding_box()["y"]
    assert top < viewport[1] * 0.6, f"the form starts {top}px down at {viewport}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    context.close()


@pytest.mark.parametrize("path", CALCULATOR_PAGES)
def test_no_result_for_a_patient_nobody_entered(site_page, path):
    page = site_page(path)
    form = page.locator("form.live-calc").first
    assert form.get_attribute("data-state") == "empty"
    for name in ("weight", "height", "age_years", "start", "start_date", "start_dose_mg", "dose_mg"):
        control = form.locator(f'input[name="{name}"]')
        if control.count():
            assert control.input_value() == "", f"{name} starts filled on {path}"
    for name in ("sex", "tpmt", "regimen", "protocol"):
        control = form.locator(f'select[name="{name}"]')
        if control.count():
            assert control.input_value() == "", f"{name} starts chosen on {path}"
    assert "ideal body weight" not in form.locator("[data-live-result]").inner_text()


def test_body_size_result_then_refusal_next_to_the_field(site_page):
    page = site_page("calculators/body-size/")
    form = page.locator('form[data-form="body-size"]')
    fill(form, {"weight": "80", "weight_unit": "kg", "height": "175", "height_unit": "cm", "sex": "male"})
    result = form.locator("[data-live-result]")
    assert "ideal body weight 70.5 kg" in result.inner_text().replace("\n", " ")
    assert form.locator("[data-live-inputs]").inner_text().count("kg") >= 1
    assert form.locator("[data-live-edition]").inner_text()
    form.locator('input[name="weight"]').fill("1,000")
    expected = run("body-size", raw_of(form), TODAY)["problems"][0]["message"]
    error = form.locator('[data-error-for="weight"]')
    assert error.is_visible() and error.inner_text() == expected
    assert "1000" in expected and "decimal comma" in expected
    assert form.locator('input[name="weight"]').get_attribute("aria-invalid") == "true"
    assert form.get_attribute("data-state") == "refused"


def test_steroid_equivalence_by_keyboard(site_page):
    page = site_page("calculators/steroid-equivalence/")
    page.locator('[name="dose_mg"]').focus()
    page.keyboard.type("20")
    for letters in ("pred", "b", "dexa", "b"):  # From, Route (by mouth), To, Route, each chosen by typing
        page.keyboard.press("Tab")
        page.keyboard.type(letters)
    text = page.locator('form[data-form="steroid-equivalence"] [data-live-result]').inner_text()
    assert "dexamethasone PO equivalent 3 mg" in text.replace("\n", " ")


def test_dose_form_once_weekly_kinds_and_a_refused_child(site_page):
    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    fill(form, {"regimen": "methotrexate_igm", "age_years": "40", "mg_per_week": "20", "prednisolone_mg_per_day": "15"})
    assert form.locator('input[name="weight"]').is_hidden()
    result = form.locator("[data-live-result]")
    assert "20 mg by mouth once weekly" in result.inner_text()
    assert form.locator(".live-kind--source").count() >= 1
    assert form.locator(".live-kind--tool_choice").count() >= 1
    colours = {k: form.locator(f".live-kind--{k}").first.evaluate("e => getComputedStyle(e).borderLeftStyle")
               for k in ("source", "tool_choice")}
    assert colours["source"] != colours["tool_choice"]
    form.locator('input[name="mg_per_week"]').fill("30")
    error = form.locator('[data-error-for="mg_per_week"]')
    assert error.is_visible() and error.inner_text() == run("dose", raw_of(form), TODAY)["problems"][0]["message"]
    fill(form, {"regimen": "prednisone_initial", "weight": "30", "weight_unit": "kg", "mg_per_kg": "1",
                "age_years": "12"})
    assert "outside the population" in form.locator('[data-error-for="age_years"]').inner_text()


def test_dose_form_tpmt_starts_unset_and_today_fills_the_date(site_page):
    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    fill(form, {"regimen": "azathioprine", "height": "175", "height_unit": "cm", "weight": "70", "weight_unit": "kg",
                "sex": "male", "age_years": "40"})
    assert form.locator('select[name="tpmt"]').input_value() == ""
    assert form.get_attribute("data-state") == "empty"
    assert "TPMT" in form.locator("[data-live-result]").inner_text()
    form.locator('select[name="tpmt"]').select_option("normal")
    assert form.get_attribute("data-state") == "result"
    form.locator('[data-live-action="today"]').click()
    assert form.locator('input[name="start"]').input_value() == TODAY


def test_a_half_typed_date_is_refused_not_ignored(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    fill(form, {k: v for k, v in TAPER.items() if k != "start_date"})
    date = form.locator('input[name="start_date"]')
    date.focus()
    page.keyboard.type("12")  # month only: the control holds no valid date
    assert form.get_attribute("data-state") == "refused"
    assert "not a complete, valid date" in form.locator('[data-error-for="start_date"]').inner_text()


def test_taper_downloads_are_the_package_files_byte_for_byte(site_page, tmp_path):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    fill(form, TAPER)
    assert form.get_attribute("data-state") == "result"
    answer = run("taper", raw_of(form), TODAY)
    expected = taper_files(answer, form.locator("[data-live-edition]").inner_text())
    for action, key in (("csv", "csv"), ("ics", "ics")):
        with page.expect_download() as info:
            form.locator(f'[data-taper-action="{action}"]').click()
        path = tmp_path / f"taper.{action}"
        info.value.save_as(path)
        got, want = path.read_bytes(), expected[key].encode("utf-8")
        if key == "ics":  # DTSTAMP is when each file was written: compared apart
            stamps = re.findall(rb"DTSTAMP:(\d{8}T\d{6})Z", got)
            assert stamps and all(abs(dt.datetime.strptime(x.decode(), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
                                      - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5) for x in stamps)
            got, want = (re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP", x) for x in (got, want))
        assert got == want
    assert (tmp_path / "taper.csv").read_bytes().startswith(b"\xef\xbb\xbfstart,") and \
        b",edition\r\n" in (tmp_path / "taper.csv").read_bytes()


def test_printed_calendar_shows_only_the_patient_calendar(site_page):
    page = site_page("calculators/taper/")
    form = page.locator('form[data-form="taper"]')
    fill(form, TAPER)
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    form.locator('[data-taper-action="print"]').click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    calendar = page.locator("#live-taper-print")
    assert calendar.is_visible()
    assert calendar.locator("h1").inner_text() == "Your prednisone calendar"
    days = run("taper", raw_of(form), TODAY)["results"]["schedule"]["duration_days"]
    assert calendar.locator("table").first.locator("tbody tr").count() == days + 1
    assert "day" in calendar.locator("tbody tr").first.inner_text().lower()  # "Thursday 4 December 2026"


def test_forms_work_offline_after_load(site_page):
    page = site_page("calculators/taper/")
    # The reader has been on the page (the theme mounts at the first input and fetches its small search index),
    # then the signal goes. Without a service worker (this build is not a published edition) nothing can be
    # fetched offline; the published editions' worker is tested in test_offline.py. The form needs nothing more.
    page.mouse.move(5, 5)
    page.wait_for_function("() => !!(window.__theme && window.__theme.mounted())")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    form = page.locator('form[data-form="taper"]')
    fill(form, {**TAPER, "protocol": "iim-s003-rule-based", "start_dose_mg": "75"})
    expected = run("taper", raw_of(form), TODAY)["results"]["schedule"]
    assert f"Days: {expected['duration_days']};" in form.locator("[data-live-result]").inner_text()
    page.context.set_offline(False)


def test_each_page_loads_only_its_own_forms_scripts(site_page):
    page = site_page("calculators/taper/")
    scripts = page.evaluate("() => Array.from(document.scripts).map(s => s.src.split('/').pop())")
    # the taper's start coverage runs as steps of the recipe language (calculators/taper/start.py): recipe.js
    # is the taper page's interpreter too; the dose form's script, data and recipes are not loaded
    assert {"data-taper.js", "taper.js", "recipe.js", "schedule.js", "writers.js"} <= set(scripts)
    assert not {"dose.js", "data-dose.js", "safety.js", "data-safety.js", "body-size.js"} & set(scripts)


@pytest.mark.parametrize("path", ["calculators/taper/", "calculators/dose/"])
def test_every_field_is_labelled(site_page, path):
    page = site_page(path)
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
        'form.live-calc input, form.live-calc select')).filter(el =>
        !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
    assert not unlabelled


@pytest.mark.parametrize("name", ["taper", "dose-calculation"])
def test_notebook_page_offers_the_notebook_for_download(site_page, name):
    page = site_page(f"notebooks/{name}/")
    link = page.locator("a.nb-download")
    assert link.is_visible()
    assert link.get_attribute("download") == f"{name}.py"
    body = page.request.get(page.url + link.get_attribute("href")).body()
    # The download is the notebook with its figure tokens rendered (igm_iim_site/figures.py), as the page shows it.
    from igm_iim_site.figures import render
    from igm_iim_site.typed_figures import render_marks

    source = (ROOT / "docs" / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
    assert body.decode("utf-8") == render_marks(render(source, f"docs/notebooks/{name}.py"))
    assert "{{" not in body.decode("utf-8")


def test_optional_labels_follow_the_chosen_regimen(site_page):
    """'(optional)' is shown exactly where the chosen regimen does not need the field (need() of the definition)."""
    from calculators.forms.definitions import FORMS
    from calculators.forms.reading import need

    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    definition = FORMS["dose"]
    regimens = [v for v, _ in next(f for f in definition.fields if f.name == "regimen").choices if v]
    for regimen in regimens:
        form.locator('[name="regimen"]').select_option(regimen)
        shown = form.evaluate("""f => Object.fromEntries([...f.querySelectorAll('[data-optional-for]')]
            .filter(s => !s.closest('[hidden]')).map(s => [s.getAttribute('data-optional-for'), !s.hidden]))""")
        raw = {"regimen": regimen, "weight_unit": "kg", "height_unit": "cm"}
        for f in definition.fields:
            if f.quiet or f.kind == "flag" or need(f, raw) == "unused":
                continue
            labelled = shown.get(f.name, False)
            assert labelled == (need(f, raw) == "optional"), (regimen, f.name, need(f, raw), labelled)


def test_a_field_the_patient_needs_never_reads_optional(site_page):
    """A woman of 145 cm on IVIG: the short-stature rule must be chosen, so its label loses "(optional)"."""
    page = site_page("calculators/dose/")
    form = page.locator('form[data-form="dose"]')
    fill(form, {"regimen": "ivig", "weight": "50", "weight_unit": "kg", "height": "145", "height_unit": "cm",
                "sex": "female", "age_years": "40",
                "g_per_kg_total": "2"})
    error = form.locator('[data-error-for="below_60_in"]')
    error.wait_for()
    assert "must be chosen" in error.inner_text()
    assert form.locator('[data-optional-for="below_60_in"]').is_hidden()
    form.locator('[name="g_per_kg_total"]').blur()  # the same answer again keeps the page as it is
    assert form.locator('[data-optional-for="below_60_in"]').is_hidden()
    fill(form, {"height": "170"})  # a taller patient: the rule is not needed, and optional again
    page.wait_for_function("f => f.getAttribute('data-state') === 'result'", arg=form.element_handle())
    assert form.locator('[data-optional-for="below_60_in"]').is_visible()


@pytest.mark.parametrize("path,values", [
    ("calculators/body-size/", {"weight": "70", "weight_unit": "kg", "height": "64", "height_unit": "cm",
                                "sex": "male", "age_years": "40"}),
    ("calculators/dose/", {"regimen": "ivig", "weight": "70", "weight_unit": "kg", "height": "64",
                           "height_unit": "cm", "sex": "male", "age_years": "40",
                           "g_per_kg_total": "2"}),
])
def test_an_adult_height_under_100_cm_asks_about_inches_beside_the_field(site_page, path, values):
    page = site_page(path)
    form = page.locator("form.live-calc").first
    fill(form, values)
    said = form.locator('[data-error-for="height"]')
    said.wait_for()
    text = said.inner_text()
    assert "Height = 64 cm" in text and "did you mean inches? 64 in is 162.6 cm" in text, text
    assert "allowed: 100 to 250 cm for an adult (tool choice)" in text, text
    assert form.get_attribute("data-state") == "refused"
    form.locator('[name="height_unit"]').select_option("in")  # as inches it computes
    page.wait_for_function("f => f.getAttribute('data-state') === 'result'", arg=form.element_handle())
