#!/usr/bin/env python3
"""Measure the site against its performance budgets, side by side with bare MkDocs.

Run with ``make bench`` (or ``.venv/bin/python scripts/benchmark.py``). It is a
benchmark, not a test: it prints every figure with its budget, the ratio and
PASS/FAIL, and exits 0 whatever the verdicts (non-zero only if it cannot run).

The reference is a *bare* mkdocs-material build of the same docs, made in a
temporary directory: the same ``docs/`` folder, the same theme and markdown
extensions, the ``search`` plugin only (no hooks, no other plugins, no
``overrides/``, notebook pages left out of its nav since without
mkdocs' notebook support they are not pages). Every time is the median of
``--runs`` (>= 3) runs, the two builds taken in turn (ours, bare, ours,
bare, ...) so that drift in the shared machine's speed hits both; the ratio
is the median of the per-pair ratios.

1. Cold strict build: a new process and an empty ``site`` dir, ours and
   bare. Our content-keyed caches (the executed notebooks, keyed on every
   input; the review check's figure registries, keyed on the commit) are
   kept as any earlier build left them: they can only hold what the same
   inputs produce. The same build with every cache removed (a fresh clone,
   or a change to a notebook or the package, so the notebooks execute) is
   printed too, with its ratio, not budgeted.
2. ``mkdocs serve``: one word added to ``docs/guidelines/iim.md``; time from
   the save to the served page showing it, ours and bare running side by
   side, edits in turn; each edit is undone and the undo's rebuild awaited
   before the next edit is timed, so no rebuild overlaps a timed one.
3. First-visit weight of every page: headless Chromium with an empty cache
   and service workers allowed; every response the page and its service
   worker fetch, gzip-compressed (gzip -6, as a server with compression
   sends them); the guideline, notebook and calculator pages against their
   budgets.
4. Growth: the site built (in a temporary copy) with 16x and 32x as many
   guideline pages (synthetic copies of ``docs/guidelines/*.md``, added to
   the nav beside the real ones; ``--factors``), and the bare build of the
   same docs with the same synthetic pages: the time each added page adds
   to the build (marginal cost, 1x->16x and 16x->32x, 30 and 32 added
   pages: linear when it does not rise), and the first-visit weight of
   ``guidelines/iim/`` at each size. The timed builds go in rounds
   (``--growth-runs``, 5): each round builds every size, ours then bare,
   the sizes ascending and descending in turn, so that a change in the
   shared machine's speed falls on every size of a round alike (built size
   after size, each size fell in its own stretch of the machine's load, and
   8x->32x read 200 ms a page in one run, 78 ms in another). A
   step's marginal cost is the median of the rounds' slopes, its noise
   their spread. mkdocs-material itself grows faster than linearly (each
   page carries its section's navigation, so pages x section size), in the
   bare build alike; the verdict is on ours minus bare, round by round (what
   our hooks, plugins and templates add): the ratio of the last step's cost
   to the first's in each round, PASS when the middle half of the rounds is
   within the tolerance, FAIL when it is above, UNDECIDED when it straddles
   the line or the first step is within its own noise. Ours, bare and ours
   minus bare are printed each with a quadratic term fitted to the steps.
   Both the wall time and the CPU time of each build (the build process and
   every process it waited for) are printed; the verdict reads the CPU
   time, which the other processes of a shared machine inflate less.
5. Lighthouse 12, mobile, of a guideline and a calculator page served with
   gzip: performance (median of ``--runs``, with the load average at each
   run), accessibility and best practices; the same pages of the bare build
   in turn with ours, as the control of what this machine allows.
   Installed once with npm into a
   cache folder outside the repository (``~/.cache/guideline-site-bench``).

Pages are served on 127.0.0.1 only (ports from ``--port-base``); no page
fetches from another host (the weight table lists any that did).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import itertools
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from tools.browser import (  # noqa: E402 - tools is installed with the project (make setup)
    CHROMIUM,
    CHROMIUM_ARGS,
    discover_pages,
    launch_chromium,
)

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LIGHTHOUSE_VERSION = "12"
LIGHTHOUSE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "guideline-site-bench" / "lighthouse"

GUIDELINE_PAGE = "guidelines/iim/"
NOTEBOOK_PAGE = "notebooks/taper/"
CALCULATOR_PAGE = "calculators/taper/"

BUDGETS = {
    "build_ratio": 3.0,
    "serve_ratio": 1.5,
    "guideline_kb": 100.0,
    "notebook_kb": 150.0,
    "calculator_kb": 150.0,
    "lighthouse": 98,
}
#: A page's weight "does not grow with the number of pages": at the largest factor (32x) the pages,
#: the guideline page may weigh at most this much more than at 1x.
GROWTH_TOLERANCE = 0.05
#: Build time is linear in the number of pages when the time added per added page does not rise:
#: from 8x to 32x it may be at most this much above its value from 1x to 8x (noise of a shared machine).
MARGINAL_TOLERANCE = 0.25
GROWTH_FACTORS = "1,16,32"
#: Rounds of growth builds: five rounds of 1x/16x/32x, ours and bare, take about two minutes of CPU.
GROWTH_RUNS = 5


def say(message: str = "") -> None:
    """Print a line of the report at once (the benchmark runs for minutes)."""
    print(message, flush=True)


def median(values):
    """The median of ``values``, NaN when there are none."""
    return statistics.median(values) if values else float("nan")


# -- projects ------------------------------------------------------------------------------

def mkdocs_cmd(project: Path) -> list[str]:
    """The command that runs MkDocs for ``project`` (this interpreter's MkDocs)."""
    return [sys.executable, "-m", "mkdocs"]


def project_env(project: Path) -> dict:
    """The environment a build of ``project`` runs in: its own package first on the path."""
    # The project's own package first (a temporary copy imports its copy, not the repo's).
    return {**ENV, "PYTHONPATH": os.pathsep.join([str(project), ENV.get("PYTHONPATH", "")]).rstrip(os.pathsep)}


def copy_project(dest: Path) -> Path:
    """A copy of the repository's tracked and untracked (not ignored) files, with its git history."""
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-co", "--exclude-standard", "-z"],
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = REPO / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    # The history, so git dates and the review check see what they see in the repo.
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(dest / ".gitclone")], check=True)
    (dest / ".gitclone" / ".git").rename(dest / ".git")
    shutil.rmtree(dest / ".gitclone")
    subprocess.run(["git", "-C", str(dest), "reset", "-q"], check=True)
    return dest


