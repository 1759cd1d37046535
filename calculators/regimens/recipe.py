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
     "result": {...},                          # the headline (its "display", when set, is the whole line)
     "record": {"weight_kg": "=weight"}}       # what RegimenResult.inputs records besides the inputs

**Values.** A text starting with ``=`` is an expression; any other text, number, true/false or
null is itself. Expressions are a small part of Python's syntax, checked against a list (no call
of anything outside the vocabulary, no attribute of anything but a record): numbers, ``'text'``,
``None``/``True``/``False``, names, ``a.b``, ``r['k']`` (a record's field), ``[a, b]``, ``+ - * / //``,
``< <= > >= == !=``, ``is None``, ``in``/``not in``, ``and or not``, ``x if c else y`` and the functions of
`FUNCTIONS`:

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
* ``sources_of(FIG, ..., extra=[...])``: the sources of figures, each once;
* ``sqrt(x)``, ``power(x, y)`` (the body-size formulas);
* lists of numbers: ``min(xs)``, ``max(xs)``, ``nums(xs)`` (each as ``num``);
* the tablets (`calculators.taper.tablets`): ``make_dose(dose, strengths, half)`` (records with
  ``strength_mg`` and ``count``, or None), ``nearest_makeable(dose, strengths, half)`` (a record with
  ``below`` and ``above``).

The same interpreter runs the body-size formulas and the steroid conversion (`FORMULAS`, `compute`),
the words of a dose line and of a cap (`TEXTS`), the safety rules' conditions (`holds`) and a taper's
start coverage, notes and words (`calculators.taper.start`, `run_notes`, `spoken`).

Names are the inputs (``start``, ``mg_per_kg`` ...), ``weight`` and ``age_years`` of the patient,
the figures (records with ``value``, ``low``, ``high``, ``text``, ``cite``, ``sources``, ``key``),
whatever a ``let`` step named, and ``capped`` (whether a cap has bitten).

**Steps.** Each is a mapping with one of these keys (and an optional ``"when": "=condition"``):

* ``{"require": ["weight"], "for": "initial prednisone"}``: refuse a patient without them;
* ``{"population": "=age_years"}``: the registry's population check (who the regimen is for), compiled
  into the population's own ``refuse`` steps (`with_population`);
* ``{"let": {"name": value, ...}}``: name values, in order;
* ``{"refuse": field, "value": ..., "reason": ..., "allowed": ..., "source": ..., "kind": ...,
  "rests_on": [...]}``: refuse, naming the field, value and allowed range (the field and the kind may be
  expressions; a kind of None is the source's, as `calculators.errors.basis_of` reads it);
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

The full specification (grammar, types, every operator and function, and the one defined result
of each error, a `RecipeError` with the same message in both interpreters) is the editors' page
docs/editors/expressions.md; tests/data/conformance.json holds both interpreters to it. When a
regimen is created, `check_recipe` refuses a recipe naming anything it does not have.

`compile_recipe` turns the ``=`` texts into a small JSON tree, once, in Python: a name is a
JSON string, a number, true/false or null is itself, a text is ``["lit", "text"]`` and every
operation a list (``["*", ["get", "PK", "value"], "weight"]``). The page receives only that
tree.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import math
from collections.abc import Mapping
from typing import Any

from .. import body_size, guidance, steroids
from ..choices import TOOL_CHOICES
from ..errors import InputError, Problem, format_number
from ..figures import Figure
from ..messages import WEEKDAYS, long_date, number_text, one_of, round_to, say
from ..patient import Patient
from ..result import Result
from ..sources import ALL_SOURCES
from ..statements import Note
from ._base import CapApplied, DoseLine, RegimenResult, add_months, weekly

# --- compiling: "=" texts to a JSON tree ----------------------------------------------------------

FUNCTIONS = ("n1", "n2", "num", "str", "int", "round", "rounded", "say", "capitalize", "join", "one_of",
             "weekly", "which", "weekday", "long_date", "add_months", "later", "ideal_body_weight",
             "body_surface_area", "sources_of", "sqrt", "power", "count", "min", "max", "nums", "make_dose",
             "nearest_makeable")
"""Every function an expression may call; anything else is refused when the recipe is compiled."""

_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
        ast.Is: "==", ast.IsNot: "!=", ast.In: "in", ast.NotIn: "in"}


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
    if isinstance(node, ast.Subscript):
        return ["at", _tree(node.value, text), _tree(node.slice, text)]
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
            part = [_CMP[type(op)], _tree(left, text), _tree(right, text)]
            parts.append(["not", part] if isinstance(op, ast.NotIn) else part)
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


PATIENT_NAMES = ("weight", "age_years", "height_cm", "height", "height_unit", "height_in", "sex")
"""The names a recipe or formula that takes a patient has of it (`patient_scope`): ``weight`` in kg,
``height_cm`` and ``height_in`` converted, ``height`` and ``height_unit`` as typed."""


def patient_scope(patient: Patient) -> dict[str, Any]:
    """The names of `PATIENT_NAMES` for a patient (recipe.js patientScope gives the same).

    Parameters
    ----------
    patient : Patient
        The patient; its fields carry their units [record].
    """
    return {"weight": patient.weight_kg, "age_years": patient.age_years, "height_cm": patient.height_cm,
            "height": patient.height, "height_unit": patient.height_unit if patient.height is not None else None,
            "height_in": patient.height_in, "sex": patient.sex}


def _expressions(value: Any) -> list[tuple[str, Any]]:
    """Every (text, tree) of a recipe as written, in order."""
    if isinstance(value, str):
        return [(value, expression(value[1:]))] if value.startswith("=") else []
    if isinstance(value, Mapping):
        return [pair for v in value.values() for pair in _expressions(v)]
    if isinstance(value, list):
        return [pair for v in value for pair in _expressions(v)]
    return []


def _bound(value: Any) -> dict[str, Any]:
    """Every name a recipe's steps bind (``let``, ``repeat ... as``, ``computed`` of a cap), with its tree."""
    out: dict[str, Any] = {}
    if isinstance(value, Mapping):
        if isinstance(value.get("let"), Mapping):
            out.update({k: expression(v[1:]) if isinstance(v, str) and v.startswith("=") else v
                        for k, v in value["let"].items()})
        if "repeat" in value and "as" in value:
            out[value["as"]] = 0
        if "cap" in value:
            out["computed"] = 0
        for v in value.values():
            out.update({k: t for k, t in _bound(v).items() if k not in out})
    elif isinstance(value, list):
        for v in value:
            out.update({k: t for k, t in _bound(v).items() if k not in out})
    return out


def _problems(tree: Any, names: dict[str, tuple[str, ...] | None]) -> list[str]:
    """What is wrong in one tree: unknown names, fields a record does not have, calls that cannot work."""
    out: list[str] = []
    if isinstance(tree, str):
        if tree not in names:
            out.append(f"unknown name '{tree}'")
        return out
    if not isinstance(tree, list) or tree[0] == "lit":
        return out
    if tree[0] == "get":
        base = tree[1]
        if isinstance(base, str) and base in names and names[base] is not None and tree[2] not in names[base]:
            out.append(f"no field '{tree[2]}' on '{base}' (it has {', '.join(names[base])})")
        return out + _problems(base, names)
    if tree[0] == "list":
        return [p for t in tree[1] for p in _problems(t, names)]
    if tree[0] == "call":
        name, args, kwargs = tree[1], tree[2], tree[3]
        sig = SIGNATURES[name]
        if not (sig and sig[-1].endswith("*")) and len(args) != len(sig):
            out.append(f"{name}() takes {len(sig)} arguments, got {len(args)}")
        allowed = KEYWORDS.get(name, ())
        for key in kwargs:
            if allowed is not None and key not in allowed:
                out.append(f"{name}() takes no argument '{key}'")
        wants = [sig[-1][:-1]] * len(args) if sig and sig[-1].endswith("*") else list(sig)
        # a constant argument of the wrong type (a count mismatch is said above)
        for i, (arg, want) in enumerate(zip(args, wants, strict=False)):
            constant = _constant(arg)
            if constant is not _NOT_CONSTANT and not _fits(constant, want):
                out.append(f"{name}() needs a {want} as argument {i + 1}, got a {type_of(constant)}")
        if name == "which" and args and isinstance(args[0], list) and args[0][0] == "list":
            out += [f"which() names '{n[1]}', which is not an input" for n in args[0][1]
                    if isinstance(n, list) and n[0] == "lit" and n[1] not in names]
        return out + [p for t in [*args, *kwargs.values()] for p in _problems(t, names)]
    return [p for t in tree[1:] for p in _problems(t, names)]


_NOT_CONSTANT = object()


def _constant(tree: Any) -> Any:
    """The value of a tree written as a constant, else `_NOT_CONSTANT`.

    A number, a text, true/false, none, or a list of them: the compile-time check knows their type
    without running anything.
    """
    if tree is None or isinstance(tree, (bool, int, float)):
        return tree
    if isinstance(tree, list) and tree[0] == "lit":
        return tree[1]
    if isinstance(tree, list) and tree[0] == "list":
        items = [_constant(t) for t in tree[1]]
        return _NOT_CONSTANT if any(i is _NOT_CONSTANT for i in items) else items
    return _NOT_CONSTANT


def problems(tree: Any, names: Mapping[str, Any]) -> list[str]:
    """What is wrong in one compiled expression for these names (unknown names, calls that cannot work), each once.

    Parameters
    ----------
    tree : JSON tree
        An expression as `expression` compiles it [record].
    names : mapping
        The names it may read [record].
    """
    return list(dict.fromkeys(_problems(tree, dict.fromkeys(names))))


@functools.cache
def condition(text: str) -> Any:
    """The tree of a condition written once in Python data (a safety rule's ``when``), compiled once.

    Parameters
    ----------
    text : str
        The expression, without ``=`` [text].
    """
    return expression(text)


def holds(tree: Any, scope: Mapping[str, Any]) -> bool:
    """Whether a compiled condition is true (its truth, as ``if`` reads it) for the names of ``scope``.

    Parameters
    ----------
    tree : JSON tree
        The condition, compiled [record].
    scope : mapping
        Its names and their values [record].
    """
    return _truth(_Run({}, dict(scope), None, None).expr(tree))


def run_steps(steps: list[Any], scope: Mapping[str, Any], *, compiled: bool = False) -> dict[str, Any]:
    """Compile written steps and run them on ``scope``; the names they bind, with the scope's.

    Parameters
    ----------
    steps : list
        Steps as written (``=`` texts), for example a population's (`calculators.population.Population.steps`)
        [record].
    scope : mapping
        The names the steps read [record].
    compiled : bool
        The steps are compiled already (`compile_recipe`) [yes/no].

    Raises
    ------
    InputError
        For any refusal of the steps.
    """
    run = _Run({}, dict(scope), None, None)
    run.steps(steps if compiled else compile_recipe(steps))
    return run.scope


def run_notes(steps: list[Any], scope: Mapping[str, Any]) -> tuple[dict[str, Any], list[Note]]:
    """Run compiled steps on ``scope``: the names they bind (with the scope's) and the notes they say.

    Parameters
    ----------
    steps : list
        Compiled steps (`compile_recipe`), e.g. a taper's start coverage (`calculators.taper.start`) [record].
    scope : mapping
        The names the steps read [record].

    Raises
    ------
    InputError
        For any refusal of the steps.
    """
    run = _Run({}, dict(scope), None, None)
    run.steps(steps)
    return run.scope, run.notes


def check_recipe(name: str, recipe: Mapping[str, Any], inputs: tuple[str, ...] | list[str]) -> None:
    """Refuse, when the regimen is created, a compiled recipe that names something it does not have.

    Every name an expression reads must be an input, a figure's short name, a name of the patient, a
    name some step binds, or ``capped``; a field read of a figure or of a body-size result must be one
    such a record has; every call must have its function's number of arguments. A misspelling
    (``PER_KGG.valeu * wieght``) fails here, at import, not when a clinician's patient reaches it.

    Parameters
    ----------
    name : str
        The regimen's name, for the message [text].
    recipe : mapping
        The recipe as written (before `compile_recipe`) [record].
    inputs : sequence of str
        The names of the regimen's inputs (its input model's fields) [text].

    Raises
    ------
    ValueError
        Naming the regimen, the expression and every unknown name or field.
    """
    names: dict[str, tuple[str, ...] | None] = dict.fromkeys((*inputs, *PATIENT_NAMES, "capped"))
    names.update(dict.fromkeys(recipe.get("constants", {})))
    names.update(dict.fromkeys(recipe.get("figures", {}), FIGURE_FIELDS))
    for bound, tree in _bound(recipe).items():
        body = isinstance(tree, list) and tree[0] == "call" and tree[1] in ("ideal_body_weight", "body_surface_area")
        names[bound] = BODY_FIELDS if body else names.get(bound)
    found = []
    for text, tree in _expressions(recipe):
        problems = _problems(tree, names)
        if problems:
            found.append(f"  {text!r}: {'; '.join(dict.fromkeys(problems))}")
    if found:
        raise ValueError(f"recipe {name!r} does not compile:\n" + "\n".join(found))


def with_population(steps: list[Any], population: Any, called: str) -> list[Any]:
    """The steps with each ``{"population": "=age"}`` step replaced by the population's own refusal steps.

    The registry's population (who the regimen is for) becomes plain ``refuse`` steps when the recipe is
    compiled (`calculators.population.Population.steps`), so neither interpreter has a population check.

    Parameters
    ----------
    steps : list
        A recipe's steps, as written [record].
    population : Population
        The regimen's population [record].
    called : str
        The regimen's name in a refusal [text].
    """
    out: list[Any] = []
    for step in steps:
        if isinstance(step, Mapping) and "population" in step:
            found = population.steps(called, step["population"][1:])
            out += [{"if": step["when"], "then": found}] if "when" in step else found
        elif isinstance(step, Mapping):
            out.append({k: with_population(v, population, called) if k in ("steps", "then", "else") else
                        {c: with_population(x, population, called) for c, x in v.items()} if k == "cases" else v
                        for k, v in step.items()})
        else:
            out.append(step)
    return out


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


class RecipeError(ValueError):
    """An expression without a value (a wrong type, a division by zero, an unknown name ...).

    Its message is the one recipe.js throws for the same expression, word for word: both follow
    docs/editors/expressions.md, and calculators/regimens/conformance.json holds them to it.
    """


ERRORS: dict[str, str] = {
    "name": "unknown name '{name}'",
    "field": "no field '{field}' on a {type}",
    "types": "'{op}' cannot take a {left} and a {right}",
    "type": "'{op}' cannot take a {type}",
    "zero": "'{op}' by zero",
    "large": "'{op}' gives a number too large",
    "count": "{function}() takes {want} arguments, got {got}",
    "argument": "{function}() needs a {want} as argument {index}, got a {type}",
    "function": "unknown function '{function}'",
    "domain": "{function}() needs a number {want} as argument 1, got {got}",
    "operation": "unknown operation '{op}'",
    "empty": "{function}() needs a list with at least one item",
}
"""The words of every `RecipeError`, once: exported to the page, which fills the same templates."""


def _error(key: str, **values: Any) -> RecipeError:
    return RecipeError(ERRORS[key].format(**values))


SIGNATURES: dict[str, tuple[str, ...]] = {
    "n1": ("number",), "n2": ("number",), "num": ("number",), "str": ("text|number",), "int": ("number",),
    "round": ("number",), "rounded": ("number", "number"), "say": ("text",), "capitalize": ("text",),
    "join": ("texts", "text"), "one_of": ("texts",), "weekly": ("text?",), "which": ("texts",),
    "weekday": ("date",), "long_date": ("date",), "add_months": ("date", "number"), "later": ("date?", "number"),
    "ideal_body_weight": ("text?",), "body_surface_area": (), "sources_of": ("record*",),
    "sqrt": ("number",), "power": ("number", "number"), "count": ("list",), "min": ("numbers",),
    "max": ("numbers",), "nums": ("numbers",), "make_dose": ("number", "numbers", "boolean"),
    "nearest_makeable": ("number", "numbers", "boolean"),
}
"""What each function of `FUNCTIONS` takes, in order: a type, ``a|b`` (either), ``t?`` (or None),
``texts`` (a list of texts), ``numbers`` (a list of numbers), ``record*`` (any number of records). Exported
to the page, which checks the same (a date is its own type there too, so "date" never accepts a number)."""

KEYWORDS = {"say": None, "sources_of": ("extra",)}
"""The functions that take keyword arguments: ``say`` any (the template's names), ``sources_of`` only ``extra``."""

FIGURE_FIELDS = ("key", "value", "low", "high", "text", "cite", "sources")
BODY_FIELDS = ("value", "display", "rule", "source", "notes")


def type_of(value: Any) -> str:
    """The expression language's name for the type of a value: number, text, boolean, none, date, list, record.

    Parameters
    ----------
    value : any
        A value an expression gave [record].
    """
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, (list, tuple)):
        return "list"
    return "record"


