"""Part of the igm-iim plugin: a published edition works offline after one visit, and can be installed.

Only an edition that ``mike`` builds (``MIKE_DOCS_VERSION`` set, as ``make
publish`` does) gets a service worker: a plain ``make serve`` or ``make site``
build registers none, so no worker can hide an editor's changes.

For an edition build this hook

* writes ``sw.js`` at the edition root, holding the build id and the list of
  every file of the build with its SHA-256 (the precache manifest). The
  worker (template ``igm_iim_site/offline_sw.js``) downloads every file into one
  cache named after its scope and build, checks each file against its hash,
  and only then takes over: a half-saved or mixed copy is never used;
* writes ``manifest.webmanifest`` (the web app manifest, local icons), so the
  edition can be added to a phone's home screen;
* adds to every page the manifest link and ``assets/javascripts/offline.js``,
  which registers the worker and says when a newer edition is published.

The worker is written here rather than with Workbox: Workbox's build step
needs Node in the site build, and ``workbox-sw`` loads its modules from a CDN
by default. What the site needs (precache one fixed set of files, check
hashes, one cache per build, a notice on update) is about 150 lines.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import posixpath
import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

MIKE_VERSION_VAR = "MIKE_DOCS_VERSION"
# The archive build and the zip an edition ships are the plugin's options archive and archive_zip
# (mkdocs.yml fills them from GUIDE_ARCHIVE and GUIDE_ARCHIVE_ZIP). The archive's edition is read from
# the environment as the build runs, as mike's is: through !ENV, YAML would read 2026.10 as a number.
ARCHIVE_EDITION_VAR = "GUIDE_EDITION"
SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"
DOWNLOADS = "downloads"
TEMPLATE = Path(__file__).with_name("offline_sw.js")
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
SCRIPT = "assets/javascripts/offline.js"
THEME_COLOUR = "#3f51b5"  # indigo, the theme's primary colour
ICONS = [
    {"src": "assets/images/icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "assets/images/icon-512.png", "sizes": "512x512", "type": "image/png"},
    {"src": "assets/images/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
]

def edition_build() -> str | None:
    """The edition being built by mike, or None for a plain build.

    Read while the build runs: mike expands ``!ENV`` in mkdocs.yml before it sets the variable.
    """
    return os.environ.get(MIKE_VERSION_VAR) or None


def archive_name(edition: str) -> str:
    return f"guide-{edition}-offline.zip"


def on_config(config, *, state, **kwargs):
    options, mine = state.options, state.of("offline")
    if options.archive:
        # The archive: the search worker runs through the vendored shim (the offline plugin
        # would add one from a CDN), it names its edition, and it registers no worker.
        config.extra["polyfills"] = [SHIM]
        config.extra["edition"] = os.environ.get(ARCHIVE_EDITION_VAR) or "draft"
        config.extra.pop("version", None)
        return config
    zip_path = options.archive_zip
    mine["zip"] = Path(zip_path) if zip_path and Path(zip_path).is_file() else None
    edition = edition_build()
    mine["edition"] = edition
    if edition and getattr(config, "site_url", None) and not config.site_url.endswith("/"):
        # mike puts the edition folder on site_url without the final slash (urljoin(url, "2026.1")):
        # the theme's 404 page then takes ".../2026.1" as its base and asks the host's root, not the
        # deployment's, for versions.json
        config.site_url += "/"
    if edition:
        mine["build"] = build_id(edition, Path(config.config_file_path or ".").resolve().parent)
    return config


def build_id(edition: str, root: Path) -> str:
    """The name of this build of ``edition``, on every page and in the worker's cache name.

    The two copies mike makes of one build (e.g. 2026.2 and latest) share it; the worker keys its
    cache by scope as well. It is the commit's time (``SOURCE_DATE_EPOCH``, set by the Makefile) and
    commit, so a rebuild of the same commit gets the same name and the same bytes (reproducible
    editions, tests/test_reproducible.py), and any other commit another. Outside git (or without the
    variable) the build time and a random part keep it unique, as before.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = time.gmtime(int(epoch)) if epoch.isdigit() else time.gmtime()
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        head = ""
    return f"{edition}-{time.strftime('%Y%m%dT%H%M%SZ', when)}-{head or secrets.token_hex(3)}"


def _root(page) -> str:
    """Relative path from the page to the site root, ending in '/'."""
    rel = get_relative_url(".", page.url or "")
    return "./" if rel in (".", "") else rel.rstrip("/") + "/"


def download_note(page, size: int, edition: str) -> str:
    name = archive_name(edition)
    href = _root(page) + f"{DOWNLOADS}/{name}"
    return (f'<div class="admonition tip offline-archive"><p class="admonition-title">Without a web server</p>'
            f'<p><a href="{href}" download>Download edition {edition} as a zip file</a> '
            f'({size / 1e6:.1f} MB) for a computer or intranet with no web server: unzip it and open '
            f'<code>index.html</code>. Every page, the search and the live calculators work from the file '
            f'system; nothing is fetched.</p></div>')


