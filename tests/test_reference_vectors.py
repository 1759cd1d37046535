"""The reference vectors the site publishes are the ones the tests run, and each one still holds.

``tools.vectors.reference_vectors`` is the one producer: the build writes its output to
``reference-vectors.json`` (igm_iim_site/editions.py); these tests prove that file is exactly
what the package answers today, case by case, and that its suites are the very cases the
other test files replay (the regimen unit tests, the taper tests and the browser test of
the live forms).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from calculators import regimens, taper
from calculators.errors import InputError
from calculators.forms import FORMS
from calculators.forms import run as _run_form_at
from calculators.forms.writers import taper_files
from tests.test_guideline_pages import site  # noqa: F401  (the built-site fixture)
from tools.cases import regimen_vectors, taper_vectors
from tools.cases.forms import TODAY, all_cases
from tools.cases.taper import _period_json
from tools.vectors import (
    FILES_EDITION,
    FILES_WRITTEN,
    JSON_SCHEMA,
    SCHEMA_ID,
    check_document,
    collect,
    form_outcome,
    reference_vectors,
)

FORM_CASES = all_cases()


def run_form(form, raw):
    answer = _run_form_at(form, raw, TODAY)
    if form == "taper" and answer["ok"]:
        answer = {**answer, "files": taper_files(answer, FILES_EDITION, dt.datetime.fromisoformat(FILES_WRITTEN))}
    return answer


ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = reference_vectors()
BY_SUITE = {suite: [v for v in DOCUMENT["vectors"] if v["suite"] == suite] for suite in ("form", "regimen", "taper")}


def test_the_document_follows_its_schema_and_covers_every_calculator():
    jsonschema.validate(DOCUMENT, JSON_SCHEMA)
    assert check_document(DOCUMENT) == []
    assert DOCUMENT["schema"]["id"] == SCHEMA_ID and DOCUMENT["count"] == len(DOCUMENT["vectors"])
    assert len({v["id"] for v in DOCUMENT["vectors"]}) == DOCUMENT["count"]  # ids are unique
    assert {v["calculator"] for v in BY_SUITE["regimen"]} >= set(regimens.CALCULATORS)
    assert {v["calculator"] for v in BY_SUITE["form"]} == set(FORMS)
    assert {v["calculator"] for v in BY_SUITE["taper"]} == set(taper.PROTOCOLS)
    for suite, vectors in BY_SUITE.items():
        assert any("refusal" in v for v in vectors) and any("expected" in v for v in vectors), suite


AJV = ROOT / "node_modules" / ".bin" / "ajv"


def _ajv(tmp_path: Path, document: dict) -> subprocess.CompletedProcess:
    """ajv-cli (package.json, installed by `make setup`) in strict mode: the schema, then the document."""
    if not AJV.exists():
        pytest.fail("ajv-cli is not installed: run `make setup` (it runs `npm ci`).", pytrace=False)
    schema, data = tmp_path / "reference-vectors.schema.json", tmp_path / "reference-vectors.json"
    schema.write_text(json.dumps(JSON_SCHEMA), encoding="utf-8")
    data.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([str(AJV), "validate", "--spec=draft2020", "--strict=true", "--errors=text",
                           "-s", str(schema), "-d", str(data)], capture_output=True, text=True, timeout=120)


def _tampered(edit) -> dict:
    document = copy.deepcopy(json.loads(json.dumps(DOCUMENT)))
    edit(document)
    return document


def test_an_outside_validator_in_strict_mode_accepts_the_schema_and_the_document(tmp_path):
    """ajv refuses a schema that strict mode finds loose (unknown keywords, union types, a required
    property no branch defines) before it reads the document."""
    run = _ajv(tmp_path, json.loads(json.dumps(DOCUMENT)))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid" in run.stdout + run.stderr


UNKNOWN_FIELDS = {
    "in the file": lambda d: d.update(comment="unreviewed"),
    "in a vector": lambda d: d["vectors"][0].update(expected_mg=12.5),
    "in the schema block": lambda d: d["schema"].update(draft=True),
    "a vector with both outcomes": lambda d: d["vectors"][0].update(refusal={"message": "x"}, expected={"a": 1}),
    "a vector with no outcome": lambda d: [d["vectors"][0].pop(k, None) for k in ("expected", "refusal")],
    "an unknown suite": lambda d: d["suites"].update(pharmacy=1),
}


@pytest.mark.parametrize("edit", list(UNKNOWN_FIELDS.values()), ids=list(UNKNOWN_FIELDS))
def test_the_schema_refuses_what_it_does_not_describe(tmp_path, edit):
    document = _tampered(edit)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, JSON_SCHEMA)
    run = _ajv(tmp_path, document)
    assert run.returncode != 0 and "invalid" in run.stdout + run.stderr, run.stdout + run.stderr


INCONSISTENT = {
    "a wrong count": (lambda d: d.update(count=d["count"] + 1), "count is"),
    "a suite miscounted": (lambda d: d["suites"].update(taper=d["suites"]["taper"] - 1), "suites is"),
    "a calculator not listed": (lambda d: d["calculators"].pop(), "calculators is"),
    "an id given twice": (lambda d: d["vectors"][1].update(id=d["vectors"][0]["id"],
                                                          suite=d["vectors"][0]["suite"],
                                                          calculator=d["vectors"][0]["calculator"]), "twice"),
}


@pytest.mark.parametrize("edit,said", list(INCONSISTENT.values()), ids=list(INCONSISTENT))
def test_what_the_schema_cannot_compare_is_checked(edit, said):
    """JSON Schema cannot compare a number with the length of an array: check_document does."""
    document = _tampered(edit)
    jsonschema.validate(document, JSON_SCHEMA)  # well-formed, and still wrong
    problems = check_document(document)
    assert len(problems) == 1 and said in problems[0], problems


def test_the_suites_are_the_cases_the_other_tests_run():
    # tests/test_regimens.py compares the regimen vectors with this committed file
    committed = json.loads((ROOT / "tests/data/regimen_vectors.json").read_text(encoding="utf-8"))
    stale = ("tests/data/regimen_vectors.json is not what the package computes now (a figure or a rule changed): "
             "run `make refresh`, read its diff, then commit")
    assert [(v["calculator"], v["inputs"], v.get("expected"), v.get("error")) for v in committed] == \
        [(v["calculator"], v["inputs"], v.get("expected"), v.get("refusal")) for v in BY_SUITE["regimen"]], stale
    assert regimen_vectors() == committed, stale
    # the live forms' parity tests replay these (form, raw text) cases in the page's code
    assert [(f, raw) for f, raw in FORM_CASES] == [(v["calculator"], v["inputs"]) for v in BY_SUITE["form"]]
    # the taper tests check these cases
    assert [v["input"] for v in taper_vectors()] == [v["inputs"] for v in BY_SUITE["taper"]]


def _replay(vector: dict) -> dict:
    """Run one vector through the package's public entry points, as another implementation would."""
    suite, name, inputs = vector["suite"], vector["calculator"], vector["inputs"]
    if suite == "form":
        return form_outcome(run_form(name, inputs))
    if suite == "regimen":
        from calculators.safety import check_plan

        try:
            result = check_plan(**inputs) if name == "check_plan" else regimens.run(name, inputs)
        except InputError as error:
            return {"refusal": {"message": str(error), "problems": [
                {k: v for k, v in p.as_dict().items() if k != "value"} | {"value": repr(p.value)}
                for p in error.problems]}}
        return {"expected": result.model_dump(mode="json")}
    args = dict(inputs)
    args["start_date"] = dt.date.fromisoformat(args["start_date"])
    if "weight_kg" in args:
        from calculators import Patient

        args["patient"] = Patient(weight=float(args.pop("weight_kg")), weight_unit="kg")
    try:
        schedule = taper.taper_schedule(args.pop("protocol"), **args)
    except InputError as error:
        return {"refusal": {"field": error.field, "message": str(error)}}
    return {"expected": {"periods": [_period_json(p) for p in schedule.periods], **schedule.summary(),
                         "notes": [n.model_dump(mode="json") for n in schedule.notes],
                         "cautions": [n.model_dump(mode="json") for n in schedule.cautions],
                         "flags": schedule.flags()}}


@pytest.mark.parametrize("vector", DOCUMENT["vectors"], ids=lambda v: v["id"])
def test_every_published_vector_holds(vector):
    expected = {"refusal": vector["refusal"]} if "refusal" in vector else {"expected": vector["expected"]}
    assert json.loads(json.dumps(_replay(vector))) == expected


@pytest.mark.slow
def test_the_site_offers_exactly_these_vectors(site):  # noqa: F811
    published = json.loads((site / "reference-vectors.json").read_text(encoding="utf-8"))
    assert published["edition"] == "draft"  # a plain build; mike stamps the edition's name
    assert published == json.loads(json.dumps(reference_vectors("draft")))
    assert published["vectors"] == json.loads(json.dumps(collect()))
    schema = json.loads((site / "reference-vectors.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(published, schema)
    assert check_document(published) == []
    page = (site / "editions/reference-vectors/index.html").read_text(encoding="utf-8")
    assert 'href="../../reference-vectors.json"' in page
