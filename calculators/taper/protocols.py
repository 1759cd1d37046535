"""Taper protocols as data: each step, interval, floor and coverage, with its source.

The protocols are reviewed data, ``calculators/data/protocols.toml``, read and validated here at import
by the models below (an error names the file, the protocol and the field). An editor reads a protocol there
as a table; the engine (:mod:`.engine`) walks
the table; a JavaScript port reads the same table from
:func:`calculators.taper.export_protocols`. No protocol is an ``if`` chain.

Two kinds of protocol exist:

``stepped`` (IIM, S002 and S003)
    The start dose is held for the hold period, then the dose falls stage by
    stage. A stage applies while ``floor_mg < dose <= ceiling_mg``; the next
    dose is ``max(dose - step_mg, floor_mg)`` (a step never passes the floor
    the source names: "down to 30 mg/day" stops at 30), and the dose is held
    for the stage's interval. The dose after the last stage is 0 (stop).

``span`` (IGM, S000)
    The source gives only the span of the withdrawal (6-14 days), not its
    steps. The tool spreads even dose steps over that span; the output says
    the spacing is the tool's choice within the source's span.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from ..population import Population
from ..sources import ALL_SOURCES

Drug = Literal["prednisone", "prednisolone"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stage(_Frozen):
    """One stage of a stepped taper."""

    ceiling_mg: float
    """The stage applies to a daily dose at or below this..."""
    floor_mg: float
    """...and above this; the stage's steps stop at this dose (0 = stop)."""
    step_mg: float
    """Each step lowers the daily dose by this much (never below ``floor_mg``)."""
    interval_weeks: int | None = None
    """Weeks each dose of the stage is held, where the source gives one figure."""
    interval_weeks_range: tuple[int, int] | None = None
    """Where the source gives a range, the clinician picks within it (``option_interval``)."""
    option: str | None = None
    """Name of the option that enables this stage; ``None`` = always part of the protocol."""
    rule: str
    """What the stage does, in the site's own words."""


class StartCoverage(_Frozen):
    """Start doses the protocol's source covers."""

    typed_mg: tuple[float, float]
    """A start dose typed in mg/day must lie in this range (inclusive)."""
    per_kg_mg: tuple[float, float] | None = None
    """A start dose from weight x mg/kg must lie in this range; ``None``: no per-kg dosing."""
    per_kg_range: tuple[float, float] | None = None
    """Allowed mg/kg/day, where the source doses by weight."""
    why: str
    """Why the coverage is what it is: shown in refusals and on the page."""
    why_kind: Literal["source", "tool_choice"] = "source"
    """Whether the coverage is the source's (``source``) or the tool's (``tool_choice``)."""
    why_rests_on: tuple[str, ...] = ()
    """The tool choices behind a ``tool_choice`` coverage (the source id otherwise)."""


class StrengthPreset(_Frozen):
    """Tablet strengths on hand for one drug (mg): a setting of the pharmacy."""

    drug: Drug
    strengths_mg: tuple[int | float, ...]


class Protocol(_Frozen):
    """A named taper protocol, as data."""

    id: str
    name: str
    disease: Literal["IIM", "IGM"]
    population: Population
    """Who the protocol is for; enforced before any schedule is made."""
    drug: Drug
    source_id: str
    kind: Literal["stepped", "span"]
    rule: str
    """The whole rule in words (the site's own words, figures exactly as the source)."""
    start: StartCoverage
    hold_weeks_range: tuple[int, int] | None = None
    """IIM: the start dose is held this long before the taper (clinician picks; required)."""
    stages: tuple[Stage, ...] = ()
    span_days_range: tuple[int, int] | None = None
    """IGM: the withdrawal lasts this many days in all (clinician picks; required)."""
    default_step_mg: float | None = None
    """IGM: the even dose step the tool uses unless told otherwise (the tool's choice, stated)."""
    spacing_note: str | None = None

    @property
    def source(self):
        return ALL_SOURCES[self.source_id]

    @model_validator(mode="after")
    def _kind_has_its_fields(self) -> Protocol:
        needs = {"stepped": ("hold_weeks_range", "stages"), "span": ("span_days_range", "default_step_mg")}[self.kind]
        missing = [f for f in needs if not getattr(self, f)]
        if missing:
            raise ValueError(f"a {self.kind} protocol needs {', '.join(missing)}")
        if self.source_id not in ALL_SOURCES:
            raise ValueError(f"source_id {self.source_id!r} is not a source; known: {sorted(ALL_SOURCES)}")
        return self

    def options(self) -> tuple[str, ...]:
        return tuple(s.option for s in self.stages if s.option)


class ProtocolDataError(ValueError):
    """A protocol data file that does not hold valid protocols: the file, the protocol, the field, what is wrong."""


DATA_FILE = "data/protocols.toml"
"""The protocols and strength presets, as reviewed data (relative to the package)."""


