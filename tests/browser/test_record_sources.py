"""The printed dose record spells out every source it names (ward trial 3, problem 5c): "Sources: S002"
alone tells a pharmacist holding the paper nothing, so each source the result cites is listed with its
title and date from the package's registry (calculators/sources.py), on every form's record."""

from __future__ import annotations

import datetime as dt

import pytest

from calculators.sources import ALL_SOURCES
from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

SOON = (dt.date.today() + dt.timedelta(days=3)).isoformat()
IVMP = {"regimen": "iv_methylprednisolone", "weight": "62", "weight_unit": "kg", "age_years": "62",
        "mg_per_kg": "15", "days": "3", "start": SOON}
PAGES = {"dose": "calculators/regimens/iv-methylprednisolone/", "taper": "calculators/taper/",
         "body-size": "calculators/body-size/", "steroid-equivalence": "calculators/steroid-equivalence/"}

RECORD = """name => {
  window.print = () => {};
  document.querySelector(`form[data-form="${name}"] [data-record-action="print"]`).click();
  const r = document.getElementById('dose-record');
  return {result: r.querySelector('.dose-record__result').textContent,
          sources: [...r.querySelectorAll('.dose-record__sources li')].map(li => li.textContent)};
}"""


@pytest.mark.parametrize("name,case", [("dose", IVMP), *((n, CASES[n]) for n in PAGES if n != "dose")])
def test_the_dose_record_names_each_cited_source_with_its_title_and_date(site_page, name, case):
    page = site_page(PAGES[name])
    page.evaluate(FILL, [name, case])
    got = page.evaluate(RECORD, name)
    cited = [key for key in ALL_SOURCES if key in got["result"]]
    assert cited, f"the {name} record cites no source: {got['result'][:200]}"
    assert len(got["sources"]) == len(cited), got["sources"]
    for key, line in zip(cited, got["sources"], strict=True):
        source = ALL_SOURCES[key]
        assert line.startswith(f"{key}: {source.title} ("), line
        if source.published:  # the date in words, as the record writes every date
            day = source.published
            assert f"{day.day} {day.strftime('%B')} {day.year}" in line, line
    if name == "dose":  # the trial's case: IV methylprednisolone rests on S002
        assert any(line.startswith("S002: Treatment of inflammatory myopathy (published ") for line in got["sources"])
