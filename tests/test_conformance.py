"""The shared conformance table (tests/data/conformance.json), run in Python and in Node.

One data file of inputs and expected outputs, written by hand from docs/editors/expressions.md (the
expression language) and the docstrings of the primitives still written in both languages. Each row
runs through calculators/regimens/recipe.py (or the Python primitive) and through the page's scripts in
Node (tests/node/live_runner.js); both must give the row's value, or raise the row's error message.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from calculators.forms import views, writers
from calculators.regimens.recipe import RecipeError, _Run, expression
from tests.live_node import NodeForms, node

TABLE = json.loads((Path(__file__).parent / "data" / "conformance.json").read_text(encoding="utf-8"))
ROWS = TABLE["expressions"]


def from_json(value: Any) -> Any:
    """A value of the table as Python holds it: {"date": iso} is a date."""
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, dict):
        if list(value) == ["date"]:
            return dt.date.fromisoformat(value["date"])
        return {k: from_json(v) for k, v in value.items()}
    return value


def same(got: Any, want: Any) -> bool:
    """Equal, and of the same kind: a boolean is never a number; 3 and 3.0 are the same number."""
    if isinstance(want, bool) or isinstance(got, bool):
        return type(got) is type(want) and got == want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return got == want
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(same, got, want))
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(same(got[k], want[k]) for k in want)
    return type(got) is type(want) and got == want


def python_answer(row: dict) -> dict:
    scope = from_json({**TABLE["scope"], **row.get("scope", {})})
    try:
        value = _Run({}, scope, None, None).expr(expression(row["expr"]))
    except RecipeError as err:
        return {"error": str(err)}
    return {"value": {"date": value.isoformat()} if isinstance(value, dt.date) else value}


def _primitives() -> dict[str, Any]:
    from calculators.errors import Problem
    from calculators.forms.contract import Refusal, parse_choice, parse_date, parse_flag, parse_integer, parse_number
    from calculators.messages import WEEKDAYS, long_date, number_text, one_of, range_text, round_to, value_text
    from calculators.taper.tablets import make_dose, nearest_makeable, pick_strengths

    def read(value):  # a refusal by its reason; a date as the table writes it
        return {"refused": value.reason} if isinstance(value, Refusal) else \
            {"date": value.isoformat()} if isinstance(value, dt.date) else value

    def longest_run(pairs, threshold, hold_only):  # days in order, as the page passes them
        from calculators.safety import holds_at_or_above, runs_at_or_above

        runs = (holds_at_or_above if hold_only else runs_at_or_above)(dict(pairs), threshold)
        return max((r.days for r in runs), default=0)

    def made(dose, strengths, half):
        out = make_dose(dose, tuple(strengths), half)
        return None if out is None else [t.model_dump() for t in out]

    return {
        "number_text": number_text, "round_to": round_to, "long_date": long_date,
        "weekday": lambda day: WEEKDAYS[day.weekday()], "iso_date": lambda day: day.isoformat(),
        "read_number": lambda raw: read(parse_number(raw)), "read_date": lambda raw, today: read(parse_date(raw, today)),
        "read_integer": lambda raw: read(parse_integer(raw)),
        "read_choice": lambda raw, allowed: read(parse_choice(raw, allowed)),
        "read_flag": lambda raw: read(parse_flag(raw)), "range_text": range_text,
        "value_text": value_text, "one_of": one_of, "longest_run": longest_run,
        "refusal_text": lambda field, value, reason, allowed, source, unit, kind, rests_on, name: Problem(
            field, value, reason, allowed, source, unit, kind, tuple(rests_on)).text(name),
        "make_dose": made, "pick_strengths": lambda d, s, h: list(pick_strengths([tuple(x) for x in d], tuple(s), h)),
        "nearest_makeable": lambda d, s, h: list(nearest_makeable(d, tuple(s), h)),
        "walk": _walk, "csv_cell": writers.csv_cell, "ics_text": writers.ics_text, "ics_fold": writers.ics_fold,
        "fnv1a32": writers.fnv1a32, "taper_csv": writers.taper_csv,
        "taper_ics": lambda record, now: writers.taper_ics(record, dt.datetime.fromisoformat(now)),
        "taper_calendar_html": writers.taper_calendar_html, "start_dose": _start_dose,
        "duration_text": duration_text, "headline": _headline, "totals": _totals, "fill": views.fill,
    }


def _headline(drug: str, periods: list, patient: bool) -> str:
    """TaperSchedule.headline over periods given as [first day, last day, dose mg]."""
    from calculators.taper.engine import Period, TaperSchedule

    made = tuple(Period(start=a, end=b, daily_dose_mg=dose, tablets=(), rule="") for a, b, dose in periods)
    return TaperSchedule.model_construct(drug=drug, periods=made).headline(patient)


def _totals(kind: str, periods: list) -> dict:
    """TaperSchedule's totals over periods given as [first day, last day, dose mg, [[strength mg, count]]]."""
    from calculators.taper.engine import Period, TaperSchedule
    from calculators.taper.tablets import Tablets

    made = tuple(Period(start=a, end=b, daily_dose_mg=dose, rule="",
                        tablets=tuple(Tablets(strength_mg=st, count=n) for st, n in tablets))
                 for a, b, dose, tablets in periods)
    s = TaperSchedule.model_construct(periods=made)
    return {"duration": s.duration_days, "cumulative": s.cumulative_dose_mg, "pjp_days": s.days_at_or_above_pjp_dose,
            "reached": s.pjp_threshold_reached, "dispense": [[st, n] for st, n in s.dispense.items()]}


