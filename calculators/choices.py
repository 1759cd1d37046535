"""Behaviours this tool chose where the sources are silent, each declared once, as reviewed data.

A tool choice is not a source's statement. Each `ToolChoice` says what the
tool does (``text``, repeated in the notes of every result that uses it),
where it applies and why; ``context`` may say what the sources do give
around it, but a choice never rests on a source. The choices are data:
``calculators/data/choices.toml``, one table a choice with named fields,
validated by the :class:`ToolChoice` model when this module is imported. A
source's figure quoted in a choice's sentence is a token of that file
(``{{ figure("mtx.weekly_cap") }}``), rendered from the registry here, so no
sentence can keep an old dose. The *Tool choices* page is generated from
:data:`TOOL_CHOICES`.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import guidance as _g  # figures quoted in a choice's text come from the registry
from .errors import format_number
from .figures import Figure, read_toml, validation_problems

DATA_FILE = "data/choices.toml"
"""The tool choice data file, in this package."""
#: Fields written as prose: a line break in the data file reads as a space, and figure tokens are rendered.
PROSE_FIELDS = ("title", "text", "why", "context")
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"


class ToolChoice(BaseModel):
    """One behaviour decided by this project, with where it applies and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=KEY_PATTERN)
    """Stable name of the choice (the table's name in the data file); results cite it."""
    title: str = Field(min_length=1)
    kind: Literal["tool_choice"]
    """Always ``tool_choice``: a choice of this tool, never a source's statement."""
    text: str = Field(min_length=1)
    """What the tool does, as the notes of a result say it."""
    applies_to: tuple[str, ...] = Field(min_length=1)
    """Regimens, protocols, safety rules or inputs where the choice is used."""
    why: str = Field(min_length=1)
    """The reason for the choice."""
    context: str = ""
    """What the sources do say around the gap the choice fills (never its basis)."""
    value: float | None = None
    """The number the choice sets, where it sets one (pages show it with ``{{ choice_value("key") }}``)."""
    unit: str = ""
    constant: str = Field(default="", pattern=r"^(?:[A-Z][A-Z0-9_]*)?$")
    """The Python name the calculators read ``value`` by (``calculators.choices.ADULT_AGE_YEARS``)."""

    @model_validator(mode="after")
    def _number_and_unit_together(self) -> ToolChoice:
        if self.value is None and (self.unit or self.constant):
            raise ValueError("a unit or a constant needs a value (the number the choice sets)")
        if self.value is not None and not self.unit:
            raise ValueError("a value needs its unit")
        return self

    def value_text(self) -> str:
        """``80 mg/day``: the choice's number and unit."""
        return f"{format_number(self.value)} {self.unit}".strip()


class ChoiceDataError(ValueError):
    """A tool choice data file that does not hold valid choices: the file, the choice's key, what is wrong."""


#: The tokens a prose field may hold; every other ``{{ ... }}`` is refused.
TOKEN = re.compile(
    r"\{\{\s*(?:figure\(\s*\"(?P<figure>[^\"]+)\"\s*(?:,\s*bound\s*=\s*\"(?P<bound>low|high)\"\s*)?\)"
    r"|choice_value\(\s*\"(?P<choice>[^\"]+)\"\s*\)"
    r"|not_a_figure\(\s*\"(?P<mark>[^\"]*)\"\s*,\s*\"(?P<why>[^\"]*)\"\s*\))\s*\}\}")
ANY_TOKEN = re.compile(r"\{\{.*?\}\}")


def _render(text: str, where: str, figures: dict[str, Figure], choices: dict[str, ToolChoice]) -> str:
    """A prose field with its tokens replaced by the figures and choice values they name."""
    def one(match: re.Match) -> str:
        token = TOKEN.fullmatch(match.group(0))
        if token is None:
            raise ChoiceDataError(f"{where}: {match.group(0)} is not a token of this file; write "
                                  '{{ figure("key") }}, {{ figure("key", bound="low") }}, '
                                  '{{ choice_value("key") }} or {{ not_a_figure("text", "reason") }}')
        if token.group("mark") is not None:
            if not token.group("why").strip():
                raise ChoiceDataError(f"{where}: not_a_figure({token.group('mark')!r}) needs a reason")
            return token.group("mark")
        if token.group("choice") is not None:
            key = token.group("choice")
            if key not in choices or choices[key].value is None:
                setting = sorted(k for k, c in choices.items() if c.value is not None)
                raise ChoiceDataError(f"{where}: choice_value({key!r}): no choice of this name sets a number; "
                                      f"choices that do: {', '.join(setting)}")
            return choices[key].value_text()
        key, bound = token.group("figure"), token.group("bound")
        if key not in figures:
            like = [k for k in figures if k.split(".")[0] == key.split(".")[0]][:8]
            raise ChoiceDataError(f"{where}: unknown figure {key!r} (figures of calculators/data/figures.toml; "
                                  f"keys like it: {', '.join(like) or 'none'})")
        figure = figures[key]
        if bound:
            if not isinstance(figure.value, tuple):
                raise ChoiceDataError(f"{where}: figure {key!r} is a single value ({figure.text()}); "
                                      f"bound={bound!r} applies to a range only")
            figure = figure.model_copy(update={"value": figure.low if bound == "low" else figure.high})
        return figure.text()

    return ANY_TOKEN.sub(one, text)


