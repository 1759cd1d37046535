"""Behaviours this tool chose where the sources are silent, each declared once.

A tool choice is not a source's statement. Each `ToolChoice` says what the
tool does (``text``, repeated in the notes of every result that uses it),
where it applies and why; ``context`` may say what the sources do give
around it, but a choice never rests on a source. The *Tool choices* page is
generated from :data:`TOOL_CHOICES`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from . import guidance as _g  # figures quoted in a choice's text come from the registry
from .errors import format_number

MTX_STEP_MG = 2.5
"""Increment of the IIM methotrexate escalation (a tool choice, ``mtx_steps``): 2.5 mg is one tablet."""
ADULT_AGE_YEARS = 18
"""Age from which a patient is an adult for the adult regimens (a tool choice, ``adult_age``)."""
PRED_START_CEILING_MG = 80
"""Highest initial prednisone a day the tool computes or tapers from (a tool choice, ``pred_start_ceiling``)."""
PJP_MULTIPLE_MIN_AGENTS = 2
"""How many agents taken together count as 'multiple immunosuppressants' (a tool choice, ``pjp_multiple``)."""
PRED_START_FLOOR_MG = 20
"""Lowest per-kg start dose the IIM rule-based taper takes (a tool choice, ``taper_start_floor``)."""
ADULT_MIN_HEIGHT_CM = 100
"""An adult height typed in cm below this is refused as likely inches (a tool choice, ``adult_height``)."""


class ToolChoice(BaseModel):
    """One behaviour decided by this project, with where it applies and why."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    text: str
    """What the tool does, as the notes of a result say it."""
    applies_to: tuple[str, ...]
    """Regimens, protocols, safety rules or inputs where the choice is used."""
    why: str
    """The reason for the choice."""
    context: str = ""
    """What the sources do say around the gap the choice fills (never its basis)."""
    value: float | None = None
    """The number the choice sets, where it sets one (pages show it with ``{{ choice_value("key") }}``)."""
    unit: str = ""

    def value_text(self) -> str:
        """``80 mg/day``: the choice's number and unit."""
        return f"{format_number(self.value)} {self.unit}".strip()


def _c(key: str, title: str, text: str, applies_to: tuple[str, ...], why: str, context: str = "",
       value: float | None = None, unit: str = "") -> ToolChoice:
    return ToolChoice(key=key, title=title, text=text, applies_to=applies_to, why=why, context=context, value=value,
                      unit=unit)


