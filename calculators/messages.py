"""Every sentence a result or a refusal can say, as templates, and the number and date formats they use.

The package fills these templates (`say`); the live forms in the pages fill the same templates,
exported by `calculators.forms.export`, so no sentence is written twice. The formats are a
contract of this project, implemented once here and once in
``docs/assets/javascripts/live/contract.js``, and tested on the same edge cases in both
(``tests/test_messages.py``, ``tests/test_live_parity.py``):

* **Numbers** (`number_text`): the shortest decimal that reads back as the same double (what
  Python's ``repr`` and JavaScript's ``String`` both give), written out in full: never an
  exponent (``1000000``, ``0.0000001``), no trailing zeros, never ``-0``. With ``decimals``, it is
  first rounded **half away from zero** on that decimal, at that many places: 45.25 -> ``45.3``,
  0.5078125 at 6 places -> ``0.507813``. NaN and infinity are never formatted: they are refused
  where they enter (`calculators.forms.contract`).
* **Typed text** (`quoted`): between single quotes, as typed, except that any character outside
  printable ASCII is written ``U+XXXX`` inside angle brackets (a byte-order mark shows as
  ``<U+FEFF>``), so an invisible character is never invisible in a message.
* **Dates** (`long_date`): weekday, day, month name, year: ``Monday 5 January 2026``. Files and
  machine-read fields keep ISO ``2026-01-05``.

A template is a Python ``str.format`` string with named fields only; values are formatted by
the caller (the package or the page) with the functions below before filling.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def number_text(value: float, decimals: int | None = None) -> str:
    """A number as every page and message shows it (see the module docstring).

    Parameters
    ----------
    value : float
        A finite number [any unit].
    decimals : int, optional
        Round half away from zero at this many decimal places first [places].

    Returns
    -------
    str
        ``70.5``, ``1000000``, ``0.0000001``; never ``1e+06``, ``-0`` or ``70.50``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"number_text needs a number, got {value!r}")
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        raise ValueError("NaN and infinity are refused at the form's edge and never formatted")
    if decimals is not None:
        exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(exact, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_to(value: float, decimals: int) -> float:
    """``value`` rounded half away from zero at ``decimals`` places, on its shortest decimal.

    The contract's rounding, which the page does the same way (never Python's ``round``, which
    rounds ties to even on the binary value).

    Parameters
    ----------
    value : float
        A finite number [any unit].
    decimals : int
        Decimal places [places].
    """
    return float(number_text(value, decimals))


def quoted(text: str) -> str:
    """Typed text as a message shows it: ``'seventy'``, ``'<U+FEFF>70'``.

    Parameters
    ----------
    text : str
        Typed text [text].
    """
    return "'" + "".join(ch if " " <= ch <= "~" else f"<U+{ord(ch):04X}>" for ch in str(text)) + "'"


def value_text(value: Any) -> str:
    """A user's value in a refusal: a number by `number_text`, text by `quoted`; None is (not given).

    Parameters
    ----------
    value : any
        A user's value [any unit].
    """
    if value is None:
        return "(not given)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value) if value == value and abs(value) != float("inf") else quoted(str(value))
    if isinstance(value, dt.date):
        return long_date(value)
    return quoted(str(value))


def one_of(values: list[str] | tuple[str, ...]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``.

    Parameters
    ----------
    values : list of str
        The allowed values [text].
    """
    items = [quoted(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def long_date(day: dt.date) -> str:
    """``Monday 5 January 2026``: weekday, day, month name, year (issue 14: dates read one way).

    Parameters
    ----------
    day : datetime.date
        The day [date].
    """
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year:04d}"


TEMPLATES: dict[str, str] = {
    # --- a refusal, as every message shows it ---
    "problem": "{field} = {value}: {reason}; allowed: {allowed}",
    "problem.source": "{field} = {value}: {reason}; allowed: {allowed} (source: {source})",
    "problem.tool_choice": "{field} = {value}: {reason}; allowed: {allowed} (tool choice)",
    "range": "{low} to {high}",
    "range.unit": "{low} to {high} {unit}",
    # --- reading what a form holds (calculators.forms.contract); the policy is said in the refusal ---
    "input.number.allowed": "a number written with the digits 0-9 and at most one decimal point or comma, "
                            "such as 70.5 or 70,5",
    "input.number.not_a_number": "is not a number",
    "input.number.character": "contains {char}, which a number cannot hold: only the digits 0-9, one point "
                              "or comma and a leading minus are read; invisible characters (such as a "
                              "byte-order mark) and digits of other scripts are refused, never guessed",
    "input.number.ambiguous": "is ambiguous: it reads as {thousands} if the {separator} separates thousands, "
                              "or as {decimal} if it is a decimal {separator}; type {thousands} or {decimal}",
    "input.number.too_large": "is too large to be a number this form can read",
    "input.integer.whole": "must be a whole number",
    "input.choice.unknown": "is not one of the accepted values",
    "input.date.allowed": "a date written YYYY-MM-DD (the date field gives it so), within {years} years of "
                          "today ({today})",
    "input.date.incomplete_value": "(an incomplete date)",
    "input.date.malformed": "is not a date written YYYY-MM-DD",
    "input.date.incomplete": "is not a complete, valid date (the date field holds a half-typed or "
                             "impossible date)",
    "input.date.impossible": "is not a date in the calendar (month {month}, day {day} of {year} does not exist)",
    "input.date.short_year": "has the year {year}: write the year with four digits (such as {example})",
    "input.date.far": "is more than {years} years from today ({today}): no treatment plan starts there",
    "input.required": "is required",
    "input.required_for": "is required for {calculator}",
    "note.past_start": "The start date, {start}, is before today ({today}): the plan is shown as it would "
                       "have run from that date.",
    # --- body size (calculators.body_size) ---
    "rule.and": "{rule}; {more}",
    "ibw.quantity": "ideal body weight",
    "ibw.rule": "Devine: {base} kg + {per_inch} kg per inch over {reference} in ({sex})",
    "ibw.adult.reason": "is under the adult age the Devine formula was made for",
    "ibw.adult.allowed": "{age} years or older",
    "ibw.short.choose": "must be chosen: height {height_in} in is under 60 in, where the Devine formula has no "
                        "standard",
    "ibw.short.unknown": "is not a known behaviour",
    "ibw.short.note": "Height under 60 in: {rule}.",
    "ibw.short.extend-linear": "formula extended below 60 in (2.3 kg subtracted per inch under 60 in)",
    "ibw.short.base-weight": "held at the 60-inch base weight below 60 in",
    "ibw.inches.reason": "is under {floor} cm, shorter than an adult: did you mean inches? {value} in is {cm} cm; "
                         "if so, give the height in inches (height unit in)",
    "ibw.inches.allowed": "{floor} to {high} cm for an adult",
    "ibw.not_positive.reason": "gives no positive ideal body weight with 'extend-linear'",
    "ibw.not_positive.allowed": "a height that gives a positive ideal body weight",
    "bsa.quantity": "body surface area",
    "bsa.mosteller.rule": "Mosteller: sqrt(height cm x weight kg / 3600)",
    "bsa.dubois.rule": "Du Bois: 0.007184 x weight kg^0.425 x height cm^0.725",
    "bsa.unknown_formula": "is not a known formula",
    "bmi.quantity": "body mass index",
    "bmi.rule": "weight kg / (height m)²",
    "bmi.underweight": "Underweight: body mass index under 18.5 kg/m² (tool choice).",
    "abw.not_offered": "not given: actual weight {actual} kg is at or below ideal body weight {ibw} kg, and "
                       "adjusted body weight is meant for patients above ideal weight",
    "abw.quantity": "adjusted body weight",
    "abw.rule": "IBW + {factor} x (actual - IBW), IBW by {ibw_rule}",
    "abw.below_ibw": "Actual weight {actual} kg is at or below ideal body weight {ibw} kg: adjusted body weight is "
                     "meant for patients above ideal weight, and here exceeds actual weight.",
    # --- steroid equivalence (calculators.steroids) ---
    "steroid.quantity": "{drug} {route} equivalent",
    "steroid.rule": "{from_drug} {from_mg} mg = {to_drug} {to_mg} mg",
    "steroid.not_practice": "The equivalence table lists {drug} for the {route} route only, and that is not how "
                            "{drug} is given in practice ({practice}): the figure is the table's, shown as the "
                            "table gives it, not a route to prescribe.",
    "steroid.route.reason": "is not a route the equivalence table gives for {drug}",
    "steroid.route.allowed": "{routes} for {drug}",
    "or": "{first} or {second}",
    # --- patient (calculators.patient) ---
    "patient.unit_missing_value": "is missing but {unit_field} was given",
    "patient.unit_required": "is required with {field} = {value}",
    "patient.unit_hint.m": "looks like metres: give height_unit='m'",
    "patient.unit_hint.cm": "looks like centimetres: give height_unit='cm'",
    "patient.weight.help": "{kg} (or {lb})",
    "patient.height.help": "{cm} (or {m}, or {inch})",
    "input.unit_hint": "{reason} (the value fits {unit}: is the unit right?)",
    # a link naming a field the form does not use with what it chose (another regimen's field): the link's
    # fault, not a figure's, so no source is cited (ward trial, issue 24)
    "input.not_a_field": "not a field of the {control} chosen ({choice}); a link carries only the fields the "
                         "form uses with it",
    "input.not_a_field.none": "not a field until a {control} is chosen",
    "input.choice_in_group": "{choice}, under {group}",
    "input.bounds.below": "is below the allowed range",
    "input.bounds.above": "is above the allowed range",
    "input.bounds.positive": "must be greater than zero",
    # --- regimens (calculators/regimens/*; the dose form fills the same) ---
    "reg.weekly": "once weekly",
    "reg.weekly.day": "once weekly (every {weekday})",
    "reg.no_dose_line": "dose not given in the sources",
    "reg.no_dose": "no dose in the sources",
    "reg.display": "{dose} {unit} {route} {frequency}",
    "reg.display.range": "{low} to {high} {unit} {route} {frequency}",
    # a result with a warning says so on its largest line, so the plan is never read without it (review M-N1)
    "reg.display.see_warning": "{line} — see the warning below",
    "reg.display.see_warnings": "{line} — see the warnings below",
    "reg.cap.ceiling": "{computed} {unit} computed; capped at {limit} {unit} ({basis})",
    "reg.cap.floor": "{computed} {unit} computed; raised to the floor of {limit} {unit} ({basis})",
    "reg.cap.tool": "tool choice",
    "pop.adults": "adults ({age} years or older) with {who}",
    "pop.children": "children and adolescents (under {age} years) with {who}",
    "pop.anyone": "patients with {who} ({disease})",
    "pop.adults.allowed": "{age} years or older",
    "pop.children.allowed": "under {age} years",
    "pop.any_age": "any age",
    "reg.population.required": "is required: {regimen} is for {who}, and the tool does not assume an age",
    "reg.population.outside": "is outside the population: {regimen} is for {who} ({sources})",
    "reg.population.elsewhere": "{reason}; {elsewhere}",
    "reg.required_for": "is required for {calculator}",
    "reg.pred.range": "Range for {weight} kg: {low}-{high} mg/day ({range}).",
    "reg.pred.ceiling": "{computed} mg/day computed; capped at {ceiling} mg/day. The ceiling is this tool's choice: "
                        "the sources dose {range} with no maximum and give {typical} as typical; the taper starts "
                        "from the same ceiling.",
    # a cap that takes the dose below the sources' range per kg says so (clinical review 5, M5)
    "reg.pred.below_range": "{ceiling} mg/day is {per_kg} mg/kg/day of {weight} kg, below {low} mg/kg/day, the "
                            "bottom of the sources' {range}: the cap takes the dose outside the range the sources "
                            "give.",
    "reg.pred.low_end": "{factors}: S002 advises sitting nearer {low_end}.",
    "reg.pred.high_end": "High relapse risk and low steroid risk: S002 advises sitting nearer {high_end}.",
    "reg.pred.both_ways": "Risk factors point both ways: S002 advises sitting nearer {low_end} with diabetes, "
                          "osteoporosis or glaucoma, and nearer {high_end} with high relapse risk and low steroid "
                          "risk; it does not say which prevails, so the choice within the range is the clinician's.",
    "reg.pred.high_end_partial": "{given} without {missing}: S002 advises sitting nearer {high_end} with both and "
                                 "says nothing of one without the other, so it gives no direction for this factor "
                                 "alone; the choice within {range} is the clinician's.",
    "reg.pred.low_risk.reason": "contradicts {factors}, also ticked: S002 names diabetes, osteoporosis and "
                                "glaucoma for sitting nearer {low_end}, and a low risk of steroid complications "
                                "only for sitting nearer {high_end}",
    "reg.pred.low_risk.allowed": "no while {factors} is ticked",
    "reg.pred.factor.relapse": "high relapse risk",
    "reg.pred.factor.steroid": "low risk of steroid complications",
    "reg.pred.no_factor": "No factor entered that moves the dose within {range} (S002).",
    "reg.pred.atypical": "{dose} mg/day is outside the typical {typical} ({cite}): not an error, check the weight "
                         "and the chosen mg/kg.",
    "reg.pred.give": "Give as a single daily dose for {hold} before the taper starts; always with a steroid-sparing "
                     "agent from day one (S002).",
    "reg.pred.rule": "{chosen} mg/kg/day (the clinician's choice) x {weight} kg (within {range})",
    "reg.pred.rule.capped": "{rule}, at most {ceiling} mg/day (tool choice)",
    "reg.ivmp.too_light.reason": "is too low for the pulse as this tool reads it: {range} cannot reach {floor} "
                                 "mg/day, and S002 gives no dose for this weight",
    "reg.ivmp.too_light.allowed": "at least {weight} kg",
    # the arithmetic, not only its answer (clinical review 5, M10)
    "reg.ivmp.as_given": "{dose} mg/day is {per_kg} mg/kg/day of {weight} kg, this patient's weight.",
    "reg.ivmp.for": "For severe weakness, dysphagia or respiratory muscle involvement (S002).",
    "reg.ivmp.frequency": "once daily for {days} consecutive day{plural}",
    "reg.ivmp.rule": "{chosen} mg/kg/day x {weight} kg, within {daily}",
    "reg.ivmp.rule.capped": "{rule}: {computed} mg/day computed, capped at {limit} mg/day (tool choice)",
    "reg.ivmp.rule.raised": "{rule}: {computed} mg/day computed, raised to {limit} mg/day (tool choice)",
    "reg.day": "Day {n}",
    "reg.dose_n": "Dose {n}",
    "reg.infusion_n": "Infusion {n}",
    "reg.weeks": "Weeks {first}-{last}",
    "reg.from_week": "From week {first} (target)",
    "reg.mtx_iim.steps": "{count} steps of {step} mg every {weeks} weeks, every {weekday}; target {target} reached "
                         "on {reached}, within {months} months (by {deadline}), inside the time to target of {cite} "
                         "({ramp}).",
    "reg.mtx.never_above": "Never above {cap} (this tool's ceiling); methotrexate is never given daily.",
    "reg.mtx_iim.folic": "Folic acid {folic} mg once daily, every day of the course ({cite}).",
    "reg.mtx_iim.rule": "start {start}, rise to {target} within {ramp}, with folic acid {folic}",
    "reg.mtx_igm.display": "methotrexate {weekly} mg by mouth {frequency} + prednisolone {daily} mg by mouth "
                           "once daily",
    "reg.mtx_igm.chosen": "Methotrexate {weekly} with prednisolone {daily} ({cite}).",
    "reg.mtx_igm.review": "Check response every {review}; monitor methotrexate toxicity with full blood count, liver "
                          "function tests and renal function (S000).",
    "reg.mtx_igm.contraception": "Methotrexate is teratogenic: a woman who could become pregnant needs reliable "
                                 "contraception while taking it. Stated by S002 for IIM and carried over to IGM "
                                 "because it is about the drug; the IGM sources do not mention it.",
    "reg.mtx_igm.rule": "methotrexate {weekly} + prednisolone {daily}, each dose the clinician's choice within its "
                        "range",
    "reg.igm.withdrawal": "When stopping prednisolone, S000 withdraws it slowly over {span} after {daily}; S000 also "
                          "says some patients need prolonged low-dose maintenance and some relapse quickly when "
                          "steroid stops.",
    "reg.igm.withdrawal_doubt": "Doubt about the source: after weeks or months of prednisolone, a withdrawal over "
                                "{span} is close to stopping abruptly. This tool keeps S000's span and does not "
                                "lengthen it; whether to withdraw this fast or to keep low-dose maintenance is the "
                                "clinician's decision.",
    "reg.aza.frequency": "daily, in divided doses",
    "reg.aza.tpmt_needed": "a TPMT result is required before azathioprine is dosed",
    "reg.aza.ibw": "Dosed on ideal body weight, the basis S002 and S003 give.",
    "reg.ibw.formula": "Ideal body weight by the Devine formula ({source}), an outside reference: {male} kg for a "
                       "man or {female} kg for a woman, plus {per_inch} kg for each inch of height over {reference} "
                       "in.",
    "reg.ibw.value": "Ideal body weight for this patient: {ibw}, this tool's arithmetic with that formula.",
    "reg.bsa.formula": "Body surface area by the Mosteller formula ({source}), an outside reference: the square root "
                       "of height in cm times weight in kg, divided by 3600.",
    "reg.aza.igm": "S000 names azathioprine with corticosteroid for IGM when methotrexate cannot be used, without a "
                   "dose; the dose here is the IIM one of S002 and S003.",
    "reg.below_ibw": "Actual weight {weight} kg is below ideal body weight.",
    "reg.aza.reduced": "Reduced starting range: {low}-{high} mg/day ({percent} of {target} mg); the clinician picks "
                       "within it.",
    "reg.aza.rule": "{per_kg} x {ibw} = target, a day in divided doses (S003)",
    "reg.aza.intermediate": "daily, in divided doses: the reduced start for TPMT intermediate, {percent} of the "
                            "{target} mg/day target (CPIC){made}",
    # A dose the tablets cannot make is said as computed, with the nearest they make; the tool does not round it
    # (clinical review M2, M7: 155.4 mg/day of azathioprine and 69.9 mg/day of prednisone read as doses to give).
    "reg.not_made": " as computed, which {tablets} cannot make: prescribe {nearest} {unit} instead (the nearest they "
                    "make{within}; the tool does not round)",
    "reg.made_within": "; {tablets} make {low} to {high} {unit} within it",
    "reg.line.not_made": "{label}, as computed: the tablets cannot make it; prescribe a dose they make (above)",
    "reg.made_none": "; {tablets} make no dose within it",
    # When a dose on ideal body weight is above the top per kg of actual weight, the largest line leads with that,
    # and with the specialist's confirmation it needs, before the plan; no "prescribe X instead" offer
    # (clinical review 5, D1, D2: a 183 cm, 40 kg man read 155.4 mg/day of azathioprine as the dose to give).
    "reg.unconfirmed": "NOT TO BE GIVEN UNCONFIRMED: {dose} {unit} is {per_kg} {per_kg_unit} of this patient's "
                       "actual weight, {weight} kg, above {top} {per_kg_unit}, {what}; a specialist must confirm "
                       "the dose before it is given. Computed on ideal body weight: {plan}",
    "reg.unconfirmed.aza": "the top of the normal azathioprine starting dose (CPIC, an outside reference)",
    "reg.unconfirmed.aza.intermediate": "the top of the reduced azathioprine starting dose for TPMT intermediate "
                                        "(CPIC, an outside reference)",
    "reg.unconfirmed.ivig": "the top of S002's range read on actual weight (this tool's reading)",
    "reg.line.unconfirmed": "{label}: NOT to be given until a specialist confirms the dose (see the warning)",
    "reg.tablets.aza": "{step} mg and {larger} mg tablets",
    "reg.tablets.pred": "prednisone tablets ({strengths} mg, whole)",
    "reg.aza.target": "daily, in divided doses: the target dose{made}; the sources give no starting dose or titration",
    "reg.aza.target_label": "Target dose, not a starting dose (the sources give no starting dose or titration)",
    "reg.aza.target_only": "Target dose only: S002 and S003 give {{ figure(\"iim.aza.target_per_kg_ibw\") }} a "
                           "day as the target and no starting dose or titration to reach it; how to build up "
                           "to it is the prescriber's decision.",
    "reg.aza.actual_high.intermediate": "High for this patient's actual weight: {dose} mg/day is {per_kg} mg/kg a day "
                                        "of {weight} kg, above {top} mg/kg/day, the top of the reduced azathioprine "
                                        "starting dose for TPMT intermediate, {percent} of the normal {normal}, in "
                                        "the CPIC thiopurine guideline 2018 update (Relling et al. 2019), an "
                                        "outside reference. Check the weight and height, "
                                        "and whether ideal body weight suits this patient, before giving it.",
    "drug.aza.xanthine_oxidase": "Allopurinol and febuxostat block xanthine oxidase, one of the enzymes that clear "
                                "azathioprine, so its active metabolites build up and severe, sometimes fatal, "
                                "marrow suppression can follow (azathioprine and febuxostat labelling; BNF "
                                "interactions; the guideline sources do not mention it). Do not give febuxostat "
                                "with it; if allopurinol cannot be avoided, the azathioprine dose must be cut "
                                "sharply and blood counts checked closely.",
    "reg.aza.rule.poor": "no azathioprine dose: TPMT low or absent (CPIC)",
    "reg.aza.poor": "Do not start azathioprine: TPMT low or absent, so usual doses risk life-threatening "
                    "myelosuppression (CPIC); consider a non-thiopurine immunosuppressant instead",
    "reg.mmf.start_only": "Starting dose only: the sources give no target or escalation.",
    "reg.mtx_iim.preferred": "Preferred for most patients without lung disease; with interstitial lung disease S002 "
                             "prefers azathioprine or mycophenolate (S002).",
    "reg.mmf.preferred": "Preferred for severe dermatomyositis skin disease or IIM-associated interstitial lung "
                         "disease (S002).",
    "reg.start": "start {dose}",
    "reg.ivig.ibw": "Weight used: ideal body weight, the basis S002 gives for IVIG.",
    "reg.ivig.course": "S002 gives the course as {range} over {days} consecutive days, with {daily} g/kg given on "
                       "each of them.",
    "reg.ivig.chosen": "{total} g/kg total chosen by the clinician; split evenly by this tool: {per_day} g/kg a day, "
                       "once daily on {days} consecutive days.",
    "reg.ivig.actual": "Actual weight {weight} kg is below ideal body weight. For comparison only, NOT the source's "
                       "basis: actual weight would give {per_day} g a day.",
    "reg.ivig.actual_high": "High for this patient's actual weight: the course of {course} g is {per_kg} g/kg of "
                            "{weight} kg, above {top} g/kg, the top of S002's {range} (this tool's reading of "
                            "that range on actual weight). Check the weight and height, and "
                            "whether ideal body weight suits this patient, before giving it.",
    "reg.ivig.more_than": "gives more than {daily}",
    "reg.ivig.frequency": "once daily for {days} consecutive days",
    "reg.ivig.display": "{per_day} g IV once daily on each of {days} consecutive days ({per_kg_day} g/kg of "
                        "ideal body weight a day{s002}), {course} g in all ({total} g/kg); the even split is this "
                        "tool's choice",
    # beside the tool's even split, S002's own daily figure, labelled (clinical review 5, M11)
    "reg.ivig.s002_daily": "; S002 states {daily} g/kg each day",
    "reg.ivig.rule": "{total} g/kg x {ibw} ideal body weight, split evenly over {days} days (tool choice)",
    "reg.mmf.teratogen": "Major teratogen (product labelling; the guideline sources say nothing of it in "
                         "pregnancy): contraindicated in pregnancy; for a woman of childbearing potential, a negative "
                         "pregnancy test before starting and effective contraception during treatment and for 6 "
                         "weeks after stopping.",
    "reg.cyc.teratogen": "Major teratogen (product labelling; the guideline sources say nothing of it in "
                         "pregnancy): contraindicated in pregnancy; for a woman of childbearing potential, a negative "
                         "pregnancy test before starting and effective contraception during treatment and for up "
                         "to 1 year after.",
    "reg.rtx.frequency": "{count} doses {gap} apart",
    "reg.rtx.rule": "{dose} x {count}, {gap} apart (adults)",
    "drug.rtx.hbv": "Before the first rituximab dose: screen for hepatitis B (HBsAg and anti-HBc); rituximab can "
                   "reactivate hepatitis B, sometimes fatally (rituximab labelling; the guideline sources do not "
                   "mention it for rituximab).",
    "reg.rtx.refractory": "For refractory disease not controlled by first-line agents (S002).",
    "reg.cyc.no_dose": "The sources give no cyclophosphamide dose: this is the schedule only; take the dose from a "
                       "specialist protocol.",
    "reg.cyc.severe": "For severe interstitial lung disease or refractory disease (S002).",
    "reg.cyc.longer": "{months} months is longer than the usual {course}; the source allows up to {max}.",
    "reg.cyc.frequency": "every {interval}",
    "reg.cyc.rule": "infusion every {interval} for {months} months (usual {course}, at most {max})",
    "reg.jdm_pred.rule": "{per_kg} x {weight} kg, at most {cap}",
    "reg.jdm_pred.with_mtx": "With subcutaneous methotrexate {per_m2} from treatment onset (S002, S003).",
    "reg.jdm_pred.no_taper": "The sources give no taper for juvenile DM: none is computed here, and the IIM tapers "
                             "are for adults.",
    # prevention of treatment complications on the juvenile DM result (review M-N4), each with its basis
    "reg.jdm_pred.prevention": "Against treatment complications, S002 makes these mandatory in inflammatory "
                               "myopathy, with no age given: bone health (DXA scan, calcium and vitamin D, a "
                               "bisphosphonate if osteoporosis is present), Pneumocystis prophylaxis when several "
                               "immunosuppressants are used, and vaccines brought up to date before "
                               "immunosuppression starts.",
    "reg.jdm_pred.adult_rules": "Carried over from S003, which writes for adults, because they are about the "
                                "drugs: consider Pneumocystis prophylaxis (for example trimethoprim-"
                                "sulfamethoxazole) with {dose} or more of corticosteroid for {weeks} or more, and "
                                "avoid live vaccines once immunosuppression has started. The sources give no "
                                "thresholds for children.",
    "reg.jdm_pred.applied": "Showing these measures on a juvenile DM result is this tool's reading: the sources "
                            "give juvenile DM its dose and cap only; how to apply them to a child is for the "
                            "paediatric team.",
    "reg.jdm_mtx.bsa": "Body surface area for this patient: {bsa}, this tool's arithmetic with that formula.",
    "reg.jdm_mtx.onset": "{per_m2} subcutaneously from treatment onset, with prednisone {per_kg} up to {cap} (see "
                         "the juvenile DM prednisone calculator).",
    "reg.jdm_mtx.cap": "Never above {cap}: this ceiling is the tool's, not a juvenile DM figure (no source caps it); "
                       "methotrexate is never given daily.",
    "reg.jdm_mtx.capped": "{text} {computed} mg computed for this body surface area; capped.",
    "reg.jdm_mtx.no_folic": "Folic acid: the sources give no dose for a child on methotrexate (S002 gives {folic} with "
                            "it in adult IIM), so none is computed here.",
    "reg.jdm_mtx.folic_gap": "That gap in the sources does not mean folic acid is not needed: take the child's dose "
                             "from a paediatric formulary.",
    "reg.jdm_mtx.measure": "How to give {dose} mg: this tool does not round to a product. Draw it up from the "
                           "strength of the injection in use (volume in mL = {dose} mg divided by its mg per mL), "
                           "or round to a dose the product delivers; the rounding is the prescriber's.",
    "reg.jdm_mtx.rule": "{per_m2} x {bsa} BSA (Mosteller), at most {cap} (tool choice)",
    "reg.cni.none": "The sources give no dose for cyclosporine or tacrolimus.",
    "reg.cni.reserved": "Reserved for severe, refractory disease because of serious adverse effects, hypertension "
                        "and renal insufficiency among them (S002).",
    "reg.cni.s003": "S003 lists cyclosporine among the agents added to IV methylprednisolone for severe disease.",
    "reg.cni.rule": "no dose in the sources; reserved for severe, refractory disease",
    "reg.cni.frequency": "not given in the sources",
    # --- drug notes every result of the drug carries (issue 22) ---
    "reg.line.range": "{low} to {high} {unit}",
    "reg.aza.range_label": "Reduced start, one range to pick within (CPIC)",
    "reg.aza.actual": "{dose} mg/day is {per_kg} mg/kg a day of the actual weight, {weight} kg (this tool's "
                      "arithmetic); S002 and S003 dose on ideal body weight and give no ceiling per kg of actual "
                      "weight.",
    "reg.aza.actual_high": "High for this patient's actual weight: {dose} mg/day is {per_kg} mg/kg a day of "
                           "{weight} kg, above {top} mg/kg/day, the top of the normal azathioprine starting dose, "
                           "{normal}, in the CPIC thiopurine guideline 2018 update (Relling et al. 2019), an outside "
                           "reference. Check the weight and height, "
                           "and whether ideal body weight suits this patient, before giving it.",
    "reg.mtx.before": "Before the first methotrexate dose: screen for hepatitis B and C and take baseline liver "
                      "function tests (S002).",
    "reg.mtx.monitoring": "While on methotrexate, monitor for toxicity with full blood count, liver function tests "
                          "and renal function. Stated by S000 for IGM and carried over because it is about the drug; "
                          "the IIM sources do not mention it.",
    "reg.mtx.teratogenic": "Methotrexate is teratogenic: a woman or girl who could become pregnant needs reliable "
                           "contraception while taking it (S002).",
    "reg.mtx.carried": "Stated by S002 for IIM and carried over to IGM because it is about the drug; the IGM sources "
                       "do not mention it.",
    "reg.carried_iim": "Stated by {src} for IIM and carried over to IGM because it is about the drug; the IGM "
                       "sources do not mention it.",
    "reg.mtx_igm.pjp": "Pneumocystis prophylaxis (for example trimethoprim-sulfamethoxazole): prednisolone at "
                       "{dose} or more kept for {weeks} or more reaches the dose and time at which S003 says to "
                       "consider it. {carried}",
    "reg.mtx_igm.bone": "Bone health on corticosteroid kept for months: DXA scan, calcium and vitamin D "
                        "supplements, and a bisphosphonate if osteoporosis is present. {carried}",
    "reg.mtx_igm.before": "Before the first methotrexate dose: screen for hepatitis B and C and take baseline liver "
                          "function tests. {carried}",
    "reg.mtx_igm.folic": "Folic acid: the IGM sources give none; S002 gives {folic} mg once daily with methotrexate "
                         "in IIM. Shown to consider, not computed as an IGM dose.",
    "reg.mtx.tmp_smx": "Trimethoprim-sulfamethoxazole (co-trimoxazole), which the sources name for Pneumocystis "
                       "prophylaxis, adds to methotrexate's marrow toxicity and can cause severe pancytopenia "
                       "(methotrexate labelling; BNF interactions; the guideline sources do not mention it). If "
                       "both are given, check full blood counts closely, or choose another prophylaxis.",
    "reg.mtx_igm.pred_label": "Low dose kept for several months; when stopping, withdrawn slowly over {span} "
                              "(S000)",
    "reg.pred.against_low": "{chosen} mg/kg/day chosen; with {factors}, S002 advises a dose nearer {low_end}.",
    "reg.pred.against_high": "{chosen} mg/kg/day chosen; with high relapse risk and low steroid risk, S002 advises "
                             "a dose nearer {high_end}.",
    "reg.pred.half": "Shown as a warning because {chosen} mg/kg/day is in the {half} half of {range}: this tool "
                     "reads S002's 'nearer' as the half of the range on that side.",
    "reg.pred.pjp": "Pneumocystis prophylaxis (e.g. trimethoprim-sulfamethoxazole): consider it with {dose} or more "
                    "of corticosteroid for {weeks} or more (S003), and use it when several immunosuppressants are "
                    "given together (S002).",
    "reg.pred.pjp_multiple": "This tool counts prednisone with the steroid-sparing agent started alongside it as "
                             "several immunosuppressants (S002 does not say how many make 'multiple').",
    "reg.pjp.multiple": "Pneumocystis prophylaxis: S002 lists it among its mandatory measures when several "
                        "immunosuppressants are used together.",
    "reg.pjp.multiple_reading": "This tool counts {drug} with a corticosteroid or another immunosuppressant as "
                                "several (S002 does not say how many make 'multiple').",
    "reg.pred.bone": "Bone health: DXA scan, calcium and vitamin D supplements, and a bisphosphonate if osteoporosis "
                     "is present (S002, S003).",
    "dose.heading.warnings": "Warnings",
    "note.warning": "Warning",
    "dose.heading.caps": "Caps that changed the dose",
    "dose.heading.give": "What to give",
    "dose.heading.notes": "Notes",
    # --- dose form lines ---
    "dose.line": "{drug} {dose} {route} {frequency}{when}",
    "dose.line.labelled": "{label}: {line}",
    "dose.line.from": " from {start}",
    "dose.line.from_to": " from {start} to {end}",
    "dose.line.on": " on {start}",
    # --- what every result repeats ---
    "record.edition": "Edition {edition}",
    "record.draft": "Working draft, not a published edition",
    "record.computed_from": "Computed from",
    "record.not_given": "not given",
    "record.yes": "yes",
    "record.note": "note",
    "record.plan_check": "Safety check ({severity}): {message}",
    "record.note.kind": "note ({kind})",
    "record.edition_label": "edition",
    "record.input": "input",
    "record.value": "value",
    # --- taper engine (calculators/taper/engine.py; the taper form fills the same) ---
    "tp.either.allowed": "either a start dose, or a weight and a dose per kg (not both)",
    "tp.both": "was given with dose_mg_per_kg",
    "tp.mg_day": "{low} mg/day",
    "tp.mg_day.range": "{low} to {high} mg/day",
    "tp.not_covered": "is not covered by {protocol}: {why}",
    "tp.per_kg.allowed": "{low} to {high} mg/day for {weight} kg",
    "tp.per_kg.outside": "is {per_kg} mg/kg/day, outside {low} to {high} mg/kg/day",
    "tp.per_kg.note": "Start dose {dose} mg/day for {weight} kg = {per_kg} mg/kg/day.",
    "tp.ceiling.typed": "Start dose {dose} mg/day for {weight} kg = {per_kg} mg/kg/day, below {low} mg/kg/day: this "
                        "tool's ceiling for an initial prednisone dose (the sources give no maximum), as in the "
                        "initial prednisone calculator.",
    "tp.per_kg.unused.allowed": "a start dose in mg/day",
    "tp.per_kg.unused": "is not used by {protocol}: {why}",
    "tp.patient.allowed": "a Patient with weight and weight_unit",
    "tp.patient.required": "is required with dose_mg_per_kg",
    "tp.ceiling": "Start dose {weight} kg x {per_kg} mg/kg/day = {exact} mg/day; capped at {ceiling} mg/day, this "
                  "tool's ceiling for an initial prednisone dose (the sources give no maximum), as in the initial "
                  "prednisone calculator.",
    "tp.field.per_kg_start": "start dose (weight x dose per kg)",
    # the form's words, never the code's names (clinical review 5 M9: "give start_dose_mg, or start_rounding=...")
    "tp.refuse.allowed": "a dose the tablets make: nearest {nearest} mg/day; type one as the start dose, or set "
                         "'If the tablets cannot make it' to 'round down' or 'round to nearest'",
    "tp.refuse.reason": "= {weight} kg x {per_kg} mg/kg/day cannot be made from {strengths}",
    "tp.rounding.none": "finds no makeable dose below {dose} mg/day",
    "tp.rounding.none.allowed": "'round to nearest'",
    "tp.rounded": "Start dose {weight} kg x {per_kg} mg/kg/day = {exact} mg/day cannot be made from the tablets; "
                  "{how}, = {per_kg_dose} mg/kg/day.",
    "tp.rounded.how_down": "rounded down to {dose} mg/day, as asked ('round down')",
    "tp.rounded.how_nearest": "{dose} mg/day is the nearest dose they make (rounded {direction}), as asked "
                              "('round to nearest')",
    "tp.rounded.down": "down",
    "tp.rounded.up": "up",
    "tp.rounding.outside": "gives {dose} mg/day = {per_kg} mg/kg/day, outside {low} to {high} mg/kg/day",
    "tp.rounding.outside.allowed": "{others}, or another dose per kg",
    "tp.none": "none",
    "tp.strengths.half": "{strengths} mg tablets (halves allowed)",
    "tp.strengths.whole": "{strengths} mg tablets (whole tablets)",
    "tp.makeable.allowed": "a dose the tablets make (nearest: {nearest} mg/day), or other strengths",
    "tp.makeable.reason": "cannot be made from {strengths}",
    "tp.step.allowed": "a step that divides {dose} mg into 2 or more equal steps ({examples})",
    "tp.step.examples": "here: {steps} mg",
    "tp.step.no_examples": "none of {steps} mg fits: choose another start dose",
    "tp.step.uneven": "does not divide the start dose evenly",
    "tp.step.many.allowed": "a step giving at most {days} doses",
    "tp.step.last": "would stop prednisolone from {last} mg/day, above the {most} mg/day this tool's withdrawal ends "
                    "at or below",
    "tp.step.last.allowed": "a step of {most} mg or less that divides {dose} mg into equal steps ({examples})",
    "tp.step.many": "gives {count} doses, more than the {days} days",
    "tp.span.rule": "even steps of {step} mg over {days} days (the tool's spacing)",
    "tp.hold.rule": "initial dose held {weeks} weeks",
    "tp.stage.none.allowed": "a dose the protocol's stages cover",
    "tp.stage.none": "reaches {dose} mg/day, which no stage covers",
    "tp.stage.short": "step of {step} mg, not {stage_step} mg: the rule stops at {floor} mg/day",
    "tp.preset.note": "Tablet strengths not given: used the {drug} preset ({strengths} mg).",
    "tp.dispensed": "Tablets of {dispensed} make every dose of this plan exactly. Of the strengths on hand "
                    "({on_hand}), these are the fewest that do so with at most {cap} tablets a day where that is "
                    "possible, then the fewest tablets on the heaviest day and in all.",
    "tp.preset.allowed": "a {drug} preset or strengths in mg",
    "tp.preset.wrong": "is a {drug} preset; this schedule is for {taken}",
    "tp.not_input": "is not an input of {protocol}",
    "tp.not_input.allowed": "leave it out",
    "tp.hold.required": "is required: the clinician picks how long the initial dose is held",
    "tp.hold.required.allowed": "{{ figure(\"iim.prednisone.hold_before_taper\") }} (whole weeks)",
    "tp.span.required": "is required: the clinician picks the span",
    "tp.span.required.allowed": "{{ figure(\"igm.prednisolone.withdrawal_days\") }}",
    "tp.field.in_taper": "dose in the taper",
    "tp.half": "Half tablets allowed (declared policy): use scored tablets; the other half is taken on a later day.",
    "tp.slow": "Option slow-1mg-from-10mg: from {{ not_a_figure(\"10 mg/day\", \"the stage ceiling in "
               "calculators/data/protocols.toml\") }}, minus {{ figure(\"taper.s003.slow-1mg-from-10mg.step\") }} "
               "every {weeks} weeks (the clinician's pick within S003's "
               "{{ figure(\"taper.s003.slow-1mg-from-10mg.interval\") }}).",
    "tp.drug": "{source} names {protocol_drug}; this schedule is written for {drug}, as chosen: the two are "
               "equivalent milligram for milligram (steroid equivalence table).",
    "tp.flag.days": "{days} days at {dose} mg/day or more",
    "tp.flag.pjp": "Pneumocystis prophylaxis: reaches the S003 threshold ({dose} or more for {weeks} or more); "
                   "consider prophylaxis (e.g. trimethoprim-sulfamethoxazole, which adds to methotrexate's marrow "
                   "toxicity if both are given: methotrexate labelling, BNF)",
    # --- taper downloads (calculators.forms.writers, live/taper.js) ---
    "taper.stopped": "stopped",
    "taper.end": "end of taper",
    "taper.traced": "{name}; protocol {protocol}; source {source}",
    "taper.calendar_name": "{title}",
    "taper.event.summary": "{drug} {dose} {frequency}: {tablets}",
    "taper.event.description": "From {start} to {end} ({days} days): take {dose} {drug} {frequency} as {tablets}.\n"
                               "Step: {rule}.\nWhole plan: {plan}.\n{traced}.\n\n{about}",
    "taper.event.stop_summary": "{drug}: stopped, no more tablets",
    "taper.event.stop_description": "First day without {drug}. Whole plan: {plan}.\n{traced}.\n\n{about}",
    # The patient calendar: the patient's part in plain words, then a part for the doctor or pharmacist.
    "taper.calendar.title": "Your {drug} calendar",
    "taper.calendar.none": "none",
    "taper.calendar.stopped": "Stopped: no more tablets",
    "taper.calendar.how": "Take the dose on each line on that day, all the tablets at once. Tick the box when you "
                          "have taken it. Do not stop early or change the dose without asking your doctor.",
    "taper.calendar.past": "Check the dates:",
    "taper.calendar.past_text": "this calendar begins on {start}, a day that had already passed when it was "
                                "made. Ask your doctor or pharmacist which day to start before you follow it.",
    "taper.calendar.before": "Before you start:",
    "taper.calendar.before_text": "the doctor who gave you this plan should go through it with you. The advice on "
                                  "how fast to stop this medicine is less certain than usual; the details are for "
                                  "your doctor, at the end of this page.",
    "taper.calendar.pro": "For your doctor or pharmacist",
    "taper.calendar.plan_label": "plan",
    "taper.calendar.traced_label": "protocol and source",
    "taper.calendar.day": "Day",
    "taper.calendar.dose": "Dose",
    "taper.calendar.tablets": "Tablets",
    "taper.calendar.taken": "Taken",
    "taper.withdrawal_history": "This schedule has {days} days at {dose} or more, counting only its own days: it "
                                "cannot see the weeks of steroid before the withdrawal, so this count is no "
                                "reassurance about Pneumocystis risk. {why}",
    # The first line of a taper result: the plan as it is taken (issue 22 §1). Never a dose beside a
    # duration it is not given for: the first dose with its own length, then where the steps end.
    "taper.headline": "{drug} once daily: {first} mg/day for {first_for}, then down in {steps} to {last} mg/day; "
                      "last dose {end}, then stop ({total} in all)",
    "taper.headline.one": "{drug} once daily: {first} mg/day for {first_for}; last dose {end}, then stop",
    "taper.headline.patient": "Take {drug} once a day: {first} mg a day for {first_for}, then less, in {steps}, "
                              "down to {last} mg a day. Your last dose is on {end}; then stop.",
    "taper.headline.patient.one": "Take {drug} once a day: {first} mg a day for {first_for}. Your last dose is on "
                                  "{end}; then stop.",
    # An IGM withdrawal starts one step below the dose the patient takes now: the largest line names that dose
    # too, so "5 mg/day for 6 days" is never read without the 10 mg/day it steps down from (clinical review M3).
    "taper.headline.withdrawal": "{drug} once daily, down from {current} mg/day now: {first} mg/day for {first_for}, "
                                 "then down in {steps} to {last} mg/day; last dose {end}, then stop ({total} in all)",
    "taper.headline.withdrawal.one": "{drug} once daily, down from {current} mg/day now: {first} mg/day for "
                                     "{first_for}; last dose {end}, then stop",
    "taper.headline.patient.withdrawal": "You take {current} mg of {drug} a day now. From the first day of this "
                                         "calendar take {first} mg a day for {first_for}, then less, in {steps}, "
                                         "down to {last} mg a day. Your last dose is on {end}; then stop.",
    "taper.headline.patient.withdrawal.one": "You take {current} mg of {drug} a day now. From the first day of this "
                                             "calendar take {first} mg a day for {first_for}. Your last dose is on "
                                             "{end}; then stop.",
    "taper.steps.one": "1 step",
    "taper.steps": "{count} steps",
    "taper.days.one": "{{ not_a_figure(\"1 day\", \"the singular of a count\") }}",
    "taper.days": "{count} days",
    "taper.weeks.one": "1 week",
    "taper.weeks": "{count} weeks",
    "taper.span": "From {start} to {end}; first day without: {stop}",
    "taper.totals": "Days: {days}; cumulative dose: {cumulative} mg",
    "taper.dispense": "Tablets to dispense: {tablets}",
    "taper.action.print": "Print patient calendar",
    "taper.action.csv": "Download CSV",
    "taper.action.ics": "Download calendar (.ics)",
    "taper.table.caption": "Schedule: one row per daily dose",
    "taper.table.from": "From",
    "taper.table.to": "To",
    "taper.table.days": "Days",
    "taper.table.dose": "Dose a day",
    "taper.table.tablets": "Tablets each day",
    "taper.table.step": "Step",
    "taper.plan.summary": "Safety checks on this taper alone, other drugs not entered ({count} items)",
    "taper.plan.scope": "Checks on this taper alone (other drugs not entered): a steroid-sparing agent or any other "
                        "drug the patient already takes is not seen by them",
    "taper.plan.more": "To check the whole plan with the other drugs, use the",
    "taper.plan.link": "safety checks",
    "taper.plan.prednisone_note": "Corticosteroid doses are compared as prednisone equivalents (steroid "
                                  "equivalence table).",
    "taper.status": "{name}: {headline}.",
    # --- safety checks on a plan (calculators.safety; the taper page fills the same) ---
    "safety.carried": " Carried over from the IIM {src} to this IGM plan because it is about the drug; the "
                      "IGM sources do not mention it.",
    "safety.carried.igm_source": " Carried over from the IGM {src} to this {plan} plan because it is about "
                                 "the drug; the IIM sources do not list this monitoring.",
    "safety.pjp.steroid": "Consider Pneumocystis prophylaxis (for example trimethoprim-sulfamethoxazole): the plan "
                          "has {pjp_run_days} consecutive days at {dose} or more (prednisone equivalent), which "
                          "reaches {weeks} (S003).",
    "safety.pjp.multiple": "Pneumocystis prophylaxis: {immunosuppressants} immunosuppressants together; S002 lists "
                           "prophylaxis with multiple immunosuppressants among its mandatory measures. How "
                           "'multiple' is read is this tool's choice: {reading}",
    "safety.bone.dexa": "Bone health on corticosteroids: DEXA scan, and calcium and vitamin D supplements (S002, "
                        "S003).",
    "safety.bone.bisphosphonate": "Osteoporosis present: add a bisphosphonate (S002, S003).",
    "safety.bone.bisphosphonate_if": "Add a bisphosphonate if the DEXA scan shows osteoporosis (S002, S003).",
    "safety.vaccines.update": "Update vaccines before starting immunosuppression (S002, S003).",
    "safety.vaccines.no_live": "Avoid live vaccines once on immunosuppressive therapy (S003).",
    "safety.vaccines.live_planned": "A live vaccine is planned during immunosuppressive therapy: S003 says to avoid "
                                    "live vaccines.",
    "safety.steroid.monotherapy_iim": "No first-line steroid-sparing agent (methotrexate, azathioprine or "
                                      "mycophenolate) in the plan: S002 says never to use corticosteroid alone in "
                                      "IIM (it fails in {failure} of cases) and starts one of these from day one; "
                                      "other agents in the plan do not take its place.",
    "safety.steroid.high_dose_duration": "High-dose corticosteroid held for {high_dose_run_days} consecutive days "
                                         "without a reduction: S002 says never to continue it beyond {hold}, and "
                                         "S003 to begin tapering after {hold}; start the taper. High dose is this "
                                         "tool's reading: {per_kg} mg/kg/day or more, or its initial ceiling of "
                                         "{ceiling} or more, whichever is lower (tool choice).",
    "safety.steroid.high_dose_unknown": "Weight not given: the time at high-dose corticosteroid "
                                        "({{ figure(\"iim.prednisone.initial_per_kg\", bound=\"low\") }} or "
                                        "more) was not checked against S002's limit of "
                                        "{{ figure(\"iim.prednisone.hold_before_taper\") }} (S003: begin "
                                        "tapering after {{ figure(\"iim.prednisone.hold_before_taper\") }}); "
                                        "give the weight to check it.",
    "safety.steroid.hold_jdm_silent": "Juvenile DM: the sources give prednisone {per_kg} up to {cap}, but "
                                      "no time at that dose and no taper; the adult IIM limit of {hold} at high "
                                      "dose is not applied to a child. Plan the duration and taper with a "
                                      "paediatric specialist (S002, S003 silent).",
    "safety.aza.pregnancy_preferred": "Planning pregnancy: S002 prefers azathioprine as the steroid-sparing agent "
                                      "in IIM.",
    "safety.cni.reserved": "Cyclosporine or tacrolimus: S002 keeps them for severe, refractory disease because of "
                           "their serious adverse effects (hypertension and renal insufficiency among them).",
    "safety.mtx.folic_acid": "Folic acid {folic} mg once daily with methotrexate (S002).",
    "safety.mtx.folic_acid_jdm": "Folic acid: the sources give no folic acid dose for juvenile DM; S002's "
                                 "{{ figure(\"iim.folic_acid\") }} is an adult IIM dose and is not computed for "
                                 "a child.",
    "safety.mtx.hepatitis": "Screen for hepatitis B and C before methotrexate (S002).",
    "safety.mtx.liver": "Baseline liver function tests before methotrexate (S002).",
    "safety.mtx.contraception": "Reliable contraception for a woman of childbearing potential: methotrexate is "
                                "teratogenic (S002).",
    "safety.mtx.pregnancy": "Methotrexate in pregnancy: S002 states it is teratogenic; this tool shows that as a "
                            "contraindication (tool choice).",
    "safety.pregnancy.no_advice": "Pregnant: S000 to S003 give no advice on this plan's drugs in pregnancy (S002 "
                                  "names azathioprine only for a planned pregnancy); seek specialist advice "
                                  "(tool choice).",
    "safety.mtx.planning_pregnancy": "Pregnancy planned with methotrexate in the plan: methotrexate is teratogenic "
                                     "(S002).",
    "safety.mtx.planning_pregnancy.iim": " In IIM, S002 prefers azathioprine when planning pregnancy.",
    "safety.aza.tpmt": "Check TPMT before azathioprine; no azathioprine dose without the result (S002, S003).",
    "safety.aza.tpmt_low": "TPMT low or absent: do not start azathioprine. At usual doses it can cause "
                           "life-threatening marrow suppression in this patient (CPIC thiopurine guideline; S002 "
                           "and S003 ask for the result but do not say what a low one means). Choose an agent "
                           "that is not a thiopurine.",
    "safety.aza.tpmt_intermediate": "TPMT intermediate: azathioprine needs a reduced starting dose and close "
                                    "blood count checks, as the marrow is more easily suppressed (CPIC "
                                    "thiopurine guideline; S002 and S003 do not say what an intermediate result "
                                    "means).",
    "safety.mtx.folic_acid_igm": "Folic acid: the IGM sources do not mention it; the IIM source S002 gives {folic} "
                                 "mg once daily with methotrexate. Carried over as something to consider, not as "
                                 "IGM guidance.",
    "safety.form.count": "{count} items",
    "safety.form.rule": "What the sources require for this {disease} plan, each item with its severity, its kind "
                        "and its basis; longest run at {dose} or more: {days} days (prednisone equivalent).",
    "safety.mtx.tmp_smx": "Methotrexate with Pneumocystis prophylaxis: trimethoprim-sulfamethoxazole "
                          "(co-trimoxazole) adds to methotrexate's marrow toxicity and can cause severe "
                          "pancytopenia (methotrexate labelling; BNF interactions; the guideline sources do not "
                          "mention it). Check full blood counts closely, or choose another prophylaxis.",
    "safety.mtx.tmp_smx.igm": " On this IGM plan the prophylaxis itself is carried over from the IIM source S003 "
                              "(the Pneumocystis item); the interaction is about the two drugs, whatever the "
                              "disease.",
    "safety.teratogen.pregnancy": "Pregnant, with {teratogens} in the plan: contraindicated in pregnancy, a major "
                                  "teratogen (product labelling; the guideline sources say nothing of it in "
                                  "pregnancy). Stop it, or do not start it, and seek specialist advice.",
    "safety.teratogen.contraception": "{teratogens}: a major teratogen (product labelling; the guideline sources "
                                      "say nothing of it in pregnancy): for a woman of childbearing potential, a "
                                      "negative pregnancy test before starting and effective contraception during "
                                      "treatment and after it ({after}).",
    "safety.teratogen.after.mycophenolate": "mycophenolate: 6 weeks after stopping",
    "safety.teratogen.after.cyclophosphamide": "cyclophosphamide: up to 1 year after stopping",
    "safety.mtx.monitoring": "Monitor methotrexate toxicity: full blood count, liver function tests, renal function "
                             "(S000).",
    "safety.igm.tuberculosis": "Exclude tuberculosis (tissue cultures) before corticosteroids: tuberculous mastitis "
                               "needs {treatment} of antituberculous treatment, not immunosuppression (S001).",
    "safety.igm.pregnancy": "Pregnant: S001 says to defer corticosteroids for IGM until after delivery.",
    "safety.steroid.alone_igm": "Corticosteroid without a steroid-sparing agent: the IGM sources disagree. S001 "
                                "puts systemic corticosteroid first for refractory IGM and treats a recurrence with "
                                "corticosteroid again; S000 advises against corticosteroid alone for recurrent "
                                "disease (complete response {alone}, against {combination} with methotrexate) and "
                                "adds methotrexate, or azathioprine. Which applies is the clinician's decision.",
    "safety.igm.agent_not_in_sources": "{agents}: not among the agents the IGM sources name for IGM (S000 names "
                                       "methotrexate, azathioprine and, after them, infliximab); no IGM rule of the "
                                       "sources applies to it here.",
    "safety.igm.iim_rules_not_applied": "The IGM sources give no advice on Pneumocystis prophylaxis, bone "
                                        "protection or vaccines. The IIM sources' rules on corticosteroid dose, "
                                        "bone and vaccines are carried over (they are about the drugs); their "
                                        "rules on several immunosuppressants together and time at high dose are "
                                        "not applied to an IGM plan (tool choice). Decide those on clinical "
                                        "grounds.",
    "safety.period.before_start": "is before the period's start",
    "safety.period.allowed": "{start} or later",
    "safety.course.reason": "is not a steroid course",
    "safety.course.allowed": "a SteroidCourse, a mapping, or a schedule with .drug and .periods",
    "safety.agent.not_input": "is not an input for {drug}",
    "safety.agent.only_mtx": "only for methotrexate",
    "safety.agent.reason": "is not an agent",
    "safety.agent.allowed": "a mapping such as {example}",
    "safety.mtx.no_daily": "methotrexate has no daily option: it is given once weekly",
    "safety.mtx.not_frequency": "is not a methotrexate frequency: methotrexate is given once weekly",
    "result.source": "Source: {source}",
    "result.sources": "Sources: {sources}",
    # --- the page's own status lines ---
    "status.updated": "Result updated.",
    "status.needed": "To see the result, give: {fields}.",
    "status.refused": "No result: {count} input problem(s).",
    # --- the templates of the live forms' markup (calculators/forms/views.py and live/forms.js fill) ---
    "view.unread": "template '{name}': cannot read {tag}",
    "view.unmatched": "template '{name}': {tag} without its {opening}",
    "view.unclosed": "template '{name}': {tag} is not closed",
    "view.no_template": "no template '{name}'",
    "view.no_slot": "template '{name}': no slot '{path}'",
    "view.not_text": "template '{name}': slot '{path}' is {got}, not a text",
    "view.not_list": "template '{name}': {tag} needs a list, got {got}",
    "view.not_condition": "template '{name}': {tag} needs a yes/no, a text or a list, got {got}",
}
"""Every sentence, by key. Keys are dotted: the area, then what is said."""

KIND_LABELS: dict[str, str] = {
    "source": "Source",
    "reference": "Outside reference",
    "tool_choice": "Tool's choice",
}
"""How the three kinds of statement (issue 11) are labelled on pages and in live results."""


#: The templates as written above, figure tokens and all (`TEMPLATES` holds them rendered).
TEMPLATE_SOURCE: dict[str, str] = dict(TEMPLATES)


def rendered_templates(figures: dict[str, Any]) -> dict[str, str]:
    """`TEMPLATE_SOURCE` with its tokens rendered from ``figures``, as the tool choices render theirs.

    A template that quotes a figure of a source writes its token, ``{{ figure("iim.aza.target_per_kg_ibw") }}``
    (``bound="low"`` or ``"high"`` for one end of a range), never the number, so a changed figure changes the
    sentence; a number that is no registry figure is ``{{ not_a_figure("1 day", "reason") }}``.

    Parameters
    ----------
    figures : dict
        The figures the tokens may name, by key (`calculators.figures.registry`) [record].
    """
    from .choices import TOOL_CHOICES
    from .choices import _render as render_tokens  # the one token reader of the data files

    return {key: render_tokens(text, f"calculators/messages.py [{key}]", figures, TOOL_CHOICES) if "{{" in text
            else text for key, text in TEMPLATE_SOURCE.items()}


def say(key: str, **params: Any) -> str:
    """Fill template ``key`` with ``params`` (already formatted text, or numbers formatted by `number_text`).

    Parameters
    ----------
    key : str
        A key of `TEMPLATES` [text].
    **params : str or float
        The template's fields, text or numbers (numbers by `number_text`) [any unit].
    """
    template = TEMPLATES[key]
    if "{{" in template:
        raise RuntimeError(f"template {key!r} still holds a figure token: import the calculators package first")
    shown = {k: (number_text(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
             for k, v in params.items()}
    return template.format(**shown)


def problem_text(field: str, value: Any, reason: str, allowed: str, source: str | None = None,
                 unit: str | None = None) -> str:
    """One refusal line: ``weight = -70 kg: must be greater than zero; allowed: 2 to 350 kg``.

    Parameters
    ----------
    field : str
        The field [text].
    value : any
        The value as given [any unit].
    reason : str
        What is wrong [text].
    allowed : str
        What is allowed [text].
    source : str, optional
        The source of the limit [text].
    unit : str, optional
        The value's unit, shown after it [text].
    """
    shown = value_text(value) + (f" {unit}" if unit else "")
    if source:
        return say("problem.source", field=field, value=shown, reason=reason, allowed=allowed, source=source)
    return say("problem", field=field, value=shown, reason=reason, allowed=allowed)


def range_text(low: float, high: float, unit: str | None = None) -> str:
    """``2 to 350 kg``.

    Parameters
    ----------
    low : float
        Lowest allowed [any unit].
    high : float
        Highest allowed [any unit].
    unit : str, optional
        The unit after the range [text].
    """
    if unit:
        return say("range.unit", low=number_text(low), high=number_text(high), unit=unit)
    return say("range", low=number_text(low), high=number_text(high))


def export() -> dict[str, Any]:
    """What the pages fill their sentences from."""
    return {"templates": dict(TEMPLATES), "weekdays": list(WEEKDAYS), "months": list(MONTHS),
            "kind_labels": dict(KIND_LABELS)}