def load_choice_data(text: str, origin: str, figures: dict[str, Figure]) -> dict[str, ToolChoice]:
    """The tool choices of a TOML data file (``[key]`` tables), validated, with their tokens rendered.

    Every table is checked by the :class:`ToolChoice` model: a missing or unknown field, a kind
    other than ``tool_choice``, a value without its unit, a token naming an unknown figure stops
    the import with the file, the choice's key, the field and what it allows.

    Parameters
    ----------
    text : str
        The file's text [text].
    origin : str
        Its path, for the error messages [text].
    figures : dict
        The figures the ``figure`` tokens may name, by key [record].
    """
    data = read_toml(text, origin, ChoiceDataError)
    fields = [name for name in ToolChoice.model_fields if name != "key"]
    raw: dict[str, ToolChoice] = {}
    for key, entry in data.items():
        where = f"{origin}: [{key}]"
        if not re.fullmatch(KEY_PATTERN, key) or not isinstance(entry, dict):
            raise ChoiceDataError(f"{where}: a choice is a table [key] (lower case, digits and _) of named "
                                  f"fields: {', '.join(fields)}")
        unknown = sorted(set(entry) - set(fields))
        if unknown:
            raise ChoiceDataError(f"{where}: unknown field(s) {unknown}; allowed: {', '.join(fields)}")
        prose = {f: " ".join(v.split()) for f, v in entry.items() if f in PROSE_FIELDS and isinstance(v, str)}
        try:
            raw[key] = ToolChoice(key=key, **{**entry, **prose})
        except ValidationError as error:
            raise ChoiceDataError(f"{where}: {validation_problems(error)}") from None
    constants: dict[str, str] = {}
    for key, choice in raw.items():
        if choice.constant in constants:
            raise ChoiceDataError(f"{origin}: [{key}]: constant {choice.constant!r} is already set by "
                                  f"[{constants[choice.constant]}]")
        if choice.constant:
            constants[choice.constant] = key
    return {key: choice.model_copy(update={f: _render(getattr(choice, f), f"{origin}: [{key}] {f}", figures, raw)
                                           for f in PROSE_FIELDS})
            for key, choice in raw.items()}


def choice_data_schema() -> dict:
    """The JSON Schema of a tool choice data file (``calculators/data/choices.toml`` read as JSON)."""
    item = ToolChoice.model_json_schema()
    item["properties"].pop("key")
    item["required"] = [name for name in item.get("required", []) if name != "key"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "choices.schema.json",
        "title": "Tool choices of the IGM & IIM treatment guide",
        "description": "One table a tool choice, named by its key; each is a ToolChoice. Prose fields may hold "
                       "the tokens figure(\"key\"), choice_value(\"key\") and not_a_figure(\"text\", \"reason\").",
        "type": "object",
        "propertyNames": {"pattern": KEY_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/ToolChoice"},
        "$defs": {"ToolChoice": item},
    }


TOOL_CHOICES: dict[str, ToolChoice] = load_choice_data(
    (files(__package__) / DATA_FILE).read_text(encoding="utf-8"), f"calculators/{DATA_FILE}",
    {f.key: f for f in _g.figures()})
"""Every tool choice, by key."""


def _constant(name: str) -> float:
    """The number of the choice whose ``constant`` is ``name``; a whole number stays an ``int``."""
    found = [c for c in TOOL_CHOICES.values() if c.constant == name]
    if not found:
        raise ChoiceDataError(f"calculators/{DATA_FILE}: no choice sets constant {name!r} (the calculators read it)")
    value = found[0].value
    return int(value) if float(value).is_integer() else value


MTX_STEP_MG = _constant("MTX_STEP_MG")
"""Increment of the IIM methotrexate escalation (a tool choice, ``mtx_steps``): one tablet."""
ADULT_AGE_YEARS = _constant("ADULT_AGE_YEARS")
"""Age from which a patient is an adult for the adult regimens (a tool choice, ``adult_age``)."""
PRED_START_CEILING_MG = _constant("PRED_START_CEILING_MG")
"""Highest initial prednisone a day the tool computes or tapers from (a tool choice, ``pred_start_ceiling``)."""
PJP_MULTIPLE_MIN_AGENTS = _constant("PJP_MULTIPLE_MIN_AGENTS")
"""How many agents taken together count as 'multiple immunosuppressants' (a tool choice, ``pjp_multiple``)."""
PRED_START_FLOOR_MG = _constant("PRED_START_FLOOR_MG")
"""Lowest per-kg start dose the IIM rule-based taper takes (a tool choice, ``taper_start_floor``)."""
IGM_WITHDRAWAL_LAST_MAX_MG = _constant("IGM_WITHDRAWAL_LAST_MAX_MG")
"""Highest last dose an IGM withdrawal stops from (a tool choice, ``igm_withdrawal_last_dose``)."""
ADULT_MIN_HEIGHT_CM = _constant("ADULT_MIN_HEIGHT_CM")
"""An adult height typed in cm below this is refused as likely inches (a tool choice, ``adult_height``)."""
AZA_TABLET_STEP_MG = _constant("AZA_TABLET_STEP_MG")
"""Every azathioprine dose the tablets make is a multiple of this (a tool choice, ``aza_tablets``)."""
PRED_TABLET_STEP_MG = _constant("PRED_TABLET_STEP_MG")
"""From 2 mg, every prednisone dose the preset's tablets make is a multiple of this (``pred_tablets``)."""


__all__ = ["ADULT_AGE_YEARS", "ADULT_MIN_HEIGHT_CM", "AZA_TABLET_STEP_MG", "IGM_WITHDRAWAL_LAST_MAX_MG",
           "MTX_STEP_MG", "PJP_MULTIPLE_MIN_AGENTS", "PRED_START_CEILING_MG", "PRED_START_FLOOR_MG",
           "PRED_TABLET_STEP_MG", "TOOL_CHOICES",
           "ChoiceDataError", "ToolChoice", "choice_data_schema", "load_choice_data"]
