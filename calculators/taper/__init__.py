"""Corticosteroid taper engine: dated, dispensable schedules from named protocols.

>>> import datetime as dt
>>> s = taper_schedule("iim-s002-fixed-steps", start_dose_mg=60, hold_weeks=4, start_date=dt.date(2026, 1, 5),
...                    age_years=45)
>>> [p.daily_dose_mg for p in s.periods][:6]
[60.0, 40.0, 30.0, 25.0, 20.0, 17.5]

Protocols are data (:mod:`.protocols`); the engine (:mod:`.engine`) walks
them; the patient calendar, CSV and iCalendar files are written by the one writer of the
taper form's downloads, :mod:`calculators.forms.writers` (``calculators.to_csv`` and friends).
:func:`export_protocols` gives the same data as JSON for a port of the engine to another
language; the worked cases live with the tools (``tools/cases/taper.py``).
"""

from __future__ import annotations

import datetime as dt

from ..errors import format_number
from ..figures import Figure, fig
from .engine import PJP_DAYS, PJP_DOSE_MG, Period, TaperRequest, TaperSchedule, dose_plan, taper_schedule
from .protocols import PROTOCOLS, STRENGTH_PRESETS, Protocol, Stage
from .tablets import Tablets, make_dose

__all__ = [
    "PROTOCOLS", "STRENGTH_PRESETS", "Period", "Protocol", "Stage", "Tablets", "TaperRequest", "TaperSchedule",
    "comparison_table_markdown", "dose_plan", "export_protocols", "figures", "make_dose", "page_tables_markdown",
    "protocol_table_markdown",
    "taper_schedule",
]


def _key(protocol: Protocol) -> str:
    return protocol.id.split("-")[1]  # "s002", "s003", "s000"


def figures() -> list[Figure]:
    """The taper steps and intervals as figures, derived from the protocol data (never typed twice).

    Keys: ``taper.s002.60_to_40.step`` (mg), ``taper.s002.60_to_40.interval`` (weeks), and for an
    option ``taper.s003.slow-1mg-from-10mg.step`` / ``.interval``.
    """
    out: list[Figure] = []
    for protocol in PROTOCOLS.values():
        for stage in protocol.stages:
            name = stage.option or f"{format_number(stage.ceiling_mg)}_to_{format_number(stage.floor_mg)}"
            base = f"taper.{_key(protocol)}.{name}"
            out.append(fig(f"{base}.step", stage.step_mg, "mg", "step", [protocol.source_id],
                           f"{protocol.name}: dose step, {stage.rule}"))
            interval = stage.interval_weeks if stage.interval_weeks is not None else list(stage.interval_weeks_range)
            out.append(fig(f"{base}.interval", interval, "weeks", "interval", [protocol.source_id],
                           f"{protocol.name}: time each dose is held ({stage.rule})"))
    return out


def export_protocols() -> dict:
    """Every protocol and strength preset as JSON-ready data, for a port of the engine."""
    return {
        "protocols": {pid: p.model_dump(mode="json") for pid, p in PROTOCOLS.items()},
        "strength_presets": {name: {"drug": drug, "strengths_mg": list(s)}
                             for name, (drug, s) in STRENGTH_PRESETS.items()},
        "pjp_threshold": {"dose_mg_per_day": PJP_DOSE_MG, "days": PJP_DAYS, "source": "S003"},
        # The walk and the tablets are specified once, for both interpreters (package and page), with the
        # conformance rows that hold them to it.
        "algorithm": "docs/editors/expressions.md, section 'Taper schedules' (tests/data/conformance.json)",
    }


