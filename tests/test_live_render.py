"""Every note of every form reaches the page as its sentence, with no rendering slip (issue 22 §4).

The live forms' scripts run in Node (tests/live_node.py) and render each case's result with the
page's own function (``LiveForms.resultHtml``) and status line. A note is an object
(``{text, kind, rests_on}``) wherever the package gives one: a renderer that pastes the object
instead of its sentence shows "[object Object]" (a taper's safety list did); a template filled
with a missing value shows "undefined" or "NaN". Each sentence the package's answer holds (form
notes, result notes, cautions, flags, plan checks and their notes) must appear in the HTML.
"""

from __future__ import annotations

import html
import re

import pytest

from calculators.forms import run
from tests.live_node import NodeForms, node
from tools.cases.forms import TODAY, all_cases

pytestmark = pytest.mark.skipif(node() is None, reason="needs node")

SLIPS = ("[object Object]", "undefined", "NaN", "null", "{", "}")


def _sentences(value, path="") -> list[tuple[str, str]]:
    """(where, text) of every note and message in a package answer."""
    out: list[tuple[str, str]] = []
    if isinstance(value, dict):
        if isinstance(value.get("text"), str) and "kind" in value:
            out.append((path, value["text"]))
        for key, item in value.items():
            if key in ("text",):
                continue
            if key in ("message", "headline") and isinstance(item, str):
                out.append((f"{path}.{key}", item))
            out += _sentences(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str) and path.endswith(("notes", "flags", "caps")):
                out.append((f"{path}[{i}]", item))
            else:
                out += _sentences(item, f"{path}[{i}]")
    return out


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    page = NodeForms(tmp_path_factory.mktemp("live-render"))
    cases = [(f, raw) for f, raw in all_cases()]
    try:
        answers = page.batch([{"form": f, "inputs": raw, "today": TODAY, "render": True} for f, raw in cases])
    finally:
        page.close()
    return [(f, raw, a) for (f, raw), a in zip(cases, answers, strict=True) if a.get("state") == "result"]


def test_every_form_renders_results(rendered):
    assert {f for f, _, _ in rendered} >= {"body-size", "steroid-equivalence", "taper", "dose"}


def test_no_rendering_slip_in_any_result(rendered):
    problems = []
    for form, raw, answer in rendered:
        shown = _text(answer["html"]) + " " + answer["status"]
        for slip in SLIPS:
            if slip in shown:
                at = shown.index(slip)
                problems.append(f"{form} {raw}: {slip!r} in ...{shown[max(0, at - 80):at + 40]}...")
    assert not problems, "\n".join(problems[:10])


def test_every_sentence_of_the_answer_is_on_the_page(rendered):
    """The package's own answer for each case, walked for every note and message: each is shown."""
    missing, kinds = [], set()
    for form, raw, answer in rendered:
        expected = run(form, raw, TODAY)
        shown = _text(answer["html"])
        for where, sentence in _sentences(expected):
            kinds.add(re.sub(r"\[\d+\]", "", where))
            if " ".join(sentence.split()) not in shown:
                missing.append(f"{form} {where}: {sentence[:90]!r}")
    assert not missing, f"{len(missing)} sentences not shown, e.g.:\n" + "\n".join(sorted(set(missing))[:12])
    # the walk reached each kind of note the forms give (a renamed key would otherwise pass vacuously)
    for kind in (".notes", ".results.schedule.notes", ".results.schedule.cautions", ".results.schedule.flags",
                 ".results.plan_checks.notes", ".results.plan_checks.items.message", ".results.schedule.headline"):
        assert kind in kinds, (kind, sorted(kinds))
