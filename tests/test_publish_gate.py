"""`make publish` refuses to publish when the tests fail (issue 23).

In a throwaway clone of the committed tree, a planted check is committed and `make publish` runs
with ``UNIT_TESTS`` naming only it (the gate runs `make unit`, which takes the files to test from
``UNIT_TESTS``; the whole suite would take minutes and is the same gate). A failing check stops
publishing before anything is written: no what-changed page, no commit, no tag, no gh-pages. A
passing one lets `make publish` go on to its publishing steps (`make edition-publish`), shown
here by the refusal those steps give for a tag that already names another commit, so that this
test publishes nothing either. The tests that publish editions call `make edition-publish`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import clone_env, fresh_clone, run_in

pytestmark = pytest.mark.slow

PLANTED = "tests/test_planted_check.py"


def plant(clone: Path, body: str) -> None:
    (clone / PLANTED).write_text(f'"""A check planted by tests/test_publish_gate.py."""\n\n\ndef test_planted():\n'
                                 f"    {body}\n", encoding="utf-8")
    run_in(clone, ["git", "add", PLANTED])
    run_in(clone, ["git", "commit", "--quiet", "--no-verify", "-m", "planted check"])


def publish(clone: Path, edition: str) -> subprocess.CompletedProcess:
    venv = Path(sys.prefix)
    return subprocess.run(["make", "-s", "-o", f"{venv}/.installed", f"VENV={venv}", "publish", f"EDITION={edition}",
                           "ARCHIVE=no", f"UNIT_TESTS={PLANTED}"], cwd=clone, env=clone_env(clone),
                          capture_output=True, text=True, check=False, timeout=900)


def state(clone: Path) -> dict[str, str]:
    """What publishing would change: the commit, the tags, the branches, the working tree."""
    return {"head": run_in(clone, ["git", "rev-parse", "HEAD"]), "tags": run_in(clone, ["git", "tag", "--list"]),
            "branches": run_in(clone, ["git", "branch", "--list", "--all"]),
            "status": run_in(clone, ["git", "status", "--porcelain", "--ignored", "docs/editions"])}


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    return fresh_clone(tmp_path_factory.mktemp("publish-gate") / "clone")


def test_a_failing_check_makes_publish_refuse_and_publish_nothing(clone):
    plant(clone, "assert 1 + 1 == 3, 'the planted check fails'")
    before = state(clone)
    proc = publish(clone, "2026.9")
    said = proc.stdout + proc.stderr
    assert proc.returncode != 0, said[-3000:]
    assert "the planted check fails" in said and "1 failed" in said
    assert "publish: the tests fail (see above): nothing was published" in proc.stderr
    assert state(clone) == before, "a refused publish changed the clone"
    assert not (clone / "docs/editions/2026.9.md").exists() and not (clone / "site").exists()
    assert "gh-pages" not in before["branches"] and "2026.9" not in before["tags"]


def test_a_passing_check_lets_publish_go_on_to_its_publishing_steps(clone):
    plant(clone, "assert 1 + 1 == 2")
    run_in(clone, ["git", "tag", "-a", "2026.8", "-m", "an older edition", "HEAD~1"])
    before = state(clone)
    proc = publish(clone, "2026.8")  # the tag names another commit: the publishing steps refuse at once
    said = proc.stdout + proc.stderr
    assert "publish: the tests pass; publishing 2026.8" in said, said[-3000:]
    assert "publish: tag 2026.8 already names another commit" in proc.stderr
    assert proc.returncode != 0 and state(clone) == before


def test_an_untracked_file_is_named_with_what_to_do(clone):
    """The editor trial: a file git does not track (notes left in docs/) blocked `make publish` with
    "commit your changes first" and no name. Now each file in the way is named, with what git sees in it
    and what to do, and nothing runs (not even the tests)."""
    (clone / "docs" / "my notes.md").write_text("draft\n", encoding="utf-8")
    (clone / "README.md").write_text((clone / "README.md").read_text(encoding="utf-8") + "\nedited\n",
                                     encoding="utf-8")
    try:
        before = state(clone)
        proc = publish(clone, "2026.9")
        assert proc.returncode != 0 and state(clone) == before
        said = proc.stderr
        assert "2 file(s) that are not committed" in said and "nothing was published" in said, said
        # git quotes a name with a space, so the command can be pasted as it is
        assert ('"docs/my notes.md": not in git (untracked); commit it (git add "docs/my notes.md"; git commit), '
                "delete it, or, if it is yours only, list it in .gitignore") in said, said
        assert "README.md: changed and not committed; commit it (git commit -a), or undo the change " \
               "(git restore README.md)" in said, said
        assert "running the tests first" not in proc.stdout, proc.stdout
    finally:
        (clone / "docs" / "my notes.md").unlink()
        run_in(clone, ["git", "checkout", "--", "README.md"])
