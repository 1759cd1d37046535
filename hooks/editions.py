"""MkDocs hook: editions, update notes and the review check.

Edition and version selector
    ``mike deploy`` builds each edition with ``MIKE_DOCS_VERSION`` set. Only
    then is ``extra.version.provider`` set to ``mike`` and ``extra.edition`` to
    that version. A plain ``mkdocs build``/``serve`` keeps the provider off, so
    the theme never fetches ``../versions.json``, which exists only on the
    published ``gh-pages`` tree (the fetch would 404 and log a console error).
    The provider is set here, in the build process, rather than with ``!ENV``
    in ``mkdocs.yml``, because mike rewrites ``mkdocs.yml`` (to add its plugin)
    and expands ``!ENV`` *before* it sets ``MIKE_DOCS_VERSION``.

Update notes
    A page may list dated changes in its front matter::

        updates:
          - date: 2026-11-21
            edition: "2026.2"
            note: The third taper step is now 17.5 mg/day.

    They are shown at the top of the page, newest first, under the title.

Review check
    A page with ``last_reviewed`` in its front matter is compared with its git
    history (the git-revision-date-localized plugin) and with the figures it
    shows:

    * a figure the page renders (``{{ figure("key") }}``) whose value, unit,
      kind, sources or wording-with-the-number changed after ``last_reviewed``
      is a WARNING (so ``mkdocs build --strict`` fails): a number a clinician
      reads changed without a clinical re-review;
    * page text committed more than ``extra.review_grace_days`` after
      ``last_reviewed`` is an INFO line naming the page, its git date and its
      reviewed date: an editor fixing a typo must not force a re-review.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.editions")

MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"
DEFAULT_GRACE_DAYS = 30
FIGURE_KEY = re.compile(r"\{\{\s*figure\(\s*\"([^\"]+)\"")
H1 = re.compile(r"^# .*$", re.MULTILINE)

_state: dict = {}


def on_config(config, **kwargs):
    extra = config.extra
    version = os.environ.get(MIKE_VERSION_VAR)
    if version:
        extra["edition"] = version
        selector = dict(extra.get("version") or {})
        selector["provider"] = "mike"
        extra["version"] = selector
    else:
        # A plain build is no edition: no selector, no outdated banner (both
        # need the versions.json that only a mike deployment has).
        extra.pop("version", None)
    _state.clear()
    _state["root"] = Path(config.config_file_path or ".").resolve().parent
    _state["grace"] = int(extra.get("review_grace_days", DEFAULT_GRACE_DAYS))
    _state["registries"] = {}
    return config


# --- update notes -------------------------------------------------------------

def _as_date(value, what: str, page: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"{page}: {what} must be a date like 2026-11-21, got {value!r}") from None


def parse_updates(meta: dict, page: str) -> list[dict]:
    """The page's ``updates`` front matter, checked, newest first."""
    raw = meta.get("updates")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PluginError(f"{page}: 'updates' must be a list of {{date, note, edition}} entries, got {raw!r}")
    out = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or not str(entry.get("note", "")).strip():
            raise PluginError(f"{page}: updates entry {number} needs a 'date' and a non-empty 'note', got {entry!r}")
        unknown = set(entry) - {"date", "note", "edition"}
        if unknown:
            raise PluginError(f"{page}: updates entry {number} has unknown field(s) {sorted(unknown)}; "
                              f"allowed: date, note, edition")
        out.append({"date": _as_date(entry.get("date"), f"updates entry {number} date", page),
                    "note": " ".join(str(entry["note"]).split()),
                    "edition": str(entry["edition"]) if entry.get("edition") is not None else ""})
    return sorted(out, key=lambda e: e["date"], reverse=True)


