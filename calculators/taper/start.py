"""What a taper's start dose must be, as steps of the recipe language (docs/editors/expressions.md).

The coverage of a start dose (typed in mg/day, or weight x mg/kg/day capped or rounded to what the
tablets make), a dose the tablets must make, and the taper's own words (its headline, the lengths in it,
its flags) are written here once, as data. The package runs them with `calculators.regimens.recipe`
(`calculators.taper.engine`); the page runs the same compiled data with live/recipe.js (exported as
``window.LIVE_DATA.taper.steps`` and ``texts``). Neither side restates a rule of coverage.

The names the start steps read: ``start_dose_mg``, ``dose_mg_per_kg``, ``start_rounding``, ``weight`` (kg, or
None), ``strengths`` (mg on hand), ``half`` (halves allowed), ``protocol`` (its name as the form shows it,
never its id: ward-5), ``source`` (its source id), ``cover`` (its ``start`` coverage as a record) and
``CEILING`` (the tool's start ceiling, mg/day). They bind ``dose`` (mg/day) and say their notes.
"""

from __future__ import annotations

from typing import Any

from ..choices import PRED_START_CEILING_MG
from ..regimens.recipe import check_recipe, compile_recipe

_NEAR = ("=num(near.below) + ' or ' + num(near.above) if near.below is not None and near.above is not None "
         "else num(near.below) if near.below is not None else num(near.above) if near.above is not None "
         "else say('tp.none')")
_STRENGTHS = "=say('tp.strengths.half' if half else 'tp.strengths.whole', strengths=join(nums(strengths), ', '))"

MAKEABLE: list[dict[str, Any]] = [
    # a dose the tablets on hand make exactly, or a refusal naming the nearest doses they do make
    {"if": "=make_dose(dose, strengths, half) is None", "then": [
        {"let": {"near": "=nearest_makeable(dose, strengths, half)"}},
        {"refuse": "=field", "value": "=dose", "allowed": "=say('tp.makeable.allowed', nearest=near_text)",
         "reason": "=say('tp.makeable.reason', strengths=strengths_text)"}]},
]
"""A dose (``dose``, refused as ``field``) made from the strengths on hand, or refused."""

# whose limit the start coverage is: the tool's choices, or (kind None) what the protocol's source says
_COVER = {"source": "=source", "kind": "='tool_choice' if cover.why_kind == 'tool_choice' else None",
          "rests_on": "=cover.why_rests_on", "reason": "=say('tp.not_covered', protocol=protocol, why=cover.why)"}
_MG_DAY = "=say('tp.mg_day', low=num(low)) if low == high else say('tp.mg_day.range', low=num(low), high=num(high))"

_TYPED: list[dict[str, Any]] = [
    # with a weight the dose is checked per kg, so the wider per-kg coverage applies
    {"let": {"covered": "=cover.per_kg_mg if weight is not None and cover.per_kg_mg else cover.typed_mg",
             "dose": "=start_dose_mg", "field": "start_dose_mg"}},
    {"let": {"low": "=min(covered)", "high": "=max(covered)"}},
    {"refuse": "start_dose_mg", "when": "=not low <= dose <= high", "value": "=dose", "allowed": _MG_DAY, **_COVER},
    {"if": "=weight is not None and cover.per_kg_range", "then": [
        {"let": {"per_low": "=min(cover.per_kg_range)", "per_high": "=max(cover.per_kg_range)",
                 "per_kg": "=dose / weight"}},
        # one rule with the initial prednisone calculator: where even the lowest per-kg dose is above the
        # tool's ceiling, the ceiling is the start (that calculator gives it; this taper takes it, said so)
        {"let": {"at_ceiling": "=high == CEILING and per_low * weight > CEILING",
                 "top": "=min([per_high * weight, high])"}},  # never offer a start beyond what the taper takes
        {"if": "=at_ceiling and dose == CEILING", "then": [
            {"note": "tool_choice", "choice": "pred_start_ceiling", "say": "tp.ceiling.typed",
             "with": {"dose": "=num(dose)", "weight": "=n2(weight)", "per_kg": "=num(rounded(per_kg, 3))",
                      "low": "=num(per_low)"}}],
         "else": [
            {"refuse": "start_dose_mg", "when": "=not per_low - 1e-9 <= per_kg <= per_high + 1e-9", "value": "=dose",
             "reason": "=say('tp.per_kg.outside', per_kg=num(rounded(per_kg, 3)), low=num(per_low), "
                       "high=num(per_high))",
             "allowed": "=say('tp.mg_day', low=num(top)) if at_ceiling else say('tp.per_kg.allowed', "
                        "low=num(per_low * weight), high=num(top), weight=n2(weight))", "source": "=source"},
            {"note": "tool_choice", "choice": "patient_arithmetic", "say": "tp.per_kg.note",
             "with": {"dose": "=num(dose)", "weight": "=n2(weight)", "per_kg": "=num(rounded(per_kg, 3))"}}]}]},
    *MAKEABLE,
]

