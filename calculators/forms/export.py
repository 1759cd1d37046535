"""What the browser computes from, one file per form (igm_iim_site/live.py writes them into the site).

* ``live/data-<form>.js``: the form's definition (``window.LIVE_FORMS[form]``), the figures,
  tables and protocols its script needs (merged into ``window.LIVE_DATA``) and the templates of
  `calculators.messages` its sentences are made from (merged into ``window.LIVE_MESSAGES``).

`SCRIPTS` lists, per form, the scripts a page with that form loads, in order: a page loads
only what its own forms need.
"""

from __future__ import annotations

import json
from typing import Any

from .. import guidance, messages, patient, regimens, safety, steroids
from .. import taper as taper_pkg
from ..cautions import igm_withdrawal_notes, igm_withdrawal_steps_note
from ..choices import IGM_WITHDRAWAL_LAST_MAX_MG, PJP_MULTIPLE_MIN_AGENTS, PRED_START_CEILING_MG
from ..sources import ALL_SOURCES
from . import contract, definitions, views, writers
from .adapters import FORMULA_FORMS, note_json
from .definitions import FORMS, TAPER_STRENGTHS

BASE = "assets/javascripts/live/"
MESSAGE_AREAS: dict[str, tuple[str, ...]] = {
    "*": ("problem", "range", "input.", "note.", "record.", "status.", "rule.", "result.", "or", "view."),
    "body-size": ("ibw.", "bsa.", "bmi.", "abw.", "patient."),
    "steroid-equivalence": ("steroid.",),
    "taper": ("tp.", "taper.", "reg.population.", "pop.", "safety."),
    "dose": ("reg.", "drug.", "dose.", "pop.", "ibw.", "bsa.", "abw."),
    "safety": ("safety.", "drug.", "taper.plan.prednisone_note", "reg.cap.tool"),
}
"""The templates each form's page needs (key prefixes); a page gets only those of its forms."""

SCRIPTS: dict[str, tuple[str, ...]] = {
    "body-size": ("contract.js", "forms.js", "recipe.js"),
    "steroid-equivalence": ("contract.js", "forms.js", "recipe.js"),
    "taper": ("contract.js", "forms.js", "schedule.js", "recipe.js", "writers.js", "taper.js"),
    "dose": ("contract.js", "forms.js", "recipe.js", "dose.js"),
    "safety": ("contract.js", "forms.js", "recipe.js", "safety.js"),
}
"""The hand-written scripts each form needs (after messages.js and its data file), in load order."""

DATA_PARTS: dict[str, tuple[str, ...]] = {
    "body-size": ("body", "language", "recipe", "sources"),
    "steroid-equivalence": ("language", "recipe", "sources"),
    "taper": ("body", "language", "steroids", "taper", "sources"),
    "dose": ("body", "language", "recipe", "dose", "sources"),
    "safety": ("language", "recipe", "steroids", "safety", "sources"),
}


def data_file(form: str) -> str:
    return f"{BASE}data-{form}.js"


def scripts_for(forms: list[str]) -> list[str]:
    """Every file a page with these forms loads, in order, each once.

    Parameters
    ----------
    forms : list of str
        The form names a page holds [text].
    """
    out: list[str] = []
    for form in forms:
        out.append(data_file(form))
    for form in forms:
        out += [BASE + s for s in SCRIPTS[form]]
    return list(dict.fromkeys(out))


def _body() -> dict[str, Any]:
    """The units a patient's weight and height are read in (the formulas themselves are in `_recipe`)."""
    return {"kg_per_unit": {"kg": 1.0, "lb": patient.KG_PER_LB},
            "cm_per_unit": {"cm": 1.0, "m": 100.0, "in": patient.CM_PER_IN}}


def _recipe() -> dict[str, Any]:
    """Every formula (body size, steroid equivalence), compiled, and which formula answers each result of a
    formula form (`FORMULA_FORMS`).
    """
    from ..regimens.recipe import FORMULAS

    return {"formulas": FORMULAS, "forms": FORMULA_FORMS}


def _language() -> dict[str, Any]:
    """The recipe language itself: what each function takes, the words of each error, and the texts written in it
    (a dose line, a cap, a taper's headline), for every page that runs live/recipe.js.
    """
    from ..regimens.recipe import ERRORS, SIGNATURES, TEXTS

    return {"signatures": {name: list(sig) for name, sig in SIGNATURES.items()}, "errors": dict(ERRORS),
            "texts": TEXTS}