def render_updates(markdown: str, updates: list[dict], page_uri: str) -> str:
    """Put an 'Updated' note under the page title (or at the top)."""
    if not updates:
        return markdown
    link = posixpath.relpath("editions/index.md", posixpath.dirname(page_uri) or ".")
    lines = [f'!!! info "Updated {updates[0]["date"].day} {updates[0]["date"]:%B %Y}"', ""]
    for entry in updates:
        edition = f" (edition {entry['edition']})" if entry["edition"] else ""
        lines.append(f"    - **{entry['date'].isoformat()}**{edition}: {entry['note']}")
    lines += ["", f"    All changes by edition: [What changed]({link}).", ""]
    note = "\n".join(lines)
    match = H1.search(markdown)
    if match:
        return markdown[: match.end()] + "\n\n" + note + markdown[match.end():]
    return note + "\n" + markdown


# --- review check ---------------------------------------------------------------

def _git(*args: str) -> str:
    proc = subprocess.run(["git", "-C", str(_state["root"]), *args], capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _registry_on(day: dt.date):
    """(commit, figures) of the last commit on or before ``day``; (None, None) without history."""
    if day not in _state["registries"]:
        commit = _git("rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD")
        figures = None
        if commit:
            from calculators.changelog import ChangelogError, figures_at

            try:
                figures = figures_at(commit, _state["root"]).figures
            except ChangelogError as exc:
                log.info("review check: cannot read the figures of %s: %s", commit[:10], exc)
        _state["registries"][day] = (commit or None, figures)
    return _state["registries"][day]


def _current_figures() -> dict[str, dict]:
    from calculators.changelog import COMPARED_FIELDS
    from calculators.figures import registry

    out = {}
    for key, f in registry().items():
        data = f.model_dump()
        data["value"] = list(f.value) if isinstance(f.value, tuple) else f.value
        data["sources"] = list(f.sources)
        out[key] = {k: data.get(k) for k in COMPARED_FIELDS}
    return out


def changed_figures(keys: list[str], before: dict[str, dict], now: dict[str, dict]) -> list[str]:
    """Descriptions of the figures among ``keys`` that differ between two registries."""
    from calculators.changelog import COMPARED_FIELDS, figure_text

    out = []
    for key in keys:
        old, new = before.get(key), now.get(key)
        if new is None:
            continue  # an unknown key already fails the build in hooks/figures.py
        if old is None:
            out.append(f"{key} (new: {figure_text(new)})")
        elif any(old.get(f) != new.get(f) for f in COMPARED_FIELDS):
            out.append(f"{key} ({figure_text(old)} -> {figure_text(new)})")
    return out


def check_review(page, markdown_source: str) -> None:
    meta = page.meta
    if "last_reviewed" not in meta:
        return
    uri = page.file.src_uri
    reviewed = _as_date(meta["last_reviewed"], "last_reviewed", uri)
    git_iso = meta.get("git_revision_date_localized_raw_iso_date")
    if git_iso:
        git_day = dt.date.fromisoformat(git_iso)
        if (git_day - reviewed).days > _state["grace"]:
            log.info("review due: %s was last changed in git on %s, %d days after its last review on %s "
                     "(more than the %d days allowed for edits such as typo fixes). If the change is clinical, "
                     "have it reviewed and update last_reviewed.", uri, git_day, (git_day - reviewed).days,
                     reviewed, _state["grace"])
    keys = list(dict.fromkeys(FIGURE_KEY.findall(markdown_source)))
    if not keys:
        return
    commit, before = _registry_on(reviewed)
    if before is None:
        log.info("review check: %s was reviewed on %s, before any readable history; its figures are not "
                 "compared", uri, reviewed)
        return
    if "current" not in _state:
        _state["current"] = _current_figures()
    changed = changed_figures(keys, before, _state["current"])
    if changed:
        log.warning("%s shows figures that changed after its last review on %s (compared with commit %s; page "
                    "last changed in git on %s): %s. Have the page re-reviewed and update last_reviewed.",
                    uri, reviewed, commit[:10], git_iso or "never", "; ".join(changed))


def on_page_markdown(markdown, page, config, files, **kwargs):
    uri = page.file.src_uri
    check_review(page, page.file.content_string)
    return render_updates(markdown, parse_updates(page.meta, uri), uri)
