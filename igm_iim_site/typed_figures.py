"""Part of the igm-iim plugin: a clinical figure typed by hand into a page fails the build.

Every dose, cap, interval, duration or outcome on a page comes from the
registry (``{{ figure("iim.mtx.start") }}``, see `calculators.figures`), and a
number the tool chose from its tool choice (``{{ choice_value("pred_start_ceiling") }}``,
the one token for it, see `calculators.choices`; a typed number equal to one is
reported with that token as the fix). This
hook reads each page as the editor wrote it and reports any quantity with a
clinical unit (mg, g, microgram, mg/kg, g/kg, mg/m², mg/day, mg/week, %,
days, weeks, months, years, doses, infusions) or a dosing frequency (twice
daily, every other day, bd, ...) that is *not* inside a figure token. Each
finding names the page, the line, the text, and the registry key that holds
that value, or says that no registry figure has it:

    docs/guidelines/iim.md:139: typed clinical figure "20 mg once weekly": no registry figure has this
    value. Use a figure token ...

Where it looks
    prose, tables, headings, admonitions, raw HTML, ``flowchart`` fences (the
    algorithm source of a page), fences of any language other than Python,
    comments of Python fences, and the markdown cells and comments of the
    notebooks (``docs/notebooks/*.py``).

Where it does not look, and which check covers that instead
    * Python code in fences: run by pytest-markdown-docs (``make unit``); an
      example asserts what the package returns (or shows it in ``#>`` lines,
      which the runner compares with what the code prints), so a wrong number
      fails the test with the page and line.
    * Python code of the notebooks: executed by every build (``allow_errors:
      false``) and by ``tests/test_notebooks.py``; its output is computed.
    * Inline code (```15 mg```): shows syntax, never advice.
    * HTML comments: never shown to a reader.
    * Generated tables and text fences between ``<!-- generated ... -->`` and
      ``<!-- end generated -->`` markers: written by code and compared with
      the code's output by a test (the taper tables, ``tests/test_taper.py``;
      the output gallery, ``tests/test_gallery.py``; an edition's page).
    * The ``{{ source_list() }}`` of the Sources page: generated from
      `calculators.sources` and checked by ``tests/test_guideline_pages.py``;
      the Sources page's own text is scanned like any page.

Numbers that are not clinical figures
    An edition year or a worked example's patient ("a 9-year-old child") is
    allowed by a visible, reviewable mark, never by a guess::

        {{ not_a_figure("9-year-old", "age of the worked example's child") }}

    It renders as its text. The reason is required; every mark is counted and
    listed on the *For editors* page (``{{ not_a_figure_marks() }}``), so a
    reviewer sees all of them in one place. A whole code fence of example
    output is marked by an HTML comment on the line just above it:
    ``<!-- not_a_figure: example output of the typed-figure check -->``.

What the editor sees
    ``mkdocs build --strict`` fails (each finding is a WARNING). ``mkdocs
    serve`` prints the same lines, and the page itself shows a red box at
    the spot and a summary at its top (only in non-strict builds: a
    strict build never publishes a page with a box in it).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.igm_iim.typed_figures")

# --- what counts as a typed clinical figure --------------------------------------

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20}
NUMBER = r"(?:\d+(?:[.,]\d+)?|(?:" + "|".join(WORDS) + r")\b)"
RANGE_SEP = r"\s*(?:-|–|—|‑|−|to)\s*"
ARROW = r"\s*(?:→|->|&rarr;)\s*"
# Longest first, so "mg/kg/day" wins over "mg/kg" and "mg".
UNITS = (
    r"mg/kg/day", r"mg/kg/dose", r"mg/kg", r"g/kg/day", r"g/kg", r"mg/m²/week", r"mg/m2/week", r"mg/m²", r"mg/m2",
    r"mg/day", r"mg/d\b", r"mg/week", r"mg/wk", r"milligrams?", r"micrograms?", r"grams?", r"mcg", r"µg", r"μg",
    r"mg", r"g(?![a-zA-Z])",
    r"%", r"per\s?cent", r"(?:consecutive\s+)?days?", r"weeks?", r"months?", r"years?", r"doses?",
    r"infusions?", r"fortnights?",
)
UNIT = "(?:" + "|".join(UNITS) + ")"
# A frequency that only makes sense as part of a regimen. "once daily" and "once weekly" alone are
# the words the safety rules require (methotrexate is always "once weekly"), so alone they pass;
# with a dose ("15 mg once weekly") they are part of the typed figure.
FREQUENCY = (r"\b(?:twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a\s+|per\s+|each\s+|every\s+)?"
             r"(?:day|daily|week|weekly|month|monthly|fortnight|night|morning)\b"
             r"|\bevery\s+other\s+(?:day|week|month)\b|\bon\s+alternate\s+days\b"
             r"|\b(?:bd|b\.d\.|bid|tds|t\.d\.s\.|tid|qds|qid|q\d+h|nocte|mane)\b")
# "1x daily", "1 x daily", "x1 daily" and "qd" are daily too (editor trial 3: "15 mg qd" was offered iim.mtx.start).
ATTACHED_FREQUENCY = (r"(?:1|one)\s*x\s*(?:daily|a\s+day|per\s+day)|x\s*1\s*daily|q\.?d\.?|"
                      r"once\s+(?:a\s+|per\s+|each\s+)?(?:daily|day|weekly|week)|twice\s+(?:a\s+)?(?:daily|day)|"
                      r"weekly|daily|"
                      r"a\s+day|a\s+week|per\s+day|per\s+week|each\s+day|every\s+day|"
                      r"every\s+(?:morning|night|evening)|each\s+(?:morning|night|evening)|nightly|"
                      r"o\.?d\.?|o\.?m\.?|on(?=\s*(?:[.,;:)|]|$))")
# A quantity: a number, a range or an arrow chain of numbers, then a unit (with an optional
# hyphen: "2-week", "6-month"); optionally followed by a frequency ("15 mg once weekly").
QUANTITY = re.compile(
    rf"(?<![\w.#/-])(?P<numbers>{NUMBER}(?:(?:{RANGE_SEP}|{ARROW}){NUMBER})*)\s?-?\s?(?P<unit>{UNIT})"
    rf"(?P<freq>\s+(?:{FREQUENCY}|{ATTACHED_FREQUENCY})\b)?",
    re.IGNORECASE,
)
BARE_FREQUENCY = re.compile(FREQUENCY, re.IGNORECASE)

# Spans that are blanked before scanning (kept the same length, so columns stay true).
FIGURE_TOKEN = re.compile(r"\{\{\s*figure\([^)]*\)\s*\}\}")
MARK_TOKEN = re.compile(r"\{\{\s*not_a_figure\(\s*\"(?P<text>[^\"]*)\"\s*,\s*\"(?P<why>[^\"]*)\"\s*\)\s*\}\}")
ANY_TOKEN = re.compile(r"\{\{.*?\}\}")
INLINE_CODE = re.compile(r"`+[^`\n]*`+")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|\b(?:href|src|id|for|name|class|data-[\w-]+)=\"[^\"]*\"")
ATTR_LIST = re.compile(r"\{\s*[#.:][^}]*\}")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>.*)$")
FENCE_MARK = re.compile(r"^\s*<!--\s*not_a_figure:\s*(?P<why>.+?)\s*-->\s*$")
GENERATED_START = re.compile(r"<!--\s*generated\b")
GENERATED_END = re.compile(r"<!--\s*end generated\s*-->")


@dataclass(frozen=True)
class Finding:
    """A clinical figure typed outside a token: where, what, and the registry keys with that value.

    ``keys`` and ``near`` hold only figures of the drug the text names (when it names one):
    a hint never offers another drug's figure for a typed dose.
    """

    page: str
    line: int
    text: str
    where: str          # prose, table, heading, admonition, flowchart, fence, html, python comment, notebook
    keys: tuple[str, ...]
    column: int = 0      # in the line as the hook received it (for the in-page box)
    near: tuple[tuple[str, str], ...] = ()  # (key, "low"/"high"): ranges with the typed number as a bound
    choices: tuple[str, ...] = ()  # tool choices (calculators.choices) that set exactly this number and unit
    drug: str = ""       # the drug the text names next to the number, if any
    weekly_as_daily: bool = False  # a once-weekly drug written with a daily frequency
    drug_keys: tuple[str, ...] = ()  # every registry figure of ``drug``: where to look for the right one
    dose: bool = False   # the unit is a dose's (mg, g/kg ...): with a drug named, never "not a clinical figure"
    other_basis: tuple[str, ...] = ()  # figures with this number on another basis (actual weight, a start ...)
    other_meaning: tuple[str, ...] = ()  # figures with this number of another kind (a threshold for a dose ...)
    after_token: str = ""  # the frequency typed after a once-weekly figure token ("daily"): the word to delete

    def hint(self) -> str:
        if self.weekly_as_daily and self.after_token:
            return (f"{self.drug} is taken once weekly, never daily: the token says \"once weekly\"; delete "
                    f"\"{self.after_token}\" after it")
        if self.weekly_as_daily:
            return (f"{self.drug} is taken once weekly, never daily: a dose written with any frequency other than "
                    "once weekly is a dosing error, not a figure to look up")
        said = self._hint()
        if self.other_meaning and "another meaning" not in said:
            named = ", ".join(f"{k} (a {kind})" for k, kind in _kinds(self.other_meaning[:4]))
            said += f" ({named} has this number with another meaning: not the figure for a dose)"
        return said

    def _hint(self) -> str:
        if self.keys:
            named = ", ".join(self.keys[:4])
            many = "the registry figure with this value is" if len(self.keys) == 1 else \
                "registry figures with this value:"
            return f"{many} {named}"
        of = f"no {self.drug} figure in the registry" if self.drug else "no registry figure"
        if self.other_meaning and not (self.near or self.choices):
            named = ", ".join(f"{k} (a {kind})" for k, kind in _kinds(self.other_meaning[:4]))
            return (f"no figure of {self.drug or 'the registry'} has this meaning: {named} has this number "
                    "with another meaning and is not the figure meant")
        if self.other_basis:
            return (f"{of} has this value on the basis written here (ideal or actual weight, start or target); "
                    f"{', '.join(self.other_basis[:4])} has it on another basis and is not the figure meant")
        if self.near:
            bounds = ", ".join(f"{k} ({b} end)" for k, b in self.near[:4])
            return f"{of} has exactly this value (ranges with it as a bound: {bounds})"
        return f"{of} has this value"

    def _find_a_key(self) -> str:
        listed = f"the {self.drug} figures are {', '.join(_with_text(self.drug_keys[:8]))}; " if self.drug_keys else ""
        return (f"to find the right key: {listed}Reference → Figures (docs/reference/figures.md) lists every "
                "key with its meaning, and `make figure KEY=<key>` shows one figure and where it is used")

    def message(self) -> str:
        if self.weekly_as_daily and self.after_token:
            token = self.text[:len(self.text) - len(self.after_token)].strip()
            fix = (f'delete "{self.after_token}" after {token} on line {self.line}: the token already says the dose '
                   "and \"once weekly\", and a second frequency makes the page read a weekly drug as daily")
        elif self.weekly_as_daily:
            fix = ("write the dose with its figure token, which carries \"once weekly\" "
                   f"({{{{ figure(\"{self.drug_keys[0]}\") }}}} or another {self.drug} figure); "
                   + self._find_a_key() if self.drug_keys else self._find_a_key())
        elif self.choices and not self.keys:
            fix = (f'if it is the tool\'s choice, write {{{{ choice_value("{self.choices[0]}") }}}} (the one token '
                   "for a tool choice's number) and say on the page that it is a tool choice")
        elif self.keys:
            fix = (f'if it is that figure (the same meaning, not only the same number), write '
                   f'{{{{ figure("{self.keys[0]}") }}}} instead')
        elif self.near:
            fix = f'write {{{{ figure("{self.near[0][0]}", bound="{self.near[0][1]}") }}}} if that is the figure meant'
        elif self.other_meaning:  # the number exists, but as a threshold, a cap or a step: never offered
            fix = ("check the value against the sources: if they state it with this meaning, add one to "
                   "calculators/data/figures.toml with its source and kind, then write its token; "
                   + self._find_a_key())
        elif self.drug_keys:  # a dose of a drug the registry knows: a wrong number, not a missing figure
            article = "an" if self.drug[0] in "aeiou" else "a"
            fix = (f"{article} {self.drug} dose the registry does not hold is not one the sources give: check the "
                   f"value against the sources and write the intended {self.drug} figure with its token; "
                   + self._find_a_key())
        else:
            fix = (f"{self._find_a_key()}; a figure the sources state but the registry lacks is added to "
                   "calculators/data/figures.toml with its source, then shown with its token")
        said = f"{self.page}:{self.line}: typed clinical figure \"{self.text}\" ({self.where}): {self.hint()}; {fix}."
        if self.weekly_as_daily or (self.drug_keys and (self.dose or not (self.keys or self.near or self.choices))):
            return said  # a dose of a drug the registry knows is never "not a clinical figure"
        return (f"{said} A number that is not a clinical figure needs "
                f"{{{{ not_a_figure(\"...\", \"reason\") }}}} (see For editors).")


def _kinds(keys) -> list[tuple[str, str]]:
    """(key, kind) of each key: ``safety.pjp.steroid_dose``, ``threshold``."""
    from calculators.figures import registry

    figures = registry()
    return [(k, figures[k].kind if k in figures else "figure") for k in keys]


def _with_text(keys) -> list[str]:
    """``iim.aza.target_per_kg_ibw (2 mg/kg of ideal body weight)``: each key with the figure it holds."""
    from calculators.figures import registry

    figures = registry()
    return [f"{k} ({figures[k].text()})" if k in figures else k for k in keys]


@dataclass(frozen=True)
class Mark:
    """A number marked as not a clinical figure, with its reason."""

    page: str
    line: int
    text: str
    why: str


@dataclass
class Report:
    """Findings and marks of one page or of the whole docs folder."""

    findings: list[Finding] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


# --- matching a typed value with the registry -----------------------------------

def _base_unit(unit: str) -> str:
    u = unit.lower().replace(" ", "").replace("m2", "m²").replace("percent", "%")
    u = re.sub(r"^consecutive", "", u)
    for base in ("mg/kg", "g/kg", "mg/m²"):
        if u.startswith(base):
            return base
    if u in ("mg/day", "mg/d", "mg/week", "mg/wk", "mg"):
        return "mg"
    if u in ("micrograms", "microgram", "mcg", "µg", "μg"):
        return "microgram"
    if u in ("milligram", "milligrams"):
        return "mg"
    if u in ("gram", "grams"):
        return "g"
    return u.rstrip("s") if u not in ("%",) else u


def _numbers(text: str) -> list[float]:
    return [float(WORDS[n.lower()]) if n.lower() in WORDS else float(n.replace(",", "."))
            for n in re.findall(NUMBER, text, re.IGNORECASE)]


def _period(unit: str, words: str) -> str | None:
    """'day' or 'week' when the typed unit or its frequency says per day or per week."""
    text = f"{unit} {words}".lower()
    if "twice" in text:
        return "twice daily"
    # od (once daily), om (every morning), on (every night), nocte, mane: the prescription shorthands
    if re.search(r"/day|/d\b|daily|a day|per day|each day|every day|(?:every|each) (?:morning|night|evening)|"
                 r"nightly|\bo\.?d\b\.?|\bo\.?m\b\.?|\bon$|\bnocte\b|\bmane\b|\bq\.?d\b\.?", text):
        return "day"
    if re.search(r"/week|/wk|weekly|a week|per week", text):
        return "week"
    return None


#: The drugs a page names, each with the words that name it (in text, in registry keys and in a
#: figure's ``about``). Prednisone and prednisolone are one group (the sources use both for the
#: oral steroid); intravenous methylprednisolone is its own.
DRUGS: dict[str, tuple[str, ...]] = {
    "methotrexate": ("methotrexate", "mtx"),
    "prednisone": ("prednisone", "prednisolone", "pred", "(?:cortico|gluco)?steroids?(?!-sparing| sparing)"),
    "methylprednisolone": ("methylprednisolone", "ivmp", "pulse steroids?"),
    "azathioprine": ("azathioprine", "aza"),
    "mycophenolate": ("mycophenolate(?: mofetil)?", "mmf"),
    "immunoglobulin": ("ivig", "immunoglobulins?"),
    "rituximab": ("rituximab",),
    "cyclophosphamide": ("cyclophosphamide",),
    "folic acid": ("folic acid", "folic_acid", "folate"),
    "imiquimod": ("imiquimod",),
}
#: Drugs taken once weekly: a daily frequency with one of them is an error of its own (the safety
#: rules require "once weekly" on every methotrexate dose).
WEEKLY_DRUGS = frozenset({"methotrexate"})
_DRUG_WORD = {drug: re.compile(r"(?<![a-z])(?:" + "|".join(words) + r")(?![a-z])", re.IGNORECASE)
              for drug, words in DRUGS.items()}


def drugs_in(text: str) -> list[tuple[int, str]]:
    """(position, drug) of every drug named in ``text``, in order."""
    found = [(m.start(), drug) for drug, pattern in _DRUG_WORD.items() for m in pattern.finditer(text)]
    # "methylprednisolone" names one drug, not prednisolone too: the regex boundaries see to it
    return sorted(found)


def figure_drugs(key: str, about: str) -> frozenset[str]:
    """The drugs a registry figure is about: those its key names, else those its description names.

    The key comes first: ``iim.folic_acid`` ("Folic acid with methotrexate") is a folic acid dose.
    """
    words = key.replace(".", " ").replace("_", " ").replace("-", " ")
    from_key = frozenset(drug for _, drug in drugs_in(words))
    if not from_key and re.search(r"\btaper", f"{words} {about}", re.IGNORECASE):
        return frozenset({"prednisone"})  # every taper of this guide is an oral prednisone(-olone) taper
    return from_key or frozenset(drug for _, drug in drugs_in(about))


def drug_near(text: str, start: int, end: int) -> str:
    """The drug the number at ``text[start:end]`` belongs to: the nearest named before it in its
    sentence (or table row), else the first named after it there; '' when none is.
    """
    bounds = [m.end() for m in re.finditer(r"[.;!?](?:\s|$)", text[:start])]
    left = bounds[-1] if bounds else 0
    after = re.search(r"[.;!?](?:\s|$)", text[end:])
    right = end + after.start() if after else len(text)
    before = [d for pos, d in drugs_in(text[left:start])]
    if before:
        return before[-1]
    following = [d for pos, d in drugs_in(text[end:right])]
    return following[0] if following else ""


#: Registry keys ending so record what a source states wrongly (S003's methotrexate dose): never offered.
UNSAFE_SUFFIX = "_unsafe"
#: The kinds of figure offered as "the {drug} figures": doses, ranges and caps, not outcomes or counts.
DOSE_KINDS = frozenset({"dose", "range", "cap"})
#: Units of a drug dose, as ``_base_unit`` reduces them.
DOSE_UNITS = frozenset({"mg", "g", "mg/kg", "g/kg", "mg/m²", "microgram"})


#: What a typed number means, read from the words next to it, and the kinds of figure (and the tool
#: choices) a hint may offer for each meaning. A dose sentence ("Start prednisone at 20 mg/day") is offered
#: only doses and ranges: a threshold (the Pneumocystis 20 mg/day), a cap or a taper step with the same
#: number would make the page say the right number with the wrong meaning (editor trial 5).
LIMIT_WORDS = re.compile(r"\b(?:at\s+or\s+(?:above|below)|above|below|reach(?:es|ed)?|or\s+(?:more|less|"
                         r"higher|lower|above|below)|at\s+(?:least|most)|up\s+to|exceed\w*|more\s+than|less\s+than|"
                         r"max(?:imum)?|min(?:imum)?|cap(?:s|ped)?|ceiling|floor|limits?|threshold|lowest|highest|"
                         r"no\s+more)\b|[≥≤<>]", re.IGNORECASE)
STEP_WORDS = re.compile(r"\b(?:steps?|tablets?|increments?|strengths?)\b", re.IGNORECASE)
#: "lower by 2.5 mg": a step, when the words before the number say so ("by mouth" after it is no step)
STEP_BEFORE = re.compile(r"\b(?:steps?|tablets?|increments?|strengths?|(?:lower|reduc|decreas|increas|rais|ris|"
                         r"drop|fall|cut)\w*\s+by)\b", re.IGNORECASE)
MEANING_KINDS = {"dose": frozenset({"dose", "range"}), "limit": frozenset({"cap", "threshold", "range"}),
                 "step": frozenset({"step"})}
#: The tool choices that set a limit or a step (their keys say so); the others set a dose or an amount.
CHOICE_MEANING = (("limit", re.compile(r"ceiling|floor|cap|limit|max|min")), ("step", re.compile(r"steps|tablets")))


def meaning(unit: str, drug: str, before: str, after: str) -> str:
    """'dose', 'limit' or 'step' for a drug's dose unit; '' for any other number (no kind is ruled out)."""
    if not drug or _base_unit(unit) not in DOSE_UNITS:
        return ""
    if LIMIT_WORDS.search(before[-40:]) or LIMIT_WORDS.match(after.lstrip()[:20]):
        return "limit"
    if STEP_BEFORE.search(before[-25:]) or STEP_WORDS.match(after.lstrip()[:12]):
        return "step"
    return "dose"