DIR_LINK = re.compile(r'(\shref=")((?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^"#?]*/)((?:#[^"]*)?")')


def file_links(html: str, page_dest: str = "index.html", built: set[str] | None = None) -> str:
    """Links written as folders (``../editions/``, ``../about/disclaimer/``) name the built file.

    Under file:// no server turns a folder into its index.html, and with plain .html URLs a page
    ``about/disclaimer.md`` is ``about/disclaimer.html``. ``built`` is every file of the build
    (by path from the root); without it the link gets ``index.html``.
    """
    here = posixpath.dirname(page_dest)

    def fix(m):
        folder = m.group(2)
        target = posixpath.normpath(posixpath.join(here, folder))
        target = "" if target == "." else target
        choices = [posixpath.join(target, "index.html") if target else "index.html"]
        if target:
            choices.append(target + ".html")
        found = next((c for c in choices if built is None or c in built), choices[0])
        return m.group(1) + posixpath.relpath(found, here or ".") + m.group(3)

    return DIR_LINK.sub(fix, html)


def on_files(files, config, *, state, **kwargs):
    if state.options.archive:
        state.of("offline")["built"] = {f.dest_uri for f in files}
    return files


def on_post_page(output, page, config, *, state, **kwargs):
    mine = state.of("offline")
    if state.options.archive:
        # the theme and the plugin make .html links; this catches those templates write as folders
        return file_links(output, page.file.dest_uri, mine.get("built"))
    if not mine.get("edition") or page.url == "404.html":
        return output
    root = _root(page)
    if mine.get("zip") and page.url == "editions/":
        # under the page title of the editions page
        note = download_note(page, mine["zip"].stat().st_size, mine["edition"])
        output = re.sub(r"(</h1>)", lambda m: m.group(1) + note, output, count=1)
    head = (f'<link rel="manifest" href="{root}{MANIFEST}">'
            f'<meta name="theme-color" content="{THEME_COLOUR}">'
            f'<link rel="apple-touch-icon" href="{root}assets/images/apple-touch-icon.png">')
    script = (f'<script src="{root}{SCRIPT}" data-root="{root}" data-build="{mine["build"]}" '
              f'data-edition="{mine["edition"]}" defer></script>')
    output = output.replace("</head>", head + "\n</head>", 1)
    return output.replace("</body>", script + "\n</body>", 1)


def web_manifest(config, edition: str) -> dict:
    return {
        "name": f"{config.site_name} (edition {edition})",
        "short_name": "IGM/IIM guide",
        "description": config.site_description or "",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": ICONS,
    }


#: Files of the build a reader never needs offline (see precache_list).
NOT_SAVED = ("*.map", "assets/javascripts/lunr/*", "assets/javascripts/workers/*", "reference-vectors.json",
             "reference-vectors.schema.json")


def _not_saved(rel: str) -> bool:
    return any(fnmatch.fnmatchcase(rel, pattern) for pattern in NOT_SAVED)


def precache_list(site_dir: Path) -> dict[str, str]:
    """Every file a reader's page can use -> its SHA-256, by path from the root.

    Left out, each fetched from the server only when asked for (``NOT_SAVED``): the worker
    itself; ``downloads/``, the edition's zip archive (about 9 MB, for a computer with no web
    server: a phone cannot open it); the theme's source maps (read only by a browser's developer
    tools, about 1 MB); the theme's own search worker and lunr's language files, among them the word
    splitter for Thai and Japanese (about 0.9 MB, never loaded: the site's search worker is its own,
    ``assets/javascripts/search-worker.js``, for English); and the published reference vectors (about
    1.5 MB of JSON for other implementations, not for readers). A ward's first visit on a poor signal
    saves about 3 MB less.
    """
    files = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if rel == WORKER or rel.startswith(DOWNLOADS + "/") or _not_saved(rel):
            continue
        files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def worker_source(edition: str, build: str, files: dict[str, str], base_path: str = "/") -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    return (text.replace("__EDITION__", json.dumps(edition))
                .replace("__BUILD__", json.dumps(build))
                .replace("__BASE_PATH__", json.dumps(base_path))
                .replace("__FILES__", json.dumps(files, separators=(",", ":"))))


@event_priority(-200)  # after every plugin has written its files (search index, notebooks)
def on_post_build(config, *, state, **kwargs):
    mine = state.of("offline")
    edition = mine.get("edition")
    if not edition:
        return
    site = Path(config.site_dir)
    if mine.get("zip"):
        (site / DOWNLOADS).mkdir(exist_ok=True)
        shutil.copyfile(mine["zip"], site / DOWNLOADS / archive_name(edition))
    (site / MANIFEST).write_text(json.dumps(web_manifest(config, edition), indent=2) + "\n", encoding="utf-8")
    files = precache_list(site)
    # the folder the theme's 404 page links from (site_url's path; mike adds the edition to it)
    base_path = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    (site / WORKER).write_text(worker_source(edition, mine["build"], files, base_path), encoding="utf-8")
