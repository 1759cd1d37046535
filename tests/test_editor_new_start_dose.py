"""An editor changes the methotrexate start dose; after `make refresh`, the tests that cover figures still pass.

Editor trial E1: tests that hard-coded "15 mg once weekly" failed for an editor who set
``iim.mtx.start`` to 20 mg and refreshed. Those tests now read the registry (or use a figure no
editor will ever choose). This test proves it the way an editor would: in a throwaway copy of the
working tree, change the figure 15 -> 20 in calculators/data/figures.toml, run `python -m
tools.refresh`, commit (as the editor's branch would be), and run the figure, flowchart, regimen
and editions-hook tests there. The guideline page's re-review (last_reviewed) that the strict build
then asks for is the editor's own step, followed by tests/test_editor_loop.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import ROOT, change_figure, clone_env, run_in

pytestmark = pytest.mark.slow

FIGURE_TESTS = ["tests/test_figures.py", "tests/test_flowchart_hook.py", "tests/test_regimens.py",
                "tests/test_editions_hook.py"]


def copy_with_history(dest: Path) -> Path:
    """A clone of this checkout (its git history, which the editions tests read) with the working tree on top."""
    run_in(dest.parent, ["git", "clone", "--quiet", "--no-local", str(ROOT), str(dest)])
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    run_in(dest, ["git", "add", "--all"])
    if run_in(dest, ["git", "status", "--porcelain"]).strip():
        run_in(dest, ["git", "commit", "--quiet", "--no-verify", "-m", "working tree under test"])
    return dest


def test_a_new_methotrexate_start_leaves_the_figure_tests_passing(tmp_path):
    copy = copy_with_history(tmp_path / "copy")
    change_figure(copy, "iim.mtx.start", 15, 20)
    run_in(copy, [sys.executable, "-m", "tools.refresh"])
    run_in(copy, ["git", "commit", "--quiet", "--no-verify", "-am", "editor: methotrexate start 20 mg once weekly"])
    shown = run_in(copy, [sys.executable, "-c", "from calculators import guidance; print(guidance.IIM_MTX_START.text())"])
    assert shown.strip() == "20 mg once weekly"  # the copy, not this checkout, is what the tests below import
    # E2: what the package says about the start (a tool choice's context, the regimen's docstrings) follows it
    said = run_in(copy, [sys.executable, "-c", "from calculators.choices import TOOL_CHOICES as c; "
                         "from calculators.regimens import iim_methotrexate as m; "
                         "print(c['mtx_steps'].context, m.__doc__, m.methotrexate_iim.__doc__, sep='\\n')"])
    assert "start (20 mg once weekly)" in said and "15 mg" not in said, said
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *FIGURE_TESTS],
                          cwd=copy, env=clone_env(copy), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"with iim.mtx.start = 20 mg after a refresh:\n{proc.stdout[-4000:]}"


def test_the_tool_choices_and_regimen_texts_follow_the_methotrexate_figures(tmp_path):
    """Issue 23, item 1: the sentences of calculators/data/choices.toml and the regimens quote figures by token.

    In a copy, the juvenile DM dose per m² and the IGM weekly range change in figures.toml (one line
    each); the tool choices' sentences and the adult regimen's pointer to the juvenile DM calculator
    say the new figures, and nothing says the old ones.
    """
    copy = copy_with_history(tmp_path / "copy")
    change_figure(copy, "jdm.mtx.per_m2", 15, 12)
    change_figure(copy, "igm.mtx.weekly", [15, 25], [15, 20])
    said = run_in(copy, [sys.executable, "-c", "import json; from calculators.choices import TOOL_CHOICES as c; "
                         "from calculators.regimens import iim_methotrexate as m; "
                         "print(json.dumps({k: v.model_dump() for k, v in c.items()}, ensure_ascii=False)); "
                         "print(m.POPULATION.elsewhere)"])
    assert "12 mg/m² once weekly" in said and "15–20 mg once weekly" in said, said
    assert "15 mg/m²" not in said and "15–25 mg" not in said and "15-25 mg" not in said


AZATHIOPRINE_TESTS = ["tests/test_regimens.py", "tests/test_review_live.py", "tests/test_choice_data.py",
                      "tests/test_reference_vectors.py::test_the_suites_are_the_cases_the_other_tests_run",
                      "docs/calculators/regimens/azathioprine.md"]


def test_a_new_azathioprine_target_leaves_the_tests_passing(tmp_path):
    """Editor trial 3: the azathioprine target 2 -> 2.5 mg/kg of ideal body weight, then `make refresh`.

    Before, nine tests typed 140.9 mg, 42.3 to 112.7 mg or 2.8 mg/kg and failed for the editor, and the
    result's source note still said "S002 and S003 give 2 mg/kg" (a template typed in calculators/messages.py).
    Now the tests read the registry and the note renders the figure: after the refresh they pass, and no
    sentence of the result says the old target.
    """
    copy = copy_with_history(tmp_path / "copy")
    change_figure(copy, "iim.aza.target_per_kg_ibw", 2, 2.5)
    run_in(copy, [sys.executable, "-m", "tools.refresh"])
    run_in(copy, ["git", "commit", "--quiet", "--no-verify", "-am", "editor: azathioprine target 2.5 mg/kg IBW"])
    said = run_in(copy, [sys.executable, "-c", "from calculators import azathioprine; "
                         "man = dict(height=175, height_unit='cm', sex='male', age_years=50, weight=70, "
                         "weight_unit='kg'); "
                         "print(*azathioprine(man, tpmt='normal').note_texts(), sep='\\n')"])
    assert "S002 and S003 give 2.5 mg/kg of ideal body weight a day as the target" in said, said
    assert "2 mg/kg of ideal" not in said, said
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                           *AZATHIOPRINE_TESTS], cwd=copy, env=clone_env(copy), capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, f"with iim.aza.target_per_kg_ibw = 2.5 after a refresh:\n{proc.stdout[-4000:]}"
