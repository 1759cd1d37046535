"""Figures are reviewed data: calculators/data/figures.toml, one line a figure, validated at import (issue 23)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from calculators import guidance as g
from calculators.figures import Figure, FigureDataError, figure_data_schema, load_figure_data, registry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "calculators" / "data" / "figures.toml"
SCHEMA = ROOT / "calculators" / "data" / "figures.schema.json"
GOOD = ('IIM_MMF_START = { key = "iim.mmf.start", value = 500, unit = "mg", kind = "dose", sources = ["S002"], '
        'about = "Mycophenolate mofetil starting dose", suffix = "twice daily" }\n')


def test_each_figure_is_one_line_of_data_with_named_fields():
    lines = [line for line in DATA.read_text().splitlines() if line and not line.startswith("#")]
    figures = load_figure_data(DATA.read_text(), "figures.toml")
    assert len(lines) == len(figures) == len(g.figures())
    for line in lines:
        assert re.fullmatch(r'[A-Z][A-Z0-9_]* = \{ key = "[^"]+", value = [^,\]]+(?:, [^\]]+\])?, unit = .* \}', line), line


def test_the_python_names_still_work():
    from calculators.guidance import IIM_MMF_START, IIM_MTX_START, MTX_WEEKLY_CAP

    assert isinstance(IIM_MTX_START, Figure) and IIM_MTX_START.key == "iim.mtx.start"
    assert registry()["iim.mmf.start"] == IIM_MMF_START
    assert MTX_WEEKLY_CAP.suffix == "once weekly"


def test_a_good_line_reads_as_its_figure():
    [(name, figure)] = load_figure_data(GOOD, "x.toml").items()
    assert name == "IIM_MMF_START" and figure.text() == "500 mg twice daily" and figure.sources == ("S002",)


@pytest.mark.parametrize("change, message", [
    (('kind = "dose"', 'kind = "dosage"'), "x.toml: IIM_MMF_START (iim.mmf.start): kind = 'dosage'"),
    ((', unit = "mg"', ""), "missing 1 required positional argument: 'unit'"),
    (('suffix = "twice daily"', 'suffix = "twice daily", route = "oral"'), "unknown field(s) ['route']"),
    (("value = 500", "value = [750, 500, 250]"), "IIM_MMF_START (iim.mmf.start): value"),
    (('sources = ["S002"]', 'sources = ["S009"]'), "sources"),
    (("IIM_MMF_START =", "iim_mmf_start ="), "NAME in capitals"),
    (("value = 500", "value = 500,"), "not valid TOML"),
])
def test_a_bad_line_stops_the_import_naming_the_file_the_figure_and_the_field(change, message):
    with pytest.raises(FigureDataError) as raised:
        load_figure_data(GOOD.replace(*change), "x.toml")
    assert message in str(raised.value)
    assert str(raised.value).startswith("x.toml")


def test_a_key_used_twice_is_refused():
    twice = GOOD + GOOD.replace("IIM_MMF_START", "IIM_MMF_AGAIN")
    with pytest.raises(FigureDataError, match=re.escape("key 'iim.mmf.start' is already used by IIM_MMF_START")):
        load_figure_data(twice, "x.toml")


def test_the_committed_schema_is_the_models_and_accepts_the_data():
    import tomllib

    committed = json.loads(SCHEMA.read_text())
    assert committed == figure_data_schema(), "calculators/data/figures.schema.json is stale: run `make refresh`"
    jsonschema.validate(tomllib.loads(DATA.read_text()), committed)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"IIM_MMF_START": {"key": "iim.mmf.start", "value": 500, "unit": "mg", "kind": "dosage",
                                               "sources": ["S002"], "about": "x"}}, committed)


def test_a_figure_of_kind_cap_is_a_limit_and_the_ivig_daily_amount_is_a_dose():
    # Clinical review, minor: S002's "1 g/kg on each of the 2 days" was filed as a cap, so the figure pages and the
    # changelog called a dosing statement a ceiling. A cap's own words say it is a limit; IVIG's daily figure is a dose.
    assert registry()["iim.ivig.daily_per_kg_ibw"].kind == "dose"
    limit_words = re.compile(r"\b(most|highest|longest|limits?|cap|max(imum)?)\b", re.I)
    caps = {k: f.about for k, f in registry().items() if f.kind == "cap"}
    assert caps and all(limit_words.search(about) for about in caps.values()), caps


def test_a_figure_that_is_the_tools_choice_names_the_choice_and_no_source():
    # clinical review 5 W3: mtx.weekly_cap (25 mg once weekly) carried sources S000, S002, which state no maximum;
    # it is the tool's choice mtx_weekly_cap. Mutation caught: put sources = ["S000", "S002"] back, or drop choice.
    from calculators.choices import TOOL_CHOICES
    from calculators.figures import registry

    figures = registry()
    cap = figures["mtx.weekly_cap"]
    assert cap.value == 25 and cap.text() == "25 mg once weekly"
    assert cap.sources == () and cap.choice == "mtx_weekly_cap" and cap.cite() == "tool choice"
    for figure in figures.values():
        assert not figure.choice or figure.choice in TOOL_CHOICES, figure.key
        assert figure.sources or figure.choice, figure.key


def test_a_figure_with_neither_source_nor_choice_is_refused():
    from calculators.figures import FigureDataError, load_figure_data

    line = 'X = { key = "x.y", value = 1, unit = "mg", kind = "cap", sources = [], about = "x" }\n'
    with pytest.raises(FigureDataError, match="missing sources"):
        load_figure_data(line, "test.toml")
    assert load_figure_data(line.replace("sources = []", 'sources = [], choice = "mtx_weekly_cap"'), "t")["X"]


def test_s002s_ivmp_bracket_is_read_as_limits_by_the_tools_choice_not_stated_as_a_cap():
    # clinical review 5 W4: S002 writes "10-20 mg/kg (250-1000 mg)"; reading the bracket as limits is ivmp_limits.
    # Mutation caught: kind = "cap" or no choice on iim.ivmp.daily_limits, or "within" back on the IIM page.
    import pathlib

    from calculators.figures import registry

    limits = registry()["iim.ivmp.daily_limits"]
    assert limits.value == (250, 1000) and limits.sources == ("S002",)
    assert limits.kind == "range" and limits.choice == "ivmp_limits" and "tool" in limits.about
    page = (pathlib.Path(__file__).resolve().parents[1] / "docs/guidelines/iim.md").read_text(encoding="utf-8")
    assert "within {{ figure(\"iim.ivmp.daily_limits\")" not in " ".join(page.split())
    assert page.count('tool_choice("ivmp_limits")') >= 1 and page.count("ivmp_limits") >= 2
