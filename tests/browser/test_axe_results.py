"""axe-core on the live forms with a result shown, not only empty (issue 24).

The page scans of test_pages.py load each page as it opens: every live form is empty and its
result area hidden, so axe never sees a result. Here each form computes a plausible patient
(ward_cases.py) and axe-core scans the page with the result on screen: the result area, the
dose record's buttons and the schedule tables are then part of the scan.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import TEST_FILES
from tests.browser.visitor import AXE_DISABLED_RULES, AXE_TAGS, describe_axe
from tests.browser.ward_cases import CASES, FILL

pytestmark = pytest.mark.browser

PAGES = {"body-size": "calculators/body-size/", "steroid-equivalence": "calculators/steroid-equivalence/",
         "taper": "calculators/taper/", "dose": "calculators/dose/"}

#: Violations, and the checks axe leaves "to review" (incomplete) at serious or critical impact: an
#: aria-label on a div with no role is one of those (axe cannot tell whether a role was meant), and
#: it is what the Nu Html Checker refuses outright.
AXE_RUN = """({tags, disabled}) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  return axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,
                            resultTypes: ['violations', 'incomplete']})
    .then(r => [...r.violations, ...r.incomplete.filter(v => ['serious', 'critical'].includes(v.impact))])
    .then(list => list.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})));
}"""


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_axe_violation_with_the_result_shown(site_page, site_url, name):
    page = site_page(PAGES[name])
    page.add_script_tag(url=site_url + TEST_FILES + "axe.min.js")  # served beside the site (conftest.py)
    page.evaluate(FILL, [name, CASES[name]])
    result = page.locator(f'form[data-form="{name}"] [data-live-results]')
    result.wait_for(state="visible", timeout=10_000)
    assert result.inner_text().strip(), f"{name}: no result shown for the ward case"
    found = page.evaluate(AXE_RUN, {"tags": AXE_TAGS, "disabled": list(AXE_DISABLED_RULES)})
    assert not found, f"{PAGES[name]} with a result shown:\n{describe_axe(found)}"