def _resolve(value: Any, where: str) -> Any:
    """``{figure = key}``, ``{figure = key, take = "low" | "high"}`` and ``{choice = key}`` replaced by their values."""
    if isinstance(value, list):
        return [_resolve(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    if "figure" in value or "choice" in value:
        extra = sorted(set(value) - {"figure", "choice", "take"})
        if extra or ("figure" in value) == ("choice" in value) or ("take" in value and "choice" in value):
            raise ProtocolDataError(f"{where}: a reference is {{ figure = KEY }}, {{ figure = KEY, take = "
                                    f"'low' | 'high' }} or {{ choice = KEY }}, not {value!r}")
        if "choice" in value:
            from ..choices import TOOL_CHOICES

            choice = TOOL_CHOICES.get(value["choice"])
            if choice is None or choice.value is None:
                raise ProtocolDataError(f"{where}: {value['choice']!r} is not a tool choice with a value "
                                        "(calculators/data/choices.toml)")
            return choice.value
        from .. import guidance

        figure = {f.key: f for f in guidance.figures()}.get(value["figure"])
        if figure is None:
            raise ProtocolDataError(f"{where}: {value['figure']!r} is not a figure of calculators/data/figures.toml")
        take = value.get("take")
        if take not in (None, "low", "high"):
            raise ProtocolDataError(f"{where}: take = {take!r}; allowed: 'low' or 'high'")
        if take is None:
            return list(figure.value) if isinstance(figure.value, tuple) else figure.value
        return figure.low if take == "low" else figure.high
    return {k: _resolve(v, f"{where}.{k}") for k, v in value.items()}


def load_protocol_data(text: str, origin: str) -> tuple[dict[str, Protocol], dict[str, tuple[Drug, tuple[float, ...]]]]:
    """The protocols and strength presets of a TOML data file, references resolved, validated by the models.

    Parameters
    ----------
    text : str
        What the data file holds [text].
    origin : str
        The file's path, which every error message starts with [text].
    """
    from pydantic import ValidationError

    from ..figures import read_toml, validation_problems

    data = read_toml(text, origin, ProtocolDataError)
    unknown = sorted(set(data) - {"protocols", "strength_presets"})
    if unknown or not isinstance(data.get("protocols"), dict):
        raise ProtocolDataError(f"{origin}: the file holds [protocols.<id>] tables and [strength_presets]; "
                                f"unknown: {unknown}")
    protocols: dict[str, Protocol] = {}
    for pid, entry in data["protocols"].items():
        where = f"{origin}: protocol {pid}"
        try:
            protocols[pid] = Protocol.model_validate({"id": pid, **_resolve(entry, where)})
        except ValidationError as error:
            problems = validation_problems(error)
            raise ProtocolDataError(f"{where}: {problems}") from None
    presets: dict[str, tuple[Drug, tuple[float, ...]]] = {}
    for name, entry in data.get("strength_presets", {}).items():
        try:
            preset = StrengthPreset.model_validate(entry)
        except ValidationError as error:
            problems = validation_problems(error)
            raise ProtocolDataError(f"{origin}: strength preset {name}: {problems}") from None
        presets[name] = (preset.drug, preset.strengths_mg)
    return protocols, presets


_REFERENCE = {
    "type": "object", "additionalProperties": False,
    "description": "A figure of calculators/data/figures.toml by key (optionally one end of a range), or the "
                   "value of a tool choice of calculators/data/choices.toml",
    "properties": {"figure": {"type": "string"}, "take": {"enum": ["low", "high"]}, "choice": {"type": "string"}},
    "oneOf": [{"required": ["figure"]}, {"required": ["choice"]}],
}


def _numbers_may_be_references(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_numbers_may_be_references(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _numbers_may_be_references(v) for k, v in schema.items()}
    if out.get("type") in ("number", "integer"):
        return {"anyOf": [out, {"$ref": "#/$defs/Reference"}]}
    if out.get("type") == "array" and "prefixItems" in out:  # a [low, high] pair: the whole pair may be a reference
        return {"anyOf": [out, {"$ref": "#/$defs/Reference"}]}
    return out


def protocol_data_schema() -> dict:
    """The JSON Schema of the protocol data file (``calculators/data/protocols.toml`` read as JSON)."""
    item = Protocol.model_json_schema()
    defs = {**item.pop("$defs", {})}
    item["properties"].pop("id")
    item["required"] = [r for r in item.get("required", []) if r != "id"]
    preset = StrengthPreset.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "protocols.schema.json",
        "title": "Taper protocols of the IGM & IIM treatment guide",
        "description": "[protocols.<id>] tables, each a Protocol (its id is the table's name), and the tablet "
                       "strength presets. A number may be a reference to a figure or a tool choice.",
        "type": "object",
        "additionalProperties": False,
        "required": ["protocols"],
        "properties": {
            "protocols": {"type": "object", "propertyNames": {"pattern": "^[a-z0-9-]+$"},
                          "additionalProperties": {"$ref": "#/$defs/Protocol"}},
            "strength_presets": {"type": "object", "additionalProperties": {"$ref": "#/$defs/StrengthPreset"}},
        },
        "$defs": {**_numbers_may_be_references(defs), "Protocol": _numbers_may_be_references(item),
                  "StrengthPreset": preset, "Reference": _REFERENCE},
    }


PROTOCOLS: dict[str, Protocol]
STRENGTH_PRESETS: dict[str, tuple[Drug, tuple[float, ...]]]
"""Named sets of tablet strengths on hand (mg). A setting of the pharmacy, not of the sources."""
PROTOCOLS, STRENGTH_PRESETS = load_protocol_data((files(__package__.rsplit(".", 1)[0]) / DATA_FILE)
                                                 .read_text(encoding="utf-8"), "calculators/" + DATA_FILE)
