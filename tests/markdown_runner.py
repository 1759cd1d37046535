"""Run the examples in the docs as a reader would, and check what they print.

pytest-markdown-docs runs each ``python`` fence in ``docs/`` with ``exec``.
This plugin, loaded with ``-p tests.markdown_runner`` (see ``pyproject.toml``),
replaces its default runner with one that

* injects nothing: a fence runs in a fresh namespace, so an example pasted
  into a fresh interpreter gives what the page shows (imports written out);
* checks the output shown under the code, as the pydantic docs do: every
  ``#> `` line of a fence is what the fence prints, in order (line breaks
  inside the shown output do not matter, the words and figures do);
* passes each fence through pytest's own assertion rewriting, so a drifted
  ``assert`` reports the page, the line in the page and both values, e.g.::

    docs/calculators/body-size.md:41
    assert 70.46 == 70.7
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest
from _pytest.assertion.rewrite import rewrite_asserts
from pytest_markdown_docs import _runners
from pytest_markdown_docs._runners import DefaultRunner, register_runner

SHOWN = re.compile(r"^\s*#> ?(.*)$")


class OutputMismatch(AssertionError):
    """What a fence printed is not what its page shows under the code; ``line``: the first that differs."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def first_difference(source: str, printed: list[str]) -> tuple[int, str, str]:
    """(page line, shown, printed) of the first ``#>`` line whose words differ from what the code printed.

    The fence source is padded so that its line ``i`` (from 1) is line ``i`` of the page. Words are
    compared in order, so a line break moved inside the shown output is no difference.
    """
    got = " ".join(printed).split()
    position, last = 0, 0
    for number, line in enumerate(source.splitlines(), start=1):
        match = SHOWN.match(line)
        if not match:
            continue
        words = match.group(1).split()
        actual = got[position:position + len(words)]
        if actual != words:
            return number, match.group(1), " ".join(actual) or "(nothing)"
        position += len(words)
        last = number
    return last, "(nothing more)", " ".join(got[position:])


def shown_output(source: str) -> list[str]:
    """The ``#> `` lines of a fence, without the marker."""
    return [m.group(1) for line in source.splitlines() if (m := SHOWN.match(line))]


def _words(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


@register_runner(default=True)
class AssertRewritingRunner(DefaultRunner):
    """The default runner, with pytest's assertion rewriting applied to the fence."""

    def runtest(self, test, args, *, asyncio_runner=None):
        source = test.source
        tree = ast.parse(source, filename=str(test.source_path))
        rewrite_asserts(tree, source.encode(), module_path=None, config=_CONFIG.get("config"))
        code = compile(tree, filename=str(test.source_path), mode="exec", dont_inherit=True)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(code, args)
        shown = shown_output(source)
        got = printed.getvalue().splitlines()
        if shown and _words(got) != _words(shown):
            line, expected, actual = first_difference(source, got)
            raise OutputMismatch(f"line {line} differs:\n  the page shows:  {expected}\n  the code prints: {actual}\n"
                                 "the whole output, as the page shows it:\n  " + "\n  ".join(shown)
                                 + "\nand as the code prints it:\n  " + "\n  ".join(got)
                                 + "\n(if the new output is right: `make refresh` rewrites the #> lines)", line)
        if got and not shown:
            raise OutputMismatch("the code prints output the page does not show under it (add #> lines):\n  "
                                 + "\n  ".join(got))

    def repr_failure(self, test, excinfo, style=None):
        text = super().repr_failure(test, excinfo, style)
        path = Path(test.source_path)
        root = _CONFIG["config"].rootpath if "config" in _CONFIG else Path.cwd()
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        location = f"{shown}:{_failing_line(test, excinfo)}"
        return f"Example failed at {location}\n\n{text}"


def _failing_line(test, excinfo) -> int:
    if isinstance(excinfo.value, OutputMismatch) and excinfo.value.line:
        return excinfo.value.line
    line = test.start_line + 1
    tb = excinfo.tb
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(test.source_path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_CONFIG: dict[str, pytest.Config] = {}


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG["config"] = config
    assert _runners._default_runner.__class__ is AssertRewritingRunner

