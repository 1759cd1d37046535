"""Write the deployment root's service worker (``sw.js`` beside mike's index.html) into gh-pages.

``make publish`` runs it after mike. Each edition folder carries its own worker (igm_iim_site/offline.py);
this one, at the root, lets the root address and the edition folders open offline too (see
igm_iim_site/offline_root_sw.js). It is committed to the gh-pages branch the way mike commits (git
fast-import through mike's own helper), and only when it changed.

    python -m tools.root_worker [--branch gh-pages]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

from mike import git_utils

WORKER = Path(__file__).resolve().parent.parent / "igm_iim_site" / "offline_root_sw.js"
NAME = "sw.js"


def current(branch: str) -> str | None:
    """The root worker now on ``branch``, or None."""
    proc = subprocess.run(["git", "show", f"{branch}:{NAME}"], capture_output=True, text=True, check=False)
    return proc.stdout if proc.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    """Commit igm_iim_site/offline_root_sw.js as ``sw.js`` at the root of the gh-pages branch (in the cwd's repo)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branch", default="gh-pages")
    args = parser.parse_args(argv)
    text = WORKER.read_text(encoding="utf-8")
    if not git_utils.has_branch(args.branch):
        parser.error(f"no branch {args.branch}: publish an edition first")
    if current(args.branch) == text:
        print(f"{args.branch}: {NAME} at the root is up to date")
        return 0
    with git_utils.Commit(args.branch, f"Root service worker ({NAME}): the root and edition folders offline") as commit:
        commit.add_file(git_utils.FileInfo(NAME, text))
    print(f"{args.branch}: {NAME} written at the root")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
