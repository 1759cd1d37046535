"""The strict MkDocs build as the tests run it, failing with MkDocs' own words.

A strict build that fails prints its warnings (``WARNING -  Doc file 'x.md' contains a link ...``) among
hundreds of INFO lines; a test that ran it with ``check=True`` showed only
``CalledProcessError: ... returned non-zero exit status 1`` (the editor trial), and one that printed the
last 3,000 characters of the output could cut the warnings off. :func:`problems` keeps MkDocs' WARNING and
ERROR lines (each with the lines that continue it) and its closing "Aborted ..." line; :func:`strict_build`
and :func:`tests.clones.run_in` put them first in the failure message.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

_LEVEL = re.compile(r"^(WARNING|ERROR|CRITICAL)\b|^Error\b|^Aborted\b|^Traceback\b|^[\w.]+(Error|Exception)\b")


def problems(output: str) -> str:
    """MkDocs' warnings and errors in ``output`` (stdout and stderr of a build), each with the indented lines
    that continue it, in order; '' when there are none."""
    kept: list[str] = []
    keeping = False
    for line in output.splitlines():
        if _LEVEL.match(line):
            keeping = True
        elif not line.startswith((" ", "\t")):
            keeping = False
        if keeping:
            kept.append(line)
    return "\n".join(kept)


def failure_message(command: list[str], proc: subprocess.CompletedProcess) -> str:
    """What a test says when ``command`` failed: MkDocs' own warning lines first, then the output's end."""
    output = f"{proc.stdout or ''}\n{proc.stderr or ''}"
    found = problems(output)
    said = f"{' '.join(map(str, command))} failed (exit {proc.returncode})"
    if found:
        said += f"; MkDocs says:\n{found}"
    return f"{said}\n--- end of the output ---\n{(proc.stdout or '')[-1500:]}\n{(proc.stderr or '')[-1500:]}"


def strict_build(project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    """``mkdocs build --strict`` of ``project`` into ``site_dir``; a failure fails the test with the
    warning lines that stopped it (the file and what is wrong)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", *extra, "--site-dir", str(site_dir)]
    proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.fail(failure_message(command, proc), pytrace=False)
    return site_dir
