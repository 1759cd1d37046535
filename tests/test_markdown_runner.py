"""A drifted example in a page must name the page, the line, and both values."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_page(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO))

    def run(text: str):
        pytester.makefile(".md", page=text)
        return pytester.runpytest_subprocess(
            "--markdown-docs", "--markdown-docs-syntax=superfences", "-p", "tests.markdown_runner",
            "-p", "no:cacheprovider", "page.md",
        )

    return run


def test_failing_example_names_page_line_expected_and_actual(run_page):
    result = run_page("# A page\n\nSome prose.\n\n```python\nvalue = 70.7\nassert value == 70.5\n```\n")
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "Example failed at page.md:7" in output
    assert "assert 70.7 == 70.5" in output


def test_passing_example_passes(run_page):
    run_page("```python\nassert 1 + 1 == 2\n```\n").assert_outcomes(passed=1)
