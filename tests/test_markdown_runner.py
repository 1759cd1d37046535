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


def test_shown_output_is_checked(run_page):
    page = "```python\nprint(70.5)\n#> 70.5\n```\n\n```python\nprint(70.4)\n#> 70.5\n```\n"
    result = run_page(page)
    result.assert_outcomes(passed=1, failed=1)
    assert "the page shows:" in result.stdout.str() and "70.4" in result.stdout.str()


def test_printed_output_must_be_shown(run_page):
    run_page("```python\nprint('hidden')\n```\n").assert_outcomes(failed=1)


def test_nothing_is_injected(run_page):
    # raises, approx and InputError used to be injected: an example must import what it uses
    result = run_page("```python\nwith raises(ValueError):\n    int('x')\n```\n")
    result.assert_outcomes(failed=1)
    assert "NameError" in result.stdout.str()


def test_an_output_failure_names_the_line_that_differs_with_both_values(run_page):
    page = "# P\n\n```python\nprint('a')\n#> a\nprint('dose 500 mg')\n#> dose 750 mg\nprint('c')\n#> c\n```\n"
    result = run_page(page)
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "Example failed at page.md:7" in output  # the #> line that differs, not the fence's first line
    assert "the page shows:  dose 750 mg" in output and "the code prints: dose 500 mg" in output


def _updated(pytester, monkeypatch, page: str) -> str:
    """The page after `make refresh`'s update mode (--update-examples) ran its examples once."""
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    path = pytester.makefile(".md", page=page)
    result = pytester.runpytest_subprocess("--markdown-docs", "--markdown-docs-syntax=superfences", "-p",
                                           "tests.markdown_runner", "-p", "no:cacheprovider", "--update-examples",
                                           "page.md")
    result.assert_outcomes(passed=1)
    return path.read_text().rstrip("\n")


def test_update_mode_rewrites_only_the_output_that_changed(pytester, monkeypatch):
    # `make refresh` runs the pages with --update-examples: each #> group becomes what the code before it prints
    page = ("# P\n\n```python\nprint('a')\n#> a\nprint('dose 750 mg')\n#> dose 500 mg\n#> (old)\n"
            "print('c d')\n#> c\n#> d\n```\n")
    assert _updated(pytester, monkeypatch, page) == ("# P\n\n```python\nprint('a')\n#> a\nprint('dose 750 mg')\n"
                                                    "#> dose 750 mg\nprint('c d')\n#> c\n#> d\n```")
    # without the option the page is only read: it now passes as it is
    plain = pytester.runpytest_subprocess("--markdown-docs", "--markdown-docs-syntax=superfences", "-p",
                                          "tests.markdown_runner", "-p", "no:cacheprovider", "page.md")
    plain.assert_outcomes(passed=1)


def test_update_mode_gives_output_printed_through_a_function_to_the_statement_that_called_it(pytester, monkeypatch):
    # the fence's print reports the top-level statement that printed, so a helper's output lands under its call
    page = ("```python\ndef show(x):\n    print(f'dose {x} mg')\n\nshow(5)\n#> dose 1 mg\nshow(7)\n#> old\n```\n")
    assert _updated(pytester, monkeypatch, page) == ("```python\ndef show(x):\n    print(f'dose {x} mg')\n\n"
                                                    "show(5)\n#> dose 5 mg\nshow(7)\n#> dose 7 mg\n```")


def test_a_failed_comparison_shows_every_operand(run_page):
    result = run_page("```python\nlow, dose = 5, 30\nassert low <= dose <= 25\n```\n")
    result.assert_outcomes(failed=1)
    assert "assert 5 <= 30 <= 25" in result.stdout.str()
