"""Part of the igm-iim plugin: search in the ward's words, clinical pages first (issue 24).

``igm_iim_site/search_terms.yml`` is one reviewed list of the names a ward types (abbreviations, other
generic names, brand names) and the pages and sections where each applies. This hook gives them
to mkdocs-material's search plugin with the plugin's public inputs only:

- the words: a ``<p hidden>`` line at the end of each listed section, which the plugin indexes
  with that section. ``hidden`` keeps it off the screen, out of print and out of the
  accessibility tree (screen readers do not read it); search results may quote it.
- the ranking: ``search: boost:`` in each page's meta, by the ``ranks`` of the list (a boost in the
  page's own front matter wins).
- the doses: each calculator page's ``tags`` (page meta, which the plugin indexes with its highest
  field boost and shows under the page's results) are the doses its ``{{ figure(...) }}`` tokens give,
  with how often when the figure says it ("15 mg once weekly", "1–2 g/kg": a weekly drug's says
  "once weekly"). A search typed as a dose ("15 mg", "2 g/kg") then lists the pages that give that
  dose first (the ward trial of issue 24: it ranked them by text); an index page, which only lists the
  calculators, gets none. The tags come from the figure registry, so they change with it; no page
  shows them (the tags plugin is off), search results do.

A listed page or section that the build does not have fails the build, naming the entry.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from calculators.figures import registry

DATA = Path(__file__).resolve().parent / "search_terms.yml"
#: The marker of the hidden line (tests and the browser find it by this attribute).
MARKER = "data-search-terms"
_NAME = re.compile(r"^[\w][\w .,/'+()-]*$")


class Rank(BaseModel):
    """How pages whose path starts with one of ``pages`` rank: their ``search.boost``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    pages: list[str] = Field(min_length=1)
    boost: float = Field(gt=0, le=100)
    kind: str = Field(min_length=1)


#: A dose as a ward types it in the search box: a number and a unit ("750 mg/m2", m2 or m²).
_TYPED_DOSE = re.compile(r"^(\d+(?:\.\d+)?) (mg|g|mg/kg|g/kg|mg/m2|mg/m²)$")