TOP_KEY = re.compile(r"^([A-Za-z_]+):")


def bare_config(text: str) -> str:
    """Our mkdocs.yml with the hooks and plugins taken out: material, same extensions, search only."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines():
        match = TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1), [line]))
        else:
            blocks[-1][1].append(line)
    out = []
    for key, lines in blocks:
        # watch: the folders our serve also watches (calculators/, tools/) are not in the bare project.
        if key in ("hooks", "plugins", "extra_javascript", "extra_css", "extra", "watch"):
            continue
        if key == "theme":
            lines = [line for line in lines if "custom_dir" not in line]
        if key == "nav":
            lines = [line for line in lines if not line.strip().endswith(".py")]
        out.extend(lines)
    out += ["plugins:", "  - search", ""]
    return "\n".join(out)


def make_bare(dest: Path) -> Path:
    """A bare mkdocs-material project with the same pages, the baseline the builds are compared with."""
    dest.mkdir(parents=True)
    shutil.copytree(REPO / "docs", dest / "docs")
    (dest / "mkdocs.yml").write_text(bare_config((REPO / "mkdocs.yml").read_text()))
    return dest


NAV_GUIDELINES = re.compile(r"^(\s+)- Inflammatory myopathy: guidelines/iim\.md$", re.MULTILINE)


def add_synthetic_guidelines(project: Path, factor: int) -> int:
    """(factor - 1) copies of every guideline page, in the nav beside the real ones. Returns the page count."""
    if factor <= 1:
        return page_count(project)
    guidelines = project / "docs" / "guidelines"
    originals = sorted(p for p in guidelines.glob("*.md") if p.name != "index.md")
    vocabulary = sorted(set(re.findall(r"\b[a-z]{4,12}\b", " ".join(p.read_text() for p in originals))))
    nav_lines = []
    for copy in range(2, factor + 1):
        for page in originals:
            text = page.read_text()
            text = re.sub(r"^# (.+)$", rf"# \1 (synthetic copy {copy})", text, count=1, flags=re.MULTILINE)
            text = distinct(text, random.Random(f"{page.name}-{copy}"), vocabulary)
            name = f"{page.stem}-synthetic-{copy}.md"
            (guidelines / name).write_text(text)
            nav_lines.append(f"{page.stem} copy {copy}: guidelines/{name}")
    config = project / "mkdocs.yml"
    text = config.read_text()
    match = NAV_GUIDELINES.search(text)
    if not match:
        raise RuntimeError("cannot find the guideline pages in the nav of mkdocs.yml")
    indent = match.group(1)
    text = text[: match.end()] + "".join(f"\n{indent}- {line}" for line in nav_lines) + text[match.end():]
    config.write_text(text)
    return page_count(project)


def distinct(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """Give a copy text of its own: a paragraph of shuffled words after each section heading.

    Without it, gzip would see 16 near-identical pages and compress the copies (and their search
    index entries) to almost nothing, which real pages of their own would not do.
    """
    def paragraph(match: re.Match) -> str:
        words = " ".join(rng.choice(vocabulary) for _ in range(70))
        return f"{match.group(0)}\n\n{words.capitalize()}.\n"
    return re.sub(r"^## [^\n]+$", paragraph, text, flags=re.MULTILINE)


def page_count(project: Path) -> int:
    """The pages of ``project``: Markdown pages and notebooks."""
    docs = project / "docs"
    return len(list(docs.rglob("*.md"))) + len(list((docs / "notebooks").glob("*.py")))


# -- 1. builds -----------------------------------------------------------------------------

def build(project: Path, site_dir: Path, cold: bool) -> float:
    """One strict build in a new process into an empty site dir; ``cold`` also removes every cache [s wall]."""
    return build_measured(project, site_dir, cold)[0]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_measured(project: Path, site_dir: Path, cold: bool) -> tuple[float, float]:
    """As :func:`build`, returning (wall seconds, CPU seconds of the build and every process it waited for).

    CPU time is the work the build did; on a shared machine the wall time adds whatever the build waited
    for the other processes, so CPU time is the steadier figure where two builds are compared.
    """
    shutil.rmtree(site_dir, ignore_errors=True)
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    cpu_before, start = _children_cpu_s(), time.perf_counter()
    result = subprocess.run([*mkdocs_cmd(project), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                            cwd=project, env=project_env(project), capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - start, _children_cpu_s() - cpu_before
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed in {project}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, cpu


def measure_builds(ours: Path, bare: Path, work: Path, runs: int) -> dict:
    """In turn: ours with every cache removed, bare, ours with its caches (as after any earlier build)."""
    nocache, base, cached, base_cpu, cached_cpu = [], [], [], [], []
    for run in range(runs):
        nocache.append(build(ours, work / "site-ours", cold=True))
        wall, cpu = build_measured(bare, work / "site-bare", cold=True)
        base.append(wall), base_cpu.append(cpu)
        wall, cpu = build_measured(ours, work / "site-ours", cold=False)
        cached.append(wall), cached_cpu.append(cpu)
        say(f"  build {run + 1}/{runs}: ours {cached[-1]:.2f} s (caches of unchanged inputs kept; CPU "
            f"{cached_cpu[-1]:.2f} s), {nocache[-1]:.2f} s (every cache removed: notebooks executed); bare "
            f"{base[-1]:.2f} s (CPU {base_cpu[-1]:.2f} s)")
    return {"ours_s": cached, "ours_nocache_s": nocache, "bare_s": base, "ours_cpu_s": cached_cpu,
            "bare_cpu_s": base_cpu, "ratio": median([a / b for a, b in zip(cached, base, strict=True)]),
            "cpu_ratio": median([a / b for a, b in zip(cached_cpu, base_cpu, strict=True)]),
            "nocache_ratio": median([a / b for a, b in zip(nocache, base, strict=True)])}


# -- 2. mkdocs serve -------------------------------------------------------------------------

def fetch_text(url: str) -> str | None:
    """The text at ``url``, or None when the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


