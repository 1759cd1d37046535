"""House rules of issue 15: every public function of the package documents its parameters in numpydoc form,
each with its unit in brackets (the taper's `taper_schedule` is the model), and every public module has an
API reference page.

A public function is an exported name of a public module (its ``__all__``, else the public names it
defines). A parameter's description carries ``[unit]``: a unit of measure (``[kg]``, ``[mg/day]``,
``[mg/kg/day]``, ``[weeks]`` ...) or one of the few unitless kinds below, so a reader always knows what a
number, a date or a piece of text is measured in.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import calculators

ROOT = Path(__file__).resolve().parent.parent

UNITLESS_KINDS = {
    "text": "words, names, keys or typed form text",
    "date": "a calendar day (datetime.date or ISO YYYY-MM-DD)",
    "UTC": "a moment in time, in UTC (datetime.datetime): when a file is written",
    "yes/no": "a flag",
    "yes/no/unknown": "a flag that may be unknown (None)",
    "policy": "a named behaviour chosen from a fixed list (a rounding rule, a short-stature rule, a formula)",
    "count": "a whole number of things",
    "places": "decimal places",
    "any unit": "a number in whatever unit its caller uses (the number formats)",
    "record": "a structured input whose own fields carry their units (a Patient, a schedule, a form's values)",
}
"""The unitless kinds a ``[...]`` may name instead of a unit of measure."""

UNITS = {
    "kg", "lb", "g", "mg", "cm", "m", "in", "m²", "%", "mg/day", "mg/kg/day", "mg/kg", "g/kg", "mg/m²",
    "mg once weekly", "days", "weeks", "months", "years",
}
"""Units of measure the package's parameters use."""

OWNED_ELSEWHERE: tuple[str, ...] = ()
"""The regimen package (owned by the regimen work): its findings are listed for its owners in
/work/notes/words-to-rules.md and checked here once they are fixed (empty this tuple then)."""


def public_modules() -> list[str]:
    names = ["calculators"]
    for info in pkgutil.walk_packages(calculators.__path__, "calculators."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return names


def public_functions():
    seen = set()
    for name in public_modules():
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        for attr in exported if exported is not None else [n for n in vars(module) if not n.startswith("_")]:
            obj = getattr(module, attr, None)
            if not inspect.isfunction(obj) or (exported is None and obj.__module__ != name):
                continue
            key = (obj.__module__, obj.__qualname__)
            if key not in seen:
                seen.add(key)
                yield f"{obj.__module__}.{obj.__qualname__}", obj


def parameters_section(doc: str | None) -> dict[str, str] | None:
    """Parameter name -> its entry (type line and description), or None without a Parameters section."""
    lines = inspect.cleandoc(doc or "").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "Parameters" and i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"}:
            entries: dict[tuple[str, ...], str] = {}
            current: tuple[str, ...] | None = None
            for text in lines[i + 2:]:
                if text and not text.startswith(" "):
                    if text.strip() in ("Returns", "Raises", "Yields", "Examples", "Notes", "See Also"):
                        break
                    current = tuple(n.strip() for n in text.split(":")[0].split(","))
                    entries[current] = text
                elif current:
                    entries[current] += " " + text.strip()
            return {n: entry for names, entry in entries.items() for n in names}
    return None


def unit_problem(entry: str) -> str | None:
    found = re.findall(r"\[([^\]]+)\]", entry)
    if not found:
        return "no [unit]"
    for inside in found:
        parts = [p.strip() for p in re.split(r",| or ", inside) if p.strip()]
        if all(p in UNITS or p in UNITLESS_KINDS for p in parts):
            return None
    return f"[{found[0]}] is neither a unit nor a unitless kind (UNITLESS_KINDS)"


def findings() -> list[str]:
    out = []
    for name, fn in public_functions():
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if not params:
            continue
        section = parameters_section(fn.__doc__)
        if section is None:
            out.append(f"{name}: no Parameters section")
            continue
        for p in params:
            entry = section.get(p.name)
            problem = "not documented" if entry is None else unit_problem(entry)
            if problem:
                out.append(f"{name}: {p.name}: {problem}")
    return out


def test_every_public_function_documents_each_parameter_with_its_unit():
    found = [f for f in findings() if not f.startswith(OWNED_ELSEWHERE)]
    assert not found, f"{len(found)} numpydoc findings:\n  " + "\n  ".join(found)


def test_the_walk_sees_the_package():
    names = {name for name, _ in public_functions()}
    assert {"calculators.taper.engine.taper_schedule", "calculators.safety.check_plan",
            "calculators.body_size.ideal_body_weight", "calculators.forms.writers.schedule_files"} <= names
    assert len(names) > 80


def test_a_missing_unit_is_found():
    def f(weight_kg):
        """Something.

        Parameters
        ----------
        weight_kg : float
            Body weight.
        """

    section = parameters_section(f.__doc__)
    assert unit_problem(section["weight_kg"]) == "no [unit]"
    assert unit_problem("x : float  Body weight [kg].") is None
    assert unit_problem("x : float  Body weight [stone].") is not None


def test_every_public_module_has_an_api_page():
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "reference").glob("*.md"))
    shown = set(re.findall(r"^::: (calculators[\w.]*)", pages, flags=re.M))
    missing = []
    for name in public_modules():
        if name in ("calculators", "calculators.taper.__main__"):
            continue
        covered = any(name == s or s.startswith(name + ".") for s in shown)
        if not covered:
            missing.append(name)
    assert not missing, f"public modules without an API reference page (a ::: line in docs/reference): {missing}"
