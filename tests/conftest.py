"""Fixtures shared across test modules (the browser ones add theirs in tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from tests.clones import DEPLOYED_AT, FirstEdition, fresh_clone, make_in

# Property tests check what a calculator answers, never how fast: on a shared 2-core machine a first call can
# take 300 ms (imports, caches), which Hypothesis' default 200 ms deadline reports as a failure.
settings.register_profile("guide", deadline=None)
settings.load_profile("guide")


@pytest.fixture(scope="session")
def first_edition(tmp_path_factory) -> FirstEdition:
    """Edition 2026.1 published by `make edition-publish` (`make publish` after its test gate; archive included)
    in a clean clone, once.

    Take a copy (``first_edition.copy_to(path)``) to carry on from it; never change the clone itself.
    """
    clone = fresh_clone(tmp_path_factory.mktemp("first-edition") / "clone")
    # deployed under a sub-path, as on a real host (README, Deploying): tests/browser/test_offline.py
    # serves the gh-pages tree there
    make_in(clone, "edition-publish", "EDITION=2026.1", f"SITE_URL={DEPLOYED_AT}")  # make publish without its test gate
    return FirstEdition(clone)


# --- running in parallel (pytest-xdist, `make test`) -------------------------------------------------
#: Session fixtures that each worker may set up for itself (cheap: a browser, a local server).
PER_WORKER = {"browser", "base_url", "site_url", "visitor", "tmp_path_factory", "worker_id", "testrun_uid"}


def xdist_group_of(item) -> str | None:
    """The group of tests that must run in one worker, so a costly shared fixture is set up once.

    * everything that uses the published first edition: one group;
    * the checks of one page in tests/browser/test_pages.py read one cached visit: one group per page;
    * a test whose module- or session-scoped fixture is not a per-worker one: its module's group.
    """
    defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    if "first_edition" in defs:
        return "first-edition"
    if item.path.name == "test_pages.py" and hasattr(item, "callspec"):
        return f"page:{item.callspec.params.get('path')}"
    for name, fixturedefs in defs.items():
        if name not in PER_WORKER and any(d.scope != "function" for d in fixturedefs):
            return f"module:{item.path}"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the marks to name each test's group
def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        group = xdist_group_of(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


_UNGROUPED: dict[str, str] = {}


@pytest.hookimpl(trylast=True)  # after xdist's hook: it renames each grouped test ``id@group``
def pytest_collection_finish(session):
    """Fail every grouped test if pytest-xdist did not take the groups, saying why.

    Without them each worker would publish the first edition and visit the same pages again: the
    tests would pass, twice as slowly. pytest 9.2 with pytest-xdist 3.8 is such a pair.
    """
    config = session.config
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        return
    for item in session.items:
        mark = item.get_closest_marker("xdist_group")
        if mark and "@" not in item.nodeid:
            _UNGROUPED[item.nodeid] = (
                f"pytest-xdist did not group this test (group {mark.args[0]!r}): this pytest "
                f"({pytest.__version__}) and pytest-xdist do not work together; see pyproject.toml")


def pytest_runtest_setup(item):
    if item.nodeid in _UNGROUPED:
        pytest.fail(_UNGROUPED[item.nodeid], pytrace=False)
