"""Reproducible editions: an edition rebuilt from its tag in a clean clone is the published bytes.

The published edition is the session's first edition (tests/conftest.py: `make publish` in a clone
that starts from this checkout's build caches). The rebuild is a clone of its tag with no caches, no
site and no gh-pages, built another minute by `make edition-deploy` (the commands `make publish`
runs after tagging). Two builds of one commit, warm and cold: every byte must agree, the offline
archive included. Where one differs, the failure lists the files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from igm_iim_site.notebooks import coalesce_streams
from tests.clones import DEPLOYED_AT, make_in, run_in
from tools.zipdir import zip_folder

EDITION = "2026.1"


def test_printed_chunks_are_one_output_however_the_kernel_sent_them():
    """A loop's prints may arrive in one chunk or two: the page holds one output either way."""
    one = [{"output_type": "stream", "name": "stdout", "text": "a\nb\n"}]
    two = [{"output_type": "stream", "name": "stdout", "text": "a\n"},
           {"output_type": "stream", "name": "stdout", "text": ["b\n"]}]
    assert coalesce_streams(two) == coalesce_streams(one) == one
    mixed = [{"output_type": "stream", "name": "stdout", "text": "a\n"},
             {"output_type": "stream", "name": "stderr", "text": "warn\n"},
             {"output_type": "display_data", "data": {"text/plain": "x"}},
             {"output_type": "stream", "name": "stdout", "text": "b\n"}]
    assert coalesce_streams(mixed) == mixed, "only neighbours of one stream are joined"


def test_the_offline_archive_depends_only_on_names_and_contents(tmp_path, monkeypatch):
    folder = tmp_path / "guide-x"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>")
    (folder / "sub" / "a.js").write_text("1;")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    zip_folder(tmp_path / "one.zip", tmp_path, "guide-x")
    for path in folder.rglob("*"):  # another build: same files, other times
        os.utime(path, (time.time() + 3600, time.time() + 3600))
    zip_folder(tmp_path / "two.zip", tmp_path, "guide-x")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        assert zf.namelist() == ["guide-x/", "guide-x/index.html", "guide-x/sub/", "guide-x/sub/a.js"]
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert zf.read("guide-x/sub/a.js") == b"1;"


def _tree(clone: Path, ref: str) -> dict[str, str]:
    """Every file under ``ref`` (a tree of gh-pages) with its blob id; zips by their members' contents."""
    listing = run_in(clone, ["git", "ls-tree", "-r", ref]).splitlines()
    return {line.split("\t", 1)[1]: line.split()[2] for line in listing}


def _zip_members(clone: Path, blob: str) -> dict[str, str]:
    data = subprocess.run(["git", "cat-file", "blob", blob], cwd=clone, capture_output=True, check=True).stdout
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: f"{i.date_time} {hashlib.sha256(zf.read(i)).hexdigest()[:12]}" for i in zf.infolist()}


@pytest.mark.slow
def test_an_edition_rebuilt_from_its_tag_in_a_clean_clone_is_the_published_bytes(first_edition, tmp_path):
    published = first_edition.clone
    rebuild = tmp_path / "rebuild"
    run_in(tmp_path, ["git", "clone", "--quiet", "--no-local", "--branch", EDITION, str(published), str(rebuild)])
    run_in(rebuild, ["git", "remote", "remove", "origin"])
    assert not (rebuild / ".cache").exists(), "the rebuild must start with no build caches"
    # The tag records the address the edition was published for (conftest: SITE_URL=DEPLOYED_AT), so the
    # rebuild needs only the tag: edition-deploy takes SITE_URL from the record.
    record = json.loads(run_in(rebuild, ["git", "show", f"{EDITION}:docs/editions/{EDITION}.json"]))
    assert record.get("site_url") == DEPLOYED_AT, f"the edition's record names {record.get('site_url')!r}"
    make_in(rebuild, "edition-deploy", f"EDITION={EDITION}")

    # The tag records the lock it was built with, and it is the lock in the tag.
    lock = subprocess.run(["git", "show", f"{EDITION}:requirements.lock"], cwd=rebuild, capture_output=True,
                          check=True).stdout
    assert record.get("lock") == {"file": "requirements.lock", "sha256": hashlib.sha256(lock).hexdigest()}, \
        f"the edition's record does not name the lock of its tag: {record.get('lock')}"

    run_in(rebuild, ["git", "fetch", "--quiet", str(published), "gh-pages:refs/published"])
    for folder in (EDITION, "latest"):
        mine, theirs = _tree(rebuild, f"gh-pages:{folder}"), _tree(rebuild, f"refs/published:{folder}")
        assert set(mine) == set(theirs), \
            f"{folder}/: files only in the rebuild {sorted(set(mine) - set(theirs))}, " \
            f"only in the published edition {sorted(set(theirs) - set(mine))}"
        differing = sorted(p for p in mine if mine[p] != theirs[p])
        detail = {p: sorted(set(_zip_members(rebuild, mine[p]).items()) ^ set(_zip_members(rebuild, theirs[p]).items()))
                  [:6] for p in differing if p.endswith(".zip")}
        assert not differing, f"{folder}/: {len(differing)} file(s) differ from the published edition: {differing}" \
                              + (f"; zip members that differ: {detail}" if detail else "")
