"""Behaviours this tool chose where the sources are silent, each declared once.

A tool choice is not a source's statement: every result that uses one
repeats it in its notes, and the *Tool choices* page lists them all.
"""

from __future__ import annotations

from .errors import format_number

MTX_STEP_MG = 2.5
"""Increment of the IIM methotrexate escalation. A tool choice: S002 gives start (15 mg) and target
(25 mg) and the time to reach it (3-6 months), not the steps. 2.5 mg is one tablet."""

TOOL_CHOICES: dict[str, str] = {
    "mtx_steps": f"Methotrexate rises in {format_number(MTX_STEP_MG)} mg steps at even whole-week intervals "
    "so that the target is reached within the chosen number of months: a tool choice within the source, "
    "which gives only start, target and time to target.",
    "months": "A month is a calendar month (the same day of the month; the last day when the month is "
    "shorter).",
    "ivmp_floor": "When the chosen mg/kg gives less than 250 mg, the dose is raised to the 250 mg/day floor, "
    "and shown, only if 250 mg is still within 10-20 mg/kg for this weight; otherwise the calculator refuses.",
    "ivmp_ceiling": "When the chosen mg/kg gives more than 1000 mg, the dose is capped at 1000 mg/day, and "
    "shown, even if that is below 10 mg/kg: the ceiling is never crossed.",
    "cyclophosphamide_count": "Infusions are counted so that each 4-week cycle ends within the chosen "
    "number of months (3 months: 3 infusions; 6 months: 6).",
    "rounding": "Doses are shown to 0.1 mg (0.1 g for IVIG) and are not rounded to tablet or vial sizes.",
}
