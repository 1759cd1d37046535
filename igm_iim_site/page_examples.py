"""Part ``page_examples``: under ``mkdocs serve``, a page's Python examples run when it is saved; a failure shows.

An editor who changes a page with worked examples (a ``python`` fence and the ``#>`` lines of what
it prints) sees at once whether the examples still hold, without leaving the browser: each rebuild
of ``make serve`` runs the examples of every page whose text changed since they last ran (all of
them at the first build, and all again after a change in the package, which the ``reload`` part
fingerprints). They run as ``pytest docs/<page>.md`` runs them, with the project's runner
(``tests/markdown_runner.py``), in a fresh interpreter, so the package is the one on disk. A
failure is logged (``docs/x.md:58: example fails: ...``) and shown in the page like a typed figure:
a red box under the example (the line, what the page shows, what the code prints) and a summary at
the top of the page.

Only ``mkdocs serve`` does this (MkDocs tells the plugin at start-up: ``state.command``).
``make site``, ``make test`` and ``make publish`` build without it: the examples are tests, run
by pytest (``make unit``). What the runs found outlives a build in ``state.kept`` (the plugin
instance's, across the rebuilds of one ``mkdocs serve``); the run of a build is in its state.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.igm_iim.page_examples")

#: The part's name, for its state (``state.of(PART)``, ``state.kept[PART]``).
PART = "page_examples"
#: Longest the examples of one rebuild may take before the part gives up on them (and says so).
TIMEOUT_S = 180
PYTHON_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(?:\{[^}\n]*\.py(?:thon)?\b[^}\n]*\}|py(?:thon)?\b)(?P<info>[^\n]*)$",
                          re.M)
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)(?P<info>.*)$")


@dataclass(frozen=True)
class ExampleFailure:
    """A failing example: its page, the line of the page, what the page shows and what the code gives."""

    page: str
    line: int
    expected: str
    actual: str

    def message(self) -> str:
        return (f"{self.page}:{self.line}: example fails: the page shows {self.expected!r}; the code gives "
                f"{self.actual!r}. Run `.venv/bin/python -m pytest {self.page}`; if the new output is right, "
                "`make refresh` rewrites the #> lines")


# --- running the examples: the one place that uses the project's runner ------------------------------

class ExampleRun:
    """The examples of some pages, running in a fresh interpreter as ``pytest docs/x.md`` runs them.

    pytest runs in ``root`` with the project's configuration (``pyproject.toml``: ``--markdown-docs``
    and the runner, ``tests/markdown_runner.py``) and reports through its JUnit XML, a public format:
    this part depends on the runner only through what pytest reports for a failure (``Example failed
    at <page>:<line>`` and, for a ``#>`` line, ``the page shows:`` / ``the code prints:``). The run
    starts at once; :meth:`failures` waits for it, so a build can go on meanwhile.

    Parameters
    ----------
    root : Path
        The project folder (where ``pyproject.toml`` is) [text].
    pages : list of Path
        The pages whose examples to run [text].
    """

    def __init__(self, root: Path, pages: list[Path]):
        self.root, self.pages, self.started = root, pages, time.monotonic()
        self._tmp = tempfile.TemporaryDirectory(prefix="page-examples-")
        self.report = Path(self._tmp.name) / "report.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", "-p", "no:randomly",
                   f"--junitxml={self.report}", "-o", "junit_logging=no", f"--rootdir={root}", "-c",
                   str(root / "pyproject.toml"), *(str(p) for p in pages)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True)

    def failures(self, timeout: float = TIMEOUT_S) -> list[ExampleFailure]:
        """The failing examples, once the run has ended (it is stopped after ``timeout`` seconds [seconds])."""
        try:
            output, _ = self._proc.communicate(timeout=max(timeout - (time.monotonic() - self.started), 1))
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            self._tmp.cleanup()
            raise RuntimeError(f"the examples took longer than {timeout:.0f} s") from None
        try:
            if not self.report.exists():
                raise RuntimeError(f"pytest wrote no report (exit {self._proc.returncode}):\n{output[-2000:]}")
            return _failures(ET.parse(self.report).getroot(), self.root)
        finally:
            self._tmp.cleanup()


def run_examples(root: Path, pages: list[Path], timeout: float = TIMEOUT_S) -> list[ExampleFailure]:
    """The failing examples of ``pages``, run as ``pytest docs/x.md`` runs them (see :class:`ExampleRun`).

    Parameters
    ----------
    root : Path
        The project folder (where ``pyproject.toml`` is) [text].
    pages : list of Path
        The pages whose examples to run [text].
    timeout : float
        Seconds before giving up [seconds].
    """
    return ExampleRun(root, pages).failures(timeout) if pages else []


def _failures(tree: ET.Element, root: Path) -> list[ExampleFailure]:
    out = []
    for case in tree.iter("testcase"):
        for problem in [*case.iter("failure"), *case.iter("error")]:
            text = problem.text or ""
            where = re.search(r"Example failed at (?P<page>\S+?):(?P<line>\d+)", text)
            if where is None:
                continue
            page = where.group("page")
            if Path(page).is_absolute() and Path(page).is_relative_to(root):
                page = Path(page).relative_to(root).as_posix()
            shown = re.search(r"the page shows: +(?P<expected>.*)\n\s*the code prints: +(?P<actual>.*)", text)
            if shown:
                expected, actual = shown.group("expected"), shown.group("actual")
            else:  # an assert or an error: the page's line as written, and the exception's last line
                line = re.search(rf"^ *{where.group('line')} +(?P<code>\S.*)$", text, re.M)
                expected = line.group("code") if line else "the example to run"
                lines = [t for t in text.strip().splitlines() if t.strip()]
                actual = lines[-1] if lines else problem.get("message", "")
            out.append(ExampleFailure(page, int(where.group("line")), expected.strip(), actual.strip()))
    return out


# --- the part ------------------------------------------------------------------------------------------

def serving(state) -> bool:
    """Whether this build is one of ``mkdocs serve``'s (``state.command``: what MkDocs was started for)."""
    return state.command == "serve"


def _digest(text: str, state) -> str:
    """The page's text and the package's fingerprint (the ``reload`` part's): either changed, run again."""
    package = repr(state.kept.get("fingerprint", ())).encode("utf-8")
    return hashlib.sha256(text.encode("utf-8") + b"\0" + package).hexdigest()


def _ran(state) -> dict[str, tuple[str, list[ExampleFailure]]]:
    """For each page (src_uri): the digest of what its examples ran on and its failures, kept across rebuilds."""
    return state.kept.setdefault(PART, {})


def _pages_with_examples(docs: Path) -> dict[str, str]:
    """src_uri -> text of every page under ``docs`` with a Python fence."""
    out = {}
    for path in sorted(docs.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if PYTHON_FENCE.search(text):
            out[path.relative_to(docs).as_posix()] = text
    return out


def on_config(config, *, state, **kwargs):
    """Start the examples of the pages changed since they last ran, so they run while the site builds."""
    if not serving(state):
        return config
    root = Path(config.config_file_path or ".").resolve().parent
    docs = Path(config.docs_dir)
    ran = _ran(state)
    texts = _pages_with_examples(docs)
    stale = {uri: _digest(text, state) for uri, text in texts.items()
             if ran.get(uri, ("",))[0] != _digest(text, state)}
    for uri in [uri for uri in ran if uri not in texts]:
        del ran[uri]  # a page removed, or its last example
    if stale:
        state.of(PART).update(run=ExampleRun(root, [docs / uri for uri in sorted(stale)]), pages=stale,
                              docs=docs.name)
    return config


def _collect(state) -> None:
    """Wait for the run of this build, if there is one, and keep each page's failures."""
    pending = state.of(PART)
    if "run" not in pending:
        return
    run, pages, docs = pending.pop("run"), pending.pop("pages"), pending.pop("docs")
    try:
        failures = run.failures()
    except RuntimeError as error:
        log.warning("the examples of %d page(s) could not be run: %s", len(pages), str(error)[:500])
        return
    for uri, digest in pages.items():
        _ran(state)[uri] = (digest, [f for f in failures if f.page == f"{docs}/{uri}"])
    log.info("examples of %d page(s) run on save, as `pytest docs/...md` runs them: %d failing (%.1f s)",
             len(pages), len(failures), time.monotonic() - run.started)


def on_post_build(config, *, state, **kwargs):
    if not serving(state):
        return
    _collect(state)
    for uri in sorted(_ran(state)):
        for failure in _ran(state)[uri][1]:
            log.warning(failure.message())


BOX_STYLE = ("border:3px solid #c62828;border-radius:3px;background:#ffebee;color:#b71c1c;padding:.4em .8em;"
             "margin:.2em 0 1em;font-weight:600")


def box(failure: ExampleFailure) -> str:
    return (f'<div class="example-failure-box" role="alert" style="{BOX_STYLE}">&#9888; This example fails at '
            f"line {failure.line}: the page shows &ldquo;{html.escape(failure.expected)}&rdquo;, the code gives "
            f"&ldquo;{html.escape(failure.actual)}&rdquo;. Check with <code>pytest {html.escape(failure.page)}"
            "</code>; if the new output is right, <code>make refresh</code> rewrites the <code>#&gt;</code> "
            "lines.</div>")


def _fence_after(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """(first, last, indent) line indexes of the fence holding file line ``line`` (from 1), if any."""
    opened = None
    for i, text in enumerate(lines):
        match = FENCE.match(text)
        if not match:
            continue
        if opened is None:
            opened = (i, match.group("fence"), match.group("indent"))
        elif match.group("fence").startswith(opened[1][0] * len(opened[1])) and not match.group("info").strip():
            if opened[0] < line - 1 < i:
                return opened[0], i, opened[2]
            opened = None
    return None


def annotate(markdown: str, source: str, failures: list[ExampleFailure]) -> str:
    """The page's Markdown with a box after each failing example.

    The fence is found by its text in the page as the editor wrote it (``source``, where the line
    numbers are true), then found again in ``markdown``, which earlier parts have changed (tokens,
    generated tables): the code of a fence is never changed by them.
    """
    lines = source.split("\n")
    for failure in failures:
        found = _fence_after(lines, failure.line)
        if found is None:
            continue
        first, last, indent = found
        fence = "\n".join(lines[first:last + 1])
        at = markdown.find(fence)
        if at < 0:
            continue
        end = at + len(fence)
        markdown = markdown[:end] + f"\n\n{indent}{box(failure)}\n" + markdown[end:]
    return markdown


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    if not serving(state):
        return markdown
    if page.file.src_uri in state.of(PART).get("pages", {}):
        _collect(state)  # this page's examples are in the run: wait for it (pages before it did not)
    failures = _ran(state).get(page.file.src_uri, ("", []))[1]
    if not failures:
        return markdown
    return annotate(markdown, page.file.content_string, failures)


def summary(failures: list[ExampleFailure]) -> str:
    items = "".join(f"<li><strong>line {f.line}</strong>: the page shows &ldquo;{html.escape(f.expected)}&rdquo;, "
                    f"the code gives &ldquo;{html.escape(f.actual)}&rdquo;</li>" for f in failures)
    return (f'<div class="example-failure-summary" role="alert" style="{BOX_STYLE}">&#9888; {len(failures)} '
            f"example(s) on this page fail (run on save by <code>make serve</code>, as <code>pytest "
            f"{html.escape(failures[0].page)}</code> runs them).<ul>{items}</ul></div>")


def on_page_content(html_text, page, config, files, *, state, **kwargs):
    failures = _ran(state).get(page.file.src_uri, ("", []))[1] if serving(state) else []
    return summary(failures) + html_text if failures else html_text
