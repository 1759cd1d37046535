"""axe-core on the live forms with a result shown, not only empty (issue 24).

The page scans of test_pages.py load each page as it opens: every live form is empty and its
result area hidden, so axe never sees a result. Here each form computes a plausible patient
(ward_cases.py) and axe-core scans the page with the result on screen: the result area, the
dose record's buttons and the schedule tables are then part of the scan.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import TEST_FILES
from tests.browser.visitor import _AXE_START, AXE_DISABLED_RULES, AXE_TAGS, describe_axe
from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

PAGES = {"body-size": "calculators/body-size/", "steroid-equivalence": "calculators/steroid-equivalence/",
         "taper": "calculators/taper/", "dose": "calculators/dose/"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violation_with_the_result_shown(site_page, site_url, name):
    page = site_page(PAGES[name])
    page.add_script_tag(url=site_url + TEST_FILES + "axe.min.js")  # served beside the site (conftest.py)
    page.evaluate(FILL, [name, CASES[name]])
    result = page.locator(f'form[data-form="{name}"] [data-live-results]')
    result.wait_for(state="visible", timeout=10_000)
    assert result.inner_text().strip(), f"{name}: no result shown for the ward case"
    page.evaluate(_AXE_START, {"tags": AXE_TAGS, "disabled": list(AXE_DISABLED_RULES)})
    violations = page.evaluate("window.__axeViolations")
    assert not violations, f"{PAGES[name]} with a result shown:\n{describe_axe(violations)}"
