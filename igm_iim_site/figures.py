"""Part of the igm-iim plugin: render guideline figures into pages from the calculator data.

In a page, write ``{{ figure("iim.mtx.start") }}`` and the build puts
``15 mg once weekly`` there, taken from `calculators.guidance` (or any
module in `calculators.figures.FIGURE_MODULES`). Add ``cite=True`` to
follow the figure with its sources: ``15 mg once weekly (S002)``. For one end
of a range, add ``bound="low"`` or ``bound="high"``:
``{{ figure("iim.ivmp.daily_limits", bound="high") }}`` renders ``1000 mg/day``.

Taper ladders come from the protocol data (`calculators.taper.protocols`):
``{{ taper_steps("iim-s002-fixed-steps", 60, 20) }}`` renders the doses the
protocol passes through from 60 to 20 mg/day, ``60 → 40 → 30 → 25 → 20`` (the
page writes the unit after it), and ``{{ taper_dose("iim-s003-rule-based", 30) }}``
renders ``30 mg/day`` after checking that 30 mg/day is a change point of that
protocol. A ladder or change point the protocol no longer has fails the build.

A number the tool chose (not a source's figure) is not a figure token: it is
``{{ choice_value("pred_start_ceiling") }}`` (`igm_iim_site/statements.py`), keyed by
the tool choice, rendering ``80 mg/day``; the page must say it is a tool choice.
The older ``{{ choice("CONST", "unit") }}`` fails the build, naming the page, the
line and the ``choice_value`` that replaces it.

An unknown key fails the build, naming the page, the line and the key, so a
page can never show a figure the calculators do not hold. Tokens inside code
(fenced blocks and inline code) are left as written, so pages can show the
syntax.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from calculators.figures import registry
from igm_iim_site.page_tokens import INLINE_CODE, substitute
from igm_iim_site.typed_figures import render_marks

TOKEN = re.compile(
    INLINE_CODE +
    r"|\{\{\s*figure\(\s*\"(?P<key>[^\"]+)\"\s*(?:,\s*cite\s*=\s*(?P<cite>True|False)\s*)?"
    r"(?:,\s*bound\s*=\s*\"(?P<bound>low|high)\"\s*)?(?:,\s*cite\s*=\s*(?P<cite2>True|False)\s*)?\)\s*\}\}"
    r"|\{\{\s*taper_(?P<taper>steps|dose)\(\s*\"(?P<protocol>[^\"]+)\"\s*,\s*(?P<a>\d+(?:\.\d+)?)\s*"
    r"(?:,\s*(?P<b>\d+(?:\.\d+)?)\s*)?\)\s*\}\}"
    r"|\{\{\s*steroid_(?P<steroid>table|dose)\(\s*(?:\"(?P<drug>[a-z]+)\"\s*)?\)\s*\}\}"
    r"|\{\{\s*choice\(\s*\"(?P<choice>[A-Z][A-Z0-9_]*)\"\s*,\s*\"(?P<cunit>[^\"]*)\"\s*\)\s*\}\}"
)


def steroid_token(kind: str, drug: str | None, where: str) -> str:
    """The equivalence table (``steroid_table()``) or one drug's equivalent dose, from `calculators.steroids`."""
    from calculators import steroids
    from calculators.errors import format_number

    doses, routes = steroids.EQUIVALENT_DOSE_MG, steroids.ROUTES
    if kind == "dose":
        if drug not in doses:
            raise PluginError(f"{where}: steroid_dose({drug!r}): not in the equivalence table; "
                              f"drugs: {', '.join(doses)}")
        return f"{format_number(doses[drug])} mg"
    rows = ["| Drug | Equivalent dose | Routes covered |", "| --- | --- | --- |"]
    rows += [f"| {name.capitalize()} | {format_number(mg)} mg | {', '.join(routes[name])} |"
             for name, mg in doses.items()]
    return "\n".join(rows)


def tool_choice(name: str, unit: str, where: str) -> str:
    """The retired token ``{{ choice("CONST", "unit") }}``: fails the build, naming its replacement.

    A number the tool chose has one token, ``{{ choice_value("key") }}`` (`igm_iim_site/statements.py`),
    keyed by the tool choice in `calculators.choices.TOOL_CHOICES`, which holds the number and its unit.
    """
    from calculators import choices

    value = getattr(choices, name, None)
    keys = [k for k, c in choices.TOOL_CHOICES.items() if c.value is not None and c.value == value
            and (not unit or c.unit == unit)]
    instead = " or ".join(f'{{{{ choice_value("{k}") }}}}' for k in keys) or (
        '{{ choice_value("key") }} with the key of a choice of calculators/data/choices.toml that sets this '
        "number (give the choice a value and unit there)")
    raise PluginError(f'{where}: {{{{ choice("{name}", "{unit}") }}}} is retired: write {instead}; one token '
                      "for a tool choice's number, keyed by the tool choice")


def _protocol(name: str, where: str):
    from calculators.taper import PROTOCOLS

    if name not in PROTOCOLS:
        raise PluginError(f"{where}: unknown taper protocol {name!r}; protocols: {', '.join(PROTOCOLS)}")
    return PROTOCOLS[name]


