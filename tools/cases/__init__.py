"""Every test case and vector input, in one place, outside the package.

``regimen_vectors()`` and ``taper_vectors()`` run the package over these
cases and return the full expected outputs (or exact refusals) as JSON-ready
data: the one place vectors are produced, for the browser cross-checks and
for any page that shows them. They live in ``tools/`` (not ``tests/``) because the
build publishes them (``tools/vectors.py``) and tools never import the tests.
``make refresh`` (``tools/refresh.py``) rewrites ``tests/data/regimen_vectors.json``;
nothing run by pytest ever writes it.
"""

from __future__ import annotations

from typing import Any

from calculators.errors import InputError
from calculators.regimens import run
from calculators.safety import check_plan

from .regimens import ADULT, CHILD, VECTOR_INPUTS
from .safety import SAFETY_VECTOR_INPUTS
from .taper import VECTOR_CASES, taper_vectors


def regimen_vectors() -> list[dict[str, Any]]:
    """Representative cases with their full expected output, and bad inputs with their exact error messages."""
    vectors = []
    cases = [*VECTOR_INPUTS, *(("check_plan", inputs) for inputs in SAFETY_VECTOR_INPUTS)]
    for name, inputs in cases:
        case: dict[str, Any] = {"calculator": name, "inputs": inputs}
        try:
            result = check_plan(**inputs) if name == "check_plan" else run(name, inputs)
            case["expected"] = result.model_dump(mode="json")
        except InputError as error:
            case["error"] = {"message": str(error), "problems": [
                {k: v for k, v in p.as_dict().items() if k != "value"} | {"value": repr(p.value)}
                for p in error.problems]}
        vectors.append(case)
    return vectors


__all__ = ["ADULT", "CHILD", "SAFETY_VECTOR_INPUTS", "VECTOR_CASES", "VECTOR_INPUTS", "regimen_vectors",
           "taper_vectors"]
