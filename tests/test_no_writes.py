"""No test run writes a tracked file, so a guard that compares with committed data can fail.

Issue 23: collecting ``tests/`` once imported ``tests/cases/__main__.py``, which rewrote
``tests/data/regimen_vectors.json``; a changed dose then passed every test and only
``git status`` showed it. The producer is now ``make refresh`` (tools/refresh.py), and
these tests run pytest in a copy of the working tree to prove both halves:

* collecting every test and page, and running the vectors guard, leaves ``git status`` as it was;
* a changed figure (mycophenolate 500 -> 750 mg) fails the vectors guard, and still writes nothing.

CI checks the same after the whole run (.ci/run).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import change_figure, run_in, working_copy

pytestmark = pytest.mark.slow

VECTOR_GUARDS = ["tests/test_regimens.py", "tests/test_reference_vectors.py", "tools",
                 "-k", "exports_are_json or the_suites_are_the_cases"]


def pytest_in(copy: Path, *args: str) -> subprocess.CompletedProcess:
    from tests.clones import clone_env

    return subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "-q", "-p", "no:cacheprovider", *args],
                          cwd=copy, env=clone_env(copy), capture_output=True, text=True, check=False)


def status(copy: Path) -> str:
    return run_in(copy, ["git", "status", "--porcelain"])


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the working tree in which an editor changed mycophenolate's start dose 500 -> 750 mg."""
    copy = working_copy(tmp_path_factory.mktemp("no-writes") / "changed")
    return copy, change_figure(copy, "iim.mmf.start", 500, 750)


def test_collecting_every_test_and_page_writes_nothing(changed):
    # with a figure changed, anything that rewrites derived data on import would show in git status
    copy, edited = changed
    proc = pytest_in(copy, "--collect-only", "tests", "docs", "tools")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert status(copy).split() == ["M", edited], "collecting the tests changed files:\n" + status(copy)


def test_a_changed_dose_fails_the_vector_guards_and_writes_nothing(changed):
    copy, edited = changed
    proc = pytest_in(copy, *VECTOR_GUARDS)
    assert proc.returncode == 1, proc.stdout[-3000:]
    assert "2 failed" in proc.stdout, proc.stdout[-3000:]
    assert "make refresh" in proc.stdout
    # the only change in the tree is the editor's own
    assert status(copy).split() == ["M", edited]


def test_the_vector_guards_pass_on_the_unchanged_tree_and_write_nothing(tmp_path):
    copy = working_copy(tmp_path / "copy")
    proc = pytest_in(copy, *VECTOR_GUARDS)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "2 passed" in proc.stdout, proc.stdout[-2000:]
    assert status(copy) == ""