class Server:
    """``mkdocs serve`` of one project on one 127.0.0.1 port, with its log."""

    def __init__(self, project: Path, port: int):
        self.project, self.port = project, port
        self.base = f"http://127.0.0.1:{port}/"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [*mkdocs_cmd(project), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
            cwd=project, env=project_env(project), stdout=self.log, stderr=subprocess.STDOUT)

    def wait_up(self, path: str, limit: float = 240) -> float:
        start = time.perf_counter()
        while fetch_text(self.base + path) is None:
            if self.proc.poll() is not None or time.perf_counter() - start > limit:
                self.log.seek(0)
                raise RuntimeError(f"mkdocs serve in {self.project} did not come up:\n"
                                   + self.log.read().decode()[-2000:])
            time.sleep(0.2)
        return time.perf_counter() - start

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def time_edit(server: Server, page_md: Path, path: str, word: str) -> float:
    """Seconds from saving a one-word edit of ``page_md`` to the served page showing ``word``."""
    original = page_md.read_bytes()
    text = original.decode()
    # One word added to the end of the first paragraph after the title.
    lines = text.split("\n")
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    para = next(i for i in range(title + 1, len(lines))
                if lines[i].strip() and not lines[i].startswith(("!", "<", "#", "-", "|", ":")))
    while para + 1 < len(lines) and lines[para + 1].strip():
        para += 1
    lines[para] = lines[para] + " " + word
    start = time.perf_counter()
    page_md.write_text("\n".join(lines))
    try:
        while True:
            html = fetch_text(server.base + path)
            if html and word in html:
                return time.perf_counter() - start
            if time.perf_counter() - start > 120:
                raise RuntimeError(f"the edit never showed up in {server.base + path}")
            time.sleep(0.02)
    finally:
        page_md.write_bytes(original)
        # Wait for the rebuild that undoes the edit, so that it never overlaps the next timed edit
        # (of this server or of the other one: both run side by side on the same cores).
        undo = time.perf_counter()
        while time.perf_counter() - undo < 120:
            html = fetch_text(server.base + path)
            if html and word not in html:
                break
            time.sleep(0.05)


def measure_serve(ours: Path, bare: Path, page: str, path: str, runs: int, ports: tuple[int, int]) -> dict:
    """Rebuild times after an edit, ours against the bare project, ``runs`` times each [s]."""
    servers = {"ours": Server(ours, ports[0]), "bare": Server(bare, ports[1])}
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    try:
        for name, server in servers.items():
            say(f"  serve {name}: first build served after {server.wait_up(path):.1f} s")
        time.sleep(2)
        for run in range(runs):
            for name, server in servers.items():
                project = ours if name == "ours" else bare
                times[name].append(time_edit(server, project / page, path, f"benchword{os.getpid()}x{run}{name}"))
                time.sleep(1.0)  # the undo is served; let the server settle
            say(f"  serve {run + 1}/{runs}: ours {times['ours'][-1]:.2f} s, bare {times['bare'][-1]:.2f} s")
    finally:
        for server in servers.values():
            server.stop()
    ratios = [a / b for a, b in zip(times["ours"], times["bare"], strict=True)]
    return {"ours_s": times["ours"], "bare_s": times["bare"], "ratio": median(ratios)}


