"""igm_iim_site/editions.py: edition and selector under mike, generated update notes, editions table, review check."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from calculators.errors import format_number
from igm_iim_site import editions
from igm_iim_site.state import BuildState

ROOT = Path(__file__).resolve().parent.parent


def config(**extra):
    return SimpleNamespace(extra={"edition": "draft", "version": {"default": "latest", "alias": True}, **extra},
                           config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"))


def configured(**options) -> dict:
    """The part's state after its on_config in a build with these plugin options."""
    state = BuildState.default(**options)
    editions.on_config(config(), state=state)
    return state.of("editions")


def test_plain_build_never_turns_the_selector_on(monkeypatch):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    cfg = editions.on_config(config(), state=BuildState.default())
    # No selector and no outdated banner: both need ../versions.json, which only gh-pages has.
    assert "version" not in cfg.extra
    assert cfg.extra["edition"] == "draft"


def test_mike_build_names_the_edition_and_turns_the_selector_on(monkeypatch):
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2026.2")
    cfg = editions.on_config(config(), state=BuildState.default())
    assert cfg.extra["version"] == {"default": "latest", "alias": True, "provider": "mike"}
    assert cfg.extra["edition"] == "2026.2"


def test_typed_update_notes_are_refused():
    with pytest.raises(PluginError, match=r"guidelines/iim\.md: 'updates' in the front matter is no longer read"):
        editions.parse_updates({"updates": [{"date": "2026-11-21", "note": "x"}]}, "guidelines/iim.md")
    assert editions.parse_updates({}, "guidelines/iim.md") is None


RECORD = {"edition": "2026.2", "published": "2026-12-01", "previous": "2026.1", "commit": "abc",
          "figures_total": 72, "vectors_total": 186,
          "summary": {"figures": 1, "dosing": 1, "behaviour": 3, "vectors_added": 0, "vectors_removed": 0},
          "figures": [{"key": "iim.mmf.start", "kind": "dose", "change": "changed", "fields": ["value"],
                       "before": "500 mg twice daily", "after": "750 mg twice daily",
                       "about": "Mycophenolate mofetil starting dose", "pages": ["docs/guidelines/iim.md"],
                       "calculators": ["mycophenolate"]}],
          "behaviour": []}
FIRST = {**RECORD, "edition": "2026.1", "published": "2026-11-21", "previous": None, "figures": [],
         "summary": dict.fromkeys(RECORD["summary"], 0)}


def test_update_notes_are_made_from_the_edition_records():
    from tools.editions import update_notes

    notes = update_notes([RECORD, FIRST], "docs/guidelines/iim.md")
    assert notes == [{"date": dt.date(2026, 12, 1), "edition": "2026.2", "key": "iim.mmf.start",
                      "note": "Mycophenolate mofetil starting dose: 500 mg twice daily → 750 mg twice daily"}]
    assert update_notes([RECORD], "docs/guidelines/igm.md") == []
    out = editions.render_updates("# Myopathy\n\nText.", notes, "guidelines/iim.md")
    assert out == ('# Myopathy\n\n!!! info "Updated 1 December 2026"\n\n'
                   "    - **2026-12-01** ([edition 2026.2](../editions/2026.2.md)): Mycophenolate mofetil starting "
                   "dose: 500 mg twice daily → 750 mg twice daily\n\n"
                   "    All changes by edition: [What changed](../editions/index.md).\n\n\nText.")
    assert editions.render_updates("# T", [], "index.md") == "# T"


def test_editions_table_lists_every_edition_with_date_and_counts():
    from tools.editions import editions_table

    table = editions_table([RECORD, FIRST])
    assert "| [2026.2](2026.2.md) | 2026-12-01 | 1 | 1 | 3 | 0 / 0 |" in table
    assert "| [2026.1](2026.1.md) | 2026-11-21 | first edition: 72 new | — | — | 186 new |" in table
    assert "No edition has been published yet" in editions_table([])