# A weight (converted from lb, say) and a computed dose are said as a reader reads them: 2 decimals, a dose per kg 3;
# never 69.853225 (clinical review M7: 154 lb)
_ROUNDED = {"weight": "=n2(weight)", "per_kg": "=num(dose_mg_per_kg)", "exact": "=n2(exact)", "dose": "=num(dose)",
            "how": "=say('tp.rounded.how_down', dose=num(dose)) if start_rounding == 'down' else "
                   "say('tp.rounded.how_nearest', dose=num(dose), direction=say('tp.rounded.down') if dose < exact "
                   "else say('tp.rounded.up'))",
            "per_kg_dose": "=num(rounded(dose / weight, 3))"}

_PER_KG: list[dict[str, Any]] = [
    {"refuse": "dose_mg_per_kg", "when": "=cover.per_kg_mg is None", "value": "=dose_mg_per_kg", "source": "=source",
     "reason": "=say('tp.per_kg.unused', protocol=protocol, why=cover.why)",
     "allowed": "=say('tp.per_kg.unused.allowed')"},
    {"refuse": "patient", "when": "=weight is None", "value": None, "reason": "=say('tp.patient.required')",
     "allowed": "=say('tp.patient.allowed')"},
    {"let": {"exact": "=rounded(weight * dose_mg_per_kg, 6)", "low": "=min(cover.per_kg_mg)",
             "high": "=max(cover.per_kg_mg)", "field": "=say('tp.field.per_kg_start')"}},
    {"let": {"at_ceiling": "=exact > CEILING and high == CEILING"}},
    # the same declared ceiling as the initial prednisone calculator: capped, and said so
    {"if": "=at_ceiling", "then": [
        {"note": "tool_choice", "choice": "pred_start_ceiling", "say": "tp.ceiling",
         "with": {"weight": "=n2(weight)", "per_kg": "=num(dose_mg_per_kg)", "exact": "=n2(exact)",
                  "ceiling": "=num(CEILING)"}},
        {"let": {"exact": "=CEILING"}}]},
    {"let": {"dose": "=exact"}},
    {"if": "=not make_dose(exact, strengths, half)", "then": [
        {"let": {"near": "=nearest_makeable(exact, strengths, half)"}},
        {"refuse": "=field", "when": "=start_rounding == 'refuse'", "value": "=rounded(exact, 2)",
         "reason": "=say('tp.refuse.reason', weight=n2(weight), per_kg=num(dose_mg_per_kg), "
                   "strengths=strengths_text)", "allowed": "=say('tp.refuse.allowed', nearest=near_text)"},
        {"let": {"dose": "=near.below if start_rounding == 'down' or near.above is None or (near.below is not None "
                         "and exact - near.below <= near.above - exact) else near.above"}},
        {"refuse": "start_rounding", "when": "=dose is None", "value": "=start_rounding",
         "reason": "=say('tp.rounding.none', dose=n2(exact))", "allowed": "=say('tp.rounding.none.allowed')"},
        {"note": "tool_choice", "choice": "start_rounding", "say": "tp.rounded", "with": _ROUNDED}]},
    {"refuse": "=field", "when": "=not low <= dose <= high", "value": "=dose",
     "allowed": "=say('tp.mg_day.range', low=num(low), high=num(high))", **_COVER},
    # a start capped at the ceiling is below the per-kg range for a heavy patient: the ceiling note says so
    {"let": {"per_low": "=min(cover.per_kg_range)", "per_high": "=max(cover.per_kg_range)"}},
    {"refuse": "start_rounding", "value": "=start_rounding", "source": "=source",
     "when": "=not at_ceiling and not per_low - 1e-9 <= dose / weight <= per_high + 1e-9",
     "reason": "=say('tp.rounding.outside', dose=num(dose), per_kg=num(rounded(dose / weight, 3)), low=num(per_low), "
               "high=num(per_high))",
     "allowed": "=say('tp.rounding.outside.allowed', others=\"'round to nearest'\" if start_rounding == 'down' "
                "else \"'round down'\" if start_rounding == 'nearest' else \"'round down' or 'round to nearest'\")"},
]