# -- static serving with gzip -------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (as a production server would)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def list_directory(self, path):
        self.send_error(404, "No index.html here")

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404, "File not found")
            return None
        body = Path(path).read_bytes()
        ctype = self.guess_type(path)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 256:
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_gzip(site: Path, port: int):
    """Serve ``site`` gzipped on 127.0.0.1:``port`` while the block runs (yields the base URL)."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


# -- 3. page weight -------------------------------------------------------------------------------

def page_weights(site: Path, pages: list[str], port: int) -> dict[str, dict]:
    """First visit of each page: every response (page and service worker), gzip bytes."""
    from playwright.sync_api import sync_playwright

    rows = {}
    with serve_gzip(site, port) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for path in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            seen: list = []
            context.on("response", lambda response, bucket=seen: bucket.append(response))
            context.route(re.compile(rf"^(?!http://127\.0\.0\.1:{port}/).*"), lambda route: route.abort())
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            quiet_until = time.monotonic() + 1.5
            count = -1
            while time.monotonic() < quiet_until + 10:
                page.wait_for_timeout(300)
                if len(seen) == count and time.monotonic() > quiet_until:
                    break
                count = len(seen)
            resources = []
            for response in seen:
                try:
                    body = response.body()
                except Exception:
                    body = b""
                resources.append((response.url.removeprefix(base) or "/", len(body),
                                  len(gzip.compress(body, compresslevel=6))))
            rows[path] = {"requests": len(resources), "raw_kb": sum(r[1] for r in resources) / 1024,
                          "gzip_kb": sum(r[2] for r in resources) / 1024, "resources": resources,
                          "external": [r[0] for r in resources if r[0].startswith("http")]}
            context.close()
        browser.close()
    return rows


# -- 4. growth -------------------------------------------------------------------------------------

def measure_growth(work: Path, factors: list[int], runs: int, port: int) -> list[dict]:
    """Build times as the site grows by ``factors`` (synthetic guideline pages), ours and bare [s].

    Each size has two projects: a copy of ours and a bare mkdocs-material project of the same docs, both
    with the same synthetic pages. The timed builds go in rounds: every round builds every size, ours then
    bare, the sizes ascending in even rounds and descending in odd ones, so that drift in the shared
    machine's speed falls on every size alike instead of on whichever size was built last. Run ``i`` of
    every row is from round ``i``: the rounds pair up the builds the slopes are taken between.
    """
    projects = []
    for factor in factors:
        ours = copy_project(work / f"x{factor}")
        pages = add_synthetic_guidelines(ours, factor)
        bare = make_bare(work / f"bare-x{factor}")
        add_synthetic_guidelines(bare, factor)
        site, bare_site = work / f"site-x{factor}", work / f"site-bare-x{factor}"
        build(ours, site, cold=True)  # executes the notebooks once; the timed builds below reuse that
        build(bare, bare_site, cold=True)
        weight = page_weights(site, [GUIDELINE_PAGE], port)[GUIDELINE_PAGE]
        html = (site / GUIDELINE_PAGE / "index.html").stat().st_size
        # the index the theme fetches and the pages' text our search worker fetches (search_split.py)
        index = [site / "search" / name for name in ("search_index.json", "search_text.json")]
        row = {"factor": factor, "pages": pages, "runs_s": [], "cpu_runs_s": [], "bare_runs_s": [],
               "bare_cpu_runs_s": [], "guideline_gzip_kb": weight["gzip_kb"], "guideline_html_kb": html / 1024,
               "search_index_gzip_kb": sum(len(gzip.compress(f.read_bytes(), 6)) for f in index if f.exists()) / 1024}
        say(f"  {factor}x: {pages} pages, {GUIDELINE_PAGE} {row['guideline_gzip_kb']:.1f} KB gzip first visit")
        projects.append((row, ours, bare, site, bare_site))
    for run in range(runs):
        for row, ours, bare, site, bare_site in (projects if run % 2 == 0 else projects[::-1]):
            for project, target, wall_key, cpu_key in ((ours, site, "runs_s", "cpu_runs_s"),
                                                       (bare, bare_site, "bare_runs_s", "bare_cpu_runs_s")):
                wall, cpu = build_measured(project, target, cold=False)
                row[wall_key].append(wall), row[cpu_key].append(cpu)
        say(f"  round {run + 1}/{runs}: CPU " + ", ".join(
            f"{row['factor']}x ours {row['cpu_runs_s'][-1]:.2f} s bare {row['bare_cpu_runs_s'][-1]:.2f} s"
            for row, *_ in projects))
    out = []
    for row, ours, bare, site, bare_site in projects:
        for key, runs_key in RUNS_OF.items():
            row[key] = median(row[runs_key])
        row["per_page_ms"] = 1000 * row["build_s"] / row["pages"]
        out.append(row)
        for path in (ours, bare, site, bare_site):
            shutil.rmtree(path, ignore_errors=True)
    return out


RUNS_OF = {"build_s": "runs_s", "cpu_s": "cpu_runs_s", "bare_build_s": "bare_runs_s", "bare_cpu_s": "bare_cpu_runs_s"}
"""Each growth measure (a row's median) and the key of its runs."""
MEASURE_WORDS = {"build_s": "wall time", "cpu_s": "CPU time"}
SERIES_WORDS = {"": "ours", "bare_": "bare", "own_": "ours - bare"}
"""The series of a growth measure, by prefix: ours, the bare build, and ours minus bare run by run (``own_cpu_s``:
what our hooks, plugins and templates add to the build)."""


def runs_of(row: dict, measure: str) -> list[float]:
    """The runs of ``measure`` in ``row`` [s]; ``own_...``: ours minus bare, run by run (the same round)."""
    if measure.startswith("own_"):
        ours, bare = runs_of(row, measure[4:]), runs_of(row, "bare_" + measure[4:])
        if len(ours) == len(bare):
            return [o - b for o, b in zip(ours, bare, strict=True)]
        return [median(ours) - median(bare)]
    return list(row.get(RUNS_OF[measure]) or [row[measure]])


def has_measure(row: dict, measure: str) -> bool:
    """Whether ``row`` has ``measure`` (for ``own_...``, both ours and bare)."""
    if measure.startswith("own_"):
        return has_measure(row, measure[4:]) and has_measure(row, "bare_" + measure[4:])
    return measure in row or bool(row.get(RUNS_OF[measure]))


def growth_steps(rows: list[dict]) -> list[tuple[dict, dict]]:
    """The steps between growth builds: each pair of neighbouring rows in which pages were added."""
    return [(a, b) for a, b in itertools.pairwise(rows) if b["pages"] > a["pages"]]


def step_slopes(rows: list[dict], measure: str = "build_s") -> list[tuple[int, int, int, list[float]]]:
    """(from factor, to factor, pages added, ms added per added page in each run) for each step.

    Runs are paired by index (run ``i`` of both sizes from the same round of builds) when both rows have as
    many runs; otherwise the step has one slope, between the medians.
    """
    out = []
    for a, b in growth_steps(rows):
        added = b["pages"] - a["pages"]
        ra, rb = runs_of(a, measure), runs_of(b, measure)
        if len(ra) != len(rb):
            ra, rb = [median(ra)], [median(rb)]
        out.append((a["factor"], b["factor"], added, [1000 * (y - x) / added for x, y in zip(ra, rb, strict=True)]))
    return out


def marginal_costs(rows: list[dict], measure: str = "build_s") -> list[tuple[int, int, float]]:
    """(from factor, to factor, ms added per added page) for each step between growth builds, by ``measure``
    (``build_s`` wall time or ``cpu_s`` CPU time; ``bare_`` or ``own_`` before it for the bare build or ours
    minus bare): the median of the runs' slopes.
    """
    return [(a, b, median(slopes)) for a, b, _, slopes in step_slopes(rows, measure)]


def step_noise(rows: list[dict], measure: str = "build_s") -> list[float]:
    """For each step, the noise of its marginal cost [ms per added page]: the spread (max - min) of its runs'
    slopes when the runs are paired; otherwise the spread of the runs at both ends, divided by the pages added.
    """
    out = []
    for (a, b), (_, _, added, slopes) in zip(growth_steps(rows), step_slopes(rows, measure), strict=True):
        if len(slopes) > 1:
            out.append(max(slopes) - min(slopes))
        else:
            out.append(1000 * sum(max(runs_of(r, measure)) - min(runs_of(r, measure)) for r in (a, b)) / added)
    return out


def growth_measure(rows: list[dict]) -> str:
    """The measure the linearity verdict reads: CPU time when every row has it (the steadier on a shared
    machine), else wall time.
    """
    return "cpu_s" if rows and all("cpu_s" in r for r in rows) else "build_s"


def growth_series(rows: list[dict]) -> str:
    """The series the linearity verdict reads: ours minus bare (``own_``: what our hooks, plugins and templates
    add, the theme's own cost taken out) when every row has the bare build too, else ours (``""``).
    """
    measure = growth_measure(rows)
    return "own_" if rows and all(has_measure(r, "own_" + measure) for r in rows) else ""


def run_ratios(rows: list[dict], measure: str) -> list[float]:
    """Per run, the last step's marginal cost over the first's (runs paired by round; a run whose first
    step cost nothing or less gives infinity).
    """
    steps = step_slopes(rows, measure)
    if len(steps) < 2:
        return []
    first, last = steps[0][3], steps[-1][3]
    if len(first) != len(last):
        first, last = [median(first)], [median(last)]
    return [b / a if a > 0 else float("inf") for a, b in zip(first, last, strict=True)]


def middle_half(values: list[float]) -> tuple[float, float]:
    """The lower and upper quartiles of ``values`` (the one value twice when there is one)."""
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def quadratic_term(rows: list[dict], measure: str) -> float | None:
    """The quadratic coefficient ``c`` of build time ``a + b n + c n^2`` in pages ``n`` [ms per page^2], from
    the first and last steps' marginal costs (a step from ``n0`` to ``n1`` costs ``b + c (n0 + n1)`` a page);
    None with fewer than two steps.
    """
    pairs = growth_steps(rows)
    costs = marginal_costs(rows, measure)
    if len(costs) < 2:
        return None
    (a0, b0), (a1, b1) = pairs[0], pairs[-1]
    return (costs[-1][2] - costs[0][2]) / (a1["pages"] + b1["pages"] - a0["pages"] - b0["pages"])


def linearity(rows: list[dict]) -> tuple[str, str]:
    """The verdict on build time growing linearly, and the figure it rests on.

    The series judged is ours minus bare, run by run (:func:`growth_series`), when the bare build was
    measured at every size: mkdocs-material's own growth (its section navigation is in every page of the
    section, so it grows as pages x section size) is then the bare build's, reported beside it, and the
    verdict is on what our hooks, plugins and templates add. Without the bare build, ours.

    Per run (the builds of one round), the ratio of the last step's marginal cost to the first's. PASS
    when the upper quartile of the runs' ratios is within ``MARGINAL_TOLERANCE`` of 1 (or below), FAIL when
    the lower quartile is above; UNDECIDED when the quartiles straddle that line, when the first step's
    cost is not larger than its own noise (the ratio would mean nothing) or there are fewer than two steps.
    """
    measure = growth_measure(rows)
    series = growth_series(rows) + measure
    words = f"{SERIES_WORDS[series[: -len(measure)]]}, {MEASURE_WORDS[measure]}"
    marginals, noise = marginal_costs(rows, series), step_noise(rows, series)
    if len(marginals) < 2:
        return "UNDECIDED", "fewer than two steps"
    first = marginals[0][2]
    if first <= noise[0]:
        return "UNDECIDED", f"first step {first:.0f} ms is within its noise {noise[0]:.0f} ms ({words})"
    ratios = run_ratios(rows, series)
    low, high = middle_half(ratios)
    limit = 1 + MARGINAL_TOLERANCE
    figure = (f"last/first step {median(ratios):.2f} ({words}; " +
              (f"middle half of {len(ratios)} runs {low:.2f}-{high:.2f})" if len(ratios) > 1 else "one run)"))
    if high <= limit:
        return "PASS", figure
    if low > limit:
        return "FAIL", figure
    return "UNDECIDED", figure + f": the runs straddle {limit:.2f}"


def steps_text(rows: list[dict], measure: str) -> str:
    """Each step's marginal cost as text: ``1x -> 16x (+30 pages) 80 ms (noise +/-6 ms)``."""
    return ", ".join(f"{a}x -> {b}x (+{added} pages) {median(slopes):.0f} ms (noise +/-{noise:.0f} ms)"
                     for (a, b, added, slopes), noise in zip(step_slopes(rows, measure), step_noise(rows, measure),
                                                             strict=True))


def quadratic_text(rows: list[dict], measure: str) -> str:
    """The quadratic term as text, with its share of the build at the largest size (nothing for one step)."""
    c = quadratic_term(rows, measure)
    if c is None:
        return ""
    n, total = rows[-1]["pages"], 1000 * median(runs_of(rows[-1], measure))
    share = f" = {c * n * n / 1000:.2f} s of {total / 1000:.2f} s at {n} pages" if total > 0 else ""
    return f"; quadratic term {c:+.3f} ms/page^2 (c n^2{share})"


# -- 5. Lighthouse ---------------------------------------------------------------------------------

def lighthouse_binary() -> Path | None:
    """The Lighthouse command, installed with npm into the cache on first use; None without npm."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        say("lighthouse: npm is not installed; skipping (apt-get install nodejs npm)")
        return None
    say(f"lighthouse: installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} (once) ...")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund",
                             "--loglevel=error", f"lighthouse@{LIGHTHOUSE_VERSION}"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or not binary.exists():
        say("lighthouse: npm install failed; skipping:\n" + (result.stderr or result.stdout)[-1500:])
        return None
    return binary


def run_lighthouse(binary: Path, url: str) -> dict:
    """One Lighthouse run of ``url`` in Debian's Chromium: its JSON report."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        result = subprocess.run(
            [str(binary), url, "--output=json", "--output-path=stdout", "--quiet", f"--chrome-flags={flags}",
             "--only-categories=performance,accessibility,best-practices,seo", "--max-wait-for-load=60000"],
            capture_output=True, text=True, timeout=300, check=False, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout)[-1500:])
    report = json.loads(result.stdout)
    audits = report["audits"]
    scores = {key: round(cat["score"] * 100) if cat.get("score") is not None else None
              for key, cat in report["categories"].items()}
    bootup = (audits.get("bootup-time", {}).get("details") or {}).get("items", [])
    # points of the performance score each metric cost (its weight times what it missed of a full score)
    refs = report["categories"].get("performance", {}).get("auditRefs", [])
    weights = sum(ref.get("weight", 0) for ref in refs) or 1
    lost = {ref["acronym"]: round(100 * ref["weight"] / weights * (1 - audits[ref["id"]]["score"]), 1)
            for ref in refs
            if ref.get("weight") and ref.get("acronym") and audits.get(ref["id"], {}).get("score") is not None}
    return {"performance": scores.get("performance"), "scores": scores, "load": load, "lost": lost,
            "metrics": {name: audits[name].get("displayValue") for name in
                        ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                         "cumulative-layout-shift", "speed-index") if name in audits},
            "tbt_ms": audits.get("total-blocking-time", {}).get("numericValue"),
            "cls": audits.get("cumulative-layout-shift", {}).get("numericValue"),
            "bootup": [(item["url"].rsplit("/", 1)[-1] or item["url"], round(item.get("scripting", 0)))
                       for item in bootup[:4]]}


