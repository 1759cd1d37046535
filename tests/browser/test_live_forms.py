"""Using the live forms as a clinician would: type, read the result or the problem."""

from __future__ import annotations

import pytest

from calculators.live import run

pytestmark = pytest.mark.browser


def test_body_size_form_shows_result_then_refusal_next_to_the_field(site_page):
    page = site_page("calculators/body-size/")
    form = page.locator('form[data-form="body-size"]')
    results = form.locator("[data-live-results]")
    assert "ideal body weight 70.5 kg" in results.inner_text().replace("\n", " ")

    weight = form.locator('input[name="weight"]')
    weight.fill("-70")
    expected = run("body-size", {"weight": "-70", "weight_unit": "kg", "height": "175", "height_unit": "cm",
                                 "sex": "male"})["problems"][0]["message"]
    error = form.locator('[data-error-for="weight"]')
    assert error.is_visible() and error.inner_text() == expected
    assert weight.get_attribute("aria-invalid") == "true"
    assert results.is_hidden() or results.inner_text().strip() == ""
    assert "No result" in form.locator("[data-live-status]").inner_text()

    weight.fill("62")
    assert error.is_hidden()
    assert "kg" in results.inner_text()


def test_forms_are_usable_by_keyboard_alone(site_page):
    page = site_page("calculators/steroid-equivalence/")
    page.locator("#se-dose").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    page.keyboard.press("Tab")          # to the "from" drug select
    assert page.evaluate("document.activeElement.name") == "from_drug"
    results = page.locator('form[data-form="steroid-equivalence"] [data-live-results]')
    assert "dexamethasone PO equivalent 3 mg" in results.inner_text().replace("\n", " ")


def test_every_field_has_a_label(site_page):
    for path in ("calculators/body-size/", "calculators/steroid-equivalence/"):
        page = site_page(path)
        unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
            'form.live-calc input, form.live-calc select')).filter(el =>
            !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert not unlabelled, f"{path}: fields without a label: {unlabelled}"