def _steroids() -> dict[str, Any]:
    not_practice = getattr(steroids, "NOT_PRACTICE", {})
    return {"equivalent_mg": steroids.EQUIVALENT_DOSE_MG, "routes": steroids.ROUTES,
            "source": steroids.STEROID_TABLE.id,
            "not_practice": {f"{drug}|{route}": text for (drug, route), text in not_practice.items()}}


def _choices_said(recipes: Any) -> set[str]:
    """The tool choices whose own words a recipe's notes say (the page needs only those)."""
    if isinstance(recipes, dict):
        found = {recipes["choice"]} if recipes.get("note") == "tool_choice" else set()
        return found.union(*(_choices_said(v) for v in recipes.values()))
    if isinstance(recipes, list):
        return set().union(*(_choices_said(v) for v in recipes))
    return set()


def _dose() -> dict[str, Any]:
    """What the dose form's page follows: each regimen's compiled recipe (its population check compiled into
    refusal steps), the figures and tool choices its recipes name, and each regimen's arguments. Nothing here
    knows a particular regimen.
    """
    import inspect

    from ..regimens.recipe import figure_record

    exported = regimens.export_regimens()
    calculators = {}
    for name, regimen in regimens.REGIMENS.items():
        parameters = inspect.signature(regimen.calculate).parameters
        arguments = [f for f in [*regimen.input_model.model_fields, "age_years"] if f in parameters]
        calculators[name] = {"arguments": list(dict.fromkeys(arguments)), "patient": "patient" in parameters}
    return {
        # each figure a recipe names, as a recipe reads it (recipe.py figure_record: value, low, high, text ...)
        "figures": {key: figure_record(key) for r in exported["recipes"].values()
                    for key in r.get("figures", {}).values()},
        "tool_choices": {k: {"text": v["text"]} for k, v in exported["tool_choices"].items()
                         if k in _choices_said(exported["recipes"])},
        "calculators": calculators, "recipes": exported["recipes"],
    }


def _taper() -> dict[str, Any]:
    from ..regimens.recipe import compile_recipe

    return {
        **taper_pkg.export_protocols(),
        "form_strengths": {k: (list(v) if isinstance(v, tuple) else v) for k, v in TAPER_STRENGTHS.items()},
        "source_labels": {p.source_id: p.source.label() for p in taper_pkg.PROTOCOLS.values()},
        "once_daily": writers.ONCE_DAILY,
        "csv_fields": writers.CSV_FIELDS,
        "max_pieces_a_day": taper_pkg.tablets.MAX_PIECES_A_DAY,
        "ics": {"prodid": writers.PRODID, "uid_host": writers.UID_HOST},
        "pred_start_ceiling_mg": PRED_START_CEILING_MG,
        "step_examples_mg": list(taper_pkg.engine.STEP_EXAMPLES_MG),
        "withdrawal_last_max_mg": IGM_WITHDRAWAL_LAST_MAX_MG,
        # start.py: the start dose's coverage and a dose the tablets make, as steps of the recipe language; and
        # each protocol's population (who it is for) as the same refusal steps the package runs
        # (a copy: an edit of the page's data never reaches the package's own steps)
        "steps": {**json.loads(json.dumps(taper_pkg.start.STEPS)),
                  **{pid: compile_recipe(p.population.steps(p.name, "age_years"))
                     for pid, p in taper_pkg.PROTOCOLS.items()}},
        "steroid_table": steroids.STEROID_TABLE.id,
        "span_cautions": [note_json(n) for n in (*igm_withdrawal_notes(), igm_withdrawal_steps_note())],
        "print_css": writers.print_css(),
        "texts": json.loads(json.dumps(taper_pkg.start.TEXTS)),  # the headline, lengths and flags (start.py)
        "pjp": taper_pkg.engine.PJP_TEXT,
        "plan": {
            **_plan_cases(),
            "pjp_dose_mg": guidance.PJP_STEROID_DOSE.value,
            "pjp_days": safety.PJP_WEEKS_DAYS,
            "pjp_immunosuppressants": PJP_MULTIPLE_MIN_AGENTS,
            "high_dose_per_kg": guidance.IIM_PRED_PER_KG.low,
            "high_dose_ceiling_mg": PRED_START_CEILING_MG,
            "high_dose_max_days": safety.HIGH_DOSE_MAX_DAYS,
            "steroid_sparing": sorted(safety.STEROID_SPARING),
            "prednisone_note": messages.TEMPLATES["taper.plan.prednisone_note"],
        },
    }


_SENTINELS = {"pjp_run_days": 987001, "high_dose_run_days": 987002}


