"""Part of the igm-iim plugin: editions, update notes and the review check.

Edition and version selector
    ``mike deploy`` builds each edition with ``MIKE_DOCS_VERSION`` set. Only
    then is ``extra.version.provider`` set to ``mike`` and ``extra.edition`` to
    that version. A plain ``mkdocs build``/``serve`` keeps the provider off, so
    the theme never fetches ``../versions.json``, which exists only on the
    published ``gh-pages`` tree (the fetch would 404 and log a console error).
    The provider is set here, in the build process, rather than with ``!ENV``
    in ``mkdocs.yml``, because mike rewrites ``mkdocs.yml`` (to add its plugin)
    and expands ``!ENV`` *before* it sets ``MIKE_DOCS_VERSION``.

Edition records, update notes and the reference vectors
    ``make publish`` writes ``docs/editions/<edition>.json`` (see
    `tools.editions`). From these records the build

    * lists every edition with its date and counts on the editions index
      (``{{ editions_table() }}``);
    * puts a dated "Updated" note under the title of every page that shows a
      figure an edition changed, old and new value, newest first. Notes are
      never typed: an ``updates:`` list in a page's front matter fails the
      build;
    * publishes ``reference-vectors.json`` (and its JSON Schema) from
      `tools.vectors.reference_vectors`, stamped with the edition.

Review check
    A page with ``last_reviewed`` in its front matter is compared with its git
    history (the git-revision-date-localized plugin) and with the figures it
    shows:

    * a figure the page renders (``{{ figure("key") }}``) whose value, unit,
      kind, sources or wording-with-the-number changed after ``last_reviewed``
      is a WARNING (so ``mkdocs build --strict`` fails): a number a clinician
      reads changed without a clinical re-review;
    * page text committed more than ``review_grace_days`` (an option of the plugin) after
      ``last_reviewed`` is an INFO line naming the page, its git date and its
      reviewed date: an editor fixing a typo must not force a re-review.

    The figures as they were on every review date of every page are read in
    one go, before the first page: one ``git log`` to find the commit of each
    date, and one child interpreter for all those commits (each commit's
    registry is kept in ``.cache/review-figures/``, keyed by the hash of its
    ``calculators/`` tree, so commits that did not touch the package share one
    entry). A build costs at most one interpreter whatever the number of
    distinct review dates, and a rebuild none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from tools import editions as edition_records

log = logging.getLogger("mkdocs.plugins.igm_iim.editions")

MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"
FIGURE_KEY = re.compile(r"\{\{\s*figure\(\s*\"([^\"]+)\"")
H1 = re.compile(r"^# .*$", re.MULTILINE)
REVIEWED = re.compile(r"^last_reviewed:\s*[\"']?([0-9-]+)", re.MULTILINE)
VECTORS_PATH = "reference-vectors.json"
SCHEMA_PATH = "reference-vectors.schema.json"

def on_config(config, *, state, **kwargs):
    extra = config.extra
    # Read while the build runs: mike expands !ENV in mkdocs.yml before it sets the variable.
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
    mine = state.of("editions")
    mine["root"] = root = Path(config.config_file_path or ".").resolve().parent
    mine["cache"] = root / state.options.cache_dir
    mine["grace"] = state.options.review_grace_days
    mine["registries"] = {}
    mine["edition"] = str(extra.get("edition") or "draft")
    mine["docs_dir"] = Path(config.docs_dir)
    mine["records"] = edition_records.load_records(Path(config.docs_dir))
    return config


VECTOR_INPUTS = ("calculators", "tools")
"""Everything `tools.vectors.reference_vectors` reads: the package and the tools (the cases are tools/cases/)."""


def _vectors_json(edition: str, root: Path, cache: Path) -> str:
    """``reference-vectors.json``, byte-identical to ``reference_vectors(edition)``, cached.

    Computing the vectors takes about a second (every case through the package) on every build and
    every ``mkdocs serve`` rebuild. The text is kept in ``<cache>/reference-vectors/`` under a hash of
    every file it is computed from, the edition, the day, Python and pydantic: any change computes
    it again.
    """
    import hashlib
    import importlib.metadata

    digest = hashlib.sha256(f"{edition}\0{dt.date.today()}\0{sys.version}\0".encode())
    for name in ("pydantic", "pydantic-core"):
        digest.update(importlib.metadata.version(name).encode() + b"\0")
    for top in VECTOR_INPUTS:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    cached = cache / "reference-vectors" / f"{digest.hexdigest()[:20]}.json"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    from tools.vectors import reference_vectors

    text = json.dumps(reference_vectors(edition), indent=1, ensure_ascii=False) + "\n"
    if cached.parent.is_dir():
        for old in cached.parent.glob("*.json"):
            old.unlink(missing_ok=True)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def on_files(files, config, *, state, **kwargs):
    """Publish the reference vectors; read every page's review date for the review check."""
    from tools.vectors import JSON_SCHEMA

    mine = state.of("editions")
    for path, content in ((VECTORS_PATH, _vectors_json(mine["edition"], mine["root"], mine["cache"])),
                          (SCHEMA_PATH, json.dumps(JSON_SCHEMA, indent=1) + "\n")):
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    days = set()
    for file in files.documentation_pages():
        try:
            text = file.content_string
        except (OSError, UnicodeDecodeError):
            continue
        head = text[: text.find("\n---", 3)] if text.startswith("---") else ""
        for match in REVIEWED.finditer(head):
            with contextlib.suppress(ValueError):  # a bad date fails later, in check_review, naming the page
                days.add(dt.date.fromisoformat(match.group(1)))
    _preload_registries(mine, sorted(days))
    return files


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


