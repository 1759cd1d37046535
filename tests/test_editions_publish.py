"""Two editions published with `make publish` into a throwaway clone, then served and fetched.

The clone has no remote, so nothing is pushed; `make publish` runs the real
strict build, tags the edition and lets mike commit to the clone's gh-pages.
The gh-pages tree is then extracted and served on 127.0.0.1 as a static host
would serve it. The clone holds what is committed: uncommitted edits are not
part of an edition, exactly as `make publish` refuses them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
            "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
MARKER = "Second edition marker: the home page changed."

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path) -> str:
    env = {**os.environ, **IDENTITY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MIKE_DOCS_VERSION", None)
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def publish(clone: Path, edition: str) -> None:
    # -o: treat the shared venv as up to date, so make never reinstalls it from the clone.
    venv = Path(sys.prefix)
    run(["make", "-o", f"{venv}/.installed", f"VENV={venv}", "publish", f"EDITION={edition}"], clone)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("editions")
    clone = tmp / "clone"
    run(["git", "clone", "--quiet", "--no-local", str(ROOT), str(clone)], tmp)
    # No remote and no tags or gh-pages from the real repository: a clean slate for mike.
    run(["git", "remote", "remove", "origin"], clone)
    tags = run(["git", "tag", "--list"], clone).split()
    if tags:
        run(["git", "tag", "-d", *tags], clone)
    publish(clone, "2026.1")
    home = clone / "docs" / "index.md"
    home.write_text(home.read_text() + f"\n{MARKER}\n")
    run(["git", "commit", "--quiet", "-am", "Home page changed for the second edition"], clone)
    publish(clone, "2026.2")

    tree = tmp / "gh-pages"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(clone), "archive", "--format=tar", "gh-pages"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tree)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield clone, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, url
        return response.read().decode()


def edition_label(html: str) -> str:
    match = re.search(r'class="site-edition">\s*Edition <strong>([^<]+)</strong>', html)
    assert match, "no edition label on the page"
    return match.group(1)


def test_gh_pages_holds_both_editions_the_alias_and_versions_json(published):
    clone, _ = published
    versions = json.loads(run(["git", "show", "gh-pages:versions.json"], clone))
    assert versions == [{"version": "2026.2", "title": "2026.2", "aliases": ["latest"]},
                        {"version": "2026.1", "title": "2026.1", "aliases": []}]
    top = set(run(["git", "ls-tree", "--name-only", "gh-pages"], clone).split())
    assert {"2026.1", "2026.2", "latest", "versions.json", "index.html"} <= top
    # Each edition is tagged, so `make changelog FROM=2026.1 TO=2026.2` can read it.
    assert run(["git", "tag", "--list"], clone).split() == ["2026.1", "2026.2"]


def test_each_edition_is_served_with_its_own_pages(published):
    _, base = published
    old = fetch(f"{base}/2026.1/")
    new = fetch(f"{base}/2026.2/")
    assert edition_label(old) == "2026.1" and MARKER not in old
    assert edition_label(new) == "2026.2" and MARKER in new
    assert edition_label(fetch(f"{base}/2026.1/calculators/")) == "2026.1"
    # Only a published edition turns the version selector on.
    assert '"provider": "mike"' in new
    # The outdated-edition banner is in every page (hidden; the theme shows it off the default version).
    assert "You are reading an older edition of this guide." in old


def test_latest_and_the_root_lead_to_the_newest_edition(published):
    _, base = published
    latest = fetch(f"{base}/latest/")
    assert edition_label(latest) == "2026.2" and MARKER in latest
    assert 'url=latest/' in fetch(f"{base}/")
    versions = json.loads(fetch(f"{base}/versions.json"))
    assert [v["version"] for v in versions] == ["2026.2", "2026.1"]