def _plan_cases() -> dict[str, dict[str, Any]]:
    """`calculators.safety.check_plan` for a taper alone, in every case its answer can take.

    A taper alone has one steroid course, no other agent and no other fact about the patient, so
    the answer depends only on the disease, whether the longest run at 20 mg/day or more reaches
    the S003 threshold, whether the run at high dose is unknown (no weight) or beyond the hold, and
    whether the drug needs prednisone equivalents. The package answers each case once, here, as
    the templates of each item's message (``safety.*`` of `calculators.messages`) with every value
    filled in but the runs (`calculators.safety.LIVE_FIELDS`); the page measures the runs and fills
    the templates. A case whose text would depend on a number below a
    threshold fails the export.
    """
    from ..safety import LIVE_FIELDS, RULES, Facts, PlanFacts

    def render(disease: str, pjp: int, high: int | None) -> list[dict[str, Any]]:
        facts = Facts(plan=PlanFacts(disease=disease, weight_kg=None if high is None else 70.0), drugs=frozenset(),
                      has_steroid=True, pjp_run_days=pjp, high_dose_run_days=high, immunosuppressants=1)
        out = []
        for r in RULES:
            if disease in r.diseases and r.applies(facts):
                # The template and the values the package knows; the page fills the runs it measures.
                parts = [{"template": key, "values": {k: v for k, v in values.items() if k not in LIVE_FIELDS}}
                         for key, values in r.parts(facts)]
                out.append({"code": r.code, "severity": r.severity, "parts": parts, "sources": list(r.sources),
                            "kind": r.kind_on(disease), "rests_on": list(r.rests_on_for(disease)),
                            "text": r.message(facts)})
        return out

    cases: dict[str, dict[str, Any]] = {}
    below_pjp, below_high = 0, 0
    for disease in sorted({p.disease for p in taper_pkg.PROTOCOLS.values()}):
        for pjp_key, pjp in (("pjp", _SENTINELS["pjp_run_days"]), ("-", below_pjp)):
            for high_key, high in (("?", None), ("long", _SENTINELS["high_dose_run_days"]), ("-", below_high)):
                items = render(disease, pjp, high)
                if pjp_key == "-" and render(disease, below_pjp + 1, high) != items:
                    raise ValueError(f"safety text depends on a run below the threshold ({disease})")
                if high_key == "-" and render(disease, pjp, below_high + 1) != items:
                    raise ValueError(f"safety text depends on a high-dose run within the hold ({disease})")
                for eq_key, notes in (("", []), ("eq", [{"text": messages.TEMPLATES["taper.plan.prednisone_note"],
                                                         "kind": None, "rests_on": []}])):
                    cases["|".join((disease, pjp_key, high_key, eq_key))] = {"items": items, "notes": notes}
    # Each distinct item once; a case lists its items by number (the page's data stays small).
    table: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for case in cases.values():
        numbers = []
        for item in case["items"]:
            item.pop("text", None)
            key = json.dumps(item, sort_keys=True)
            if key not in index:
                index[key] = len(table)
                table.append(item)
            numbers.append(index[key])
        case["items"] = numbers
    return {"items": table, "cases": cases}


FACT_FIELDS = (*safety.LIVE_FIELDS, "agents", "teratogens", "after")
"""Template values the safety page measures itself: the runs, the count, the agents outside the IGM sources, and
the teratogens in the plan with how long contraception lasts after each."""


