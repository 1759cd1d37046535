"""Make a daily dose from the tablet strengths on hand, with the fewest tablets.

Whole tablets by default. With ``half_tablets=True`` a half of any strength
may also be used (a declared policy: the tablets must be scored; the other
half is taken on a later day). A dose that cannot be made exactly is refused:
nothing is rounded.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from ..errors import format_number
from ..messages import round_to

_SCALES = (1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 1000)

MAX_PIECES_A_DAY = 4
"""The tool's limit when it picks strengths for a plan: at most this many tablets (or halves) a day
where the strengths on hand allow it (tool choice ``tablets``; the sources give no tablet sizes)."""


class Tablets(BaseModel):
    """Tablets of one strength taken in one day."""

    model_config = ConfigDict(frozen=True)

    strength_mg: float
    count: float
    """Whole tablets, or a number ending in .5 under the half-tablet policy."""

    def text(self) -> str:
        return f"{format_number(self.count)} × {format_number(self.strength_mg)} mg"


def _scale(values: tuple[float, ...]) -> int | None:
    """Smallest integer scale that makes every value a whole number of units."""
    for scale in _SCALES:
        if all(abs(v * scale - round(v * scale)) < 1e-9 for v in values):
            return scale
    return None


@lru_cache(maxsize=4096)
def make_dose(dose_mg: float, strengths_mg: tuple[float, ...], half_tablets: bool) -> tuple[Tablets, ...] | None:
    """Fewest tablets that make ``dose_mg`` exactly, or ``None`` if it cannot be made.

    Ties go to the larger strengths (fewer halves first), so the answer is the
    same every time. Returned largest strength first.
    """
    if dose_mg == 0:
        return ()
    halves = {(s / 2, 0.5) for s in strengths_mg} if half_tablets else set()
    pieces = sorted({(s, 1.0) for s in strengths_mg} | halves, key=lambda p: (-p[0], -p[1]))
    scale = _scale((*(p[0] for p in pieces), dose_mg))
    if scale is None:
        return None
    target = round(dose_mg * scale)
    units = [round(p[0] * scale) for p in pieces]
    # best[u] = (tablet pieces, halves, index of last piece) for amount u
    best: list[tuple[int, int, int] | None] = [None] * (target + 1)
    best[0] = (0, 0, -1)
    for amount in range(1, target + 1):
        for i, (unit, (_, frac)) in enumerate(zip(units, pieces, strict=True)):
            if unit <= amount and best[amount - unit] is not None:
                prev = best[amount - unit]
                cand = (prev[0] + 1, prev[1] + (frac < 1), i)
                if best[amount] is None or cand[:2] < best[amount][:2]:
                    best[amount] = cand
    if best[target] is None:
        return None
    counts: dict[float, float] = {}
    amount = target
    while amount:
        i = best[amount][2]
        strength = pieces[i][0] / pieces[i][1] if pieces[i][1] < 1 else pieces[i][0]
        counts[strength] = counts.get(strength, 0) + pieces[i][1]
        amount -= units[i]
    return tuple(Tablets(strength_mg=s, count=c) for s, c in sorted(counts.items(), reverse=True))


def nearest_makeable(dose_mg: float, strengths_mg: tuple[float, ...],
                     half_tablets: bool) -> tuple[float | None, float | None]:
    """The nearest doses below and above ``dose_mg`` that the strengths make exactly.

    Parameters
    ----------
    dose_mg : float
        The dose wanted [mg].
    strengths_mg : tuple of float
        Tablet strengths on hand [mg].
    half_tablets : bool
        Halves of scored tablets allowed [yes/no].
    """
    smallest = min(strengths_mg) / (2 if half_tablets else 1)
    scale = _scale((*strengths_mg, smallest)) or 1000
    step = 1 / scale
    below = above = None
    base = int(dose_mg * scale) / scale
    for k in range(int(100 * scale) + 1):
        if below is None and base - k * step > 0 and \
                make_dose(round_to(base - k * step, 6), strengths_mg, half_tablets):
            below = round_to(base - k * step, 6) if base - k * step < dose_mg else None
        if above is None and make_dose(round_to(base + k * step, 6), strengths_mg, half_tablets):
            above = round_to(base + k * step, 6) if base + k * step > dose_mg else None
        if below is not None and above is not None:
            break
    return below, above


def pieces(tablets: tuple[Tablets, ...]) -> int:
    """Tablets and halves a patient handles in one day (1.5 tablets is two pieces).

    Parameters
    ----------
    tablets : tuple of Tablets
        One day's tablets, as `make_dose` gives them [record].
    """
    return sum(math.floor(t.count) + (1 if t.count % 1 else 0) for t in tablets)


def pick_strengths(doses: list[tuple[float, int]], strengths_mg: tuple[float, ...],
                   half_tablets: bool) -> tuple[float, ...]:
    """The strengths a plan is dispensed in: few strengths, few tablets a day, every dose made exactly.

    Of every set of the strengths on hand that makes each dose exactly, the first by: no day above
    `MAX_PIECES_A_DAY` pieces (where any set manages that), then the fewest strengths, then the
    fewest pieces on the heaviest day, then the fewest pieces in all, then the larger strengths.
    Never a strength that is not on hand; ``live/taper.js`` picks the same way.

    Parameters
    ----------
    doses : list of (float, int)
        Each daily dose of the plan and the days it is taken [mg], [days].
    strengths_mg : tuple of float
        The strengths on hand [mg]; every dose must be makeable from them.
    half_tablets : bool
        Halves of scored tablets allowed [yes/no].
    """
    ordered = tuple(sorted(set(strengths_mg), reverse=True))
    best: tuple | None = None
    for mask in range(1, 1 << len(ordered)):
        subset = tuple(s for i, s in enumerate(ordered) if mask >> i & 1)
        made = [make_dose(dose, subset, half_tablets) for dose, _ in doses]
        if any(m is None for m in made):
            continue
        counts = [pieces(m) for m in made]
        heaviest = max(counts)
        total = sum(c * days for c, (_, days) in zip(counts, doses, strict=True))
        key = (max(0, heaviest - MAX_PIECES_A_DAY), len(subset), heaviest, total, tuple(-s for s in subset))
        if best is None or key < best[0]:
            best = (key, subset)
    return best[1] if best is not None else ordered