_WRITTEN_START: list[dict[str, Any]] = [
    {"refuse": "start_dose_mg", "when": "=(start_dose_mg is None) == (dose_mg_per_kg is None)",
     "value": "=start_dose_mg", "allowed": "=say('tp.either.allowed')",
     "reason": "=say('input.required') if start_dose_mg is None else say('tp.both')"},
    {"let": {"strengths_text": _STRENGTHS}},
    {"if": "=start_dose_mg is not None", "then": _TYPED, "else": _PER_KG},
]

_REQUIRED: list[dict[str, Any]] = [
    # what each kind of protocol cannot do without: the hold of the start dose, or the withdrawal's span
    {"refuse": "hold_weeks", "when": "=kind == 'stepped' and hold_weeks is None", "value": None,
     "reason": "=say('tp.hold.required')", "allowed": "=say('tp.hold.required.allowed')", "source": "S002, S003"},
    {"refuse": "withdrawal_days", "when": "=kind == 'span' and withdrawal_days is None", "value": None,
     "reason": "=say('tp.span.required')", "allowed": "=say('tp.span.required.allowed')", "source": "=source"},
]

_NOTES: list[dict[str, Any]] = [
    # what the schedule's notes say after the walk, each of its kind
    {"note": "tool_choice", "choice": "tablets", "when": "=count(dispensed) < count(on_hand)", "say": "tp.dispensed",
     "with": {"dispensed": "=join(nums(dispensed), ', ') + ' mg'", "on_hand": "=join(nums(on_hand), ', ') + ' mg'",
              "cap": "=str(MAX_PIECES)"}},
    {"note": "tool_choice", "choice": "tablets", "when": "=half", "say": "tp.half"},
    {"note": "tool_choice", "choice": "igm_withdrawal_steps", "when": "=spacing_note",
     "text": "=spacing_note"},
    {"note": "source", "when": "=slow is not None", "say": "tp.slow", "with": {"weeks": "=str(slow)"},
     "rests_on": ["S003"]},
    {"note": "reference", "when": "=drug != protocol_drug", "say": "tp.drug", "rests_on": "=[STEROID_TABLE]",
     "with": {"source": "=source", "protocol_drug": "=protocol_drug", "drug": "=drug"}},
]

START_NAMES = ("start_dose_mg", "dose_mg_per_kg", "start_rounding", "weight", "strengths", "half", "protocol",
               "source", "cover", "CEILING")
"""The names the start steps read (see the module's docstring)."""

NOTE_NAMES = ("dispensed", "on_hand", "MAX_PIECES", "half", "spacing_note", "slow", "drug", "protocol_drug",
              "source", "STEROID_TABLE")
"""The names the notes after the walk read: the strengths dispensed and on hand (mg, largest first, each once),
the tool's most pieces a day, the halves, the protocol's spacing note, the slow option's weeks, the drug taken
and the protocol's, its source and the steroid table's name."""


def _near_text(steps: list[Any]) -> list[Any]:
    """Each ``near`` the steps bind is followed by its words (``near_text``)."""
    out: list[Any] = []
    for step in steps:
        if isinstance(step, dict):
            step = {k: _near_text(v) if k in ("then", "else") else v for k, v in step.items()}
        out.append(step)
        if isinstance(step, dict) and "near" in step.get("let", {}):
            out.append({"let": {"near_text": _NEAR}})
    return out


def _compiled() -> dict[str, Any]:
    written = {"start": _near_text(_WRITTEN_START),
               "makeable": [{"let": {"strengths_text": _STRENGTHS}}, *_near_text(MAKEABLE)],
               "required": _REQUIRED, "notes": _NOTES}
    names = {"start": START_NAMES, "makeable": ("field", "dose", "strengths", "half"),
             "required": ("kind", "hold_weeks", "withdrawal_days", "source"), "notes": NOTE_NAMES}
    for name, steps in written.items():
        check_recipe(f"taper {name}", {"steps": steps}, names[name])
    return {name: compile_recipe(steps) for name, steps in written.items()}


