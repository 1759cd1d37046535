"""`make serve` shows a changed figure without a restart (issue 23, igm_iim_site/reload.py).

A real ``mkdocs serve`` runs in a copy of the working tree; the test changes mycophenolate's
start dose in ``calculators/guidance.py`` (500 -> 750 mg) and waits for the served page to
show the new value. Before the fix the page kept the old dose until a restart: ``mkdocs
serve`` watched only docs/ and mkdocs.yml and kept the first-loaded package.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.clones import change_figure, working_copy
from tests.serving import fetch, free_port, start_serve, wait_until

pytestmark = pytest.mark.slow

#: The ports this test may serve on (one free one is taken).
PORTS = range(8140, 8150)
PAGE = "calculators/regimens/mycophenolate/"
#: Seconds the first build may take on a loaded 2-core machine, and a rebuild after the edit.
FIRST_BUILD_S, REBUILD_S = 600, 180


def wait_for(url: str, text: str, seconds: float, proc: subprocess.Popen) -> float | None:
    return wait_until(url, lambda page: text in page, seconds, proc)


def test_a_changed_figure_shows_in_make_serve_without_a_restart(tmp_path):
    copy = working_copy(tmp_path / "copy")
    port = free_port(PORTS)
    log = (tmp_path / "serve.log").open("w")
    proc = start_serve(copy, port, log)
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        assert wait_for(url, "500 mg twice daily", FIRST_BUILD_S, proc) is not None, \
            (tmp_path / "serve.log").read_text()[-3000:]
        change_figure(copy, "iim.mmf.start", 500, 750)
        seconds = wait_for(url, "750 mg twice daily", REBUILD_S, proc)
        served = (tmp_path / "serve.log").read_text()
        assert seconds is not None, f"the page still shows the old dose after {REBUILD_S} s:\n{served[-3000:]}"
        assert "500 mg twice daily" not in fetch(url)
        assert "calculators and tools reloaded" in served
        print(f"new value served {seconds:.1f} s after the edit")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(30)
        log.close()


def test_the_package_and_tools_are_watched():
    import yaml

    config = yaml.load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert {"calculators", "tools"} <= set(config["watch"])
    assert "hooks" not in config, "the build extensions are the igm-iim plugin's parts"
    from igm_iim_site.plugin import PARTS

    assert PARTS[0].name == "reload", "the reload part must run before any part reads the package"
