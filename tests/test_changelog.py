"""The edition changelog (tools/changelog.py) reads figures and behaviour from two git refs and lists what changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tools.changelog import changelog, figure_text, main, to_markdown

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}

# A fake taper step appended to guidance.py of the temporary repository.
STEP_LINE = ('\nTEST_TAPER_STEP = fig("test.taper.step3", {value}, "mg/day", "step", ["S002"],\n'
             '                      "Third step of a test taper")\n')


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=GIT_ENV).stdout.strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Four commits: no calculators; a step of 20 mg/day; the same step at 17.5; then a rule changed in
    code with no figure changed (the adjusted-body-weight factor)."""
    path = tmp_path_factory.mktemp("edition-repo")
    git(path, "init", "-q")
    (path / "README.md").write_text("before the figure registry\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "no calculators yet")
    git(path, "tag", "pre")
    for tree in ("calculators", "tools"):
        shutil.copytree(ROOT / tree, path / tree, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "tests" / "cases").is_dir():
        shutil.copytree(ROOT / "tests" / "cases", path / "tests" / "cases",
                        ignore=shutil.ignore_patterns("__pycache__"))
        (path / "tests" / "__init__.py").write_text("")
    guidance = path / "calculators" / "guidance.py"
    original = guidance.read_text()
    guidance.write_text(original + STEP_LINE.format(value=20))
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "edition one")
    git(path, "tag", "2026.1")
    guidance.write_text(original + STEP_LINE.format(value=17.5))
    git(path, "commit", "-q", "-am", "edition two: step 3 is now 17.5 mg/day")
    git(path, "tag", "2026.2")
    body = path / "calculators" / "body_size.py"
    text = body.read_text()
    assert "\nABW_FACTOR = 0.4" in text
    body.write_text(text.replace("\nABW_FACTOR = 0.4", "\nABW_FACTOR = 0.5", 1))
    git(path, "commit", "-q", "-am", "edition three: a rule changed in code, no figure")
    git(path, "tag", "2026.3")
    return path


def test_one_changed_taper_step_is_exactly_what_is_listed(repo):
    log = changelog("2026.1", "2026.2", repo, behaviour=False)
    assert [(c.key, c.change, c.fields) for c in log.changes] == [("test.taper.step3", "changed", ["value"])]
    assert log.counts() == {"step": 1}
    assert [c.key for c in log.dosing()] == ["test.taper.step3"]
    markdown = to_markdown(log)
    assert "by kind: step 1." in markdown
    assert "| `test.taper.step3` | step | 20 mg/day | 17.5 mg/day | value | S002 | — |" in markdown
    # Every other figure is in both editions and unchanged, so it is not listed.
    assert markdown.count("| `") == 1


def test_the_figures_come_from_each_ref_not_from_the_installed_package(repo):
    old = changelog("2026.1", "2026.1", repo, behaviour=False)
    assert old.changes == [] and old.new.figures["test.taper.step3"]["value"] == 20
    # The installed package (this working tree) has no such figure.
    from calculators.figures import registry

    assert "test.taper.step3" not in registry()


def test_a_ref_without_the_registry_is_empty_with_a_note(repo):
    log = changelog("pre", "2026.1", repo, behaviour=False)
    assert log.old.figures == {}
    assert "has no calculators/figures.py" in log.old.note
    assert all(c.change == "added" for c in log.changes)
    assert len(log.changes) == len(log.new.figures)
    assert "Note: pre has no calculators/figures.py" in to_markdown(log)