def measure_lighthouse(sites: dict[str, Path], pages: list[str], runs: int, port: int) -> dict:
    """Lighthouse on each page of each site (ours and the bare control), the sites taken in turn."""
    binary = lighthouse_binary()
    if binary is None:
        return {}
    out: dict = {name: {} for name in sites}
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(serve_gzip(site, port + i)) for i, (name, site) in enumerate(sites.items())}
        for path in pages:
            done: dict = {name: [] for name in sites}
            for _ in range(runs):
                for name, base in bases.items():
                    try:
                        done[name].append(run_lighthouse(binary, base + path))
                        run = done[name][-1]
                        say(f"    {name} {path} run {len(done[name])}: {run['performance']} at load {run['load']:.1f}; "
                            + ", ".join(f"{k} {v}" for k, v in run["metrics"].items())
                            + "; points lost: " + ", ".join(f"{k} {v:g}" for k, v in run["lost"].items() if v))
                    except Exception as error:
                        say(f"  lighthouse could not run on {name} {path}: {error}")
            for name, results in done.items():
                if not results:
                    continue
                scores = [r["performance"] for r in results]
                mid = sorted(results, key=lambda r: r["performance"])[len(results) // 2]
                out[name][path] = {"scores": scores, "median": median(scores), "metrics": mid["metrics"],
                                   "other": results[-1]["scores"], "loads": [round(r["load"], 1) for r in results],
                                   "tbt_ms": [r["tbt_ms"] for r in results], "bootup": mid["bootup"]}
                say(f"  lighthouse {name} {path}: {scores} -> median {out[name][path]['median']} "
                    f"(load average at each run {out[name][path]['loads']})")
    return out


# -- report ----------------------------------------------------------------------------------------

def machine() -> str:
    """The machine the figures were measured on: system, cores, load, Python, Chromium."""
    load = os.getloadavg()
    chromium = (subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
                if Path(CHROMIUM).exists() else "no chromium")
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}; Python {platform.python_version()}; {chromium}")