def choice_meaning(key: str) -> str:
    return next((name for name, words in CHOICE_MEANING if words.search(key)), "dose")


def dose_keys() -> frozenset[str]:
    """The registry keys of dose, range and cap figures (the ones a typed dose may be pointed to)."""
    from calculators.figures import registry

    return frozenset(k for k, f in registry().items() if f.kind in DOSE_KINDS and not k.endswith(UNSAFE_SUFFIX))


def registry_index() -> list[tuple[str, str, str | None, tuple[float, ...], frozenset[str]]]:
    """(key, base unit, period, values, drugs) of every registry figure."""
    from calculators.figures import registry

    out = []
    for key, f in registry().items():
        if key.endswith(UNSAFE_SUFFIX):  # a source's error, kept to be quoted as one: never a hint
            continue
        values = tuple(f.value) if isinstance(f.value, tuple) else (f.value,)
        out.append((key, _base_unit(f.unit), _period(f.unit, f.suffix), tuple(float(v) for v in values),
                    figure_drugs(key, f.about)))
    return out


def of_drug(index, drug: str):
    """The rows of ``index`` a text naming ``drug`` may match: that drug's figures and figures of no drug."""
    if not drug:
        return index
    return [row for row in index if not row[4] or drug in row[4]]


def matching_keys(numbers: list[float], unit: str, words: str, index) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys, near): the registry keys for a typed value, and the ranges it is a bound of.

    Keys hold exactly the typed value in the same unit and, when both say it, the same period
    (15 mg daily is not the 15 mg once weekly of methotrexate), those with the same period first;
    ``near`` lists, for a single number, the ranges that have it as a bound.
    """
    base, period = _base_unit(unit), _period(unit, words)
    same = [(k, p, v) for k, b, p, v, _ in index if b == base and (period is None or p is None or p == period)]
    def bounds(rows):
        if len(numbers) != 1:
            return ()
        return tuple((k, "low" if numbers[0] == v[0] else "high")
                     for k, _, v in rows if len(v) == 2 and numbers[0] in v)

    exact = [(k, p) for k, p, v in same if list(v) == numbers]
    if period is not None:  # "1000 mg/day" is the top of a mg/day range before it is a bare 1000 mg
        strict = [k for k, p in exact if p == period]
        if strict:
            return tuple(strict), ()
        strict_near = bounds([row for row in same if row[1] == period])
        if strict_near:
            return (), strict_near
    keys = tuple(k for k, _ in exact)
    return keys, (() if keys else bounds(same))


def _tool_choices(text: str, drug: str = "", sense: str = "") -> tuple[str, ...]:
    """The tool choices whose number reads ``text`` (``80 mg/day``): pages write them ``choice_value("key")``.

    With a ``drug`` named next to the number, only that drug's choices and choices of no drug; the number
    and unit are compared, not the spelling ("2.5-milligram" is 2.5 mg); with a ``sense`` ('dose', 'limit',
    'step'), only choices of that meaning.
    """
    from calculators.choices import TOOL_CHOICES

    typed = QUANTITY.fullmatch(text.strip())

    def reads(c) -> bool:
        if c.value_text() == text:
            return True
        if typed is None or typed.group("freq"):
            return False
        return (_numbers(typed.group("numbers")) == [float(c.value)]
                and _base_unit(typed.group("unit")) == _base_unit(c.unit)
                and _period(typed.group("unit"), "") in (None, _period(c.unit, "")))

    return tuple(k for k, c in TOOL_CHOICES.items() if c.value is not None and reads(c)
                 and (not drug or drug in (figure_drugs(k, c.title) or {drug}))
                 and (not sense or choice_meaning(k) == sense))


# --- scanning ---------------------------------------------------------------------

def _blank(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _refuse_a_dose_as_no_figure(text: str, page: str, line: int) -> None:
    """A drug dose is a clinical figure: ``not_a_figure`` never hides one.

    Refused: a dose with a frequency ("750 mg twice daily"), or a dose next to a drug's name
    ("Prednisone 40 mg"), anywhere but the editors' own pages (whose exercises show made-up
    doses on purpose). A bare tablet strength or a tolerance ("5, 2.5 and 1 mg", "0.2 %") stays
    markable.
    """
    if "editors/" in page.replace("\\", "/"):
        return
    for q in QUANTITY.finditer(text):
        if _base_unit(q.group("unit")) not in DOSE_UNITS:
            continue
        drug = drug_near(text, q.start(), q.end())
        if q.group("freq") or drug:
            raise PluginError(
                f"{page}:{line}: not_a_figure({text!r}) marks a drug dose as no clinical figure; a dose is always "
                f"a figure: write it with its token ({{{{ figure(\"<key>\") }}}}, Reference → Figures lists the "
                "keys), add it to calculators/data/figures.toml with its source if the sources state it, or show "
                "a literal output as inline code")


def _scan_text(text: str, *, page: str, line: int, where: str, index, report: Report, drug_of_text: str = "") -> None:
    """Findings of one line.

    ``drug_of_text``: the drug the whole text is about when it names none (a tool choice's sentence,
    whose choice applies to one drug).
    """
    text = _blank(text, INLINE_CODE)  # code shows syntax, a mark written as code is no mark
    for m in MARK_TOKEN.finditer(text):
        if not m.group("why").strip():
            raise PluginError(f"{page}:{line}: not_a_figure({m.group('text')!r}) needs a reason as its second "
                              f"argument, e.g. {{{{ not_a_figure(\"9-year-old\", \"age of the worked example\") }}}}")
        _refuse_a_dose_as_no_figure(m.group("text"), page, line)
        report.marks.append(Mark(page, line, m.group("text"), m.group("why").strip()))
    clean = text
    for pattern in (MARK_TOKEN, FIGURE_TOKEN, ANY_TOKEN, INLINE_CODE, LINK_TARGET, ATTR_LIST):
        clean = _blank(clean, pattern)
    taken: list[tuple[int, int]] = []
    for m in QUANTITY.finditer(clean):
        numbers = _numbers(m.group("numbers"))
        drug = drug_near(clean, m.start(), m.end()) or drug_of_text
        period = _period(m.group("unit"), m.group("freq") or "")
        doses = dose_keys()
        drug_keys = tuple(row[0] for row in index if drug in row[4] and row[0] in doses) if drug else ()
        if drug in WEEKLY_DRUGS and period in ("day", "twice daily"):
            report.findings.append(Finding(page, line, m.group(0).strip(), where, (), m.start(), drug=drug,
                                           weekly_as_daily=True, drug_keys=drug_keys))
        else:
            rows = of_drug(index, drug)
            keys, near = matching_keys(numbers, m.group("unit"), m.group("freq") or "", rows)
            sense = meaning(m.group("unit"), drug, clean[:m.start()], clean[m.end():])
            other_meaning: tuple[str, ...] = ()
            if sense:  # a dose is never offered a threshold, a cap or a step with the same number
                fitting = {k for k, kind in _kinds([row[0] for row in rows]) if kind in MEANING_KINDS[sense]}
                every = (*keys, *(k for k, _ in near))
                keys, near = matching_keys(numbers, m.group("unit"), m.group("freq") or "",
                                           [row for row in rows if row[0] in fitting])
                other_meaning = tuple(k for k in every if k not in fitting)
            keys, near, other = _same_basis(keys, near, clean[max(0, m.start() - 60):m.start()],
                                            clean[m.end():m.end() + 40])
            report.findings.append(Finding(page, line, m.group(0).strip(), where, keys, m.start(), near,
                                           _tool_choices(m.group(0).strip(), drug, sense), drug=drug,
                                           drug_keys=drug_keys,
                                           dose=_base_unit(m.group("unit")) in DOSE_UNITS and bool(drug),
                                           other_basis=other, other_meaning=other_meaning))
        taken.append(m.span())
    _daily_after_a_weekly_token(text, page=page, line=line, where=where, index=index, report=report)
    for m in BARE_FREQUENCY.finditer(clean):
        if any(a <= m.start() < b for a, b in taken):
            continue
        report.findings.append(Finding(page, line, m.group(0).strip(), f"{where}, dosing frequency", (), m.start()))


#: What a per-kg figure is of, and whether it is a start or a target, from words near the typed number.
BASIS_WORDS = {"ideal": re.compile(r"ideal\s+body\s+weight|\bIBW\b", re.I),
               "actual": re.compile(r"actual\s+(?:body\s+)?weight", re.I)}
STAGE_WORDS = {"target": re.compile(r"\btarget", re.I), "start": re.compile(r"\bstart", re.I)}


def _same_basis(keys, near, before: str, after: str):
    """(keys, near, other): drop the figures whose basis the words next to the typed number contradict.

    "3 mg/kg of ideal body weight" is not CPIC's 2-3 mg/kg/day of actual weight, and a typed target is
    not a starting dose (editor trial 3): such a figure is named as one on another basis, never offered.
    """
    from calculators.figures import registry

    figures = registry()
    typed = {name for name, word in BASIS_WORDS.items() if word.search(after)}
    stage = {name for name, word in STAGE_WORDS.items() if word.search(before + " " + after)}
    if not typed and not stage:
        return keys, near, ()

    def fits(key: str) -> bool:
        f = figures.get(key)
        if f is None:
            return True
        said = f"{f.about} {f.suffix}"
        on_ibw = bool(BASIS_WORDS["ideal"].search(said))
        if ("ideal" in typed and not on_ibw) or ("actual" in typed and on_ibw):
            return False
        own = {name for name, word in STAGE_WORDS.items() if word.search(said)}
        return not (len(stage) == 1 and len(own) == 1 and stage != own)

    other = tuple(k for k in (*keys, *(k for k, _ in near)) if not fits(k))
    return tuple(k for k in keys if fits(k)), tuple((k, b) for k, b in near if fits(k)), other


DAILY_AFTER = re.compile(rf"\s*(?:{FREQUENCY}|{ATTACHED_FREQUENCY})\b", re.IGNORECASE)


def _daily_after_a_weekly_token(text: str, *, page: str, line: int, where: str, index, report: Report) -> None:
    """A once-weekly figure's token followed by a daily frequency: "{{ figure("iim.mtx.start") }} 1x daily".

    The token renders "15 mg once weekly"; the words after it would make the page read "once weekly 1x
    daily" (editor trial 3, after following a hint literally).
    """
    tokens = list(FIGURE_TOKEN.finditer(text))
    if not tokens:  # most text has no figure token: nothing to read (the registry is not rebuilt for it)
        return
    weekly = {key: drugs for key, _, period, _, drugs in index if period == "week" and drugs & WEEKLY_DRUGS}
    for m in tokens:
        key = re.search(r"\"([^\"]+)\"", m.group(0))
        if key is None or key.group(1) not in weekly:
            continue
        after = DAILY_AFTER.match(text, m.end())
        if after is None or _period("", after.group(0)) not in ("day", "twice daily"):
            continue
        drug = sorted(weekly[key.group(1)] & WEEKLY_DRUGS)[0]
        doses = dose_keys()
        report.findings.append(Finding(
            page, line, f"{m.group(0)}{after.group(0)}".strip(), where, (), m.start(), drug=drug,
            weekly_as_daily=True, drug_keys=tuple(row[0] for row in index if drug in row[4] and row[0] in doses),
            after_token=after.group(0).strip()))


def _where(line: str, in_admonition: bool, in_html: bool) -> str:
    s = line.strip()
    if s.startswith("|"):
        return "table"
    if s.startswith("#"):
        return "heading"
    if in_admonition:
        return "admonition"
    if in_html or s.startswith("<"):
        return "html"
    return "prose"


def _python_comment(line: str) -> str:
    """The comment part of a Python line (after a ``#`` outside a string), or ''.

    A ``#>`` line is the output an example prints, shown under the code: the docs runner
    (``tests/markdown_runner.py``) compares it with what the code prints, so it is not prose.
    """
    if line.lstrip().startswith("#>"):
        return ""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return " " * i + line[i:]
    return ""


def scan_markdown(markdown: str, page: str, line_offset: int = 0, index=None) -> Report:
    """Findings and marks of one Markdown page; ``line_offset`` = front-matter lines above it."""
    index = registry_index() if index is None else index
    report = Report()
    markdown = _keep_comment_lines(markdown)
    fence = None        # (marker, info) while inside a fence
    fence_marked = False
    generated = False
    in_admonition = False
    in_html = False
    previous = ""
    for number, raw in enumerate(markdown.split("\n"), start=1 + line_offset):
        match = FENCE.match(raw)
        if fence is not None:
            marker, info, kind = fence
            if match and match.group("fence")[0] == marker[0] and len(match.group("fence")) >= len(marker) \
                    and not match.group("info").strip():
                fence = None
                continue
            if kind == "python":
                comment = _python_comment(raw)
                if comment:
                    _scan_text(comment, page=page, line=number, where="Python comment", index=index, report=report)
            elif not fence_marked:
                _scan_text(raw, page=page, line=number, where=kind, index=index, report=report)
            continue
        if match:
            info = match.group("info").lower()
            kind = ("flowchart" if "flowchart" in info else "python" if re.search(r"\bpy(thon)?\b", info)
                    and "notest" not in info else "fence")
            fence = (match.group("fence"), info, kind)
            mark = FENCE_MARK.match(previous)
            fence_marked = bool(mark) and kind != "flowchart"
            if fence_marked:
                report.marks.append(Mark(page, number, f"fenced block ({info or 'text'})", mark.group("why")))
            # a fence inside a generated region (the output gallery's answers, an edition's diff) is written by
            # code like the rest of the region, and checked by the test that compares it with the code
            fence_marked = fence_marked or (generated and kind != "python")
            previous = raw
            continue
        if GENERATED_START.search(raw):
            generated = True
        if generated:
            if GENERATED_END.search(raw):
                generated = False
            previous = raw
            continue
        stripped = raw.strip()
        if re.match(r"^(!!!|\?\?\?\+?)\s", stripped):
            in_admonition = True
        elif stripped and not raw.startswith((" ", "\t")):
            in_admonition = False
        if re.match(r"^<(form|div|fieldset|details|table|section|figure)\b", stripped):
            in_html = True
        elif not stripped:
            in_html = False
        _scan_text(_blank(raw, HTML_COMMENT), page=page, line=number, where=_where(raw, in_admonition, in_html),
                   index=index, report=report)
        previous = raw
    return report


def _keep_comment_lines(markdown: str) -> str:
    """Blank multi-line HTML comments but keep the line count and single-line markers."""
    def blank(m: re.Match) -> str:
        text = m.group(0)
        if "\n" not in text:
            return text  # single-line comments are handled per line (markers, fence marks)
        return "\n".join(" " * len(part) for part in text.split("\n"))
    return HTML_COMMENT.sub(blank, markdown)


NOTEBOOK_CELL = re.compile(r"^# %%(?P<kind>.*)$")


def scan_notebook(source: str, page: str, index=None) -> Report:
    """A jupytext percent notebook: markdown cells as prose, comments of code cells."""
    index = registry_index() if index is None else index
    report = Report()
    kind = "header"
    for number, raw in enumerate(source.split("\n"), start=1):
        cell = NOTEBOOK_CELL.match(raw)
        if cell:
            kind = "markdown" if "[markdown]" in cell.group("kind") else "code"
            continue
        if kind == "markdown":
            text = raw[2:] if raw.startswith("# ") else raw.lstrip("#")
            _scan_text(_blank(text, HTML_COMMENT), page=page, line=number, where="notebook text", index=index,
                       report=report)
        elif kind == "code":
            comment = _python_comment(raw)
            if comment:
                _scan_text(comment, page=page, line=number, where="notebook comment", index=index, report=report)
    return report


# --- the page as the editor sees it while serving -----------------------------------

BOX_CSS = ("display:inline-block;margin:0 .2em;padding:0 .35em;border:2px solid #c62828;border-radius:3px;"
           "background:#ffebee;color:#b71c1c;font-weight:600;font-size:.85em")


def _box(f: Finding) -> str:
    return (f'<span class="typed-figure-box" role="alert" style="{BOX_CSS}">&#9888; typed figure '
            f'&ldquo;{html.escape(f.text)}&rdquo;: {html.escape(f.hint())} (line {f.line})</span>')


def annotate(markdown: str, findings: list[Finding], line_offset: int) -> str:
    """Put a box right after each typed figure of prose, tables, headings and admonitions."""
    lines = markdown.split("\n")
    by_line: dict[int, list[Finding]] = {}
    for f in findings:
        if f.where.split(",")[0] in ("prose", "table", "heading", "admonition"):
            by_line.setdefault(f.line - line_offset - 1, []).append(f)
    for i, found in by_line.items():
        line = lines[i]
        for f in sorted(found, key=lambda f: f.column, reverse=True):
            end = line.find(f.text, f.column)
            if end < 0:
                continue
            end += len(f.text)
            line = line[:end] + _box(f) + line[end:]
        lines[i] = line
    return "\n".join(lines)


def summary_box(findings: list[Finding]) -> str:
    items = "".join(f"<li><strong>line {f.line}</strong> ({html.escape(f.where)}): "
                    f"&ldquo;{html.escape(f.text)}&rdquo;: {html.escape(f.hint())}</li>" for f in findings)
    return (f'<div class="typed-figure-summary" role="alert" style="border:3px solid #c62828;background:#ffebee;'
            f'color:#b71c1c;padding:.6em 1em;margin:0 0 1em">'
            f"<strong>&#9888; {len(findings)} clinical figure(s) typed by hand on this page.</strong> "
            f"Use a figure token instead (<code>{{{{ figure(\"key\") }}}}</code>); a number that is not a "
            f"clinical figure needs <code>{{{{ not_a_figure(\"text\", \"reason\") }}}}</code>. "
            f"The strict build fails until they are fixed.<ul>{items}</ul></div>")


# --- pages not yet converted ---------------------------------------------------------

#: Typed figures that were on the pages when this check arrived, one ``page<TAB>text`` a line
#: (a text typed twice on a page is listed twice). They are reported as INFO while they wait to be
#: converted to tokens; anything else, including one more copy of a listed text, is a WARNING.
#: Regenerate it only to shrink it: ``python -m igm_iim_site.typed_figures --write-pending``.
PENDING_FILE = Path(__file__).with_name("typed_figures_pending.txt")


def load_pending(path: Path = PENDING_FILE) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                page, text = line.split("\t", 1)
                out[(page, text)] = out.get((page, text), 0) + 1
    return out


def split_pending(findings: list[Finding], pending: dict[tuple[str, str], int]):
    """(new findings, pending findings): a text beyond its listed count on a page is new."""
    seen: dict[tuple[str, str], int] = {}
    new, waiting = [], []
    for f in findings:
        key = (f.page, f.text)
        seen[key] = seen.get(key, 0) + 1
        (waiting if seen[key] <= pending.get(key, 0) else new).append(f)
    return new, waiting


# --- MkDocs glue --------------------------------------------------------------------

def render_marks(markdown: str) -> str:
    """Render ``{{ not_a_figure("text", "reason") }}`` as its text.

    Outside code, and inside ``flowchart`` fences (their text is page text); other fences and
    inline code keep the syntax.
    """
    out, fence = [], None
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if fence is not None:
            if match and match.group("fence")[0] == fence[0][0] and len(match.group("fence")) >= len(fence[0]) \
                    and not match.group("info").strip():
                fence = None
            elif fence[1]:
                line = MARK_TOKEN.sub(lambda m: m.group("text"), line)
            out.append(line)
            continue
        if match:
            fence = (match.group("fence"), "flowchart" in match.group("info"))
            out.append(line)
            continue
        out.append(re.sub(INLINE_CODE.pattern + "|" + MARK_TOKEN.pattern,
                          lambda m: m.group("text") if m.group("text") is not None else m.group(0), line))
    return "\n".join(out)


def marks_table(marks: list[Mark]) -> str:
    if not marks:
        return "No page holds a non-clinical mark."
    rows = [f"| `{m.page}` | {m.line} | {m.text} | {m.why} |" for m in sorted(marks, key=lambda m: (m.page, m.line))]
    return "\n".join([f"**{len(marks)} marks** in this build:", "", "| Page | Line | Text | Reason |",
                      "| --- | --- | --- | --- |", *rows])


def scan_docs(docs_dir: Path) -> Report:
    """Every page and notebook under ``docs_dir`` (used by the editors' page and the tests)."""
    index = registry_index()
    total = Report()
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if rel.startswith(("assets/", "snippets/")) or not path.is_file():
            continue
        shown = f"{docs_dir.name}/{rel}"
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            body, offset = _split_front_matter(text)
            report = scan_markdown(body, shown, offset, index)
        elif path.suffix == ".py" and rel.startswith("notebooks/"):
            report = scan_notebook(path.read_text(encoding="utf-8"), shown, index)
        else:
            continue
        total.findings += report.findings
        total.marks += report.marks
    return total


def _split_front_matter(text: str) -> tuple[str, int]:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            after = text.find("\n", end + 1)
            after = len(text) if after < 0 else after + 1
            return text[after:], text[:after].count("\n")
    return text, 0


def on_config(config, *, state, **kwargs):
    state.of("typed_figures").update(index=None, strict=bool(config.get("strict")), docs_dir=Path(config.docs_dir),
                                     pending=load_pending(), findings={})
    return config


def _index(mine: dict):
    if mine.get("index") is None:
        mine["index"] = registry_index()
    return mine["index"]


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    mine = state.of("typed_figures")
    src = page.file.src_uri
    shown = f"{Path(config.docs_dir).name}/{src}"
    raw = page.file.content_string
    if src.endswith(".py"):
        # the notebook as the editor wrote it (igm_iim_site/figures.py hands mkdocs-jupyter a rendered copy)
        raw = (Path(config.docs_dir) / src).read_text(encoding="utf-8")
        report = scan_notebook(raw, shown, _index(mine))
        offset = 0
    else:
        offset = max(raw.count("\n") - markdown.count("\n"), 0) if raw.startswith("---") else 0
        report = scan_markdown(markdown, shown, offset, _index(mine))
    new, waiting = split_pending(report.findings, mine["pending"])
    for finding in new:
        log.warning(finding.message())
    if waiting:
        log.info("%s: %d typed figure(s) from before the typed-figure check, waiting to be converted to tokens "
                 "(igm_iim_site/typed_figures_pending.txt): %s", shown, len(waiting),
                 "; ".join(f"line {f.line} \"{f.text}\"" for f in waiting))
    mine["findings"][src] = new
    if "{{ not_a_figure_marks() }}" in markdown:
        markdown = markdown.replace("{{ not_a_figure_marks() }}", marks_table(scan_docs(mine["docs_dir"]).marks))
    if new and not mine["strict"] and not src.endswith(".py"):
        markdown = annotate(markdown, new, offset)
    return render_marks(markdown)


def on_page_content(html_text, page, config, files, *, state, **kwargs):
    mine = state.of("typed_figures")
    findings = mine["findings"].get(page.file.src_uri)
    if findings and not mine["strict"]:
        return summary_box(findings) + html_text
    return html_text


def main(argv: list[str] | None = None) -> int:
    """``python -m igm_iim_site.typed_figures [docs]``: list every typed figure and every mark."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    write = "--write-pending" in args
    args = [a for a in args if a != "--write-pending"]
    docs = Path((args or ["docs"])[0])
    report = scan_docs(docs)
    if write:
        PENDING_FILE.write_text("# Typed figures waiting to be converted to figure tokens "
                                "(see igm_iim_site/typed_figures.py).\n"
                                + "".join(f"{f.page}\t{f.text}\n" for f in report.findings), encoding="utf-8")
        print(f"wrote {len(report.findings)} pending figure(s) to {PENDING_FILE}")
        return 0
    new, waiting = split_pending(report.findings, load_pending())
    for f in report.findings:
        state = "pending" if f in waiting else "NEW"
        print(f"{state} {f.page}:{f.line}: \"{f.text}\" ({f.where}): {f.hint()}")
    print(f"{len(new)} new typed clinical figure(s), {len(waiting)} pending conversion; "
          f"{len(report.marks)} non-clinical mark(s)")
    for m in report.marks:
        print(f"  mark {m.page}:{m.line}: \"{m.text}\" ({m.why})")
    return 1 if new else 0


if __name__ == "__main__":
    raise SystemExit(main())
