"""hooks/editions.py: edition and selector under mike, update notes, review check."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import editions

ROOT = Path(__file__).resolve().parent.parent


def config(**extra):
    return SimpleNamespace(extra={"edition": "draft", "version": {"default": "latest", "alias": True}, **extra},
                           config_file_path=str(ROOT / "mkdocs.yml"))


def test_plain_build_never_turns_the_selector_on(monkeypatch):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    cfg = editions.on_config(config())
    # No selector and no outdated banner: both need ../versions.json, which only gh-pages has.
    assert "version" not in cfg.extra
    assert cfg.extra["edition"] == "draft"


def test_mike_build_names_the_edition_and_turns_the_selector_on(monkeypatch):
    monkeypatch.setenv("MIKE_DOCS_VERSION", "2026.2")
    cfg = editions.on_config(config())
    assert cfg.extra["version"] == {"default": "latest", "alias": True, "provider": "mike"}
    assert cfg.extra["edition"] == "2026.2"


def test_updates_are_checked_and_sorted_newest_first():
    meta = {"updates": [{"date": dt.date(2026, 3, 1), "note": "Older."},
                        {"date": "2026-11-21", "edition": 2026.2, "note": "Step 3   is now 17.5 mg/day."}]}
    updates = editions.parse_updates(meta, "guidelines/iim.md")
    assert [u["date"] for u in updates] == [dt.date(2026, 11, 21), dt.date(2026, 3, 1)]
    assert updates[0] == {"date": dt.date(2026, 11, 21), "note": "Step 3 is now 17.5 mg/day.", "edition": "2026.2"}


@pytest.mark.parametrize("updates, message", [
    ("changed", "'updates' must be a list"),
    ([{"date": "2026-11-21"}], "updates entry 1 needs a 'date' and a non-empty 'note'"),
    ([{"date": "21/11/2026", "note": "x"}], "updates entry 1 date must be a date like 2026-11-21, got '21/11/2026'"),
    ([{"date": "2026-11-21", "note": "x", "by": "me"}], r"updates entry 1 has unknown field\(s\) \['by'\]"),
])
def test_bad_updates_fail_naming_the_page(updates, message):
    with pytest.raises(PluginError, match="guidelines/iim.md: " + message):
        editions.parse_updates({"updates": updates}, "guidelines/iim.md")


def test_update_note_goes_under_the_title_with_a_link_to_the_editions_page():
    updates = editions.parse_updates(
        {"updates": [{"date": "2026-11-21", "edition": "2026.2", "note": "Step 3 is now 17.5 mg/day."}]}, "p")
    out = editions.render_updates("# Myopathy\n\nText.", updates, "guidelines/iim.md")
    assert out == ('# Myopathy\n\n!!! info "Updated 21 November 2026"\n\n'
                   "    - **2026-11-21** (edition 2026.2): Step 3 is now 17.5 mg/day.\n\n"
                   "    All changes by edition: [What changed](../editions/index.md).\n\n\nText.")
    assert editions.render_updates("# T", [], "index.md") == "# T"


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
    editions.on_config(config())
    day = _head_day()
    page = _page("guidelines/iim.md", {"last_reviewed": day, "git_revision_date_localized_raw_iso_date": str(day)},
                 'Start {{ figure("iim.mtx.start") }}; folic acid {{ figure("iim.folic_acid") }}.')
    # Pretend the working tree now says 20 mg for the methotrexate start.
    current = editions._current_figures()
    current["iim.mtx.start"] = {**current["iim.mtx.start"], "value": 20.0}
    editions._state["current"] = current
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.editions"):
        editions.check_review(page, page.file.content_string)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"guidelines/iim.md shows figures that changed after its last review on {day}")
    assert "iim.mtx.start (15 mg once weekly -> 20 mg once weekly)" in warnings[0]
    assert "folic_acid" not in warnings[0]


def test_unchanged_figures_and_a_recent_edit_say_nothing(monkeypatch, caplog):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    editions.on_config(config())
    day = _head_day()
    page = _page("guidelines/iim.md", {"last_reviewed": day, "git_revision_date_localized_raw_iso_date": str(day)},
                 'Start {{ figure("iim.mtx.start") }}.')
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.editions"):
        editions.check_review(page, page.file.content_string)
    assert caplog.records == []


def test_text_edited_long_after_review_is_only_a_note(monkeypatch, caplog):
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    editions.on_config(config(review_grace_days=30))
    page = _page("guidelines/igm.md", {"last_reviewed": "2026-01-10",
                                       "git_revision_date_localized_raw_iso_date": "2026-03-01"}, "No figures.")
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.editions"):
        editions.check_review(page, page.file.content_string)
    [record] = caplog.records
    assert record.levelno == logging.INFO  # a typo fix must not fail the strict build
    assert record.getMessage().startswith(
        "review due: guidelines/igm.md was last changed in git on 2026-03-01, 50 days after its last review "
        "on 2026-01-10")
