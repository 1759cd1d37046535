"""A live form's HTML, written from its definition (pages hold ``{{ live_form("dose") }}``).

The markup keeps the DOM contract (docs/editors/live-forms.md): ``<form class="live-calc"
data-form="NAME">``, one control per field named as the model's field, an error slot
``[data-error-for=FIELD]`` per field, each field in a wrapper ``[data-field=FIELD]`` that the page
hides when the field is not used, and the result in ``[data-live-result]`` inside the form.
Nothing is pre-filled: patient fields, TPMT, dates and doses start empty.
"""

from __future__ import annotations

from html import escape

from ..messages import number_text
from .definitions import FieldDef, FormDef
from .reading import need

PREFIX = {"body-size": "bs", "steroid-equivalence": "se", "taper": "tp", "dose": "dz"}


def _id(form: FormDef, name: str) -> str:
    return f"{PREFIX.get(form.name, form.name)}-{name.replace('_', '-')}"


def _range_hint(f: FieldDef) -> str:
    if f.bounds_by is not None or "*" not in f.bounds:
        return ""
    b = f.bounds["*"]
    unit = f" {b.unit}" if b.unit else ""
    return f"{number_text(b.low)}–{number_text(b.high)}{unit}"


def _options(f: FieldDef, chosen: str | None = None) -> str:
    groups = dict(f.groups)
    out, current = [], None
    for value, label in f.choices:
        group = groups.get(value)
        if group != current:
            if current is not None:
                out.append("</optgroup>")
            if group is not None:
                out.append(f'<optgroup label="{escape(group)}">')
            current = group
        selected = " selected" if chosen is not None and value == chosen else ""
        out.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    if current is not None:
        out.append("</optgroup>")
    return "".join(out)


def _control(form: FormDef, f: FieldDef, by_name: dict[str, FieldDef], presets: dict[str, str]) -> str:
    ident = _id(form, f.name)
    described = f'aria-describedby="{ident}-error"'
    if f.kind == "choice":
        return f'<select id="{ident}" name="{f.name}" {described}>{_options(f, presets.get(f.name))}</select>'
    if f.kind == "date":
        button = ""
        if f.action == "today":
            button = (f'<button type="button" class="md-button live-calc__today" data-live-action="today" '
                      f'data-for="{f.name}">Today</button>')
        control = f'<input id="{ident}" name="{f.name}" type="date" {described}>'
        return f'<span class="live-calc__pair">{control}{button}</span>'
    mode = "numeric" if f.kind == "integer" else "decimal"
    control = (f'<input id="{ident}" name="{f.name}" type="text" inputmode="{mode}" autocomplete="off" '
               f'{described}>')
    if f.unit_field:
        unit = by_name[f.unit_field]
        control += (f'<select name="{unit.name}" aria-label="{escape(unit.label)}">' + _options(unit) + "</select>")
        return f'<span class="live-calc__pair">{control}</span>'
    if f.unit:
        control += f'<span class="live-calc__unit">{escape(f.unit)}</span>'
        return f'<span class="live-calc__pair">{control}</span>'
    return control


def initial_values(form: FormDef, presets: dict[str, str]) -> dict[str, str]:
    """The values live/forms.js reads from the form as built: a choice as selected, every other field empty.

    A choice is its preset, else its first option (what a browser selects); nothing about the patient is
    filled in.

    Parameters
    ----------
    form : FormDef
        The form's definition [record].
    presets : dict
        Choices set by the page, field -> value [record].
    """
    return {f.name: (presets.get(f.name) or (f.choices[0][0] if f.choices else "")) if f.kind == "choice" else ""
            for f in form.fields}


