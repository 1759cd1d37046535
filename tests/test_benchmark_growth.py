"""scripts/benchmark.py's growth verdict: a step smaller than its own noise gives no verdict."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _benchmark():
    spec = importlib.util.spec_from_file_location("site_benchmark", ROOT / "scripts" / "benchmark.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(factor, pages, runs, cpu=None):
    row = {"factor": factor, "pages": pages, "build_s": sorted(runs)[len(runs) // 2], "runs_s": runs}
    if cpu is not None:
        row.update(cpu_s=sorted(cpu)[len(cpu) // 2], cpu_runs_s=cpu)
    return row


def test_the_growth_verdict_is_undecided_when_the_first_step_is_noise():
    bench = _benchmark()
    assert bench.GROWTH_FACTORS == "1,8,32"
    noisy = [_row(1, 44, [5.0, 5.6, 6.2]), _row(8, 58, [5.9, 6.8, 7.0]), _row(32, 106, [14.0, 14.5, 15.0])]
    word, figure = bench.linearity(noisy)
    assert word == "UNDECIDED" and "noise" in figure
    clean = [_row(1, 44, [5.0, 5.05, 5.1]), _row(8, 58, [7.8, 7.85, 7.9]), _row(32, 106, [17.4, 17.45, 17.5])]
    assert bench.linearity(clean)[0] == "PASS"  # 200 ms a page, then 200 ms a page
    rising = [_row(1, 44, [5.0, 5.05, 5.1]), _row(8, 58, [7.8, 7.85, 7.9]), _row(32, 106, [24.0, 24.05, 24.1])]
    assert bench.linearity(rising)[0] == "FAIL"  # 200 ms a page, then 337 ms a page
    assert bench.linearity(clean[:2])[0] == "UNDECIDED"


def test_the_verdict_reads_cpu_time_when_every_build_has_it():
    bench = _benchmark()
    # wall times swung by other processes (noise larger than the first step), CPU times steady: 150 ms CPU a
    # page, then 150 ms a page, so linear
    rows = [_row(1, 44, [5.0, 5.6, 6.2], cpu=[4.00, 4.02, 4.04]), _row(8, 58, [5.9, 6.8, 7.0], cpu=[6.10, 6.12, 6.14]),
            _row(32, 106, [14.0, 14.5, 15.0], cpu=[13.30, 13.32, 13.34])]
    assert bench.growth_measure(rows) == "cpu_s"
    word, figure = bench.linearity(rows)
    assert word == "PASS" and "CPU time" in figure
    assert [round(ms) for _, _, ms in bench.marginal_costs(rows, "cpu_s")] == [150, 150]
    # CPU per added page rising from 150 to 250 ms: not linear, whatever the wall times say
    rising = [*rows[:2], _row(32, 106, [14.0, 14.5, 15.0], cpu=[18.10, 18.12, 18.14])]
    assert bench.linearity(rising)[0] == "FAIL"
    # a row without CPU time (an older results file) falls back to wall time for every row
    assert bench.growth_measure([rows[0], _row(8, 58, [5.9, 6.8, 7.0])]) == "build_s"


def test_a_build_reports_its_own_cpu_time(tmp_path):
    bench = _benchmark()
    before = bench._children_cpu_s()
    import subprocess
    import sys
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    assert bench._children_cpu_s() - before > 0.05  # a waited-for child's CPU time is counted
