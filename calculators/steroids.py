"""Corticosteroid equivalence: the same anti-inflammatory effect in another drug.

The table holds equivalent doses (mg) of systemic corticosteroids for the
oral (``PO``) and intravenous (``IV``) routes only; the route never changes
the factor, but a drug is accepted only on a route the table lists for it.
Topical, inhaled, intra-articular and intralesional routes are out of scope.
Mineralocorticoid effect (fludrocortisone) is not covered.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ._model import Bounds, CalcInput
from .result import Result
from .sources import STEROID_TABLE

EQUIVALENT_DOSE_MG: dict[str, float] = {
    "prednisone": 5,
    "prednisolone": 5,
    "methylprednisolone": 4,
    "triamcinolone": 4,
    "hydrocortisone": 20,
    "cortisone": 25,
    "dexamethasone": 0.75,
    "betamethasone": 0.75,
}
"""Doses with the same anti-inflammatory effect (source: STEROID_TABLE)."""

ROUTES: dict[str, tuple[str, ...]] = {
    "prednisone": ("PO",),
    "prednisolone": ("PO",),
    "methylprednisolone": ("PO", "IV"),
    "triamcinolone": ("IV",),
    "hydrocortisone": ("PO", "IV"),
    "cortisone": ("PO",),
    "dexamethasone": ("PO", "IV"),
    "betamethasone": ("IV",),
}
"""Routes for which the equivalence table gives a figure."""

NOT_PRACTICE: dict[tuple[str, str], str] = {
    ("triamcinolone", "IV"): "it is injected into a joint, a lesion or a muscle",
}
"""Entries of the equivalence table that are not real practice: the figure is kept, the result says so."""

Steroid = Literal[
    "prednisone", "prednisolone", "methylprednisolone", "triamcinolone",
    "hydrocortisone", "cortisone", "dexamethasone", "betamethasone",
]
Route = Literal["PO", "IV"]

DOSE_MG = Bounds(0.01, 5000, "mg")
"""Doses accepted for conversion: from 0.01 mg up to 5000 mg of any listed drug."""


class SteroidConversion(CalcInput):
    """The inputs of `convert_steroid`, validated: dose [mg], drugs and routes.

    A route the table does not list for the drug is refused by the formula (`FORMULAS`).
    """

    dose_mg: Annotated[float, DOSE_MG]
    from_drug: Steroid
    from_route: Route
    to_drug: Steroid
    to_route: Route


def _route_listed(side: str) -> dict[str, Any]:
    """The step refusing a route the table does not list for the drug on one side (``from`` or ``to``)."""
    drug, route = f"{side}_drug", f"{side}_route"
    return {"refuse": route, "when": f"={route} not in ROUTES[{drug}]", "value": f"={route}",
            "allowed": f"=say('steroid.route.allowed', routes=join(ROUTES[{drug}], ' or '), drug={drug})",
            "reason": f"=say('steroid.route.reason', drug={drug})", "source": STEROID_TABLE.id}


def _not_practice(side: str, also: str = "") -> dict[str, Any]:
    """The note on a table entry that is not how the drug is given (a tool choice), for one side."""
    key = f"{side}_drug + '|' + {side}_route"
    return {"note": "tool_choice", "choice": "table_not_practice", "when": f"={key} in NOT_PRACTICE{also}",
            "say": "steroid.not_practice",
            "with": {"drug": f"={side}_drug", "route": f"={side}_route", "practice": f"=NOT_PRACTICE[{key}]"}}


FORMULAS: dict[str, dict[str, Any]] = {
    # equivalent [mg] = dose [mg] x E(to) / E(from), E the table's equivalent dose; the route never changes it
    "steroid_equivalent": {
        "inputs": {"dose_mg": None, "from_drug": None, "from_route": "PO", "to_drug": None, "to_route": "PO"},
        "constants": {"EQUIVALENT": EQUIVALENT_DOSE_MG, "ROUTES": {d: list(r) for d, r in ROUTES.items()},
                      "NOT_PRACTICE": {f"{drug}|{route}": text for (drug, route), text in NOT_PRACTICE.items()}},
        "steps": [
            _route_listed("from"), _route_listed("to"),
            _not_practice("from"),
            _not_practice("to", " and not (to_drug == from_drug and to_route == from_route)"),
            {"let": {"e_from": "=EQUIVALENT[from_drug]", "e_to": "=EQUIVALENT[to_drug]"}}],
        "result": {"quantity": "=say('steroid.quantity', drug=to_drug, route=to_route)",
                   "value": "=dose_mg * e_to / e_from", "unit": "mg", "decimals": 2, "source": STEROID_TABLE.id,
                   "rule": "=say('steroid.rule', from_drug=from_drug, from_mg=e_from, to_drug=to_drug, to_mg=e_to)",
                   "inputs": {"dose_mg": "=dose_mg", "from": "=from_drug + ' ' + from_route",
                              "to": "=to_drug + ' ' + to_route"}},
    },
}
"""The conversion as data (the vocabulary of `calculators.regimens.recipe`): run by its ``compute`` here and by
recipe.js in the page."""


def convert_steroid(
    dose_mg: float,
    from_drug: Steroid,
    to_drug: Steroid,
    *,
    from_route: Route = "PO",
    to_route: Route = "PO",
) -> Result:
    """Equivalent dose of ``to_drug`` for ``dose_mg`` of ``from_drug``.

    ``equivalent [mg] = dose [mg] x E(to) / E(from)`` where ``E`` is the
    table's equivalent dose (prednisone 5 = prednisolone 5 = methylprednisolone
    4 = triamcinolone 4 = hydrocortisone 20 = cortisone 25 = dexamethasone 0.75
    = betamethasone 0.75 mg).

    Parameters
    ----------
    dose_mg : float
        The dose of ``from_drug`` [mg].
    from_drug : str
        The drug given [text].
    to_drug : str
        The drug wanted [text].
    from_route : str
        ``PO`` or ``IV``, the route of ``from_drug`` [text].
    to_route : str
        ``PO`` or ``IV``, the route of ``to_drug`` [text].
    """
    from .regimens.recipe import compute  # the regimens import this module: the engine is found at call time

    args = SteroidConversion(dose_mg=dose_mg, from_drug=from_drug, from_route=from_route,
                             to_drug=to_drug, to_route=to_route)
    return compute("steroid_equivalent", None, **args.model_dump())
