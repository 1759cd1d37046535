"""Make failing examples in the docs say what they expected and what they got.

pytest-markdown-docs runs each ``python`` fence in ``docs/`` with ``exec``,
so a failing ``assert`` shows no values. This plugin, loaded with
``-p tests.markdown_runner`` (see ``pyproject.toml``), replaces its default
runner with one that passes each fence through pytest's own assertion
rewriting first. A drifted example then reports the page, the line in the
page and both values, e.g.::

    docs/calculators/body-size.md:41
    assert 70.46 == 70.7
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from _pytest.assertion.rewrite import rewrite_asserts
from pytest_markdown_docs import _runners
from pytest_markdown_docs._runners import DefaultRunner, register_runner

from calculators.errors import InputError


@register_runner(default=True)
class AssertRewritingRunner(DefaultRunner):
    """The default runner, with pytest's assertion rewriting applied to the fence."""

    def runtest(self, test, args, *, asyncio_runner=None):
        source = test.source
        tree = ast.parse(source, filename=str(test.source_path))
        rewrite_asserts(tree, source.encode(), module_path=None, config=_CONFIG.get("config"))
        code = compile(tree, filename=str(test.source_path), mode="exec", dont_inherit=True)
        exec(code, args)

    def repr_failure(self, test, excinfo, style=None):
        text = super().repr_failure(test, excinfo, style)
        path = Path(test.source_path)
        root = _CONFIG["config"].rootpath if "config" in _CONFIG else Path.cwd()
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        location = f"{shown}:{_failing_line(test, excinfo)}"
        return f"Example failed at {location}\n\n{text}"


def _failing_line(test, excinfo) -> int:
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


def pytest_markdown_docs_globals():
    """Names every example may use without importing them."""
    return {"InputError": InputError, "approx": pytest.approx, "raises": pytest.raises}
