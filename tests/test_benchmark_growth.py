"""scripts/benchmark.py's growth verdict: rounds paired run by run, ours judged against the bare build,
and a step smaller than its own noise gives no verdict. Pure functions fed numbers; nothing is timed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _benchmark():
    spec = importlib.util.spec_from_file_location("site_benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(factor, pages, runs, cpu=None, bare=None, bare_cpu=None):
    """A growth row as measure_growth makes it: run ``i`` of every list from round ``i``."""
    row = {"factor": factor, "pages": pages, "build_s": sorted(runs)[len(runs) // 2], "runs_s": runs}
    for key, runs_key, values in (("cpu_s", "cpu_runs_s", cpu), ("bare_build_s", "bare_runs_s", bare),
                                  ("bare_cpu_s", "bare_cpu_runs_s", bare_cpu)):
        if values is not None:
            row.update({key: sorted(values)[len(values) // 2], runs_key: values})
    return row


def _curve(a, b_ms, c_ms, pages):
    """Build seconds ``a + b n + c n^2`` for ``n`` pages, ``b`` in ms a page and ``c`` in ms a page^2."""
    return a + (b_ms * pages + c_ms * pages * pages) / 1000


PAGES = {1: 44, 16: 74, 32: 106}


def test_the_default_sizes_add_about_as_many_pages_in_each_step():
    bench = _benchmark()
    assert bench.GROWTH_FACTORS == "1,16,32"
    factors = [int(f) for f in bench.GROWTH_FACTORS.split(",")]
    added = [2 * (b - a) for a, b in zip(factors, factors[1:], strict=False)]  # two guideline pages a factor
    assert added == [30, 32]  # the first step is no longer the noisy short one (1x -> 8x added 14)
    assert bench.GROWTH_RUNS >= 5


def test_the_growth_verdict_is_undecided_when_the_first_step_is_noise():
    bench = _benchmark()
    # rounds paired: first step +0.9, -0.2, +1.4 s over 30 pages (30, -7, 47 ms a page): spread 53 > median 30
    noisy = [_row(1, 44, [5.0, 5.6, 5.2]), _row(16, 74, [5.9, 5.4, 6.6]), _row(32, 106, [8.0, 7.4, 8.6])]
    word, figure = bench.linearity(noisy)
    assert word == "UNDECIDED" and "noise" in figure
    clean = [_row(1, 44, [5.0, 5.05, 5.1]), _row(16, 74, [11.0, 11.05, 11.1]), _row(32, 106, [17.4, 17.45, 17.5])]
    assert bench.linearity(clean)[0] == "PASS"  # 200 ms a page, then 200 ms a page
    rising = [_row(1, 44, [5.0, 5.05, 5.1]), _row(16, 74, [11.0, 11.05, 11.1]), _row(32, 106, [22.0, 22.05, 22.1])]
    assert bench.linearity(rising)[0] == "FAIL"  # 200 ms a page, then 344 ms a page
    assert bench.linearity(clean[:2])[0] == "UNDECIDED"


def test_rounds_pair_the_builds_so_drift_between_rounds_is_not_read_as_growth():
    bench = _benchmark()
    # the machine 30% slower in round 2 than in rounds 1 and 3, at every size alike: each round alone is
    # linear (200 ms a page in both steps); the medians of the sizes are too, and so is every round's ratio
    slow = [1.0, 1.3, 1.0]
    rows = [_row(f, n, [s * _curve(1, 200, 0, n) for s in slow]) for f, n in PAGES.items()]
    assert bench.run_ratios(rows, "build_s") == pytest.approx([1.0, 1.0, 1.0])
    assert bench.linearity(rows)[0] == "PASS"
    steps = bench.step_slopes(rows, "build_s")
    assert [(a, b, added) for a, b, added, _ in steps] == [(1, 16, 30), (16, 32, 32)]
    assert steps[0][3] == pytest.approx([200, 260, 200])
    # rows with runs that do not pair (an older results file) give one slope, between the medians
    unpaired = [_row(1, 44, [5.0, 5.1]), _row(16, 74, [11.0, 11.05, 11.1])]
    assert bench.step_slopes(unpaired, "build_s") == [(1, 16, 30, [pytest.approx(200)])]


def test_the_verdict_reads_cpu_time_when_every_build_has_it():
    bench = _benchmark()
    # wall times swung by other processes (noise larger than the first step), CPU times steady: 150 ms CPU a
    # page, then 150 ms a page, so linear
    rows = [_row(1, 44, [5.0, 6.2, 5.6], cpu=[4.00, 4.02, 4.04]),
            _row(16, 74, [6.9, 5.9, 7.0], cpu=[8.50, 8.52, 8.54]),
            _row(32, 106, [14.0, 15.0, 14.5], cpu=[13.30, 13.32, 13.34])]
    assert bench.growth_measure(rows) == "cpu_s"
    assert bench.growth_series(rows) == ""  # no bare builds: ours alone
    word, figure = bench.linearity(rows)
    assert word == "PASS" and "CPU time" in figure
    assert [round(ms) for _, _, ms in bench.marginal_costs(rows, "cpu_s")] == [150, 150]
    # CPU per added page rising from 150 to 250 ms: not linear, whatever the wall times say
    rising = [*rows[:2], _row(32, 106, [14.0, 14.5, 15.0], cpu=[16.50, 16.52, 16.54])]
    assert bench.linearity(rising)[0] == "FAIL"
    # a row without CPU time (an older results file) falls back to wall time for every row
    assert bench.growth_measure([rows[0], _row(16, 74, [5.9, 6.8, 7.0])]) == "build_s"


def _ours_and_bare(own_c, bare_c=0.05, scale=(1.0, 1.0, 1.0, 1.0, 1.0), jitter=(0, 0, 0, 0, 0)):
    """Rows with five rounds: bare = 1 s + 25 ms a page + ``bare_c`` ms a page^2 (the theme's navigation,
    in every page of its section), ours = bare + 1 s + 55 ms a page + ``own_c`` ms a page^2; round ``i``
    runs ``scale[i]`` times slower and its 32x build of ours ``jitter[i]`` s longer."""
    rows = []
    for factor, n in PAGES.items():
        bare = [s * _curve(1, 25, bare_c, n) for s in scale]
        own = [s * _curve(1, 55, own_c, n) + (j if factor == 32 else 0) for s, j in zip(scale, jitter, strict=True)]
        cpu = [b + o for b, o in zip(bare, own, strict=True)]
        rows.append(_row(factor, n, [c * 1.1 for c in cpu], cpu=cpu, bare=[b * 1.1 for b in bare], bare_cpu=bare))
    return rows


def test_the_verdict_is_on_what_ours_adds_to_the_bare_build():
    bench = _benchmark()
    rows = _ours_and_bare(own_c=0.0, bare_c=0.25)
    assert bench.growth_series(rows) == "own_"
    # ours rises from 109.5 to 125 ms a page only because the bare build does (54.5 -> 70 ms: the theme's
    # own growth, a step from n0 to n1 pages costing 25 + 0.25 (n0 + n1) ms a page); what ours adds stays 55
    assert [round(ms, 1) for _, _, ms in bench.marginal_costs(rows, "cpu_s")] == [109.5, 125.0]
    assert [round(ms, 1) for _, _, ms in bench.marginal_costs(rows, "bare_cpu_s")] == [54.5, 70.0]
    assert [round(ms, 1) for _, _, ms in bench.marginal_costs(rows, "own_cpu_s")] == [55.0, 55.0]
    assert bench.run_ratios(rows, "own_cpu_s") == pytest.approx([1.0] * 5)
    assert bench.run_ratios(rows, "cpu_s") == pytest.approx([125 / 109.5] * 5)
    word, figure = bench.linearity(rows)
    assert word == "PASS" and "ours - bare" in figure and "CPU time" in figure and "1.00" in figure
    assert bench.quadratic_term(rows, "bare_cpu_s") == pytest.approx(0.25)
    assert bench.quadratic_term(rows, "own_cpu_s") == pytest.approx(0.0, abs=1e-9)
    # what ours adds rising (a quadratic term of its own, 0.5 ms a page^2: 114 -> 145 ms a page): FAIL
    assert bench.linearity(_ours_and_bare(own_c=0.5))[0] == "FAIL"


def test_the_verdict_is_undecided_when_the_rounds_straddle_the_line():
    bench = _benchmark()
    # what ours adds: 55 ms a page in both steps, but the 32x build of two rounds out of five 2.5 s longer
    # (a burst of another process): those rounds' last step costs 133 ms a page, ratio 2.4
    straddle = _ours_and_bare(own_c=0.0, jitter=(0, 2.5, 0, 2.5, 0))
    ratios = bench.run_ratios(straddle, "own_cpu_s")
    assert sorted(round(r, 2) for r in ratios) == [1.0, 1.0, 1.0, 2.42, 2.42]
    word, figure = bench.linearity(straddle)
    assert word == "UNDECIDED" and "straddle" in figure
    # one such round out of five: the middle half of the rounds is linear
    assert bench.linearity(_ours_and_bare(own_c=0.0, jitter=(0, 2.5, 0, 0, 0)))[0] == "PASS"


def test_ours_minus_bare_is_taken_round_by_round():
    bench = _benchmark()
    row = _row(1, 44, [3.0, 4.0], cpu=[2.0, 3.0], bare=[1.0, 1.5], bare_cpu=[0.5, 1.5])
    assert bench.runs_of(row, "own_cpu_s") == [1.5, 1.5]
    assert bench.runs_of(row, "own_build_s") == [2.0, 2.5]
    assert bench.has_measure(row, "own_cpu_s")
    assert not bench.has_measure(_row(1, 44, [3.0], cpu=[2.0]), "own_cpu_s")
    # runs that do not pair: the difference of the medians
    assert bench.runs_of(_row(1, 44, [3.0], cpu=[2.0, 3.0, 4.0], bare_cpu=[1.0]), "own_cpu_s") == [2.0]


def test_the_quadratic_term_of_a_quadratic_build_time_is_its_coefficient():
    bench = _benchmark()
    rows = [_row(f, n, [_curve(2, 60, 0.08, n)]) for f, n in PAGES.items()]
    assert bench.quadratic_term(rows, "build_s") == pytest.approx(0.08)
    linear = [_row(f, n, [_curve(2, 60, 0, n)]) for f, n in PAGES.items()]
    assert bench.quadratic_term(linear, "build_s") == pytest.approx(0.0, abs=1e-9)
    assert bench.quadratic_term(rows[:2], "build_s") is None
    text = bench.quadratic_text(rows, "build_s")
    assert "+0.080 ms/page^2" in text and "at 106 pages" in text and "0.90 s" in text  # 0.08 * 106^2 ms


def test_the_middle_half_of_the_rounds():
    bench = _benchmark()
    assert bench.middle_half([1.0, 1.1, 1.2, 1.3, 5.0]) == pytest.approx((1.1, 1.3))
    assert bench.middle_half([1.2]) == (1.2, 1.2)
    assert bench.run_ratios([_row(1, 44, [1.0])], "build_s") == []


def test_steps_text_names_each_step_with_its_noise():
    bench = _benchmark()
    rows = [_row(f, n, [_curve(1, 200, 0, n) + d for d in (0, 0.3)]) for f, n in PAGES.items()]
    text = bench.steps_text(rows, "build_s")
    assert text == ("1x -> 16x (+30 pages) 200 ms (noise +/-0 ms), "
                    "16x -> 32x (+32 pages) 200 ms (noise +/-0 ms)")


def test_a_build_reports_its_own_cpu_time(tmp_path):
    bench = _benchmark()
    before = bench._children_cpu_s()
    import subprocess
    import sys
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert bench._children_cpu_s() - before > 0.05  # a waited-for child's CPU time is counted


def test_the_bare_project_loads_as_a_mkdocs_config(tmp_path):
    """The bare baseline is a valid MkDocs project of the same docs: nothing of ours is left in its config
    (``watch`` named calculators/ and tools/, absent from it, and failed every ``make bench``)."""
    from mkdocs.config import load_config

    bench = _benchmark()
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(bench.bare_config((ROOT / "mkdocs.yml").read_text()))
    loaded = load_config(config_file=str(config))
    assert [name.split("/")[-1] for name in loaded.plugins] == ["search"]
    assert not loaded.hooks
