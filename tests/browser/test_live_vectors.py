"""The live forms give exactly what the Python package gives.

Every vector from :func:`calculators.live.vectors` (results and refusals,
messages included) is replayed through the page's JavaScript in headless
Chromium, on the built site. Any difference fails, naming the form, the
inputs, and both answers.
"""

from __future__ import annotations

import json
import math

import pytest

from calculators.live import vectors

pytestmark = pytest.mark.browser

ALL_VECTORS = vectors()


def _same(expected, actual, path="") -> list[str]:
    """Differences between two JSON answers; floats compared to 1e-9 relative."""
    if isinstance(expected, float) or isinstance(actual, float):
        if isinstance(expected, (int, float)) and isinstance(actual, (int, float)) and (
            math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-12)
        ):
            return []
        return [f"{path}: python {expected!r} != page {actual!r}"]
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual or key not in expected:
                diffs.append(f"{path}.{key}: python {expected.get(key)!r} != page {actual.get(key)!r}")
            else:
                diffs += _same(expected[key], actual[key], f"{path}.{key}")
        return diffs
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in _same(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: python {expected!r} != page {actual!r}"]


def test_every_vector_matches_the_package(site_page):
    page = site_page("calculators/body-size/")
    answers = page.evaluate(
        "vectors => vectors.map(v => LiveCalculators.run(v.form, v.inputs))",
        [{"form": v["form"], "inputs": v["inputs"]} for v in ALL_VECTORS],
    )
    failures = []
    for vector, answer in zip(ALL_VECTORS, answers):
        diffs = _same(vector["expected"], answer)
        if diffs:
            failures.append(f"{vector['form']} {json.dumps(vector['inputs'])}:\n    " + "\n    ".join(diffs))
    assert not failures, f"{len(failures)} of {len(ALL_VECTORS)} vectors differ:\n" + "\n".join(failures)


def test_vectors_cover_results_and_refusals():
    forms = {v["form"] for v in ALL_VECTORS}
    for form in forms:
        outcomes = {v["expected"]["ok"] for v in ALL_VECTORS if v["form"] == form}
        assert outcomes == {True, False}, f"{form} needs both results and refusals in its vectors"