def test_changed_figures_are_described_before_and_after():
    before = {"a": {"value": 20.0, "unit": "mg/day", "kind": "step", "sources": ["S002"], "suffix": ""},
              "b": {"value": [1.0, 2.0], "unit": "g/kg", "kind": "range", "sources": ["S002"], "suffix": ""}}
    now = {"a": {**before["a"], "value": 17.5}, "b": before["b"],
           "c": {"value": 4.0, "unit": "weeks", "kind": "interval", "sources": ["S002"], "suffix": ""}}
    assert editions.changed_figures(["a", "b", "c"], before, now) == [
        "a (20 mg/day -> 17.5 mg/day)", "c (new: 4 weeks)"]


def _page(uri: str, meta: dict, source: str):
    return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri=uri, content_string=source))


def _head_day() -> dt.date:
    out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs"], capture_output=True, text=True,
                         check=True)
    return dt.date.fromisoformat(out.stdout.strip())


def test_a_figure_changed_after_review_is_a_warning_naming_page_and_figure(monkeypatch, caplog):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    mine = configured()
    day = _head_day()
    page = _page("guidelines/iim.md", {"last_reviewed": day, "git_revision_date_localized_raw_iso_date": str(day)},
                 'Start {{ figure("iim.mtx.start") }}; folic acid {{ figure("iim.folic_acid") }}.')
    editions._preload_registries(mine, [day])
    # Pretend the working tree now says a start no editor will ever choose (the reviewed value + 1000 mg).
    current = editions._current_figures()
    reviewed = current["iim.mtx.start"]["value"]
    current["iim.mtx.start"] = {**current["iim.mtx.start"], "value": reviewed + 1000}
    mine["current"] = current
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.igm_iim.editions"):
        editions.check_review(page, page.file.content_string, mine)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"guidelines/iim.md shows figures that changed after its last review on {day}")
    assert (f"iim.mtx.start ({format_number(reviewed)} mg once weekly -> "
            f"{format_number(reviewed + 1000)} mg once weekly)") in warnings[0]
    assert "folic_acid" not in warnings[0]


def test_a_review_date_updated_but_not_committed_says_commit(monkeypatch, caplog):
    """Editor trial 5: after updating last_reviewed, serve still said "update last_reviewed" until the commit.

    Mutation: make ``_review_waits_for_a_commit`` return False and the old advice comes back.
    """
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    mine = configured()
    later = _head_day() + dt.timedelta(days=1)  # a date the committed page does not hold, on or after HEAD
    page = _page("guidelines/iim.md", {"last_reviewed": later}, 'Start {{ figure("iim.mtx.start") }}.')
    editions._preload_registries(mine, [later])
    current = editions._current_figures()
    current["iim.mtx.start"] = {**current["iim.mtx.start"], "value": current["iim.mtx.start"]["value"] + 1000}
    mine["current"] = current
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.igm_iim.editions"):
        editions.check_review(page, page.file.content_string, mine)
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith("guidelines/iim.md shows figures that changed after the last commit")
    assert f"Its last_reviewed ({later}) is already updated, but not committed" in warning
    assert "Commit the figure change and this page together to clear this." in warning
    assert "update last_reviewed" not in warning


def test_unchanged_figures_and_a_recent_edit_say_nothing(monkeypatch, caplog):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    mine = configured()
    day = _head_day()
    page = _page("guidelines/iim.md", {"last_reviewed": day, "git_revision_date_localized_raw_iso_date": str(day)},
                 'Start {{ figure("iim.mtx.start") }}.')
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.igm_iim.editions"):
        editions.check_review(page, page.file.content_string, mine)
    assert caplog.records == []


def test_text_edited_long_after_review_is_only_a_note(monkeypatch, caplog):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    mine = configured(review_grace_days=30)
    page = _page("guidelines/igm.md", {"last_reviewed": "2026-01-10",
                                       "git_revision_date_localized_raw_iso_date": "2026-03-01"}, "No figures.")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.igm_iim.editions"):
        editions.check_review(page, page.file.content_string, mine)
    [record] = caplog.records
    assert record.levelno == logging.INFO  # a typo fix must not fail the strict build
    assert record.getMessage().startswith(
        "review due: guidelines/igm.md was last changed in git on 2026-03-01, 50 days after its last review "
        "on 2026-01-10")


