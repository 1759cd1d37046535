"""The contract's number and date formats and its reading policy, on their edge cases (Python side).

The page's implementation (docs/assets/javascripts/live/contract.js) meets the same cases in
tests/test_live_parity.py, where every answer is compared with this package's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from calculators.forms import contract, run
from calculators.messages import TEMPLATES, long_date, number_text, quoted, round_to, say

TODAY = dt.date(2026, 1, 2)


@pytest.mark.parametrize("value,decimals,text", [
    (45.25, 1, "45.3"),          # an exact binary half: away from zero, not to even (Python's round gives 45.2)
    (59.25, 1, "59.3"),
    (0.5078125, 6, "0.507813"),  # exact in binary; format(x, '.6f') gives 0.507812
    (23.15, 1, "23.2"),          # 23.15 is 23.149999... in binary: the contract rounds the shortest decimal
    (-45.25, 1, "-45.3"),
    (1e6, None, "1000000"),      # never 1e+06
    (1e-7, None, "0.0000001"),
    (1e21, None, "1000000000000000000000"),
    (2.0, None, "2"),
    (-0.0, None, "0"),
    (-0.04, 1, "0"),             # never -0
    (0.1 + 0.2, None, "0.30000000000000004"),
    (0.1 + 0.2, 6, "0.3"),
    (9.995, 2, "10"),
])
def test_number_text(value, decimals, text):
    assert number_text(value, decimals) == text


def test_round_to_is_the_rounding_the_page_shows():
    assert round_to(45.25, 1) == 45.3 and round_to(0.5078125, 6) == 0.507813


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_never_formatted(value):
    with pytest.raises(ValueError):
        number_text(value)


def test_typed_text_shows_invisible_characters():
    assert quoted("\ufeff70") == "'<U+FEFF>70'"
    assert quoted("7\u200b0") == "'7<U+200B>0'"
    assert quoted("seventy") == "'seventy'"


def test_dates_read_one_way():
    assert long_date(dt.date(2026, 1, 5)) == "Monday 5 January 2026"


@pytest.mark.parametrize("typed,read", [
    ("70.5", 70.5), ("70,5", 70.5), (" 70 ", 70.0), ("0,125", 0.125), ("1000,5", 1000.5), (".5", 0.5),
    ("5.", 5.0), ("+3", 3.0), ("-1", -1.0), ("", None), ("  ", None),
])
def test_numbers_read(typed, read):
    assert contract.parse_number(typed) == read


@pytest.mark.parametrize("typed,says", [
    ("1,000", "it reads as 1000 if the comma separates thousands, or as 1 if it is a decimal comma"),
    ("2,500", "it reads as 2500 if the comma separates thousands, or as 2.5 if it is a decimal comma"),
    ("2.500", "it reads as 2500 if the point separates thousands, or as 2.5 if it is a decimal point"),
    ("1_0", "is not a number"), ("1e3", "is not a number"), ("NaN", "is not a number"),
    ("-nan", "is not a number"), ("Infinity", "is not a number"), ("1,000.5", "is not a number"),
    ("\ufeff70", "contains U+FEFF"), ("7\u200b0", "contains U+200B"), ("\u0667\u0660", "contains U+0667"),
    ("\uff17\uff10", "contains U+FF17"), ("9" * 400, "is too large"),
])
def test_numbers_refused_with_the_policy_said(typed, says):
    refusal = contract.parse_number(typed)
    assert isinstance(refusal, contract.Refusal)
    assert says in refusal.reason
    assert refusal.allowed == TEMPLATES["input.number.allowed"]


@pytest.mark.parametrize("typed,says", [
    ("2026-13-01", "does not exist"), ("2027-02-29", "does not exist"), ("2026-02-30", "does not exist"),
    ("<incomplete>", "not a complete, valid date"), ("0026-01-05", "write the year with four digits"),
    ("9999-12-31", "no treatment plan starts there"), ("05/01/2026", "not a date written YYYY-MM-DD"),
    ("2026-1-5", "not a date written YYYY-MM-DD"),
])
def test_dates_refused_never_rolled_over(typed, says):
    refusal = contract.parse_date(typed, TODAY)
    assert isinstance(refusal, contract.Refusal) and says in refusal.reason


def test_a_leap_day_is_a_date():
    assert contract.parse_date("2024-02-29", TODAY) == dt.date(2024, 2, 29)


def test_a_past_start_is_said_and_9999_never_crashes():
    raw = {"regimen": "methotrexate_iim", "ramp_months": "3", "age_years": "45", "start": "2025-11-03"}
    answer = run("dose", raw, TODAY)
    assert answer["state"] == "result"
    assert answer["notes"] == [say("note.past_start", start="Monday 3 November 2025", today="Friday 2 January 2026")]
    far = run("dose", {**raw, "start": "9999-12-31"}, TODAY)
    assert far["state"] == "refused" and "no treatment plan starts there" in far["problems"][0]["message"]


def test_no_result_for_a_patient_nobody_entered():
    answer = run("body-size", {"weight": "", "weight_unit": "kg", "height": "", "height_unit": "cm", "sex": ""}, TODAY)
    assert answer["state"] == "empty" and answer["missing"] == ["weight", "height", "sex"] and not answer["problems"]
    aza = run("dose", {"regimen": "azathioprine", "weight": "70", "weight_unit": "kg", "height": "175",
                       "height_unit": "cm", "sex": "male", "age_years": "40"}, TODAY)
    assert aza["state"] == "empty" and aza["missing"] == ["tpmt"]  # TPMT starts unset: no dose until it is given
    # the actual weight is asked for too (issue 22): the dose is on ideal body weight, the warning on the actual
    no_weight = run("dose", {"regimen": "azathioprine", "weight_unit": "kg", "height": "175", "height_unit": "cm",
                             "sex": "male", "age_years": "40", "tpmt": "normal"}, TODAY)
    assert no_weight["state"] == "empty" and no_weight["missing"] == ["weight"]


def test_a_form_names_the_field_as_its_label_says_and_the_package_by_its_code():
    """Under the Age box the page says "Age = 9 years", not "age_years = 9"; the package keeps the code a caller typed.
    The age is echoed with its unit (clinical review, minor: "Age = 10" without "years")."""
    from calculators import InputError
    from calculators.regimens import iv_methylprednisolone

    child = {"regimen": "iv_methylprednisolone", "weight": "30", "weight_unit": "kg", "sex": "female",
             "age_years": "9", "mg_per_kg": "15", "days": "3"}
    refused = run("dose", child, TODAY)["problems"]
    assert [p["field"] for p in refused] == ["age_years"]
    assert refused[0]["message"].startswith("Age = 9 years: is outside the population"), refused
    typo = run("dose", {**child, "age_years": "45", "weight": "abc"}, TODAY)["problems"]
    assert typo[0]["field"] == "weight" and typo[0]["message"].startswith("Weight = 'abc': is not a number"), typo
    with pytest.raises(InputError) as raised:
        iv_methylprednisolone({"weight": 30, "weight_unit": "kg", "age_years": 9}, mg_per_kg=15, days=3)
    assert str(raised.value.problems[0]).startswith("age_years = 9 years: is outside the population")


def test_thousand_mg_of_methylprednisolone_is_not_read_as_one():
    answer = run("steroid-equivalence", {"dose_mg": "1,000", "from_drug": "methylprednisolone", "from_route": "IV",
                                         "to_drug": "prednisone", "to_route": "PO"}, TODAY)
    assert answer["state"] == "refused"
    assert "1000" in answer["problems"][0]["message"] and "decimal comma" in answer["problems"][0]["message"]


def test_dose_lines_write_dates_for_people_and_keep_iso_in_machine_fields():
    """DoseLine.text() uses the long-date rule the forms use; start/end stay dates (ISO in JSON)."""
    from calculators import rituximab

    result = rituximab(start=dt.date(2026, 1, 5), age_years=50)
    line = result.lines[1]
    assert line.text() == "Dose 2: rituximab 1000 mg IV once on Monday 19 January 2026"
    assert long_date(line.start) in line.text() and "2026-01-19" not in line.text()
    assert line.model_dump(mode="json")["start"] == "2026-01-19"
    answer = run("dose", {"regimen": "rituximab", "age_years": "50", "start": "2026-01-05"}, TODAY)
    assert answer["ok"], answer["problems"]
    assert [x["text"] for x in answer["results"]["regimen"]["lines"]] == [x.text() for x in result.lines]
    assert answer["results"]["regimen"]["lines"][1]["start"] == "2026-01-19"


def test_the_taper_command_line_writes_dates_for_people(capsys):
    from calculators.taper.__main__ import main

    assert main(["--protocol", "iim-s002-fixed-steps", "--age", "50", "--start-dose", "60", "--start-date",
                 "2026-01-05", "--hold-weeks", "4"]) == 0
    out = capsys.readouterr().out
    assert "from Monday 5 January 2026" in out and "2026-01-05" not in out
