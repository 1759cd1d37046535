"""Every clinical figure as data: one place, one source, rendered everywhere.

A `Figure` is a number (or range) from a guideline source with its
unit, its kind and the sources that state it. Calculators read their doses,
caps and intervals from figures; pages render the same figures into prose at
build time (``{{ figure("iim.mtx.start") }}``, see the *For editors* page);
the edition changelog compares the figures of two editions. A dose therefore
lives in exactly one place and cannot drift between a page and a calculator.

Modules that own figures expose ``figures() -> list[Figure]``; `registry`
collects them all.
"""

from __future__ import annotations

import importlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .errors import format_number
from .sources import ALL_SOURCES

FigureKind = Literal[
    "dose",       # an amount to give: 15 mg once weekly
    "range",      # a range the clinician picks within: 0.5-1 mg/kg/day
    "cap",        # a ceiling or floor that must not be crossed: max 60 mg/day
    "step",       # one step of a taper or an escalation
    "interval",   # time between doses or steps: every 2 weeks
    "duration",   # how long: 2-4 weeks, 3-6 months
    "threshold",  # a trigger for an action: >= 20 mg/day for >= 4 weeks
    "outcome",    # an outcome or prevalence figure: 94.3 % complete response
    "count",      # a number of doses or days: two doses
]

#: Modules whose ``figures()`` feed the registry. A module that does not exist
#: yet (in an older edition, say) is skipped.
FIGURE_MODULES = ("calculators.guidance", "calculators.taper")


class Figure(BaseModel):
    """A figure from the sources, with unit, kind and sources."""

    model_config = ConfigDict(frozen=True)

    key: str
    """Stable dotted name, e.g. ``iim.prednisone.initial_per_kg``."""
    value: float | tuple[float, float]
    """A single number, or a ``(low, high)`` range."""
    unit: str
    kind: FigureKind
    sources: tuple[str, ...]
    """Source identifiers (``S000`` to ``S003``, or a formula source)."""
    about: str
    """What the figure is, in the site's own words."""
    suffix: str = ""
    """Words that must travel with the number, e.g. ``once weekly``."""
    choice: str = ""
    """The tool choice (a key of ``calculators/data/choices.toml``) that sets or reads this figure, when the
    number or its reading is the tool's and not a source's. A figure no source states (``sources = []``) must
    name it (clinical review 5 W3)."""

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [s for s in value if s not in ALL_SOURCES]
        if unknown:
            raise ValueError(f"unknown or missing sources {unknown}; known: {sorted(ALL_SOURCES)}")
        return value

    @model_validator(mode="after")
    def _sourced_or_chosen(self) -> Figure:
        if not self.sources and not self.choice:
            raise ValueError(f"missing sources: a figure no source states is the tool's and names its tool "
                             f"choice (choice = KEY); known sources: {sorted(ALL_SOURCES)}")
        return self

    @property
    def low(self) -> float:
        return self.value[0] if isinstance(self.value, tuple) else self.value

    @property
    def high(self) -> float:
        return self.value[1] if isinstance(self.value, tuple) else self.value

    def number_text(self) -> str:
        """``15``, or ``0.5–1`` for a range (en dash)."""
        if isinstance(self.value, tuple):
            return f"{format_number(self.value[0])}–{format_number(self.value[1])}"
        return format_number(self.value)

    def text(self) -> str:
        """The figure as a reader sees it: ``15 mg once weekly``, ``0.5–1 mg/kg/day``."""
        unit = self.unit
        if unit in ("%",):
            out = f"{self.number_text()}%"
        elif unit:
            out = f"{self.number_text()} {unit}"
        else:
            out = self.number_text()
        return f"{out} {self.suffix}".strip()

    def cite(self) -> str:
        """The sources that state it, or ``tool choice`` for a figure no source states."""
        return ", ".join(self.sources) or "tool choice"


def fig(key: str, value, unit: str, kind: FigureKind, sources, about: str, suffix: str = "",
        choice: str = "") -> Figure:
    """Shorthand constructor used by the modules that declare figures.

    Parameters
    ----------
    key : str
        Dotted registry key [text].
    value : float or (float, float)
        The figure, or a range [any unit].
    unit : str
        Its unit as pages show it [text].
    kind : str
        What kind of figure it is (dose, cap, interval ...) [text].
    sources : str or tuple of str
        The sources that state it [text].
    about : str
        What the figure is about [text].
    suffix : str
        Words after the unit (``once weekly``) [text].
    choice : str
        The tool choice that sets or reads it, when the number or its reading is the tool's [text].
    """
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(sources, str):
        sources = (sources,)
    return Figure(key=key, value=value, unit=unit, kind=kind, sources=tuple(sources), about=about, suffix=suffix,
                  choice=choice)