def test_json_output_and_command_line(repo, capsys):
    assert main(["2026.1", "2026.2", "--json", "--figures-only", "--repo", str(repo)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts_by_kind"] == {"step": 1}
    assert data["dosing_changes"] == 1
    change = data["changes"][0]
    assert (change["before"]["value"], change["after"]["value"]) == (20, 17.5)
    # As a module, as `make changelog` runs it.
    out = subprocess.run([sys.executable, "-m", "tools.changelog", "2026.1", "2026.2", "--figures-only",
                          "--repo", str(repo)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert "17.5 mg/day" in out


def test_unknown_ref_is_a_clear_error(repo, capsys):
    assert main(["2099.9", "2026.2", "--repo", str(repo)]) == 2
    assert "unknown ref '2099.9'" in capsys.readouterr().err


def test_figure_text_matches_the_site():
    from calculators import guidance

    for figure in (guidance.IIM_PRED_PER_KG, guidance.IIM_MTX_START, guidance.IGM_CR_COMBINATION):
        data = figure.model_dump()
        data["value"] = list(figure.value) if isinstance(figure.value, tuple) else figure.value
        assert figure_text(data) == figure.text()


def test_a_rule_changed_in_code_with_no_figure_changed_shows_as_behaviour(repo):
    log = changelog("2026.2", "2026.3", repo)
    assert log.changes == []  # no figure changed...
    changed = [v for v in log.behaviour if v.change == "changed"]
    assert changed, "the adjusted-body-weight factor changed: vectors must differ"
    assert all(v.calculator == "body-size" for v in changed)
    paths = {p for v in changed for p, _, _ in v.differences}
    assert any("abw" in p for p in paths)
    markdown = to_markdown(log)
    assert "No figure changed." in markdown
    assert f"**{len(changed)} gave a different output**" in markdown
    assert "### `body-size` (form):" in markdown
    # before and after values both printed
    v = changed[0]
    path, before, after = next(d for d in v.differences if d[0].endswith("abw.display"))
    assert f"| `{path}` | {before} | {after} |" in markdown


def test_unchanged_code_gives_no_behaviour_change(repo):
    log = changelog("2026.1", "2026.2", repo)
    assert [v for v in log.behaviour if v.change != "added"] == []
    assert log.summary()["behaviour"] == 0 and log.summary()["figures"] == 1
    assert log.new.gallery and log.gallery_diff() == []
    assert "reads the same in both editions" in to_markdown(log)


def test_the_output_gallery_text_that_changed_shows_before_and_after(repo):
    # each edition's gallery is rendered by that edition's code (tools/gallery.py at the ref)
    log = changelog("2026.2", "2026.3", repo)
    assert log.old.gallery != log.new.gallery
    changed = log.gallery_diff()
    assert "-  adjusted body weight: 74.3 kg" in "\n".join(changed)  # 0.4 x the excess weight, 80 kg man
    assert "+  adjusted body weight: 75.2 kg" in "\n".join(changed)  # 0.5 x: 70.5 + 0.5 x 9.5 = 75.25
    hunks = [line for line in changed if line.startswith("@@")]
    assert hunks and all(" / Body size" in h for h in hunks)  # each change names patient and calculator
    markdown = to_markdown(log)
    section = markdown[markdown.index("## Output gallery"):]
    assert "```diff" in section and "-  adjusted body weight: 74.3 kg" in section
    assert log.as_dict()["gallery_diff"] == changed
    # an edition with no gallery (older than tools/gallery.py): said, not diffed
    no_gallery = replace(log, old=replace(log.old, gallery=None))
    assert "has no output gallery to compare with" in to_markdown(no_gallery) and no_gallery.gallery_diff() == []


# --- the pages' own text (editor trial E5) -------------------------------------------------------------

PAGE_BEFORE = """---
last_reviewed: 2026-11-21
---
# IIM

Check creatine kinase before each visit.
Keep the dose for four weeks.

<!-- generated by tools/x.py -->
| a | b |
<!-- end generated -->

```python
print(1)
#> 1
```
"""


def test_page_text_and_review_date_changes_are_listed_without_generated_parts(tmp_path):
    repo = tmp_path / "pages"
    page = repo / "docs" / "guidelines" / "iim.md"
    page.parent.mkdir(parents=True)
    git(repo, "init", "-q")
    page.write_text(PAGE_BEFORE)
    (repo / "docs" / "calculators").mkdir()
    (repo / "docs" / "calculators" / "same.md").write_text("# Same\n\nUnchanged text.\n")
    (repo / "docs" / "other.md").write_text("# Not a guideline\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    git(repo, "tag", "2026.1")
    page.write_text(PAGE_BEFORE.replace("2026-11-21", "2026-12-07")
                    .replace("four weeks", "six weeks")
                    .replace("| a | b |", "| a | c |").replace("#> 1", "#> 2")
                    .replace("```python", "````python").replace("```\n", "````\n"))
    (repo / "docs" / "other.md").write_text("# Not a guideline, changed\n")
    (repo / "docs" / "calculators" / "new.md").write_text("# New\n\nA new page.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two")

    log = changelog("2026.1", "HEAD", repo)
    assert [(p.path, p.change) for p in log.pages] == [("docs/calculators/new.md", "added"),
                                                       ("docs/guidelines/iim.md", "changed")]
    [_, iim] = log.pages
    assert (iim.reviewed_before, iim.reviewed_after) == ("2026-11-21", "2026-12-07")
    assert "-Keep the dose for four weeks." in iim.diff and "+Keep the dose for six weeks." in iim.diff
    joined = "\n".join(iim.diff)
    assert "| a |" not in joined and "#>" not in joined  # generated table and example output are the code's
    markdown = to_markdown(log)
    section = markdown[markdown.index("## Page text changed"):]
    assert "### `docs/guidelines/iim.md`" in section and "Last reviewed: 2026-11-21 → 2026-12-07." in section
    assert "-Keep the dose for four weeks." in section and "docs/other.md" not in section
    # the page's own 4-backtick fence inside the diff never closes the diff's fence
    assert "`````diff" in section
    assert log.as_dict()["pages"][1]["path"] == "docs/guidelines/iim.md"

    same = changelog("HEAD", "HEAD", repo)
    assert same.pages == [] and "No page's text or review date (home, about, guideline or calculator pages), no " \
        "template or live form text and no tool choice changed" in to_markdown(same)
    assert "Page text changed" not in to_markdown(changelog("2026.1", "HEAD", repo, behaviour=False))


# --- editor trial 3: a change the page could hide --------------------------------------------------

def test_a_changed_word_late_in_a_long_sentence_shows_in_both_cells():
    from tools.changelog import changed_words

    before = ("Mycophenolate: a major teratogen (product labelling; the guideline sources say nothing of it): "
              "reliable contraception until 6 weeks after stopping mycophenolate.")
    old, new = changed_words(before, before.replace("6 weeks", "12 weeks"))
    assert "**6**" in old and "**12**" in new and old != new
    assert old.endswith("weeks after stopping mycophenolate.") and old.startswith("… ")
    assert changed_words("6 weeks", "12 weeks") == ("6 weeks", "12 weeks")  # a short text is shown whole
    old, new = changed_words(before, before + " Tell the patient.")
    assert "(nothing)" in old and "**Tell the patient.**" in new


def test_the_behaviour_table_shows_the_changed_words_not_a_cut(repo):
    from tools.changelog import VectorChange, behaviour_markdown

    log = changelog("2026.2", "2026.3", repo)
    sentence = "x" * 95 + " until 6 weeks after stopping."
    log.behaviour = [VectorChange("v", "regimen", "mycophenolate", "changed", {}, {}, {},
                                  [("expected.note", sentence, sentence.replace("6 weeks", "12 weeks"))])]
    table = "\n".join(behaviour_markdown(log))
    assert "**6**" in table and "**12**" in table


def test_make_changelog_warns_that_uncommitted_changes_are_not_compared(tmp_path, capsys):
    git(tmp_path, "init", "-q")
    (tmp_path / "calculators" / "data").mkdir(parents=True)
    figures = tmp_path / "calculators" / "data" / "figures.toml"
    figures.write_text("# figures\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "one")
    main(["HEAD", "HEAD", "--figures-only", "--repo", str(tmp_path)])
    assert "uncommitted" not in capsys.readouterr().err
    figures.write_text("# figures, edited\n")
    main(["HEAD", "HEAD", "--figures-only", "--repo", str(tmp_path)])
    err = capsys.readouterr().err
    assert "uncommitted changes are not compared" in err and "calculators/data/figures.toml" in err


def test_page_text_diff_shows_figure_tokens_as_the_page_reads_them(tmp_path):
    from tools.changelog import page_changes

    repo = tmp_path / "pages"
    page = repo / "docs" / "calculators" / "aza.md"
    page.parent.mkdir(parents=True)
    git(repo, "init", "-q")
    page.write_text('# A\n\nThe target is {{ figure("iim.aza.target_per_kg_ibw") }}, so 2 × 70.46 kg a day.\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    page.write_text('# A\n\nThe target is {{ figure("iim.aza.target_per_kg_ibw") }}, so 2.5 × 70.46 kg a day.\n')
    git(repo, "commit", "-q", "-am", "two")
    old = {"iim.aza.target_per_kg_ibw": {"value": 2, "unit": "mg/kg", "suffix": "of ideal body weight"}}
    new = {"iim.aza.target_per_kg_ibw": {**old["iim.aza.target_per_kg_ibw"], "value": 2.5}}
    [change] = page_changes("HEAD~1", "HEAD", repo, old, new)
    assert "-The target is 2 mg/kg of ideal body weight, so 2 × 70.46 kg a day." in change.diff
    assert "+The target is 2.5 mg/kg of ideal body weight, so 2.5 × 70.46 kg a day." in change.diff
    assert not any("{{" in line for line in change.diff)
    [raw] = page_changes("HEAD~1", "HEAD", repo)  # without the figures: the tokens as written
    assert any("{{ figure(" in line for line in raw.diff)


def test_the_home_page_the_about_pages_and_the_tool_choices_are_compared(tmp_path):
    """The editor trial: the what-changed page left out edits to the home page, the about pages and the
    tool's choices (calculators/data/choices.toml), which pages and results show."""
    from tools.changelog import CHOICES, page_changes, pages_markdown

    repo = tmp_path / "guide"
    (repo / "docs" / "about").mkdir(parents=True)
    (repo / "calculators" / "data").mkdir(parents=True)
    git(repo, "init", "-q")
    home, about, choices = repo / "docs" / "index.md", repo / "docs" / "about" / "disclaimer.md", repo / CHOICES
    home.write_text("# Guide\n\nFor clinicians on the ward.\n")
    about.write_text("# Disclaimer\n\nNot a substitute for judgement.\n")
    choices.write_text("[adult_age]\ntitle = 'Who counts as an adult'\nkind = \"tool_choice\"\n"
                       "text = '''\nAdults are 18 or\nolder.'''\nwhy = 'The sources say adults.'\n"
                       "[rounding]\ntitle = 'Rounding'\ntext = 'Doses are rounded to {{ figure(\"x.step\") }}.'\n")
    (repo / "docs" / "editors.md").write_text("# For editors\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    home.write_text("# Guide\n\nFor clinicians on the ward and in clinic.\n")
    about.write_text("# Disclaimer\n\nNever a substitute for judgement.\n")
    choices.write_text(choices.read_text().replace("Adults are 18 or\nolder.", "Adults are 16 or\nolder."))
    (repo / "docs" / "editors.md").write_text("# For editors, changed\n")
    git(repo, "commit", "-q", "-am", "two")

    changes = {c.path: c for c in page_changes("HEAD~1", "HEAD", repo, {"x.step": {"value": 2.5, "unit": "mg"}},
                                               {"x.step": {"value": 2.5, "unit": "mg"}})}
    assert sorted(changes) == [CHOICES, "docs/about/disclaimer.md", "docs/index.md"], sorted(changes)
    assert "+For clinicians on the ward and in clinic." in changes["docs/index.md"].diff
    assert "+Never a substitute for judgement." in changes["docs/about/disclaimer.md"].diff
    # a choice's sentence, field by field, on one line as the pages read it; the unchanged choice is not listed
    assert changes[CHOICES].diff == ["-[adult_age] text: Adults are 18 or older.",
                                     "+[adult_age] text: Adults are 16 or older."], changes[CHOICES].diff
    log = changelog("HEAD~1", "HEAD", repo, behaviour=False)
    log.pages = list(changes.values())
    section = "\n".join(pages_markdown(log))
    assert f"### `{CHOICES}`" in section and "### `docs/index.md`" in section and "editors.md" not in section


def test_the_page_template_and_the_live_forms_texts_are_compared(tmp_path):
    """Editor trial 5: the disclaimer every page shows (overrides/main.html) changed, and the what-changed page
    said nothing. Mutation: drop ``reader_text_changes`` from ``page_changes`` and this fails."""
    from tools.changelog import FORM_TEXT_FILES, page_changes, pages_markdown

    repo = tmp_path / "guide"
    (repo / "overrides" / "partials").mkdir(parents=True)
    (repo / "calculators" / "forms").mkdir(parents=True)
    git(repo, "init", "-q")
    main = repo / "overrides" / "main.html"
    definitions, html = (repo / path for path in FORM_TEXT_FILES)
    main.write_text('{% extends "base.html" %}\n<p class="disclaimer">\n  Check every dose before you prescribe.\n</p>\n')
    (repo / "overrides" / "partials" / "edition.html").write_text("<span>Edition</span>\n")
    definitions.write_text('"""The forms."""\nFIELD = dict(name="weight_kg", label="Body weight", help="Weigh today.")\n')
    html.write_text('def form(help_id):\n    """Docstring, not shown."""\n'
                    '    return f\'<p id="{help_id}" class="help">Nothing you enter leaves this page.</p>\'\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "one")
    main.write_text(main.read_text().replace("Check every dose before you prescribe.", "Doses are advisory only."))
    definitions.write_text(definitions.read_text().replace('label="Body weight"', 'label="Weight today"'))
    html.write_text(html.read_text().replace("Nothing you enter leaves this page.", "Your entries stay here.")
                    .replace("Docstring, not shown.", "Another docstring."))
    git(repo, "commit", "-q", "-am", "two")

    changes = {c.path: c for c in page_changes("HEAD~1", "HEAD", repo)}
    assert sorted(changes) == [*FORM_TEXT_FILES, "overrides/main.html"], sorted(changes)
    assert changes["overrides/main.html"].diff == ["-Check every dose before you prescribe.",
                                                   "+Doses are advisory only."]
    assert changes[FORM_TEXT_FILES[0]].diff == ["-Body weight", "+Weight today"]
    assert changes[FORM_TEXT_FILES[1]].diff == ["-Nothing you enter leaves this page.", "+Your entries stay here."]
    log = changelog("HEAD~1", "HEAD", repo, behaviour=False)
    log.pages = list(changes.values())
    section = "\n".join(pages_markdown(log))
    assert "### `overrides/main.html`" in section and "+Doses are advisory only." in section
