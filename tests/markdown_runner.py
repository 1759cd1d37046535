"""Run the examples in the docs as a reader would, and check what they print.

pytest-markdown-docs collects each ``python`` fence in ``docs/`` and runs it with
``exec``. This plugin, loaded with ``-p tests.markdown_runner`` (see
``pyproject.toml``), works only through public interfaces: pytest's hooks
(``pytest_runtest_call``, ``pytest_runtest_makereport``) and
pytest-markdown-docs' own hook ``pytest_markdown_docs_globals``. It

* injects nothing an example could lean on: the one name it gives a fence is
  ``print``, which prints as the built-in does, into a buffer this plugin
  reads (pytest-markdown-docs runs a fence with pytest's capture suspended), and
  notes which statement of the fence printed each line; an example pasted into
  a fresh interpreter gives what the page shows (imports written out);
* checks the output shown under the code, as the pydantic docs do: every
  ``#> `` line of a fence is what the fence prints, in order (line breaks
  inside the shown output do not matter, the words and figures do);
* explains a failed ``assert`` of a fence with the values it compared: the
  operands of the failing assert are evaluated again in the fence's namespace
  (pytest's "reinterpretation" before its assertion rewriting, which has no
  public interface for code that is not a module; the examples call pure
  functions, so a second evaluation gives the same values). A drifted
  ``assert`` reports the page, the line in the page and both values, e.g.::

    docs/calculators/body-size.md:41
    assert 70.46 == 70.7
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import re
import sys
import textwrap
from pathlib import Path

import pytest

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


# --- the fence being run: what it printed, and from which of its lines ----------------------------------

#: The fence now running: its file (as its code objects name it) and [(page line, text)] printed.
_RUN: dict = {}


def _print(*values, sep: str | None = " ", end: str | None = "\n", file=None, flush: bool = False) -> None:
    """The built-in ``print``; inside a fence, the text goes to the fence's buffer with the line that printed."""
    if not _RUN or (file is not None and file is not sys.stdout):
        builtins.print(*values, sep=sep, end=end, file=file, flush=flush)
        return
    text = io.StringIO()
    builtins.print(*values, sep=sep, end=end, file=text)
    line = None
    frame = inspect.currentframe()
    while frame is not None:  # the fence's own top level: the statement that printed, even through a function
        if frame.f_code.co_filename == _RUN["file"] and frame.f_code.co_name == "<module>":
            line = frame.f_lineno
            break
        frame = frame.f_back
    del frame
    _RUN["printed"].append((line, text.getvalue()))


def pytest_markdown_docs_globals() -> dict:
    """pytest-markdown-docs' public hook: the names every fence starts with."""
    return {"print": _print}


def _fence(item: pytest.Item) -> tuple[str, str] | None:
    """(source, file name of its code) of a pytest-markdown-docs fence item, else None."""
    if item.get_closest_marker("markdown-docs") is None:
        return None
    source = dict(item.user_properties).get("code")
    if source is None:
        return None
    return source, str(item.path)


def _printed_lines(printed: list[tuple[int | None, str]]) -> list[str]:
    return "".join(text for _, text in printed).splitlines()


def _check_output(source: str, printed: list[tuple[int | None, str]]) -> None:
    shown = shown_output(source)
    got = _printed_lines(printed)
    if shown and _words(got) != _words(shown):
        line, expected, actual = first_difference(source, got)
        raise OutputMismatch(f"line {line} differs:\n  the page shows:  {expected}\n  the code prints: {actual}\n"
                             "the whole output, as the page shows it:\n  " + "\n  ".join(shown)
                             + "\nand as the code prints it:\n  " + "\n  ".join(got)
                             + "\n(if the new output is right: `make refresh` rewrites the #> lines)", line)
    if got and not shown:
        raise OutputMismatch("the code prints output the page does not show under it (add #> lines):\n  "
                             + "\n  ".join(got))


