"""The live forms: their definitions, how their text is read, and the answer a page must show.

This layer sits on top of the package (it imports the domain; the domain never imports it):

* `definitions` builds one `FormDef` per form from the pydantic input models;
* `contract` reads a form's text (numbers, whole numbers, choices, dates) by one declared
  policy, which ``docs/assets/javascripts/live/contract.js`` implements the same way;
* `reading` walks a form generically: used fields, refusals, what is still missing, bounds;
* `adapters` turns read values into one call of the package and its answer as JSON;
* `html` writes a form's HTML from its definition (pages hold ``{{ live_form("dose") }}``);
* `export` writes what the browser needs, one file per form.

`run` is the reference answer for a form: the Node parity test (``tests/test_live_parity.py``)
runs the browser's scripts on the same raw values and compares the whole answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from .adapters import ADAPTERS
from .definitions import FORMS, FormDef
from .reading import form_notes, read


def run(form: str, raw: Mapping[str, Any], today: dt.date | str | None = None) -> dict[str, Any]:
    """What the page must show for these raw form values (text, as the form holds them).

    Parameters
    ----------
    form : str
        A form name (`FORMS`) [text].
    raw : mapping of str to str
        Field name -> the text the control holds (``""`` for empty) [record].
    today : datetime.date or ISO text, optional
        The day the page computes on [date]; default: today. Dates are checked against it.

    Returns
    -------
    dict
        ``state`` is ``empty`` (``missing`` lists what is still needed), ``refused``
        (``problems``: ``[{field, message}]``) or ``result`` (``results``); ``inputs`` lists what
        the result was computed from (label, value) and ``notes`` the form's own notes.
    """
    day = dt.date.fromisoformat(today) if isinstance(today, str) else (today or dt.date.today())
    definition = FORMS[form]
    reading = read(definition, raw, day)
    answer: dict[str, Any] = {"state": "refused", "ok": False, "problems": reading.problems,
                              "missing": reading.missing, "inputs": reading.inputs, "notes": []}
    if reading.problems:
        return answer
    if reading.missing:
        answer["state"] = "empty"
        return answer
    answer["notes"].extend(form_notes(definition, reading.values, day))
    try:
        results = ADAPTERS[form](reading.values, day)
    except InputError as error:
        # the page names a field as its label does, for these values
        labels = {f.name: f.label_for(raw) for f in definition.fields}
        answer["problems"] = [{"field": p.field, "message": p.text(labels.get(p.field))} for p in error.problems]
        return answer
    answer.update(state="result", ok=True, results=results)
    return answer


__all__ = ["FORMS", "FormDef", "run"]
