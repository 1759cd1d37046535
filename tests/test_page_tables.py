"""Every Markdown table of the pages keeps its columns (issue 22: the safety checks page had a second
header row under a shorter first one, and Markdown dropped its Source column without a word)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calculators.safety import RULES
from tests.test_guideline_pages import site  # noqa: F401  (the built site, shared fixture)

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))
SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def cells(row: str) -> list[str]:
    """The cells of a table row; a pipe inside backticks, a {{ token }} or escaped as \\| is text."""
    text = re.sub(r"`[^`]*`|\{\{.*?\}\}", lambda m: m.group(0).replace("|", "¦"), row.strip())
    text = text.replace("\\|", "¦")
    return [c.strip() for c in text.strip("|").split("|")]


def tables(path: Path) -> list[tuple[int, list[str], list[tuple[int, str]]]]:
    """(line of the header, header cells, [(line, row)]) for every pipe table outside code fences."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, fenced, i = [], False, 0
    while i < len(lines):
        if lines[i].lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and lines[i].lstrip().startswith("|") and i + 1 < len(lines) \
                and SEPARATOR.match(lines[i + 1].strip()):
            header, rows, j = cells(lines[i]), [], i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                rows.append((j + 1, lines[j]))
                j += 1
            out.append((i + 1, header, rows))
            i = j
            continue
        i += 1
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_row_has_the_columns_of_its_header(page):
    problems = []
    for line, header, rows in tables(page):
        for number, row in rows:
            if SEPARATOR.match(row.strip()):
                problems.append(f"{page.relative_to(ROOT)}:{number}: a second header separator inside the table "
                                f"that starts at line {line}")
            elif len(cells(row)) != len(header):
                problems.append(f"{page.relative_to(ROOT)}:{number}: {len(cells(row))} cells under a header of "
                                f"{len(header)} ({' | '.join(header)}); Markdown drops or pads the difference")
    assert not problems, "\n".join(problems)


def test_the_safety_checks_table_has_its_source_column_and_a_row_per_kind_of_check():
    page = ROOT / "docs/calculators/safety.md"
    (checked,) = [t for t in tables(page) if t[1][0] == "Check"]
    assert checked[1] == ["Check", "Fires when", "Plans", "Severity", "Source"]
    sources = [cells(row)[4] for _, row in checked[2]]
    assert all(sources), "a row without its source"
    assert len(checked[2]) >= 20  # one row per check; the rule table has len(RULES) codes, some rows hold two
    assert len(checked[2]) >= len({r.code.split(".")[0] for r in RULES})


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headers: list[list[str]] = []
        self._th: list[str] | None = None
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.headers.append([])
        elif tag == "th":
            self._in_th = True
            self.headers[-1].append("")

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, data):
        if self._in_th:
            self.headers[-1][-1] += data.strip()


@pytest.mark.slow
def test_the_built_safety_checks_page_shows_the_source_column(site):  # noqa: F811
    parser = _Tables()
    parser.feed((site / "calculators/safety/index.html").read_text(encoding="utf-8"))
    assert ["Check", "Fires when", "Plans", "Severity", "Source"] in parser.headers