def _explained(error: AssertionError, file: str, source: str) -> AssertionError | None:
    """The failed ``assert`` of the fence, with the values it compared (None when it was no assert of the fence)."""
    frames = [(tb.tb_frame, tb.tb_lineno) for tb in _walk(error.__traceback__) if tb.tb_frame.f_code.co_filename == file]
    if not frames:
        return None
    frame, line = frames[-1]
    try:
        tree = ast.parse(source, filename=file)
    except SyntaxError:
        return None
    node = next((n for n in ast.walk(tree) if isinstance(n, ast.Assert) and n.lineno == line), None)
    if node is None:
        return None

    def value(expr: ast.expr) -> str:
        try:
            code = compile(ast.Expression(expr), file, "eval")
            return repr(eval(code, frame.f_globals, frame.f_locals))  # the fence's own expression
        except Exception as again:  # a value that cannot be shown is named, not raised
            return f"<{ast.unparse(expr)}: {type(again).__name__}>"

    test = node.test
    if isinstance(test, ast.Compare):
        symbols = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
                   ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
        parts = [value(test.left)]
        for op, right in zip(test.ops, test.comparators, strict=True):
            parts += [symbols[type(op)], value(right)]
        explained = "assert " + " ".join(parts)
    else:
        explained = f"assert {value(test)}\n  where {value(test)} = {ast.unparse(test)}"
    message = f"{error}\n{explained}" if str(error) else explained
    return AssertionError(message).with_traceback(error.__traceback__)


def _walk(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    fence = _fence(item)
    if fence is None:
        return (yield)
    source, file = fence
    _RUN.update(file=file, printed=[])
    try:
        result = yield
    except AssertionError as error:
        explained = None if isinstance(error, OutputMismatch) else _explained(error, file, source)
        if explained is None:
            raise
        raise explained from None
    finally:
        printed = _RUN.get("printed", [])
        _RUN.clear()
    if _CONFIG.get("config") and _CONFIG["config"].getoption("update_examples", False):
        _update(Path(file), source, printed)
        return result
    _check_output(source, printed)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    fence = _fence(item)
    if fence is None or not report.failed or call.excinfo is None:
        return report
    path = Path(fence[1])
    root = _CONFIG["config"].rootpath if "config" in _CONFIG else Path.cwd()
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    report.longrepr = f"Example failed at {shown}:{_failing_line(item, fence[1], call.excinfo)}\n\n{report.longrepr}"
    return report


def _failing_line(item: pytest.Item, file: str, excinfo: pytest.ExceptionInfo) -> int:
    if isinstance(excinfo.value, OutputMismatch) and excinfo.value.line:
        return excinfo.value.line
    line = item.reportinfo()[1] + 1
    for tb in _walk(excinfo.tb):
        if tb.tb_frame.f_code.co_filename == file:
            line = tb.tb_lineno
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


def _update(page: Path, source: str, printed: list[tuple[int | None, str]]) -> None:
    """Each ``#>`` group becomes what the top-level statements before it printed (the last, also what follows).

    A fence whose output is shown inside a compound statement (a loop, a ``with``) cannot be split
    there: it is refused, and the editor updates it by hand.
    """
    groups = _groups(source)
    if not groups:
        return  # nothing shown: the fence ran (its asserts); printed output fails the plain run
    statements = ast.parse(source, filename=str(page)).body
    for first, _count in groups:
        if any(s.lineno < first <= s.end_lineno for s in statements):
            raise OutputMismatch(f"line {first}: this output is shown inside a statement; update it by hand", first)
    texts: list[list[str]] = [[] for _ in groups]
    for line, text in printed:
        statement = next((s for s in statements if line is not None and s.lineno <= line <= s.end_lineno), None)
        last = statement.end_lineno if statement is not None else None
        at = next((i for i, (first, _) in enumerate(groups) if last is not None and first > last), len(groups) - 1)
        texts[at].append(text)
    for (first, count), group in zip(groups, texts, strict=True):
        new = "".join(group).splitlines()
        if _words(new) != _words(shown_output("\n".join(source.splitlines()[first - 1:first - 1 + count]))):
            _EDITS.setdefault(page, []).append((first, count, new))


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

