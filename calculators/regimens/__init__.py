"""Weight-based regimens for every drug the guideline summaries dose, one module per regimen.

Each module of this package (``iim_prednisone``, ``igm_methotrexate``,
``jdm_methotrexate`` ...) holds one calculator: a frozen, strict input
model whose bounds come from the figures in :mod:`calculators.guidance`,
the function, and a ``REGIMEN`` entry (:class:`Regimen`). This registry
finds every such module by itself, so adding a regimen is its module, its
page and one nav line; the forms, the exports and the vectors follow.

Every calculator returns a :class:`RegimenResult`: the headline dose with
its unit, rule and source, one :class:`DoseLine` per thing to give (with
dates when a start date is given), every cap that bit (:class:`CapApplied`)
and the notes a prescriber must read. Behaviours chosen by this tool, not by
the sources, are declared in :mod:`calculators.choices` and repeated in the
notes of every result that uses them.

The dose comes from the registry, never from the calculator's own text:

>>> from calculators.errors import format_number
>>> from calculators.figures import registry
>>> from calculators.regimens import run
>>> start = registry()["iim.mmf.start"]
>>> dose = f"{format_number(start.value)} {start.unit} by mouth {start.suffix}"
>>> run("mycophenolate", {"age_years": 50}).plan() == dose
True
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import Any

from ..caps import MTX_REFUSAL, WeeklyMethotrexateBounds, check_methotrexate_weekly
from ..choices import MTX_STEP_MG, TOOL_CHOICES
from ..drug_safety import CPIC_INTERMEDIATE, CPIC_POOR
from ..errors import InputError
from ..figures import Figure
from ..population import Population
from ..sources import ALL_SOURCES, CPIC_THIOPURINE_2018
from ._base import WEEKDAYS, CapApplied, DoseLine, RegimenResult, StartAndAge, StartOnly
from ._regimen import Regimen
from .iim_azathioprine import AzathioprineInput, Tpmt


def discover(package: str = __name__, path: list[str] | None = None) -> dict[str, Regimen]:
    """Every ``REGIMEN`` of the modules of ``package``, by name, in their declared order.

    Modules whose name starts with ``_`` are helpers and are skipped. Two
    regimens with one name are an error.

    Parameters
    ----------
    package : str
        The package's dotted name [text].
    path : list of str, optional
        Folders to search instead of the package's own (a test adds a temporary one) [text].

    Returns
    -------
    dict
        Each ``REGIMEN`` by its name.
    """
    found: dict[str, Regimen] = {}
    for info in pkgutil.iter_modules(path if path is not None else __path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        regimen = getattr(module, "REGIMEN", None)
        if not isinstance(regimen, Regimen):
            continue
        if regimen.name in found:
            raise ValueError(f"regimen {regimen.name!r} is declared twice")
        found[regimen.name] = regimen
    return dict(sorted(found.items(), key=lambda item: (item[1].order, item[0])))


REGIMENS: dict[str, Regimen] = discover()
"""Every regimen by name (registry entry: function, input model, figures)."""

CALCULATORS: dict[str, Callable[..., RegimenResult]] = {name: r.calculate for name, r in REGIMENS.items()}
"""Every regimen calculator by name, as :func:`run` calls them."""

INPUT_MODELS: dict[str, type] = {name: r.input_model for name, r in REGIMENS.items()}
"""The input model of every regimen, by name (forms are generated from these)."""

FIGURES_USED: dict[str, tuple[Figure, ...]] = {name: r.figures for name, r in REGIMENS.items()}

# The calculators are public under their own names: ``from calculators.regimens import methotrexate_igm``.
globals().update(CALCULATORS)
_MODELS = {r.input_model.__name__: r.input_model for r in REGIMENS.values()}
globals().update(_MODELS)


def run(calculator: str, inputs: Mapping[str, Any]) -> RegimenResult:
    """Call a calculator by name with JSON-style inputs (``patient`` as a mapping, dates as ISO text).

    Parameters
    ----------
    calculator : str
        A key of :data:`CALCULATORS`, e.g. ``"methotrexate_igm"`` [text].
    inputs : mapping
        The calculator's keyword arguments, each in the unit its name says [record].

    Raises
    ------
    InputError
        For an unknown calculator, or any input the calculator refuses.
    """
    if calculator not in CALCULATORS:
        raise InputError("calculator", calculator, ", ".join(CALCULATORS), reason="is not a regimen calculator")
    return CALCULATORS[calculator](**dict(inputs))


def _figure_json(figure: Figure) -> dict[str, Any]:
    return {"value": list(figure.value) if isinstance(figure.value, tuple) else figure.value,
            "unit": figure.unit, "kind": figure.kind, "sources": list(figure.sources), "text": figure.text()}


def export_populations() -> dict[str, dict[str, Any]]:
    """Who each regimen is for, as data the browser follows: disease, ages, whether age is required, why.

    ``min_age_years`` is inclusive and ``below_age_years`` exclusive; ``age_required`` is true for every
    age-restricted regimen (it then refuses to compute without an age).
    """
    return {name: r.population.as_json() for name, r in REGIMENS.items()}


def export_regimens() -> dict[str, Any]:
    """The rules, caps and tool choices of every regimen as JSON-serialisable data, from the figures."""
    from .recipe import ERRORS, SIGNATURES, figure_by_key

    recipes = {name: copy.deepcopy(r.recipe) for name, r in REGIMENS.items() if r.recipe is not None}
    named = [figure_by_key(key) for recipe in recipes.values() for key in recipe.get("figures", {}).values()]
    return {
        "figures": {f.key: _figure_json(f) for f in [*(f for figs in FIGURES_USED.values() for f in figs), *named]},
        "recipes": recipes,
        "signatures": {name: list(sig) for name, sig in SIGNATURES.items()},
        "recipe_errors": dict(ERRORS),
        "calculators": {name: {"doc": (r.calculate.__doc__ or "").strip().splitlines()[0],
                               "figures": [f.key for f in r.figures],
                               "population": r.population.as_json()}
                        for name, r in REGIMENS.items()},
        "populations": export_populations(),
        "tool_choices": {key: c.model_dump(mode="json") for key, c in TOOL_CHOICES.items()},
        "mtx_step_mg": MTX_STEP_MG,
        "mtx_refusal_reason": MTX_REFUSAL,
        "sources": {sid: ALL_SOURCES[sid].label() for sid in
                    sorted({s for figs in FIGURES_USED.values() for f in figs for s in f.sources}
                           | {"Devine 1974", "Mosteller 1987"})},
    }


__all__ = [
    "CALCULATORS", "CPIC_INTERMEDIATE", "CPIC_POOR", "CPIC_THIOPURINE_2018",
    "FIGURES_USED", "INPUT_MODELS", "MTX_REFUSAL", "MTX_STEP_MG", "REGIMENS", "TOOL_CHOICES", "WEEKDAYS",
    "AzathioprineInput", "CapApplied", "DoseLine", "Population", "Regimen", "RegimenResult", "StartAndAge",
    "StartOnly", "Tpmt", "WeeklyMethotrexateBounds",
    "check_methotrexate_weekly", "discover", "export_populations", "export_regimens", "run", *CALCULATORS, *_MODELS,
]
