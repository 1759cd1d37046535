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


def _row(factor, pages, runs):
    return {"factor": factor, "pages": pages, "build_s": sorted(runs)[len(runs) // 2], "runs_s": runs}


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
