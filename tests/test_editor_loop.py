"""For editors → Changing a dose, followed step by step in a clone (issue 23).

The page's exercise: mycophenolate's start dose 500 -> 750 mg twice daily. The test does what
the page says, in its order, and checks what each step shows:

1. ``make figure KEY=iim.mmf.start`` names the figure, its pages and the guideline pages to review;
2. the edit is one line of ``calculators/data/figures.toml``; the tests now fail and say ``make refresh``;
3. ``make refresh`` rewrites what is derived (the committed vectors, the page's ``#>`` line) and
   prints what changed; the tests pass again, and nothing else was touched;
4. the strict build then asks only for what a person must decide: the re-review of the guideline
   page (its ``last_reviewed``); with the date set and the change committed, it passes.

Publishing (steps 4 and 5 of the page) is followed by ``tests/test_editions_publish.py``, and its
test gate by ``tests/test_publish_gate.py``; what ``make serve`` shows at step 2 (the new value, the
stale example's red box) by ``tests/test_serve_reload.py`` and ``tests/test_page_examples.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clones import change_figure, clone_env, fresh_clone, make_in, run_in

pytestmark = pytest.mark.slow

PAGE_TESTS = ["tests/test_regimens.py", "tests/test_reference_vectors.py", "tests/test_doctests.py",
              "tests/test_gallery.py", "docs/calculators/regimens/mycophenolate.md",
              "docs/editors/changing-a-dose.md"]


def run(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=clone, env=clone_env(clone), capture_output=True, text=True, check=False)


def pytest_in(clone: Path, *paths: str) -> subprocess.CompletedProcess:
    # the test that builds the site strictly is step 4's business (the review check), not this one's
    return run(clone, sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
               "--deselect", "tests/test_reference_vectors.py::test_the_site_offers_exactly_these_vectors", *paths)


def strict_build(clone: Path) -> subprocess.CompletedProcess:
    return run(clone, sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(clone.parent / "site"))


def test_changing_a_dose_is_one_line_one_command_and_a_review_date(tmp_path):
    clone = fresh_clone(tmp_path / "clone")

    # 1. where the figure is shown and used
    where = make_in(clone, "figure", "KEY=iim.mmf.start")
    assert "\niim.mmf.start = 500 mg twice daily" in f"\n{where}"  # a fresh clone may print setup lines first
    to_review = sorted(set(re.findall(r"(docs/guidelines/\S+\.md):\d+", where)))
    assert to_review == ["docs/guidelines/iim.md"], where

    # 2. the edit: one line of data
    edited = change_figure(clone, "iim.mmf.start", 500, 750)
    assert run_in(clone, ["git", "diff", "--numstat"]).split() == ["1", "1", edited]
    before = pytest_in(clone, *PAGE_TESTS)
    assert before.returncode == 1, before.stdout[-3000:]
    assert "make refresh" in before.stdout  # the vectors guard says what to run
    assert "Example failed at docs/calculators/regimens/mycophenolate.md:" in before.stdout
    assert "the page shows:  Starting dose: mycophenolate mofetil 500 mg" in before.stdout

    # 3. one command refreshes everything derived, and says what it changed
    refreshed = make_in(clone, "refresh")
    assert "tests/data/regimen_vectors.json" in refreshed and "docs/calculators/regimens/mycophenolate.md" in refreshed
    assert "+#> Starting dose: mycophenolate mofetil 750 mg by mouth twice daily" in refreshed
    derived = ["docs/calculators/regimens/mycophenolate.md", "tests/data/regimen_vectors.json"]
    if (clone / "tools" / "gallery.py").exists():  # the output gallery shows every patient's mycophenolate dose
        derived.append("docs/editors/output-gallery.md")
    changed = sorted(run_in(clone, ["git", "diff", "--name-only"]).split())
    assert changed == sorted([edited, *derived]), refreshed
    after = pytest_in(clone, *PAGE_TESTS)
    assert after.returncode == 0, after.stdout[-3000:]
    assert make_in(clone, "refresh").startswith("refresh: everything derived is up to date")

    # 4. what is left is a person's decision: the re-review of the page that shows the figure
    unreviewed = strict_build(clone)
    assert unreviewed.returncode != 0
    warnings = [line for line in unreviewed.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings and all("changed after its last review" in w for w in warnings), "\n".join(warnings)
    assert "iim.mmf.start (500 mg twice daily -> 750 mg twice daily)" in unreviewed.stderr
    today = dt.date.today().isoformat()
    for page in to_review:
        path = clone / page
        path.write_text(re.sub(r"^last_reviewed: .*$", f"last_reviewed: {today}", path.read_text(), count=1,
                               flags=re.M))
    # ... and the page's step 4: commit (the review check reads the figures of the commit on the review day)
    run_in(clone, ["git", "commit", "--quiet", "-am", "Mycophenolate start dose per the revised source (reviewed)"])
    reviewed = strict_build(clone)
    assert reviewed.returncode == 0, reviewed.stderr[-3000:]