def duration_text(days: int) -> str:
    from calculators.taper.engine import duration_text as text

    return text(days)


def _start_dose(protocol: dict, request: dict, strengths: list) -> list:
    """calculators/taper/engine.py _start_dose over a protocol's coverage given as data; notes as [kind, text]."""
    from types import SimpleNamespace

    from calculators.taper.engine import _start_dose as start_dose
    from calculators.taper.protocols import StartCoverage

    covered = SimpleNamespace(id=protocol["id"], source_id=protocol["source_id"],
                              start=StartCoverage.model_validate(protocol["start"]))
    weight = request["weight_kg"]
    req = SimpleNamespace(**request, patient=None if weight is None else SimpleNamespace(weight_kg=weight))
    dose, notes = start_dose(req, covered, tuple(strengths))
    return [dose, [[n.kind, n.text] for n in notes]]


def _walk(protocol: dict, start: float, options: dict) -> list:
    """calculators/taper/engine.py dose_plan over a protocol given as data (only what the walk reads)."""
    from types import SimpleNamespace

    from calculators.taper import Stage, dose_plan

    walked = SimpleNamespace(kind=protocol["kind"], default_step_mg=protocol.get("default_step_mg"),
                             stages=tuple(Stage.model_validate(s) for s in protocol["stages"]))
    return [list(step) for step in dose_plan(walked, start, **options)]


def python_primitive(row: dict) -> dict:
    """{"value"} or {"error": the refusal's text, or the template error's}, as the row expects."""
    from calculators import InputError

    try:
        return {"value": _primitives()[row["primitive"]](*from_json(row["args"]))}
    except InputError as err:
        return {"error": "; ".join(str(p) for p in err.problems)}
    except views.TemplateError as err:
        return {"error": str(err)}


PRIMITIVES = TABLE["primitives"]


def test_the_primitive_rows_cover_the_primitives_written_twice():
    assert set(_primitives()) == {r["primitive"] for r in PRIMITIVES}


@pytest.mark.parametrize("row", PRIMITIVES, ids=[f"{r['primitive']}{r['args']}" for r in PRIMITIVES])
def test_python_primitives_follow_the_table(row):
    got = python_primitive(row)
    assert same(got, expected(row)), (row, got)


def test_the_page_primitives_follow_the_table(page):
    answers = page.batch([{"conformance": {"primitive": r["primitive"], "args": r["args"]}} for r in PRIMITIVES])
    failures = [f"{r['primitive']}{r['args']}: page {got}, table {r['value']}"
                for r, got in zip(PRIMITIVES, answers, strict=True) if not same(got, as_page(expected(r)))]
    assert not failures, "\n".join(failures)


def expected(row: dict) -> dict:
    """The row's value or error; ``{{css}}`` in a calendar row stands for the calendar's one stylesheet."""
    if "error" in row:
        return {"error": row["error"]}
    if row.get("primitive") == "taper_calendar_html":
        return {"value": row["value"].replace("{{css}}", writers.PRINT_CSS)}
    return {"value": row["value"]}


