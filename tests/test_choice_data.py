"""Tool choices are reviewed data: calculators/data/choices.toml, validated at import (issue 23).

Like the figures (tests/test_figure_data.py): one table a choice with named fields, a bad table
stops the import naming the file, the key and the field, and the committed JSON Schema is the
model's. A source's figure quoted in a choice's sentence is a token of the data file, rendered from
the registry, so a changed figure cannot leave a sentence stale; the regimen docstrings name
registry keys rather than doses, for the same reason.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from calculators import guidance as g
from calculators.choices import (
    ADULT_AGE_YEARS,
    MTX_STEP_MG,
    PJP_MULTIPLE_MIN_AGENTS,
    PRED_START_CEILING_MG,
    TOOL_CHOICES,
    ChoiceDataError,
    choice_data_schema,
    load_choice_data,
)
from igm_iim_site import typed_figures as tf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "calculators" / "data" / "choices.toml"
SCHEMA = ROOT / "calculators" / "data" / "choices.schema.json"
FIGURES = {f.key: f for f in g.figures()}
GOOD = """[mtx_weekly_cap]
title = 'Weekly methotrexate never above {{ figure("mtx.weekly_cap") }}'
kind = "tool_choice"
value = 25
unit = 'mg'
constant = 'CAP_MG'
text = '''
No weekly methotrexate dose above {{ figure("mtx.weekly_cap") }} is computed;
S002 and S003 give {{ figure("jdm.mtx.per_m2") }} in juvenile DM.'''
applies_to = ['methotrexate']
why = 'Above {{ choice_value("mtx_weekly_cap") }} is {{ not_a_figure("unsafe", "a word, no figure") }}.'
"""


def good(*change: str) -> dict:
    return load_choice_data(GOOD.replace(*change) if change else GOOD, "x.toml", FIGURES)


def test_every_choice_is_a_table_of_named_fields_read_at_import():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    assert list(data) == list(TOOL_CHOICES)
    assert all(entry["kind"] == "tool_choice" for entry in data.values())
    assert all(c.kind == "tool_choice" and c.text and c.why and c.applies_to for c in TOOL_CHOICES.values())


def test_the_python_names_read_the_data():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    by_constant = {entry["constant"]: entry["value"] for entry in data.values() if "constant" in entry}
    assert by_constant["ADULT_AGE_YEARS"] == ADULT_AGE_YEARS and isinstance(ADULT_AGE_YEARS, int)
    assert by_constant["MTX_STEP_MG"] == MTX_STEP_MG
    assert by_constant["PRED_START_CEILING_MG"] == PRED_START_CEILING_MG
    assert by_constant["PJP_MULTIPLE_MIN_AGENTS"] == PJP_MULTIPLE_MIN_AGENTS


def test_a_good_table_reads_with_its_tokens_rendered_from_the_registry():
    [(key, choice)] = good().items()
    assert key == "mtx_weekly_cap" and choice.value_text() == "25 mg"
    assert choice.title == f"Weekly methotrexate never above {g.MTX_WEEKLY_CAP.text()}"
    assert choice.text == (f"No weekly methotrexate dose above {g.MTX_WEEKLY_CAP.text()} is computed; "
                           f"S002 and S003 give {g.JDM_MTX_PER_M2.text()} in juvenile DM.")  # line break = space
    assert choice.why == "Above 25 mg is unsafe."


@pytest.mark.parametrize("change, message", [
    (('kind = "tool_choice"', 'kind = "source"'), "x.toml: [mtx_weekly_cap]: kind = 'source'"),
    (("applies_to = ['methotrexate']\n", ""), "[mtx_weekly_cap]: applies_to"),
    (("unit = 'mg'\n", ""), "[mtx_weekly_cap]: Value error, a value needs its unit"),
    (("value = 25", "value = 'twenty-five'"), "[mtx_weekly_cap]: value = 'twenty-five'"),
    (("value = 25", "vaule = 25"), "unknown field(s) ['vaule']"),
    (("[mtx_weekly_cap]", "[MTX-cap]"), "x.toml: [MTX-cap]: a choice is a table [key]"),
    (("value = 25", "value = 25,"), "x.toml: not valid TOML"),
    (('figure("jdm.mtx.per_m2")', 'figure("jdm.mtx.per_m3")'),
     "x.toml: [mtx_weekly_cap] text: unknown figure 'jdm.mtx.per_m3'"),
    (('figure("jdm.mtx.per_m2")', 'figure("jdm.mtx.per_m2", bound="low")'),
     "[mtx_weekly_cap] text: figure 'jdm.mtx.per_m2' is a single value"),
    (('choice_value("mtx_weekly_cap")', 'choice_value("rounding")'),
     "[mtx_weekly_cap] why: choice_value('rounding'): no choice of this name sets a number"),
    (('"a word, no figure"', '" "'), "[mtx_weekly_cap] why: not_a_figure('unsafe') needs a reason"),
    (('{{ figure("mtx.weekly_cap") }} is computed', '{{ figure(mtx.weekly_cap) }} is computed'),
     "[mtx_weekly_cap] text: {{ figure(mtx.weekly_cap) }} is not a token of this file"),
])
def test_a_bad_table_stops_the_import_naming_the_file_the_choice_and_the_field(change, message):
    with pytest.raises(ChoiceDataError) as raised:
        good(*change)
    assert message in str(raised.value)
    assert str(raised.value).startswith("x.toml")


def test_a_constant_set_twice_is_refused():
    twice = GOOD + GOOD.replace("[mtx_weekly_cap]", "[another_cap]")
    with pytest.raises(ChoiceDataError, match=re.escape("constant 'CAP_MG' is already set by [mtx_weekly_cap]")):
        load_choice_data(twice, "x.toml", FIGURES)


def test_the_committed_schema_is_the_models_and_accepts_the_data():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == choice_data_schema(), "calculators/data/choices.schema.json is stale: run `make refresh`"
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    jsonschema.validate(data, committed)
    bad = {**data, "rounding": {**data["rounding"], "kind": "source"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, committed)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "rounding": {**data["rounding"], "route": "oral"}}, committed)


# --- no source figure typed where it could go stale ------------------------------------------------

def typed_source_figures(text: str, where: str, applies_to=()) -> list[str]:
    """Quantities in ``text`` that a registry figure or a tool choice holds, typed instead of a token.

    The typed-figure check of the pages (igm_iim_site/typed_figures.py) reads the text; only numbers that a
    figure or a choice holds are reported: those are the ones a change would leave stale. A choice that
    applies to one drug (``applies_to``) is read as about that drug where its sentence names none, so the
    hint never offers another drug's figure (editor trial 5: prednisone taper steps for a methotrexate tablet).
    """
    drugs = {d for _, d in tf.drugs_in(" ".join(applies_to))}
    report = tf.Report()
    tf._scan_text(text, page=where, line=0, where="data", index=tf.registry_index(), report=report,
                  drug_of_text=drugs.pop() if len(drugs) == 1 else "")
    return [f"{where}: {f.text!r} ({', '.join(f.keys or [k for k, _ in f.near] or f.choices or f.other_meaning)})"
            for f in report.findings if f.keys or f.near or f.choices or f.other_meaning]


def test_no_choice_types_a_figure_of_the_registry():
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    typed = [line for key, entry in data.items() for field in ("title", "text", "why", "context")
             for line in typed_source_figures(" ".join(entry.get(field, "").split()), f"[{key}] {field}",
                                              entry.get("applies_to", ()))]
    assert not typed, ("figures typed into calculators/data/choices.toml; write each as its token, "
                       '{{ figure("key") }} or {{ choice_value("key") }}:\n  ' + "\n  ".join(typed))


def test_the_guard_sees_a_typed_figure():
    assert typed_source_figures("capped at 25 mg once weekly", "x") == ["x: '25 mg once weekly' (iim.mtx.target, "
                                                                        "mtx.weekly_cap)"]
    assert typed_source_figures('capped at {{ figure("mtx.weekly_cap") }}', "x") == []


def test_a_choice_of_one_drug_is_offered_its_own_number_never_another_drugs_figure():
    # editor trial 5: "one 2.5-milligram tablet" in [mtx_steps] was offered prednisone taper steps
    # (mutation: drop drug_of_text in typed_source_figures, or compare choices by spelling only in _tool_choices)
    applies_to = TOOL_CHOICES["mtx_steps"].applies_to
    said = typed_source_figures("Each step is one 2.5-milligram tablet.", "[mtx_steps] why", applies_to)
    assert said == ["[mtx_steps] why: '2.5-milligram' (mtx_steps)"]
    report = tf.Report()
    tf._scan_text("Each step is one 2.5-milligram tablet.", page="x", line=0, where="data",
                  index=tf.registry_index(), report=report, drug_of_text="methotrexate")
    assert 'choice_value("mtx_steps")' in report.findings[0].message()
    assert "taper." not in report.findings[0].message()


def test_a_changed_figure_changes_every_sentence_that_quotes_it():
    changed = {**FIGURES, "mtx.weekly_cap": FIGURES["mtx.weekly_cap"].model_copy(update={"value": 20.0}),
               "iim.mtx.target": FIGURES["iim.mtx.target"].model_copy(update={"value": 20.0}),
               "jdm.mtx.per_m2": FIGURES["jdm.mtx.per_m2"].model_copy(update={"value": 12.0}),
               "igm.mtx.weekly": FIGURES["igm.mtx.weekly"].model_copy(update={"value": (15.0, 20.0)})}
    choices = load_choice_data(DATA.read_text(encoding="utf-8"), "choices.toml", changed)
    said = json.dumps({k: c.model_dump() for k, c in choices.items()}, ensure_ascii=False)
    assert "20 mg once weekly" in choices["mtx_weekly_cap"].text and "20 mg once weekly" in choices["jdm_mtx_cap"].text
    assert "12 mg/m² once weekly" in choices["jdm_mtx_cap"].text
    assert "15–20 mg once weekly" in choices["adult_age"].why
    for old in ("25 mg once weekly", "15 mg/m²", "15–25 mg", "15-25 mg"):
        assert old not in said, old


#: Regimen modules whose text (docstrings, messages) may still type a figure. Every module names keys
#: now; a module added here must say why, and the list may only shrink.
DOCSTRINGS_PENDING: set[str] = set()


def regimen_texts() -> dict[str, list[tuple[str, str]]]:
    """Every string written in each regimen module's source (docstrings, messages, parts of f-strings), by module.

    The source, not the running module: a text built from the registry (``g.JDM_MTX_PER_M2.text()``)
    is the right way to show a figure and must not count as typed.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((ROOT / "calculators" / "regimens").glob("[!_]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out[path.stem] = [(f"calculators/regimens/{path.name}:{node.lineno}", node.value) for node in ast.walk(tree)
                          if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return out


def test_regimen_docstrings_name_keys_not_doses():
    found = regimen_texts()
    typed = {name: [line for where, text in texts for line in typed_source_figures(" ".join(text.split()), where)]
             for name, texts in found.items()}
    stale = {name: lines for name, lines in typed.items() if lines and name not in DOCSTRINGS_PENDING}
    assert not stale, ("a regimen module types a dose a figure holds; name its registry key in a docstring "
                       "(``iim.mtx.start``) and build a message from the figure, so it cannot go stale:\n  "
                       + "\n  ".join(line for lines in stale.values() for line in lines))
    done = sorted(name for name in DOCSTRINGS_PENDING if not typed.get(name))
    assert not done, f"no typed figure left in {done}: remove them from DOCSTRINGS_PENDING"
    assert {"igm_methotrexate", "jdm_methotrexate", "iim_methotrexate"} <= set(found) - DOCSTRINGS_PENDING


# --- the message templates: the same tokens, the same scan (editor trial 3) -------------------------

def message_texts() -> list[tuple[str, str]]:
    """Every string written in calculators/messages.py's source, with its line: tokens unrendered."""
    path = ROOT / "calculators" / "messages.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(f"calculators/messages.py:{node.lineno}", node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_message_template_types_a_figure_of_the_registry():
    typed = [line for where, text in message_texts() for line in typed_source_figures(" ".join(text.split()), where)]
    assert not typed, ("a message template types a figure of the registry; write its token, "
                       '{{ figure("key") }} (or {{ not_a_figure("text", "reason") }} for a number no figure '
                       "holds), so a changed figure cannot leave the sentence stale:\n  " + "\n  ".join(typed))


def test_the_templates_are_rendered_from_the_registry():
    from calculators.messages import TEMPLATE_SOURCE, TEMPLATES

    assert not [key for key, text in TEMPLATES.items() if "{{" in text]
    assert '{{ figure("iim.aza.target_per_kg_ibw") }}' in TEMPLATE_SOURCE["reg.aza.target_only"]
    assert f"give {g.IIM_AZA_PER_KG_IBW.text()} a day" in TEMPLATES["reg.aza.target_only"]


def test_a_changed_figure_changes_every_message_that_quotes_it():
    from calculators.figures import registry
    from calculators.messages import rendered_templates

    figures = registry()
    changed = {**figures, **{key: figures[key].model_copy(update={"value": value}) for key, value in {
        "iim.aza.target_per_kg_ibw": 2.5, "iim.prednisone.hold_before_taper": (2.0, 3.0),
        "igm.prednisolone.withdrawal_days": (7.0, 14.0), "iim.folic_acid": 5.0,
        "iim.prednisone.initial_per_kg": (0.6, 1.0)}.items()}}
    said = rendered_templates(changed)
    assert "give 2.5 mg/kg of ideal body weight a day" in said["reg.aza.target_only"]
    assert said["tp.hold.required.allowed"] == "2–3 weeks (whole weeks)"
    assert said["tp.span.required.allowed"] == "7–14 days"
    assert "S002's 5 mg/day is an adult IIM dose" in said["safety.mtx.folic_acid_jdm"]
    assert "(0.6 mg/kg/day or more)" in said["safety.steroid.high_dose_unknown"]
    assert "2–4 weeks" not in said["safety.steroid.high_dose_unknown"]
    stale = [key for key, text in said.items() for old in ("2 mg/kg of ideal", "6–14 days", "1 mg/day is an adult")
             if old in text]
    assert not stale, stale
