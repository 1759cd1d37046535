"""A strict build that fails in a test says what MkDocs said (tests/building.py): the file and what is
wrong, not only ``CalledProcessError`` (the editor trial)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.building import failure_message, problems, strict_build
from tests.clones import run_in


def _project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [the dose page](doses/missing.md).\n", encoding="utf-8")
    (tmp_path / "docs" / "other.md").write_text("# Other\n", encoding="utf-8")
    return tmp_path


WANT = "Doc file 'index.md' contains a link 'doses/missing.md', but the target is not found"


def test_a_failed_strict_build_fails_the_test_with_mkdocs_own_warning(tmp_path):
    project = _project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with pytest.raises(pytest.fail.Exception) as failed:
        strict_build(project, tmp_path / "out", env=env)
    said = str(failed.value)
    assert "WARNING" in said and WANT in said, said
    # the warning comes before the output's tail, and no INFO line is taken for a problem
    found = said.split("--- end of the output ---")[0]
    assert WANT in found and "INFO" not in found and "Aborted with 1 warnings in strict mode" in found, found


def test_a_failed_command_in_a_clone_names_the_warnings_first(tmp_path):
    """tests/clones.py's run_in (make publish, make site in a clone) puts MkDocs' warnings first."""
    project = _project(tmp_path)
    with pytest.raises(AssertionError) as failed:
        run_in(project, [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"])
    said = str(failed.value)
    assert said.index(WANT) < said.index("--- end of the output ---"), said


def test_problems_keeps_warnings_errors_and_their_indented_lines_only():
    output = ("INFO    -  Cleaning site directory\n"
              "WARNING -  igm-iim: docs/x.md:3: figure 'iim.mtx.stat' is not in the registry\n"
              "           did you mean iim.mtx.start?\n"
              "INFO    -  Documentation built in 1.0 seconds\n"
              "ERROR   -  Error reading page 'y.md'\n"
              "Aborted with 1 warnings in strict mode!\n")
    assert problems(output) == ("WARNING -  igm-iim: docs/x.md:3: figure 'iim.mtx.stat' is not in the registry\n"
                                "           did you mean iim.mtx.start?\n"
                                "ERROR   -  Error reading page 'y.md'\n"
                                "Aborted with 1 warnings in strict mode!")
    proc = subprocess.CompletedProcess(["mkdocs"], 1, stdout="", stderr=output)
    assert failure_message(["mkdocs", "build"], proc).startswith("mkdocs build failed (exit 1); MkDocs says:\nWARNING")