def _safety() -> dict[str, Any]:
    """The rule table of `calculators.safety` for the safety checks page, in the package's order.

    Each rule's message is exported per disease as its templates (``safety.*``) with every value filled in but
    the facts the page measures (`FACT_FIELDS`); each rule's condition is its compiled expression (``when``),
    which recipe.js evaluates on the same names (`calculators.safety.fact_names`) as the package.
    """
    from ..regimens.recipe import compile_recipe, condition
    from ..safety import FACT_CONSTANTS, FACT_STEPS, RULES, THRESHOLDS, Facts, PlanFacts

    rules = []
    for r in RULES:
        by_disease = {}
        for disease in r.diseases:
            facts = Facts(plan=PlanFacts(disease=disease), drugs=frozenset(), has_steroid=True, pjp_run_days=0,
                          high_dose_run_days=0, immunosuppressants=0)
            by_disease[disease] = [{"template": key, "values": {k: v for k, v in values.items()
                                                                if k not in FACT_FIELDS}}
                                   for key, values in r.parts(facts)]
        rules.append({"code": r.code, "severity": r.severity, "sources": list(r.sources), "scope": r.scope,
                      "kind": r.kind, "rests_on": list(r.rests_on()), "parts": by_disease, "when": condition(r.when),
                      "carried": [d for d in r.diseases if r.carried_to(d)]})
    return {
        "rules": rules,
        "thresholds": THRESHOLDS,
        "fact_steps": compile_recipe(FACT_STEPS),
        "fact_constants": FACT_CONSTANTS,
        "pjp_dose_mg": guidance.PJP_STEROID_DOSE.value,
        "pjp_text": guidance.PJP_STEROID_DOSE.text(),
        "pjp_days": safety.PJP_WEEKS_DAYS,
        "pjp_min_agents": PJP_MULTIPLE_MIN_AGENTS,
        "high_dose_per_kg": guidance.IIM_PRED_PER_KG.low,
        "high_dose_ceiling_mg": PRED_START_CEILING_MG,
        "high_dose_max_days": safety.HIGH_DOSE_MAX_DAYS,
        "agents": list(definitions.AGENT_LABELS),
        "facts": list(definitions.PATIENT_FACTS),
    }


def _sources() -> dict[str, dict[str, str | None]]:
    """Each source's title and date: the printed dose record spells out every source it names."""
    return {key: {"title": source.title, "published": source.published.isoformat() if source.published else None}
            for key, source in ALL_SOURCES.items()}


PARTS = {"body": _body, "language": _language, "recipe": _recipe,
         "steroids": _steroids, "dose": _dose, "taper": _taper, "safety": _safety,
         "sources": _sources}


def form_data(form: str) -> dict[str, Any]:
    """The figures, tables and protocols the script of ``form`` computes from.

    Parameters
    ----------
    form : str
        A form name [text].
    """
    return {part: PARTS[part]() for part in DATA_PARTS[form]}


def messages_for(form: str) -> dict[str, Any]:
    """The templates, names and labels the page of ``form`` fills its sentences from.

    Parameters
    ----------
    form : str
        A form name [text].
    """
    prefixes = MESSAGE_AREAS["*"] + MESSAGE_AREAS[form]
    exported = messages.export()
    exported["templates"] = {k: v for k, v in exported["templates"].items() if k.startswith(prefixes)}
    # the date window of calculators/forms/contract.py, read by live/contract.js as it is here
    exported["reading"] = {"date_window_years": contract.DATE_WINDOW_YEARS, "earliest_year": contract.EARLIEST_YEAR}
    return exported


def views_for(form: str) -> dict[str, str]:
    """The templates the page of ``form`` fills (`calculators.forms.views`): the common ones and its own.

    Parameters
    ----------
    form : str
        A form name [text].
    """
    own = {form: views.TEMPLATES[form]} if form in views.TEMPLATES else {"results": views.TEMPLATES["results"]}
    if form == "taper":
        own["calendar"] = writers.CALENDAR  # the printed calendar with its CSS, as calculators/forms/writers.py has it
    return {**{name: views.TEMPLATES[name] for name in views.COMMON}, **own}


def data_js(form: str, edition: str | None = None, data: dict[str, Any] | None = None) -> str:
    """The file ``live/data-<form>.js``: definition, data and templates of ``form``.

    Parameters
    ----------
    form : str
        A form name [text].
    edition : str, optional
        The edition the page is built for [text].
    data : dict, optional
        The form's data as `form_data` gives it, when the caller already has it (a test may change it first) [record].
    """
    definition = json.dumps(FORMS[form].as_json(), ensure_ascii=False)
    data = json.dumps(form_data(form) if data is None else data, ensure_ascii=False)
    said = messages_for(form)
    templates = json.dumps(said.pop("templates"), ensure_ascii=False)
    return ("(window.LIVE_FORMS = window.LIVE_FORMS || {})[" + json.dumps(form) + "] = " + definition + ";\n"
            "window.LIVE_DATA = Object.assign(window.LIVE_DATA || {}, " + data + ");\n"
            "window.LIVE_MESSAGES = window.LIVE_MESSAGES || Object.assign(" + json.dumps(said, ensure_ascii=False)
            + ", {templates: {}});\n"
            "Object.assign(window.LIVE_MESSAGES.templates, " + templates + ");\n"
            "window.LIVE_VIEWS = Object.assign(window.LIVE_VIEWS || {}, "
            + json.dumps(views_for(form), ensure_ascii=False) + ");\n")


__all__ = ["SCRIPTS", "data_js", "form_data", "messages_for", "scripts_for", "views_for"]
