"""Cautions that more than one calculator must say in the same words.

The IGM withdrawal doubt is shown on the IGM regimen, on every IGM taper
schedule, calendar, CSV and iCalendar file, and on the pages; it is written
once, here.
"""

from __future__ import annotations

from . import guidance as g
from .choices import TOOL_CHOICES
from .messages import say
from .statements import Note, choice, source


def igm_withdrawal_notes() -> tuple[Note, ...]:
    """What every IGM output says about stopping prednisolone: the source's span, and the doubt about it."""
    return (
        source(say("reg.igm.withdrawal", span=g.IGM_WITHDRAWAL.text(), daily=g.IGM_PRED_DAILY.text()), "S000"),
        choice("igm_withdrawal_doubt", say("reg.igm.withdrawal_doubt", span=g.IGM_WITHDRAWAL.text())),
    )


def igm_withdrawal_steps_note() -> Note:
    """The steps inside S000's span are the tool's choice."""
    return choice("igm_withdrawal_steps")


def withdrawal_history_note(days_at_or_above: int) -> Note:
    """What a withdrawal schedule can and cannot say about time at 20 mg/day or more.

    Parameters
    ----------
    days_at_or_above : int
        Days of the schedule at 20 mg/day or more [days].
    """
    return choice("withdrawal_history", say("taper.withdrawal_history", days=str(days_at_or_above),
                                            dose=g.PJP_STEROID_DOSE.text(), why=TOOL_CHOICES["withdrawal_history"].why))


__all__ = ["igm_withdrawal_notes", "igm_withdrawal_steps_note", "withdrawal_history_note"]