class Term(BaseModel):
    """One drug or disease: the other names it goes by, and the pages or sections where it applies.

    ``searched_doses``: doses a ward types in the search box for this drug that no source gives (the ward
    trial: "750 mg/m2", a cyclophosphamide dose, found nothing useful; the sources give no cyclophosphamide
    dose and its page says so). The hidden line says they lead here because the sources give no such dose;
    a dose that any figure of the registry gives is refused, so a search for a real dose is never sent to a
    page that says there is none.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    means: str = Field(min_length=2)
    names: list[str] = Field(min_length=1)
    where: list[str] = Field(min_length=1)
    searched_doses: list[str] = Field(default_factory=list)

    @field_validator("searched_doses")
    @classmethod
    def _searched_doses(cls, doses: list[str]) -> list[str]:
        known = registry()
        for dose in doses:
            match = _TYPED_DOSE.match(dose)
            if not match:
                raise ValueError(f"searched dose {dose!r}: a number and a unit, e.g. '750 mg/m2'")
            number, unit = float(match.group(1)), match.group(2).replace("m2", "m²")
            # "15 mg/kg" is also 15 mg/kg/day, and "500 mg" 500 mg/day or once weekly
            given = [f.key for f in known.values() if f.unit in (unit, f"{unit}/day", f"{unit}/week")
                     and f.low <= number <= f.high]
            if given:
                raise ValueError(f"searched dose {dose!r} is a dose the sources give ({', '.join(given)}): "
                                 f"it must not lead to a page for a dose the sources do not give")
        return doses

    @field_validator("names")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not _NAME.match(name) or name != name.strip():
                raise ValueError(f"name {name!r}: letters, digits, spaces and . , / ' + ( ) - only")
        return names

    @field_validator("where")
    @classmethod
    def _where(cls, where: list[str]) -> list[str]:
        for place in where:
            page, _, anchor = place.partition("#")
            if not page.endswith((".md", ".py")) or page.startswith("/") or ".." in page:
                raise ValueError(f"where {place!r}: a page under docs/ (.md or .py), optionally #section-id")
            if "#" in place and not re.fullmatch(r"[\w-]+", anchor):
                raise ValueError(f"where {place!r}: the section id is empty or not an id")
        if len(set(where)) != len(where):
            raise ValueError(f"where lists a place twice: {where}")
        return where


class Vocabulary(BaseModel):
    """The whole list (igm_iim_site/search_terms.yml): ranks, then terms; a name has one meaning."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ranks: list[Rank] = Field(min_length=1)
    terms: list[Term] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_meaning_per_name(self) -> Vocabulary:
        seen: dict[str, str] = {}
        for term in self.terms:
            for name in term.names:
                key = name.casefold()
                if key in seen and seen[key] != term.means:
                    raise ValueError(f"name {name!r} means both {seen[key]!r} and {term.means!r}")
                if key in seen:
                    raise ValueError(f"name {name!r} is listed twice for {term.means!r}")
                seen[key] = term.means
        return self

    def boost_of(self, src_uri: str) -> Rank | None:
        """The first rank whose ``pages`` match the page (a folder ``x/`` matches every page in it)."""
        for rank in self.ranks:
            for pattern in rank.pages:
                if src_uri == pattern or (pattern.endswith("/") and src_uri.startswith(pattern)):
                    return rank
        return None

    def places(self) -> dict[str, dict[str, list[Term]]]:
        """Each page -> section id ('' for the top of the page) -> the terms listed there, in list order."""
        out: dict[str, dict[str, list[Term]]] = {}
        for term in self.terms:
            for place in term.where:
                page, _, anchor = place.partition("#")
                out.setdefault(page, {}).setdefault(anchor, []).append(term)
        return out


def load(path: Path = DATA) -> Vocabulary:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"{path.name}: cannot be read: {error}") from error
    try:
        return Vocabulary.model_validate(raw)
    except ValueError as error:
        raise PluginError(f"{path.name}: {error}") from error


def hidden_line(terms: list[Term]) -> str:
    """The line search indexes for a section: each meaning with the other names it goes by, and the doses
    typed in a search that lead here because the sources give no such dose.
    """
    said = "; ".join(f"{t.means} = {', '.join(t.names)}" for t in terms)
    doses = "".join(f" A search for {', '.join(t.searched_doses)} leads here: the sources give no {t.means} dose."
                    for t in terms if t.searched_doses)
    return f'<p hidden {MARKER}>Other names, for search: {html.escape(said + "." + doses, quote=False)}</p>'


def _heading(anchor: str) -> re.Pattern[str]:
    if not anchor:
        return re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)
    return re.compile(rf'<h([1-6])\b[^>]*\bid="{re.escape(anchor)}"[^>]*>.*?</h\1>', re.DOTALL)


_NEXT_HEADING = re.compile(r"<h[1-6]\b[^>]*\bid=")


def add_terms(content: str, sections: dict[str, list[Term]], page: str) -> str:
    """``content`` with the hidden line at the end of each listed section (``''``: the page's first section).

    A section, as the search plugin cuts a page, runs from its heading to the next heading with an
    id. The line goes last, so a result's preview still opens with the section's own words.
    """
    for anchor, terms in sections.items():
        match = _heading(anchor).search(content)
        if match is None and anchor:
            raise PluginError(f"search_terms.yml: {page}#{anchor} (for {terms[0].means!r}): "
                              f"the page has no section with that id")
        start = match.end() if match else 0
        following = _NEXT_HEADING.search(content, start)
        at = following.start() if following else len(content)
        content = content[:at].rstrip("\n") + "\n" + hidden_line(terms) + "\n" + content[at:]
    return content