_CHOICES = (
    _c("input_validation", "Input ranges and refusals",
       "Inputs outside the tool's physiological ranges (weight 2-350 kg, height 45-250 cm, age 0-120 years), "
       "missing inputs and text where a number belongs are refused, never clamped or guessed.",
       ("every calculator",),
       "A number computed from a mistyped weight or a missing field is worse than no number.",
       "The sources give no input ranges."),
    _c("adult_age", "Who counts as an adult",
       f"Adult regimens take a patient of {ADULT_AGE_YEARS} years or older; juvenile dermatomyositis regimens "
       f"take a patient under {ADULT_AGE_YEARS}.",
       ("initial prednisone (IIM)", "IV methylprednisolone", "methotrexate (IIM)", "azathioprine",
        "mycophenolate", "IVIG", "rituximab", "cyclophosphamide", "methotrexate (IGM)", "IIM tapers",
        "juvenile DM regimens"),
       "The sources say 'adults' and 'juvenile' without an age; 18 is the usual boundary of adult care. The IGM "
       "sources name no age at all; their doses are fixed, not scaled to body size (methotrexate 15-25 mg once "
       "weekly), and nothing in them gives a dose for a child, so the IGM calculator takes adults too rather than "
       "extrapolate.",
       "S002 gives rituximab 'for adults'; S003 is written for adult IIM; S002 and S003 give separate juvenile "
       "DM doses.", value=ADULT_AGE_YEARS, unit="years"),
    _c("adult_height", "An adult height under 100 cm: inches?",
       f"An adult's height typed in centimetres below {ADULT_MIN_HEIGHT_CM} cm is refused, and the refusal asks "
       "whether inches were meant (64 typed as cm is 162.6 cm if it was inches); nothing is computed on it.",
       ("ideal body weight", "adjusted body weight", "body surface area and BMI of an adult", "azathioprine",
        "IVIG"),
       "Almost every adult is taller than 100 cm, and a height in inches typed with the centimetre unit falls "
       "there; computing on it would give a dose for a patient who does not exist.",
       "The sources give no height range; Devine's formula is for adults.", value=ADULT_MIN_HEIGHT_CM, unit="cm"),
    _c("age_required", "Age asked, never assumed",
       "A regimen restricted to adults or to children refuses to compute until the patient's age is given.",
       ("every age-restricted regimen",),
       "Assuming an adult would give an adult dose to a child nobody checked."),
    _c("pred_start_ceiling", "Initial prednisone ceiling of 80 mg/day",
       f"The tool computes no initial prednisone above {PRED_START_CEILING_MG} mg/day: a weight-based dose above "
       f"it is capped at {PRED_START_CEILING_MG} mg/day and shown, and a taper does not start above it.",
       ("initial prednisone (IIM)", "IIM tapers"),
       "Both IIM sources dose 0.5-1 mg/kg/day with no ceiling but give 60-80 mg/day as the typical dose; "
       "no source describes a start above 80 mg/day, so the tool holds the top of the typical range rather "
       "than extrapolate by weight.",
       "S002 and S003: 0.5-1 mg/kg/day, typically 60-80 mg/day; neither gives a maximum.",
       value=PRED_START_CEILING_MG, unit="mg/day"),
    _c("taper_start_floor", "Lowest weight-based start of the rule-based taper",
       f"A weight-based start dose below {PRED_START_FLOOR_MG} mg/day is not tapered by the IIM rule-based "
       "protocol.",
       ("iim-s003-rule-based",),
       "Below 20 mg/day the start is not the high initial dose the taper is written for.",
       "S003's taper steps start from the initial 0.5-1 mg/kg/day dose.", value=PRED_START_FLOOR_MG, unit="mg/day"),
    _c("taper_typed_start", "A typed start dose stays in the typical range",
       "A taper start dose typed without a weight must lie in the typical 60-80 mg/day; with a weight it is "
       "checked per kg instead.",
       ("iim-s003-rule-based",),
       "Without a weight the tool cannot check the dose against 0.5-1 mg/kg/day.",
       "S003: 0.5-1 mg/kg/day, typically 60-80 mg/day."),
    _c("mtx_weekly_cap", "Weekly methotrexate never above 25 mg",
       "No weekly methotrexate dose above 25 mg once weekly is computed or accepted, in any disease.",
       ("methotrexate (IIM, IGM, juvenile DM)", "safety check inputs"),
       "S003's '25-50 mg/week' start is an error of the source and unsafe; 25 mg is the highest figure any "
       "other source gives, so the tool makes it a ceiling.",
       "S002: target 25 mg weekly; S000: 15-25 mg weekly. No source calls 25 mg a maximum."),
    _c("jdm_mtx_cap", "The 25 mg weekly ceiling applied to juvenile DM",
       "Juvenile DM subcutaneous methotrexate of 15 mg/m² once weekly is capped at 25 mg once weekly when the "
       "body surface area would give more (from about 1.67 m²); the cap is the tool's, not a juvenile DM "
       "figure.",
       ("methotrexate (juvenile DM)",),
       "No source caps juvenile DM methotrexate; the tool never gives more than its adult weekly ceiling.",
       "S002 and S003: 15 mg/m² once weekly, no maximum."),
    _c("mtx_steps", "Methotrexate escalation steps",
       f"Methotrexate rises in {format_number(MTX_STEP_MG)} mg steps at even whole-week intervals so that the "
       "target is reached within the chosen number of months.",
       ("methotrexate (IIM)",),
       "2.5 mg is one tablet; even steps reach the target within the time the source gives.",
       f"S002 gives the start ({_g.IIM_MTX_START.text()}), the target ({_g.IIM_MTX_TARGET.text()}) and the "
       f"time to target ({_g.IIM_MTX_RAMP.text()}), not the steps.",
       value=MTX_STEP_MG, unit="mg"),
    _c("months", "What a month is",
       "A month is a calendar month (the same day of the month; the last day when the month is shorter).",
       ("methotrexate (IIM)", "cyclophosphamide"),
       "Dates must be reproducible to the day."),
    _c("ivmp_limits", "Reading of '10-20 mg/kg (250-1000 mg)'",
       "The tool reads S002's '(250-1000 mg)' as limits of the daily IV methylprednisolone dose: a dose from "
       "10-20 mg/kg must end within 250-1000 mg/day.",
       ("IV methylprednisolone",),
       "The bracket could be read as a typical adult range; reading it as limits keeps every dose inside both "
       "figures the source gives.",
       "S002: 10-20 mg/kg (250-1000 mg) for 1-5 consecutive days."),
    _c("ivmp_floor", "IV methylprednisolone raised to 250 mg/day",
       "When the chosen mg/kg gives less than 250 mg, the dose is raised to 250 mg/day, and shown, only if "
       "250 mg is still within 10-20 mg/kg for this weight; otherwise the calculator refuses.",
       ("IV methylprednisolone",),
       "It keeps the dose within both of the source's figures; the raise itself is not in the source.",
       "S002: 10-20 mg/kg (250-1000 mg)."),
    _c("ivmp_ceiling", "IV methylprednisolone capped at 1000 mg/day",
       "When the chosen mg/kg gives more than 1000 mg, the dose is capped at 1000 mg/day, and shown, even if "
       "that is below 10 mg/kg: the ceiling is never crossed.",
       ("IV methylprednisolone",),
       "A pulse above 1000 mg/day is outside every figure the source gives.",
       "S002: 10-20 mg/kg (250-1000 mg)."),
    _c("cyclophosphamide_count", "Number of cyclophosphamide infusions",
       "Infusions are counted so that each 4-week cycle ends within the chosen number of months, and never more "
       "infusions than months (3 months: 3 infusions; 6 months: 6; 12 months: 12).",
       ("cyclophosphamide",),
       "The source gives the interval and the course length, not the count. Thirteen 4-week cycles fit into a "
       "year, but a prescriber reading '12 months' expects 12 infusions, as 3 months gives 3 and 6 gives 6; the "
       "lower count is the cautious one for a toxic drug (clinical review W3).",
       "S002: every 4 weeks for 3-6 months (up to 12)."),
    _c("rounding", "Rounding of doses",
       "Doses are shown to 0.1 mg (0.1 g for IVIG), rounded half away from zero, and are not rounded to tablet "
       "or vial sizes (the taper makes each dose from the tablets on hand).",
       ("every regimen",),
       "The prescriber rounds to the product; the tool shows the computed figure."),
    _c("devine_below_60", "Devine below 60 inches",
       "Below 60 in (152.4 cm) the Devine formula gives no weight; the clinician chooses how the tool treats it: "
       "extended linearly below 60 in, or held at the 60-inch base weight. Either is an extension of the formula, "
       "not Devine's.",
       ("ideal body weight", "adjusted body weight", "azathioprine", "IVIG"),
       "Short adults are dosed on ideal body weight too; refusing them would leave no number, and picking one "
       "reading silently would hide a choice that moves the dose.",
       "Devine 1974 starts from 60 in; S002 and S003 dose azathioprine and IVIG on ideal body weight."),
    _c("patient_arithmetic", "Figures worked out for this patient",
       "A figure worked out for this patient (a per-kg range in mg for the weight entered, the mg/kg a capped "
       "dose comes to, an ideal body weight or body surface area, a percentage of this patient's target, actual "
       "weight compared with ideal) is this tool's arithmetic; the figure it starts from keeps its own label.",
       ("initial prednisone (IIM)", "IV methylprednisolone", "azathioprine", "IVIG", "methotrexate (juvenile DM)"),
       "A source states its per-kg dose or its range, a reference states its formula; neither states the number "
       "for this patient. Labelled as theirs, the product would read as if a source had written it, and it is "
       "exactly where a wrong weight or a slip in the code would show.",
       "The per-kg figures (S002, S003), the CPIC percentages and the Devine and Mosteller formulas are labelled "
       "with their own source wherever they are stated."),
    _c("igm_withdrawal_steps", "Steps inside the IGM withdrawal span",
       "Even dose steps (5 mg unless another step is chosen) are spread over the chosen 6-14 days, the later "
       "(lower) doses taking any extra day; the steps are the tool's, only the span is the source's.",
       ("igm-s000-withdrawal",),
       "S000 gives the span of the withdrawal, not its steps; even steps are the simplest schedule inside it.",
       "S000: taper slowly over 6-14 days when stopping; some patients need prolonged low-dose maintenance."),
    _c("igm_withdrawal_doubt", "A doubt about the IGM withdrawal span",
       "S000's 6-14 day withdrawal is shown with a doubt on every IGM schedule, calendar and file: after weeks "
       "or months of prednisolone, stopping within two weeks is close to stopping abruptly, and S000 itself "
       "says some patients need prolonged low-dose maintenance. The tool does not lengthen the span; the "
       "clinician decides.",
       ("igm-s000-withdrawal", "methotrexate (IGM)", "IGM page", "taper page"),
       "The two statements of S000 pull apart and the source does not reconcile them; a short schedule must "
       "not look more certain than its source.",
       "S000: taper slowly over 6-14 days when discontinuing; some patients need prolonged low-dose "
       "maintenance; some relapse quickly when steroid stops."),
    _c("tablets", "Making each dose from tablets",
       "A plan is dispensed in the fewest strengths on hand that make every dose exactly with at most 4 tablets "
       "a day where possible (then the fewest tablets on the heaviest day, then in all); each daily dose is "
       "made from those with the fewest pieces, ties going to the larger strengths; half tablets only when "
       "allowed; a dose the tablets on hand cannot make is refused.",
       ("every taper",),
       "Fewer tablets are fewer errors; the sources give no tablet sizes."),
    _c("start_rounding", "Rounding a weight-based start to the tablets",
       "A weight-based start dose the tablets cannot make is refused unless the clinician asks to round it "
       "down or to the nearest makeable dose; the rounding is stated.",
       ("IIM tapers",),
       "The tool never rounds a dose without being asked."),
    _c("aza_actual_weight", "Azathioprine also per kg of actual weight",
       "The azathioprine result also states its dose per kg of the patient's actual weight (arithmetic on this "
       "patient), and warns when that is above the top of CPIC's starting dose (an outside reference): the normal "
       "top, 3 mg/kg/day, or for TPMT intermediate the reduced top, 80% of it (2.4 mg/kg/day).",
       ("azathioprine",),
       "Ideal body weight is the basis S002 and S003 give, but for a thin, tall patient it can be far above what "
       "the patient weighs: a 183 cm man of 40 kg would get about 3.9 mg/kg of what he weighs, with nothing to "
       "say so.",
       "S002 and S003 give 2 mg/kg of ideal body weight and no ceiling."),
    _c("ivig_actual_weight", "IVIG also per kg of actual weight",
       "The IVIG result requires the actual weight and warns when the course is above 2 g/kg of it, the top of "
       "the 1-2 g/kg range S002 gives on ideal body weight (arithmetic on this patient, and this tool's reading of "
       "the range on actual weight).",
       ("IVIG",),
       "Ideal body weight is the basis S002 gives, but for a thin, tall patient it can be far above what the "
       "patient weighs: a 183 cm man of 40 kg would get 155.4 g, 3.9 g/kg of what he weighs, with nothing to say "
       "so (clinical review D3).",
       "S002 gives 1-2 g/kg of ideal body weight over 2 days and no ceiling on actual weight."),
    _c("pred_factor_half", "'Nearer' one end of the prednisone range",
       "A chosen initial prednisone dose in the half of 0.5-1 mg/kg/day away from the end S002 advises for the "
       "ticked factors is shown as a warning. The warning states S002's advice and is labelled S002; this "
       "reading of 'nearer' is a separate note labelled as the tool's.",
       ("initial prednisone (IIM)",),
       "S002 says where to sit in the range (nearer 0.5 or nearer 1 mg/kg/day) but not how near; the midpoint is "
       "the plainest reading, and a dose past it is a choice the prescriber should see questioned.",
       "S002: nearer 0.5 mg/kg with diabetes, osteoporosis or glaucoma; nearer 1 mg/kg with high relapse risk "
       "and low steroid risk."),
    _c("pjp_multiple", "Reading of 'multiple immunosuppressants'",
       "'Multiple immunosuppressants' is read as two or more agents taken together, any corticosteroid "
       "counting as one; IVIG is not counted (it is not an immunosuppressant).",
       ("safety check: Pneumocystis prophylaxis (IIM)", "IIM guideline page"),
       "The source does not say how many agents 'multiple' means; two is the smallest reading, so the "
       "check errs towards prophylaxis.",
       "S002: Pneumocystis prophylaxis when using multiple immunosuppressants."),
    _c("steroid_equivalents", "Steroid courses compared as prednisone",
       "Corticosteroid doses of different drugs are converted to prednisone equivalents (steroid equivalence "
       "table) and summed day by day before any threshold is checked.",
       ("safety checks",),
       "The thresholds of the sources are given for prednisone or for 'corticosteroids' without a drug."),
    _c("high_dose_hold", "What 'high-dose corticosteroid beyond 2-4 weeks' means",
       "High dose is read as 0.5 mg/kg/day of prednisone or more, and a hold ends at any dose reduction, so a "
       "taper in progress is not flagged.",
       ("safety check: high-dose duration (IIM)",),
       "The source sets the duration, not the dose that counts as high or what ends a hold.",
       "S002 and S003: never continue high-dose corticosteroids beyond 2-4 weeks; initial 0.5-1 mg/kg/day."),
    _c("mtx_pregnancy", "Methotrexate in pregnancy shown as a contraindication",
       "Methotrexate with a pregnancy is shown as a contraindication.",
       ("safety check: methotrexate",),
       "The source states methotrexate is teratogenic and asks for contraception; calling pregnancy a "
       "contraindication is the tool's conclusion from that.",
       "S002: women of childbearing potential need reliable contraception with methotrexate (teratogenic)."),
    _c("carried_over", "Drug rules carried over to IGM",
       "A rule about a drug itself (methotrexate is teratogenic, needs liver tests and hepatitis screening; "
       "azathioprine needs a TPMT result) is applied to an IGM plan too, and says it is carried over from "
       "the IIM sources.",
       ("IGM safety checks",),
       "The drug's harms do not depend on the disease; the IGM sources do not repeat them.",
       "S000 and S001 do not mention these checks; S002 and S003 give them for IIM."),
    _c("iim_rules_not_igm", "IIM management rules not applied to IGM",
       "Rules about managing IIM (Pneumocystis prophylaxis for several immunosuppressants together, vaccines, "
       "time at high dose) are not applied to an IGM plan; the check says the IGM sources do not address them. "
       "The rules about corticosteroid itself (Pneumocystis prophylaxis at S003's dose and duration, bone "
       "protection) are carried over and say so.",
       ("IGM safety checks",),
       "They are advice for another disease at other doses; presenting them as IGM guidance would give them a "
       "label they do not have.",
       "S000 and S001 give no prophylaxis or bone-protection advice."),
    _c("withdrawal_history", "What a withdrawal schedule cannot see",
       "A withdrawal schedule counts only its own days: it cannot see the weeks of steroid before it, so a "
       "count of 0 days at 20 mg/day or more is not reassurance about Pneumocystis risk.",
       ("igm-s000-withdrawal",),
       "Risk depends on the whole course, which a withdrawal schedule does not hold."),
    _c("table_not_practice", "Table entries that are not real practice",
       "Where the steroid equivalence table gives a figure for a route that is not how the drug is given "
       "(triamcinolone IV), the figure is kept as the table gives it and the result says it is not a route to "
       "prescribe.",
       ("steroid equivalence",),
       "Dropping the entry would change a reference; showing it bare would suggest an IV triamcinolone dose.",
       "The steroid equivalence table (a reference, not S000-S003) lists triamcinolone for IV only."),
    _c("jdm_prevention", "Prevention of treatment complications shown for juvenile DM",
       "The juvenile DM prednisone result carries the sources' measures against treatment complications: "
       "S002's (bone health, Pneumocystis prophylaxis with several immunosuppressants, vaccines), which S002 "
       "gives for inflammatory myopathy without an age, and S003's corticosteroid threshold for Pneumocystis "
       "prophylaxis and its advice against live vaccines, which S003 writes for adults and which are carried over "
       "to a child and say so.",
       ("prednisone (juvenile DM)",),
       "The sources give juvenile DM a dose and a cap and nothing else; the drugs' risks do not stop at 18, and a "
       "result without them reads as if a child needed none (clinical review M-N4). Whether and how to apply them "
       "to a child is for the paediatric team.",
       "S002: mandatory prophylaxis for inflammatory myopathy; S003: for adults, and juvenile DM treatment "
       "'differs slightly'."),
    _c("calendar_drug", "The drug named on a calendar",
       "Calendars, files and summaries name the drug the schedule is for (prednisone or prednisolone, as "
       "chosen); the equivalence of the two is the steroid table's.",
       ("every taper output",),
       "A patient must see the name on their box."),
)

TOOL_CHOICES: dict[str, ToolChoice] = {c.key: c for c in _CHOICES}
"""Every tool choice, by key."""


__all__ = ["ADULT_AGE_YEARS", "ADULT_MIN_HEIGHT_CM", "MTX_STEP_MG", "PJP_MULTIPLE_MIN_AGENTS",
           "PRED_START_CEILING_MG", "PRED_START_FLOOR_MG", "TOOL_CHOICES",
           "ToolChoice"]
