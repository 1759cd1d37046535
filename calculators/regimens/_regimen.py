"""The registry entry of a regimen: `Regimen`, whose recipe is compiled when it is created.

It sits above `_base` (results, lines, helpers) and `recipe` (the interpreter), which it uses, so the
package's imports run one way: a regimen module imports `Regimen` from here, and nothing below imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .._model import CalcInput
from ..figures import Figure
from ..population import Population
from ._base import RegimenResult
from .recipe import check_recipe, compile_recipe, with_population


@dataclass(frozen=True)
class Regimen:
    """One regimen as the registry knows it: its name, function, input model and the figures it uses."""

    name: str
    """Name used by :func:`calculators.regimens.run` and the exports, e.g. ``methotrexate_igm``."""
    calculate: Callable[..., RegimenResult]
    input_model: type[CalcInput]
    figures: tuple[Figure, ...]
    population: Population
    order: int = 100
    """Position in listings (forms, tables); ties go by name."""
    recipe: Mapping[str, Any] | None = None
    """The regimen's rule as data (`calculators.regimens.recipe`), compiled on creation; both the package and
    the page follow it."""

    def __post_init__(self) -> None:
        if self.recipe is not None:
            check_recipe(self.name, self.recipe, tuple(self.input_model.model_fields))
            steps = with_population(self.recipe["steps"], self.population, self.recipe["called"])
            object.__setattr__(self, "recipe", compile_recipe({**self.recipe, "steps": steps}))
