"""Part of the igm-iim plugin: guideline page metadata, evidence labels and the generated source list.

**Guideline pages** are the Markdown files under ``docs/guidelines/`` other
than ``index.md`` (the section's landing page). Each must open with front
matter that :class:`GuidelineMeta` accepts::

    ---
    title: Idiopathic granulomatous mastitis
    review_status: submitted        # submitted | under review | approved
    last_reviewed: 2026-11-21       # ISO date, not in the future
    edition: "1"                    # digits, optionally dotted: 1, 1.1, 2026.2
    sources: [S000, S001]           # ids from calculators.sources
    ---

A missing or invalid field fails ``mkdocs build --strict`` (it raises
:class:`~mkdocs.exceptions.PluginError`) with the page and the field named.
The edition, review status, date and sources are shown under the page title.

Two tokens work on every page (outside code):

``{{ evidence("observational", "S000") }}``
    the evidence label of a recommendation: its source(s) and the strength
    of the evidence behind it, one of :data:`EVIDENCE`;
``{{ evidence_legend() }}``
    the legend of those labels, as a table;
``{{ source_list() }}``
    the four guideline summaries with their dates and references, generated
    from :mod:`calculators.sources` so the Sources page cannot drift from it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Literal

from mkdocs.exceptions import PluginError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from calculators.sources import ALL_SOURCES, GUIDELINE_SOURCES
from igm_iim_site.page_tokens import INLINE_CODE, substitute

ReviewStatus = Literal["submitted", "under review", "approved"]
REVIEW_STEPS: tuple[str, ...] = ("submitted", "under review", "approved")


class Evidence(BaseModel):
    """An evidence level: its key, the label pages show and a short form for charts."""

    model_config = ConfigDict(frozen=True)

    short: str
    name: str
    meaning: str


#: Strength of the evidence behind a recommendation, strongest first. The four
#: sources are summaries of observational series and expert consensus; none
#: reports a randomised trial of its own.
EVIDENCE: dict[str, Evidence] = {
    "trial": Evidence(
        short="controlled trials (via source)",
        name="Controlled-trial evidence, as reported by the source",
        meaning="The source states that a guideline body supports the step on controlled-trial evidence. "
        "This site has not appraised those trials. Only IVIG in dermatomyositis has this label (S002).",
    ),
    "observational": Evidence(
        short="observational",
        name="Observational series",
        meaning="Outcomes counted in published case series or cohorts, without randomisation. The figures "
        "are what those series found, not the result of a trial.",
    ),
    "consensus": Evidence(
        short="expert consensus",
        name="Expert consensus",
        meaning="Recommended by the source as current expert practice, without outcome figures to back it "
        "here. S003 says so for its whole initial-treatment algorithm.",
    ),
    "extrapolated": Evidence(
        short="extrapolated",
        name="Extrapolated",
        meaning="Borrowed from related diseases; the source says direct evidence is lacking.",
    ),
}


class GuidelineMeta(BaseModel):
    """Front matter every guideline page must carry."""

    model_config = ConfigDict(frozen=True, extra="allow")

    title: str = Field(min_length=3)
    review_status: ReviewStatus
    last_reviewed: dt.date
    edition: str = Field(pattern=r"^[0-9]+(\.[0-9]+)*$")
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("last_reviewed", mode="before")
    @classmethod
    def _a_date_not_a_time(cls, value):
        if isinstance(value, dt.datetime):
            raise ValueError("give a date (YYYY-MM-DD), not a date and time")
        return value

    @field_validator("last_reviewed")
    @classmethod
    def _not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(f"{value.isoformat()} is in the future")
        return value

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, value):
        # YAML reads `edition: 1` as an int and `edition: 1.1` as a float; both are fine as written
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [s for s in value if s not in ALL_SOURCES]
        if unknown:
            raise ValueError(f"unknown source {', '.join(unknown)}; known: {', '.join(sorted(ALL_SOURCES))}")
        return value


def is_guideline_page(src_uri: str) -> bool:
    """Every page under ``guidelines/`` except the section index."""
    return src_uri.startswith("guidelines/") and not src_uri.endswith("index.md")


def validate(meta: dict, page_path: str) -> GuidelineMeta:
    """Validated metadata, or a PluginError naming the page and the field."""
    try:
        return GuidelineMeta.model_validate(meta or {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "front matter"
            got = f" (got {err['input']!r})" if err["type"] != "missing" else ""
            problems.append(f"field '{field}': {err['msg']}{got}")
        raise PluginError(
            f"{page_path}: invalid guideline front matter: " + "; ".join(problems)
            + ". Guideline pages need title, review_status (submitted, under review, approved), "
            "last_reviewed (YYYY-MM-DD), edition and sources (see the For editors page)."
        ) from None


# --- tokens --------------------------------------------------------------------

TOKEN = re.compile(
    INLINE_CODE +
    r"|\{\{\s*(?P<name>evidence|evidence_legend|source_list)\(\s*(?P<args>[^)]*)\)\s*\}\}"
)


def evidence_label(level: str, sources: list[str]) -> str:
    ev = EVIDENCE[level]
    text = " · ".join([*sources, ev.short])
    return (f'<span class="ev ev-{level}" title="{html.escape(ev.name + ": " + ev.meaning)}">'
            f'{html.escape(text)}</span>')


def evidence_legend() -> str:
    rows = ["| Label | Strength of evidence | What it means |", "| --- | --- | --- |"]
    for level, ev in EVIDENCE.items():
        rows.append(f"| {evidence_label(level, [])} | {ev.name} | {ev.meaning} |")
    return "\n".join(rows)


def source_list() -> str:
    """Markdown for the four guideline summaries, from calculators.sources."""
    out = []
    for source in GUIDELINE_SOURCES.values():
        date = source.published.isoformat() if source.published else "not given in the document"
        out.append(f"### {source.id}: {source.title}\n")
        out.append(f"- **Topic:** {source.topic}")
        out.append(f"- **Last updated:** {date}")
        out.append(f"- **File as supplied:** `{source.file}`")
        out.append(f"- **About the document:** {source.citation}")
        if source.references:
            out.append(f"- **References it lists ({len(source.references)}):**\n")
            for number, ref in enumerate(source.references, start=1):
                # "[n]" rather than a nested ordered list, which the theme letters a, b, c:
                # the document cites these by number
                out.append(f"    - [{number}] {ref}")
        else:
            out.append("- **References it lists:** none. The document marks statements with numbered "
                       "citations but gives no reference list, so the works behind those numbers "
                       "cannot be identified from it.")
        out.append("")
    return "\n".join(out)


def _args(raw: str, page_path: str, line: int) -> list[str]:
    args = [a.strip() for a in raw.split(",") if a.strip()]
    bad = [a for a in args if not re.fullmatch(r'"[^"]*"', a)]
    if bad:
        raise PluginError(f"{page_path}:{line}: token arguments must be double-quoted strings, got {bad}")
    return [a[1:-1] for a in args]


def render_tokens(markdown: str, page_path: str, line_offset: int = 0) -> str:
    def replace(match: re.Match, number: int) -> str:
        name = match.group("name")
        args = _args(match.group("args"), page_path, number)
        if name == "evidence_legend":
            return evidence_legend()
        if name == "source_list":
            return source_list()
        if not args or args[0] not in EVIDENCE:
            raise PluginError(f"{page_path}:{number}: evidence level must come first and be one of "
                              f"{', '.join(EVIDENCE)}; got {args[:1]}")
        unknown = [s for s in args[1:] if s not in ALL_SOURCES]
        if unknown or len(args) < 2:
            raise PluginError(f"{page_path}:{number}: evidence needs known source ids after the level; "
                              f"unknown or missing: {unknown or 'none given'}")
        return evidence_label(args[0], args[1:])

    return substitute(markdown, TOKEN, replace, line_offset)


# --- the banner under the title --------------------------------------------------

def banner(meta: GuidelineMeta, sources_url: str) -> str:
    steps = []
    for step in REVIEW_STEPS:
        current = ' aria-current="step" class="current"' if step == meta.review_status else ""
        steps.append(f"<li{current}>{step.capitalize()}</li>")
    day = meta.last_reviewed
    when = f"{day.day} {day:%B %Y}"
    sources = ", ".join(meta.sources)
    return (
        '<div class="guideline-meta" role="note" aria-label="Page status">'
        f'<span class="gm-edition">Edition {html.escape(meta.edition)}</span>'
        f'<span class="gm-date">Last reviewed <time datetime="{day.isoformat()}">{when}</time></span>'
        # a div, not a span: a list may not stand inside phrasing content (the Nu Html Checker)
        f'<div class="gm-status">Review status: <strong>{meta.review_status.capitalize()}</strong>'
        f'<ol class="gm-steps" aria-label="Review stages">{"".join(steps)}</ol></div>'
        f'<span class="gm-sources">Sources: <a href="{sources_url}">{html.escape(sources)}</a></span>'
        "</div>"
    )


def insert_banner(content: str, banner_html: str) -> str:
    """Put the banner right after the page's first heading (or first, if it has none)."""
    end = content.find("</h1>")
    if end == -1:
        return banner_html + content
    end += len("</h1>")
    return content[:end] + banner_html + content[end:]


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    src = page.file.src_uri
    if is_guideline_page(src):  # the validated front matter, for this page's banner (on_page_content)
        state.of("metadata")[src] = validate(page.meta, f"docs/{src}")
    try:  # count lines from the top of the file, front matter included
        offset = max(0, page.file.content_string.count("\n") - markdown.count("\n"))
    except (AttributeError, OSError, TypeError):
        offset = 0
    return render_tokens(markdown, f"docs/{src}", line_offset=offset)


def on_page_content(html_content, page, config, files, *, state, **kwargs):
    meta = state.of("metadata").get(page.file.src_uri)
    if meta is None:
        return html_content
    target = files.get_file_from_path("about/sources.md")
    url = target.url_relative_to(page.file) if target else "#"
    return insert_banner(html_content, banner(meta, url))
