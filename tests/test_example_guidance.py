"""README and For editors teach the worked-example style the pages use (editor trial E4).

Calculator pages print a result and show it on ``#>`` lines; the guides once said "End each with
`assert` lines". Both must name ``#>`` lines as the norm (``assert`` allowed), and the failure they
quote must be the one the runner (tests/markdown_runner.py) raises.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ["README.md", "docs/editors/index.md"]


@pytest.mark.parametrize("guide", GUIDES)
def test_the_guide_names_output_lines_as_the_norm_and_assert_as_allowed(guide):
    text = " ".join((ROOT / guide).read_text(encoding="utf-8").split())
    assert "End each with `assert`" not in text and "example with `assert` lines that state" not in text
    assert re.search(r"The norm, as on every calculator page, is to `print` the result .{0,80}`#>` lines", text)
    assert "`assert` lines are allowed" in text


@pytest.mark.parametrize("guide", GUIDES)
def test_the_quoted_failure_is_the_runners(guide):
    text = (ROOT / guide).read_text(encoding="utf-8")
    runner = (ROOT / "tests" / "markdown_runner.py").read_text(encoding="utf-8")
    assert "tests.markdown_runner.OutputMismatch: line 58 differs:" in text
    assert "class OutputMismatch" in runner and 'f"line {line} differs:\\n  the page shows:  {expected}\\n  the code ' \
        'prints: {actual}' in runner
    assert "  the page shows:  70.5 kg\n  the code prints: 70.7 kg" in text


def test_calculator_pages_really_use_output_lines():
    pages = sorted((ROOT / "docs" / "calculators").rglob("*.md"))
    assert pages and sum("\n#> " in p.read_text(encoding="utf-8") for p in pages) >= len(pages) // 2
