"""Caps that hold across regimens and plans, enforced at the input edge.

The weekly methotrexate cap is the one limit every methotrexate input in
the package passes through (regimens, safety checks), so it is defined here,
below both.
"""

from __future__ import annotations

import math

from . import guidance as g
from ._model import Bounds
from .errors import InputError

MTX_REFUSAL = (f"is above this tool's weekly methotrexate ceiling of {g.MTX_WEEKLY_CAP.text()} (a tool choice: the "
               "highest weekly dose S002 and S000 give, not a maximum either states); "
               f"S003's '{g.IIM_MTX_S003_STATED.text()}' is an error of the source and is never used as a dose")


class WeeklyMethotrexateBounds(Bounds):
    """Bounds whose upper limit is the weekly cap, refused with the reason the cap exists."""

    def check(self, field: str, value: float) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and value > self.high:
            raise InputError(field, value, self.describe(), reason=MTX_REFUSAL, source=self.source,
                             kind="tool_choice", rests_on=("mtx_weekly_cap",))
        super().check(field, value)


WEEKLY_MTX_BOUNDS = WeeklyMethotrexateBounds(0.001, g.MTX_WEEKLY_CAP.value, "mg once weekly", kind="tool_choice",
                                             rests_on=("mtx_weekly_cap",))
"""Any weekly methotrexate dose: above 0 and never above the tool's 25 mg ceiling."""


def check_methotrexate_weekly(mg_per_week: float, field: str = "mg_per_week") -> float:
    """Refuse a weekly methotrexate dose above the 25 mg cap, or one that is not a finite positive number.

    Parameters
    ----------
    mg_per_week : float
        The weekly dose [mg once weekly].
    field : str
        The field named in a refusal [text].
    """
    WEEKLY_MTX_BOUNDS.check(field, mg_per_week)
    return mg_per_week
