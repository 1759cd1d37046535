"""Is the tree committed? ``python -m tools.clean_tree publish`` (``make publish``, ``make edition-publish``).

An edition is built from a committed tree. Before, ``make publish`` refused any other tree with one
line, "commit your changes first", also when the only thing in the way was a file git does not track
(the editor trial: a notes file left in docs/ blocked publishing, and nothing said which). This names
every file in the way, says what git sees in it, and what to do with it. Exit 0 when the tree is clean,
2 when it is not.
"""

from __future__ import annotations

import subprocess
import sys

#: git status --porcelain's two letters -> what they mean, and what the editor can do.
UNTRACKED = ("not in git (untracked)",
             "commit it (git add FILE; git commit), delete it, or, if it is yours only, list it in .gitignore")
CHANGED = ("changed and not committed", "commit it (git commit -a), or undo the change (git restore FILE)")
STAGED = ("added or changed, staged but not committed",
          "commit it (git commit), or unstage it (git restore --staged FILE)")


def in_the_way(porcelain: str) -> list[tuple[str, str, str]]:
    """(file, what git sees, what to do) for each line of ``git status --porcelain``."""
    out = []
    for line in porcelain.splitlines():
        if len(line) < 4:
            continue
        code, path = line[:2], line[3:]
        if code == "??":
            seen, todo = UNTRACKED
        elif code[1] != " ":
            seen, todo = CHANGED
        else:
            seen, todo = STAGED
        out.append((path, seen, todo.replace("FILE", path)))
    return out


def report(what: str, porcelain: str) -> str:
    """The message for ``porcelain`` (empty when nothing is in the way), headed by ``what`` refused."""
    files = in_the_way(porcelain)
    if not files:
        return ""
    lines = [f"{what}: the tree has {len(files)} file(s) that are not committed; an edition is built from a "
             "committed tree, so nothing was published:"]
    lines += [f"  {path}: {seen}; {todo}" for path, seen, todo in files]
    lines.append("Then run the command again (git status shows the tree).")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the files in the way to stderr and return 2, or return 0 for a clean tree."""
    what = argv[0] if argv else "publish"
    porcelain = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], capture_output=True,
                               text=True, check=True).stdout
    said = report(what, porcelain)
    if said:
        print(said, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
