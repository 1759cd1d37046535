"""Every command line a page or the README shows for the package or `make figure` runs as shown.

The taper page's command once exited 2 (it lacked ``--age``) and nothing noticed (issue 23).
Each ``bash``/``console``/``shell``/``text`` fence line (``\\`` continuations joined, ``$ `` prompts
dropped) that starts with ``python -m calculators``, ``python -m tools.where`` or ``make figure``
is run: the package commands in a temporary folder (the files they write land there), ``make
figure`` in the project, which it only reads. A line with a ``<placeholder>`` is a pattern, not
a command, and is skipped.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import clone_env

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(?P<indent> *)```(?:\{\s*\.)?(?P<lang>bash|console|shell|sh|text)\b[^\n]*\n(?P<body>.*?)^(?P=indent)```",
                   re.M | re.S)
RUNNABLE = re.compile(r"^(?:python3? -m (?:calculators\b|tools\.where\b)|make figure\b)")


def commands(text: str) -> list[tuple[int, str]]:
    """(line, command) of every runnable command line in the shell fences of ``text``."""
    out = []
    for fence in FENCE.finditer(text):
        first = text.count("\n", 0, fence.start("body")) + 1
        lines = fence.group("body").split("\n")
        i = 0
        while i < len(lines):
            start, line = i, lines[i].strip()
            while line.endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line[:-1].rstrip() + " " + lines[i].strip()
            i += 1
            line = re.sub(r"^\$\s+", "", line)
            line = re.sub(r"\s+#.*$", "", line)
            if RUNNABLE.match(line) and "<" not in line:
                out.append((first + start, line))
    return out


def documented() -> list[tuple[str, str]]:
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        found += [(f"{page.relative_to(ROOT)}:{line}", cmd) for line, cmd in commands(page.read_text())]
    return found


def test_commands_are_found_with_their_lines():
    text = "x\n\n```bash\n$ python -m calculators.taper --a 1 \\\n    --b 2   # why\nls\nmake figure KEY=<key>\n```\n"
    assert commands(text) == [(4, "python -m calculators.taper --a 1 --b 2")]
    assert any("calculators.taper" in cmd for _, cmd in documented()), "the taper page's command is no longer found"


@pytest.mark.parametrize("where, command", documented(), ids=[w for w, _ in documented()])
def test_a_documented_command_runs(where, command, tmp_path):
    args = shlex.split(command)
    if args[0] == "make":
        venv = Path(sys.prefix)
        args = ["make", "-s", "-C", str(ROOT), "-o", f"{venv}/.installed", f"VENV={venv}", *args[1:]]
        env = clone_env(ROOT)
    else:
        args = [sys.executable, *args[1:]]
        env = clone_env(ROOT)
    proc = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"{where}: `{command}` exited {proc.returncode}:\n{proc.stderr[-2000:]}"
