"""The taper protocols are reviewed data: calculators/data/protocols.toml, validated at import (issues 23, 26)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from calculators import guidance as g
from calculators.choices import ADULT_AGE_YEARS, PRED_START_CEILING_MG, PRED_START_FLOOR_MG
from calculators.taper import PROTOCOLS, STRENGTH_PRESETS
from calculators.taper.protocols import ProtocolDataError, load_protocol_data, protocol_data_schema

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "calculators" / "data" / "protocols.toml"
SCHEMA = ROOT / "calculators" / "data" / "protocols.schema.json"
TEXT = DATA.read_text(encoding="utf-8")


def test_the_package_reads_the_data_file():
    protocols, presets = load_protocol_data(TEXT, "protocols.toml")
    assert protocols == PROTOCOLS and presets == STRENGTH_PRESETS
    assert list(PROTOCOLS) == ["iim-s002-fixed-steps", "iim-s003-rule-based", "igm-s000-withdrawal"]


def test_figures_are_referenced_by_key_and_read_from_the_registry():
    """The numbers the figure registry holds are not copied into the protocols: they follow the figure."""
    s002, s003, igm = (PROTOCOLS[p] for p in PROTOCOLS)
    assert s002.hold_weeks_range == s003.hold_weeks_range == g.IIM_PRED_HOLD.value
    assert s003.start.typed_mg == g.IIM_PRED_TYPICAL.value == (60, 80)
    assert s003.start.per_kg_range == s002.start.per_kg_range == g.IIM_PRED_PER_KG.value
    assert s003.start.per_kg_mg == (PRED_START_FLOOR_MG, g.IIM_PRED_TYPICAL.high)
    assert s003.stages[0].ceiling_mg == g.IIM_PRED_TYPICAL.high
    assert igm.start.typed_mg == g.IGM_PRED_DAILY.value and igm.span_days_range == g.IGM_WITHDRAWAL.value
    assert s002.population.min_age_years == ADULT_AGE_YEARS
    assert g.IIM_PRED_TYPICAL.high == PRED_START_CEILING_MG
    for key in ("iim.prednisone.hold_before_taper", "iim.prednisone.initial_typical", "igm.prednisolone.daily",
                "iim.prednisone.initial_per_kg", "igm.prednisolone.withdrawal_days"):
        assert f'{{ figure = "{key}"' in TEXT, key


def test_a_changed_figure_changes_the_protocol(monkeypatch):
    """Mutation: the hold figure moved to 3-5 weeks in the registry moves both IIM protocols' hold with it."""
    moved = g.IIM_PRED_HOLD.model_copy(update={"value": (3, 5)})
    monkeypatch.setattr(g, "IIM_PRED_HOLD", moved)
    protocols, _ = load_protocol_data(TEXT, "protocols.toml")
    assert protocols["iim-s002-fixed-steps"].hold_weeks_range == (3, 5)
    assert protocols["iim-s003-rule-based"].hold_weeks_range == (3, 5)


@pytest.mark.parametrize("change, message", [
    (("step_mg = 20\n", 'step_mg = "twenty"\n'),
     "x.toml: protocol iim-s002-fixed-steps: stages.0.step_mg = 'twenty'"),
    (('kind = "span"', 'kind = "withdrawal"'), "x.toml: protocol igm-s000-withdrawal: kind = 'withdrawal'"),
    (('source_id = "S003"', 'source_id = "S009"'), "x.toml: protocol iim-s003-rule-based:"),
    (('{ figure = "igm.prednisolone.withdrawal_days" }', '{ figure = "igm.prednisolone.withdrawal_dayz" }'),
     "x.toml: protocol igm-s000-withdrawal.span_days_range: 'igm.prednisolone.withdrawal_dayz' is not a figure"),
    (('{ choice = "taper_start_floor" }', '{ choice = "taper_start_flor" }'),
     "x.toml: protocol iim-s003-rule-based.start.per_kg_mg[0]: 'taper_start_flor' is not a tool choice"),
    (('take = "high" }]', 'take = "top" }]'), "take = 'top'; allowed: 'low' or 'high'"),
    (('interval_weeks = 2\nrule = "60 -> 40', 'interval_weeks = 2\nrate = 1\nrule = "60 -> 40'),
     "x.toml: protocol iim-s002-fixed-steps: stages.0.rate = 1: Extra inputs are not permitted"),
    (('span_days_range = { figure = "igm.prednisolone.withdrawal_days" }\n', ""),
     "x.toml: protocol igm-s000-withdrawal: Value error, a span protocol needs span_days_range"),
    (("prednisolone = { drug", "prednisolone = { drog"), "x.toml: strength preset prednisolone: drug: missing (required); drog = 'prednisolone'"),
    (("ceiling_mg = 60\n", "ceiling_mg = 60,\n"), "x.toml: not valid TOML"),
])
def test_a_bad_field_stops_the_import_naming_the_file_the_protocol_and_the_field(change, message):
    assert change[0] in TEXT, change
    with pytest.raises(ProtocolDataError) as raised:
        load_protocol_data(TEXT.replace(*change, 1), "x.toml")
    assert message in str(raised.value), str(raised.value)


def test_the_committed_schema_is_the_models_and_accepts_the_data():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == protocol_data_schema(), "calculators/data/protocols.schema.json is stale: run `make refresh`"
    jsonschema.Draft202012Validator.check_schema(committed)
    data = tomllib.loads(TEXT)
    jsonschema.validate(data, committed)
    data["protocols"]["iim-s002-fixed-steps"]["stages"][0]["step_mg"] = "twenty"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, committed)
    data = tomllib.loads(TEXT)
    data["protocols"]["igm-s000-withdrawal"]["span_days_range"] = {"figure": "x", "choice": "y"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, committed)


def test_the_page_gets_the_taper_steps_and_texts_as_a_copy():
    """The page runs the same start steps and texts as the package (calculators/taper/start.py), and an edit of
    the page's data (as the parity mutation tests make) never reaches the package's own."""
    from calculators.forms import export
    from calculators.taper import start

    data = export.form_data("taper")["taper"]
    assert {k: data["steps"][k] for k in start.STEPS} == start.STEPS and data["texts"] == start.TEXTS
    data["steps"]["start"].clear()
    data["texts"]["headline"]["steps"].clear()
    assert start.STEPS["start"] and start.TEXTS["headline"]["steps"]