def verdict(ok: bool) -> str:
    """``PASS`` or ``FAIL``."""
    return "PASS" if ok else "FAIL"


def fmt_runs(values, unit="s"):
    """The runs as text: ``1.20, 1.31 s``."""
    return ", ".join(f"{v:.2f}" for v in values) + f" {unit}"


def report(results: dict) -> None:
    """Print the results as a Markdown table with the budgets and verdicts."""
    say()
    say(f"## make bench, {results['date']} ({results['machine']})")
    say()
    say("| what | ours | bare mkdocs-material | ratio / figure | budget | verdict |")
    say("| --- | --- | --- | --- | --- | --- |")
    b = results.get("build")
    if b:
        say(f"| cold strict build: new process, empty site dir, caches of unchanged inputs kept (median of "
            f"{len(b['bare_s'])}) | {median(b['ours_s']):.2f} s | {median(b['bare_s']):.2f} s | {b['ratio']:.2f}x "
            f"| <= {BUDGETS['build_ratio']:g}x | {verdict(b['ratio'] <= BUDGETS['build_ratio'])} |")
        if b.get("ours_cpu_s"):
            say(f"| the same builds' CPU time (the build and every process it waited for; other processes on the "
                f"machine do not inflate it) | {median(b['ours_cpu_s']):.2f} s | {median(b['bare_cpu_s']):.2f} s | "
                f"{b['cpu_ratio']:.2f}x | (information) | |")
        nb = median(b["ours_nocache_s"]) - median(b["ours_s"])
        say(f"| the same with every cache removed (fresh clone, or notebooks/package changed: notebooks "
            f"executed) | {median(b['ours_nocache_s']):.2f} s | {median(b['bare_s']):.2f} s | "
            f"{b['nocache_ratio']:.2f}x; executing the notebooks {nb:.2f} s "
            f"({100 * nb / median(b['ours_nocache_s']):.0f}%) | (not budgeted) | |")
    s = results.get("serve")
    if s:
        say(f"| `mkdocs serve`: save to rebuilt page, one word in `guidelines/iim.md` (median of "
            f"{len(s['ours_s'])}) | {median(s['ours_s']):.2f} s | {median(s['bare_s']):.2f} s | {s['ratio']:.2f}x "
            f"| <= {BUDGETS['serve_ratio']:g}x | {verdict(s['ratio'] <= BUDGETS['serve_ratio'])} |")
    w = results.get("weights", {})
    bare_w = results.get("bare_weights", {})
    for path, key in ((GUIDELINE_PAGE, "guideline_kb"), (NOTEBOOK_PAGE, "notebook_kb"),
                      (CALCULATOR_PAGE, "calculator_kb")):
        if path in w:
            bare_kb = f"{bare_w[path]['gzip_kb']:.1f} KB" if path in bare_w else ""
            say(f"| `{path}` first visit, every request, gzip | {w[path]['gzip_kb']:.1f} KB "
                f"({w[path]['requests']} requests) | {bare_kb} | | <= {BUDGETS[key]:g} KB "
                f"| {verdict(w[path]['gzip_kb'] <= BUDGETS[key])} |")
    pc = results.get("precache")
    if pc:
        say(f"| a published edition's offline copy: every file of the build, gzip (the service worker downloads it "
            f"in the background after a page's load, once per edition; not a request of the page) "
            f"| {pc['gzip_kb']:.0f} KB ({pc['files']} files) | | | (not budgeted) | |")
    g = results.get("growth")
    if g:
        first, last = g[0], g[-1]
        growth = last["guideline_gzip_kb"] / first["guideline_gzip_kb"] - 1
        say(f"| `{GUIDELINE_PAGE}` weight at {last['factor']}x the guideline pages vs 1x | "
            f"{first['guideline_gzip_kb']:.1f} -> {last['guideline_gzip_kb']:.1f} KB | | {100 * growth:+.1f}% "
            f"| flat (within {100 * GROWTH_TOLERANCE:.0f}%) | {verdict(growth <= GROWTH_TOLERANCE)} |")
        per_page = [row["per_page_ms"] for row in g]
        judged, series = growth_measure(g), growth_series(g)
        word, figure = linearity(g)
        rounds = max(len(runs_of(row, judged)) for row in g)
        for measure in dict.fromkeys((judged, "cpu_s", "build_s")):
            if not all(has_measure(r, measure) for r in g):
                continue
            cells = {prefix: steps_text(g, prefix + measure) + quadratic_text(g, prefix + measure)
                     if all(has_measure(r, prefix + measure) for r in g) else "" for prefix in SERIES_WORDS}
            own = f"ours - bare (our hooks, plugins, templates): {cells['own_']}" if cells["own_"] else ""
            if measure == judged:
                say(f"| build {MEASURE_WORDS[measure]} per added page (marginal cost: time added / pages added, "
                    f"median of {rounds} rounds, each building every size; noise: spread of the rounds) "
                    f"| {cells['']} | {cells['bare_']} | {own}; verdict on {SERIES_WORDS[series]}: {figure} "
                    f"| linear: the cost of an added page does not rise (last step within "
                    f"{100 * MARGINAL_TOLERANCE:.0f}% of the first in the middle half of the rounds) | {word} |")
            else:
                say(f"| build {MEASURE_WORDS[measure]} per added page (information: the verdict reads "
                    f"{MEASURE_WORDS[judged]}, steadier on a shared machine) | {cells['']} | {cells['bare_']} "
                    f"| {own} | | |")
        say(f"| build time per page, average over all pages, at {', '.join(str(r['factor']) + 'x' for r in g)} | "
            f"{', '.join(f'{v:.0f}' for v in per_page)} ms | | | (information: the added pages are guideline "
            f"pages, dearer than the average page, so the average rises even when growth is linear) | |")
    lh_all = results.get("lighthouse")
    if lh_all is not None:
        lh, bare_lh = lh_all.get("ours", {}), lh_all.get("bare", {})
        for path in (GUIDELINE_PAGE, CALCULATOR_PAGE):
            if path in lh:
                row, control = lh[path], bare_lh.get(path)
                bare_cell = (f"{control['median']:g} ({', '.join(map(str, control['scores']))}); TBT "
                             f"{control['metrics'].get('total-blocking-time')}" if control else "")
                say(f"| Lighthouse {LIGHTHOUSE_VERSION} mobile performance, `{path}`, gzip (median of "
                    f"{len(row['scores'])}; load average {', '.join(map(str, row['loads']))}) | {row['median']:g} "
                    f"({', '.join(map(str, row['scores']))}) | {bare_cell} "
                    f"| {', '.join(f'{k}: {v}' for k, v in row['metrics'].items())}; script time by file: "
                    f"{', '.join(f'{u} {ms} ms' for u, ms in row['bootup'])} "
                    f"| >= {BUDGETS['lighthouse']} | {verdict(row['median'] >= BUDGETS['lighthouse'])} |")
                other = row.get("other", {})
                for key in ("accessibility", "best-practices"):
                    say(f"| Lighthouse {key.replace('-', ' ')}, `{path}` (last run) | {other.get(key)} | | | 100 "
                        f"| {verdict(other.get(key) == 100)} |")
            else:
                say(f"| Lighthouse mobile performance, `{path}` | could not run | | "
                    f"| >= {BUDGETS['lighthouse']} | FAIL |")


