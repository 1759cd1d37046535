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
import textwrap
from pathlib import Path

import pytest
from _pytest.assertion.rewrite import rewrite_asserts
from pytest_markdown_docs import _runners
from pytest_markdown_docs._runners import DefaultRunner, register_runner

SHOWN = re.compile(r"^\s*#> ?(.*)$")
#: Width of a page's ``#>`` lines as written by the update mode (``make refresh``).
WIDTH = 110


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
        if _CONFIG.get("config") and _CONFIG["config"].getoption("update_examples", False):
            _update(test, source, tree_source=source, args=args)
            return
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


# --- update mode: `make refresh` rewrites the #> lines from what the code prints ---------------------

#: page -> [(first line, number of lines replaced, new lines)], applied at the end of the session
_EDITS: dict[Path, list[tuple[int, int, list[str]]]] = {}


def _groups(source: str) -> list[tuple[int, int]]:
    """(first page line, count) of each run of consecutive ``#>`` lines in a fence."""
    out: list[tuple[int, int]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        if SHOWN.match(line):
            if out and out[-1][0] + out[-1][1] == number:
                out[-1] = (out[-1][0], out[-1][1] + 1)
            else:
                out.append((number, 1))
    return out


def _update(test, source: str, *, tree_source: str, args: dict) -> None:
    """Run the fence statement by statement; each ``#>`` group becomes what the code before it printed.

    A fence whose output is shown inside a compound statement (a loop, a ``with``) cannot be split
    there: it is refused, and the editor updates it by hand.
    """
    tree = ast.parse(tree_source, filename=str(test.source_path))
    groups = _groups(source)
    statements = list(tree.body)
    if not groups:
        return _run_chunk(statements, test, args, source)  # nothing shown: still run it (its asserts)
    new: list[tuple[int, int, list[str]]] = []
    for first, count in groups:
        chunk = [s for s in statements if s.lineno < first]
        if any(s.end_lineno >= first for s in chunk):
            raise OutputMismatch(f"line {first}: this output is shown inside a statement; update it by hand", first)
        statements = statements[len(chunk):]
        printed = _run_chunk(chunk, test, args, source)
        new.append((first, count, printed))
    tail = _run_chunk(statements, test, args, source)
    if tail:
        new[-1] = (new[-1][0], new[-1][1], new[-1][2] + tail)
    for first, count, printed in new:
        if _words(printed) != _words(shown_output("\n".join(source.splitlines()[first - 1:first - 1 + count]))):
            _EDITS.setdefault(Path(test.source_path), []).append((first, count, printed))


def _run_chunk(statements: list[ast.stmt], test, args: dict, source: str) -> list[str]:
    module = ast.Module(body=statements, type_ignores=[])
    rewrite_asserts(module, source.encode(), module_path=None, config=_CONFIG.get("config"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(module, filename=str(test.source_path), mode="exec", dont_inherit=True), args)
    return printed.getvalue().splitlines()


def apply_edits(edits: dict[Path, list[tuple[int, int, list[str]]]]) -> list[Path]:
    """Write the new ``#>`` lines into the pages, bottom up so line numbers hold; return the pages changed."""
    changed = []
    for page, page_edits in edits.items():
        lines = page.read_text(encoding="utf-8").split("\n")
        for first, count, printed in sorted(page_edits, reverse=True):
            indent = lines[first - 1][:len(lines[first - 1]) - len(lines[first - 1].lstrip())]
            width = max(WIDTH - len(indent) - 3, 40)  # wrapped as the pages wrap them; words are what count
            wrapped = [part for text in printed
                       for part in (textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
                                    or [""])]
            lines[first - 1:first - 1 + count] = [f"{indent}#> {text}".rstrip() for text in wrapped] or \
                [f"{indent}#>"]
        page.write_text("\n".join(lines), encoding="utf-8")
        changed.append(page)
    return changed


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-examples", action="store_true", dest="update_examples", default=False,
                     help="rewrite the #> lines under the pages' Python examples from what the code prints "
                          "(make refresh); never used by the test run itself")


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _EDITS and session.config.getoption("update_examples", False):
        for page in apply_edits(_EDITS):
            print(f"updated #> lines: {page}")
        _EDITS.clear()


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG["config"] = config
    assert _runners._default_runner.__class__ is AssertRewritingRunner

