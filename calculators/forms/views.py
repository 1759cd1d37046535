r"""The live forms' markup, written once as templates, and the one filler both languages follow.

A result on a calculator page, the record under it and the taper's printed calendar are templates
(`TEMPLATES`, `writers.CALENDAR`), exported to the page (``window.LIVE_VIEWS``) and filled there by
``LiveForms.fill`` (``live/forms.js``) exactly as `fill` fills them here. The rules (docs/editors/live-forms.md,
*Templates*), held to the shared conformance table (tests/data/conformance.json, ``fill`` rows) in both languages:

* ``{{name}}``, ``{{name.field}}``: a slot, always escaped for HTML (``& < > " '``); its value must be a text.
  A name not given is an error, never an empty string.
* ``{{#each name}}...{{/each}}``: the part once per item of a list; inside, names are the item's own fields,
  and ``{{.}}`` is the item itself (a text).
* ``{{#if name}}...{{else}}...{{/if}}``: the part when the value is yes, a text that is not empty or a list
  that is not empty; the ``else`` part (optional) when it is no, empty or none.
* ``{{>name}}``: the template ``name``, filled with the values in scope (a note inside a list).

Nothing else: no expression, no unescaped value. Fixed words are put in when the package exports a template
(``[[message.key]]`` in its source becomes the escaped sentence of `calculators.messages`), so a template
holds its headings and labels and a page fills only what the answer gives.
"""

from __future__ import annotations

import functools
import re
from html import escape
from importlib.resources import files
from typing import Any

from ..messages import say

TAG = re.compile(r"\{\{(.*?)\}\}", re.S)  # split on it: texts and tags alternate
PART = re.compile(r"\s*(#each|#if|/each|/if|else|>)?\s*([A-Za-z_][\w.]*|\.)?\s*", re.ASCII)
WORDS = re.compile(r"\[\[([a-z_][a-z_0-9.]*)\]\]")


class TemplateError(ValueError):
    """A template that cannot be read, or values that do not fill it (the words: ``view.*`` of the messages)."""


def _fail(key: str, **values: str) -> TemplateError:
    return TemplateError(say("view." + key, **values))


def _kind(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "a yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    return "a text" if isinstance(value, str) else "a list" if isinstance(value, list) else "a record"


@functools.lru_cache(maxsize=256)
def _parse(name: str, text: str) -> list:
    """The template as nodes: a text, ["slot" or "partial", path], ["each", path, body, None] or
    ["if", path, body, else-body].
    """
    root: list = ["root", "", [], None]
    stack = [root]
    for i, piece in enumerate(TAG.split(text)):
        top = stack[-1]
        body = top[2] if top[3] is None else top[3]
        if i % 2 == 0:
            if piece:
                body.append(piece)
            continue
        tag, part = "{{" + piece + "}}", PART.fullmatch(piece)
        op, path = (part.group(1) or "", part.group(2) or "") if part else ("?", "")
        closing, wanted = op in ("/each", "/if", "else"), "if" if op == "else" else op[1:]
        if op == "?" or closing == bool(path):
            raise _fail("unread", name=name, tag=tag)
        if closing and (top[0] != wanted or (op == "else" and top[3] is not None)):
            raise _fail("unmatched", name=name, tag=tag, opening="{{#" + wanted + "}}")
        if op in ("#each", "#if"):
            body.append([wanted, path, [], None])
            stack.append(body[-1])
        elif op == "else":
            top[3] = []
        elif closing:
            stack.pop()
        else:
            body.append(["partial" if op == ">" else "slot", path])
    if len(stack) > 1:
        raise _fail("unclosed", name=name, tag="{{#" + stack[-1][0] + " " + stack[-1][1] + "}}")
    return root[2]


def _get(scope: Any, path: str, name: str) -> Any:
    if path == ".":
        return scope
    value = scope
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            raise _fail("no_slot", name=name, path=path)
        value = value[key]
    return value


def _walk(templates: dict[str, str], name: str, nodes: list, scope: Any, out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        if node[0] == "partial":
            out.append(fill(templates, node[1], scope))
            continue
        value = _get(scope, node[1], name)
        about = {"name": name, "path": node[1], "tag": "{{#" + node[0] + " " + node[1] + "}}", "got": _kind(value)}
        if node[0] == "slot":
            if not isinstance(value, str):
                raise _fail("not_text", **about)
            out.append(escape(value))
        elif node[0] == "each":
            if not isinstance(value, list):
                raise _fail("not_list", **about)
            for item in value:
                _walk(templates, name, node[2], item, out)
        else:
            if value is not None and not isinstance(value, (bool, str, list)):
                raise _fail("not_condition", **about)
            _walk(templates, name, node[2] if value else node[3] or [], scope, out)


def fill(templates: dict[str, str], name: str, values: Any) -> str:
    """The template ``name`` of ``templates`` filled with ``values`` (the rules are in this module's docstring).

    Parameters
    ----------
    templates : dict
        Template name -> template text [record].
    name : str
        The template to fill [text].
    values : dict
        The slots' values: texts, yes/no, lists and records of them [record].

    Raises
    ------
    TemplateError
        A template that cannot be read, a slot not given, or a value of the wrong kind.
    """
    if name not in templates:
        raise _fail("no_template", name=name)
    out: list[str] = []
    _walk(templates, name, _parse(name, templates[name]), values, out)
    return "".join(out)


def worded(source: str) -> str:
    """A template's source with its fixed words put in: ``[[key]]`` is the escaped sentence ``say(key)``.

    Parameters
    ----------
    source : str
        A template as written, with ``[[message.key]]`` for a fixed sentence [text].
    """
    return WORDS.sub(lambda m: escape(say(m.group(1))), source)


DATA_FILE = "data/views.html"
TEMPLATE = re.compile(r'<template id="([a-z_]+)">\n(.*?)\n</template>', re.S)


def read_templates(text: str) -> dict[str, str]:
    """The templates of a file as ``calculators/data/views.html`` holds them: each ``<template id="NAME">``, its
    lines joined without their line breaks, its fixed words put in (`worded`).

    Parameters
    ----------
    text : str
        The file's text [text].
    """
    return {name: worded(body.replace("\n", "")) for name, body in TEMPLATE.findall(text)}


TEMPLATES = read_templates((files("calculators") / DATA_FILE).read_text(encoding="utf-8"))
"""The live forms' templates: the common ones (a note, the result of a formula form, the record of the inputs, what
is still needed, problems with no field to show them), one per form that renders its own result (dose, safety,
taper) and the taper's printed calendar (`calculators.forms.writers.CALENDAR` adds its CSS)."""

COMMON = ("note", "form_notes", "record", "needed", "unplaced")
"""What every form's page fills; a form with no template of its own (body size, steroid equivalence) has ``results``."""
