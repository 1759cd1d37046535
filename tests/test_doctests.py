"""Every ``>>>`` example in the package's docstrings runs and shows what it prints (issue 23).

A docstring said ``run("mycophenolate", {})`` gives 500 mg (it refuses: the age is required)
and the taper's example showed ``60`` where the engine gives ``60.0``; nothing noticed. The
API reference pages show these docstrings, so they are run like the pages' examples.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import calculators

MODULES = sorted(m.name for m in pkgutil.walk_packages(calculators.__path__, "calculators.")
                 if not m.name.endswith("__main__"))


def examples_of(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


WITH_EXAMPLES = [name for name in MODULES if examples_of(name)]


def test_the_package_has_examples_to_run():
    assert {"calculators.patient", "calculators.regimens", "calculators.taper"} <= set(WITH_EXAMPLES)


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run_as_shown(name):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = []
    for test in examples_of(name):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
