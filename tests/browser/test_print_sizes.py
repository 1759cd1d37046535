"""Printed dose records and patient calendars: every text at least 9 pt on A4 and US Letter (issue 22 §4).

Each record and calendar is printed to PDF by Chromium (``page.pdf``) at both paper sizes; the
size of every run of text is read back from the PDF with pypdf (the font size of the text
operator times the vertical scale of its text and graphics matrices, in points). A record
zoomed to fit one page (a long taper's record printed at about 5.4 pt) fails here. The drug is
named as given: a prednisolone withdrawal printed from the taper page is not a "Prednisone taper".
"""

from __future__ import annotations

import io
import math

import pytest
from pypdf import PdfReader

from tests.browser.test_share_record import FORM_PAGES, NAMES, _case, _open
from tests.browser.ward_cases import FILL

pytestmark = pytest.mark.browser

MIN_PT = 9.0
PAPERS = ("A4", "Letter")
#: An IGM withdrawal (prednisolone), printed from the taper page whose title is the IIM prednisone taper's.
IGM = {"protocol": "igm-s000-withdrawal", "age_years": "45", "dose_basis": "dose", "start_dose_mg": "20", "withdrawal_days": "10",
       "half_tablets": "no"}


def text_sizes(pdf: bytes) -> list[tuple[float, str, int]]:
    """(size in pt, text, page number) of every non-blank run of text in ``pdf``."""
    runs: list[tuple[float, str, int]] = []
    for number, sheet in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        def visit(text, cm, tm, font_dict, font_size, number=number):
            if not text.strip() or not font_size:
                return
            # text space -> user space: Tm x CTM; the glyph height scales with the matrix's second column
            b = tm[0] * cm[1] + tm[1] * cm[3]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            runs.append((font_size * math.hypot(b, d), text.strip(), number))
        sheet.extract_text(visitor_text=visit)
    return runs


def _smallest(pdf: bytes) -> tuple[float, list[tuple[float, str, int]]]:
    runs = text_sizes(pdf)
    assert runs, "the PDF has no text"
    small = sorted((r for r in runs if r[0] < MIN_PT - 0.05), key=lambda r: r[0])
    return min(r[0] for r in runs), small


def _print_pdf(page, paper: str) -> bytes:
    page.emulate_media(media="print")
    try:
        return page.pdf(format=paper, print_background=True)
    finally:
        page.emulate_media(media="screen")


def _stub_print(page) -> None:
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")


def test_the_measure_sees_a_small_text(new_page):
    """The measure itself can fail: a page with 6 pt text reads as 6 pt."""
    page = new_page()
    page.set_content('<p style="font: 6pt Arial">small print</p><p style="font: 12pt Arial">body</p>')
    smallest, small = _smallest(page.pdf(format="A4"))
    assert math.isclose(smallest, 6, abs_tol=0.1) and small[0][1] == "small print"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", NAMES)
def test_dose_record_text_is_at_least_9pt(site_page, name, paper):
    page = _open(site_page, name)
    _stub_print(page)
    page.evaluate(FILL, [name, _case(name)])
    page.locator(f'form[data-form="{name}"] [data-record-action="print"]').click()
    smallest, small = _smallest(_print_pdf(page, paper))
    assert not small, f"{name} record on {paper}: smallest text {smallest:.1f} pt, e.g. {small[:5]}"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("case", ["iim", "igm"])
def test_patient_calendar_text_is_at_least_9pt(site_page, case, paper):
    if "taper" not in FORM_PAGES:
        pytest.skip("site not built")
    page = _open(site_page, "taper")
    _stub_print(page)
    page.evaluate(FILL, ["taper", _case("taper") if case == "iim" else {**_case("taper"), **IGM}])
    page.locator('form[data-form="taper"] [data-taper-action="print"]').click()
    pdf = _print_pdf(page, paper)  # once: Chromium's afterprint ends the calendar's print mode
    runs = text_sizes(pdf)
    smallest, small = _smallest(pdf)
    assert not small, f"{case} calendar on {paper}: smallest text {smallest:.1f} pt, e.g. {small[:5]}"
    text = " ".join(r[1] for r in runs)
    assert ("Your prednisolone calendar" if case == "igm" else "Your prednisone calendar") in text


def test_a_prednisolone_withdrawal_is_not_titled_a_prednisone_taper(site_page):
    if "taper" not in FORM_PAGES:
        pytest.skip("site not built")
    page = _open(site_page, "taper")
    _stub_print(page)
    page.evaluate(FILL, ["taper", {**_case("taper"), **IGM}])
    form = page.locator('form[data-form="taper"]')
    assert form.get_attribute("data-state") == "result"
    figure = " ".join(form.locator(".live-calc__figure").inner_text().split())
    # the withdrawal's headline names the dose taken now, then the steps (clinical review 4, M3)
    assert figure.startswith("IGM prednisolone withdrawal (S000) Prednisolone once daily, down from "), figure
    assert " mg/day now: 15 mg/day for 3 days" in figure, figure
    form.locator('[data-record-action="print"]').click()
    title = " ".join(page.locator("#dose-record h1").inner_text().split())
    assert title == "Dose record: IGM prednisolone withdrawal (S000)"
    assert "rednisone" not in title
