"""The shape of every calculator answer: a value you can trace."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .errors import format_number
from .sources import Source


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
    notes: tuple[str, ...] = ()
    decimals: int = 1
    """How many decimals the figure is shown with."""

    def rounded(self) -> float:
        """The value rounded half away from zero to ``decimals`` places, as shown on pages."""
        return _round_half_up(self.value, self.decimals)

    def display(self) -> str:
        return f"{format_number(self.rounded())} {self.unit}"

    def __str__(self) -> str:
        return f"{self.quantity}: {self.display()} ({self.rule}; source: {self.source.id})"


def _round_half_up(value: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    quant = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quant, rounding=ROUND_HALF_UP))
