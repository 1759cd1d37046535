#!/usr/bin/env python3
"""Measure the site: build times, live-reload rebuild, page weight, Lighthouse.

Run with ``make bench`` (or ``.venv/bin/python scripts/benchmark.py``). It is a
report, not a test: it prints a table and PASS/FAIL against the budgets and
always exits 0 (unless it cannot run at all).

1. Full strict build, cold (fresh site dir, ``.cache`` removed) and warm
   (the same build again).
2. Rebuild under ``mkdocs serve``: edit one page, time until the served page
   shows the edit, restore the page.
3. Page weight of every page: load it in headless Chromium with an empty
   cache and add up every response (HTML, CSS, JS, images, the search index):
   bytes raw and gzip-compressed (gzip -6, as a web server would send them),
   and the number of requests.
4. Lighthouse 12 (npm; Lighthouse 13 needs a newer Node) for a guideline page
   and a calculator page: performance, accessibility, best practices, SEO.
   Installed on first use into a cache folder outside the repository. If it
   cannot run, the script says why and carries on.

Nothing here contacts another host except npm's registry for the one-time
Lighthouse install; pages are served on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    discover_pages,
    launch_chromium,
    serve_site,
)
from tests.browser.visitor import wait_for_quiet_network, watch_network

VENV_BIN = Path(sys.executable).parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
LIGHTHOUSE_VERSION = "12"
LIGHTHOUSE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "guideline-site-bench" / "lighthouse"

BUDGET_PAGE_GZIP_KB = 150
BUDGET_BUILD_S = 15.0


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- 1. builds -------------------------------------------------------------------
def timed_build(site_dir: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=REPO, env=ENV, capture_output=True, text=True, check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def measure_builds(site_dir: Path) -> dict:
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(REPO / ".cache", ignore_errors=True)
    say("build: cold (fresh site dir, .cache removed) ...")
    cold = timed_build(site_dir)
    say(f"  {cold:.1f} s")
    say("build: warm (same again) ...")
    warm = timed_build(site_dir)
    say(f"  {warm:.1f} s")
    return {"cold_s": cold, "warm_s": warm}


# -- 2. rebuild under mkdocs serve ---------------------------------------------------
def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def measure_serve_rebuild(page_md: Path, page_url: str, rounds: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally, outlives the server
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=REPO, env=ENV, stdout=log, stderr=subprocess.STDOUT,
    )
    original = page_md.read_bytes()
    times = []
    try:
        start = time.perf_counter()
        while fetch(base + page_url) is None:
            if server.poll() is not None or time.perf_counter() - start > 180:
                log.seek(0)
                raise RuntimeError("mkdocs serve did not come up:\n" + log.read().decode()[-2000:])
            time.sleep(0.2)
        say(f"serve: first build served after {time.perf_counter() - start:.1f} s; editing {page_md.relative_to(REPO)}")
        for round_ in range(rounds):
            marker = f"bench-marker-{os.getpid()}-{round_}-{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            edited = original.rstrip(b"\n") + f"\n\n{marker}\n".encode()
            start = time.perf_counter()
            page_md.write_bytes(edited)
            while True:
                html = fetch(base + page_url)
                if html and marker in html:
                    break
                if time.perf_counter() - start > 120:
                    raise RuntimeError("the edit never showed up in the served page")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            say(f"  round {round_ + 1}: {times[-1]:.2f} s")
            page_md.write_bytes(original)
    finally:
        page_md.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return {"page": str(page_md.relative_to(REPO)), "rounds_s": times, "median_s": statistics.median(times)}


# -- 3. page weight --------------------------------------------------------------------
def measure_weights(site_dir: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with serve_site(site_dir) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for path in discover_pages(site_dir):
            context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
            page = context.new_page()
            watch_network(page)
            responses = []
            page.on("response", lambda response, bucket=responses: bucket.append(response))
            page.goto(base + path, wait_until="load")
            wait_for_quiet_network(page, quiet=0.3)
            raw = gz = 0
            external = []
            resources = []
            for response in responses:
                if not response.url.startswith(base):
                    external.append(response.url)
                try:
                    body = response.body()
                except Exception:  # noqa: BLE001 - redirects and aborted loads have no body
                    body = b""
                size_gz = len(gzip.compress(body, compresslevel=6))
                raw += len(body)
                gz += size_gz
                resources.append((response.url.removeprefix(base) or "/", len(body) / 1024, size_gz / 1024))
            rows.append({
                "page": path or "/", "requests": len(responses), "raw_kb": raw / 1024, "gzip_kb": gz / 1024,
                "external": external, "resources": resources,
            })
            context.close()
        browser.close()
    return rows


# -- 4. Lighthouse -------------------------------------------------------------------------
def lighthouse_binary() -> Path | None:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    if not shutil.which("npm"):
        say("lighthouse: npm is not installed; skipping (apt-get install nodejs npm)")
        return None
    say(f"lighthouse: installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} (once) ...")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "--loglevel=error",
         f"lighthouse@{LIGHTHOUSE_VERSION}"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0 or not binary.exists():
        say("lighthouse: npm install failed; skipping:\n" + (result.stderr or result.stdout)[-1500:])
        return None
    return binary


def run_lighthouse(binary: Path, url: str, preset: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        command = [
            str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
            f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--max-wait-for-load=60000",
        ]
        if preset:
            command.append(f"--preset={preset}")
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout)[-1500:])
    report = json.loads(result.stdout)
    scores = {key: round(cat["score"] * 100) if cat.get("score") is not None else None
              for key, cat in report["categories"].items()}
    failing = sorted(
        f"{audit['id']} ({round(audit['score'] * 100)})"
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    )
    metrics = report["audits"]
    timing = {name: metrics[name].get("displayValue") for name in
              ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
              if name in metrics}
    return {"scores": scores, "failing_binary_audits": failing, "metrics": timing,
            "lighthouse": report.get("lighthouseVersion")}


def measure_lighthouse(site_dir: Path, pages: list[str], preset: str | None) -> dict:
    binary = lighthouse_binary()
    if binary is None:
        return {}
    results = {}
    with serve_site(site_dir) as base:
        for path in pages:
            say(f"lighthouse: {path} ({preset or 'mobile'}) ...")
            try:
                results[path] = run_lighthouse(binary, base + path, preset)
                say(f"  {results[path]['scores']}")
            except Exception as error:  # noqa: BLE001 - report and carry on
                say(f"  lighthouse could not run on {path}: {error}")
                results[path] = {"error": str(error)}
    return results


# -- report -------------------------------------------------------------------------------------
def machine() -> str:
    cores = os.cpu_count()
    try:
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        mem_gib = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        mem_gib = float("nan")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip() if Path(CHROMIUM).exists() else "no chromium"
    return (f"{platform.system()} {platform.machine()}, {cores} cores, {mem_gib:.0f} GiB RAM, "
            f"load average {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}; Python {platform.python_version()}; {chromium}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="docs/guidelines/iim.md", help="page edited for the serve rebuild")
    parser.add_argument("--rounds", type=int, default=3, help="edits timed under mkdocs serve")
    parser.add_argument("--no-build", action="store_true", help="skip the build timings (use site/ as built)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuild timing")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile", help="Lighthouse form factor")
    parser.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    args = parser.parse_args()

    started = dt.datetime.now(dt.UTC)
    say(f"benchmark {started:%Y-%m-%d %H:%M} UTC on {machine()}")
    results: dict = {"date": started.isoformat(timespec="seconds"), "machine": machine()}

    workdir = Path(tempfile.mkdtemp(prefix="site-bench-"))
    site_dir = workdir / "site"
    try:
        if args.no_build:
            site_dir = REPO / "site"
        else:
            results["build"] = measure_builds(site_dir)

        page_md = (REPO / args.page).resolve()
        rel = page_md.relative_to(REPO / "docs").with_suffix("")
        page_url = "" if rel.name == "index" and rel.parent == Path(".") else (
            f"{rel.parent.as_posix()}/" if rel.name == "index" else f"{rel.as_posix()}/")
        if not args.no_serve:
            try:
                results["serve"] = measure_serve_rebuild(page_md, page_url, args.rounds)
            except Exception as error:  # noqa: BLE001
                say(f"serve: could not measure: {error}")

        say("page weight: loading every page in Chromium ...")
        results["weights"] = measure_weights(site_dir)

        pages = discover_pages(site_dir)
        guideline = next((p for p in pages if p == "guidelines/iim/"), None) or next(
            (p for p in pages if p.startswith("guidelines/") and p != "guidelines/"), None)
        calculator = next((p for p in pages if p.startswith("calculators/") and p != "calculators/"), None)
        lh_pages = [p for p in (guideline, calculator) if p]
        if not args.no_lighthouse:
            results["lighthouse"] = measure_lighthouse(
                site_dir, lh_pages, None if args.preset == "mobile" else args.preset)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    # -- tables
    say("")
    say(f"## Results ({results['date']}, {results['machine']})")
    say("")
    say("| measurement | value |")
    say("| --- | --- |")
    if "build" in results:
        say(f"| full strict build, cold | {results['build']['cold_s']:.1f} s |")
        say(f"| full strict build, warm | {results['build']['warm_s']:.1f} s |")
    if "serve" in results:
        rounds = ", ".join(f"{t:.2f}" for t in results["serve"]["rounds_s"])
        say(f"| rebuild after editing `{results['serve']['page']}` under `mkdocs serve` (median of {len(results['serve']['rounds_s'])}) "
            f"| {results['serve']['median_s']:.2f} s ({rounds}) |")
    say("")
    say("| page | requests | raw KB | gzip KB |")
    say("| --- | ---: | ---: | ---: |")
    for row in results["weights"]:
        say(f"| `{row['page']}` | {row['requests']} | {row['raw_kb']:.1f} | {row['gzip_kb']:.1f} |")
    sample = next((row for row in results["weights"] if row["page"] == "guidelines/iim/"), results["weights"][0])
    say("")
    say(f"What `{sample['page']}` loads:")
    say("")
    say("| resource | raw KB | gzip KB |")
    say("| --- | ---: | ---: |")
    for url, raw_kb, gz_kb in sorted(sample["resources"], key=lambda r: -r[2]):
        say(f"| `{url}` | {raw_kb:.1f} | {gz_kb:.1f} |")
    external = sorted({url for row in results["weights"] for url in row["external"]})
    if external:
        say(f"\nWARNING: responses from other hosts: {external}")
    if results.get("lighthouse"):
        say("")
        say(f"| Lighthouse ({args.preset}) | performance | accessibility | best practices | SEO | FCP, LCP, TBT, CLS | not passed (binary audits) |")
        say("| --- | ---: | ---: | ---: | ---: | --- | --- |")
        for path, lh in results["lighthouse"].items():
            if "error" in lh:
                say(f"| `{path}` | could not run | | | | | {lh['error'][:80]} |")
                continue
            s = lh["scores"]
            say(f"| `{path}` | {s.get('performance')} | {s.get('accessibility')} | {s.get('best-practices')} | "
                f"{s.get('seo')} | {', '.join(str(v) for v in lh['metrics'].values())} "
                f"| {', '.join(lh['failing_binary_audits']) or 'none'} |")

    # -- budgets
    say("")
    say("| budget | measured | verdict |")
    say("| --- | --- | --- |")
    if "build" in results:
        cold = results["build"]["cold_s"]
        say(f"| full build under {BUDGET_BUILD_S:.0f} s | {cold:.1f} s cold, {results['build']['warm_s']:.1f} s warm "
            f"| {verdict(cold < BUDGET_BUILD_S)} |")
    for row in results["weights"]:
        if row["page"].startswith("guidelines/"):
            say(f"| `{row['page']}` under {BUDGET_PAGE_GZIP_KB} KB gzip | {row['gzip_kb']:.1f} KB "
                f"| {verdict(row['gzip_kb'] < BUDGET_PAGE_GZIP_KB)} |")
    for path, lh in (results.get("lighthouse") or {}).items():
        if "error" in lh:
            say(f"| Lighthouse `{path}` | could not run | FAIL |")
            continue
        for key, label in (("accessibility", "accessibility"), ("best-practices", "best practices")):
            score = lh["scores"].get(key)
            say(f"| Lighthouse {label} 100, `{path}` | {score} | {verdict(score == 100)} |")
    if not args.no_lighthouse and not results.get("lighthouse"):
        say("| Lighthouse | did not run (see above) | FAIL |")

    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
        say(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