def parse_updates(meta: dict, page: str) -> None:
    """Typed update notes are not accepted: they are made from the edition records."""
    if meta.get("updates") is not None:
        raise PluginError(f"{page}: 'updates' in the front matter is no longer read: update notes are made by "
                          f"`make publish` from the figures that changed (docs/editions/*.json). Remove the list.")


def render_updates(markdown: str, updates: list[dict], page_uri: str) -> str:
    """Put an 'Updated' note under the page title (or at the top)."""
    if not updates:
        return markdown
    updates = sorted(updates, key=lambda e: (e["date"], e.get("edition", "")), reverse=True)
    here = posixpath.dirname(page_uri) or "."
    lines = [f'!!! info "Updated {updates[0]["date"].day} {updates[0]["date"]:%B %Y}"', ""]
    for entry in updates:
        edition = entry.get("edition") or ""
        link = (f" ([edition {edition}]({posixpath.relpath(f'editions/{edition}.md', here)}))" if edition else "")
        lines.append(f"    - **{entry['date'].isoformat()}**{link}: {entry['note']}")
    lines += ["", f"    All changes by edition: [What changed]({posixpath.relpath('editions/index.md', here)}).", ""]
    note = "\n".join(lines)
    match = H1.search(markdown)
    if match:
        return markdown[: match.end()] + "\n\n" + note + markdown[match.end():]
    return note + "\n" + markdown


# --- review check ---------------------------------------------------------------

def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def _cache_dir(mine: dict) -> Path:
    return mine["cache"] / "review-figures"


def _preload_registries(mine: dict, days: list[dt.date]) -> None:
    """(commit, figures) for every review date, with one ``git log`` and at most one child interpreter.

    ``mine`` is this build's state of the part (``state.of("editions")``); the answer goes in its
    ``registries``.
    """
    mine["registries"] = {}
    if not days:
        return
    root = mine["root"]
    log_lines = _git(root, "log", "--format=%H %cs", "HEAD").splitlines()
    history = [(line.split()[0], dt.date.fromisoformat(line.split()[1])) for line in log_lines if line.strip()]
    commits = {day: next((c for c, when in history if when <= day), None) for day in days}
    wanted = sorted({c for c in commits.values() if c})
    # Commits that share a calculators/ tree share a registry: read each tree once (one rev-parse).
    trees = dict(zip(wanted, _git(root, "rev-parse", *(f"{c}:calculators" for c in wanted)).split(), strict=False)) \
        if wanted else {}
    by_tree: dict[str, str] = {}
    for commit in wanted:
        by_tree.setdefault(trees.get(commit, commit), commit)
    figures_by_tree: dict[str, dict | None] = {}
    missing = []
    for tree, commit in by_tree.items():
        cached = _cache_dir(mine) / f"{tree}.json"
        if cached.exists():
            figures_by_tree[tree] = json.loads(cached.read_text(encoding="utf-8"))
        else:
            missing.append(commit)
    if missing:
        from tools.changelog import ChangelogError, registries_at

        try:
            loaded = registries_at(missing, root)
        except ChangelogError as exc:
            log.info("review check: cannot read the figures of %s: %s", ", ".join(c[:10] for c in missing), exc)
            loaded = dict.fromkeys(missing)
        for commit, data in loaded.items():
            tree = trees.get(commit, commit)
            figures_by_tree[tree] = data
            if data is not None:
                _cache_dir(mine).mkdir(parents=True, exist_ok=True)
                (_cache_dir(mine) / f"{tree}.json").write_text(json.dumps(data), encoding="utf-8")
    figures = {c: figures_by_tree.get(trees.get(c, c)) for c in wanted}
    mine["registries"] = {day: (c, figures.get(c) if c else None) for day, c in commits.items()}