def protocol_table_markdown(protocol_id: str) -> str:
    """The stages of one protocol as a Markdown table (the page holds this text, checked by a test).

    Parameters
    ----------
    protocol_id : str
        A protocol id [text].
    """
    protocol = PROTOCOLS[protocol_id]
    lines = [
        f"| {protocol.name} | Step | Each dose held |",
        "| --- | --- | --- |",
        (f"| Initial dose ({_range(protocol)}) | held before the taper | "
         f"{protocol.hold_weeks_range[0]}–{protocol.hold_weeks_range[1]} weeks (clinician picks) |"),
    ]
    for stage in protocol.stages:
        if stage.option:
            where = f"Option `{stage.option}`: from {format_number(stage.ceiling_mg)} mg/day to stop"
        elif stage.floor_mg == 0:
            where = f"From {format_number(stage.ceiling_mg)} mg/day to stop"
        else:
            where = f"{format_number(stage.ceiling_mg)} → {format_number(stage.floor_mg)} mg/day"
        interval = (f"{stage.interval_weeks} weeks" if stage.interval_weeks is not None else
                    f"{stage.interval_weeks_range[0]}–{stage.interval_weeks_range[1]} weeks (clinician picks)")
        lines.append(f"| {where} | −{format_number(stage.step_mg)} mg | {interval} |")
    return "\n".join(lines)


def _range(protocol: Protocol) -> str:
    low, high = protocol.start.typed_mg
    return f"{format_number(low)} mg/day" if low == high else f"{format_number(low)}–{format_number(high)} mg/day"


def comparison_table_markdown(start_dose_mg: float = 60, hold_weeks: int | None = None) -> str:
    """The two IIM tapers side by side from the same start: the dose in each 2-week block.

    Parameters
    ----------
    start_dose_mg : float
        The common start dose [mg/day].
    hold_weeks : int, optional
        How long the start dose is held [weeks]; by default the longest hold the figure allows
        (``iim.prednisone.hold_before_taper``), so a narrowed figure never breaks the table.
    """
    if hold_weeks is None:
        hold_weeks = _longest_hold()
    start = dt.date(2026, 1, 5)  # any date: only the week numbers are shown
    adult = 45  # any adult: the IIM protocols are for adults and the table does not depend on the age
    a = taper_schedule("iim-s002-fixed-steps", start_dose_mg=start_dose_mg, hold_weeks=hold_weeks, start_date=start,
                       age_years=adult)
    b = taper_schedule("iim-s003-rule-based", start_dose_mg=start_dose_mg, hold_weeks=hold_weeks, start_date=start,
                       age_years=adult)
    dose_a, dose_b = dict(a.days()), dict(b.days())
    lines = ["| Weeks | S002 fixed steps (mg/day) | S003 rule-based (mg/day) |", "| --- | --- | --- |"]
    day, last = start, max(a.end_date, b.end_date)
    while day <= last:
        week = (day - start).days // 7
        length = hold_weeks if day == start else 2
        cells = [format_number(d.get(day, 0)) if d.get(day) else "stopped" for d in (dose_a, dose_b)]
        lines.append(f"| {week + 1}–{week + length} | {cells[0]} | {cells[1]} |")
        day += dt.timedelta(weeks=length)
    lines.append(f"| Days in all | {a.duration_days} | {b.duration_days} |")
    lines.append(f"| Prednisone in all | {format_number(a.cumulative_dose_mg)} mg | "
                 f"{format_number(b.cumulative_dose_mg)} mg |")
    return "\n".join(lines)


def _longest_hold() -> int:
    """The longest hold before an IIM taper, from its figure (the editor trial: the tables typed 4 weeks, and
    narrowing the figure broke ``python -m calculators.taper --tables``).
    """
    from .. import guidance

    return int(guidance.IIM_PRED_HOLD.high)


def page_tables_markdown() -> str:
    """The generated block of docs/calculators/taper.md (``python -m calculators.taper --tables``)."""
    parts = [protocol_table_markdown(pid) for pid, p in PROTOCOLS.items() if p.kind == "stepped"]
    parts.append(f"From 60 mg/day, held {_longest_hold()} weeks, side by side:")
    parts.append(comparison_table_markdown())
    return "\n\n".join(parts)
