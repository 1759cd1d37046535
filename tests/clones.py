"""Throwaway clones of the committed tree, for the tests that publish editions with `make publish`.

The session fixture ``first_edition`` (tests/conftest.py) has edition 2026.1 published once
per test session with the real ``make publish`` (what-changed page, strict build, tag, file://
archive, mike) into a throwaway clone of the committed tree. Publishing takes three builds; the modules that need a published edition
(tests/test_editions_publish.py, tests/browser/test_offline.py) each take their own copy of
that clone and carry on from it, so neither sees what the other does next.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.building import failure_message

ROOT = Path(__file__).resolve().parent.parent
#: Where the tests' published editions say they are deployed (SITE_URL of `make publish`): a
#: sub-path, as on most hosts, so a link that assumes the host's root breaks a test.
DEPLOYED_AT = "https://guide.example.org/igm-iim/"
IDENTITY = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
            "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}


def clone_env(clone: Path) -> dict[str, str]:
    """The environment for commands run in a clone.

    The clone shares this checkout's venv, whose editable install points at THIS checkout's
    calculators/: PYTHONPATH puts the clone's own package first, as its own venv would.
    """
    env = {**os.environ, **IDENTITY, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(clone)}
    env.pop("MIKE_DOCS_VERSION", None)
    env.pop("SOURCE_DATE_EPOCH", None)  # each clone's Makefile dates its build by its own commit
    return env


def run_in(clone: Path, cmd: list[str]) -> str:
    proc = subprocess.run(cmd, cwd=clone, env=clone_env(clone), capture_output=True, text=True, check=False)
    # a failed strict build (make publish, make site) names its warnings first (tests/building.py)
    assert proc.returncode == 0, failure_message(cmd, proc)
    return proc.stdout


def make_in(clone: Path, *args: str) -> str:
    # -o: treat the shared venv as up to date, so make never reinstalls it from the clone.
    venv = Path(sys.prefix)
    return run_in(clone, ["make", "-s", "-o", f"{venv}/.installed", f"VENV={venv}", *args])


def fresh_clone(dest: Path) -> Path:
    """A clone of the committed tree with no remote, no tags and no gh-pages: a clean slate for mike."""
    run_in(dest.parent, ["git", "clone", "--quiet", "--no-local", str(ROOT), str(dest)])
    run_in(dest, ["git", "remote", "remove", "origin"])
    tags = run_in(dest, ["git", "tag", "--list"]).split()
    if tags:
        run_in(dest, ["git", "tag", "-d", *tags])
    copy_build_caches(dest)
    return dest


@dataclass(frozen=True)
class FirstEdition:
    """A clone in which `make publish EDITION=2026.1` ran. Never change it: take a copy."""

    clone: Path

    def copy_to(self, dest: Path) -> Path:
        """A copy of the clone (git history, tag 2026.1, gh-pages, caches) to carry on from."""
        shutil.copytree(self.clone, dest, symlinks=True)
        return dest


def copy_build_caches(dest: Path) -> None:
    """Copy this checkout's build caches (``.cache/``) into a copy of the project at ``dest``.

    Every entry is keyed on all of its inputs (an executed notebook on the notebook, the package,
    its sibling files, Python and the libraries; see igm_iim_site/notebooks.py and igm_iim_site/editions.py), so a
    copy whose inputs differ misses and computes its own: the build of the copy stays that copy's.
    It only spares re-executing the notebooks where a test changes something else.
    """
    if (ROOT / ".cache").is_dir():
        shutil.copytree(ROOT / ".cache", dest / ".cache", dirs_exist_ok=True)


def working_copy(dest: Path) -> Path:
    """A git repository at ``dest`` holding this checkout's working tree as one commit.

    Unlike :func:`fresh_clone` it carries uncommitted edits too, so a test of "what a run
    writes" checks the code being tested, not the last commit. Ignored files (the venv, the
    site, caches) are left out, except the build caches, which are copied as in a clone.
    """
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    run_in(dest, ["git", "init", "--quiet", "--initial-branch=main"])
    run_in(dest, ["git", "add", "--all"])
    run_in(dest, ["git", "commit", "--quiet", "--no-verify", "-m", "working tree under test"])
    copy_build_caches(dest)
    return dest


def change_figure(copy: Path, key: str, old: object, new: object) -> str:
    """Change one figure's value in a copy of the project, the way an editor does; return the file changed.

    The figure is found by its key on its one line of ``calculators/data/figures.toml`` (or, in
    an older tree, its ``fig(...)`` call in ``calculators/guidance.py``), and only its value changes.
    """
    import re

    for relative in ("calculators/data/figures.toml", "calculators/guidance.py"):
        path = copy / relative
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        # The test's change starts from `old`, the figure when the test was written; when an editor has since committed
        # another value, it starts from that one (the change being tested is the same kind of edit), never from the
        # value it is changed to.
        value = r"(\[[^\]]*\]|[^,\]]+)"
        if relative.endswith(".toml"):  # one line a figure: NAME = { key = "...", value = ..., ... }
            pattern = re.compile(rf'^(.*\bkey = "{re.escape(key)}", value = ){value}(,.*)$', re.M)
        else:  # an older tree: fig("key", value, ...)
            pattern = re.compile(rf'^(.*\bfig\("{re.escape(key)}", ){value}(, .*)$', re.M)
        found = pattern.findall(text)
        if found and found[0][1].strip() == repr(new):
            raise AssertionError(f"figure {key} is already {new!r} in {relative}: this test changes it from {old!r} to "
                                 f"{new!r}; give it another new value")
        if found:
            assert len(found) == 1, f"figure {key} found {len(found)} times in {relative}"
            path.write_text(pattern.sub(lambda m: f"{m.group(1)}{new!r}{m.group(3)}", text, count=1), encoding="utf-8")
            return relative
    raise AssertionError(f"figure {key} = {old!r} not found in the project copy")
