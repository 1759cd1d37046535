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

MTX_REFUSAL = (f"is above the weekly methotrexate cap of {g.MTX_WEEKLY_CAP.text()} ({g.MTX_WEEKLY_CAP.cite()}); "
               f"S003's '{g.IIM_MTX_S003_STATED.text()}' is an error of the source and is never used as a dose")


class WeeklyMethotrexateBounds(Bounds):
    """Bounds whose upper limit is the weekly cap, refused with the reason the cap exists."""

    def check(self, field: str, value: float) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and value > self.high:
            raise InputError(field, value, self.describe(), reason=MTX_REFUSAL, source=self.source)
        super().check(field, value)


def check_methotrexate_weekly(mg_per_week: float, field: str = "mg_per_week") -> float:
    """Refuse a weekly methotrexate dose above the 25 mg cap, or one that is not a finite positive number."""
    WeeklyMethotrexateBounds(0.001, g.MTX_WEEKLY_CAP.value, "mg once weekly",
                             source=g.MTX_WEEKLY_CAP.cite()).check(field, mg_per_week)
    return mg_per_week