def _fits(value: Any, want: str) -> bool:
    if want.endswith("?"):
        return value is None or _fits(value, want[:-1])
    if want in ("texts", "numbers"):
        return type_of(value) == "list" and all(type_of(v) == want[:-1] for v in value)
    return type_of(value) in want.split("|")


def check_args(name: str, args: list[Any]) -> None:
    """Refuse a call whose arguments are not what `SIGNATURES` says (recipe.js checks the same).

    Parameters
    ----------
    name : str
        The function [text].
    args : list
        Its positional arguments, evaluated [values].
    """
    sig = SIGNATURES[name]
    if sig and sig[-1].endswith("*"):
        wants = [sig[-1][:-1]] * len(args)
    else:
        if len(args) != len(sig):
            raise _error("count", function=name, want=len(sig), got=len(args))
        wants = list(sig)
    for i, (value, want) in enumerate(zip(args, wants, strict=True)):
        if not _fits(value, want):
            raise _error("argument", function=name, want=want, index=i + 1, type=type_of(value))


def _truth(value: Any) -> bool:
    """False for none, false, 0, an empty text and an empty list; true for anything else (as recipe.js)."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, (int, float, str, list, tuple)):
        return bool(value)
    return True


def _same(a: Any, b: Any) -> bool:
    """``==``: a boolean equals only a boolean, lists and records item by item, 1 == 1.0."""
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return False
    if ta == "list":
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if ta == "record":
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _finite(op: str, value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise _error("large", op=op)
    return value


def _arith(op: str, a: Any, b: Any) -> Any:
    ta, tb = type_of(a), type_of(b)
    if op == "+" and ta == tb == "text":
        return a + b
    if op in ("+", "-") and ta == "date" and tb == "number":
        return a + dt.timedelta(days=b if op == "+" else -b)
    if op == "-" and ta == tb == "date":
        return (a - b).days
    if ta != "number" or tb != "number":
        raise _error("types", op=op, left=ta, right=tb)
    if op in ("/", "//") and b == 0:
        raise _error("zero", op=op)
    if op == "//":
        return math.floor(_finite(op, a / b))
    value = a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else a / b
    return _finite(op, value)


def _order(op: str, a: Any, b: Any) -> bool:
    ta, tb = type_of(a), type_of(b)
    if ta != tb or ta not in ("number", "text", "date"):
        raise _error("types", op=op, left=ta, right=tb)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _at(base: Any, key: Any) -> Any:
    """``r[k]``: the field ``k`` (a text) of a record."""
    if type_of(base) != "record" or type_of(key) != "text":
        raise _error("types", op="[]", left=type_of(base), right=type_of(key))
    if key not in base:
        raise _error("field", field=key, type="record")
    return base[key]


def _contains(item: Any, where: Any) -> bool:
    """``x in xs``: an item equal to ``x`` (as ``==``) in a list, or a text that is a field of a record."""
    if type_of(where) == "list":
        return any(_same(item, x) for x in where)
    if type_of(where) == "record" and type_of(item) == "text":
        return item in where
    raise _error("types", op="in", left=type_of(item), right=type_of(where))


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
            if node == "capped":
                return bool(self.caps)
            if node not in self.scope:
                raise _error("name", name=node)
            return self.scope[node]
        if not isinstance(node, list):  # a number, true/false or null
            return node
        op = node[0]
        if op == "lit":
            return node[1]
        if op == "get":
            base = self.expr(node[1])
            if not isinstance(base, Mapping) or node[2] not in base:
                raise _error("field", field=node[2], type=type_of(base))
            return base[node[2]]
        if op == "list":
            return [self.expr(x) for x in node[1]]
        if op == "not":
            return not _truth(self.expr(node[1]))
        if op == "neg":
            value = self.expr(node[1])
            if type_of(value) != "number":
                raise _error("type", op="-", type=type_of(value))
            return -value
        if op == "and":
            return _truth(self.expr(node[1])) and _truth(self.expr(node[2]))
        if op == "or":
            return _truth(self.expr(node[1])) or _truth(self.expr(node[2]))
        if op == "if":
            return self.expr(node[2]) if _truth(self.expr(node[1])) else self.expr(node[3])
        if op == "call":
            if node[1] not in SIGNATURES:
                raise _error("function", function=node[1])
            args = [self.expr(a) for a in node[2]]
            kwargs = {k: self.expr(v) for k, v in node[3].items()}
            check_args(node[1], args)
            return getattr(self, "f_" + node[1])(*args, **kwargs)
        a, b = self.expr(node[1]), self.expr(node[2])
        if op == "==":
            return _same(a, b)
        if op == "!=":
            return not _same(a, b)
        if op in ("<", "<=", ">", ">="):
            return _order(op, a, b)
        if op in ("+", "-", "*", "/", "//"):
            return _arith(op, a, b)
        if op == "at":
            return _at(a, b)
        if op == "in":
            return _contains(a, b)
        raise _error("operation", op=op)

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
    def f_which(self, names): return [n for n in names if _truth(self.scope.get(n))]
    def f_weekday(self, day): return WEEKDAYS[day.weekday()]
    def f_long_date(self, day): return long_date(day)
    def f_add_months(self, day, months): return add_months(day, months)
    def f_later(self, day, days): return None if day is None else day + dt.timedelta(days=days)
    def f_ideal_body_weight(self, below_60_in):
        return _body_record(compute("ideal_body_weight", self.patient, below_60_in=below_60_in))

    def f_body_surface_area(self): return _body_record(compute("body_surface_area", self.patient))

    def f_count(self, items): return len(items)

    def f_min(self, items): return min(self._some("min", items))
    def f_max(self, items): return max(self._some("max", items))
    def f_nums(self, items): return [format_number(x) for x in items]

    @staticmethod
    def _some(name: str, items: list[Any]) -> list[Any]:
        if not items:
            raise _error("empty", function=name)
        return items

    # the tablet primitives of calculators/taper/tablets.py (schedule.js makeDose and nearestMakeable)
    def f_make_dose(self, dose, strengths, half):
        from ..taper.tablets import make_dose

        made = make_dose(dose, tuple(strengths), half)
        return None if made is None else [{"strength_mg": t.strength_mg, "count": t.count} for t in made]

    def f_nearest_makeable(self, dose, strengths, half):
        from ..taper.tablets import nearest_makeable

        below, above = nearest_makeable(dose, tuple(self._some("nearest_makeable", strengths)), half)
        return {"below": below, "above": above}

    def f_sqrt(self, x):
        if x < 0:
            raise _error("domain", function="sqrt", want="at or above 0", got=format_number(x))
        return math.sqrt(x)

    def f_power(self, x, y):
        if x <= 0:
            raise _error("domain", function="power", want="above 0", got=format_number(x))
        try:
            return _finite("power", float(x) ** y)  # a float, as in the page (an int power would never overflow)
        except OverflowError:
            raise _error("large", op="power") from None

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
            self.patient.require(self.value(s["for"]), *s["require"])
        elif "let" in s:
            for name, v in s["let"].items():
                self.scope[name] = self.value(v)
        elif "refuse" in s:
            raise InputError.from_problems([Problem(
                self.value(s["refuse"]), self.value(s.get("value")), self.value(s.get("reason")),
                self.value(s.get("allowed")), self.value(s.get("source")), unit=s.get("unit"),
                kind=self.value(s.get("kind")),
                rests_on=tuple(self.value(s.get("rests_on", []))))])
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
                                       start=v.get("start"), end=v.get("end"),
                                       decimals=int(v.get("decimals") or 1)))
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
        scope.update(patient_scope(patient))
    run = _Run(recipe, scope, patient, regimen.population)
    run.steps(recipe["steps"])
    r = recipe["result"]
    record = {k: run.value(v) for k, v in recipe.get("record", {}).items()}
    return RegimenResult(
        regimen=run.value(r.get("regimen", recipe["title"])), value=run.value(r.get("value")),
        high=run.value(r.get("high")), unit=r["unit"], headline=run.value(r.get("display")),
        frequency=run.value(r["frequency"]), route=r["route"], rule=run.value(r["rule"]),
        source=ALL_SOURCES[run.value(r.get("source", "S002"))], sources=tuple(run.value(r["sources"])),
        lines=tuple(run.lines), caps_applied=tuple(run.caps), notes=tuple(run.notes),
        population=regimen.population.describe(), inputs={**record, **args.model_dump(mode="json")},
    )


# --- the words of a dose line and of a cap, as data -----------------------------------------------

_WRITTEN_TEXTS: dict[str, Any] = {
    # DoseLine.text(): the line as every page, print and message says it, dates written out
    "line": {"steps": [{"let": {
        "dose_text": "=say('reg.no_dose_line') if dose is None else say('reg.line.range', "
                     "low=num(rounded(dose, decimals)), high=num(rounded(high, decimals)), unit=unit) "
                     "if high is not None else num(rounded(dose, decimals)) + ' ' + unit",
        # a one-day line (a pulse, an infusion) is "on Monday 5 January 2026"
        "when": "='' if start is None else say('dose.line.from', start=long_date(start)) if end is None else "
                "say('dose.line.on', start=long_date(start)) if end == start else "
                "say('dose.line.from_to', start=long_date(start), end=long_date(end))",
        "body": "=say('dose.line', drug=drug, dose=dose_text, route=route, frequency=frequency, when=when)"}}],
        "text": "=say('dose.line.labelled', label=label, line=body) if label else body"},
    # CapApplied.text(): the cap or floor that bit, and what it rests on
    "cap": {"steps": [], "text": "=say('reg.cap.ceiling' if direction == 'ceiling' else 'reg.cap.floor', "
                                 "computed=n1(computed), unit=unit, limit=num(limit), "
                                 "basis=say('reg.cap.tool') if kind == 'tool_choice' else join(rests_on, ', '))"},
}
_TEXT_NAMES = {"line": ("drug", "dose", "unit", "frequency", "route", "label", "high", "start", "end", "decimals"),
               "cap": ("direction", "computed", "unit", "limit", "kind", "rests_on")}
for _name, _text in _WRITTEN_TEXTS.items():
    check_recipe(_name, _text, _TEXT_NAMES[_name])
TEXTS: dict[str, Any] = compile_recipe(_WRITTEN_TEXTS)
"""The words of a dose line and of a cap (`DoseLine.text`, `CapApplied.text`) as steps and an expression of the
recipe language, compiled: what the package says and what recipe.js says, from the same data."""


def spoken(text: Mapping[str, Any], scope: Mapping[str, Any]) -> Any:
    """What a compiled text (its ``steps``, then its ``text``) says for these values.

    Parameters
    ----------
    text : mapping
        A text as `TEXTS` holds one, compiled, e.g. a taper's headline (`calculators.taper.start.TEXTS`) [record].
    scope : mapping
        The names it reads [record].
    """
    run = _Run({}, dict(scope), None, None)
    run.steps(text["steps"])
    return run.value(text["text"])


def text_of(name: str, scope: Mapping[str, Any], part: str | None = None) -> str:
    """The sentence of `TEXTS` ``name`` for these values (or the text its steps name ``part``).

    Parameters
    ----------
    name : str
        ``line`` or ``cap`` [text].
    scope : mapping
        The fields of the line or cap [record].
    part : str, optional
        A name the steps bind, such as ``dose_text`` of a line [text].
    """
    run = _Run({}, dict(scope), None, None)
    run.steps(TEXTS[name]["steps"])
    return run.scope[part] if part else run.value(TEXTS[name]["text"])


# --- formulas: body size and steroid equivalence, as data ------------------------------------------

def _compiled_formulas() -> dict[str, Any]:
    written = {**body_size.FORMULAS, **steroids.FORMULAS}
    for name, formula in written.items():
        check_recipe(name, formula, list(formula.get("inputs", {})))
    return {name: compile_recipe(formula) for name, formula in written.items()}


FORMULAS: dict[str, Any] = _compiled_formulas()
"""Every formula of `calculators.body_size` and `calculators.steroids`, checked and compiled once, at import:
what `compute` runs here and recipe.js runs in the page (exported by `calculators.forms.export`).

