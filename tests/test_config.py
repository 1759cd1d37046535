"""mkdocs.yml stays well-formed: a repeated key silently replaces the first in YAML."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def test_no_top_level_key_is_repeated():
    keys = re.findall(r"^([A-Za-z_]+):", CONFIG.read_text(encoding="utf-8"), flags=re.M)
    repeated = [key for key, count in Counter(keys).items() if count > 1]
    assert not repeated, f"mkdocs.yml repeats {repeated}: the later one silently wins; merge them"
