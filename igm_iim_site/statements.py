"""Part of the igm-iim plugin: the three kinds of statement, rendered from the package.

``{{ tool_choices() }}`` puts the whole list of tool choices
(:data:`calculators.choices.TOOL_CHOICES`) on a page: each choice, where it
applies, why, and what the sources say around it. ``{{ tool_choice("key") }}``
puts one choice's sentence inline, marked as a tool choice, so a guideline
page and a calculator say it in the same words; ``{{ choice_value("key") }}``
puts the number a choice sets (``80 mg/day``), so a page never types it: the one token for a tool
choice's number (the retired ``{{ choice("CONST", "unit") }}`` fails the build, see
``igm_iim_site/figures.py``). An unknown key, or a choice that sets no number, fails the build with the
page and the line.

Both render as HTML with the classes ``statement statement--tool_choice``;
``{{ kind("source") }}``, ``{{ kind("reference") }}`` and
``{{ kind("tool_choice") }}`` give the small label a page puts beside a
sentence. The styling is in ``docs/assets/stylesheets/guidelines.css``.
"""

from __future__ import annotations

import html
import re

from mkdocs.exceptions import PluginError

from calculators.choices import TOOL_CHOICES
from calculators.statements import KINDS
from igm_iim_site.page_tokens import INLINE_CODE, substitute

TOKEN = re.compile(
    INLINE_CODE
    + r"|\{\{\s*(?P<name>tool_choices|tool_choice|choice_value|kind)\(\s*(?:\"(?P<arg>[^\"]+)\")?\s*\)\s*\}\}"
)
KIND_LABELS = {"source": "source", "reference": "reference", "tool_choice": "tool choice"}


def kind_label(kind: str) -> str:
    return (f'<span class="statement-kind statement-kind--{kind}">'
            f"{html.escape(KIND_LABELS[kind])}</span>")


def choice_inline(key: str) -> str:
    choice = TOOL_CHOICES[key]
    return (f'<span class="statement statement--tool_choice" data-choice="{html.escape(key)}">'
            f'{kind_label("tool_choice")} {html.escape(choice.text)} '
            f'<a href="{{base}}reference/tool-choices/#choice-{html.escape(key)}">Why</a></span>')


def choices_page() -> str:
    """Every tool choice as a definition block: what, where, why, what the sources say."""
    blocks = []
    for key, choice in TOOL_CHOICES.items():
        where = ", ".join(choice.applies_to)
        context = (f"<p><strong>What the sources say:</strong> {html.escape(choice.context)}</p>"
                   if choice.context else "")
        blocks.append(
            f'<section class="statement statement--tool_choice tool-choice" id="choice-{html.escape(key)}">'
            f"<h2>{html.escape(choice.title)}</h2>"
            f"<p>{kind_label('tool_choice')} {html.escape(choice.text)}</p>"
            f"<p><strong>Where:</strong> {html.escape(where)}.</p>"
            f"<p><strong>Why:</strong> {html.escape(choice.why)}</p>{context}"
            f'<p class="tool-choice__key">Key: <code>{html.escape(key)}</code></p></section>')
    return "\n".join(blocks)


def render(markdown: str, page_path: str, depth: int, line_offset: int = 0) -> str:
    base = "../" * depth

    def replace(match: re.Match, number: int) -> str:
        name, arg = match.group("name"), match.group("arg")
        if name == "tool_choices":
            return choices_page()
        if name == "kind":
            if arg not in KINDS:
                raise PluginError(f"{page_path}:{number}: unknown kind {arg!r}; kinds: {', '.join(KINDS)}")
            return kind_label(arg)
        if arg not in TOOL_CHOICES:
            raise PluginError(f"{page_path}:{number}: unknown tool choice {arg!r}; declared in "
                              f"calculators/data/choices.toml: {', '.join(TOOL_CHOICES)}")
        if name == "choice_value":
            if TOOL_CHOICES[arg].value is None:
                raise PluginError(f"{page_path}:{number}: tool choice {arg!r} sets no number")
            return TOOL_CHOICES[arg].value_text()
        return choice_inline(arg).replace("{base}", base)

    return substitute(markdown, TOKEN, replace, line_offset)


def on_page_markdown(markdown, page, config, files, **kwargs):
    raw = page.file.content_string
    offset = max(raw.count("\n") - markdown.count("\n"), 0) if raw.startswith("---") else 0
    depth = page.file.src_uri.count("/") + (0 if page.file.src_uri.endswith("index.md") else 1)
    if not config.get("use_directory_urls", True):
        depth = page.file.src_uri.count("/")
    return render(markdown, f"docs/{page.file.src_uri}", depth, offset)
