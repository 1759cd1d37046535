"""How a form's text is read: one policy, here and in ``docs/assets/javascripts/live/contract.js``.

A value a form holds is always text. It is read one way, or refused with a message that says the
policy (the refusal texts are templates in `calculators.messages`):

* **Numbers.** Spaces and tabs around the text are ignored; empty text is *not given*. The text
  may hold only the digits 0-9, one decimal point or comma, and a leading sign. Anything else is
  refused, naming the character: an invisible one (byte-order mark, zero-width space), a digit
  of another script, ``_`` (Python's ``1_0``), an exponent (``1e3``), ``NaN`` or ``Infinity``.
  ``70,5`` is 70.5. A separator followed by exactly three digits after one to three leading
  digits (``1,000``, ``2.500``) is refused as ambiguous, naming both readings: it may separate
  thousands or mark decimals (tool's choice: the thousandfold error is the one to prevent).
* **Whole numbers** follow the number rule, then must have no fraction (``4.0`` is 4).
* **Choices** must be one of the form's option values, exactly.
* **Dates** are ``YYYY-MM-DD`` (what ``<input type=date>`` gives); a real calendar date; a
  four-digit year from 1900; within `DATE_WINDOW_YEARS` years of today. The page sends
  `INCOMPLETE_DATE` when the date field holds a half-typed or impossible date, which is refused
  as invalid, never read as *not given*.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .. import messages
from ..messages import say

NUMBER = re.compile(r"^([+-]?)([0-9]*)(?:([.,])([0-9]*))?$")
ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
INCOMPLETE_DATE = "<incomplete>"
"""What the page sends for a date field whose control holds no valid date (``validity.badInput``)."""
DATE_WINDOW_YEARS = 2
"""Tool's choice: a start date more than this many years from today is refused as a typing error."""
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class Refusal:
    """Text a form holds that is not read: the reason, and what is allowed."""

    raw: str
    reason: str
    allowed: str


def _strip(raw: str) -> str:
    return raw.strip(" \t")


def parse_number(raw: Any) -> float | Refusal | None:
    """Form text to a number, by the module's policy: a float, None (not given) or a Refusal.

    Parameters
    ----------
    raw : str
        The control's text [text].
    """
    if raw is None:
        return None
    text = _strip(str(raw))
    allowed = say("input.number.allowed")
    if text == "":
        return None
    for ch in text:
        if not ("0" <= ch <= "9" or ch in ".,+-"):
            if " " < ch <= "~":
                return Refusal(str(raw), say("input.number.not_a_number"), allowed)
            return Refusal(str(raw), say("input.number.character", char=f"U+{ord(ch):04X}"), allowed)
    match = NUMBER.match(text)
    if not match or not (match.group(2) or match.group(4)):
        return Refusal(str(raw), say("input.number.not_a_number"), allowed)
    sign, whole, separator, fraction = match.groups()
    if separator and len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[0] != "0":
        name = "comma" if separator == "," else "point"
        return Refusal(str(raw), say("input.number.ambiguous", separator=name,
                                     thousands=sign.replace("+", "") + whole + fraction,
                                     decimal=messages.number_text(float(sign + whole + "." + fraction))), allowed)
    value = float(sign + (whole or "0") + "." + (fraction or "0"))
    if value in (float("inf"), float("-inf")):
        return Refusal(str(raw), say("input.number.too_large"), allowed)
    return value


def parse_integer(raw: Any) -> int | Refusal | None:
    """A whole number [count]: the number rule, then no fraction (``4.0`` is 4).

    Parameters
    ----------
    raw : str
        The control's text [text].
    """
    value = parse_number(raw)
    if isinstance(value, float):
        if not value.is_integer():
            return Refusal(str(raw), say("input.integer.whole"), say("input.number.allowed"))
        return int(value)
    return value


def parse_choice(raw: Any, allowed: list[str]) -> str | Refusal | None:
    """One of the ``allowed`` option values, exactly; empty is not given.

    Parameters
    ----------
    raw : str
        The control's text [text].
    allowed : list of str
        The option values the field offers [text].
    """
    if raw is None or raw == "":
        return None
    text = str(raw)
    if text not in allowed:
        return Refusal(text, say("input.choice.unknown"), messages.one_of(allowed))
    return text


def parse_flag(raw: Any) -> bool | Refusal:
    """A checkbox: ``yes`` when ticked, empty when not; anything else is refused.

    Parameters
    ----------
    raw : str
        The tick box's value, ``yes`` or empty [text].
    """
    """A checkbox: ``yes`` when ticked, empty when not."""
    if raw is None or raw == "":
        return False
    if raw == "yes":
        return True
    return Refusal(str(raw), say("input.choice.unknown"), messages.one_of(["yes"]))


def parse_date(raw: Any, today: dt.date) -> dt.date | Refusal | None:
    """A ``YYYY-MM-DD`` date within `DATE_WINDOW_YEARS` of ``today`` [date], or a Refusal naming why not.

    Parameters
    ----------
    raw : str
        The control's text [text].
    today : datetime.date
        The day the form computes on [date].
    """
    if raw is None:
        return None
    text = _strip(str(raw))
    allowed = say("input.date.allowed", years=str(DATE_WINDOW_YEARS), today=messages.long_date(today))
    if text == "":
        return None
    if text == INCOMPLETE_DATE:
        return Refusal("", say("input.date.incomplete"), allowed)
    match = ISO_DATE.match(text)
    if not match:
        return Refusal(str(raw), say("input.date.malformed"), allowed)
    year, month, day = (int(g) for g in match.groups())
    if year < EARLIEST_YEAR:
        return Refusal(str(raw), say("input.date.short_year", year=match.group(1),
                                     example=f"{today.year:04d}"), allowed)
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return Refusal(str(raw), say("input.date.impossible", year=match.group(1), month=match.group(2),
                                     day=match.group(3)), allowed)
    if abs(value.toordinal() - today.toordinal()) > DATE_WINDOW_YEARS * 366:
        return Refusal(str(raw), say("input.date.far", years=str(DATE_WINDOW_YEARS),
                                     today=messages.long_date(today)), allowed)
    return value
