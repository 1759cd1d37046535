"""The reference vectors: every calculator's worked inputs with the exact answer or refusal.

:func:`reference_vectors` is the one producer. The site publishes its output
with each edition (``reference-vectors.json``, written by ``igm_iim_site/editions.py``),
the tests replay it (``tests/test_reference_vectors.py``), and the edition
changelog compares it between two editions (``tools/changelog.py``). Another
implementation (a pharmacy system, an EHR order set, a port) checks itself by
feeding each vector's ``inputs`` to its own code and comparing with
``expected`` or ``refusal``: see the *Reference vectors* page.

The vectors come from three suites of the package:

``form``
    the live forms of the site (`calculators.forms.run` over
    ``tools.cases.forms.all_cases``): raw form values as a person types
    them, the whole answer or the per-field refusals, a taper's downloads
    (CSV, iCalendar, printable calendar) byte for byte;
``regimen``
    the regimen calculators and the plan safety checker
    (``tools.cases.regimen_vectors``): JSON inputs, the full result or the
    refusal with its problems;
``taper``
    the taper engine (``tools.cases.taper_vectors``): the dated periods,
    tablets, totals, notes and flags, or the refusal.

A missing module is an error, never a reason to read vectors from somewhere
else; an older edition is read through its own code (`tools.changelog`).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from typing import Any

SCHEMA_ID = "guideline-reference-vectors"
SCHEMA_VERSION = 1

SUITES = ("form", "regimen", "taper")

#: The JSON Schema of the published file (draft 2020-12), so a consumer can validate it first. It is
#: closed (no field it does not describe) and passes `ajv --strict` (tests/test_reference_vectors.py).
#: What JSON Schema cannot say (``count`` and ``suites`` equal the vectors' tallies, ``calculators``
#: lists exactly the vectors' calculators, ids are unique) is checked by :func:`check_document`.
JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Reference vectors of the IGM & IIM treatment guide",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema", "edition", "count", "suites", "calculators", "vectors"],
    "properties": {
        "schema": {"type": "object", "additionalProperties": False, "required": ["id", "version", "json_schema"],
                   "properties": {"id": {"const": SCHEMA_ID}, "version": {"const": SCHEMA_VERSION},
                                  "json_schema": {"const": "reference-vectors.schema.json"}}},
        "edition": {"type": "string", "minLength": 1,
                    "description": "edition name, or 'draft' for an unpublished build"},
        "count": {"type": "integer", "minimum": 1, "description": "the number of vectors"},
        "suites": {"type": "object", "description": "the number of vectors of each suite",
                   "propertyNames": {"enum": list(SUITES)},
                   "additionalProperties": {"type": "integer", "minimum": 1}},
        "calculators": {"type": "array", "uniqueItems": True, "minItems": 1,
                        "description": "suite:calculator of every calculator the vectors cover",
                        "items": {"type": "string", "pattern": "^(form|regimen|taper):[A-Za-z0-9_.-]+$"}},
        "vectors": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "suite", "calculator", "inputs"],
            "properties": {
                "id": {"type": "string", "pattern": "^(form|regimen|taper):[A-Za-z0-9_.-]+:[0-9a-f]{10}$",
                       "description": "suite:calculator:hash of the inputs; stable across editions"},
                "suite": {"enum": list(SUITES)},
                "calculator": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
                "inputs": {"type": "object", "description": "exactly what the calculator is given"},
                "expected": {"type": "object", "description": "the full output when the inputs are accepted"},
                "refusal": {"description": "the refusal (field, message, allowed range) when they are not",
                            "anyOf": [{"type": "object", "minProperties": 1}, {"type": "array", "minItems": 1}]},
            },
            # exactly one outcome (each branch names its property, as ajv's strictRequired asks)
            "oneOf": [{"properties": {"expected": True}, "required": ["expected"]},
                      {"properties": {"refusal": True}, "required": ["refusal"]}],
        }},
    },
}


def check_document(document: dict[str, Any]) -> list[str]:
    """What the schema cannot compare: the counts, the calculator list and the ids against the vectors.

    Returns the problems (empty when the document is consistent); run after the schema has passed.
    """
    vectors = document["vectors"]
    problems = []
    if document["count"] != len(vectors):
        problems.append(f"count is {document['count']}, but the file holds {len(vectors)} vectors")
    tally: dict[str, int] = {}
    for v in vectors:
        tally[v["suite"]] = tally.get(v["suite"], 0) + 1
    if document["suites"] != tally:
        problems.append(f"suites is {document['suites']}, but the vectors are {tally}")
    covered = sorted({f"{v['suite']}:{v['calculator']}" for v in vectors})
    if document["calculators"] != covered:
        problems.append(f"calculators is {document['calculators']}, but the vectors cover {covered}")
    ids = [v["id"] for v in vectors]
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    if twice:
        problems.append(f"ids given twice: {twice}")
    wrong = [v["id"] for v in vectors if not v["id"].startswith(f"{v['suite']}:{v['calculator']}:")]
    if wrong:
        problems.append(f"ids that do not start with their suite:calculator: {wrong}")
    return problems


def _id(suite: str, calculator: str, inputs: Any) -> str:
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:10]
    return f"{suite}:{calculator}:{digest}"


def _vector(suite: str, calculator: str, inputs: Any, expected: Any = None, refusal: Any = None) -> dict:
    out = {"id": _id(suite, calculator, inputs), "suite": suite, "calculator": calculator, "inputs": inputs}
    if refusal is not None:
        out["refusal"] = refusal
    else:
        out["expected"] = expected
    return out


#: The edition label written into a taper's downloads (CSV, iCalendar, printable calendar) in the
#: vectors: fixed, so the same answer gives the same bytes in every edition's file.
FILES_EDITION = "reference vectors"
#: When the vectors' taper downloads are "written" (their iCalendar DTSTAMP, otherwise the time of
#: writing): fixed for the same reason.
FILES_WRITTEN = "2026-01-01T00:00:00+00:00"


def _form_cases() -> list[tuple[str, dict, dict]]:
    """(form, raw text, the page's answer) for every case of every live form.

    A taper answer carries its downloads byte for byte (``files``).
    """
    import datetime as dt

    from calculators.forms import run
    from calculators.forms.writers import taper_files
    from tools.cases.forms import TODAY, all_cases

    out = []
    for form, raw in all_cases():
        answer = run(form, raw, TODAY)
        if form == "taper" and answer["ok"]:
            answer = {**answer, "files": taper_files(answer, FILES_EDITION, dt.datetime.fromisoformat(FILES_WRITTEN))}
        out.append((form, raw, answer))
    return out


def _regimen_cases() -> list[dict]:
    from tools.cases import regimen_vectors

    return regimen_vectors()


def _taper_cases() -> list[dict]:
    from tools.cases import taper_vectors

    return taper_vectors()


def form_outcome(answer: dict) -> dict:
    """A form's answer as a vector outcome: ``{"refusal": problems}`` or ``{"expected": answer}``."""
    if answer.get("problems"):
        return {"refusal": answer["problems"]}
    return {"expected": {k: v for k, v in answer.items() if k not in ("ok", "problems")}}


def collect() -> list[dict]:
    """Every vector of the three suites, in a stable order (the producer's only job)."""
    out = []
    for form, raw, answer in _form_cases():
        outcome = form_outcome(answer)
        out.append(_vector("form", form, raw, expected=outcome.get("expected"), refusal=outcome.get("refusal")))
    for v in _regimen_cases():
        out.append(_vector("regimen", v["calculator"], v["inputs"], expected=v.get("expected"), refusal=v.get("error")))
    for v in _taper_cases():
        out.append(_vector("taper", v["input"]["protocol"], v["input"], expected=v.get("expected"),
                           refusal=v.get("error")))
    return out


def reference_vectors(edition: str = "draft") -> dict[str, Any]:
    """The published document: schema, edition, counts and the vectors."""
    vectors = collect()
    suites: dict[str, int] = {}
    for v in vectors:
        suites[v["suite"]] = suites.get(v["suite"], 0) + 1
    return {"schema": {"id": SCHEMA_ID, "version": SCHEMA_VERSION, "json_schema": "reference-vectors.schema.json"},
            "edition": edition, "count": len(vectors), "suites": suites,
            "calculators": sorted({f"{v['suite']}:{v['calculator']}" for v in vectors}), "vectors": vectors}


def main() -> int:
    """Print the reference vectors as JSON: ``python -m tools.vectors [EDITION]``."""
    print(json.dumps(reference_vectors(*(sys.argv[1:2] or ["draft"])), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