def test_the_table_covers_every_operator_and_function():
    from calculators.regimens.recipe import FUNCTIONS

    trees = json.dumps([expression(r["expr"]) for r in ROWS])
    for op in ["lit", "get", "at", "in", "list", "not", "neg", "and", "or", "if", "+", "-", "*", "/", "//",
               "<", "<=", ">", ">=", "==", "!="]:
        assert f'["{op}"' in trees, op
    for name in FUNCTIONS:
        assert f'"call", "{name}"' in trees, name
    errors = " ".join(r.get("error", "") for r in ROWS)
    for kind in ["by zero", "cannot take a text and a number", "unknown name", "no field", "gives a number too large",
                 "takes 1 arguments", "got a none", "needs a number above 0", "cannot take a date and a number",
                 "needs a list with at least one item"]:
        assert kind in errors, kind


@pytest.mark.parametrize("row", ROWS, ids=[r["expr"] for r in ROWS])
def test_python_follows_the_table(row):
    got, want = python_answer(row), expected(row)
    assert same(got, want), (row["expr"], got, want)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if node() is None:
        pytest.skip("node is not installed")
    forms = NodeForms(tmp_path_factory.mktemp("conformance"), forms=["dose", "taper"],
                      extra_scripts=("assets/javascripts/record.js",))
    yield forms
    forms.close()


def node_answers(page: NodeForms, rows: list[dict]) -> list[dict]:
    scope = TABLE["scope"]
    requests = [{"conformance": {"tree": expression(r["expr"]), "scope": {**scope, **r.get("scope", {})}}}
                for r in rows]
    return page.batch(requests)


def day_number(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - dt.date(1970, 1, 1)).days


def as_page(value: Any) -> Any:
    """An expected value of a primitive as the page's contract holds it: a date is a day number there."""
    if isinstance(value, list):
        return [as_page(v) for v in value]
    if isinstance(value, dict):
        return day_number(value["date"]) if list(value) == ["date"] else {k: as_page(v) for k, v in value.items()}
    return value


def test_the_page_follows_the_table(page):
    failures = []
    for row, got in zip(ROWS, node_answers(page, ROWS), strict=True):
        want = expected(row)  # a date is a date in both languages: {"date": iso} both ways
        if not same(got, want):
            failures.append(f"{row['expr']}: page {got}, table {want}")
    assert not failures, "\n".join(failures)


# --- issue 26: a limit resting on an outside reference is labelled as the package labels it --------------
# The page no longer labels a refusal itself (taper.js had its own basis_of): the start coverage is steps of
# the recipe language (calculators/taper/start.py), and a refusal's words come from the same step data.

REFERENCE = "Steroid equivalence table"
IGM_OUTSIDE = {"protocol": "igm-s000-withdrawal", "dose_basis": "dose", "start_dose_mg": "50", "weight": "",
               "weight_unit": "kg", "dose_mg_per_kg": "", "start_date": "2026-01-05", "hold_weeks": "",
               "slow_1mg_every_weeks": "", "withdrawal_days": "10", "step_mg": "", "strengths": "",
               "half_tablets": "no", "start_rounding": "refuse", "age_years": "50"}


def test_a_start_limit_resting_on_a_reference_is_a_reference_in_package_and_page(monkeypatch, tmp_path):
    """The IGM protocol's start range, moved (for the test) onto an outside reference: both say so alike."""
    from calculators import InputError
    from calculators.forms import run
    from calculators.taper import protocols, taper_schedule

    moved = protocols.PROTOCOLS["igm-s000-withdrawal"].model_copy(update={"source_id": REFERENCE})
    monkeypatch.setitem(protocols.PROTOCOLS, "igm-s000-withdrawal", moved)
    with pytest.raises(InputError) as raised:
        taper_schedule(protocol="igm-s000-withdrawal", start_dose_mg=50, withdrawal_days=10, age_years=50,
                       start_date=dt.date(2026, 1, 5))
    (problem,) = raised.value.problems
    assert problem.field == "start_dose_mg", problem
    assert (problem.kind, tuple(problem.rests_on)) == ("reference", (REFERENCE,))
    if node() is None:
        pytest.skip("node is not installed")

    def edit(form, data):
        if form == "taper":
            data["taper"]["protocols"]["igm-s000-withdrawal"]["source_id"] = REFERENCE

    page = NodeForms(tmp_path / "node", forms=["taper"], edit_data=edit)
    try:
        got = page.run("taper", IGM_OUTSIDE, "2026-01-05")
    finally:
        page.close()
    want = json.loads(json.dumps(run("taper", IGM_OUTSIDE, "2026-01-05")))
    assert got == want and "(source: Steroid equivalence table)" in got["problems"][0]["message"], (got, want)