def main() -> int:
    """Run the benchmarks asked for on the command line; 0 when every budget is met."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (medians; at least 3)")
    parser.add_argument("--port-base", type=int, default=int(os.environ.get("BENCH_PORT_BASE", "8200")),
                        help="first of the 127.0.0.1 ports used (uses 10)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--factors", default=GROWTH_FACTORS, help="guideline page multipliers for the growth builds")
    parser.add_argument("--growth-runs", type=int, default=GROWTH_RUNS,
                        help="rounds of the growth builds (each builds every size, ours and bare)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args()
    runs = max(args.runs, 1)
    ports = args.port_base

    started = dt.datetime.now(dt.UTC)
    results: dict = {"date": f"{started:%Y-%m-%d %H:%M} UTC", "machine": machine(),
                     "command": " ".join([Path(sys.executable).name, *sys.argv])}
    say(f"benchmark {results['date']} on {results['machine']}")
    work = Path(tempfile.mkdtemp(prefix="site-bench-"))
    try:
        say("preparing: a copy of the project and a bare mkdocs-material project of the same docs ...")
        ours = copy_project(work / "ours")
        bare = make_bare(work / "bare")
        # The reference build must work, or nothing below means anything.
        build(bare, work / "site-bare", cold=True)
        build(ours, work / "site-ours", cold=True)

        if not args.no_build:
            say("builds ...")
            results["build"] = measure_builds(ours, bare, work, runs)
        if not args.no_serve:
            say("mkdocs serve ...")
            try:
                results["serve"] = measure_serve(ours, bare, "docs/guidelines/iim.md", GUIDELINE_PAGE, runs,
                                                 (ports, ports + 1))
            except Exception as error:
                say(f"  serve could not be measured: {error}")
        say("page weight ...")
        build(ours, work / "site-ours", cold=False)
        results["weights"] = page_weights(work / "site-ours", discover_pages(work / "site-ours"), ports + 2)
        files = [f for f in (work / "site-ours").rglob("*") if f.is_file() and f.suffix != ".gz"]
        results["precache"] = {"files": len(files), "gzip_kb": sum(len(gzip.compress(f.read_bytes(), 6))
                                                                  for f in files) / 1024}
        results["bare_weights"] = page_weights(work / "site-bare", [GUIDELINE_PAGE, CALCULATOR_PAGE], ports + 3)
        if not args.no_growth:
            say("growth ...")
            results["growth"] = measure_growth(work, [int(f) for f in args.factors.split(",")],
                                               max(args.growth_runs, 1), ports + 4)
        if not args.no_lighthouse:
            say("lighthouse ...")
            results["lighthouse"] = measure_lighthouse({"ours": work / "site-ours", "bare": work / "site-bare"},
                                                       [GUIDELINE_PAGE, CALCULATOR_PAGE], runs, ports + 5)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report(results)
    w = results["weights"]
    say()
    say("| page | requests | raw KB | gzip KB | budget | verdict |")
    say("| --- | ---: | ---: | ---: | --- | --- |")
    budget_of = {GUIDELINE_PAGE: BUDGETS["guideline_kb"], NOTEBOOK_PAGE: BUDGETS["notebook_kb"],
                 CALCULATOR_PAGE: BUDGETS["calculator_kb"]}
    for path, row in w.items():
        budget = budget_of.get(path) or (BUDGETS["guideline_kb"] if path.startswith("guidelines/")
                                         else BUDGETS["notebook_kb"] if path.startswith("notebooks/")
                                         else BUDGETS["calculator_kb"] if path.startswith("calculators/") else None)
        say(f"| `{path or '/'}` | {row['requests']} | {row['raw_kb']:.1f} | {row['gzip_kb']:.1f} | "
            + (f"<= {budget:g} KB | {verdict(row['gzip_kb'] <= budget)} |" if budget else "| |"))
    for path in (GUIDELINE_PAGE, NOTEBOOK_PAGE, CALCULATOR_PAGE):
        if path not in w:
            continue
        say()
        say(f"What `{path}` loads on a first visit:")
        say()
        say("| resource | raw KB | gzip KB |")
        say("| --- | ---: | ---: |")
        for url, raw, gz in sorted(w[path]["resources"], key=lambda r: -r[2]):
            say(f"| `{url}` | {raw / 1024:.1f} | {gz / 1024:.1f} |")
    external = sorted({url for row in w.values() for url in row["external"]})
    if external:
        say(f"\nWARNING: requests to other hosts (blocked): {external}")
    if results.get("growth"):
        say()
        say("| guideline pages | pages | build (warm, median): wall, CPU | bare build: wall, CPU | per page "
            "| `guidelines/iim/` first visit gzip | its HTML raw | search index gzip (loaded on opening search) |")
        say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in results["growth"]:
            bare_cell = (f"{row['bare_build_s']:.2f} s, {row['bare_cpu_s']:.2f} s"
                         if "bare_build_s" in row and "bare_cpu_s" in row else "")
            cpu_cell = f", {row['cpu_s']:.2f} s" if "cpu_s" in row else ""
            say(f"| {row['factor']}x | {row['pages']} | {row['build_s']:.2f} s{cpu_cell} | {bare_cell} "
                f"| {row['per_page_ms']:.0f} ms | {row['guideline_gzip_kb']:.1f} KB "
                f"| {row['guideline_html_kb']:.1f} KB | {row['search_index_gzip_kb']:.1f} KB |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
        say(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