def taper_steps(name: str, start: float, end: float, where: str) -> str:
    """The doses a protocol's stages pass through from ``start`` down to ``end`` (mg/day)."""
    from calculators.errors import format_number

    protocol = _protocol(name, where)
    stages = [s for s in protocol.stages if not s.option]
    doses, dose = [start], start
    while dose > end:
        stage = next((s for s in stages if s.floor_mg < dose <= s.ceiling_mg), None)
        if stage is None:
            break
        dose = max(dose - stage.step_mg, stage.floor_mg)
        doses.append(dose)
    if doses[-1] != end:
        raise PluginError(f"{where}: taper_steps({name!r}, {format_number(start)}, {format_number(end)}): "
                          f"from {format_number(start)} mg/day the protocol goes "
                          f"{' → '.join(format_number(d) for d in doses)}, never to {format_number(end)}")
    return " → ".join(format_number(d) for d in doses)


def taper_dose(name: str, dose: float, where: str) -> str:
    """``30 mg/day``, checked to be where a stage of the protocol starts or ends."""
    from calculators.errors import format_number

    protocol = _protocol(name, where)
    points = sorted({p for s in protocol.stages for p in (s.ceiling_mg, s.floor_mg) if p})
    if dose not in points:
        raise PluginError(f"{where}: taper_dose({name!r}, {format_number(dose)}): not a change point of "
                          f"{protocol.name}; its change points are {', '.join(format_number(p) for p in points)} "
                          f"mg/day")
    return f"{format_number(dose)} mg/day"

def on_config(config, *, state, **kwargs):
    # read once a build (so `mkdocs serve` picks up edits), for every page of the build
    state.of("figures")["registry"] = registry()
    return config


def render(markdown: str, page_path: str, line_offset: int = 0, known: dict | None = None) -> str:
    """Replace figure tokens in ``markdown``.

    ``line_offset`` is the number of front-matter lines above ``markdown`` in
    the file, so errors give the line an editor sees. ``known`` is the registry
    (read anew when not given).
    """
    known = registry() if known is None else known

    def replace(match: re.Match, number: int) -> str:
        if match.group("steroid"):
            return steroid_token(match.group("steroid"), match.group("drug"), f"{page_path}:{number}")
        if match.group("choice"):
            return tool_choice(match.group("choice"), match.group("cunit"), f"{page_path}:{number}")
        if match.group("taper"):
            where = f"{page_path}:{number}"
            a = float(match.group("a"))
            if match.group("taper") == "dose":
                return taper_dose(match.group("protocol"), a, where)
            if match.group("b") is None:
                raise PluginError(f"{where}: taper_steps needs a start and an end dose, e.g. "
                                  f"taper_steps(\"iim-s002-fixed-steps\", 60, 20)")
            return taper_steps(match.group("protocol"), a, float(match.group("b")), where)
        key = match.group("key")
        if key not in known:
            close = [k for k in known if k.split(".")[0] == key.split(".")[0]][:8]
            raise PluginError(
                f"{page_path}:{number}: unknown figure {key!r}. "
                f"Figures are declared in calculators/data/figures.toml or calculators/data/protocols.toml; "
                f"keys like it: {', '.join(close) or 'none'}"
            )
        figure = known[key]
        bound = match.group("bound")
        if bound:
            if not isinstance(figure.value, tuple):
                raise PluginError(f"{page_path}:{number}: figure {key!r} is a single value "
                                  f"({figure.text()}); bound={bound!r} applies to a range only")
            figure = figure.model_copy(update={"value": figure.low if bound == "low" else figure.high})
        text = figure.text()
        if "True" in (match.group("cite"), match.group("cite2")):
            text += f" ({figure.cite()})"
        return text

    return substitute(markdown, TOKEN, replace, line_offset)


def render_notebook(page, config, known: dict | None = None, cache: str = ".cache") -> None:
    """Offer the notebook for download with its figure tokens rendered.

    A notebook page's Markdown (made from its cells by ``igm_iim_site/notebooks.py``) has its tokens
    rendered like any page's. The source file offered for download beside the page is the
    notebook's file, so it is pointed at a copy with the tokens (and not_a_figure marks)
    rendered: a reader who downloads it reads numbers, not tokens. Done here, after the git-date
    plugin has read the original file's history.
    """
    from pathlib import Path

    src = page.file.src_uri
    original = Path(config.docs_dir) / src
    source = original.read_text(encoding="utf-8")
    if "{{" not in source:
        return
    target = Path(config.config_file_path).parent / cache / "rendered-notebooks" / src
    target.parent.mkdir(parents=True, exist_ok=True)
    rendered = render_marks(render(source, f"{Path(config.docs_dir).name}/{src}", known=known))
    if not target.exists() or target.read_text(encoding="utf-8") != rendered:
        target.write_text(rendered, encoding="utf-8")
    for file in (page.file, getattr(page.file, "file", None)):  # mkdocs-jupyter wraps the File
        if file is not None:
            file.abs_src_path = str(target)


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    known = state.of("figures")["registry"]
    if page.file.src_uri.startswith("notebooks/") and page.file.src_uri.endswith(".py"):
        render_notebook(page, config, known, state.options.cache_dir)
    raw = page.file.content_string
    offset = max(raw.count("\n") - markdown.count("\n"), 0) if raw.startswith("---") else 0
    return render(markdown, f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_uri}", offset, known)