def test_the_printed_record_writes_dates_as_the_long_date_rows(page):
    """record.js (the printed dose record) names days and months from the package's exported names, not a
    copy of its own: every long_date row of the table, given as ISO and as short text, reads the same."""
    rows = [r for r in PRIMITIVES if r["primitive"] == "long_date"]
    assert len(rows) >= 12
    short = {}
    for r in rows:
        day = dt.date.fromisoformat(r["args"][0]["date"])
        short[r["value"]] = f"{day:%a} {day.day} {day:%b} {day.year}"
    requests = [{"conformance": {"primitive": "plain_dates", "args": [f"from {r['args'][0]['date']} on"]}} for r in rows]
    requests += [{"conformance": {"primitive": "plain_dates", "args": [short[r["value"]]]}} for r in rows]
    answers = page.batch(requests)
    want = [{"value": f"from {r['value']} on"} for r in rows] + [{"value": r["value"]} for r in rows]
    failures = [f"{q['conformance']['args'][0]!r}: page {a}, table {w}" for q, a, w in zip(requests, answers, want, strict=True)
                if a != w]
    assert not failures, "\n".join(failures)


# --- names and types checked when a recipe is compiled (docs/editors/expressions.md) -------------------

@pytest.mark.parametrize(("text", "problem"), [
    ("=weekday(5)", "weekday() needs a date as argument 1, got a number"),
    ("=n1('70')", "n1() needs a number as argument 1, got a text"),
    ("=join([1, 2], ', ')", "join() needs a texts as argument 1, got a list"),
    ("=later(start, 'x')", "later() needs a number as argument 2, got a text"),
    ("=PER_KGG.valeu * wieght", "unknown name 'PER_KGG'; unknown name 'wieght'"),
])
def test_a_recipe_with_a_wrong_name_or_constant_type_does_not_compile(text, problem):
    from calculators.regimens.recipe import check_recipe

    with pytest.raises(ValueError, match="does not compile") as raised:
        check_recipe("probe", {"steps": [{"let": {"x": text}}]}, ["start"])
    assert f"{text!r}: {problem}" in str(raised.value)


def test_a_well_typed_recipe_compiles():
    from calculators.regimens.recipe import check_recipe

    check_recipe("probe", {"steps": [{"let": {"x": "=weekday(start) if start is not None else n1(70)"}}]}, ["start"])


# --- the templates of the live forms' markup (calculators/forms/views.py, LiveForms.fill) ---------------

def test_the_fill_rows_cover_every_rule_of_the_templates():
    """Escaping of each of & < > " ', a repeat (texts, records, nested, empty), a condition with and without its
    else on each kind of value, a partial, and every error the filler can raise (each view.* message)."""
    import re

    from calculators.messages import TEMPLATES

    rows = [r for r in PRIMITIVES if r["primitive"] == "fill"]
    texts = " ".join(json.dumps(r["args"][0]) for r in rows)
    for construct in ["{{#each", "{{/each}}", "{{#if", "{{else}}", "{{/if}}", "{{>", "{{.}}", "{{a.b}}"]:
        assert construct in texts, construct
    escaped = [r["value"] for r in rows if "value" in r and "&#x27;" in r["value"]]
    assert any(all(e in v for e in ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;")) for v in escaped)
    conditions = [r["args"][2].get("c", "absent") for r in rows if "{{#if c}}" in r["args"][0].get("t", "")]
    for value in [True, False, None, "", "0", [], [""], 0, {"a": "1"}, "absent"]:
        assert any(same(c, value) for c in conditions), value
    errors = [r["error"] for r in rows if "error" in r]
    for key, template in TEMPLATES.items():
        if key.startswith("view."):
            pattern = re.escape(template).replace(r"\{", "{").replace(r"\}", "}")
            pattern = re.sub(r"\{[a-z_]+\}", ".+", pattern)
            assert any(re.fullmatch(pattern, e) for e in errors), key
