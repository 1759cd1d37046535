"""Every page of the built site, in headless Chromium: privacy, errors, links, WCAG 2.2 AA.

Pages are discovered from ``site/**/index.html`` plus ``404.html``, so a new
page is checked as soon as it is built. Each page is loaded once per colour
scheme and viewport (see ``visitor.py``); the tests below read that visit.
The visits are planned from the selected tests, so the next page loads while
axe-core scans the current one.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import discover_pages, site_is_built
from tests.browser.visitor import SCHEMES, describe_axe

pytestmark = pytest.mark.browser

PAGES = discover_pages() if site_is_built() else ["(site not built)"]

#: Pages a clinician is likely to open on a phone: the home page, the
#: guidelines and the calculators (each section's index and its pages).
PHONE_PAGES = [p for p in PAGES if p == "" or p.startswith(("guidelines/", "calculators/"))] or PAGES[:1]


def visit_key(item) -> tuple[str, str, str] | None:
    """The visit (path, scheme, viewport) a test of this module reads, from its parameters."""
    params = getattr(item, "callspec", None) and item.callspec.params
    if not params or "path" not in params:
        return None
    return params["path"], params.get("scheme", "light"), "phone" if item.originalname == "test_phone" else "desktop"


@pytest.fixture(scope="module", autouse=True)
def planned_visits(request, visitor):
    """Tell the visitor which visits the selected tests of this module read, in the order they run.

    It then loads the next page in a second tab while axe-core scans this one (visitor.py,
    ``SiteVisitor.visit``): the same visits, two at a time. Each test still reads its own visit.
    """
    if hasattr(request.config, "workerinput"):
        # A pytest-xdist worker holds every collected test but runs only those it is sent (all the
        # checks of one page go to one worker: tests/conftest.py). Planning the whole list would
        # load pages other workers check; the workers already keep both cores busy: visit on demand.
        return
    # (the docs examples in the session are not Python functions: they have no module)
    keys = [visit_key(item) for item in request.session.items if getattr(item, "module", None) is request.module]
    visitor.plan([key for key in keys if key])


def page_id(path: str) -> str:
    return path or "home"


def fail_if(problems: list[str], header: str) -> None:
    """Fail with a readable list (not a repr of the whole visit)."""
    if problems:
        pytest.fail(header + "\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_request_leaves_the_site(visitor, path):
    visit = visitor.visit(path)
    fail_if(visit.external_requests, f"{visit.url} asked another host for (blocked by the test):")


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_console_error(visitor, path):
    visit = visitor.visit(path)
    fail_if(visit.console_errors, f"{visit.url} logged errors:")


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_failed_request(visitor, path):
    visit = visitor.visit(path)
    fail_if(visit.failed_requests, f"{visit.url} had failed requests:")


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_internal_links_and_images_resolve(visitor, path):
    visit = visitor.visit(path)
    fail_if(visitor.broken_links(visit), f"{visit.url} has broken links or images:")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_wcag22_aa(visitor, path, scheme):
    """axe-core finds no WCAG 2.2 A/AA violation, in the light and the dark palette."""
    visit = visitor.visit(path, scheme=scheme)
    assert visit.scheme == SCHEMES[scheme], f"palette not applied: got {visit.scheme!r}"
    fail_if([describe_axe(visit.axe)] if visit.axe else [], f"{visit.url} ({scheme}, desktop 1280x800):")


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", PHONE_PAGES, ids=page_id)
def test_phone(visitor, path, scheme):
    """On a 390x844 phone: no WCAG violation, nothing sideways-scrolls, nothing leaves the site."""
    visit = visitor.visit(path, scheme=scheme, viewport="phone")
    assert visit.scheme == SCHEMES[scheme], f"palette not applied: got {visit.scheme!r}"
    problems = []
    if visit.axe:
        problems.append(describe_axe(visit.axe))
    if visit.overflow > 0:
        problems.append(f"the page is {visit.overflow}px wider than the phone screen (horizontal scrolling)")
    if visit.external_requests:
        problems.append("requests to other hosts: " + ", ".join(visit.external_requests))
    if visit.console_errors:
        problems.append("console errors: " + "; ".join(visit.console_errors))
    fail_if(problems, f"{visit.url} ({scheme}, phone 390x844):")