def registry() -> dict[str, Figure]:
    """All figures of this edition, by key. Duplicate keys are an error."""
    found: dict[str, Figure] = {}
    for name in FIGURE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        for figure in module.figures():
            if figure.key in found:
                raise ValueError(f"figure key {figure.key!r} is declared twice")
            found[figure.key] = figure
    return found


#: The fields a line of a figure data file may name; all but ``suffix`` are required.
DATA_FIELDS = ("key", "value", "unit", "kind", "sources", "about", "suffix", "choice")


def read_toml(text: str, origin: str, error: type[ValueError]) -> dict:
    """A reviewed data file's content, or ``error`` naming the file when it is not valid TOML.

    Parameters
    ----------
    text : str
        The TOML to read [text].
    origin : str
        Where it comes from: the start of the message [text].
    error : type
        What is raised when the TOML is broken (an exception class) [record].
    """
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as decode:
        raise error(f"{origin}: not valid TOML: {decode}") from None


def validation_problems(error) -> str:
    """A pydantic error as ``field = value: what is wrong``, ``field: missing (required)`` for a field left out.

    Parameters
    ----------
    error : pydantic.ValidationError
        The error [record].
    """
    out = []
    for e in error.errors():
        field = ".".join(str(p) for p in e["loc"])
        if e["type"] == "missing":
            out.append(f"{field}: missing (required)")
        else:
            out.append(f"{field + ' = ' + repr(e.get('input')) + ': ' if field else ''}{e['msg']}")
    return "; ".join(out)


class FigureDataError(ValueError):
    """A figure data file that does not hold valid figures: the file, the line's name, what is wrong."""


def load_figure_data(text: str, origin: str) -> dict[str, Figure]:
    """The figures of a TOML data file (``NAME = { key = ..., value = ..., ... }``), validated.

    Every line is checked by the :class:`Figure` model: an unknown kind, a missing unit, a
    source that is not S000-S003 or a named reference, a range that is not ``[low, high]``
    stops the import with the file, the figure's name and key, the field and what it allows.

    Parameters
    ----------
    text : str
        The file's text [text].
    origin : str
        Its path, for the error messages [text].
    """
    import re

    from pydantic import ValidationError

    data = read_toml(text, origin, FigureDataError)
    out: dict[str, Figure] = {}
    keys: dict[str, str] = {}
    for name, entry in data.items():
        where = f"{origin}: {name}"
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name) or not isinstance(entry, dict):
            raise FigureDataError(f"{where}: a figure is one line NAME = {{ key = ..., value = ..., ... }} "
                                  "with NAME in capitals (the Python name)")
        unknown = sorted(set(entry) - set(DATA_FIELDS))
        if unknown:
            raise FigureDataError(f"{where}: unknown field(s) {unknown}; allowed: {', '.join(DATA_FIELDS)}")
        where = f"{where} ({entry.get('key', 'no key')})"
        try:
            figure = fig(**{f: entry[f] for f in DATA_FIELDS if f in entry})
        except TypeError as error:  # a required field is missing
            raise FigureDataError(f"{where}: {error}; every figure names {', '.join(DATA_FIELDS[:-2])}") from None
        except ValidationError as error:
            raise FigureDataError(f"{where}: {validation_problems(error)}") from None
        if figure.key in keys:
            raise FigureDataError(f"{where}: key {figure.key!r} is already used by {keys[figure.key]}")
        keys[figure.key] = name
        out[name] = figure
    return out


def figure_data_schema() -> dict:
    """The JSON Schema of a figure data file (``calculators/data/figures.toml`` read as JSON)."""
    item = Figure.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "figures.schema.json",
        "title": "Figures of the IGM & IIM treatment guide",
        "description": "One entry a figure, named by its Python name; each entry is a Figure.",
        "type": "object",
        "propertyNames": {"pattern": "^[A-Z][A-Z0-9_]*$"},
        "additionalProperties": {"$ref": "#/$defs/Figure"},
        "$defs": {**item.pop("$defs", {}), "Figure": item},
    }