def _field(form: FormDef, f: FieldDef, by_name: dict[str, FieldDef], presets: dict[str, str],
           values: dict[str, str]) -> str:
    ident = _id(form, f.name)
    hint = _range_hint(f)
    # What the form asks follows its values (the chosen regimen or protocol): live/forms.js hides a field that
    # is not used and shows "(optional)" when `need` says optional. The page is built as the script would set
    # it for the form as it loads, so nothing moves when the script runs (issue 13: layout shift).
    needed = need(f, values)
    optional = "" if f.required else (
        f' <span class="live-calc__optional" data-optional-for="{f.name}"'
        f'{" hidden" if needed == "required" else ""}>(optional)</span>')
    # a label that follows the values (FieldDef.label_when): live/forms.js sets it as they change
    text = escape(f.label_for(values))
    text = f'<span data-label-of="{f.name}">{text}</span>' if f.label_when else text
    label = text + (f' <span class="live-calc__range">({escape(hint)})</span>' if hint else "") + optional
    wide = " live-calc__field--wide" if f.name in ("regimen", "protocol") else ""
    unused = " hidden" if needed == "unused" else ""
    return (f'<div class="live-calc__field{wide}" data-field="{f.name}"{unused}><label for="{ident}">{label}</label>'
            f'{_control(form, f, by_name, presets)}'
            f'<p class="live-calc__field-error" id="{ident}-error" data-error-for="{f.name}" hidden></p></div>')


def render(form: FormDef, edition: str | None = None, presets: dict[str, str] | None = None) -> str:
    """The form's HTML on one line per block, with no blank line (Markdown keeps it as one HTML block).

    ``presets`` picks a choice that is not about the patient (the regimen on a regimen's own page).

    Parameters
    ----------
    form : FormDef
        The form's definition [record].
    edition : str, optional
        The edition the page is built for [text].
    presets : dict, optional
        Choices set by the page (the regimen of a regimen's page), field -> value [record].
    """
    presets = presets or {}
    values = initial_values(form, presets)
    by_name = {f.name: f for f in form.fields}
    parts: list[str] = []
    flags: list[FieldDef] = []
    for f in form.fields:
        if f.quiet:
            continue
        if f.kind == "flag":
            flags.append(f)
            continue
        if flags:
            parts.append(_flags(form, flags, values))
            flags = []
        parts.append(_field(form, f, by_name, presets, values))
    if flags:
        parts.append(_flags(form, flags, values))
    help_id = f"{form.name}-help"
    return "\n".join([
        f'<form class="live-calc" data-form="{form.name}" data-edition="{escape(edition or "draft")}" novalidate '
        f'aria-describedby="{help_id}">',
        f'<p id="{help_id}" class="live-calc__help">The result appears as you type. Nothing you enter leaves '
        f'this page.</p>',
        '<div class="live-calc__grid">',
        *parts,
        "</div>",
        '<p class="live-calc__status visually-hidden" data-live-status role="status" aria-live="polite"></p>',
        # role=group: an aria-label on a div with no role is ignored by assistive technology
        # (the Nu Html Checker and axe both refuse it)
        f'<div class="live-calc__results" data-live-result data-live-results role="group" '
        f'aria-label="{escape(form.result_label)}" '
        f'hidden></div>',
        "</form>",
    ])


def _flags(form: FormDef, flags: list[FieldDef], values: dict[str, str]) -> str:
    names = " ".join(f.name for f in flags)
    boxes = "".join(f'<label data-field="{f.name}"{" hidden" if need(f, values) == "unused" else ""}>'
                    f'<input type="checkbox" name="{f.name}" value="yes"> {escape(f.label)}</label>' for f in flags)
    errors = "".join(f'<p class="live-calc__field-error" data-error-for="{f.name}" hidden></p>' for f in flags)
    group = "" if any(need(f, values) != "unused" for f in flags) else " hidden"
    return (f'<fieldset class="live-calc__field live-calc__field--wide live-calc__flags" '
            f'data-group-when="{names}"{group}>'
            f'<legend>{escape(flags[0].group or "")}</legend>{boxes}{errors}</fieldset>')
