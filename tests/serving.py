"""A real `mkdocs serve` for the tests that watch the served site change (tests/test_serve_reload.py,
tests/test_page_examples.py): a free port of the test's own range, and fetching a page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

import pytest


def free_port(ports: range) -> int:
    """A port of ``ports`` nothing listens on (the test is skipped when there is none)."""
    for port in ports:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {ports}")


def fetch(url: str) -> str:
    """The page at ``url``, or '' while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_until(url: str, check, seconds: float, proc: subprocess.Popen) -> float | None:
    """Seconds until the page at ``url`` passes ``check`` (None after ``seconds``); the server must keep running."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        page = fetch(url)
        if page and check(page):
            return time.monotonic() - start
        assert proc.poll() is None, "mkdocs serve stopped"
        time.sleep(0.5)
    return None


def start_serve(project: Path, port: int, log: IO[str]) -> subprocess.Popen:
    """``mkdocs serve`` with live reload in ``project`` (a copy of the tree) on ``port``, its output in ``log``.

    It runs in its own process group: stop it with ``os.killpg(proc.pid, signal.SIGTERM)``.
    """
    from tests.clones import clone_env

    return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
                             "--livereload"], cwd=project, env=clone_env(project), stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
