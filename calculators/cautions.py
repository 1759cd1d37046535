"""Cautions that more than one calculator must say in the same words.

The IGM withdrawal doubt is shown on the IGM regimen, on every IGM taper
schedule, calendar, CSV and iCalendar file, and on the pages; it is written
once, here.
"""

from __future__ import annotations

from . import guidance as g
from .choices import TOOL_CHOICES
from .statements import Note, choice, source


def igm_withdrawal_notes() -> tuple[Note, ...]:
    """What every IGM output says about stopping prednisolone: the source's span, and the doubt about it."""
    return (
        source(f"When stopping prednisolone, S000 withdraws it slowly over {g.IGM_WITHDRAWAL.text()} after "
               f"{g.IGM_PRED_DAILY.text()}; S000 also says some patients need prolonged low-dose maintenance "
               "and some relapse quickly when steroid stops.", "S000"),
        choice("igm_withdrawal_doubt", "Doubt about the source: after weeks or months of prednisolone, a "
               f"withdrawal over {g.IGM_WITHDRAWAL.text()} is close to stopping abruptly. This tool keeps "
               "S000's span and does not lengthen it; whether to withdraw this fast or to keep low-dose "
               "maintenance is the clinician's decision."),
    )


def igm_withdrawal_steps_note() -> Note:
    """The steps inside S000's span are the tool's choice."""
    return choice("igm_withdrawal_steps")


def withdrawal_history_note(days_at_or_above: int) -> Note:
    """What a withdrawal schedule can and cannot say about time at 20 mg/day or more."""
    return choice("withdrawal_history", f"This schedule has {days_at_or_above} days at "
                  f"{g.PJP_STEROID_DOSE.text()} or more, counting only its own days: it cannot see the weeks of "
                  "steroid before the withdrawal, so this count is no reassurance about Pneumocystis risk. "
                  + TOOL_CHOICES["withdrawal_history"].why)


__all__ = ["igm_withdrawal_notes", "igm_withdrawal_steps_note", "withdrawal_history_note"]
