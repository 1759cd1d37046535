"""Corticosteroid equivalence: the same anti-inflammatory effect in another drug.

The table holds equivalent doses (mg) of systemic corticosteroids for the
oral (``PO``) and intravenous (``IV``) routes only; the route never changes
the factor, but a drug is accepted only on a route the table lists for it.
Topical, inhaled, intra-articular and intralesional routes are out of scope.
Mineralocorticoid effect (fludrocortisone) is not covered.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import model_validator

from ._model import Bounds, CalcInput
from .errors import InputError
from .messages import say
from .result import Result
from .sources import STEROID_TABLE
from .statements import choice

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
    """The inputs of `convert_steroid`, validated: dose [mg], drugs and routes the table lists."""

    dose_mg: Annotated[float, DOSE_MG]
    from_drug: Steroid
    from_route: Route
    to_drug: Steroid
    to_route: Route

    @model_validator(mode="after")
    def _route_in_table(self) -> SteroidConversion:
        for drug_field, route_field in (("from_drug", "from_route"), ("to_drug", "to_route")):
            drug, route = getattr(self, drug_field), getattr(self, route_field)
            if route not in ROUTES[drug]:
                raise InputError(route_field, route, say("steroid.route.allowed", routes=" or ".join(ROUTES[drug]),
                                                         drug=drug),
                                 reason=say("steroid.route.reason", drug=drug),
                                 source=STEROID_TABLE.id)
        return self


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
    args = SteroidConversion(dose_mg=dose_mg, from_drug=from_drug, from_route=from_route,
                             to_drug=to_drug, to_route=to_route)
    e_from, e_to = EQUIVALENT_DOSE_MG[args.from_drug], EQUIVALENT_DOSE_MG[args.to_drug]
    value = args.dose_mg * e_to / e_from
    return Result(
        quantity=say("steroid.quantity", drug=args.to_drug, route=args.to_route),
        value=value,
        unit="mg",
        rule=say("steroid.rule", from_drug=args.from_drug, from_mg=e_from, to_drug=args.to_drug, to_mg=e_to),
        source=STEROID_TABLE,
        inputs={"dose_mg": args.dose_mg, "from": f"{args.from_drug} {args.from_route}",
                "to": f"{args.to_drug} {args.to_route}"},
        notes=tuple(choice("table_not_practice", say("steroid.not_practice", drug=drug, route=route,
                                                      practice=NOT_PRACTICE[(drug, route)]))
                    for drug, route in dict.fromkeys(((args.from_drug, args.from_route),
                                                      (args.to_drug, args.to_route)))
                    if (drug, route) in NOT_PRACTICE),
        decimals=2,
    )
