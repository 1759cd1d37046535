"""``make refresh`` is all or nothing (tools/refresh.py): a step that fails puts back what the earlier steps
wrote and says which step failed and why (the editor trial: a refresh stopped midway, leaving the schemas and
vectors rewritten and the pages not, and nothing said so)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tools import refresh as refresh_module
from tools.refresh import Change, RefreshFailed, refresh


def _repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "vectors.json").write_text("old vectors\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("#> old output\n", encoding="utf-8")
    (tmp_path / "mine.txt").write_text("the editor's own edit\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "vectors.json", "page.md"], check=True)
    return tmp_path


def _rewrite(relative: str, text: str):
    def step(root: Path) -> list[Change]:
        before = (root / relative).read_text(encoding="utf-8") if (root / relative).exists() else ""
        (root / relative).write_text(text, encoding="utf-8")
        return [Change(Path(relative), before, text)]
    return step


@pytest.mark.parametrize("failure", [ValueError("iim.prednisone.hold_before_taper: 6 is outside 2-4 weeks"),
                                     SystemExit("refresh: python -m tools.gallery failed: boom"),
                                     KeyboardInterrupt()])
def test_a_failed_step_puts_back_what_the_earlier_steps_wrote(tmp_path, failure):
    root = _repo(tmp_path)

    def fails(root: Path) -> list[Change]:
        (root / "page.md").write_text("#> half writ", encoding="utf-8")  # cut off mid-file
        raise failure

    steps = {"reference vectors": _rewrite("vectors.json", "new vectors\n"),
             "new file": _rewrite("gallery.md", "a new generated file\n"),
             "page example outputs (#> lines)": fails}
    with pytest.raises(RefreshFailed) as failed:
        refresh(root, steps)
    assert (root / "vectors.json").read_text() == "old vectors\n" and (root / "page.md").read_text() == "#> old output\n"
    assert not (root / "gallery.md").exists()
    assert (root / "mine.txt").read_text() == "the editor's own edit\n"  # an edit of the editor's is left alone
    said = failed.value.message()
    assert "the step 'page example outputs (#> lines)' failed, so nothing was written" in said, said
    assert "put back as they were: gallery.md, page.md, vectors.json" in said, said
    assert str(failure) in said and "run `make refresh` again" in said, said


def test_main_says_it_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    root = _repo(tmp_path)

    def fails(root: Path) -> list[Change]:
        raise ValueError("a worked case is outside its figure")

    monkeypatch.setattr(refresh_module, "ROOT", root)
    monkeypatch.setattr(refresh_module, "STEPS", {"one": _rewrite("vectors.json", "new\n"), "two": fails})
    assert refresh_module.main() == 1
    err = capsys.readouterr().err
    assert "the step 'two' failed" in err and "ValueError: a worked case is outside its figure" in err, err
    assert (root / "vectors.json").read_text() == "old vectors\n"