A formula is a recipe whose answer is a `Result`: ``inputs`` (its own inputs, each with its default),
``constants`` (named tables and numbers of its module), ``patient`` (whether it reads the patient's
`PATIENT_NAMES`), ``steps`` as a recipe's, and ``result`` (``quantity``, ``value``, ``unit``, ``rule``,
``source``, ``decimals``, and the ``inputs`` the result records)."""


def compute(name: str, patient: Patient | None = None, **args: Any) -> Result:
    """Run formula ``name`` for ``patient`` and ``args``: the one engine of body size and steroid equivalence.

    Parameters
    ----------
    name : str
        A key of `FORMULAS`, e.g. ``ideal_body_weight`` [text].
    patient : Patient, optional
        The patient, for a formula that reads one [record].
    **args : any
        The formula's inputs; one not given (or None) takes its default [any unit].

    Raises
    ------
    InputError
        For any refusal of the formula's steps, naming the field, the value and the allowed range.
    """
    formula = FORMULAS[name]
    scope: dict[str, Any] = dict(formula.get("constants", {}))
    scope.update({k: default if args.get(k) is None else args[k] for k, default in formula.get("inputs", {}).items()})
    if patient is not None:
        scope.update(patient_scope(patient))
    run = _Run(formula, scope, patient, None)
    run.steps(formula["steps"])
    r = formula["result"]
    return Result(quantity=run.value(r["quantity"]), value=run.value(r["value"]), unit=r["unit"],
                  rule=run.value(r["rule"]), source=ALL_SOURCES[run.value(r["source"])],
                  inputs={k: run.value(v) for k, v in r["inputs"].items()}, notes=tuple(run.notes),
                  decimals=r.get("decimals", 1), headline=run.value(r.get("display")))


__all__ = ["ERRORS", "FORMULAS", "FUNCTIONS", "SIGNATURES", "RecipeError", "check_recipe", "compile_recipe",
           "compute", "condition", "expression", "figure_by_key", "figure_record", "follow", "holds", "note_steps",
           "patient_scope", "problems", "run_notes", "run_steps", "spoken", "text_of", "type_of"]
