"""Every project file a page or the README names in code (`tests/...`, `tools/...`) exists.

For editors once sent readers to ``tests/test_editor_loop.py``, which did not exist (issue 23).
A path written as inline code that starts with a project folder must name a file or folder
of the project (or one in its git history: a page may say a file was removed); a ``*`` in it
must match at least one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("tests", "tools", "igm_iim_site", "hooks", "scripts", "calculators", "overrides", ".ci")
CODE_PATH = re.compile(r"`(?:[^`\n]*?\s)?(?P<path>(?:" + "|".join(re.escape(f) for f in FOLDERS) + r")/[\w./*-]*[\w*/])"
                       r"(?:::\w+|\s[^`]*)?`")


def named_paths(text: str) -> list[tuple[int, str]]:
    """(line, path) of every project path written as inline code.

    ``calculators/body-size/`` is a page address of the site, not the package: an address under
    ``calculators/`` (ending in ``/``, no file suffix) is left to the link checks.
    """
    return [(text.count("\n", 0, m.start()) + 1, m.group("path")) for m in CODE_PATH.finditer(text)
            if not (m.group("path").startswith("calculators/") and m.group("path").endswith("/"))]


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_the_pattern_finds_paths_and_their_lines():
    text = ("Run `tests/test_x.py` and\n`pytest tests/test_y.py -k z` or `tools/vectors.py::collect`; not `site/x`"
            " nor the page `calculators/body-size/`.\n")
    assert named_paths(text) == [(1, "tests/test_x.py"), (2, "tests/test_y.py"), (2, "tools/vectors.py")]


def existed(path: str) -> bool:
    """The path is in the project's git history: a page may name a file it says was removed."""
    import subprocess

    return bool(subprocess.run(["git", "log", "--all", "--format=%H", "-1", "--", path], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout.strip())


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_named_project_path_exists(page):
    missing = [f"{page.relative_to(ROOT)}:{line}: {path}" for line, path in named_paths(page.read_text())
               if not (list(ROOT.glob(path)) if "*" in path else (ROOT / path).exists()) and not existed(path)]
    assert not missing, "pages name project files that do not exist:\n" + "\n".join(missing)


def test_a_path_that_never_existed_is_caught():
    assert not existed("tests/test_editor_loop_that_never_was.py")
    assert existed("tests/cases/__main__.py")  # removed by issue 23, named in history
