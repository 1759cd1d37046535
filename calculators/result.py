"""The shape of every calculator answer: a value you can trace."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from .errors import format_number
from .sources import REFERENCE_SOURCES, Source
from .statements import Note


class Result(BaseModel):
    """A computed quantity with its unit, the rule applied and its source.

    ``value`` keeps full precision; `rounded` and ``str()`` give the
    figure to show a reader. ``notes`` carry anything the reader must know to
    use the number safely (a behaviour that was chosen, a weight that is below
    ideal, a cap that bit).
    """

    model_config = ConfigDict(frozen=True)

    quantity: str
    """What the number is, e.g. ``ideal body weight``."""
    value: float
    unit: str
    rule: str
    """The formula or rule applied, in words and symbols."""
    source: Source
    inputs: dict[str, float | str]
    """The inputs after unit conversion, as the rule used them."""
    notes: tuple[Note, ...] = ()
    """Each with its kind; a note given as plain text rests on the result's own source (a formula's
    note is of kind ``reference``)."""
    decimals: int = 1
    """How many decimals the figure is shown with."""
    headline: str | None = None
    """When set, the whole line shown in place of the figure (a formula's ``display``: an adjusted body weight
    at or below ideal weight is not offered as a weight to use, clinical review 5 M3)."""

    @model_validator(mode="before")
    @classmethod
    def _notes_of_the_source(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("notes"):
            source = data.get("source")
            sid = source.id if isinstance(source, Source) else (source or {}).get("id")
            kind = "reference" if sid in REFERENCE_SOURCES else "source"
            data = {**data, "notes": tuple(n if isinstance(n, (Note, dict)) else
                                           Note(text=str(n), kind=kind, rests_on=(sid,)) for n in data["notes"])}
        return data

    def note_texts(self) -> list[str]:
        """The sentences of the notes, in order."""
        return [n.text for n in self.notes]

    def rounded(self) -> float:
        """The value rounded half away from zero to ``decimals`` places, as shown on pages."""
        return _round_half_up(self.value, self.decimals)

    def display(self) -> str:
        if self.headline is not None:
            return self.headline
        return f"{format_number(self.rounded())} {self.unit}"

    def __str__(self) -> str:
        return f"{self.quantity}: {self.display()} ({self.rule}; source: {self.source.id})"


def _round_half_up(value: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    quant = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quant, rounding=ROUND_HALF_UP))
