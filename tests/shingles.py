"""Ten-word shingles: how the tests check that pages are in the project's own words.

The source texts are not in this repository (and tests never read
/work/shared). What is here is ``tests/data/source_shingles.txt``: a
truncated SHA-256 of every run of :data:`N` consecutive words of the four
sources, made once with ``python -m tests.shingles SOURCE_FILE...``. A page
sharing any run of ten words with a source would match one of them. The
hashes cannot be turned back into the text.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

N = 10
DATA = Path(__file__).resolve().parent / "data" / "source_shingles.txt"


def words(text: str) -> list[str]:
    """Lower-case runs of letters and digits; punctuation and layout are ignored."""
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text: str, n: int = N) -> set[str]:
    w = words(text)
    return {hashlib.sha256(" ".join(w[i:i + n]).encode()).hexdigest()[:16] for i in range(len(w) - n + 1)}


def load() -> set[str]:
    return {line.strip() for line in DATA.read_text().splitlines() if line.strip() and not line.startswith("#")}


if __name__ == "__main__":  # one-off: regenerate from the source files given as arguments
    found: set[str] = set()
    for name in sys.argv[1:]:
        found |= shingles(Path(name).read_text(encoding="utf-8"))
    header = f"# {N}-word shingles of the four source texts, sha256[:16]; see tests/shingles.py\n"
    DATA.write_text(header + "\n".join(sorted(found)) + "\n")
    print(f"{len(found)} shingles written to {DATA}")
