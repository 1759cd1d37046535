"""The figures of the four guideline summaries, each once, with its source.

The figures are reviewed data: ``calculators/data/figures.toml``, one line a
figure with named fields (key, value, unit, kind, sources, about, suffix),
validated by the :class:`~calculators.figures.Figure` model when this module is
imported. Each becomes a name of this module (``from calculators.guidance
import IIM_MTX_START``). Calculators read doses, caps and intervals from here;
pages render them with ``{{ figure("key") }}``. Taper protocols live in
`calculators.taper`. Change a figure's line and every calculator and page that
uses it follows; the edition changelog lists the change.

Where the sources disagree the disagreement is recorded, not resolved
silently: see ``IIM_MTX_S003_STATED`` (an unsafe figure kept only so pages can
name it as an error of the source; no calculator uses it).
"""

from __future__ import annotations

from importlib.resources import files

from .figures import Figure, fig, load_figure_data  # noqa: F401  (fig: a figure may still be declared in code)

DATA_FILE = "data/figures.toml"
"""The figure data file, in this package."""

globals().update(load_figure_data((files(__package__) / DATA_FILE).read_text(encoding="utf-8"),
                                  f"calculators/{DATA_FILE}"))


def figures() -> list[Figure]:
    """Every figure declared in this module, in order."""
    return [value for value in globals().values() if isinstance(value, Figure)]