def test_review_dates_cost_one_child_interpreter_however_many(monkeypatch, tmp_path):
    """Ten distinct review dates: one git log and one interpreter (then a cache), not ten."""
    from tools import changelog

    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    mine = configured()
    mine["cache"] = tmp_path / "cache"
    calls = []
    real = changelog.dump
    monkeypatch.setattr(changelog, "dump",
                        lambda commits, *a, **k: calls.append(list(commits)) or real(commits, *a, **k))
    days = [dt.date(2026, 11, 21) + dt.timedelta(days=n) for n in range(10)]
    editions._preload_registries(mine, days)
    assert len(calls) == 1  # one interpreter for every commit the dates resolve to
    assert all(mine["registries"][d][1] for d in days)
    editions._preload_registries(mine, days)
    assert len(calls) == 1  # the second build reads the cache


def test_the_record_keeps_the_address_the_edition_was_published_for(tmp_path, monkeypatch):
    """`make publish SITE_URL=...` records the address; `make edition-deploy` reads it back (issue 25)."""
    from tools import changelog
    from tools import editions as records

    fake = changelog.Registry(ref="HEAD", commit="c0ffee", figures={"a": {}}, vectors=[])
    monkeypatch.setattr(records, "resolve", lambda ref, repo: "c0ffee")
    monkeypatch.setattr(records, "previous_edition", lambda edition, repo: None)
    monkeypatch.setattr(records, "figures_at", lambda ref, repo, behaviour: fake)
    monkeypatch.setattr(records, "lock_record", lambda commit, repo: None)
    day = dt.date(2026, 12, 1)
    records.prepare("2026.1", tmp_path, day, site_url="https://guide.example.org/igm-iim/")
    record = json.loads((tmp_path / "docs/editions/2026.1.json").read_text(encoding="utf-8"))
    assert record["site_url"] == "https://guide.example.org/igm-iim/"
    assert records.recorded_site_url("2026.1", tmp_path) == "https://guide.example.org/igm-iim/"
    records.prepare("2026.2", tmp_path, day, site_url="")  # published without SITE_URL
    assert json.loads((tmp_path / "docs/editions/2026.2.json").read_text(encoding="utf-8"))["site_url"] is None
    assert records.recorded_site_url("2026.2", tmp_path) is None
    assert records.recorded_site_url("2026.3", tmp_path) is None  # no record


def test_make_passes_the_address_to_the_record_and_back(tmp_path):
    """The Makefile hands SITE_URL to the record at publish, and a rebuild without it takes the record's."""
    import shutil

    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("package.json", "package-lock.json", "node_modules/.installed"):  # the validators: up to date
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("{}")
    (tmp_path / "docs/editions").mkdir(parents=True)
    (tmp_path / "docs/editions/2026.1.json").write_text(json.dumps({"site_url": "https://h.example/x/"}))
    venv = Path(sys.prefix)

    def dry(*args: str) -> str:
        return subprocess.run(["make", "-n", "-o", f"{venv}/.installed", f"VENV={venv}", *args], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout

    publish = dry("publish", "EDITION=2026.2", "SITE_URL=https://h.example/y/")
    assert 'tools.editions prepare "2026.2" --site-url "https://h.example/y/"' in publish
    from_record = dry("edition-deploy", "EDITION=2026.1")
    assert from_record.count('SITE_URL="https://h.example/x/"') == 2, from_record  # the archive and mike
    assert 'SITE_URL="https://h.example/z/"' in dry("edition-deploy", "EDITION=2026.1", "SITE_URL=https://h.example/z/")
    assert "SITE_URL=" not in dry("edition-deploy", "EDITION=2026.9"), "no record, no address: the default"
