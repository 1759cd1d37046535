"""Body size and steroid equivalence: hand-worked values and refusals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import (
    InputError,
    Patient,
    adjusted_body_weight,
    body_mass_index,
    body_surface_area,
    convert_steroid,
    ideal_body_weight,
)


def male(height_cm: float, weight_kg: float | None = None) -> Patient:
    kw = {"weight": weight_kg, "weight_unit": "kg"} if weight_kg is not None else {}
    return Patient(height=height_cm, height_unit="cm", sex="male", **kw)


class TestUnits:
    def test_pounds_and_inches_convert_exactly(self):
        p = Patient(weight=200, weight_unit="lb", height=72, height_unit="in")
        assert p.weight_kg == 200 * 0.45359237
        assert p.height_cm == 72 * 2.54

    def test_metres(self):
        assert Patient(height=1.8, height_unit="m").height_cm == pytest.approx(180)

    def test_same_patient_in_any_unit_gives_the_same_ibw(self):
        a = ideal_body_weight(Patient(height=72, height_unit="in", sex="female"))
        b = ideal_body_weight(Patient(height=182.88, height_unit="cm", sex="female"))
        c = ideal_body_weight(Patient(height=1.8288, height_unit="m", sex="female"))
        assert a.value == pytest.approx(b.value) == pytest.approx(c.value) == pytest.approx(45.5 + 2.3 * 12)


class TestIdealBodyWeight:
    def test_devine_male_six_feet(self):
        # 72 in = 12 in over 60: 50 + 2.3 x 12 = 77.6 kg
        assert ideal_body_weight(Patient(height=72, height_unit="in", sex="male")).value == pytest.approx(77.6)

    def test_devine_female_from_cm(self):
        # 165 cm = 64.9606 in; 45.5 + 2.3 x 4.9606 = 56.909 kg
        r = ideal_body_weight(Patient(height=165, height_unit="cm", sex="female"))
        assert r.value == pytest.approx(56.9094, abs=1e-3)
        assert r.unit == "kg" and r.source.id == "Devine 1974"

    def test_exactly_60_inches_needs_no_choice(self):
        assert ideal_body_weight(Patient(height=60, height_unit="in", sex="male")).value == 50

    def test_below_60_in_without_a_choice_is_refused(self):
        with pytest.raises(InputError) as err:
            ideal_body_weight(Patient(height=59, height_unit="in", sex="male"))
        assert err.value.field == "below_60_in"
        assert "'extend-linear' or 'base-weight'" in str(err.value)

    def test_below_60_in_behaviours_are_named_in_the_result(self):
        p = Patient(height=58, height_unit="in", sex="male")
        assert ideal_body_weight(p, below_60_in="extend-linear").value == pytest.approx(50 - 4.6)
        held = ideal_body_weight(p, below_60_in="base-weight")
        assert held.value == 50 and "base weight" in held.rule

    def test_children_are_refused(self):
        with pytest.raises(InputError, match="age_years = 12 years: is under the adult age"):
            ideal_body_weight(Patient(height=150, height_unit="cm", sex="male", age_years=12))

    def test_missing_fields_are_all_named(self):
        with pytest.raises(InputError) as err:
            ideal_body_weight(Patient(weight=70, weight_unit="kg"))
        assert [p.field for p in err.value.problems] == ["height", "sex"]
        assert "is required for ideal body weight" in str(err.value)


class TestOtherFormulas:
    def test_mosteller(self):
        # sqrt(180 x 80 / 3600) = sqrt(4) = 2
        assert body_surface_area(male(180, 80)).value == pytest.approx(2.0)

    def test_dubois(self):
        expected = 0.007184 * 80**0.425 * 180**0.725
        r = body_surface_area(male(180, 80), formula="dubois")
        assert r.value == pytest.approx(expected) and r.source.id == "Du Bois 1916"

    def test_unknown_bsa_formula(self):
        with pytest.raises(InputError, match="formula = 'haycock'"):
            body_surface_area(male(180, 80), formula="haycock")

    def test_bmi(self):
        assert body_mass_index(male(180, 81)).value == pytest.approx(25.0)

    def test_adjusted_body_weight(self):
        # IBW 77.6 (72 in male); 77.6 + 0.4 x (120 - 77.6) = 94.56
        p = Patient(weight=120, weight_unit="kg", height=72, height_unit="in", sex="male")
        assert adjusted_body_weight(p).value == pytest.approx(94.56)
        assert adjusted_body_weight(p).notes == ()

    def test_adjusted_below_ideal_says_so(self):
        p = Patient(weight=60, weight_unit="kg", height=72, height_unit="in", sex="male")
        r = adjusted_body_weight(p)
        assert r.value == pytest.approx(77.6 + 0.4 * (60 - 77.6))
        assert "below ideal body weight" in r.notes[0].text


class TestSteroids:
    @pytest.mark.parametrize(
        "dose, source, target, expected",
        [
            (5, "prednisone", "prednisolone", 5),
            (5, "prednisone", "methylprednisolone", 4),
            (5, "prednisone", "hydrocortisone", 20),
            (5, "prednisone", "cortisone", 25),
            (5, "prednisone", "dexamethasone", 0.75),
            (4, "methylprednisolone", "triamcinolone", 4),
            (0.75, "dexamethasone", "betamethasone", 0.75),
            (60, "prednisone", "dexamethasone", 9),
        ],
    )
    def test_table(self, dose, source, target, expected):
        routes = {"triamcinolone": "IV", "betamethasone": "IV"}
        r = convert_steroid(dose, source, target, from_route=routes.get(source, "PO"),
                            to_route=routes.get(target, "PO"))
        assert r.value == pytest.approx(expected)
        assert r.source.id == "Steroid equivalence table"

    def test_unknown_drug(self):
        with pytest.raises(InputError, match="from_drug = 'fludrocortisone': is not one of the accepted values"):
            convert_steroid(0.1, "fludrocortisone", "prednisone")


BAD_NUMBERS = [-70, 0, math.nan, math.inf, -math.inf, "70", True, None, 1e6]


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_bad_weight_is_refused_naming_field_value_and_range(bad):
    with pytest.raises(InputError) as err:
        Patient(weight=bad, weight_unit="kg")
    message = str(err.value)
    assert message.startswith("weight = ")
    assert "allowed: 2 to 350 kg" in message


@pytest.mark.parametrize("bad", [17, 1.7, 300, -1, 0])
def test_implausible_height_in_cm_is_refused(bad):
    with pytest.raises(InputError) as err:
        Patient(height=bad, height_unit="cm")
    assert f"height = {bad:g} cm" in str(err.value) and "allowed: 45 to 250 cm" in str(err.value)


def test_metres_typed_as_centimetres_names_the_mix_up():
    with pytest.raises(InputError, match="looks like metres"):
        Patient(height=1.7, height_unit="cm")


def test_a_unit_is_required():
    with pytest.raises(InputError, match=r"weight_unit = \(not given\): is required with weight = 70"):
        Patient(weight=70)


@pytest.mark.parametrize("bad", [-5, 0, math.nan, math.inf, "10", 1e5])
def test_bad_steroid_dose_is_refused(bad):
    with pytest.raises(InputError) as err:
        convert_steroid(bad, "prednisone", "dexamethasone")
    assert str(err.value).startswith("dose_mg = ") and "allowed: 0.01 to 5000 mg" in str(err.value)


@given(
    height_cm=st.floats(152.4, 250),
    weight_kg=st.floats(2, 350),
    sex=st.sampled_from(["male", "female"]),
)
def test_properties_hold_over_the_whole_range(height_cm, weight_kg, sex):
    p = Patient(weight=weight_kg, weight_unit="kg", height=height_cm, height_unit="cm", sex=sex)
    ibw = ideal_body_weight(p).value
    abw = adjusted_body_weight(p).value
    assert ibw >= (50 if sex == "male" else 45.5)
    assert min(ibw, weight_kg) - 1e-9 <= abw <= max(ibw, weight_kg) + 1e-9
    assert body_surface_area(p).value > 0
    assert math.isfinite(body_mass_index(p).value)


def test_an_adult_height_under_100_cm_asks_whether_inches_were_meant():
    """64 typed as cm for an adult: refused, naming the field, the value, the inch reading and the range."""
    import pytest

    from calculators import InputError, Patient, body_mass_index, body_surface_area, ideal_body_weight, ivig

    adult = Patient(weight=70, weight_unit="kg", height=64, height_unit="cm", sex="male", age_years=40)
    for calc in (ideal_body_weight, body_surface_area, body_mass_index):
        with pytest.raises(InputError) as error:
            calc(adult)
        message = str(error.value)
        assert message == ("height = 64 cm: is under 100 cm, shorter than an adult: did you mean inches? 64 in is "
                           "162.6 cm; if so, give the height in inches (height unit in); allowed: 100 to 250 cm for "
                           "an adult (tool choice)"), message
        assert error.value.problems[0].rests_on == ("adult_height",)
    # Devine is an adult formula: no age given is still an adult height
    with pytest.raises(InputError, match="did you mean inches"):
        ideal_body_weight(Patient(height=64, height_unit="cm", sex="male"))
    # the dose calculators that use it say the same (never a below-60-in question on a mistyped unit)
    with pytest.raises(InputError, match="did you mean inches"):
        ivig(Patient(weight=70, weight_unit="kg", height=68, height_unit="cm", sex="male", age_years=45),
             g_per_kg_total=2)
    # as inches it computes; a child's 64 cm is a child's height
    assert ideal_body_weight(Patient(height=64, height_unit="in", sex="male", age_years=40)).value > 50
    child = Patient(weight=7, weight_unit="kg", height=64, height_unit="cm", age_years=1)
    assert body_surface_area(child).value > 0


# --- clinical review 5, M3: a BMI under 18.5 kg/m² is noted as underweight (tool choice) -------------------

@pytest.mark.parametrize(("weight", "underweight"), [(40, True), (61.9, True), (62, False), (70, False)])
def test_bmi_under_18_5_is_noted_as_underweight(weight, underweight):
    # mutation caught: deleting the recipe's bmi.underweight note (183 cm, 40 kg: BMI 11.9 with no comment);
    # 183 cm: 18.5 kg/m² is 61.95 kg
    result = body_mass_index(Patient(weight=weight, weight_unit="kg", height=183, height_unit="cm"))
    notes = [n for n in result.notes if "Underweight" in n.text]
    assert bool(notes) == underweight
    if underweight:
        assert notes[0].kind == "tool_choice" and "under 18.5 kg/m²" in notes[0].text


@pytest.mark.parametrize(("weight", "offered"), [(40, False), (77.7, False), (78, True), (100, True)])
def test_adjusted_body_weight_at_or_below_ideal_is_not_offered_as_a_figure(weight, offered):
    # clinical review 5, M3: 183 cm, 40 kg showed "62.6 kg", heavier than the patient. Mutation caught: deleting
    # the abw result's "display" (the figure comes back as the line). The value stays for MedCalc-Bench.
    result = adjusted_body_weight(Patient(weight=weight, weight_unit="kg", height=183, height_unit="cm", sex="male"))
    assert result.value > 0
    if offered:
        assert result.display() == f"{result.rounded():g} kg"
    else:
        assert result.display().startswith(f"not given: actual weight {weight:g} kg is at or below ideal body weight")
        assert " kg" not in result.display().split("ideal body weight 77.7 kg")[1]