#: Units of a dose (a figure in another unit, weeks or %, is not one); pages under DOSE_PAGES get tags.
DOSE_UNITS = frozenset({"mg", "g/kg", "mg/day", "mg/kg", "mg/kg/day", "mg/m²", "mg/week"})
DOSE_PAGES = ("calculators/",)
_FIGURE = re.compile(r"""\{\{\s*figure\(\s*["']([\w.]+)["']""")


def _is_index(src_uri: str) -> bool:
    """A section's index page (calculators/index.md): it lists the calculators and quotes their doses, but
    gives none itself, so it gets no dose tags and a dose search lists the page that gives the dose above
    it (the third ward trial: "2 g/kg" and "1000 mg" put the Calculators index first).
    """
    return src_uri == "index.md" or src_uri.endswith("/index.md")


def dose_tags(source: str) -> list[str]:
    """The doses the ``{{ figure(...) }}`` tokens of a page's Markdown give (number, unit, how often), in order.

    A taper's step (how much a dose falls by) is not a dose, and a figure kept only to be shown as a
    source's error (``iim.mtx.s003_stated_unsafe``, S003's 25-50 mg/week) must never read as one of the
    page's doses: both are left out.
    """
    known = registry()
    out: list[str] = []
    for key in _FIGURE.findall(source):
        figure = known.get(key)
        if figure is None or figure.unit not in DOSE_UNITS or figure.kind == "step" or key.endswith("_unsafe"):
            continue
        # number, unit and how often (a weekly drug's tag says "once weekly", HZ-02); other qualifiers ("of
        # ideal body weight") are left out, since a tag's words outrank any page's text for every search
        often = figure.suffix if re.search(r"\b(weekly|daily)\b", figure.suffix) else ""
        tag = f"{figure.number_text()} {figure.unit} {often}".strip()
        if tag not in out:
            out.append(tag)
    return out


# -- hook events ---------------------------------------------------------------------------------------

def on_config(config, *, state, **kwargs):
    state.of("search_terms")["vocabulary"] = load()
    return config


def on_files(files, config, *, state, **kwargs):
    vocabulary: Vocabulary = state.of("search_terms")["vocabulary"]
    known = {f.src_uri for f in files}
    missing = sorted(page for page in vocabulary.places() if page not in known)
    if missing:
        raise PluginError(f"search_terms.yml lists pages the site does not have: {', '.join(missing)}")
    return files


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    vocabulary: Vocabulary = state.of("search_terms")["vocabulary"]
    rank = vocabulary.boost_of(page.file.src_uri)
    if rank is not None:
        search = page.meta.get("search")
        search = dict(search) if isinstance(search, dict) else {}
        search.setdefault("boost", rank.boost)
        page.meta["search"] = search
    src = page.file.src_uri
    if src.startswith(DOSE_PAGES) and not _is_index(src) and "tags" not in page.meta:
        tags = dose_tags(page.file.content_string)
        if tags:
            page.meta["tags"] = tags
    return markdown


_LINE_BREAK = re.compile(r"<br\s*/?>(?![\s])", re.IGNORECASE)


def spaced_breaks(content: str) -> str:
    """``content`` with a newline after each ``<br>`` that has no space after it.

    The theme's search plugin reads a page's text without its tags, so "Rituximab<br>S002" (a table cell
    whose name sits above its source badge) was indexed, and shown in search results, as "RituximabS002"
    (the ward trial). A newline after a line break is never drawn (a line's leading space is dropped).
    """
    return _LINE_BREAK.sub(lambda m: m.group(0) + "\n", content)


def on_page_content(content, page, config, files, *, state, **kwargs):
    vocabulary: Vocabulary = state.of("search_terms")["vocabulary"]
    content = spaced_breaks(content)
    sections = vocabulary.places().get(page.file.src_uri)
    if not sections:
        return content
    return add_terms(content, sections, page.file.src_uri)

