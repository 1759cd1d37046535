"""Two editions published with `make publish` into a throwaway clone, then served and fetched.

The clone has no remote, so nothing is pushed; `make publish` runs the real
strict build, tags the edition and lets mike commit to the clone's gh-pages.
The gh-pages tree is then extracted and served on 127.0.0.1 as a static host
would serve it. The clone holds what is committed: uncommitted edits are not
part of an edition, exactly as `make publish` refuses them.

Between the two editions the fixture performs the editor's loop of
``docs/editors/changing-a-dose.md``, step by step: see where the figure is
shown (``make figure``), edit its line in ``calculators/data/figures.toml``, see the strict
build refuse the unreviewed change, re-review (``last_reviewed``), commit,
publish, and read the generated what-changed page.
"""

from __future__ import annotations

import datetime as dt
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

from tests.clones import change_figure

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
            "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}
MARKER = "Second edition marker: the home page changed."
# The exercise of docs/editors/changing-a-dose.md: mycophenolate mofetil 500 -> 750 mg twice daily.
LOOP: dict[str, str] = {}

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, ok: bool = True) -> str:
    # The clone shares this checkout's venv, whose editable install points at THIS checkout's
    # calculators/: PYTHONPATH puts the clone's own package first, as its own venv would.
    env = {**os.environ, **IDENTITY, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(cwd)}
    env.pop("MIKE_DOCS_VERSION", None)
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if not ok:
        assert proc.returncode != 0, f"{' '.join(cmd)} should have failed"
        return proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def make(clone: Path, *args: str) -> str:
    # -o: treat the shared venv as up to date, so make never reinstalls it from the clone.
    venv = Path(sys.prefix)
    return run(["make", "-s", "-o", f"{venv}/.installed", f"VENV={venv}", *args], clone)


def publish(clone: Path, edition: str, *options: str) -> None:
    make(clone, "edition-publish", f"EDITION={edition}", *options)  # `make publish` after its test gate


def change_a_dose(clone: Path) -> None:
    """The steps of docs/editors/changing-a-dose.md, on the clone."""
    # 1. where the figure is shown and used
    LOOP["where"] = make(clone, "figure", "KEY=iim.mmf.start")
    # 2. edit the figure, and only the figure; regenerate the committed vectors the unit tests compare
    change_figure(clone, "iim.mmf.start", 500, 750)  # its one line of calculators/data/figures.toml
    run([sys.executable, "-m", "tools.refresh"], clone)  # `make refresh`: rewrites tests/data/regimen_vectors.json
    # 3. the unreviewed change stops the strict build
    LOOP["unreviewed"] = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                              str(clone.parent / "unreviewed-site")],
                             clone, ok=False)
    # ... so the reviewer re-reviews every guideline page `make figure` listed
    today = dt.date.today().isoformat()
    for page in sorted(set(re.findall(r"(docs/guidelines/\S+\.md):\d+", LOOP["where"]))):
        path = clone / page
        path.write_text(re.sub(r"^last_reviewed: .*$", f"last_reviewed: {today}", path.read_text(), count=1,
                               flags=re.M))
    # 4. commit and publish (below)
    run(["git", "commit", "--quiet", "-am", "Mycophenolate start dose per the revised source (reviewed)"], clone)


@pytest.fixture(scope="module")
def published(tmp_path_factory, first_edition):
    tmp = tmp_path_factory.mktemp("editions")
    # 2026.1: the real `make publish` in a clean clone, done once per session (tests/conftest.py).
    clone = first_edition.copy_to(tmp / "clone")
    home = clone / "docs" / "index.md"
    home.write_text(home.read_text() + f"\n{MARKER}\n")
    run(["git", "commit", "--quiet", "-am", "Home page changed for the second edition"], clone)
    change_a_dose(clone)
    # ARCHIVE=no: nothing here reads 2026.2's file:// archive (tests/browser/test_offline.py
    # tests the archive of 2026.1); every other step of `make publish` runs.
    publish(clone, "2026.2", "ARCHIVE=no")

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


# --- the editor's loop ------------------------------------------------------------------------

def test_make_figure_names_the_pages_and_the_calculator(published):
    where = LOOP["where"]
    assert "\niim.mmf.start = 500 mg twice daily" in f"\n{where}"  # a fresh clone may print setup lines first
    assert "docs/guidelines/iim.md:" in where and "docs/calculators/regimens/mycophenolate.md:" in where
    assert "Read by 1 calculator(s): mycophenolate" in where


def test_the_unreviewed_change_stopped_the_strict_build(published):
    # the page's own review date as committed (a re-review moves it; the test must not type it)
    reviewed = re.search(r"^last_reviewed: (\S+)$", (ROOT / "docs" / "guidelines" / "iim.md").read_text(encoding="utf-8"),
                         re.M)[1]
    assert f"guidelines/iim.md shows figures that changed after its last review on {reviewed}" in LOOP["unreviewed"]
    assert "iim.mmf.start (500 mg twice daily -> 750 mg twice daily)" in LOOP["unreviewed"]


def test_publish_wrote_and_committed_the_what_changed_page(published):
    clone, _ = published
    page = run(["git", "show", "2026.2:docs/editions/2026.2.md"], clone)
    assert "generated by `make publish`" in page
    assert "**Previous edition:** [2026.1](2026.1.md)." in page
    assert "**1 figure(s) changed**" in page
    row = next(line for line in page.splitlines() if line.startswith("| `iim.mmf.start` |"))
    assert "| dose | 500 mg twice daily | 750 mg twice daily | value | S002 |" in row
    assert "[guidelines/iim](../guidelines/iim.md)" in row and "`mycophenolate`" in row
    # behaviour: the calculator's answers changed, with before and after
    assert "## Behaviour: reference vectors whose output changed" in page
    assert "### `mycophenolate` (regimen)" in page
    assert "| `expected.value` | 500.0 | 750.0 |" in page or "| `expected.value` | 500 | 750 |" in page
    record = json.loads(run(["git", "show", "2026.2:docs/editions/2026.2.json"], clone))
    assert record["previous"] == "2026.1" and record["summary"]["figures"] == 1
    assert record["summary"]["behaviour"] >= 1
    assert [f["key"] for f in record["figures"]] == ["iim.mmf.start"]
    first = run(["git", "show", "2026.1:docs/editions/2026.1.md"], clone)
    assert "**First edition.**" in first


def test_the_published_edition_shows_the_page_the_index_and_the_update_note(published):
    _, base = published
    for root in ("2026.2", "latest"):
        changed = fetch(f"{base}/{root}/editions/2026.2/")
        assert "500 mg twice daily" in changed and "750 mg twice daily" in changed
        index = fetch(f"{base}/{root}/editions/")
        assert 'href="2026.2/"' in index and 'href="2026.1/"' in index
        iim = fetch(f"{base}/{root}/guidelines/iim/")
        assert "Updated " in iim and "Mycophenolate mofetil starting dose: 500 mg twice daily → 750 mg twice daily" \
            in iim
    # the older edition knows nothing of the change
    assert "750 mg twice daily" not in fetch(f"{base}/2026.1/guidelines/iim/")
    vectors = json.loads(fetch(f"{base}/2026.2/reference-vectors.json"))
    assert vectors["edition"] == "2026.2"
    mmf = [v for v in vectors["vectors"] if v["calculator"] == "mycophenolate"]
    assert mmf and all(v["expected"]["value"] == 750 for v in mmf)