def _registry_on(mine: dict, day: dt.date):
    """(commit, figures) of the last commit on or before ``day``; (None, None) without history."""
    if day not in mine["registries"]:
        known = dict(mine["registries"])
        _preload_registries(mine, [day])  # a date not seen in on_files (a page added by a plugin)
        mine["registries"] = {**known, **mine["registries"]}
    return mine["registries"][day]


def _current_figures() -> dict[str, dict]:
    from calculators.figures import registry
    from tools.changelog import COMPARED_FIELDS

    out = {}
    for key, f in registry().items():
        data = f.model_dump()
        data["value"] = list(f.value) if isinstance(f.value, tuple) else f.value
        data["sources"] = list(f.sources)
        out[key] = {k: data.get(k) for k in COMPARED_FIELDS}
    return out


def changed_figures(keys: list[str], before: dict[str, dict], now: dict[str, dict]) -> list[str]:
    """Descriptions of the figures among ``keys`` that differ between two registries."""
    from tools.changelog import COMPARED_FIELDS, figure_text

    out = []
    for key in keys:
        old, new = before.get(key), now.get(key)
        if new is None:
            continue  # an unknown key already fails the build in igm_iim_site/figures.py
        if old is None:
            out.append(f"{key} (new: {figure_text(new)})")
        elif any(old.get(f) != new.get(f) for f in COMPARED_FIELDS):
            out.append(f"{key} ({figure_text(old)} -> {figure_text(new)})")
    return out


def check_review(page, markdown_source: str, mine: dict) -> None:
    """Log a page whose figures changed after its last review (a warning) or edited long after it (a note)."""
    meta = page.meta
    if "last_reviewed" not in meta:
        return
    uri = page.file.src_uri
    reviewed = _as_date(meta["last_reviewed"], "last_reviewed", uri)
    git_iso = meta.get("git_revision_date_localized_raw_iso_date")
    if git_iso:
        git_day = dt.date.fromisoformat(git_iso)
        if (git_day - reviewed).days > mine["grace"]:
            log.info("review due: %s was last changed in git on %s, %d days after its last review on %s "
                     "(more than the %d days allowed for edits such as typo fixes). If the change is clinical, "
                     "have it reviewed and update last_reviewed.", uri, git_day, (git_day - reviewed).days,
                     reviewed, mine["grace"])
    from tools.changelog import shown_keys

    keys = list(dict.fromkeys(key for key, _ in shown_keys(markdown_source)))
    if not keys:
        return
    commit, before = _registry_on(mine, reviewed)
    if before is None:
        log.info("review check: %s was reviewed on %s, before any readable history; its figures are not "
                 "compared", uri, reviewed)
        return
    if "current" not in mine:
        mine["current"] = _current_figures()
    changed = changed_figures(keys, before, mine["current"])
    if changed and _review_waits_for_a_commit(mine, uri, reviewed, commit):
        log.warning("%s shows figures that changed after the last commit (%s): %s. Its last_reviewed (%s) is "
                    "already updated, but not committed: the check compares with the last commit on or before that "
                    "day, which still has the old figures. Commit the figure change and this page together to "
                    "clear this.", uri, commit[:10], "; ".join(changed), reviewed)
    elif changed:
        log.warning("%s shows figures that changed after its last review on %s (compared with commit %s; page "
                    "last changed in git on %s): %s. Have the page re-reviewed and update last_reviewed.",
                    uri, reviewed, commit[:10], git_iso or "never", "; ".join(changed))


def _review_waits_for_a_commit(mine: dict, uri: str, reviewed: dt.date, commit: str) -> bool:
    """True when the compared commit is HEAD and the page's last_reviewed differs from HEAD's copy of it.

    The figures then changed in the working tree and the editor has updated last_reviewed there too: all
    that is missing is a commit (editor trial 5 was told to "update last_reviewed" after doing so).
    """
    root = mine["root"]
    if commit != _git(root, "rev-parse", "HEAD"):
        return False
    try:
        rel = (Path(mine["docs_dir"]).resolve() / uri).relative_to(root).as_posix()
    except ValueError:
        return False
    committed = re.search(r"^last_reviewed:\s*['\"]?([0-9-]+)", _git(root, "show", f"HEAD:{rel}"), re.MULTILINE)
    return committed is None or committed.group(1) != reviewed.isoformat()


def on_page_markdown(markdown, page, config, files, *, state, **kwargs):
    mine = state.of("editions")
    uri = page.file.src_uri
    check_review(page, page.file.content_string, mine)
    parse_updates(page.meta, uri)
    if "{{ editions_table() }}" in markdown:
        markdown = markdown.replace("{{ editions_table() }}", edition_records.editions_table(mine["records"]))
    notes = edition_records.update_notes(mine["records"], f"docs/{uri}")
    return render_updates(markdown, notes, uri)