STEPS: dict[str, Any] = _compiled()
"""The compiled steps: ``required`` (the inputs a kind of protocol needs), ``start`` (the start dose's
coverage), ``makeable`` (one dose of the taper made from the tablets on hand) and ``notes`` (the schedule's
notes after the walk), what `calculators.taper.engine` and live/taper.js run."""


def start_scope(protocol: Any, request: Any, strengths: tuple[float, ...] | list[float],
                weight: float | None) -> dict[str, Any]:
    """The names the start steps read, for a protocol (its ``id``, ``source_id`` and ``start``) and a request.

    Parameters
    ----------
    protocol : Protocol
        The protocol, or anything with its ``id``, ``source_id`` and ``start`` coverage [record].
    request : TaperRequest
        The request: its start dose, dose per kg, rounding and halves [record].
    strengths : sequence of float
        The strengths on hand [mg].
    weight : float, optional
        The patient's weight [kg].
    """
    return {"start_dose_mg": request.start_dose_mg, "dose_mg_per_kg": request.dose_mg_per_kg,
            "start_rounding": request.start_rounding, "weight": weight, "strengths": list(strengths),
            "half": request.half_tablets, "protocol": getattr(protocol, "name", protocol.id),
            "source": protocol.source_id,
            "cover": protocol.start.model_dump(mode="json"), "CEILING": float(PRED_START_CEILING_MG)}


# --- the taper's words: its lengths, its headline and its flags ---------------------------------------------

def _duration(days: str) -> str:
    """``4 weeks`` for whole weeks (two or more), else ``10 days`` (engine.py duration_text), for the name ``days``."""
    return (f"say('taper.weeks', count=str({days} // 7)) if {days} // 7 * 7 == {days} and {days} >= 14 else "
            f"say('taper.days.one') if {days} == 1 else say('taper.days', count=str({days}))")


_WRITTEN_TEXTS: dict[str, Any] = {
    "duration": {"steps": [], "text": "=" + _duration("days")},
    # TaperSchedule.headline: from the first dose (and how long it is given) down to the last, in how many steps,
    # the last day and the whole length; ``patient``: in the patient's words (calendar)
    "headline": {"steps": [
        {"let": {"key": "='taper.headline.patient' if patient else 'taper.headline'", "steps": "=periods - 1"}},
        # a withdrawal (``current``: the dose taken before it) names that dose too (clinical review M3)
        {"let": {"key": "=key if current is None else key + '.withdrawal'",
                 "now": "='' if current is None else num(current)"}},
        {"let": {"first_for": "=" + _duration("first_days"), "total": "=" + _duration("duration"),
                 "count": "=say('taper.steps.one') if steps == 1 else say('taper.steps', count=str(steps))"}}],
        "text": "=say(key + '.one' if steps == 0 else key, drug=drug if patient else capitalize(drug), "
                "first=num(first_dose), first_for=first_for, end=long_date(end), last=num(last_dose), "
                "total=total, steps=count, current=now)"},
    # TaperSchedule.flags: the days at the Pneumocystis dose, and the threshold when reached; a withdrawal cannot
    # see the weeks before it, so its own count is never shown as reassurance
    "flags": {"steps": [{"let": {"days_text": "=say('tp.flag.days', days=str(pjp_days), dose=num(PJP.dose_mg))"}}],
              "text": "=[say('taper.withdrawal_history', days=str(pjp_days), dose=PJP.dose, why=PJP.why)] if span "
                      "else [days_text, say('tp.flag.pjp', dose=PJP.dose, weeks=PJP.weeks)] if reached "
                      "else [days_text]"},
}
_TEXT_NAMES = {"duration": ("days",),
               "headline": ("drug", "patient", "first_dose", "first_days", "last_dose", "end", "periods", "duration",
                            "current"),
               "flags": ("span", "pjp_days", "reached", "PJP")}


def _compiled_texts() -> dict[str, Any]:
    for name, text in _WRITTEN_TEXTS.items():
        check_recipe(f"taper text {name}", text, _TEXT_NAMES[name])
    return compile_recipe(_WRITTEN_TEXTS)


TEXTS: dict[str, Any] = _compiled_texts()
"""The taper's words as texts of the recipe language (steps, then a text): ``duration``, ``headline`` and
``flags``; `calculators.taper.engine` says them with `calculators.regimens.recipe.spoken`, live/taper.js with
``LiveRecipe.spoken``."""
