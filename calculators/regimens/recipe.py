"""A regimen's rule as data (its *recipe*), and the one Python interpreter that follows it.

Every regimen module writes its rule once, as a ``RECIPE``: plain data a clinician-editor can
read, exported with the dose form's data (`calculators.forms.export`). Python follows it here;
the page follows the same exported data with ``docs/assets/javascripts/live/recipe.js``. Neither
side restates a regimen: the numbers, conditions, caps, lines and notes are in the recipe only.

The vocabulary
--------------

A recipe is a mapping::

    {"title": "Prednisone (juvenile DM)",      # the result's name
     "called": "prednisone (juvenile DM)",     # the name a population refusal uses
     "label": "Prednisone",                    # the dose form's choice (optional)
     "needs": ["weight"],                      # what the form must have of the patient (optional)
     "figures": {"PK": "jdm.prednisone.per_kg", ...},   # short names for figures of calculators.guidance
     "steps": [...],                           # done in order
     "result": {...},                          # the headline
     "record": {"weight_kg": "=weight"}}       # what RegimenResult.inputs records besides the inputs

**Values.** A text starting with ``=`` is an expression; any other text, number, true/false or
null is itself. Expressions are a small part of Python's syntax, checked against a list (no call
of anything outside the vocabulary, no attribute of anything but a record): numbers, ``'text'``,
``None``/``True``/``False``, names, ``a.b``, ``[a, b]``, ``+ - * / //``, ``< <= > >= == !=``,
``is None``, ``and or not``, ``x if c else y`` and the functions of `FUNCTIONS`:

* numbers as text: ``n1(x)``, ``n2(x)`` (1 or 2 decimals), ``num(x)`` (up to 6), ``str(x)`` (a
  whole number), ``int(x)`` (drop the fraction), ``round(x)`` (half away from zero),
  ``rounded(x, 2)``;
* words: ``say('template.key', name=value, ...)`` (a template of `calculators.messages`),
  ``capitalize(t)``, ``join(list, ', ')``, ``one_of(list)``, ``weekly(weekday)``;
* choices of the form: ``which(['diabetes', ...])`` (the flags that are ticked);
* dates: ``weekday(d)``, ``long_date(d)``, ``add_months(d, n)``, ``later(d, days)`` (None stays
  None); ``d + days`` and ``d2 - d1`` (days);
* the body-size primitive: ``ideal_body_weight(below_60_in)``, ``body_surface_area()`` (records
  with ``value``, ``display``, ``rule``, ``source``, ``notes``);
* ``sources_of(FIG, ..., extra=[...])``: the sources of figures, each once.

Names are the inputs (``start``, ``mg_per_kg`` ...), ``weight`` and ``age_years`` of the patient,
the figures (records with ``value``, ``low``, ``high``, ``text``, ``cite``, ``sources``, ``key``),
whatever a ``let`` step named, and ``capped`` (whether a cap has bitten).

**Steps.** Each is a mapping with one of these keys (and an optional ``"when": "=condition"``):

* ``{"require": ["weight"], "for": "initial prednisone"}``: refuse a patient without them;
* ``{"population": "=age_years"}``: the registry's population check (who the regimen is for);
* ``{"let": {"name": value, ...}}``: name values, in order;
* ``{"refuse": field, "value": ..., "reason": ..., "allowed": ..., "source": ..., "kind": ...,
  "rests_on": [...]}``: refuse, naming the field, value and allowed range;
* ``{"cap": "dose", "ceiling" | "floor": limit, "figure": FIG, "unit": ..., "kind": "source" |
  "tool_choice", "rests_on": [...], "then": [steps]}``: when the named value is beyond the limit,
  it becomes the limit, the cap is shown, and the ``then`` steps run (``computed`` is the value
  before the cap);
* ``{"line": {"drug", "dose", "high", "unit", "frequency", "route", "label", "start", "end"}}``: a
  thing to give (with ``high``, one range from ``dose`` to ``high``);
* ``{"repeat": count, "as": "i", "steps": [...]}``: the steps ``count`` times, ``i`` from 0;
* ``{"if": condition, "then": [...], "else": [...]}`` and ``{"branch": value, "cases": {v: [...]}}``;
* ``{"note": "source" | "reference" | "tool_choice", "say": key, "with": {...}, "text": ...,
  "rests_on": [...], "choice": key, "warning": true}``: a note of its kind (a tool choice rests on
  its key and, without a text, says the choice's own words); ``"warning": true`` marks a warning;
* ``{"notes": "=ibw.notes"}``: the notes of a primitive's result, as they are.

`compile_recipe` turns the ``=`` texts into a small JSON tree, once, in Python: a name is a
JSON string, a number, true/false or null is itself, a text is ``["lit", "text"]`` and every
operation a list (``["*", ["get", "PK", "value"], "weight"]``). The page receives only that
tree.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .. import guidance
from ..body_size import body_surface_area, ideal_body_weight
from ..choices import TOOL_CHOICES
from ..errors import InputError, format_number
from ..figures import Figure
from ..messages import WEEKDAYS, long_date, number_text, one_of, round_to, say
from ..patient import Patient
from ..sources import ALL_SOURCES
from ..statements import Note
from ._base import CapApplied, DoseLine, RegimenResult, add_months, weekly

# --- compiling: "=" texts to a JSON tree ----------------------------------------------------------

FUNCTIONS = ("n1", "n2", "num", "str", "int", "round", "rounded", "say", "capitalize", "join", "one_of",
             "weekly", "which", "weekday", "long_date", "add_months", "later", "ideal_body_weight",
             "body_surface_area", "sources_of")
"""Every function an expression may call; anything else is refused when the recipe is compiled."""

_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
        ast.Is: "==", ast.IsNot: "!="}


def _tree(node: ast.AST, text: str) -> Any:
    def bad(what: str) -> ValueError:
        return ValueError(f"recipe expression {text!r}: {what} is not in the vocabulary")

    if isinstance(node, ast.Constant):
        if node.value is not None and not isinstance(node.value, (bool, int, float, str)):
            raise bad(repr(node.value))
        return ["lit", node.value] if isinstance(node.value, str) else node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return ["get", _tree(node.value, text), node.attr]
    if isinstance(node, ast.List):
        return ["list", [_tree(e, text) for e in node.elts]]
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BIN:
            raise bad(type(node.op).__name__)
        return [_BIN[type(node.op)], _tree(node.left, text), _tree(node.right, text)]
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return ["not", _tree(node.operand, text)]
        if isinstance(node.op, ast.USub):
            return ["neg", _tree(node.operand, text)]
        raise bad(type(node.op).__name__)
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        out = _tree(node.values[0], text)
        for value in node.values[1:]:
            out = [op, out, _tree(value, text)]
        return out
    if isinstance(node, ast.Compare):
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _CMP:
                raise bad(type(op).__name__)
            parts.append([_CMP[type(op)], _tree(left, text), _tree(right, text)])
            left = right
        out = parts[0]
        for part in parts[1:]:
            out = ["and", out, part]
        return out
    if isinstance(node, ast.IfExp):
        return ["if", _tree(node.test, text), _tree(node.body, text), _tree(node.orelse, text)]
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise bad("calling " + ast.unparse(node.func))
        return ["call", node.func.id, [_tree(a, text) for a in node.args],
                {k.arg: _tree(k.value, text) for k in node.keywords}]
    raise bad(type(node).__name__)


def expression(text: str) -> Any:
    """The JSON tree of one expression (without its ``=``).

    Parameters
    ----------
    text : str
        The expression, in the vocabulary of this module [text].

    Raises
    ------
    ValueError
        For anything outside the vocabulary (another function, an index, a loop ...).
    """
    return _tree(ast.parse(text.strip(), mode="eval").body, text)


def compile_recipe(value: Any) -> Any:
    """The recipe with every ``=`` text as ``{"=": tree}``: what both interpreters follow.

    Parameters
    ----------
    value : mapping, list or value
        A recipe, or any part of one [record].
    """
    if isinstance(value, str):
        return {"=": expression(value[1:])} if value.startswith("=") else value
    if isinstance(value, Mapping):
        out = {k: compile_recipe(v) for k, v in value.items()}
        if "require" in value:  # what each required patient field accepts, for the refusal's words
            out["allowed"] = {f: Patient.describe_field(f) for f in value["require"]}
        return out
    if isinstance(value, (list, tuple)):
        return [compile_recipe(v) for v in value]
    return value


def note_steps(notes: Any) -> list[dict[str, Any]]:
    """Steps that say notes written elsewhere in the package (`calculators.cautions`), word for word.

    Parameters
    ----------
    notes : iterable of Note
        The notes, each of its kind [record].
    """
    return [{"note": n.kind, "choice": n.rests_on[0], "text": n.text} if n.kind == "tool_choice"
            else {"note": n.kind, "text": n.text, "rests_on": list(n.rests_on)} for n in notes]


# --- following a compiled recipe ------------------------------------------------------------------

def figure_record(key: str) -> dict[str, Any]:
    """A figure of `calculators.guidance` as a recipe reads it (recipe.js builds the same from the export).

    Parameters
    ----------
    key : str
        The figure's key [text].
    """
    figure = figure_by_key(key)
    return {"key": figure.key, "value": figure.value, "low": figure.low, "high": figure.high, "text": figure.text(),
            "cite": figure.cite(), "sources": list(figure.sources)}


def figure_by_key(key: str) -> Figure:
    """The figure of `calculators.guidance` with this key.

    Parameters
    ----------
    key : str
        The figure's key, e.g. ``jdm.prednisone.cap`` [text].
    """
    for figure in guidance.figures():
        if figure.key == key:
            return figure
    raise KeyError(f"no figure {key!r} in calculators.guidance")


def _truth(value: Any) -> bool:
    return bool(value)


def _body_record(result: Any) -> dict[str, Any]:
    return {"value": result.value, "display": result.display(), "rule": result.rule, "source": result.source.id,
            "notes": list(result.notes)}


class _Run:
    def __init__(self, recipe: Mapping[str, Any], scope: dict[str, Any], patient: Patient | None, population: Any):
        self.recipe, self.scope, self.patient, self.population = recipe, scope, patient, population
        self.lines: list[DoseLine] = []
        self.caps: list[CapApplied] = []
        self.notes: list[Note] = []

    # values
    def value(self, v: Any) -> Any:
        if isinstance(v, Mapping) and "=" in v:
            return self.expr(v["="])
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v

    def expr(self, node: Any) -> Any:
        if isinstance(node, str):  # a name
            return bool(self.caps) if node == "capped" else self.scope[node]
        if not isinstance(node, list):  # a number, true/false or null
            return node
        op = node[0]
        if op == "lit":
            return node[1]
        if op == "get":
            return self.expr(node[1])[node[2]]
        if op == "list":
            return [self.expr(x) for x in node[1]]
        if op == "not":
            return not _truth(self.expr(node[1]))
        if op == "neg":
            return -self.expr(node[1])
        if op == "and":
            return _truth(self.expr(node[1])) and _truth(self.expr(node[2]))
        if op == "or":
            return _truth(self.expr(node[1])) or _truth(self.expr(node[2]))
        if op == "if":
            return self.expr(node[2]) if _truth(self.expr(node[1])) else self.expr(node[3])
        if op == "call":
            args = [self.expr(a) for a in node[2]]
            kwargs = {k: self.expr(v) for k, v in node[3].items()}
            return getattr(self, "f_" + node[1])(*args, **kwargs)
        a, b = self.expr(node[1]), self.expr(node[2])
        if op in ("+", "-") and isinstance(a, dt.date):
            if isinstance(b, dt.date):
                return (a - b).days
            return a + dt.timedelta(days=b if op == "+" else -b)
        return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b,
                "//": lambda: a // b, "<": lambda: a < b, "<=": lambda: a <= b, ">": lambda: a > b,
                ">=": lambda: a >= b, "==": lambda: a == b, "!=": lambda: a != b}[op]()

    # the vocabulary's functions (FUNCTIONS), as recipe.js has them
    def f_n1(self, x): return number_text(x, 1)
    def f_n2(self, x): return number_text(x, 2)
    def f_num(self, x): return format_number(x)
    def f_str(self, x): return x if isinstance(x, str) else str(int(x)) if float(x).is_integer() else format_number(x)
    def f_int(self, x): return int(x)
    def f_round(self, x): return int(round_to(x, 0))
    def f_rounded(self, x, places): return round_to(x, places)
    def f_say(self, key, **params): return say(key, **params)
    def f_capitalize(self, text): return text.capitalize()
    def f_join(self, items, sep): return sep.join(items)
    def f_one_of(self, items): return one_of(items)
    def f_weekly(self, day): return weekly(day)
    def f_which(self, names): return [n for n in names if self.scope.get(n)]
    def f_weekday(self, day): return WEEKDAYS[day.weekday()]
    def f_long_date(self, day): return long_date(day)
    def f_add_months(self, day, months): return add_months(day, months)
    def f_later(self, day, days): return None if day is None else day + dt.timedelta(days=days)
    def f_ideal_body_weight(self, below_60_in):
        return _body_record(ideal_body_weight(self.patient, below_60_in=below_60_in))

    def f_body_surface_area(self): return _body_record(body_surface_area(self.patient))

    def f_sources_of(self, *figures, extra=()):
        out: list[str] = []
        for item in [s for f in figures for s in f["sources"]] + list(extra):
            if item not in out:
                out.append(item)
        return out

    # steps
    def steps(self, steps: list[Mapping[str, Any]]) -> None:
        for step in steps:
            if "when" in step and not _truth(self.value(step["when"])):
                continue
            self.step(step)

    def step(self, s: Mapping[str, Any]) -> None:
        if "require" in s:
            self.patient.require(s["for"], *s["require"])
        elif "population" in s:
            self.population.check(self.recipe["called"], self.value(s["population"]))
        elif "let" in s:
            for name, v in s["let"].items():
                self.scope[name] = self.value(v)
        elif "refuse" in s:
            raise InputError(s["refuse"], self.value(s.get("value")), self.value(s.get("allowed")),
                             reason=self.value(s.get("reason")), source=self.value(s.get("source")),
                             kind=s.get("kind"), rests_on=tuple(self.value(s.get("rests_on", []))))
        elif "cap" in s:
            name, ceiling = s["cap"], "ceiling" in s
            limit, now = self.value(s["ceiling" if ceiling else "floor"]), self.scope[s["cap"]]
            if (now > limit) if ceiling else (now < limit):
                self.scope["computed"] = now
                self.caps.append(CapApplied(
                    figure=self.scope[s["figure"]]["key"], direction="ceiling" if ceiling else "floor", limit=limit,
                    unit=s["unit"], kind=s["kind"], rests_on=tuple(self.value(s["rests_on"])), computed=now,
                    applied=limit))
                self.scope[name] = limit
                self.steps(s.get("then", []))
        elif "line" in s:
            v = {k: self.value(x) for k, x in s["line"].items()}
            self.lines.append(DoseLine(drug=v["drug"], dose=v.get("dose"), high=v.get("high"), unit=v["unit"],
                                       frequency=v["frequency"], route=v["route"], label=v.get("label") or "",
                                       start=v.get("start"), end=v.get("end")))
        elif "repeat" in s:
            for i in range(int(self.value(s["repeat"]))):
                self.scope[s["as"]] = i
                self.steps(s["steps"])
        elif "if" in s:
            self.steps(s["then"] if _truth(self.value(s["if"])) else s.get("else", []))
        elif "branch" in s:
            self.steps(s["cases"].get(self.value(s["branch"]), []))
        elif "note" in s:
            self.notes.append(self.note(s))
        elif "notes" in s:
            self.notes.extend(self.value(s["notes"]))
        else:
            raise ValueError(f"recipe step {dict(s)!r} is not in the vocabulary")

    def note(self, s: Mapping[str, Any]) -> Note:
        kind = s["note"]
        if "say" in s:
            text = say(s["say"], **{k: self.value(v) for k, v in s.get("with", {}).items()})
        elif "text" in s:
            text = self.value(s["text"])
        else:
            text = TOOL_CHOICES[s["choice"]].text
        rests_on = [s["choice"]] if kind == "tool_choice" else self.value(s["rests_on"])
        return Note(text=text, kind=kind, rests_on=tuple(rests_on), warning=bool(s.get("warning", False)))


def follow(regimen: Any, args: Any, patient: Patient | None = None) -> RegimenResult:
    """Run ``regimen.recipe`` for validated ``args`` (and ``patient``, for regimens that take one).

    Parameters
    ----------
    regimen : Regimen
        The registry entry: its compiled recipe and its population [record].
    args : CalcInput
        The regimen's validated inputs, each in the unit its name says [record].
    patient : Patient, optional
        The patient, for regimens that take one; its fields carry their units [record].

    Returns
    -------
    RegimenResult
        What the recipe computes, with its lines, caps and notes.

    Raises
    ------
    InputError
        For any refusal the recipe (or a primitive it uses) makes.
    """
    recipe = regimen.recipe
    scope: dict[str, Any] = {name: figure_record(key) for name, key in recipe.get("figures", {}).items()}
    scope.update({name: getattr(args, name) for name in type(args).model_fields})
    if patient is not None:
        scope.update(weight=patient.weight_kg, age_years=patient.age_years, height_cm=patient.height_cm)
    run = _Run(recipe, scope, patient, regimen.population)
    run.steps(recipe["steps"])
    r = recipe["result"]
    record = {k: run.value(v) for k, v in recipe.get("record", {}).items()}
    return RegimenResult(
        regimen=run.value(r.get("regimen", recipe["title"])), value=run.value(r.get("value")),
        high=run.value(r.get("high")), unit=r["unit"],
        frequency=run.value(r["frequency"]), route=r["route"], rule=run.value(r["rule"]),
        source=ALL_SOURCES[run.value(r.get("source", "S002"))], sources=tuple(run.value(r["sources"])),
        lines=tuple(run.lines), caps_applied=tuple(run.caps), notes=tuple(run.notes),
        population=regimen.population.describe(), inputs={**record, **args.model_dump(mode="json")},
    )


__all__ = ["FUNCTIONS", "compile_recipe", "expression", "figure_by_key", "figure_record", "follow", "note_steps"]
